package http_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"werkpad"
)

// TestMoveKeepsPastReports: a move through the API (as of a date) and
// through the UI form (as of today) leaves the report of a past period
// byte-identical and counts the candidate in the new municipality from the
// move date on.
func TestMoveKeepsPastReports(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		id := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0209", "Verhuizer")).want(t, "create", 201).id()
		for _, from := range []string{"2024-03-01", "2025-02-01"} {
			u.cons.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{"kandidaatId": id, "werkgever": "Bakkerij",
				"periode": map[string]any{"van": from}, "contractMinutenPerWeek": 20 * 60, "contractsoort": "bepaald"}).want(t, "placement", 201)
		}
		ctl := ts.client(t, "ctl@mgr.nl")
		report := func(q string) string {
			t.Helper()
			resp, body := get(t, ctl, ts.URL+"/rapportages/export.json?"+q)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("report %s: status %d", q, resp.StatusCode)
			}
			return body
		}
		const h1of2025 = "van=01-01-2025&tot=30-06-2025"
		placements := func(q, code string) float64 {
			t.Helper()
			var doc struct {
				Municipalities []struct {
					Code       string
					Indicators map[string]float64
				}
			}
			if err := json.Unmarshal([]byte(report(q)), &doc); err != nil {
				t.Fatal(err)
			}
			for _, m := range doc.Municipalities {
				if m.Code == code {
					return m.Indicators[string(werkpad.IndPlacementsUpTo28)]
				}
			}
			t.Fatalf("no %s in the report", code)
			return 0
		}
		before := report(h1)
		if placements(h1, "GM0209") != 1 || placements(h1of2025, "GM0209") != 1 {
			t.Fatal("fixture: the placements do not count in Beuningen")
		}

		a := u.cons.do(t, "PATCH /api/v1/kandidaten/{id}", id, "", map[string]any{"gemeente": "GM0225", "per": "2025-01-01"}).want(t, "move", 200)
		if a.obj["gemeente"] != "GM0225" || !strings.Contains(a.body, `{"kenmerk":"gemeente","waarde":"GM0209","van":"1990-05-17","tot":"2024-12-31"}`) {
			t.Errorf("after the move: %s", a.body)
		}
		if report(h1) != before {
			t.Error("the API move changed the report of 2024-H1")
		}
		if got := [2]float64{placements(h1of2025, "GM0209"), placements(h1of2025, "GM0225")}; got != [2]float64{0, 1} {
			t.Errorf("2025-H1 Beuningen, Druten = %v, want [0 1]", got)
		}
		// A move must start after the last one; a correction is another operation.
		u.cons.do(t, "PATCH /api/v1/kandidaten/{id}", id, "", map[string]any{"gemeente": "GM0209", "per": "2024-12-31"}).want(t, "move before the last", 400, "per")

		// The UI form: a move as of today.
		web := ts.client(t, "c@werkbedrijf.nl")
		if resp, body := get(t, web, ts.URL+"/kandidaten/"+itoa(id)); !strings.Contains(body, "Verhuizing vastleggen") || !strings.Contains(body, "vanaf het begin") {
			t.Errorf("candidate page (status %d) lacks the move link or the residence history", resp.StatusCode)
		}
		resp, body := postForm(t, web, ts.URL+"/kandidaten/"+itoa(id)+"/verhuizing", url.Values{"gemeente": {"GM0252"}, "per": {werkpad.Today(time.Now()).Dutch()}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("move form: status %d\n%s", resp.StatusCode, body)
		}
		if report(h1) != before || placements(h1of2025, "GM0225") != 1 {
			t.Error("the UI move changed a past report")
		}
		if resp, body := postForm(t, web, ts.URL+"/kandidaten/"+itoa(id)+"/verhuizing", url.Values{"gemeente": {"GM0268"}, "per": {"01-01-2025"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "moet ingaan na") {
			t.Errorf("move form before the last move: status %d", resp.StatusCode)
		}
	})
}

// TestWageSubsidyIsDated: a wage subsidy granted through the API as of a
// day in H2 2024 (PATCH loonkostensubsidie with voorwaardenPer) leaves the
// report of H1 2024 byte-identical and counts from that day on; ending it
// later leaves H2 2024 as it was.
func TestWageSubsidyIsDated(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		id := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0209", "Subsidie")).want(t, "create", 201).id()
		pl := u.cons.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{"kandidaatId": id, "werkgever": "Bakkerij",
			"periode": map[string]any{"van": "2024-03-01"}, "contractMinutenPerWeek": 20 * 60, "contractsoort": "bepaald"}).want(t, "placement", 201).id()
		ctl := ts.client(t, "ctl@mgr.nl")
		const h2 = "van=01-07-2024&tot=31-12-2024"
		report := func(q string) string {
			t.Helper()
			resp, body := get(t, ctl, ts.URL+"/rapportages/export.json?"+q)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("report %s: status %d", q, resp.StatusCode)
			}
			return body
		}
		running := func(q string) float64 {
			t.Helper()
			var doc struct {
				Municipalities []struct {
					Code       string
					Indicators map[string]float64
				}
			}
			if err := json.Unmarshal([]byte(report(q)), &doc); err != nil {
				t.Fatal(err)
			}
			for _, m := range doc.Municipalities {
				if m.Code == "GM0209" {
					return m.Indicators[string(werkpad.IndLKSRunning)]
				}
			}
			t.Fatal("no Beuningen in the report")
			return 0
		}
		before := report(h1)
		u.cons.do(t, "PATCH /api/v1/plaatsingen/{id}", pl, "", map[string]any{"loonkostensubsidie": true, "loonwaardeBasispunten": 5500,
			"herbeoordelingOp": "2025-09-01", "voorwaardenPer": "2024-09-01"}).want(t, "grant", 200)
		if report(h1) != before {
			t.Error("a wage subsidy granted per 01-09-2024 changed the report of H1 2024")
		}
		if running(h1) != 0 || running(h2) != 1 {
			t.Errorf("LKS running H1, H2 = %v, %v, want 0, 1", running(h1), running(h2))
		}
		afterGrant := report(h2)
		u.cons.do(t, "PATCH /api/v1/plaatsingen/{id}", pl, "", map[string]any{"loonkostensubsidie": false, "loonwaardeBasispunten": 0,
			"herbeoordelingOp": nil, "voorwaardenPer": "2025-02-01"}).want(t, "end", 200)
		if report(h2) != afterGrant || report(h1) != before {
			t.Error("ending the wage subsidy per 01-02-2025 changed an earlier report")
		}
	})
}
