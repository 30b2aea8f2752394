package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"
)

// postgresDatabase makes an empty database prefix_<random> on the server
// of base (a WERKPAD_TEST_POSTGRES_URL), drops it when the test ends and
// returns its URL.
func postgresDatabase(t *testing.T, base, prefix string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("%s_%d", prefix, rand.Uint32())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
