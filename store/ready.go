package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"

	"werkpad"
)

// MinFreeDisk is the free space below which a SQLite instance reports not
// ready: writes would soon fail with "database or disk is full".
const MinFreeDisk = 64 << 20

// Ready reports whether this instance can serve reads and writes: the
// database answers, accepts a write (not full, not read-only) and, for
// SQLite, its disk has room. The error message is for the operator, in Dutch.
func (d *DB) Ready(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("database niet bereikbaar")
	}
	if d.Dialect == SQLite {
		var st syscall.Statfs_t
		if err := syscall.Statfs(filepath.Dir(d.URL), &st); err == nil {
			if free := st.Bavail * uint64(st.Bsize); free < MinFreeDisk {
				return fmt.Errorf("schijf bijna vol: nog %d MB vrij bij %s", free>>20, filepath.Dir(d.URL))
			}
		}
	}
	err := d.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE ready_probe SET checked_at = ? WHERE id = 1`, tx.now)
		return err
	})
	if err != nil {
		if werkpad.ErrorCode(err) == werkpad.EUNAVAILABLE {
			return fmt.Errorf("%s", werkpad.ErrorMessage(err))
		}
		return fmt.Errorf("database neemt geen wijzigingen aan")
	}
	return nil
}

// unavailable turns a database error that means "nothing can be stored now"
// — disk full, read-only database or standby, server shutting down — into
// EUNAVAILABLE with a message that says so; other errors pass unchanged.
func unavailable(err error) error {
	var we *werkpad.Error
	if err == nil || errors.As(err, &we) {
		return err
	}
	s := err.Error()
	var why string
	switch {
	case strings.Contains(s, "database or disk is full"), strings.Contains(s, "SQLSTATE 53100"),
		strings.Contains(s, "no space left on device"):
		why = "de schijf van de database is vol"
	case strings.Contains(s, "readonly database"),
		strings.Contains(s, "SQLSTATE 25006"):
		why = "de database is alleen-lezen"
	case strings.Contains(s, "SQLSTATE 57P01"), strings.Contains(s, "SQLSTATE 57P03"),
		strings.Contains(s, "SQLSTATE 53300"):
		why = "de databaseserver is niet beschikbaar"
	default:
		return err
	}
	return werkpad.Errorf(werkpad.EUNAVAILABLE, "werkpad kan nu niets opslaan: %s. Er is niets gewijzigd; probeer het later opnieuw en meld het de beheerder als het blijft.", why)
}
