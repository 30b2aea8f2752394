-- +goose Up
-- A report made in the background, with its progress and result. The
-- server keeps no state of its own: the job, its lease (so that two
-- instances never run it twice) and the finished file live here.
CREATE TABLE report_jobs (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope        TEXT NOT NULL,
    params       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'wachtend'
                 CHECK (status IN ('wachtend', 'bezig', 'klaar', 'mislukt')),
    progress     INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message      TEXT NOT NULL DEFAULT '',
    result       BLOB,
    content_type TEXT NOT NULL DEFAULT '',
    filename     TEXT NOT NULL DEFAULT '',
    lease_until  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX report_jobs_user ON report_jobs (user_id, created_at);

-- +goose Down
DROP TABLE report_jobs;
