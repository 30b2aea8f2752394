package store_test

import (
	"context"
	"strings"
	"testing"

	"werkpad/demo"
	"werkpad/store"
	"werkpad/store/storetest"
)

// TestOptimizeMendsStaleStatistics: statistics written while the tables
// were empty (as an ANALYZE of a new database leaves them) make SQLite
// plan as if they still were; Optimize finds the grown tables and writes
// statistics that count their rows. On PostgreSQL it does nothing.
func TestOptimizeMendsStaleStatistics(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db := storetest.Open(t, store.SQLite)
		sq := db.SQL()
		stat := func(table string) string {
			t.Helper()
			var s string
			if err := sq.QueryRowContext(ctx, `SELECT COALESCE(MAX(stat), '') FROM sqlite_stat1 WHERE tbl = ?`, table).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		if _, err := demo.Generate(ctx, db, testSealer(t), demo.Options{Scale: 1, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		// The demo load ends with an ANALYZE; make two tables' rows say
		// what they said before the load.
		if _, err := sq.ExecContext(ctx, `UPDATE sqlite_stat1 SET stat = '0' WHERE tbl IN ('phase_periods', 'candidate_history')`); err != nil {
			t.Fatal(err)
		}
		// Connections read the statistics when they open: drop the idle
		// ones, so the next one plans with the stale rows.
		sq.SetMaxIdleConns(0)
		sq.SetMaxIdleConns(2)
		if err := db.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"phase_periods", "candidate_history"} {
			if s := stat(table); s == "0" || strings.HasPrefix(s, "0 ") || s == "" {
				t.Errorf("%s after Optimize: statistics %q, want its rows counted", table, s)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db := storetest.Open(t, store.Postgres)
		if err := db.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
