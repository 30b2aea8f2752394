-- +goose Up
-- SW administration (sw_admin.go): where a Wsw employee works, stretches in
-- which he does not work in his werkvorm (the rows "Leegloop inactief" and
-- "Niet beschikbaar voor werk" of "werken op locatie"), sick leave,
-- beschut-werk indications and employments, and the declarations behind the
-- toegevoegde waarde per fte. Dates are TEXT 'YYYY-MM-DD'.
ALTER TABLE sw_employees ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE sw_employees ADD COLUMN employer_name TEXT NOT NULL DEFAULT '';

CREATE TABLE sw_status_periods (
    id             INTEGER PRIMARY KEY,
    sw_employee_id INTEGER NOT NULL REFERENCES sw_employees (id) ON DELETE CASCADE,
    municipality   TEXT NOT NULL REFERENCES municipalities (code),
    status         TEXT NOT NULL CHECK (status IN ('leegloop_inactief', 'niet_beschikbaar')),
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX sw_status_periods_employee ON sw_status_periods (sw_employee_id, from_date);

CREATE TABLE sw_sick_leave (
    id             INTEGER PRIMARY KEY,
    sw_employee_id INTEGER NOT NULL REFERENCES sw_employees (id) ON DELETE CASCADE,
    municipality   TEXT NOT NULL REFERENCES municipalities (code),
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    percent        INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100),
    created_at     TIMESTAMP NOT NULL,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX sw_sick_leave_employee ON sw_sick_leave (sw_employee_id, from_date);

CREATE TABLE sheltered_indications (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    candidate_id INTEGER REFERENCES candidates (id),
    indicated_on TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX sheltered_indications_date ON sheltered_indications (municipality, indicated_on);

CREATE TABLE sheltered_employments (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    candidate_id INTEGER REFERENCES candidates (id),
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    created_at   TIMESTAMP NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX sheltered_employments_span ON sheltered_employments (municipality, start_date);

-- Regional: the agreed rate per declared hour and the budget per fte of a
-- year, and per month the hours declared and the average fte.
CREATE TABLE sw_added_value_rates (
    year                 INTEGER PRIMARY KEY,
    cents_per_hour       BIGINT NOT NULL CHECK (cents_per_hour >= 0),
    budget_cents_per_fte BIGINT NOT NULL CHECK (budget_cents_per_fte >= 0)
);
CREATE TABLE sw_added_value_months (
    year                INTEGER NOT NULL,
    month               INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    declared_hundredths BIGINT NOT NULL CHECK (declared_hundredths >= 0),
    fte_thousandths     BIGINT NOT NULL CHECK (fte_thousandths >= 0),
    PRIMARY KEY (year, month)
);

-- +goose Down
DROP TABLE sw_added_value_months;
DROP TABLE sw_added_value_rates;
DROP TABLE sheltered_employments;
DROP TABLE sheltered_indications;
DROP TABLE sw_sick_leave;
DROP TABLE sw_status_periods;
ALTER TABLE sw_employees DROP COLUMN employer_name;
ALTER TABLE sw_employees DROP COLUMN location;
