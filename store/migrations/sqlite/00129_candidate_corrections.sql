-- +goose Up
-- Rectification (AVG art. 16) keeps its history: a corrected name or birth
-- date is recorded with the value it replaced, who corrected it and when,
-- so that the person's copy (inzage) shows what was corrected. Personal
-- data: erased with the candidate by retention.
CREATE TABLE candidate_corrections (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    field        TEXT NOT NULL,
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    corrected_at TIMESTAMP NOT NULL,
    corrected_by INTEGER
);
CREATE INDEX candidate_corrections_candidate ON candidate_corrections (candidate_id, corrected_at);

-- +goose Down
DROP TABLE candidate_corrections;
