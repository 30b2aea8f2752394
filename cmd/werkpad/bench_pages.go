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
	ops := werkpad.OperatorContext(ctx)
	pwb := make([]byte, 12)
	rand.Read(pwb)
	password := "Bench-" + hex.EncodeToString(pwb)
	users := store.NewUserService(db)
	mk := func(email string, role werkpad.Role, scope ...string) (*werkpad.User, error) {
		u := &werkpad.User{Email: email, Name: "Meting " + string(role), Role: role, Municipalities: scope}
		return u, users.CreateUser(ops, u, password)
	}
	emails := map[werkpad.Role]string{werkpad.RoleConsultant: "bench-consulent@werkpad.test", werkpad.RoleEmployerAdviser: "bench-wga@werkpad.test",
		werkpad.RoleMunicipality: "bench-gemeente@werkpad.test", werkpad.RoleController: "bench-controller@werkpad.test",
		werkpad.RoleAdmin: "bench-beheer@werkpad.test", werkpad.RolePrivacyOfficer: "bench-fg@werkpad.test"}
	made := map[werkpad.Role]*werkpad.User{}
	for _, r := range werkpad.Roles {
		var scope []string
		if r == werkpad.RoleMunicipality {
			scope = []string{"GM0268"}
		}
		u, err := mk(emails[r], r, scope...)
		if err != nil {
			return nil, err
		}
		made[r] = u
	}
	today := werkpad.Today(time.Now())
	if _, err := demo.Present(ctx, db, sealer, today, demo.PresentUsers{Consultant: made[werkpad.RoleConsultant],
		Adviser: made[werkpad.RoleEmployerAdviser], Municipality: made[werkpad.RoleMunicipality]}); err != nil {
		return nil, err
	}

	srv := whttp.NewServer()
	srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	wireServices(srv, db, sealer)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	clients := map[werkpad.Role]*http.Client{}
	for r, email := range emails {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.PostForm(ts.URL+"/inloggen", url.Values{"email": {email}, "wachtwoord": {password}, "terug": {"/"}})
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("inloggen als %s: status %d", r, resp.StatusCode)
		}
		clients[r] = c
	}
	one, _, err := store.NewCandidateService(db, sealer).FindCandidates(werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: made[werkpad.RoleConsultant]}),
		werkpad.CandidateFilter{ConsultantID: made[werkpad.RoleConsultant].ID, Page: werkpad.Page{Limit: 1}})
	if err != nil || len(one) == 0 {
		return nil, fmt.Errorf("geen kandidaat in de caseload om te openen: %v", err)
	}
	pages := []struct {
		name string
		role werkpad.Role
		path string
	}{
		{"startpagina consulent", werkpad.RoleConsultant, "/"},
		{"startpagina werkgeversadviseur", werkpad.RoleEmployerAdviser, "/"},
		{"startpagina gemeente Nijmegen", werkpad.RoleMunicipality, "/"},
		{"startpagina controller", werkpad.RoleController, "/"},
		{"startpagina beheerder", werkpad.RoleAdmin, "/"},
		{"kandidatenlijst, fase bemiddelen", werkpad.RoleConsultant, "/kandidaten?fase=bemiddelen"},
		{"kandidaatpagina", werkpad.RoleConsultant, fmt.Sprintf("/kandidaten/%d", one[0].ID)},
		{"/sw (controller)", werkpad.RoleController, "/sw"},
		{"/klachten (consulent)", werkpad.RoleConsultant, "/klachten"},
		{"/signalen (gemeente)", werkpad.RoleMunicipality, "/signalen"},
		{"/api/v1/kandidaten?fase=bemiddelen&limit=50 (consulent)", werkpad.RoleConsultant, "/api/v1/kandidaten?fase=bemiddelen&limit=50"},
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
		if err := fetch(c, p.path); err != nil { // warm up
			return nil, fmt.Errorf("%s (%s): %w", p.name, p.path, err)
		}
		times := make([]time.Duration, 0, runs)
		for range runs {
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
