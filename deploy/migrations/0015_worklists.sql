-- 我的待办: a department's work orders, soonest due first (open) or latest answered first,
-- read a page at a time by keyset (docs/http-api.md, worklists).
CREATE INDEX work_orders_department_open ON work_orders (department_code, due_at, id)
    WHERE answered_at IS NULL AND closed_at IS NULL;
CREATE INDEX work_orders_department_answered ON work_orders (department_code, answered_at DESC, id)
    WHERE answered_at IS NOT NULL;
