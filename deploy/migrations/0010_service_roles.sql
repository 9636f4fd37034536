-- Least privilege (docs/operations.md): each service connects as its own role,
-- onedoor_<service>, created by deploy/ (or compose's database init); the
-- owner `onedoor` runs migrations and operator commands. Every service reads
-- the record (the case view, the rules); each writes only the tables it owns.
-- Roles that do not exist yet (an external server) are skipped: re-run the
-- grants there after creating them (docs/operations.md).

-- Trigger functions write the derived tables as their owner, whichever service fired them.
ALTER FUNCTION report_facts_from(text[], uuid[], timestamptz[]) SECURITY DEFINER SET search_path = public;
ALTER FUNCTION report_facts_department() SECURITY DEFINER SET search_path = public;

CREATE FUNCTION grant_service_roles() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    grants text[][] := ARRAY[
        -- role, privileges, tables
        ['intake', 'INSERT, UPDATE', 'cases, inbox, outbox'],
        ['intake', 'INSERT', 'case_events, idempotency_keys'],
        ['routing', 'UPDATE', 'cases, clock_pauses, inbox, outbox'],
        ['routing', 'INSERT', 'case_events, work_orders, supervision_records, escalations, inbox, outbox'],
        ['routing', 'UPDATE', 'work_orders'],
        ['department', 'UPDATE', 'cases, work_orders, answers, clock_pauses, inbox, outbox'],
        ['department', 'INSERT', 'case_events, handling_steps, answers, co_reports, escalations, clock_pauses, inbox, outbox'],
        ['review', 'UPDATE', 'cases, review_panels, panel_members, inbox, outbox'],
        ['review', 'INSERT', 'case_events, review_panels, panel_members, inbox, outbox'],
        ['followup', 'UPDATE', 'cases, visits, inbox, outbox'],
        ['followup', 'INSERT', 'case_events, visits, inbox, outbox']
    ];
    service text;
    entry text[];
BEGIN
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'department', 'review', 'followup', 'reports'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), 'onedoor_' || service);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', 'onedoor_' || service);
        IF service <> 'reports' THEN
            EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', 'onedoor_' || service);
        END IF;
    END LOOP;
    FOREACH entry SLICE 1 IN ARRAY grants LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || entry[1]);
        EXECUTE format('GRANT %s ON %s TO %I', entry[2], entry[3], 'onedoor_' || entry[1]);
    END LOOP;
END $$;

SELECT grant_service_roles();
