package main

import (
	"strings"
	"testing"

	"werkpad/store"
	"werkpad/store/storetest"
)

func TestSWStatus(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	code, out, stderr := run(t, "", "sw", "status", "--date", "30-06-2024", "--database-url", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "SW-medewerkers op 30-06-2024") || !strings.Contains(out, "regio") || !strings.Contains(out, "Groepsdetachering") {
		t.Errorf("output:\n%s", out)
	}
	if code, _, _ := run(t, "", "sw", "status", "--date", "gisteren", "--database-url", db); code == 0 {
		t.Error("a bad date is refused with a non-zero exit code")
	}
}
