-- +goose Up
-- The caseload of a day for chosen municipalities (a gemeente's report, or
-- the controller's report of one) and the Wsw overview of a gemeente user
-- read the whole region's segments of the day and kept their own: Mook en
-- Middelaar's caseload at scale 100 40-61 ms, now 2 ms. A report of a
-- municipality should cost in proportion to its own records.
CREATE INDEX caseload_segments_municipality ON caseload_segments (municipality, to_date, from_date, phase, candidate_id, phase_id);
CREATE INDEX sw_day_segments_municipality ON sw_day_segments (municipality, to_date, from_date, row_of_day, se_thousandths);
-- Statistics for the new indexes, kept only when there are rows (00137).
ANALYZE caseload_segments;
ANALYZE sw_day_segments;
DELETE FROM sqlite_stat1 WHERE stat = '0' OR stat LIKE '0 %';
ANALYZE sqlite_schema;

-- +goose Down
DROP INDEX sw_day_segments_municipality;
DROP INDEX caseload_segments_municipality;
