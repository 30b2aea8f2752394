package e2e

import (
	"strings"
	"testing"
)

// TestReportPages: the Tussenrapportage as a controller and as the gemeente
// user of Nijmegen, with axe at both widths. First with an empty region
// (all zeros), then with the calibrated demo region generated into the
// running server's database (SQLite WAL lets both write and read).
func TestReportPages(t *testing.T) {
	h := start(t)
	ctx := h.browser(t)
	h.signIn(t, ctx, "controller@mgr.nl")
	if got := h.visit(t, ctx, "rapportages-leeg", "/rapportages"); got != "Rapportages" {
		t.Errorf("h1 %q", got)
	}

	h.run(t, "", "demo")
	t.Run("controller", func(t *testing.T) {
		h.visit(t, ctx, "rapportages-controller", "/rapportages?van=01-01-2024&tot=30-06-2024")
		body := textOf(ctx, `main`)
		for _, want := range []string{"Regio: som van de gemeenten", "1.182", "1.180", "Berg en Dal (GM1945)", "Nijmegen (GM0268)", "Cijfers bij de grafiek"} {
			if !strings.Contains(body, want) {
				t.Errorf("controller page lacks %q", want)
			}
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
