-- +goose Up
-- The finance chapter as data: one row per published table per year, its
-- columns, rows and cells. Amounts are integers in the unit of the table
-- (unit_cents: 100000 = × € 1.000) or, for a column with decimals (SE), in
-- tenths. Lists (sum_of, notes, uninterpretable printed tokens) are JSON
-- arrays of strings. position keeps the order of the report.
CREATE TABLE finance_tables (
    id                      INTEGER PRIMARY KEY,
    year                    INTEGER NOT NULL,
    key                     TEXT NOT NULL,
    position                INTEGER NOT NULL,
    title                   TEXT NOT NULL,
    section                 TEXT NOT NULL,
    source                  TEXT NOT NULL,
    through                 DATE NOT NULL,
    unit_cents              BIGINT NOT NULL CHECK (unit_cents > 0),
    sign_convention         TEXT NOT NULL CHECK (sign_convention IN ('', 'prognose_min_begroting', 'begroting_min_prognose')),
    variance_column         TEXT NOT NULL,
    variance_forecast       TEXT NOT NULL,
    variance_budget         TEXT NOT NULL,
    mutation_budget         TEXT NOT NULL,
    mutation_forecast       TEXT NOT NULL,
    per_unit_quantity       TEXT NOT NULL,
    per_unit_amount         TEXT NOT NULL,
    per_unit_price_cents    BIGINT NOT NULL,
    per_unit_rounding_cents BIGINT NOT NULL,
    per_unit_label          TEXT NOT NULL,
    per_unit_source         TEXT NOT NULL,
    notes                   TEXT NOT NULL,
    loaded_at               TIMESTAMP NOT NULL,
    UNIQUE (year, key)
);

CREATE TABLE finance_columns (
    table_id INTEGER NOT NULL REFERENCES finance_tables (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key      TEXT NOT NULL,
    label    TEXT NOT NULL,
    decimals INTEGER NOT NULL CHECK (decimals >= 0),
    sum_of   TEXT NOT NULL,
    PRIMARY KEY (table_id, position),
    UNIQUE (table_id, key)
);

-- municipality is the CBS code of a row about one municipality, '' otherwise;
-- a gemeente user reads only the rows of his own municipalities.
CREATE TABLE finance_rows (
    table_id        INTEGER NOT NULL REFERENCES finance_tables (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    key             TEXT NOT NULL,
    label           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('line', 'subtotal', 'total')),
    section         TEXT NOT NULL,
    programme       TEXT NOT NULL,
    municipality    TEXT NOT NULL,
    sum_of          TEXT NOT NULL,
    source          TEXT NOT NULL,
    note            TEXT NOT NULL,
    uninterpretable TEXT NOT NULL,
    PRIMARY KEY (table_id, position),
    UNIQUE (table_id, key)
);
CREATE INDEX finance_rows_municipality ON finance_rows (municipality);

CREATE TABLE finance_cells (
    table_id   INTEGER NOT NULL,
    row_key    TEXT NOT NULL,
    column_key TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (table_id, row_key, column_key),
    FOREIGN KEY (table_id, row_key) REFERENCES finance_rows (table_id, key) ON DELETE CASCADE,
    FOREIGN KEY (table_id, column_key) REFERENCES finance_columns (table_id, key) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE finance_cells;
DROP TABLE finance_rows;
DROP TABLE finance_columns;
DROP TABLE finance_tables;
