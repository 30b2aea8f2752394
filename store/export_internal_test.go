package store

import (
	"context"
	"time"
)

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

// AuditForTest appends one audit event in a transaction of its own that
// began at at, as a service does inside the transaction of its change;
// then (may be nil) runs after the append, before the commit.
func (d *DB) AuditForTest(ctx context.Context, at time.Time, action, entity, entityID, municipality, detail string, then func() error) error {
	return d.inTx(ctx, func(tx *Tx) error {
		tx.now = at.UTC().Truncate(time.Microsecond)
		if err := tx.audit(ctx, action, entity, entityID, municipality, detail); err != nil || then == nil {
			return err
		}
		return then()
	})
}
