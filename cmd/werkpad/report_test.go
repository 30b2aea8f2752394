package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand generates the calibrated demo region (scale 1) and runs
// the JSON report over 2024-H1. The expected municipality figures are
// transcribed from the municipality pages of the seed report
// (003_88e847f578292b67.txt: Berg en Dal r. 3244-3246, Nijmegen table
// "Gerealiseerd 30-6-2023 | 30-6-2024"), not read from the YAML.
func TestReportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo region")
	}
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, stderr := run(t, "", "demo", "--database-url", db); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := run(t, "", "report", "--database-url", db, "--from", "01-01-2024", "--to", "2024-06-30", "--format", "json", "--output", out)
	if code != 0 {
		t.Fatalf("report: exit %d, %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Period         struct{ From, To string }
		Municipalities []struct {
			Code, Name           string
			Indicators, Previous map[string]float64
		}
		Region struct{ Sum, Published, Difference map[string]float64 }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Period.From != "2024-01-01" || doc.Period.To != "2024-06-30" || len(doc.Municipalities) != 8 {
		t.Fatalf("period %v, %d municipalities", doc.Period, len(doc.Municipalities))
	}
	byCode := map[string]map[string]float64{}
	prevByCode := map[string]map[string]float64{}
	for _, m := range doc.Municipalities {
		byCode[m.Code], prevByCode[m.Code] = m.Indicators, m.Previous
	}
	for _, c := range []struct {
		code, key   string
		now, before float64
	}{
		{"GM1945", "placements_upto28", 36, 21},
		{"GM1945", "placements_over28", 18, 27},
		{"GM1945", "priority_work_disability", 18, 24},
		{"GM0268", "placements_upto28", 313, 226},
		{"GM0268", "placements_over28", 234, 181},
		{"GM0268", "priority_work_disability", 164, 119},
		{"GM0268", "work_disability_working", 513, 450},
		{"GM0268", "exits_to_work", 254, 252},
	} {
		if got := byCode[c.code][c.key]; got != c.now {
			t.Errorf("%s %s = %v, want %v", c.code, c.key, got, c.now)
		}
		if got := prevByCode[c.code][c.key]; got != c.before {
			t.Errorf("%s %s a year earlier = %v, want %v", c.code, c.key, got, c.before)
		}
	}
	// The region: the sum of the municipalities beside the published figure.
	for _, c := range []struct {
		key                   string
		sum, published, diffr float64
	}{
		{"work_disability_working", 815, 813, -2},
		{"sw_employees", 1182, 1180, -2},
	} {
		if doc.Region.Sum[c.key] != c.sum || doc.Region.Published[c.key] != c.published || doc.Region.Difference[c.key] != c.diffr {
			t.Errorf("region %s: sum %v published %v difference %v, want %v %v %v", c.key,
				doc.Region.Sum[c.key], doc.Region.Published[c.key], doc.Region.Difference[c.key], c.sum, c.published, c.diffr)
		}
	}

	// One municipality only; CSV to standard output.
	code, csv, stderr := run(t, "", "report", "--database-url", db, "--from", "2024-01-01", "--to", "30-06-2024", "--municipality", "GM1945", "--format", "csv", "--public")
	if code != 0 || !strings.Contains(csv, "GM1945;Berg en Dal;placements_upto28;") || strings.Contains(csv, "GM0268") {
		t.Errorf("csv for one municipality: exit %d, %s\n%.400s", code, stderr, csv)
	}
}

func TestReportCommandErrors(t *testing.T) {
	db := migrated(t, filepath.Join(t.TempDir(), "w.db"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "30-06-2024", "--to", "01-01-2024"}, "ligt na --to"},
		{[]string{"--from", "31-02-2024", "--to", "01-06-2024"}, "--from"},
		{[]string{"--to", "01-06-2024"}, "--from en --to"},
		{[]string{"--from", "01-01-2024", "--to", "30-06-2024", "--format", "docx"}, "onbekend formaat"},
	} {
		code, _, stderr := run(t, "", append([]string{"report", "--database-url", db}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q, want one line with %q", tc.args, code, stderr, tc.want)
		}
	}
	code, _, stderr := run(t, "", "report", "--database-url", db, "--from", "01-01-2024", "--to", "30-06-2024", "--municipality", "GM9999")
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("unknown municipality: exit %d, stderr %q", code, stderr)
	}
}

// TestReportEveryPeriod runs the report on the demo region for every half
// year and full year from 2022 through 2026 (JSON, which computes every
// figure), and in every format for a period under the monthly minimum wage
// (2023-H1) and one that runs past the minimum wage table (2026). A chapter
// that cannot be computed says why inside the report; the rest renders.
func TestReportEveryPeriod(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo region")
	}
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, stderr := run(t, "", "demo", "--database-url", db); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	report := func(from, to, format string) []byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "r."+format)
		if code, _, stderr := run(t, "", "report", "--database-url", db, "--from", from, "--to", to, "--format", format, "--output", out); code != 0 {
			t.Fatalf("report %s..%s %s: exit %d, %s", from, to, format, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || len(b) == 0 {
			t.Fatalf("report %s..%s %s: %d bytes, %v", from, to, format, len(b), err)
		}
		return b
	}
	for y := 2022; y <= 2026; y++ {
		for _, p := range [][2]string{{"01-01", "30-06"}, {"01-07", "31-12"}, {"01-01", "31-12"}} {
			from, to := fmt.Sprintf("%s-%d", p[0], y), fmt.Sprintf("%s-%d", p[1], y)
			var doc struct {
				Municipalities []struct{ Code string }
				LKS            struct {
					Unavailable string
					Tables      []struct{ Rows []struct{ Code string } }
				}
			}
			if err := json.Unmarshal(report(from, to, "json"), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Municipalities) != 8 {
				t.Errorf("%s..%s: %d municipalities", from, to, len(doc.Municipalities))
			}
			// The minimum wage table ends on 30-06-2026: a period past it
			// has no LKS amounts, and says so.
			pastTable := y == 2026 && to == "31-12-2026"
			if pastTable != (doc.LKS.Unavailable != "") {
				t.Errorf("%s..%s: LKS unavailable = %q", from, to, doc.LKS.Unavailable)
			}
			if pastTable && !strings.Contains(doc.LKS.Unavailable, "01-07-2026") {
				t.Errorf("%s..%s: reason %q does not name the day", from, to, doc.LKS.Unavailable)
			}
			if !pastTable && (len(doc.LKS.Tables) != 1 || len(doc.LKS.Tables[0].Rows) == 0) {
				t.Errorf("%s..%s: LKS chapter without rows", from, to)
			}
		}
	}
	for _, p := range [][2]string{{"01-01-2023", "30-06-2023"}, {"01-01-2026", "31-12-2026"}} {
		for _, f := range []string{"html", "pdf", "xlsx", "csv"} {
			b := report(p[0], p[1], f)
			if f == "html" || f == "csv" {
				unavailable := strings.Contains(string(b), "kon niet worden berekend")
				if unavailable != (p[1] == "31-12-2026") {
					t.Errorf("%s..%s %s: unavailable chapter shown = %v", p[0], p[1], f, unavailable)
				}
			}
		}
	}
}
