package werkpad_test

import (
	"testing"

	"werkpad"
	"werkpad/dvo"
)

// TestDraftAgreement drafts the DVO 2026-2027 from 2024-2025: the items of
// 2025 less the retired ones (zorgjongeren left the card after 2024;
// buurtteams retired here), prices and budgets indexed by 2,5% to the
// cent, the 2025 choices carried at the new prices.
func TestDraftAgreement(t *testing.T) {
	prev, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := werkpad.DraftRequest{From: "2024-2025", Version: "2026-2027", FirstYear: 2026, LastYear: 2027, IndexBP: 250, Retire: []string{"buurtteams"}}
	a, err := werkpad.DraftAgreement(prev, r)
	if err != nil {
		t.Fatal(err)
	}
	if a.From != "2026-01-01" || a.To != "2027-12-31" || a.Name != "Dienstverleningsovereenkomst WerkBedrijf Regio Rijk van Nijmegen 2026 – 2027" {
		t.Errorf("period or name: %s %s %q", a.From, a.To, a.Name)
	}
	if _, ok := a.CardItem("zorgjongeren"); ok {
		t.Error("zorgjongeren (card 2024 only) is on the new card")
	}
	if _, ok := a.CardItem("buurtteams"); ok {
		t.Error("a retired item is on the new card")
	}
	if c, _ := a.CardItem("extra_arbeidsbemiddeling"); c.UnitPrice != 10_250_00 || !c.OfferedIn(2026) || !c.OfferedIn(2027) || c.OfferedIn(2025) {
		t.Errorf("extra arbeidsbemiddeling: %+v", c)
	}
	bd, ok := a.MunicipalityYear("GM1945", 2026)
	if !ok || bd.Budget != 276_750_00 || len(bd.Lines) != 3 {
		t.Fatalf("Berg en Dal 2026: %+v", bd)
	}
	if l := bd.Lines[1]; l.Item != "maatwerkinterventie" || l.Quantity != 44_000 || l.Agreed != 135_300_00 || !l.HasAgreed {
		t.Errorf("maatwerk at the indexed price: %+v", l)
	}
	if _, ok := a.MunicipalityYear("GM1945", 2027); !ok {
		t.Error("no 2027")
	}
	r.Budgets = map[string]werkpad.Cents{"GM1945": 250_000_00}
	if a, _ := werkpad.DraftAgreement(prev, r); a != nil {
		if my, _ := a.MunicipalityYear("GM1945", 2027); my.Budget != 250_000_00 {
			t.Errorf("budget set by the controller: %v", my.Budget)
		}
	}
	for _, bad := range []struct {
		field string
		edit  func(*werkpad.DraftRequest)
	}{
		{"versie", func(r *werkpad.DraftRequest) { r.Version = "2024-2025" }},
		{"versie", func(r *werkpad.DraftRequest) { r.Version = " " }},
		{"eersteJaar", func(r *werkpad.DraftRequest) { r.FirstYear = 2025 }},
		{"laatsteJaar", func(r *werkpad.DraftRequest) { r.LastYear = 2025 }},
		{"indexatie", func(r *werkpad.DraftRequest) { r.IndexBP = 6000 }},
		{"vervallen", func(r *werkpad.DraftRequest) { r.Retire = []string{"toverstaf"} }},
		{"budget-GM0268", func(r *werkpad.DraftRequest) { r.Budgets = map[string]werkpad.Cents{"GM0268": -1} }},
	} {
		rr := r
		bad.edit(&rr)
		if _, err := werkpad.DraftAgreement(prev, rr); werkpad.ErrorField(err) != bad.field {
			t.Errorf("want an error on %s: %v", bad.field, err)
		}
	}
	for _, tc := range []struct {
		c    werkpad.Cents
		bp   int
		want werkpad.Cents
	}{{3, 5000, 5}, {-3, 5000, -5}, {10_000_00, 250, 10_250_00}, {1, 4999, 1}, {8_500_000, 0, 8_500_000}} {
		if got := werkpad.Indexed(tc.c, tc.bp); got != tc.want {
			t.Errorf("Indexed(%d, %d) = %d, want %d", tc.c, tc.bp, got, tc.want)
		}
	}

	// Composing: priced from the card, within the budget.
	lines := []werkpad.Line{{Item: "participatiecoaching", Quantity: 1500}, {Item: "maatwerkinterventie", Quantity: 44_000}, {Item: "events_marktbewerking", Quantity: 0}}
	priced, total, err := werkpad.ComposeLines(a, bd, lines)
	if err != nil || len(priced) != 2 || total.AgreedCents != 130_687_50+135_300_00 {
		t.Errorf("compose: %v %+v %v", priced, total, err)
	}
	lines[1].Quantity = 60_000
	if _, total, err := werkpad.ComposeLines(a, bd, lines); werkpad.ErrorField(err) != "keuzes" || total.AgreedCents != 130_687_50+184_500_00 {
		t.Errorf("over budget: %+v %v", total, err)
	}
	if _, _, err := werkpad.ComposeLines(a, bd, []werkpad.Line{{Item: "zorgjongeren", Quantity: 1000}}); werkpad.ErrorField(err) != "aantal-zorgjongeren" {
		t.Errorf("an item off the card: %v", err)
	}
	if _, _, err := werkpad.ComposeLines(a, bd, []werkpad.Line{{Item: "doelgroepbenadering", Quantity: -1}}); werkpad.ErrorField(err) != "aantal-doelgroepbenadering" {
		t.Errorf("a negative quantity: %v", err)
	}
}
