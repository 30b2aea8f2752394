package werkpad_test

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

// TestMinimumWageOn checks the table on each change date, on the day before
// it, and outside the known range.
func TestMinimumWageOn(t *testing.T) {
	monthly := func(c int64) werkpad.MinimumWageRate { return werkpad.MinimumWageRate{CentsPerMonth: c} }
	hourly := func(c int64) werkpad.MinimumWageRate { return werkpad.MinimumWageRate{CentsPerHour: c} }
	tests := []struct {
		on      string
		want    werkpad.MinimumWageRate
		wantErr bool
	}{
		{on: "31-12-2021", wantErr: true},
		{on: "01-01-2022", want: monthly(172500)},
		{on: "30-06-2022", want: monthly(172500)},
		{on: "01-07-2022", want: monthly(175620)},
		{on: "31-12-2022", want: monthly(175620)},
		{on: "01-01-2023", want: monthly(193440)}, // the 10,15% rise
		{on: "30-06-2023", want: monthly(193440)},
		{on: "01-07-2023", want: monthly(199500)},
		{on: "31-12-2023", want: monthly(199500)},
		{on: "01-01-2024", want: hourly(1327)},
		{on: "30-06-2024", want: hourly(1327)},
		{on: "01-07-2024", want: hourly(1368)},
		{on: "31-12-2024", want: hourly(1368)},
		{on: "01-01-2025", want: hourly(1406)},
		{on: "30-06-2025", want: hourly(1406)},
		{on: "01-07-2025", want: hourly(1440)},
		{on: "31-12-2025", want: hourly(1440)},
		{on: "01-01-2026", want: hourly(1471)},
		{on: "30-06-2026", want: hourly(1471)},
		{on: "01-07-2026", wantErr: true}, // not in the table: no guess
		{on: "01-01-2030", wantErr: true},
	}
	for _, tt := range tests {
		got, err := werkpad.MinimumWageOn(d(tt.on))
		if (err != nil) != tt.wantErr {
			t.Errorf("MinimumWageOn(%s) error = %v, wantErr %v", tt.on, err, tt.wantErr)
		}
		got.From, got.Source = werkpad.Date{}, ""
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("MinimumWageOn(%s) mismatch (-want +got):\n%s", tt.on, diff)
		}
	}
}

// TestMinimumWageRatesCiteSource: every row says where its amount comes
// from, and exactly one of the monthly and hourly amounts is set (monthly
// before 2024).
func TestMinimumWageRatesCiteSource(t *testing.T) {
	for _, r := range werkpad.MinimumWageRates {
		if r.Source == "" {
			t.Errorf("%s: no source", r.From)
		}
		if (r.CentsPerMonth != 0) == (r.CentsPerHour != 0) {
			t.Errorf("%s: want exactly one of per month and per hour, got %d and %d", r.From, r.CentsPerMonth, r.CentsPerHour)
		}
		if r.Monthly() != (r.From.Y < 2024) {
			t.Errorf("%s: monthly = %v, want monthly only before 2024", r.From, r.Monthly())
		}
	}
}

// Expected amounts computed independently with exact fractions:
// round(wml per month × min(h, 36)/36 × 1.08 × min(1 − lw, 0.70) × 1.235).
func TestWageSubsidyPerMonthFromMonthly(t *testing.T) {
	tests := []struct {
		wml       int64
		minutes   int
		wageValue int
		want      int64
	}{
		{172500, 36 * 60, 5000, 115040}, // 01-01-2022
		{172500, 24 * 60, 5000, 76694},
		{172500, 24 * 60, 2000, 107371}, // the 70% cap
		{175620, 36 * 60, 5000, 117121}, // 01-07-2022
		{175620, 24 * 60, 5000, 78081},
		{193440, 36 * 60, 5000, 129005}, // 01-01-2023
		{193440, 24 * 60, 5000, 86003},
		{193440, 40 * 60, 5000, 129005}, // 40 hours: a full working week, like 36
		{199500, 36 * 60, 5000, 133047}, // 01-07-2023
		{199500, 24 * 60, 2000, 124177},
		{199500, 0, 5000, 0},
		{199500, 24 * 60, 10000, 0},
	}
	for _, tt := range tests {
		got := werkpad.WageSubsidyPerMonthFromMonthly(tt.wml, tt.minutes, tt.wageValue)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("WageSubsidyPerMonthFromMonthly(%d, %d, %d) mismatch (-want +got):\n%s", tt.wml, tt.minutes, tt.wageValue, diff)
		}
	}
}

// Expected amounts were computed independently with exact fractions:
// round(wml × h × 52/12 × 1.08 × min(1 − lw, 0.70) × 1.235).
func TestWageSubsidyPerMonth(t *testing.T) {
	tests := []struct {
		wml       int64
		minutes   int
		wageValue int // basis points
		want      int64
	}{
		{1327, 24 * 60, 0, 128853},    // 01-01-2024
		{1327, 24 * 60, 3000, 128853}, // 01-01-2024
		{1327, 24 * 60, 5000, 92038},  // 01-01-2024
		{1327, 24 * 60, 6250, 69028},  // 01-01-2024
		{1327, 24 * 60, 10000, 0},     // 01-01-2024
		{1327, 36 * 60, 0, 193279},    // 01-01-2024
		{1327, 36 * 60, 3000, 193279}, // 01-01-2024
		{1327, 36 * 60, 5000, 138056}, // 01-01-2024
		{1327, 36 * 60, 6250, 103542}, // 01-01-2024
		{1327, 36 * 60, 10000, 0},     // 01-01-2024
		{1368, 24 * 60, 0, 132834},    // 01-07-2024
		{1368, 24 * 60, 3000, 132834}, // 01-07-2024
		{1368, 24 * 60, 5000, 94881},  // 01-07-2024
		{1368, 24 * 60, 6250, 71161},  // 01-07-2024
		{1368, 24 * 60, 10000, 0},     // 01-07-2024
		{1368, 36 * 60, 0, 199251},    // 01-07-2024
		{1368, 36 * 60, 3000, 199251}, // 01-07-2024
		{1368, 36 * 60, 5000, 142322}, // 01-07-2024
		{1368, 36 * 60, 6250, 106741}, // 01-07-2024
		{1368, 36 * 60, 10000, 0},     // 01-07-2024
		{1406, 24 * 60, 0, 136523},    // 01-01-2025
		{1406, 24 * 60, 3000, 136523}, // 01-01-2025
		{1406, 24 * 60, 5000, 97517},  // 01-01-2025
		{1406, 24 * 60, 6250, 73138},  // 01-01-2025
		{1406, 24 * 60, 10000, 0},     // 01-01-2025
		{1406, 36 * 60, 0, 204785},    // 01-01-2025
		{1406, 36 * 60, 3000, 204785}, // 01-01-2025
		{1406, 36 * 60, 5000, 146275}, // 01-01-2025
		{1406, 36 * 60, 6250, 109706}, // 01-01-2025
		{1406, 36 * 60, 10000, 0},     // 01-01-2025
		{1440, 24 * 60, 0, 139825},    // 01-07-2025
		{1440, 24 * 60, 3000, 139825}, // 01-07-2025
		{1440, 24 * 60, 5000, 99875},  // 01-07-2025
		{1440, 24 * 60, 6250, 74906},  // 01-07-2025
		{1440, 24 * 60, 10000, 0},     // 01-07-2025
		{1440, 36 * 60, 0, 209737},    // 01-07-2025
		{1440, 36 * 60, 3000, 209737}, // 01-07-2025
		{1440, 36 * 60, 5000, 149812}, // 01-07-2025
		{1440, 36 * 60, 6250, 112359}, // 01-07-2025
		{1440, 36 * 60, 10000, 0},     // 01-07-2025
		// Clamping and edge cases.
		{1368, 0, 5000, 0},
		{1368, -60, 5000, 0},
		{1368, 36 * 60, -100, 199251}, // below 0% counts as 0%: the 70% cap
		{1368, 36 * 60, 12000, 0},     // above 100% counts as 100%
		{1368, 36*60 + 30, 5000, 144298},
		// An exact half cent rounds away from zero.
		{500, 600, 5000, 14450},
		{-500, 600, 5000, -14450},
	}
	for _, tt := range tests {
		got := werkpad.WageSubsidyPerMonth(tt.wml, tt.minutes, tt.wageValue)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("WageSubsidyPerMonth(%d, %d, %d) mismatch (-want +got):\n%s", tt.wml, tt.minutes, tt.wageValue, diff)
		}
	}
}

func TestWageSubsidyForMonth(t *testing.T) {
	tests := []struct {
		year    int
		month   time.Month
		want    int64
		wantErr bool
	}{
		{year: 2021, month: time.December, wantErr: true},
		{year: 2022, month: time.January, want: 115040}, // monthly WML, 36 hours = a full week
		{year: 2022, month: time.July, want: 117121},
		{year: 2023, month: time.January, want: 129005},
		{year: 2023, month: time.July, want: 133047},
		{year: 2023, month: time.December, want: 133047},
		{year: 2024, month: time.January, want: 138056}, // hourly WML from 2024
		{year: 2024, month: time.June, want: 138056},
		{year: 2024, month: time.July, want: 142322}, // new rate from July
		{year: 2025, month: time.January, want: 146275},
		{year: 2025, month: time.July, want: 149812},
		{year: 2026, month: time.January, want: 153038},
		{year: 2026, month: time.July, wantErr: true},
	}
	for _, tt := range tests {
		got, err := werkpad.WageSubsidyForMonth(tt.year, tt.month, 36*60, 5000)
		if (err != nil) != tt.wantErr {
			t.Errorf("WageSubsidyForMonth(%d, %s) error = %v, wantErr %v", tt.year, tt.month, err, tt.wantErr)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("WageSubsidyForMonth(%d, %s) mismatch (-want +got):\n%s", tt.year, tt.month, diff)
		}
	}
}

// TestWageSubsidyPerMonthExact compares both rules with the exact fraction
// in big rationals, rounded half away from zero: over the range of real
// amounts (computed in machine integers) and past it (minutes that make
// the product overflow 64 bits), for every class of loonwaarde.
func TestWageSubsidyPerMonthExact(t *testing.T) {
	exact := func(factors []int64, den int64) int64 {
		num := big.NewInt(1)
		for _, f := range factors {
			num.Mul(num, big.NewInt(f))
		}
		r := new(big.Rat).SetFrac(num, big.NewInt(den))
		half := big.NewRat(1, 2)
		if r.Sign() < 0 {
			r.Sub(r, half)
		} else {
			r.Add(r, half)
		}
		q := new(big.Int).Quo(r.Num(), r.Denom()) // truncates toward zero
		return q.Int64()
	}
	for _, wml := range []int64{1, 125, 1368, 1434, 2000, 193440, 99999} { // 125 × 2400 minutes and 2000 × 600 at 50%: exact halves
		for _, minutes := range []int{0, 1, 59, 60, 600, 1439, 1440, 2160, 2400, 10080, 1 << 30, 1 << 40} {
			for _, bp := range []int{-5, 0, 1, 2999, 3000, 5000, 9999, 10000, 12000} {
				share := int64(min(werkpad.FullWageValue-min(max(bp, 0), werkpad.FullWageValue), 7000))
				want := exact([]int64{wml, int64(max(minutes, 0)), 52, 108, share, 1235}, 60*12*100*werkpad.FullWageValue*1000)
				if got := werkpad.WageSubsidyPerMonth(wml, minutes, bp); got != want && want < math.MaxInt64/2 {
					t.Errorf("WageSubsidyPerMonth(%d, %d, %d) = %d, want %d", wml, minutes, bp, got, want)
				}
				m := int64(min(max(minutes, 0), werkpad.FullWorkingWeekMinutesBefore2024))
				want = exact([]int64{wml, m, 108, share, 1235}, werkpad.FullWorkingWeekMinutesBefore2024*100*werkpad.FullWageValue*1000)
				if got := werkpad.WageSubsidyPerMonthFromMonthly(wml, minutes, bp); got != want {
					t.Errorf("WageSubsidyPerMonthFromMonthly(%d, %d, %d) = %d, want %d", wml, minutes, bp, got, want)
				}
			}
		}
	}
}
