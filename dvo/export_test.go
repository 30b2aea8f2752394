package dvo_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"werkpad"
	"werkpad/dvo"
)

func exportShipped(t *testing.T) (*werkpad.Agreement, *excelize.File, []byte) {
	t.Helper()
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	var x, c bytes.Buffer
	if err := dvo.WriteXLSX(&x, a, werkpad.Totals(a), werkpad.CheckAgreement(a)); err != nil {
		t.Fatal(err)
	}
	if err := dvo.WriteCSV(&c, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return a, f, c.Bytes()
}

func TestWriteXLSX(t *testing.T) {
	_, f, _ := exportShipped(t)
	want := []string{"Berg en Dal", "Beuningen", "Druten", "Heumen", "Mook en Middelaar", "Nijmegen", "Wijchen"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}

	// Berg en Dal 2024, art. 5.2 a: ca. 1,5 fte participatiecoaching, € 128k
	// agreed, € 127.500 on the card. Rows: 1 title, 3 year, 4 header, 5 first line.
	const sheet = "Berg en Dal"
	for _, tc := range []struct {
		cell    string
		want    string
		number  bool
		euroFmt bool
	}{
		{"A3", "Jaar 2024", false, false},
		{"A5", "Participatiecoaching", false, false},
		{"C5", "1.5", true, false},
		{"D5", "fte", false, false},
		{"E5", "127500", true, true},
		{"F5", "128000", true, true},
		{"G5", "500", true, true},
		{"H5", "art. 5.2 a", false, false},
		{"C6", "40", true, false},
		{"F6", "120000", true, true},
	} {
		got, err := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.cell, got, tc.want)
		}
		typ, err := f.GetCellType(sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		// A number cell has no type attribute (OOXML default "n"); text is a shared string.
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; isNumber != tc.number {
			t.Errorf("%s: cell type %v, number %v", tc.cell, typ, tc.number)
		}
		styleID, err := f.GetCellStyle(sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(styleID)
		if err != nil {
			t.Fatal(err)
		}
		hasEuro := style.CustomNumFmt != nil && *style.CustomNumFmt == dvo.EuroFormat
		if hasEuro != tc.euroFmt {
			t.Errorf("%s: number format %v, want euro format %v", tc.cell, style.CustomNumFmt, tc.euroFmt)
		}
	}
	// Shown to a Dutch reader as euros.
	if got, _ := f.GetCellValue(sheet, "F5"); !strings.Contains(got, "€") || !strings.Contains(got, "128") {
		t.Errorf("F5 formatted %q", got)
	}

	// Totals and findings follow the lines of the year.
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	var findings []string
	year := ""
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "Jaar ") {
			year = r[0]
		}
		if year == "Jaar 2024" && len(r) >= 6 && r[1] == "" && r[5] != "" {
			labels[r[0]] = r[5]
		}
		if year == "Jaar 2024" && len(r) >= 2 && (r[0] == "FOUT" || r[0] == "LET OP" || r[0] == "INFO") {
			findings = append(findings, r[0])
		}
	}
	wantTotals := map[string]string{
		"Lokale ruimte": "310000", "Volgens keuzekaart": "311500", "Afgesproken": "312000",
		"Resterend (ruimte − afgesproken)": "-2000", "Oude verplichtingen (apart)": "5000",
	}
	for k, v := range wantTotals {
		if labels[k] != v {
			t.Errorf("2024 %s: %q, want %q", k, labels[k], v)
		}
	}
	if len(findings) == 0 || !slicesContains(findings, "FOUT") {
		t.Errorf("2024 findings %v: want the over-budget error", findings)
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestWriteCSV(t *testing.T) {
	a, f, raw := exportShipped(t)
	if !bytes.HasPrefix(raw, []byte("\ufeff")) {
		t.Fatal("no UTF-8 byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Gemeentecode", "Gemeente", "Jaar", "Soort", "Item", "Omschrijving", "Aantal", "Eenheid", "Kaartprijs", "Afgesproken", "Verschil", "Artikel"}
	if diff := cmp.Diff(wantHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	lines := 0
	for _, my := range a.Years {
		lines += len(my.Lines) + len(my.Extras)
	}
	if len(recs)-1 != lines {
		t.Errorf("%d rows, want one per line and extra: %d", len(recs)-1, lines)
	}
	if diff := cmp.Diff([]string{"GM1945", "Berg en Dal", "2024", "keuzekaart", "Participatiecoaching", "ca. 1,5 fte participatiecoaching",
		"1,5", "fte", "127500,00", "128000,00", "500,00", "art. 5.2 a"}, recs[1]); diff != "" {
		t.Errorf("first row (-want +got):\n%s", diff)
	}

	// Every amount in the CSV equals the number in the workbook: walk each
	// sheet's line rows in order, alongside the CSV rows of that municipality.
	csvRows := map[string][][]string{}
	for _, rec := range recs[1:] {
		csvRows[rec[1]] = append(csvRows[rec[1]], rec)
	}
	compared := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		want := csvRows[sheet]
		i := 0
		inLines := false
		for _, row := range rows {
			switch {
			case len(row) > 0 && row[0] == "Item":
				inLines = true
				continue
			case len(row) == 0:
				inLines = false
			}
			if !inLines {
				continue
			}
			if i >= len(want) {
				t.Fatalf("%s: more line rows in the workbook than in the CSV", sheet)
			}
			cells := make([]string, 8)
			copy(cells, row)
			rec := want[i]
			for col, csvCol := range map[int]int{4: 8, 5: 9, 6: 10} {
				if got, want := csvToRaw(t, rec[csvCol]), xlsxCents(t, cells[col]); got != want {
					t.Errorf("%s row %d column %s: CSV %q, XLSX %q", sheet, i, wantHeader[csvCol], rec[csvCol], cells[col])
				}
				compared++
			}
			if rec[11] != cells[7] || rec[5] != cells[1] {
				t.Errorf("%s row %d: CSV %v, XLSX %v", sheet, i, rec, cells)
			}
			i++
		}
		if i != len(want) {
			t.Errorf("%s: %d line rows in the workbook, %d in the CSV", sheet, i, len(want))
		}
	}
	if compared == 0 {
		t.Fatal("compared nothing")
	}
}

// csvToRaw reads "128000,00" as cents; "" stays "".
func csvToRaw(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	c, err := werkpad.ParseEuro(s)
	if err != nil {
		t.Fatalf("CSV amount %q: %v", s, err)
	}
	return strconv.FormatInt(int64(c), 10)
}

// xlsxCents reads a raw cell value in euros ("127500", "-0.5") as cents.
func xlsxCents(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("XLSX amount %q: %v", s, err)
	}
	return strconv.FormatInt(int64(math.Round(v*100)), 10)
}
