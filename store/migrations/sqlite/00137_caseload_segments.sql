-- +goose Up
-- The caseload of a day counts every candidate registered on that day, by
-- his phase and his residence on that day. Looked up per candidate that
-- is three searches for each of the ~376.000 registered at scale 100 (0,74
-- s a day on SQLite). caseload_segments keeps the stretches on which all
-- three hold at once: one row per phase period and residence that overlap
-- while the candidate is registered, from the latest of their first days
-- to the earliest of their last days (NULL: open). The caseload of day d is
-- then the segments with from_date <= d <= to_date, one range of an index.
--
-- caseload_segments_computed is the definition; the table is kept equal to
-- it by the triggers below, for every write whatever its path (screens,
-- imports, bundle restore, demo load, retention): a segment is one phase
-- period with one residence, so a written phase or residence computes its
-- own segments again, and a changed registration those of its candidate.
-- (A candidate is inserted before his phases and residences: the foreign
-- keys see to that.) store.CheckCaseloadSegments compares the two.
CREATE VIEW caseload_segments_computed AS
SELECT ph.candidate_id AS candidate_id, ph.id AS phase_id, r.id AS residence_id, ph.phase AS phase, r.value AS municipality,
    MAX(ph.from_date, r.from_date, c.registered_on) AS from_date,
    NULLIF(MIN(COALESCE(ph.to_date, '9999-12-31'), COALESCE(r.to_date, '9999-12-31'), COALESCE(c.deregistered_on, '9999-12-31')), '9999-12-31') AS to_date
FROM phase_periods ph
JOIN candidates c ON c.id = ph.candidate_id
JOIN candidate_history r ON r.candidate_id = ph.candidate_id AND r.attribute = 'gemeente'
WHERE MAX(ph.from_date, r.from_date, c.registered_on)
    <= MIN(COALESCE(ph.to_date, '9999-12-31'), COALESCE(r.to_date, '9999-12-31'), COALESCE(c.deregistered_on, '9999-12-31'));

CREATE TABLE caseload_segments (
    candidate_id INTEGER NOT NULL,
    phase_id     INTEGER NOT NULL,
    residence_id INTEGER NOT NULL,
    phase        TEXT NOT NULL,
    municipality TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    to_date      TEXT
);
INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed;
CREATE INDEX caseload_segments_phase ON caseload_segments (phase_id);
CREATE INDEX caseload_segments_residence ON caseload_segments (residence_id);
-- Covering: the caseload of a day reads this index alone.
CREATE INDEX caseload_segments_day ON caseload_segments (to_date, from_date, municipality, phase, candidate_id, phase_id);

-- +goose StatementBegin
CREATE TRIGGER caseload_phase_insert AFTER INSERT ON phase_periods BEGIN
    INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
    SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed WHERE phase_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_phase_update AFTER UPDATE ON phase_periods BEGIN
    DELETE FROM caseload_segments WHERE phase_id = OLD.id;
    INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
    SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed WHERE phase_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_phase_delete AFTER DELETE ON phase_periods BEGIN
    DELETE FROM caseload_segments WHERE phase_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_residence_insert AFTER INSERT ON candidate_history WHEN NEW.attribute = 'gemeente' BEGIN
    INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
    SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed WHERE residence_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_residence_update AFTER UPDATE ON candidate_history WHEN NEW.attribute = 'gemeente' OR OLD.attribute = 'gemeente' BEGIN
    DELETE FROM caseload_segments WHERE residence_id = OLD.id;
    INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
    SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed WHERE residence_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_residence_delete AFTER DELETE ON candidate_history WHEN OLD.attribute = 'gemeente' BEGIN
    DELETE FROM caseload_segments WHERE residence_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER caseload_registration_update AFTER UPDATE OF id, registered_on, deregistered_on ON candidates
    WHEN NEW.id <> OLD.id OR NEW.registered_on IS NOT OLD.registered_on OR NEW.deregistered_on IS NOT OLD.deregistered_on BEGIN
    DELETE FROM caseload_segments WHERE phase_id IN (SELECT ph.id FROM phase_periods ph WHERE ph.candidate_id IN (OLD.id, NEW.id));
    INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
    SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed WHERE candidate_id IN (OLD.id, NEW.id);
END;
-- +goose StatementEnd
ANALYZE caseload_segments;
-- Statistics taken of an empty table (in a new database 00135 and this
-- migration analyse empty tables) tell the planner that the table has no
-- rows, and it keeps believing so as rows arrive: the triggers above then
-- searched every residence for each phase a demo load inserted (scale 1:
-- 1,8 -> 5,7 s; 30.000 candidates: 0,76 ms a residence, 2,8 ms a phase).
-- Without statistics SQLite plans by its own estimates; an ANALYZE of the
-- records (the demo load ends with one) writes real ones. ANALYZE
-- sqlite_schema makes this connection read the statistics again (it keeps
-- those it loaded; a new connection reads them anyway).
DELETE FROM sqlite_stat1 WHERE stat = '0' OR stat LIKE '0 %';
ANALYZE sqlite_schema;

-- +goose Down
DROP TRIGGER caseload_registration_update;
DROP TRIGGER caseload_residence_delete;
DROP TRIGGER caseload_residence_update;
DROP TRIGGER caseload_residence_insert;
DROP TRIGGER caseload_phase_delete;
DROP TRIGGER caseload_phase_update;
DROP TRIGGER caseload_phase_insert;
DROP TABLE caseload_segments;
DROP VIEW caseload_segments_computed;
