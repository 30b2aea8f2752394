package http_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"werkpad"
	"werkpad/dvo"
	whttp "werkpad/http"
	"werkpad/store"
)

// The exhaustive tenancy test (issue 15.8). It walks the server's own route
// table (Server.Routes, filled by the one function that registers routes),
// so a route added later is covered without an edit here; a route with a
// path parameter this file cannot fill fails the test.
//
// Every route is called by a user of every role scoped to Nijmegen
// (GM0268), and anonymously, with its path parameters naming
//   - own:     a record of Nijmegen,
//   - foreign: the same kind of record of Berg en Dal (GM1945),
//   - absent:  an id that does not exist (for a municipality code: a
//     municipality of the region without any data, Heumen GM0252),
//
// and with query parameters naming Berg en Dal's records or the absent
// ones. The foreign and absent answers must be identical (status, content
// type and body, once the ids and names asked for are blanked out): a
// scoped user cannot tell whether another municipality's record exists.
// Then Berg en Dal gets more data (people, referrals, placements, exits,
// signals, vacancies, hires, Wsw employees) and every GET answer must be
// byte for byte what it was: no count, total or aggregate a scoped user
// sees includes another municipality.

const (
	own     = "GM0268"
	foreign = "GM1945"
	// absentCode is a municipality of the region without any records.
	absentCode = "GM0252"
	absentID   = "987654321"
)

// tenancyCase is one way to fill a route's parameters.
type tenancyCase string

const (
	caseOwn     tenancyCase = "eigen"
	caseForeign tenancyCase = "andere gemeente"
	caseAbsent  tenancyCase = "bestaat niet"
	// The query variants keep the path of the own case and name the other
	// municipality's (or absent) records in the query string.
	caseQueryForeign tenancyCase = "query andere gemeente"
	caseQueryAbsent  tenancyCase = "query bestaat niet"
)

// tenancyData holds the records of both municipalities by kind.
type tenancyData struct {
	ids map[string]map[tenancyCase]string // kind -> own/foreign -> id
}

// kindOf says which kind of record a path parameter names: by its name,
// or by the path segment before it. "" means the test cannot fill it.
func kindOf(segments []string, i int) string {
	name := strings.Trim(segments[i], "{}")
	switch name {
	case "gemeente", "code":
		return "gemeente"
	case "versie", "jaar", "periode", "token":
		return name // region-wide: the same value in every case
	case "voorstel":
		return "voorstel"
	case "id":
		if i == 0 {
			return ""
		}
		return map[string]string{
			"kandidaten": "kandidaat", "aanmeldingen": "aanmelding", "trajecten": "traject", "plaatsingen": "plaatsing",
			"uitstroom": "uitstroom", "signalen": "signaal", "werkgevers": "werkgever", "vacatures": "vacature",
			"voorstellen": "voorstel", "sw": "sw", "wijzigingen": "wijziging", "taken": "rapportagetaak",
			"tokens": "token", "gebruikers": "gebruiker", "klachten": "klacht",
		}[segments[i-1]]
	}
	return ""
}

// regionWide are the kinds that are not one municipality's: the same value
// in the foreign and absent cases as in the own case, except that "absent"
// asks for one that does not exist where that makes sense.
var regionWide = map[string]string{
	"versie":  "2024-2025",
	"jaar":    "2025",
	"periode": "2024-01-01_2024-06-30",
	// A survey link's token is its only key, of no municipality: a made-up
	// one is not found for anyone.
	"token": "verzonnen-enquetelink",
}

// tenantPath reports whether path has a parameter naming one
// municipality's record.
func (d *tenancyData) tenantPath(path string) bool {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if k := kindOf(segs, i); strings.HasPrefix(s, "{") && k != "" && regionWide[k] == "" && !regionRecords[k] {
			return true
		}
	}
	return false
}

// regionRecords are records that are not one municipality's: employers
// and vacancies (the labour market is regional; matching crosses
// municipal borders) and accounts (the administrator's register). They are
// asked for with the own record in every case; what they show of people
// (hires, proposals, counts) is still held by the comparisons.
var regionRecords = map[string]bool{"werkgever": true, "vacature": true, "gebruiker": true}

// fill returns the path of pattern for the case and the values it put in
// (to blank them in the answer), or an error naming the parameter the test
// cannot fill.
func (d *tenancyData) fill(path string, c tenancyCase) (string, []askedValue, error) {
	var asked []askedValue
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		kind := kindOf(segs, i)
		if kind == "" {
			return "", nil, fmt.Errorf("path parameter %s: the tenancy test does not know what it names", s)
		}
		if v, ok := regionWide[kind]; ok {
			segs[i] = v
			continue
		}
		if regionRecords[kind] {
			segs[i] = d.ids[kind][caseOwn]
			continue
		}
		pc := c
		if c == caseQueryForeign || c == caseQueryAbsent {
			pc = caseOwn
		}
		switch {
		case kind == "gemeente" && pc == caseAbsent:
			segs[i] = absentCode
		case pc == caseAbsent:
			segs[i] = absentID
		default:
			v, ok := d.ids[kind][pc]
			if !ok {
				return "", nil, fmt.Errorf("path parameter %s: no %s record of case %q in the fixture", s, kind, pc)
			}
			segs[i] = v
		}
		if pc != caseOwn {
			asked = append(asked, askedValue{kind, segs[i]})
		}
	}
	p := strings.Join(segs, "/")
	switch c {
	case caseQueryForeign:
		q, vals := d.query(caseForeign)
		p, asked = p+"?"+q, vals
	case caseQueryAbsent:
		q, vals := d.query(caseAbsent)
		p, asked = p+"?"+q, vals
	}
	return p, asked, nil
}

// query names, in every query parameter a route may filter on, the other
// municipality's records or absent ones.
func (d *tenancyData) query(c tenancyCase) (string, []askedValue) {
	var vals []askedValue
	v := func(kind string) string {
		x := absentID
		if c != caseAbsent {
			x = d.ids[kind][caseForeign]
		}
		vals = append(vals, askedValue{kind, x})
		return x
	}
	code := foreign
	if c == caseAbsent {
		code = absentCode
	}
	vals = append(vals, askedValue{"gemeente", code})
	return "gemeente=" + code + "&kandidaat=" + v("kandidaat") + "&aanmelding=" + v("aanmelding") + "&plaatsing=" + v("plaatsing") +
		"&traject=" + v("traject") + "&signaal=" + v("signaal") + "&voorstel=" + v("voorstel"), vals
}

// askedValue is a value put into a request: kind "gemeente" (a code) or
// the kind of record an id names.
type askedValue struct{ kind, value string }

// idContext are the places an id of a kind names its record in an answer:
// a path segment, a query parameter, a JSON reference.
var idContext = map[string]string{
	"kandidaat": "kandidaten|kandidaat", "aanmelding": "aanmeldingen|aanmelding", "traject": "trajecten|traject",
	"plaatsing": "plaatsingen|plaatsing", "uitstroom": "uitstroom", "signaal": "signalen|signaal", "voorstel": "voorstellen|voorstel",
	"sw": "sw", "wijziging": "wijzigingen", "rapportagetaak": "taken", "token": "tokens", "klacht": "klachten|klacht",
}

// regionIDPrefixes are where a region record's id follows in an answer.
var regionIDPrefixes = []string{"/vacatures/", "/werkgevers/", "vacature=", "werkgever=", `vacatureId":`, `werkgeverId":`}

// blank replaces, in an answer, what either case asked for (ids where they
// name a record, municipality codes and names), the same way in both
// answers, so that the foreign and absent answers compare.
func blank(s string, asked []askedValue) string {
	// Region records are found by a municipality filter in both cases
	// (Berg en Dal's or Heumen's): their ids do not count.
	for _, p := range regionIDPrefixes {
		s = blankAfter(s, p, "")
	}
	for _, a := range asked {
		if a.kind == "gemeente" {
			name := map[string]string{foreign: "Berg en Dal", absentCode: "Heumen"}[a.value]
			s = strings.ReplaceAll(s, a.value, "«gemeente»")
			if name != "" {
				s = strings.ReplaceAll(s, name, "«gemeente»")
			}
			continue
		}
		ctx := idContext[a.kind]
		if ctx == "" {
			continue
		}
		for _, w := range strings.Split(ctx, "|") {
			for _, p := range []string{"/" + w + "/", w + "=", w + `Id":`} {
				s = blankAfter(s, p, a.value)
			}
		}
	}
	return s
}

// blankAfter replaces, after every prefix in s, the id value (a whole
// word; "": any run of digits) by «id». It is what a regular expression
// prefix(value)\b would replace, without one: the test blanks every answer
// of thousands, and the expressions took half its time.
func blankAfter(s, prefix, value string) string {
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, prefix)
		if i < 0 {
			break
		}
		j := i + len(prefix)
		n := 0
		if value == "" {
			for n < len(rest)-j && rest[j+n] >= '0' && rest[j+n] <= '9' {
				n++
			}
		} else if strings.HasPrefix(rest[j:], value) && (j+len(value) == len(rest) || !isWordByte(rest[j+len(value)])) {
			n = len(value)
		}
		if n == 0 { // a prefix may start inside this one
			b.WriteString(rest[:i+1])
			rest = rest[i+1:]
			continue
		}
		b.WriteString(rest[:j])
		b.WriteString("«id»")
		rest = rest[j+n:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(rest)
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// volatile are the parts of an answer that differ between two requests
// without any data changing.
var volatile = regexp.MustCompile(`intact: [0-9.]+ gebeurtenissen|[0-9a-f]{16}|wp_[A-Za-z0-9_-]{20,}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)?|[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}:[0-9]{2}`)

type tenancyAnswer struct {
	status int
	ctype  string
	body   string
}

func (a tenancyAnswer) String() string {
	b := a.body
	if len(b) > 300 {
		b = b[:300] + "…"
	}
	return fmt.Sprintf("%d %s %q", a.status, a.ctype, b)
}

// tenancyRole is one caller of the matrix.
type tenancyRole struct {
	name string
	role werkpad.Role // "" for anonymous
	c    *http.Client
}

func TestTenancyExhaustive(t *testing.T) {
	routes := whttp.NewServer().Routes()
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		d, mutate := newTenancyFixture(t, ts)

		callers := []tenancyRole{{name: "anoniem", c: ts.client(t, "")}}
		for _, r := range werkpad.Roles {
			email := "tenancy-" + string(r) + "@nijmegen.nl"
			ts.mustUser(t, email, r, own)
			callers = append(callers, tenancyRole{name: string(r), role: r, c: ts.client(t, email)})
		}
		d.addTokens(t, ts, "tenancy-"+string(werkpad.RoleConsultant)+"@nijmegen.nl")

		call := func(tr tenancyRole, method, path string) tenancyAnswer {
			req, _ := http.NewRequest(method, ts.URL+path, nil)
			if method != http.MethodGet {
				if strings.HasPrefix(path, "/api/") {
					req, _ = http.NewRequest(method, ts.URL+path, strings.NewReader("{}"))
					req.Header.Set("Content-Type", "application/json")
				} else {
					req, _ = http.NewRequest(method, ts.URL+path, strings.NewReader(""))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
			}
			resp, err := tr.c.Do(req)
			if err != nil {
				t.Fatalf("%s %s as %s: %v", method, path, tr.name, err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			ct := resp.Header.Get("Content-Type")
			body := string(b)
			if !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "json") {
				body = fmt.Sprintf("(%d bytes of %s)", len(b), ct)
			}
			return tenancyAnswer{status: resp.StatusCode, ctype: ct, body: volatile.ReplaceAllString(body, "«vluchtig»")}
		}

		cases := []tenancyCase{caseForeign, caseAbsent, caseQueryForeign, caseQueryAbsent, caseOwn}
		type key struct {
			route, caller string
			c             tenancyCase
		}
		// Sign-out last: it ends the caller's session.
		slices.SortStableFunc(routes, func(a, b whttp.Route) int {
			return boolInt(a.Pattern == "POST /uitloggen") - boolInt(b.Pattern == "POST /uitloggen")
		})
		var calls int
		seen := map[string]bool{}
		run := func(methodFilter func(string) bool, record map[key]tenancyAnswer) {
		routes:
			for _, rt := range routes {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				if !methodFilter(method) {
					continue
				}
				if strings.HasSuffix(path, "/") {
					path += "app.css" // a subtree pattern: one file under it
				}
				path = strings.TrimSuffix(path, "{$}")
				for _, tr := range callers {
					got := map[tenancyCase]tenancyAnswer{}
					var askedAll []askedValue
					for _, c := range cases {
						p, asked, err := d.fill(path, c)
						if err != nil {
							t.Errorf("%s: %v", rt.Pattern, err)
							continue routes
						}
						a := call(tr, method, p)
						calls++
						if a.status >= 500 {
							t.Errorf("%s as %s (%s) %s: %s", rt.Pattern, tr.name, c, p, a)
						}
						askedAll = append(askedAll, asked...)
						if rt.Pattern == "GET /metrics" || rt.Pattern == "GET /beheer/audit" ||
							rt.Pattern == "GET /beheer/logboek" || rt.Pattern == "GET /api/v1/logboek" ||
							strings.HasPrefix(rt.Pattern, "GET /kandidaten/{id}/inzage") ||
							(rt.Pattern == "GET /{$}" && tr.name == string(werkpad.RolePrivacyOfficer)) {
							// The process's own figures (request counts,
							// memory), the audit log and the Logboek (the
							// region's accountability trail, for the
							// administrator and the controller) and a
							// person's copy with his Logboek records, and the
							// privacy officer's start page that counts them: they
							// grow with every request, this test's too:
							// status only.
							a.body = "(" + rt.Pattern + ")"
						}
						got[c] = a
					}
					for c, a := range got {
						a.body = blank(a.body, askedAll)
						if method != http.MethodGet && !d.tenantPath(path) {
							// A write without a record in its path (sign in,
							// a new token, a new record) changes what the next
							// answer shows: compare status and type only.
							a.body = "(schrijfactie)"
						}
						got[c] = a
						if record != nil {
							record[key{rt.Pattern, tr.name, c}] = a
						}
					}
					for _, pair := range [][2]tenancyCase{{caseForeign, caseAbsent}, {caseQueryForeign, caseQueryAbsent}} {
						f, a := got[pair[0]], got[pair[1]]
						if f.status != a.status || f.ctype != a.ctype || f.body != a.body {
							t.Errorf("%s as %s: %s and %s answer differently: %d %s / %d %s: %s",
								rt.Pattern, tr.name, pair[0], pair[1], f.status, f.ctype, a.status, a.ctype, diffAt(f.body, a.body))
						}
					}
					// 403 says "your role may never do this": it does not
					// depend on the record, so never on a record of
					// another municipality only.
					if f := got[caseForeign]; f.status == http.StatusForbidden && got[caseOwn].status != http.StatusForbidden {
						t.Errorf("%s as %s: 403 for another municipality's record, %d for its own", rt.Pattern, tr.name, got[caseOwn].status)
					}
					if tr.role != "" && len(rt.Roles) > 0 && !slices.Contains(rt.Roles, tr.role) {
						for _, c := range cases {
							if got[c].status != http.StatusForbidden {
								t.Errorf("%s as %s (%s): status %d, want 403 (role not allowed)", rt.Pattern, tr.name, c, got[c].status)
							}
						}
					}
				}
				seen[rt.Pattern] = true
			}
		}
		isGet := func(m string) bool { return m == http.MethodGet }
		before := map[key]tenancyAnswer{}
		run(isGet, before)
		mutate()
		after := map[key]tenancyAnswer{}
		run(isGet, after)
		for k, b := range before {
			if a := after[k]; a != b {
				t.Errorf("%s as %s (%s) changed when Berg en Dal's data changed: %d → %d: %s", k.route, k.caller, k.c, b.status, a.status, diffAt(b.body, a.body))
			}
		}
		run(func(m string) bool { return m != http.MethodGet }, nil)
		if len(seen) != len(routes) {
			t.Errorf("covered %d of %d routes", len(seen), len(routes))
		}
		checkLogboekCoverage(t, ts)
		t.Logf("tenancy: %d routes × %d callers (%d roles + anonymous) × %d cases; %d requests", len(routes), len(callers), len(werkpad.Roles), len(cases), calls)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// diffAt shows where two bodies start to differ.
func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("…%q… vs …%q…", a[lo:min(len(a), i+120)], b[lo:min(len(b), i+120)])
}

// newTenancyFixture makes one record of every kind for Nijmegen and for
// Berg en Dal, and returns a function that gives Berg en Dal more data.
func newTenancyFixture(t *testing.T, ts *testServer) (*tenancyData, func()) {
	t.Helper()
	u := newCaseworkUsers(t, ts)
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewAgreementService(ts.db).LoadAgreement(werkpad.OperatorContext(context.Background()), a, false); err != nil {
		t.Fatal(err)
	}
	users := store.NewUserService(ts.db)
	ctl, err := users.FindUserByEmail(werkpad.OperatorContext(context.Background()), "ctl@mgr.nl")
	if err != nil {
		t.Fatal(err)
	}
	d := &tenancyData{ids: map[string]map[tenancyCase]string{"gemeente": {caseOwn: own, caseForeign: foreign}}}
	set := func(kind string, c tenancyCase, id int64) {
		if d.ids[kind] == nil {
			d.ids[kind] = map[tenancyCase]string{}
		}
		d.ids[kind][c] = itoa(id)
	}
	today := werkpad.Today(timeNow())
	bsns := newBSNs()
	// records makes one record of every kind for municipality gm.
	records := func(gm string, gemClient *apiClient, c tenancyCase, more bool) {
		f := makeCaseFile(t, u, gemClient, bsns(), gm, "Persoon"+gm)
		set("kandidaat", c, f.candidate)
		set("aanmelding", c, f.referral)
		set("traject", c, f.enrolment)
		set("plaatsing", c, f.placement)
		set("uitstroom", c, f.exit)
		set("signaal", c, f.signal)
		set("klacht", c, u.cons.do(t, "POST /api/v1/klachten", 0, "", map[string]any{"kandidaatId": f.candidate, "ontvangenOp": today.String(),
			"onderwerp": "Bejegening " + gm, "omschrijving": "Afspraak niet nagekomen."}).want(t, "complaint", 201).id())
		cand := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(bsns(), gm, "Kandidaat"+gm)).want(t, "candidate", 201).id()
		if more {
			// Employers and vacancies are the region's: more data of Berg
			// en Dal means more people on the existing ones.
			vac, _ := itoaParse(d.ids["vacature"][c])
			u.wga.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac, "", map[string]any{"kandidaatId": cand}).want(t, "propose", 201)
			return
		}
		emp := u.wga.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": fmt.Sprintf("%08d", len(bsns())+int(cand)), "naam": "Bedrijf " + gm, "gemeente": gm}).
			want(t, "employer", 201).id()
		vac := u.wga.do(t, "POST /api/v1/vacatures", 0, "", map[string]any{"werkgeverId": emp, "titel": "Bakker", "beroep": "7512",
			"minutenPerWeek": 1800, "aantalPlaatsen": 5, "gemeente": gm}).want(t, "vacancy", 201).id()
		p := u.wga.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac, "", map[string]any{"kandidaatId": cand}).want(t, "propose", 201).id()
		set("werkgever", c, emp)
		set("vacature", c, vac)
		set("voorstel", c, p)
		sw := &werkpad.SWEmployee{MunicipalityCode: gm, SEThousandths: 850, Werkvorm: werkpad.WerkvormShelteredInside,
			Period: werkpad.Period{From: werkpad.MustParseDate("2010-03-01")}, Location: "Locatie " + gm}
		if err := store.NewSWService(ts.db).CreateSWEmployee(as(ctl), sw); err != nil {
			t.Fatal(err)
		}
		set("sw", c, sw.ID)
		am, err := store.NewAgreementService(ts.db).ProposeAmendment(as(ctl), "2024-2025", gm, 2025, werkpad.MustParseDate("2025-01-01"),
			[]werkpad.Line{{Item: "participatiecoaching", Quantity: 1000, Description: "1 fte participatiecoaching", Article: "test"}}, "test", "K-1")
		if err != nil {
			t.Fatal(err)
		}
		set("wijziging", c, am.ID)
		gu := u.gemUser
		if gm == foreign {
			if gu, err = users.FindUserByEmail(werkpad.OperatorContext(context.Background()), "k@bergendal.nl"); err != nil {
				t.Fatal(err)
			}
		}
		job, err := store.NewReportJobService(ts.db).Create(as(gu), werkpad.ReportJobParams{From: werkpad.MustParseDate("2024-01-01"),
			To: werkpad.MustParseDate("2024-12-31"), Municipalities: []string{gm}, Format: werkpad.ReportFormat("csv")})
		if err != nil {
			t.Fatal(err)
		}
		set("rapportagetaak", c, job.ID)
		set("gebruiker", c, gu.ID)
		// The proposal of the first candidate leads to a hire.
		hired := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(bsns(), gm, "Aangenomen"+gm)).want(t, "candidate", 201).id()
		hp := u.wga.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac, "", map[string]any{"kandidaatId": hired}).want(t, "propose", 201).id()
		u.wga.do(t, "PATCH /api/v1/voorstellen/{id}", hp, "", map[string]any{"status": "aangenomen", "datum": today.String(),
			"plaatsing": map[string]any{"contractsoort": "bepaald"}}).want(t, "hire", 200)
	}
	// The absent municipality has no people, but region records (an
	// employer and a vacancy) like the others, so that a filter on the
	// municipality finds region records in both cases.
	heumen := u.wga.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "87654321", "naam": "Bedrijf " + absentCode, "gemeente": absentCode}).
		want(t, "employer", 201).id()
	u.wga.do(t, "POST /api/v1/vacatures", 0, "", map[string]any{"werkgeverId": heumen, "titel": "Bakker", "beroep": "7512",
		"minutenPerWeek": 1800, "aantalPlaatsen": 5, "gemeente": absentCode}).want(t, "vacancy", 201)
	records(own, u.gem, caseOwn, false)
	records(foreign, u.gemBD, caseForeign, false)
	// Accounts are not one municipality's records: the account register is
	// the administrator's, region-wide. The foreign case asks for the other
	// municipality's account all the same, so any difference shows.
	mutate := func() {
		keep := d.ids
		d.ids = map[string]map[tenancyCase]string{"vacature": keep["vacature"]}
		records(foreign, u.gemBD, caseForeign, true)
		// Berg en Dal's own Nijmegen-side vacancy hires a Berg en Dal
		// candidate: counts on Nijmegen's records must not move.
		cand := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(bsns(), foreign, "Overstapper")).want(t, "candidate", 201).id()
		vac, _ := itoaParse(keep["vacature"][caseOwn])
		p := u.wga.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac, "", map[string]any{"kandidaatId": cand}).want(t, "propose", 201).id()
		u.wga.do(t, "PATCH /api/v1/voorstellen/{id}", p, "", map[string]any{"status": "aangenomen", "datum": today.String(),
			"plaatsing": map[string]any{"contractsoort": "bepaald"}}).want(t, "hire", 200)
		d.ids = keep
	}
	return d, mutate
}

func itoaParse(s string) (int64, error) {
	var n int64
	_, err := fmt.Sscan(s, &n)
	return n, err
}

// newBSNs returns a generator of valid, distinct BSNs (elfproef).
func newBSNs() func() string {
	n := 20000000
	return func() string {
		for {
			n++
			s := fmt.Sprintf("%08d", n)
			sum := 0
			for i, ch := range s {
				sum += (9 - i) * int(ch-'0')
			}
			// 9 digits: the last weighs -1, so it is sum mod 11 (< 10).
			if last := sum % 11; last < 10 {
				bsn := s + fmt.Sprint(last)
				if werkpad.ValidBSN(bsn) {
					return bsn
				}
			}
		}
	}
}

// addTokens gives ownEmail an API token (the own case) and Berg en Dal's
// gemeente user one (the foreign case: another user's token).
func (d *tenancyData) addTokens(t *testing.T, ts *testServer, ownEmail string) {
	t.Helper()
	d.ids["token"] = map[tenancyCase]string{}
	for _, k := range []struct {
		email string
		c     tenancyCase
	}{{ownEmail, caseOwn}, {"k@bergendal.nl", caseForeign}} {
		u, err := store.NewUserService(ts.db).FindUserByEmail(werkpad.OperatorContext(context.Background()), k.email)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := store.NewAuthService(ts.db).CreateToken(werkpad.OperatorContext(context.Background()), u.ID, "tenancy")
		if err != nil {
			t.Fatal(err)
		}
		d.ids["token"][k.c] = itoa(tok.ID)
	}
}

// TestBlankAfter: blankAfter replaces what the regular expression
// QuoteMeta(prefix)(value)\b (for "": [0-9]+) replaces.
func TestBlankAfter(t *testing.T) {
	inputs := []string{
		"", "/kandidaten/12", "/kandidaten/123 /kandidaten/12", "/kandidaten/12x /kandidaten/12_ /kandidaten/12-3",
		`{"kandidaatId":12,"kandidaatId":"12"}`, "kandidaat=12&kandidaat=121&kandidaat=12", "/kandidaten//kandidaten/12",
		"/vacatures/ /vacatures/7 /vacatures/77a", "ééé/kandidaten/12é", "/kandidaten/kandidaten/12",
	}
	for _, in := range inputs {
		for _, c := range []struct{ prefix, value string }{{"/kandidaten/", "12"}, {`kandidaatId":`, "12"}, {"kandidaat=", "12"}, {"/vacatures/", ""}} {
			expr := regexp.QuoteMeta(c.prefix) + "(" + regexp.QuoteMeta(c.value) + `\b)`
			if c.value == "" {
				expr = regexp.QuoteMeta(c.prefix) + "([0-9]+)"
			}
			want := regexp.MustCompile("("+regexp.QuoteMeta(c.prefix)+")"+expr[len(regexp.QuoteMeta(c.prefix)):]).ReplaceAllString(in, "${1}«id»")
			if got := blankAfter(in, c.prefix, c.value); got != want {
				t.Errorf("blankAfter(%q, %q, %q) = %q, want %q", in, c.prefix, c.value, got, want)
			}
		}
	}
}
