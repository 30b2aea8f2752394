package werkpad

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The DVO in the database: versions, amendments of local choices (art.
// 16.3) and realisation per half year (art. 14.2).
//
// Who may do what:
//   - LoadAgreement: a controller, or the operator at the command line (a
//     beheerder). Loading a version that is already stored is refused
//     (ECONFLICT) unless replace is set; replace is refused as well once the
//     version has amendments or realisation, because those refer to its lines.
//   - Reading (FindAgreement(s), FindAmendments, CheckAmendment,
//     FindRealisation): every signed-in user, within his municipality scope.
//     The DVO is a public agreement, so consulenten and werkgeversadviseurs
//     with a region-wide scope read all of it; a gemeente user sees only the
//     municipality-years of his own municipalities; the others are left out,
//     never shown, and their amendments and realisation are "not found".
//   - ProposeAmendment and RecordRealisation: a controller.
//   - ApproveAmendment: the consent of the municipality ("gemeente") is
//     recorded by a gemeente user of that municipality or by a controller;
//     the consent of the MGR board ("mgr-bestuur") only by a controller.
//
// A closed period: a half year of a municipality-year is closed as soon as
// realisation for it has been recorded. An amendment whose effective date
// would change a closed half year is refused, both when proposed and when
// approved, so that reported figures never change afterwards.

// AgreementVersion describes one stored version of the DVO.
type AgreementVersion struct {
	Version  string
	Name     string
	From, To string // "YYYY-MM-DD", both inclusive
	LoadedAt time.Time
	// Status: a concept until every party consented; a loaded document is
	// in force. Empty reads as in force (a hand-built version).
	Status AgreementStatus
}

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

const (
	AmendmentDraft   AmendmentStatus = "concept"    // waiting for one or both approvals
	AmendmentInForce AmendmentStatus = "van kracht" // both approvals recorded
)

// ApprovalParty is one of the two parties whose written consent art. 16.3
// requires.
type ApprovalParty string

const (
	PartyMunicipality ApprovalParty = "gemeente"
	PartyBoard        ApprovalParty = "mgr-bestuur" // dagelijks bestuur van de MGR
)

// Label is the Dutch name of the party for messages.
func (p ApprovalParty) Label() string {
	switch p {
	case PartyMunicipality:
		return "de gemeente"
	case PartyBoard:
		return "het dagelijks bestuur van de MGR"
	}
	return string(p)
}

// Approval is one recorded written consent.
type Approval struct {
	Party        ApprovalParty
	ApprovedOn   Date   // date of the written consent
	ApproverName string // who signed, e.g. "J.A.R. Brom, wethouder"
	DocumentRef  string // kenmerk of the letter or decision
	RecordedBy   string // e-mail of the user who entered it
	RecordedAt   time.Time
}

// Amendment replaces the card lines of one municipality-year from
// EffectiveFrom on. Before holds the lines in force on EffectiveFrom when
// the amendment was proposed, After the lines that replace them; both stay
// as they were, so the history of a line can always be told.
type Amendment struct {
	ID            int64
	Version       string
	Municipality  string
	Year          int
	EffectiveFrom Date
	Reason        string
	DocumentRef   string
	Status        AmendmentStatus
	Before        []Line
	After         []Line
	Approvals     []Approval // in the order recorded
	ProposedBy    string
	ProposedAt    time.Time
	InForceAt     *time.Time // when the second approval was recorded

	// Findings and Total are filled by CheckAmendment only: the check
	// engine on the municipality-year with this amendment applied.
	Findings []Finding
	Total    *Total
}

// Approval returns the recorded consent of party p.
func (am *Amendment) Approval(p ApprovalParty) (Approval, bool) {
	for _, a := range am.Approvals {
		if a.Party == p {
			return a, true
		}
	}
	return Approval{}, false
}

// CheckWrittenConsent checks what a recorded written consent needs (art.
// 16.3), of an amendment or of a new agreement: the date, not after today,
// who consented on behalf of party, and the reference of the document.
func CheckWrittenConsent(party ApprovalParty, on, today Date, name, ref string) error {
	switch {
	case on.IsZero():
		return FieldError("goedgekeurdOp", "Vul de datum van de schriftelijke instemming in.")
	case on.After(today):
		return FieldError("goedgekeurdOp", "De datum van instemming %s ligt in de toekomst.", on.Dutch())
	case name == "":
		return FieldError("naam", "Vul in wie namens %s heeft ingestemd.", party.Label())
	case ref == "":
		return FieldError("documentkenmerk", "Vul het kenmerk van het instemmingsdocument in: art. 16.3 vraagt schriftelijke instemming.")
	}
	return nil
}

// AmendmentFilter selects amendments; zero fields select all.
type AmendmentFilter struct {
	Version      string
	Municipality string
	Year         int
	Status       AmendmentStatus
}

// RealisedHalf is what was delivered in one half year.
type RealisedHalf struct {
	Recorded bool
	Quantity Milli
	Note     string
	// Candidates is derived from casework: the distinct candidates of the
	// municipality with an enrolment in the item's instrument active on any
	// day of the half year. Only set when the card item names an instrument.
	Candidates int
}

// RealisationLine compares, for one card item, the quantity agreed for the
// year with what was realised per half year.
type RealisationLine struct {
	Item       string
	Name       string
	Unit       string
	Instrument string          // the casework instrument of the item, if any
	Agreed     Milli           // sum of the lines with this item in force at the end of the year
	Halves     [2]RealisedHalf // [0] = januari t/m juni, [1] = juli t/m december
	// Regional marks an item that is no longer a local choice but part of
	// the regional service, still reported per municipality (see
	// RegionalItems): nothing is agreed per municipality.
	Regional bool
}

// RegionalItem is a card item that became part of the regional service in
// year From, whose progress is still reported per municipality.
type RegionalItem struct {
	Item CardItem
	From int
}

// RegionalItems: DVO 2024-2025 Bijlage 2, 5: "Vanaf 2025 wordt de keuze
// zorgjongeren opgenomen in de regionale dienstverlening", and art. 14.2:
// "Over de zorgjongerendienstverlening blijven we vanaf 2025 rapporteren op
// het niveau van individuele gemeenten." The realisation of every
// municipality then has a zorgjongeren line counted from casework.
var RegionalItems = []RegionalItem{
	{Item: CardItem{Code: "zorgjongeren", Name: "Zorgjongeren", Unit: "zorgjongere", Instrument: "zorgjongeren", Article: "art. 14.2"}, From: 2025},
}

// Realised is the quantity realised in both half years together.
func (l RealisationLine) Realised() Milli { return l.Halves[0].Quantity + l.Halves[1].Quantity }

// Realisation is the art. 14.2 progress of one municipality-year.
type Realisation struct {
	Version      string
	Municipality string
	Name         string
	Year         int
	Lines        []RealisationLine // agreed items in line order, then items realised but no longer agreed
}

// AgreementService stores the DVO, its amendments and its realisation.
type AgreementService interface {
	LoadAgreement(ctx context.Context, a *Agreement, replace bool) error
	FindAgreements(ctx context.Context) ([]*AgreementVersion, error)
	// FindAgreement returns the agreement as in force on date on: the
	// original lines with every amendment in force whose effective date is
	// on or before on. A zero on means today.
	FindAgreement(ctx context.Context, version string, on Date) (*Agreement, error)
	// FindAgreementInForce returns the agreement that governs date on (a
	// zero on means today), tacitly extended when its period has ended and
	// no newer version is in force (art. 16.1). See VersionInForce.
	FindAgreementInForce(ctx context.Context, on Date) (*InForceOn, error)

	ProposeAmendment(ctx context.Context, version, municipality string, year int, effectiveFrom Date, lines []Line, reason, documentRef string) (*Amendment, error)
	ApproveAmendment(ctx context.Context, id int64, party ApprovalParty, approvedOn Date, approverName, documentRef string) (*Amendment, error)
	FindAmendment(ctx context.Context, id int64) (*Amendment, error)
	FindAmendments(ctx context.Context, f AmendmentFilter) ([]*Amendment, error)
	// CheckAmendment returns the amendment with Findings and Total of its
	// municipality-year as it would read with the amendment applied.
	CheckAmendment(ctx context.Context, id int64) (*Amendment, error)

	// RecordRealisation sets the quantity realised of card item item in
	// half year half (1 or 2); recording it again replaces the quantity.
	RecordRealisation(ctx context.Context, version, municipality string, year int, item string, half int, quantity Milli, note string) error
	FindRealisation(ctx context.Context, version, municipality string, year int) (*Realisation, error)

	// The next agreement: drafted, composed, consented (agreement_draft.go).
	AgreementDrafts
}

// Period returns the period of the agreement.
func (a *Agreement) Period() (Period, error) {
	from, err := ParseDate(a.From)
	if err != nil || len(a.From) != 10 {
		return Period{}, FieldError("van", "De ingangsdatum %q van de overeenkomst is geen datum JJJJ-MM-DD.", a.From)
	}
	to, err := ParseDate(a.To)
	if err != nil || len(a.To) != 10 {
		return Period{}, FieldError("tot", "De einddatum %q van de overeenkomst is geen datum JJJJ-MM-DD.", a.To)
	}
	p := Period{From: from, To: to}
	return p, p.Validate()
}

// CoversYear reports whether some day of year falls in the agreement period.
func (a *Agreement) CoversYear(year int) bool {
	p, err := a.Period()
	return err == nil && p.Overlaps(Period{From: NewDate(year, 1, 1), To: NewDate(year, 12, 31)})
}

// MunicipalityYear returns the municipality-year of code in year.
func (a *Agreement) MunicipalityYear(code string, year int) (*MunicipalityYear, bool) {
	for i := range a.Years {
		if a.Years[i].Municipality == code && a.Years[i].Year == year {
			return &a.Years[i], true
		}
	}
	return nil, false
}

// ValidateAgreement checks what the database needs of an agreement that
// may not come from the YAML loader: version, name, period, a card, and
// lines that name card items with a positive quantity.
func ValidateAgreement(a *Agreement) error {
	if strings.TrimSpace(a.Version) == "" {
		return FieldError("versie", "Vul de versie van de overeenkomst in, zoals 2024-2025.")
	}
	if strings.TrimSpace(a.Name) == "" {
		return FieldError("naam", "Vul de naam van de overeenkomst in.")
	}
	if _, err := a.Period(); err != nil {
		return err
	}
	if len(a.Card) == 0 {
		return FieldError("keuzekaart", "De keuzekaart is leeg.")
	}
	seen := map[string]bool{}
	for i, c := range a.Card {
		if c.Code == "" || seen[c.Code] {
			return FieldError(fmt.Sprintf("keuzekaart[%d].code", i), "Elk keuzekaart-item heeft een eigen code; %q ontbreekt of staat er twee keer in.", c.Code)
		}
		seen[c.Code] = true
		if c.UnitPrice < 0 {
			return FieldError(fmt.Sprintf("keuzekaart[%d].prijs", i), "De prijs van %q mag niet negatief zijn.", c.Code)
		}
	}
	type key struct {
		code string
		year int
	}
	years := map[key]bool{}
	for _, my := range a.Years {
		field := fmt.Sprintf("gemeenten[%s].jaren[%d]", my.Municipality, my.Year)
		if !ValidMunicipalityCode(my.Municipality) {
			return FieldError(field, "%q is geen CBS-gemeentecode (GM en 4 cijfers).", my.Municipality)
		}
		if years[key{my.Municipality, my.Year}] {
			return FieldError(field, "Gemeente %s staat twee keer in voor %d.", my.Municipality, my.Year)
		}
		years[key{my.Municipality, my.Year}] = true
		if !a.CoversYear(my.Year) {
			return FieldError(field, "Het jaar %d valt buiten de looptijd %s t/m %s.", my.Year, a.From, a.To)
		}
		for i, l := range my.Lines {
			if err := validateLine(a, my.Year, l, fmt.Sprintf("%s.regels[%d]", field, i), false); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidateAmendmentLines checks the lines of a proposed amendment: each
// names an item the card offers in year (a line outside its validity is
// refused, not merely reported), with a positive quantity and a
// non-negative agreed amount.
func ValidateAmendmentLines(a *Agreement, year int, lines []Line) error {
	for i, l := range lines {
		if err := validateLine(a, year, l, fmt.Sprintf("regels[%d]", i), true); err != nil {
			return err
		}
	}
	return nil
}

func validateLine(a *Agreement, year int, l Line, field string, checkValidity bool) error {
	item, ok := a.CardItem(l.Item)
	if !ok {
		return FieldError(field+".item", "Onbekend keuzekaart-item %q.", l.Item)
	}
	if l.Quantity <= 0 {
		return FieldError(field+".aantal", "Het aantal %s van %q moet groter dan 0 zijn.", l.Quantity, l.Item)
	}
	if l.HasAgreed && l.Agreed < 0 {
		return FieldError(field+".bedrag", "Het afgesproken bedrag %s mag niet negatief zijn.", FormatEuro(l.Agreed))
	}
	if checkValidity && !item.OfferedIn(year) {
		return FieldError(field+".item", "%s staat in %d niet op de keuzekaart.", item.Name, year)
	}
	return nil
}

// HalfYear returns the period of half year half (1 or 2) of year.
func HalfYear(year, half int) Period {
	if half == 1 {
		return Period{From: NewDate(year, 1, 1), To: NewDate(year, 6, 30)}
	}
	return Period{From: NewDate(year, 7, 1), To: NewDate(year, 12, 31)}
}

// HalfLabel names half year half of year in Dutch: "eerste halfjaar 2025".
func HalfLabel(year, half int) string {
	if half == 1 {
		return fmt.Sprintf("eerste halfjaar %d", year)
	}
	return fmt.Sprintf("tweede halfjaar %d", year)
}

// AmendedHalves returns the half years of year that an amendment of that
// year's lines effective from d changes: both when d lies before the
// second half, only the second when d lies in it, none when d lies after
// the year.
func AmendedHalves(year int, d Date) []int {
	switch {
	case d.After(NewDate(year, 12, 31)):
		return nil
	case d.Before(NewDate(year, 7, 1)):
		return []int{1, 2}
	}
	return []int{2}
}

// WithAmendments returns a copy of a as in force on date on: for every
// amendment in force with EffectiveFrom on or before on, in order of
// effective date and then id, the lines of its municipality-year are
// replaced by its After lines. a itself is not changed.
func (a *Agreement) WithAmendments(ams []*Amendment, on Date) *Agreement {
	out := *a
	out.Years = slices.Clone(a.Years)
	apply := slices.Clone(ams)
	slices.SortStableFunc(apply, func(x, y *Amendment) int {
		if c := x.EffectiveFrom.Compare(y.EffectiveFrom); c != 0 {
			return c
		}
		return cmpInt(int(x.ID), int(y.ID))
	})
	for _, am := range apply {
		if am.Status != AmendmentInForce || am.EffectiveFrom.After(on) {
			continue
		}
		if my, ok := out.MunicipalityYear(am.Municipality, am.Year); ok {
			my.Lines = slices.Clone(am.After)
		}
	}
	return &out
}

// OnlyMunicipalities returns a copy of a with only the municipality-years
// for which keep is true; the card and period stay.
func (a *Agreement) OnlyMunicipalities(keep func(code string) bool) *Agreement {
	out := *a
	out.Years = nil
	for _, my := range a.Years {
		if keep(my.Municipality) {
			out.Years = append(out.Years, my)
		}
	}
	return &out
}
