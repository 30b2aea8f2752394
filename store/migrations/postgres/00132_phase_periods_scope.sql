-- +goose Up
-- "In phase X on day D" within a municipality scope, as a covering index
-- scan: the phase periods carry their candidate's municipality (a move
-- rewrites it), so a gemeente's phase list reads its own periods only. It
-- replaces phase_periods_report, whose columns are its prefix.
CREATE INDEX phase_periods_scope ON phase_periods (municipality, phase, from_date, to_date, candidate_id);
DROP INDEX phase_periods_report;

-- +goose Down
CREATE INDEX phase_periods_report ON phase_periods (municipality, phase, from_date);
DROP INDEX phase_periods_scope;
