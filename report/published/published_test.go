package published

import (
	"math"
	"testing"
)

var codes = []string{"GM1945", "GM0209", "GM0225", "GM0252", "GM0944", "GM0268", "GM0296", "GM0668"}

// tableKeys are printed on every municipality page except West Maas en Waal (SW only).
var tableKeys = []string{
	"work_with_benefit", "ownw_active", "placements_upto28", "placements_over28",
	"priority_work_disability", "priority_youth", "priority_55plus", "priority_status_holder",
	"work_disability_working", "exits_to_work",
}

func TestLoad(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Periods) != 2 {
		t.Fatalf("got %d periods, want 2", len(r.Periods))
	}
	want := [][2]string{{"2023-01-01", "2023-06-30"}, {"2024-01-01", "2024-06-30"}}
	for i, p := range r.Periods {
		if p.From != want[i][0] || p.To != want[i][1] {
			t.Errorf("period %d = %s..%s, want %s..%s", i, p.From, p.To, want[i][0], want[i][1])
		}
		if len(p.Region.Indicators) == 0 {
			t.Errorf("period %s: no regional figures", p.From)
		}
		for _, c := range codes {
			m, ok := p.Municipalities[c]
			if !ok {
				t.Errorf("period %s: municipality %s missing", p.From, c)
				continue
			}
			if len(m.Indicators) == 0 {
				t.Errorf("period %s, %s: no figures", p.From, c)
			}
			if c == "GM0668" {
				continue
			}
			for _, k := range tableKeys {
				if _, ok := m.Indicators[k]; !ok {
					t.Errorf("period %s, %s: %s missing", p.From, c, k)
				}
			}
		}
		if len(p.Municipalities) != len(codes) {
			t.Errorf("period %s: %d municipalities, want %d", p.From, len(p.Municipalities), len(codes))
		}
	}
}

func TestFiguresComplete(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, key string, f Figure) {
		if f.Printed == "" || f.Source == "" || f.Unit == "" {
			t.Errorf("%s %s: printed/source/unit must be set: %+v", where, key, f)
		}
		if _, ok := r.Labels[key]; !ok {
			t.Errorf("%s %s: no label", where, key)
		}
	}
	for _, p := range r.Periods {
		for k, f := range p.Region.Indicators {
			check(p.From+" region", k, f)
		}
		for c, m := range p.Municipalities {
			for k, f := range m.Indicators {
				check(p.From+" "+c, k, f)
			}
			if sw := m.SWWerkenOpLocatie; sw != nil {
				for k, row := range sw.Rows {
					if row.Q1 == nil || row.Q2 == nil || row.Gem == nil || row.Q3 != nil || row.Q4 != nil {
						t.Errorf("%s %s: row %s: want Q1, Q2, Gem and empty Q3, Q4", p.From, c, k)
					}
				}
			}
		}
	}
}

// TestRegionVersusMunicipalities pins the documented differences between the
// published regional figure and the sum of the published municipality figures
// (README.md). Every other indicator printed for both must add up exactly.
func TestRegionVersusMunicipalities(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]float64{ // period/key -> region minus sum of municipalities
		"2023/work_disability_working":      -3,
		"2023/sw_employees":                 -23,
		"2024/ownw_active":                  -1,
		"2024/work_disability_working":      -2,
		"2024/sw_employees":                 -2,
		"2024/nug_priority_work_disability": 2, // Mook en Middelaar: no number printed
		"2024/nug_priority_youth":           4, // Mook en Middelaar: no number printed
	}
	for _, p := range r.Periods {
		for k, rf := range p.Region.Indicators {
			sum, n := 0.0, 0
			for _, m := range p.Municipalities {
				if f, ok := m.Indicators[k]; ok {
					sum += f.Value
					n++
				}
			}
			if n == 0 {
				continue
			}
			id := p.From[:4] + "/" + k
			if diff := rf.Value - sum; math.Abs(diff-documented[id]) > 1e-9 {
				t.Errorf("%s: region %v - sum %v = %v, documented %v", id, rf.Value, sum, diff, documented[id])
			}
		}
	}
}

func TestLoadFinance(t *testing.T) {
	f, err := LoadFinance()
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tables) == 0 {
		t.Fatal("no finance tables")
	}
	for _, tb := range f.Tables {
		for _, part := range [][]FinanceRow{tb.Baten, tb.Lasten, tb.OtherRows, tb.Rows} {
			for _, row := range part {
				if row.Source == "" || len(row.Printed) == 0 {
					t.Errorf("%s: row without source or printed figures: %+v", tb.ID, row)
				}
				if row.Values != nil && len(row.Values) != len(tb.Columns) {
					t.Errorf("%s %s: %d values for %d columns", tb.ID, row.Source, len(row.Values), len(tb.Columns))
				}
				if row.Values == nil && row.Note == "" {
					t.Errorf("%s %s: unplaced figures need a note", tb.ID, row.Source)
				}
			}
		}
	}
}
