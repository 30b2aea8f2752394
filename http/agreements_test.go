package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"werkpad"
	"werkpad/dvo"
	whttp "werkpad/http"
	"werkpad/store"
)

// agreementServer is a test server with the shipped DVO loaded and one
// user per role; the gemeente user belongs to Nijmegen (GM0268).
type agreementServer struct {
	*testServer
	svc     *store.AgreementService
	clients map[werkpad.Role]*http.Client
}

var agreementUsers = map[werkpad.Role]string{
	werkpad.RoleConsultant:      "c@werkbedrijf.nl",
	werkpad.RoleEmployerAdviser: "w@werkbedrijf.nl",
	werkpad.RoleMunicipality:    "g@nijmegen.nl",
	werkpad.RoleController:      "ctl@mgr.nl",
	werkpad.RoleAdmin:           "admin@mgr.nl",
	werkpad.RolePrivacyOfficer:  "fg@mgr.nl",
}

func newAgreementServer(t *testing.T, ts *testServer) *agreementServer {
	t.Helper()
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := store.NewAgreementService(ts.db)
	if err := svc.LoadAgreement(werkpad.OperatorContext(context.Background()), a, false); err != nil {
		t.Fatal(err)
	}
	as := &agreementServer{testServer: ts, svc: svc, clients: map[werkpad.Role]*http.Client{}}
	for r, email := range agreementUsers {
		var scope []string
		if r == werkpad.RoleMunicipality {
			scope = []string{"GM0268"}
		}
		ts.mustUser(t, email, r, scope...)
		as.clients[r] = ts.client(t, email)
	}
	return as
}

// ctx is the context of a user of role for calling the service directly.
func (as *agreementServer) ctx(t *testing.T, role werkpad.Role) context.Context {
	t.Helper()
	u, err := store.NewUserService(as.db).FindUserByEmail(werkpad.OperatorContext(context.Background()), agreementUsers[role])
	if err != nil {
		t.Fatal(err)
	}
	return werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: u, Via: "sessie"})
}

// propose stores a draft amendment of code's 2025 lines: one participatiecoaching fte.
func (as *agreementServer) propose(t *testing.T, code string) *werkpad.Amendment {
	t.Helper()
	am, err := as.svc.ProposeAmendment(as.ctx(t, werkpad.RoleController), "2024-2025", code, 2025, werkpad.MustParseDate("2025-01-01"),
		[]werkpad.Line{{Item: "participatiecoaching", Quantity: 1000, Description: "1 fte participatiecoaching", Article: "test"}}, "test", "K-1")
	if err != nil {
		t.Fatal(err)
	}
	return am
}

func (as *agreementServer) amendmentCount(t *testing.T) int {
	t.Helper()
	ams, err := as.svc.FindAmendments(as.ctx(t, werkpad.RoleController), werkpad.AmendmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ams)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func sendJSON(t *testing.T, c *http.Client, method, u string, body any) (*http.Response, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, u, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

// TestAgreementRoleMatrix proves which roles reach the DVO pages and API.
func TestAgreementRoleMatrix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		am := as.propose(t, "GM0268")
		readers := []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleEmployerAdviser, werkpad.RoleMunicipality, werkpad.RoleController}
		ctl := []werkpad.Role{werkpad.RoleController}
		amPath := "/overeenkomsten/2024-2025/wijzigingen/" + strconv.FormatInt(am.ID, 10)
		pages := []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/overeenkomsten", readers},
			{"/overeenkomsten/2024-2025/GM0268/2024", readers},
			{"/overeenkomsten/2024-2025/GM0268/2025", readers},
			{"/overeenkomsten/2024-2025/export.xlsx", readers},
			{"/overeenkomsten/2024-2025/export.csv", readers},
			{amPath, readers},
			{"/overeenkomsten/2024-2025/GM0268/2025/realisatie", ctl},
			{"/overeenkomsten/2024-2025/GM0268/2025/wijzigingen/nieuw", ctl},
			{"/api/v1/overeenkomsten", readers},
			{"/api/v1/overeenkomsten/2024-2025", readers},
			{"/api/v1/overeenkomsten/2024-2025/bevindingen", readers},
			{"/api/v1/overeenkomsten/2024-2025/wijzigingen", readers},
			{"/api/v1" + amPath, readers},
			{"/api/v1/overeenkomsten/2024-2025/realisatie", readers},
		}
		for _, p := range pages {
			for _, r := range werkpad.Roles {
				want := http.StatusForbidden
				if slices.Contains(p.roles, r) {
					want = http.StatusOK
				}
				resp, _ := get(t, as.clients[r], ts.URL+p.path)
				if resp.StatusCode != want {
					t.Errorf("%s as %s: status %d, want %d", p.path, r, resp.StatusCode, want)
				}
			}
			resp, _ := get(t, ts.client(t, ""), ts.URL+p.path)
			if want := http.StatusSeeOther; strings.HasPrefix(p.path, "/api/") {
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s anonymous: status %d, want 401", p.path, resp.StatusCode)
				}
			} else if resp.StatusCode != want {
				t.Errorf("%s anonymous: status %d, want redirect to sign-in", p.path, resp.StatusCode)
			}
		}
		// Writing: only the roles named; the rest 403, whatever they send.
		for _, r := range []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleEmployerAdviser, werkpad.RoleAdmin} {
			for _, path := range []string{amPath + "/goedkeuringen", "/overeenkomsten/2024-2025/GM0268/2025/realisatie", "/overeenkomsten/2024-2025/GM0268/2025/wijzigingen"} {
				if resp, _ := post(t, as.clients[r], ts.URL+path, url.Values{}); resp.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s as %s: status %d, want 403", path, r, resp.StatusCode)
				}
			}
		}
	})
}

// TestAgreementTenancy proves that a gemeente user of Nijmegen sees and
// touches nothing of Berg en Dal: not in pages, exports or the API.
func TestAgreementTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		other := as.propose(t, "GM1945")
		own := as.propose(t, "GM0268")
		c := as.clients[werkpad.RoleMunicipality]
		otherID := strconv.FormatInt(other.ID, 10)

		for _, path := range []string{
			"/overeenkomsten/2024-2025/GM1945/2024",
			"/overeenkomsten/2024-2025/GM1945/2025",
			"/overeenkomsten/2024-2025/wijzigingen/" + otherID,
			"/api/v1/overeenkomsten/2024-2025/wijzigingen/" + otherID,
			"/overeenkomsten/2024-2025/GM0268/2023",
			"/overeenkomsten/2099-2100/GM0268/2024",
			"/api/v1/overeenkomsten/2099-2100",
		} {
			resp, body := get(t, c, ts.URL+path)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
			}
			if strings.Contains(body, "Berg en Dal") || strings.Contains(body, "GM1945") {
				t.Errorf("%s: response names another municipality", path)
			}
		}

		_, page := get(t, c, ts.URL+"/overeenkomsten")
		if !strings.Contains(page, "Nijmegen 2024") || !strings.Contains(page, "Nijmegen 2025") {
			t.Errorf("list page misses Nijmegen")
		}
		for _, other := range []string{"Berg en Dal", "Beuningen", "Druten", "Heumen", "Mook en Middelaar", "Wijchen", "GM1945"} {
			if strings.Contains(page, other) {
				t.Errorf("list page shows %s to a Nijmegen user", other)
			}
		}
		_, ctlPage := get(t, as.clients[werkpad.RoleController], ts.URL+"/overeenkomsten")
		if !strings.Contains(ctlPage, "Berg en Dal 2024") || !strings.Contains(ctlPage, "Wijchen 2025") {
			t.Errorf("controller list page misses municipalities")
		}

		// XLSX: one sheet, Nijmegen's.
		resp, body := get(t, c, ts.URL+"/overeenkomsten/2024-2025/export.xlsx")
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="dvo-2024-2025.xlsx"` {
			t.Errorf("xlsx Content-Disposition %q", cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		if got := f.GetSheetList(); !slices.Equal(got, []string{"Nijmegen"}) {
			t.Errorf("xlsx sheets %v, want [Nijmegen]", got)
		}
		f.Close()
		_, ctlBody := get(t, as.clients[werkpad.RoleController], ts.URL+"/overeenkomsten/2024-2025/export.xlsx")
		if f, err := excelize.OpenReader(strings.NewReader(ctlBody)); err != nil || len(f.GetSheetList()) != 7 {
			t.Errorf("controller xlsx: %v", err)
		}

		// CSV: every row Nijmegen's.
		resp, body = get(t, c, ts.URL+"/overeenkomsten/2024-2025/export.csv")
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="dvo-2024-2025.csv"` {
			t.Errorf("csv Content-Disposition %q", cd)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil || len(recs) < 3 {
			t.Fatalf("csv: %v (%d rows)", err, len(recs))
		}
		for _, rec := range recs[1:] {
			if rec[0] != "GM0268" {
				t.Errorf("csv row of %s: %v", rec[0], rec)
			}
		}

		// API: the agreement, its findings and the amendments, Nijmegen only.
		var ag struct {
			GemeenteJaren []struct {
				Gemeente string `json:"gemeente"`
			} `json:"gemeenteJaren"`
		}
		if _, body := get(t, c, ts.URL+"/api/v1/overeenkomsten/2024-2025"); json.Unmarshal([]byte(body), &ag) != nil || len(ag.GemeenteJaren) != 2 {
			t.Errorf("API agreement: %s", body)
		}
		for _, y := range ag.GemeenteJaren {
			if y.Gemeente != "GM0268" {
				t.Errorf("API agreement shows %s", y.Gemeente)
			}
		}
		for _, path := range []string{"/bevindingen", "/wijzigingen", "/realisatie"} {
			var list struct {
				Items []struct {
					Gemeente string `json:"gemeente"`
				} `json:"items"`
			}
			_, body := get(t, c, ts.URL+"/api/v1/overeenkomsten/2024-2025"+path)
			// Nijmegen's lines agree with the card, so it has no findings.
			if err := json.Unmarshal([]byte(body), &list); err != nil || (len(list.Items) == 0 && path != "/bevindingen") {
				t.Errorf("API %s: %v %s", path, err, body)
			}
			for _, it := range list.Items {
				if it.Gemeente != "GM0268" {
					t.Errorf("API %s shows %s", path, it.Gemeente)
				}
			}
		}

		// He cannot approve Berg en Dal's amendment (404) nor propose one (403).
		approval := url.Values{"partij": {"gemeente"}, "goedgekeurdOp": {"01-02-2025"}, "naam": {"X"}, "documentkenmerk": {"K"}}
		if resp, body := post(t, c, ts.URL+"/overeenkomsten/2024-2025/wijzigingen/"+otherID+"/goedkeuringen", approval); resp.StatusCode != 404 || strings.Contains(body, "Berg en Dal") {
			t.Errorf("approve other municipality's amendment: %d", resp.StatusCode)
		}
		if resp, _ := sendJSON(t, c, "POST", ts.URL+"/api/v1/overeenkomsten/2024-2025/wijzigingen/"+otherID+"/goedkeuringen",
			map[string]string{"partij": "gemeente", "goedgekeurdOp": "2025-02-01", "naam": "X", "documentkenmerk": "K"}); resp.StatusCode != 404 {
			t.Errorf("API approve other municipality's amendment: %d", resp.StatusCode)
		}
		if resp, _ := post(t, c, ts.URL+"/overeenkomsten/2024-2025/GM1945/2025/wijzigingen", url.Values{"rijen": {"1"}}); resp.StatusCode != 403 {
			t.Errorf("propose for other municipality: %d, want 403", resp.StatusCode)
		}
		if resp, _ := sendJSON(t, c, "POST", ts.URL+"/api/v1/overeenkomsten/2024-2025/wijzigingen", map[string]any{"gemeente": "GM1945", "jaar": 2025}); resp.StatusCode != 403 {
			t.Errorf("API propose for other municipality: %d, want 403", resp.StatusCode)
		}
		got, err := as.svc.FindAmendment(as.ctx(t, werkpad.RoleController), other.ID)
		if err != nil || len(got.Approvals) != 0 {
			t.Errorf("Berg en Dal's amendment changed: %v %+v", err, got)
		}

		// His own amendment he approves for his municipality.
		resp, _ = post(t, c, ts.URL+"/overeenkomsten/2024-2025/wijzigingen/"+strconv.FormatInt(own.ID, 10)+"/goedkeuringen", approval)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("approve own amendment: %d", resp.StatusCode)
		}
		got, err = as.svc.FindAmendment(as.ctx(t, werkpad.RoleController), own.ID)
		if ap, ok := got.Approval(werkpad.PartyMunicipality); err != nil || !ok || ap.DocumentRef != "K" {
			t.Errorf("own approval not recorded: %v %+v", err, got)
		}
	})
}

// TestAgreementFormErrors proves that every form refuses bad input with
// 422, an error summary linking to the field, and no change stored.
func TestAgreementFormErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		c := as.clients[werkpad.RoleController]
		base := ts.URL + "/overeenkomsten/2024-2025/GM0268/2025"
		valid := func() url.Values {
			return url.Values{"rijen": {"2"}, "regels-0-item": {"participatiecoaching"}, "regels-0-aantal": {"1,5"},
				"regels-0-bedrag": {"€ 128k"}, "regels-0-omschrijving": {"1,5 fte"}, "regels-0-artikel": {"art. 10.2"},
				"ingangsdatum": {"01-01-2025"}, "reden": {"Meer coaching"}, "documentkenmerk": {"2025/123"}}
		}
		for _, tc := range []struct {
			name, field, value, anchor string
		}{
			{"bad date", "ingangsdatum", "31-02-2025", "#ingangsdatum"},
			{"date outside the period", "ingangsdatum", "01-01-2027", "#ingangsdatum"},
			{"negative quantity", "regels-0-aantal", "-2", "#regels-0-aantal"},
			{"quantity not a number", "regels-0-aantal", "twee", "#regels-0-aantal"},
			{"unknown item", "regels-0-item", "toverstaf", "#regels-0-item"},
			{"bad amount", "regels-0-bedrag", "veel", "#regels-0-bedrag"},
			{"no reason", "reden", "", "#reden"},
			{"row without item", "regels-1-aantal", "3", "#regels-1-item"},
		} {
			form := valid()
			form.Set(tc.field, tc.value)
			resp, body := post(t, c, base+"/wijzigingen", form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Er is iets niet goed ingevuld") ||
				!strings.Contains(body, `href="`+tc.anchor+`"`) || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("propose with %s: status %d, want 422 with summary linking to %s", tc.name, resp.StatusCode, tc.anchor)
			}
		}
		if n := as.amendmentCount(t); n != 0 {
			t.Fatalf("refused proposals stored %d amendments", n)
		}
		// The valid one is stored, and its page shows the findings before approval.
		resp, _ := post(t, c, base+"/wijzigingen", valid())
		if resp.StatusCode != http.StatusSeeOther || as.amendmentCount(t) != 1 {
			t.Fatalf("valid proposal: status %d, %d amendments", resp.StatusCode, as.amendmentCount(t))
		}
		amPath := resp.Header.Get("Location")
		resp, body := get(t, c, ts.URL+amPath)
		if resp.StatusCode != 200 || !strings.Contains(body, "Bevindingen na de wijziging") || !strings.Contains(body, `href="#regel-1"`) ||
			!strings.Contains(body, `id="regel-1"`) || !strings.Contains(body, "€ 128.000,00") {
			t.Errorf("amendment page: %d\n%s", resp.StatusCode, body)
		}

		// Approval: bad date, future date, missing fields.
		for _, tc := range []struct {
			name   string
			form   url.Values
			anchor string
		}{
			{"bad date", url.Values{"partij": {"mgr-bestuur"}, "goedgekeurdOp": {"1-13-2025"}, "naam": {"B"}, "documentkenmerk": {"K"}}, "#goedgekeurdOp"},
			{"future date", url.Values{"partij": {"mgr-bestuur"}, "goedgekeurdOp": {"01-01-2099"}, "naam": {"B"}, "documentkenmerk": {"K"}}, "#goedgekeurdOp"},
			{"no name", url.Values{"partij": {"mgr-bestuur"}, "goedgekeurdOp": {"01-02-2025"}, "documentkenmerk": {"K"}}, "#naam"},
			{"no party", url.Values{"goedgekeurdOp": {"01-02-2025"}, "naam": {"B"}, "documentkenmerk": {"K"}}, "#partij"},
			{"no reference", url.Values{"partij": {"mgr-bestuur"}, "goedgekeurdOp": {"01-02-2025"}, "naam": {"B"}}, "#documentkenmerk"},
		} {
			resp, body := post(t, c, ts.URL+amPath+"/goedkeuringen", tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="`+tc.anchor+`"`) {
				t.Errorf("approve with %s: status %d, want 422 linking to %s", tc.name, resp.StatusCode, tc.anchor)
			}
		}
		ams, _ := as.svc.FindAmendments(as.ctx(t, werkpad.RoleController), werkpad.AmendmentFilter{})
		if len(ams[0].Approvals) != 0 {
			t.Fatalf("refused approvals stored: %+v", ams[0].Approvals)
		}
		// Both approvals put it in force; a third is a conflict shown on the page.
		ok := url.Values{"partij": {"mgr-bestuur"}, "goedgekeurdOp": {"01-02-2025"}, "naam": {"Bestuur"}, "documentkenmerk": {"DB-1"}}
		if resp, _ := post(t, c, ts.URL+amPath+"/goedkeuringen", ok); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("board approval: %d", resp.StatusCode)
		}
		ok.Set("partij", "gemeente")
		if resp, _ := post(t, as.clients[werkpad.RoleMunicipality], ts.URL+amPath+"/goedkeuringen", ok); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("municipality approval: %d", resp.StatusCode)
		}
		if resp, _ := post(t, c, ts.URL+amPath+"/goedkeuringen", ok); resp.StatusCode != http.StatusConflict {
			t.Errorf("third approval: %d, want 409", resp.StatusCode)
		}
		_, body = get(t, c, ts.URL+amPath)
		if !strings.Contains(body, "Van kracht") {
			t.Errorf("amendment not shown in force")
		}

		// Realisation: bad input stores nothing.
		for _, tc := range []struct {
			name   string
			form   url.Values
			anchor string
		}{
			{"negative quantity", url.Values{"regel": {"participatiecoaching"}, "halfjaar": {"2"}, "aantal": {"-1"}}, "#aantal"},
			{"no quantity", url.Values{"regel": {"participatiecoaching"}, "halfjaar": {"2"}}, "#aantal"},
			{"unknown item", url.Values{"regel": {"toverstaf"}, "halfjaar": {"2"}, "aantal": {"1"}}, "#regel"},
			{"bad half", url.Values{"regel": {"participatiecoaching"}, "halfjaar": {"3"}, "aantal": {"1"}}, "#halfjaar"},
		} {
			resp, body := post(t, c, base+"/realisatie", tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="`+tc.anchor+`"`) {
				t.Errorf("realisation with %s: status %d, want 422 linking to %s", tc.name, resp.StatusCode, tc.anchor)
			}
		}
		rs, err := as.svc.FindRealisation(as.ctx(t, werkpad.RoleController), "2024-2025", "GM0268", 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range rs.Lines {
			if l.Halves[0].Recorded || l.Halves[1].Recorded {
				t.Fatalf("refused realisation stored: %+v", l)
			}
		}
		resp, _ = post(t, c, base+"/realisatie", url.Values{"regel": {"participatiecoaching"}, "halfjaar": {"1"}, "aantal": {"0,75"}, "toelichting": {"vacature"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("valid realisation: %d", resp.StatusCode)
		}
		_, body = get(t, c, base)
		if !strings.Contains(body, "0,75") || !strings.Contains(body, "vacature") {
			t.Errorf("realisation not shown on the detail page")
		}
	})
}

// TestAgreementPages checks what the list and detail pages show.
func TestAgreementPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		c := as.clients[werkpad.RoleController]
		_, page := get(t, c, ts.URL+"/overeenkomsten")
		for _, want := range []string{"alleen tweede helft", `href="/overeenkomsten/2024-2025/GM1945/2024"`,
			`href="/overeenkomsten/2024-2025/export.xlsx"`, `href="/overeenkomsten/2024-2025/export.csv"`, "op te lossen", `scope="col"`, "<caption"} {
			if !strings.Contains(page, want) {
				t.Errorf("list page lacks %q", want)
			}
		}
		_, page = get(t, c, ts.URL+"/overeenkomsten/2024-2025/GM1945/2024")
		// Berg en Dal 2024: participatiecoaching (line 1) agreed at € 500 over the card price, budget € 2.000 over.
		for _, want := range []string{`id="regel-1"`, `href="#regel-1"`, `href="#totalen"`, `id="totalen"`, "€ 128.000,00", "€ 127.500,00",
			"overschreden met € 2.000,00", "Op te lossen", "Oude verplichtingen", "Realisatie per halfjaar", "Wijzigingen (art. 16.3)", "deeljaar"} {
			if !strings.Contains(page, want) {
				t.Errorf("detail page lacks %q", want)
			}
		}
		if strings.Contains(page, "style=") {
			t.Errorf("detail page has an inline style")
		}
	})
}

// TestAgreementAPI exercises the write side of the API.
func TestAgreementAPI(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		c := as.clients[werkpad.RoleController]
		api := ts.URL + "/api/v1/overeenkomsten/2024-2025"
		resp, body := sendJSON(t, c, "POST", api+"/wijzigingen", map[string]any{
			"gemeente": "GM0268", "jaar": 2025, "ingangsdatum": "2025-01-01", "reden": "meer coaching",
			"regels": []map[string]any{{"item": "participatiecoaching", "aantalDuizendsten": -1000}},
		})
		if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, "invalidParams") {
			t.Errorf("invalid proposal: %d %s", resp.StatusCode, body)
		}
		resp, body = sendJSON(t, c, "POST", api+"/wijzigingen", map[string]any{"onbekend": 1})
		if resp.StatusCode != 400 {
			t.Errorf("unknown field: %d %s", resp.StatusCode, body)
		}
		resp, body = sendJSON(t, c, "POST", api+"/wijzigingen", map[string]any{
			"gemeente": "GM0268", "jaar": 2025, "ingangsdatum": "2025-01-01", "reden": "meer coaching", "documentkenmerk": "K",
			"regels": []map[string]any{{"item": "participatiecoaching", "aantalDuizendsten": 2000, "bedragCent": 17000000}},
		})
		var am struct {
			ID          int64  `json:"id"`
			Status      string `json:"status"`
			Bevindingen []struct {
				Soort string `json:"soort"`
				Regel int    `json:"regel"`
			} `json:"bevindingen"`
			Totalen struct {
				AfgesprokenCent int64 `json:"afgesprokenCent"`
			} `json:"totalen"`
		}
		if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &am) != nil || am.Status != "concept" || am.Totalen.AfgesprokenCent == 0 {
			t.Fatalf("proposal: %d %s", resp.StatusCode, body)
		}
		id := strconv.FormatInt(am.ID, 10)
		for _, party := range []string{"mgr-bestuur", "gemeente"} {
			resp, body = sendJSON(t, c, "POST", api+"/wijzigingen/"+id+"/goedkeuringen",
				map[string]string{"partij": party, "goedgekeurdOp": "2025-02-01", "naam": "N", "documentkenmerk": "K-" + party})
			if resp.StatusCode != 201 {
				t.Errorf("approve %s: %d %s", party, resp.StatusCode, body)
			}
		}
		json.Unmarshal([]byte(body), &am)
		if am.Status != "van kracht" {
			t.Errorf("after two approvals: %s", am.Status)
		}
		resp, body = sendJSON(t, c, "PUT", api+"/realisatie", map[string]any{
			"gemeente": "GM0268", "jaar": 2025, "item": "participatiecoaching", "halfjaar": 1, "aantalDuizendsten": 1500})
		if resp.StatusCode != 200 || !strings.Contains(body, `"aantalDuizendsten":1500`) {
			t.Errorf("realisation: %d %s", resp.StatusCode, body)
		}
		resp, _ = sendJSON(t, as.clients[werkpad.RoleMunicipality], "PUT", api+"/realisatie", map[string]any{"gemeente": "GM0268"})
		if resp.StatusCode != 403 {
			t.Errorf("realisation by gemeente: %d", resp.StatusCode)
		}
	})
}

// TestOpenAPICoversRoutes proves that openapi.json describes exactly the
// API routes registered on the mux: every method and path, both ways.
func TestOpenAPICoversRoutes(t *testing.T) {
	s := whttp.NewServer()
	registered := map[string]bool{}
	for _, p := range s.Patterns() {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		registered[strings.ToLower(method)+" "+strings.TrimPrefix(path, "/api/v1")] = true
	}
	if len(registered) < 10 {
		t.Fatalf("only %d API routes registered: %v", len(registered), registered)
	}
	resp, body := get(t, http.DefaultClient, newTestServer(t, store.SQLite).URL+"/api/v1/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			described[method+" "+path] = true
		}
	}
	for r := range registered {
		if !described[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for d := range described {
		if !registered[d] {
			t.Errorf("openapi.json describes %s, which is not a route", d)
		}
	}
}

// Art. 16.1: on 01-06-2026, with no newer agreement in force, the pages
// show the DVO 2024-2025 extended tacitly, its 2026 years carried from 2025,
// within the caller's scope.
func TestAgreementTacitExtensionPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		as := newAgreementServer(t, ts)
		ts.db.Now = func() time.Time { return time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC) }
		_, page := get(t, as.clients[werkpad.RoleController], ts.URL+"/overeenkomsten")
		for _, want := range []string{"Van kracht:", "stilzwijgend verlengd na 31-12-2025", "Stilzwijgend verlengd (art. 16.1)",
			`href="/overeenkomsten/2024-2025/GM1945/2026"`, "verlengd uit 2025"} {
			if !strings.Contains(page, want) {
				t.Errorf("list page lacks %q", want)
			}
		}
		g := as.clients[werkpad.RoleMunicipality]
		resp, page := get(t, g, ts.URL+"/overeenkomsten/2024-2025/GM0268/2026")
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "gelden door in 2026") {
			t.Errorf("Nijmegen 2026: %d, carried notice missing", resp.StatusCode)
		}
		if resp, _ := get(t, g, ts.URL+"/overeenkomsten/2024-2025/GM1945/2026"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("Nijmegen user on Berg en Dal 2026: %d, want 404", resp.StatusCode)
		}
		if resp, _ := get(t, g, ts.URL+"/overeenkomsten/2024-2025/GM0268/2027"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("2027 is not in force yet on 01-06-2026: %d, want 404", resp.StatusCode)
		}
		_, page = get(t, g, ts.URL+"/")
		if !strings.Contains(page, "Nijmegen 2026") || !strings.Contains(page, "stilzwijgend verlengd") {
			t.Errorf("start page lacks the carried 2026 budget")
		}
	})
}
