package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDVODraftAndCompose: the controller drafts the DVO 2026-2027 from
// 2024-2025 with an index; the gemeente of Nijmegen composes its 2026
// choices, sees the over-budget warning appear while typing (no submit),
// and saves a composition within the budget. Axe on every page.
func TestDVODraftAndCompose(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctl := h.browser(t)
	h.signIn(t, ctl, "controller@mgr.nl")
	h.visit(t, ctl, "dvo-nieuw", "/overeenkomsten/nieuw")
	if err := chromedp.Do(ctl, chromedp.SetValue(css("#indexatie"), "2,5")); err != nil {
		t.Fatal(err)
	}
	if err := navigateBy(ctl, chromedp.Submit(css("#indexatie"))); err != nil {
		t.Fatal(err)
	}
	if pathOf(ctl) != "/overeenkomsten" || !strings.Contains(textOf(ctl, `main`), "DVO 2026-2027 is opgesteld als concept") {
		t.Fatalf("draft not made: on %s: %.300s", pathOf(ctl), textOf(ctl, `main`))
	}
	h.checkPage(t, ctl, "dvo-concept")

	g := h.browser(t)
	h.signIn(t, g, "klantmanager@nijmegen.nl")
	h.visit(t, g, "dvo-concept-nijmegen", "/overeenkomsten/2026-2027/GM0268/2026")
	if err := navigateBy(g, chromedp.Click(css(`a[href="/overeenkomsten/2026-2027/GM0268/2026/keuzes"]`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, g, "dvo-keuzes")
	hidden := func() bool {
		v, err := evalJS[bool](g, `document.getElementById('budget-waarschuwing').hidden`)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !hidden() {
		t.Errorf("the carried choices are over budget before any change")
	}
	// Typing a large quantity: the warning appears without a submit.
	typeQuantity := func(v string) {
		t.Helper()
		if _, err := evalJS[bool](g, `(function () { var el = document.getElementById('aantal-participatiecoaching'); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(g, chromedp.SendKeys(css("#aantal-participatiecoaching"), v)); err != nil {
			t.Fatal(err)
		}
	}
	orig, err := evalJS[string](g, `document.getElementById('aantal-participatiecoaching').value`)
	if err != nil {
		t.Fatal(err)
	}
	typeQuantity("100")
	if hidden() || !strings.Contains(textOf(g, `#budget-waarschuwing`), "meer dan de lokale ruimte") {
		t.Errorf("no live over-budget warning: %q", textOf(g, `#budget-waarschuwing`))
	}
	if !strings.HasSuffix(pathOf(g), "/keuzes") {
		t.Errorf("the page was left while typing: %s", pathOf(g))
	}
	h.checkPage(t, g, "dvo-keuzes-te-veel")
	typeQuantity(orig)
	if !hidden() {
		t.Errorf("the warning stays within the budget")
	}
	if err := navigateBy(g, chromedp.Submit(css("#aantal-participatiecoaching"))); err != nil {
		t.Fatal(err)
	}
	if pathOf(g) != "/overeenkomsten/2026-2027/GM0268/2026" || !strings.Contains(textOf(g, `main`), "zijn opgeslagen") {
		t.Errorf("composition not saved: on %s: %.300s", pathOf(g), textOf(g, `main`))
	}
	h.visit(t, g, "dvo-instemming", "/overeenkomsten/2026-2027/instemmingen")
}
