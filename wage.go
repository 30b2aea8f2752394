package werkpad

import (
	"math"
	"math/big"
	"math/bits"
	"time"
)

// MinimumWageRate is the statutory minimum wage for employees of 21 and
// older (wettelijk minimumloon, WML), valid from a date until the next rate.
// Until 2024 the law fixed a monthly amount for a full working week
// (CentsPerMonth); from 1 January 2024 it fixes an amount per hour
// (CentsPerHour). Exactly one of the two is set.
type MinimumWageRate struct {
	From          Date
	CentsPerMonth int64 // until 31-12-2023: per month, for a full working week
	CentsPerHour  int64 // from 01-01-2024: per hour
	Source        string
}

// Monthly reports whether r is a monthly amount (the rule until 2024).
func (r MinimumWageRate) Monthly() bool { return r.CentsPerMonth != 0 }

// The sources of the table below. The amounts are those of the official
// tables of the Rijksoverheid ("Bedragen minimumloon <jaar>", 21 jaar en
// ouder); DESIGN.md lists the same amounts.
const (
	wmlSource2022 = "Rijksoverheid, Bedragen minimumloon 2022 (rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2022)"
	wmlSource2023 = "Rijksoverheid, Bedragen minimumloon 2023 (rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2023)"
	wmlSource2024 = "Rijksoverheid, Bedragen minimumloon 2024 (rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2024)"
	wmlSource2025 = "Rijksoverheid, Bedragen minimumloon 2025 (rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2025)"
	wmlSource2026 = "Rijksoverheid, Bedragen minimumloon 2026 (rijksoverheid.nl/onderwerpen/minimumloon/bedragen-minimumloon/bedragen-minimumloon-2026)"
)

// MinimumWageRates is the dated reference data, oldest first. A new rate
// (every 1 January and 1 July) is appended here and MinimumWageKnownThrough
// moved on; until then a day after it has no known minimum wage.
var MinimumWageRates = []MinimumWageRate{
	// per month, 21 jaar en ouder, full working week
	{From: Date{2022, time.January, 1}, CentsPerMonth: 172500, Source: wmlSource2022 + ", per 1 januari 2022: € 1.725,00 per maand"},
	{From: Date{2022, time.July, 1}, CentsPerMonth: 175620, Source: wmlSource2022 + ", per 1 juli 2022: € 1.756,20 per maand"},
	{From: Date{2023, time.January, 1}, CentsPerMonth: 193440, Source: wmlSource2023 + ", per 1 januari 2023: € 1.934,40 per maand (verhoging 10,15%)"},
	{From: Date{2023, time.July, 1}, CentsPerMonth: 199500, Source: wmlSource2023 + ", per 1 juli 2023: € 1.995,00 per maand"},
	// per hour, 21 jaar en ouder (Wet invoering minimumuurloon)
	{From: Date{2024, time.January, 1}, CentsPerHour: 1327, Source: wmlSource2024 + ", per 1 januari 2024: € 13,27 per uur"},
	{From: Date{2024, time.July, 1}, CentsPerHour: 1368, Source: wmlSource2024 + ", per 1 juli 2024: € 13,68 per uur"},
	{From: Date{2025, time.January, 1}, CentsPerHour: 1406, Source: wmlSource2025 + ", per 1 januari 2025: € 14,06 per uur"},
	{From: Date{2025, time.July, 1}, CentsPerHour: 1440, Source: wmlSource2025 + ", per 1 juli 2025: € 14,40 per uur"},
	{From: Date{2026, time.January, 1}, CentsPerHour: 1471, Source: wmlSource2026 + ", per 1 januari 2026: € 14,71 per uur"},
}

// MinimumWageKnownThrough is the last day the table above covers: the rate
// of 1 July 2026 is not in it, so a day from then on has no known minimum
// wage rather than silently keeping the previous one.
var MinimumWageKnownThrough = Date{2026, time.June, 30}

// MinimumWageOn returns the minimum wage valid on day d. Before the first
// rate or after MinimumWageKnownThrough it returns an EINVALID error rather
// than guessing.
func MinimumWageOn(d Date) (MinimumWageRate, error) {
	var rate MinimumWageRate
	found := false
	for _, r := range MinimumWageRates {
		if r.From.After(d) {
			break
		}
		rate, found = r, true
	}
	if !found || d.After(MinimumWageKnownThrough) {
		return MinimumWageRate{}, Errorf(EINVALID, "Het minimumloon op %s is niet bekend; werkpad kent het minimumloon van %s tot en met %s.",
			d.Dutch(), MinimumWageRates[0].From.Dutch(), MinimumWageKnownThrough.Dutch())
	}
	return rate, nil
}

// FullWorkingWeekMinutesBefore2024 converts the monthly minimum wage of
// before 2024 to contract hours. The monthly amount was the minimum for a
// full working week of whatever length the employer kept (36, 38 or 40
// hours); a placement does not record that length. werkpad uses 36 hours,
// the working week the legislator converted the monthly amount with when it
// introduced the hourly minimum wage of 2024, and counts a contract of 36
// hours or more as a full working week (the whole monthly amount): a
// 40-hour contract was paid the same monthly minimum as a 36-hour one.
const FullWorkingWeekMinutesBefore2024 = 36 * 60

// Parameters of the loonkostensubsidie (Participatiewet art. 10d) as
// docs/DESIGN.md fixes them. Each is a whole-number ratio so that the amount is
// computed exactly in integers.
const (
	HolidayAllowancePct          = 8    // vakantiegeld on top of the WML
	MaxWageSubsidyBasisPoints    = 7000 // the subsidy is at most 70% of the basis
	EmployerCostsAllowancePermil = 235  // 23,5% allowance for employer costs
	weeksPerYear, monthsPerYear  = 52, 12
)

// WageSubsidyPerMonth returns the loonkostensubsidie for one month, in
// euro cents:
//
//	basis   = WML per hour × contract hours per week × 52/12 × 1,08
//	subsidy = min(basis × (1 − loonwaarde), 0,70 × basis)
//	amount  = subsidy × 1,235
//
// basis is the monthly minimum wage including 8% vakantiegeld for the
// contract hours; 1,235 adds the 23,5% allowance for employer costs on top
// of the (capped) subsidy. The whole chain is evaluated as one exact
// fraction in integer arithmetic and rounded once, half away from zero, to
// whole cents; intermediate values are not rounded, so the result does not
// depend on the order of the steps. No floating point is used.
//
// Example: WML €13,68 (1 July 2024), 36 hours, loonwaarde 50%:
// basis = 13,68 × 36 × 52/12 × 1,08 = €2.304,8064; subsidy = 50% of that
// = €1.152,4032 (below the 70% cap of €1.613,36448); amount = 1.152,4032 ×
// 1,235 = €1.423,217952, rounded to €1.423,22 (142322 cents).
//
// Out-of-range input is clamped rather than refused, because Validate on
// the placement is where it is refused: negative minutes count as 0, a
// loonwaarde below 0% as 0% and above 100% as 100% (no subsidy).
func WageSubsidyPerMonth(minWagePerHourCents int64, minutesPerWeek int, wageValueBasisPoints int) int64 {
	minutes := max(minutesPerWeek, 0)
	bp := min(max(wageValueBasisPoints, 0), FullWageValue)
	share := min(FullWageValue-bp, MaxWageSubsidyBasisPoints) // in basis points of the basis

	// amount = wml × minutes/60 × 52/12 × (100+8)/100 × share/10000 × (1000+235)/1000
	return productRounded([]int64{minWagePerHourCents, int64(minutes), weeksPerYear, 100 + HolidayAllowancePct, int64(share), 1000 + EmployerCostsAllowancePermil},
		60*monthsPerYear*100*FullWageValue*1000)
}

// WageSubsidyPerMonthFromMonthly is WageSubsidyPerMonth under the rule
// until 2024, when the minimum wage was a monthly amount for a full working
// week:
//
//	basis   = WML per month × min(contract hours, 36) / 36 × 1,08
//	subsidy = min(basis × (1 − loonwaarde), 0,70 × basis)
//	amount  = subsidy × 1,235
//
// (see FullWorkingWeekMinutesBefore2024), evaluated and rounded like
// WageSubsidyPerMonth.
//
// Example: WML €1.934,40 (1 January 2023), 24 hours, loonwaarde 50%:
// basis = 1.934,40 × 24/36 × 1,08 = €1.392,768; subsidy = 50% = €696,384;
// amount = 696,384 × 1,235 = €860,03424, rounded to €860,03 (86003 cents).
func WageSubsidyPerMonthFromMonthly(minWagePerMonthCents int64, minutesPerWeek int, wageValueBasisPoints int) int64 {
	minutes := min(max(minutesPerWeek, 0), FullWorkingWeekMinutesBefore2024)
	bp := min(max(wageValueBasisPoints, 0), FullWageValue)
	share := min(FullWageValue-bp, MaxWageSubsidyBasisPoints)

	return productRounded([]int64{minWagePerMonthCents, int64(minutes), 100 + HolidayAllowancePct, int64(share), 1000 + EmployerCostsAllowancePermil},
		FullWorkingWeekMinutesBefore2024*100*FullWageValue*1000)
}

// WageSubsidyPerMonthAt returns the month amount under rate r: the monthly
// rule until 2024, the hourly rule from then on.
func WageSubsidyPerMonthAt(r MinimumWageRate, minutesPerWeek, wageValueBasisPoints int) int64 {
	if r.Monthly() {
		return WageSubsidyPerMonthFromMonthly(r.CentsPerMonth, minutesPerWeek, wageValueBasisPoints)
	}
	return WageSubsidyPerMonth(r.CentsPerHour, minutesPerWeek, wageValueBasisPoints)
}

// productRounded returns the product of factors divided by den (> 0),
// rounded half away from zero: exact. A report computes it for every
// month of every subsidised placement (360.000 times at scale 100), so a
// product of non-negative factors that fits in 64 bits, which every real
// amount does, is computed in machine integers; anything else (a negative
// factor, or a product that would overflow) in big integers.
func productRounded(factors []int64, den int64) int64 {
	var p uint64 = 1
	small := true
	for _, f := range factors {
		if f < 0 {
			small = false
			break
		}
		hi, lo := bits.Mul64(p, uint64(f))
		if hi != 0 || lo > math.MaxInt64 {
			small = false
			break
		}
		p = lo
	}
	if small {
		q, r := p/uint64(den), p%uint64(den)
		if 2*r >= uint64(den) {
			q++
		}
		return int64(q)
	}
	num := big.NewInt(1)
	for _, f := range factors {
		num.Mul(num, big.NewInt(f))
	}
	return roundHalfAwayFromZero(num, big.NewInt(den))
}

// roundHalfAwayFromZero returns num/den rounded to the nearest integer,
// ties away from zero. den must be positive.
func roundHalfAwayFromZero(num, den *big.Int) int64 {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int)) // truncates toward zero
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// WageSubsidyForMonth returns the loonkostensubsidie for a calendar month,
// using the minimum wage valid on the first day of that month and the rule
// of that time (WageSubsidyPerMonthAt). Rates change on 1 January and
// 1 July, so a month never straddles two rates; a period running across
// 1 July simply gets the new rate from July on.
func WageSubsidyForMonth(year int, month time.Month, minutesPerWeek, wageValueBasisPoints int) (int64, error) {
	wml, err := MinimumWageOn(Date{Y: year, M: month, D: 1})
	if err != nil {
		return 0, err
	}
	return WageSubsidyPerMonthAt(wml, minutesPerWeek, wageValueBasisPoints), nil
}
