-- Reports (docs/reports.md) gain the record of a dispute: 人次 (the people a petition is brought
-- for: a collective petition's number, else one), the parties involved (those people and the
-- other parties), the amount involved, collective petitions, mediation agreements written and
-- oral, and judicial confirmations. Like every figure they are dated facts, written by triggers
-- in the transaction that records what they count, with the case's dimensions: a closed period
-- never changes. A fact that counts more than one carries its quantity.
ALTER TABLE report_facts ADD COLUMN quantity numeric(16, 2) NOT NULL DEFAULT 1;

-- The facts of a registration: its people, the collective petition, the amount.
CREATE FUNCTION report_facts_registration() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO report_facts (occurred_at, measure, quantity, case_id, town, community, channel, category, class,
                              department, repeat)
    SELECT NEW.occurred_at, f.measure, f.quantity, c.id, c.location_town, c.location_community, c.channel,
           c.category_code, k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
    FROM cases c LEFT JOIN categories k ON k.code = c.category_code
    CROSS JOIN LATERAL (VALUES
        ('people', coalesce(c.collective_people, 1)::numeric),
        ('collective', CASE WHEN c.collective_people IS NOT NULL THEN 1 END),
        ('amount', c.amount_involved)) AS f (measure, quantity)
    WHERE c.id = NEW.case_id AND f.quantity IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_registration AFTER INSERT ON case_events FOR EACH ROW
    WHEN (NEW.action IN ('register', 'register_resolved_on_spot'))
    EXECUTE FUNCTION report_facts_registration();

-- Each other party (对方当事人), dated with its case's registration.
CREATE FUNCTION report_facts_other_party() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department,
                              repeat)
    SELECT c.registered_at, 'other_party', c.id, c.location_town, c.location_community, c.channel, c.category_code,
           k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
    FROM cases c LEFT JOIN categories k ON k.code = c.category_code
    WHERE c.id = NEW.case_id;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_other_party AFTER INSERT ON case_parties FOR EACH ROW
    WHEN (NEW.side = 'other') EXECUTE FUNCTION report_facts_other_party();

-- Each agreement (agreement_written, agreement_oral), dated when it was recorded.
CREATE FUNCTION report_facts_agreement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department,
                              repeat)
    SELECT NEW.recorded_at, 'agreement_' || NEW.form, c.id, c.location_town, c.location_community, c.channel,
           c.category_code, k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
    FROM cases c LEFT JOIN categories k ON k.code = c.category_code
    WHERE c.id = NEW.case_id;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_agreement AFTER INSERT ON mediation_agreements FOR EACH ROW
    EXECUTE FUNCTION report_facts_agreement();

-- The court's decision (judicial_confirmed, judicial_refused), dated when it was recorded.
CREATE FUNCTION report_facts_judicial() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department,
                              repeat)
    SELECT NEW.decided_at, 'judicial_' || NEW.decision, c.id, c.location_town, c.location_community, c.channel,
           c.category_code, k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
    FROM mediation_agreements a JOIN cases c ON c.id = a.case_id LEFT JOIN categories k ON k.code = c.category_code
    WHERE a.id = NEW.agreement_id;
    RETURN NULL;
END $$;
CREATE TRIGGER report_facts_judicial AFTER UPDATE OF decision ON judicial_confirmations FOR EACH ROW
    WHEN (OLD.decision IS NULL AND NEW.decision IS NOT NULL) EXECUTE FUNCTION report_facts_judicial();

-- The facts of what is already recorded, dated as they happened.
INSERT INTO report_facts (occurred_at, measure, quantity, case_id, town, community, channel, category, class,
                          department, repeat)
SELECT e.occurred_at, f.measure, f.quantity, c.id, c.location_town, c.location_community, c.channel, c.category_code,
       k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
FROM case_events e JOIN cases c ON c.id = e.case_id LEFT JOIN categories k ON k.code = c.category_code
CROSS JOIN LATERAL (VALUES
    ('people', coalesce(c.collective_people, 1)::numeric),
    ('collective', CASE WHEN c.collective_people IS NOT NULL THEN 1 END),
    ('amount', c.amount_involved)) AS f (measure, quantity)
WHERE e.action IN ('register', 'register_resolved_on_spot') AND f.quantity IS NOT NULL;
INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department, repeat)
SELECT c.registered_at, 'other_party', c.id, c.location_town, c.location_community, c.channel, c.category_code,
       k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
FROM case_parties p JOIN cases c ON c.id = p.case_id LEFT JOIN categories k ON k.code = c.category_code
WHERE p.side = 'other';
INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department, repeat)
SELECT a.recorded_at, 'agreement_' || a.form, c.id, c.location_town, c.location_community, c.channel, c.category_code,
       k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
FROM mediation_agreements a JOIN cases c ON c.id = a.case_id LEFT JOIN categories k ON k.code = c.category_code;
INSERT INTO report_facts (occurred_at, measure, case_id, town, community, channel, category, class, department, repeat)
SELECT j.decided_at, 'judicial_' || j.decision, c.id, c.location_town, c.location_community, c.channel,
       c.category_code, k.class_code, c.first_department_code, c.repeat_of IS NOT NULL
FROM judicial_confirmations j JOIN mediation_agreements a ON a.id = j.agreement_id JOIN cases c ON c.id = a.case_id
LEFT JOIN categories k ON k.code = c.category_code
WHERE j.decision IS NOT NULL;
