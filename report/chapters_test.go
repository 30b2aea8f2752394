package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"werkpad"
	"werkpad/finance"
	"werkpad/report"
)

// chapterRequest is fullRequest with an SW and an LKS chapter for two
// municipalities and the shipped finance tables of 2024.
func chapterRequest(t *testing.T) werkpad.ReportRequest {
	t.Helper()
	req := fullRequest(t)
	per := req.Current.Period
	q1 := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-03-31")}
	q2 := werkpad.Period{From: werkpad.MustParseDate("2024-04-01"), To: werkpad.MustParseDate("2024-06-30")}
	fig := func(code, name string, before, end, seBefore, seEnd int64) werkpad.SWMunicipalityFigures {
		f := werkpad.SWMunicipalityFigures{Code: code, Name: name,
			YearBefore: werkpad.SWTotals{Headcount: before, SEThousandths: seBefore}, AtEnd: werkpad.SWTotals{Headcount: end, SEThousandths: seEnd},
			SickLeave: map[werkpad.Werkvorm]werkpad.Tenths{werkpad.WerkvormShelteredInside: 123, werkpad.WerkvormSupportedEmployment: 45}}
		for _, q := range []werkpad.Period{q1, q2} {
			f.Locations = append(f.Locations, werkpad.SWQuarterLocations{Quarter: q,
				Shares:  map[werkpad.LocationRow]werkpad.Tenths{werkpad.LocationRow(werkpad.WerkvormShelteredInside): 412, werkpad.LocationRow(werkpad.WerkvormGroupSecondment): 588},
				Outside: 588})
		}
		return f
	}
	req.SW = &werkpad.SWChapter{Period: per, Quarters: []werkpad.Period{q1, q2},
		Municipalities: []werkpad.SWMunicipalityFigures{fig("GM1945", "Berg en Dal", 110, 104, 115250, 108125), fig("GM0268", "Nijmegen", 640, 618, 660500, 640750)},
		Region:         fig("", "Regio", 750, 722, 775750, 748875),
		AddedValue:     &werkpad.SWAddedValue{Year: 2024, Months: 6, RealisedCents: 123456789, BudgetCentsPerFTE: 1000000, ForecastCentsPerFTE: 987654, RealisedCentsPerFTE: 493827}}
	req.LKS = &werkpad.LKSChapter{Period: per,
		Municipalities: []werkpad.LKSFigures{{Code: "GM1945", Name: "Berg en Dal", Running: 41, NUG: 7, AvgHoursHundredths: 2875, AvgWageValueBP: 5512, PeriodCents: 31234567},
			{Code: "GM0268", Name: "Nijmegen", Running: 301, NUG: 3, AvgHoursHundredths: 2650, AvgWageValueBP: 5710, PeriodCents: 231234567}},
		Region: werkpad.LKSFigures{Name: "Regio", Running: 342, NUG: 10, AvgHoursHundredths: 2677, AvgWageValueBP: 5686, PeriodCents: 262469134}}
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	req.Finance, req.FinanceYear = tables, 2024
	return req
}

// chapterFigures maps "chapter/table/row/column" to a number.
type chapterFigures map[string]float64

func chaptersFromJSON(t *testing.T, b []byte) chapterFigures {
	t.Helper()
	type table struct {
		Key  string
		Rows []struct {
			Key    string
			Values map[string]any
		}
	}
	var doc struct {
		SW, LKS, Finance *struct{ Tables []table }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := chapterFigures{}
	for ch, c := range map[string]*struct{ Tables []table }{report.ChapterSW: doc.SW, report.ChapterLKS: doc.LKS, report.ChapterFinance: doc.Finance} {
		if c == nil {
			continue
		}
		for _, tb := range c.Tables {
			for _, r := range tb.Rows {
				for col, v := range r.Values {
					if f, ok := v.(float64); ok {
						out[ch+"/"+tb.Key+"/"+r.Key+"/"+col] = f
					}
				}
			}
		}
	}
	return out
}

func chaptersFromCSV(t *testing.T, b []byte) chapterFigures {
	t.Helper()
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	rd.Comma = ';'
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := chapterFigures{}
	for _, rec := range recs[1:] {
		ch := rec[11]
		if ch != report.ChapterSW && ch != report.ChapterLKS && ch != report.ChapterFinance {
			continue
		}
		if rec[6] == "" || rec[6] == "<5" || rec[6] == "x" {
			continue
		}
		// indicator is table.row.column; row keys may hold dots themselves.
		parts := strings.Split(rec[2], ".")
		key := ch + "/" + parts[0] + "/" + strings.Join(parts[1:len(parts)-1], ".") + "/" + parts[len(parts)-1]
		out[key] = dutchNumber(t, rec[6])
	}
	return out
}

func chaptersFromXLSX(t *testing.T, b []byte) chapterFigures {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := chapterFigures{}
	for ch, sheet := range map[string]string{report.ChapterSW: report.SWSheet, report.ChapterLKS: report.LKSSheet, report.ChapterFinance: report.FinanceSheet} {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		var table string
		var cols []string
		in := false
		for _, row := range rows {
			switch {
			case len(row) == 0 || row[0] == "":
				in = false
			case row[0] == "tabel":
				table = row[1]
			case row[0] == "kolom":
				cols, in = row, true
			case in:
				for i := 2; i < len(row) && i < len(cols); i++ {
					if row[i] == "" || row[i] == "<5" || row[i] == "x" {
						continue
					}
					v, err := strconv.ParseFloat(row[i], 64)
					if err != nil {
						t.Fatalf("%s %s %s: %q", sheet, table, row[1], row[i])
					}
					out[ch+"/"+table+"/"+row[1]+"/"+cols[i]] = v
				}
			}
		}
	}
	return out
}

// TestChaptersAgree: the chapters hold the same numbers in JSON, CSV and
// XLSX, and the finance chapter shows the shipped 2024 tables as published.
func TestChaptersAgree(t *testing.T) {
	req := chapterRequest(t)
	j := chaptersFromJSON(t, render(t, werkpad.ReportJSON, req))
	c := chaptersFromCSV(t, render(t, werkpad.ReportCSV, req))
	x := chaptersFromXLSX(t, render(t, werkpad.ReportXLSX, req))
	if len(j) < 500 {
		t.Errorf("JSON chapters hold %d numbers", len(j))
	}
	for name, other := range map[string]chapterFigures{"CSV": c, "XLSX": x} {
		for k, v := range j {
			if got, ok := other[k]; !ok || got != v {
				t.Errorf("%s %s = %v (present %v), JSON has %v", name, k, got, ok, v)
			}
		}
		for k := range other {
			if _, ok := j[k]; !ok {
				t.Errorf("%s has %s, JSON does not", name, k)
			}
		}
	}
	// Transcribed from the seed report (Tussenrapportage 2024).
	for k, want := range map[string]float64{
		"financien/mgr_totaal/baten.wsw_en_beschut_werk/prognose_2024":                   49281,  // r. 1644 "49.281"
		"financien/mgr_totaal/baten.wsw_en_beschut_werk/verschil_prognose_met_begroting": -3609,  // "-3.609"
		"financien/mgr_totaal/baten.totalen_baten/begroting_2024_ab_jul24":               106793, // r. 1648
		"financien/mgr_totaal/lasten.totalen_lasten/werkelijk_tm_jun24":                  53587,  // r. 1665
		"financien/sw_bijdrage_begroot/GM0268/se":                                        614.0,  // r. 4804 "614,0"
		"financien/sw_bijdrage_begroot/GM0268/totaal_bijdrage":                           22977,
		"financien/sw_bijdrage_begroot/totaal/se":                                        1034.2, // r. 4810 "1.034,2"
		"financien/gemeentelijke_bijdragen_begroot/GM0268/totaal":                        59619,  // r. 4567
		"financien/gemeentelijke_bijdragen_begroot/totaal/totaal":                        91280,  // r. 4581
		"sw/sw_personeel/GM1945/aantal_einddatum":                                        104,
		"sw/sw_personeel/GM1945/se_einddatum":                                            108.125,
		"sw/sw_verzuim/REGIO/beschut_binnen":                                             12.3,
		"lks/lks/GM0268/lopend":                                                          301,
		"lks/lks/GM1945/subsidie":                                                        312345.67,
		"lks/lks/REGIO/gemiddelde_loonwaarde":                                            56.86,
	} {
		if got, ok := j[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, want)
		}
	}
}

// TestChaptersJSON: the existing keys stay, the chapters are new keys, the
// finance tables carry their sign convention and findings.
func TestChaptersJSON(t *testing.T) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(render(t, werkpad.ReportJSON, chapterRequest(t)), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"period", "previous_period", "public", "municipalities", "region", "sw", "lks", "finance"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var fin struct {
		Year   int
		Tables []struct {
			Key            string
			SignConvention string `json:"sign_convention"`
			Findings       []struct{ Row, Column, Kind, Check string }
		}
	}
	if err := json.Unmarshal(doc["finance"], &fin); err != nil {
		t.Fatal(err)
	}
	signs := map[string]string{}
	kinds := map[string]bool{}
	for _, tb := range fin.Tables {
		signs[tb.Key] = tb.SignConvention
		for _, f := range tb.Findings {
			kinds[f.Kind] = true
		}
	}
	if fin.Year != 2024 || signs["mgr_totaal"] != "prognose_min_begroting" || signs["gemeentelijke_bijdragen_mutaties"] != "begroting_min_prognose" {
		t.Errorf("finance year %d, sign conventions %v", fin.Year, signs)
	}
	if !kinds["rounding"] {
		t.Errorf("no rounding findings: %v", kinds)
	}
}

// TestChaptersPagesAndPDF: the chapters and both charts in HTML, the
// chapters in the PDF.
func TestChaptersPagesAndPDF(t *testing.T) {
	req := chapterRequest(t)
	h := string(render(t, werkpad.ReportHTML, req))
	for _, want := range []string{`id="hoofdstuk-sw"`, `id="hoofdstuk-lks"`, "Financiën 2024", `<title id="grafiek-sw-titel">`, `<title id="grafiek-verschil-titel">`,
		"Cijfers bij de grafiek: Verschil prognose", "-3.609", "Tekenconventie: mutatie = begroting − prognose", "afronding (totaal)", "<line "} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// On paper a table wider than the page comes in parts, each with the
	// row labels; on the web page it stays one table that scrolls.
	if page := string(render(t, werkpad.ReportHTML, req)); !strings.Contains(page, "Onderdeel Werk per taakgebied (tabel zonder titel) (× € 1.000), deel 1 van ") {
		t.Error("the print page does not cut the twelve-column table into parts")
	}
	if frag := string(render(t, werkpad.ReportFragment, req)); strings.Contains(frag, ", deel 1 van ") {
		t.Error("the web fragment cuts a table into parts")
	}
	text := pdfText(t, render(t, werkpad.ReportPDF, req))
	for _, want := range []string{"Financiën 2024", "Sociale werkvoorziening", "Loonkostensubsidies", "WSW en beschut werk", "Arbeidsparticipatie", "49.281", "-3.609", "Tekenconventie"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// TestChaptersWithoutRegion: without the regional part no regional SW, LKS
// or finance figure is shown in any format; with a municipality's tables
// only his rows.
func TestChaptersWithoutRegion(t *testing.T) {
	req := chapterRequest(t)
	req.Region = false
	for _, set := range []*werkpad.IndicatorSet{req.Current, req.Previous} {
		set.Municipalities = slices.DeleteFunc(set.Municipalities, func(m werkpad.MunicipalityIndicators) bool { return m.Code != "GM0268" })
	}
	// As FindFinanceTables and ReportSources.Compute give them to a
	// GM0268 user: his rows, no notes on tables per municipality.
	var keep []*werkpad.FinanceTable
	for _, tb := range req.Finance {
		c := tb.OnlyMunicipalities(func(c string) bool { return c == "GM0268" })
		if c.PerMunicipality() {
			c.Notes = nil
		}
		keep = append(keep, c)
	}
	req.Finance = keep
	req.SW.Municipalities, req.LKS.Municipalities = req.SW.Municipalities[1:], req.LKS.Municipalities[1:]
	j := chaptersFromJSON(t, render(t, werkpad.ReportJSON, req))
	for k := range j {
		if !strings.Contains(k, "/GM0268") {
			t.Errorf("without region: %s", k)
		}
	}
	if j["financien/sw_bijdrage_begroot/GM0268/totaal_bijdrage"] != 22977 {
		t.Error("own SW contribution missing")
	}
	for _, f := range []werkpad.ReportFormat{werkpad.ReportCSV, werkpad.ReportHTML, werkpad.ReportJSON} {
		b := string(render(t, f, req))
		for _, bad := range []string{"GM1945", "Berg en Dal", "Regio (som", "Toegevoegde waarde", "Financiën – MGR", "91.280", "91280", "ODRN"} {
			if strings.Contains(b, bad) {
				t.Errorf("%s without region shows %q", f, bad)
			}
		}
	}
}

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is needed under CI")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestChapterUnavailable: a chapter that could not be computed says why in
// every format, in its own place, and the rest of the report is there.
func TestChapterUnavailable(t *testing.T) {
	req := chapterRequest(t)
	const reason = "Het minimumloon op 01-07-2026 is niet bekend."
	req.LKS, req.LKSUnavailable = nil, reason
	for _, f := range []werkpad.ReportFormat{werkpad.ReportHTML, werkpad.ReportCSV, werkpad.ReportJSON, werkpad.ReportFragment} {
		b := string(render(t, f, req))
		for _, want := range []string{reason, "Berg en Dal", "Financiën"} {
			if f == werkpad.ReportCSV && want == "Financiën" {
				want = "financien"
			}
			if !strings.Contains(b, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
	}
	var doc struct {
		LKS struct {
			Unavailable string
			Tables      []any
		}
	}
	if err := json.Unmarshal(render(t, werkpad.ReportJSON, req), &doc); err != nil || doc.LKS.Unavailable != reason || len(doc.LKS.Tables) != 0 {
		t.Errorf("json lks = %+v, %v", doc.LKS, err)
	}
	text := pdfText(t, render(t, werkpad.ReportPDF, req))
	if !strings.Contains(strings.Join(strings.Fields(text), " "), "kon niet worden berekend") || !strings.Contains(text, "Sociale werkvoorziening") {
		t.Error("PDF lacks the reason or the other chapters")
	}
	x, err := excelize.OpenReader(bytes.NewReader(render(t, werkpad.ReportXLSX, req)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(report.LKSSheet)
	if err != nil || !strings.Contains(strings.Join(slices.Concat(rows...), " "), reason) {
		t.Errorf("xlsx LKS sheet lacks the reason: %v", err)
	}
}

// TestFinanceChapterForTheBoard: the finance chapter shows the tables as a
// board reads them. No transcription notes, line references or "gedrukt
// staat" remarks (they stay in the data and in `finance check`); no row
// label twice in a table without its group; in the PDF every word of a
// column heading stays whole; the SW mutation says what its Rijksbijdrage
// includes.
func TestFinanceChapterForTheBoard(t *testing.T) {
	req := chapterRequest(t)
	var doc struct {
		Finance struct {
			Tables []struct {
				Key     string
				Notes   []string
				Columns []struct{ Label string }
				Rows    []struct{ Label string }
			}
		}
	}
	if err := json.Unmarshal(render(t, werkpad.ReportJSON, req), &doc); err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, tb := range doc.Finance.Tables {
		for _, n := range tb.Notes {
			for _, bad := range []string{"r. ", "Bron:", "gedrukt staat", "gedrukt", "PDF", "drukfout", "zoals gedrukt"} {
				if strings.Contains(n, bad) {
					t.Errorf("%s: note %q contains %q", tb.Key, n, bad)
				}
			}
		}
		seen := map[string]bool{}
		for _, r := range tb.Rows {
			if strings.Contains(r.Label, "zonder label") {
				t.Errorf("%s: row label %q is a transcription remark", tb.Key, r.Label)
			}
			if seen[r.Label] {
				t.Errorf("%s: row label %q twice", tb.Key, r.Label)
			}
			seen[r.Label] = true
		}
		for _, c := range tb.Columns {
			if strings.Contains(c.Label, "tege-moetkoming") {
				t.Errorf("%s: heading %q keeps the extraction's hyphen", tb.Key, c.Label)
			}
			// A heading may wrap after a slash, never inside a word.
			for _, w := range strings.FieldsFunc(c.Label, func(r rune) bool { return r == ' ' || r == '/' }) {
				if len([]rune(w)) >= 9 && !strings.ContainsAny(w, "()'’") {
					words = append(words, w)
				}
			}
		}
		if tb.Key == "sw_bijdrage_mutatie" && !slices.Contains(tb.Notes, "De mutatie rijksbijdrage is inclusief extra tegemoetkoming mei-circulaire 2024.") {
			t.Errorf("SW mutation notes %q", tb.Notes)
		}
	}
	text := pdfText(t, render(t, werkpad.ReportPDF, req))
	pdfWords := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '/' || r == '\n' }) {
		pdfWords[w] = true
	}
	for _, w := range words {
		if !pdfWords[w] {
			t.Errorf("PDF breaks the heading word %q", w)
		}
	}
	if strings.Contains(text, "gedrukt staat") || strings.Contains(text, "Bron: r.") {
		t.Error("PDF finance chapter shows transcription remarks")
	}
}

// TestXLSXForPeople: the workbook people open has Dutch labels in column A
// (the keys beside them), number formats on every figure (€, %, grouping),
// a <dimension> per sheet that covers what it holds, and the toegevoegde
// waarde labelled for what it is: per fte and in total.
func TestXLSXForPeople(t *testing.T) {
	b := render(t, werkpad.ReportXLSX, chapterRequest(t))
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)+$`)
	format := func(sheet, cell string) string {
		id, _ := f.GetCellStyle(sheet, cell)
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			return ""
		}
		return *st.CustomNumFmt
	}
	for _, sheet := range []string{report.RegionSheet, "Berg en Dal"} {
		for row := report.XLSXFirstRow; ; row++ {
			label, _ := f.GetCellValue(sheet, fmt.Sprintf("A%d", row))
			key, _ := f.GetCellValue(sheet, fmt.Sprintf("B%d", row))
			if key == "" {
				break
			}
			if label != werkpad.IndicatorKey(key).Label() || snake.MatchString(label) {
				t.Errorf("%s!A%d = %q for %s, want its Dutch label", sheet, row, label, key)
			}
			want := "#,##0"
			switch werkpad.IndicatorKey(key).Unit() {
			case werkpad.UnitBasisPoint:
				want = `#,##0.00" %"`
			case werkpad.UnitHundredths:
				want = "#,##0.00"
			}
			if got := format(sheet, fmt.Sprintf("C%d", row)); got != want {
				t.Errorf("%s!C%d (%s) has number format %q, want %q", sheet, row, key, got, want)
			}
		}
	}
	// The chapter sheets: label in A, key in B; € and % formats.
	rows, _ := f.GetRows(report.SWSheet, excelize.Options{RawCellValue: true})
	found := false
	for i, row := range rows {
		if len(row) > 1 && row[0] == "kolom" && strings.Contains(strings.Join(row, "|"), "gerealiseerd_per_fte|gerealiseerd_totaal") {
			found = true
			labels := strings.Join(rows[i-1], "|")
			if !strings.Contains(labels, "Gerealiseerd per fte (6 gedeclareerde maanden)|Gerealiseerd totaal (6 gedeclareerde maanden)") {
				t.Errorf("toegevoegde waarde labels: %s", labels)
			}
			data := rows[i+1]
			if data[0] != "Regio" || data[4] != "4938.27" || data[5] != "1234567.89" {
				t.Errorf("toegevoegde waarde row %v: want Regio, per fte 4938.27, total 1234567.89", data)
			}
			for col := 3; col <= 6; col++ {
				cell, _ := excelize.CoordinatesToCellName(col, i+2)
				if got := format(report.SWSheet, cell); !strings.HasPrefix(got, `"€ "#,##0`) {
					t.Errorf("SW!%s has number format %q, want euro", cell, got)
				}
			}
		}
		if len(row) > 1 && i > 0 && rows[i-1] != nil && len(rows[i-1]) > 0 && rows[i-1][0] == "kolom" && snake.MatchString(row[0]) {
			t.Errorf("SW row %d starts with a key %q, not a label", i+1, row[0])
		}
	}
	if !found {
		t.Error("no toegevoegde-waarde table with per fte and total")
	}
	// Every sheet declares the range it uses.
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	dim := regexp.MustCompile(`<dimension ref="([A-Z]+[0-9]+(:[A-Z]+[0-9]+)?)"`)
	n := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		m := dim.FindSubmatch(x)
		if m == nil || string(m[1]) == "A1" || !strings.HasPrefix(string(m[1]), "A1:") {
			t.Errorf("%s: dimension %q", zf.Name, m)
		}
		n++
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		want, _ := excelize.CoordinatesToCellName(cols, len(rows))
		if got, _ := f.GetSheetDimension(sheet); got != "A1:"+want {
			t.Errorf("sheet %s: dimension %q, uses A1:%s", sheet, got, want)
		}
	}
	if n < 5 {
		t.Errorf("%d sheets", n)
	}
}
