package http_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"werkpad"
	whttp "werkpad/http"
	"werkpad/report"
	"werkpad/store"
)

// TestSubjectAccess: the consulent makes the copy for a request for access
// (AVG art. 15): every record of the person and every Logboek record of
// who processed him, as JSON and (with Chromium) as PDF; the gemeente may
// not, another municipality's consulent does not find the person, and
// making the copy is itself logged and audited.
func TestSubjectAccess(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		c, g := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		cand := "/kandidaten/" + id(f.own.ID)
		if resp, _ := get(t, g, ts.URL+cand); resp.StatusCode != 200 {
			t.Fatalf("gemeente opens his candidate: %d", resp.StatusCode)
		}
		var d struct {
			Kandidaat struct {
				BSN string `json:"bsn"`
			} `json:"kandidaat"`
			Plaatsingen  []map[string]any `json:"plaatsingen"`
			Signalen     []map[string]any `json:"signalen"`
			Verwerkingen []struct {
				Activiteit string `json:"verwerkingsactiviteit"`
				Handeling  string `json:"handeling"`
				Rol        string `json:"rol"`
			} `json:"verwerkingen"`
		}
		// The gemeente's opening was logged before she had the page.
		resp, body := get(t, c, ts.URL+cand+"/inzage.json")
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "inzage.json") {
			t.Fatalf("inzage.json: %d %s", resp.StatusCode, body)
		}
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, v := range d.Verwerkingen {
			found = found || (v.Handeling == "GET /kandidaten/{id}" && v.Rol == "gemeente" && v.Activiteit == werkpad.ActivityReintegration)
		}
		if !found {
			t.Errorf("the gemeente's opening is not in the copy: %+v", d.Verwerkingen)
		}
		if d.Kandidaat.BSN != bsnNijmegen || len(d.Plaatsingen) != 1 || len(d.Signalen) != 1 {
			t.Errorf("copy: bsn %q, %d placements, %d signals", d.Kandidaat.BSN, len(d.Plaatsingen), len(d.Signalen))
		}
		if resp, body := get(t, c, ts.URL+cand+"/inzage"); resp.StatusCode != 200 || !strings.Contains(body, "Wie verwerkte uw gegevens") ||
			!strings.Contains(body, "Rechten van betrokkenen") {
			t.Errorf("inzage page: %d", resp.StatusCode)
		}
		if resp, _ := get(t, g, ts.URL+cand+"/inzage.json"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente makes the copy: %d", resp.StatusCode)
		}
		ts.mustUser(t, "bd-consulent@werkbedrijf.nl", werkpad.RoleConsultant, "GM1945")
		if resp, _ := get(t, ts.client(t, "bd-consulent@werkbedrijf.nl"), ts.URL+cand+"/inzage.json"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("Berg en Dal's consulent makes a Nijmegen copy: %d", resp.StatusCode)
		}
		if report.Chromium() != "" || os.Getenv("CI") != "" {
			resp, body := get(t, c, ts.URL+cand+"/inzage.pdf")
			if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
				t.Errorf("inzage.pdf: %d %.200s", resp.StatusCode, body)
			}
		}
	})
}

// With the server's running browser the copy is printed in a tab of it,
// one after another without starting Chromium again.
func TestSubjectAccessPDFInRunningBrowser(t *testing.T) {
	chromium := report.Chromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium in CI")
		}
		t.Skip("no Chromium (WERKPAD_CHROMIUM)")
	}
	b := report.NewBrowser(chromium)
	defer b.Close()
	ts := newTestServer(t, store.SQLite, func(s *whttp.Server) { s.Browser = b })
	f := newCaseworkFixture(t, ts)
	c := f.clients[werkpad.RoleConsultant]
	for range 2 {
		resp, body := get(t, c, ts.URL+"/kandidaten/"+id(f.own.ID)+"/inzage.pdf")
		if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
			t.Fatalf("inzage.pdf: %d %.200s", resp.StatusCode, body)
		}
	}
}
