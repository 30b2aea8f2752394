package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// swFixture adds to the casework fixture one Wsw employee of Nijmegen and
// one of Berg en Dal, recorded by the controller.
type swFixture struct {
	*caseworkFixture
	controller *werkpad.User
	sw         werkpad.SWService
	own, other *werkpad.SWEmployee
}

func newSWFixture(t *testing.T, ts *testServer) *swFixture {
	t.Helper()
	f := &swFixture{caseworkFixture: newCaseworkFixture(t, ts), sw: store.NewSWService(ts.db)}
	u, err := store.NewUserService(ts.db).FindUserByEmail(werkpad.OperatorContext(context.Background()), "ctl@mgr.nl")
	if err != nil {
		t.Fatal(err)
	}
	f.controller = u
	mk := func(gm, location string) *werkpad.SWEmployee {
		e := &werkpad.SWEmployee{MunicipalityCode: gm, SEThousandths: 850, Werkvorm: werkpad.WerkvormShelteredInside,
			Period: werkpad.Period{From: werkpad.MustParseDate("2010-03-01")}, Location: location}
		if err := f.sw.CreateSWEmployee(as(f.controller), e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	f.own = mk("GM0268", "Groenvoorziening Nijmegen")
	f.other = mk("GM1945", "Kwekerij Berg en Dal")
	return f
}

func (f *swFixture) record(t *testing.T, id int64) *werkpad.SWEmployeeRecord {
	t.Helper()
	r, err := f.sw.FindSWEmployee(as(f.controller), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *swFixture) count(t *testing.T) int {
	t.Helper()
	recs, err := f.sw.SWRecords(as(f.controller), werkpad.Period{From: werkpad.MustParseDate("1990-01-01"), To: werkpad.MustParseDate("2100-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// TestSWRoleMatrix proves that the controller changes the SW
// administration, the consulent and the gemeente only read it, and the
// werkgeversadviseur and the beheerder do not reach it.
func TestSWRoleMatrix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		read := []werkpad.Role{werkpad.RoleController, werkpad.RoleConsultant, werkpad.RoleMunicipality}
		write := []werkpad.Role{werkpad.RoleController}
		own := "/sw/" + id(f.own.ID)
		pages := []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/sw", read},
			{"/sw?peildatum=31-12-2024&gemeente=GM0268&pagina=2", read},
			{"/sw/nieuw", write},
			{own, read},
			{"/loonkostensubsidies", read},
			{"/loonkostensubsidies?van=01-01-2024&tot=31-12-2030", read},
		}
		for _, p := range pages {
			for _, r := range werkpad.Roles {
				want := http.StatusForbidden
				if contains(roleNames(p.roles), string(r)) {
					want = http.StatusOK
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
		// Only the controller sees the forms.
		for r, want := range map[werkpad.Role]bool{werkpad.RoleController: true, werkpad.RoleConsultant: false, werkpad.RoleMunicipality: false} {
			_, body := get(t, f.clients[r], ts.URL+own)
			if got := strings.Contains(body, `action="/sw/`+id(f.own.ID)+`/werkvorm"`); got != want {
				t.Errorf("%s as %s: werkvorm form shown %v, want %v", own, r, got, want)
			}
		}
		// Changes are refused to every other role, before anything is stored.
		form := url.Values{"gemeente": {"GM0268"}, "se": {"1"}, "werkvorm": {"groepsdetachering"}, "begindatum": {"01-01-2014"},
			"werkvorm-van": {"01-01-2025"}, "verzuim-van": {"01-01-2025"}, "verzuim-percentage": {"50"}, "einddatum": {"01-01-2025"}}
		for _, path := range []string{"/sw", own + "/werkvorm", own + "/verzuim", own + "/einde"} {
			for _, r := range werkpad.Roles {
				if r == werkpad.RoleController {
					continue
				}
				if resp, _ := postForm(t, f.clients[r], ts.URL+path, form); resp.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s as %s: %d, want 403", path, r, resp.StatusCode)
				}
			}
		}
		if n := f.count(t); n != 2 {
			t.Errorf("after refused posts: %d Wsw employees, want 2", n)
		}
		rec := f.record(t, f.own.ID)
		if len(rec.Werkvormen) != 1 || len(rec.SickLeave) != 0 || !rec.Period.Open() {
			t.Errorf("after refused posts the employee changed: %+v", rec)
		}
		// Navigation: SW for the three reading roles.
		for _, r := range werkpad.Roles {
			_, body := get(t, f.clients[r], ts.URL+"/")
			has := strings.Contains(body, `class="utrecht-nav-list__link" href="/sw"`)
			if has != contains(roleNames(read), string(r)) {
				t.Errorf("nav of %s: SW shown %v", r, has)
			}
		}
	})
}

// TestSWTenancy proves that a gemeente user of Nijmegen never sees a Wsw
// employee of Berg en Dal: not in the list, a count or on his page, nor a
// re-assessment of a Berg en Dal placement.
func TestSWTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		g := f.clients[werkpad.RoleMunicipality]
		for _, path := range []string{"/sw", "/sw?gemeente=GM1945", "/sw?peildatum=01-06-2020"} {
			resp, body := get(t, g, ts.URL+path)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "Kwekerij Berg en Dal") || strings.Contains(body, `href="/sw/`+id(f.other.ID)+`"`) ||
				strings.Contains(body, "GM1945") || strings.Contains(body, "Berg en Dal") {
				t.Errorf("%s as gemeente GM0268: %d or shows Berg en Dal", path, resp.StatusCode)
			}
		}
		_, body := get(t, g, ts.URL+"/sw")
		if !strings.Contains(body, `href="/sw/`+id(f.own.ID)+`"`) || !strings.Contains(body, "1 Wsw-medewerker in dienst") {
			t.Errorf("gemeente GM0268 does not see its own Wsw employee in list and count")
		}
		// The controller sees both, and the total.
		_, body = get(t, f.clients[werkpad.RoleController], ts.URL+"/sw")
		if !strings.Contains(body, "2 Wsw-medewerkers in dienst") || !strings.Contains(body, `href="/sw/`+id(f.other.ID)+`"`) || !strings.Contains(body, "Totaal") {
			t.Errorf("controller does not see both Wsw employees")
		}
		for _, path := range []string{"/sw/" + id(f.other.ID), "/sw/999999", "/sw/abc", "/sw/0"} {
			resp, body := get(t, g, ts.URL+path)
			if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "Kwekerij Berg en Dal") {
				t.Errorf("%s as gemeente GM0268: %d, want 404 without the other's data", path, resp.StatusCode)
			}
		}
		today := werkpad.Today(timeNow())
		lks := "/loonkostensubsidies?van=" + today.Dutch() + "&tot=" + today.AddYears(1).AddDays(1).Dutch()
		_, body = get(t, g, ts.URL+lks)
		if !strings.Contains(body, `href="/kandidaten/`+id(f.caseworkFixture.own.ID)+`#plaatsingen"`) ||
			strings.Contains(body, `href="/kandidaten/`+id(f.caseworkFixture.other.ID)+`#plaatsingen"`) || !strings.Contains(body, "1 herbeoordeling ") {
			t.Errorf("re-assessments as gemeente GM0268: not exactly its own")
		}
		_, body = get(t, f.clients[werkpad.RoleConsultant], ts.URL+lks)
		if !strings.Contains(body, "2 herbeoordelingen") {
			t.Errorf("re-assessments as consulent: want both")
		}
	})
}

// TestSWForms proves that the controller records an employee, a werkvorm
// change, sick leave and the end of the employment, and that wrong input
// gives 422 with an error summary linking to the field and stores nothing.
func TestSWForms(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		c := f.clients[werkpad.RoleController]
		own := ts.URL + "/sw/" + id(f.own.ID)
		newForm := url.Values{"gemeente": {"GM0268"}, "se": {"0,85"}, "werkvorm": {"groepsdetachering"}, "begindatum": {"01-02-2012"},
			"locatie": {"Montage"}, "werkgever": {"Bakkerij De Waal"}, "personeelsnummer": {"P-20451"}}
		bad := []struct {
			name, path string
			form       url.Values
			field      string
		}{
			{"SE not a number", "/sw", with(newForm, "se", "0,8x"), "se"},
			{"SE too large", "/sw", with(newForm, "se", "2,5"), "se"},
			{"SE too precise", "/sw", with(newForm, "se", "0,8505"), "se"},
			{"unknown werkvorm", "/sw", with(newForm, "werkvorm", "thuiswerken"), "werkvorm"},
			{"start date not a date", "/sw", with(newForm, "begindatum", "31-02-2012"), "begindatum"},
			{"no municipality", "/sw", with(newForm, "gemeente", ""), "gemeente"},
			{"personnel number with spaces", "/sw", with(newForm, "personeelsnummer", "P 20 451"), "personeelsnummer"},
			{"werkvorm unknown", "/sw/" + id(f.own.ID) + "/werkvorm", url.Values{"werkvorm": {"thuiswerken"}, "werkvorm-van": {"01-01-2025"}}, "werkvorm"},
			{"werkvorm before start", "/sw/" + id(f.own.ID) + "/werkvorm", url.Values{"werkvorm": {"groepsdetachering"}, "werkvorm-van": {"01-01-2009"}}, "werkvorm-van"},
			{"sick leave dates reversed", "/sw/" + id(f.own.ID) + "/verzuim", url.Values{"verzuim-van": {"10-05-2025"}, "verzuim-tot": {"01-05-2025"}, "verzuim-percentage": {"100"}}, "verzuim-tot"},
			{"sick leave percentage", "/sw/" + id(f.own.ID) + "/verzuim", url.Values{"verzuim-van": {"10-05-2025"}, "verzuim-percentage": {"120"}}, "verzuim-percentage"},
			{"end before start", "/sw/" + id(f.own.ID) + "/einde", url.Values{"einddatum": {"01-01-2009"}}, "einddatum"},
			{"SE change not a number", "/sw/" + id(f.own.ID) + "/gegevens", url.Values{"se": {"veel"}, "se-per": {"01-01-2024"}}, "se"},
			{"SE change before the employment", "/sw/" + id(f.own.ID) + "/gegevens", url.Values{"se": {"0,5"}, "se-per": {"01-01-2009"}}, "se-per"},
		}
		for _, b := range bad {
			resp, body := postForm(t, c, ts.URL+b.path, b.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", b.name, resp.StatusCode)
			}
			if !strings.Contains(body, "werkpad-error-summary") || !strings.Contains(body, `href="#`+b.field+`"`) || !strings.Contains(body, `id="`+b.field+`"`) {
				t.Errorf("%s: no error summary linking to #%s", b.name, b.field)
			}
		}
		if n := f.count(t); n != 2 {
			t.Errorf("after wrong input: %d Wsw employees, want 2", n)
		}
		rec := f.record(t, f.own.ID)
		if len(rec.Werkvormen) != 1 || len(rec.SickLeave) != 0 || !rec.Period.Open() || rec.Werkvorm != werkpad.WerkvormShelteredInside {
			t.Errorf("after wrong input the employee changed: %+v", rec)
		}

		resp, _ := postForm(t, c, ts.URL+"/sw", newForm)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sw/") {
			t.Fatalf("create: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body := get(t, c, ts.URL+resp.Header.Get("Location"))
		for _, want := range []string{"Nijmegen", "0,850", "01-02-2012", "Groepsdetachering", "Montage", "Bakkerij De Waal", "<h1 class=\"utrecht-heading-1\">SW-medewerker P-20451</h1>"} {
			if !strings.Contains(body, want) {
				t.Errorf("new employee page lacks %q", want)
			}
		}
		// The personnel number finds him and is his alone.
		if _, body := get(t, c, ts.URL+"/sw?zoek=p-204"); !strings.Contains(body, ">SW-medewerker P-20451</a>") || !strings.Contains(body, "1 Wsw-medewerker in dienst") {
			t.Error("the list does not find the employee by the start of his personnel number")
		}
		if _, body := get(t, c, ts.URL+"/sw?zoek=X-999"); !strings.Contains(body, "met een personeelsnummer dat begint met") {
			t.Error("a search without result does not say so")
		}
		if resp, body := postForm(t, c, ts.URL+"/sw", newForm); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "al in gebruik") || !strings.Contains(body, `href="#personeelsnummer"`) {
			t.Errorf("a second employee with the same personnel number: status %d", resp.StatusCode)
		}

		for _, step := range []struct {
			path string
			form url.Values
		}{
			{"/werkvorm", url.Values{"werkvorm": {"individuele_detachering"}, "werkvorm-van": {"01-01-2024"}}},
			{"/verzuim", url.Values{"verzuim-van": {"01-03-2024"}, "verzuim-tot": {"15-03-2024"}, "verzuim-percentage": {"50"}}},
			{"/gegevens", url.Values{"se": {"0,6"}, "se-per": {"01-07-2024"}, "locatie": {"Inpak"}, "werkgever": {""}}},
			{"/einde", url.Values{"einddatum": {"31-12-2025"}}},
		} {
			if resp, body := postForm(t, c, own+step.path, step.form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: %d\n%s", step.path, resp.StatusCode, body)
			}
		}
		rec = f.record(t, f.own.ID)
		want := []werkpad.SWWerkvormPeriod{
			{Werkvorm: werkpad.WerkvormShelteredInside, Period: werkpad.Period{From: werkpad.MustParseDate("2010-03-01"), To: werkpad.MustParseDate("2023-12-31")}},
			{Werkvorm: werkpad.WerkvormIndividualSecondment, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2025-12-31")}},
		}
		if len(rec.Werkvormen) != 2 || rec.Werkvormen[0] != want[0] || rec.Werkvormen[1] != want[1] {
			t.Errorf("werkvormen: got %+v, want %+v", rec.Werkvormen, want)
		}
		if len(rec.SickLeave) != 1 || rec.SickLeave[0].Percent != 50 || rec.Period.To != werkpad.MustParseDate("2025-12-31") {
			t.Errorf("sick leave or end not stored: %+v", rec)
		}
		if rec.SEThousandths != 600 || rec.Location != "Inpak" || len(rec.SEPeriods) != 2 || rec.SEPeriods[0].Period.To != werkpad.MustParseDate("2024-06-30") ||
			rec.SEPeriods[1].Period.To != werkpad.MustParseDate("2025-12-31") {
			t.Errorf("SE change not dated: %+v", rec)
		}
		_, body = get(t, c, own)
		for _, w := range []string{"Individuele detachering", "01-01-2024", "15-03-2024", "50%", "31-12-2025", "0,600", "30-06-2024", "Inpak"} {
			if !strings.Contains(body, w) {
				t.Errorf("employee page lacks %q", w)
			}
		}
		// A second change on or before the last is a conflict, shown on the form.
		if resp, body := postForm(t, c, own+"/werkvorm", url.Values{"werkvorm": {"begeleid_werken"}, "werkvorm-van": {"01-06-2023"}}); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(body, `href="#werkvorm-van"`) {
			t.Errorf("werkvorm change before the last: %d, want 409 with the error on the date", resp.StatusCode)
		}
	})
}

func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	return out
}
