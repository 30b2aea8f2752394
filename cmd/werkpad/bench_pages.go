package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"time"

	"werkpad"
	"werkpad/demo"
	whttp "werkpad/http"
	"werkpad/store"
)

// benchPages times the pages as users get them: a real server on the
// filled database, signed-in clients per role, each page fetched whole over
// HTTP (rendering, every query, the Logboek records). The demo's
// present day (caseloads, vacancies, referrals, signals, complaints) is
// added first, so that the start pages show what they show on a working
// day.
func benchPages(ctx context.Context, db *store.DB, sealer *store.Sealer, runs int) ([]caseworkTiming, error) {
	bu, err := benchUsers(ctx, db, sealer)
	if err != nil {
		return nil, err
	}
	password, emails, made := bu.password, bu.emails, bu.made
	// The smallest municipality, for a report in proportion to its data.
	const mook = "bench-mook@werkpad.test"
	if err := bu.add(ctx, mook, werkpad.RoleMunicipality, "GM0944"); err != nil {
		return nil, err
	}

	srv := whttp.NewServer()
	srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	defer wireServices(srv, db, sealer)()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	clients := map[werkpad.Role]*http.Client{}
	for r, email := range emails {
		c, err := signedIn(ts.URL, email, password)
		if err != nil {
			return nil, err
		}
		clients[r] = c
	}
	mookClient, err := signedIn(ts.URL, mook, password)
	if err != nil {
		return nil, err
	}
	one, _, err := store.NewCandidateService(db, sealer).FindCandidates(werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: made[werkpad.RoleConsultant]}),
		werkpad.CandidateFilter{ConsultantID: made[werkpad.RoleConsultant].ID, Page: werkpad.Page{Limit: 1}})
	if err != nil || len(one) == 0 {
		return nil, fmt.Errorf("geen kandidaat in de caseload om te openen: %v", err)
	}
	// The newest vacancy (one of the demo's present day) with its matches.
	vacancy, err := column[int64](ctx, db, `SELECT id FROM vacancies ORDER BY id DESC LIMIT 1`)
	if err != nil || len(vacancy) == 0 {
		return nil, fmt.Errorf("geen vacature om te openen: %v", err)
	}
	const h1 = "van=01-01-2024&tot=30-06-2024"
	pages := []struct {
		name string
		role werkpad.Role
		path string
	}{
		{reportJSONPage, werkpad.RoleController, "/rapportages/export.json?" + h1},
		{"rapportage H1 2024, pdf (controller)", werkpad.RoleController, "/rapportages/export.pdf?" + h1},
		{"rapportage H1 2024, xlsx (controller)", werkpad.RoleController, "/rapportages/export.xlsx?" + h1},
		{"rapportage H1 2024, pagina /rapportages (controller)", werkpad.RoleController, "/rapportages?" + h1},
		{"jaarverslag 2024, json (controller)", werkpad.RoleController, "/rapportages/export.json?van=01-01-2024&tot=31-12-2024"},
		{"rapportage H1 2024, json (gemeente Mook en Middelaar)", "mook", "/rapportages/export.json?" + h1},
		{"rapportage H1 2024, json (controller, gemeente Mook en Middelaar gekozen)", werkpad.RoleController, "/rapportages/export.json?gemeente=GM0944&" + h1},
		{"startpagina consulent", werkpad.RoleConsultant, "/"},
		{"startpagina werkgeversadviseur", werkpad.RoleEmployerAdviser, "/"},
		{"startpagina gemeente Nijmegen", werkpad.RoleMunicipality, "/"},
		{"startpagina controller", werkpad.RoleController, "/"},
		{"startpagina beheerder", werkpad.RoleAdmin, "/"},
		{"kandidatenlijst, fase bemiddelen", werkpad.RoleConsultant, "/kandidaten?fase=bemiddelen"},
		{"kandidaatpagina", werkpad.RoleConsultant, fmt.Sprintf("/kandidaten/%d", one[0].ID)},
		{"vacature met matches (werkgeversadviseur)", werkpad.RoleEmployerAdviser, fmt.Sprintf("/vacatures/%d", vacancy[0])},
		{"/sw (controller)", werkpad.RoleController, "/sw"},
		{"/sw (consulent)", werkpad.RoleConsultant, "/sw"},
		{"/sw (gemeente Nijmegen)", werkpad.RoleMunicipality, "/sw"},
		{"/klachten (consulent)", werkpad.RoleConsultant, "/klachten"},
		{"/signalen (gemeente)", werkpad.RoleMunicipality, "/signalen"},
		{"/api/v1/kandidaten?fase=bemiddelen&limit=50 (consulent)", werkpad.RoleConsultant, "/api/v1/kandidaten?fase=bemiddelen&limit=50"},
		{"/api/v1/kandidaten?fase=bemiddelen&limit=50 (gemeente Mook en Middelaar)", "mook", "/api/v1/kandidaten?fase=bemiddelen&limit=50"},
		{"/api/v1/kandidaten?limit=50 (consulent, hele regio)", werkpad.RoleConsultant, "/api/v1/kandidaten?limit=50"},
	}
	fetch := func(c *http.Client, path string) error {
		resp, err := c.Get(ts.URL + path)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	var out []caseworkTiming
	for _, p := range pages {
		c := clients[p.role]
		if p.role == "mook" {
			c = mookClient
		}
		if err := fetch(c, p.path); err != nil { // warm up
			return nil, fmt.Errorf("%s (%s): %w", p.name, p.path, err)
		}
		n := runs
		if strings.HasPrefix(p.path, "/rapportages") {
			n = min(runs, 5) // seconds each at national scale
		}
		times := make([]time.Duration, 0, n)
		for range n {
			began := time.Now()
			if err := fetch(c, p.path); err != nil {
				return nil, fmt.Errorf("%s (%s): %w", p.name, p.path, err)
			}
			times = append(times, time.Since(began))
		}
		slices.Sort(times)
		out = append(out, caseworkTiming{name: p.name, p50: times[len(times)/2], p99: times[(len(times)*99-1)/100], n: len(times)})
	}
	return out, nil
}

// reportJSONPage is the region's report as the controller downloads it,
// the page measured against the plain SQL pass.
const reportJSONPage = "rapportage H1 2024, json (controller)"

// signedIn is an HTTP client signed in to the server at base as email; it
// does not follow redirects.
func signedIn(base, email, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/inloggen", url.Values{"email": {email}, "wachtwoord": {password}, "terug": {"/"}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("inloggen als %s: status %d", email, resp.StatusCode)
	}
	return c, nil
}

// benchSetup are the signed-in users of a measurement: one per role (the
// gemeente scoped to Nijmegen) with one password, and the demo's present
// day (caseloads, vacancies, referrals, signals, complaints) added, so that
// the start pages show what they show on a working day.
type benchSetup struct {
	db       *store.DB
	password string
	emails   map[werkpad.Role]string
	made     map[werkpad.Role]*werkpad.User
}

func benchUsers(ctx context.Context, db *store.DB, sealer *store.Sealer) (*benchSetup, error) {
	pwb := make([]byte, 12)
	rand.Read(pwb)
	b := &benchSetup{db: db, password: "Bench-" + hex.EncodeToString(pwb), made: map[werkpad.Role]*werkpad.User{},
		emails: map[werkpad.Role]string{werkpad.RoleConsultant: "bench-consulent@werkpad.test", werkpad.RoleEmployerAdviser: "bench-wga@werkpad.test",
			werkpad.RoleMunicipality: "bench-gemeente@werkpad.test", werkpad.RoleController: "bench-controller@werkpad.test",
			werkpad.RoleAdmin: "bench-beheer@werkpad.test", werkpad.RolePrivacyOfficer: "bench-fg@werkpad.test"}}
	for _, r := range werkpad.Roles {
		var scope []string
		if r == werkpad.RoleMunicipality {
			scope = []string{"GM0268"}
		}
		if err := b.add(ctx, b.emails[r], r, scope...); err != nil {
			return nil, err
		}
	}
	today := werkpad.Today(time.Now())
	if _, err := demo.Present(ctx, db, sealer, today, demo.PresentUsers{Consultant: b.made[werkpad.RoleConsultant],
		Adviser: b.made[werkpad.RoleEmployerAdviser], Municipality: b.made[werkpad.RoleMunicipality]}); err != nil {
		return nil, err
	}
	return b, nil
}

// add creates a user with the measurement's password; the first of a role
// is the one made[role] holds.
func (b *benchSetup) add(ctx context.Context, email string, role werkpad.Role, scope ...string) error {
	u := &werkpad.User{Email: email, Name: "Meting " + string(role), Role: role, Municipalities: scope}
	if err := store.NewUserService(b.db).CreateUser(werkpad.OperatorContext(ctx), u, b.password); err != nil {
		return err
	}
	if b.made[role] == nil {
		b.made[role] = u
	}
	return nil
}
