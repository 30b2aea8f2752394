package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"werkpad"
	whttp "werkpad/http"
	"werkpad/store"
)

// checkLogboekCoverage runs after the exhaustive walk of every route by
// every role: every record is filed under a processing activity of the
// register (a route that processes personal data but is not mapped to an
// activity fails here), and the routes that show a person wrote records.
func checkLogboekCoverage(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := werkpad.OperatorContext(context.Background())
	log := store.NewProcessingLog(ts.db)
	recs, total, err := log.FindProcessing(ctx, werkpad.ProcessingFilter{Activity: werkpad.ActivityUnclassified, Page: werkpad.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	if total > 0 {
		var names []string
		for _, r := range recs {
			if !slices.Contains(names, r.Name) {
				names = append(names, r.Name)
			}
		}
		t.Errorf("logboek: %d records of routes without a processing activity (map them in activityFor): %s", total, strings.Join(names, ", "))
	}
	// Routes that open one person or list people, in the UI and the API.
	for _, name := range []string{"GET /kandidaten/{id}", "GET /api/v1/kandidaten/{id}", "GET /kandidaten", "GET /api/v1/kandidaten",
		"GET /aanmeldingen/{id}", "GET /signalen/{id}", "GET /api/v1/plaatsingen/{id}", "GET /api/v1/trajecten/{id}",
		"GET /api/v1/uitstroom/{id}", "GET /sw/{id}", "GET /kandidaten/{id}/werkprofiel", "GET /vacatures/{id}",
		"GET /klachten/{id}", "GET /api/v1/klachten/{id}"} {
		found := false
		for page := 0; !found; page++ {
			rs, n, err := log.FindProcessing(ctx, werkpad.ProcessingFilter{Page: werkpad.Page{Offset: page * 500, Limit: 500}})
			if err != nil {
				t.Fatal(err)
			}
			found = slices.ContainsFunc(rs, func(r *werkpad.ProcessingRecord) bool { return r.Name == name && r.Status == werkpad.StatusOK })
			if (page+1)*500 >= n {
				break
			}
		}
		if !found {
			t.Errorf("logboek: no record of %s, which shows personal data", name)
		}
	}
}

// TestLogboekDataverwerkingen: opening a candidate writes one record for
// him with the caller's trace context and the route's activity; a refused
// request for another municipality's candidate writes none; the beheerder
// finds the record per person, nobody else can read the Logboek.
func TestLogboekDataverwerkingen(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		consultant := ts.mustUser(t, "consulent@werkbedrijf.nl", werkpad.RoleConsultant)
		ts.mustUser(t, "gemeente@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		ts.mustUser(t, "beheer@werkbedrijf.nl", werkpad.RoleAdmin)
		cons, bd, admin := ts.client(t, "consulent@werkbedrijf.nl"), ts.client(t, "gemeente@bergendal.nl"), ts.client(t, "beheer@werkbedrijf.nl")
		c := &werkpad.Candidate{BSN: bsnNijmegen, GivenName: "Noor", Surname: "Nijmeegs", BirthDate: werkpad.MustParseDate("1990-05-17"),
			MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-02")}
		sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		if err := store.NewCandidateService(ts.db, sealer).CreateCandidate(as(consultant), c); err != nil {
			t.Fatal(err)
		}

		mine := &werkpad.Candidate{BSN: bsnBergEnDal, GivenName: "Mijn", Surname: "Kandidaat", BirthDate: werkpad.MustParseDate("1985-01-10"),
			MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-02"), ConsultantID: consultant.ID}
		if err := store.NewCandidateService(ts.db, sealer).CreateCandidate(as(consultant), mine); err != nil {
			t.Fatal(err)
		}
		// The consulent's start page reads every running placement to find
		// his own; it shows none of this candidate (not his), so it
		// records none.
		pl := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Bakkerij De Waal", Period: werkpad.Period{From: werkpad.MustParseDate("2024-02-01")},
			ContractMinutesPerWeek: 1470, ContractType: werkpad.ContractFixedTerm}
		if err := store.NewPlacementService(ts.db).CreatePlacement(as(consultant), pl); err != nil {
			t.Fatal(err)
		}
		if resp, _ := get(t, cons, ts.URL+"/"); resp.StatusCode != 200 {
			t.Fatalf("start page: %d", resp.StatusCode)
		}

		const trace, parent = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
		req, _ := http.NewRequest("GET", ts.URL+fmt.Sprintf("/kandidaten/%d", c.ID), nil)
		req.Header.Set("traceparent", "00-"+trace+"-"+parent+"-01")
		resp, err := cons.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("candidate page: %d", resp.StatusCode)
		}
		// Berg en Dal may not see a Nijmegen candidate: 404, no processing.
		if resp, _ := get(t, bd, ts.URL+fmt.Sprintf("/kandidaten/%d", c.ID)); resp.StatusCode != 404 {
			t.Fatalf("foreign candidate: %d", resp.StatusCode)
		}

		var page struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"totaal"`
		}
		// The records are written before the answer leaves: they are
		// there as soon as the client has the page.
		resp, body := get(t, admin, ts.URL+fmt.Sprintf("/api/v1/logboek?betrokkeneSoort=kandidaat&betrokkeneId=%d", c.ID))
		if resp.StatusCode != 200 {
			t.Fatalf("logboek: %d %s", resp.StatusCode, body)
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		var opened map[string]any
		for _, it := range page.Items {
			if it["name"] == "GET /kandidaten/{id}" {
				if opened != nil {
					t.Errorf("two records for one opening: %v", page.Items)
				}
				opened = it
			}
			if it["name"] == "GET /{$}" {
				t.Errorf("the start page recorded a candidate it does not show: %v", it)
			}
			if it["rol"] == string(werkpad.RoleMunicipality) {
				t.Errorf("a refused request was logged as processing: %v", it)
			}
		}
		if opened == nil {
			t.Fatalf("no record of opening the candidate: %s", body)
		}
		for k, want := range map[string]any{"trace_id": trace, "parent_operation_id": parent, "status_code": "STATUS_CODE_OK",
			"verwerkingsactiviteit": werkpad.ActivityReintegration, "betrokkeneSoort": "kandidaat", "betrokkeneId": float64(c.ID), "rol": "consulent"} {
			if opened[k] != want {
				t.Errorf("record %s = %v, want %v (%v)", k, opened[k], want, opened)
			}
		}
		if op, _ := opened["operation_id"].(string); len(op) != 16 {
			t.Errorf("operation_id %q: want 8 bytes in hex", op)
		}
		// The UI page shows it with the register; others may not read it.
		if resp, html := get(t, admin, ts.URL+fmt.Sprintf("/beheer/logboek?soort=kandidaat&nummer=%d", c.ID)); resp.StatusCode != 200 ||
			!strings.Contains(html, "GET /kandidaten/{id}") || !strings.Contains(html, "Re-integratie en begeleiding naar werk") ||
			!strings.Contains(html, "Participatiewet art. 7") {
			t.Errorf("logboek page: %d", resp.StatusCode)
		}
		if resp, html := get(t, admin, ts.URL+"/beheer/logboek?nummer=12"); resp.StatusCode != 422 || !strings.Contains(html, "Kies de soort betrokkene") {
			t.Errorf("number without kind: %d", resp.StatusCode)
		}
		if resp, _ := get(t, cons, ts.URL+"/api/v1/logboek"); resp.StatusCode != 403 {
			t.Errorf("consulent reads the logboek: %d", resp.StatusCode)
		}
		if resp, _ := get(t, admin, ts.URL+"/api/v1/logboek?betrokkeneSoort=buurman&betrokkeneId=1"); resp.StatusCode != 400 {
			t.Errorf("unknown kind: %d", resp.StatusCode)
		}
		// Every activity constant is in the register as shipped.
		acts, err := store.NewProcessingLog(ts.db).FindProcessingActivities(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{werkpad.ActivityReintegration, werkpad.ActivityReferral, werkpad.ActivitySignals, werkpad.ActivityEmployerService,
			werkpad.ActivityWageSubsidy, werkpad.ActivitySW, werkpad.ActivityAccountability, werkpad.ActivityComplaints, werkpad.ActivityUnclassified} {
			if !slices.ContainsFunc(acts, func(a *werkpad.ProcessingActivity) bool { return a.ID == id && a.LegalBasis != "" && a.Purpose != "" }) {
				t.Errorf("activity %s missing from the register", id)
			}
		}
	})
}

// brokenLog is a Logboek whose writes fail (a full disk, a lost database).
type brokenLog struct{ werkpad.ProcessingLog }

func (brokenLog) AppendProcessing(context.Context, []werkpad.ProcessingRecord) error {
	return errors.New("schijf vol")
}

// TestLogboekFailureWithholdsData: when the Logboek cannot be written, a
// page with personal data is refused (503, no name, no BSN), pages without
// personal data still work, and a change that was stored is answered as
// stored.
func TestLogboekFailureWithholdsData(t *testing.T) {
	ts := newTestServer(t, store.SQLite, func(s *whttp.Server) { s.Logboek = brokenLog{s.Logboek} })
	consultant := ts.mustUser(t, "consulent@werkbedrijf.nl", werkpad.RoleConsultant)
	sealer, err := store.NewSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	c := &werkpad.Candidate{BSN: bsnNijmegen, GivenName: "Noor", Surname: "Nijmeegs", BirthDate: werkpad.MustParseDate("1990-05-17"),
		MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-02")}
	if err := store.NewCandidateService(ts.db, sealer).CreateCandidate(as(consultant), c); err != nil {
		t.Fatal(err)
	}
	cl := ts.client(t, "consulent@werkbedrijf.nl")
	for _, path := range []string{fmt.Sprintf("/kandidaten/%d", c.ID), fmt.Sprintf("/api/v1/kandidaten/%d", c.ID), "/kandidaten"} {
		resp, body := get(t, cl, ts.URL+path)
		if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(body, "Nijmeegs") || strings.Contains(body, bsnNijmegen) {
			t.Errorf("%s with a broken Logboek: %d, shows the person: %v", path, resp.StatusCode, strings.Contains(body, "Nijmeegs"))
		}
		if resp.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: refusal carries Content-Disposition", path)
		}
	}
	if resp, _ := get(t, cl, ts.URL+"/gemeenten"); resp.StatusCode != http.StatusOK {
		t.Errorf("a page without personal data: %d", resp.StatusCode)
	}
}

// TestRetentionPage: the beheerder sees the terms and a dry run that names
// an expired candidate without changing him.
func TestRetentionPage(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		admin := f.clients[werkpad.RoleAdmin]
		if _, page := get(t, admin, ts.URL+"/beheer/bewaartermijnen"); !strings.Contains(page, "10 jaar na zijn uitschrijving") || !strings.Contains(page, "niets is over zijn bewaartermijn") {
			t.Fatalf("empty dry run page: %s", page)
		}
		old := &werkpad.Candidate{BSN: "555555550", GivenName: "Oud", Surname: "Dossier", BirthDate: werkpad.MustParseDate("1960-01-01"),
			MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2010-01-04"),
			DeregisteredOn: werkpad.MustParseDate("2012-02-29")}
		if err := f.candidates.CreateCandidate(as(f.consultant), old); err != nil {
			t.Fatal(err)
		}
		_, page := get(t, admin, ts.URL+"/beheer/bewaartermijnen")
		if !strings.Contains(page, "1 kandidaat en 0 aanmeldingen zouden nu worden geanonimiseerd") || !strings.Contains(page, "28-02-2022") && !strings.Contains(page, "29-02-2022") {
			t.Errorf("dry run page: %s", page)
		}
		if c, err := f.candidates.FindCandidateByID(as(f.consultant), old.ID); err != nil || c.Surname != "Dossier" {
			t.Errorf("the dry run changed the candidate: %v %+v", err, c)
		}
	})
}
