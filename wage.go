package werkpad

import (
	"math/big"
	"time"
)

// MinimumWageRate is the statutory minimum wage per hour for employees of
// 21 and older (wettelijk minimumloon, WML), valid from a date until the
// next rate.
type MinimumWageRate struct {
	From         Date
	CentsPerHour int64
}

// MinimumWageRates is the dated reference data, oldest first. A new rate
// (every 1 January and 1 July) is appended here.
var MinimumWageRates = []MinimumWageRate{
	{From: Date{2024, time.January, 1}, CentsPerHour: 1327},
	{From: Date{2024, time.July, 1}, CentsPerHour: 1368},
	{From: Date{2025, time.January, 1}, CentsPerHour: 1406},
	{From: Date{2025, time.July, 1}, CentsPerHour: 1440},
}

// MinimumWageOn returns the hourly minimum wage in cents valid on day d.
// Before the first known rate it returns an EINVALID error rather than
// guessing.
func MinimumWageOn(d Date) (int64, error) {
	var cents int64
	found := false
	for _, r := range MinimumWageRates {
		if r.From.After(d) {
			break
		}
		cents, found = r.CentsPerHour, true
	}
	if !found {
		return 0, Errorf(EINVALID, "Het minimumloon op %s is niet bekend; werkpad kent het minimumloon vanaf %s.",
			d.Dutch(), MinimumWageRates[0].From.Dutch())
	}
	return cents, nil
}

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
	num := new(big.Int).SetInt64(minWagePerHourCents)
	for _, f := range []int64{int64(minutes), weeksPerYear, 100 + HolidayAllowancePct, int64(share), 1000 + EmployerCostsAllowancePermil} {
		num.Mul(num, big.NewInt(f))
	}
	den := big.NewInt(60 * monthsPerYear * 100 * FullWageValue * 1000)
	return roundHalfAwayFromZero(num, den)
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
// using the minimum wage valid on the first day of that month. Rates change
// on 1 January and 1 July, so a month never straddles two rates; a period
// running across 1 July simply gets the new rate from July on.
func WageSubsidyForMonth(year int, month time.Month, minutesPerWeek, wageValueBasisPoints int) (int64, error) {
	wml, err := MinimumWageOn(Date{Y: year, M: month, D: 1})
	if err != nil {
		return 0, err
	}
	return WageSubsidyPerMonth(wml, minutesPerWeek, wageValueBasisPoints), nil
}
