package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

// testCard is a small card with the prices of the DVO 2024–2025.
var testCard = []werkpad.CardItem{
	{Code: "participatiecoaching", Unit: "fte", UnitPrice: 85_000_00, Years: []int{2024, 2025}},
	{Code: "maatwerkinterventie", Unit: "interventie", UnitPrice: 3_000_00, Years: []int{2024, 2025}},
	{Code: "zorgjongeren", Unit: "zorgjongere", UnitPrice: 3_000_00, Years: []int{2024}},
}

func line(item string, q werkpad.Milli, amount werkpad.Cents, article string) werkpad.Line {
	return werkpad.Line{Item: item, Quantity: q, Agreed: amount, HasAgreed: true, Article: article}
}

func TestCheckAgreement(t *testing.T) {
	for _, tt := range []struct {
		name       string
		year       werkpad.MunicipalityYear
		want       []werkpad.Finding
		wantTotals []werkpad.Total
	}{{
		name: "exactly on budget and on card: no findings",
		year: werkpad.MunicipalityYear{Municipality: "GM0209", Year: 2024, Budget: 100_000_00, Lines: []werkpad.Line{
			line("participatiecoaching", 1000, 85_000_00, "a"),
			line("maatwerkinterventie", 5000, 15_000_00, "b"),
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0209", Year: 2024, BudgetCents: 100_000_00, AgreedCents: 100_000_00, CardCents: 100_000_00}},
	}, {
		name: "0.4 fte is priced pro rata; agreed € 35k differs from card € 34k",
		year: werkpad.MunicipalityYear{Municipality: "GM0225", Year: 2024, Budget: 35_000_00, BudgetArticle: "art. 7.2", Lines: []werkpad.Line{
			line("participatiecoaching", 400, 35_000_00, "art. 7.2 a"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0225", Year: 2024, Kind: werkpad.FindingPriceDiffers, Item: "participatiecoaching", Article: "art. 7.2 a",
			AmountCents: 1_000_00, CardAmountCents: 34_000_00, AgreedAmountCents: 35_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0225", Year: 2024, BudgetCents: 35_000_00, AgreedCents: 35_000_00, CardCents: 34_000_00}},
	}, {
		name: "over budget, by the amount over",
		year: werkpad.MunicipalityYear{Municipality: "GM0209", Year: 2025, Budget: 150_000_00, BudgetArticle: "art. 6.2", Lines: []werkpad.Line{
			line("participatiecoaching", 1000, 85_000_00, "a"),
			line("maatwerkinterventie", 22_000, 66_000_00, "d"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0209", Year: 2025, Kind: werkpad.FindingOverBudget, Item: "lokale ruimte", Article: "art. 6.2",
			AmountCents: 1_000_00, CardAmountCents: 151_000_00, AgreedAmountCents: 151_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0209", Year: 2025, BudgetCents: 150_000_00, AgreedCents: 151_000_00, CardCents: 151_000_00}},
	}, {
		name: "under budget is information; old obligations are not subtracted again",
		year: werkpad.MunicipalityYear{Municipality: "GM0296", Year: 2025, Budget: 100_000_00, OldObligations: 5_000_00, Lines: []werkpad.Line{
			line("participatiecoaching", 1000, 85_000_00, "a"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0296", Year: 2025, Kind: werkpad.FindingUnderBudget, Item: "lokale ruimte",
			AmountCents: 15_000_00, CardAmountCents: 85_000_00, AgreedAmountCents: 85_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0296", Year: 2025, BudgetCents: 100_000_00, AgreedCents: 85_000_00, CardCents: 85_000_00, OldObligationsCents: 5_000_00}},
	}, {
		name: "zorgjongeren in 2025: outside validity, still counted",
		year: werkpad.MunicipalityYear{Municipality: "GM1945", Year: 2025, Budget: 30_000_00, Lines: []werkpad.Line{
			line("zorgjongeren", 10_000, 30_000_00, "c"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM1945", Year: 2025, Kind: werkpad.FindingOutsideValidity, Item: "zorgjongeren", Article: "c",
			AmountCents: 30_000_00, CardAmountCents: 30_000_00, AgreedAmountCents: 30_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM1945", Year: 2025, BudgetCents: 30_000_00, AgreedCents: 30_000_00, CardCents: 30_000_00}},
	}, {
		name: "no amount stated: missing price, counted at card price, and so over budget",
		year: werkpad.MunicipalityYear{Municipality: "GM0252", Year: 2024, Budget: 65_000_00, BudgetArticle: "art. 8.2", Lines: []werkpad.Line{
			line("participatiecoaching", 800, 65_000_00, "art. 8.2 a"),
			{Item: "zorgjongeren", Quantity: 5000, Article: "art. 8.2 b"},
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0252", Year: 2024, Kind: werkpad.FindingPriceDiffers, Item: "participatiecoaching", Article: "art. 8.2 a",
			AmountCents: -3_000_00, CardAmountCents: 68_000_00, AgreedAmountCents: 65_000_00,
		}, {
			Municipality: "GM0252", Year: 2024, Kind: werkpad.FindingMissingPrice, Item: "zorgjongeren", Article: "art. 8.2 b",
			AmountCents: 15_000_00, CardAmountCents: 15_000_00, NoAgreedAmount: true, ImputedAmountCents: 15_000_00,
		}, {
			Municipality: "GM0252", Year: 2024, Kind: werkpad.FindingOverBudget, Item: "lokale ruimte", Article: "art. 8.2",
			AmountCents: 15_000_00, CardAmountCents: 83_000_00, AgreedAmountCents: 80_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0252", Year: 2024, BudgetCents: 65_000_00, AgreedCents: 80_000_00, CardCents: 83_000_00, ImputedCents: 15_000_00}},
	}, {
		name: "agreed total fits, card total does not: the agreed amounts hide a shortfall",
		year: werkpad.MunicipalityYear{Municipality: "GM0225", Year: 2024, Budget: 27_000_00, BudgetArticle: "art. 7.2", Lines: []werkpad.Line{
			line("zorgjongeren", 10_000, 27_000_00, "art. 7.2 d"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0225", Year: 2024, Kind: werkpad.FindingPriceDiffers, Item: "zorgjongeren", Article: "art. 7.2 d",
			AmountCents: -3_000_00, CardAmountCents: 30_000_00, AgreedAmountCents: 27_000_00,
		}, {
			Municipality: "GM0225", Year: 2024, Kind: werkpad.FindingCardTotalOverBudget, Item: "lokale ruimte", Article: "art. 7.2",
			AmountCents: 3_000_00, CardAmountCents: 30_000_00, AgreedAmountCents: 27_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0225", Year: 2024, BudgetCents: 27_000_00, AgreedCents: 27_000_00, CardCents: 30_000_00}},
	}, {
		name: "extras: inside the local budget counted, meerwerk not",
		year: werkpad.MunicipalityYear{Municipality: "GM0268", Year: 2024, Budget: 120_000_00, Lines: []werkpad.Line{
			line("participatiecoaching", 1000, 85_000_00, "a"),
		}, Extras: []werkpad.ExtraAgreement{
			{Description: "Kwartiermaker", Amount: 35_000_00, HasAmount: true, InLocalBudget: true},
			{Description: "Meerwerk 0,8 fte consulent"},
			{Description: "Meerwerk met bedrag", Amount: 50_000_00, HasAmount: true},
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0268", Year: 2024, BudgetCents: 120_000_00, AgreedCents: 120_000_00, CardCents: 120_000_00, ExtraCents: 35_000_00}},
	}, {
		name: "a line whose item is not on the card",
		year: werkpad.MunicipalityYear{Municipality: "GM0944", Year: 2024, Budget: 10_000_00, Lines: []werkpad.Line{
			line("vrij budget", 1000, 10_000_00, "b"),
		}},
		want: []werkpad.Finding{{
			Municipality: "GM0944", Year: 2024, Kind: werkpad.FindingUnknownItem, Item: "vrij budget", Article: "b",
			AgreedAmountCents: 10_000_00,
		}},
		wantTotals: []werkpad.Total{{Municipality: "GM0944", Year: 2024, BudgetCents: 10_000_00, AgreedCents: 10_000_00}},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			a := &werkpad.Agreement{Card: testCard, Years: []werkpad.MunicipalityYear{tt.year}}
			if diff := cmp.Diff(tt.want, werkpad.CheckAgreement(a)); diff != "" {
				t.Errorf("CheckAgreement mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantTotals, werkpad.Totals(a)); diff != "" {
				t.Errorf("Totals mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPriceFor(t *testing.T) {
	pc := testCard[0] // € 85.000 per fte
	for _, tt := range []struct {
		q    werkpad.Milli
		want werkpad.Cents
	}{
		{1000, 85_000_00},
		{400, 34_000_00},
		{1500, 127_500_00},
		{100, 8_500_00},
		{1, 85_00},
		{0, 0},
	} {
		if got := pc.PriceFor(tt.q); got != tt.want {
			t.Errorf("PriceFor(%v) = %d, want %d", tt.q, got, tt.want)
		}
	}
	// Rounding to the cent, halves away from zero: 0.001 × € 0,05 = 0.005 ct.
	odd := werkpad.CardItem{UnitPrice: 5}
	if got := odd.PriceFor(100); got != 1 {
		t.Errorf("PriceFor rounding: got %d, want 1", got)
	}
}

func TestMilli(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want werkpad.Milli
		str  string
	}{
		{"1,5", 1500, "1,5"},
		{"0.4", 400, "0,4"},
		{"12", 12000, "12"},
		{"0,125", 125, "0,125"},
		{"275", 275000, "275"},
	} {
		got, err := werkpad.ParseMilli(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMilli(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("Milli(%d).String() = %q, want %q", got, got.String(), tt.str)
		}
	}
	for _, in := range []string{"", "1,2345", "x", "1,5 fte", "1.2.3"} {
		if _, err := werkpad.ParseMilli(in); err == nil {
			t.Errorf("ParseMilli(%q): no error", in)
		}
	}
}
