-- +goose Up
-- Three indexes no query uses, paid for by every insert (an import of
-- 400.000 candidates spends most of its last step keeping indexes):
-- benefit_periods_candidate (candidate_id, from_date) is the prefix of
-- benefit_periods_on_day (candidate_id, from_date, to_date, kind), which
-- serves every lookup of a person's benefits; benefit_periods_report and
-- indications_report (municipality, kind, from_date) served no query:
-- benefits and indications are always read per candidate, the running
-- ones of a day through *_on_day and indications_running.
DROP INDEX benefit_periods_candidate;
DROP INDEX benefit_periods_report;
DROP INDEX indications_report;

-- +goose Down
CREATE INDEX benefit_periods_candidate ON benefit_periods (candidate_id, from_date);
CREATE INDEX benefit_periods_report ON benefit_periods (municipality, kind, from_date);
CREATE INDEX indications_report ON indications (municipality, kind, from_date);
