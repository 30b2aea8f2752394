-- +goose Up
-- Wsw employees (sociale werkvoorziening) for the indicator "Aantal
-- SW-medewerkers" and the werkvorm table, and indexes for the indicator
-- queries, which select by date over the whole region. Dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE sw_employees (
    id             INTEGER PRIMARY KEY,
    municipality   TEXT NOT NULL REFERENCES municipalities (code),
    candidate_id   INTEGER REFERENCES candidates (id),
    se_thousandths INTEGER NOT NULL CHECK (se_thousandths > 0),
    werkvorm       TEXT NOT NULL CHECK (werkvorm IN ('beschut_binnen', 'groepsdetachering', 'individuele_detachering', 'begeleid_werken')),
    start_date     TEXT NOT NULL,
    end_date       TEXT,
    created_at     TIMESTAMP NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX sw_employees_report ON sw_employees (municipality, start_date);
CREATE INDEX sw_employees_end ON sw_employees (end_date);

-- Dated werkvorm changes; sw_employees.werkvorm is the latest.
CREATE TABLE sw_werkvorm_periods (
    id             INTEGER PRIMARY KEY,
    sw_employee_id INTEGER NOT NULL REFERENCES sw_employees (id) ON DELETE CASCADE,
    municipality   TEXT NOT NULL REFERENCES municipalities (code),
    werkvorm       TEXT NOT NULL CHECK (werkvorm IN ('beschut_binnen', 'groepsdetachering', 'individuele_detachering', 'begeleid_werken')),
    from_date      TEXT NOT NULL,
    to_date        TEXT
);
CREATE INDEX sw_werkvorm_periods_employee ON sw_werkvorm_periods (sw_employee_id, from_date);
CREATE INDEX sw_werkvorm_periods_report ON sw_werkvorm_periods (municipality, from_date);

-- Indicator queries: placements and exits by date over all municipalities.
CREATE INDEX placements_start ON placements (start_date);
CREATE INDEX exits_date ON exits (exit_date);
-- "Running on a day": the rows whose end is open or after the day; covering.
CREATE INDEX phase_periods_running ON phase_periods (to_date, from_date, municipality, phase, candidate_id);
CREATE INDEX placements_lks ON placements (end_date, start_date, municipality, contract_minutes_per_week, wage_value_bp) WHERE wage_subsidy;

-- +goose Down
DROP INDEX placements_lks;
DROP INDEX phase_periods_running;
DROP INDEX exits_date;
DROP INDEX placements_start;
DROP TABLE sw_werkvorm_periods;
DROP TABLE sw_employees;
