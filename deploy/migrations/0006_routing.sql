-- Routing in depth (docs/routing.md): reference data applied from a YAML file
-- (deploy/reference/), rules by category and place, tiers and escalation, joint
-- handling, clock pauses and repeat petitions.

-- Every applied reference file, in full: what the rules were on any day is on record.
CREATE TABLE reference_versions (
    version serial PRIMARY KEY,
    sha256 text NOT NULL,
    source text NOT NULL,
    content text NOT NULL,
    summary text NOT NULL,
    applied_by text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- The administrative tree: district → towns/streets (镇街) → communities/villages (村/社区) → grids.
CREATE TABLE towns (
    code text PRIMARY KEY,
    name text NOT NULL,
    name_zh text NOT NULL,
    active boolean NOT NULL DEFAULT true
);

CREATE TABLE communities (
    code text PRIMARY KEY,
    town_code text NOT NULL REFERENCES towns (code),
    name text NOT NULL,
    name_zh text NOT NULL,
    active boolean NOT NULL DEFAULT true
);

INSERT INTO towns (code, name, name_zh) VALUES
    ('kenli-street', 'Kenli street', '垦利街道'), ('xiawa', 'Xiawa town', '下洼镇');
INSERT INTO communities (code, town_code, name, name_zh) VALUES
    ('xingfu', 'kenli-street', 'Xingfu community', '幸福社区'),
    ('donggang', 'kenli-street', 'Donggang community', '东港社区'),
    ('beiguan', 'xiawa', 'Beiguan village', '北关村'),
    ('nanguan', 'xiawa', 'Nanguan village', '南关村');
ALTER TABLE grids ADD COLUMN active boolean NOT NULL DEFAULT true,
    ADD FOREIGN KEY (community_code) REFERENCES communities (code),
    ADD FOREIGN KEY (town_code) REFERENCES towns (code);

-- Departments serve the whole district or one town (司法所, 派出所, community committees).
ALTER TABLE departments ADD COLUMN town_code text REFERENCES towns (code),
    ADD COLUMN active boolean NOT NULL DEFAULT true;

-- Categories: classes (e.g. 14) and their kinds (e.g. 80). Rules, not the category, pick the department.
CREATE TABLE category_classes (
    code text PRIMARY KEY,
    name text NOT NULL,
    name_zh text NOT NULL,
    active boolean NOT NULL DEFAULT true
);
ALTER TABLE categories ADD COLUMN class_code text REFERENCES category_classes (code),
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    DROP COLUMN department_code;

-- 分流规则: category (kind or class) × place (town, community or grid; NULL = anywhere) → mode and tier ladder.
CREATE TABLE routing_rules (
    id serial PRIMARY KEY,
    category_code text NOT NULL,
    place_code text,
    plan jsonb NOT NULL,
    reference_version integer NOT NULL REFERENCES reference_versions (version),
    UNIQUE NULLS NOT DISTINCT (category_code, place_code)
);

-- What routing decided for the case, copied from the rule at dispatch so a later
-- reference change never moves a live case.
ALTER TABLE cases ADD COLUMN routing_plan jsonb,
    ADD COLUMN tier text CHECK (tier IN ('grid', 'community', 'town', 'district')),
    ADD COLUMN ladder_step integer,
    -- 重复信访: the earlier case of the same petitioner and category; keyed hashes, never the numbers.
    ADD COLUMN repeat_of uuid REFERENCES cases (id),
    ADD COLUMN petitioner_id_hash text,
    ADD COLUMN petitioner_phone_hash text;
CREATE INDEX cases_petitioner_id_hash ON cases (petitioner_id_hash, category_code, registered_at)
    WHERE petitioner_id_hash IS NOT NULL;
CREATE INDEX cases_petitioner_phone_hash ON cases (petitioner_phone_hash, category_code, registered_at)
    WHERE petitioner_phone_hash IS NOT NULL;

-- 联办: the lead and its co-handlers each get a work order; escalation closes the open ones.
ALTER TABLE work_orders ADD COLUMN role text NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'co')),
    ADD COLUMN tier text,
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN close_reason text;
DROP INDEX work_orders_open;
CREATE INDEX work_orders_open ON work_orders (due_at) WHERE answered_at IS NULL AND closed_at IS NULL;

-- 协办意见: a co-handler's report to the lead.
CREATE TABLE co_reports (
    work_order_id uuid PRIMARY KEY REFERENCES work_orders (id),
    case_id uuid NOT NULL REFERENCES cases (id),
    department_code text NOT NULL REFERENCES departments (code),
    text text NOT NULL,
    actor text NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now()
);

-- 吹哨报到: each move up a tier, on request or by rule when overdue.
CREATE TABLE escalations (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    from_tier text NOT NULL,
    to_tier text NOT NULL,
    to_step integer NOT NULL,
    trigger text NOT NULL CHECK (trigger IN ('request', 'overdue')),
    reason text NOT NULL,
    actor text NOT NULL,
    escalated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, to_step)
);

-- 停表: the clock stops while the case waits on the petitioner or an expert opinion.
CREATE TABLE clock_pauses (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    waiting_on text NOT NULL CHECK (waiting_on IN ('petitioner', 'expert_review')),
    reason text NOT NULL,
    actor text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    resumed_by text
);
CREATE UNIQUE INDEX clock_pauses_one_open ON clock_pauses (case_id) WHERE ended_at IS NULL;
