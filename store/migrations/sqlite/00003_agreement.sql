-- +goose Up
-- The DVO: one row per version; its card, its municipality-years and their
-- lines and extras as loaded. Amounts in cents, quantities in thousandths.
-- position keeps the order of the document, so that the agreement read back
-- is the agreement loaded.
CREATE TABLE agreements (
    version     TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    loaded_at   TIMESTAMP NOT NULL
);

CREATE TABLE agreement_part_years (
    version  TEXT NOT NULL REFERENCES agreements (version) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    year     INTEGER NOT NULL,
    note     TEXT NOT NULL,
    article  TEXT NOT NULL,
    PRIMARY KEY (version, position)
);

CREATE TABLE agreement_card_items (
    version          TEXT NOT NULL REFERENCES agreements (version) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    unit_price_cents BIGINT NOT NULL,
    quote            TEXT NOT NULL,
    article          TEXT NOT NULL,
    PRIMARY KEY (version, code)
);

-- The years in which the card offers an item (zorgjongeren: 2024 only).
CREATE TABLE agreement_card_item_years (
    version  TEXT NOT NULL,
    code     TEXT NOT NULL,
    position INTEGER NOT NULL,
    year     INTEGER NOT NULL,
    PRIMARY KEY (version, code, position),
    FOREIGN KEY (version, code) REFERENCES agreement_card_items (version, code) ON DELETE CASCADE
);

CREATE TABLE agreement_years (
    id                      INTEGER PRIMARY KEY,
    version                 TEXT NOT NULL REFERENCES agreements (version) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    municipality            TEXT NOT NULL REFERENCES municipalities (code),
    municipality_name       TEXT NOT NULL,
    year                    INTEGER NOT NULL,
    budget_cents            BIGINT NOT NULL,
    budget_article          TEXT NOT NULL,
    old_obligations_cents   BIGINT NOT NULL,
    old_obligations_article TEXT NOT NULL,
    UNIQUE (version, municipality, year)
);

CREATE TABLE agreement_extras (
    agreement_year_id INTEGER NOT NULL REFERENCES agreement_years (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    description       TEXT NOT NULL,
    amount_cents      BIGINT NOT NULL,
    has_amount        BOOLEAN NOT NULL,
    in_local_budget   BOOLEAN NOT NULL,
    article           TEXT NOT NULL,
    page              INTEGER NOT NULL,
    PRIMARY KEY (agreement_year_id, position)
);

CREATE TABLE agreement_lines (
    agreement_year_id INTEGER NOT NULL REFERENCES agreement_years (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    item              TEXT NOT NULL,
    quantity_milli    BIGINT NOT NULL,
    agreed_cents      BIGINT NOT NULL,
    has_agreed        BOOLEAN NOT NULL,
    description       TEXT NOT NULL,
    article           TEXT NOT NULL,
    page              INTEGER NOT NULL,
    PRIMARY KEY (agreement_year_id, position)
);

-- Amendments of local choices (art. 16.3): the lines of one
-- municipality-year before and after, and the two written consents.
CREATE TABLE agreement_amendments (
    id                INTEGER PRIMARY KEY,
    agreement_year_id INTEGER NOT NULL REFERENCES agreement_years (id),
    version           TEXT NOT NULL,
    municipality      TEXT NOT NULL,
    year              INTEGER NOT NULL,
    effective_from    DATE NOT NULL,
    reason            TEXT NOT NULL,
    document_ref      TEXT NOT NULL,
    status            TEXT NOT NULL,
    proposed_by       TEXT NOT NULL,
    proposed_at       TIMESTAMP NOT NULL,
    in_force_at       TIMESTAMP
);
CREATE INDEX agreement_amendments_year ON agreement_amendments (version, municipality, year);

CREATE TABLE agreement_amendment_lines (
    amendment_id   INTEGER NOT NULL REFERENCES agreement_amendments (id),
    side           TEXT NOT NULL CHECK (side IN ('voor', 'na')),
    position       INTEGER NOT NULL,
    item           TEXT NOT NULL,
    quantity_milli BIGINT NOT NULL,
    agreed_cents   BIGINT NOT NULL,
    has_agreed     BOOLEAN NOT NULL,
    description    TEXT NOT NULL,
    article        TEXT NOT NULL,
    page           INTEGER NOT NULL,
    PRIMARY KEY (amendment_id, side, position)
);

CREATE TABLE agreement_amendment_approvals (
    amendment_id  INTEGER NOT NULL REFERENCES agreement_amendments (id),
    party         TEXT NOT NULL CHECK (party IN ('gemeente', 'mgr-bestuur')),
    approved_on   DATE NOT NULL,
    approver_name TEXT NOT NULL,
    document_ref  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (amendment_id, party)
);

-- Realisation (art. 14.2): the quantity delivered of a card item in a half
-- year. Recording it again replaces the quantity; the audit log keeps the old.
CREATE TABLE agreement_realisations (
    agreement_year_id INTEGER NOT NULL REFERENCES agreement_years (id),
    item              TEXT NOT NULL,
    half              INTEGER NOT NULL CHECK (half IN (1, 2)),
    quantity_milli    BIGINT NOT NULL CHECK (quantity_milli >= 0),
    note              TEXT NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_year_id, item, half)
);

-- +goose Down
DROP TABLE agreement_realisations;
DROP TABLE agreement_amendment_approvals;
DROP TABLE agreement_amendment_lines;
DROP TABLE agreement_amendments;
DROP TABLE agreement_lines;
DROP TABLE agreement_extras;
DROP TABLE agreement_years;
DROP TABLE agreement_card_item_years;
DROP TABLE agreement_card_items;
DROP TABLE agreement_part_years;
DROP TABLE agreements;
