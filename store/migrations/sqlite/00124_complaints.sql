-- +goose Up
-- Complaints about the WerkBedrijf's conduct, handled under chapter 9 of
-- the Awb (DVO 2024-2025 art. 12.1): receipt, acknowledgement,
-- postponement and decision, each dated. municipality follows the
-- candidate (who may see the complaint: the municipality he lives in now);
-- received_municipality is his municipality on the day of receipt and never
-- moves: the report counts the complaint there.
CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY,
    candidate_id     INTEGER NOT NULL REFERENCES candidates (id),
    municipality     TEXT NOT NULL REFERENCES municipalities (code),
    received_municipality TEXT NOT NULL REFERENCES municipalities (code),
    received_on      TEXT NOT NULL,
    subject          TEXT NOT NULL,
    description      TEXT NOT NULL,
    acknowledged_on  TEXT,
    postponed_to     TEXT,
    postponed_on     TEXT,
    postpone_consent BOOLEAN NOT NULL DEFAULT FALSE,
    postpone_reason  TEXT NOT NULL DEFAULT '',
    decided_on       TEXT,
    outcome          TEXT NOT NULL DEFAULT '',
    decision_text    TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users (id),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX complaints_list ON complaints (municipality, received_on);
CREATE INDEX complaints_candidate ON complaints (candidate_id);
CREATE INDEX complaints_received ON complaints (received_municipality, received_on);
INSERT INTO processing_activities (id, name, purpose, legal_basis) VALUES
    ('klachtbehandeling', 'Klachtbehandeling', 'Klachten over de gedragingen van het WerkBedrijf registreren, behandelen en afhandelen binnen de wettelijke termijn.',
     'Algemene wet bestuursrecht hoofdstuk 9; DVO 2024-2025 art. 12.1; AVG art. 6 lid 1 onder c');

-- +goose Down
DELETE FROM processing_activities WHERE id = 'klachtbehandeling';
DROP TABLE complaints;
