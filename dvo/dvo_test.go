package dvo_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/dvo"
)

type myKey struct {
	code string
	year int
}

// The budgets (lokale ruimte) as written in art. 5.2–11.2 and in the table
// "Ruimte voor lokale keuzen per gemeente" of the Toelichting op de
// keuzekaart; old obligations as written in the last paragraph of the
// Toelichting. Typed from the document, not from the program's output.
var (
	documentBudgets = map[myKey]werkpad.Cents{
		{"GM1945", 2024}: 310_000_00, {"GM1945", 2025}: 270_000_00, // Berg en Dal
		{"GM0209", 2024}: 100_000_00, {"GM0209", 2025}: 150_000_00, // Beuningen
		{"GM0225", 2024}: 85_000_00, {"GM0225", 2025}: 120_000_00, // Druten
		{"GM0252", 2024}: 65_000_00, {"GM0252", 2025}: 90_000_00, // Heumen
		{"GM0944", 2024}: 20_000_00, {"GM0944", 2025}: 35_000_00, // Mook en Middelaar
		{"GM0268", 2024}: 1_500_000_00, {"GM0268", 2025}: 1_100_000_00, // Nijmegen
		{"GM0296", 2024}: 200_000_00, {"GM0296", 2025}: 275_000_00, // Wijchen
	}
	documentOldObligations = map[myKey]werkpad.Cents{
		{"GM0268", 2024}: 1_400_000_00, {"GM0268", 2025}: 1_400_000_00,
		{"GM1945", 2024}: 5_000_00,
		{"GM0296", 2024}: 21_000_00, {"GM0296", 2025}: 5_000_00,
	}
	// Bijlage 2: price per unit (per 10 kandidaten divided by 10).
	documentCard = map[string]werkpad.Cents{
		"extra_arbeidsbemiddeling": 10_000_00,
		"buurtteams":               20_000_00,
		"doelgroepbenadering":      1_000_00,
		"maatwerkinterventie":      3_000_00,
		"zorgjongeren":             3_000_00,
		"events_marktbewerking":    10_000_00,
		"participatiecoaching":     85_000_00,
	}
)

func TestLoadShipped(t *testing.T) {
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	if a.From != "2024-07-01" || a.To != "2025-12-31" {
		t.Errorf("period %s – %s, want 2024-07-01 – 2025-12-31 (art. 17.1)", a.From, a.To)
	}
	if a.PartYear(2024) == "" || a.PartYear(2025) != "" {
		t.Errorf("part years: 2024 %q, 2025 %q; want only 2024 noted", a.PartYear(2024), a.PartYear(2025))
	}

	gotCard := map[string]werkpad.Cents{}
	for _, c := range a.Card {
		gotCard[c.Code] = c.UnitPrice
	}
	if diff := cmp.Diff(documentCard, gotCard); diff != "" {
		t.Errorf("card prices (-document +file):\n%s", diff)
	}
	zj, _ := a.CardItem("zorgjongeren")
	if diff := cmp.Diff([]int{2024}, zj.Years); diff != "" {
		t.Errorf("zorgjongeren years (-want +got):\n%s", diff)
	}

	// 7 municipalities × 2 years; West Maas en Waal (SW only) has no choices.
	gotBudgets := map[myKey]werkpad.Cents{}
	gotOld := map[myKey]werkpad.Cents{}
	for _, my := range a.Years {
		k := myKey{my.Municipality, my.Year}
		gotBudgets[k] = my.Budget
		if my.OldObligations != 0 {
			gotOld[k] = my.OldObligations
		}
		if len(my.Lines) == 0 {
			t.Errorf("%s %d: no lines", my.Municipality, my.Year)
		}
	}
	if len(a.Years) != 14 {
		t.Errorf("got %d municipality-years, want 14", len(a.Years))
	}
	if diff := cmp.Diff(documentBudgets, gotBudgets); diff != "" {
		t.Errorf("budgets (-document +file):\n%s", diff)
	}
	if diff := cmp.Diff(documentOldObligations, gotOld); diff != "" {
		t.Errorf("old obligations (-document +file):\n%s", diff)
	}
}

func TestCheckShipped(t *testing.T) {
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Worked out by hand from the document: Berg en Dal 2024 writes
	// 128k+120k+54k+10k = 312k against 310k; Beuningen 2025 85k+20k+10k+36k
	// = 151k against 150k; Heumen 2024 writes 65k plus 5 zorgjongeren with
	// no amount (15k on the card) against 65k.
	var over []werkpad.Finding
	kinds := map[werkpad.FindingKind]int{}
	for _, f := range werkpad.CheckAgreement(a) {
		kinds[f.Kind]++
		if f.Kind == werkpad.FindingOverBudget {
			over = append(over, werkpad.Finding{Municipality: f.Municipality, Year: f.Year, AmountCents: f.AmountCents})
		}
	}
	wantOver := []werkpad.Finding{
		{Municipality: "GM1945", Year: 2024, AmountCents: 2_000_00},
		{Municipality: "GM0209", Year: 2025, AmountCents: 1_000_00},
		{Municipality: "GM0252", Year: 2024, AmountCents: 15_000_00},
	}
	if diff := cmp.Diff(wantOver, over); diff != "" {
		t.Errorf("over budget (-want +got):\n%s", diff)
	}
	// Prices that differ: participatiecoaching Berg en Dal ×2 (1,5 fte =
	// 127,5k, not 128k), Druten ×2 (0,4 fte = 34k; 1,0 fte = 85k), Heumen ×2
	// (0,8 = 68k; 0,9 = 76,5k), Mook ×2 (0,1 = 8,5k; 0,3 = 25,5k); and
	// zorgjongeren Druten (4 = 12k, not 10k) and Wijchen (7 = 21k, not 20k).
	// Card totals over a budget the agreed total fits (DVO r. 520-558,
	// 601-629, 718-734): Druten 2024 86k vs 85k and 2025 125k vs 120k, Mook
	// en Middelaar 2025 35,5k vs 35k, Wijchen 2024 201k vs 200k.
	wantKinds := map[werkpad.FindingKind]int{
		werkpad.FindingOverBudget:          3,
		werkpad.FindingPriceDiffers:        10,
		werkpad.FindingMissingPrice:        1,
		werkpad.FindingCardTotalOverBudget: 4,
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("findings per kind (-want +got):\n%s", diff)
	}
	// Nijmegen's lines plus the kwartiermaker fill the budget exactly.
	for _, tot := range werkpad.Totals(a) {
		if tot.Municipality == "GM0268" && tot.RemainingCents() != 0 {
			t.Errorf("Nijmegen %d: remaining %s, want € 0,00", tot.Year, werkpad.FormatEuro(tot.RemainingCents()))
		}
	}
}

func TestParseErrors(t *testing.T) {
	const head = `
agreement: {name: Test, from: "2024-07-01", to: "2025-12-31"}
card:
  - {code: participatiecoaching, unit: fte, unit_price: "€85.000", years: [2024, 2025]}
municipalities:
  - code: GM0225
    name: Druten
    years:
`
	for _, tt := range []struct {
		name, yaml, field, inMessage string
	}{{
		name:      "unknown card item",
		yaml:      head + `      - {year: 2024, budget: "€ 85k", lines: [{item: participatiecoach, quantity: 1, agreed: "€ 85k"}]}`,
		field:     "municipalities[GM0225].years[2024].lines[0].item",
		inMessage: "regel 9: onbekend keuzekaart-item",
	}, {
		name:      "negative quantity",
		yaml:      head + `      - {year: 2024, budget: "€ 85k", lines: [{item: participatiecoaching, quantity: -0.4, agreed: "€ 35k"}]}`,
		field:     "municipalities[GM0225].years[2024].lines[0].quantity",
		inMessage: "groter dan 0",
	}, {
		name:      "year outside the agreement period",
		yaml:      head + `      - {year: 2026, budget: "€ 85k", lines: [{item: participatiecoaching, quantity: 1, agreed: "€ 85k"}]}`,
		field:     "municipalities[GM0225].years[2026].year",
		inMessage: "buiten de looptijd",
	}, {
		name:      "misspelt field",
		yaml:      head + `      - {year: 2024, budget: "€ 85k", lines: [{item: participatiecoaching, quantity: 1, agred: "€ 85k"}]}`,
		field:     "agred",
		inMessage: "regel 9: onbekend veld",
	}, {
		name:      "bad amount",
		yaml:      head + `      - {year: 2024, budget: "€ 85 duizend", lines: []}`,
		field:     "municipalities[GM0225].years[2024].budget",
		inMessage: "ongeldig bedrag",
	}, {
		name:  "bad municipality code",
		yaml:  strings.Replace(head, "GM0225", "Druten", 1) + `      - {year: 2024, budget: "€ 85k"}`,
		field: "municipalities[Druten].code",
	}, {
		name:  "card year outside the period",
		yaml:  strings.Replace(head, "[2024, 2025]", "[2023]", 1) + `      - {year: 2024, budget: "€ 85k"}`,
		field: "card[0].years",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dvo.Parse(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if werkpad.ErrorCode(err) != werkpad.EINVALID {
				t.Errorf("code %q, want %q (%v)", werkpad.ErrorCode(err), werkpad.EINVALID, err)
			}
			if got := werkpad.ErrorField(err); got != tt.field {
				t.Errorf("field %q, want %q (%v)", got, tt.field, err)
			}
			if !strings.Contains(werkpad.ErrorMessage(err), tt.inMessage) {
				t.Errorf("message %q does not contain %q", werkpad.ErrorMessage(err), tt.inMessage)
			}
		})
	}
}

func TestParseKeepsWhatIsWritten(t *testing.T) {
	// An item outside its years and a sum over budget load fine: the engine
	// reports them.
	a, err := dvo.Parse(strings.NewReader(`
agreement: {name: Test, from: "2024-07-01", to: "2025-12-31"}
card:
  - {code: zorgjongeren, unit: zorgjongere, unit_price: "€ 3.000", years: [2024]}
municipalities:
  - code: GM1945
    name: Berg en Dal
    years:
      - year: 2025
        budget: "€ 20k"
        lines:
          - {item: zorgjongeren, quantity: 10, agreed: "€ 30k", description: "10 zorgjongeren", article: "art. x"}
          - {item: zorgjongeren, quantity: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []werkpad.Line{
		{Item: "zorgjongeren", Quantity: 10_000, Agreed: 30_000_00, HasAgreed: true, Description: "10 zorgjongeren", Article: "art. x"},
		{Item: "zorgjongeren", Quantity: 1_000},
	}
	if diff := cmp.Diff(want, a.Years[0].Lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	var kinds []werkpad.FindingKind
	for _, f := range werkpad.CheckAgreement(a) {
		kinds = append(kinds, f.Kind)
	}
	wantKinds := []werkpad.FindingKind{
		werkpad.FindingOutsideValidity, werkpad.FindingOutsideValidity,
		werkpad.FindingMissingPrice, werkpad.FindingOverBudget,
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
}

var (
	sampleTotals = []werkpad.Total{{
		Municipality: "GM0225", Name: "Druten", Year: 2024, PartYear: "alleen tweede helft",
		BudgetCents: 85_000_00, AgreedCents: 85_000_00, CardCents: 86_000_00,
	}}
	sampleFindings = []werkpad.Finding{{
		Municipality: "GM0225", Year: 2024, Kind: werkpad.FindingPriceDiffers, Item: "participatiecoaching", Article: "art. 7.2 a",
		AmountCents: 1_000_00, CardAmountCents: 34_000_00, AgreedAmountCents: 35_000_00,
	}, {
		Municipality: "GM0668", Year: 2024, Kind: werkpad.FindingMissingPrice, Item: "x",
	}}
)

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := dvo.WriteJSON(&b, sampleTotals, sampleFindings); err != nil {
		t.Fatal(err)
	}
	want := `{"findings":[` +
		`{"municipality":"GM0225","year":2024,"kind":"price_differs_from_card","item":"participatiecoaching","article":"art. 7.2 a","amount_cents":100000,"card_amount_cents":3400000,"agreed_amount_cents":3500000},` +
		`{"municipality":"GM0668","year":2024,"kind":"missing_price","item":"x","amount_cents":0,"card_amount_cents":0,"agreed_amount_cents":null,"imputed_amount_cents":0}],` +
		`"totals":[{"municipality":"GM0225","year":2024,"budget_cents":8500000,"agreed_cents":8500000,"card_cents":8600000,` +
		`"imputed_cents":0,"extra_agreements_cents":0,"old_obligations_cents":0,"remaining_cents":0}]}` + "\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteJSON (-want +got):\n%s", diff)
	}

	b.Reset()
	if err := dvo.WriteJSON(&b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"findings":[],"totals":[]}`+"\n", b.String()); diff != "" {
		t.Errorf("WriteJSON empty (-want +got):\n%s", diff)
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := dvo.WriteText(&b, sampleTotals, sampleFindings); err != nil {
		t.Fatal(err)
	}
	want := `Druten (GM0225) 2024
  2024: alleen tweede helft
  lokale ruimte                               € 85.000,00
  volgens keuzekaart                          € 86.000,00
  afgesproken                                 € 85.000,00
  verschil (ruimte - afgesproken)                  € 0,00
  bevindingen:
  - LET OP [price_differs_from_card] participatiecoaching (art. 7.2 a): afgesproken € 35.000,00, volgens keuzekaart € 34.000,00, verschil € 1.000,00

Overige bevindingen
  bevindingen:
  - LET OP [missing_price] x: geen bedrag afgesproken; volgens keuzekaart € 0,00

1 gemeente-jaren, 2 bevindingen: 0 op te lossen, 2 ter informatie of controle
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteText (-want +got):\n%s", diff)
	}
}

func TestWriteTextShowsWhatIsNotOnTheCard(t *testing.T) {
	totals := []werkpad.Total{{
		Municipality: "GM0252", Name: "Heumen", Year: 2024,
		BudgetCents: 65_000_00, AgreedCents: 89_000_00, CardCents: 92_000_00, ExtraCents: 9_000_00, OldObligationsCents: 5_000_00,
	}}
	findings := []werkpad.Finding{{
		Municipality: "GM0252", Year: 2024, Kind: werkpad.FindingMissingPrice, Item: "zorgjongeren", Article: "art. 8.2 b",
		AmountCents: 15_000_00, CardAmountCents: 15_000_00,
	}, {
		Municipality: "GM0252", Year: 2024, Kind: werkpad.FindingOverBudget, Item: "lokale ruimte", Article: "art. 8.2",
		AmountCents: 24_000_00, CardAmountCents: 92_000_00, AgreedAmountCents: 89_000_00,
	}}
	var b bytes.Buffer
	if err := dvo.WriteText(&b, totals, findings); err != nil {
		t.Fatal(err)
	}
	want := `Heumen (GM0252) 2024
  lokale ruimte                               € 65.000,00
  volgens keuzekaart                          € 92.000,00
  afgesproken                                 € 89.000,00
    waarvan zonder bedrag (kaartprijs)        € 15.000,00
    waarvan buiten de keuzekaart               € 9.000,00
  verschil (ruimte - afgesproken)            -€ 24.000,00
  oude verplichtingen (apart)                  € 5.000,00
  bevindingen:
  - LET OP [missing_price] zorgjongeren (art. 8.2 b): geen bedrag afgesproken; volgens keuzekaart € 15.000,00
  - FOUT   [over_budget] lokale ruimte (art. 8.2) overschreden met € 24.000,00: afgesproken € 89.000,00, volgens keuzekaart € 92.000,00

1 gemeente-jaren, 2 bevindingen: 1 op te lossen, 1 ter informatie of controle
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteText (-want +got):\n%s", diff)
	}
}
