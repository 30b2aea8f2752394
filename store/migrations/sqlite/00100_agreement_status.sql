-- +goose Up
-- The life cycle of the DVO (art. 16.1): a version is a concept until every
-- municipality and the MGR board consented, then in force. A loaded
-- document is in force. based_on names the version a concept was drafted
-- from.
ALTER TABLE agreements ADD COLUMN status TEXT NOT NULL DEFAULT 'van kracht';
ALTER TABLE agreements ADD COLUMN based_on TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agreements DROP COLUMN based_on;
ALTER TABLE agreements DROP COLUMN status;
