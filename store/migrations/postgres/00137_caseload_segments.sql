-- +goose Up
-- The caseload of a day counts every candidate registered on that day, by
-- his phase and his residence on that day. Looked up per candidate that
-- is three searches for each of the ~376.000 registered at scale 100.
-- caseload_segments keeps the stretches on which all three hold at once:
-- one row per phase period and residence that overlap while the candidate
-- is registered, from the latest of their first days to the earliest of
-- their last days (NULL: open). The caseload of day d is then the segments
-- with from_date <= d <= to_date, one range of an index.
--
-- caseload_segments_computed is the definition; the table is kept equal to
-- it by the triggers below, for every write whatever its path (screens,
-- imports, bundle restore, demo load, retention): a segment is one phase
-- period with one residence, so the phases or residences a statement
-- wrote compute their own segments again (per statement: a bulk insert
-- does it once for all its rows), and a changed registration those of its
-- candidate. (A candidate is inserted before his phases and residences:
-- the foreign keys see to that.) store.CheckCaseloadSegments compares the
-- two.
CREATE VIEW caseload_segments_computed AS
SELECT ph.candidate_id AS candidate_id, ph.id AS phase_id, r.id AS residence_id, ph.phase AS phase, r.value AS municipality,
    GREATEST(ph.from_date, r.from_date, c.registered_on) AS from_date,
    NULLIF(LEAST(COALESCE(ph.to_date, DATE '9999-12-31'), COALESCE(r.to_date, DATE '9999-12-31'), COALESCE(c.deregistered_on, DATE '9999-12-31')), DATE '9999-12-31') AS to_date
FROM phase_periods ph
JOIN candidates c ON c.id = ph.candidate_id
JOIN candidate_history r ON r.candidate_id = ph.candidate_id AND r.attribute = 'gemeente'
WHERE GREATEST(ph.from_date, r.from_date, c.registered_on)
    <= LEAST(COALESCE(ph.to_date, DATE '9999-12-31'), COALESCE(r.to_date, DATE '9999-12-31'), COALESCE(c.deregistered_on, DATE '9999-12-31'));

CREATE TABLE caseload_segments (
    candidate_id BIGINT NOT NULL,
    phase_id     BIGINT NOT NULL,
    residence_id BIGINT NOT NULL,
    phase        TEXT NOT NULL,
    municipality TEXT NOT NULL,
    from_date    DATE NOT NULL,
    to_date      DATE
);
INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed;
CREATE INDEX caseload_segments_phase ON caseload_segments (phase_id);
CREATE INDEX caseload_segments_residence ON caseload_segments (residence_id);
-- Covering: the caseload of a day reads this index alone.
CREATE INDEX caseload_segments_day ON caseload_segments (to_date, from_date) INCLUDE (municipality, phase, candidate_id, phase_id);

-- +goose StatementBegin
-- The statements of the functions below run through EXECUTE: planned each
-- time, for the tables as they are then. PL/pgSQL keeps the plan of a
-- static statement, and the one made while a bulk load had just begun (the
-- tables empty) read every phase for each residence once they were full.
-- The phase periods a statement wrote: their segments again.
CREATE FUNCTION caseload_segments_phases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE 'DELETE FROM caseload_segments WHERE phase_id IN (SELECT id FROM old_rows)';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE 'INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
            SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed
            WHERE phase_id IN (SELECT id FROM new_rows)';
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- The residences a statement wrote: their segments again.
CREATE FUNCTION caseload_segments_residences() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE 'DELETE FROM caseload_segments WHERE residence_id IN (SELECT id FROM old_rows WHERE attribute = ''gemeente'')';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE 'INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
            SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed
            WHERE residence_id IN (SELECT id FROM new_rows WHERE attribute = ''gemeente'')';
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- The candidates whose registration a statement changed: all their
-- segments again.
CREATE FUNCTION caseload_segments_registration() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    SELECT array_agg(o.id) INTO ids FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE n.registered_on <> o.registered_on OR n.deregistered_on IS DISTINCT FROM o.deregistered_on;
    IF ids IS NOT NULL THEN
        EXECUTE 'DELETE FROM caseload_segments WHERE phase_id IN (SELECT ph.id FROM phase_periods ph WHERE ph.candidate_id = ANY($1))' USING ids;
        EXECUTE 'INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
            SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed
            WHERE candidate_id = ANY($1)' USING ids;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER caseload_phase_insert AFTER INSERT ON phase_periods REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_phases();
CREATE TRIGGER caseload_phase_update AFTER UPDATE ON phase_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_phases();
CREATE TRIGGER caseload_phase_delete AFTER DELETE ON phase_periods REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_phases();
CREATE TRIGGER caseload_residence_insert AFTER INSERT ON candidate_history REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_residences();
CREATE TRIGGER caseload_residence_update AFTER UPDATE ON candidate_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_residences();
CREATE TRIGGER caseload_residence_delete AFTER DELETE ON candidate_history REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_residences();
CREATE TRIGGER caseload_registration_update AFTER UPDATE ON candidates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_segments_registration();
ANALYZE caseload_segments;

-- +goose Down
DROP TRIGGER caseload_registration_update ON candidates;
DROP TRIGGER caseload_residence_delete ON candidate_history;
DROP TRIGGER caseload_residence_update ON candidate_history;
DROP TRIGGER caseload_residence_insert ON candidate_history;
DROP TRIGGER caseload_phase_delete ON phase_periods;
DROP TRIGGER caseload_phase_update ON phase_periods;
DROP TRIGGER caseload_phase_insert ON phase_periods;
DROP FUNCTION caseload_segments_registration();
DROP FUNCTION caseload_segments_residences();
DROP FUNCTION caseload_segments_phases();
DROP TABLE caseload_segments;
DROP VIEW caseload_segments_computed;
