package http_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"werkpad"
	"werkpad/dvo"
	"werkpad/store"
)

// TestDashboards checks the start page of every role: the blocks are there
// with their figures, and a gemeente user sees only his own municipality.
func TestDashboards(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newEmployerFixture(t, ts)
		ctx := as(f.consultant)
		today := werkpad.Today(timeNow())
		id := func(n int64) string { return strconv.FormatInt(n, 10) }

		// Due soon: a re-assessment of the Nijmegen placement and an
		// enrolment that ends within 30 days.
		soon := today.AddDays(20)
		if _, err := f.placements.UpdatePlacement(ctx, f.ownPlacement, werkpad.PlacementUpdate{ReassessOn: &soon}); err != nil {
			t.Fatal(err)
		}
		ending := &werkpad.Enrolment{CandidateID: f.own.ID, InstrumentCode: "ips", Period: werkpad.Period{From: today.AddDays(-20), To: today.AddDays(10)}}
		if err := f.enrolments.CreateEnrolment(ctx, ending); err != nil {
			t.Fatal(err)
		}
		// Eight running placements at one employer of the register: near the
		// werkgeversbonus (10). Two each for four candidates.
		emp := f.employer.ID
		for i, c := range []*werkpad.Candidate{f.anna, f.bert, f.cor, f.other, f.anna, f.bert, f.cor, f.other} {
			p := &werkpad.Placement{CandidateID: c.ID, EmployerName: f.employer.Name, EmployerID: &emp,
				Period: werkpad.Period{From: today.AddDays(-40 - i)}, ContractMinutesPerWeek: 600, ContractType: werkpad.ContractFixedTerm}
			if err := f.placements.CreatePlacement(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		f.propose(t, f.anna)
		// A bijstand benefit makes the Nijmegen placement count in the
		// figures; the DVO gives the gemeente a budget and the controller findings.
		if _, err := f.candidates.AddBenefit(ctx, f.own.ID, werkpad.BenefitPeriod{Kind: werkpad.BenefitBijstand,
			Period: werkpad.Period{From: today.AddDays(-400)}}); err != nil {
			t.Fatal(err)
		}
		a, err := dvo.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := store.NewAgreementService(ts.db).LoadAgreement(werkpad.OperatorContext(context.Background()), a, false); err != nil {
			t.Fatal(err)
		}

		page := func(r werkpad.Role) string {
			t.Helper()
			resp, body := get(t, f.clients[r], ts.URL+"/")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("start page of %s: %d", r, resp.StatusCode)
			}
			return body
		}
		wants := map[werkpad.Role][]string{
			werkpad.RoleConsultant: {
				"Mijn caseload per fase", `<svg class="werkpad-chart__svg"`, "<title id=\"grafiek-caseload-titel\">", "<desc id=",
				"2 kandidaten in uw caseload", // own and other are his; the employer fixture's are nobody's
				"Aanmeldingen die wachten op een intake", "Verwezen0", "Verwezen1",
				"Herbeoordeling loonwaarde bij Bakkerij De Waal", soon.Dutch(), "(over 20 dagen)",
				"Trajecten die binnen 30 dagen eindigen", "eindigt", today.AddDays(10).Dutch(),
				"Signalen zonder besluit", "/signalen/" + id(f.ownSignal), "/signalen/" + id(f.otherSignal),
				"Recente plaatsingen", "Noor Nijmeegs", `href="/kandidaten?mijn=ja"`,
			},
			werkpad.RoleEmployerAdviser: {
				"Open vacatures", "Inpakker dagdienst", "Voorstellen in behandeling", "1 voorgesteld en 0 uitgenodigd",
				"Werkgevers dicht bij de werkgeversbonus", "Inpakcentrum De Waal", `<td class="werkpad-num">8</td>`,
				"Nog geen werkgever heeft 10 of meer lopende plaatsingen",
			},
			werkpad.RoleMunicipality: {
				"Uw aanmeldingen", "Verwezen0", "1 aanmelding per status", "Signalen die wachten op uw besluit",
				"/signalen/" + id(f.ownSignal), "Uw cijfers:", "tegen vorig jaar", `<title id="grafiek-eigen-cijfers-titel">`,
				"Plaatsing op werk 0-28 uur", `<td class="werkpad-num">1</td>`, "Uw DVO-budget", "Lokale ruimte", "Nijmegen 20",
				`href="/aanmeldingen/nieuw"`,
			},
			werkpad.RoleController: {
				"Regionale cijfers", "Plaatsing op werk 0-28 uur", "Bevindingen in de DVO", "Op te lossen", "Ter informatie",
				`href="/overeenkomsten"`, `href="/rapportages"`,
			},
			werkpad.RoleAdmin: {
				"Gebruikers per rol", "Consulent", "Beheerder", "Vergrendelde accounts", "Geen vergrendelde accounts",
				"De keten is intact", `href="/beheer/gebruikers/nieuw"`,
			},
		}
		for r, ws := range wants {
			body := page(r)
			for _, w := range ws {
				if !strings.Contains(body, w) {
					t.Errorf("start page of %s lacks %q", r, w)
				}
			}
		}

		// Tenancy: the Nijmegen user never sees Berg en Dal on his dashboard.
		body := page(werkpad.RoleMunicipality)
		for _, leak := range []string{"Verwezen1", "Bergendaler", "Berg en Dal", "/signalen/" + id(f.otherSignal),
			"/aanmeldingen/" + id(f.otherReferral), "GM1945"} {
			if strings.Contains(body, leak) {
				t.Errorf("gemeente GM0268 start page shows %q", leak)
			}
		}
		// And the Berg en Dal user sees his own, not Nijmegen's.
		c1945 := ts.client(t, "g@bergendal.nl")
		_, body = get(t, c1945, ts.URL+"/")
		if !strings.Contains(body, "Verwezen1") || strings.Contains(body, "Verwezen0") || strings.Contains(body, "/signalen/"+id(f.ownSignal)) {
			t.Errorf("gemeente GM1945 start page shows the wrong municipality")
		}

		// Dates are shown as dd-mm-jjjj, also those the DVO keeps as text.
		if _, body := get(t, f.clients[werkpad.RoleController], ts.URL+"/overeenkomsten"); !strings.Contains(body, "Looptijd 01-07-2024 t/m 31-12-2025") {
			t.Errorf("DVO list does not show its period as dd-mm-jjjj")
		}

		// Persons' data never reach the beheerder's start page.
		body = page(werkpad.RoleAdmin)
		for _, leak := range []string{"Verwezen0", "Noor", "Bakkerij"} {
			if strings.Contains(body, leak) {
				t.Errorf("beheerder start page shows %q", leak)
			}
		}
	})
}

// TestDashboardLockedAccount shows a locked account on the beheerder's
// start page, linked to the account.
func TestDashboardLockedAccount(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		ts.mustUser(t, "admin@mgr.nl", werkpad.RoleAdmin)
		u := ts.mustUser(t, "slot@werkbedrijf.nl", werkpad.RoleConsultant)
		admin := ts.client(t, "admin@mgr.nl")
		anon := ts.client(t, "")
		for range 5 {
			postForm(t, anon, ts.URL+"/inloggen", map[string][]string{"email": {"slot@werkbedrijf.nl"}, "wachtwoord": {"fout"}})
		}
		_, body := get(t, admin, ts.URL+"/")
		if !strings.Contains(body, `href="/beheer/gebruikers/`+strconv.FormatInt(u.ID, 10)+`"`) || strings.Contains(body, "Geen vergrendelde accounts") {
			t.Errorf("locked account not on the beheerder's start page")
		}
	})
}

// TestDashboardPeriodChoice: the figures of the controller's start page
// fall back to the last half year with figures when the current one has
// none yet, and any half year can be chosen.
func TestDashboardPeriodChoice(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		c := ts.client(t, "ctl@mgr.nl")
		_, body := get(t, c, ts.URL+"/")
		if !strings.Contains(body, "u ziet het laatste halfjaar met cijfers") || strings.Contains(body, "zijn nog geen plaatsingen, uitstroom of trajecten vastgelegd") {
			t.Errorf("the start page does not fall back to the last half year with figures")
		}
		_, body = get(t, c, ts.URL+"/?halfjaar=2024-1")
		if !strings.Contains(body, `<option value="2024-1" selected>1e halfjaar 2024</option>`) || !strings.Contains(body, "Regionale cijfers 1e halfjaar 2024") {
			t.Errorf("the chosen half year is not shown")
		}
		if strings.Contains(body, "u ziet het laatste halfjaar met cijfers") {
			t.Errorf("a chosen half year must not fall back")
		}
	})
}
