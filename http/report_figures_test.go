package http_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"werkpad"
)

// TestFigureDrillDown: the report page links its figures; a figure opens
// to its records as a page, a CSV file and JSON, with as many rows as the
// figure; a municipality user gets his own municipality's records only.
func TestFigureDrillDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		ts.mustUser(t, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		ctl, gem := ts.client(t, "ctl@mgr.nl"), ts.client(t, "k@nijmegen.nl")

		_, page := get(t, ctl, ts.URL+"/rapportages?"+h1)
		if !strings.Contains(page, `href="/rapportages/cijfer?tot=30-06-2024&amp;van=01-01-2024&amp;indicator=placements_upto28&amp;gemeente=GM0268"`) {
			t.Error("the report page does not link Nijmegen's placements 0-28 uur to their records")
		}
		_, body := get(t, ctl, ts.URL+"/rapportages/export.json?"+h1)
		var doc struct {
			Municipalities []struct {
				Code       string
				Indicators map[string]float64
			}
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{}
		for _, m := range doc.Municipalities {
			if m.Code == "GM0268" {
				want = m.Indicators
			}
		}
		for _, k := range []werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28, werkpad.IndCaseloadMediate, werkpad.IndExitsToWork} {
			q := h1 + "&gemeente=GM0268&indicator=" + string(k)
			resp, csvBody := get(t, ctl, ts.URL+"/rapportages/cijfer.csv?"+q)
			lines := strings.Count(strings.TrimSpace(csvBody), "\n") // header not counted
			if resp.StatusCode != http.StatusOK || float64(lines) != want[string(k)] || want[string(k)] == 0 {
				t.Errorf("%s csv: status %d, %d rows, figure %v", k, resp.StatusCode, lines, want[string(k)])
			}
			resp, page := get(t, ctl, ts.URL+"/rapportages/cijfer?"+q)
			if resp.StatusCode != http.StatusOK || !strings.Contains(page, k.Label()) || !strings.Contains(page, "Download als CSV") {
				t.Errorf("%s page: status %d", k, resp.StatusCode)
			}
		}

		// The municipality user: the region of his scope is Nijmegen only.
		resp, body := get(t, gem, ts.URL+"/api/v1/rapportages/cijfers?van=2024-01-01&tot=2024-06-30&indicator=placements_upto28")
		var dd werkpad.IndicatorDrillDown
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &dd) != nil {
			t.Fatalf("api: status %d %s", resp.StatusCode, body)
		}
		if int64(len(dd.Rows)) != dd.Figure || float64(dd.Figure) != want["placements_upto28"] {
			t.Errorf("api: %d rows, figure %d, report %v", len(dd.Rows), dd.Figure, want["placements_upto28"])
		}
		for _, r := range dd.Rows {
			if r.Municipality != "GM0268" {
				t.Fatalf("gemeente drill-down holds a record of %s", r.Municipality)
			}
		}
		for _, u := range []string{"/rapportages/cijfer?" + h1 + "&gemeente=GM1945&indicator=placements_upto28",
			"/rapportages/cijfer.csv?" + h1 + "&gemeente=GM1945&indicator=placements_upto28",
			"/api/v1/rapportages/cijfers?" + h1 + "&gemeente=GM1945&indicator=placements_upto28"} {
			if resp, _ := get(t, gem, ts.URL+u); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s as gemeente Nijmegen: status %d, want 404", u, resp.StatusCode)
			}
		}
		if resp, _ := get(t, gem, ts.URL+"/api/v1/rapportages/cijfers?"+h1+"&indicator=bestaat_niet"); resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown indicator: status %d", resp.StatusCode)
		}
	})
}
