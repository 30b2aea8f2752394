package store_test

import (
	"context"
	"testing"

	"werkpad/store"
)

// TestMigrationsDownAndUp: every migration's Down section runs, in order
// from the newest to the first, and leaves no table but goose's own; the
// migrations then apply again to the same version. A release that must be
// rolled back can be; a new migration without a working Down fails here.
func TestMigrationsDownAndUp(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		top, err := db.MigrationVersion(ctx)
		if err != nil || top < 141 {
			t.Fatalf("version %d, %v; want every migration applied", top, err)
		}
		if err := db.MigrateDownForTest(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if v, err := db.MigrationVersion(ctx); err != nil || v != 0 {
			t.Fatalf("after down: version %d, %v; want 0", v, err)
		}
		tables := `SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`
		if db.Dialect == store.Postgres {
			tables = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`
		}
		var left int
		if err := db.QueryRowForTest(ctx, tables, &left); err != nil || left != 0 {
			t.Fatalf("after down: %d tables or views left, %v; want none", left, err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if v, err := db.MigrationVersion(ctx); err != nil || v != top {
			t.Fatalf("up again: version %d, %v; want %d", v, err, top)
		}
	})
}
