import Foundation
import Storage

/// Fills a database with a synthetic history for the report and worklist benchmarks: cases
/// spread over the last `years` years across the sample district's places and
/// categories, each with the timeline, work order, answer, visit, and for some
/// a review panel (with its experts) or supervision records, that a real case would
/// have. Most are archived; the most recent are still open, waiting in triage, before a
/// panel or due a visit. Petitioners have Chinese names, phone hashes shared by about
/// three cases each, and Chinese facts drawn from common disputes (what case search
/// finds); 20 clerks registered them. Set-based SQL, in batches; each batch covers the
/// next slice of time, oldest first, so the rows lie on disk in time order as a live
/// system's would.
struct HistoryGenerator {
    let connection: PostgresConnection
    let years: Int

    /// Generates what is missing for `cases` synthetic cases (once per database: drop the
    /// database to generate anew after the generator changes).
    func fill(to cases: Int) throws {
        let present: Int = try connection.execute(
            "SELECT count(*) AS n FROM cases WHERE case_number LIKE 'SYN-%'"
        ).first!.decode("n")
        guard present < cases else { return }
        print("generating \(cases - present) synthetic cases over \(years) years (once per database)")
        try generate(count: cases - present)
    }

    /// Adds `count` cases (numbered after those already generated); prints progress.
    func generate(count: Int, batch: Int = 100_000) throws {
        try prepare()
        let already: Int = try connection.execute(
            "SELECT count(*) AS n FROM cases WHERE case_number LIKE 'SYN-%'"
        ).first!.decode("n")
        var done = 0
        let batches = (count + batch - 1) / batch
        for index in 0..<batches {
            let size = min(batch, count - done)
            let started = Date()
            try connection.transaction {
                try insertBatch(
                    first: already + done + 1, size: size, slice: (index, batches), on: $0)
            }
            done += size
            print(
                String(
                    format: "generated %d of %d cases (%.1f s for this batch)", done, count,
                    Date().timeIntervalSince(started)))
        }
        for table in [
            "cases", "case_events", "work_orders", "answers", "visits", "review_panels", "panel_members",
            "supervision_records",
        ] {
            try connection.execute("ANALYZE \(table)")
        }
    }

    /// Lookup tables of the district's kinds (with the department their rule names) and places.
    func prepare() throws {
        try connection.executeScript(
            """
            DROP TABLE IF EXISTS syn_kinds, syn_places, syn_experts;
            CREATE UNLOGGED TABLE syn_kinds AS
              SELECT row_number() OVER (ORDER BY k.code) AS n, k.code,
                     coalesce(kr.plan, cr.plan) -> 'ladder' -> 0 ->> 'lead' AS department
              FROM categories k
              LEFT JOIN routing_rules kr ON kr.category_code = k.code AND kr.place_code IS NULL
              LEFT JOIN routing_rules cr ON cr.category_code = k.class_code AND cr.place_code IS NULL
              WHERE k.active AND coalesce(kr.plan, cr.plan) ->> 'mode' <> 'judicial';
            CREATE UNLOGGED TABLE syn_places AS
              SELECT row_number() OVER (ORDER BY c.code) AS n, c.town_code, c.code AS community
              FROM communities c WHERE c.active;
            CREATE UNLOGGED TABLE syn_experts AS
              SELECT row_number() OVER (ORDER BY code) AS n, code FROM experts WHERE active;
            """)
    }

    /// `slice`: this batch's share of the years, (index, of how many), oldest first.
    func insertBatch(first: Int, size: Int, slice: (Int, Int), on transaction: PostgresConnection) throws {
        let parameters: [(any PostgresEncodable)?] = [first, first + size - 1, years, slice.0, slice.1]
        // One row per case with every time and outcome drawn at once.
        try transaction.execute(
            """
            CREATE TEMP TABLE syn ON COMMIT DROP AS
            SELECT i, gen_random_uuid() AS id,
                   now() - make_interval(days => 365 * $3)
                     + ($4 + random()) / $5 * make_interval(days => 365 * $3) AS t0,
                   1 + floor(random() * (SELECT count(*) FROM syn_kinds))::int AS kind_n,
                   1 + floor(random() * (SELECT count(*) FROM syn_places))::int AS place_n,
                   (ARRAY['visit','visit','visit','phone','phone','grid','grid','online','referral'])
                     [1 + floor(random() * 9)::int] AS channel,
                   random() < 0.10 AS on_spot,
                   1 + floor(random() * 19)::int AS answer_days,
                   random() AS fate, random() AS mood, random() < 0.03 AS repeat,
                   floor(random() * 15)::int AS place_word, floor(random() * 16)::int AS matter_word,
                   floor(random() * 6)::int AS detail_word, floor(random() * 12)::int AS surname,
                   floor(random() * 24)::int AS given_name, floor(random() * 20)::int AS clerk,
                   random() < 0.05 AS waits_in_triage
            FROM generate_series($1::int, $2::int) i
            """, parameters)
        // Only recent cases still wait in triage; an on-the-spot case never does.
        try transaction.execute(
            "UPDATE syn SET waits_in_triage = false WHERE on_spot OR t0 < now() - interval '60 days'")
        try transaction.executeScript(
            """
            INSERT INTO cases (id, case_number, status, channel, category_code, petitioner_name, petitioner_phone,
                               petitioner_phone_masked, petitioner_phone_hash, facts, demand, location_town,
                               location_community, first_department_code, department_code, registered_at,
                               resolved_on_spot, registered_by)
            SELECT s.id, 'SYN-' || lpad(s.i::text, 8, '0'),
                   CASE WHEN s.waits_in_triage THEN 'triage'
                        WHEN s.t0 + make_interval(days => s.answer_days + 3) < now() THEN 'archived' ELSE 'handling' END,
                   s.channel, k.code,
                   (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴','欧阳','孙'])[1 + s.surname]
                     || (ARRAY['秀英','建国','丽','伟','芳','敏','静','强','磊','军','洋','勇','艳','杰','娟','涛',
                               '明','超','霞','平','桂兰','志强','海燕','玉梅'])[1 + s.given_name],
                   'synthetic', '138****' || lpad((s.i % 10000)::text, 4, '0'), md5('phone-' || (s.i % 333333)),
                   (ARRAY['小区','广场','菜市场','工地','学校门口','楼道','临街商铺','停车场','河道边','村委会',
                          '农贸市场','老旧小区','写字楼','幼儿园旁','街道路口'])[1 + s.place_word]
                     || (ARRAY['噪音扰民','楼上漏水','拖欠工资','占道经营','违章搭建','垃圾堆放','油烟污染',
                               '停车纠纷','邻里纠纷','物业收费争议','土地承包纠纷','征地补偿','交通事故赔偿',
                               '家庭矛盾','路灯损坏','供暖不热'])[1 + s.matter_word]
                     || '，' || (ARRAY['已持续三个月','多次协商未果','影响老人休息','请求尽快处理','夜间尤为严重',
                                      '涉及多户居民'])[1 + s.detail_word] || '。',
                   '请求依法处理并书面答复。', p.town_code, p.community,
                   CASE WHEN NOT s.on_spot AND NOT s.waits_in_triage THEN k.department END,
                   CASE WHEN NOT s.on_spot AND NOT s.waits_in_triage THEN k.department END, s.t0, s.on_spot,
                   'clerk:bench-' || lpad(s.clerk::text, 2, '0')
            FROM syn s JOIN syn_kinds k ON k.n = s.kind_n JOIN syn_places p ON p.n = s.place_n ORDER BY s.t0;

            -- 3 % repeat an earlier generated case of the same batch.
            UPDATE cases c SET repeat_of = e.id
            FROM syn s JOIN syn e ON e.i = s.i - 1 WHERE c.id = s.id AND s.repeat;

            INSERT INTO work_orders (case_id, department_code, round, dispatched_at, due_at, received_at, answered_at)
            SELECT s.id, c.first_department_code, 1, s.t0 + interval '10 minutes', s.t0 + interval '15 days',
                   s.t0 + interval '1 hour',
                   CASE WHEN s.t0 + make_interval(days => s.answer_days) < now()
                        THEN s.t0 + make_interval(days => s.answer_days) END
            FROM syn s JOIN cases c ON c.id = s.id WHERE NOT s.on_spot AND NOT s.waits_in_triage ORDER BY s.t0;

            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, actor, answered_at,
                                 sign_off, sign_off_channel, signed_at)
            SELECT w.case_id, w.id, w.department_code, 'resolved', 'Synthetic answer.', 'synthetic', w.answered_at,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN
                        CASE WHEN s.fate < 0.05 THEN 'disputed' ELSE 'accepted' END END,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN 'window' END,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN w.answered_at + interval '1 day' END
            FROM work_orders w JOIN syn s ON s.id = w.case_id WHERE w.answered_at IS NOT NULL ORDER BY w.answered_at;

            -- A panel concludes six days after it formed; a younger one still awaits opinions.
            INSERT INTO review_panels (case_id, answer_id, applied_at, conclusion, concluded_at)
            SELECT a.case_id, a.id, a.signed_at + interval '1 day',
                   CASE WHEN a.signed_at + interval '6 days' < now() THEN 'upheld' END,
                   CASE WHEN a.signed_at + interval '6 days' < now() THEN a.signed_at + interval '6 days' END
            FROM answers a JOIN syn s ON s.id = a.case_id WHERE a.sign_off = 'disputed';
            -- Five experts each, consecutive in the pool from a place drawn by the case.
            INSERT INTO panel_members (panel_id, expert_code, verdict, reasonable, lawful, reasons, voted_at)
            SELECT p.id, e.code, CASE WHEN p.concluded_at IS NOT NULL THEN 'uphold' END,
                   CASE WHEN p.concluded_at IS NOT NULL THEN true END, CASE WHEN p.concluded_at IS NOT NULL THEN true END,
                   CASE WHEN p.concluded_at IS NOT NULL THEN 'Synthetic opinion.' END, p.concluded_at
            FROM review_panels p JOIN syn s ON s.id = p.case_id
            CROSS JOIN generate_series(0, 4) AS seat
            JOIN syn_experts e ON e.n = 1 + (s.place_word + s.given_name + seat) % (SELECT count(*) FROM syn_experts);

            INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at, issued_at)
            SELECT w.case_id, w.id, w.department_code, l.level, w.due_at, w.due_at + l.after
            FROM work_orders w JOIN syn s ON s.id = w.case_id
            CROSS JOIN (VALUES ('notice', interval '0'), ('flagged', interval '3 days')) AS l (level, after)
            WHERE coalesce(w.answered_at, now()) > w.due_at + l.after;

            -- The timeline: each step at its time, only those already past.
            INSERT INTO case_events (case_id, seq, action, from_status, to_status, actor, occurred_at)
            SELECT id, row_number() OVER (PARTITION BY id ORDER BY at), action, NULL, status, 'synthetic', at
            FROM (
              SELECT s.id, s.t0 AS at, CASE WHEN s.on_spot THEN 'register_resolved_on_spot' ELSE 'register' END AS action,
                     CASE WHEN s.on_spot THEN 'follow_up' ELSE 'registered' END AS status FROM syn s
              UNION ALL SELECT s.id, s.t0 + interval '1 minute', 'send_to_triage', 'triage' FROM syn s WHERE s.waits_in_triage
              UNION ALL SELECT s.id, s.t0 + interval '10 minutes', 'dispatch', 'dispatched' FROM syn s
                WHERE NOT s.on_spot AND NOT s.waits_in_triage
              UNION ALL SELECT s.id, s.t0 + interval '1 hour', 'receive', 'handling' FROM syn s
                WHERE NOT s.on_spot AND NOT s.waits_in_triage
              UNION ALL SELECT a.case_id, a.answered_at, 'answer', 'answered' FROM answers a JOIN syn s ON s.id = a.case_id
              UNION ALL SELECT a.case_id, a.signed_at, CASE WHEN a.sign_off = 'disputed' THEN 'dispute' ELSE 'accept' END,
                     CASE WHEN a.sign_off = 'disputed' THEN 'disputed' ELSE 'follow_up' END
                     FROM answers a JOIN syn s ON s.id = a.case_id WHERE a.signed_at IS NOT NULL
              UNION ALL SELECT p.case_id, p.applied_at, 'open_review', 'under_review' FROM review_panels p JOIN syn s ON s.id = p.case_id
              UNION ALL SELECT p.case_id, p.concluded_at, 'uphold_answer', 'follow_up' FROM review_panels p JOIN syn s ON s.id = p.case_id
                WHERE p.concluded_at IS NOT NULL
            ) steps WHERE at < now() ORDER BY at;

            -- 回访 and 归档 two days after the case reached follow-up.
            INSERT INTO visits (case_id, round, scheduled_at, method, satisfaction, actor, visited_at)
            SELECT e.case_id, 1, e.occurred_at, 'phone',
                   CASE WHEN s.mood < 0.90 THEN 'satisfied' WHEN s.mood < 0.97 THEN 'basically_satisfied'
                        ELSE 'unsatisfied' END, 'synthetic', e.occurred_at + interval '2 days'
            FROM case_events e JOIN syn s ON s.id = e.case_id
            WHERE e.to_status = 'follow_up' AND e.occurred_at + interval '2 days' < now() ORDER BY e.occurred_at;
            -- Reached follow-up less than two days ago: the visit is on the list, not yet made.
            INSERT INTO visits (case_id, round, scheduled_at)
            SELECT e.case_id, 1, e.occurred_at
            FROM case_events e JOIN syn s ON s.id = e.case_id
            WHERE e.to_status = 'follow_up' AND e.occurred_at + interval '2 days' >= now() ORDER BY e.occurred_at;
            INSERT INTO case_events (case_id, seq, action, from_status, to_status, actor, occurred_at)
            SELECT v.case_id, (SELECT max(seq) + 1 FROM case_events WHERE case_id = v.case_id), 'archive',
                   'follow_up', 'archived', 'synthetic', v.visited_at
            FROM visits v JOIN syn s ON s.id = v.case_id WHERE v.satisfaction <> 'unsatisfied' ORDER BY v.visited_at;
            """)
    }
}
