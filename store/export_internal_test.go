package store

import "context"

// SetPhaseWalkRows sets phaseWalkRows for a test and returns the undo.
func SetPhaseWalkRows(n int) func() {
	old := phaseWalkRows
	phaseWalkRows = n
	return func() { phaseWalkRows = old }
}

// ExecForTest runs a statement on the database as is, for tests that write
// the tables the way no service does (bulk SQL, deletes).
func (d *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := d.db.ExecContext(ctx, d.rebind(q), args...)
	return err
}

// QueryRowForTest scans the one row of a query into dest.
func (d *DB) QueryRowForTest(ctx context.Context, q string, dest ...any) error {
	return d.db.QueryRowContext(ctx, d.rebind(q)).Scan(dest...)
}

// MigrateDownForTest rolls the schema back one migration at a time to
// version (0: none left), running each migration's Down section.
func (d *DB) MigrateDownForTest(ctx context.Context, version int64) error {
	p, err := d.migrationProvider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
