package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// werkpad retention: a dry run names what would go and changes nothing, the
// run anonymises it, a key rotation afterwards passes over the erased BSN,
// and a term of 0 years is a usage error.
func TestRetentionCommand(t *testing.T) {
	t.Setenv("WERKPAD_SECRET_KEY", "")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	if code, _, stderr := run(t, "", "migrate", "--database-url", dbPath); code != 0 {
		t.Fatalf("migrate: %d %q", code, stderr)
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
	svc := store.NewCandidateService(db, sealer)
	old := &werkpad.Candidate{BSN: "123456782", GivenName: "Jan", Surname: "Jansen", BirthDate: werkpad.MustParseDate("1970-05-17"),
		MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2010-01-15"),
		DeregisteredOn: werkpad.MustParseDate("2012-03-31")}
	current := &werkpad.Candidate{BSN: "111222333", GivenName: "Piet", Surname: "Pietersen", BirthDate: werkpad.MustParseDate("1990-05-17"),
		MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15")}
	for _, c := range []*werkpad.Candidate{old, current} {
		if err := svc.CreateCandidate(asConsultant(ctx), c); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	code, out, stderr := run(t, "", "retention", "--database-url", dbPath, "--proef")
	if code != 0 || !strings.Contains(out, "1 kandidaat en 0 aanmeldingen zouden worden geanonimiseerd") || !strings.Contains(out, "31-03-2022") {
		t.Fatalf("dry run: %d %q %q", code, out, stderr)
	}
	code, out, stderr = run(t, "", "retention", "--database-url", dbPath)
	if code != 0 || !strings.Contains(out, "1 kandidaat en 0 aanmeldingen geanonimiseerd") {
		t.Fatalf("run: %d %q %q", code, out, stderr)
	}
	if n := countTable(t, dbPath, "processing_log WHERE name = 'werkpad retention' AND activity_id = 'bewaartermijnen' AND subject_id = "+strconv.FormatInt(old.ID, 10)); n != 1 {
		t.Errorf("Logboek after retention: %d records of the anonymised candidate, want 1", n)
	}
	if code, out, _ := run(t, "", "retention", "--database-url", dbPath, "--json", "--proef"); code != 0 || !strings.Contains(out, `"items": []`) {
		t.Errorf("second dry run: %d %q", code, out)
	}
	newKey := filepath.Join(dir, "nieuw.key")
	os.WriteFile(newKey, []byte(strings.Repeat("cd", 32)+"\n"), 0o600)
	if code, _, stderr := run(t, "", "key", "rotate", "--database-url", dbPath, "--new-key-file", newKey); code != 0 {
		t.Fatalf("key rotate after retention: %d %q", code, stderr)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealer, _, _ = loadSealer(db)
	svc = store.NewCandidateService(db, sealer)
	if got, err := svc.FindCandidateByID(asConsultant(ctx), old.ID); err != nil || got.Surname != werkpad.AnonymisedSurname || got.BSN != "" {
		t.Errorf("the expired candidate: %v %+v", err, got)
	}
	if got, err := svc.FindCandidateByID(asConsultant(ctx), current.ID); err != nil || got.Surname != "Pietersen" || got.BSN != "111222333" {
		t.Errorf("the current candidate: %v %+v", err, got)
	}
	if code, _, stderr := run(t, "", "retention", "--database-url", dbPath, "--kandidaat-jaren", "0"); code != 2 || !strings.Contains(stderr, "1 en 100 jaar") {
		t.Errorf("a term of 0 years: exit %d %q", code, stderr)
	}
}
