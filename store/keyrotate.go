package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// sealedTables hold sealed BSNs (bsn_encrypted) and their lookup hashes
// (bsn_hash); key rotation re-seals them, and the progress column in
// key_check says how far it got.
var sealedTables = []struct{ table, progress string }{
	{"candidates", "rotated_candidates"},
	{"referrals", "rotated_referrals"},
}

// RotateProgress reports key rotation: rows re-sealed so far per table.
type RotateProgress struct {
	Table       string
	Done, Total int64
}

// RotateKey re-seals every BSN from the old key to the new one in batches of
// batch rows, each batch its own short transaction, so that it can be
// stopped at any moment and run again: key_check records the target key and
// the last re-sealed id per table, and a rerun with the same keys continues
// there. While a rotation is unfinished CheckKey refuses to start werkpad
// with either key. Stop werkpad serve while rotating.
func (d *DB) RotateKey(ctx context.Context, old, next *Sealer, batch int, progress func(RotateProgress)) error {
	if batch <= 0 {
		batch = 1000
	}
	oldFP, newFP := old.Fingerprint(), next.Fingerprint()
	if oldFP == newFP {
		return fmt.Errorf("de nieuwe sleutel is gelijk aan de huidige")
	}
	if err := d.CheckKey(ctx, old); err != nil && !errors.Is(err, ErrWrongKey) {
		return err
	}
	// Start or resume.
	err := d.inTx(ctx, func(tx *Tx) error {
		var stored string
		var rotating sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT fingerprint, rotating_to FROM key_check WHERE id = 1`).Scan(&stored, &rotating); err != nil {
			return fmt.Errorf("geen sleutelvingerafdruk in de database: %w", err)
		}
		switch {
		case stored != oldFP:
			return d.wrongKey(oldFP, stored)
		case rotating.Valid && rotating.String != newFP:
			return fmt.Errorf("%w: er loopt een rotatie naar een andere sleutel (%s); maak die eerst af met die sleutel", ErrWrongKey, short(rotating.String))
		case !rotating.Valid:
			_, err := tx.ExecContext(ctx, `UPDATE key_check SET rotating_to = ?, rotated_candidates = 0, rotated_referrals = 0, changed_at = ? WHERE id = 1`, newFP, tx.now)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, st := range sealedTables {
		var total int64
		if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+st.table).Scan(&total); err != nil {
			return fmt.Errorf("store.RotateKey: %w", err)
		}
		for {
			var n int
			var last, done int64
			err := d.inTx(ctx, func(tx *Tx) error {
				if err := tx.QueryRowContext(ctx, `SELECT `+st.progress+` FROM key_check WHERE id = 1`).Scan(&last); err != nil {
					return err
				}
				rows, err := tx.QueryContext(ctx, `SELECT id, bsn_encrypted FROM `+st.table+` WHERE id > ? AND bsn_encrypted <> '' ORDER BY id LIMIT ?`, last, batch)
				if err != nil {
					return err
				}
				type row struct {
					id     int64
					sealed string
				}
				var todo []row
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.id, &r.sealed); err != nil {
						rows.Close()
						return err
					}
					todo = append(todo, r)
				}
				if err := rows.Close(); err != nil {
					return err
				}
				for _, r := range todo {
					plain, err := old.Open(r.sealed)
					if err != nil {
						return fmt.Errorf("%s %d: het BSN is niet te openen met de huidige sleutel", st.table, r.id)
					}
					if _, err := tx.ExecContext(ctx, `UPDATE `+st.table+` SET bsn_encrypted = ?, bsn_hash = ? WHERE id = ?`,
						next.Seal(plain), next.Hash(plain), r.id); err != nil {
						return err
					}
					last = r.id
				}
				n = len(todo)
				if n == 0 {
					return nil
				}
				if _, err := tx.ExecContext(ctx, `UPDATE key_check SET `+st.progress+` = ? WHERE id = 1`, last); err != nil {
					return err
				}
				return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+st.table+` WHERE id <= ?`, last).Scan(&done)
			})
			if err != nil {
				return fmt.Errorf("store.RotateKey: %w", err)
			}
			if n == 0 {
				break
			}
			if progress != nil {
				progress(RotateProgress{Table: st.table, Done: done, Total: total})
			}
		}
	}
	return d.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE key_check SET fingerprint = ?, rotating_to = NULL, rotated_candidates = 0, rotated_referrals = 0, changed_at = ? WHERE id = 1`, newFP, tx.now)
		return err
	})
}
