package finance_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/finance"
)

func TestLoadKeepsPublishedNumbers(t *testing.T) {
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 22 {
		t.Errorf("%d tables, want 22", len(tables))
	}
	get := func(table, row, col string) int64 {
		t.Helper()
		for _, tab := range tables {
			if tab.Key == table {
				r, ok := tab.Row(row)
				if !ok {
					t.Fatalf("%s: no row %s", table, row)
				}
				v, ok := r.Cell(col)
				if !ok {
					t.Fatalf("%s %s: no cell %s", table, row, col)
				}
				return v
			}
		}
		t.Fatalf("no table %s", table)
		return 0
	}
	for _, tc := range []struct {
		table, row, col string
		want            int64
	}{
		{"mgr_totaal", "baten.wsw_en_beschut_werk", "verschil_prognose_met_begroting", -3609}, // r. 1644 "-3.609"
		{"mgr_totaal", "saldo.exploitatieresultaat", "werkelijk_tm_jun24", -4067},             // r. 1667
		{"sw_bijdrage_begroot", "totaal", "se", 10342},                                        // r. 4810 "1.034,2" SE, in tenths
		{"sw_bijdrage_mutatie", "GM0268", "se", -122},                                         // r. 4827 "-12,2"
		{"gemeentelijke_bijdragen_begroot", "GM0209", "totaal", 5776},                         // r. 4561 "Gemeente beuningen"
		{"werkbedrijf_werk", "baten.wsw_en_beschut_werk.gemeentelijke_bijdragen_nieuw_beschut", "begroting_2024_ab_jul24_incl_techn_wijz_q1", 2270},
	} {
		if got := get(tc.table, tc.row, tc.col); got != tc.want {
			t.Errorf("%s %s %s = %d, want %d", tc.table, tc.row, tc.col, got, tc.want)
		}
	}

	// Rows printed with too few figures keep only their tokens.
	for _, tab := range tables {
		for _, r := range tab.Rows {
			if len(r.Uninterpretable) > 0 && len(r.Cells) > 0 {
				t.Errorf("%s %s: uninterpretable row with cells", tab.Key, r.Key)
			}
		}
	}
	var sw *werkpad.FinanceTable
	for _, tab := range tables {
		if tab.Key == "sw_bijdrage_prognose" {
			sw = tab
		}
	}
	if sw.PerUnit == nil || sw.PerUnit.Price != 3_690_500 {
		t.Errorf("kostprijs per SE prognose: %+v", sw.PerUnit)
	}
}

// TestShippedFindings pins differences verified by hand in the seed report
// (003_88e847f578292b67.txt, line numbers in the comments).
func TestShippedFindings(t *testing.T) {
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	fs, unchecked := werkpad.CheckFinance(tables)
	type key struct {
		table, row, col string
		check           werkpad.FinanceCheckKind
	}
	got := map[key]werkpad.FinanceFinding{}
	for _, f := range fs {
		got[key{f.Table, f.Row, f.Column, f.Check}] = f
	}
	for _, want := range []werkpad.FinanceFinding{
		// r. 4881-4885: Jaarprognose Inventaris 558 + Boekweitweg 3.770 = 4.328, Totaal printed 4.228.
		{Table: "investeringen_werkbedrijf", Row: "totaal", Column: "jaarprognose", Published: 4228, Computed: 4328, Difference: -100, Kind: "inconsistent", Check: "totaal", Terms: 2, Tolerance: 1},
		// r. 4885: verschil 200 printed, 4.228 − 4.128 = 100.
		{Table: "investeringen_werkbedrijf", Row: "totaal", Column: "verschil", Published: 200, Computed: 100, Difference: 100, Kind: "inconsistent", Check: "verschil", Terms: 2, Tolerance: 1},
		// r. 1648, 1665, 1667: 49.521 − 53.587 = −4.066, printed −4.067.
		{Table: "mgr_totaal", Row: "saldo.exploitatieresultaat", Column: "werkelijk_tm_jun24", Published: -4067, Computed: -4066, Difference: -1, Kind: "rounding", Check: "totaal", Terms: 2, Tolerance: 1},
		// r. 4581: Totaal 91.280; the ten rows add up to 91.281.
		{Table: "gemeentelijke_bijdragen_begroot", Row: "totaal", Column: "totaal", Published: 91280, Computed: 91281, Difference: -1, Kind: "rounding", Check: "totaal", Terms: 10, Tolerance: 5},
		// r. 4804, 4812: Nijmegen 614,0 SE × € 37.256 = € 22.875.184, printed 22.977.
		{Table: "sw_bijdrage_begroot", Row: "GM0268", Column: "totaal_bijdrage", Published: 22977, Computed: 22875, Difference: 102, Kind: "inconsistent", Check: "kostprijs", Terms: 2, Tolerance: 2},
		// r. 4794, 4817, 4841: Berg en Dal Rijksbijdrage 3.772 + extra tegemoetkoming 120 − 3.693 = 199, Mutatie printed 200.
		{Table: "sw_bijdrage_mutatie", Row: "GM1945", Column: "rijksbijdrage", Published: 200, Computed: 199, Difference: 1, Kind: "rounding", Check: "mutatie", Terms: 3, Tolerance: 2},
		// r. 4590, 4561, 4623: Beuningen OWNW 325 − 277 = 48: no finding; Druten Vastgoed 9 − 7 = 2, printed 1 (r. 4592).
		{Table: "gemeentelijke_bijdragen_mutaties", Row: "GM0225", Column: "vastgoed", Published: 1, Computed: 2, Difference: -1, Kind: "rounding", Check: "mutatie", Terms: 2, Tolerance: 1},
		// r. 4810: SE 1.034,2 vs the sum 1.034,3 (tenths of an SE).
		{Table: "sw_bijdrage_begroot", Row: "totaal", Column: "se", Published: 10342, Computed: 10343, Difference: -1, Kind: "rounding", Check: "totaal", Terms: 8, Tolerance: 4},
	} {
		g, ok := got[key{want.Table, want.Row, want.Column, want.Check}]
		if !ok {
			t.Errorf("missing finding %+v", want)
			continue
		}
		if diff := cmp.Diff(want, g); diff != "" {
			t.Errorf("%s %s %s (-want +got):\n%s", want.Table, want.Row, want.Column, diff)
		}
	}
	if _, ok := got[key{"gemeentelijke_bijdragen_mutaties", "GM0209", "ownw", "mutatie"}]; ok {
		t.Error("Beuningen OWNW mutation 48 = 325 − 277 reported")
	}
	// r. 4804, 4827, 4851: Nijmegen 22.425 + 715 − 21.261 = 1.879, as printed.
	if f, ok := got[key{"sw_bijdrage_mutatie", "GM0268", "rijksbijdrage", "mutatie"}]; ok {
		t.Errorf("Nijmegen's Rijksbijdrage mutation reported: %+v", f)
	}
	// 150 before the May circular was part of the SW mutation check: its
	// eight inconsistent Rijksbijdrage rows are gone, Berg en Dal and
	// Druten remain as rounding.
	if len(fs) != 144 {
		t.Errorf("%d findings on the shipped tables, want 144", len(fs))
	}
	var inconsistent int
	for _, f := range fs {
		if f.Kind == werkpad.FinanceInconsistent {
			inconsistent++
		}
	}
	if inconsistent != 9 {
		t.Errorf("%d inconsistent findings, want 9", inconsistent)
	}
	// The unreadable rows stay out: Inzet nieuw beschut (r. 2089) and the
	// Mutaties total row (r. 4610).
	rows := map[string]bool{}
	for _, u := range unchecked {
		rows[u.Table+" "+u.Row] = true
	}
	if diff := cmp.Diff(map[string]bool{"werkbedrijf_werk_taakgebieden lasten.totaal": true, "gemeentelijke_bijdragen_mutaties totaal": true}, rows); diff != "" {
		t.Errorf("unchecked rows (-want +got):\n%s", diff)
	}
}

// TestSWMutationIncludesMayCircular: the SW Mutatie table prints the
// Rijksbijdrage including the one-off "Extra tegemoetkoming mei-circulaire
// 2024" of the Prognose table (seed r. 4814-4859, e.g. Nijmegen 22.425 +
// 715 − 21.261 = 1.879). With it in the mutation check none of the seven
// municipality rows nor the total is inconsistent; without it they all were
// (Nijmegen computed 1.164, total 1.792). Every finding names its check,
// and no check reports a cell twice.
func TestSWMutationIncludesMayCircular(t *testing.T) {
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := werkpad.CheckFinance(tables)
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Check == "" {
			t.Errorf("finding without check: %+v", f)
		}
		k := f.Table + "/" + f.Row + "/" + f.Column + "/" + string(f.Check)
		if seen[k] {
			t.Errorf("finding twice: %s", k)
		}
		seen[k] = true
		if f.Table == "sw_bijdrage_mutatie" && f.Kind == werkpad.FinanceInconsistent {
			t.Errorf("SW mutation still inconsistent: %+v", f)
		}
	}
	for _, tab := range tables {
		if tab.Key != "sw_bijdrage_mutatie" {
			continue
		}
		var budget, forecast *werkpad.FinanceTable
		for _, x := range tables {
			switch x.Key {
			case tab.Mutation.Budget:
				budget = x
			case tab.Mutation.Forecast:
				forecast = x
			}
		}
		m := *tab.Mutation
		m.Includes = nil
		without := *tab
		without.Mutation = &m
		fs, _ := werkpad.CheckFinanceMutation(&without, budget, forecast)
		n := 0
		for _, f := range fs {
			if f.Column == "rijksbijdrage" && f.Kind == werkpad.FinanceInconsistent {
				n++
			}
		}
		if n != 8 { // seven municipalities with SW and the total
			t.Errorf("without the May circular: %d inconsistent Rijksbijdrage rows, want 8", n)
		}
	}
}
