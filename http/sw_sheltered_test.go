package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
)

// shelteredCounts returns how many indications and employments are stored.
func (f *swFixture) shelteredCounts(t *testing.T) (int, int) {
	t.Helper()
	inds, emps, err := f.sw.ShelteredRecords(as(f.controller), werkpad.Period{From: werkpad.MustParseDate("1990-01-01"), To: werkpad.MustParseDate("2100-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	return len(inds), len(emps)
}

// addedValue returns the stored rate and months of 2024.
func (f *swFixture) addedValue(t *testing.T) (*werkpad.SWAddedValueRate, []werkpad.SWAddedValueMonth) {
	t.Helper()
	r, ms, err := f.sw.AddedValueYear(as(f.controller), 2024)
	if err != nil {
		t.Fatal(err)
	}
	return r, ms
}

// TestSWShelteredAddedValueRoles proves that every reader of SW sees
// beschut werk, the controller and the consulent see the regional
// toegevoegde waarde, and only the controller records anything.
func TestSWShelteredAddedValueRoles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		read := []werkpad.Role{werkpad.RoleController, werkpad.RoleConsultant, werkpad.RoleMunicipality}
		readValue := []werkpad.Role{werkpad.RoleController, werkpad.RoleConsultant}
		for _, p := range []struct {
			path  string
			roles []werkpad.Role
		}{
			{"/sw/beschut", read},
			{"/sw/beschut?jaar=2024", read},
			{"/sw/toegevoegde-waarde", readValue},
			{"/sw/toegevoegde-waarde?jaar=2024", readValue},
		} {
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
		// The links on /sw follow the same roles; the forms are the controller's.
		for _, r := range read {
			_, body := get(t, f.clients[r], ts.URL+"/sw")
			if !strings.Contains(body, `href="/sw/beschut"`) || strings.Contains(body, `href="/sw/toegevoegde-waarde"`) != contains(roleNames(readValue), string(r)) {
				t.Errorf("/sw as %s: links to the SW pages wrong", r)
			}
			_, body = get(t, f.clients[r], ts.URL+"/sw/beschut")
			if got, want := strings.Contains(body, `action="/sw/beschut/indicaties"`), r == werkpad.RoleController; got != want {
				t.Errorf("/sw/beschut as %s: form shown %v, want %v", r, got, want)
			}
			_, body = get(t, f.clients[r], ts.URL+"/sw/"+id(f.own.ID))
			if got, want := strings.Contains(body, `action="/sw/`+id(f.own.ID)+`/status"`), r == werkpad.RoleController; got != want {
				t.Errorf("/sw/{id} as %s: status form shown %v, want %v", r, got, want)
			}
		}
		_, body := get(t, f.clients[werkpad.RoleConsultant], ts.URL+"/sw/toegevoegde-waarde")
		if strings.Contains(body, `action="/sw/toegevoegde-waarde/`) {
			t.Errorf("consulent sees a form on the toegevoegde waarde")
		}
		form := url.Values{"status": {"leegloop_inactief"}, "status-van": {"01-01-2025"},
			"indicatie-gemeente": {"GM0268"}, "indicatie-datum": {"01-03-2024"},
			"dienstverband-gemeente": {"GM0268"}, "dienstverband-van": {"01-03-2024"},
			"tarief-jaar": {"2024"}, "tarief": {"30"}, "begroting": {"8906"},
			"declaratie-jaar": {"2024"}, "declaratie-maand": {"1"}, "uren": {"1000"}, "fte": {"10"}}
		for _, path := range []string{"/sw/" + id(f.own.ID) + "/status", "/sw/beschut/indicaties", "/sw/beschut/dienstverbanden",
			"/sw/toegevoegde-waarde/tarief", "/sw/toegevoegde-waarde/declaraties"} {
			for _, r := range werkpad.Roles {
				if r == werkpad.RoleController {
					continue
				}
				if resp, _ := postForm(t, f.clients[r], ts.URL+path, form); resp.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s as %s: %d, want 403", path, r, resp.StatusCode)
				}
			}
		}
		if i, e := f.shelteredCounts(t); i != 0 || e != 0 {
			t.Errorf("after refused posts: %d indications, %d employments", i, e)
		}
		if r, ms := f.addedValue(t); r != nil || len(ms) != 0 {
			t.Errorf("after refused posts: rate %v, %d months", r, len(ms))
		}
		if rec := f.record(t, f.own.ID); len(rec.Statuses) != 0 {
			t.Errorf("after refused posts: statuses %+v", rec.Statuses)
		}
	})
}

// TestSWShelteredTenancy proves that a gemeente user of Nijmegen sees the
// beschut werk of Nijmegen only: not a row, a count or a name of Berg en
// Dal.
func TestSWShelteredTenancy(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		ctx := as(f.controller)
		for _, i := range []*werkpad.ShelteredIndication{
			{MunicipalityCode: "GM0268", IndicatedOn: werkpad.MustParseDate("2024-02-01")},
			{MunicipalityCode: "GM1945", IndicatedOn: werkpad.MustParseDate("2024-03-01")},
			{MunicipalityCode: "GM1945", IndicatedOn: werkpad.MustParseDate("2024-04-01")},
		} {
			if err := f.sw.AddShelteredIndication(ctx, i); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range []*werkpad.ShelteredEmployment{
			{MunicipalityCode: "GM0268", Period: werkpad.Period{From: werkpad.MustParseDate("2024-05-01")}},
			{MunicipalityCode: "GM1945", Period: werkpad.Period{From: werkpad.MustParseDate("2024-06-01"), To: werkpad.MustParseDate("2024-07-31")}},
		} {
			if err := f.sw.AddShelteredEmployment(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		g := f.clients[werkpad.RoleMunicipality]
		for _, path := range []string{"/sw/beschut?jaar=2024", "/sw/beschut", "/sw/beschut?jaar=2023"} {
			resp, body := get(t, g, ts.URL+path)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "Berg en Dal") || strings.Contains(body, "GM1945") || strings.Contains(body, "Totaal") {
				t.Errorf("%s as gemeente GM0268: %d or shows Berg en Dal", path, resp.StatusCode)
			}
		}
		_, body := get(t, g, ts.URL+"/sw/beschut?jaar=2024")
		if !strings.Contains(body, "1 nieuwe indicatie beschut werk in 2024") || !strings.Contains(body, "1 dienstverband beschut werk in 2024") ||
			!strings.Contains(body, "01-02-2024") || strings.Contains(body, "01-03-2024") {
			t.Errorf("gemeente GM0268 does not see exactly its own beschut werk")
		}
		_, body = get(t, f.clients[werkpad.RoleController], ts.URL+"/sw/beschut?jaar=2024")
		if !strings.Contains(body, "3 nieuwe indicaties beschut werk in 2024") || !strings.Contains(body, "2 dienstverbanden beschut werk in 2024") ||
			!strings.Contains(body, "Berg en Dal") || !strings.Contains(body, "Totaal") {
			t.Errorf("controller does not see the beschut werk of both municipalities")
		}
		// A gemeente cannot record for another municipality: the role stops him first.
		if resp, _ := postForm(t, g, ts.URL+"/sw/beschut/indicaties", url.Values{"indicatie-gemeente": {"GM1945"}, "indicatie-datum": {"01-01-2024"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente posts an indication: %d, want 403", resp.StatusCode)
		}
	})
}

// TestSWRemainingForms proves that the controller records a status, an
// indication, a dienstverband, a rate and a declaration, and that wrong
// input gives 422 (a clash 409) with an error summary linking to the
// field and stores nothing.
func TestSWRemainingForms(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newSWFixture(t, ts)
		c := f.clients[werkpad.RoleController]
		status := "/sw/" + id(f.own.ID) + "/status"
		st := url.Values{"status": {"niet_beschikbaar"}, "status-van": {"01-02-2024"}, "status-tot": {"30-04-2024"}}
		ind := url.Values{"indicatie-gemeente": {"GM0268"}, "indicatie-datum": {"15-01-2024"}}
		emp := url.Values{"dienstverband-gemeente": {"GM1945"}, "dienstverband-van": {"01-02-2024"}, "dienstverband-tot": {""}}
		rate := url.Values{"tarief-jaar": {"2024"}, "tarief": {"30,00"}, "begroting": {"8.906,00"}}
		decl := url.Values{"declaratie-jaar": {"2024"}, "declaratie-maand": {"1"}, "uren": {"100.000"}, "fte": {"800"}}
		bad := []struct {
			name, path string
			form       url.Values
			field      string
			code       int
		}{
			{"status unknown", status, with(st, "status", "vakantie"), "status", 422},
			{"status no start", status, with(st, "status-van", ""), "status-van", 422},
			{"status dates reversed", status, with(st, "status-tot", "01-01-2024"), "status-tot", 422},
			{"status before the employment", status, with(st, "status-van", "01-01-2009"), "status-van", 422},
			{"indication no municipality", "/sw/beschut/indicaties", with(ind, "indicatie-gemeente", ""), "indicatie-gemeente", 422},
			{"indication unknown municipality", "/sw/beschut/indicaties", with(ind, "indicatie-gemeente", "GM9999"), "indicatie-gemeente", 422},
			{"indication date", "/sw/beschut/indicaties", with(ind, "indicatie-datum", "31-02-2024"), "indicatie-datum", 422},
			{"employment no start", "/sw/beschut/dienstverbanden", with(emp, "dienstverband-van", ""), "dienstverband-van", 422},
			{"employment reversed", "/sw/beschut/dienstverbanden", with(emp, "dienstverband-tot", "01-01-2024"), "dienstverband-tot", 422},
			{"rate year", "/sw/toegevoegde-waarde/tarief", with(rate, "tarief-jaar", "24"), "tarief-jaar", 422},
			{"rate not an amount", "/sw/toegevoegde-waarde/tarief", with(rate, "tarief", "dertig"), "tarief", 422},
			{"budget empty", "/sw/toegevoegde-waarde/tarief", with(rate, "begroting", ""), "begroting", 422},
			{"declaration month", "/sw/toegevoegde-waarde/declaraties", with(decl, "declaratie-maand", "13"), "declaratie-maand", 422},
			{"declaration hours", "/sw/toegevoegde-waarde/declaraties", with(decl, "uren", "100,005"), "uren", 422},
			{"declaration fte", "/sw/toegevoegde-waarde/declaraties", with(decl, "fte", "-3"), "fte", 422},
			{"declaration no year", "/sw/toegevoegde-waarde/declaraties", with(decl, "declaratie-jaar", ""), "declaratie-jaar", 422},
		}
		for _, b := range bad {
			resp, body := postForm(t, c, ts.URL+b.path, b.form)
			if resp.StatusCode != b.code {
				t.Errorf("%s: status %d, want %d", b.name, resp.StatusCode, b.code)
			}
			if !strings.Contains(body, "werkpad-error-summary") || !strings.Contains(body, `href="#`+b.field+`"`) || !strings.Contains(body, `id="`+b.field+`"`) {
				t.Errorf("%s: no error summary linking to #%s", b.name, b.field)
			}
		}
		if i, e := f.shelteredCounts(t); i != 0 || e != 0 {
			t.Errorf("after wrong input: %d indications, %d employments", i, e)
		}
		if r, ms := f.addedValue(t); r != nil || len(ms) != 0 {
			t.Errorf("after wrong input: rate %v, %d months", r, len(ms))
		}
		if rec := f.record(t, f.own.ID); len(rec.Statuses) != 0 {
			t.Errorf("after wrong input: statuses %+v", rec.Statuses)
		}

		for _, step := range []struct {
			path string
			form url.Values
			to   string
		}{
			{status, st, "/sw/" + id(f.own.ID)},
			{"/sw/beschut/indicaties", ind, "/sw/beschut?jaar=2024#indicaties"},
			{"/sw/beschut/dienstverbanden", emp, "/sw/beschut?jaar=2024#dienstverbanden"},
			{"/sw/toegevoegde-waarde/tarief", rate, "/sw/toegevoegde-waarde?jaar=2024#tarief-en-begroting"},
			{"/sw/toegevoegde-waarde/declaraties", decl, "/sw/toegevoegde-waarde?jaar=2024#declaraties"},
			{"/sw/toegevoegde-waarde/declaraties", with(decl, "declaratie-maand", "2"), "/sw/toegevoegde-waarde?jaar=2024#declaraties"},
		} {
			resp, body := postForm(t, c, ts.URL+step.path, step.form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != step.to {
				t.Fatalf("POST %s: %d to %q, want %q\n%s", step.path, resp.StatusCode, resp.Header.Get("Location"), step.to, body)
			}
		}
		// A second status overlapping the first is a conflict, shown on the form.
		if resp, body := postForm(t, c, ts.URL+status, with(st, "status-van", "01-04-2024")); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(body, `href="#status-van"`) {
			t.Errorf("overlapping status: %d, want 409 with the error on the first day", resp.StatusCode)
		}
		rec := f.record(t, f.own.ID)
		want := werkpad.SWStatusPeriod{Status: werkpad.SWStatusUnavailable, Period: werkpad.Period{From: werkpad.MustParseDate("2024-02-01"), To: werkpad.MustParseDate("2024-04-30")}}
		if len(rec.Statuses) != 1 || rec.Statuses[0] != want {
			t.Errorf("statuses: %+v, want %+v", rec.Statuses, want)
		}
		_, body := get(t, c, ts.URL+"/sw/"+id(f.own.ID))
		if !strings.Contains(body, "Niet beschikbaar voor werk") || !strings.Contains(body, "30-04-2024") {
			t.Errorf("employee page lacks the status")
		}
		_, body = get(t, c, ts.URL+"/sw/beschut?jaar=2024")
		for _, w := range []string{"1 nieuwe indicatie beschut werk in 2024", "15-01-2024", "1 dienstverband beschut werk in 2024", "01-02-2024"} {
			if !strings.Contains(body, w) {
				t.Errorf("beschut werk lacks %q", w)
			}
		}
		r, ms := f.addedValue(t)
		if r == nil || r.CentsPerHour != 3000 || r.BudgetCentsPerFTE != 890600 || len(ms) != 2 || ms[0].DeclaredHours != 10_000_000 || ms[0].FTEThousandths != 800_000 {
			t.Errorf("rate %+v, months %+v", r, ms)
		}
		// 200.000 hours × €30 = €6.000.000 for 800 fte in two months: €7.500
		// per fte so far, €45.000 over twelve months.
		_, body = get(t, c, ts.URL+"/sw/toegevoegde-waarde?jaar=2024")
		for _, w := range []string{"€ 30,00", "€ 8.906,00", "januari 2024", "februari 2024", "100.000,00", "800,000", "€ 3.000.000,00",
			"€ 6.000.000,00", "€ 7.500,00", "€ 45.000,00", "€ 36.094,00"} {
			if !strings.Contains(body, w) {
				t.Errorf("toegevoegde waarde lacks %q", w)
			}
		}
		_, body = get(t, f.clients[werkpad.RoleConsultant], ts.URL+"/sw/toegevoegde-waarde?jaar=2024")
		if !strings.Contains(body, "€ 45.000,00") {
			t.Errorf("consulent does not read the forecast")
		}
		// A wrong year in the filter: 422, no figures.
		if resp, body := get(t, c, ts.URL+"/sw/toegevoegde-waarde?jaar=twintig"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#jaar"`) {
			t.Errorf("wrong year filter: %d, want 422 with the error on the year", resp.StatusCode)
		}
		if resp, body := get(t, c, ts.URL+"/sw/beschut?jaar=1"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#jaar"`) {
			t.Errorf("wrong year filter on beschut: %d, want 422 with the error on the year", resp.StatusCode)
		}
	})
}
