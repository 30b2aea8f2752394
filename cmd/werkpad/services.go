package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"werkpad/store"
)

// openSealer returns the BSN sealer from WERKPAD_SECRET_KEY. Without it, a
// SQLite database gets a development key in werkpad.secret beside the file;
// PostgreSQL (production) refuses to start without a configured key. The key
// is checked against the database: a wrong or missing key (a restored copy
// without its werkpad.secret) is refused with what to restore, and a key file
// made just now for a database that has another key is removed again.
func openSealer(ctx context.Context, db *store.DB) (*store.Sealer, error) {
	sealer, created, err := loadSealer(db)
	if err != nil {
		return nil, err
	}
	if err := db.CheckKey(ctx, sealer); err != nil {
		if created != "" {
			os.Remove(created)
		}
		return nil, err
	}
	return sealer, nil
}

// loadSealer reads the configured key without checking it against the
// database; created names the key file when it was made just now.
func loadSealer(db *store.DB) (sealer *store.Sealer, created string, err error) {
	var key []byte
	if v := os.Getenv("WERKPAD_SECRET_KEY"); v != "" {
		key, err = store.ParseKey(v)
		if err != nil {
			return nil, "", fmt.Errorf("WERKPAD_SECRET_KEY: %w", err)
		}
	} else if db.Dialect == store.Postgres {
		return nil, "", fmt.Errorf("WERKPAD_SECRET_KEY is verplicht bij PostgreSQL (32 bytes als base64, bijvoorbeeld: openssl rand -base64 32)")
	} else {
		path := store.KeyFilePath(db.URL)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			created = path
		}
		key, err = store.LoadOrCreateKey(path)
		if err != nil {
			return nil, "", err
		}
	}
	sealer, err = store.NewSealer(key)
	return sealer, created, err
}
