package main

import (
	"regexp"
	"strings"
	"testing"

	"werkpad/store"
	"werkpad/store/storetest"
)

func TestSWStatus(t *testing.T) {
	db := migrated(t, storetest.URL(t, store.SQLite))
	code, out, stderr := run(t, "", "sw", "status", "--date", "30-06-2024", "--database-url", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "SW-medewerkers op 30-06-2024") || !strings.Contains(out, "regio") || !strings.Contains(out, "Groepsdetachering") {
		t.Errorf("output:\n%s", out)
	}
	// Every municipality by name, also one without SW employees; no codes.
	for _, name := range []string{"Nijmegen", "Berg en Dal", "Beuningen", "Druten", "Heumen", "Mook en Middelaar", "Wijchen", "West Maas en Waal"} {
		if !regexp.MustCompile(`(?m)^\s*` + name + `\s+0\s+0,000\s`).MatchString(out) {
			t.Errorf("no row for %s with 0 employees:\n%s", name, out)
		}
	}
	if strings.Contains(out, "GM0") {
		t.Errorf("codes instead of names:\n%s", out)
	}
	// A bad date is a usage error (exit 2), in whatever notation.
	for _, bad := range []string{"gisteren", "2024/06/30", "31-02-2024"} {
		if code, _, stderr := run(t, "", "sw", "status", "--date", bad, "--database-url", db); code != 2 || !strings.Contains(stderr, "dd-mm-jjjj") {
			t.Errorf("--date %s: exit %d, %q", bad, code, stderr)
		}
	}
}
