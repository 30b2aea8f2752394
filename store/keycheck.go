package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Fingerprint identifies the key without revealing it or either derived key:
// an HMAC of a fixed label under the lookup key, shortened to 16 bytes.
func (s *Sealer) Fingerprint() string {
	m := hmac.New(sha256.New, s.macKey)
	m.Write([]byte("werkpad key fingerprint v1"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ErrWrongKey is returned by CheckKey when the configured key is not the one
// this database's BSNs were sealed with.
var ErrWrongKey = errors.New("verkeerde sleutel")

// CheckKey verifies that s is the key of this database, so that werkpad
// refuses to start instead of failing on every candidate page, finding no
// BSN and accepting duplicate people. The first check on a database records
// the key's fingerprint; a database that already holds sealed BSNs without a
// fingerprint (made before this check existed) is checked by opening one.
func (d *DB) CheckKey(ctx context.Context, s *Sealer) error {
	fp := s.Fingerprint()
	var stored string
	var rotating sql.NullString
	err := d.db.QueryRowContext(ctx, `SELECT fingerprint, rotating_to FROM key_check WHERE id = 1`).Scan(&stored, &rotating)
	switch {
	case err == nil:
		if rotating.Valid {
			return fmt.Errorf("%w: een sleutelrotatie naar sleutel %s is niet afgemaakt; voer `werkpad key rotate` opnieuw uit met dezelfde nieuwe sleutel om haar af te maken", ErrWrongKey, short(rotating.String))
		}
		if stored != fp {
			return d.wrongKey(fp, stored)
		}
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store.CheckKey: %w", err)
	}
	for _, table := range []string{"candidates", "referrals"} {
		var sealed string
		err := d.db.QueryRowContext(ctx, `SELECT bsn_encrypted FROM `+table+` WHERE bsn_encrypted <> '' ORDER BY id LIMIT 1`).Scan(&sealed)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return fmt.Errorf("store.CheckKey: %w", err)
		}
		if _, err := s.Open(sealed); err != nil {
			return d.wrongKey(fp, "")
		}
	}
	_, err = d.db.ExecContext(ctx, d.rebind(`INSERT INTO key_check (id, fingerprint, changed_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO NOTHING`), fp, d.Now())
	if err != nil {
		return fmt.Errorf("store.CheckKey: %w", err)
	}
	return d.CheckKeyStored(ctx, fp)
}

// CheckKeyStored compares a fingerprint with the stored one (after a
// concurrent first start, the other process may have written it).
func (d *DB) CheckKeyStored(ctx context.Context, fp string) error {
	var stored string
	if err := d.db.QueryRowContext(ctx, `SELECT fingerprint FROM key_check WHERE id = 1`).Scan(&stored); err != nil {
		return fmt.Errorf("store.CheckKey: %w", err)
	}
	if stored != fp {
		return d.wrongKey(fp, stored)
	}
	return nil
}

func (d *DB) wrongKey(got, want string) error {
	where := "WERKPAD_SECRET_KEY"
	if d.Dialect == SQLite {
		where = "WERKPAD_SECRET_KEY of het bestand " + KeyFilePath(d.URL)
	}
	expect := ""
	if want != "" {
		expect = ", verwacht " + short(want)
	}
	return fmt.Errorf("%w: de sleutel voor burgerservicenummers (vingerafdruk %s%s) past niet bij deze database. "+
		"Zet de sleutel terug die bij deze database hoort (%s), uit dezelfde back-up als de database. "+
		"Start niet met een nieuwe sleutel: de opgeslagen BSN's zijn daarmee onleesbaar", ErrWrongKey, short(got), expect, where)
}

func short(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}
