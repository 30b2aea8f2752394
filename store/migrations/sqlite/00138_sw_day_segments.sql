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
-- every arm (SQLite does not push it into a UNION). store.CheckSWDaySegments
-- compares the two.
CREATE VIEW sw_day_segments_computed AS
SELECT DISTINCT b.sw_employee_id AS sw_employee_id, s.municipality AS municipality, b.d AS from_date,
    NULLIF(MIN(COALESCE(s.end_date, '9999-12-31'),
        COALESCE((SELECT date(MIN(x.from_date), '-1 day') FROM sw_status_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d), '9999-12-31'),
        COALESCE((SELECT MIN(x.to_date) FROM sw_status_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d), '9999-12-31'),
        COALESCE((SELECT date(MIN(x.from_date), '-1 day') FROM sw_werkvorm_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d), '9999-12-31'),
        COALESCE((SELECT MIN(x.to_date) FROM sw_werkvorm_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d), '9999-12-31'),
        COALESCE((SELECT date(MIN(x.from_date), '-1 day') FROM sw_se_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.from_date > b.d), '9999-12-31'),
        COALESCE((SELECT MIN(x.to_date) FROM sw_se_periods x WHERE x.sw_employee_id = b.sw_employee_id AND x.to_date >= b.d), '9999-12-31')),
        '9999-12-31') AS to_date,
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
    UNION ALL SELECT sw_employee_id, date(to_date, '+1 day') FROM sw_status_periods WHERE to_date IS NOT NULL
    UNION ALL SELECT sw_employee_id, from_date FROM sw_werkvorm_periods
    UNION ALL SELECT sw_employee_id, date(to_date, '+1 day') FROM sw_werkvorm_periods WHERE to_date IS NOT NULL
    UNION ALL SELECT sw_employee_id, from_date FROM sw_se_periods
    UNION ALL SELECT sw_employee_id, date(to_date, '+1 day') FROM sw_se_periods WHERE to_date IS NOT NULL
) b
JOIN sw_employees s ON s.id = b.sw_employee_id
WHERE b.d >= s.start_date AND (s.end_date IS NULL OR b.d <= s.end_date);

CREATE TABLE sw_day_segments (
    sw_employee_id INTEGER NOT NULL,
    municipality   TEXT NOT NULL,
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    row_of_day     TEXT NOT NULL,
    se_thousandths INTEGER NOT NULL
);
INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed;
CREATE INDEX sw_day_segments_employee ON sw_day_segments (sw_employee_id);
-- Covering: the overview of a day reads this index alone.
CREATE INDEX sw_day_segments_day ON sw_day_segments (to_date, from_date, municipality, row_of_day, se_thousandths);

-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_employee_insert AFTER INSERT ON sw_employees BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (NEW.id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_employee_update AFTER UPDATE OF id, municipality, werkvorm, se_thousandths, start_date, end_date ON sw_employees
    WHEN NEW.id <> OLD.id OR NEW.municipality <> OLD.municipality OR NEW.werkvorm <> OLD.werkvorm
        OR NEW.se_thousandths <> OLD.se_thousandths OR NEW.start_date <> OLD.start_date OR NEW.end_date IS NOT OLD.end_date BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.id, NEW.id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.id, NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_employee_delete AFTER DELETE ON sw_employees BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_status_insert AFTER INSERT ON sw_status_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_status_update AFTER UPDATE ON sw_status_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_status_delete AFTER DELETE ON sw_status_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_werkvorm_insert AFTER INSERT ON sw_werkvorm_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_werkvorm_update AFTER UPDATE ON sw_werkvorm_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_werkvorm_delete AFTER DELETE ON sw_werkvorm_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_se_insert AFTER INSERT ON sw_se_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_se_update AFTER UPDATE ON sw_se_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id, NEW.sw_employee_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sw_day_segments_se_delete AFTER DELETE ON sw_se_periods BEGIN
    DELETE FROM sw_day_segments WHERE sw_employee_id IN (OLD.sw_employee_id);
    INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
    SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed WHERE sw_employee_id IN (OLD.sw_employee_id);
END;
-- +goose StatementEnd
-- Statistics only when there are rows (see 00137: statistics of an empty
-- table make SQLite plan as if it stayed empty).
ANALYZE sw_day_segments;
DELETE FROM sqlite_stat1 WHERE stat = '0' OR stat LIKE '0 %';
ANALYZE sqlite_schema;

-- +goose Down
DROP TRIGGER sw_day_segments_se_delete;
DROP TRIGGER sw_day_segments_se_update;
DROP TRIGGER sw_day_segments_se_insert;
DROP TRIGGER sw_day_segments_werkvorm_delete;
DROP TRIGGER sw_day_segments_werkvorm_update;
DROP TRIGGER sw_day_segments_werkvorm_insert;
DROP TRIGGER sw_day_segments_status_delete;
DROP TRIGGER sw_day_segments_status_update;
DROP TRIGGER sw_day_segments_status_insert;
DROP TRIGGER sw_day_segments_employee_delete;
DROP TRIGGER sw_day_segments_employee_update;
DROP TRIGGER sw_day_segments_employee_insert;
DROP TABLE sw_day_segments;
DROP VIEW sw_day_segments_computed;
