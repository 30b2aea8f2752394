package e2e

import (
	"strings"
	"testing"
)

// TestSWAdministration: the controller records a Wsw employee (a wrong SE
// first), changes the werkvorm and records sick leave; the gemeente sees
// the employee in the list and on his page; the consulent sees the
// re-assessments due. axe runs on every page at 1280 and 375 px.
func TestSWAdministration(t *testing.T) {
	t.Parallel()
	h := start(t)

	c := h.browser(t)
	h.signIn(t, c, "controller@mgr.nl")
	h.visit(t, c, "controller-sw-leeg", "/sw")
	if !strings.Contains(textOf(c, `main`), "Er zijn geen Wsw-medewerkers in dienst") {
		t.Errorf("empty SW list does not say so")
	}
	h.visit(t, c, "controller-sw-nieuw", "/sw/nieuw")
	fill(t, c, [][2]string{{"gemeente", "GM0268"}, {"se", "0,8x"}, {"werkvorm", "beschut_binnen"}, {"begindatum", "01-03-2012"}})
	if !strings.Contains(textOf(c, `.werkpad-error-summary`), "SE") {
		t.Errorf("no error summary about the SE")
	}
	h.checkPage(t, c, "controller-sw-nieuw-fout")
	fill(t, c, [][2]string{{"se", "0,85"}, {"locatie", "Groenvoorziening"}})
	employee := pathOf(c)
	if !strings.HasPrefix(employee, "/sw/") || employee == "/sw/nieuw" {
		t.Fatalf("employee not saved: on %s: %s", employee, textOf(c, `.werkpad-error-summary`))
	}
	h.checkPage(t, c, "controller-sw-medewerker")
	if got := textOf(c, `main dl`); !strings.Contains(got, "0,850") || !strings.Contains(got, "Beschut") {
		t.Errorf("employee page: %s", got)
	}

	fill(t, c, [][2]string{{"werkvorm", "groepsdetachering"}, {"werkvorm-van", "31-02-2024"}})
	if !strings.Contains(textOf(c, `.werkpad-error-summary`), "ingangsdatum") {
		t.Errorf("no error summary about the date")
	}
	h.checkPage(t, c, "controller-sw-werkvorm-fout")
	fill(t, c, [][2]string{{"werkvorm", "groepsdetachering"}, {"werkvorm-van", "01-01-2024"}})
	if pathOf(c) != employee {
		t.Fatalf("werkvorm not changed: on %s: %s", pathOf(c), textOf(c, `.werkpad-error-summary`))
	}
	if got := textOf(c, `#werkvormen + div table`); !strings.Contains(got, "Groepsdetachering") || !strings.Contains(got, "31-12-2023") {
		t.Errorf("werkvorm history: %s", got)
	}
	fill(t, c, [][2]string{{"verzuim-van", "04-03-2024"}, {"verzuim-tot", "08-03-2024"}, {"verzuim-percentage", "100"}})
	if got := textOf(c, `#verzuim + div table`); !strings.Contains(got, "04-03-2024") {
		t.Errorf("sick leave: %s", got)
	}
	fill(t, c, [][2]string{{"status", "leegloop_inactief"}, {"status-van", "01-06-2024"}, {"status-tot", "30-06-2024"}})
	if got := textOf(c, `#statussen + div table`); !strings.Contains(got, "Leegloop inactief") || !strings.Contains(got, "30-06-2024") {
		t.Errorf("status: %s", got)
	}
	h.checkPage(t, c, "controller-sw-medewerker-gewijzigd")
	h.visit(t, c, "controller-sw", "/sw")

	// Beschut werk: an indication with a wrong date first.
	h.visit(t, c, "controller-sw-beschut-leeg", "/sw/beschut?jaar=2024")
	if !strings.Contains(textOf(c, `main`), "Er is geen nieuwe indicatie beschut werk") {
		t.Errorf("empty beschut werk does not say so")
	}
	fill(t, c, [][2]string{{"indicatie-gemeente", "GM0268"}, {"indicatie-datum", "31-02-2024"}})
	if !strings.Contains(textOf(c, `.werkpad-error-summary`), "datum van de indicatie") {
		t.Errorf("no error summary about the date of the indication")
	}
	h.checkPage(t, c, "controller-sw-beschut-fout")
	fill(t, c, [][2]string{{"indicatie-gemeente", "GM0268"}, {"indicatie-datum", "15-01-2024"}})
	if got := textOf(c, `#indicaties + div table`); pathOf(c) != "/sw/beschut" || !strings.Contains(got, "15-01-2024") {
		t.Errorf("indication not listed: on %s: %s", pathOf(c), got)
	}
	fill(t, c, [][2]string{{"dienstverband-gemeente", "GM0268"}, {"dienstverband-van", "01-02-2024"}})
	h.checkPage(t, c, "controller-sw-beschut")

	// Toegevoegde waarde: the rate and one month.
	h.visit(t, c, "controller-sw-toegevoegde-waarde-leeg", "/sw/toegevoegde-waarde?jaar=2024")
	fill(t, c, [][2]string{{"tarief-jaar", "2024"}, {"tarief", "30,00"}, {"begroting", "8.906,00"}})
	fill(t, c, [][2]string{{"declaratie-jaar", "2024"}, {"declaratie-maand", "1"}, {"uren", "100.000"}, {"fte", "800"}})
	if got := textOf(c, `#per-fte + dl`); !strings.Contains(got, "€ 45.000,00") {
		t.Errorf("forecast per fte: %s", got)
	}
	h.checkPage(t, c, "controller-sw-toegevoegde-waarde")
	h.visit(t, c, "controller-lks", "/loonkostensubsidies")

	g := h.browser(t)
	h.signIn(t, g, "klantmanager@nijmegen.nl")
	h.visit(t, g, "gemeente-sw", "/sw")
	if got := textOf(g, `#medewerkers + div table`); !strings.Contains(got, "Groepsdetachering") || !strings.Contains(got, "Nijmegen") {
		t.Errorf("gemeente list: %s", got)
	}
	h.visit(t, g, "gemeente-sw-peildatum", "/sw?peildatum=31-12-2023")
	if got := textOf(g, `#medewerkers + div table`); !strings.Contains(got, "Beschut") {
		t.Errorf("gemeente list on 31-12-2023 does not show the earlier werkvorm: %s", got)
	}
	h.visit(t, g, "gemeente-sw-medewerker", employee)
	if n, _ := evalJS[int](g, `document.querySelectorAll('main form[method=post]').length`); n != 0 {
		t.Errorf("gemeente sees %d forms on the employee page", n)
	}
	h.visit(t, g, "gemeente-lks", "/loonkostensubsidies")
	h.visit(t, g, "gemeente-sw-beschut", "/sw/beschut?jaar=2024")
	if got := textOf(g, `#per-gemeente + div table`); !strings.Contains(got, "Nijmegen") {
		t.Errorf("gemeente beschut werk: %s", got)
	}

	k := h.browser(t)
	h.signIn(t, k, "consulent@werkbedrijf.nl")
	h.visit(t, k, "consulent-sw", "/sw")
	h.visit(t, k, "consulent-sw-toegevoegde-waarde", "/sw/toegevoegde-waarde?jaar=2024")
	h.visit(t, k, "consulent-lks", "/loonkostensubsidies?van=01-01-2030&tot=01-01-2029")
	if !strings.Contains(textOf(k, `.werkpad-error-summary`), "einddatum") {
		t.Errorf("no error summary about the reversed window")
	}
}
