package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrCaseloadSegments is the error of stored caseload segments that differ
// from their definition.
var ErrCaseloadSegments = errors.New("the stored caseload segments differ from the records")

// ErrSWDaySegments is the error of stored Wsw day segments that differ
// from their definition.
var ErrSWDaySegments = errors.New("the stored Wsw day segments differ from the records")

// ErrPlacementStartFacts is the error of stored placement start facts that
// differ from their definition.
var ErrPlacementStartFacts = errors.New("the stored placement start facts differ from the records")

// segmentColumns are the columns of caseload_segments and of the view
// caseload_segments_computed that defines them (migration 00137).
const segmentColumns = `candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date`

// swSegmentColumns are the columns of sw_day_segments and of the view
// sw_day_segments_computed that defines them (migration 00138).
const swSegmentColumns = `sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths`

// placementFactColumns are the columns of placement_start_facts and of the
// view placement_start_facts_computed that defines them (migration 00141).
const placementFactColumns = `placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder`

// CheckCaseloadSegments compares the stored caseload segments, which
// database triggers keep, with their definition computed from the
// records now: nil when they are the same, an error that counts the
// differences otherwise. The tests run it on every database they wrote.
func (d *DB) CheckCaseloadSegments(ctx context.Context) error {
	return d.checkDerived(ctx, "CheckCaseloadSegments", "caseload_segments", segmentColumns, ErrCaseloadSegments)
}

// CheckSWDaySegments is CheckCaseloadSegments for the Wsw day segments.
func (d *DB) CheckSWDaySegments(ctx context.Context) error {
	return d.checkDerived(ctx, "CheckSWDaySegments", "sw_day_segments", swSegmentColumns, ErrSWDaySegments)
}

// CheckPlacementStartFacts is CheckCaseloadSegments for the facts of each
// placement on its start date.
func (d *DB) CheckPlacementStartFacts(ctx context.Context) error {
	return d.checkDerived(ctx, "CheckPlacementStartFacts", "placement_start_facts", placementFactColumns, ErrPlacementStartFacts)
}

// checkDerived compares table with the view table_computed over columns.
func (d *DB) checkDerived(ctx context.Context, name, table, columns string, differ error) error {
	var missing, extra, stored, computed int64
	view := table + "_computed"
	err := d.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT `+columns+` FROM `+view+` EXCEPT SELECT `+columns+` FROM `+table+`) x),
		(SELECT COUNT(*) FROM (SELECT `+columns+` FROM `+table+` EXCEPT SELECT `+columns+` FROM `+view+`) y),
		(SELECT COUNT(*) FROM `+table+`), (SELECT COUNT(*) FROM `+view+`)`).Scan(&missing, &extra, &stored, &computed)
	if err != nil {
		return fmt.Errorf("store.%s: %w", name, err)
	}
	if missing > 0 || extra > 0 || stored != computed {
		return fmt.Errorf("store.%s: %w: %d missing, %d not in the records (%d stored, %d computed)", name, differ, missing, extra, stored, computed)
	}
	return nil
}

// segmentsOn selects columns of the segments of table (caseload_segments,
// sw_day_segments) that hold day (an SQL date: a literal or a ?) and meet
// cond: from_date <= day <= to_date (NULL: open), read as two ranges of
// the table's day index (the open segments, and those ending on or after
// the day). A ? day is bound three times, then cond's arguments twice.
func segmentsOn(columns, table, day, cond string) string {
	sel := func(ends string) string {
		return `SELECT ` + columns + ` FROM ` + table + ` s WHERE ` + ends + ` AND s.from_date <= ` + day + cond
	}
	return sel(`s.to_date IS NULL`) + ` UNION ALL ` + sel(`s.to_date >= `+day)
}
