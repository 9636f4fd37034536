-- Everyone's worklist and case search (issue #15; docs/http-api.md, worklists and search).

-- Who registered a case (the registering staff member's actor), for a clerk's
-- "registered today". Older cases take it from their first timeline row.
ALTER TABLE cases ADD COLUMN registered_by text;
UPDATE cases c SET registered_by = e.actor FROM case_events e WHERE e.case_id = c.id AND e.seq = 1;
CREATE INDEX cases_registered_by ON cases (registered_by, registered_at, id) WHERE registered_by IS NOT NULL;

-- Search results and the triage list, newest (or oldest) first, a page at a time by keyset.
CREATE INDEX cases_newest ON cases (registered_at, id);
CREATE INDEX cases_triage ON cases (registered_at, id) WHERE status = 'triage';

-- 回访: the visits due, oldest first.
CREATE INDEX visits_due ON visits (scheduled_at, id) WHERE visited_at IS NULL;

-- 专家评审: an expert's panels, those awaiting the opinion and those given, latest first.
CREATE INDEX panel_members_awaiting ON panel_members (expert_code, panel_id) WHERE verdict IS NULL;
CREATE INDEX panel_members_given ON panel_members (expert_code, voted_at, panel_id) WHERE verdict IS NOT NULL;

-- Chinese text is searched by any substring of two or more characters. PostgreSQL's text
-- search does not segment Chinese, and pg_trgm cannot use its index for a two-character
-- pattern (a trigram needs three), so each text is indexed by the set of its character
-- pairs (bigrams): a query's pairs must all be present (GIN, `@>`), then the rows found are
-- checked for the whole substring. docs/http-api.md, case search, says more.
CREATE FUNCTION onedoor_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
    FROM generate_series(1, char_length(t) - 1) AS i
$$;

CREATE INDEX cases_text_bigrams ON cases USING gin (onedoor_bigrams(facts || E'\n' || demand));
CREATE INDEX cases_name_bigrams ON cases USING gin (onedoor_bigrams(petitioner_name));
