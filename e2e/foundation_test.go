package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAxeFindsViolations proves that the accessibility check can fail: a
// page with an unlabelled field and an image without alt text is caught.
func TestAxeFindsViolations(t *testing.T) {
	t.Parallel()
	chromium, axe := requireBrowser(t)
	h := &harness{chromium: chromium, axe: axe}
	ctx := h.browser(t)
	page := `data:text/html,<html lang="nl"><title>x</title><main><h1>Fout</h1><img src="x.png"><input type="text"></main></html>`
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	v, err := h.axeViolations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(v, "\n")
	if !strings.Contains(joined, "image-alt") || !strings.Contains(joined, "label") {
		t.Errorf("axe missed known violations; got:\n%s", joined)
	}
}

// TestFoundationPages visits every page of the foundation as each role, with
// axe on every page, including error pages and forms with errors shown.
func TestFoundationPages(t *testing.T) {
	t.Parallel()
	h := start(t)

	t.Run("anoniem", func(t *testing.T) {
		ctx := h.browser(t)
		if got := h.visit(t, ctx, "inloggen", "/inloggen"); got != "Inloggen" {
			t.Errorf("sign-in h1 %q", got)
		}
		h.visit(t, ctx, "toegankelijkheid", "/toegankelijkheid")
		// A wrong password shows the error summary, linked to the field.
		err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/inloggen"),
			chromedp.SendKeys(css(`#email`), "beheerder@mgr.nl"),
			chromedp.SendKeys(css(`#wachtwoord`), "fout wachtwoord"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#wachtwoord`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(textOf(ctx, `.werkpad-error-summary`), "klopt niet") {
			t.Errorf("no error summary after a wrong password")
		}
		h.checkPage(t, ctx, "inloggen-fout")
		// Protected pages send an anonymous visitor to sign in.
		chromedp.Do(ctx, chromedp.Navigate(h.url+"/beheer/gebruikers"))
		if p := pathOf(ctx); p != "/inloggen" {
			t.Errorf("anonymous /beheer/gebruikers ended on %s", p)
		}
	})

	t.Run("beheerder", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "beheerder@mgr.nl")
		h.visit(t, ctx, "beheerder-start", "/")
		if ok, err := keyboardReach(ctx, `a[href="/beheer/gebruikers"]`, 10); err != nil || !ok {
			t.Errorf("Gebruikers not reachable by keyboard: %v", err)
		}
		h.visit(t, ctx, "beheerder-gebruikers", "/beheer/gebruikers")
		h.visit(t, ctx, "beheerder-gebruiker-nieuw", "/beheer/gebruikers/nieuw")
		// Submit with errors: a gemeente user without municipality and a bad e-mail.
		err := chromedp.Do(ctx, chromedp.SendKeys(css(`#email`), "geen-adres"), chromedp.SetValue(css(`#rol`), "gemeente"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#email`)))
		}
		if err != nil {
			t.Fatal(err)
		}
		if textOf(ctx, `.werkpad-error-summary`) == "" {
			t.Errorf("no error summary for an invalid user")
		}
		h.checkPage(t, ctx, "beheerder-gebruiker-nieuw-fout")
		// Now a valid one: the new password is shown once.
		err = chromedp.Do(ctx, chromedp.Navigate(h.url+"/beheer/gebruikers/nieuw"),
			chromedp.SendKeys(css(`#email`), "beleid@wijchen.nl"),
			chromedp.SendKeys(css(`#naam`), "Wies Wijchen"),
			chromedp.SetValue(css(`#rol`), "gemeente"),
			chromedp.Click(css(`input[value="GM0296"]`)))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#email`)))
		}
		if secret := textOf(ctx, `.werkpad-secret`); err != nil || len(secret) < 20 {
			t.Fatalf("create user: %v (%q)", err, secret)
		}
		h.checkPage(t, ctx, "beheerder-gebruiker")
		h.visit(t, ctx, "beheerder-audit", "/beheer/audit")
		if status := textOf(ctx, `main .utrecht-alert`); !strings.Contains(status, "intact") {
			t.Errorf("audit page status %q", status)
		}
		h.visit(t, ctx, "beheerder-logboek", "/beheer/logboek")
		if txt := textOf(ctx, `main`); !strings.Contains(txt, "Register van verwerkingsactiviteiten") {
			t.Errorf("logboek page: %.300s", txt)
		}
		h.visit(t, ctx, "beheerder-account", "/account")
		h.visit(t, ctx, "beheerder-gemeenten", "/gemeenten")
		h.visit(t, ctx, "beheerder-gemeente", "/gemeenten/GM0668")
		if got := h.visit(t, ctx, "niet-gevonden", "/bestaat-niet"); got != "Niet gevonden" {
			t.Errorf("404 page h1 %q", got)
		}
		// Account page: a password change with a mismatch shows errors.
		err = chromedp.Do(ctx, chromedp.Navigate(h.url+"/account"),
			chromedp.SendKeys(css(`#huidig`), "iets"),
			chromedp.SendKeys(css(`#nieuw`), "een nieuw wachtwoord"),
			chromedp.SendKeys(css(`#herhaal`), "een ander wachtwoord"))
		if err == nil {
			err = navigateBy(ctx, chromedp.Submit(css(`#herhaal`)))
		}
		if err != nil || textOf(ctx, `.werkpad-error-summary`) == "" {
			t.Fatalf("password mismatch: %v", err)
		}
		h.checkPage(t, ctx, "beheerder-account-fout")
	})

	for _, role := range []struct{ email, name string }{
		{"controller@mgr.nl", "controller"},
		{"consulent@werkbedrijf.nl", "consulent"},
		{"adviseur@werkbedrijf.nl", "werkgeversadviseur"},
	} {
		t.Run(role.name, func(t *testing.T) {
			ctx := h.browser(t)
			h.signIn(t, ctx, role.email)
			h.visit(t, ctx, role.name+"-start", "/")
			if got := h.visit(t, ctx, role.name+"-geen-toegang", "/beheer/gebruikers"); got != "Geen toegang" {
				t.Errorf("%s on /beheer/gebruikers: h1 %q", role.name, got)
			}
		})
	}

	t.Run("gemeente", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "klantmanager@nijmegen.nl")
		h.visit(t, ctx, "gemeente-start", "/")
		h.visit(t, ctx, "gemeente-gemeenten", "/gemeenten")
		if body := textOf(ctx, `main`); strings.Contains(body, "Berg en Dal") || !strings.Contains(body, "Nijmegen") {
			t.Errorf("gemeente list shows other municipalities: %s", body)
		}
		if got := h.visit(t, ctx, "gemeente-andere-gemeente", "/gemeenten/GM1945"); got != "Niet gevonden" {
			t.Errorf("other municipality: h1 %q", got)
		}
		var list struct {
			Totaal int `json:"totaal"`
		}
		if err := jsonOf(ctx, h.url+"/api/v1/gemeenten", &list); err != nil || list.Totaal != 1 {
			t.Errorf("API as gemeente: %v %+v", err, list)
		}
		// Sign out ends the session.
		chromedp.Do(ctx, chromedp.Navigate(h.url+"/"))
		if err := navigateBy(ctx, chromedp.Click(css(`header form button`))); err != nil || pathOf(ctx) != "/inloggen" {
			t.Errorf("sign out: %v %s", err, pathOf(ctx))
		}
	})
}
