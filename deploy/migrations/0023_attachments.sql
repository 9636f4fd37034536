-- 证据材料: files attached to a case (photos, scans, PDFs) and the photo links grid events
-- carry. A file's bytes live in the attachment store (a volume, content-addressed by their
-- SHA-256); here is what they are, who added them and when. A link (from a grid event) has
-- its URL and no bytes. Removing is a mark, never a delete, and is refused once the case is
-- archived (the trigger below holds even against a direct UPDATE). Downloads are audited.
CREATE TABLE attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    source text NOT NULL CHECK (source IN ('upload', 'grid_photo', 'grid_attachment')),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type text NOT NULL,
    sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint CHECK (size_bytes > 0),
    url text CHECK (url ~ '^https?://'),
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    removed_by text,
    removed_at timestamptz,
    CHECK ((source = 'upload') = (sha256 IS NOT NULL AND size_bytes IS NOT NULL AND url IS NULL)),
    CHECK ((removed_by IS NULL) = (removed_at IS NULL))
);
CREATE INDEX attachments_case ON attachments (case_id, added_at);

CREATE FUNCTION attachments_kept_when_archived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'attachments are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (SELECT status FROM cases WHERE id = OLD.case_id) = 'archived' THEN
        RAISE EXCEPTION 'the case is archived: its attachments are kept' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER attachments_kept_when_archived BEFORE UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION attachments_kept_when_archived();

CREATE TABLE attachment_downloads (
    id bigserial PRIMARY KEY,
    attachment_id uuid NOT NULL REFERENCES attachments (id),
    actor text NOT NULL,
    client text NOT NULL,
    downloaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_downloads_attachment ON attachment_downloads (attachment_id);
CREATE INDEX attachment_downloads_at ON attachment_downloads (downloaded_at);

DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['routing', 'department', 'review', 'followup', 'reports', 'notifier'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_' || service);
        EXECUTE format('GRANT SELECT ON attachments TO %I', 'onedoor_' || service);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_intake') THEN
        GRANT SELECT, INSERT ON attachments, attachment_downloads TO onedoor_intake;
        GRANT UPDATE (removed_by, removed_at) ON attachments TO onedoor_intake;
        GRANT USAGE ON SEQUENCE attachment_downloads_id_seq TO onedoor_intake;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'onedoor_accounts') THEN
        GRANT SELECT ON attachments, attachment_downloads TO onedoor_accounts;
    END IF;
END $$;
