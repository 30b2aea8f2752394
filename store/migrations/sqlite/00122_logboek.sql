-- +goose Up
-- The Logboek Dataverwerkingen (Logius/MinBZK standard): one record per
-- data subject per processing of personal data, with the W3C trace context,
-- the processing activity from the register below and the status. Append-
-- only, like the audit log. The register of processing activities (AVG
-- art. 30) is data: name, purpose and legal basis per activity.
CREATE TABLE processing_activities (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    legal_basis TEXT NOT NULL
);
INSERT INTO processing_activities (id, name, purpose, legal_basis) VALUES
    ('re-integratie', 'Re-integratie en begeleiding naar werk', 'Kandidaten van de aangesloten gemeenten ondersteunen naar werk: intake, trajecten en instrumenten, plaatsingen, uitstroom en het dossier daarvan.', 'Participatiewet art. 7 lid 1 onder a en art. 10; dienstverleningsovereenkomst (DVO) 2024-2025; AVG art. 6 lid 1 onder e'),
    ('aanmelding', 'Aanmelding door de gemeente', 'Een gemeente meldt een inwoner aan bij het WerkBedrijf; intake en terugmelding aan de gemeente.', 'Participatiewet art. 7; DVO 2024-2025; AVG art. 6 lid 1 onder e'),
    ('signalen', 'Signalen over arbeidsverplichtingen', 'De gemeente informeren over het nakomen van arbeidsverplichtingen; het besluit blijft bij de gemeente.', 'Participatiewet art. 9 en 18; AVG art. 6 lid 1 onder c en e'),
    ('werkgeversdienstverlening', 'Werkgeversdienstverlening en bemiddeling', 'Kandidaten voorstellen bij vacatures, werkprofielen bijhouden en plaatsingen bij werkgevers regelen.', 'Participatiewet art. 7 lid 1 onder a; AVG art. 6 lid 1 onder e'),
    ('loonkostensubsidie', 'Loonkostensubsidie', 'Loonwaarde vastleggen, herbeoordelen en loonkostensubsidie berekenen.', 'Participatiewet art. 10c en 10d; AVG art. 6 lid 1 onder c en e'),
    ('wsw', 'Uitvoering Wet sociale werkvoorziening', 'Dienstbetrekkingen, werkvormen, verzuim en beschut werk van Wsw-medewerkers bijhouden.', 'Wet sociale werkvoorziening; Participatiewet art. 10b; AVG art. 6 lid 1 onder b en e'),
    ('verantwoording', 'Verantwoording aan de gemeenten', 'Rapportagecijfers herleiden tot de dossiers waaruit zij zijn berekend (uitsplitsing van een cijfer).', 'DVO 2024-2025 art. 14; AVG art. 6 lid 1 onder e'),
    ('niet-ingedeeld', 'Niet ingedeelde verwerking', 'Een verwerking via een route die nog niet aan een verwerkingsactiviteit is gekoppeld; hoort niet voor te komen en wordt door de tests geweigerd.', '-');

CREATE TABLE processing_log (
    id                  INTEGER PRIMARY KEY,
    trace_id            TEXT NOT NULL,
    operation_id        TEXT NOT NULL,
    parent_operation_id TEXT NOT NULL DEFAULT '',
    name                TEXT NOT NULL,
    status_code         INTEGER NOT NULL,
    start_time          TIMESTAMP NOT NULL,
    end_time            TIMESTAMP NOT NULL,
    activity_id         TEXT NOT NULL REFERENCES processing_activities (id),
    subject_kind        TEXT NOT NULL,
    subject_id          INTEGER NOT NULL,
    user_id             INTEGER NOT NULL,
    role                TEXT NOT NULL
);
CREATE INDEX processing_log_subject ON processing_log (subject_kind, subject_id, start_time);
CREATE INDEX processing_log_start ON processing_log (start_time);
CREATE TRIGGER processing_log_no_update BEFORE UPDATE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END;
CREATE TRIGGER processing_log_no_delete BEFORE DELETE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END;

-- +goose Down
DROP TABLE processing_log;
DROP TABLE processing_activities;
