package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"werkpad"
)

// fill sets form fields by id and submits the form of the last one,
// waiting for the next page.
func fill(t *testing.T, ctx context.Context, fields [][2]string) {
	t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for _, f := range fields {
		steps = append(steps, chromedp.SetValue(css("#"+f[0]), f[1]))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("filling %v: %v", fields, err)
	}
	if err := navigateBy(ctx, chromedp.Submit(css("#"+fields[len(fields)-1][0]))); err != nil {
		t.Fatalf("submitting %v: %v", fields, err)
	}
}

// TestCaseworkFlow follows one person from the municipality's referral
// through intake, feedback, an instrument, a placement and an exit to work,
// as the gemeente and the consulent, with axe on every page.
func TestCaseworkFlow(t *testing.T) {
	t.Parallel()
	h := start(t)
	const bsn = "111222333"
	if !werkpad.ValidBSN(bsn) {
		t.Fatalf("test BSN %s fails the 11-proef", bsn)
	}
	today := todayOfRun(t)

	// The municipality refers someone; the first attempt misses the reason.
	g := h.browser(t)
	h.signIn(t, g, "klantmanager@nijmegen.nl")
	h.visit(t, g, "gemeente-aanmeldingen-leeg", "/aanmeldingen")
	if !strings.Contains(textOf(g, `main`), "Nieuwe aanmelding") {
		t.Errorf("empty referral list does not say what to do")
	}
	h.visit(t, g, "gemeente-aanmelding-nieuw", "/aanmeldingen/nieuw")
	// A form with several mistakes shows them all at once, in a summary
	// that takes the focus.
	fill(t, g, [][2]string{{"voornaam", "Fatima"}, {"geboortedatum", "31-02-1996"}})
	summary := textOf(g, `.werkpad-error-summary`)
	for _, want := range []string{"burgerservicenummer", "achternaam", "geboortedatum", "reden"} {
		if !strings.Contains(strings.ToLower(summary), want) {
			t.Errorf("the error summary misses %q in one submit: %s", want, summary)
		}
	}
	if n, _ := evalJS[int](g, `document.querySelectorAll('.werkpad-error-summary li').length`); n < 4 {
		t.Errorf("the error summary lists %d errors, want at least 4", n)
	}
	if focused, _ := evalJS[bool](g, `document.activeElement.classList.contains('werkpad-error-summary')`); !focused {
		t.Errorf("the error summary does not have the focus")
	}
	h.checkPage(t, g, "gemeente-aanmelding-fout")
	fill(t, g, [][2]string{{"bsn", bsn}, {"achternaam", "El Amrani"}, {"geboortedatum", "12-03-1996"},
		{"reden", "Wil graag aan het werk in de zorg."}, {"documenten", "cv.pdf"}})
	referral := pathOf(g)
	if !strings.HasPrefix(referral, "/aanmeldingen/") || strings.Contains(referral, bsn) {
		t.Fatalf("after referral on %s", referral)
	}
	h.checkPage(t, g, "gemeente-aanmelding")

	// The consultant plans and records the intake, makes the candidate
	// and reports back.
	c := h.browser(t)
	h.signIn(t, c, "consulent@werkbedrijf.nl")
	h.visit(t, c, "consulent-kandidaten-leeg", "/kandidaten")
	h.visit(t, c, "consulent-aanmeldingen", "/aanmeldingen")
	h.visit(t, c, "consulent-aanmelding", referral)
	fill(t, c, [][2]string{{"intake-datum", today.Dutch()}, {"intake-locatie", "Stadswinkel Nijmegen"}, {"intake-dagdeel", "ochtend"}})
	h.checkPage(t, c, "consulent-intake-gepland")
	fill(t, c, [][2]string{{"gehouden-datum", today.Dutch()}})
	h.checkPage(t, c, "consulent-intake-gehouden")
	if err := navigateBy(c, chromedp.Click(css(`a[href^="/kandidaten/nieuw?aanmelding="]`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, c, "consulent-kandidaat-nieuw")
	// The BSN comes from the referral on the server, masked, not retyped.
	if got := textOf(c, `#bsn`); !strings.Contains(got, "overgenomen uit de aanmelding") || strings.Contains(got, bsn) {
		t.Errorf("new candidate from the referral shows the BSN as %q", got)
	}
	if err := navigateBy(c, chromedp.Click(css(`form[action="/kandidaten"] button[type=submit]`))); err != nil {
		t.Fatalf("submitting the new candidate: %v", err)
	}
	if pathOf(c) != referral {
		t.Fatalf("after creating the candidate on %s, want %s", pathOf(c), referral)
	}
	fill(t, c, [][2]string{{"uitkomst", "in-traject"}})
	if !strings.Contains(textOf(c, `main`), "Teruggemeld") {
		t.Errorf("feedback not recorded")
	}
	if err := navigateBy(c, chromedp.Click(css(`main dl a[href^="/kandidaten/"]`))); err != nil {
		t.Fatal(err)
	}
	candidate := pathOf(c)
	h.checkPage(t, c, "consulent-kandidaat")
	if !strings.Contains(textOf(c, `main dl`), bsn) {
		t.Errorf("candidate page does not show the BSN")
	}

	h.visit(t, c, "consulent-traject", candidate+"/traject")
	fill(t, c, [][2]string{{"instrument", "wmbu"}, {"uren", "16"}, {"gastorganisatie", "Kringloop De Hoge Dennen"}})
	h.checkPage(t, c, "consulent-kandidaat-traject")

	h.visit(t, c, "consulent-plaatsing", candidate+"/plaatsing")
	fill(t, c, [][2]string{{"werkgever", "Zorggroep Maas en Waal"}, {"uren", "50"}, {"contractsoort", "bepaald"}})
	if !strings.Contains(textOf(c, `.werkpad-error-summary`), "40 uur") {
		t.Errorf("no error for 50 contract hours")
	}
	h.checkPage(t, c, "consulent-plaatsing-fout")
	if err := chromedp.Do(c, chromedp.Click(css(`#lks`))); err != nil {
		t.Fatal(err)
	}
	fill(t, c, [][2]string{{"uren", "24,5"}, {"loonwaarde", "62,5"}, {"herbeoordeling", today.AddYears(1).Dutch()}})
	if pathOf(c) != candidate {
		t.Fatalf("placement not saved: on %s: %s", pathOf(c), textOf(c, `.werkpad-error-summary`))
	}
	placements := textOf(c, `#plaatsingen + div table`)
	// This month's subsidy, or the statement that it is unknown when
	// werkpad's minimum-wage table does not reach today (as the http test).
	lks := "bedrag deze maand onbekend"
	if cents, err := werkpad.WageSubsidyForMonth(today.Y, today.M, 1470, 6250); err == nil {
		lks = werkpad.FormatEuro(werkpad.Cents(cents)) + " per maand"
	}
	for _, want := range []string{"Zorggroep Maas en Waal", "24,5", "0-28 uur", "62,5%", lks} {
		if !strings.Contains(placements, want) {
			t.Errorf("placement table lacks %q: %s", want, placements)
		}
	}

	h.visit(t, c, "consulent-uitstroom", candidate+"/uitstroom")
	placementID, err := evalJS[string](c, `document.querySelector('#plaatsing option:nth-child(2)').value`)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, c, [][2]string{{"reden", "werk"}, {"plaatsing", placementID}, {"datum", today.Dutch()}})
	h.checkPage(t, c, "consulent-kandidaat-uitstroom")

	// The satisfaction survey after the exit: the consultant makes a link,
	// the candidate answers it in a browser without an account.
	h.visit(t, c, "consulent-enquetes", candidate+"/enquetes")
	if err := navigateBy(c, chromedp.Click(css(`main form button`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, c, "consulent-enquetelink")
	link, err := evalJS[string](c, `document.querySelector('#enquetelink').value`)
	if err != nil || !strings.HasPrefix(link, h.url+"/enquete/") {
		t.Fatalf("survey link %q: %v", link, err)
	}
	anon := h.browser(t)
	if err := chromedp.Do(anon, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, anon, "kandidaat-enquete")
	if err := navigateBy(anon, chromedp.Click(css(`main form button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(textOf(anon, `.werkpad-error-summary`), "Kies een antwoord") {
		t.Errorf("an empty survey was accepted")
	}
	h.checkPage(t, anon, "kandidaat-enquete-fout")
	var clicks []chromedp.Action[chromedp.Void]
	for _, id := range []string{"begeleiding-4", "afspraken-5", "resultaat-3", "cijfer-8"} {
		clicks = append(clicks, chromedp.Click(css("#"+id)))
	}
	if err := chromedp.Do(anon, clicks...); err != nil {
		t.Fatal(err)
	}
	fill(t, anon, [][2]string{{"verbetering", "Sneller terugbellen."}})
	if !strings.Contains(textOf(anon, `main`), "Hartelijk dank") {
		t.Errorf("survey not answered: %s", textOf(anon, `main`))
	}
	h.checkPage(t, anon, "kandidaat-enquete-klaar")
	h.visit(t, c, "consulent-enquetes-ingevuld", candidate+"/enquetes")
	if !strings.Contains(textOf(c, `main table`), "Ingevuld op "+today.Dutch()) {
		t.Errorf("the survey page does not show the answer: %s", textOf(c, `main table`))
	}

	h.visit(t, c, "consulent-signaal", candidate+"/signaal")
	if err := chromedp.Do(c, chromedp.Click(css("#geadviseerd"))); err != nil {
		t.Fatal(err)
	}
	fill(t, c, [][2]string{{"gedrag", "Twee keer zonder bericht niet verschenen."}, {"advies", "Eerst een waarschuwing."}})
	h.visit(t, c, "consulent-signalen", "/signalen")

	// A complaint, from receipt to its decision within the Awb term.
	h.visit(t, c, "consulent-klacht-nieuw", candidate+"/klacht")
	fill(t, c, [][2]string{{"onderwerp", "Bereikbaarheid"}, {"omschrijving", "Drie keer gebeld en niet teruggebeld."}})
	if err := navigateBy(c, chromedp.Click(css(`main a[href^="/klachten/"]`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, c, "consulent-klacht")
	fill(t, c, [][2]string{{"bevestigd-op", today.Dutch()}})
	fill(t, c, [][2]string{{"uitkomst", "deels-gegrond"}})
	if textOf(c, `.werkpad-error-summary`) == "" {
		t.Errorf("a decision without findings was accepted")
	}
	h.checkPage(t, c, "consulent-klacht-fout")
	fill(t, c, [][2]string{{"uitkomst", "deels-gegrond"}, {"bevindingen", "Terugbelafspraak niet nagekomen; excuses aangeboden."}})
	if dl := textOf(c, `main dl`); !strings.Contains(dl, "Deels gegrond") || !strings.Contains(dl, "binnen de termijn") {
		t.Errorf("decided complaint: %s", dl)
	}
	h.visit(t, c, "consulent-klachten", "/klachten?weergave=alle")

	// The copy for a request for access lists who processed the person.
	h.visit(t, c, "consulent-inzage", candidate+"/inzage")
	if txt := textOf(c, `main`); !strings.Contains(txt, "Wie verwerkte uw gegevens") || !strings.Contains(txt, "GET /kandidaten/{id}") {
		t.Errorf("inzage page: %.300s", txt)
	}
	h.visit(t, c, "consulent-kandidaten", "/kandidaten?sorteer=fase")

	// The municipality sees the timeline, the placement, the exit and the
	// signal, and decides on it.
	h.visit(t, g, "gemeente-aanmelding-teruggemeld", referral)
	timeline := textOf(g, `.werkpad-timeline`)
	for _, want := range []string{"Aangemeld", "Intake gepland", "Intake gehouden", "Teruggemeld", "In traject"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("referral timeline lacks %q: %s", want, timeline)
		}
	}
	h.visit(t, g, "gemeente-kandidaten", "/kandidaten")
	h.visit(t, g, "gemeente-kandidaat", candidate)
	page := textOf(g, `main`)
	for _, want := range []string{"Zorggroep Maas en Waal", "Uitstroom: Werk", "Werkplek met behoud van uitkering"} {
		if !strings.Contains(page, want) {
			t.Errorf("candidate page as gemeente lacks %q", want)
		}
	}
	h.visit(t, g, "gemeente-signalen", "/signalen")
	if err := navigateBy(g, chromedp.Click(css(`main table a[href^="/signalen/"]`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, g, "gemeente-signaal")
	// The advice was a measure; "geen maatregel" deviates and needs a reason.
	fill(t, g, [][2]string{{"besluit", "geen-maatregel"}})
	if textOf(g, `.werkpad-error-summary`) == "" {
		t.Errorf("deviating decision without explanation accepted")
	}
	h.checkPage(t, g, "gemeente-signaal-fout")
	fill(t, g, [][2]string{{"toelichting", "Eerste keer; gesprek gevoerd."}})
	if dl := textOf(g, `main dl`); !strings.Contains(dl, "Geen maatregel") || !strings.Contains(dl, "wijkt af van het advies") {
		t.Errorf("decision not shown: %s", dl)
	}
	h.checkPage(t, g, "gemeente-signaal-besloten")
}
