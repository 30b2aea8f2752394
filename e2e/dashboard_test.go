package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDashboards visits the start page of every role on a database with the
// demo region, with axe at 1280 and 375 px, and checks that the main
// action of each dashboard is reached with the Tab key.
func TestDashboards(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.demo(t)

	// A fresh demo lives in the present: every demo account's start page
	// shows current, non-zero work.
	t.Run("demo-vandaag", func(t *testing.T) {
		nonZero := regexp.MustCompile(`[1-9][0-9.]* `)
		for _, role := range []struct{ email, name, table, want string }{
			{"consulent@demo.werkpad.nl", "consulent", "#tabel-dash-consulent-1", "in uw caseload"},
			{"consulent@demo.werkpad.nl", "consulent-signalen", "#tabel-dash-consulent-5", "op een besluit"},
			{"consulent@demo.werkpad.nl", "consulent-herbeoordelingen", "#tabel-dash-consulent-3", "herbeoordeling"},
			{"consulent@demo.werkpad.nl", "consulent-aanmeldingen", "#tabel-dash-consulent-2", "op een intake"},
			{"werkgeversadviseur@demo.werkpad.nl", "werkgeversadviseur", "#tabel-dash-werkgeversadviseur-1", "open vacature"},
			{"nijmegen@demo.werkpad.nl", "gemeente", "#tabel-dash-gemeente-3", "op een besluit"},
			{"nijmegen@demo.werkpad.nl", "gemeente-aanmeldingen", "#tabel-dash-gemeente-1", "per status"},
			{"controller@demo.werkpad.nl", "controller", "#dash-regio ~ .werkpad-figure-pair caption", "Regionale cijfers"},
			{"beheerder@demo.werkpad.nl", "beheerder", "#tabel-dash-beheerder-1", "gebruiker"},
		} {
			ctx := h.browser(t)
			h.signIn(t, ctx, role.email)
			h.visit(t, ctx, "demo-vandaag-"+role.name, "/")
			caption := textOf(ctx, role.table)
			if !strings.Contains(caption, role.want) || (role.name != "controller" && !nonZero.MatchString(caption)) {
				t.Errorf("%s: start page shows no current work: %q", role.name, caption)
			}
			if role.name == "controller" && strings.Contains(textOf(ctx, `main`), "nog geen plaatsingen, uitstroom of trajecten") {
				t.Errorf("controller: the regional figures are empty")
			}
		}
	})

	// The demo region has no caseloads: the consulent makes one candidate
	// in his caseload, in phase bemiddelen, placed with a wage subsidy
	// whose loonwaarde is re-assessed within 60 days.
	today := todayOfRun(t)
	c := h.browser(t)
	h.signIn(t, c, "consulent@werkbedrijf.nl")
	chromedp.Do(c, chromedp.Navigate(h.url+"/kandidaten/nieuw"))
	fill(t, c, [][2]string{{"bsn", "111222333"}, {"voornaam", "Fatima"}, {"achternaam", "El Amrani"}, {"geboortedatum", "12-03-1996"},
		{"gemeente", "GM0268"}, {"ingeschreven", today.AddDays(-30).Dutch()}})
	candidate := pathOf(c)
	if !strings.HasPrefix(candidate, "/kandidaten/") {
		t.Fatalf("candidate not made: on %s: %s", candidate, textOf(c, `.werkpad-error-summary`))
	}
	chromedp.Do(c, chromedp.Navigate(h.url+candidate+"/fase"))
	fill(t, c, [][2]string{{"fase", "bemiddelen"}, {"van", today.AddDays(-30).Dutch()}})
	chromedp.Do(c, chromedp.Navigate(h.url+candidate+"/plaatsing"), chromedp.Click(css(`#lks`)))
	fill(t, c, [][2]string{{"werkgever", "Zorggroep Maas en Waal"}, {"van", today.AddDays(-7).Dutch()}, {"uren", "24"},
		{"contractsoort", "bepaald"}, {"loonwaarde", "60"}, {"herbeoordeling", today.AddDays(45).Dutch()}})
	if pathOf(c) != candidate {
		t.Fatalf("placement not saved: %s", textOf(c, `.werkpad-error-summary`))
	}

	for _, role := range []struct {
		email, name, main string
		blocks            []string
	}{
		{"consulent@werkbedrijf.nl", "consulent", `a.werkpad-main-action[href="/kandidaten?mijn=ja"]`,
			[]string{"Mijn caseload per fase", "1 kandidaat in uw caseload", "Fatima El Amrani", "Herbeoordeling loonwaarde bij Zorggroep Maas en Waal", "Aanmeldingen die wachten op een intake", "Herbeoordelingen loonwaarde", "Signalen zonder besluit", "Recente plaatsingen"}},
		{"adviseur@werkbedrijf.nl", "werkgeversadviseur", `a.werkpad-main-action[href="/vacatures/nieuw"]`,
			[]string{"Open vacatures", "Voorstellen in behandeling", "dicht bij de werkgeversbonus", "recht op de werkgeversbonus"}},
		{"klantmanager@nijmegen.nl", "gemeente", `a.werkpad-main-action[href="/aanmeldingen/nieuw"]`,
			[]string{"Uw aanmeldingen", "Signalen die wachten op uw besluit", "Uw cijfers", "Uw DVO-budget"}},
		{"controller@mgr.nl", "controller", `a.werkpad-main-action[href="/rapportages"]`,
			[]string{"Regionale cijfers", "Bevindingen in de DVO", "Rapportages"}},
		{"beheerder@mgr.nl", "beheerder", `a.werkpad-main-action[href="/beheer/gebruikers/nieuw"]`,
			[]string{"Gebruikers per rol", "Vergrendelde accounts", "Auditlog"}},
		{"fg@mgr.nl", "privacyfunctionaris", `a.werkpad-main-action[href="/beheer/logboek"]`,
			[]string{"Verwerkingen", "Register van verwerkingsactiviteiten", "Klachtbehandeling", "De keten is intact"}},
	} {
		t.Run(role.name, func(t *testing.T) {
			ctx := h.browser(t)
			h.signIn(t, ctx, role.email)
			h.visit(t, ctx, "dashboard-"+role.name, "/")
			body := textOf(ctx, `main`)
			for _, b := range role.blocks {
				if !strings.Contains(body, b) {
					t.Errorf("%s dashboard lacks %q", role.name, b)
				}
			}
			if role.name == "gemeente" && strings.Contains(body, "Berg en Dal") {
				t.Errorf("gemeente dashboard of Nijmegen mentions Berg en Dal")
			}
			// Skip link, header, sign-out, the menu: the main action comes
			// right after them.
			if ok, err := keyboardReach(ctx, role.main, 20); err != nil || !ok {
				t.Errorf("%s: main action %s not reachable with Tab: %v", role.name, role.main, err)
			}
			// Every chart has a title and a description and sits next to a table.
			n, err := evalJS[int](ctx, `document.querySelectorAll('svg.werkpad-chart__svg:not(:has(title)), svg.werkpad-chart__svg:not(:has(desc))').length`)
			if err != nil || n != 0 {
				t.Errorf("%s: %d charts without title or desc (%v)", role.name, n, err)
			}
		})
	}

	// A caseload: the consulent takes a demo candidate into his own
	// caseload from the candidate's page, then hands him over to a
	// colleague as of today.
	t.Run("caseload", func(t *testing.T) {
		chromedp.Do(c, chromedp.Navigate(h.url+"/kandidaten?fase=bemiddelen"))
		href, err := evalJS[string](c, `document.querySelector('main table tbody a[href^="/kandidaten/"]').getAttribute('href')`)
		if err != nil || href == candidate {
			t.Fatalf("no demo candidate in the list: %q %v", href, err)
		}
		chromedp.Do(c, chromedp.Navigate(h.url+href))
		if err := navigateBy(c, chromedp.Click(css(`form.werkpad-claim button`))); err != nil {
			t.Fatal(err)
		}
		if body := textOf(c, `main`); !strings.Contains(body, "Mijn caseload") || strings.Contains(body, "In mijn caseload nemen") {
			t.Fatalf("after claiming: %s", tail(body, 300))
		}
		h.visit(t, c, "consulent-caseload-overdragen", href+"/caseload")
		colleague, err := evalJS[string](c, `[...document.querySelectorAll('#consulent option')].find(o => o.value && !o.textContent.includes('ikzelf')).value`)
		if err != nil || colleague == "" {
			t.Fatalf("no colleague to hand over to: %v", err)
		}
		name, _ := evalJS[string](c, `document.querySelector('#consulent option[value="`+colleague+`"]').textContent`)
		if err := navigateBy(c, chromedp.SetValue(css(`#consulent`), colleague), chromedp.Submit(css(`#consulent`))); err != nil {
			t.Fatal(err)
		}
		if body := textOf(c, `main`); pathOf(c) != href || !strings.Contains(body, "Bij "+strings.TrimSpace(name)) {
			t.Errorf("after the hand-over to %q on %s: %s", name, pathOf(c), tail(body, 300))
		}
	})

	// Destructive actions ask first: revoking a token goes through a
	// confirmation page; blocking an account needs a ticked checkbox.
	t.Run("bevestigen", func(t *testing.T) {
		ctx := h.browser(t)
		h.signIn(t, ctx, "beheerder@mgr.nl")
		chromedp.Do(ctx, chromedp.Navigate(h.url+"/account"))
		fill(t, ctx, [][2]string{{"naam", "Koppeling salarissysteem"}})
		if err := navigateBy(ctx, chromedp.Click(css(`a[href$="/intrekken"]`))); err != nil {
			t.Fatal(err)
		}
		if got := textOf(ctx, `main h1`); got != "Token intrekken" {
			t.Fatalf("after Intrekken on %q", got)
		}
		h.checkPage(t, ctx, "token-intrekken-bevestigen")
		if err := navigateBy(ctx, chromedp.Click(css(`main form button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
		if body := textOf(ctx, `main`); !strings.Contains(body, "ingetrokken") {
			t.Errorf("token not revoked after confirming")
		}

		h.visit(t, ctx, "bewaartermijnen", "/beheer/bewaartermijnen")
		if body := textOf(ctx, `main`); !strings.Contains(body, "Proef op") {
			t.Errorf("retention page: %s", tail(body, 300))
		}
		h.visit(t, ctx, "gebruikers", "/beheer/gebruikers")
		if err := navigateBy(ctx, chromedp.Click(css(`a[href^="/beheer/gebruikers/"]:not([href$="nieuw"])`))); err != nil {
			t.Fatal(err)
		}
		user := pathOf(ctx)
		if err := chromedp.Do(ctx, chromedp.Click(css(`#geblokkeerd`))); err != nil {
			t.Fatal(err)
		}
		if err := navigateBy(ctx, chromedp.Submit(css(`#geblokkeerd`))); err != nil {
			t.Fatal(err)
		}
		if pathOf(ctx) != user || !strings.Contains(textOf(ctx, `.werkpad-error-summary`), "Bevestig") {
			t.Fatalf("blocking without confirmation was not stopped")
		}
		h.checkPage(t, ctx, "gebruiker-blokkeren-bevestigen")
		if textOf(ctx, `nav[aria-label="Kruimelpad"]`) == "" {
			t.Errorf("user page has no breadcrumbs")
		}
	})
}
