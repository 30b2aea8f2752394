package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"werkpad"
	whttp "werkpad/http"
)

// validWrites are bodies that pass validation for the writes on one
// record, so that the answer shows what the server decides about the
// record and the role, not about the body. "{kandidaat}" is filled with the
// case's candidate (a body that names a person is a path too).
var validWrites = map[string]string{
	"POST /api/v1/overeenkomsten/{versie}/wijzigingen/{id}/goedkeuringen": `{"partij":"gemeente","goedgekeurdOp":"2025-01-10","naam":"Wethouder","documentkenmerk":"B-1"}`,
	"PATCH /api/v1/kandidaten/{id}":                                       `{"achternaam":"X"}`,
	"POST /api/v1/kandidaten/{id}/uitkeringen":                            `{"soort":"bijstand","van":"2020-01-01","tot":"2020-12-31"}`,
	"PUT /api/v1/kandidaten/{id}/uitkeringen":                             `{"items":[{"soort":"bijstand","van":"2023-06-01"}]}`,
	"POST /api/v1/kandidaten/{id}/indicaties":                             `{"soort":"statushouder","van":"2023-01-01"}`,
	"PUT /api/v1/kandidaten/{id}/indicaties":                              `{"items":[{"soort":"banenafspraak","van":"2023-01-01"}]}`,
	"POST /api/v1/kandidaten/{id}/fasen":                                  `{"fase":"bemiddelen","van":"2024-04-01"}`,
	"PUT /api/v1/kandidaten/{id}/fasen":                                   `{"items":[{"fase":"bemiddelen","van":"2024-01-15"}]}`,
	"POST /api/v1/aanmeldingen/{id}/intake-gepland":                       `{"datum":"2024-03-02","intake":{"datum":"2024-03-10","locatie":"Stadhuis","dagdeel":"ochtend"}}`,
	"POST /api/v1/aanmeldingen/{id}/intake-gehouden":                      `{"datum":"2024-03-10"}`,
	"POST /api/v1/aanmeldingen/{id}/terugmelding":                         `{"datum":"2024-03-11","uitkomst":"niet-passend"}`,
	"POST /api/v1/trajecten/{id}/beeindiging":                             `{"datum":"2024-12-31"}`,
	"PATCH /api/v1/plaatsingen/{id}":                                      `{"contractMinutenPerWeek":1440}`,
	"POST /api/v1/plaatsingen/{id}/beeindiging":                           `{"datum":"2024-12-31"}`,
	"POST /api/v1/signalen/{id}/besluit":                                  `{"besluit":"geen-maatregel","besluitdatum":"2024-05-10"}`,
	"POST /api/v1/vacatures/{id}/voorstellen":                             `{"kandidaatId":{kandidaat}}`,
	"PATCH /api/v1/voorstellen/{id}":                                      `{"status":"afgewezen","datum":"2024-05-10","reden":"Past niet"}`,
	"PUT /api/v1/kandidaten/{id}/werkprofiel":                             `{"beroepen":["9112"],"maxMinutenPerWeek":1800}`,
	"POST /aanmeldingen/{id}/intake-plannen":                              "intake-datum=10-03-2024&intake-locatie=Stadhuis&intake-dagdeel=ochtend",
	"POST /aanmeldingen/{id}/intake-vastleggen":                           "gehouden-datum=10-03-2024",
	"POST /aanmeldingen/{id}/terugmelden":                                 "terug-datum=11-03-2024&uitkomst=niet-passend",
	"POST /signalen/{id}/besluit":                                         "besluit=geen-maatregel&besluitdatum=10-05-2024",
	"POST /vacatures/{id}/voorstellen":                                    "kandidaat={kandidaat}",
	"POST /vacatures/{id}/voorstellen/{voorstel}":                         "status=afgewezen&datum=10-05-2024&reden=Past+niet&bevestig=ja",
	"POST /trajecten/{id}/beeindigen":                                     "datum=31-12-2024",
	"POST /plaatsingen/{id}/beeindigen":                                   "datum=31-12-2024",
	"POST /kandidaten/{id}/fase":                                          "fase=bemiddelen&van=01-04-2024",
	"POST /kandidaten/{id}/signaal":                                       "datum=01-05-2024&gedrag=Niet+verschenen&advies=Maatregel",
}

// TestOutOfScopeIsNotFound proves issue 15.5: every write on one record
// (every route of the route table with a record in its path, or a person
// in its body), with a body that passes validation, answers a scoped user
// of every role the same for another municipality's record as for one
// that does not exist: 404 — never 403, whatever the role. A 403 is only
// for a record in scope that the role may not change.
func TestOutOfScopeIsNotFound(t *testing.T) {
	routes := whttp.NewServer().Routes()
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		d, _ := newTenancyFixture(t, ts)
		var callers []tenancyRole
		for _, r := range werkpad.Roles {
			email := "scope-" + string(r) + "@nijmegen.nl"
			ts.mustUser(t, email, r, own)
			callers = append(callers, tenancyRole{name: string(r), role: r, c: ts.client(t, email)})
		}
		d.addTokens(t, ts, "scope-"+string(werkpad.RoleConsultant)+"@nijmegen.nl")
		checked := 0
		for _, rt := range routes {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			body, ok := validWrites[rt.Pattern]
			if method == http.MethodGet || (!d.tenantPath(path) && !ok) {
				continue
			}
			for _, tr := range callers {
				got := map[tenancyCase]int{}
				for _, c := range []tenancyCase{caseForeign, caseAbsent} {
					p, _, err := d.fill(path, c)
					if err != nil {
						t.Fatalf("%s: %v", rt.Pattern, err)
					}
					cand := absentID
					if c == caseForeign {
						cand = d.ids["kandidaat"][caseForeign]
					}
					b := strings.ReplaceAll(body, "{kandidaat}", cand)
					req, _ := http.NewRequest(method, ts.URL+p, strings.NewReader(b))
					if strings.HasPrefix(path, "/api/") {
						if b == "" {
							req.Body = io.NopCloser(strings.NewReader("{}"))
						}
						req.Header.Set("Content-Type", "application/json")
					} else {
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					}
					resp, err := tr.c.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					msg, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					got[c] = resp.StatusCode
					if resp.StatusCode == http.StatusForbidden {
						continue // allowed only when it is 403 for no record too: below
					}
					if resp.StatusCode != http.StatusNotFound {
						t.Errorf("%s as %s (%s): %d, want 404: %.200s", rt.Pattern, tr.name, c, resp.StatusCode, msg)
					}
				}
				// 403 says "your role may never do this": decided before the
				// record is looked up, so the same for a record that does not
				// exist.
				if got[caseForeign] != got[caseAbsent] {
					t.Errorf("%s as %s: %d for another municipality's record, %d for none", rt.Pattern, tr.name, got[caseForeign], got[caseAbsent])
				}
				checked++
			}
		}
		t.Logf("out of scope: %d route × role pairs checked", checked)
	})
}
