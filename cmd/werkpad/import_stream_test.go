package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"werkpad/csvimport"
)

// sampleFile writes a candidates file of n good rows.
func sampleFile(t *testing.T, dir, name string, n, start int) string {
	t.Helper()
	var b bytes.Buffer
	if err := csvimport.WriteSampleCandidates(&b, n, csvimport.NewBSNSeries(start)); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, b.String())
}

// TestImportDryRunTakesNoWriteLock: while another connection holds the
// SQLite write lock (as the running server does for each write), a dry
// run of the whole file still completes: it only reads.
func TestImportDryRunTakesNoWriteLock(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	first := sampleFile(t, dir, "first.csv", 10, 40_000_000)
	if code, out, stderr := run(t, "", "import", "candidates", first, "--apply", "--database-url", db); code != 0 {
		t.Fatalf("apply: %d %q %q", code, out, stderr)
	}
	holder, err := sql.Open("sqlite", "file:"+db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE candidates SET updated_at = updated_at WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	file := sampleFile(t, dir, "more.csv", 3000, 41_000_000)
	if code, out, stderr := run(t, "", "import", "candidates", file, "--database-url", db); code != 0 || !strings.Contains(out, "3000 regels gecontroleerd, geen fouten") {
		t.Errorf("dry run under a held write lock: %d %q %q", code, out, stderr)
	}
}

// TestImportCapsProblems: a file with many bad lines prints the first 100
// problems and counts the rest, and still counts every bad line.
func TestImportCapsProblems(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	var b strings.Builder
	b.WriteString(strings.Join(csvimport.CandidateColumns, ";") + "\n")
	for i := range 250 {
		fmt.Fprintf(&b, "123456789;Jan%d;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n", i) // fails the elfproef
	}
	file := writeFile(t, dir, "bad.csv", b.String())
	code, out, stderr := run(t, "", "import", "candidates", file, "--apply", "--database-url", db)
	if code != 1 || strings.Count(out, "\n") != 101 || !strings.Contains(out, "… en 150 meldingen meer (250 in totaal)") ||
		!strings.Contains(stderr, "250 van 250 regels fout (250 meldingen)") {
		t.Errorf("exit %d, %d lines\n%s\nstderr %q", code, strings.Count(out, "\n"), out[max(0, len(out)-300):], stderr)
	}
	if n := countTable(t, db, "candidates"); n != 0 {
		t.Errorf("stored %d", n)
	}
}
