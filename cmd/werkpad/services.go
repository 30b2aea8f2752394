package main

import (
	"fmt"
	"os"

	"werkpad/store"
)

// openSealer returns the BSN sealer from WERKPAD_SECRET_KEY. Without it, a
// SQLite database gets a development key in werkpad.secret beside the file;
// PostgreSQL (production) refuses to start without a configured key.
func openSealer(db *store.DB) (*store.Sealer, error) {
	var key []byte
	var err error
	if v := os.Getenv("WERKPAD_SECRET_KEY"); v != "" {
		key, err = store.ParseKey(v)
		if err != nil {
			return nil, fmt.Errorf("WERKPAD_SECRET_KEY: %w", err)
		}
	} else if db.Dialect == store.Postgres {
		return nil, fmt.Errorf("WERKPAD_SECRET_KEY is verplicht bij PostgreSQL (32 bytes als base64, bijvoorbeeld: openssl rand -base64 32)")
	} else {
		key, err = store.LoadOrCreateKey(store.KeyFilePath(db.URL))
		if err != nil {
			return nil, err
		}
	}
	return store.NewSealer(key)
}
