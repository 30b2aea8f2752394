package werkpad

import (
	"fmt"
	"slices"
)

// The life cycle of the DVO (art. 16.1): the parties agree a new agreement
// before 31 December of its last year; when they do not, the existing one is
// extended tacitly (stilzwijgend verlengd) until a new one is in force. A
// version is a concept until every party consented; only a version in force
// can govern a date.

// AgreementStatus is where a stored version stands.
type AgreementStatus string

const (
	// AgreementConcept: drafted, waiting for the consent of every
	// municipality and the MGR board.
	AgreementConcept AgreementStatus = "concept"
	// AgreementInForceStatus: signed (a loaded document) or consented by all.
	AgreementInForceStatus AgreementStatus = "van kracht"
)

// TacitExtensionArticle is the article that extends an agreement tacitly.
const TacitExtensionArticle = "art. 16.1"

// VersionInForce returns the version that governs date on, and whether it
// does so because it was extended tacitly. Only versions in force count.
// A version whose period contains on wins (the latest start when several
// do); otherwise the version in force that ended last before on governs,
// extended tacitly. ok is false when no version in force started on or
// before on.
func VersionInForce(versions []*AgreementVersion, on Date) (v *AgreementVersion, extended, ok bool) {
	var covering, ended *AgreementVersion
	for _, x := range versions {
		if x.Status != "" && x.Status != AgreementInForceStatus {
			continue
		}
		from, err1 := ParseDate(x.From)
		to, err2 := ParseDate(x.To)
		if err1 != nil || err2 != nil || from.After(on) {
			continue
		}
		if !to.Before(on) {
			if covering == nil || covering.From < x.From {
				covering = x
			}
			continue
		}
		if ended == nil || ended.To < x.To || (ended.To == x.To && ended.From < x.From) {
			ended = x
		}
	}
	if covering != nil {
		return covering, false, true
	}
	if ended != nil {
		return ended, true, true
	}
	return nil, false, false
}

// LastYear is the last calendar year the agreement's own period touches.
func (a *Agreement) LastYear() int {
	p, err := a.Period()
	if err != nil {
		return 0
	}
	return p.To.Y
}

// ExtendedThrough returns a copy of a extended tacitly (art. 16.1) through
// year: every year after the agreement's last year up to and including
// year gets, per municipality, the budget, old obligations, extra
// agreements and card lines of the last year, marked as carried over; the
// card offers in the carried years what it offered in the last year, at
// the same prices. Prices are not indexed: indexing needs a new agreement.
// When year is not after the last year, a is returned unchanged.
func (a *Agreement) ExtendedThrough(year int) *Agreement {
	last := a.LastYear()
	if last == 0 || year <= last {
		return a
	}
	out := *a
	out.Years = slices.Clone(a.Years)
	out.Card = slices.Clone(a.Card)
	for i, c := range out.Card {
		if c.OfferedIn(last) {
			ys := slices.Clone(c.Years)
			for y := last + 1; y <= year; y++ {
				ys = append(ys, y)
			}
			out.Card[i].Years = ys
		}
	}
	for y := last + 1; y <= year; y++ {
		out.CarriedYears = append(out.CarriedYears, y)
		for _, my := range a.Years {
			if my.Year != last {
				continue
			}
			c := my
			c.Year = y
			c.CarriedFrom = last
			note := fmt.Sprintf(" (stilzwijgend verlengd, %s; van %d)", TacitExtensionArticle, last)
			c.BudgetArticle += note
			c.Extras = slices.Clone(my.Extras)
			c.Lines = slices.Clone(my.Lines)
			out.Years = append(out.Years, c)
		}
	}
	out.ExtendedTo = NewDate(year, 12, 31).String()
	return &out
}

// Carried reports whether year is a year the agreement governs only by
// tacit extension.
func (a *Agreement) Carried(year int) bool { return slices.Contains(a.CarriedYears, year) }

// InForceOn is the answer to "which agreement is in force on this date".
type InForceOn struct {
	On        Date
	Version   *AgreementVersion
	Extended  bool       // governs on only by tacit extension (art. 16.1)
	Agreement *Agreement // as in force on On, extended through On's year when Extended
}

// Describe says in Dutch which agreement is in force and why.
func (f *InForceOn) Describe() string {
	if f.Version == nil {
		return fmt.Sprintf("Op %s is geen DVO van kracht.", f.On.Dutch())
	}
	if f.Extended {
		to, _ := ParseDate(f.Version.To)
		return fmt.Sprintf("Op %s is de DVO %s van kracht, stilzwijgend verlengd na %s (%s): er is nog geen nieuwe overeenkomst van kracht. De lokale keuzes van %d gelden door.",
			f.On.Dutch(), f.Version.Version, to.Dutch(), TacitExtensionArticle, to.Y)
	}
	return fmt.Sprintf("Op %s is de DVO %s van kracht.", f.On.Dutch(), f.Version.Version)
}
