package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad/store"
	"werkpad/store/storetest"
)

// bundleReports are the JSON reports the round trip compares.
var bundleReports = [][2]string{{"01-01-2024", "30-06-2024"}, {"01-01-2024", "31-12-2024"}}

// reportJSON renders the JSON report of the database at url for a period.
func reportJSON(t *testing.T, url, from, to string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.json")
	if code, _, stderr := run(t, "", "report", "--database-url", url, "--from", from, "--to", to, "--format", "json", "--output", out); code != 0 {
		t.Fatalf("report %s-%s on %s: exit %d, %s", from, to, url, code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tableCounts counts the rows of every bundled table.
func tableCounts(t *testing.T, url string) map[string]int {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgresURL(url) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, k := range store.BundleKinds {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM ` + k.Table).Scan(&n); err != nil {
			t.Fatalf("%s: %v", k.Table, err)
		}
		counts[k.Table] = n
	}
	return counts
}

// TestBundleRoundTrip exports the demo region (scale 1) from SQLite, loads
// the bundle into an empty database with another key (SQLite, and
// PostgreSQL when there is a test server), and requires the same number of
// rows in every table, the same JSON reports for 2024-H1 and 2024, and a
// byte-identical export from the target.
func TestBundleRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo region")
	}
	t.Setenv("WERKPAD_SECRET_KEY", "")
	dir := t.TempDir()
	src := filepath.Join(dir, "bron.db")
	if code, _, stderr := run(t, "", "demo", "--database-url", src, "--scale", "1"); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	fillEmptyKinds(t, src)
	bundle := filepath.Join(dir, "bundel")
	if code, out, stderr := run(t, "", "export", "--database-url", src, "--bundle", bundle); code != 0 || !strings.Contains(out, "onversleutelde BSN's") {
		t.Fatalf("export: exit %d, %s %s", code, out, stderr)
	}
	wantCounts := tableCounts(t, src)
	for table, n := range wantCounts {
		if n == 0 {
			t.Errorf("%s has no rows in the source, so its columns do not cross in this test: add one in fillEmptyKinds", table)
		}
	}
	var wantReports [][]byte
	for _, p := range bundleReports {
		wantReports = append(wantReports, reportJSON(t, src, p[0], p[1]))
	}
	if code, out, stderr := run(t, "", "import", "bundle", bundle); code != 0 || !strings.Contains(out, "geen fouten") {
		t.Fatalf("dry run: exit %d, %s %s", code, out, stderr)
	}

	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			target := storetest.URL(t, d)
			if d == store.Postgres {
				t.Setenv("WERKPAD_SECRET_KEY", strings.Repeat("5a", 32))
			} // SQLite: a new key file next to the new database
			if code, out, stderr := run(t, "", "import", "bundle", bundle, "--apply", "--database-url", target); code != 0 {
				t.Fatalf("import --apply: exit %d, %s %s", code, out, stderr)
			}
			if diff := cmp.Diff(wantCounts, tableCounts(t, target)); diff != "" {
				t.Errorf("rows per table (-source +target):\n%s", diff)
			}
			for i, p := range bundleReports {
				if got := reportJSON(t, target, p[0], p[1]); !bytes.Equal(wantReports[i], got) {
					t.Errorf("JSON report %s-%s differs after the round trip:\n%s", p[0], p[1], cmp.Diff(string(wantReports[i]), string(got)))
				}
			}
			if d == store.Postgres {
				checkSequences(t, target)
			}
			checkSealed(t, target, bundle)
			again := filepath.Join(t.TempDir(), "opnieuw")
			if code, _, stderr := run(t, "", "export", "--database-url", target, "--bundle", again); code != 0 {
				t.Fatalf("export from %s: exit %d, %s", d, code, stderr)
			}
			for _, k := range store.BundleKinds {
				a, _ := os.ReadFile(filepath.Join(bundle, k.File))
				b, err := os.ReadFile(filepath.Join(again, k.File))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s differs between the export from SQLite and from %s (%v)", k.File, d, err)
				}
			}
			// A second load would mix two histories: refused, nothing changed.
			code, _, stderr := run(t, "", "import", "bundle", bundle, "--apply", "--database-url", target)
			if code != 1 || !strings.Contains(stderr, "De database is niet leeg") {
				t.Errorf("import into a non-empty database: exit %d, %q", code, stderr)
			}
			if diff := cmp.Diff(wantCounts, tableCounts(t, target)); diff != "" {
				t.Errorf("the refused import changed rows:\n%s", diff)
			}
		})
	}
}

// emptyBundle exports a freshly migrated database: only the reference data
// the migrations fill.
func emptyBundle(t *testing.T) string {
	t.Helper()
	t.Setenv("WERKPAD_SECRET_KEY", "")
	dir := t.TempDir()
	db := migrated(t, filepath.Join(dir, "leeg.db"))
	bundle := filepath.Join(dir, "bundel")
	if code, _, stderr := run(t, "", "export", "--database-url", db, "--bundle", bundle); code != 0 {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	return bundle
}

// appendRows adds CSV lines to a file of the bundle; with fix, the
// manifest's row count and checksum are brought in line.
func appendRows(t *testing.T, bundle, file string, fix bool, lines ...string) {
	t.Helper()
	path := filepath.Join(bundle, file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, []byte(strings.Join(lines, "\n")+"\n")...)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if !fix {
		return
	}
	mpath := filepath.Join(bundle, store.BundleManifest)
	raw, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	var m store.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for i := range m.Files {
		if m.Files[i].Name == file {
			sum := sha256.Sum256(b)
			m.Files[i].Rows += len(lines)
			m.Files[i].SHA256 = hex.EncodeToString(sum[:])
		}
	}
	raw, _ = json.Marshal(m)
	if err := os.WriteFile(mpath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestBundleDryRunErrors: a bundle with broken rows is refused with each
// problem named by file, line and column, and --apply changes nothing.
func TestBundleDryRunErrors(t *testing.T) {
	bundle := emptyBundle(t)
	const ts = "2024-01-02T03:04:05.000000Z"
	appendRows(t, bundle, "candidates.csv", true,
		"1,GM0268,123456782,Anna,,Jansen,anna,jansen,1980-01-01,arbeidsbemiddeling,2023-01-01,,,"+ts+","+ts,
		"2,GM0268,123456789,Bert,,Bos,bert,bos,1980-01-01,arbeidsbemiddeling,2023-01-01,,,"+ts+","+ts,
		"3,GM0268,111222333,Cor,,Cox,cor,cox,1980-02-31,arbeidsbemiddeling,2023-01-01,,,"+ts+","+ts)
	appendRows(t, bundle, "benefit_periods.csv", true,
		"1,1,GM0268,participatiewet,2023-01-01,",
		"2,99,GM0268,participatiewet,2023-01-01,")
	appendRows(t, bundle, "indications.csv", false, "1,1,GM0268,doelgroepregister,2023-01-01,")
	appendRows(t, bundle, "complaints.csv", true,
		"1,1,GM0268,GM0268,2024-01-01,Onderwerp,\"tekst met \x1b[31m escape\",,,,false,,,,,,1,"+ts+","+ts)
	appendRows(t, bundle, "users.csv", true, "1,c@x.nl,Carla,controller,false,"+ts+","+ts+",")
	appendRows(t, bundle, "report_fixes.csv", true,
		"1,2019-01-01,2019-06-30,{},1,c@x.nl,"+ts+",,abc,\"{\"\"a\"\":\"\""+strings.Repeat("9", 5000)+"\"\"}\",[]")

	code, out, stderr := run(t, "", "import", "bundle", bundle)
	if code != 1 || !strings.Contains(stderr, "niets opgeslagen") {
		t.Fatalf("dry run: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		`candidates.csv, regel 3, kolom bsn: "123456789" is geen geldig BSN`,
		`candidates.csv, regel 4, kolom birth_date: "1980-02-31" is geen datum`,
		"benefit_periods.csv, regel 3, kolom candidate_id: id 99 bestaat niet in candidates.csv",
		"indications.csv: de SHA-256 klopt niet",
		"indications.csv: 1 regels, maar manifest.json noemt er 0",
		"complaints.csv, regel 2, kolom description: De tekst bevat een stuurteken (U+001B)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "report_fixes.csv") || strings.Contains(out, "candidates.csv, regel 2,") {
		t.Errorf("a good row was reported:\n%s", out)
	}
	target := migrated(t, filepath.Join(t.TempDir(), "doel.db"))
	before := tableCounts(t, target)
	if code, _, _ := run(t, "", "import", "bundle", bundle, "--apply", "--database-url", target); code != 1 {
		t.Errorf("--apply of a broken bundle: exit %d, want 1", code)
	}
	if diff := cmp.Diff(before, tableCounts(t, target)); diff != "" {
		t.Errorf("a refused bundle changed the database:\n%s", diff)
	}

	// A header with a wrong column is named on line 1.
	bundle = emptyBundle(t)
	path := filepath.Join(bundle, "exits.csv")
	b, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(b, []byte("exit_date"), []byte("datum"), 1), 0o600)
	appendRows(t, bundle, "signals.csv", true, `1,1,"GM0268,2024-01-01`)
	os.Remove(filepath.Join(bundle, "vacancies.csv"))
	_, out, _ = run(t, "", "import", "bundle", bundle)
	for _, want := range []string{"exits.csv, regel 1, kolom exit_date: kolom 4 heet datum", "signals.csv, regel 2: onleesbare CSV, teken ", "vacancies.csv: het bestand ontbreekt in "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestBundleApplyOntoNonEmpty: a database with records refuses a bundle.
func TestBundleApplyOntoNonEmpty(t *testing.T) {
	bundle := emptyBundle(t)
	target := filepath.Join(t.TempDir(), "vol.db")
	if code, _, stderr := run(t, "", "demo", "--database-url", target, "--accounts-only"); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	code, _, stderr := run(t, "", "import", "bundle", bundle, "--apply", "--database-url", target)
	if code != 1 || !strings.Contains(stderr, "De database is niet leeg: users bevat al gegevens") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	oneErrorLine(t, "import bundle --apply", stderr)
}

// fillEmptyKinds adds a row to each table the demo region leaves empty,
// with a timestamp at nanoseconds (the bundle keeps microseconds) and a
// text that needs CSV quoting, so that every kind and type crosses.
func fillEmptyKinds(t *testing.T, url string) {
	t.Helper()
	db, err := sql.Open("sqlite", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2024, 3, 1, 12, 30, 15, 123456789, time.UTC)
	for _, q := range []string{
		`INSERT INTO agreement_amendments (agreement_year_id, version, municipality, year, effective_from, reason, document_ref, status, proposed_by, proposed_at, in_force_at)
			SELECT id, version, municipality, year, '2024-07-01', 'Wijziging, met "aanhalingstekens"' || char(10) || 'en een tweede regel', 'doc-1', 'concept', 'c@x.nl', ?1, NULL FROM agreement_years ORDER BY id LIMIT 1`,
		`INSERT INTO agreement_amendment_lines (amendment_id, side, position, item, quantity_milli, agreed_cents, has_agreed, description, article, page)
			VALUES ((SELECT MAX(id) FROM agreement_amendments), 'voor', 1, 'x', 1500, -12345, 1, 'Omschrijving é ü', '3.1', 2)`,
		`INSERT INTO agreement_amendment_approvals (amendment_id, party, approved_on, approver_name, document_ref, recorded_by, recorded_at)
			VALUES ((SELECT MAX(id) FROM agreement_amendments), 'gemeente', '2024-07-02', 'Wethouder', 'doc-2', 'c@x.nl', ?1)`,
		`INSERT INTO agreement_consents (version, party, municipality, approved_on, approver_name, document_ref, recorded_by, recorded_at)
			VALUES ((SELECT MIN(version) FROM agreements), 'gemeente', 'GM0268', '2024-07-03', 'B. Stuur', 'doc-3', 'c@x.nl', ?1)`,
		`INSERT INTO agreement_realisations (agreement_year_id, item, half, quantity_milli, note, recorded_by, recorded_at)
			VALUES ((SELECT MIN(id) FROM agreement_years), 'x', 1, 2500, '', 'c@x.nl', ?1)`,
		`INSERT INTO bonus_grants (employer_id, amount_cents, granted_on, note, active_placements, created_by, created_at)
			VALUES ((SELECT MIN(id) FROM employers), 250000, '2024-03-01', 'Bonus', 3, 1, ?1)`,
		`INSERT INTO candidate_corrections (candidate_id, field, old_value, new_value, corrected_at, corrected_by)
			VALUES (1, 'birth_date', '1980-01-01', '1981-01-01', ?1, NULL)`,
		`INSERT INTO candidate_profile_certificates (candidate_id, name) SELECT MIN(candidate_id), 'VCA' FROM candidate_profiles`,
		`INSERT INTO indicator_norms (municipality, indicator, year, value, source, recorded_by, recorded_at)
			VALUES ('GM0268', 'placements_upto28', 2030, 300, 'DVO', 'c@x.nl', ?1)`,
		`INSERT INTO placement_terms (placement_id, from_date, contract_minutes_per_week, wage_value_bp, wage_subsidy)
			VALUES ((SELECT MIN(id) FROM placements), '2030-01-01', 1800, 6250, 1)`,
		`INSERT INTO proposals (vacancy_id, candidate_id, status, proposed_on, status_on, reason, score, placement_id, secondment_override, created_by, created_at, updated_at)
			VALUES ((SELECT MIN(id) FROM vacancies), 1, 'voorgesteld', '2024-02-01', '2024-02-01', '', 80, NULL, '', 1, ?1, ?1)`,
		`INSERT INTO report_fixes (period_from, period_to, definitions, fixed_by, fixed_by_email, fixed_at, note, fingerprint, figures, records)
			VALUES ('2019-01-01', '2019-06-30', '{}', 1, 'c@x.nl', ?1, 'vastgesteld', 'abc', '{"a":1}', '[]')`,
		`INSERT INTO vacancy_certificates (vacancy_id, name, hard) VALUES ((SELECT MIN(id) FROM vacancies), 'VCA', 0)`,
		// As retention leaves a person: no BSN, a marker as lookup hash.
		`UPDATE candidates SET bsn_encrypted = '', bsn_hash = 'geanonimiseerd-' || id, bsn_last4 = '' WHERE id = (SELECT MAX(id) FROM candidates) AND ?1 IS NOT NULL`,
		`UPDATE referrals SET bsn_encrypted = '', bsn_hash = 'geanonimiseerd-aanmelding-' || id, bsn_last4 = '' WHERE id = (SELECT MIN(id) FROM referrals) AND ?1 IS NOT NULL`,
	} {
		if _, err := db.Exec(q, at); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// checkSequences requires every id sequence of the PostgreSQL target to
// be past the highest imported id, so that new records get new ids.
func checkSequences(t *testing.T, url string) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, k := range store.BundleKinds {
		if len(k.Key) != 1 || k.Key[0] != "id" || k.Columns[0].Type != store.BundleInt {
			continue
		}
		var next, maxID int64
		err := db.QueryRow(`SELECT nextval(pg_get_serial_sequence('`+k.Table+`', 'id')), COALESCE((SELECT MAX(id) FROM `+k.Table+`), 0)`).Scan(&next, &maxID)
		if err != nil {
			t.Fatalf("%s: %v", k.Table, err)
		}
		if next <= maxID {
			t.Errorf("%s: the next id is %d, but %d is taken", k.Table, next, maxID)
		}
	}
}

// TestBundleProblemCap: the dry run prints the first 100 problems and
// counts the rest.
func TestBundleProblemCap(t *testing.T) {
	bundle := emptyBundle(t)
	var lines []string
	for i := 1; i <= 150; i++ {
		lines = append(lines, fmt.Sprintf("%d,1,GM0268,participatiewet,2023-01-01,", i))
	}
	appendRows(t, bundle, "benefit_periods.csv", true, lines...)
	code, out, stderr := run(t, "", "import", "bundle", bundle)
	if code != 1 || !strings.Contains(stderr, "150 meldingen") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if n := strings.Count(out, "kolom candidate_id: id 1 bestaat niet"); n != 100 {
		t.Errorf("%d problems printed, want 100", n)
	}
	if !strings.Contains(out, "… en 50 meldingen meer (150 in totaal)") {
		t.Errorf("no count of the rest:\n%s", out[max(0, len(out)-300):])
	}
}

// checkSealed requires the BSNs of the target to be sealed with the
// target's own key: the lookup hash and last four digits of every
// candidate match the bundle's plain BSN, and an erased BSN has the
// retention marker.
func checkSealed(t *testing.T, url, bundle string) {
	t.Helper()
	var key []byte
	var err error
	driver := "sqlite"
	if store.IsPostgresURL(url) {
		driver = "pgx"
		key, err = store.ParseKey(os.Getenv("WERKPAD_SECRET_KEY"))
	} else {
		key, err = store.LoadOrCreateKey(store.KeyFilePath(url))
	}
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := store.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(bundle, "candidates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{}
	for _, r := range recs[1:] {
		if r[2] == "" {
			want[r[0]] = [2]string{"geanonimiseerd-" + r[0], ""}
		} else {
			want[r[0]] = [2]string{sealer.Hash(r[2]), r[2][5:]}
		}
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, bsn_hash, bsn_last4 FROM candidates`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got, erased := map[string][2]string{}, 0
	for rows.Next() {
		var id, hash, last4 string
		if err := rows.Scan(&id, &hash, &last4); err != nil {
			t.Fatal(err)
		}
		got[id] = [2]string{hash, last4}
		if last4 == "" {
			erased++
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || erased != 1 {
		t.Errorf("BSN hashes of the target (%d erased, want 1), -bundle +target:\n%.2000s", erased, diff)
	}
}

// TestBundleExportFolder: the export writes its files for the owner only
// and never into a folder that holds something.
func TestBundleExportFolder(t *testing.T) {
	bundle := emptyBundle(t)
	for _, name := range []string{"candidates.csv", store.BundleManifest} {
		fi, err := os.Stat(filepath.Join(bundle, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v; want 0600", name, fi.Mode().Perm())
		}
	}
	db := migrated(t, filepath.Join(t.TempDir(), "w.db"))
	code, _, stderr := run(t, "", "export", "--database-url", db, "--bundle", bundle)
	if code != 1 || !strings.Contains(stderr, "is niet leeg") {
		t.Errorf("export into a full folder: exit %d, %q", code, stderr)
	}
	oneErrorLine(t, "export", stderr)
}

// TestBundleApplyNamesRefusedLine: a row that passes the checks but that
// the database refuses (here a second user with the same e-mail address)
// is named by file and line, and nothing is stored.
func TestBundleApplyNamesRefusedLine(t *testing.T) {
	bundle := emptyBundle(t)
	const ts = "2024-01-02T03:04:05.000000Z"
	appendRows(t, bundle, "users.csv", true,
		"1,a@x.nl,Anna,controller,false,"+ts+","+ts+",",
		"2,b@x.nl,Bert,controller,false,"+ts+","+ts+",",
		"3,a@x.nl,Anna twee,controller,false,"+ts+","+ts+",")
	if code, out, stderr := run(t, "", "import", "bundle", bundle); code != 0 {
		t.Fatalf("dry run: exit %d, %s %s", code, out, stderr)
	}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			target := storetest.URL(t, d)
			if d == store.Postgres {
				t.Setenv("WERKPAD_SECRET_KEY", strings.Repeat("5a", 32))
			}
			code, _, stderr := run(t, "", "import", "bundle", bundle, "--apply", "--database-url", target)
			if code != 1 || !strings.Contains(stderr, "users.csv, regel 4: de database weigert de regel") {
				t.Errorf("exit %d, %q", code, stderr)
			}
			oneErrorLine(t, "import bundle --apply", stderr)
			if n := tableCounts(t, target)["users"]; n != 0 {
				t.Errorf("%d users stored", n)
			}
		})
	}
}
