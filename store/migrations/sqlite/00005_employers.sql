-- +goose Up
-- Employers, vacancies, work profiles, proposals and the werkgeversbonus.
-- Employers and vacancies are not person data and carry no scope; profiles
-- and proposals belong to a candidate and are scoped through him.

CREATE TABLE employers (
    id           INTEGER PRIMARY KEY,
    kvk          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    search_name  TEXT NOT NULL,  -- lower case, for search
    sector       TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL,  -- CBS code of the location; may lie outside the region
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX employers_search_name ON employers (search_name);
CREATE INDEX employers_municipality ON employers (municipality);

CREATE TABLE employer_contacts (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX employer_contacts_employer ON employer_contacts (employer_id, position);

CREATE TABLE employer_agreements (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    from_date   TEXT NOT NULL,
    to_date     TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX employer_agreements_employer ON employer_agreements (employer_id, from_date);

CREATE TABLE employer_contact_log (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    card_item    TEXT NOT NULL DEFAULT '',  -- DVO card item it counts toward, or ''
    municipality TEXT NOT NULL,             -- whose card line it counts toward
    created_by   INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX employer_contact_log_employer ON employer_contact_log (employer_id, on_date);
CREATE INDEX employer_contact_log_card ON employer_contact_log (municipality, card_item, on_date);

CREATE TABLE vacancies (
    id                   INTEGER PRIMARY KEY,
    employer_id          INTEGER NOT NULL REFERENCES employers (id),
    title                TEXT NOT NULL,
    search_title         TEXT NOT NULL,
    isco                 TEXT NOT NULL,
    isco_minor           TEXT NOT NULL,
    isco_major           TEXT NOT NULL,
    heavy                BOOLEAN NOT NULL,  -- occupation is physically heavy (from the ISCO list)
    customer_contact     BOOLEAN NOT NULL,
    minutes_per_week     INTEGER NOT NULL,
    positions            INTEGER NOT NULL DEFAULT 1,
    municipality         TEXT NOT NULL,
    driving_licence      BOOLEAN NOT NULL DEFAULT FALSE,
    driving_licence_hard BOOLEAN NOT NULL DEFAULT FALSE,
    language_rank        INTEGER NOT NULL DEFAULT 0,  -- 0 geen, 1 A1 .. 6 C2
    language_hard        BOOLEAN NOT NULL DEFAULT FALSE,
    start_date           TEXT,
    status               TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX vacancies_employer ON vacancies (employer_id, status);
CREATE INDEX vacancies_isco ON vacancies (status, isco);
CREATE INDEX vacancies_isco_minor ON vacancies (status, isco_minor);
CREATE INDEX vacancies_isco_major ON vacancies (status, isco_major);

CREATE TABLE vacancy_certificates (
    vacancy_id INTEGER NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    hard       BOOLEAN NOT NULL,
    PRIMARY KEY (vacancy_id, name)
);

-- The work profile. Occupations and certificates are kept twice: as rows
-- (for the indexed pre-filters of matching) and as a comma list on the
-- profile (so that scoring reads one row per candidate).
CREATE TABLE candidate_profiles (
    candidate_id        INTEGER PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    occupations         TEXT NOT NULL DEFAULT '',  -- '9321,9333'
    has_occupations     BOOLEAN NOT NULL,
    min_minutes         INTEGER NOT NULL,
    max_minutes         INTEGER NOT NULL,
    municipalities      TEXT NOT NULL DEFAULT '',  -- 'GM0296,GM0209'
    travel_km           INTEGER NOT NULL DEFAULT 0,
    driving_licence     BOOLEAN NOT NULL DEFAULT FALSE,
    language_rank       INTEGER NOT NULL DEFAULT 0,
    certificates        TEXT NOT NULL DEFAULT '',  -- ',vca,bhv,' (leading and trailing comma for LIKE)
    no_heavy_work       BOOLEAN NOT NULL DEFAULT FALSE,
    no_customer_contact BOOLEAN NOT NULL DEFAULT FALSE,
    restriction_note    TEXT NOT NULL DEFAULT '',
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX candidate_profiles_open ON candidate_profiles (has_occupations);

CREATE TABLE candidate_profile_occupations (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    isco         TEXT NOT NULL,
    isco_minor   TEXT NOT NULL,
    isco_major   TEXT NOT NULL,
    PRIMARY KEY (candidate_id, isco)
);
CREATE INDEX candidate_profile_occupations_isco ON candidate_profile_occupations (isco, candidate_id);
CREATE INDEX candidate_profile_occupations_minor ON candidate_profile_occupations (isco_minor, candidate_id);
CREATE INDEX candidate_profile_occupations_major ON candidate_profile_occupations (isco_major, candidate_id);

CREATE TABLE candidate_profile_certificates (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    PRIMARY KEY (candidate_id, name)
);

CREATE TABLE proposals (
    id           INTEGER PRIMARY KEY,
    vacancy_id   INTEGER NOT NULL REFERENCES vacancies (id),
    candidate_id INTEGER NOT NULL REFERENCES candidates (id),
    status       TEXT NOT NULL,
    proposed_on  TEXT NOT NULL,
    status_on    TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    score        INTEGER NOT NULL DEFAULT 0,
    placement_id INTEGER REFERENCES placements (id),
    secondment_override TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX proposals_candidate ON proposals (candidate_id, proposed_on);
CREATE INDEX proposals_vacancy ON proposals (vacancy_id, status);

CREATE TABLE bonus_grants (
    id                INTEGER PRIMARY KEY,
    employer_id       INTEGER NOT NULL REFERENCES employers (id),
    amount_cents      INTEGER NOT NULL,
    granted_on        TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    active_placements INTEGER NOT NULL,
    created_by        INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX bonus_grants_employer ON bonus_grants (employer_id, granted_on);

-- placements.employer_id exists since 00002 without a reference; SQLite
-- cannot add a foreign key to an existing column, so triggers enforce it.
CREATE TRIGGER placements_employer_insert BEFORE INSERT ON placements
WHEN NEW.employer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employers WHERE id = NEW.employer_id)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: placements.employer_id'); END;
CREATE TRIGGER placements_employer_update BEFORE UPDATE OF employer_id ON placements
WHEN NEW.employer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employers WHERE id = NEW.employer_id)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: placements.employer_id'); END;
CREATE INDEX placements_employer ON placements (employer_id, start_date);
CREATE INDEX placements_secondment ON placements (secondment_job, start_date);

-- +goose Down
DROP INDEX placements_secondment;
DROP INDEX placements_employer;
DROP TRIGGER placements_employer_update;
DROP TRIGGER placements_employer_insert;
DROP TABLE bonus_grants;
DROP TABLE proposals;
DROP TABLE candidate_profile_certificates;
DROP TABLE candidate_profile_occupations;
DROP TABLE candidate_profiles;
DROP TABLE vacancy_certificates;
DROP TABLE vacancies;
DROP TABLE employer_contact_log;
DROP TABLE employer_agreements;
DROP TABLE employer_contacts;
DROP TABLE employers;
