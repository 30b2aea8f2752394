-- +goose Up
-- The overview of a day on /sw counts the Wsw employees in service on
-- that day by municipality and by their row of "werken op locatie" (the
-- status that runs, else the werkvorm of that day), with their SE of that
-- day: three lookups in the histories for each of the 113.600 employees in
-- service at scale 100 (273 ms on SQLite, 211-228 ms on PostgreSQL).
-- sw_day_segments keeps, per employee, the stretches of his service on
-- which none of the three histories changes: they start at his first day
-- and at every first day, and every day after a last day, of a status,
-- werkvorm or SE period that falls in his service, and end the day before
-- the next such start (or on his last day; NULL: open). On each stretch
-- the row and the SE are those of its first day, looked up as the
-- overview did (the first period holding the day by first day; of two
-- starting on the same day, the one recorded first). The overview of day
-- d is then the segments with from_date <= d <= to_date: one range of an
-- index, and the same figures.
--
-- sw_day_segments_computed is the definition; the triggers below keep the
-- table equal to it for every write whatever its path (screens, imports,
-- bundle restore, demo load): a write of an employee or of one of his
-- periods computes all his segments again. The breakpoints are a UNION ALL
-- made DISTINCT at the top, so that a condition on sw_employee_id reaches
-- every arm (as in the SQLite schema, which does not push it into a UNION). store.CheckSWDaySegments
-- compares the two.
CREATE VIEW sw_day_segments_computed AS
SELECT DISTINCT b.sw_employee_id AS sw_employee_id, s.municipality AS municipality, b.d AS from_date,
    LEAST(s.end_date,
        (SELECT MIN(x.from_date) - 1 FROM sw_status_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d),
        (SELECT MIN(x.to_date) FROM sw_status_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d),
        (SELECT MIN(x.from_date) - 1 FROM sw_werkvorm_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d),
        (SELECT MIN(x.to_date) FROM sw_werkvorm_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d),
        (SELECT MIN(x.from_date) - 1 FROM sw_se_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d),
        (SELECT MIN(x.to_date) FROM sw_se_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d)) AS to_date,
    COALESCE(
        (SELECT x.status FROM sw_status_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date <= b.d
            AND (x.to_date IS NULL OR x.to_date >= b.d) ORDER BY x.from_date, x.id LIMIT 1),
        (SELECT x.werkvorm FROM sw_werkvorm_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date <= b.d
            AND (x.to_date IS NULL OR x.to_date >= b.d) ORDER BY x.from_date, x.id LIMIT 1),
        s.werkvorm) AS row_of_day,
    COALESCE(
        (SELECT x.se_thousandths FROM sw_se_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date <= b.d
            AND (x.to_date IS NULL OR x.to_date >= b.d) ORDER BY x.from_date, x.id LIMIT 1),
        s.se_thousandths) AS se_thousandths
FROM (
    SELECT id AS sw_employee_id, start_date AS d FROM sw_employees
    UNION ALL SELECT sw_employee_id, from_date FROM sw_status_periods
    UNION ALL SELECT sw_employee_id, to_date + 1 FROM sw_status_periods WHERE to_date IS NOT NULL
    UNION ALL SELECT sw_employee_id, from_date FROM sw_werkvorm_periods
    UNION ALL SELECT sw_employee_id, to_date + 1 FROM sw_werkvorm_periods WHERE to_date IS NOT NULL
    UNION ALL SELECT sw_employee_id, from_date FROM sw_se_periods
    UNION ALL SELECT sw_employee_id, to_date + 1 FROM sw_se_periods WHERE to_date IS NOT NULL
) b
JOIN sw_employees s ON s.id = b.sw_employee_id
WHERE b.d >= s.start_date AND (s.end_date IS NULL OR b.d <= s.end_date);

CREATE TABLE sw_day_segments (
    sw_employee_id BIGINT NOT NULL,
    municipality   TEXT NOT NULL,
    from_date      DATE NOT NULL,
    to_date        DATE,
    row_of_day     TEXT NOT NULL,
    se_thousandths INTEGER NOT NULL
);
INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed;
CREATE INDEX sw_day_segments_employee ON sw_day_segments (sw_employee_id);
-- Covering: the overview of a day reads this index alone.
CREATE INDEX sw_day_segments_day ON sw_day_segments (to_date, from_date) INCLUDE (municipality, row_of_day, se_thousandths);

-- +goose StatementBegin
-- All segments of the employees ids again (none: nothing). Through
-- EXECUTE: planned each time, see 00137; the ids as an array, so that the
-- condition reaches every arm of the view's breakpoints.
CREATE FUNCTION sw_day_segments_recompute(ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NOT NULL THEN
        EXECUTE 'DELETE FROM sw_day_segments WHERE sw_employee_id = ANY($1)' USING ids;
        EXECUTE 'INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
            SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id = ANY($1)' USING ids;
    END IF;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- The employees whose periods a statement wrote: all their segments again.
CREATE FUNCTION sw_day_segments_periods() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.sw_employee_id) INTO ids FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.sw_employee_id) INTO ids FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT e.id) INTO ids FROM (SELECT o.sw_employee_id AS id FROM old_rows o UNION SELECT n.sw_employee_id FROM new_rows n) e;
    END IF;
    PERFORM sw_day_segments_recompute(ids);
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
-- The employees a statement wrote (an update only when it changed what the
-- segments hold): all their segments again (a deleted one: none).
CREATE FUNCTION sw_day_segments_employees() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.id) INTO ids FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.id) INTO ids FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT e.id) INTO ids FROM (
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (n.municipality, n.werkvorm, n.se_thousandths, n.start_date, n.end_date)
                IS DISTINCT FROM (o.municipality, o.werkvorm, o.se_thousandths, o.start_date, o.end_date)
            UNION SELECT o.id FROM old_rows o WHERE o.id NOT IN (SELECT n.id FROM new_rows n)
            UNION SELECT n.id FROM new_rows n WHERE n.id NOT IN (SELECT o.id FROM old_rows o)) e;
    END IF;
    PERFORM sw_day_segments_recompute(ids);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER sw_day_segments_employee_insert AFTER INSERT ON sw_employees REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_employees();
CREATE TRIGGER sw_day_segments_employee_update AFTER UPDATE ON sw_employees REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_employees();
CREATE TRIGGER sw_day_segments_employee_delete AFTER DELETE ON sw_employees REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_employees();
CREATE TRIGGER sw_day_segments_status_insert AFTER INSERT ON sw_status_periods REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_status_update AFTER UPDATE ON sw_status_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_status_delete AFTER DELETE ON sw_status_periods REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_werkvorm_insert AFTER INSERT ON sw_werkvorm_periods REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_werkvorm_update AFTER UPDATE ON sw_werkvorm_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_werkvorm_delete AFTER DELETE ON sw_werkvorm_periods REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_se_insert AFTER INSERT ON sw_se_periods REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_se_update AFTER UPDATE ON sw_se_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
CREATE TRIGGER sw_day_segments_se_delete AFTER DELETE ON sw_se_periods REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sw_day_segments_periods();
ANALYZE sw_day_segments;

-- +goose Down
DROP TRIGGER sw_day_segments_se_delete ON sw_se_periods;
DROP TRIGGER sw_day_segments_se_update ON sw_se_periods;
DROP TRIGGER sw_day_segments_se_insert ON sw_se_periods;
DROP TRIGGER sw_day_segments_werkvorm_delete ON sw_werkvorm_periods;
DROP TRIGGER sw_day_segments_werkvorm_update ON sw_werkvorm_periods;
DROP TRIGGER sw_day_segments_werkvorm_insert ON sw_werkvorm_periods;
DROP TRIGGER sw_day_segments_status_delete ON sw_status_periods;
DROP TRIGGER sw_day_segments_status_update ON sw_status_periods;
DROP TRIGGER sw_day_segments_status_insert ON sw_status_periods;
DROP TRIGGER sw_day_segments_employee_delete ON sw_employees;
DROP TRIGGER sw_day_segments_employee_update ON sw_employees;
DROP TRIGGER sw_day_segments_employee_insert ON sw_employees;
DROP FUNCTION sw_day_segments_employees();
DROP FUNCTION sw_day_segments_periods();
DROP FUNCTION sw_day_segments_recompute(BIGINT[]);
DROP TABLE sw_day_segments;
DROP VIEW sw_day_segments_computed;
