import Foundation
import Storage

/// Fills a database with a synthetic history for the report benchmark: cases
/// spread over the last `years` years across the sample district's places and
/// categories, each with the timeline, work order, answer, visit, and for some
/// a review panel or supervision records, that a real case would have. Most
/// are archived; the most recent are still open. Set-based SQL, in batches;
/// each batch covers the next slice of time, oldest first, so the rows lie on
/// disk in time order as a live system's would.
struct HistoryGenerator {
    let connection: PostgresConnection
    let years: Int

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
            "cases", "case_events", "work_orders", "answers", "visits", "review_panels",
            "supervision_records",
        ] {
            try connection.execute("ANALYZE \(table)")
        }
    }

    /// Lookup tables of the district's kinds (with the department their rule names) and places.
    func prepare() throws {
        try connection.executeScript(
            """
            DROP TABLE IF EXISTS syn_kinds, syn_places;
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
                   random() AS fate, random() AS mood, random() < 0.03 AS repeat
            FROM generate_series($1::int, $2::int) i
            """, parameters)
        try transaction.executeScript(
            """
            INSERT INTO cases (id, case_number, status, channel, category_code, petitioner_name, petitioner_phone,
                               petitioner_phone_masked, facts, demand, location_town, location_community, first_department_code,
                               department_code, registered_at, resolved_on_spot)
            SELECT s.id, 'SYN-' || lpad(s.i::text, 8, '0'),
                   CASE WHEN s.t0 + make_interval(days => s.answer_days + 3) < now() THEN 'archived' ELSE 'handling' END,
                   s.channel, k.code, '样本', 'synthetic', '***', 'Synthetic case.', 'Synthetic demand.',
                   p.town_code, p.community, CASE WHEN NOT s.on_spot THEN k.department END,
                   CASE WHEN NOT s.on_spot THEN k.department END, s.t0, s.on_spot
            FROM syn s JOIN syn_kinds k ON k.n = s.kind_n JOIN syn_places p ON p.n = s.place_n ORDER BY s.t0;

            -- 3 % repeat an earlier generated case of the same batch.
            UPDATE cases c SET repeat_of = e.id
            FROM syn s JOIN syn e ON e.i = s.i - 1 WHERE c.id = s.id AND s.repeat;

            INSERT INTO work_orders (case_id, department_code, round, dispatched_at, due_at, received_at, answered_at)
            SELECT s.id, c.first_department_code, 1, s.t0 + interval '10 minutes', s.t0 + interval '15 days',
                   s.t0 + interval '1 hour',
                   CASE WHEN s.t0 + make_interval(days => s.answer_days) < now()
                        THEN s.t0 + make_interval(days => s.answer_days) END
            FROM syn s JOIN cases c ON c.id = s.id WHERE NOT s.on_spot ORDER BY s.t0;

            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, actor, answered_at,
                                 sign_off, sign_off_channel, signed_at)
            SELECT w.case_id, w.id, w.department_code, 'resolved', 'Synthetic answer.', 'synthetic', w.answered_at,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN
                        CASE WHEN s.fate < 0.05 THEN 'disputed' ELSE 'accepted' END END,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN 'window' END,
                   CASE WHEN w.answered_at + interval '1 day' < now() THEN w.answered_at + interval '1 day' END
            FROM work_orders w JOIN syn s ON s.id = w.case_id WHERE w.answered_at IS NOT NULL ORDER BY w.answered_at;

            INSERT INTO review_panels (case_id, answer_id, applied_at, conclusion, concluded_at)
            SELECT a.case_id, a.id, a.signed_at + interval '1 day', 'upheld', a.signed_at + interval '6 days'
            FROM answers a JOIN syn s ON s.id = a.case_id WHERE a.sign_off = 'disputed';

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
              UNION ALL SELECT s.id, s.t0 + interval '10 minutes', 'dispatch', 'dispatched' FROM syn s WHERE NOT s.on_spot
              UNION ALL SELECT s.id, s.t0 + interval '1 hour', 'receive', 'handling' FROM syn s WHERE NOT s.on_spot
              UNION ALL SELECT a.case_id, a.answered_at, 'answer', 'answered' FROM answers a JOIN syn s ON s.id = a.case_id
              UNION ALL SELECT a.case_id, a.signed_at, CASE WHEN a.sign_off = 'disputed' THEN 'dispute' ELSE 'accept' END,
                     CASE WHEN a.sign_off = 'disputed' THEN 'disputed' ELSE 'follow_up' END
                     FROM answers a JOIN syn s ON s.id = a.case_id WHERE a.signed_at IS NOT NULL
              UNION ALL SELECT p.case_id, p.applied_at, 'open_review', 'under_review' FROM review_panels p JOIN syn s ON s.id = p.case_id
              UNION ALL SELECT p.case_id, p.concluded_at, 'uphold_answer', 'follow_up' FROM review_panels p JOIN syn s ON s.id = p.case_id
            ) steps WHERE at < now() ORDER BY at;

            -- 回访 and 归档 two days after the case reached follow-up.
            INSERT INTO visits (case_id, round, scheduled_at, method, satisfaction, actor, visited_at)
            SELECT e.case_id, 1, e.occurred_at, 'phone',
                   CASE WHEN s.mood < 0.90 THEN 'satisfied' WHEN s.mood < 0.97 THEN 'basically_satisfied'
                        ELSE 'unsatisfied' END, 'synthetic', e.occurred_at + interval '2 days'
            FROM case_events e JOIN syn s ON s.id = e.case_id
            WHERE e.to_status = 'follow_up' AND e.occurred_at + interval '2 days' < now() ORDER BY e.occurred_at;
            INSERT INTO case_events (case_id, seq, action, from_status, to_status, actor, occurred_at)
            SELECT v.case_id, (SELECT max(seq) + 1 FROM case_events WHERE case_id = v.case_id), 'archive',
                   'follow_up', 'archived', 'synthetic', v.visited_at
            FROM visits v JOIN syn s ON s.id = v.case_id WHERE v.satisfaction <> 'unsatisfied' ORDER BY v.visited_at;
            """)
    }
}
