-- 调解协议 and 司法确认: the agreement a mediation reached — written (书面) or oral (口头) — with
-- its terms, the day, and each party's confirmation (parties: [{name, side, confirmation}]);
-- a written one may be sent to the court department for judicial confirmation, whose decision
-- (confirmed / refused) is recorded once. An answer that resolves the demand by mediation
-- names its agreement.
CREATE TABLE mediation_agreements (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    form text NOT NULL CHECK (form IN ('written', 'oral')),
    mediation text CHECK (mediation IN ('people', 'administrative', 'judicial', 'industry')),
    terms text NOT NULL,
    concluded_on date NOT NULL,
    parties jsonb NOT NULL CHECK (jsonb_typeof(parties) = 'array'),
    department_code text NOT NULL REFERENCES departments (code),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX mediation_agreements_case ON mediation_agreements (case_id, recorded_at);
CREATE INDEX mediation_agreements_recorded ON mediation_agreements (recorded_at);

CREATE TABLE judicial_confirmations (
    agreement_id uuid PRIMARY KEY REFERENCES mediation_agreements (id),
    court_code text NOT NULL REFERENCES departments (code),
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    decision text CHECK (decision IN ('confirmed', 'refused')),
    reason text,
    decided_by text,
    decided_at timestamptz,
    CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL))
);
CREATE INDEX judicial_confirmations_pending ON judicial_confirmations (court_code, requested_at)
    WHERE decision IS NULL;
CREATE INDEX judicial_confirmations_decided ON judicial_confirmations (decided_at) WHERE decision IS NOT NULL;

ALTER TABLE answers ADD COLUMN agreement_id uuid REFERENCES mediation_agreements (id);

DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'review', 'followup', 'reports', 'notifier', 'accounts', 'public'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON mediation_agreements, judicial_confirmations TO %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_department') THEN
        GRANT SELECT, INSERT ON mediation_agreements, judicial_confirmations TO onedoor_department;
        GRANT UPDATE (decision, reason, decided_by, decided_at) ON judicial_confirmations TO onedoor_department;
    END IF;
END $$;
