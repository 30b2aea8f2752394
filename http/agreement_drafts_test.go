package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
)

// TestDraftComposeConsentPages: the controller drafts DVO 2026-2027 from
// the form (errors beside their fields first), Nijmegen composes its 2026
// choices (over budget refused with the amounts, the form kept; another
// municipality not found), consents for itself; the controller records the
// rest, and the new agreement is in force.
func TestDraftComposeConsentPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		ctl, gem := as.clients[werkpad.RoleController], as.clients[werkpad.RoleMunicipality]
		if _, body := get(t, ctl, ts.URL+"/overeenkomsten"); !strings.Contains(body, `href="/overeenkomsten/nieuw"`) {
			t.Errorf("the DVO page offers no draft to the controller")
		}
		if resp, _ := get(t, gem, ts.URL+"/overeenkomsten/nieuw"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente opens the draft form: %d", resp.StatusCode)
		}
		resp, body := get(t, ctl, ts.URL+"/overeenkomsten/nieuw")
		if resp.StatusCode != 200 || !strings.Contains(body, `value="2026-2027"`) || !strings.Contains(body, "Berg en Dal") {
			t.Fatalf("draft form: %d %s", resp.StatusCode, summary(body))
		}
		resp, body = post(t, ctl, ts.URL+"/overeenkomsten/nieuw", url.Values{"versie": {"2026-2027"}, "eersteJaar": {"2025"}, "laatsteJaar": {"2027"},
			"indexatie": {"twee"}, "budget-GM1945": {"veel"}})
		for _, id := range []string{"indexatie-fout", "budget-GM1945-fout"} {
			if resp.StatusCode != 422 || !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("bad draft: %d, no %s: %s", resp.StatusCode, id, summary(body))
			}
		}
		resp, body = post(t, ctl, ts.URL+"/overeenkomsten/nieuw", url.Values{"versie": {"2026-2027"}, "eersteJaar": {"2026"}, "laatsteJaar": {"2027"},
			"indexatie": {"2,5"}, "vervallen": {"buurtteams"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("draft: %d %s", resp.StatusCode, summary(body))
		}
		if _, body := get(t, ctl, ts.URL+"/overeenkomsten"); !strings.Contains(body, "Concept:") || !strings.Contains(body, "/overeenkomsten/2026-2027/instemmingen") {
			t.Errorf("the concept is not shown as such")
		}

		keuzes := ts.URL + "/overeenkomsten/2026-2027/GM0268/2026/keuzes"
		if resp, _ := get(t, gem, ts.URL+"/overeenkomsten/2026-2027/GM1945/2026/keuzes"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("Nijmegen opens Berg en Dal's choices: %d", resp.StatusCode)
		}
		if resp, _ := get(t, as.clients[werkpad.RoleConsultant], keuzes); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a consulent opens the choices: %d", resp.StatusCode)
		}
		resp, body = get(t, gem, keuzes)
		if resp.StatusCode != 200 || !strings.Contains(body, `data-budget=`) || !strings.Contains(body, "/static/keuzes.js") {
			t.Fatalf("compose form: %d %s", resp.StatusCode, summary(body))
		}
		resp, body = post(t, gem, keuzes, url.Values{"aantal-participatiecoaching": {"100"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "te veel") || !strings.Contains(body, `value="100"`) {
			t.Errorf("over budget: %d %s", resp.StatusCode, summary(body))
		}
		resp, body = post(t, gem, keuzes, url.Values{"aantal-participatiecoaching": {"3"}, "aantal-doelgroepbenadering": {"10"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("compose: %d %s", resp.StatusCode, summary(body))
		}
		a, err := as.svc.FindAgreement(as.ctx(t, werkpad.RoleController), "2026-2027", werkpad.MustParseDate("2026-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		if my, _ := a.MunicipalityYear("GM0268", 2026); len(my.Lines) != 2 || my.Lines[0].Item != "doelgroepbenadering" || my.Lines[1].Agreed != 261_375_00 {
			t.Errorf("stored choices: %+v", my.Lines)
		}

		consent := ts.URL + "/overeenkomsten/2026-2027/instemmingen"
		form := func(party string) url.Values {
			return url.Values{"partij": {party}, "goedgekeurdOp": {"01-12-2025"}, "naam": {"Wethouder"}, "documentkenmerk": {"K-1"}}
		}
		if resp, body := post(t, gem, consent, form("gemeente:GM1945")); resp.StatusCode != 422 || !strings.Contains(body, `id="partij-fout"`) {
			t.Errorf("Nijmegen consents for Berg en Dal: %d", resp.StatusCode)
		}
		if resp, _ := post(t, gem, consent, form("gemeente:GM0268")); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("Nijmegen consents: %d", resp.StatusCode)
		}
		if resp, _ := post(t, gem, keuzes, url.Values{"aantal-participatiecoaching": {"1"}}); resp.StatusCode != http.StatusConflict && resp.StatusCode != 422 {
			t.Errorf("composed after consent: %d", resp.StatusCode)
		}
		for _, p := range []string{"gemeente:GM1945", "gemeente:GM0209", "gemeente:GM0225", "gemeente:GM0252", "gemeente:GM0944", "gemeente:GM0296", "mgr-bestuur"} {
			if resp, body := post(t, ctl, consent, form(p)); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("consent %s: %d %s", p, resp.StatusCode, summary(body))
			}
		}
		in, err := as.svc.FindAgreementInForce(as.ctx(t, werkpad.RoleController), werkpad.MustParseDate("2026-06-01"))
		if err != nil || in.Version.Version != "2026-2027" {
			t.Errorf("in force on 01-06-2026: %+v %v", in.Version, err)
		}
		if _, body := get(t, gem, consent); !strings.Contains(body, "Van kracht") {
			t.Errorf("the consent page does not say it is in force: %.3000s", body)
		}
	})
}
