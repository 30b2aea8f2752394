package werkpad_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

// sickLeaveDayByDay is the definition of werkpad.SickLeaveByWerkvorm, one
// day at a time: the reference the stretch-wise computation must equal.
func sickLeaveDayByDay(records []werkpad.SWEmployeeRecord, period werkpad.Period) map[werkpad.Werkvorm]werkpad.Tenths {
	avail, sick := map[werkpad.Werkvorm]int64{}, map[werkpad.Werkvorm]int64{}
	for i := range records {
		r := &records[i]
		for d := period.From; !d.After(period.To); d = d.AddDays(1) {
			if !r.Period.Contains(d) {
				continue
			}
			w := r.WerkvormOn(d)
			avail[w] += int64(r.SEThousandths) * 100
			pct := 0
			for _, s := range r.SickLeave {
				if s.Period.Contains(d) && s.Percent > pct {
					pct = s.Percent
				}
			}
			sick[w] += int64(r.SEThousandths) * int64(pct)
		}
	}
	out := map[werkpad.Werkvorm]werkpad.Tenths{}
	for _, w := range werkpad.Werkvormen {
		out[w] = werkpad.ShareTenths(sick[w], avail[w])
	}
	return out
}

// Random employments, werkvorm histories (with gaps and open ends) and
// overlapping sick leave around a half year: the same percentages as day
// by day.
func TestSickLeaveByWerkvormEqualsDayByDay(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2024))
	base := werkpad.NewDate(2023, 10, 1)
	day := func() werkpad.Date { return base.AddDays(rng.IntN(450)) }
	span := func() werkpad.Period {
		a, b := day(), day()
		if b.Before(a) {
			a, b = b, a
		}
		p := werkpad.Period{From: a, To: b}
		if rng.IntN(4) == 0 {
			p.To = werkpad.Date{}
		}
		return p
	}
	periods := []werkpad.Period{
		{From: werkpad.NewDate(2024, 1, 1), To: werkpad.NewDate(2024, 6, 30)},
		{From: werkpad.NewDate(2024, 2, 29), To: werkpad.NewDate(2024, 3, 1)},
		{From: werkpad.NewDate(2023, 12, 15), To: werkpad.NewDate(2024, 12, 31)},
	}
	for n := range 300 {
		var recs []werkpad.SWEmployeeRecord
		for range 1 + rng.IntN(4) {
			r := werkpad.SWEmployeeRecord{SWEmployee: werkpad.SWEmployee{SEThousandths: 1 + rng.IntN(1400), Period: span(),
				Werkvorm: werkpad.Werkvormen[rng.IntN(len(werkpad.Werkvormen))]}}
			for range rng.IntN(4) {
				r.Werkvormen = append(r.Werkvormen, werkpad.SWWerkvormPeriod{Werkvorm: werkpad.Werkvormen[rng.IntN(len(werkpad.Werkvormen))], Period: span()})
			}
			for range rng.IntN(4) {
				r.SickLeave = append(r.SickLeave, werkpad.SWSickLeave{Percent: 1 + rng.IntN(100), Period: span()})
			}
			recs = append(recs, r)
		}
		per := periods[n%len(periods)]
		if d := cmp.Diff(sickLeaveDayByDay(recs, per), werkpad.SickLeaveByWerkvorm(recs, per)); d != "" {
			t.Fatalf("case %d over %s (-day by day +stretches):\n%s", n, per, d)
		}
	}
}
