package store

import (
	"strings"
	"testing"
)

// TestDummyHash: the constant dummy hash has the parameters of every new
// hash (so checking against it takes as long as a real check) and is the
// hash of its documented password.
func TestDummyHash(t *testing.T) {
	h, err := HashPassword("werkpad-dummy-password")
	if err != nil {
		t.Fatal(err)
	}
	params := func(s string) string { return strings.Join(strings.Split(s, "$")[:4], "$") }
	if params(dummyHash) != params(h) {
		t.Errorf("dummy hash parameters %q, new hashes %q", params(dummyHash), params(h))
	}
	if !CheckPassword(dummyHash, "werkpad-dummy-password") {
		t.Error("the dummy hash is not the hash of its password")
	}
}
