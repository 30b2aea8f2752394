package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestClassifyFinanceDifference(t *testing.T) {
	for _, tc := range []struct {
		d    int64
		n    int
		want werkpad.FinanceDifferenceKind
	}{
		{1, 1, werkpad.FinanceRounding},       // one term + the published figure: 1,0 at most
		{2, 1, werkpad.FinanceInconsistent},   //
		{1, 2, werkpad.FinanceRounding},       // prognose − begroting: 3 figures, 1,5 → 1
		{-1, 2, werkpad.FinanceRounding},      //
		{2, 2, werkpad.FinanceInconsistent},   //
		{2, 4, werkpad.FinanceRounding},       // total of four lines: 5 figures, 2,5 → 2
		{3, 4, werkpad.FinanceInconsistent},   //
		{-3, 5, werkpad.FinanceRounding},      // 6 figures: 3
		{4, 7, werkpad.FinanceRounding},       // 8 figures: 4
		{5, 7, werkpad.FinanceInconsistent},   //
		{0, 0, werkpad.FinanceRounding},       //
		{1, 0, werkpad.FinanceInconsistent},   // nothing rounded but the figure itself
		{-94, 2, werkpad.FinanceInconsistent}, //
	} {
		if got := werkpad.ClassifyFinanceDifference(tc.d, tc.n); got != tc.want {
			t.Errorf("Classify(%d, %d terms) = %s, want %s (tolerance %d)", tc.d, tc.n, got, tc.want, werkpad.RoundingTolerance(tc.n))
		}
	}
}

// programmeTable is a small budget table as the report prints them.
func programmeTable() *werkpad.FinanceTable {
	cols := []werkpad.FinanceColumn{{Key: "begroting"}, {Key: "prognose"}, {Key: "verschil"}}
	row := func(key string, kind werkpad.FinanceRowKind, b, p, v int64, sum ...string) werkpad.FinanceRow {
		return werkpad.FinanceRow{Key: key, Label: key, Kind: kind, SumOf: sum,
			Cells: map[string]int64{"begroting": b, "prognose": p, "verschil": v}}
	}
	return &werkpad.FinanceTable{
		Key: "t", Year: 2024, Unit: werkpad.UnitThousandEuro, SignConvention: werkpad.ForecastMinusBudget,
		Columns:  cols,
		Variance: &werkpad.FinanceVariance{Column: "verschil", Forecast: "prognose", Budget: "begroting"},
		Rows: []werkpad.FinanceRow{
			row("a", werkpad.FinanceLine, 100, 110, 10),
			row("b", werkpad.FinanceLine, 200, 190, -11),                     // variance off by 1: rounding
			row("c", werkpad.FinanceLine, 300, 300, 5),                       // off by 5: inconsistent
			row("totaal", werkpad.FinanceTotal, 601, 596, -5, "a", "b", "c"), // begroting +1 (rounding), prognose −4 (inconsistent)
			row("saldo", werkpad.FinanceTotal, 0, 0, 0, "totaal", "-a"),      // 601 − 100 = 501 vs 0
		},
	}
}

func TestCheckFinanceRowTotalsAndVariance(t *testing.T) {
	tab := programmeTable()
	got, unchecked := werkpad.CheckFinanceRowTotals(tab)
	want := []werkpad.FinanceFinding{
		{Table: "t", Row: "totaal", Column: "begroting", Published: 601, Computed: 600, Difference: 1, Kind: "rounding", Check: "totaal", Terms: 3, Tolerance: 2},
		{Table: "t", Row: "totaal", Column: "prognose", Published: 596, Computed: 600, Difference: -4, Kind: "inconsistent", Check: "totaal", Terms: 3, Tolerance: 2},
		{Table: "t", Row: "totaal", Column: "verschil", Published: -5, Computed: 4, Difference: -9, Kind: "inconsistent", Check: "totaal", Terms: 3, Tolerance: 2},
		{Table: "t", Row: "saldo", Column: "begroting", Published: 0, Computed: 501, Difference: -501, Kind: "inconsistent", Check: "totaal", Terms: 2, Tolerance: 1},
		{Table: "t", Row: "saldo", Column: "prognose", Published: 0, Computed: 486, Difference: -486, Kind: "inconsistent", Check: "totaal", Terms: 2, Tolerance: 1},
		{Table: "t", Row: "saldo", Column: "verschil", Published: 0, Computed: -15, Difference: 15, Kind: "inconsistent", Check: "totaal", Terms: 2, Tolerance: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" || len(unchecked) != 0 {
		t.Errorf("row totals (-want +got):\n%s\nunchecked: %v", diff, unchecked)
	}

	got, _ = werkpad.CheckFinanceVariance(tab)
	want = []werkpad.FinanceFinding{
		{Table: "t", Row: "b", Column: "verschil", Published: -11, Computed: -10, Difference: -1, Kind: "rounding", Check: "verschil", Terms: 2, Tolerance: 1},
		{Table: "t", Row: "c", Column: "verschil", Published: 5, Computed: 0, Difference: 5, Kind: "inconsistent", Check: "verschil", Terms: 2, Tolerance: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("variance (-want +got):\n%s", diff)
	}

	// The reverse convention turns the expectation around.
	tab.SignConvention = werkpad.BudgetMinusForecast
	got, _ = werkpad.CheckFinanceVariance(tab)
	if len(got) != 4 || got[0].Row != "a" || got[0].Computed != -10 {
		t.Errorf("variance begroting − prognose: %+v", got)
	}
}

func TestCheckFinanceColumnTotals(t *testing.T) {
	tab := &werkpad.FinanceTable{
		Key: "bijdragen", Year: 2024, Unit: werkpad.UnitThousandEuro,
		Columns: []werkpad.FinanceColumn{{Key: "sw"}, {Key: "lks"}, {Key: "stand", SumOf: []string{"sw", "-lks"}}, {Key: "totaal", SumOf: []string{"sw", "lks"}}},
		Rows: []werkpad.FinanceRow{
			{Key: "GM0209", Kind: werkpad.FinanceLine, Municipality: "GM0209", Cells: map[string]int64{"sw": 2869, "lks": 661, "stand": 2208, "totaal": 3531}},
			{Key: "x", Kind: werkpad.FinanceLine, Uninterpretable: []string{"1.351", "-"}},
		},
	}
	got, unchecked := werkpad.CheckFinanceColumnTotals(tab)
	want := []werkpad.FinanceFinding{
		{Table: "bijdragen", Row: "GM0209", Column: "totaal", Published: 3531, Computed: 3530, Difference: 1, Kind: "rounding", Check: "kolomtotaal", Terms: 2, Tolerance: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("column totals (-want +got):\n%s", diff)
	}
	if len(unchecked) != 2 || unchecked[0].Row != "x" {
		t.Errorf("uninterpretable row should be unchecked for both total columns: %+v", unchecked)
	}
}

func TestCheckFinanceMutation(t *testing.T) {
	mk := func(key string, sw int64) *werkpad.FinanceTable {
		return &werkpad.FinanceTable{Key: key, Year: 2024, Unit: werkpad.UnitThousandEuro,
			Columns: []werkpad.FinanceColumn{{Key: "sw"}},
			Rows:    []werkpad.FinanceRow{{Key: "GM0209", Kind: werkpad.FinanceLine, Cells: map[string]int64{"sw": sw}}}}
	}
	budget, forecast := mk("begroot", 2869), mk("prognose", 2827)
	for _, tc := range []struct {
		sign      werkpad.SignConvention
		published int64
		want      []werkpad.FinanceFinding
	}{
		{werkpad.BudgetMinusForecast, 42, nil},
		{werkpad.ForecastMinusBudget, -42, nil},
		{werkpad.BudgetMinusForecast, 43, []werkpad.FinanceFinding{{Table: "mutaties", Row: "GM0209", Column: "sw", Published: 43, Computed: 42, Difference: 1, Kind: "rounding", Check: "mutatie", Terms: 2, Tolerance: 1}}},
		{werkpad.ForecastMinusBudget, 42, []werkpad.FinanceFinding{{Table: "mutaties", Row: "GM0209", Column: "sw", Published: 42, Computed: -42, Difference: 84, Kind: "inconsistent", Check: "mutatie", Terms: 2, Tolerance: 1}}},
	} {
		m := mk("mutaties", tc.published)
		m.SignConvention = tc.sign
		m.Mutation = &werkpad.FinanceMutation{Budget: "begroot", Forecast: "prognose"}
		got, _ := werkpad.CheckFinance([]*werkpad.FinanceTable{budget, forecast, m})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s %d (-want +got):\n%s", tc.sign, tc.published, diff)
		}
	}
}

func TestCheckFinancePerUnit(t *testing.T) {
	tab := &werkpad.FinanceTable{
		Key: "sw", Year: 2024, Unit: werkpad.UnitThousandEuro,
		Columns: []werkpad.FinanceColumn{{Key: "se", Decimals: 1}, {Key: "bijdrage"}},
		PerUnit: &werkpad.FinancePerUnit{Quantity: "se", Amount: "bijdrage", Price: 37_256_00, PriceRounding: 100},
		Rows: []werkpad.FinanceRow{
			{Key: "exact", Cells: map[string]int64{"se": 100, "bijdrage": 373}},    // 10,0 × 37.256 = 372.560 → 373
			{Key: "twee", Cells: map[string]int64{"se": 10342, "bijdrage": 38531}}, // 38.530.155 → 38.530; +1 within 0,5 + 1,86 + 0,52
			{Key: "ver", Cells: map[string]int64{"se": 1075, "bijdrage": 3998}},    // 4.005.020 → 4.005; −7
			{Key: "grens", Cells: map[string]int64{"se": 1075, "bijdrage": 4003}},  // −2: |−2,02| ≤ 2,42
			{Key: "net", Cells: map[string]int64{"se": 1075, "bijdrage": 4002}},    // −3: |−3,02| > 2,42
		},
	}
	got, _ := werkpad.CheckFinancePerUnit(tab)
	want := []werkpad.FinanceFinding{
		{Table: "sw", Row: "twee", Column: "bijdrage", Published: 38531, Computed: 38530, Difference: 1, Kind: "rounding", Check: "kostprijs", Terms: 2, Tolerance: 2},
		{Table: "sw", Row: "ver", Column: "bijdrage", Published: 3998, Computed: 4005, Difference: -7, Kind: "inconsistent", Check: "kostprijs", Terms: 2, Tolerance: 2},
		{Table: "sw", Row: "grens", Column: "bijdrage", Published: 4003, Computed: 4005, Difference: -2, Kind: "rounding", Check: "kostprijs", Terms: 2, Tolerance: 2},
		{Table: "sw", Row: "net", Column: "bijdrage", Published: 4002, Computed: 4005, Difference: -3, Kind: "inconsistent", Check: "kostprijs", Terms: 2, Tolerance: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per unit (-want +got):\n%s", diff)
	}
}

func TestCheckFinanceUnreadableTermIsUnchecked(t *testing.T) {
	tab := programmeTable()
	tab.Rows[1] = werkpad.FinanceRow{Key: "b", Kind: werkpad.FinanceLine, Uninterpretable: []string{"587", "364"}}
	fs, us := werkpad.CheckFinanceRowTotals(tab)
	for _, f := range fs {
		if f.Row == "totaal" {
			t.Errorf("total with an unreadable term was checked: %+v", f)
		}
	}
	if len(us) != 3 || us[0].Row != "totaal" || us[0].Reason != "niet leesbaar gedrukt: b" {
		t.Errorf("unchecked: %+v", us)
	}
}

func TestValidateFinanceTable(t *testing.T) {
	ok := programmeTable()
	if err := werkpad.ValidateFinanceTable(ok); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*werkpad.FinanceTable){
		"dangling row":    func(t *werkpad.FinanceTable) { t.Rows[3].SumOf = []string{"zz"} },
		"dangling column": func(t *werkpad.FinanceTable) { t.Variance.Budget = "zz" },
		"no unit":         func(t *werkpad.FinanceTable) { t.Unit = 0 },
		"bad sign":        func(t *werkpad.FinanceTable) { t.SignConvention = "andersom" },
		"cell column":     func(t *werkpad.FinanceTable) { t.Rows[0].Cells["zz"] = 1 },
		"duplicate row":   func(t *werkpad.FinanceTable) { t.Rows[1].Key = "a" },
		"bad code":        func(t *werkpad.FinanceTable) { t.Rows[0].Municipality = "Nijmegen" },
	} {
		tab := programmeTable()
		mutate(tab)
		if err := werkpad.ValidateFinanceTable(tab); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
}
