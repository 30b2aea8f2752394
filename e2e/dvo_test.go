package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDVOPages walks through the DVO as a controller and as the gemeente
// user of Nijmegen, with axe on every page at both widths: the overview,
// a municipality-year, an amendment proposed with an error first, its
// findings before approval, and the approvals of both parties.
func TestDVOPages(t *testing.T) {
	t.Parallel()
	h := start(t)
	var amendment string // path of the amendment the controller proposes

	t.Run("controller", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "controller@mgr.nl")
		if got := h.visit(t, ctx, "dvo-lijst", "/overeenkomsten"); got != "Dienstverleningsovereenkomst (DVO)" {
			t.Errorf("list h1 %q", got)
		}
		body := textOf(ctx, `main`)
		for _, want := range []string{"Berg en Dal 2024", "Nijmegen 2025", "€ 310.000,00", "alleen tweede helft", "Download als Excel"} {
			if !strings.Contains(body, want) {
				t.Errorf("list page lacks %q", want)
			}
		}
		// From the list to Berg en Dal 2024, whose findings link to their line.
		if err := navigateBy(ctx, chromedp.Click(css(`a[href="/overeenkomsten/2024-2025/GM1945/2024"]`))); err != nil {
			t.Fatal(err)
		}
		h.checkPage(t, ctx, "dvo-detail-berg-en-dal")
		if f := textOf(ctx, `.werkpad-findings`); !strings.Contains(f, "overschreden met € 2.000,00") {
			t.Errorf("findings %q", f)
		}
		if n, err := evalJS[int](ctx, `document.querySelectorAll('.werkpad-findings a[href="#regel-1"]').length`); err != nil || n == 0 {
			t.Errorf("no finding links to line 1: %v", err)
		}

		h.visit(t, ctx, "dvo-detail-nijmegen", "/overeenkomsten/2024-2025/GM0268/2025")
		h.visit(t, ctx, "dvo-wijziging-nieuw", "/overeenkomsten/2024-2025/GM0268/2025/wijzigingen/nieuw")
		// First with an impossible date: the error summary, nothing stored.
		err := chromedp.Do(ctx,
			chromedp.SetValue(css(`#regels-0-bedrag`), "€ 1.000"),
			chromedp.SendKeys(css(`#ingangsdatum`), "31-02-2025"),
			chromedp.SendKeys(css(`#reden`), "Minder inzet op de eerste regel"),
			chromedp.SendKeys(css(`#documentkenmerk`), "GM0268/2025/17"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#reden`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := textOf(ctx, `.werkpad-error-summary`); !strings.Contains(s, "geen geldige datum") {
			t.Errorf("error summary %q", s)
		}
		if inv, _ := evalJS[string](ctx, `document.getElementById('ingangsdatum').getAttribute('aria-invalid')`); inv != "true" {
			t.Errorf("ingangsdatum not marked invalid")
		}
		h.checkPage(t, ctx, "dvo-wijziging-fout")
		// Then valid: the amendment page shows the findings before approval.
		err = chromedp.Do(ctx, chromedp.SetValue(css(`#ingangsdatum`), "01-01-2025"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#reden`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		amendment = pathOf(ctx)
		if !strings.HasPrefix(amendment, "/overeenkomsten/2024-2025/wijzigingen/") {
			t.Fatalf("after proposing: on %s", amendment)
		}
		h.checkPage(t, ctx, "dvo-wijziging")
		body = textOf(ctx, `main`)
		for _, want := range []string{"Bevindingen na de wijziging", "wijkt af van de keuzekaartprijs", "nog niet ingevuld", "Concept"} {
			if !strings.Contains(body, want) {
				t.Errorf("amendment page lacks %q", want)
			}
		}
		// The MGR board approves.
		err = chromedp.Do(ctx,
			chromedp.Click(css(`#partij`)),
			chromedp.SendKeys(css(`#goedgekeurdOp`), "03-02-2025"),
			chromedp.SendKeys(css(`#naam`), "H. Bestuur, voorzitter DB"),
			chromedp.SendKeys(css(`#documentkenmerk`), "DB-2025-04"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#naam`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		if msg := textOf(ctx, `main .utrecht-alert--ok`); !strings.Contains(msg, "dagelijks bestuur") {
			t.Errorf("after board approval: %q", msg)
		}
		h.checkPage(t, ctx, "dvo-wijziging-bestuur")
	})

	t.Run("gemeente", func(t *testing.T) {
		if amendment == "" {
			t.Skip("no amendment proposed")
		}
		ctx := h.browser(t)
		h.signIn(t, ctx, "klantmanager@nijmegen.nl")
		h.visit(t, ctx, "dvo-gemeente-lijst", "/overeenkomsten")
		if body := textOf(ctx, `main`); strings.Contains(body, "Berg en Dal") || !strings.Contains(body, "Nijmegen 2024") {
			t.Errorf("gemeente list: %s", body)
		}
		h.visit(t, ctx, "dvo-gemeente-detail", "/overeenkomsten/2024-2025/GM0268/2025")
		if got := h.visit(t, ctx, "dvo-gemeente-andere", "/overeenkomsten/2024-2025/GM1945/2024"); got != "Niet gevonden" {
			t.Errorf("other municipality: h1 %q", got)
		}
		h.visit(t, ctx, "dvo-gemeente-wijziging", amendment)
		err := chromedp.Do(ctx,
			chromedp.SendKeys(css(`#goedgekeurdOp`), "10-02-2025"),
			chromedp.SendKeys(css(`#naam`), "J. Wethouder, gemeente Nijmegen"),
			chromedp.SendKeys(css(`#documentkenmerk`), "NIJ-2025-0042"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#naam`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		if msg := textOf(ctx, `main .utrecht-alert--ok`); !strings.Contains(msg, "van kracht") {
			t.Errorf("after municipality approval: %q", msg)
		}
		h.checkPage(t, ctx, "dvo-gemeente-wijziging-van-kracht")
		// The detail page lists the amendment in force.
		h.visit(t, ctx, "dvo-gemeente-detail-na", "/overeenkomsten/2024-2025/GM0268/2025")
		if body := textOf(ctx, `main`); !strings.Contains(body, "Van kracht") || !strings.Contains(body, "NIJ-2025-0042") {
			t.Errorf("detail page after approval lacks the amendment in force")
		}
	})

	t.Run("realisatie", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "controller@mgr.nl")
		h.visit(t, ctx, "dvo-realisatie", "/overeenkomsten/2024-2025/GM0268/2024/realisatie")
		err := chromedp.Do(ctx, chromedp.SendKeys(css(`#aantal`), "-3"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#aantal`)))
		}
		if err != nil || textOf(ctx, `.werkpad-error-summary`) == "" {
			t.Fatalf("realisation with errors: %v", err)
		}
		h.checkPage(t, ctx, "dvo-realisatie-fout")
		item, _ := evalJS[string](ctx, `document.querySelector('#regel option[value]:not([value=""])').value`)
		err = chromedp.Do(ctx, chromedp.SetValue(css(`#regel`), item), chromedp.SetValue(css(`#aantal`), "2,5"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#aantal`)))
		}
		if err != nil || pathOf(ctx) != "/overeenkomsten/2024-2025/GM0268/2024" {
			t.Fatalf("realisation: %v, on %s", err, pathOf(ctx))
		}
		if body := textOf(ctx, `#realisatie + .werkpad-table-wrap`); !strings.Contains(body, "2,5") {
			t.Errorf("realisation table %q", body)
		}
		h.checkPage(t, ctx, "dvo-detail-realisatie")
	})
}
