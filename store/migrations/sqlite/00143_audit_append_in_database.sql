-- +goose Up
-- PostgreSQL's 00143 appends audit events in the database (audit_append),
-- to hold the chain's lock for one round trip. SQLite's write transactions
-- are serial already (BEGIN IMMEDIATE) and werkpad is the database's only
-- process, so it keeps appending from Go; this migration keeps the two
-- folders at one version.
SELECT 1;

-- +goose Down
SELECT 1;
