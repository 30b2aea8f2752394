package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"werkpad"
	whttp "werkpad/http"
	"werkpad/store"
)

// employerFixture: one employer with one open vacancy (9321 Inpakkers, 24
// uur, GM0268, rijbewijs a hard requirement, VCA a wish) and three
// candidates in phase bemiddelen with a work profile: Anna in Nijmegen and
// Bert in Berg en Dal both match; Cor in Nijmegen has no driving licence
// and is excluded.
type employerFixture struct {
	*caseworkFixture
	employers       *store.EmployerService
	vacancies       *store.VacancyService
	matches         *store.MatchService
	employer        *werkpad.Employer
	vacancy         *werkpad.Vacancy
	anna, bert, cor *werkpad.Candidate
}

func newEmployerFixture(t *testing.T, ts *testServer) *employerFixture {
	t.Helper()
	f := &employerFixture{caseworkFixture: newCaseworkFixture(t, ts), employers: store.NewEmployerService(ts.db),
		vacancies: store.NewVacancyService(ts.db), matches: store.NewMatchService(ts.db)}
	ctx := as(f.consultant)
	f.employer = &werkpad.Employer{KvK: "12345678", Name: "Inpakcentrum De Waal", Sector: "logistiek", MunicipalityCode: "GM0268"}
	if err := f.employers.CreateEmployer(ctx, f.employer); err != nil {
		t.Fatal(err)
	}
	f.vacancy = &werkpad.Vacancy{EmployerID: f.employer.ID, Title: "Inpakker dagdienst", Occupation: "9321", MinutesPerWeek: 24 * 60,
		Municipality: "GM0268", Requirements: werkpad.Requirements{DrivingLicence: true, DrivingLicenceHard: true,
			Certificates: []werkpad.CertificateRequirement{{Name: "VCA"}}}}
	if err := f.vacancies.CreateVacancy(ctx, f.vacancy); err != nil {
		t.Fatal(err)
	}
	today := werkpad.Today(timeNow())
	mk := func(bsn, given, surname, gm string, licence bool) *werkpad.Candidate {
		c := &werkpad.Candidate{BSN: bsn, GivenName: given, Surname: surname, BirthDate: werkpad.MustParseDate("1992-03-04"),
			MunicipalityCode: gm, ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: today.AddDays(-30),
			Phases: []werkpad.PhasePeriod{{Phase: werkpad.PhaseMediate, Period: werkpad.Period{From: today.AddDays(-30)}}}}
		if err := f.candidates.CreateCandidate(ctx, c); err != nil {
			t.Fatal(err)
		}
		p := &werkpad.Profile{CandidateID: c.ID, Occupations: []string{"9321"}, MinMinutes: 16 * 60, MaxMinutes: 32 * 60, DrivingLicence: licence}
		if err := f.matches.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.anna = mk("100000010", "Anna", "Annaberg", "GM0268", true)
	f.bert = mk("100000022", "Bert", "Bergsma", "GM1945", true)
	f.cor = mk("100000034", "Cor", "Corneliszoon", "GM0268", false)
	return f
}

func (f *employerFixture) propose(t *testing.T, c *werkpad.Candidate) *werkpad.Proposal {
	t.Helper()
	p := &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: c.ID}
	if err := f.matches.RecordProposal(as(f.consultant), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantStatus(t *testing.T, c *http.Client, u string, want int) string {
	t.Helper()
	resp, body := get(t, c, u)
	if resp.StatusCode != want {
		t.Errorf("GET %s: %d, want %d", u, resp.StatusCode, want)
	}
	return body
}

// TestEmployerRoleMatrix proves that each role reaches the employer pages
// and API routes the matrix of werkpad/employer.go gives it, and no others.
func TestEmployerRoleMatrix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		p := f.propose(t, f.anna)
		read, write := werkpad.RolesReadEmployers, werkpad.RolesWriteEmployers
		emp, vac, anna := "/werkgevers/"+id(f.employer.ID), "/vacatures/"+id(f.vacancy.ID), "/kandidaten/"+id(f.anna.ID)
		pages := []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/werkgevers", read}, {"/werkgevers?zoek=waal", read}, {"/werkgevers/nieuw", write}, {emp, read},
			{"/vacatures", read}, {"/vacatures?status=open&gemeente=GM0268&beroep=9321", read}, {"/vacatures/nieuw", write},
			{vac, read}, {vac + "?ontwikkelen=ja", read}, {vac + "/wijzigen", write}, {vac + "/voorstellen/" + id(p.ID), write},
			{anna + "/vacatures", read}, {anna + "/werkprofiel", read},
		}
		for _, pg := range pages {
			for _, r := range werkpad.Roles {
				want := http.StatusForbidden
				if contains(roleNames(pg.roles), string(r)) {
					want = http.StatusOK
				}
				body := wantStatus(t, f.clients[r], ts.URL+pg.path, want)
				if want == http.StatusOK && !strings.Contains(body, `<h1 class="utrecht-heading-1">`) {
					t.Errorf("%s as %s: no h1", pg.path, r)
				}
			}
			resp, _ := get(t, ts.client(t, ""), ts.URL+pg.path)
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s anonymous: %d, want redirect to sign-in", pg.path, resp.StatusCode)
			}
		}
		// Posts are refused to roles without the right, and change nothing.
		for _, pp := range []struct {
			path string
			role werkpad.Role
		}{
			{"/werkgevers", werkpad.RoleMunicipality}, {"/werkgevers", werkpad.RoleController}, {emp + "/contacten", werkpad.RoleMunicipality},
			{emp + "/bonus", werkpad.RoleConsultant}, {"/vacatures", werkpad.RoleController}, {vac + "/wijzigen", werkpad.RoleMunicipality},
			{vac + "/voorstellen", werkpad.RoleMunicipality}, {vac + "/voorstellen/" + id(p.ID), werkpad.RoleController},
			{anna + "/werkprofiel", werkpad.RoleMunicipality}, {anna + "/werkprofiel", werkpad.RoleAdmin},
		} {
			if resp, _ := postForm(t, f.clients[pp.role], ts.URL+pp.path, url.Values{"kandidaat": {id(f.anna.ID)}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d, want 403", pp.path, pp.role, resp.StatusCode)
			}
		}
		// Navigation.
		for _, r := range werkpad.Roles {
			_, body := get(t, f.clients[r], ts.URL+"/")
			for _, item := range []string{"werkgevers", "vacatures"} {
				has := strings.Contains(body, `class="utrecht-nav-list__link" href="/`+item+`"`)
				if has != contains(roleNames(read), string(r)) {
					t.Errorf("nav of %s: %s shown %v", r, item, has)
				}
			}
		}
		// Read-only roles see no forms to change anything.
		for _, r := range []werkpad.Role{werkpad.RoleMunicipality, werkpad.RoleController} {
			for _, path := range []string{emp, vac, anna + "/werkprofiel"} {
				if _, body := get(t, f.clients[r], ts.URL+path); strings.Contains(body, `method="post" action="/werkgevers`) ||
					strings.Contains(body, `method="post" action="/vacatures/`) || strings.Contains(body, `method="post" action="/kandidaten/`) {
					t.Errorf("%s as %s shows a form to change data", path, r)
				}
			}
		}
		// The API: read routes for the reading roles, change routes for the
		// writing roles; others get 403 before anything happens.
		api := map[werkpad.Role]*apiClient{}
		for r, email := range map[werkpad.Role]string{werkpad.RoleConsultant: "c@werkbedrijf.nl", werkpad.RoleEmployerAdviser: "w@werkbedrijf.nl",
			werkpad.RoleMunicipality: "g@nijmegen.nl", werkpad.RoleController: "ctl@mgr.nl", werkpad.RoleAdmin: "admin@mgr.nl", werkpad.RolePrivacyOfficer: "fg@mgr.nl"} {
			api[r] = ts.api(t, email)
		}
		routes := []struct {
			pattern string
			id      int64
			roles   []werkpad.Role
		}{
			{"GET /api/v1/beroepen", 0, werkpad.Roles},
			{"GET /api/v1/werkgevers", 0, read}, {"GET /api/v1/werkgevers/{id}", f.employer.ID, read},
			{"GET /api/v1/vacatures", 0, read}, {"GET /api/v1/vacatures/{id}", f.vacancy.ID, read},
			{"GET /api/v1/vacatures/{id}/matches", f.vacancy.ID, read}, {"GET /api/v1/voorstellen", 0, read},
			{"GET /api/v1/kandidaten/{id}/matches", f.anna.ID, read}, {"GET /api/v1/kandidaten/{id}/werkprofiel", f.anna.ID, werkpad.RolesReadCandidates},
		}
		for _, rt := range routes {
			for _, r := range werkpad.Roles {
				want := http.StatusForbidden
				if contains(roleNames(rt.roles), string(r)) {
					want = http.StatusOK
				}
				api[r].do(t, rt.pattern, rt.id, "", nil).want(t, rt.pattern+" as "+string(r), want)
			}
		}
		for _, rt := range []struct {
			pattern string
			id      int64
		}{
			{"POST /api/v1/werkgevers", 0}, {"POST /api/v1/vacatures", 0}, {"PATCH /api/v1/vacatures/{id}", f.vacancy.ID},
			{"POST /api/v1/vacatures/{id}/voorstellen", f.vacancy.ID}, {"PATCH /api/v1/voorstellen/{id}", p.ID},
			{"PUT /api/v1/kandidaten/{id}/werkprofiel", f.anna.ID},
		} {
			for _, r := range []werkpad.Role{werkpad.RoleMunicipality, werkpad.RoleController, werkpad.RoleAdmin} {
				body := map[string]any{}
				if strings.HasSuffix(rt.pattern, "/werkprofiel") {
					// a body that passes the schema: the role is what is refused
					body = map[string]any{"maxMinutenPerWeek": 1200}
				}
				api[r].do(t, rt.pattern, rt.id, "", body).want(t, rt.pattern+" as "+string(r), http.StatusForbidden)
			}
		}
		if _, total, _ := f.employers.FindEmployers(as(f.consultant), werkpad.EmployerFilter{}); total != 1 {
			t.Errorf("refused requests created employers: %d", total)
		}
	})
}

func roleNames(rs []werkpad.Role) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}

// TestEmployerTenancy proves that a gemeente user of Nijmegen sees the
// employers and vacancies, but in no match list, count or proposal a
// candidate of Berg en Dal, and that Berg en Dal's candidates' matches and
// profile are "not found" for him, in the UI and the API.
func TestEmployerTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		f.propose(t, f.bert)
		f.propose(t, f.anna)
		g := f.clients[werkpad.RoleMunicipality]
		vac := "/vacatures/" + id(f.vacancy.ID)
		leaks := []string{"Bergsma", "/kandidaten/" + id(f.bert.ID) + `"`, "/kandidaten/" + id(f.bert.ID) + "#"}
		for _, path := range []string{"/werkgevers", "/werkgevers/" + id(f.employer.ID), "/vacatures", vac, vac + "?ontwikkelen=ja"} {
			body := wantStatus(t, g, ts.URL+path, http.StatusOK)
			for _, leak := range leaks {
				if strings.Contains(body, leak) {
					t.Errorf("%s as gemeente GM0268 shows %q", path, leak)
				}
			}
		}
		_, body := get(t, g, ts.URL+vac)
		for _, want := range []string{"Inpakker dagdienst", "Annaberg", "1 passende kandidaat in fase", `<span class="werkpad-excluded">1</span> kandidaat voldoet`} {
			if !strings.Contains(body, want) {
				t.Errorf("vacancy page as gemeente lacks %q", want)
			}
		}
		// The consultant, region-wide, sees both: the fixture does match Bert.
		_, body = get(t, f.clients[werkpad.RoleConsultant], ts.URL+vac)
		if !strings.Contains(body, "Bergsma") || !strings.Contains(body, "2 passende kandidaten") {
			t.Errorf("consultant does not see both matching candidates")
		}
		for _, path := range []string{"/kandidaten/" + id(f.bert.ID) + "/vacatures", "/kandidaten/" + id(f.bert.ID) + "/werkprofiel"} {
			if body := wantStatus(t, g, ts.URL+path, http.StatusNotFound); strings.Contains(body, "Bergsma") {
				t.Errorf("%s: the 404 names the candidate", path)
			}
		}
		for _, c := range []*apiClient{ts.api(t, "g@nijmegen.nl"), ts.bearer(t, f.gemeente)} {
			a := c.do(t, "GET /api/v1/vacatures/{id}/matches", f.vacancy.ID, "", nil).want(t, "matches as gemeente", 200)
			if a.total() != 1 || len(a.items()) != 1 || int64(a.items()[0]["kandidaatId"].(float64)) != f.anna.ID {
				t.Errorf("matches as gemeente: %s", a.body)
			}
			if strings.Contains(a.body, "Bergsma") || strings.Contains(a.body, fmt.Sprintf(`"kandidaatId":%d`, f.bert.ID)) || strings.Contains(a.body, "GM1945") {
				t.Errorf("matches as gemeente leak Berg en Dal: %s", a.body)
			}
			if ex := a.obj["uitgesloten"].(map[string]any); ex["aantal"].(float64) != 1 {
				t.Errorf("excluded as gemeente: %v", ex)
			}
			a = c.do(t, "GET /api/v1/voorstellen", 0, "?vacature="+id(f.vacancy.ID), nil).want(t, "proposals as gemeente", 200)
			if a.total() != 1 || strings.Contains(a.body, fmt.Sprintf(`"kandidaatId":%d`, f.bert.ID)) {
				t.Errorf("proposals as gemeente: %s", a.body)
			}
			for _, p := range []string{"GET /api/v1/kandidaten/{id}/matches", "GET /api/v1/kandidaten/{id}/werkprofiel"} {
				if a := c.do(t, p, f.bert.ID, "", nil).want(t, p+" for a GM1945 candidate", 404); strings.Contains(a.body, "Bergsma") {
					t.Errorf("%s: the 404 names the candidate", p)
				}
			}
			c.do(t, "GET /api/v1/werkgevers/{id}", f.employer.ID, "", nil).want(t, "employer as gemeente", 200)
		}
		// And the other way round.
		ts.api(t, "g@bergendal.nl").do(t, "GET /api/v1/kandidaten/{id}/matches", f.anna.ID, "", nil).want(t, "GM0268 candidate for a GM1945 user", 404)
	})
}

// TestEmployerFormErrors posts invalid input to the employer forms: the
// answer is 422 with an error summary linking to the field, and nothing
// is stored.
func TestEmployerFormErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		ctx := as(f.consultant)
		count := func() string {
			_, ne, _ := f.employers.FindEmployers(ctx, werkpad.EmployerFilter{})
			_, nv, _ := f.vacancies.FindVacancies(ctx, werkpad.VacancyFilter{})
			v, _ := f.vacancies.FindVacancyByID(ctx, f.vacancy.ID)
			log, _ := f.employers.FindContactLog(ctx, f.employer.ID)
			p, _ := f.matches.FindProfile(ctx, f.anna.ID)
			return fmt.Sprintf("werkgevers=%d vacatures=%d uren=%d contacten=%d profiel-max=%d", ne, nv, v.MinutesPerWeek, len(log), p.MaxMinutes)
		}
		before := count()
		w := f.clients[werkpad.RoleEmployerAdviser]
		vacancy := func(edit map[string]string) url.Values {
			v := url.Values{"werkgever": {id(f.employer.ID)}, "titel": {"Orderpicker"}, "beroep": {"9333"}, "uren": {"32"}, "plaatsen": {"1"},
				"gemeente": {"GM0268"}, "status": {"open"}, "taalniveau": {"geen"}}
			for k, x := range edit {
				v.Set(k, x)
			}
			return v
		}
		vac := "/vacatures/" + id(f.vacancy.ID)
		cases := []struct {
			path  string
			form  url.Values
			field string
		}{
			{"/werkgevers", url.Values{"kvk": {"1234567"}, "naam": {"Nieuw BV"}, "gemeente": {"GM0268"}}, "kvk"},
			{"/werkgevers", url.Values{"kvk": {"1234567a"}, "naam": {"Nieuw BV"}, "gemeente": {"GM0268"}}, "kvk"},
			{"/werkgevers", url.Values{"kvk": {"12.34.56.78"}, "naam": {"Dubbel BV"}, "gemeente": {"GM0268"}}, "kvk"},
			{"/werkgevers", url.Values{"kvk": {"87654321"}, "naam": {""}, "gemeente": {"GM0268"}}, "naam"},
			{"/vacatures", vacancy(map[string]string{"beroep": "1234"}), "beroep"},
			{"/vacatures", vacancy(map[string]string{"uren": "41"}), "uren"},
			{"/vacatures", vacancy(map[string]string{"startdatum": "31-02-2025"}), "startdatum"},
			{"/vacatures", vacancy(map[string]string{"werkgever": ""}), "werkgever"},
			{vac + "/wijzigen", vacancy(map[string]string{"uren": "50"}), "uren"},
			{vac + "/wijzigen", vacancy(map[string]string{"status": "ingetrokken"}), "bevestig"},
			{"/werkgevers/" + id(f.employer.ID) + "/contacten", url.Values{"soort": {"bezoek"}, "datum": {"gisteren"}}, "datum"},
			{"/werkgevers/" + id(f.employer.ID) + "/contacten", url.Values{"soort": {""}, "datum": {werkpad.Today(timeNow()).Dutch()}}, "soort"},
			{"/werkgevers/" + id(f.employer.ID) + "/bonus", url.Values{"bedrag": {"2.500,00"}, "bonus-datum": {werkpad.Today(timeNow()).Dutch()}}, "bedrag"},
			{"/kandidaten/" + id(f.anna.ID) + "/werkprofiel", url.Values{"max-uren": {"50"}, "taalniveau": {"geen"}}, "max-uren"},
			{"/kandidaten/" + id(f.anna.ID) + "/werkprofiel", url.Values{"max-uren": {"30"}, "beroepen": {"1234"}}, "beroepen"},
		}
		for _, tc := range cases {
			resp, body := postForm(t, w, ts.URL+tc.path, tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity && !(strings.HasSuffix(tc.path, "/bonus") && resp.StatusCode == http.StatusConflict) {
				t.Errorf("POST %s %v: %d, want 422", tc.path, tc.form, resp.StatusCode)
				continue
			}
			if !strings.Contains(body, "Er is iets niet goed ingevuld") || !strings.Contains(body, `href="#`+tc.field+`"`) ||
				!strings.Contains(body, `id="`+tc.field+`"`) || !strings.Contains(body, `aria-describedby="`+tc.field+`-fout"`) {
				t.Errorf("POST %s %v: no error summary linked to #%s\n%s", tc.path, tc.form, tc.field, summary(body))
			}
			if after := count(); after != before {
				t.Errorf("POST %s changed data:\n before %s\n after  %s", tc.path, before, after)
			}
		}
		// The duplicate names and links the employer already registered.
		_, body := postForm(t, w, ts.URL+"/werkgevers", url.Values{"kvk": {"1234 5678"}, "naam": {"Dubbel BV"}, "gemeente": {"GM0268"}})
		if !strings.Contains(body, "Inpakcentrum De Waal") || !strings.Contains(body, `href="/werkgevers/`+id(f.employer.ID)+`"`) {
			t.Errorf("duplicate KvK does not link the existing employer\n%s", summary(body))
		}
		// The bonus is refused below 10 placements, with the reason.
		if _, body := postForm(t, w, ts.URL+"/werkgevers/"+id(f.employer.ID)+"/bonus", url.Values{"bedrag": {"2.500,00"},
			"bonus-datum": {werkpad.Today(timeNow()).Dutch()}}); !strings.Contains(body, "groep van 10 of meer") {
			t.Errorf("bonus below 10 placements: no reason shown")
		}
		// A bad filter on the vacancy list is an error, not a 500.
		if resp, body := get(t, w, ts.URL+"/vacatures?beroep=0000"); resp.StatusCode != 422 || !strings.Contains(body, `href="#beroep"`) {
			t.Errorf("bad occupation filter: %d", resp.StatusCode)
		}
	})
}

var (
	matchRowRE = regexp.MustCompile(`(?s)<tr class="werkpad-match">(.*?)</tr>`)
	scoreRE    = regexp.MustCompile(`<span class="werkpad-score">(\d+)</span>`)
	pointsRE   = regexp.MustCompile(`<span class="werkpad-factor__name">([^<]+)</span>: <span class="werkpad-factor__points">(\d+)</span> van (\d+) punten — ([^<]+)</li>`)
)

// checkExplained holds each match row of a page: five factors, each with
// points, maximum and an explanation, that add up to the score shown.
func checkExplained(t *testing.T, where, body string, wantRows int) {
	t.Helper()
	rows := matchRowRE.FindAllStringSubmatch(body, -1)
	if len(rows) != wantRows {
		t.Errorf("%s: %d match rows, want %d", where, len(rows), wantRows)
	}
	for _, row := range rows {
		sm := scoreRE.FindStringSubmatch(row[1])
		if sm == nil {
			t.Errorf("%s: no score in row", where)
			continue
		}
		score, _ := strconv.Atoi(sm[1])
		sum, maxSum := 0, 0
		factors := pointsRE.FindAllStringSubmatch(row[1], -1)
		for _, fm := range factors {
			p, _ := strconv.Atoi(fm[2])
			m, _ := strconv.Atoi(fm[3])
			sum, maxSum = sum+p, maxSum+m
			if p > m || strings.TrimSpace(fm[4]) == "" {
				t.Errorf("%s: factor %s %d van %d with explanation %q", where, fm[1], p, m, fm[4])
			}
		}
		if len(factors) != 5 || sum != score || maxSum != 100 {
			t.Errorf("%s: %d factors add up to %d of %d, score shown %d", where, len(factors), sum, maxSum, score)
		}
		if !strings.Contains(row[1], fmt.Sprintf("Samen %d punten", score)) {
			t.Errorf("%s: no total line for score %d", where, score)
		}
	}
}

// TestMatchExplanationAddsUp proves that the explanation shown adds up to
// the score shown, on both match pages and in the API.
func TestMatchExplanationAddsUp(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		c := f.clients[werkpad.RoleConsultant]
		_, body := get(t, c, ts.URL+"/vacatures/"+id(f.vacancy.ID))
		checkExplained(t, "vacancy page", body, 2)
		for _, want := range []string{"Rijbewijs is een harde eis; de kandidaat heeft geen rijbewijs. (1×)", "Voorkeursberoep 9321 Inpakkers is precies dit beroep.", "mist vca"} {
			if !strings.Contains(body, want) {
				t.Errorf("vacancy page lacks %q", want)
			}
		}
		_, body = get(t, c, ts.URL+"/kandidaten/"+id(f.anna.ID)+"/vacatures")
		checkExplained(t, "candidate's vacancies", body, 1)
		a := ts.api(t, "c@werkbedrijf.nl")
		for _, call := range []struct {
			pattern string
			id      int64
		}{{"GET /api/v1/vacatures/{id}/matches", f.vacancy.ID}, {"GET /api/v1/kandidaten/{id}/matches", f.anna.ID}} {
			ans := a.do(t, call.pattern, call.id, "", nil).want(t, call.pattern, 200)
			if len(ans.items()) == 0 {
				t.Errorf("%s: no matches", call.pattern)
			}
			for _, m := range ans.items() {
				sum, maxSum := 0.0, 0.0
				for _, x := range asList(m["factoren"]) {
					fx := x.(map[string]any)
					sum += fx["punten"].(float64)
					maxSum += fx["maximum"].(float64)
					if fx["toelichting"] == "" || fx["naam"] == "" {
						t.Errorf("%s: factor without name or explanation: %v", call.pattern, fx)
					}
				}
				if len(asList(m["factoren"])) != 5 || sum != m["score"].(float64) || maxSum != m["maximum"].(float64) || maxSum != 100 {
					t.Errorf("%s: factors add up to %v of %v, score %v", call.pattern, sum, maxSum, m["score"])
				}
			}
		}
	})
}

// TestEmployerHappyPath walks the pages: a new employer, a contact, a
// vacancy, the work profile, a proposal, an invitation and a hire that
// becomes the placement on the candidate's page.
func TestEmployerHappyPath(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		w, c := f.clients[werkpad.RoleEmployerAdviser], f.clients[werkpad.RoleConsultant]
		today := werkpad.Today(timeNow()).Dutch()
		seeOther := func(resp *http.Response, body string, what ...string) string {
			t.Helper()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%v: %d\n%s", what, resp.StatusCode, summary(body))
			}
			return resp.Header.Get("Location")
		}
		loc := seeOther(postForm(t, w, ts.URL+"/werkgevers", url.Values{"kvk": {"8765 4321"}, "naam": {"Groenbedrijf Heumen"}, "gemeente": {"GM0252"},
			"contact-naam": {"Els Groen"}, "contact-email": {"els@groen.example"}}))
		resp, body := postForm(t, w, ts.URL+loc+"/contacten", url.Values{"soort": {"bezoek"}, "datum": {today}, "notitie": {"Kennismaking"}, "marktbewerking": {"ja"}})
		seeOther(resp, body, "contact")
		_, body = get(t, w, ts.URL+loc)
		for _, want := range []string{"87654321", "Els Groen", "Kennismaking", "Events en lokale marktbewerking", "Nog geen recht op de werkgeversbonus"} {
			if !strings.Contains(body, want) {
				t.Errorf("employer page lacks %q", want)
			}
		}
		empID := strings.TrimPrefix(loc, "/werkgevers/")
		vloc := seeOther(postForm(t, w, ts.URL+"/vacatures", url.Values{"werkgever": {empID}, "titel": {"Hovenier"}, "beroep": {"9214"}, "uren": {"24,5"},
			"plaatsen": {"1"}, "gemeente": {"GM0268"}, "status": {"open"}, "taalniveau": {"A2"}, "taalniveau-eis": {"zacht"}, "startdatum": {today},
			"certificaten-zacht": {"VCA"}}))
		_, body = get(t, w, ts.URL+vloc)
		for _, want := range []string{"Hovenier", "9214 Hoveniershulpen", "24,5", "Taalniveau A2 — zachte eis", "Certificaat vca — zachte eis", "Annaberg"} {
			if !strings.Contains(body, want) {
				t.Errorf("vacancy page lacks %q", want)
			}
		}
		// The consultant gives Anna a profile for green work; she moves up.
		resp, body = postForm(t, c, ts.URL+"/kandidaten/"+id(f.anna.ID)+"/werkprofiel", url.Values{"beroepen": {"9214", "9321"}, "min-uren": {"20"},
			"max-uren": {"32"}, "gemeenten": {"GM0268"}, "rijbewijs": {"ja"}, "taalniveau": {"B1"}, "certificaten": {"VCA"}, "beperkingen": {"geen-klantcontact"}})
		seeOther(resp, body, "profile")
		_, body = get(t, c, ts.URL+"/kandidaten/"+id(f.anna.ID)+"/werkprofiel")
		for _, want := range []string{"9214 Hoveniershulpen", "20 tot 32", "Geen klantcontact", "vca"} {
			if !strings.Contains(body, want) {
				t.Errorf("profile page lacks %q", want)
			}
		}
		_, body = get(t, c, ts.URL+vloc)
		checkExplained(t, "vacancy page", body, 3)
		if !strings.Contains(body, "Samen 100 punten") {
			t.Errorf("Anna does not score 100 on the green vacancy")
		}
		seeOther(postForm(t, c, ts.URL+vloc+"/voorstellen", url.Values{"kandidaat": {id(f.anna.ID)}}))
		// A second proposal of the same candidate is refused on the page.
		if resp, body := postForm(t, c, ts.URL+vloc+"/voorstellen", url.Values{"kandidaat": {id(f.anna.ID)}}); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(body, `href="#voorstel-`) {
			t.Errorf("double proposal: %d\n%s", resp.StatusCode, summary(body))
		}
		props, _, _ := f.matches.FindProposals(as(f.consultant), werkpad.ProposalFilter{CandidateID: f.anna.ID})
		if len(props) != 1 {
			t.Fatalf("proposals: %d", len(props))
		}
		ploc := vloc + "/voorstellen/" + id(props[0].ID)
		seeOther(postForm(t, c, ts.URL+ploc, url.Values{"status": {"uitgenodigd"}, "datum": {today}}))
		// Hiring needs a confirmation; then it creates the placement.
		hire := url.Values{"status": {"aangenomen"}, "datum": {today}, "uren": {"24,5"}, "contractsoort": {"bepaald"}}
		if resp, body := postForm(t, c, ts.URL+ploc, hire); resp.StatusCode != 422 || !strings.Contains(body, `href="#bevestig"`) {
			t.Errorf("hire without confirmation: %d", resp.StatusCode)
		}
		hire.Set("bevestig", "ja")
		loc = seeOther(postForm(t, c, ts.URL+ploc, hire))
		if loc != "/kandidaten/"+id(f.anna.ID)+"#plaatsingen" {
			t.Errorf("after hire: %s", loc)
		}
		_, body = get(t, c, ts.URL+"/kandidaten/"+id(f.anna.ID))
		if !strings.Contains(body, "Groenbedrijf Heumen") || !strings.Contains(body, "24,5") {
			t.Errorf("placement not on the candidate page")
		}
		_, body = get(t, c, ts.URL+vloc)
		if !strings.Contains(body, "Vervuld") || !strings.Contains(body, "Aangenomen") {
			t.Errorf("vacancy not filled after the hire")
		}
	})
}

// TestEmployerAPI walks every route of the employer API once, with
// problem+json errors naming the field.
func TestEmployerAPI(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		a := ts.api(t, "w@werkbedrijf.nl")
		if ans := a.do(t, "GET /api/v1/beroepen", 0, "", nil).want(t, "occupations", 200); ans.total() != len(werkpad.Occupations) {
			t.Errorf("occupations: %d", ans.total())
		}
		emp := a.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "11223344", "naam": "Schoon BV", "gemeente": "GM0296",
			"contactpersonen": []map[string]any{{"naam": "Jan"}}}).want(t, "create employer", 201)
		a.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "1122334", "naam": "X", "gemeente": "GM0296"}).want(t, "bad kvk", 400, "kvk")
		if ans := a.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "11223344", "naam": "X", "gemeente": "GM0296"}).want(t, "duplicate kvk", 409, "kvk"); !strings.Contains(ans.body, "Schoon BV") {
			t.Errorf("duplicate does not name the employer: %s", ans.body)
		}
		if ans := a.do(t, "GET /api/v1/werkgevers", 0, "?zoek=schoon", nil).want(t, "search", 200); ans.total() != 1 {
			t.Errorf("search: %s", ans.body)
		}
		a.do(t, "GET /api/v1/werkgevers/{id}", emp.id(), "", nil).want(t, "employer", 200)
		vbody := map[string]any{"werkgeverId": emp.id(), "titel": "Schoonmaker", "beroep": "9112", "minutenPerWeek": 1200, "gemeente": "GM0268"}
		vac := a.do(t, "POST /api/v1/vacatures", 0, "", vbody).want(t, "create vacancy", 201)
		vbody["beroep"] = "1234"
		a.do(t, "POST /api/v1/vacatures", 0, "", vbody).want(t, "unknown isco", 400, "beroep")
		vbody["beroep"], vbody["minutenPerWeek"] = "9112", 2500
		a.do(t, "POST /api/v1/vacatures", 0, "", vbody).want(t, "hours", 400, "minutenPerWeek")
		vbody["minutenPerWeek"], vbody["startdatum"] = 1200, "2025-02-30"
		a.do(t, "POST /api/v1/vacatures", 0, "", vbody).want(t, "date", 400, "startdatum")
		a.do(t, "GET /api/v1/vacatures", 0, "?beroep=9112&status=open", nil).want(t, "list vacancies", 200)
		a.do(t, "GET /api/v1/vacatures/{id}", vac.id(), "", nil).want(t, "vacancy", 200)
		a.do(t, "PATCH /api/v1/vacatures/{id}", vac.id(), "", map[string]any{"minutenPerWeek": 1440}).want(t, "patch vacancy", 200)
		a.do(t, "PUT /api/v1/kandidaten/{id}/werkprofiel", f.anna.ID, "", map[string]any{"beroepen": []string{"9112"}, "maxMinutenPerWeek": 3000}).want(t, "bad profile", 400, "maxMinutenPerWeek")
		a.do(t, "PUT /api/v1/kandidaten/{id}/werkprofiel", f.anna.ID, "", map[string]any{"beroepen": []string{"9112"}, "maxMinutenPerWeek": 1800, "rijbewijs": true}).want(t, "profile", 200)
		a.do(t, "GET /api/v1/kandidaten/{id}/werkprofiel", f.anna.ID, "", nil).want(t, "get profile", 200)
		a.do(t, "GET /api/v1/kandidaten/{id}/matches", f.anna.ID, "", nil).want(t, "candidate matches", 200)
		m := a.do(t, "GET /api/v1/vacatures/{id}/matches", vac.id(), "?ontwikkelen=true", nil).want(t, "vacancy matches", 200)
		if len(m.items()) == 0 || int64(m.items()[0]["kandidaatId"].(float64)) != f.anna.ID {
			t.Errorf("Anna is not first: %s", m.body)
		}
		p := a.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac.id(), "", map[string]any{"kandidaatId": f.anna.ID}).want(t, "propose", 201)
		a.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac.id(), "", map[string]any{"kandidaatId": f.anna.ID}).want(t, "propose twice", 409)
		a.do(t, "GET /api/v1/voorstellen", 0, "?kandidaat="+id(f.anna.ID), nil).want(t, "proposals", 200)
		a.do(t, "PATCH /api/v1/voorstellen/{id}", p.id(), "", map[string]any{"status": "afgewezen", "datum": werkpad.Today(timeNow()).String()}).want(t, "reject without reason", 400, "reden")
		h := a.do(t, "PATCH /api/v1/voorstellen/{id}", p.id(), "", map[string]any{"status": "aangenomen", "datum": werkpad.Today(timeNow()).String(),
			"plaatsing": map[string]any{"contractsoort": "bepaald"}}).want(t, "hire", 200)
		if h.obj["plaatsingId"] == nil || h.obj["status"] != "aangenomen" {
			t.Errorf("hire: %s", h.body)
		}
		for _, pat := range whttp.EmployerAPIPatterns() {
			if !a.seen[pat] {
				t.Errorf("%s: not exercised by this test", pat)
			}
		}
	})
}

// TestHireBeyondSecondmentCeiling proves that a hire via a detacheringsbaan
// beyond the ceiling is refused on the form, with the refusal on the field
// for the exception, and goes through with a reason.
func TestHireBeyondSecondmentCeiling(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		ctx := as(f.consultant)
		today := werkpad.Today(timeNow())
		for i := 0; i < werkpad.DefaultSecondmentCeiling; i++ {
			p := &werkpad.Placement{CandidateID: f.own.ID, EmployerName: "Gemeentewerf", Period: werkpad.Period{From: today.AddDays(-100 + i%50)},
				ContractMinutesPerWeek: 1200, ContractType: werkpad.ContractFixedTerm, SecondmentJob: true}
			if err := f.placements.CreatePlacement(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		prop := f.propose(t, f.anna)
		path := ts.URL + "/vacatures/" + id(f.vacancy.ID) + "/voorstellen/" + id(prop.ID)
		c := f.clients[werkpad.RoleConsultant]
		form := url.Values{"status": {"aangenomen"}, "datum": {today.Dutch()}, "contractsoort": {"bepaald"}, "detacheringsbaan": {"ja"}, "bevestig": {"ja"}}
		resp, body := postForm(t, c, path, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#uitzondering"`) || !strings.Contains(body, "plafond") {
			t.Errorf("hire beyond the ceiling: %d\n%s", resp.StatusCode, summary(body))
		}
		count := func() int {
			_, n, _ := f.placements.FindPlacements(ctx, werkpad.PlacementFilter{CandidateID: f.anna.ID})
			return n
		}
		if n := count(); n != 0 {
			t.Errorf("refused hire created %d placements", n)
		}
		form.Set("uitzondering", "Afspraak met het bestuur over deze groep")
		if resp, body := postForm(t, c, path, form); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("hire with an exception: %d\n%s", resp.StatusCode, summary(body))
		}
		if n := count(); n != 1 {
			t.Errorf("hire with an exception: %d placements", n)
		}
	})
}
