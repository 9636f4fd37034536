-- The workbench reads the reference data's names for its pages (places, categories,
-- departments, experts, the versions applied) and nothing else: every case, worklist and
-- action goes through the services' HTTP API with the signed-in person's session.
CREATE OR REPLACE FUNCTION grant_workbench_role() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_workbench') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO onedoor_workbench', current_database());
        GRANT USAGE ON SCHEMA public TO onedoor_workbench;
        GRANT SELECT ON towns, communities, grids, category_classes, categories, departments, experts,
            reference_versions TO onedoor_workbench;
    END IF;
END $$;

SELECT grant_workbench_role();
