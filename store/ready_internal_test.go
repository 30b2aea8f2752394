package store

import (
	"errors"
	"fmt"
	"testing"

	"werkpad"
)

func TestUnavailableClassifiesStorageFailures(t *testing.T) {
	for msg, want := range map[string]string{
		"database or disk is full (13)":                                               werkpad.EUNAVAILABLE,
		"attempt to write a readonly database (8)":                                    werkpad.EUNAVAILABLE,
		"ERROR: could not extend file (SQLSTATE 53100)":                               werkpad.EUNAVAILABLE,
		"ERROR: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)":    werkpad.EUNAVAILABLE,
		"FATAL: terminating connection due to administrator command (SQLSTATE 57P01)": werkpad.EUNAVAILABLE,
		"UNIQUE constraint failed: users.email":                                       werkpad.EINTERNAL,
	} {
		err := unavailable(fmt.Errorf("store.X: %w", errors.New(msg)))
		if got := werkpad.ErrorCode(err); got != want {
			t.Errorf("%q: code %s, want %s", msg, got, want)
		}
	}
	domain := werkpad.FieldError("bsn", "read-only")
	if unavailable(domain) != error(domain) {
		t.Error("a domain error was rewritten")
	}
}
