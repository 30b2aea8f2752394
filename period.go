package werkpad

// Period is a range of calendar days [From, To], both days included, as the
// DVO and the reports count them ("1 januari t/m 30 juni"). A zero To means
// the period is still running: a phase, a benefit or a placement without a
// known end.
type Period struct {
	From Date `json:"van"`
	To   Date `json:"tot,omitzero"`
}

// Open reports whether the period has no end date yet.
func (p Period) Open() bool { return p.To.IsZero() }

// Validate checks that the start date is set and that the end date, if set,
// is not before it.
func (p Period) Validate() error { return p.validate("") }

// ValidateClosed is Validate for a reporting period, which needs an end date.
func (p Period) ValidateClosed() error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Open() {
		return FieldError("tot", "Vul de einddatum van de periode in.")
	}
	return nil
}

// validate is Validate with the field names prefixed, so that a period
// inside a list reports "uitkeringen[1].tot" instead of "tot".
func (p Period) validate(prefix string) error {
	if p.From.IsZero() {
		return FieldError(prefix+"van", "Vul een begindatum in.")
	}
	if !p.To.IsZero() && p.To.Before(p.From) {
		return FieldError(prefix+"tot", "De einddatum (%s) ligt voor de begindatum (%s).", p.To.Dutch(), p.From.Dutch())
	}
	return nil
}

// Contains reports whether day d falls in the period, ends included.
func (p Period) Contains(d Date) bool {
	if d.IsZero() || p.From.IsZero() || d.Before(p.From) {
		return false
	}
	return p.To.IsZero() || !d.After(p.To)
}

// Overlaps reports whether the two periods share at least one day. This is
// the "active on any day of the period" test of the indicators.
func (p Period) Overlaps(q Period) bool {
	if p.From.IsZero() || q.From.IsZero() {
		return false
	}
	pEndsBeforeQ := !p.To.IsZero() && p.To.Before(q.From)
	qEndsBeforeP := !q.To.IsZero() && q.To.Before(p.From)
	return !pEndsBeforeQ && !qEndsBeforeP
}

// String renders the period for messages, e.g. "01-01-2024 t/m 30-06-2024"
// or "vanaf 01-01-2024".
func (p Period) String() string {
	if p.To.IsZero() {
		return "vanaf " + p.From.Dutch()
	}
	return p.From.Dutch() + " t/m " + p.To.Dutch()
}

// ReportName is what a report over p is called: the Jaarverslag (art. 14
// DVO) for a whole calendar year, else a Tussenrapportage.
func (p Period) ReportName() string {
	if p.From.M == 1 && p.From.D == 1 && p.To.M == 12 && p.To.D == 31 && p.From.Y == p.To.Y {
		return "Jaarverslag"
	}
	return "Tussenrapportage"
}
