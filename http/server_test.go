package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"werkpad"
	"werkpad/dvo"
	whttp "werkpad/http"
	"werkpad/report"
	"werkpad/store"
	"werkpad/store/storetest"
)

const testPassword = "correct horse battery"

// sharedBrowser is one headless Chromium that prints every test server's
// PDFs, as werkpad serve keeps one (nil without Chromium: the renderer's
// own fallback). A Chromium started for each PDF made the tenancy test's
// two PDF routes 50 of its 62 seconds.
var sharedBrowser *report.Browser

func TestMain(m *testing.M) {
	if c := report.Chromium(); c != "" {
		sharedBrowser = report.NewBrowser(c)
	}
	code := m.Run()
	if sharedBrowser != nil {
		sharedBrowser.Close()
	}
	os.Exit(code)
}

// testServer is the real HTTP handler on a real database.
type testServer struct {
	*httptest.Server
	db *store.DB
}

func newTestServer(t *testing.T, d store.Dialect, opts ...func(*whttp.Server)) *testServer {
	t.Helper()
	return newTestServerOn(t, d, nil, opts...)
}

// newTestServerOn is newTestServer on a listener of the caller's (nil: a
// new one), for tests that must know the server's address beforehand.
func newTestServerOn(t *testing.T, d store.Dialect, ln net.Listener, opts ...func(*whttp.Server)) *testServer {
	t.Helper()
	db := storetest.Open(t, d)
	s := whttp.NewServer()
	s.DB = db.SQL()
	s.Users = store.NewUserService(db)
	s.Auth = store.NewAuthService(db)
	s.Audit = store.NewAuditService(db)
	s.Municipalities = store.NewMunicipalityService(db)
	s.Agreements = store.NewAgreementService(db)
	sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	s.Candidates = store.NewCandidateService(db, sealer)
	s.Referrals = store.NewReferralService(db, sealer)
	s.Enrolments = store.NewEnrolmentService(db)
	s.Placements = store.NewPlacementService(db)
	s.Exits = store.NewExitService(db)
	s.Signals = store.NewSignalService(db)
	s.Complaints = store.NewComplaintService(db)
	s.AgreementExports = dvo.Exporter{}
	matches := store.NewMatchService(db)
	s.Employers, s.Vacancies = store.NewEmployerService(db), store.NewVacancyService(db)
	s.Matches, s.MatchExclusions, s.Secondments = matches, matches, matches
	s.Indicators, s.Reports = store.NewIndicatorService(db), report.Renderer{Browser: sharedBrowser}
	s.Browser = sharedBrowser
	s.ChapterFigures = store.NewChapterFigureService(db)
	s.Retention = store.NewRetentionService(db)
	s.ReportChapters = werkpad.ReportSources{SW: store.NewSWService(db), LKS: store.NewLKSService(db), Finance: store.NewFinanceService(db),
		Complaints: store.NewComplaintService(db), LocalChoices: store.NewAgreementService(db), Satisfaction: store.NewSurveyService(db)}
	s.Surveys = store.NewSurveyService(db)
	s.SW, s.LKS = store.NewSWService(db), store.NewLKSService(db)
	s.ReportJobs = store.NewReportJobService(db)
	s.Logboek = store.NewProcessingLog(db)
	s.Logger = discardLogger()
	for _, o := range opts {
		o(s)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	if ln != nil {
		ts.Listener.Close()
		ts.Listener = ln
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, db: db}
}

func (ts *testServer) mustUser(t *testing.T, email string, role werkpad.Role, scope ...string) *werkpad.User {
	t.Helper()
	u := &werkpad.User{Email: email, Name: "Test " + string(role), Role: role, Municipalities: scope}
	if err := store.NewUserService(ts.db).CreateUser(werkpad.OperatorContext(context.Background()), u, testPassword); err != nil {
		t.Fatal(err)
	}
	return u
}

// client returns an HTTP client that does not follow redirects, signed in
// as email when email is not empty.
func (ts *testServer) client(t *testing.T, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if email == "" {
		return c
	}
	resp, err := c.PostForm(ts.URL+"/inloggen", url.Values{"email": {email}, "wachtwoord": {testPassword}, "terug": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in %s: status %d location %q", email, resp.StatusCode, resp.Header.Get("Location"))
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func forEachDialect(t *testing.T, fn func(t *testing.T, ts *testServer)) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, newTestServer(t, d))
		})
	}
}

// TestRoleMatrix proves that each role reaches its pages and no others.
func TestRoleMatrix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		roles := map[werkpad.Role]string{
			werkpad.RoleConsultant:      "c@werkbedrijf.nl",
			werkpad.RoleEmployerAdviser: "w@werkbedrijf.nl",
			werkpad.RoleMunicipality:    "g@nijmegen.nl",
			werkpad.RoleController:      "ctl@mgr.nl",
			werkpad.RoleAdmin:           "admin@mgr.nl",
			werkpad.RolePrivacyOfficer:  "fg@mgr.nl",
		}
		clients := map[werkpad.Role]*http.Client{}
		for r, email := range roles {
			var scope []string
			if r == werkpad.RoleMunicipality {
				scope = []string{"GM0268"}
			}
			ts.mustUser(t, email, r, scope...)
			clients[r] = ts.client(t, email)
		}
		all := werkpad.Roles
		pages := []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/", all},
			{"/account", all},
			{"/gemeenten", all},
			{"/gemeenten/GM0268", all},
			{"/beheer/gebruikers", []werkpad.Role{werkpad.RoleAdmin}},
			{"/beheer/gebruikers/nieuw", []werkpad.Role{werkpad.RoleAdmin}},
			{"/beheer/gebruikers/1", []werkpad.Role{werkpad.RoleAdmin}},
			{"/beheer/audit", werkpad.RolesReadAudit},
			{"/beheer/logboek", werkpad.RolesReadLogboek},
			{"/beheer/bewaartermijnen", []werkpad.Role{werkpad.RoleAdmin}},
		}
		for _, p := range pages {
			for _, r := range all {
				want := http.StatusForbidden
				for _, ok := range p.roles {
					if ok == r {
						want = http.StatusOK
					}
				}
				resp, _ := get(t, clients[r], ts.URL+p.path)
				if resp.StatusCode != want {
					t.Errorf("%s as %s: status %d, want %d", p.path, r, resp.StatusCode, want)
				}
			}
			resp, _ := get(t, ts.client(t, ""), ts.URL+p.path)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen?terug=") {
				t.Errorf("%s anonymous: status %d location %q, want redirect to sign-in", p.path, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})
}

// TestTenancy proves that a gemeente user sees only his own municipality.
func TestTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		ts.mustUser(t, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		c := ts.client(t, "g@nijmegen.nl")
		for _, path := range []string{"/gemeenten/GM1945", "/api/v1/gemeenten/GM1945", "/gemeenten/GM9999", "/api/v1/gemeenten/onzin"} {
			resp, body := get(t, c, ts.URL+path)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
			}
			if strings.Contains(body, "Berg en Dal") {
				t.Errorf("%s: response names another municipality", path)
			}
		}
		resp, body := get(t, c, ts.URL+"/api/v1/gemeenten")
		var list struct {
			Items []werkpad.Municipality `json:"items"`
			Total int                    `json:"totaal"`
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil || resp.StatusCode != 200 {
			t.Fatalf("list: %d %v", resp.StatusCode, err)
		}
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Code != "GM0268" {
			t.Errorf("gemeente list: %+v", list)
		}
		_, page := get(t, c, ts.URL+"/gemeenten")
		for _, other := range []string{"Berg en Dal", "Beuningen", "Druten", "Heumen", "Mook en Middelaar", "Wijchen", "West Maas en Waal"} {
			if strings.Contains(page, other) {
				t.Errorf("gemeenten page shows %s to a Nijmegen user", other)
			}
		}
	})
}

func TestAPIErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		anon := ts.client(t, "")
		for _, path := range []string{"/api/v1/gemeenten", "/api/v1/gemeenten/GM0268", "/api/v1/ik"} {
			resp, body := get(t, anon, ts.URL+path)
			var p struct {
				Status int    `json:"status"`
				Title  string `json:"title"`
			}
			json.Unmarshal([]byte(body), &p)
			if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/problem+json" || p.Status != 401 || p.Title == "" {
				t.Errorf("%s anonymous: %d %q %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if resp.Header.Get("API-Version") == "" {
				t.Errorf("%s: no API-Version header", path)
			}
		}
		ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		c := ts.client(t, "c@werkbedrijf.nl")
		resp, _ := get(t, c, ts.URL+"/api/v1/gemeenten/")
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("trailing slash: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		resp, body := get(t, anon, ts.URL+"/api/v1/openapi.json")
		var doc map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &doc) != nil || doc["openapi"] != "3.1.0" {
			t.Errorf("openapi.json: %d", resp.StatusCode)
		}
	})
}

func TestBearerToken(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := ts.mustUser(t, "api@beuningen.nl", werkpad.RoleMunicipality, "GM0209")
		auth := store.NewAuthService(ts.db)
		tok, err := auth.CreateToken(werkpad.OperatorContext(context.Background()), u.ID, "koppeling")
		if err != nil {
			t.Fatal(err)
		}
		callAs := func(scheme, token string) (int, string) {
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/gemeenten", nil)
			req.Header.Set("Authorization", scheme+" "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		call := func(token string) (int, string) { return callAs("Bearer", token) }
		if code, body := call(tok.Secret); code != 200 || !strings.Contains(body, "GM0209") || strings.Contains(body, "GM0268") {
			t.Errorf("valid token: %d %s", code, body)
		}
		// The scheme is case-insensitive (RFC 9110); another scheme is not a token.
		for _, scheme := range []string{"bearer", "BEARER"} {
			if code, _ := callAs(scheme, tok.Secret); code != 200 {
				t.Errorf("scheme %q: %d", scheme, code)
			}
		}
		if code, _ := callAs("Basic", tok.Secret); code != 401 {
			t.Errorf("scheme Basic: %d", code)
		}
		if code, _ := call("wp_forged"); code != 401 {
			t.Errorf("forged token: %d", code)
		}
		auth.RevokeToken(werkpad.OperatorContext(context.Background()), tok.ID)
		if code, _ := call(tok.Secret); code != 401 {
			t.Errorf("revoked token: %d", code)
		}
	})
}

// TestCrossSitePost proves that state-changing requests from another site
// are refused, signed in or not.
func TestCrossSitePost(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		c := ts.client(t, "c@werkbedrijf.nl")
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			req, _ := http.NewRequest("POST", ts.URL+"/account/tokens", strings.NewReader("naam=gestolen"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site POST with %v: status %d, want 403", h, resp.StatusCode)
			}
		}
		toks, _ := store.NewAuthService(ts.db).FindTokens(werkpad.OperatorContext(context.Background()), 1)
		if len(toks) != 0 {
			t.Errorf("a refused cross-site POST created a token")
		}
		// The same request from our own pages goes through.
		req, _ := http.NewRequest("POST", ts.URL+"/account/tokens", strings.NewReader("naam=eigen"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("same-origin POST: %d", resp.StatusCode)
		}
	})
}

func TestSignInForm(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		c := ts.client(t, "")
		resp, err := c.PostForm(ts.URL+"/inloggen", url.Values{"email": {"c@werkbedrijf.nl"}, "wachtwoord": {"fout"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 422 || !strings.Contains(string(b), "Er is iets niet goed ingevuld") || !strings.Contains(string(b), `href="#email"`) {
			t.Errorf("wrong password: %d, want error summary linking to the field", resp.StatusCode)
		}
		resp, err = c.PostForm(ts.URL+"/inloggen", url.Values{"email": {"c@werkbedrijf.nl"}, "wachtwoord": {testPassword}, "terug": {"//evil.example/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Location") != "/" {
			t.Errorf("open redirect: Location %q", resp.Header.Get("Location"))
		}
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "werkpad_sessie" {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie: %+v", session)
		}
		// Signing out ends the session server-side.
		resp, _ = c.PostForm(ts.URL+"/uitloggen", nil)
		resp.Body.Close()
		c2 := ts.client(t, "")
		u, _ := url.Parse(ts.URL)
		c2.Jar.SetCookies(u, []*http.Cookie{session})
		if resp, _ := get(t, c2, ts.URL+"/account"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("old session after sign-out: %d", resp.StatusCode)
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	ts := newTestServer(t, store.SQLite)
	c := ts.client(t, "")
	resp, body := get(t, c, ts.URL+"/healthz")
	if resp.StatusCode != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, c, ts.URL+"/readyz"); resp.StatusCode != 200 {
		t.Errorf("readyz: %d", resp.StatusCode)
	}
	get(t, c, ts.URL+"/bestaat-niet")
	resp, body = get(t, c, ts.URL+"/metrics")
	if resp.StatusCode != 200 || !strings.Contains(body, `werkpad_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`) ||
		!strings.Contains(body, `go_sql_max_open_connections{db_name="werkpad"}`) {
		t.Errorf("metrics: %d\n%s", resp.StatusCode, body)
	}
	resp, _ = get(t, c, ts.URL+"/inloggen")
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
	} {
		if resp.Header.Get(h) != want {
			t.Errorf("%s = %q, want %q", h, resp.Header.Get(h), want)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP: %q", csp)
	}
	ts.db.Close()
	if resp, _ := get(t, c, ts.URL+"/readyz"); resp.StatusCode != 503 {
		t.Errorf("readyz with closed database: %d", resp.StatusCode)
	}
}

// TestAuditLogFilter: the beheerder filters the audit log by user, date
// range and entity; a wrong date is an error on the form.
func TestAuditLogFilter(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		ts.mustUser(t, "admin@mgr.nl", werkpad.RoleAdmin)
		ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		a := ts.client(t, "admin@mgr.nl")
		ts.client(t, "c@werkbedrijf.nl") // signs in: an audit event of c
		today := werkpad.Today(time.Now())
		_, body := get(t, a, ts.URL+"/beheer/audit?gebruiker=c@werkbedrijf.nl&van="+today.AddDays(-1).Dutch()+"&tot="+today.Dutch())
		if !strings.Contains(body, "c@werkbedrijf.nl") || strings.Contains(body, "<td>admin@mgr.nl</td>") {
			t.Errorf("filter on user: wrong rows")
		}
		if _, body := get(t, a, ts.URL+"/beheer/audit?gebruiker=c@werkbedrijf.nl&van="+today.AddDays(1).Dutch()); strings.Contains(body, "<td>c@werkbedrijf.nl</td>") || !strings.Contains(body, "Geen gebeurtenissen met dit filter") {
			t.Errorf("filter on a future date still shows events")
		}
		if resp, body := get(t, a, ts.URL+"/beheer/audit?van=31-02-2024"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#van"`) {
			t.Errorf("a wrong date: %d", resp.StatusCode)
		}
	})
}

// TestMethodNotAllowed: a known path with a method it does not serve is 405
// with Allow (API: problem+json), an unknown path stays 404, and both are
// the same for an id that exists and one that does not.
func TestMethodNotAllowed(t *testing.T) {
	ts := newTestServer(t, store.SQLite)
	ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
	c := ts.client(t, "c@werkbedrijf.nl")
	for _, tc := range []struct {
		method, path string
		status       int
		allow, ctype string
	}{
		{"DELETE", "/api/v1/gemeenten", 405, "GET, HEAD", "application/problem+json"},
		{"PUT", "/api/v1/kandidaten/1", 405, "GET, HEAD, PATCH", "application/problem+json"},
		{"PUT", "/api/v1/kandidaten/999999", 405, "GET, HEAD, PATCH", "application/problem+json"},
		{"DELETE", "/kandidaten/1", 405, "GET, HEAD", "text/html"},
		{"DELETE", "/api/v1/bestaat-niet", 404, "", "application/problem+json"},
		// A CORS preflight: no route answers OPTIONS, so no
		// Access-Control-Allow-Origin either (checked below).
		{"OPTIONS", "/api/v1/kandidaten", 405, "GET, HEAD, POST", "application/problem+json"},
		{"GET", "/api/v1/gemeenten/", 404, "", "application/problem+json"},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if acao := resp.Header.Get("Access-Control-Allow-Origin"); acao != "" {
			t.Errorf("%s %s: Access-Control-Allow-Origin %q", tc.method, tc.path, acao)
		}
		if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s %s: %d Allow %q %s, want %d %q %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"),
				resp.Header.Get("Content-Type"), tc.status, tc.allow, tc.ctype)
		}
	}
}

// TestPageLinks: a paged API list says in its Link header (RFC 8288) where
// the first, previous, next and last pages are, keeping the filters.
func TestPageLinks(t *testing.T) {
	ts := newTestServer(t, store.SQLite)
	u := ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
	sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	for i, bsn := range []string{"111222333", "123456782", "999999990"} {
		c := &werkpad.Candidate{BSN: bsn, GivenName: "Kandidaat", Surname: fmt.Sprintf("Nummer%d", i), BirthDate: werkpad.MustParseDate("1990-05-17"),
			MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-02")}
		if err := store.NewCandidateService(ts.db, sealer).CreateCandidate(as(u), c); err != nil {
			t.Fatal(err)
		}
	}
	c := ts.client(t, "c@werkbedrijf.nl")
	for query, want := range map[string][]string{
		"limit=1": {`</api/v1/kandidaten?gemeente=GM0268&limit=1&offset=0>; rel="first"`, `</api/v1/kandidaten?gemeente=GM0268&limit=1&offset=1>; rel="next"`,
			`</api/v1/kandidaten?gemeente=GM0268&limit=1&offset=2>; rel="last"`},
		"limit=1&offset=1": {`offset=0>; rel="prev"`, `offset=2>; rel="next"`},
		"limit=1&offset=2": {`offset=1>; rel="prev"`, `offset=2>; rel="last"`},
	} {
		resp, body := get(t, c, ts.URL+"/api/v1/kandidaten?gemeente=GM0268&"+query)
		link := resp.Header.Get("Link")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		for _, w := range want {
			if !strings.Contains(link, w) {
				t.Errorf("%s: Link %s lacks %s", query, link, w)
			}
		}
		if query == "limit=1&offset=2" && strings.Contains(link, `rel="next"`) {
			t.Errorf("last page has a next link: %s", link)
		}
	}
}
