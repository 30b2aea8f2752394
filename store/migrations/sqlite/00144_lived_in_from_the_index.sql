-- +goose Up
-- PostgreSQL's 00144 makes candidate_history_value cover the list of
-- candidates who lived in a municipality (to_date and candidate_id in the
-- index). Not measured on SQLite, so not changed there; this migration
-- keeps the two folders at one version.
SELECT 1;

-- +goose Down
SELECT 1;
