-- +goose Up
-- Sign-in throttling per address refuses only for a short cool-down after
-- the last failure, so that others behind the same address are not locked
-- out for long.
ALTER TABLE signin_failures_by_ip ADD COLUMN last_failure_at TIMESTAMPTZ;
-- The fingerprint of the key that seals the BSNs in this database, so that
-- werkpad refuses to start with another key instead of failing on every
-- candidate. rotating_to is set while werkpad key rotate re-seals the rows
-- (resumable: rows with id <= the progress columns carry the new key).
CREATE TABLE key_check (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint        TEXT NOT NULL,
    rotating_to        TEXT,
    rotated_candidates BIGINT NOT NULL DEFAULT 0,
    rotated_referrals  BIGINT NOT NULL DEFAULT 0,
    changed_at         TIMESTAMPTZ NOT NULL
);
-- /readyz writes this one row, so that a full disk or a read-only database
-- makes the instance not ready instead of answering ok.
CREATE TABLE ready_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TIMESTAMPTZ NOT NULL
);
INSERT INTO ready_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE ready_probe;
DROP TABLE key_check;
ALTER TABLE signin_failures_by_ip DROP COLUMN last_failure_at;
