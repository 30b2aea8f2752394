-- +goose Up
-- The caseload list pages in name order: walk these indexes instead of
-- sorting, for the whole region and for one municipality.
CREATE INDEX candidates_name_order ON candidates (search_surname, search_given, id);
DROP INDEX candidates_municipality_surname;
CREATE INDEX candidates_municipality_name ON candidates (municipality, search_surname, search_given, id);
-- "In phase X on day D" as a covering index scan, for the phase filter and its count.
CREATE INDEX phase_periods_phase ON phase_periods (phase, from_date, to_date, candidate_id);

-- +goose Down
DROP INDEX candidates_municipality_name;
CREATE INDEX candidates_municipality_surname ON candidates (municipality, search_surname);
DROP INDEX phase_periods_phase;
DROP INDEX candidates_name_order;
