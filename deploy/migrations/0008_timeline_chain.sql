-- 全程可追溯, tamper-evident: each timeline row carries the hash of the one
-- before it (per case) and its own, SHA-256 over the previous hash and the
-- row's canonical JSON. Changing, removing or reordering a row breaks the
-- chain from there on; `onedoor-admin timeline verify` finds the first broken link.

ALTER TABLE case_events ADD COLUMN prev_hash text, ADD COLUMN hash text;

-- The canonical text of a row: a JSON array, so no field can run into another.
CREATE FUNCTION case_event_digest(prev text, e case_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(coalesce(prev, '') || jsonb_build_array(
        e.case_id::text, e.seq, e.action, e.from_status, e.to_status, e.actor, e.reason,
        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION case_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Callers hold the case's row lock, so the previous row is settled.
    SELECT hash INTO NEW.prev_hash FROM case_events
    WHERE case_id = NEW.case_id AND seq < NEW.seq ORDER BY seq DESC LIMIT 1;
    NEW.hash := case_event_digest(NEW.prev_hash, NEW);
    RETURN NEW;
END $$;

-- Chain what is already there: rank k of every case in one statement, k = 1, 2, ...
CREATE TEMP TABLE chain_rank ON COMMIT DROP AS
    SELECT id, case_id, row_number() OVER (PARTITION BY case_id ORDER BY seq) AS k FROM case_events;
CREATE INDEX ON chain_rank (k);
ALTER TABLE case_events DISABLE TRIGGER case_events_append_only;
DO $$
DECLARE
    level bigint := 1;
BEGIN
    LOOP
        UPDATE case_events e
        SET prev_hash = p.hash, hash = case_event_digest(p.hash, e)
        FROM chain_rank r
        LEFT JOIN chain_rank pr ON pr.case_id = r.case_id AND pr.k = r.k - 1
        LEFT JOIN case_events p ON p.id = pr.id
        WHERE r.k = level AND e.id = r.id;
        EXIT WHEN NOT FOUND;
        level := level + 1;
    END LOOP;
END $$;
ALTER TABLE case_events ENABLE TRIGGER case_events_append_only;

CREATE TRIGGER case_events_chain BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_chain();
