-- +goose Up
-- Dated SE (standaardeenheden) of a Wsw employment. The SE of an employee
-- changes in the world (fewer hours, a new indication); the SW chapter
-- reads the SE of the day it counts, so a change never rewrites a past
-- period's figures. sw_employees.se_thousandths is the latest SE.
CREATE TABLE sw_se_periods (
    id             INTEGER PRIMARY KEY,
    sw_employee_id INTEGER NOT NULL REFERENCES sw_employees (id) ON DELETE CASCADE,
    municipality   TEXT NOT NULL REFERENCES municipalities (code),
    se_thousandths INTEGER NOT NULL CHECK (se_thousandths > 0),
    from_date      TEXT NOT NULL,
    to_date        TEXT
);
CREATE INDEX sw_se_periods_employee ON sw_se_periods (sw_employee_id, from_date);
-- Until now the SE was one value for the whole employment.
INSERT INTO sw_se_periods (sw_employee_id, municipality, se_thousandths, from_date, to_date)
    SELECT id, municipality, se_thousandths, start_date, end_date FROM sw_employees;

-- +goose Down
DROP TABLE sw_se_periods;
