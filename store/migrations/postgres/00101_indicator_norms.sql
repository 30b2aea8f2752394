-- +goose Up
-- Norms of the performance indicators (art. 13 DVO): set each year in the
-- MGR budget, regionally (municipality '') and where set per municipality.
-- Each norm carries its source. werkpad ships none: the documents state no
-- numbers, and a report says "geen norm vastgesteld" instead.
CREATE TABLE indicator_norms (
    municipality TEXT NOT NULL DEFAULT '',
    indicator    TEXT NOT NULL,
    year         INTEGER NOT NULL,
    value        BIGINT NOT NULL CHECK (value >= 0),
    source       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality, year, indicator)
);

-- +goose Down
DROP TABLE indicator_norms;
