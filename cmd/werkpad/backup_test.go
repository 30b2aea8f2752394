package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

func TestBackupAndRestoreSQLite(t *testing.T) {
	t.Setenv("WERKPAD_SECRET_KEY", "")
	dir := t.TempDir()
	src := filepath.Join(dir, "w.db")
	mustRun(t, "migrate", "--database-url", src)
	mustRun(t, "user", "add", "--database-url", src, "--email", "a@mgr.nl", "--name", "A", "--role", "beheerder")
	ctx := context.Background()
	db, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := openSealer(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := &werkpad.Candidate{BSN: "123456782", GivenName: "Jan", Surname: "Jansen", BirthDate: werkpad.MustParseDate("1990-05-17"),
		MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15")}
	if err := store.NewCandidateService(db, sealer).CreateCandidate(asConsultant(ctx), c); err != nil {
		t.Fatal(err)
	}

	// The backup is taken while the source stays open (as under serve).
	backup := filepath.Join(dir, "backup.db")
	if out := mustRun(t, "backup", "--database-url", src, "--output", backup); !strings.Contains(out, "gecontroleerd") || !strings.Contains(out, "werkpad.secret") {
		t.Errorf("backup output: %q", out)
	}
	db.Close()
	if code, _, stderr := run(t, "", "backup", "--database-url", src, "--output", backup); code != 1 || !strings.Contains(stderr, "bestaat al") {
		t.Errorf("backup over an existing file: %d %q", code, stderr)
	}

	// Restoring without the key next to the target is refused; nothing is left.
	target := filepath.Join(t.TempDir(), "w.db")
	if code, _, stderr := run(t, "", "restore", "--from", backup, "--database-url", target); code != 1 || !strings.Contains(stderr, "geen sleutel") {
		t.Errorf("restore without key: %d %q", code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), "*")); len(left) != 0 {
		t.Errorf("a refused restore left files: %v", left)
	}
	// With another key it is refused too.
	os.WriteFile(store.KeyFilePath(target), []byte(strings.Repeat("cd", 32)+"\n"), 0o600)
	if code, _, stderr := run(t, "", "restore", "--from", backup, "--database-url", target); code != 1 || !strings.Contains(stderr, "past niet") {
		t.Errorf("restore with another key: %d %q", code, stderr)
	}
	key, _ := os.ReadFile(store.KeyFilePath(src))
	os.WriteFile(store.KeyFilePath(target), key, 0o600)
	if out := mustRun(t, "restore", "--from", backup, "--database-url", target); !strings.Contains(out, "auditlog intact") {
		t.Errorf("restore output: %q", out)
	}
	db, err = store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.NewCandidateService(db, sealer).FindCandidateByID(asConsultant(ctx), c.ID)
	db.Close()
	if err != nil || got.BSN != c.BSN {
		t.Errorf("candidate after restore: %v", err)
	}
	if code, _, stderr := run(t, "", "restore", "--from", backup, "--database-url", target); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("restore over an existing database without --force: %d %q", code, stderr)
	}
	mustRun(t, "restore", "--from", backup, "--database-url", target, "--force")
	if old, _ := filepath.Glob(target + ".voor-herstel-*"); len(old) != 1 {
		t.Errorf("the replaced database was not kept: %v", old)
	}

	// A backup whose audit log was altered is refused; the target stays.
	tampered := filepath.Join(dir, "tampered.db")
	copyFile(backup, tampered)
	raw, err := sql.Open("sqlite", tampered)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET detail = 'rol=beheerder' WHERE id = 2`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	before, _ := os.ReadFile(target)
	if code, _, stderr := run(t, "", "restore", "--from", tampered, "--database-url", target, "--force"); code != 1 || !strings.Contains(stderr, "auditlog is verbroken") {
		t.Errorf("restore of a tampered backup: %d %q", code, stderr)
	}
	if after, _ := os.ReadFile(target); string(after) != string(before) {
		t.Error("a refused restore changed the target")
	}
	if code, _, stderr := run(t, "", "restore", "--from", store.KeyFilePath(src), "--database-url", target); code != 1 || !strings.Contains(stderr, "geen werkpad-back-up") {
		t.Errorf("restore of a non-backup: %d %q", code, stderr)
	}
}

func TestBackupAndRestorePostgres(t *testing.T) {
	base := os.Getenv("WERKPAD_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("WERKPAD_TEST_POSTGRES_URL not set")
	}
	src, dst := storetest.PostgresDatabase(t, base, "werkpad_bk_src"), storetest.PostgresDatabase(t, base, "werkpad_bk_dst")
	t.Setenv("WERKPAD_SECRET_KEY", strings.Repeat("ef", 32))
	mustRun(t, "migrate", "--database-url", src)
	mustRun(t, "user", "add", "--database-url", src, "--email", "a@mgr.nl", "--name", "A", "--role", "beheerder")
	mustRun(t, "key", "check", "--database-url", src)
	dump := filepath.Join(t.TempDir(), "werkpad.dump")
	mustRun(t, "backup", "--database-url", src, "--output", dump)
	if out := mustRun(t, "restore", "--from", dump, "--database-url", dst); !strings.Contains(out, "auditlog intact") {
		t.Errorf("restore: %q", out)
	}
	if code, _, stderr := run(t, "", "restore", "--from", dump, "--database-url", dst); code != 1 || !strings.Contains(stderr, "niet leeg") {
		t.Errorf("restore into a non-empty database: %d %q", code, stderr)
	}
	t.Setenv("WERKPAD_SECRET_KEY", strings.Repeat("01", 32))
	if code, _, stderr := run(t, "", "key", "check", "--database-url", dst); code != 1 || !strings.Contains(stderr, "past niet") {
		t.Errorf("restored database with another key: %d %q", code, stderr)
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, "", args...)
	if code != 0 {
		t.Fatalf("werkpad %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}
