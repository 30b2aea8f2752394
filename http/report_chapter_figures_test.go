package http_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"werkpad"
)

// chapterDoc is the part of the JSON report with the chapter tables.
type chapterDoc struct {
	SW    *struct{ Tables []chapterTableDoc }
	LKS   *struct{ Tables []chapterTableDoc }
	Cycle map[string]*struct{ Tables []chapterTableDoc }
}

type chapterTableDoc struct {
	Key     string
	Columns []struct{ Key string }
	Rows    []struct {
		Key, Code string
		Values    map[string]any
	}
}

// TestChapterFigureDrillDown: every figure of the SW, LKS and complaints
// chapters on the demo region opens to rows that make it up (the figure
// computed back from its rows equals the printed one), for the controller
// in every municipality and the region, in two periods (H1 2024 and the
// last 90 days, where the demo's complaints are); a municipality user's
// rows are his own only, another municipality is not found, and the report
// page links the figures.
func TestChapterFigureDrillDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		ts.mustUser(t, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		ctl, gem := ts.client(t, "ctl@mgr.nl"), ts.client(t, "k@nijmegen.nl")
		today := werkpad.Today(time.Now())
		recent := "van=" + today.AddDays(-90).Dutch() + "&tot=" + today.AddDays(-1).Dutch()
		// Three complaints received in the last 90 days, two of Nijmegen.
		cons := ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		api := ts.bearer(t, cons).c
		for i, q := range []string{`SELECT MIN(id) FROM candidates WHERE municipality = 'GM0268'`, `SELECT MAX(id) FROM candidates WHERE municipality = 'GM0268'`,
			`SELECT MIN(id) FROM candidates WHERE municipality = 'GM1945'`} {
			var id int64
			if err := ts.db.SQL().QueryRow(q).Scan(&id); err != nil {
				t.Fatal(err)
			}
			resp, body := sendJSON(t, api, "POST", ts.URL+"/api/v1/klachten", map[string]any{"kandidaatId": id,
				"ontvangenOp": today.AddDays(-10 * (i + 1)).String(), "onderwerp": "Bejegening", "omschrijving": "Niet teruggebeld."})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("complaint: %d %s", resp.StatusCode, body)
			}
		}

		for _, period := range []string{h1, recent} {
			for _, who := range []struct {
				name string
				c    *http.Client
			}{{"controller", ctl}, {"gemeente", gem}} {
				_, body := get(t, who.c, ts.URL+"/rapportages/export.json?"+period)
				var doc chapterDoc
				if err := json.Unmarshal([]byte(body), &doc); err != nil {
					t.Fatalf("%s: %v", who.name, err)
				}
				var tables []chapterTableDoc
				if doc.SW != nil {
					tables = append(tables, doc.SW.Tables...)
				}
				if doc.LKS != nil {
					tables = append(tables, doc.LKS.Tables...)
				}
				if c := doc.Cycle["klachten"]; c != nil {
					tables = append(tables, c.Tables...)
				}
				seen, nonZero := map[string]int{}, map[string]int{}
				for _, tb := range tables {
					if tb.Key == "sw_toegevoegde_waarde" {
						continue // regional, from the monthly declarations
					}
					for _, row := range tb.Rows {
						for _, col := range tb.Columns {
							want, ok := row.Values[col.Key].(float64)
							if !ok {
								t.Fatalf("%s %s.%s.%s: %v is not a number", who.name, tb.Key, row.Key, col.Key, row.Values[col.Key])
							}
							q := period + "&" + url.Values{"tabel": {tb.Key}, "rij": {row.Key}, "kolom": {col.Key}}.Encode()
							resp, body := get(t, who.c, ts.URL+"/api/v1/rapportages/hoofdstukcijfers?"+q)
							var dd werkpad.ChapterDrillDown
							if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &dd) != nil {
								t.Fatalf("%s %s: status %d %s", who.name, q, resp.StatusCode, body)
							}
							if math.Abs(dd.Figure-want) > 1e-9 {
								t.Errorf("%s %s %s.%s.%s: report %v, its %d rows make %v", who.name, period, tb.Key, row.Key, col.Key, want, len(dd.Rows), dd.Figure)
							}
							if dd.How == "aantal rijen" && float64(len(dd.Rows)) != want {
								t.Errorf("%s %s.%s.%s: %d rows for the count %v", who.name, tb.Key, row.Key, col.Key, len(dd.Rows), want)
							}
							for _, r := range dd.Rows {
								if row.Code != "REGIO" && r.Municipality != row.Code {
									t.Fatalf("%s %s.%s.%s holds a row of %s", who.name, tb.Key, row.Key, col.Key, r.Municipality)
								}
								if who.name == "gemeente" && r.Municipality != "GM0268" {
									t.Fatalf("gemeente drill-down %s.%s.%s holds a row of %s", tb.Key, row.Key, col.Key, r.Municipality)
								}
							}
							seen[tb.Key]++
							if want != 0 {
								nonZero[tb.Key]++
							}
						}
					}
				}
				for _, k := range []string{"sw_personeel", "sw_werkvorm", "sw_verzuim", "lks"} {
					// The demo has no sick leave lately, and the LKS chapter
					// is not computed after 01-07-2026 (no minimum wage).
					if period == recent && (k == "sw_verzuim" || k == "lks") {
						continue
					}
					if nonZero[k] == 0 {
						t.Errorf("%s %s: table %s has no non-zero figure (%d figures)", who.name, period, k, seen[k])
					}
				}
				if period == recent && nonZero["klachten"] == 0 {
					t.Errorf("%s: the complaints of the last 90 days have no figure (%d figures)", who.name, seen["klachten"])
				}
			}
		}

		// The web page, the CSV and the links; out of scope is not found.
		_, page := get(t, ctl, ts.URL+"/rapportages?"+h1)
		link := `href="/rapportages/hoofdstukcijfer?tot=30-06-2024&amp;van=01-01-2024&amp;kolom=aantal_einddatum&amp;rij=GM0268&amp;tabel=sw_personeel"`
		if !strings.Contains(page, link) {
			t.Error("the report page does not link Nijmegen's SW headcount to its records")
		}
		q := h1 + "&tabel=sw_personeel&rij=GM0268&kolom=aantal_einddatum"
		resp, page := get(t, ctl, ts.URL+"/rapportages/hoofdstukcijfer?"+q)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "SW-medewerkers: aantal op de einddatum") || !strings.Contains(page, "Download als CSV") {
			t.Errorf("page: status %d", resp.StatusCode)
		}
		resp, csvBody := get(t, ctl, ts.URL+"/rapportages/hoofdstukcijfer.csv?"+q)
		if resp.StatusCode != http.StatusOK || strings.Count(csvBody, "\n") < 10 || !strings.HasPrefix(csvBody, "tabel;rij;kolom;gemeente") {
			t.Errorf("csv: status %d, %d lines", resp.StatusCode, strings.Count(csvBody, "\n"))
		}
		for _, u := range []string{"/rapportages/hoofdstukcijfer?" + h1 + "&tabel=lks&rij=GM1945&kolom=lopend",
			"/rapportages/hoofdstukcijfer.csv?" + h1 + "&tabel=sw_personeel&rij=GM1945&kolom=aantal_einddatum",
			"/api/v1/rapportages/hoofdstukcijfers?" + h1 + "&tabel=klachten&rij=GM1945&kolom=ontvangen"} {
			if resp, _ := get(t, gem, ts.URL+u); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s as gemeente Nijmegen: status %d, want 404", u, resp.StatusCode)
			}
		}
		for _, u := range []string{"tabel=bestaat_niet&rij=GM0268&kolom=lopend", "tabel=lks&rij=GM0268&kolom=bestaat_niet",
			"tabel=sw_werkvorm&rij=GM0268&kolom=2024-03-31", "tabel=sw_werkvorm&rij=GM0268.maan&kolom=2024-03-31", "tabel=lks&rij=&kolom=lopend"} {
			if resp, _ := get(t, gem, ts.URL+"/api/v1/rapportages/hoofdstukcijfers?"+h1+"&"+u); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", u, resp.StatusCode)
			}
		}
	})
}
