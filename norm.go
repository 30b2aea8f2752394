package werkpad

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Norms (art. 13 DVO): each year the MGR budget (begroting) sets a norm per
// performance indicator, regionally and, where it does, per municipality.
// They are data with their source, recorded by a controller; werkpad ships
// none, because the documents it was built from state no numbers. A
// report shows "geen norm vastgesteld" where none is recorded, never a
// number of its own.

// NoNormText is what a report shows where no norm is recorded.
const NoNormText = "geen norm vastgesteld"

// Norm is the norm of one indicator for one year.
type Norm struct {
	Indicator    IndicatorKey
	Year         int
	Municipality string // CBS code, or "" for the region
	Value        int64  // in the indicator's unit (IndicatorKey.Unit)
	Source       string // e.g. "Begroting MGR 2025, p. 14"
	RecordedBy   string
	RecordedAt   time.Time
}

// NormService stores the norms. Reading: every signed-in user, the
// regional norms and those of the municipalities in his scope; recording:
// a controller (or the operator at the command line).
type NormService interface {
	SetNorm(ctx context.Context, n Norm) error
	FindNorms(ctx context.Context, year int) ([]Norm, error)
}

// ValidateNorm checks a norm before it is stored.
func ValidateNorm(n Norm) error {
	var p problems
	if !n.Indicator.Valid() {
		p.add(FieldError("indicator", "Onbekende indicator %q.", n.Indicator))
	}
	if n.Year < 2000 || n.Year > 2100 {
		p.add(FieldError("jaar", "Het jaar %d is geen geldig begrotingsjaar.", n.Year))
	}
	if n.Municipality != "" && !ValidMunicipalityCode(n.Municipality) {
		p.add(FieldError("gemeente", "%q is geen CBS-gemeentecode (GM en 4 cijfers).", n.Municipality))
	}
	if n.Value < 0 {
		p.add(FieldError("norm", "Een norm is niet negatief."))
	}
	if strings.TrimSpace(n.Source) == "" {
		p.add(FieldError("bron", "Vul de bron van de norm in, bijvoorbeeld de begroting van de MGR met paginanummer."))
	}
	return p.err()
}

// NormFor returns the norm of key for municipality code ("" = the region).
func NormFor(norms []Norm, key IndicatorKey, code string) (Norm, bool) {
	for _, n := range norms {
		if n.Indicator == key && n.Municipality == code {
			return n, true
		}
	}
	return Norm{}, false
}

// PrognosisMethod says how the year-end prognosis of an indicator is made.
type PrognosisMethod string

const (
	// PrognosisLinear: a count of events dated in the period (placements,
	// exits) goes on at the pace so far: value × days in the year ÷ days
	// from 1 January through the end of the period.
	PrognosisLinear PrognosisMethod = "lineair"
	// PrognosisCarry: a count on the last day (caseload, SW, LKS) and a
	// count of distinct candidates active in the period stay as they are:
	// the year-end value is the value so far (no trend is assumed; for the
	// "active in the period" counts this is a lower bound).
	PrognosisCarry PrognosisMethod = "gelijkblijvend"
)

// PrognosisMethodOf returns the method used for key.
func PrognosisMethodOf(key IndicatorKey) PrognosisMethod {
	switch key {
	case IndPlacementsUpTo28, IndPlacementsOver28, IndPriorityWorkDisability, IndPriorityYouth, IndPriority55Plus, IndPriorityStatusHolder,
		IndExitsToWork, IndNUGPlacementsPartTime, IndNUGPlacementsFullTime,
		IndNUGPriorityWorkDisability, IndNUGPriorityYouth, IndNUGPriority55Plus, IndNUGPriorityStatusHolder:
		return PrognosisLinear
	}
	return PrognosisCarry
}

// PrognosisMethodText explains the methods in one Dutch sentence.
const PrognosisMethodText = "Prognose jaareinde: aantallen van gebeurtenissen in de periode (plaatsingen, uitstroom) lineair doorgetrokken " +
	"(waarde × dagen in het jaar ÷ dagen van 1 januari t/m de einddatum); standen op de laatste dag en aantallen kandidaten die in de periode actief waren " +
	"blijven gelijk (geen trend aangenomen; voor 'actief in de periode' is dat een ondergrens)."

// Prognose returns the year-end prognosis of key from value, the figure of
// period. The period must start on 1 January and end in the same year;
// ok is false otherwise. A period through 31 December gives the value
// itself.
func Prognose(key IndicatorKey, period Period, value int64) (int64, bool) {
	if period.From != NewDate(period.From.Y, 1, 1) || period.To.IsZero() || period.To.Y != period.From.Y {
		return 0, false
	}
	if PrognosisMethodOf(key) == PrognosisCarry {
		return value, true
	}
	year := period.From.Y
	elapsed := int64(period.From.DaysUntil(period.To) + 1)
	days := int64(NewDate(year, 1, 1).DaysUntil(NewDate(year, 12, 31)) + 1)
	// Rounded half up; counts are never negative.
	return (value*days*2 + elapsed) / (2 * elapsed), true
}

// FormatNorm writes a norm value in its indicator's unit, the Dutch way.
func FormatNorm(key IndicatorKey, v int64) string {
	switch key.Unit() {
	case UnitHundredths, UnitBasisPoint:
		return fmt.Sprintf("%d,%02d", v/100, v%100)
	}
	return fmt.Sprintf("%d", v)
}

// IsCalendarYear reports whether p is exactly one calendar year: the period
// of an annual report (jaarverslag).
func IsCalendarYear(p Period) bool {
	return p.From == NewDate(p.From.Y, 1, 1) && p.To == NewDate(p.From.Y, 12, 31)
}
