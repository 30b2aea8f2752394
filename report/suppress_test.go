package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuppress(t *testing.T) {
	const P, S, o = Primary, Secondary, Shown
	tests := []struct {
		name       string
		grid       [][]int64
		groups     [][]int
		wantCells  [][]Mark
		wantTotals []Mark
	}{
		{"nothing small", [][]int64{{10, 20}, {30, 0}}, nil,
			[][]Mark{{o, o}, {o, o}}, []Mark{o, o}},
		{"zero is shown", [][]int64{{0}, {7}}, nil,
			[][]Mark{{o}, {o}}, []Mark{o}},
		{"one small in a column hides the next smallest", [][]int64{{3}, {40}, {12}}, nil,
			[][]Mark{{P}, {o}, {S}}, []Mark{o}},
		{"two small in a column are enough", [][]int64{{3}, {4}, {12}}, nil,
			[][]Mark{{P}, {P}, {o}}, []Mark{o}},
		{"a lone cell hides the total", [][]int64{{3}}, nil,
			[][]Mark{{P}}, []Mark{S}},
		{"threshold is exclusive", [][]int64{{5}, {9}}, nil,
			[][]Mark{{o}, {o}}, []Mark{o}},
		{"row group: the partner is hidden, which needs a second in its column",
			[][]int64{{2, 30}, {50, 40}, {60, 70}}, [][]int{{0, 1}},
			// (0,0) primary; column 0 hides (1,0)=50; row 0 hides (0,1)=30;
			// column 1 then has one hidden, hides (1,1)=40; row 1 has two.
			[][]Mark{{P, S}, {S, S}, {o, o}}, []Mark{o, o}},
		{"ties take the first", [][]int64{{1}, {8}, {8}}, nil,
			[][]Mark{{P}, {S}, {o}}, []Mark{o}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells, totals := Suppress(tt.grid, tt.groups, 5)
			if d := cmp.Diff(tt.wantCells, cells); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantTotals, totals); d != "" {
				t.Errorf("totals (-want +got):\n%s", d)
			}
		})
	}
}

// TestSuppressNoSingleHidden: after suppression no column and no row group
// has exactly one hidden cell, for many grids.
func TestSuppressNoSingleHidden(t *testing.T) {
	groups := [][]int{{0, 1}, {2, 3, 4}}
	for seed := int64(0); seed < 500; seed++ {
		grid := make([][]int64, 1+seed%7)
		x := seed*7919 + 1
		for i := range grid {
			grid[i] = make([]int64, 5)
			for j := range grid[i] {
				x = (x*1103515245 + 12345) % 2147483648
				grid[i][j] = x % 12
			}
		}
		cells, totals := Suppress(grid, groups, 5)
		for j := 0; j < 5; j++ {
			n := 0
			for i := range grid {
				if cells[i][j] != Shown {
					n++
				}
			}
			if n == 1 && totals[j] == Shown {
				t.Fatalf("grid %v: column %d has one hidden cell and a shown total: %v", grid, j, cells)
			}
		}
		for i := range grid {
			for _, g := range groups {
				n := 0
				for _, j := range g {
					if cells[i][j] != Shown {
						n++
					}
				}
				if n == 1 {
					t.Fatalf("grid %v: row %d group %v has one hidden cell: %v", grid, i, g, cells)
				}
			}
		}
	}
}
