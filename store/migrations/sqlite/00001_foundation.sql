-- +goose Up
CREATE TABLE municipalities (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    sw_only BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO municipalities (code, name, sw_only) VALUES
    ('GM0268', 'Nijmegen', FALSE),
    ('GM1945', 'Berg en Dal', FALSE),
    ('GM0209', 'Beuningen', FALSE),
    ('GM0225', 'Druten', FALSE),
    ('GM0252', 'Heumen', FALSE),
    ('GM0944', 'Mook en Middelaar', FALSE),
    ('GM0296', 'Wijchen', FALSE),
    ('GM0668', 'West Maas en Waal', TRUE);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    failed_signins  INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    last_signin_at  TIMESTAMP
);

CREATE TABLE user_municipalities (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    PRIMARY KEY (user_id, municipality)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE signin_failures_by_ip (
    ip           TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
    actor_id     INTEGER NOT NULL,
    actor_email  TEXT NOT NULL,
    role         TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The audit log is append-only, also for someone with a SQL prompt who
-- forgets; a deliberate tamperer is caught by the hash chain.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- +goose Down
DROP TABLE audit_events;
DROP TABLE api_tokens;
DROP TABLE signin_failures_by_ip;
DROP TABLE sessions;
DROP TABLE user_municipalities;
DROP TABLE users;
DROP TABLE municipalities;
