package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
)

// waitForJob polls the status page at path until the job is no longer
// waiting or running, and returns the last page.
func waitForJob(t *testing.T, c *http.Client, base, path string) string {
	t.Helper()
	for range 100 {
		resp, body := get(t, c, base+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status page: %d", resp.StatusCode)
		}
		if strings.Contains(body, `http-equiv="refresh"`) {
			t.Fatalf("the status page reloads itself with a meta refresh")
		}
		if strings.Contains(body, `data-klaar="ja"`) {
			return body
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("job %s not done within 10 s", path)
	return ""
}

func TestReportJob(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		withDemo(t, ts)
		ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		ts.mustUser(t, "ctl2@mgr.nl", werkpad.RoleController)
		ts.mustUser(t, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		c, g := ts.client(t, "ctl@mgr.nl"), ts.client(t, "g@nijmegen.nl")

		// The page offers the job beside the direct downloads.
		if _, body := get(t, c, ts.URL+"/rapportages?"+h1); !strings.Contains(body, `action="/rapportages/genereren"`) || !strings.Contains(body, "Genereren met voortgang") {
			t.Error("rapportages lacks the job form")
		}
		form := url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}, "formaat": {"xlsx"}}
		resp, _ := post(t, c, ts.URL+"/rapportages/genereren", form)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/rapportages/taken/") {
			t.Fatalf("start: status %d, location %q", resp.StatusCode, loc)
		}
		body := waitForJob(t, c, ts.URL, loc)
		for _, want := range []string{`<progress id="voortgang" max="100" value="100">100%</progress>`, `<label class="utrecht-form-label" for="voortgang">Voortgang</label>`,
			"Klaar: 100%", `href="` + loc + `/download"`, "tussenrapportage-2024-01-01-2024-06-30.xlsx"} {
			if !strings.Contains(body, want) {
				t.Errorf("done page lacks %q", want)
			}
		}
		resp, file := get(t, c, ts.URL+loc+"/download")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.HasPrefix(file, "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), "tussenrapportage-2024-01-01-2024-06-30.xlsx") {
			t.Errorf("download: status %d, %q, %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}

		// Another user, even another controller, does not see the job.
		for _, other := range []*http.Client{g, ts.client(t, "ctl2@mgr.nl")} {
			for _, p := range []string{loc, loc + "/download"} {
				if resp, _ := get(t, other, ts.URL+p); resp.StatusCode != http.StatusNotFound {
					t.Errorf("other user %s: status %d, want 404", p, resp.StatusCode)
				}
			}
		}
		for _, p := range []string{"/rapportages/taken/99999", "/rapportages/taken/x"} {
			if resp, _ := get(t, c, ts.URL+p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d", p, resp.StatusCode)
			}
		}

		// The gemeente user: not for another municipality, whatever the spelling.
		for _, q := range [][]string{{"GM1945"}, {"GM0268", "GM1945"}, {"REGIO"}, {"gm1945"}} {
			f := url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}, "formaat": {"csv"}, "gemeente": q}
			if resp, _ := post(t, g, ts.URL+"/rapportages/genereren", f); resp.StatusCode != http.StatusNotFound {
				t.Errorf("gemeente job for %v: status %d, want 404", q, resp.StatusCode)
			}
		}
		// His own, public, as CSV: Nijmegen only.
		resp, _ = post(t, g, ts.URL+"/rapportages/genereren", url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}, "formaat": {"csv"}, "openbaar": {"1"}})
		own := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("own job: status %d", resp.StatusCode)
		}
		if body := waitForJob(t, g, ts.URL, own); !strings.Contains(body, "openbare versie") || !strings.Contains(body, "Klaar") {
			t.Errorf("own job page: %s", body)
		}
		resp, file = get(t, g, ts.URL+own+"/download")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(file, "GM0268") {
			t.Errorf("own csv: status %d, %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		assertOnlyNijmegen(t, "job csv", file)
		if resp, _ := get(t, c, ts.URL+own); resp.StatusCode != http.StatusNotFound {
			t.Errorf("controller read the gemeente's job: %d", resp.StatusCode)
		}

		// A bad format or period is refused before a job is stored.
		if resp, _ := post(t, c, ts.URL+"/rapportages/genereren", url.Values{"formaat": {"docx"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad format: status %d", resp.StatusCode)
		}
		if resp, _ := post(t, c, ts.URL+"/rapportages/genereren", url.Values{"van": {"31-02-2024"}, "tot": {"30-06-2024"}, "formaat": {"pdf"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad date: status %d", resp.StatusCode)
		}
		// Other roles cannot start one.
		ts.mustUser(t, "k@werkbedrijf.nl", werkpad.RoleConsultant)
		if resp, _ := post(t, ts.client(t, "k@werkbedrijf.nl"), ts.URL+"/rapportages/genereren", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("consultant: status %d", resp.StatusCode)
		}
	})
}

// TestReportJobProgressPage: a job that is still running shows its
// progress bar, a script that follows it and a link to refresh by hand;
// no meta refresh.
func TestReportJobProgressPage(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		u := ts.mustUser(t, "ctl@mgr.nl", werkpad.RoleController)
		jobs := store.NewReportJobService(ts.db)
		ctx := werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: u})
		j, err := jobs.Create(ctx, werkpad.ReportJobParams{From: werkpad.Date{Y: 2024, M: 1, D: 1}, To: werkpad.Date{Y: 2024, M: 6, D: 30}, Format: werkpad.ReportPDF})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := jobs.Claim(ctx, j.ID); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if err := jobs.Progress(ctx, j.ID, 35, "Indicatoren van een jaar eerder berekenen"); err != nil {
			t.Fatal(err)
		}
		resp, body := get(t, ts.client(t, "ctl@mgr.nl"), ts.URL+"/rapportages/taken/"+id(j.ID))
		for _, want := range []string{`<script src="/static/rapportage-taak.js" defer></script>`, `href="/rapportages/taken/` + id(j.ID) + `">Voortgang vernieuwen</a>`, `value="35">35%</progress>`, "Wordt gemaakt: 35%", "Indicatoren van een jaar eerder berekenen", "als PDF"} {
			if !strings.Contains(body, want) {
				t.Errorf("running page lacks %q", want)
			}
		}
		if strings.Contains(body, `http-equiv="refresh"`) {
			t.Errorf("running page has a meta refresh")
		}
		// The caller's own jobs are listed on /rapportages.
		if _, list := get(t, ts.client(t, "ctl@mgr.nl"), ts.URL+"/rapportages"); !strings.Contains(list, `href="/rapportages/taken/`+id(j.ID)+`"`) {
			t.Errorf("/rapportages does not list the caller's job")
		}
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "/download") {
			t.Errorf("running page: status %d or a download link", resp.StatusCode)
		}
		if resp, _ := get(t, ts.client(t, "ctl@mgr.nl"), ts.URL+"/rapportages/taken/"+id(j.ID)+"/download"); resp.StatusCode != http.StatusConflict {
			t.Errorf("download before done: status %d", resp.StatusCode)
		}

		// A job left waiting (its instance stopped before claiming it) is
		// started by a view of its status page.
		left, err := jobs.Create(ctx, werkpad.ReportJobParams{From: werkpad.Date{Y: 2024, M: 1, D: 1}, To: werkpad.Date{Y: 2024, M: 6, D: 30}, Format: werkpad.ReportJSON})
		if err != nil {
			t.Fatal(err)
		}
		q := `UPDATE report_jobs SET created_at = ? WHERE id = ?`
		if ts.db.Dialect == store.Postgres {
			q = `UPDATE report_jobs SET created_at = $1 WHERE id = $2`
		}
		if _, err := ts.db.SQL().Exec(q, time.Now().UTC().Add(-time.Minute), left.ID); err != nil {
			t.Fatal(err)
		}
		if body := waitForJob(t, ts.client(t, "ctl@mgr.nl"), ts.URL, "/rapportages/taken/"+id(left.ID)); !strings.Contains(body, "Klaar: 100%") {
			t.Errorf("resumed job not done: %s", body)
		}
	})
}
