-- +goose Up
-- The count of a phase list (/kandidaten?fase=…, the API's ?fase=) counts
-- the phase's periods still open on the day. phase_periods_running starts
-- with (to_date, from_date), so the count read every open period of every
-- phase with a first day up to the day and kept the phase's: at scale 100
-- the region's "bemiddelen" read 340.000 entries for 114.000 (PostgreSQL
-- 19 ms, SQLite 26 ms; under the load test 198 ms a call, PostgreSQL's
-- largest cost). This index holds the open periods only, by phase and
-- municipality: the same count reads its 114.000 (PostgreSQL 5 ms, SQLite
-- 9 ms), Nijmegen's 82.400 in 4 and 4,5 ms (21 and 30 ms before).
CREATE INDEX phase_periods_open ON phase_periods (phase, municipality, from_date) WHERE to_date IS NULL;
ANALYZE phase_periods;

-- A search by name (/kandidaten?naam=…) lists the candidates whose surname
-- or given name starts with a word, in name order. The prefix indexes of
-- 00010 found them, but the list then read every match's row to sort them
-- (a bitmap scan: a common surname of the demo region, 12.500 people at
-- scale 100, 21–37 ms; under the load test the most costly page query).
-- With the other name and the municipality in the index the list sorts the
-- index entries alone and reads only its page's rows (4 ms; its count 3,5
-- ms instead of 13): store.nameMatches. They replace the prefix indexes,
-- which had the same keys.
CREATE INDEX candidates_surname_search ON candidates (search_surname text_pattern_ops) INCLUDE (search_given, municipality, id);
CREATE INDEX candidates_given_search ON candidates (search_given text_pattern_ops) INCLUDE (search_surname, municipality, id);
DROP INDEX candidates_surname_prefix;
DROP INDEX candidates_given_prefix;
ANALYZE candidates;

-- +goose Down
CREATE INDEX candidates_surname_prefix ON candidates (search_surname text_pattern_ops);
CREATE INDEX candidates_given_prefix ON candidates (search_given text_pattern_ops);
DROP INDEX candidates_given_search;
DROP INDEX candidates_surname_search;
DROP INDEX phase_periods_open;
