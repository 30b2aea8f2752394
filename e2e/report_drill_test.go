package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReportDrillDownAndDrift: on the demo region the controller opens a
// figure's records, fixes 2024-H1, the consultant corrects a candidate's
// municipality, and the drift page names the figures and the records; axe
// at both widths on the drill-down, the candidate's move form and the
// drift page.
func TestReportDrillDownAndDrift(t *testing.T) {
	h := start(t)
	h.run(t, "", "demo")
	ctx := h.browser(t)
	h.signIn(t, ctx, "controller@mgr.nl")
	const h1 = "van=01-01-2024&tot=30-06-2024"
	h.visit(t, ctx, "i14-drilldown", "/rapportages/cijfer?"+h1+"&gemeente=GM0209&indicator=placements_upto28")
	body := textOf(ctx, `main`)
	if !strings.Contains(body, "Plaatsing op werk 0-28 uur") || !strings.Contains(body, "woongemeente op de startdatum") {
		t.Errorf("drill-down page: %s", tail(body, 400))
	}
	// A chapter figure: its records with their part and the whole.
	h.visit(t, ctx, "i14-hoofdstukcijfer", "/rapportages/hoofdstukcijfer?"+h1+"&tabel=lks&rij=GM0268&kolom=gemiddelde_loonwaarde")
	if body := textOf(ctx, `main`); !strings.Contains(body, "Loonkostensubsidies: gemiddelde loonwaarde") || !strings.Contains(body, "loonwaarde in basispunten") {
		t.Errorf("chapter drill-down page: %s", tail(body, 400))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/rapportages/cijfer?"+h1+"&gemeente=GM0209&indicator=placements_upto28")); err != nil {
		t.Fatal(err)
	}
	// The first candidate of Beuningen's figure.
	href, err := evalJS[string](ctx, `document.querySelector('main table tbody a').getAttribute('href')`)
	if err != nil || !strings.HasPrefix(href, "/kandidaten/") {
		t.Fatalf("no candidate link in the drill-down: %q %v", href, err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/rapportages?"+h1)); err != nil {
		t.Fatal(err)
	}
	if err := navigateBy(ctx, chromedp.Submit(css(`form[action="/rapportages/vaststellen"]`))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(textOf(ctx, `main`), "Geen enkel cijfer wijkt af") {
		t.Errorf("drift after fixing: %s", tail(textOf(ctx, `main`), 300))
	}

	// The consultant corrects the municipality: it was Druten all along.
	cons := h.browser(t)
	h.signIn(t, cons, "consulent@werkbedrijf.nl")
	h.visit(t, cons, "i14-verhuizing", href+"/verhuizing")
	if err := chromedp.Do(cons, chromedp.SetValue(css(`#gemeente`), "GM0225"), chromedp.Click(css(`#correctie`))); err != nil {
		t.Fatal(err)
	}
	if err := navigateBy(cons, chromedp.Submit(css(`#gemeente`))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(textOf(cons, `main`), "Woongemeente") || pathOf(cons) != href {
		t.Errorf("after the correction: %s at %s", tail(textOf(cons, `main`), 300), pathOf(cons))
	}

	h.visit(t, ctx, "i14-afwijking", "/rapportages/afwijking?"+h1)
	body = textOf(ctx, `main`)
	for _, want := range []string{"Plaatsing op werk 0-28 uur", "Beuningen (GM0209)", "Druten (GM0225)", "erbij", "eraf"} {
		if !strings.Contains(body, want) {
			t.Errorf("drift page lacks %q", want)
		}
	}
}
