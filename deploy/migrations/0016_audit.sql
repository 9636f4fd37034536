-- The audit of people's access (docs/access.md): every reveal of a petitioner's contact, with
-- its reason, and every read of a case by a person. Intake writes them; the accounts service
-- reads them for an admin and forgets reads after ONEDOOR_READ_AUDIT_DAYS.
CREATE TABLE personal_data_reveals (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    actor text NOT NULL,
    reason text NOT NULL,
    client text NOT NULL,
    revealed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personal_data_reveals_case ON personal_data_reveals (case_id, revealed_at);
CREATE INDEX personal_data_reveals_at ON personal_data_reveals (revealed_at);

CREATE TABLE case_reads (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    actor text NOT NULL,
    client text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_reads_case ON case_reads (case_id, read_at);
CREATE INDEX case_reads_at ON case_reads (read_at);

DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['routing', 'department', 'review', 'followup', 'reports'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON personal_data_reveals, case_reads TO %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_intake') THEN
        GRANT SELECT, INSERT ON personal_data_reveals, case_reads TO onedoor_intake;
        GRANT USAGE ON SEQUENCE personal_data_reveals_id_seq, case_reads_id_seq TO onedoor_intake;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_accounts') THEN
        GRANT SELECT ON personal_data_reveals, case_reads, cases TO onedoor_accounts;
        GRANT DELETE ON case_reads TO onedoor_accounts;
    END IF;
END $$;
