package werkpad

import (
	"testing"
	"time"
)

// TestDayArithmeticAsTime checks AddDays and DaysUntil, which count days
// without time.Time, against time.Time for every day from 1600 to 2400
// and steps of both signs up to ten years, days past a month's end
// included (time.Date normalises those into the next month).
func TestDayArithmeticAsTime(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []int{0, 1, -1, 27, -28, 59, 365, -366, 1461, -3653, 36524}
	for at := start; at.Year() < 2400; at = at.AddDate(0, 0, 1) {
		d := dateOf(at)
		for _, n := range steps {
			want := dateOf(at.AddDate(0, 0, n))
			if got := d.AddDays(n); got != want {
				t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, got, want)
			}
			if got := d.DaysUntil(want); got != n {
				t.Fatalf("%v.DaysUntil(%v) = %d, want %d", d, want, got, n)
			}
		}
	}
	for _, c := range []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2023, time.February, 31}, 0, Date{2023, time.March, 3}},
		{Date{2024, time.February, 30}, 1, Date{2024, time.March, 2}},
		{Date{-1, time.March, 1}, -1, Date{-1, time.February, 28}},
	} {
		if got := c.d.AddDays(c.n); got != c.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", c.d, c.n, got, c.want)
		}
	}
}
