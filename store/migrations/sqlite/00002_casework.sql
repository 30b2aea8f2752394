-- +goose Up
-- Casework: candidates and everything dated about them. Every table about a
-- person carries the municipality (denormalised from the candidate) so that
-- the scope filter and the per-municipality reports need no join. Dates are
-- TEXT 'YYYY-MM-DD' (sorting as dates); hours are minutes, loonwaarde basis
-- points.

CREATE TABLE candidates (
    id              INTEGER PRIMARY KEY,
    municipality    TEXT NOT NULL REFERENCES municipalities (code),
    bsn_encrypted   TEXT NOT NULL,
    bsn_hash        TEXT NOT NULL UNIQUE,
    bsn_last4       TEXT NOT NULL,
    given_name      TEXT NOT NULL,
    infix           TEXT NOT NULL DEFAULT '',
    surname         TEXT NOT NULL,
    search_given    TEXT NOT NULL,   -- lower case, for prefix search
    search_surname  TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    service_line    TEXT NOT NULL,
    registered_on   TEXT NOT NULL,
    deregistered_on TEXT,
    consultant_id   INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX candidates_municipality_surname ON candidates (municipality, search_surname);
CREATE INDEX candidates_search_given ON candidates (search_given);
CREATE INDEX candidates_consultant ON candidates (consultant_id);
CREATE INDEX candidates_birth_date ON candidates (birth_date);
CREATE INDEX candidates_registered ON candidates (municipality, registered_on);

CREATE TABLE benefit_periods (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    kind         TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    to_date      TEXT
);
CREATE INDEX benefit_periods_candidate ON benefit_periods (candidate_id, from_date);
CREATE INDEX benefit_periods_report ON benefit_periods (municipality, kind, from_date);

CREATE TABLE indications (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    kind         TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    to_date      TEXT
);
CREATE INDEX indications_candidate ON indications (candidate_id, from_date);
CREATE INDEX indications_report ON indications (municipality, kind, from_date);

CREATE TABLE phase_periods (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    phase        TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    to_date      TEXT
);
CREATE INDEX phase_periods_candidate ON phase_periods (candidate_id, from_date);
CREATE INDEX phase_periods_report ON phase_periods (municipality, phase, from_date);

CREATE TABLE referrals (
    id                        INTEGER PRIMARY KEY,
    municipality              TEXT NOT NULL REFERENCES municipalities (code),
    candidate_id              INTEGER REFERENCES candidates (id),
    duplicate_of_candidate_id INTEGER REFERENCES candidates (id),
    bsn_encrypted             TEXT NOT NULL,
    bsn_hash                  TEXT NOT NULL,
    bsn_last4                 TEXT NOT NULL,
    given_name                TEXT NOT NULL,
    infix                     TEXT NOT NULL DEFAULT '',
    surname                   TEXT NOT NULL,
    birth_date                TEXT NOT NULL,
    reason                    TEXT NOT NULL,
    documents                 TEXT NOT NULL DEFAULT '[]', -- JSON array of names
    warm_handover             BOOLEAN NOT NULL DEFAULT FALSE,
    referred_on               TEXT NOT NULL,
    status                    TEXT NOT NULL,
    intake_date               TEXT,
    intake_location           TEXT NOT NULL DEFAULT '',
    intake_daypart            TEXT NOT NULL DEFAULT '',
    intake_held_on            TEXT,
    outcome                   TEXT NOT NULL DEFAULT '',
    reported_on               TEXT,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_by                INTEGER NOT NULL,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE INDEX referrals_list ON referrals (municipality, status, referred_on);
CREATE INDEX referrals_referred_on ON referrals (municipality, referred_on);
CREATE INDEX referrals_bsn_hash ON referrals (bsn_hash);
CREATE INDEX referrals_candidate ON referrals (candidate_id);

CREATE TABLE referral_events (
    id              INTEGER PRIMARY KEY,
    referral_id     INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    municipality    TEXT NOT NULL REFERENCES municipalities (code),
    seq             INTEGER NOT NULL,
    status          TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    intake_date     TEXT,
    intake_location TEXT NOT NULL DEFAULT '',
    intake_daypart  TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (referral_id, seq)
);
CREATE INDEX referral_events_report ON referral_events (municipality, status, on_date);

CREATE TABLE instruments (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    sort   INTEGER NOT NULL DEFAULT 0
);
-- werkpad.DefaultInstruments; store tests check the two agree.
INSERT INTO instruments (code, name, kind, sort) VALUES
    ('wmbu', 'Werkplek met behoud van uitkering', 'werken-met-behoud', 1),
    ('leerwerkplek', 'Leerwerkplek', 'werken-met-behoud', 2),
    ('taalstage', 'Taalstage', 'werken-met-behoud', 3),
    ('ownw', 'Op Weg Naar Werk', 'ownw', 4),
    ('versnelling', 'De Versnelling', 'traject', 5),
    ('samen-sterk', 'Samen sterk naar werk', 'traject', 6),
    ('activering', 'Activeringstraject', 'traject', 7),
    ('ips', 'IPS (Individuele Plaatsing en Steun)', 'traject', 8),
    ('map', 'MAP / inburgering', 'traject', 9),
    ('multiproblematiek', 'Intensieve begeleiding multiproblematiek', 'begeleiding', 10),
    ('zorgjongeren', 'Zorgjongerenbegeleiding', 'begeleiding', 11),
    ('participatiecoaching', 'Participatiecoaching', 'begeleiding', 12),
    ('jobcoaching', 'Jobcoaching', 'begeleiding', 13);

CREATE TABLE enrolments (
    id                   INTEGER PRIMARY KEY,
    candidate_id         INTEGER NOT NULL REFERENCES candidates (id),
    municipality         TEXT NOT NULL REFERENCES municipalities (code),
    instrument_code      TEXT NOT NULL REFERENCES instruments (code),
    from_date            TEXT NOT NULL,
    to_date              TEXT,
    result               TEXT NOT NULL DEFAULT '',
    wwb_minutes_per_week INTEGER,          -- werken met behoud van uitkering
    wwb_host             TEXT,
    wwb_to_paid_work     BOOLEAN,
    ownw_dayparts        INTEGER,          -- Op Weg Naar Werk
    ownw_provider        TEXT,
    ownw_outcome         TEXT,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX enrolments_candidate ON enrolments (candidate_id, from_date);
CREATE INDEX enrolments_report ON enrolments (municipality, instrument_code, from_date);

CREATE TABLE placements (
    id                        INTEGER PRIMARY KEY,
    candidate_id              INTEGER NOT NULL REFERENCES candidates (id),
    municipality              TEXT NOT NULL REFERENCES municipalities (code),
    employer_name             TEXT NOT NULL,
    employer_id               INTEGER,  -- the employer register comes later
    start_date                TEXT NOT NULL,
    end_date                  TEXT,
    contract_minutes_per_week INTEGER NOT NULL,
    contract_type             TEXT NOT NULL,
    wage_subsidy              BOOLEAN NOT NULL DEFAULT FALSE,
    wage_value_bp             INTEGER NOT NULL DEFAULT 0,
    reassess_on               TEXT,
    secondment_job            BOOLEAN NOT NULL DEFAULT FALSE,
    sheltered                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE INDEX placements_candidate ON placements (candidate_id, start_date);
CREATE INDEX placements_report ON placements (municipality, start_date);
CREATE INDEX placements_end ON placements (municipality, end_date);

CREATE TABLE exits (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    exit_date    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    placement_id INTEGER REFERENCES placements (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX exits_candidate ON exits (candidate_id);
CREATE INDEX exits_report ON exits (municipality, exit_date, reason);

CREATE TABLE signals (
    id            INTEGER PRIMARY KEY,
    candidate_id  INTEGER NOT NULL REFERENCES candidates (id),
    municipality  TEXT NOT NULL REFERENCES municipalities (code),
    signal_date   TEXT NOT NULL,
    behaviour     TEXT NOT NULL,
    advice        TEXT NOT NULL,
    consultant_id INTEGER REFERENCES users (id),
    decision      TEXT NOT NULL,
    decision_date TEXT,
    decision_text TEXT NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX signals_candidate ON signals (candidate_id);
CREATE INDEX signals_list ON signals (municipality, decision, signal_date);

-- +goose Down
DROP TABLE signals;
DROP TABLE exits;
DROP TABLE placements;
DROP TABLE enrolments;
DROP TABLE instruments;
DROP TABLE referral_events;
DROP TABLE referrals;
DROP TABLE phase_periods;
DROP TABLE indications;
DROP TABLE benefit_periods;
DROP TABLE candidates;
