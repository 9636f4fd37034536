-- OneDoor foundation: reference data, cases and their timeline, work orders,
-- and the reliability tables (inbox, outbox, idempotency keys).

CREATE TABLE departments (
    code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,31}$'),
    name text NOT NULL,
    name_zh text NOT NULL,
    tier text NOT NULL CHECK (tier IN ('grid', 'community', 'town', 'district'))
);

CREATE TABLE categories (
    code text PRIMARY KEY,
    name text NOT NULL,
    name_zh text NOT NULL,
    department_code text NOT NULL REFERENCES departments (code)
);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number text NOT NULL UNIQUE,
    status text NOT NULL,
    channel text NOT NULL,
    category_code text NOT NULL REFERENCES categories (code),
    petitioner_name text NOT NULL,
    petitioner_phone text NOT NULL,
    facts text NOT NULL,
    demand text NOT NULL,
    location_town text NOT NULL,
    location_community text,
    location_grid text,
    location_address text,
    department_code text REFERENCES departments (code),
    registered_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The timeline: one row per transition, appended and never changed.
CREATE TABLE case_events (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    seq integer NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    actor text NOT NULL,
    reason text,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (case_id, seq)
);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

-- 分流交办: one work order per department per round of handling.
CREATE TABLE work_orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    department_code text NOT NULL REFERENCES departments (code),
    round integer NOT NULL DEFAULT 1,
    dispatched_at timestamptz NOT NULL DEFAULT now(),
    due_at timestamptz NOT NULL,
    received_at timestamptz,
    UNIQUE (case_id, department_code, round)
);

-- A registration retried with the same Idempotency-Key returns the same case.
CREATE TABLE idempotency_keys (
    key text PRIMARY KEY,
    request_hash text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Messages a consumer has processed: a redelivery finds its id here and changes nothing.
CREATE TABLE inbox (
    consumer text NOT NULL,
    message_id text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Messages to publish, written in the same transaction as the change they announce.
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    producer text NOT NULL,
    exchange text NOT NULL,
    routing_key text NOT NULL,
    message_id text NOT NULL UNIQUE,
    message_type text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text
);

CREATE INDEX outbox_unsent ON outbox (producer, id) WHERE sent_at IS NULL;

-- Wakes the producer's relay as soon as a row commits.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onedoor_outbox', NEW.producer);
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify();
