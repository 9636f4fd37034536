-- The case view reads each section of one case by case_id. Measured with the 1,000,000-case
-- history (deploy/bench-workbench): answers, supervision records and review panels had no index
-- leading with case_id, so every case view scanned them (answers: 890,000 rows), about 65 ms a
-- view. The other sections' tables get theirs before they grow.
CREATE INDEX answers_case ON answers (case_id, answered_at);
CREATE INDEX supervision_records_case ON supervision_records (case_id, issued_at);
CREATE INDEX review_panels_case ON review_panels (case_id, applied_at);
CREATE INDEX handling_steps_case ON handling_steps (case_id, id);
CREATE INDEX co_reports_case ON co_reports (case_id);
CREATE INDEX clock_pauses_case ON clock_pauses (case_id, id);
