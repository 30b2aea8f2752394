-- +goose Up
-- Dated contract hours and loonwaarde of a placement. A re-assessment of
-- the loonwaarde or a change of hours takes effect on a day; the LKS
-- figures of a period read the terms of their own day, so a change never
-- rewrites a past report. Empty for a placement whose terms never changed
-- (placements holds them); otherwise the first row starts on the start date
-- and placements holds the latest.
CREATE TABLE placement_terms (
    id                        INTEGER PRIMARY KEY,
    placement_id              INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    from_date                 TEXT NOT NULL,
    contract_minutes_per_week INTEGER NOT NULL,
    wage_value_bp             INTEGER NOT NULL DEFAULT 0,
    UNIQUE (placement_id, from_date)
);

-- +goose Down
DROP TABLE placement_terms;
