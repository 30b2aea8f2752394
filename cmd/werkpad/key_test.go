package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// A restored SQLite copy without its werkpad.secret is refused with what to
// restore (and the stray new key file is not left behind); key rotate moves
// every BSN to the new key and the key file with it.
func TestKeyCheckAndRotateCommands(t *testing.T) {
	t.Setenv("WERKPAD_SECRET_KEY", "")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	if code, _, stderr := run(t, "", "migrate", "--database-url", dbPath); code != 0 {
		t.Fatalf("migrate: %d %q", code, stderr)
	}
	if code, out, stderr := run(t, "", "key", "check", "--database-url", dbPath); code != 0 || !strings.Contains(out, "past bij deze database") {
		t.Fatalf("key check on a new database: %d %q %q", code, out, stderr)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	sealer, _, err := loadSealer(db)
	if err != nil {
		t.Fatal(err)
	}
	c := &werkpad.Candidate{BSN: "123456782", GivenName: "Jan", Surname: "Jansen", BirthDate: werkpad.MustParseDate("1990-05-17"),
		MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15")}
	if err := store.NewCandidateService(db, sealer).CreateCandidate(asConsultant(ctx), c); err != nil {
		t.Fatal(err)
	}
	db.Close()

	keyFile := store.KeyFilePath(dbPath)
	os.Rename(keyFile, keyFile+".weg")
	code, _, stderr := run(t, "", "key", "check", "--database-url", dbPath)
	if code != 1 || !strings.Contains(stderr, "past niet bij deze database") || !strings.Contains(stderr, "werkpad.secret") {
		t.Errorf("database without its key: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Error("a new key file was left beside a database sealed with another key")
	}
	os.Rename(keyFile+".weg", keyFile)

	newKey := filepath.Join(dir, "nieuw.key")
	os.WriteFile(newKey, []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
	code, out, stderr := run(t, "", "key", "rotate", "--database-url", dbPath, "--new-key-file", newKey, "--batch", "1")
	if code != 0 || !strings.Contains(out, "nieuwe sleutel") {
		t.Fatalf("key rotate: %d %q %q", code, out, stderr)
	}
	if _, err := os.Stat(keyFile + ".vorige"); err != nil {
		t.Errorf("previous key not kept: %v", err)
	}
	if code, _, stderr := run(t, "", "key", "check", "--database-url", dbPath); code != 0 {
		t.Fatalf("key check after rotation: %d %q", code, stderr)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealer, _, _ = loadSealer(db)
	got, err := store.NewCandidateService(db, sealer).FindCandidateByID(asConsultant(ctx), c.ID)
	if err != nil || got.BSN != "123456782" {
		t.Errorf("candidate after rotation: %v %+v", err, got)
	}
}

func asConsultant(ctx context.Context) context.Context {
	return werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: &werkpad.User{ID: 1, Email: "c@test", Role: werkpad.RoleConsultant}})
}
