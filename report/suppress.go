package report

import "werkpad"

// Small-cell suppression of a public export.
//
// The rule, applied to the counts of one period (the values, and separately
// the values of the previous year):
//
//  1. Primary: a count from 1 to threshold−1 is hidden and printed "<5"
//     (threshold 5). A zero is shown: it tells nothing about a person.
//  2. Secondary: the cells are grouped where a total is known or can be
//     known. Column group: one indicator over all municipalities, with the
//     regional sum as its total. Row groups: the parts of one municipality
//     that make up a published total (placements 0-28 / >28, NUG parttime /
//     fulltime, the caseload phases). When exactly one cell of a group is
//     hidden, the smallest shown cell of that group is hidden too (printed
//     "x"; on a tie the first in report order). When a column group has no
//     other cell to hide, its total is hidden. This repeats until no group
//     has exactly one hidden cell, since hiding a cell can leave another
//     group with one.
//  3. A difference (year-on-year, or with the published figure) is shown
//     only when both its terms are; the LKS averages are hidden when the
//     number of subsidies is, and the LKS totals are left out of a public
//     export altogether.

// rowGroups are the sets of indicators of one municipality that add up to a
// total published elsewhere.
var rowGroups = [][]werkpad.IndicatorKey{
	{werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28},
	{werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime},
	{werkpad.IndCaseloadDevelop, werkpad.IndCaseloadMediate, werkpad.IndCaseloadSupport},
}

// Suppress applies the rule above to grid[row][col] (rows are
// municipalities, columns indicators). groups lists the row groups as
// column indices. It returns the mark of every cell and of every column
// total.
func Suppress(grid [][]int64, groups [][]int, threshold int) (cells [][]Mark, totals []Mark) {
	cols := 0
	if len(grid) > 0 {
		cols = len(grid[0])
	}
	cells = make([][]Mark, len(grid))
	for i, row := range grid {
		cells[i] = make([]Mark, len(row))
		for j, v := range row {
			if v > 0 && v < int64(threshold) {
				cells[i][j] = Primary
			}
		}
	}
	totals = make([]Mark, cols)
	// hideSmallest hides the smallest shown cell of refs; false if none.
	hideSmallest := func(refs [][2]int) bool {
		best := -1
		for n, rc := range refs {
			if cells[rc[0]][rc[1]] != Shown {
				continue
			}
			if best < 0 || grid[rc[0]][rc[1]] < grid[refs[best][0]][refs[best][1]] {
				best = n
			}
		}
		if best < 0 {
			return false
		}
		cells[refs[best][0]][refs[best][1]] = Secondary
		return true
	}
	hidden := func(refs [][2]int) int {
		n := 0
		for _, rc := range refs {
			if cells[rc[0]][rc[1]] != Shown {
				n++
			}
		}
		return n
	}
	for changed := true; changed; {
		changed = false
		for j := 0; j < cols; j++ {
			refs := make([][2]int, len(grid))
			for i := range grid {
				refs[i] = [2]int{i, j}
			}
			if hidden(refs) == 1 {
				if hideSmallest(refs) {
					changed = true
				} else if totals[j] == Shown {
					totals[j] = Secondary
				}
			}
		}
		for i := range grid {
			for _, g := range groups {
				refs := make([][2]int, len(g))
				for n, j := range g {
					refs[n] = [2]int{i, j}
				}
				if hidden(refs) == 1 && hideSmallest(refs) {
					changed = true
				}
			}
		}
	}
	return cells, totals
}

// MakePublic suppresses small counts (threshold ≤ 0: DefaultThreshold) and
// leaves out what only serves the computation.
func (r *Report) MakePublic(threshold int) {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	r.Public, r.Threshold = true, threshold
	var keys []werkpad.IndicatorKey
	for _, k := range r.Keys {
		if k != werkpad.IndLKSMinutesTotal && k != werkpad.IndLKSWageValueTotal {
			keys = append(keys, k)
		}
	}
	r.Keys = keys
	var counts []werkpad.IndicatorKey
	col := map[werkpad.IndicatorKey]int{}
	for _, k := range keys {
		if k.Unit() == werkpad.UnitCount {
			col[k] = len(counts)
			counts = append(counts, k)
		}
	}
	var groups [][]int
	for _, g := range rowGroups {
		var idx []int
		for _, k := range g {
			if j, ok := col[k]; ok {
				idx = append(idx, j)
			}
		}
		groups = append(groups, idx)
	}
	apply := func(get func(m *Municipality) map[werkpad.IndicatorKey]Cell, total map[werkpad.IndicatorKey]Cell) {
		grid := make([][]int64, len(r.Municipalities))
		for i := range r.Municipalities {
			vals := get(&r.Municipalities[i])
			grid[i] = make([]int64, len(counts))
			for j, k := range counts {
				grid[i][j] = vals[k].Raw
			}
		}
		marks, totals := Suppress(grid, groups, threshold)
		for i := range r.Municipalities {
			vals := get(&r.Municipalities[i])
			for j, k := range counts {
				vals[k] = Cell{Raw: vals[k].Raw, Mark: marks[i][j]}
			}
			hideAverages(vals)
		}
		if total != nil {
			for j, k := range counts {
				total[k] = Cell{Raw: total[k].Raw, Mark: max(total[k].Mark, totals[j])}
			}
			hideAverages(total)
		}
	}
	var sum, prevSum map[werkpad.IndicatorKey]Cell
	if r.Region != nil {
		sum, prevSum = r.Region.Sum, r.Region.PreviousSum
	}
	apply(func(m *Municipality) map[werkpad.IndicatorKey]Cell { return m.Values }, sum)
	if r.HasPrevious {
		apply(func(m *Municipality) map[werkpad.IndicatorKey]Cell { return m.Previous }, prevSum)
	}
}

func hideAverages(vals map[werkpad.IndicatorKey]Cell) {
	if vals[werkpad.IndLKSRunning].Hidden() {
		for _, k := range []werkpad.IndicatorKey{werkpad.IndLKSAvgHours, werkpad.IndLKSAvgWageValue} {
			vals[k] = Cell{Raw: vals[k].Raw, Mark: Secondary}
		}
	}
}
