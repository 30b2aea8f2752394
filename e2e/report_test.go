package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestReportPages: the Tussenrapportage as a controller and as the gemeente
// user of Nijmegen, with axe at both widths. First with an empty region
// (all zeros), then with the calibrated demo region generated into the
// running server's database (SQLite WAL lets both write and read).
func TestReportPages(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := h.browser(t)
	h.signIn(t, ctx, "controller@mgr.nl")
	if got := h.visit(t, ctx, "rapportages-leeg", "/rapportages"); got != "Rapportages" {
		t.Errorf("h1 %q", got)
	}

	h.run(t, "", "demo")
	t.Run("controller", func(t *testing.T) {
		// A fresh browser: the demo generation above may take minutes on
		// a busy machine, and a browser's time starts when it does.
		ctx := h.browser(t)
		h.signIn(t, ctx, "controller@mgr.nl")
		h.visit(t, ctx, "rapportages-controller", "/rapportages?van=01-01-2024&tot=30-06-2024")
		body := textOf(ctx, `main`)
		for _, want := range []string{"Regio (som van de gemeenten) naast het gepubliceerde cijfer", "1.182", "1.180", "Berg en Dal (GM1945)", "Nijmegen (GM0268)", "Cijfers bij de grafiek"} {
			if !strings.Contains(body, want) {
				t.Errorf("controller page lacks %q", want)
			}
		}
		// The report as a job: the status page follows its progress until
		// the download is ready; axe checks it running and finished.
		if err := navigateBy(ctx, chromedp.Click(css(`form[action="/rapportages/genereren"] button[type="submit"]`))); err != nil {
			t.Fatalf("start job: %v", err)
		}
		job := pathOf(ctx)
		if !strings.HasPrefix(job, "/rapportages/taken/") {
			t.Fatalf("after starting a job: %s", job)
		}
		// While it runs: axe at both widths, no meta refresh; a script
		// brings the status region up to date without reloading the page.
		h.checkPage(t, ctx, "rapportage-taak-bezig")
		if n, _ := evalJS[int](ctx, `document.querySelectorAll('meta[http-equiv="refresh" i]').length`); n != 0 {
			t.Errorf("the job page reloads itself with a meta refresh")
		}
		if _, err := evalJS[bool](ctx, `window.werkpadNotReloaded = true`); err != nil {
			t.Fatal(err)
		}
		// A guard, not a timing assertion: the PDF is printed by Chromium.
		deadline := time.Now().Add(5 * time.Minute)
		for !strings.Contains(textOf(ctx, `main`), "Klaar: 100%") {
			if time.Now().After(deadline) {
				t.Fatalf("job %s not done: %s", job, textOf(ctx, `main`))
			}
			time.Sleep(250 * time.Millisecond)
		}
		if kept, _ := evalJS[bool](ctx, `window.werkpadNotReloaded === true`); !kept {
			t.Errorf("the job page was reloaded to show its progress")
		}
		if n, _ := evalJS[int](ctx, `document.querySelectorAll('#taak-resultaat a[download]').length`); n != 1 {
			t.Errorf("the script did not show the download when the job finished")
		}
		if got := h.visit(t, ctx, "rapportage-taak", job); got != "Rapportage maken" {
			t.Errorf("job page h1 %q", got)
		}
		if body := textOf(ctx, `main`); !strings.Contains(body, "Download tussenrapportage-2024-01-01-2024-06-30.pdf") {
			t.Errorf("job page lacks the download: %s", body)
		}
		h.visit(t, ctx, "rapportages-eigen-taken", "/rapportages")
		if n, _ := evalJS[int](ctx, `document.querySelectorAll('#mijn-rapportages ~ div a[href="`+job+`"]').length`); n != 1 {
			t.Errorf("/rapportages does not list the job %s", job)
		}
		h.visit(t, ctx, "rapportages-controller-2023", "/rapportages?van=01-01-2023&tot=30-06-2023&indicator=exits_to_work")
		h.visit(t, ctx, "rapportages-fout", "/rapportages?van=30-06-2024&tot=01-01-2024")
		if s := textOf(ctx, `main`); !strings.Contains(s, "De einddatum ligt voor de begindatum") {
			t.Errorf("no error for a reversed period")
		}
	})
	t.Run("gemeente", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "klantmanager@nijmegen.nl")
		h.visit(t, ctx, "rapportages-gemeente", "/rapportages?van=01-01-2024&tot=30-06-2024")
		body := textOf(ctx, `main`)
		if !strings.Contains(body, "Nijmegen (GM0268)") || strings.Contains(body, "Berg en Dal") || strings.Contains(body, "Regio: som") {
			t.Errorf("gemeente page shows other municipalities or the region")
		}
	})
}
