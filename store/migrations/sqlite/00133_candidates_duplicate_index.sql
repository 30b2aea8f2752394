-- +goose Up
-- PostgreSQL drops a duplicate index here; SQLite never had it
-- (candidates_search_given is its only index on search_given).
SELECT 1;

-- +goose Down
SELECT 1;
