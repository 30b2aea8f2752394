package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"werkpad"
)

// TestEmployersFlow: the werkgeversadviseur registers an employer (first
// with a wrong KvK number) and a vacancy; the consulent registers a
// candidate in phase bemiddelen with a work profile, finds him among the
// vacancy's matches with the explanation of his score, proposes him and
// records the hire, which becomes the placement on the candidate's page.
// axe-core checks every page at both widths.
func TestEmployersFlow(t *testing.T) {
	t.Parallel()
	h := start(t)
	const bsn = "123456782"
	if !werkpad.ValidBSN(bsn) {
		t.Fatalf("test BSN %s fails the 11-proef", bsn)
	}
	today := todayOfRun(t)

	w := h.browser(t)
	h.signIn(t, w, "adviseur@werkbedrijf.nl")
	h.visit(t, w, "adviseur-werkgevers-leeg", "/werkgevers")
	if !strings.Contains(textOf(w, `main`), "Nieuwe werkgever") || !strings.Contains(textOf(w, `main`), "Detacheringsbanen") {
		t.Errorf("empty employer list lacks the way forward or the detacheringsbanen panel")
	}
	h.visit(t, w, "adviseur-werkgever-nieuw", "/werkgevers/nieuw")
	fill(t, w, [][2]string{{"naam", "Inpakcentrum De Waal"}, {"gemeente", "GM0268"}, {"contact-naam", "Els de Waal"}, {"kvk", "1234567"}})
	if !strings.Contains(textOf(w, `.werkpad-error-summary`), "8 cijfers") {
		t.Errorf("no error summary about the KvK number")
	}
	h.checkPage(t, w, "adviseur-werkgever-fout")
	fill(t, w, [][2]string{{"kvk", "1234 5678"}})
	employer := pathOf(w)
	if !strings.HasPrefix(employer, "/werkgevers/") {
		t.Fatalf("employer not saved: on %s: %s", employer, textOf(w, `.werkpad-error-summary`))
	}
	h.checkPage(t, w, "adviseur-werkgever")
	fill(t, w, [][2]string{{"soort", "bezoek"}, {"notitie", "Kennismaking met de bedrijfsleider"}})
	if !strings.Contains(textOf(w, `main`), "Kennismaking met de bedrijfsleider") {
		t.Errorf("contact not in the contact log")
	}
	h.checkPage(t, w, "adviseur-werkgever-contact")

	h.visit(t, w, "adviseur-vacature-nieuw", "/vacatures/nieuw?werkgever="+strings.TrimPrefix(employer, "/werkgevers/"))
	fill(t, w, [][2]string{{"titel", "Inpakker dagdienst"}, {"beroep", "9321"}, {"uren", "24"}, {"gemeente", "GM0268"},
		{"startdatum", today.AddDays(14).Dutch()}, {"certificaten-zacht", "VCA"}})
	vacancy := pathOf(w)
	if !strings.HasPrefix(vacancy, "/vacatures/") || strings.HasSuffix(vacancy, "/nieuw") {
		t.Fatalf("vacancy not saved: on %s: %s", vacancy, textOf(w, `.werkpad-error-summary`))
	}
	h.checkPage(t, w, "adviseur-vacature-leeg")
	h.visit(t, w, "adviseur-vacatures", "/vacatures?status=open")

	// The consultant registers the candidate, the phase and the profile.
	c := h.browser(t)
	h.signIn(t, c, "consulent@werkbedrijf.nl")
	h.visit(t, c, "consulent-kandidaat-nieuw", "/kandidaten/nieuw")
	fill(t, c, [][2]string{{"bsn", bsn}, {"voornaam", "Sanne"}, {"achternaam", "Vermeulen"}, {"geboortedatum", "14-08-1994"}, {"gemeente", "GM0268"}})
	candidate := pathOf(c)
	if !strings.HasPrefix(candidate, "/kandidaten/") || strings.HasSuffix(candidate, "/nieuw") {
		t.Fatalf("candidate not saved: on %s: %s", candidate, textOf(c, `.werkpad-error-summary`))
	}
	h.visit(t, c, "consulent-fase", candidate+"/fase")
	fill(t, c, [][2]string{{"fase", "bemiddelen"}, {"van", today.Dutch()}})
	h.visit(t, c, "consulent-werkprofiel-leeg", candidate+"/werkprofiel")
	if err := chromedp.Do(c, chromedp.Click(css(`#beroepen-9321`)), chromedp.Click(css(`#rijbewijs`))); err != nil {
		t.Fatal(err)
	}
	fill(t, c, [][2]string{{"min-uren", "16"}, {"max-uren", "32"}, {"taalniveau", "B1"}, {"certificaten", "VCA"}})
	if !strings.Contains(textOf(c, `main dl`), "9321 Inpakkers") {
		t.Fatalf("profile not saved: %s", textOf(c, `main`))
	}
	h.checkPage(t, c, "consulent-werkprofiel")
	h.visit(t, c, "consulent-kandidaat-vacatures", candidate+"/vacatures")
	if !strings.Contains(textOf(c, `main table`), "Inpakker dagdienst") {
		t.Errorf("the vacancy is not among the candidate's vacancies")
	}

	// The vacancy's matches: the candidate with every factor explained.
	h.visit(t, c, "consulent-vacature-matches", vacancy)
	matches := textOf(c, `.werkpad-matches`)
	for _, want := range []string{"Sanne Vermeulen", "Beroep: 40 van 40 punten", "Uren: 20 van 20 punten", "Locatie: 20 van 20 punten",
		"Eisen: 10 van 10 punten", "Laatste voorstel: 10 van 10 punten", "Samen 100 punten"} {
		if !strings.Contains(matches, want) {
			t.Errorf("matches lack %q: %s", want, matches)
		}
	}
	cid := strings.TrimPrefix(candidate, "/kandidaten/")
	if err := navigateBy(c, chromedp.Click(css(`#voorstel-`+cid))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, c, "consulent-vacature-voorgesteld")
	if err := navigateBy(c, chromedp.Click(css(`#voorstellen + div a[href*="/voorstellen/"]`))); err != nil {
		t.Fatal(err)
	}
	h.checkPage(t, c, "consulent-voorstel")
	fill(t, c, [][2]string{{"status", "aangenomen"}, {"contractsoort", "bepaald"}})
	if !strings.Contains(textOf(c, `.werkpad-error-summary`), "bevestig") {
		t.Errorf("hire without confirmation accepted")
	}
	h.checkPage(t, c, "consulent-voorstel-fout")
	if err := chromedp.Do(c, chromedp.Click(css(`#bevestig`))); err != nil {
		t.Fatal(err)
	}
	fill(t, c, [][2]string{{"contractsoort", "bepaald"}})
	if pathOf(c) != candidate {
		t.Fatalf("hire not saved: on %s: %s", pathOf(c), textOf(c, `.werkpad-error-summary`))
	}
	h.checkPage(t, c, "consulent-kandidaat-geplaatst")
	placements := textOf(c, `#plaatsingen + div table`)
	for _, want := range []string{"Inpakcentrum De Waal", "24", "Bepaalde tijd"} {
		if !strings.Contains(placements, want) {
			t.Errorf("placement table lacks %q: %s", want, placements)
		}
	}

	// The municipality reads the vacancy, the employer and the candidate's vacancies.
	g := h.browser(t)
	h.signIn(t, g, "klantmanager@nijmegen.nl")
	h.visit(t, g, "gemeente-vacature", vacancy)
	h.visit(t, g, "gemeente-werkgever", employer)
	if !strings.Contains(textOf(g, `main`), "Lopende plaatsingen") {
		t.Errorf("employer overview missing for the gemeente")
	}
	h.visit(t, g, "gemeente-kandidaat", candidate)
}
