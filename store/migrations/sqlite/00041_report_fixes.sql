-- +goose Up
-- A fixed ("vastgesteld") report of a period: the figures as they were
-- computed, the definitions version, who fixed it and when, and the
-- attributed records the figures were computed from, with their
-- fingerprint (sha256). The drift since fixing compares these records
-- with the records that count now. A period may be fixed again; the
-- latest fixing is the one in force.
CREATE TABLE report_fixes (
    id           INTEGER PRIMARY KEY,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    definitions  TEXT NOT NULL,
    fixed_by     INTEGER NOT NULL REFERENCES users (id),
    fixed_by_email TEXT NOT NULL,
    fixed_at     TIMESTAMP NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    fingerprint  TEXT NOT NULL,
    figures      TEXT NOT NULL,
    records      TEXT NOT NULL
);
CREATE INDEX report_fixes_period ON report_fixes (period_from, period_to, id);

-- +goose Down
DROP TABLE report_fixes;
