package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func countTable(t *testing.T, db, table string) int {
	t.Helper()
	sqlDB, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	var n int
	if err := sqlDB.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const importCandidates = "\ufeffbsn;voornaam;tussenvoegsel;achternaam;geboortedatum;gemeente;dienst;ingeschreven;uitkering;uitkering_van;uitkering_tot;fase;fase_van\r\n" +
	"123456782;Jan;de;Vries;17-05-1990;GM0268;arbeidsbemiddeling;15-01-2024;bijstand;01-06-2023;;ontwikkelen;15-01-2024\r\n" +
	"111222333;\"Piet; Hein\";;Jansen;03-02-1985;GM1945;ownw;01-02-2024;nug;01-02-2024;;;\r\n"

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")

	// One bad row: reported with line and column, nothing stored, even with --apply.
	bad := writeFile(t, dir, "bad.csv", importCandidates+"999999990;Kees;;Bad;31-02-1980;GM0268;sw;15-01-2024;;;;;\r\n")
	code, out, stderr := run(t, "", "import", "candidates", bad, "--apply", "--database-url", db)
	if code != 1 || !strings.Contains(out, `regel 4, kolom geboortedatum: "31-02-1980" is geen geldige datum`) ||
		!strings.Contains(stderr, "1 van 3 regels fout") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("bad file: exit %d\nstdout %q\nstderr %q", code, out, stderr)
	}
	if n := countTable(t, db, "candidates"); n != 0 {
		t.Errorf("a refused import stored %d candidates", n)
	}

	// A good file: the dry run stores nothing, --apply stores every row.
	good := writeFile(t, dir, "good.csv", importCandidates)
	if code, out, stderr := run(t, "", "import", "candidates", "--database-url", db, good); code != 0 || !strings.Contains(out, "2 regels gecontroleerd, geen fouten") {
		t.Errorf("dry run: %d %q %q", code, out, stderr)
	}
	if n := countTable(t, db, "candidates"); n != 0 {
		t.Errorf("dry run stored %d candidates", n)
	}
	if code, out, stderr := run(t, "", "import", "candidates", good, "--apply", "--database-url", db); code != 0 || !strings.Contains(out, "2 regels geïmporteerd") {
		t.Errorf("apply: %d %q %q", code, out, stderr)
	}
	if n, phases := countTable(t, db, "candidates"), countTable(t, db, "phase_periods"); n != 2 || phases != 1 {
		t.Errorf("after apply: %d candidates, %d phases", n, phases)
	}
	var actor string
	sqlDB, _ := sql.Open("sqlite", db)
	sqlDB.QueryRow(`SELECT actor_email FROM audit_events WHERE entity = 'kandidaat' ORDER BY id DESC LIMIT 1`).Scan(&actor)
	sqlDB.Close()
	if actor != "import" {
		t.Errorf("audit actor %q, want import", actor)
	}
	// The Logboek records each imported person under the command.
	if n := countTable(t, db, "processing_log WHERE name = 'werkpad import candidates' AND activity_id = 're-integratie' AND subject_kind = 'kandidaat'"); n != 2 {
		t.Errorf("Logboek after the import: %d records, want 2", n)
	}

	// The database is checked in the dry run too: the same file again is refused.
	if code, out, _ := run(t, "", "import", "candidates", good, "--database-url", db); code != 1 || !strings.Contains(out, "regel 2, kolom bsn: Er is al een kandidaat") || !strings.Contains(out, "regel 3, kolom bsn") {
		t.Errorf("second import: %d %q", code, out)
	}
	// --municipality limits the scope.
	if code, out, _ := run(t, "", "import", "candidates", good, "--municipality", "GM0268", "--database-url", db); code != 1 || !strings.Contains(out, "regel 3, kolom gemeente: GM1945 valt buiten --municipality GM0268") {
		t.Errorf("municipality: %d %q", code, out)
	}

	// Placements and exits by BSN; an unknown BSN names the line.
	placements := writeFile(t, dir, "plaatsingen.csv", "bsn;werkgever;van;tot;uren_per_week;contract;lks;loonwaarde;herbeoordeling;detacheringsbaan;beschut\n"+
		"123456782;Bakkerij Bolletje;01-06-2024;;24,5;bepaald;ja;62,5;01-06-2025;nee;nee\n"+
		"100000009;Onbekend;01-06-2024;;36;bepaald;nee;;;;\n")
	if code, out, _ := run(t, "", "import", "placements", placements, "--apply", "--database-url", db); code != 1 || !strings.Contains(out, "regel 3, kolom bsn: Er is geen kandidaat") {
		t.Errorf("placements with unknown BSN: %d %q", code, out)
	}
	if n := countTable(t, db, "placements"); n != 0 {
		t.Errorf("refused placements stored: %d", n)
	}
	placements = writeFile(t, dir, "plaatsingen.csv", "bsn;werkgever;van;tot;uren_per_week;contract;lks;loonwaarde;herbeoordeling;detacheringsbaan;beschut\n"+
		"123456782;Bakkerij Bolletje;01-06-2024;;24,5;bepaald;ja;62,5;01-06-2025;nee;nee\n")
	if code, out, stderr := run(t, "", "import", "placements", placements, "--apply", "--database-url", db); code != 0 {
		t.Errorf("placements: %d %q %q", code, out, stderr)
	}
	exits := writeFile(t, dir, "uitstroom.csv", "bsn;datum;reden;plaatsing_van\n123456782;30-06-2024;werk;01-06-2024\n111222333;2024-06-30;werk;01-06-2024\n")
	if code, out, _ := run(t, "", "import", "exits", exits, "--apply", "--database-url", db); code != 1 || !strings.Contains(out, "regel 3, kolom plaatsing_van: Deze kandidaat heeft geen plaatsing die op 01-06-2024 begint.") {
		t.Errorf("exits: %d %q", code, out)
	}
	exits = writeFile(t, dir, "uitstroom.csv", "bsn;datum;reden;plaatsing_van\n123456782;30-06-2024;werk;01-06-2024\n111222333;2024-06-30;verhuizing;\n")
	if code, out, stderr := run(t, "", "import", "exits", exits, "--apply", "--database-url", db); code != 0 || countTable(t, db, "exits") != 2 {
		t.Errorf("exits: %d %q %q", code, out, stderr)
	}

	for _, args := range [][]string{{"import"}, {"import", "employers", good}, {"import", "candidates"}, {"import", "candidates", good, "--municipality", "Nijmegen"}} {
		if code, _, stderr := run(t, "", append(args, "--database-url", db)...); code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("werkpad %s: exit %d %q", strings.Join(args, " "), code, stderr)
		}
	}
	if code, out, _ := run(t, "", "import", "--help"); code != 0 || !strings.Contains(out, "Gebruik: werkpad import") {
		t.Errorf("help: %d %q", code, out)
	}
}
