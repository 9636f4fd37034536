-- The petitioner's side (docs/notifications.md): what they are told by SMS, the query code
-- of the status page, and the one-time codes that confirm what they do there.

-- 语言 and 免打扰: the petitioner's language for messages, and whether they asked at the
-- window to be sent nothing but what the law requires.
ALTER TABLE cases
    ADD COLUMN petitioner_language text NOT NULL DEFAULT 'zh-CN' CHECK (petitioner_language IN ('zh-CN', 'en')),
    ADD COLUMN sms_opt_out boolean NOT NULL DEFAULT false;

-- 查询码: made at registration, printed on the receipt and sent by SMS. Kept as a salted
-- hash for the status page, and sealed (ONEDOOR_IDENTITY_KEY) for the notifier to send.
CREATE TABLE case_query_codes (
    case_id uuid PRIMARY KEY REFERENCES cases (id),
    code_hash text NOT NULL,
    code_sealed text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- 通知记录: one message to the petitioner per (event, moment). Its parameters carry no personal
-- data (the case number, a department's name, dates); a code is kept sealed; the phone is read
-- from the case, sealed, when it is sent.
CREATE TABLE notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    source_message_id text NOT NULL,
    moment text NOT NULL,
    template text NOT NULL,
    language text NOT NULL,
    parameters jsonb NOT NULL DEFAULT '{}',
    sealed_parameters text,
    -- sent even when the petitioner opted out (the law requires it)
    required boolean NOT NULL,
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'delivered', 'failed', 'skipped')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    provider_reference text,
    created_at timestamptz NOT NULL DEFAULT now(),
    accepted_at timestamptz,
    delivered_at timestamptz,
    failed_at timestamptz,
    UNIQUE (source_message_id, moment)
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_case ON notifications (case_id, created_at);
CREATE INDEX notifications_failed ON notifications (failed_at DESC) WHERE status = 'failed';

-- 验证码: a one-time code confirming one action of the petitioner online; the notifier makes
-- and sends it, the status page checks it (salted hash, short-lived, single use).
CREATE TABLE one_time_codes (
    id uuid PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    purpose text NOT NULL CHECK (purpose IN ('sign_off', 'review', 'contest')),
    code_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX one_time_codes_case ON one_time_codes (case_id, purpose, created_at DESC);

-- 案件动态: every service that moves a case announces the step (case.step.<action>) through the
-- outbox under the shared producer `case-steps`, and every relay may publish those rows. They
-- carry no personal data, so the row-level policy that keeps each service to its own rows
-- (migration 0013) lets every service see these.
CREATE POLICY outbox_case_steps ON outbox
    USING (producer = 'case-steps')
    WITH CHECK (producer = 'case-steps');

CREATE OR REPLACE FUNCTION grant_petitioner_side_roles() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    service text;
BEGIN
    -- Every service reads the record: the new tables too, but never the codes.
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'department', 'review', 'followup', 'reports'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON notifications TO %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_intake') THEN
        GRANT INSERT ON case_query_codes TO onedoor_intake;
        GRANT SELECT ON case_query_codes TO onedoor_intake;
    END IF;
    -- 通知: reads what it tells of, opens the phone and the codes, writes its records.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_notifier') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO onedoor_notifier', current_database());
        GRANT USAGE ON SCHEMA public TO onedoor_notifier;
        GRANT SELECT ON cases, case_events, work_orders, departments, answers, review_panels, panel_members,
            visits, case_query_codes, towns TO onedoor_notifier;
        GRANT SELECT, INSERT, UPDATE ON notifications, one_time_codes TO onedoor_notifier;
        -- Its staff API takes sessions and API keys like every service's (never the passwords).
        GRANT SELECT ON staff_accounts, staff_sessions, staff_api_keys TO onedoor_notifier;
        GRANT SELECT, INSERT, UPDATE, DELETE ON inbox TO onedoor_notifier;
        GRANT SELECT, UPDATE, DELETE ON outbox TO onedoor_notifier;
    END IF;
    -- 查询页: the petitioner's own steps (sign-off, review application, contest), with the same
    -- rules as at the window; it never reads a phone in clear (it holds no identity key).
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_public') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO onedoor_public', current_database());
        GRANT USAGE ON SCHEMA public TO onedoor_public;
        GRANT SELECT ON cases, case_events, work_orders, departments, answers, review_panels, panel_members,
            visits, experts, towns, case_query_codes, one_time_codes, categories TO onedoor_public;
        GRANT UPDATE ON cases, answers, one_time_codes TO onedoor_public;
        GRANT INSERT ON case_events, review_panels, panel_members TO onedoor_public;
        GRANT SELECT, INSERT, UPDATE, DELETE ON outbox TO onedoor_public;
        GRANT SELECT, UPDATE, DELETE ON inbox TO onedoor_public;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO onedoor_public;
    END IF;
END $$;

SELECT grant_petitioner_side_roles();
