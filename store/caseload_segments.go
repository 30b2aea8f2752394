package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrCaseloadSegments is the error of stored caseload segments that differ
// from their definition.
var ErrCaseloadSegments = errors.New("the stored caseload segments differ from the records")

// segmentColumns are the columns of caseload_segments and of the view
// caseload_segments_computed that defines them (migration 00137).
const segmentColumns = `candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date`

// CheckCaseloadSegments compares the stored caseload segments, which
// database triggers keep, with their definition computed from the
// records now: nil when they are the same, an error that counts the
// differences otherwise. The tests run it on every database they wrote.
func (d *DB) CheckCaseloadSegments(ctx context.Context) error {
	var missing, extra, stored, computed int64
	err := d.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT `+segmentColumns+` FROM caseload_segments_computed EXCEPT SELECT `+segmentColumns+` FROM caseload_segments) x),
		(SELECT COUNT(*) FROM (SELECT `+segmentColumns+` FROM caseload_segments EXCEPT SELECT `+segmentColumns+` FROM caseload_segments_computed) y),
		(SELECT COUNT(*) FROM caseload_segments), (SELECT COUNT(*) FROM caseload_segments_computed)`).Scan(&missing, &extra, &stored, &computed)
	if err != nil {
		return fmt.Errorf("store.CheckCaseloadSegments: %w", err)
	}
	if missing > 0 || extra > 0 || stored != computed {
		return fmt.Errorf("store.CheckCaseloadSegments: %w: %d missing, %d not in the records (%d stored, %d computed)", ErrCaseloadSegments, missing, extra, stored, computed)
	}
	return nil
}
