-- +goose Up
-- The written consent of each party to a drafted agreement (art. 16.1 with
-- the consent model of art. 16.3): every municipality of the agreement and
-- the MGR board (municipality ''). The last consent brings the version in
-- force (agreements.status).
CREATE TABLE agreement_consents (
    version       TEXT NOT NULL REFERENCES agreements (version) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('gemeente', 'mgr-bestuur')),
    municipality  TEXT NOT NULL,
    approved_on   DATE NOT NULL,
    approver_name TEXT NOT NULL,
    document_ref  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (version, party, municipality)
);

-- +goose Down
DROP TABLE agreement_consents;
