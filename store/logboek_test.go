package store_test

import (
	"context"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
)

// TestLogboek: records are written all at once, found per person, per
// activity and per period, newest first; the table refuses changes and
// deletions; only the beheerder reads it.
func TestLogboek(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		log := store.NewProcessingLog(db)
		admin := werkpad.OperatorContext(context.Background())
		at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		rec := func(kind werkpad.SubjectKind, id int64, activity string, start time.Time) werkpad.ProcessingRecord {
			return werkpad.ProcessingRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", OperationID: "00f067aa0ba902b7", Name: "GET /kandidaten/{id}",
				Status: werkpad.StatusOK, Start: start, End: start.Add(12 * time.Millisecond), ActivityID: activity,
				Subject: werkpad.Subject{Kind: kind, ID: id}, UserID: 7, Role: werkpad.RoleConsultant}
		}
		var recs []werkpad.ProcessingRecord
		for i := range 450 { // more than one INSERT batch; one COPY on PostgreSQL
			recs = append(recs, rec(werkpad.SubjectCandidate, int64(1+i%3), werkpad.ActivityReintegration, at.Add(time.Duration(i)*time.Minute)))
		}
		recs = append(recs, rec(werkpad.SubjectSWEmployee, 1, werkpad.ActivitySW, at.AddDate(0, 1, 0)))
		must(t, log.AppendProcessing(context.Background(), recs))

		got, total, err := log.FindProcessing(admin, werkpad.ProcessingFilter{Subject: werkpad.Subject{Kind: werkpad.SubjectCandidate, ID: 2}})
		must(t, err)
		if total != 150 || len(got) != 50 || !got[0].Start.After(got[1].Start) {
			t.Fatalf("candidate 2: total %d, page %d", total, len(got))
		}
		if r := got[0]; r.TraceID != recs[0].TraceID || r.Role != werkpad.RoleConsultant || r.End.Sub(r.Start) != 12*time.Millisecond ||
			r.Subject != (werkpad.Subject{Kind: werkpad.SubjectCandidate, ID: 2}) || r.ActivityID != werkpad.ActivityReintegration {
			t.Errorf("record read back: %+v", r)
		}
		if _, total, _ = log.FindProcessing(admin, werkpad.ProcessingFilter{Activity: werkpad.ActivitySW}); total != 1 {
			t.Errorf("per activity: %d", total)
		}
		if _, total, _ = log.FindProcessing(admin, werkpad.ProcessingFilter{From: at, To: at.Add(time.Hour)}); total != 60 {
			t.Errorf("first hour: %d", total)
		}
		// Append-only, also at a SQL prompt.
		for _, q := range []string{`UPDATE processing_log SET subject_id = 9`, `DELETE FROM processing_log`} {
			if _, err := db.SQL().Exec(q); err == nil {
				t.Errorf("%s: accepted", q)
			}
		}
		if _, total, _ = log.FindProcessing(admin, werkpad.ProcessingFilter{}); total != 451 {
			t.Errorf("after refused changes: %d", total)
		}
		// An activity outside the register is refused, and nothing of the
		// batch is written: a small one (INSERTs in a transaction) and a
		// large one (one COPY on PostgreSQL) alike.
		for _, n := range []int{1, 300} {
			var bad []werkpad.ProcessingRecord
			for range n {
				bad = append(bad, rec(werkpad.SubjectCandidate, 5, werkpad.ActivityReintegration, at))
			}
			bad = append(bad, rec(werkpad.SubjectCandidate, 5, "verzonnen", at))
			if err := log.AppendProcessing(context.Background(), bad); err == nil {
				t.Errorf("%d records: unknown activity accepted", n+1)
			}
			if _, total, _ = log.FindProcessing(admin, werkpad.ProcessingFilter{Subject: werkpad.Subject{Kind: werkpad.SubjectCandidate, ID: 5}}); total != 0 {
				t.Errorf("%d records: half a batch written: %d", n+1, total)
			}
		}
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		if _, _, err := log.FindProcessing(asUser(cons), werkpad.ProcessingFilter{}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consulent reads the logboek: %v", err)
		}
	})
}
