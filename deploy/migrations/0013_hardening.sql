-- Hardening after the system was attacked from outside (docs/operations.md,
-- "Personal data at rest"; docs/messaging.md, "Duplicates and senders").

-- 签收 is the petitioner's word written down by someone: who recorded it.
ALTER TABLE answers ADD COLUMN sign_off_recorded_by text;

-- The inbox is keyed by sender as well: one department reusing another's
-- message id must not have its message dropped as a duplicate. The body's hash
-- tells a redelivery (same body) from a reused id (another body).
ALTER TABLE inbox ADD COLUMN sender text NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN body_hash text;
ALTER TABLE inbox DROP CONSTRAINT inbox_pkey;
ALTER TABLE inbox ADD PRIMARY KEY (consumer, sender, message_id);
CREATE INDEX inbox_processed ON inbox (processed_at);

-- Personal data in outbox bodies is sealed by the writer and opened only by
-- the relay at publish time. Rows written before this migration held it in
-- clear: the sent ones are needed by nobody and go now; unsent ones are
-- published as they are (and deleted by the retention job once sent).
ALTER TABLE outbox ADD COLUMN sealed boolean NOT NULL DEFAULT false;
DELETE FROM outbox WHERE sent_at IS NOT NULL AND message_type = 'work-order';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Each service sees and changes only its own outbox rows (the owner, which
-- runs migrations and operator commands, is not subject to the policy).
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY outbox_own_rows ON outbox
    USING (producer = regexp_replace(current_user, '^onedoor_', ''))
    WITH CHECK (producer = regexp_replace(current_user, '^onedoor_', ''));

-- Which departments the department service consumes for: `onedoor`, or
-- `own-system` for a department whose own system reads its queue.
ALTER TABLE departments ADD COLUMN handled_by text NOT NULL DEFAULT 'onedoor'
    CHECK (handled_by IN ('onedoor', 'own-system'));

-- The grants of 0010 plus the retention job's deletes; reports reads neither
-- the outbox nor the inbox.
CREATE OR REPLACE FUNCTION grant_service_roles() RETURNS void LANGUAGE plpgsql AS $$
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
            EXECUTE format('GRANT DELETE ON inbox, outbox TO %I', 'onedoor_' || service);
        ELSE
            EXECUTE format('REVOKE SELECT ON inbox, outbox FROM %I', 'onedoor_' || service);
        END IF;
    END LOOP;
    FOREACH entry SLICE 1 IN ARRAY grants LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || entry[1]);
        EXECUTE format('GRANT %s ON %s TO %I', entry[2], entry[3], 'onedoor_' || entry[1]);
    END LOOP;
END $$;

SELECT grant_service_roles();
