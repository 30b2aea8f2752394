-- +goose Up
-- The personnel number of a Wsw employee, as the SW company knows him: the
-- way to find and tell apart 1.400 employees without a candidate record.
-- Empty when not (yet) recorded; unique when given.
ALTER TABLE sw_employees ADD COLUMN personnel_number TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX sw_employees_personnel_number ON sw_employees (personnel_number) WHERE personnel_number <> '';

-- +goose Down
DROP INDEX sw_employees_personnel_number;
ALTER TABLE sw_employees DROP COLUMN personnel_number;
