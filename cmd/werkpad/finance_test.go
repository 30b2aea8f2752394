package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"werkpad/store/storetest"
)

type financeJSON struct {
	Findings []struct {
		Table      string `json:"table"`
		Row        string `json:"row"`
		Column     string `json:"column"`
		Published  int64  `json:"published"`
		Computed   int64  `json:"computed"`
		Difference int64  `json:"difference"`
		Kind       string `json:"kind"`
	} `json:"findings"`
}

func financeCheck(t *testing.T, db string) financeJSON {
	t.Helper()
	code, out, stderr := run(t, "", "finance", "check", "--json", "--database-url", db)
	if code != 0 {
		t.Fatalf("finance check --json: exit %d, %s", code, stderr)
	}
	var raw []map[string]any
	var generic map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &generic); err != nil || len(generic) != 1 || generic["findings"] == nil {
		t.Fatalf("output is not {\"findings\":[...]}: %v %.200s", err, out)
	}
	if err := json.Unmarshal(generic["findings"], &raw); err != nil || len(raw) == 0 || len(raw[0]) != 7 {
		t.Fatalf("finding fields: %v %v", err, raw[:1])
	}
	var f financeJSON
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func findFinding(f financeJSON, table, row, column string) (published, computed, difference int64, kind string, ok bool) {
	for _, x := range f.Findings {
		if x.Table == table && x.Row == row && x.Column == column {
			return x.Published, x.Computed, x.Difference, x.Kind, true
		}
	}
	return 0, 0, 0, "", false
}

func TestFinanceCheckShipped(t *testing.T) {
	db := migrated(t, filepath.Join(t.TempDir(), "w.db"))
	f := financeCheck(t, db)
	if len(f.Findings) != 150 {
		t.Errorf("%d findings, want 150", len(f.Findings))
	}
	for _, want := range []struct {
		table, row, column        string
		published, computed, diff int64
		kind                      string
	}{
		// r. 4881-4885: Inventaris 558 + Boekweitweg 3.770 = 4.328, Totaal printed 4.228.
		{"investeringen_werkbedrijf", "totaal", "jaarprognose", 4228, 4328, -100, "inconsistent"},
		// r. 1648/1665/1667: 49.521 − 53.587 = −4.066, printed −4.067.
		{"mgr_totaal", "saldo.exploitatieresultaat", "werkelijk_tm_jun24", -4067, -4066, -1, "rounding"},
		// r. 1640: Overhead baten 23.137 − 22.307 = 830 as printed: no finding (checked below).
		// r. 4804/4827/4851: Rijksbijdrage Nijmegen 22.425 − 21.261 = 1.164, Mutatie printed 1.879.
		{"sw_bijdrage_mutatie", "GM0268", "rijksbijdrage", 1879, 1164, 715, "inconsistent"},
		// r. 4794/4812: Berg en Dal 107,5 SE × € 37.256 = € 4.005.020, printed 3.998.
		{"sw_bijdrage_begroot", "GM1945", "totaal_bijdrage", 3998, 4005, -7, "inconsistent"},
		// r. 4663: Beuningen budgetoverhevelingen 32 + 61 + 22 + 44 = 159, Totaal printed 161.
		{"budgetoverhevelingen_begroot", "GM0209", "totaal", 161, 159, 2, "rounding"},
	} {
		// One cell may have findings of several checks (Berg en Dal's
		// bijdrage is also 1 off from Rijks- + aanvullende bijdrage).
		found := false
		for _, x := range f.Findings {
			found = found || x.Table == want.table && x.Row == want.row && x.Column == want.column &&
				x.Published == want.published && x.Computed == want.computed && x.Difference == want.diff && x.Kind == want.kind
		}
		if !found {
			t.Errorf("no finding %+v", want)
		}
	}
	if _, _, _, _, ok := findFinding(f, "mgr_totaal", "baten.overhead", "verschil_prognose_met_begroting"); ok {
		t.Error("830 = 23.137 − 22.307 reported as a difference")
	}

	code, out, _ := run(t, "", "finance", "check", "--database-url", db)
	for _, want := range []string{
		"investeringen_werkbedrijf — Investeringen WerkBedrijf (2024, × € 1.000, t/m 30-06-2024)",
		"inconsistent totaal      totaal | jaarprognose: gedrukt 4.228, berekend 4.328, verschil -100 (marge 1)",
		"rounding     totaal      totaal | se: gedrukt 1.034,2, berekend 1.034,3, verschil -0,1 (marge 0,4)",
		"niet gecontroleerd: lasten.totaal (12 kolommen) — totaal: niet leesbaar gedrukt: lasten.inzet_nieuw_beschut",
		"150 verschillen: 133 afronding (rounding), 17 inconsistent; 31 cijfers niet gecontroleerd.",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("finance check: exit %d, output lacks %q", code, want)
		}
	}
	if code, _, stderr := run(t, "", "finance", "check", "--year", "2023", "--database-url", db); code != 1 || !strings.Contains(stderr, "geen financiële tabellen voor 2023") {
		t.Errorf("2023: exit %d, %q", code, stderr)
	}
}

func TestFinanceImport(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			db := migrated(t, storetest.URL(t, d))
			dir := t.TempDir()
			write := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			bad := write("fout.csv", "\ufefftabel;rij;kolom;bedrag\r\n"+
				"investeringen_werkbedrijf;totaal;jaarprognose;4.328\r\n"+
				"investeringen_werkbedrijf;bestaat_niet;jaarprognose;1\r\n"+
				"sw_bijdrage_begroot;GM0268;se;614,05\r\n"+
				"mgr_totaal;baten.overhead\r\n")
			for _, args := range [][]string{{bad}, {bad, "--apply"}, {"--apply", bad}} {
				code, out, stderr := run(t, "", append([]string{"finance", "import", "--database-url", db}, args...)...)
				if code != 1 || !strings.Contains(stderr, "3 van 4 regels afgekeurd; er is niets opgeslagen") {
					t.Errorf("import %v: exit %d, stderr %q", args, code, stderr)
				}
				for _, want := range []string{
					`regel 3: Tabel investeringen_werkbedrijf heeft geen rij "bestaat_niet".`,
					`regel 4: ongeldig bedrag "614,05"`,
					"regel 5: 2 velden in plaats van 4",
				} {
					if !strings.Contains(out, want) {
						t.Errorf("import %v: output lacks %q:\n%s", args, want, out)
					}
				}
			}
			// Nothing was stored: the published 4.228 still differs from its lines.
			if _, _, d, _, ok := findFinding(financeCheck(t, db), "investeringen_werkbedrijf", "totaal", "jaarprognose"); !ok || d != -100 {
				t.Errorf("after refused imports: finding %v %d", ok, d)
			}

			good := write("goed.csv", "tabel;rij;kolom;bedrag\n"+
				"investeringen_werkbedrijf;totaal;jaarprognose;4.328\n"+
				"investeringen_werkbedrijf;totaal;verschil;200\n"+
				"sw_bijdrage_begroot;GM0268;se;614,0\n")
			code, out, stderr := run(t, "", "finance", "import", good, "--database-url", db)
			if code != 0 || !strings.Contains(out, "3 regels in orde (proefdraai)") {
				t.Fatalf("dry run: %d %q %q", code, out, stderr)
			}
			if _, _, _, _, ok := findFinding(financeCheck(t, db), "investeringen_werkbedrijf", "totaal", "jaarprognose"); !ok {
				t.Error("dry run stored the amount")
			}
			code, out, stderr = run(t, "", "finance", "import", good, "--apply", "--database-url", db)
			if code != 0 || !strings.Contains(out, "3 bedragen opgeslagen") {
				t.Fatalf("apply: %d %q %q", code, out, stderr)
			}
			f := financeCheck(t, db)
			if _, _, _, _, ok := findFinding(f, "investeringen_werkbedrijf", "totaal", "jaarprognose"); ok {
				t.Error("the imported total 4.328 still differs from its lines")
			}
			// 4.328 − 4.128 = 200: the variance now agrees too.
			if _, _, _, _, ok := findFinding(f, "investeringen_werkbedrijf", "totaal", "verschil"); ok {
				t.Error("variance 200 still reported")
			}
		})
	}
}
