-- 督办: deadline supervision of open work orders. One record per work order and
-- level; the unique key makes each exactly once, however many routing replicas run.
CREATE TABLE supervision_records (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    work_order_id uuid NOT NULL REFERENCES work_orders (id),
    department_code text NOT NULL REFERENCES departments (code),
    level text NOT NULL CHECK (level IN ('reminder', 'notice', 'flagged')),
    due_at timestamptz NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (work_order_id, level)
);

CREATE INDEX supervision_records_department ON supervision_records (department_code, issued_at);
CREATE INDEX work_orders_open ON work_orders (due_at) WHERE answered_at IS NULL;
