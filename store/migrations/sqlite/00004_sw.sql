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
CREATE INDEX sw_employees_running ON sw_employees (end_date, start_date, municipality);

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

-- Indicator queries (store/indicators.go) read the whole region for one
-- period. "Running on a day" is served by indexes that start with the end
-- date (open ends are NULL: one index range for those, one for the later
-- ends); the others cover the lookups per counted placement. All covering,
-- so that the queries never read the wide rows.
CREATE INDEX enrolments_running ON enrolments (to_date, from_date, instrument_code, municipality, candidate_id);
CREATE INDEX placements_started ON placements (start_date, municipality, candidate_id, contract_minutes_per_week);
CREATE INDEX placements_span ON placements (candidate_id, start_date, end_date, municipality);
CREATE INDEX placements_lks ON placements (end_date, start_date, municipality, contract_minutes_per_week, wage_value_bp) WHERE wage_subsidy;
CREATE INDEX benefit_periods_on_day ON benefit_periods (candidate_id, from_date, to_date, kind);
CREATE INDEX indications_on_day ON indications (candidate_id, kind, from_date, to_date);
CREATE INDEX indications_running ON indications (to_date, from_date, kind, candidate_id);
CREATE INDEX phase_periods_running ON phase_periods (to_date, from_date, municipality, phase, candidate_id);
CREATE INDEX candidates_service ON candidates (id, registered_on, deregistered_on, birth_date);
CREATE INDEX exits_date ON exits (exit_date, reason, municipality);

-- +goose Down
DROP INDEX exits_date;
DROP INDEX candidates_service;
DROP INDEX phase_periods_running;
DROP INDEX indications_running;
DROP INDEX indications_on_day;
DROP INDEX benefit_periods_on_day;
DROP INDEX placements_lks;
DROP INDEX placements_span;
DROP INDEX placements_started;
DROP INDEX enrolments_running;
DROP TABLE sw_werkvorm_periods;
DROP TABLE sw_employees;
