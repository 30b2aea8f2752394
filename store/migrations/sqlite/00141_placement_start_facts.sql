-- +goose Up
-- The placement figures count the placements that start in the period by
-- what held for the candidate on the start date: his benefit (bijstand or
-- none), his residence, his age, an indication banenafspraak or beschut,
-- a status-holder indication, and the contract hours then in force. Looked
-- up per placement that is six index searches for each placement; at scale
-- 100 (92.500 placements in a half year) 0,65–0,77 s a period on SQLite,
-- twice in every report (the period and the year before).
-- placement_start_facts keeps those facts per placement; the figures of a
-- period are then one range of an index (0,14 s).
--
-- placement_start_facts_computed is the definition, the join the figures
-- made (the same conditions, the same rows: none for a placement without a
-- residence or a bijstand/nug benefit on its start date). The facts are
-- stored raw (minutes, age as jjjjmmdd difference, 0/1 flags), not as the
-- figures' classes: the limits stay in Go (werkpad.HoursClassLimitMinutes,
-- YouthAgeBelow, SeniorAgeFrom). The triggers below keep the table equal to
-- the view for every write whatever its path (screens, imports, bundle
-- restore, demo load, retention): a written placement or its terms compute
-- that placement again; a written benefit period, residence, indication of
-- one of the kinds, or birth date computes the candidate's placements
-- again. store.CheckPlacementStartFacts compares the two.
CREATE VIEW placement_start_facts_computed AS
SELECT p.id AS placement_id, p.candidate_id AS candidate_id, p.start_date AS start_date, r.value AS municipality, b.kind AS benefit_kind,
    COALESCE((SELECT t.contract_minutes_per_week FROM placement_terms t WHERE t.placement_id = p.id AND t.from_date <= p.start_date
        ORDER BY t.from_date DESC LIMIT 1), p.contract_minutes_per_week) AS contract_minutes,
    CAST(replace(p.start_date, '-', '') AS INTEGER) - CAST(replace(c.birth_date, '-', '') AS INTEGER) AS age_ymd,
    CASE WHEN EXISTS (SELECT 1 FROM indications i WHERE i.candidate_id = p.candidate_id AND i.kind IN ('banenafspraak', 'beschut')
        AND i.from_date <= p.start_date AND (i.to_date IS NULL OR i.to_date >= p.start_date)) THEN 1 ELSE 0 END AS work_disability,
    CASE WHEN EXISTS (SELECT 1 FROM indications i WHERE i.candidate_id = p.candidate_id AND i.kind IN ('statushouder')
        AND i.from_date <= p.start_date AND (i.to_date IS NULL OR i.to_date >= p.start_date)) THEN 1 ELSE 0 END AS status_holder
FROM placements p
JOIN candidates c ON c.id = p.candidate_id
JOIN benefit_periods b ON b.candidate_id = p.candidate_id AND b.kind IN ('bijstand', 'nug')
    AND b.from_date <= p.start_date AND (b.to_date IS NULL OR b.to_date >= p.start_date)
JOIN candidate_history r ON r.candidate_id = p.candidate_id AND r.attribute = 'gemeente'
    AND r.from_date <= p.start_date AND (r.to_date IS NULL OR r.to_date >= p.start_date);

CREATE TABLE placement_start_facts (
    placement_id     INTEGER NOT NULL,
    candidate_id     INTEGER NOT NULL,
    start_date       TEXT NOT NULL,
    municipality     TEXT NOT NULL,
    benefit_kind     TEXT NOT NULL,
    contract_minutes INTEGER,
    age_ymd          INTEGER,
    work_disability  INTEGER NOT NULL,
    status_holder    INTEGER NOT NULL
);
INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed;
CREATE INDEX placement_start_facts_placement ON placement_start_facts (placement_id);
CREATE INDEX placement_start_facts_candidate ON placement_start_facts (candidate_id);
-- Covering: the figures of a period (the region, or chosen municipalities)
-- read one of these indexes alone.
CREATE INDEX placement_start_facts_day ON placement_start_facts (start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder, candidate_id, placement_id);
CREATE INDEX placement_start_facts_municipality ON placement_start_facts (municipality, start_date, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder, candidate_id, placement_id);

-- +goose StatementBegin
CREATE TRIGGER placement_facts_insert AFTER INSERT ON placements BEGIN
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE placement_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_update AFTER UPDATE OF id, candidate_id, start_date, contract_minutes_per_week ON placements BEGIN
    DELETE FROM placement_start_facts WHERE placement_id = OLD.id;
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE placement_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_delete AFTER DELETE ON placements BEGIN
    DELETE FROM placement_start_facts WHERE placement_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_terms_insert AFTER INSERT ON placement_terms BEGIN
    DELETE FROM placement_start_facts WHERE placement_id = NEW.placement_id;
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE placement_id = NEW.placement_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_terms_update AFTER UPDATE ON placement_terms BEGIN
    DELETE FROM placement_start_facts WHERE placement_id IN (OLD.placement_id, NEW.placement_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE placement_id IN (OLD.placement_id, NEW.placement_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_terms_delete AFTER DELETE ON placement_terms BEGIN
    DELETE FROM placement_start_facts WHERE placement_id = OLD.placement_id;
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE placement_id = OLD.placement_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_benefits_insert AFTER INSERT ON benefit_periods WHEN NEW.kind IN ('bijstand', 'nug') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_benefits_update AFTER UPDATE ON benefit_periods WHEN NEW.kind IN ('bijstand', 'nug') OR OLD.kind IN ('bijstand', 'nug') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_benefits_delete AFTER DELETE ON benefit_periods WHEN OLD.kind IN ('bijstand', 'nug') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_indications_insert AFTER INSERT ON indications WHEN NEW.kind IN ('banenafspraak', 'beschut', 'statushouder') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_indications_update AFTER UPDATE ON indications WHEN NEW.kind IN ('banenafspraak', 'beschut', 'statushouder') OR OLD.kind IN ('banenafspraak', 'beschut', 'statushouder') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_indications_delete AFTER DELETE ON indications WHEN OLD.kind IN ('banenafspraak', 'beschut', 'statushouder') BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_residence_insert AFTER INSERT ON candidate_history WHEN NEW.attribute = 'gemeente' BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_residence_update AFTER UPDATE ON candidate_history WHEN NEW.attribute = 'gemeente' OR OLD.attribute = 'gemeente' BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_residence_delete AFTER DELETE ON candidate_history WHEN OLD.attribute = 'gemeente' BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.candidate_id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.candidate_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placement_facts_birth_update AFTER UPDATE OF id, birth_date ON candidates WHEN NEW.id <> OLD.id OR NEW.birth_date IS NOT OLD.birth_date BEGIN
    DELETE FROM placement_start_facts WHERE candidate_id IN (OLD.id, NEW.id);
    INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
    SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed WHERE candidate_id IN (OLD.id, NEW.id);
END;
-- +goose StatementEnd
ANALYZE placement_start_facts;
-- As in 00137: no statistics of an empty table (a new database), which
-- would make the planner believe it stays empty; ANALYZE sqlite_schema
-- makes this connection read the statistics again.
DELETE FROM sqlite_stat1 WHERE stat = '0' OR stat LIKE '0 %';
ANALYZE sqlite_schema;

-- +goose Down
DROP TRIGGER placement_facts_birth_update;
DROP TRIGGER placement_facts_residence_delete;
DROP TRIGGER placement_facts_residence_update;
DROP TRIGGER placement_facts_residence_insert;
DROP TRIGGER placement_facts_indications_delete;
DROP TRIGGER placement_facts_indications_update;
DROP TRIGGER placement_facts_indications_insert;
DROP TRIGGER placement_facts_benefits_delete;
DROP TRIGGER placement_facts_benefits_update;
DROP TRIGGER placement_facts_benefits_insert;
DROP TRIGGER placement_facts_terms_delete;
DROP TRIGGER placement_facts_terms_update;
DROP TRIGGER placement_facts_terms_insert;
DROP TRIGGER placement_facts_delete;
DROP TRIGGER placement_facts_update;
DROP TRIGGER placement_facts_insert;
DROP TABLE placement_start_facts;
DROP VIEW placement_start_facts_computed;
