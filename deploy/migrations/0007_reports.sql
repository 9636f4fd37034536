-- Reports (docs/reports.md). Every figure counts dated facts: one row per
-- countable event, written by triggers in the same transaction as the event,
-- carrying the case's dimensions as they were then. A report reads one index
-- range of this table, with no joins, so a past period never changes and a
-- month over a million cases takes milliseconds.

-- The department a case was first dispatched to: fixed then, so a report by
-- department never moves when the case is escalated later.
ALTER TABLE cases ADD COLUMN first_department_code text REFERENCES departments (code);
UPDATE cases c SET first_department_code = w.department_code
FROM work_orders w WHERE w.case_id = c.id AND w.round = 1 AND w.role = 'lead';

CREATE TABLE report_facts (
    occurred_at timestamptz NOT NULL,
    measure text NOT NULL,
    case_id uuid NOT NULL,
    town text NOT NULL,
    community text,
    channel text NOT NULL,
    category text NOT NULL,
    class text,
    department text,
    repeat boolean NOT NULL
);
CREATE INDEX report_facts_time ON report_facts (occurred_at);
CREATE INDEX report_facts_case ON report_facts (case_id);

-- The facts of events on `rows` (case_id, measure, occurred_at), with the case's dimensions.
CREATE FUNCTION report_facts_from(measures text[], case_ids uuid[], times timestamptz[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department,
                              repeat)
    SELECT f.occurred_at, f.measure, c.id, c.location_town, c.location_community, c.channel, c.category_code,
           k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
    FROM unnest(measures, case_ids, times) AS f (measure, case_id, occurred_at)
    JOIN cases c ON c.id = f.case_id LEFT JOIN categories k ON k.code = c.category_code
$$;

CREATE FUNCTION report_facts_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_facts_from(array_agg(CASE e.action
                WHEN 'register' THEN 'received' WHEN 'register_resolved_on_spot' THEN 'received_on_spot'
                WHEN 'archive' THEN 'resolved' WHEN 'redirect_to_judicial' THEN 'redirected'
                WHEN 'send_to_triage' THEN 'triaged' WHEN 'dispute' THEN 'disputed' ELSE 'escalated' END),
            array_agg(e.case_id), array_agg(e.occurred_at))
    FROM inserted e
    WHERE e.action IN ('register', 'register_resolved_on_spot', 'archive', 'redirect_to_judicial', 'send_to_triage',
                       'dispute', 'escalate');
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_events AFTER INSERT ON case_events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_events();

CREATE FUNCTION report_facts_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_facts_from(array_agg(CASE WHEN a.answered_at <= w.due_at THEN 'answered_on_time'
                                            ELSE 'answered_late' END),
                              array_agg(a.case_id), array_agg(a.answered_at))
    FROM inserted a JOIN work_orders w ON w.id = a.work_order_id;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_answers AFTER INSERT ON answers REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_answers();

-- A visit counts when it is made (inserted made, or a scheduled one updated).
CREATE FUNCTION report_facts_visits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_facts_from(array_agg(CASE WHEN v.satisfaction IN ('satisfied', 'basically_satisfied')
                                                THEN 'visit_satisfied' ELSE 'visit_unsatisfied' END),
                                  array_agg(v.case_id), array_agg(v.visited_at))
        FROM inserted v WHERE v.visited_at IS NOT NULL;
    ELSE
        PERFORM report_facts_from(array_agg(CASE WHEN v.satisfaction IN ('satisfied', 'basically_satisfied')
                                                THEN 'visit_satisfied' ELSE 'visit_unsatisfied' END),
                                  array_agg(v.case_id), array_agg(v.visited_at))
        FROM inserted v JOIN before b ON b.id = v.id WHERE v.visited_at IS NOT NULL AND b.visited_at IS NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_visits_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_visits();
CREATE TRIGGER report_facts_visits_update AFTER UPDATE ON visits REFERENCING OLD TABLE AS before NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_visits();

CREATE FUNCTION report_facts_panels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_facts_from(array_agg('review_applied'::text), array_agg(p.case_id), array_agg(p.applied_at))
        FROM inserted p;
        PERFORM report_facts_from(array_agg('review_' || p.conclusion), array_agg(p.case_id),
                                  array_agg(p.concluded_at))
        FROM inserted p WHERE p.concluded_at IS NOT NULL;
    ELSE
        PERFORM report_facts_from(array_agg('review_' || p.conclusion), array_agg(p.case_id),
                                  array_agg(p.concluded_at))
        FROM inserted p JOIN before b ON b.id = p.id WHERE p.concluded_at IS NOT NULL AND b.concluded_at IS NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_panels_insert AFTER INSERT ON review_panels REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_panels();
CREATE TRIGGER report_facts_panels_update AFTER UPDATE ON review_panels
    REFERENCING OLD TABLE AS before NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION report_facts_panels();

CREATE FUNCTION report_facts_supervision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_facts_from(array_agg('supervision_' || s.level), array_agg(s.case_id), array_agg(s.issued_at))
    FROM inserted s WHERE s.level IN ('notice', 'flagged');
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_supervision AFTER INSERT ON supervision_records REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_supervision();

-- The first dispatch fixes a case's department: its facts so far (its registration) take it too.
CREATE FUNCTION report_facts_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE report_facts f SET department = c.first_department_code
    FROM inserted c JOIN before b ON b.id = c.id
    WHERE f.case_id = c.id AND b.first_department_code IS NULL AND c.first_department_code IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_department AFTER UPDATE ON cases REFERENCING OLD TABLE AS before NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION report_facts_department();

-- The facts of what happened before this migration.
SELECT report_facts_from(array_agg(CASE e.action
            WHEN 'register' THEN 'received' WHEN 'register_resolved_on_spot' THEN 'received_on_spot'
            WHEN 'archive' THEN 'resolved' WHEN 'redirect_to_judicial' THEN 'redirected'
            WHEN 'send_to_triage' THEN 'triaged' WHEN 'dispute' THEN 'disputed' ELSE 'escalated' END),
        array_agg(e.case_id), array_agg(e.occurred_at))
FROM case_events e WHERE e.action IN ('register', 'register_resolved_on_spot', 'archive', 'redirect_to_judicial',
                                      'send_to_triage', 'dispute', 'escalate');
SELECT report_facts_from(array_agg(CASE WHEN a.answered_at <= w.due_at THEN 'answered_on_time' ELSE 'answered_late' END),
                         array_agg(a.case_id), array_agg(a.answered_at))
FROM answers a JOIN work_orders w ON w.id = a.work_order_id;
SELECT report_facts_from(array_agg(CASE WHEN v.satisfaction IN ('satisfied', 'basically_satisfied')
                                       THEN 'visit_satisfied' ELSE 'visit_unsatisfied' END),
                         array_agg(v.case_id), array_agg(v.visited_at))
FROM visits v WHERE v.visited_at IS NOT NULL;
SELECT report_facts_from(array_agg('review_applied'::text), array_agg(p.case_id), array_agg(p.applied_at)) FROM review_panels p;
SELECT report_facts_from(array_agg('review_' || p.conclusion), array_agg(p.case_id), array_agg(p.concluded_at))
FROM review_panels p WHERE p.concluded_at IS NOT NULL;
SELECT report_facts_from(array_agg('supervision_' || s.level), array_agg(s.case_id), array_agg(s.issued_at))
FROM supervision_records s WHERE s.level IN ('notice', 'flagged');

-- Department performance reads work orders and supervision records by time.
CREATE INDEX supervision_records_issued_at ON supervision_records (issued_at);
CREATE INDEX work_orders_dispatched_at ON work_orders (dispatched_at);
CREATE INDEX work_orders_answered_at ON work_orders (answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX work_orders_due_at ON work_orders (due_at);
