package http_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAPIBodyValidation proves that every request body is checked against
// the schema openapi.json publishes: a PUT of a list without its required
// "items" (or with null) is a 400 naming the field and deletes nothing;
// unknown municipality codes, implausible dates, oversized texts, control
// characters and invalid UTF-8 are refused with the field named.
func TestAPIBodyValidation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		f := makeCaseFile(t, u, u.gem, apiBSNNijmegen, "GM0268", "Nijmeegs")
		c := u.cons

		// Issue 15.3: no silent delete of a history list.
		for _, list := range []string{"fasen", "uitkeringen", "indicaties"} {
			get := "GET /api/v1/kandidaten/{id}/" + list
			put := "PUT /api/v1/kandidaten/{id}/" + list
			before := c.do(t, get, f.candidate, "", nil).want(t, get, 200).total()
			for _, body := range []any{map[string]any{}, map[string]any{"items": nil}} {
				c.do(t, put, f.candidate, "", body).want(t, put+" without items", 400, "items")
			}
			if after := c.do(t, get, f.candidate, "", nil).total(); after != before {
				t.Errorf("%s: %d entries after refused PUTs, want %d", list, after, before)
			}
		}
		if n := c.do(t, "GET /api/v1/kandidaten/{id}/fasen", f.candidate, "", nil).total(); n == 0 {
			t.Errorf("the case file has no phase to lose; the test proves nothing")
		}

		// Issue 15.4: codes must exist, dates be plausible, texts bounded.
		u.wga.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "12345678", "naam": "X", "gemeente": "GM9999"}).
			want(t, "employer in GM9999", 400, "gemeente")
		emp := u.wga.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "12345678", "naam": "Bakkerij", "gemeente": "GM0268"}).
			want(t, "employer", 201).id()
		vac := map[string]any{"werkgeverId": emp, "titel": "Bakker", "beroep": "7512", "minutenPerWeek": 1800, "gemeente": "GM9999"}
		u.wga.do(t, "POST /api/v1/vacatures", 0, "", vac).want(t, "vacancy in GM9999", 400, "gemeente")
		vac["gemeente"] = "GM0268"
		v := u.wga.do(t, "POST /api/v1/vacatures", 0, "", vac).want(t, "vacancy", 201).id()
		u.wga.do(t, "PATCH /api/v1/vacatures/{id}", v, "", map[string]any{"gemeente": "GM9999"}).want(t, "vacancy moved to GM9999", 400, "gemeente")

		sig := func(datum, gedrag string) map[string]any {
			return map[string]any{"kandidaatId": f.candidate, "datum": datum, "gedrag": gedrag, "advies": "Maatregel", "geadviseerdBesluit": "maatregel"}
		}
		c.do(t, "POST /api/v1/signalen", 0, "", sig("0001-01-01", "Niet verschenen")).want(t, "signal dated 0001", 400, "datum")
		c.do(t, "POST /api/v1/signalen", 0, "", sig("2024-05-01", strings.Repeat("x", 100<<10))).want(t, "signal of 100 KB", 400, "gedrag")
		c.do(t, "POST /api/v1/signalen", 0, "", sig("2024-05-01", "a\x00b")).want(t, "signal with NUL", 400, "gedrag")
		c.do(t, "POST /api/v1/signalen", 0, "", sig("2024-05-01", "\x1b[31mrood")).want(t, "signal with ANSI escape", 400, "gedrag")
		body := candidateBody(apiBSNNijmegen2, "GM0268", strings.Repeat("a", 201))
		c.do(t, "POST /api/v1/kandidaten", 0, "", body).want(t, "surname of 201 characters", 400, "achternaam")
		body = candidateBody(apiBSNNijmegen2, "GM0268", "Jansen")
		body["geboortedatum"] = "1850-01-01"
		c.do(t, "POST /api/v1/kandidaten", 0, "", body).want(t, "born 1850", 400, "geboortedatum")

		// Invalid UTF-8 (a Latin-1 body) never reaches the database.
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/signalen", bytes.NewReader([]byte(
			`{"kandidaatId":`+itoa(f.candidate)+`,"datum":"2024-05-01","gedrag":"caf`+"\xe9"+`","advies":"x"}`)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), "UTF-8") {
			t.Errorf("Latin-1 body: %d %s", resp.StatusCode, b)
		}
		if n := c.do(t, "GET /api/v1/signalen", 0, "", nil).total(); n != 1 {
			t.Errorf("signals after refused ones: %d, want 1", n)
		}
	})
}

// TestFormTextRules proves that the forms apply the same text rules: a
// control character in a field is refused with the field named.
func TestFormTextRules(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		newCaseworkUsers(t, ts)
		c := ts.client(t, "c@werkbedrijf.nl")
		resp, err := c.PostForm(ts.URL+"/kandidaten", url.Values{"bsn": {apiBSNNijmegen}, "voornaam": {"A"},
			"achternaam": {"B\x1b[2J"}, "geboortedatum": {"01-01-1990"}, "gemeente": {"GM0268"},
			"dienstverlening": {"arbeidsbemiddeling"}, "ingeschreven": {"01-02-2024"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "stuurteken") {
			t.Errorf("form with an escape character: %d, want 422 naming the control character", resp.StatusCode)
		}
	})
}
