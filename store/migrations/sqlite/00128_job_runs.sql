-- +goose Up
-- Daily jobs (the retention run) that one instance of many does per day:
-- the day it last ran and a lease while it runs.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    last_day    TEXT,
    lease_until TIMESTAMP
);

-- +goose Down
DROP TABLE job_runs;
