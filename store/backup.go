package store

import (
	"context"
	"fmt"
	"os"
	"strings"

	"werkpad"
)

// Backup writes a consistent copy of a SQLite database to path while it
// keeps serving (VACUUM INTO reads one snapshot; writers are not blocked for
// longer than a normal read). The copy is a complete SQLite database without
// WAL files. PostgreSQL is backed up with pg_dump (see werkpad backup).
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return fmt.Errorf("store.Backup: only for SQLite; use pg_dump for PostgreSQL")
	}
	if _, err := os.Stat(path); err == nil {
		return werkpad.Errorf(werkpad.ECONFLICT, "%s bestaat al; kies een nieuwe naam voor de back-up.", path)
	}
	if _, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("store.Backup: %w", unavailable(err))
	}
	return nil
}

// Verify checks a database before it is used after a restore: the storage
// is intact (SQLite integrity_check), the audit log's hash chain is unbroken,
// and the configured key opens its BSNs. It changes nothing but the key
// fingerprint of a database that had none. It returns the number of audit
// rows checked.
func (d *DB) Verify(ctx context.Context, s *Sealer) (int, error) {
	if d.Dialect == SQLite {
		rows, err := d.db.QueryContext(ctx, `PRAGMA integrity_check`)
		if err != nil {
			return 0, fmt.Errorf("integriteitscontrole: %w", err)
		}
		var problems []string
		for rows.Next() {
			var line string
			rows.Scan(&line)
			if line != "ok" {
				problems = append(problems, line)
			}
		}
		rows.Close()
		if len(problems) > 0 {
			return 0, fmt.Errorf("het databasebestand is beschadigd: %s", strings.Join(problems, "; "))
		}
	}
	broken, checked, err := NewAuditService(d).VerifyAudit(ctx)
	if err != nil {
		return 0, err
	}
	if broken != nil {
		return checked, fmt.Errorf("het auditlog is verbroken bij regel %d (%s %s %s): de back-up is gewijzigd of onvolledig", broken.ID, broken.Action, broken.Entity, broken.EntityID)
	}
	if err := d.CheckKey(ctx, s); err != nil {
		return checked, err
	}
	return checked, nil
}

// IsEmpty reports whether the database holds no werkpad schema yet.
func (d *DB) IsEmpty(ctx context.Context) (bool, error) {
	ok, err := hasSchema(ctx, d.db, d.Dialect)
	return !ok, err
}
