package werkpad

// FocusGroup is one of the priority groups of DVO article 2. Membership
// depends on a reference date (age, active indications, recent inflow), so
// it is computed, never stored: a report for a past period must give the
// same answer tomorrow.
type FocusGroup string

const (
	FocusYouth             FocusGroup = "jongeren"         // art. 2a: tot 27 jaar
	Focus55Plus            FocusGroup = "55plus"           // art. 2b
	FocusStatusHolder      FocusGroup = "statushouders"    // art. 2c
	FocusWorkDisability    FocusGroup = "arbeidsbeperking" // art. 2d
	FocusNewInflowBijstand FocusGroup = "nieuwe-instroom"  // art. 2e
)

// FocusGroupList lists the focus groups in the order of DVO article 2.
var FocusGroupList = []FocusGroup{FocusYouth, Focus55Plus, FocusStatusHolder, FocusWorkDisability, FocusNewInflowBijstand}

var focusGroupLabels = map[FocusGroup]string{
	FocusYouth:             "Jongeren tot 27 jaar",
	Focus55Plus:            "55-plussers",
	FocusStatusHolder:      "Statushouders",
	FocusWorkDisability:    "Kandidaten met een arbeidsbeperking",
	FocusNewInflowBijstand: "Nieuw in de bijstand",
}

// Label returns the Dutch name shown to users.
func (g FocusGroup) Label() string { return labelOr(focusGroupLabels, g) }

// Age bounds of the age-based focus groups, taken at the reference date.
// The DVO says "ouder dan 55 jaar"; the report and docs/DESIGN.md count 55-
// plussers, i.e. 55 and older, which is what we implement.
const (
	YouthAgeBelow = 27
	SeniorAgeFrom = 55
)

// FocusGroups returns the DVO art. 2 focus groups c belongs to on ref, in
// the order of FocusGroupList. One candidate may be in several groups.
//
// Assumption for "nieuw in de bijstand" (art. 2e, not defined by the DVO):
// the candidate's current bijstand spell started within the 12 months up to
// and including ref, i.e. on a day after ref.AddYears(-1) and not after ref.
// Consecutive bijstand periods (one ending the day before the next starts)
// form one spell, so re-recording a running benefit does not make someone
// "new". The spell need not still run on ref: a candidate placed in work
// after a few months of bijstand still counted as new inflow.
func FocusGroups(c *Candidate, ref Date) []FocusGroup {
	var groups []FocusGroup
	if !c.BirthDate.IsZero() && !ref.Before(c.BirthDate) {
		age := AgeAt(c.BirthDate, ref)
		if age < YouthAgeBelow {
			groups = append(groups, FocusYouth)
		}
		if age >= SeniorAgeFrom {
			groups = append(groups, Focus55Plus)
		}
	}
	if c.HasIndicationOn(ref, IndicationStatusHolder) {
		groups = append(groups, FocusStatusHolder)
	}
	if c.HasIndicationOn(ref, IndicationJobAgreement, IndicationSheltered) {
		groups = append(groups, FocusWorkDisability)
	}
	if c.newInflowBijstand(ref) {
		groups = append(groups, FocusNewInflowBijstand)
	}
	return groups
}

// InFocusGroup reports whether c belongs to group g on ref.
func InFocusGroup(c *Candidate, g FocusGroup, ref Date) bool {
	for _, h := range FocusGroups(c, ref) {
		if h == g {
			return true
		}
	}
	return false
}

func (c *Candidate) newInflowBijstand(ref Date) bool {
	windowStart := ref.AddYears(-1) // exclusive
	for _, b := range c.Benefits {
		if b.Kind != BenefitBijstand {
			continue
		}
		start := c.bijstandSpellStart(b.Period.From)
		if start.After(windowStart) && !start.After(ref) {
			return true
		}
	}
	return false
}

// bijstandSpellStart walks back from a bijstand period that starts on from
// through bijstand periods ending the day before, and returns the first
// day of the uninterrupted spell. Validation forbids overlaps, so each step
// back finds at most one predecessor; the loop is bounded by len(Benefits).
func (c *Candidate) bijstandSpellStart(from Date) Date {
	for range c.Benefits {
		prev, found := Date{}, false
		for _, b := range c.Benefits {
			if b.Kind == BenefitBijstand && !b.Period.To.IsZero() && b.Period.To.AddDays(1) == from {
				prev, found = b.Period.From, true
				break
			}
		}
		if !found {
			break
		}
		from = prev
	}
	return from
}
