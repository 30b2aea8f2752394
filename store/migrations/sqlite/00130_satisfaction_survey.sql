-- +goose Up
-- Candidate satisfaction (kandidaattevredenheid, DVO 2024-2025 art. 14.1).
-- The questions are data: a question is retired (active = false), never
-- rewritten, so that old answers keep their meaning. A scale question has
-- a lowest and highest score with their labels; an open question has none.
CREATE TABLE survey_questions (
    code       TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('schaal', 'open')),
    scale_min  INTEGER NOT NULL DEFAULT 0,
    scale_max  INTEGER NOT NULL DEFAULT 0,
    label_min  TEXT NOT NULL DEFAULT '',
    label_max  TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO survey_questions (code, position, text, kind, scale_min, scale_max, label_min, label_max) VALUES
    ('begeleiding', 1, 'Hoe tevreden bent u over de begeleiding door uw consulent?', 'schaal', 1, 5, 'zeer ontevreden', 'zeer tevreden'),
    ('afspraken', 2, 'Hoe tevreden bent u over hoe het WerkBedrijf afspraken met u nakwam?', 'schaal', 1, 5, 'zeer ontevreden', 'zeer tevreden'),
    ('resultaat', 3, 'Hoe tevreden bent u over wat de begeleiding u heeft opgeleverd?', 'schaal', 1, 5, 'zeer ontevreden', 'zeer tevreden'),
    ('cijfer', 4, 'Welk rapportcijfer geeft u het WerkBedrijf?', 'schaal', 1, 10, 'zeer slecht', 'uitstekend'),
    ('verbetering', 5, 'Wat kunnen wij beter doen? (niet verplicht; noem geen namen of andere persoonsgegevens)', 'open', 0, 0, '', '');

-- An invitation is one link for one occasion (an exit or a placement). Only
-- the SHA-256 of its token is stored: the link is shown once, to the
-- consultant who hands it to the candidate, and carries nothing about the
-- person. municipality and service_line are those of the occasion, fixed on
-- the day the invitation was made: a later move does not take it along.
CREATE TABLE survey_invitations (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    service_line TEXT NOT NULL,
    occasion     TEXT NOT NULL CHECK (occasion IN ('uitstroom', 'plaatsing')),
    occasion_id  INTEGER NOT NULL,
    invited_on   TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    answered_on  TEXT,
    created_by   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (occasion, occasion_id)
);
CREATE INDEX survey_invitations_candidate ON survey_invitations (candidate_id);
CREATE INDEX survey_invitations_figures ON survey_invitations (municipality, invited_on);

-- A response holds no link to the candidate or the invitation: the answers
-- are anonymous. It carries what the figures are cut by.
CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    service_line TEXT NOT NULL,
    occasion     TEXT NOT NULL,
    invited_on   TEXT NOT NULL,
    answered_on  TEXT NOT NULL
);
CREATE INDEX survey_responses_figures ON survey_responses (municipality, invited_on);
CREATE TABLE survey_answers (
    response_id   INTEGER NOT NULL REFERENCES survey_responses (id),
    question_code TEXT NOT NULL REFERENCES survey_questions (code),
    score         INTEGER,
    answer_text   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_code)
);
INSERT INTO processing_activities (id, name, purpose, legal_basis) VALUES
    ('tevredenheidsonderzoek', 'Tevredenheidsonderzoek kandidaten', 'Kandidaten na uitstroom of plaatsing een eenmalige link geven naar een korte, anonieme enquête over de dienstverlening; de antwoorden zijn niet herleidbaar tot de persoon.',
     'DVO 2024-2025 art. 14.1; AVG art. 6 lid 1 onder e');

-- +goose Down
DELETE FROM processing_activities WHERE id = 'tevredenheidsonderzoek';
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE survey_questions;
