-- The whole case loop: handling steps, answers and sign-off, expert review,
-- follow-up visits (docs/lifecycle.md).

ALTER TABLE cases ADD COLUMN resolved_on_spot boolean NOT NULL DEFAULT false;
ALTER TABLE work_orders ADD COLUMN answered_at timestamptz;

-- 办理: what the department did, with the kind of mediation used.
CREATE TABLE handling_steps (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    work_order_id uuid NOT NULL REFERENCES work_orders (id),
    mediation text CHECK (mediation IN ('people', 'administrative', 'judicial', 'industry')),
    note text NOT NULL,
    actor text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- 结果反馈: the written answer of one round, and the petitioner's sign-off of it.
CREATE TABLE answers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    work_order_id uuid NOT NULL UNIQUE REFERENCES work_orders (id),
    department_code text NOT NULL REFERENCES departments (code),
    outcome text NOT NULL CHECK (outcome IN ('resolved', 'partly_resolved', 'not_supported', 'judicial_channel')),
    text text NOT NULL,
    reasons text,
    actor text NOT NULL,
    answered_at timestamptz NOT NULL DEFAULT now(),
    sign_off text CHECK (sign_off IN ('accepted', 'disputed')),
    sign_off_channel text CHECK (sign_off_channel IN ('window', 'phone', 'sms', 'online', 'in_person')),
    signed_at timestamptz,
    CHECK ((sign_off IS NULL) = (signed_at IS NULL))
);

-- 评审专家: pools per town, and the city pool (town_code NULL).
CREATE TABLE experts (
    code text PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('npc_deputy', 'cppcc_member', 'party_representative', 'legal_adviser',
                                       'department_head')),
    town_code text,
    -- A department head may not review their own department's answer.
    department_code text REFERENCES departments (code),
    active boolean NOT NULL DEFAULT true
);

-- 专家评审: one panel per disputed answer.
CREATE TABLE review_panels (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    answer_id uuid NOT NULL UNIQUE REFERENCES answers (id),
    applied_at timestamptz NOT NULL DEFAULT now(),
    conclusion text CHECK (conclusion IN ('upheld', 'revised')),
    concluded_at timestamptz
);

CREATE TABLE panel_members (
    panel_id uuid NOT NULL REFERENCES review_panels (id),
    expert_code text NOT NULL REFERENCES experts (code),
    verdict text CHECK (verdict IN ('uphold', 'revise')),
    reasonable boolean,
    lawful boolean,
    reasons text,
    voted_at timestamptz,
    PRIMARY KEY (panel_id, expert_code)
);

-- 回访: one visit per follow-up round; unsatisfied sends the case back.
CREATE TABLE visits (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES cases (id),
    round integer NOT NULL,
    scheduled_at timestamptz NOT NULL DEFAULT now(),
    method text CHECK (method IN ('phone', 'sms', 'face_to_face')),
    satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
    handling_comment text,
    conduct_comment text,
    actor text,
    visited_at timestamptz,
    UNIQUE (case_id, round)
);

-- The sample district's expert pools: two towns and the city pool.
INSERT INTO experts (code, name, role, town_code, department_code) VALUES
    ('kl-01', 'Liu Jianguo', 'npc_deputy', 'kenli-street', NULL),
    ('kl-02', 'Zhao Min', 'cppcc_member', 'kenli-street', NULL),
    ('kl-03', 'Sun Hui', 'party_representative', 'kenli-street', NULL),
    ('kl-04', 'Qian Lei', 'legal_adviser', 'kenli-street', NULL),
    ('kl-05', 'Zhou Ping', 'department_head', 'kenli-street', 'urban'),
    ('kl-06', 'Wu Fang', 'npc_deputy', 'kenli-street', NULL),
    ('xw-01', 'Zheng Qiang', 'npc_deputy', 'xiawa', NULL),
    ('xw-02', 'Wang Li', 'legal_adviser', 'xiawa', NULL),
    ('xw-03', 'Feng Jun', 'department_head', 'xiawa', 'labour'),
    ('city-01', 'Chen Guang', 'legal_adviser', NULL, NULL),
    ('city-02', 'Chu Yan', 'cppcc_member', NULL, NULL),
    ('city-03', 'Wei Dong', 'department_head', NULL, 'housing'),
    ('city-04', 'Jiang Tao', 'party_representative', NULL, NULL);
INSERT INTO experts (code, name, role, town_code, department_code, active) VALUES
    ('city-05', 'Han Bo', 'legal_adviser', NULL, NULL, false);
