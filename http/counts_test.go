package http_test

import (
	"strings"
	"testing"

	"werkpad"
)

// TestNoCountsFromOutsideTheScope proves issue 15.1: a Berg en Dal user
// looking at a Berg en Dal vacancy filled by a Nijmegen candidate sees no
// hire (the proposals he can see say 0 too), in the API item, the list
// and the page; regional roles and Nijmegen see the hire.
func TestNoCountsFromOutsideTheScope(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := newCaseworkUsers(t, ts)
		cand := u.cons.do(t, "POST /api/v1/kandidaten", 0, "", candidateBody(apiBSNNijmegen, "GM0268", "Nijmeegs")).want(t, "candidate", 201).id()
		emp := u.wga.do(t, "POST /api/v1/werkgevers", 0, "", map[string]any{"kvk": "12345678", "naam": "Bakkerij", "gemeente": "GM1945"}).
			want(t, "employer", 201).id()
		vac := u.wga.do(t, "POST /api/v1/vacatures", 0, "", map[string]any{"werkgeverId": emp, "titel": "Bakker", "beroep": "7512",
			"minutenPerWeek": 1800, "aantalPlaatsen": 5, "gemeente": "GM1945"}).want(t, "vacancy", 201).id()
		p := u.wga.do(t, "POST /api/v1/vacatures/{id}/voorstellen", vac, "", map[string]any{"kandidaatId": cand}).want(t, "propose", 201).id()
		u.wga.do(t, "PATCH /api/v1/voorstellen/{id}", p, "", map[string]any{"status": "aangenomen", "datum": werkpad.Today(timeNow()).String(),
			"plaatsing": map[string]any{"contractsoort": "bepaald"}}).want(t, "hire", 200)

		hired := func(c *apiClient) (item, inList int) {
			a := c.do(t, "GET /api/v1/vacatures/{id}", vac, "", nil).want(t, "vacancy as "+c.name, 200)
			item = int(a.obj["aangenomen"].(float64))
			for _, v := range c.do(t, "GET /api/v1/vacatures", 0, "", nil).want(t, "vacancies as "+c.name, 200).items() {
				if int64(v["id"].(float64)) == vac {
					inList = int(v["aangenomen"].(float64))
				}
			}
			return item, inList
		}
		for _, tc := range []struct {
			c    *apiClient
			want int
		}{{u.wga, 1}, {u.ctl, 1}, {u.gem, 1}, {u.gemBD, 0}} {
			if item, inList := hired(tc.c); item != tc.want || inList != tc.want {
				t.Errorf("aangenomen as %s: %d (list %d), want %d", tc.c.name, item, inList, tc.want)
			}
		}
		if n := u.gemBD.do(t, "GET /api/v1/voorstellen", 0, "?vacature="+itoa(vac)+"&status=aangenomen", nil).want(t, "proposals", 200).total(); n != 0 {
			t.Errorf("proposals seen by Berg en Dal: %d, want 0", n)
		}
		_, body := get(t, u.gemBD.c, ts.URL+"/vacatures/"+itoa(vac))
		if !strings.Contains(body, "0 van 5 aangenomen") {
			t.Errorf("vacancy page as Berg en Dal does not say 0 van 5 aangenomen")
		}
	})
}
