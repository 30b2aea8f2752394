package http_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
)

// TestReportFixFlow: the controller fixes 2024-H1 on the page; downloads
// give the fixed figures, marked; a late placement shows on the drift page
// and in the API with the record responsible; the municipality user sees
// fixings and drift of his scope and may not fix.
func TestReportFixFlow(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		id := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0268", "Jansen")).want(t, "create", 201).id()
		place := func(from string) int64 {
			return u.cons.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{"kandidaatId": id, "werkgever": "Bakkerij",
				"periode": map[string]any{"van": from}, "contractMinutenPerWeek": 20 * 60, "contractsoort": "bepaald"}).want(t, "placement", 201).id()
		}
		place("2024-03-01")
		ctl, gem := ts.client(t, "ctl@mgr.nl"), ts.client(t, "k@nijmegen.nl")

		if _, page := get(t, ctl, ts.URL+"/rapportages?"+h1); !strings.Contains(page, "Deze periode is niet vastgesteld") || !strings.Contains(page, `action="/rapportages/vaststellen"`) {
			t.Error("the controller's report page lacks the fix form")
		}
		if _, page := get(t, gem, ts.URL+"/rapportages?"+h1); strings.Contains(page, `action="/rapportages/vaststellen"`) {
			t.Error("the municipality user is offered the fix form")
		}
		if resp, _ := postForm(t, gem, ts.URL+"/rapportages/vaststellen", url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente fixes: status %d", resp.StatusCode)
		}
		resp, _ := postForm(t, ctl, ts.URL+"/rapportages/vaststellen", url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}, "toelichting": {"Tussenrapportage"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/rapportages/afwijking?") {
			t.Fatalf("fix: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := get(t, ctl, ts.URL+resp.Header.Get("Location")); !strings.Contains(page, "Geen enkel cijfer wijkt af") {
			t.Error("drift right after fixing is not empty")
		}

		late := place("2024-05-01") // registered after fixing
		upto28 := func(q string) (float64, bool, string) {
			t.Helper()
			resp, body := get(t, ctl, ts.URL+"/rapportages/export.json?"+q)
			var doc struct {
				Fixed          *struct{ FixedBy string }
				Municipalities []struct {
					Code       string
					Indicators map[string]float64
				}
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &doc) != nil {
				t.Fatalf("export %s: %d", q, resp.StatusCode)
			}
			for _, m := range doc.Municipalities {
				if m.Code == "GM0268" {
					return m.Indicators["placements_upto28"], doc.Fixed != nil, resp.Header.Get("Content-Disposition")
				}
			}
			return -1, false, ""
		}
		if n, fixed, name := upto28(h1); n != 1 || !fixed || !strings.Contains(name, "-vastgesteld.json") {
			t.Errorf("default download: %v placements, fixed %v, %q; want the fixed 1", n, fixed, name)
		}
		if n, fixed, _ := upto28(h1 + "&versie=actueel"); n != 2 || fixed {
			t.Errorf("current download: %v placements, fixed %v; want 2, not fixed", n, fixed)
		}
		if n, fixed, _ := upto28("van=01-01-2023&tot=30-06-2023"); n != 0 || fixed {
			t.Errorf("a period not fixed: %v, fixed %v", n, fixed)
		}
		_, page := get(t, ctl, ts.URL+"/rapportages/afwijking?"+h1)
		if !strings.Contains(page, "Plaatsing op werk 0-28 uur") || !strings.Contains(page, "<strong>erbij</strong>: plaatsing "+itoa(late)) {
			t.Errorf("drift page lacks the late placement %d", late)
		}

		// The API, as the municipality user.
		resp, body := get(t, gem, ts.URL+"/api/v1/rapportages/vaststellingen/2024-01-01_2024-06-30/afwijking")
		var drift werkpad.ReportDrift
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &drift) != nil {
			t.Fatalf("api drift: %d %s", resp.StatusCode, body)
		}
		if len(drift.Figures) != 1 || drift.Figures[0].Delta != 1 || len(drift.Figures[0].Added) != 1 || drift.Figures[0].Added[0].RecordID != late {
			t.Errorf("api drift: %s", body)
		}
		if resp, body := get(t, gem, ts.URL+"/api/v1/rapportages/vaststellingen"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"totaal":1`) || strings.Contains(body, "GM1945") {
			t.Errorf("api list as gemeente: %d %s", resp.StatusCode, body)
		}
		u.gem.do(t, "POST /api/v1/rapportages/vaststellingen", 0, "", map[string]any{"van": "2023-01-01", "tot": "2023-06-30"}).want(t, "gemeente fixes", 403)
		u.ctl.do(t, "POST /api/v1/rapportages/vaststellingen", 0, "", map[string]any{"van": "2023-01-01", "tot": "2023-06-30"}).want(t, "controller fixes", 201)
		if resp, body := get(t, gem, ts.URL+"/api/v1/rapportages/vaststellingen/2023-01-01_2023-06-30"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"vingerafdruk"`) {
			t.Errorf("api one: %d %s", resp.StatusCode, body)
		}
		if resp, body := get(t, gem, ts.URL+"/api/v1/rapportages?van=2024-01-01&tot=2024-06-30"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"vaststelling"`) || strings.Contains(body, "GM1945") {
			t.Errorf("api report: %d %s", resp.StatusCode, body)
		}
		if resp, _ := get(t, gem, ts.URL+"/api/v1/rapportages?van=2024-01-01&tot=2024-06-30&gemeente=GM1945"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("api report of another municipality: %d", resp.StatusCode)
		}
	})
}
