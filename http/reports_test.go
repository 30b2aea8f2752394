package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"werkpad/demo"
	"werkpad/finance"
	whttp "werkpad/http"
	"werkpad/store"
	"werkpad/store/storetest"

	"werkpad"
)

const h1 = "van=01-01-2024&tot=30-06-2024"

var reportExports = []string{"xlsx", "csv", "json", "pdf"}

// withDemo fills the test server's database with the calibrated demo
// region (scale 1): the figures of the seed report's municipality pages.
func withDemo(t *testing.T, ts *testServer) {
	t.Helper()
	sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(context.Background(), ts.db, sealer, demo.Options{Scale: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewFinanceService(ts.db).LoadFinance(werkpad.OperatorContext(context.Background()), tables, false); err != nil {
		t.Fatal(err)
	}
}

func TestReportsController(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		c := ts.client(t, "ctl@mgr.nl")
		resp, body := get(t, c, ts.URL+"/rapportages?"+h1)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"Berg en Dal (GM1945)", "Nijmegen (GM0268)", "West Maas en Waal", "Regio (som van de gemeenten) naast het gepubliceerde cijfer", "het gepubliceerde regionale cijfer", "Vorig jaar gepubliceerd",
			"1.182", "1.180", `role="img"`, "Financiën 2024", "Sociale werkvoorziening", `id="grafiek-sw-titel"`, `id="grafiek-verschil-titel"`, "Cijfers bij de grafiek", `href="/rapportages/export.pdf?`, "openbaar=1", `href="/rapportages/export.csv?indicator=placements_upto28&amp;tot=30-06-2024&amp;van=01-01-2024"`, `href="/rapportages"`} {
			if !strings.Contains(body, want) {
				t.Errorf("controller page lacks %q", want)
			}
		}
		// The default period is the first half of 2024.
		if _, body := get(t, c, ts.URL+"/rapportages"); !strings.Contains(body, `value="30-06-2024"`) {
			t.Error("default period is not 2024-H1")
		}
		resp, body = get(t, c, ts.URL+"/rapportages/export.json?"+h1)
		var doc struct {
			Municipalities []struct{ Code string }
			Region         struct{ Sum, Published, Difference map[string]float64 }
		}
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &doc) != nil {
			t.Fatalf("json: status %d", resp.StatusCode)
		}
		if len(doc.Municipalities) != 8 || doc.Region.Difference["sw_employees"] != -2 || doc.Region.Difference["work_disability_working"] != -2 {
			t.Errorf("json: %d municipalities, region differences %v", len(doc.Municipalities), doc.Region.Difference)
		}
		// The chapters, read from the database: SW and LKS of the demo
		// region, the loaded finance tables of 2024.
		for _, want := range []string{`"sw": {`, `"lks": {`, `"finance": {`, `"key": "sw_personeel"`, `"key": "mgr_totaal"`, `"prognose_2024": 49281`, `"code": "REGIO"`} {
			if !strings.Contains(body, want) {
				t.Errorf("controller json lacks %s", want)
			}
		}
		for _, f := range reportExports {
			resp, body := get(t, c, ts.URL+"/rapportages/export."+f+"?"+h1+"&openbaar=1")
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "openbaar."+f) || len(body) == 0 {
				t.Errorf("public %s: status %d, %q", f, resp.StatusCode, resp.Header.Get("Content-Disposition"))
			}
		}
		// A wrong period is a form error on the page, a 400 for a download.
		if resp, body := get(t, c, ts.URL+"/rapportages?van=30-06-2024&tot=01-01-2024"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "De einddatum ligt voor de begindatum") {
			t.Errorf("to before from: status %d", resp.StatusCode)
		}
		if resp, _ := get(t, c, ts.URL+"/rapportages/export.csv?van=31-02-2024&tot=30-06-2024"); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad date export: status %d", resp.StatusCode)
		}
	})
}

// TestReportsTenancy: a municipality user of GM0268 gets Nijmegen and
// nothing else, by no parameter and in no format; the regional block is
// absent unless the operator allows it. Other roles have no access.
func TestReportsTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		ts.mustUser(t, "k@werkbedrijf.nl", werkpad.RoleConsultant)
		ts.mustUser(t, "a@mgr.nl", werkpad.RoleAdmin)
		g := ts.client(t, "g@nijmegen.nl")
		resp, body := get(t, g, ts.URL+"/rapportages?"+h1)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Nijmegen (GM0268)") || !strings.Contains(body, "313") {
			t.Fatalf("own page: status %d", resp.StatusCode)
		}
		assertOnlyNijmegen(t, "page", body)
		for _, q := range []string{"&gemeente=GM1945", "&gemeente=GM0268&gemeente=GM1945", "&gemeente=GM1945&openbaar=1", "&gemeente=REGIO", "&gemeente=gm1945"} {
			if resp, _ := get(t, g, ts.URL+"/rapportages?"+h1+q); resp.StatusCode != http.StatusNotFound {
				t.Errorf("page %s: status %d, want 404", q, resp.StatusCode)
			}
			for _, f := range reportExports {
				if resp, _ := get(t, g, ts.URL+"/rapportages/export."+f+"?"+h1+q); resp.StatusCode != http.StatusNotFound {
					t.Errorf("export %s %s: status %d, want 404", f, q, resp.StatusCode)
				}
			}
		}
		// His own exports: Nijmegen only, no region.
		for _, f := range []string{"csv", "json"} {
			resp, body := get(t, g, ts.URL+"/rapportages/export."+f+"?"+h1)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "GM0268") {
				t.Errorf("own %s: status %d", f, resp.StatusCode)
			}
			assertOnlyNijmegen(t, f, body)
			if strings.Contains(body, "REGIO") || strings.Contains(body, `"region"`) {
				t.Errorf("own %s carries the region", f)
			}
		}
		resp, body = get(t, g, ts.URL+"/rapportages/export.xlsx?"+h1)
		x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("own xlsx: status %d, %v", resp.StatusCode, err)
		}
		if sheets := x.GetSheetList(); strings.Join(sheets, ",") != "Nijmegen,SW,LKS,Financiën,Klachten,Tevredenheid" {
			t.Errorf("own xlsx sheets %v", sheets)
		}
		// The chapters: his SW figures and contributions, no other
		// municipality's and no regional total.
		var cells strings.Builder
		for _, sheet := range x.GetSheetList() {
			rows, _ := x.GetRows(sheet)
			for _, r := range rows {
				cells.WriteString(strings.Join(r, "|") + "\n")
			}
		}
		assertOnlyNijmegen(t, "xlsx", cells.String())
		for _, want := range []string{"sw_personeel", "GM0268", "sw_bijdrage_begroot", "22977"} {
			if !strings.Contains(cells.String(), want) {
				t.Errorf("own xlsx lacks %q", want)
			}
		}
		for _, bad := range []string{"REGIO", "mgr_totaal", "91280", "ODRN", "toegevoegde"} {
			if strings.Contains(cells.String(), bad) {
				t.Errorf("own xlsx shows %q", bad)
			}
		}
		if resp, body := get(t, g, ts.URL+"/rapportages/export.pdf?"+h1); resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
			t.Errorf("own pdf: status %d", resp.StatusCode)
		}
		for _, email := range []string{"k@werkbedrijf.nl", "a@mgr.nl"} {
			c := ts.client(t, email)
			if resp, _ := get(t, c, ts.URL+"/rapportages?"+h1); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s page: status %d, want 403", email, resp.StatusCode)
			}
			if resp, _ := get(t, c, ts.URL+"/rapportages/export.json?"+h1); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s export: status %d, want 403", email, resp.StatusCode)
			}
		}
		if resp, _ := get(t, ts.client(t, ""), ts.URL+"/rapportages/export.json?"+h1); resp.StatusCode == http.StatusOK {
			t.Error("anonymous export allowed")
		}
	})
}

func assertOnlyNijmegen(t *testing.T, what, body string) {
	t.Helper()
	for _, other := range []string{"GM1945", "Berg en Dal", "GM0209", "Beuningen", "Wijchen", "West Maas en Waal", "Regio: som", "1.182"} {
		if strings.Contains(body, other) {
			t.Errorf("%s of a GM0268 user shows %q", what, other)
		}
	}
}

// TestReportsRegionSetting: with the setting, a municipality user sees the
// regional figures too (aggregated), still only his own municipality page.
func TestReportsRegionSetting(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, d, func(s *whttp.Server) { s.ReportRegionForMunicipalities = true })
			withDemo(t, ts)
			ts.mustUser(t, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
			g := ts.client(t, "g@nijmegen.nl")
			_, body := get(t, g, ts.URL+"/rapportages?"+h1)
			if !strings.Contains(body, `id="regio"`) || strings.Contains(body, "Berg en Dal (GM1945)") {
				t.Errorf("with the setting: sum shown %v, Berg en Dal page shown %v",
					strings.Contains(body, `id="regio"`), strings.Contains(body, "Berg en Dal (GM1945)"))
			}
			// One municipality is set beside its own published figures
			// (work_disability_working 513 on the Nijmegen page), never the
			// regional ones (813).
			if !strings.Contains(body, "het gepubliceerde cijfer van Nijmegen zelf") || !strings.Contains(body, ">513<") || strings.Contains(body, ">813<") {
				t.Error("a one-municipality report is not compared with its own published figures only")
			}
		})
	}
}

// TestReportsEveryQuickPeriod: every quick choice on the page shows the
// report with its form (the first half of 2023 used to end in a bare 422
// because the minimum wage of 2023 was unknown), and a period past the
// minimum wage table shows the form, the report, and in the LKS chapter
// why it could not be computed.
func TestReportsEveryQuickPeriod(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		c := ts.client(t, "ctl@mgr.nl")
		for _, q := range []string{"van=01-01-2023&tot=30-06-2023", "van=01-01-2022&tot=31-12-2022", "van=01-07-2026&tot=31-12-2026"} {
			resp, body := get(t, c, ts.URL+"/rapportages?"+q)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d", q, resp.StatusCode)
			}
			for _, want := range []string{`action="/rapportages"`, "Toon rapportage", "Regio (som van de gemeenten) naast", `id="hoofdstuk-lks"`} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: page lacks %q", q, want)
				}
			}
			if unavailable := strings.Contains(body, "Dit hoofdstuk kon niet worden berekend"); unavailable != strings.Contains(q, "2026") {
				t.Errorf("%s: LKS unavailable shown = %v", q, unavailable)
			}
		}
	})
}
