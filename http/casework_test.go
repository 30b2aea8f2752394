package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
)

// Two valid BSNs (11-proef): one of a Nijmegen candidate, one of a
// candidate in Berg en Dal.
const (
	bsnNijmegen  = "111222333"
	bsnBergEnDal = "123456782"
)

// caseworkFixture is a small casework database: for each of Nijmegen
// (GM0268) and Berg en Dal (GM1945) one candidate with an enrolment, a
// placement, a signal and a referral, and a user of each role.
type caseworkFixture struct {
	ts                                 *testServer
	consultant, gemeente, gemeente1945 *werkpad.User
	clients                            map[werkpad.Role]*http.Client
	own, other                         *werkpad.Candidate
	ownEnrolment, ownPlacement         int64
	ownSignal, otherSignal             int64
	ownReferral, otherReferral         int64
	candidates                         werkpad.CandidateService
	referrals                          werkpad.ReferralService
	enrolments                         werkpad.EnrolmentService
	placements                         werkpad.PlacementService
	exits                              werkpad.ExitService
	signals                            werkpad.SignalService
}

func timeNow() time.Time { return time.Now() }

func as(u *werkpad.User) context.Context {
	return werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: u, Via: "test"})
}

func newCaseworkFixture(t *testing.T, ts *testServer) *caseworkFixture {
	t.Helper()
	sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	f := &caseworkFixture{ts: ts, clients: map[werkpad.Role]*http.Client{},
		candidates: store.NewCandidateService(ts.db, sealer), referrals: store.NewReferralService(ts.db, sealer),
		enrolments: store.NewEnrolmentService(ts.db), placements: store.NewPlacementService(ts.db),
		exits: store.NewExitService(ts.db), signals: store.NewSignalService(ts.db)}
	f.consultant = ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
	f.gemeente = ts.mustUser(t, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
	f.gemeente1945 = ts.mustUser(t, "g@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
	ts.mustUser(t, "w@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
	ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
	ts.mustUser(t, "admin@mgr.nl", werkpad.RoleAdmin)
	ts.mustUser(t, "fg@mgr.nl", werkpad.RolePrivacyOfficer)
	for r, email := range map[werkpad.Role]string{werkpad.RoleConsultant: "c@werkbedrijf.nl", werkpad.RoleMunicipality: "g@nijmegen.nl",
		werkpad.RoleEmployerAdviser: "w@werkbedrijf.nl", werkpad.RoleController: "ctl@mgr.nl", werkpad.RoleAdmin: "admin@mgr.nl", werkpad.RolePrivacyOfficer: "fg@mgr.nl"} {
		f.clients[r] = ts.client(t, email)
	}
	ctx := as(f.consultant)
	today := werkpad.Today(timeNow())
	mk := func(bsn, given, surname, gm string) *werkpad.Candidate {
		c := &werkpad.Candidate{BSN: bsn, GivenName: given, Surname: surname, BirthDate: werkpad.MustParseDate("1990-05-17"),
			MunicipalityCode: gm, ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: today.AddDays(-60), ConsultantID: f.consultant.ID,
			Phases: []werkpad.PhasePeriod{{Phase: werkpad.PhaseMediate, Period: werkpad.Period{From: today.AddDays(-60)}}}}
		if err := f.candidates.CreateCandidate(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.own = mk(bsnNijmegen, "Noor", "Nijmeegs", "GM0268")
	f.other = mk(bsnBergEnDal, "Bert", "Bergendaler", "GM1945")
	for i, c := range []*werkpad.Candidate{f.own, f.other} {
		e := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "jobcoaching", Period: werkpad.Period{From: today.AddDays(-30)}}
		if err := f.enrolments.CreateEnrolment(ctx, e); err != nil {
			t.Fatal(err)
		}
		p := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Bakkerij De Waal", Period: werkpad.Period{From: today.AddDays(-10)},
			ContractMinutesPerWeek: 1470, ContractType: werkpad.ContractFixedTerm, WageSubsidy: true, WageValueBasisPoints: 6250,
			ReassessOn: today.AddYears(1)}
		if err := f.placements.CreatePlacement(ctx, p); err != nil {
			t.Fatal(err)
		}
		sig := &werkpad.Signal{CandidateID: c.ID, Date: today.AddDays(-5), Behaviour: fmt.Sprintf("Gedrag %s", c.Surname), Advice: "Een waarschuwing", AdvisedDecision: werkpad.DecisionSanction}
		if err := f.signals.CreateSignal(ctx, sig); err != nil {
			t.Fatal(err)
		}
		gm := []*werkpad.User{f.gemeente, f.gemeente1945}[i]
		ref := &werkpad.Referral{BSN: []string{"999999990", "100000009"}[i], GivenName: "Rik", Surname: fmt.Sprintf("Verwezen%d", i),
			BirthDate: werkpad.MustParseDate("1985-01-01"), MunicipalityCode: c.MunicipalityCode, Reason: "Werkfit maken", ReferredOn: today.AddDays(-3)}
		if err := f.referrals.CreateReferral(as(gm), ref); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.ownEnrolment, f.ownPlacement, f.ownSignal, f.ownReferral = e.ID, p.ID, sig.ID, ref.ID
		} else {
			f.otherSignal, f.otherReferral = sig.ID, ref.ID
		}
	}
	return f
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func id(n int64) string { return fmt.Sprint(n) }

// TestCaseworkRoleMatrix proves that each role reaches the casework pages
// the role matrix of werkpad/casework.go gives it, and no others.
func TestCaseworkRoleMatrix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		cand := "/kandidaten/" + id(f.own.ID)
		pages := []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/kandidaten", werkpad.RolesReadCandidates},
			{"/kandidaten?fase=bemiddelen&sorteer=fase&richting=af", werkpad.RolesReadCandidates},
			{"/kandidaten/nieuw", werkpad.RolesWriteCasework},
			{cand, werkpad.RolesReadCandidates},
			{cand + "/uitkering", werkpad.RolesWriteCasework},
			{cand + "/indicatie", werkpad.RolesWriteCasework},
			{cand + "/fase", werkpad.RolesWriteCasework},
			{cand + "/traject", werkpad.RolesWriteCasework},
			{cand + "/plaatsing", werkpad.RolesWriteCasework},
			{cand + "/uitstroom", werkpad.RolesWriteCasework},
			{cand + "/signaal", werkpad.RolesWriteCasework},
			{"/trajecten/" + id(f.ownEnrolment) + "/beeindigen", werkpad.RolesWriteCasework},
			{"/plaatsingen/" + id(f.ownPlacement) + "/beeindigen", werkpad.RolesWriteCasework},
			{"/aanmeldingen", werkpad.RolesReadCasework},
			{"/aanmeldingen/nieuw", werkpad.RolesCreateReferral},
			{"/aanmeldingen/" + id(f.ownReferral), werkpad.RolesReadCasework},
			{"/signalen", werkpad.RolesReadCasework},
			{"/signalen?weergave=alle", werkpad.RolesReadCasework},
			{"/signalen/" + id(f.ownSignal), werkpad.RolesReadCasework},
		}
		for _, p := range pages {
			for _, r := range werkpad.Roles {
				want := http.StatusForbidden
				for _, ok := range p.roles {
					if ok == r {
						want = http.StatusOK
					}
				}
				resp, body := get(t, f.clients[r], ts.URL+p.path)
				if resp.StatusCode != want {
					t.Errorf("%s as %s: status %d, want %d", p.path, r, resp.StatusCode, want)
				}
				if want == http.StatusOK && !strings.Contains(body, `<h1 class="utrecht-heading-1">`) {
					t.Errorf("%s as %s: no h1", p.path, r)
				}
			}
			resp, _ := get(t, ts.client(t, ""), ts.URL+p.path)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen?terug=") {
				t.Errorf("%s anonymous: status %d, want redirect to sign-in", p.path, resp.StatusCode)
			}
		}
		// Posts are refused to roles without the right, before any change.
		for _, p := range []struct {
			path string
			role werkpad.Role
		}{
			{cand + "/signaal", werkpad.RoleMunicipality},
			{cand + "/plaatsing", werkpad.RoleController},
			{"/aanmeldingen", werkpad.RoleConsultant},
			{"/aanmeldingen/" + id(f.ownReferral) + "/intake-plannen", werkpad.RoleMunicipality},
			{"/signalen/" + id(f.ownSignal) + "/besluit", werkpad.RoleConsultant},
			{"/kandidaten/zoeken", werkpad.RoleEmployerAdviser},
		} {
			if resp, _ := postForm(t, f.clients[p.role], ts.URL+p.path, url.Values{}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d, want 403", p.path, p.role, resp.StatusCode)
			}
		}
		// Navigation per role.
		nav := map[werkpad.Role][]string{
			werkpad.RoleConsultant:      {"Kandidaten", "Aanmeldingen", "Signalen"},
			werkpad.RoleMunicipality:    {"Kandidaten", "Aanmeldingen", "Signalen"},
			werkpad.RoleEmployerAdviser: {"Kandidaten"},
			werkpad.RoleController:      {"Kandidaten"},
			werkpad.RoleAdmin:           {},
		}
		for r, want := range nav {
			_, body := get(t, f.clients[r], ts.URL+"/")
			for _, item := range []string{"Kandidaten", "Aanmeldingen", "Signalen"} {
				has := strings.Contains(body, `class="utrecht-nav-list__link" href="/`+strings.ToLower(item)+`"`)
				if has != contains(want, item) {
					t.Errorf("nav of %s: %s shown %v", r, item, has)
				}
			}
		}
		// The werkgeversadviseur sees the candidate and the placements,
		// never the plain BSN, signals, enrolments or exits.
		_, body := get(t, f.clients[werkpad.RoleEmployerAdviser], ts.URL+cand)
		if strings.Contains(body, bsnNijmegen) || strings.Contains(body, "Signalen") || !strings.Contains(body, "Bakkerij De Waal") {
			t.Errorf("candidate page as werkgeversadviseur shows too much or too little")
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCaseworkTenancy proves that a gemeente user of Nijmegen never sees a
// record of Berg en Dal: not on its page, in a list, a count or a search.
func TestCaseworkTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		g := f.clients[werkpad.RoleMunicipality]
		for _, path := range []string{
			"/kandidaten/" + id(f.other.ID), "/aanmeldingen/" + id(f.otherReferral), "/signalen/" + id(f.otherSignal),
			"/kandidaten/999999", "/kandidaten/abc", "/aanmeldingen/999999", "/signalen/0",
		} {
			resp, body := get(t, g, ts.URL+path)
			if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "Bergendaler") || strings.Contains(body, "Verwezen1") {
				t.Errorf("%s as gemeente GM0268: %d, want 404 without the other's data", path, resp.StatusCode)
			}
		}
		for _, path := range []string{"/kandidaten", "/kandidaten?naam=berg", "/kandidaten?geboortedatum=17-05-1990",
			"/kandidaten?gemeente=GM1945", "/aanmeldingen", "/signalen?weergave=alle", "/signalen"} {
			resp, body := get(t, g, ts.URL+path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", path, resp.StatusCode)
			}
			for _, leak := range []string{"Bergendaler", "Verwezen1", "Berg en Dal", "Gedrag Bergendaler", "/kandidaten/" + id(f.other.ID) + `"`} {
				if strings.Contains(body, leak) {
					t.Errorf("%s as gemeente GM0268 shows %q", path, leak)
				}
			}
		}
		// Counts are of the own municipality only.
		for path, want := range map[string]string{
			"/kandidaten":                          "1 kandidaat,",
			"/kandidaten?geboortedatum=17-05-1990": "1 kandidaat gevonden",
			"/kandidaten?naam=berg":                "0 kandidaten gevonden",
			"/aanmeldingen":                        "1 aanmelding,",
			"/signalen?weergave=alle":              "1 signaal,",
		} {
			if _, body := get(t, g, ts.URL+path); !strings.Contains(body, want) {
				t.Errorf("%s: count %q not found", path, want)
			}
		}
		// The consultant, region-wide, sees both: the filter works.
		if _, body := get(t, f.clients[werkpad.RoleConsultant], ts.URL+"/kandidaten?naam=berg"); !strings.Contains(body, "Bergendaler") || !strings.Contains(body, "1 kandidaat gevonden") {
			t.Errorf("consultant name search misses the Berg en Dal candidate")
		}
		// BSN search: the other's BSN is "not found", the own one leads to the page.
		resp, body := postForm(t, g, ts.URL+"/kandidaten/zoeken", url.Values{"bsn": {bsnBergEnDal}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "geen kandidaat met dit burgerservicenummer") || strings.Contains(body, "Bergendaler") {
			t.Errorf("BSN search for another municipality's candidate: %d", resp.StatusCode)
		}
		resp, _ = postForm(t, g, ts.URL+"/kandidaten/zoeken", url.Values{"bsn": {bsnNijmegen}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/kandidaten/"+id(f.own.ID) {
			t.Errorf("BSN search for own candidate: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// A gemeente user cannot refer for a municipality outside his scope.
		resp, _ = postForm(t, g, ts.URL+"/aanmeldingen", url.Values{"bsn": {"222222220"}, "voornaam": {"A"}, "achternaam": {"B"},
			"geboortedatum": {"01-01-1980"}, "gemeente": {"GM1945"}, "reden": {"x"}, "aangemeld": {werkpad.Today(timeNow()).Dutch()}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("referral for GM1945 by a GM0268 user: %d, want 422", resp.StatusCode)
		}
		if _, total, _ := f.referrals.FindReferrals(as(f.consultant), werkpad.ReferralFilter{}); total != 2 {
			t.Errorf("referrals after refused referral: %d, want 2", total)
		}
	})
}

var bsnInURL = regexp.MustCompile(`(?i)(href|action|src)="[^"]*(` + bsnNijmegen + `|` + bsnBergEnDal + `)`)

// TestCaseworkBSNNeverInURL walks the casework pages as each role and
// checks that no link or form target carries a BSN, and that the plain BSN
// is shown on the candidate's own page only.
func TestCaseworkBSNNeverInURL(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		cand := "/kandidaten/" + id(f.own.ID)
		paths := []string{"/kandidaten", "/kandidaten?naam=noor", cand, cand + "/uitstroom", "/aanmeldingen", "/aanmeldingen/" + id(f.ownReferral),
			"/signalen?weergave=alle", "/signalen/" + id(f.ownSignal), "/kandidaten/nieuw?aanmelding=" + id(f.ownReferral)}
		for r, c := range f.clients {
			for _, path := range paths {
				resp, body := get(t, c, ts.URL+path)
				if resp.StatusCode != http.StatusOK {
					continue
				}
				if m := bsnInURL.FindString(body); m != "" {
					t.Errorf("%s as %s: BSN in a URL: %s", path, r, m)
				}
				plain := strings.Contains(body, bsnNijmegen)
				if wantPlain := path == cand && r != werkpad.RoleEmployerAdviser; plain != wantPlain {
					t.Errorf("%s as %s: plain BSN shown %v, want %v", path, r, plain, wantPlain)
				}
			}
		}
		if _, body := get(t, f.clients[werkpad.RoleConsultant], ts.URL+"/kandidaten"); !strings.Contains(body, werkpad.MaskBSN(bsnNijmegen)) {
			t.Errorf("list does not show the masked BSN")
		}
		// A BSN search answers without the BSN in the Location or the page.
		for _, bsn := range []string{bsnNijmegen, bsnBergEnDal, "111222334"} {
			resp, body := postForm(t, f.clients[werkpad.RoleMunicipality], ts.URL+"/kandidaten/zoeken", url.Values{"bsn": {bsn}})
			if strings.Contains(resp.Header.Get("Location"), bsn) || strings.Contains(body, bsn) {
				t.Errorf("BSN search %s: BSN echoed (%d, Location %q)", bsn, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		// Creating a candidate or a referral redirects to an id, not a BSN.
		resp, _ := postForm(t, f.clients[werkpad.RoleConsultant], ts.URL+"/kandidaten", url.Values{"bsn": {"333333330"}, "voornaam": {"Sam"},
			"achternaam": {"Smits"}, "geboortedatum": {"01-02-1995"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"},
			"ingeschreven": {werkpad.Today(timeNow()).Dutch()}})
		if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/kandidaten/\d+$`).MatchString(resp.Header.Get("Location")) {
			t.Errorf("create candidate: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, _ = postForm(t, f.clients[werkpad.RoleMunicipality], ts.URL+"/aanmeldingen", url.Values{"bsn": {bsnNijmegen}, "voornaam": {"Noor"},
			"achternaam": {"Nijmeegs"}, "geboortedatum": {"17-05-1990"}, "gemeente": {"GM0268"}, "reden": {"Opnieuw"},
			"documenten": {"cv.pdf\nbrief.pdf"}, "aangemeld": {werkpad.Today(timeNow()).Dutch()}})
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/aanmeldingen/\d+$`).MatchString(loc) {
			t.Fatalf("create referral: %d %q", resp.StatusCode, loc)
		}
		// The candidate is in service: the referral page warns.
		if _, body := get(t, f.clients[werkpad.RoleMunicipality], ts.URL+loc); !strings.Contains(body, "al in begeleiding") || !strings.Contains(body, "cv.pdf, brief.pdf") {
			t.Errorf("duplicate referral: no warning or documents on the page")
		}
	})
}

// TestCaseworkFormErrors posts invalid input to every form: the answer is
// 422 with an error summary linking to the field, and nothing changes.
func TestCaseworkFormErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		ctx := as(f.consultant)
		today := werkpad.Today(timeNow()).Dutch()
		cand := "/kandidaten/" + id(f.own.ID)
		count := func() string {
			_, nc, _ := f.candidates.FindCandidates(ctx, werkpad.CandidateFilter{})
			c, _ := f.candidates.FindCandidateByID(ctx, f.own.ID)
			_, ne, _ := f.enrolments.FindEnrolments(ctx, werkpad.EnrolmentFilter{})
			_, np, _ := f.placements.FindPlacements(ctx, werkpad.PlacementFilter{})
			_, nx, _ := f.exits.FindExits(ctx, werkpad.ExitFilter{})
			_, ns, _ := f.signals.FindSignals(ctx, werkpad.SignalFilter{AwaitingDecision: true})
			refs, nr, _ := f.referrals.FindReferrals(ctx, werkpad.ReferralFilter{})
			e, _ := f.enrolments.FindEnrolmentByID(ctx, f.ownEnrolment)
			p, _ := f.placements.FindPlacementByID(ctx, f.ownPlacement)
			statuses := ""
			for _, r := range refs {
				statuses += string(r.Status) + " "
			}
			return fmt.Sprintf("kandidaten=%d uitkeringen=%d indicaties=%d fasen=%d trajecten=%d plaatsingen=%d uitstroom=%d open-signalen=%d aanmeldingen=%d %s traject-eind=%s plaatsing-eind=%s",
				nc, len(c.Benefits), len(c.Indications), len(c.Phases), ne, np, nx, ns, nr, statuses, e.Period.To, p.Period.To)
		}
		before := count()
		consultant, gemeente := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		cases := []struct {
			client *http.Client
			path   string
			form   url.Values
			field  string
		}{
			{consultant, "/kandidaten", url.Values{"bsn": {"111222334"}, "voornaam": {"A"}, "achternaam": {"B"}, "geboortedatum": {"01-01-1990"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {today}}, "bsn"},
			{consultant, "/kandidaten", url.Values{"bsn": {bsnNijmegen}, "voornaam": {"A"}, "achternaam": {"B"}, "geboortedatum": {"01-01-1990"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {today}}, "bsn"},
			{consultant, "/kandidaten", url.Values{"bsn": {"444444440"}, "voornaam": {"A"}, "achternaam": {"B"}, "geboortedatum": {"31-02-1990"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {today}}, "geboortedatum"},
			{consultant, cand + "/uitkering", url.Values{"soort": {"bijstand"}, "van": {"01-03-2024"}, "tot": {"01-02-2024"}}, "tot"},
			{consultant, cand + "/indicatie", url.Values{"soort": {""}, "van": {today}}, "soort"},
			{consultant, cand + "/fase", url.Values{"fase": {"bemiddelen"}, "van": {today}}, "van"},
			{consultant, cand + "/traject", url.Values{"instrument": {""}, "van": {today}}, "instrument"},
			{consultant, cand + "/traject", url.Values{"instrument": {"wmbu"}, "van": {today}, "uren": {"24,5"}}, "gastorganisatie"},
			{consultant, cand + "/traject", url.Values{"instrument": {"ownw"}, "van": {today}, "dagdelen": {"12"}}, "dagdelen"},
			{consultant, cand + "/plaatsing", url.Values{"werkgever": {"X"}, "van": {today}, "uren": {"50"}, "contractsoort": {"bepaald"}}, "uren"},
			{consultant, cand + "/plaatsing", url.Values{"werkgever": {"X"}, "van": {today}, "uren": {"24,5"}, "contractsoort": {"bepaald"}, "lks": {"ja"}, "loonwaarde": {"62,5"}}, "herbeoordeling"},
			{consultant, cand + "/plaatsing", url.Values{"werkgever": {"X"}, "van": {"gisteren"}, "uren": {"24,5"}, "contractsoort": {"bepaald"}}, "van"},
			{consultant, cand + "/uitstroom", url.Values{"datum": {today}, "reden": {"werk"}}, "plaatsing"},
			{consultant, cand + "/signaal", url.Values{"datum": {today}, "gedrag": {""}, "advies": {"x"}}, "gedrag"},
			{consultant, "/trajecten/" + id(f.ownEnrolment) + "/beeindigen", url.Values{"einddatum": {"01-01-2000"}}, "einddatum"},
			{consultant, "/plaatsingen/" + id(f.ownPlacement) + "/beeindigen", url.Values{"einddatum": {""}}, "einddatum"},
			{consultant, "/aanmeldingen/" + id(f.ownReferral) + "/intake-plannen", url.Values{"intake-datum": {today}, "intake-dagdeel": {"ochtend"}}, "intake-locatie"},
			{consultant, "/aanmeldingen/" + id(f.ownReferral) + "/terugmelden", url.Values{"uitkomst": {"in-traject"}, "terug-datum": {today}}, "uitkomst"},
			{consultant, "/kandidaten/zoeken", url.Values{"bsn": {"12345"}}, "bsn"},
			{gemeente, "/aanmeldingen", url.Values{"bsn": {"555555550"}, "voornaam": {"A"}, "achternaam": {"B"}, "geboortedatum": {"01-01-1990"}, "gemeente": {"GM0268"}, "aangemeld": {today}}, "reden"},
			{gemeente, "/signalen/" + id(f.ownSignal) + "/besluit", url.Values{"besluit": {"geen-maatregel"}, "besluitdatum": {today}}, "toelichting"},
			{gemeente, "/signalen/" + id(f.ownSignal) + "/besluit", url.Values{"besluit": {"afwijkend"}, "besluitdatum": {today}, "toelichting": {"x"}}, "besluit"},
			{consultant, cand + "/signaal", url.Values{"datum": {today}, "gedrag": {"x"}, "advies": {"x"}}, "geadviseerd"},
			{gemeente, "/signalen/" + id(f.ownSignal) + "/besluit", url.Values{"besluit": {""}, "besluitdatum": {today}}, "besluit"},
		}
		for _, tc := range cases {
			resp, body := postForm(t, tc.client, ts.URL+tc.path, tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusConflict {
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
		// A duplicate BSN is a conflict, shown on the form.
		resp, _ := postForm(t, consultant, ts.URL+"/kandidaten", url.Values{"bsn": {bsnNijmegen}, "voornaam": {"A"}, "achternaam": {"B"},
			"geboortedatum": {"01-01-1990"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {today}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("duplicate BSN: %d, want 409", resp.StatusCode)
		}
		// A bad filter is an error on the list page, not a 500.
		if resp, body := get(t, consultant, ts.URL+"/kandidaten?op=30-02-2024"); resp.StatusCode != 422 || !strings.Contains(body, `href="#op"`) {
			t.Errorf("bad reference date: %d", resp.StatusCode)
		}
		if resp, _ := get(t, consultant, ts.URL+"/kandidaten?sorteer=bsn"); resp.StatusCode != 422 {
			t.Errorf("bad sort: %d", resp.StatusCode)
		}
	})
}

func summary(body string) string {
	if i := strings.Index(body, "werkpad-error-summary"); i >= 0 {
		return body[i:min(len(body), i+2000)]
	}
	return "(geen foutoverzicht)"
}

// TestCaseworkHappyPath walks the referral, the candidate's forms and the
// signal decision through the pages.
func TestCaseworkHappyPath(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		ctx := as(f.consultant)
		c, g := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		today := werkpad.Today(timeNow())
		cand := "/kandidaten/" + id(f.own.ID)
		ok := func(resp *http.Response, body, what string) {
			t.Helper()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", what, resp.StatusCode, summary(body))
			}
		}
		ref := "/aanmeldingen/" + id(f.ownReferral)
		resp, body := postForm(t, c, ts.URL+ref+"/intake-plannen", url.Values{"intake-datum": {today.Dutch()}, "intake-locatie": {"Stadhuis"}, "intake-dagdeel": {"ochtend"}})
		ok(resp, body, "plan intake")
		// An intake held next week cannot be recorded today: it would
		// block the referral.
		if resp, _ = postForm(t, c, ts.URL+ref+"/intake-vastleggen", url.Values{"gehouden-datum": {today.AddDays(7).Dutch()}}); resp.StatusCode != 422 {
			t.Errorf("intake held in the future: %d", resp.StatusCode)
		}
		resp, body = postForm(t, c, ts.URL+ref+"/intake-vastleggen", url.Values{"gehouden-datum": {today.Dutch()}})
		ok(resp, body, "record intake")
		resp, body = postForm(t, c, ts.URL+ref+"/terugmelden", url.Values{"uitkomst": {"niet-passend"}, "terug-datum": {today.Dutch()}})
		ok(resp, body, "feedback")
		_, body = get(t, g, ts.URL+ref)
		for _, want := range []string{"Intake gepland", "Stadhuis", "Intake gehouden", "Teruggemeld", "Niet passend"} {
			if !strings.Contains(body, want) {
				t.Errorf("referral timeline as gemeente lacks %q", want)
			}
		}
		resp, body = postForm(t, c, ts.URL+cand+"/traject", url.Values{"instrument": {"wmbu"}, "van": {today.Dutch()}, "uren": {"24,5"}, "gastorganisatie": {"Kringloop"}})
		ok(resp, body, "enrolment")
		resp, body = postForm(t, c, ts.URL+cand+"/uitkering", url.Values{"soort": {"bijstand"}, "van": {today.AddDays(-60).Dutch()}})
		ok(resp, body, "benefit")
		resp, body = postForm(t, c, ts.URL+"/plaatsingen/"+id(f.ownPlacement)+"/beeindigen", url.Values{"einddatum": {today.Dutch()}})
		ok(resp, body, "end placement")
		resp, body = postForm(t, c, ts.URL+cand+"/uitstroom", url.Values{"datum": {today.Dutch()}, "reden": {"werk"}, "plaatsing": {id(f.ownPlacement)}})
		ok(resp, body, "exit")
		resp, body = postForm(t, c, ts.URL+"/trajecten/"+id(f.ownEnrolment)+"/beeindigen", url.Values{"einddatum": {today.Dutch()}, "resultaat": {"Goed"}})
		ok(resp, body, "end enrolment")
		resp, body = postForm(t, g, ts.URL+"/signalen/"+id(f.ownSignal)+"/besluit", url.Values{"besluit": {"maatregel"}, "besluitdatum": {today.Dutch()}})
		ok(resp, body, "decide")
		_, body = get(t, g, ts.URL+cand)
		month := werkpad.NewDate(today.Y, today.M, 1)
		lks := "bedrag deze maand onbekend"
		if cents, err := werkpad.WageSubsidyForMonth(month.Y, month.M, 1470, 6250); err == nil {
			lks = werkpad.FormatEuro(werkpad.Cents(cents)) + " per maand"
		}
		for _, want := range []string{"Bakkerij De Waal", "24,5", "0-28 uur", "62,5%", lks, "Werk", "Kringloop",
			"Maatregel opgelegd", "Bijstand", "Nieuw in de bijstand", bsnNijmegen} {
			if !strings.Contains(body, want) {
				t.Errorf("candidate page as gemeente lacks %q", want)
			}
		}
		if _, nx, _ := f.exits.FindExits(ctx, werkpad.ExitFilter{Reason: werkpad.ExitWork}); nx != 1 {
			t.Errorf("exits to work: %d", nx)
		}
		if _, body := get(t, g, ts.URL+"/signalen"); !strings.Contains(body, "Er wachten geen signalen op een besluit") {
			t.Errorf("signal queue not empty after the decision")
		}
		// Sorting and paging links keep the filters.
		_, body = get(t, c, ts.URL+"/kandidaten?fase=bemiddelen&sorteer=gemeente")
		if !strings.Contains(body, `href="/kandidaten?fase=bemiddelen&amp;sorteer=gemeente&amp;richting=af"`) || !strings.Contains(body, `aria-sort="ascending"`) {
			t.Errorf("sort links do not keep the filter")
		}
		if _, body := get(t, c, ts.URL+"/kandidaten?mijn=ja&sorteer=gemeente&richting=af"); strings.Index(body, "Nijmeegs") < strings.Index(body, "Bergendaler") {
			t.Errorf("descending municipality order: Berg en Dal (GM1945) should come before Nijmegen (GM0268)")
		}
	})
}

// TestFormsReportAllErrors: one submit shows every mistake of a form, the
// ones the page finds in its own input (a date that is not a date) and the
// ones of the record's rules together, in an error summary that takes the
// focus.
func TestFormsReportAllErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		consultant, gemeente := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		cand := "/kandidaten/" + id(f.own.ID)
		cases := []struct {
			client *http.Client
			path   string
			form   url.Values
			fields []string
		}{
			{consultant, "/kandidaten", url.Values{"bsn": {""}, "ingeschreven": {""}},
				[]string{"bsn", "voornaam", "achternaam", "gemeente", "dienstverlening", "ingeschreven", "geboortedatum"}},
			{consultant, "/kandidaten", url.Values{"bsn": {"12"}, "geboortedatum": {"31-02-1990"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {"01-01-2024"}},
				[]string{"geboortedatum", "bsn", "voornaam", "achternaam"}},
			{consultant, cand + "/plaatsing", url.Values{"werkgever": {""}, "van": {"gisteren"}, "uren": {""}, "contractsoort": {""}},
				[]string{"van", "werkgever", "uren", "contractsoort"}},
			{consultant, cand + "/signaal", url.Values{"datum": {"morgen"}, "gedrag": {""}, "advies": {""}},
				[]string{"datum", "gedrag", "advies"}},
			{gemeente, "/aanmeldingen", url.Values{"geboortedatum": {"1990"}, "aangemeld": {""}},
				[]string{"geboortedatum", "bsn", "voornaam", "achternaam", "gemeente", "reden", "aangemeld"}},
		}
		for _, tc := range cases {
			resp, body := postForm(t, tc.client, ts.URL+tc.path, tc.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("POST %s: %d, want 422", tc.path, resp.StatusCode)
			}
			sum := summary(body)
			if !strings.Contains(body, `tabindex="-1" autofocus`) {
				t.Errorf("POST %s: the error summary does not take the focus", tc.path)
			}
			for _, field := range tc.fields {
				if !strings.Contains(sum, `href="#`+field+`"`) {
					t.Errorf("POST %s: no error for %s in one submit\n%s", tc.path, field, sum)
				}
			}
		}
	})
}

// TestCandidateFromReferralCarriesBSN: the consultant makes the candidate
// from a referral without typing the BSN; the page shows it masked only
// and the server takes it from the referral.
func TestCandidateFromReferralCarriesBSN(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		consultant := f.clients[werkpad.RoleConsultant]
		const referralBSN = "999999990" // the fixture's own referral
		resp, body := get(t, consultant, ts.URL+"/kandidaten/nieuw?aanmelding="+id(f.ownReferral))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("new candidate from referral: %d", resp.StatusCode)
		}
		if strings.Contains(body, referralBSN) || !strings.Contains(body, "*****9990") || strings.Contains(body, `name="bsn"`) {
			t.Errorf("the form must show the referral's BSN masked and ask no BSN")
		}
		resp, _ = postForm(t, consultant, ts.URL+"/kandidaten", url.Values{"aanmelding": {id(f.ownReferral)}, "voornaam": {"Rik"},
			"achternaam": {"Verwezen0"}, "geboortedatum": {"01-01-1985"}, "gemeente": {"GM0268"}, "dienstverlening": {"arbeidsbemiddeling"},
			"ingeschreven": {werkpad.Today(timeNow()).Dutch()}, "caseload": {"ja"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmeldingen/"+id(f.ownReferral) {
			t.Fatalf("create from referral: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		c, err := f.candidates.SearchCandidateByBSN(as(f.consultant), referralBSN)
		if err != nil || c.Surname != "Verwezen0" {
			t.Fatalf("no candidate with the referral's BSN: %v", err)
		}
		// A municipality user cannot read a referral's BSN this way.
		if _, err := f.referrals.ReferralBSN(as(f.gemeente), f.ownReferral); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente reads the BSN of a referral: %v", err)
		}
	})
}

// TestCaseloadClaimTransferCorrect: a consultant takes a candidate into his
// caseload, hands him over to a colleague and corrects his name and birth
// date, each from the candidate page.
func TestCaseloadClaimTransferCorrect(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		colleague := ts.mustUser(t, "c2@werkbedrijf.nl", werkpad.RoleConsultant)
		me := f.clients[werkpad.RoleConsultant]
		cand := "/kandidaten/" + id(f.own.ID)
		// The fixture's candidates are in my caseload: hand one over first.
		resp, body := postForm(t, me, ts.URL+cand+"/caseload", url.Values{"consulent": {id(colleague.ID)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("transfer: %d %s", resp.StatusCode, summary(body))
		}
		c, _ := f.candidates.FindCandidateByID(as(f.consultant), f.own.ID)
		if c.ConsultantID != colleague.ID {
			t.Fatalf("after transfer the consultant is %d, want %d", c.ConsultantID, colleague.ID)
		}
		if _, body := get(t, me, ts.URL+cand); !strings.Contains(body, "In mijn caseload nemen") || !strings.Contains(body, "Bij "+colleague.Name) {
			t.Errorf("the candidate page does not offer to claim, or does not name the colleague")
		}
		// Claim him back with the button.
		if resp, body := postForm(t, me, ts.URL+cand+"/caseload", url.Values{"consulent": {id(f.consultant.ID)}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("claim: %d %s", resp.StatusCode, summary(body))
		}
		if c, _ = f.candidates.FindCandidateByID(as(f.consultant), f.own.ID); c.ConsultantID != f.consultant.ID {
			t.Errorf("after claiming the consultant is %d", c.ConsultantID)
		}
		// Claiming what is already mine is an error on the form.
		if resp, _ := postForm(t, me, ts.URL+cand+"/caseload", url.Values{"consulent": {id(f.consultant.ID)}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("claiming twice: %d, want 422", resp.StatusCode)
		}
		// Correct the name and the birth date.
		if resp, body := postForm(t, me, ts.URL+cand+"/gegevens", url.Values{"voornaam": {"Noor"}, "achternaam": {"Nijmeegs-Bakker"}, "geboortedatum": {"17-06-1990"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("correct: %d %s", resp.StatusCode, summary(body))
		}
		c, _ = f.candidates.FindCandidateByID(as(f.consultant), f.own.ID)
		if c.Surname != "Nijmeegs-Bakker" || c.BirthDate != werkpad.MustParseDate("1990-06-17") {
			t.Errorf("after the correction: %s %s", c.Surname, c.BirthDate)
		}
		// The correction keeps what it replaced, shown in the person's copy.
		before := f.own
		_, copyBody := get(t, me, ts.URL+cand+"/inzage.json")
		var copyDoc struct {
			Correcties []struct{ Veld, Was, Wordt string }
		}
		if err := json.Unmarshal([]byte(copyBody), &copyDoc); err != nil {
			t.Fatal(err)
		}
		want := map[string][2]string{"voornaam": {before.GivenName, "Noor"}, "achternaam": {before.Surname, "Nijmeegs-Bakker"},
			"geboortedatum": {before.BirthDate.Dutch(), "17-06-1990"}}
		for _, k := range copyDoc.Correcties {
			if w, ok := want[k.Veld]; ok && w == [2]string{k.Was, k.Wordt} {
				delete(want, k.Veld)
			}
		}
		if before.GivenName == "Noor" {
			delete(want, "voornaam")
		}
		if len(want) != 0 {
			t.Errorf("corrections in the copy: %+v; missing %v", copyDoc.Correcties, want)
		}
		if _, page := get(t, me, ts.URL+cand+"/inzage"); !strings.Contains(page, "Nijmeegs-Bakker</td>") || !strings.Contains(page, "Verbeterde naam of geboortedatum") {
			t.Error("the inzage page does not show the correction")
		}
		// Several mistakes at once.
		if resp, body := postForm(t, me, ts.URL+cand+"/gegevens", url.Values{"voornaam": {""}, "achternaam": {""}, "geboortedatum": {"31-02-1990"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(summary(body), `href="#voornaam"`) || !strings.Contains(summary(body), `href="#achternaam"`) || !strings.Contains(summary(body), `href="#geboortedatum"`) {
			t.Errorf("correction with three mistakes: %d %s", resp.StatusCode, summary(body))
		}
		// A gemeente user cannot change the caseload.
		if resp, _ := postForm(t, f.clients[werkpad.RoleMunicipality], ts.URL+cand+"/caseload", url.Values{"consulent": {id(colleague.ID)}}); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
			t.Errorf("gemeente changes the caseload: %d", resp.StatusCode)
		}
	})
}
