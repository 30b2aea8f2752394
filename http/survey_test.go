package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"werkpad"
)

// TestSurveyLinkAndAnswer: the consultant makes a link after a placement
// and sees it once; the gemeente may not; the candidate opens it without
// an account, gets the errors beside the questions, answers once, and the
// link then says it was used; a made-up link is not found.
func TestSurveyLinkAndAnswer(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		f := newCaseworkFixture(t, ts)
		c, g := f.clients[werkpad.RoleConsultant], f.clients[werkpad.RoleMunicipality]
		page := ts.URL + "/kandidaten/" + id(f.own.ID) + "/enquetes"
		if _, body := get(t, c, ts.URL+"/kandidaten/"+id(f.own.ID)); !strings.Contains(body, `href="/kandidaten/`+id(f.own.ID)+`/enquetes"`) {
			t.Errorf("the candidate page does not link to the survey page")
		}
		resp, body := get(t, c, page)
		if resp.StatusCode != 200 || !strings.Contains(body, "Plaatsing bij Bakkerij De Waal") || !strings.Contains(body, "Geen link gemaakt") {
			t.Fatalf("survey page: %d %s", resp.StatusCode, summary(body))
		}
		form := url.Values{"aanleiding": {"plaatsing"}, "aanleiding-id": {id(f.ownPlacement)}}
		if resp, _ := get(t, g, page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente opens the survey page: %d", resp.StatusCode)
		}
		if resp, _ := postForm(t, g, page, form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("gemeente makes a link: %d", resp.StatusCode)
		}
		resp, body = postForm(t, c, page, url.Values{"aanleiding": {"plaatsing"}, "aanleiding-id": {"x"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "Kies de uitstroom of plaatsing") {
			t.Errorf("a link without an occasion: %d %s", resp.StatusCode, summary(body))
		}
		resp, body = postForm(t, c, page, form)
		m := regexp.MustCompile(`/enquete/([A-Za-z0-9_-]{40,})"`).FindStringSubmatch(body)
		if resp.StatusCode != http.StatusCreated || m == nil || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("make a link: %d %q %s", resp.StatusCode, resp.Header.Get("Cache-Control"), summary(body))
		}
		link := ts.URL + "/enquete/" + m[1]
		if _, body := get(t, c, page); strings.Contains(body, m[1]) || !strings.Contains(body, "geldig tot en met") {
			t.Errorf("the survey page shows the token again or not the link's state")
		}

		anon := ts.client(t, "")
		resp, body = get(t, anon, link)
		if resp.StatusCode != 200 || !strings.Contains(body, "Hoe tevreden bent u over de begeleiding door uw consulent?") ||
			resp.Header.Get("Referrer-Policy") != "no-referrer" || strings.Contains(body, f.own.Surname) {
			t.Fatalf("open the survey: %d %s", resp.StatusCode, summary(body))
		}
		resp, body = postForm(t, anon, link, url.Values{"begeleiding": {"4"}, "afspraken": {"9"}})
		if resp.StatusCode != 422 || !strings.Contains(body, `id="afspraken-fout"`) || !strings.Contains(body, `id="resultaat-fout"`) ||
			!strings.Contains(body, `value="4" checked`) {
			t.Errorf("incomplete answers: %d %s", resp.StatusCode, summary(body))
		}
		answers := url.Values{"begeleiding": {"4"}, "afspraken": {"5"}, "resultaat": {"3"}, "cijfer": {"8"}, "verbetering": {"Sneller terugbellen."}}
		if resp, body = postForm(t, anon, link, answers); resp.StatusCode != 200 || !strings.Contains(body, "Hartelijk dank") {
			t.Errorf("answer: %d %s", resp.StatusCode, summary(body))
		}
		if resp, body = postForm(t, anon, link, answers); resp.StatusCode != http.StatusGone || !strings.Contains(body, "al ingevuld") {
			t.Errorf("answer twice: %d %s", resp.StatusCode, summary(body))
		}
		if resp, _ = get(t, anon, ts.URL+"/enquete/verzonnen-link-die-niet-bestaat"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a made-up link: %d", resp.StatusCode)
		}
		if _, body := get(t, c, page); !strings.Contains(body, "Ingevuld op") || strings.Contains(body, "Nieuwe link maken") {
			t.Errorf("the survey page after the answer: %s", summary(body))
		}
	})
}
