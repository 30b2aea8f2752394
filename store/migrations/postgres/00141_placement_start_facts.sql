-- +goose Up
-- The placement figures count the placements that start in the period by
-- what held for the candidate on the start date: his benefit (bijstand or
-- none), his residence, his age, an indication banenafspraak or beschut,
-- a status-holder indication, and the contract hours then in force. Looked
-- up per placement that is six index searches for each placement, twice
-- in every report (the period and the year before).
-- placement_start_facts keeps those facts per placement; the figures of a
-- period are then one range of an index.
--
-- placement_start_facts_computed is the definition, the join the figures
-- made (the same conditions, the same rows: none for a placement without a
-- residence or a bijstand/nug benefit on its start date). The facts are
-- stored raw (minutes, age as jjjjmmdd difference, 0/1 flags), not as the
-- figures' classes: the limits stay in Go. The triggers below keep the
-- table equal to the view for every write whatever its path, per
-- statement (a bulk insert does its rows at once): the candidates whose
-- placements, terms, bijstand/nug benefit periods, residences,
-- indications of those kinds or birth date a statement wrote get their
-- placements' facts computed again. store.CheckPlacementStartFacts
-- compares the two.
CREATE VIEW placement_start_facts_computed AS
SELECT p.id AS placement_id, p.candidate_id AS candidate_id, p.start_date AS start_date, r.value AS municipality, b.kind AS benefit_kind,
    COALESCE((SELECT t.contract_minutes_per_week FROM placement_terms t WHERE t.placement_id = p.id AND t.from_date <= p.start_date
        ORDER BY t.from_date DESC LIMIT 1), p.contract_minutes_per_week) AS contract_minutes,
    CAST(to_char(p.start_date, 'YYYYMMDD') AS INTEGER) - CAST(to_char(c.birth_date, 'YYYYMMDD') AS INTEGER) AS age_ymd,
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
    placement_id     BIGINT NOT NULL,
    candidate_id     BIGINT NOT NULL,
    start_date       DATE NOT NULL,
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
CREATE INDEX placement_start_facts_day ON placement_start_facts (start_date)
    INCLUDE (municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder, candidate_id, placement_id);
CREATE INDEX placement_start_facts_municipality ON placement_start_facts (municipality, start_date)
    INCLUDE (benefit_kind, contract_minutes, age_ymd, work_disability, status_holder, candidate_id, placement_id);

-- +goose StatementBegin
-- The facts of the placements of candidates ids, computed again. Through
-- EXECUTE: planned each time, for the tables as they are then (see 00137).
-- Only candidates with a placement can have facts, so the view is asked
-- for those alone: a load writes benefits, residences and indications of
-- thousands of candidates before any placement (a demo at scale 10: 7,7 s
-- of trigger time before, when every statement asked the view).
CREATE FUNCTION placement_start_facts_recompute(ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    placed BIGINT[];
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    EXECUTE 'DELETE FROM placement_start_facts WHERE candidate_id = ANY($1)' USING ids;
    EXECUTE 'SELECT array_agg(DISTINCT p.candidate_id) FROM placements p WHERE p.candidate_id = ANY($1)' INTO placed USING ids;
    IF placed IS NULL THEN
        RETURN;
    END IF;
    EXECUTE 'INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
        SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder
        FROM placement_start_facts_computed WHERE candidate_id = ANY($1)' USING placed;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- A statement on placements, benefit_periods, indications or
-- candidate_history (the tables with a candidate_id): the candidates of
-- its rows whose kind or attribute counts (TG_ARGV[0]: a condition on a
-- row r, 'true' for all).
CREATE FUNCTION placement_start_facts_candidates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE 'SELECT array_agg(DISTINCT r.candidate_id) FROM new_rows r WHERE ' || TG_ARGV[0] INTO ids;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE 'SELECT array_agg(DISTINCT r.candidate_id) FROM old_rows r WHERE ' || TG_ARGV[0] INTO ids;
    ELSE
        EXECUTE 'SELECT array_agg(DISTINCT x.candidate_id) FROM (SELECT r.candidate_id FROM old_rows r WHERE ' || TG_ARGV[0] ||
            ' UNION SELECT r.candidate_id FROM new_rows r WHERE ' || TG_ARGV[0] || ') x' INTO ids;
    END IF;
    PERFORM placement_start_facts_recompute(ids);
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- A statement on placement_terms: the candidates of the placements of its
-- rows (a placement deleted with its terms has gone already, and its own
-- trigger removed its facts).
CREATE FUNCTION placement_start_facts_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT p.candidate_id) INTO ids FROM placements p WHERE p.id IN (SELECT placement_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT p.candidate_id) INTO ids FROM placements p WHERE p.id IN (SELECT placement_id FROM old_rows);
    ELSE
        SELECT array_agg(DISTINCT p.candidate_id) INTO ids FROM placements p
        WHERE p.id IN (SELECT placement_id FROM old_rows UNION SELECT placement_id FROM new_rows);
    END IF;
    PERFORM placement_start_facts_recompute(ids);
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- A statement on candidates that changed an id or a birth date.
CREATE FUNCTION placement_start_facts_birth() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    SELECT array_agg(o.id) INTO ids FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE n.birth_date IS DISTINCT FROM o.birth_date;
    PERFORM placement_start_facts_recompute(ids);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER placement_facts_insert AFTER INSERT ON placements REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('true');
CREATE TRIGGER placement_facts_update AFTER UPDATE ON placements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('true');
CREATE TRIGGER placement_facts_delete AFTER DELETE ON placements REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('true');
CREATE TRIGGER placement_facts_benefits_insert AFTER INSERT ON benefit_periods REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''bijstand'', ''nug'')');
CREATE TRIGGER placement_facts_benefits_update AFTER UPDATE ON benefit_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''bijstand'', ''nug'')');
CREATE TRIGGER placement_facts_benefits_delete AFTER DELETE ON benefit_periods REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''bijstand'', ''nug'')');
CREATE TRIGGER placement_facts_indications_insert AFTER INSERT ON indications REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''banenafspraak'', ''beschut'', ''statushouder'')');
CREATE TRIGGER placement_facts_indications_update AFTER UPDATE ON indications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''banenafspraak'', ''beschut'', ''statushouder'')');
CREATE TRIGGER placement_facts_indications_delete AFTER DELETE ON indications REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.kind IN (''banenafspraak'', ''beschut'', ''statushouder'')');
CREATE TRIGGER placement_facts_residence_insert AFTER INSERT ON candidate_history REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.attribute = ''gemeente''');
CREATE TRIGGER placement_facts_residence_update AFTER UPDATE ON candidate_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.attribute = ''gemeente''');
CREATE TRIGGER placement_facts_residence_delete AFTER DELETE ON candidate_history REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_candidates('r.attribute = ''gemeente''');
CREATE TRIGGER placement_facts_terms_insert AFTER INSERT ON placement_terms REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_terms();
CREATE TRIGGER placement_facts_terms_update AFTER UPDATE ON placement_terms REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_terms();
CREATE TRIGGER placement_facts_terms_delete AFTER DELETE ON placement_terms REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_terms();
CREATE TRIGGER placement_facts_birth_update AFTER UPDATE ON candidates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION placement_start_facts_birth();
ANALYZE placement_start_facts;

-- +goose Down
DROP TRIGGER placement_facts_birth_update ON candidates;
DROP TRIGGER placement_facts_terms_delete ON placement_terms;
DROP TRIGGER placement_facts_terms_update ON placement_terms;
DROP TRIGGER placement_facts_terms_insert ON placement_terms;
DROP TRIGGER placement_facts_residence_delete ON candidate_history;
DROP TRIGGER placement_facts_residence_update ON candidate_history;
DROP TRIGGER placement_facts_residence_insert ON candidate_history;
DROP TRIGGER placement_facts_indications_delete ON indications;
DROP TRIGGER placement_facts_indications_update ON indications;
DROP TRIGGER placement_facts_indications_insert ON indications;
DROP TRIGGER placement_facts_benefits_delete ON benefit_periods;
DROP TRIGGER placement_facts_benefits_update ON benefit_periods;
DROP TRIGGER placement_facts_benefits_insert ON benefit_periods;
DROP TRIGGER placement_facts_delete ON placements;
DROP TRIGGER placement_facts_update ON placements;
DROP TRIGGER placement_facts_insert ON placements;
DROP FUNCTION placement_start_facts_birth();
DROP FUNCTION placement_start_facts_terms();
DROP FUNCTION placement_start_facts_candidates();
DROP FUNCTION placement_start_facts_recompute(BIGINT[]);
DROP TABLE placement_start_facts;
DROP VIEW placement_start_facts_computed;
