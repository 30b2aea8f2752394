package http_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"werkpad"
	whttp "werkpad/http"
)

// Valid BSNs (11-proef) for the API tests.
const (
	apiBSNNijmegen  = "123456782"
	apiBSNBergDal   = "111222333"
	apiBSNReferral  = "999999990"
	apiBSNNijmegen2 = "100000009"
)

// caseworkUsers signs in one user per role; the gemeente users have one
// municipality each.
type caseworkUsers struct {
	cons, gem, gemBD, wga, ctl, admin *apiClient
	gemUser                           *werkpad.User
}

func newCaseworkUsers(t *testing.T, ts *testServer) caseworkUsers {
	ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
	g := ts.mustUser(t, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
	ts.mustUser(t, "k@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
	ts.mustUser(t, "w@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
	ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
	ts.mustUser(t, "admin@mgr.nl", werkpad.RoleAdmin)
	return caseworkUsers{
		cons: ts.api(t, "c@werkbedrijf.nl"), gem: ts.api(t, "k@nijmegen.nl"), gemBD: ts.api(t, "k@bergendal.nl"),
		wga: ts.api(t, "w@werkbedrijf.nl"), ctl: ts.api(t, "ctl@mgr.nl"), admin: ts.api(t, "admin@mgr.nl"), gemUser: g,
	}
}

func candidateBody(bsn, gemeente, surname string) map[string]any {
	return map[string]any{
		"bsn": bsn, "voornaam": "Jan", "achternaam": surname, "geboortedatum": "1990-05-17",
		"gemeente": gemeente, "dienst": "arbeidsbemiddeling", "ingeschrevenOp": "2024-01-15",
		"uitkeringen": []any{map[string]any{"soort": "bijstand", "van": "2023-06-01"}},
		"fasen":       []any{map[string]any{"fase": "ontwikkelen", "van": "2024-01-15", "tot": "2024-03-31"}},
	}
}

// caseFile is one candidate with a record of every kind.
type caseFile struct {
	candidate, referral, enrolment, placement, exit, signal int64
}

// makeCaseFile creates, through the API, a candidate of gemeente and one
// record of every kind; gemClient makes the referral.
func makeCaseFile(t *testing.T, u caseworkUsers, gemClient *apiClient, bsn, gemeente, surname string) caseFile {
	t.Helper()
	var f caseFile
	f.candidate = u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(bsn, gemeente, surname)).want(t, "create candidate", 201).id()
	f.referral = gemClient.do(t, "POST /api/v1/aanmeldingen", 0, "", map[string]any{
		"bsn": bsn, "voornaam": "Jan", "achternaam": surname, "geboortedatum": "1990-05-17", "gemeente": gemeente,
		"reden": "Werkfit", "aangemeldOp": "2024-01-10"}).want(t, "create referral", 201).id()
	f.enrolment = u.cons.do(t, "POST /api/v1/trajecten", 0, "", map[string]any{
		"kandidaatId": f.candidate, "instrument": "versnelling", "periode": map[string]any{"van": "2024-02-01"}}).want(t, "create enrolment", 201).id()
	f.placement = u.cons.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{
		"kandidaatId": f.candidate, "werkgever": "Bakkerij Bolletje", "periode": map[string]any{"van": "2024-06-01"},
		"contractMinutenPerWeek": 36 * 60, "contractsoort": "bepaald", "loonkostensubsidie": true,
		"loonwaardeBasispunten": 5000, "herbeoordelingOp": "2025-06-01"}).want(t, "create placement", 201).id()
	f.exit = u.cons.do(t, "POST /api/v1/uitstroom", 0, "", map[string]any{
		"kandidaatId": f.candidate, "datum": "2024-06-30", "reden": "werk", "plaatsingId": f.placement}).want(t, "create exit", 201).id()
	f.signal = u.cons.do(t, "POST /api/v1/signalen", 0, "", map[string]any{
		"kandidaatId": f.candidate, "datum": "2024-05-01", "gedrag": "Niet verschenen", "advies": "Maatregel", "geadviseerdBesluit": "maatregel"}).want(t, "create signal", 201).id()
	return f
}

// TestCaseworkAPI walks every resource through create, read and update,
// and checks each answer against openapi.json.
func TestCaseworkAPI(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		c := u.cons

		// Kandidaten.
		a := c.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0268", "Jansen")).want(t, "create", 201)
		id := a.id()
		if loc := a.header.Get("Location"); loc != "/api/v1/kandidaten/"+itoa(id) {
			t.Errorf("Location %q", loc)
		}
		a = c.do(t, "GET /api/v1/kandidaten/{id}", id, "", nil).want(t, "read", 200)
		if a.obj["bsn"] != apiBSNNijmegen || a.obj["bsnGemaskeerd"] != "*****6782" || a.obj["dienst"] != "arbeidsbemiddeling" {
			t.Errorf("read candidate: %s", a.body)
		}
		a = c.do(t, "PATCH /api/v1/kandidaten/{id}", id, "", map[string]any{"achternaam": "Jansen-de Vries", "uitgeschrevenOp": nil}).want(t, "update", 200)
		if a.obj["achternaam"] != "Jansen-de Vries" || a.obj["voornaam"] != "Jan" {
			t.Errorf("update candidate: %s", a.body)
		}
		c.do(t, "POST /api/v1/kandidaten/{id}/fasen", id, "", map[string]any{"fase": "bemiddelen", "van": "2024-04-01"}).want(t, "add phase", 201)
		if a = c.do(t, "GET /api/v1/kandidaten/{id}/fasen", id, "", nil).want(t, "phases", 200); a.total() != 2 {
			t.Errorf("phases: %s", a.body)
		}
		c.do(t, "PUT /api/v1/kandidaten/{id}/uitkeringen", id, "", map[string]any{"items": []any{
			map[string]any{"soort": "bijstand", "van": "2023-06-01", "tot": "2024-05-31"}, map[string]any{"soort": "nug", "van": "2024-06-01"}}}).want(t, "replace benefits", 200)
		c.do(t, "POST /api/v1/kandidaten/{id}/uitkeringen", id, "", map[string]any{"soort": "bijstand", "van": "2020-01-01", "tot": "2020-12-31"}).want(t, "add benefit", 201)
		if a = c.do(t, "GET /api/v1/kandidaten/{id}/uitkeringen", id, "", nil); a.total() != 3 {
			t.Errorf("benefits: %s", a.body)
		}
		c.do(t, "POST /api/v1/kandidaten/{id}/indicaties", id, "", map[string]any{"soort": "statushouder", "van": "2023-01-01"}).want(t, "add indication", 201)
		c.do(t, "PUT /api/v1/kandidaten/{id}/indicaties", id, "", map[string]any{"items": []any{map[string]any{"soort": "banenafspraak", "van": "2023-01-01"}}}).want(t, "replace indications", 200)
		c.do(t, "GET /api/v1/kandidaten/{id}/indicaties", id, "", nil).want(t, "indications", 200)
		c.do(t, "PUT /api/v1/kandidaten/{id}/fasen", id, "", map[string]any{"items": []any{map[string]any{"fase": "bemiddelen", "van": "2024-01-15"}}}).want(t, "replace phases", 200)

		a = c.do(t, "GET /api/v1/kandidaten", 0, "?naam=jansen&fase=bemiddelen&dienst=arbeidsbemiddeling&gemeente=GM0268&peildatum=2024-07-01&doelgroep=arbeidsbeperking&geboortedatum=1990-05-17&limit=10", nil).want(t, "list", 200)
		if a.total() != 1 || len(a.items()) != 1 || a.obj["limit"] != 10.0 {
			t.Errorf("list: %s", a.body)
		}
		for _, item := range a.items() {
			if _, ok := item["bsn"]; ok || item["bsnGemaskeerd"] != "*****6782" {
				t.Errorf("list item shows a plain BSN or no masked one: %v", item)
			}
		}
		if strings.Contains(a.body, apiBSNNijmegen) {
			t.Errorf("list body contains the BSN")
		}
		a = c.do(t, "POST /api/v1/kandidaten/_zoek", 0, "", map[string]any{"bsn": apiBSNNijmegen}).want(t, "search", 200)
		if a.id() != id || strings.Contains(a.body, apiBSNNijmegen) || a.header.Get("Content-Location") != "/api/v1/kandidaten/"+itoa(id) {
			t.Errorf("search: %s", a.body)
		}

		// Aanmeldingen: the municipality refers, the consultant handles.
		a = u.gem.do(t, "POST /api/v1/aanmeldingen", 0, "", map[string]any{
			"bsn": apiBSNReferral, "voornaam": "Piet", "achternaam": "Pietersen", "geboortedatum": "1985-02-03", "gemeente": "GM0268",
			"reden": "Werkfit", "documenten": []string{"verslag.pdf"}, "warmeOverdracht": true, "aangemeldOp": "2024-03-01"}).want(t, "refer", 201)
		ref := a.id()
		if strings.Contains(a.body, apiBSNReferral) || a.obj["bsnGemaskeerd"] != "*****9990" {
			t.Errorf("referral shows the BSN: %s", a.body)
		}
		c.do(t, "GET /api/v1/aanmeldingen/{id}", ref, "", nil).want(t, "read referral", 200)
		c.do(t, "POST /api/v1/aanmeldingen/{id}/intake-gepland", ref, "", map[string]any{"datum": "2024-03-02",
			"intake": map[string]any{"datum": "2024-03-10", "locatie": "Stadhuis", "dagdeel": "ochtend"}}).want(t, "plan intake", 200)
		c.do(t, "POST /api/v1/aanmeldingen/{id}/intake-gehouden", ref, "", map[string]any{"datum": "2024-03-10"}).want(t, "intake held", 200)
		a = c.do(t, "POST /api/v1/aanmeldingen/{id}/terugmelding", ref, "", map[string]any{"datum": "2024-03-11", "uitkomst": "niet-passend"}).want(t, "feedback", 200)
		if a.obj["status"] != "teruggemeld" || len(asList(a.obj["historie"])) != 4 {
			t.Errorf("feedback: %s", a.body)
		}
		c.do(t, "POST /api/v1/aanmeldingen/{id}/intake-gehouden", ref, "", map[string]any{"datum": "2024-03-12"}).want(t, "step after feedback", 409)
		if a = u.gem.do(t, "GET /api/v1/aanmeldingen", 0, "?status=teruggemeld", nil).want(t, "referrals", 200); a.total() != 1 {
			t.Errorf("referral list: %s", a.body)
		}

		// Instrumenten and trajecten.
		if a = c.do(t, "GET /api/v1/instrumenten", 0, "", nil).want(t, "instruments", 200); a.total() != len(werkpad.DefaultInstruments) {
			t.Errorf("instruments: %s", a.body)
		}
		a = c.do(t, "POST /api/v1/trajecten", 0, "", map[string]any{"kandidaatId": id, "instrument": "ownw",
			"periode": map[string]any{"van": "2024-02-01"}, "ownw": map[string]any{"dagdelenPerWeek": 4, "aanbieder": "Werkplaats"}}).want(t, "enrol", 201)
		enr := a.id()
		c.do(t, "GET /api/v1/trajecten/{id}", enr, "", nil).want(t, "read enrolment", 200)
		if a = c.do(t, "GET /api/v1/trajecten", 0, "?kandidaat="+itoa(id)+"&soort=ownw", nil).want(t, "enrolments", 200); a.total() != 1 {
			t.Errorf("enrolments: %s", a.body)
		}
		a = c.do(t, "POST /api/v1/trajecten/{id}/beeindiging", enr, "", map[string]any{"datum": "2024-05-31", "ownwUitkomst": "betaald-werk"}).want(t, "end enrolment", 200)
		if a.obj["periode"].(map[string]any)["tot"] != "2024-05-31" || a.obj["ownw"].(map[string]any)["uitkomst"] != "betaald-werk" {
			t.Errorf("end enrolment: %s", a.body)
		}

		// Plaatsingen, with the derived hours class and LKS amount.
		a = c.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{"kandidaatId": id, "werkgever": "Bakkerij Bolletje",
			"periode": map[string]any{"van": "2024-06-01"}, "contractMinutenPerWeek": 36 * 60, "contractsoort": "bepaald",
			"loonkostensubsidie": true, "loonwaardeBasispunten": 5000, "herbeoordelingOp": "2025-06-01"}).want(t, "place", 201)
		pl := a.id()
		today := werkpad.Today(time.Now())
		// The amount of this month, or none while the minimum wage of this
		// month is not known to werkpad (never a guess).
		var wantLKS, wantMonth any
		if want, err := werkpad.WageSubsidyForMonth(today.Y, today.M, 36*60, 5000); err == nil {
			wantLKS, wantMonth = float64(want), today.String()[:7]
		}
		if a.obj["urenklasse"] != ">28" || a.obj["lksBedragPerMaandCent"] != wantLKS || a.obj["lksMaand"] != wantMonth {
			t.Errorf("placement derived values: %s (want lks %v in %v)", a.body, wantLKS, wantMonth)
		}
		a = c.do(t, "PATCH /api/v1/plaatsingen/{id}", pl, "", map[string]any{"contractMinutenPerWeek": 24 * 60}).want(t, "update placement", 200)
		if a.obj["urenklasse"] != "0-28" || a.obj["werkgever"] != "Bakkerij Bolletje" {
			t.Errorf("update placement: %s", a.body)
		}
		c.do(t, "GET /api/v1/plaatsingen/{id}", pl, "", nil).want(t, "read placement", 200)
		c.do(t, "POST /api/v1/plaatsingen/{id}/beeindiging", pl, "", map[string]any{"datum": "2024-12-31"}).want(t, "end placement", 200)
		if a = c.do(t, "GET /api/v1/plaatsingen", 0, "?kandidaat="+itoa(id)+"&actiefOp=2024-07-01", nil).want(t, "placements", 200); a.total() != 1 {
			t.Errorf("placements: %s", a.body)
		}

		// Uitstroom.
		a = c.do(t, "POST /api/v1/uitstroom", 0, "", map[string]any{"kandidaatId": id, "datum": "2024-06-30", "reden": "werk", "plaatsingId": pl}).want(t, "exit", 201)
		c.do(t, "GET /api/v1/uitstroom/{id}", a.id(), "", nil).want(t, "read exit", 200)
		if a = c.do(t, "GET /api/v1/uitstroom", 0, "?reden=werk", nil).want(t, "exits", 200); a.total() != 1 {
			t.Errorf("exits: %s", a.body)
		}

		// Signalen: the consultant advises, the municipality decides.
		a = c.do(t, "POST /api/v1/signalen", 0, "", map[string]any{"kandidaatId": id, "datum": "2024-05-01", "gedrag": "Niet verschenen", "advies": "Maatregel", "geadviseerdBesluit": "maatregel"}).want(t, "signal", 201)
		sig := a.id()
		if a = u.gem.do(t, "GET /api/v1/signalen", 0, "?wachtOpBesluit=true", nil).want(t, "awaiting", 200); a.total() != 1 {
			t.Errorf("awaiting decision: %s", a.body)
		}
		u.gem.do(t, "POST /api/v1/signalen/{id}/besluit", sig, "", map[string]any{"besluit": "geen-maatregel", "besluitdatum": "2024-05-10"}).want(t, "decide without reason", 400, "besluitToelichting")
		a = u.gem.do(t, "POST /api/v1/signalen/{id}/besluit", sig, "", map[string]any{"besluit": "geen-maatregel", "besluitdatum": "2024-05-10",
			"besluitToelichting": "Eerste keer; een gesprek volstaat."}).want(t, "decide", 200)
		if a.obj["besluit"] != "geen-maatregel" || a.obj["afwijkendVanAdvies"] != true || a.obj["geadviseerdBesluit"] != "maatregel" {
			t.Errorf("decision: %s", a.body)
		}
		u.gem.do(t, "GET /api/v1/signalen/{id}", sig, "", nil).want(t, "read signal", 200)
		if a = u.gem.do(t, "GET /api/v1/signalen", 0, "?wachtOpBesluit=true", nil); a.total() != 0 {
			t.Errorf("awaiting after decision: %s", a.body)
		}

		// Every route answered successfully at least once.
		for _, p := range whttp.CaseworkAPIPatterns() {
			if !c.seen[p] && !u.gem.seen[p] {
				t.Errorf("%s: not exercised by this test", p)
			}
		}
	})
}

// TestCaseworkAPIInvalid proves that bad input is refused with 400, the
// field named in invalidParams, and nothing stored.
func TestCaseworkAPIInvalid(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		c := u.cons
		f := makeCaseFile(t, u, u.gem, apiBSNNijmegen, "GM0268", "Jansen")
		with := func(edit func(b map[string]any)) map[string]any {
			b := candidateBody(apiBSNNijmegen2, "GM0268", "Anders")
			edit(b)
			return b
		}
		placement := func(edit func(b map[string]any)) map[string]any {
			b := map[string]any{"kandidaatId": f.candidate, "werkgever": "X", "periode": map[string]any{"van": "2024-06-01"},
				"contractMinutenPerWeek": 600, "contractsoort": "uitzend"}
			edit(b)
			return b
		}
		counts := func() map[string]int {
			out := map[string]int{}
			for _, p := range []string{"kandidaten", "trajecten", "plaatsingen", "uitstroom", "signalen", "aanmeldingen"} {
				out[p] = c.do(t, "GET /api/v1/"+p, 0, "", nil).want(t, "count "+p, 200).total()
			}
			return out
		}
		before := counts()
		for _, tc := range []struct {
			name, pattern string
			id            int64
			body          any
			field         string
		}{
			{"BSN fails the 11-proef", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["bsn"] = "123456789" }), "bsn"},
			{"impossible birth date", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["geboortedatum"] = "1990-02-31" }), "geboortedatum"},
			{"Dutch date form", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["ingeschrevenOp"] = "15-01-2024" }), "ingeschrevenOp"},
			{"unknown service line", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["dienst"] = "onzin" }), "dienst"},
			{"unknown field", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["burgerservicenummer"] = "x" }), "burgerservicenummer"},
			{"wrong type", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) { b["consulentId"] = "een" }), "consulentId"},
			{"overlapping phases", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) {
				b["fasen"] = []any{map[string]any{"fase": "ontwikkelen", "van": "2024-01-15", "tot": "2024-06-30"}, map[string]any{"fase": "bemiddelen", "van": "2024-06-01"}}
			}), "fasen[1].van"},
			{"benefit to before from", "POST /api/v1/kandidaten", 0, with(func(b map[string]any) {
				b["uitkeringen"] = []any{map[string]any{"soort": "bijstand", "van": "2024-06-01", "tot": "2024-01-01"}}
			}), "uitkeringen[0].tot"},
			{"phase overlapping an existing one", "POST /api/v1/kandidaten/{id}/fasen", f.candidate, map[string]any{"fase": "bemiddelen", "van": "2024-03-01"}, "fasen[1].van"},
			{"placement from after to", "POST /api/v1/plaatsingen", 0, placement(func(b map[string]any) {
				b["periode"] = map[string]any{"van": "2024-06-01", "tot": "2024-05-01"}
			}), "periode.tot"},
			{"placement over 40 hours", "POST /api/v1/plaatsingen", 0, placement(func(b map[string]any) { b["contractMinutenPerWeek"] = 41 * 60 }), "contractMinutenPerWeek"},
			{"placement update from after to", "PATCH /api/v1/plaatsingen/{id}", f.placement, map[string]any{"periode": map[string]any{"van": "2024-06-01", "tot": "2024-01-01"}}, "periode.tot"},
			{"wrong type in a PATCH", "PATCH /api/v1/plaatsingen/{id}", f.placement, map[string]any{"contractMinutenPerWeek": "veel"}, "contractMinutenPerWeek"},
			{"terms date not a date", "PATCH /api/v1/plaatsingen/{id}", f.placement, map[string]any{"contractMinutenPerWeek": 1200, "voorwaardenPer": "16-09-2024"}, "voorwaardenPer"},
			{"terms before the placement", "PATCH /api/v1/plaatsingen/{id}", f.placement, map[string]any{"contractMinutenPerWeek": 1200, "voorwaardenPer": "1990-01-01"}, "voorwaardenPer"},
			{"wrong type in a nested PATCH field", "PATCH /api/v1/plaatsingen/{id}", f.placement, map[string]any{"periode": map[string]any{"van": 2024}}, "periode.van"},
			{"exit werk without placement", "POST /api/v1/uitstroom", 0, map[string]any{"kandidaatId": f.candidate, "datum": "2024-07-01", "reden": "werk"}, "plaatsingId"},
			{"unknown instrument", "POST /api/v1/trajecten", 0, map[string]any{"kandidaatId": f.candidate, "instrument": "toverstaf", "periode": map[string]any{"van": "2024-02-01"}}, "instrument"},
			{"enrolment end without date", "POST /api/v1/trajecten/{id}/beeindiging", f.enrolment, map[string]any{}, "datum"},
			{"signal without advice", "POST /api/v1/signalen", 0, map[string]any{"kandidaatId": f.candidate, "datum": "2024-05-01", "gedrag": "x"}, "advies"},
			{"search with a bad BSN", "POST /api/v1/kandidaten/_zoek", 0, map[string]any{"bsn": "12345678A"}, "bsn"},
		} {
			c.do(t, tc.pattern, tc.id, "", tc.body).want(t, tc.name, 400, tc.field)
		}
		u.gem.do(t, "POST /api/v1/aanmeldingen", 0, "", map[string]any{"bsn": "111111111", "voornaam": "A", "achternaam": "B",
			"geboortedatum": "1990-01-01", "gemeente": "GM0268", "reden": "r", "aangemeldOp": "2024-01-01"}).want(t, "referral with bad BSN", 400, "bsn")
		for _, q := range []string{"?bsn=" + apiBSNNijmegen, "?limit=501", "?offset=-1", "?peildatum=morgen", "?fase=slapen", "?onbekend=1"} {
			c.do(t, "GET /api/v1/kandidaten", 0, q, nil).want(t, "list "+q, 400)
		}
		if after := counts(); after["kandidaten"] != before["kandidaten"] || after["plaatsingen"] != before["plaatsingen"] ||
			after["uitstroom"] != before["uitstroom"] || after["trajecten"] != before["trajecten"] || after["signalen"] != before["signalen"] || after["aanmeldingen"] != before["aanmeldingen"] {
			t.Errorf("refused input stored something: before %v after %v", before, after)
		}
		a := c.do(t, "GET /api/v1/kandidaten/{id}/fasen", f.candidate, "", nil)
		if a.total() != 1 {
			t.Errorf("refused phase stored: %s", a.body)
		}
	})
}

// TestCaseworkAPITenancy proves that a gemeente user of Nijmegen, signed in
// or with a token, cannot reach a Berg en Dal record on any endpoint, and
// that Berg en Dal records are in no list and no count.
func TestCaseworkAPITenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		mine := makeCaseFile(t, u, u.gem, apiBSNNijmegen, "GM0268", "Nijmeegs")
		theirs := makeCaseFile(t, u, u.gemBD, apiBSNBergDal, "GM1945", "Bergsma")
		ids := map[string]int64{"kandidaten": theirs.candidate, "aanmeldingen": theirs.referral, "trajecten": theirs.enrolment,
			"plaatsingen": theirs.placement, "uitstroom": theirs.exit, "signalen": theirs.signal}

		for _, c := range []*apiClient{u.gem, ts.bearer(t, u.gemUser)} {
			for _, p := range whttp.CaseworkAPIPatterns() {
				if !strings.Contains(p, "{id}") {
					continue
				}
				resource := strings.Split(strings.TrimPrefix(strings.SplitN(p, " ", 2)[1], "/api/v1/"), "/")[0]
				var body any
				if !strings.HasPrefix(p, "GET ") {
					body = map[string]any{}
				}
				// An empty body is refused (400) before any record is
				// looked up, so the answer tells nothing either way; it
				// must be the answer for a record that does not exist.
				a := c.do(t, p, ids[resource], "", body)
				none := c.do(t, p, 1<<40, "", body)
				if a.status != 404 && a.status != 400 || a.status != none.status || a.field() != none.field() {
					t.Errorf("%s on a GM1945 record: %d %s, on no record: %d %s", p, a.status, a.body, none.status, none.body)
				}
				if strings.Contains(a.body, "Bergsma") || strings.Contains(a.body, "GM1945") {
					t.Errorf("%s: the 404 tells about the record: %s", p, a.body)
				}
			}
			for resource, own := range map[string]int{"kandidaten": 1, "aanmeldingen": 1, "trajecten": 1, "plaatsingen": 1, "uitstroom": 1, "signalen": 1} {
				byCandidate := "?kandidaat=" + itoa(theirs.candidate)
				if resource == "kandidaten" {
					byCandidate = "?naam=bergsma"
				}
				for _, q := range []string{"", "?gemeente=GM1945", byCandidate} {
					a := c.do(t, "GET /api/v1/"+resource, 0, q, nil).want(t, resource+q, 200)
					want := own
					if q != "" {
						want = 0
					}
					if a.total() != want || len(a.items()) != want {
						t.Errorf("%s%s as %s: totaal %d, %d items; want %d", resource, q, c.name, a.total(), len(a.items()), want)
					}
					if strings.Contains(a.body, "GM1945") || strings.Contains(a.body, "Bergsma") {
						t.Errorf("%s%s shows a Berg en Dal record", resource, q)
					}
				}
			}
			c.do(t, "POST /api/v1/kandidaten/_zoek", 0, "", map[string]any{"bsn": apiBSNBergDal}).want(t, "search GM1945 BSN", 404)
			c.do(t, "POST /api/v1/kandidaten/_zoek", 0, "", map[string]any{"bsn": apiBSNNijmegen}).want(t, "search own BSN", 200)
			c.do(t, "GET /api/v1/kandidaten/{id}", mine.candidate, "", nil).want(t, "own candidate", 200)
		}
		// A consultant of Nijmegen only cannot write into Berg en Dal either.
		ts.mustUser(t, "n@werkbedrijf.nl", werkpad.RoleConsultant, "GM0268")
		consN := ts.api(t, "n@werkbedrijf.nl")
		consN.do(t, "POST /api/v1/plaatsingen", 0, "", map[string]any{"kandidaatId": theirs.candidate, "werkgever": "X",
			"periode": map[string]any{"van": "2024-06-01"}, "contractMinutenPerWeek": 600, "contractsoort": "uitzend"}).want(t, "place a GM1945 candidate", 404)
		consN.do(t, "PATCH /api/v1/kandidaten/{id}", mine.candidate, "", map[string]any{"gemeente": "GM1945"}).want(t, "move out of scope", 404)
	})
}

// TestCaseworkAPIRoles proves the role matrix of werkpad.Casework on the API.
func TestCaseworkAPIRoles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		f := makeCaseFile(t, u, u.gem, apiBSNNijmegen, "GM0268", "Jansen")
		for _, tc := range []struct {
			who     *apiClient
			pattern string
			id      int64
			body    any
		}{
			{u.wga, "GET /api/v1/signalen", 0, nil},
			{u.wga, "GET /api/v1/signalen/{id}", f.signal, nil},
			{u.wga, "GET /api/v1/aanmeldingen", 0, nil},
			{u.wga, "GET /api/v1/uitstroom/{id}", f.exit, nil},
			{u.wga, "POST /api/v1/kandidaten/_zoek", 0, map[string]any{"bsn": apiBSNNijmegen}},
			{u.gem, "POST /api/v1/kandidaten", 0, candidateBody(apiBSNNijmegen2, "GM0268", "X")},
			{u.gem, "PATCH /api/v1/kandidaten/{id}", f.candidate, map[string]any{"achternaam": "X"}},
			{u.gem, "POST /api/v1/kandidaten/{id}/fasen", f.candidate, map[string]any{"fase": "bemiddelen", "van": "2024-06-01"}},
			{u.gem, "POST /api/v1/signalen", 0, map[string]any{"kandidaatId": f.candidate, "datum": "2024-05-01", "gedrag": "x", "advies": "y", "geadviseerdBesluit": "geen-maatregel"}},
			{u.gem, "POST /api/v1/aanmeldingen/{id}/intake-gehouden", f.referral, map[string]any{"datum": "2024-03-01"}},
			{u.cons, "POST /api/v1/aanmeldingen", 0, map[string]any{}},
			{u.cons, "POST /api/v1/signalen/{id}/besluit", f.signal, map[string]any{"besluit": "maatregel", "besluitdatum": "2024-05-02"}},
			{u.ctl, "POST /api/v1/plaatsingen/{id}/beeindiging", f.placement, map[string]any{"datum": "2024-12-31"}},
			{u.ctl, "POST /api/v1/trajecten/{id}/beeindiging", f.enrolment, map[string]any{"datum": "2024-12-31"}},
			{u.admin, "GET /api/v1/kandidaten", 0, nil},
			{u.admin, "GET /api/v1/kandidaten/{id}", f.candidate, nil},
		} {
			tc.who.do(t, tc.pattern, tc.id, "", tc.body).want(t, tc.pattern+" as "+tc.who.name, 403)
		}
		// The werkgeversadviseur reads candidates and placements, never a plain BSN.
		a := u.wga.do(t, "GET /api/v1/kandidaten/{id}", f.candidate, "", nil).want(t, "wga reads candidate", 200)
		if _, ok := a.obj["bsn"]; ok || strings.Contains(a.body, apiBSNNijmegen) || a.obj["bsnGemaskeerd"] != "*****6782" {
			t.Errorf("werkgeversadviseur sees the BSN: %s", a.body)
		}
		u.wga.do(t, "GET /api/v1/plaatsingen/{id}", f.placement, "", nil).want(t, "wga reads placement", 200)
		u.ctl.do(t, "GET /api/v1/kandidaten/{id}", f.candidate, "", nil).want(t, "controller reads candidate", 200)
		u.admin.do(t, "GET /api/v1/instrumenten", 0, "", nil).want(t, "catalogue for every role", 200)
		if a := ts.api(t, "").do(t, "GET /api/v1/kandidaten", 0, "", nil); a.status != 401 {
			t.Errorf("anonymous: %d", a.status)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestScopedConsultantLearnsNothingOfABSN (issue 15.2): through the API a
// consulent bound to Berg en Dal gets the very same answer for a new
// candidate with a Nijmegen candidate's BSN as with a free one, and no
// button to register candidates; a regional consulent still gets the 409
// of a real duplicate.
func TestScopedConsultantLearnsNothingOfABSN(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0268", "Nijmeegs")).want(t, "create", 201)
		ts.mustUser(t, "bd@werkbedrijf.nl", werkpad.RoleConsultant, "GM1945")
		scoped := ts.api(t, "bd@werkbedrijf.nl")
		taken := scoped.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM1945", "Bergs"))
		free := scoped.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNBergDal, "GM1945", "Bergs"))
		if taken.status != free.status || taken.obj["detail"] != free.obj["detail"] || taken.status != 403 {
			t.Errorf("taken BSN: %d %v; free BSN: %d %v; want the same 403", taken.status, taken.obj["detail"], free.status, free.obj["detail"])
		}
		u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM1945", "Dubbel")).want(t, "regional duplicate", 409)
		if _, page := get(t, ts.client(t, "bd@werkbedrijf.nl"), ts.URL+"/kandidaten"); strings.Contains(page, `href="/kandidaten/nieuw"`) {
			t.Error("the scoped consulent is offered 'Nieuwe kandidaat'")
		}
	})
}
