package store

import (
	"database/sql"
	"time"

	"werkpad"
)

func werkpadNotFound(what string) error {
	return werkpad.Errorf(werkpad.ENOTFOUND, "%s niet gevonden.", what)
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
