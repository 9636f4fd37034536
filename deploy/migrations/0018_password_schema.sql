-- The password hashes move to a schema of their own, `credentials`, that only the accounts
-- service may use. A grant over the public schema (grant_service_roles() re-run by an
-- operator, or a future migration's "GRANT SELECT ON ALL TABLES IN SCHEMA public") can then
-- no longer reach them.
CREATE SCHEMA credentials;
ALTER TABLE staff_passwords SET SCHEMA credentials;
REVOKE ALL ON SCHEMA credentials FROM PUBLIC;

CREATE OR REPLACE FUNCTION grant_accounts_role() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['intake', 'routing', 'department', 'review', 'followup', 'reports'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON staff_accounts, staff_sessions, staff_api_keys TO %I', 'onedoor_' || service);
        EXECUTE format('REVOKE ALL ON credentials.staff_passwords FROM %I', 'onedoor_' || service);
        EXECUTE format('REVOKE ALL ON SCHEMA credentials FROM %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_accounts') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO onedoor_accounts', current_database());
        GRANT USAGE ON SCHEMA public, credentials TO onedoor_accounts;
        GRANT SELECT ON departments, experts, towns TO onedoor_accounts;
        GRANT SELECT, INSERT, UPDATE ON staff_accounts, credentials.staff_passwords, staff_sessions, staff_api_keys
            TO onedoor_accounts;
        GRANT DELETE ON staff_sessions TO onedoor_accounts;
    END IF;
END $$;

SELECT grant_accounts_role();
