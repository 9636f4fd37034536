-- Staff accounts (docs/access.md): each person's login, name, role and scope. The password
-- hash and the lockout counters are apart (staff_passwords), readable by the accounts service
-- alone; sessions and API keys are kept as the SHA-256 of their secret, so the table never
-- holds anything that signs in.

CREATE TABLE staff_accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role text NOT NULL CHECK (role IN ('clerk', 'dispatcher', 'department', 'expert', 'followup', 'supervisor',
                                       'admin')),
    department_code text REFERENCES departments (code),
    expert_code text REFERENCES experts (code),
    -- A town-level centre's clerk, dispatcher, follow-up caller or supervisor sees that town only.
    town_code text REFERENCES towns (code),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    CHECK ((role = 'department') = (department_code IS NOT NULL)),
    CHECK ((role = 'expert') = (expert_code IS NOT NULL)),
    CHECK (town_code IS NULL OR role IN ('clerk', 'dispatcher', 'followup', 'supervisor'))
);

CREATE TABLE staff_passwords (
    account_id uuid PRIMARY KEY REFERENCES staff_accounts (id),
    hash text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    failed_attempts int NOT NULL DEFAULT 0,
    locked_until timestamptz
);

CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES staff_accounts (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at timestamptz
);
CREATE INDEX staff_sessions_open ON staff_sessions (account_id) WHERE ended_at IS NULL;

CREATE TABLE staff_api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES staff_accounts (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    revoked_at timestamptz
);

-- The accounts service owns these tables; every service reads accounts, sessions and keys to
-- check its callers, and no other service reads passwords.
CREATE OR REPLACE FUNCTION grant_accounts_role() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'department', 'review', 'followup', 'reports'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON staff_accounts, staff_sessions, staff_api_keys TO %I', 'onedoor_' || service);
        EXECUTE format('REVOKE ALL ON staff_passwords FROM %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_accounts') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO onedoor_accounts', current_database());
        GRANT USAGE ON SCHEMA public TO onedoor_accounts;
        GRANT SELECT ON departments, experts, towns TO onedoor_accounts;
        GRANT SELECT, INSERT, UPDATE ON staff_accounts, staff_passwords, staff_sessions, staff_api_keys
            TO onedoor_accounts;
        GRANT DELETE ON staff_sessions TO onedoor_accounts;
    END IF;
END $$;

SELECT grant_accounts_role();
