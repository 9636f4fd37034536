-- 当事人: the parties of a dispute beyond its first petitioner (whose data stays on the case row).
-- A collective petition (集体访, 联名信) has the number of people it is brought for and up to five
-- representatives; any case may have other parties (对方当事人: persons or organisations, as
-- respondent or third party) and the amount involved (涉及金额, yuan). A person's phone is sealed
-- with the identity key (v1:…) and kept masked beside it, the ID number only as a keyed hash,
-- as the petitioner's (migration 0009).
ALTER TABLE cases ADD COLUMN collective_people integer CHECK (collective_people BETWEEN 2 AND 100000);
ALTER TABLE cases ADD COLUMN amount_involved numeric(14, 2) CHECK (amount_involved >= 0);

CREATE TABLE case_parties (
    case_id uuid NOT NULL REFERENCES cases (id),
    position smallint NOT NULL CHECK (position > 0),
    side text NOT NULL CHECK (side IN ('petitioner', 'other')),
    kind text NOT NULL CHECK (kind IN ('person', 'organisation')),
    role text NOT NULL CHECK (role IN ('representative', 'respondent', 'third_party')),
    name text NOT NULL,
    phone text CHECK (phone LIKE 'v1:%'),
    phone_masked text,
    phone_hash text,
    id_hash text,
    PRIMARY KEY (case_id, position),
    CHECK ((side = 'petitioner') = (role = 'representative')),
    CHECK (kind = 'person' OR id_hash IS NULL)
);
-- 重复信访 finds a petitioner among the other representatives too.
CREATE INDEX case_parties_petitioner_phone ON case_parties (phone_hash) WHERE side = 'petitioner';
CREATE INDEX case_parties_petitioner_id ON case_parties (id_hash) WHERE side = 'petitioner';

CREATE OR REPLACE FUNCTION grant_case_party_roles() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    service text;
BEGIN
    -- Every service reads the record; intake writes it with the case.
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'department', 'review', 'followup', 'reports', 'notifier'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON case_parties TO %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_intake') THEN
        GRANT INSERT ON case_parties TO onedoor_intake;
    END IF;
END $$;

SELECT grant_case_party_roles();
