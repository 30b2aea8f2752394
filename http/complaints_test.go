package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
)

// TestComplaintPages: the consulent registers a complaint from the
// candidate's page, acknowledges it, is refused a postponement beyond four
// weeks and a decision without findings (all errors beside their fields,
// nothing changed), then decides it; the gemeente follows it, the other
// municipality does not find it.
func TestComplaintPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		c, g := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		today := werkpad.Today(timeNow())
		cand := "/kandidaten/" + id(f.own.ID)

		resp, body := postForm(t, c, ts.URL+cand+"/klacht", url.Values{"ontvangen": {today.AddDays(1).Dutch()}, "onderwerp": {""}, "omschrijving": {""}})
		if resp.StatusCode != 422 || strings.Count(body, "utrecht-form-field-error-message") != 3 {
			t.Fatalf("empty complaint: %d, %s", resp.StatusCode, summary(body))
		}
		resp, body = postForm(t, c, ts.URL+cand+"/klacht", url.Values{"ontvangen": {today.Dutch()}, "onderwerp": {"Bereikbaarheid"},
			"omschrijving": {"Drie keer gebeld, niet teruggebeld."}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", resp.StatusCode, summary(body))
		}
		_, page := get(t, c, ts.URL+cand)
		i := strings.Index(page, `href="/klachten/`)
		if i < 0 {
			t.Fatalf("candidate page lists no complaint")
		}
		k := page[i+len(`href="`) : i+len(`href="`)+strings.Index(page[i+len(`href="`):], `"`)]
		due := today.AddDays(werkpad.ComplaintTermDays).Dutch()
		if _, body = get(t, c, ts.URL+k); !strings.Contains(body, due) || !strings.Contains(body, "Ontvangst bevestigen") {
			t.Errorf("complaint page lacks the due date %s or the acknowledgement form", due)
		}
		for _, tc := range []struct {
			step  string
			form  url.Values
			field string
		}{
			{"afhandelen", url.Values{"uitkomst": {"gegrond"}, "afgehandeld-op": {today.Dutch()}, "bevindingen": {"Klopt."}}, ""},
			{"verdagen", url.Values{"verdaagd-tot": {today.AddDays(werkpad.ComplaintTermDays + 29).Dutch()}, "reden-verdaging": {"Onderzoek"}}, "verdaagd-tot"},
		} {
			resp, body := postForm(t, c, ts.URL+k+"/"+tc.step, tc.form)
			if resp.StatusCode != 422 && resp.StatusCode != 409 {
				t.Errorf("%s %v: %d", tc.step, tc.form, resp.StatusCode)
			}
			if tc.field != "" && !strings.Contains(body, `id="`+tc.field+`-fout"`) {
				t.Errorf("%s: no error beside %s: %s", tc.step, tc.field, summary(body))
			}
		}
		for _, st := range []struct {
			step string
			form url.Values
		}{
			{"ontvangst-bevestigen", url.Values{"bevestigd-op": {today.Dutch()}}},
			{"verdagen", url.Values{"verdaagd-tot": {today.AddDays(werkpad.ComplaintTermDays + 28).Dutch()}, "reden-verdaging": {"Hoor en wederhoor"}}},
		} {
			if resp, body := postForm(t, c, ts.URL+k+"/"+st.step, st.form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", st.step, resp.StatusCode, summary(body))
			}
		}
		if resp, body := postForm(t, c, ts.URL+k+"/afhandelen", url.Values{"uitkomst": {"deels-gegrond"}, "afgehandeld-op": {today.Dutch()}}); resp.StatusCode != 422 ||
			!strings.Contains(body, `id="bevindingen-fout"`) {
			t.Errorf("decision without findings: %d", resp.StatusCode)
		}
		if resp, body := postForm(t, c, ts.URL+k+"/afhandelen", url.Values{"uitkomst": {"deels-gegrond"}, "afgehandeld-op": {today.Dutch()},
			"bevindingen": {"Terugbelafspraak niet nagekomen; excuses aangeboden."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("decide: %d %s", resp.StatusCode, summary(body))
		}
		_, body = get(t, g, ts.URL+k)
		for _, want := range []string{"Deels gegrond", "binnen de termijn", "verdaagd op", "Hoor en wederhoor", "excuses aangeboden"} {
			if !strings.Contains(body, want) {
				t.Errorf("complaint page as gemeente lacks %q", want)
			}
		}
		if strings.Contains(body, `action="`+k+`/afhandelen"`) {
			t.Errorf("the gemeente is offered the decision form")
		}
		if resp, _ := postForm(t, g, ts.URL+k+"/afhandelen", url.Values{"uitkomst": {"gegrond"}}); resp.StatusCode != 403 {
			t.Errorf("gemeente decides: %d", resp.StatusCode)
		}
		if _, body = get(t, g, ts.URL+"/klachten?weergave=alle"); !strings.Contains(body, "Bereikbaarheid") {
			t.Errorf("gemeente's list lacks the complaint")
		}
		// A complaint received 40 days ago is due in 2 days: the
		// consulent's start page says so.
		if resp, body := postForm(t, c, ts.URL+cand+"/klacht", url.Values{"ontvangen": {today.AddDays(-40).Dutch()}, "onderwerp": {"Wachttijd"},
			"omschrijving": {"Zes weken niets gehoord."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", resp.StatusCode, summary(body))
		}
		if _, body := get(t, c, ts.URL+"/"); !strings.Contains(body, "Klacht: Wachttijd") || !strings.Contains(body, "over 2 dagen") {
			t.Errorf("start page does not flag the complaint due in 2 days")
		}
		bd := ts.client(t, "g@bergendal.nl")
		if resp, _ := get(t, bd, ts.URL+k); resp.StatusCode != 404 {
			t.Errorf("Berg en Dal opens a Nijmegen complaint: %d", resp.StatusCode)
		}
		if _, body = get(t, bd, ts.URL+"/klachten?weergave=alle"); strings.Contains(body, "Bereikbaarheid") {
			t.Errorf("Berg en Dal's list shows a Nijmegen complaint")
		}
	})
}
