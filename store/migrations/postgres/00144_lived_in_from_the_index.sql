-- +goose Up
-- A report or start page of some municipalities reads the records of the
-- candidates who lived in them during the period (store.DB.livedIn): the
-- candidates come from this index, but each entry's row was read for its
-- to_date and candidate_id (at scale 100, Wijchen's half year: 28.000
-- entries, 55.500 buffers). With both in the index the list is read from
-- the index alone: the enrolments family of Wijchen's start page 90 -> 60
-- ms, and the same for every family a selection computes (enrolments,
-- work disability working, exits, wage subsidies). Same keys as before.
DROP INDEX candidate_history_value;
CREATE INDEX candidate_history_value ON candidate_history (attribute, value, from_date) INCLUDE (to_date, candidate_id);
ANALYZE candidate_history;

-- +goose Down
DROP INDEX candidate_history_value;
CREATE INDEX candidate_history_value ON candidate_history (attribute, value, from_date);
