-- +goose Up
-- The count of the Wsw employees in service on a day in some
-- municipalities (the list on /sw of a gemeente user, or with a chosen
-- gemeente) searched this index by municipality and first day and then
-- read every row for the last day: 67.200 rows for Nijmegen at scale 100,
-- 100-200 ms on SQLite. With the last day in the index the count reads the
-- index alone (7 ms).
DROP INDEX sw_employees_report;
CREATE INDEX sw_employees_report ON sw_employees (municipality, start_date, end_date);

-- A consulent's caseload (his start page, "mijn kandidaten") in name
-- order. Most candidates may have no consulent: SQLite's statistics of
-- candidates_consultant then count the NULLs as one large group, and it
-- walked the whole name index to find his 24 (1,5-5 s at scale 100). This
-- index holds only candidates with a consulent, in the list's order.
CREATE INDEX candidates_caseload ON candidates (consultant_id, search_surname, search_given, id) WHERE consultant_id IS NOT NULL;
ANALYZE sw_employees;
ANALYZE candidates;

-- +goose Down
DROP INDEX candidates_caseload;
DROP INDEX sw_employees_report;
CREATE INDEX sw_employees_report ON sw_employees (municipality, start_date);
