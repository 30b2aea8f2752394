package werkpad

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Drafting the next DVO (art. 16.1: a new agreement before 31 December of
// the last year). The controller drafts it from the previous one: the card
// items still offered in its last year, with prices indexed by a given
// percentage, minus the items retired; a local budget per municipality; the
// municipality's choices of that last year carried as a first proposal at
// the new prices. Each municipality then composes its choices against its
// budget. The draft is a concept: it governs no date until every
// municipality of the agreement and the MGR board have consented, as an
// amendment does (art. 16.3); then it is in force.

// DraftRequest describes a new agreement drafted from a previous one.
type DraftRequest struct {
	From                string // the version drafted from
	Version             string // e.g. "2026-2027"
	Name                string // empty: made from the years
	FirstYear, LastYear int
	// IndexBP indexes the unit prices (and the budgets not set in Budgets)
	// in basis points: 250 is +2,50%.
	IndexBP int
	// Budgets is the local budget (lokale ruimte) per municipality per
	// year; a municipality left out keeps the budget of the previous
	// agreement's last year, indexed.
	Budgets map[string]Cents
	// Retire lists card items the new card no longer offers.
	Retire []string
}

// Indexed is c raised by bp basis points, rounded to the cent, halves away
// from zero.
func Indexed(c Cents, bp int) Cents {
	p := int64(c) * int64(10000+bp)
	if p >= 0 {
		return Cents((p + 5000) / 10000)
	}
	return Cents((p - 5000) / 10000)
}

// DraftAgreement drafts the next agreement from prev (as written, without
// tacit extension). It refuses a request that makes no sense: no version,
// the same version, years before prev ends, an index outside -20% to +50%,
// an unknown item to retire, a negative budget.
func DraftAgreement(prev *Agreement, r DraftRequest) (*Agreement, error) {
	r.Version = strings.TrimSpace(r.Version)
	switch {
	case r.Version == "":
		return nil, FieldError("versie", "Vul de versie van de nieuwe overeenkomst in, zoals 2026-2027.")
	case r.Version == prev.Version:
		return nil, FieldError("versie", "De nieuwe overeenkomst heeft een andere versie dan %s.", prev.Version)
	}
	if err := CheckLine("versie", r.Version, 40); err != nil {
		return nil, err
	}
	last := prev.LastYear()
	switch {
	case r.FirstYear <= last:
		return nil, FieldError("eersteJaar", "De nieuwe overeenkomst begint na %d, het laatste jaar van DVO %s.", last, prev.Version)
	case r.LastYear < r.FirstYear || r.LastYear > r.FirstYear+4:
		return nil, FieldError("laatsteJaar", "Het laatste jaar ligt tussen %d en %d.", r.FirstYear, r.FirstYear+4)
	case r.IndexBP < -2000 || r.IndexBP > 5000:
		return nil, FieldError("indexatie", "De indexatie ligt tussen -20%% en +50%%.")
	}
	for _, code := range r.Retire {
		if _, ok := prev.CardItem(code); !ok {
			return nil, FieldError("vervallen", "De keuzekaart van DVO %s kent geen item %q.", prev.Version, code)
		}
	}
	for code, b := range r.Budgets {
		if b < 0 {
			return nil, FieldError("budget-"+code, "De lokale ruimte van %s mag niet negatief zijn.", code)
		}
	}
	name := strings.TrimSpace(r.Name)
	if name == "" {
		name = fmt.Sprintf("Dienstverleningsovereenkomst WerkBedrijf Regio Rijk van Nijmegen %d – %d", r.FirstYear, r.LastYear)
	}
	if err := CheckLine("naam", name, MaxTextShort); err != nil {
		return nil, err
	}
	var years []int
	for y := r.FirstYear; y <= r.LastYear; y++ {
		years = append(years, y)
	}
	a := &Agreement{Name: name, Version: r.Version, From: NewDate(r.FirstYear, 1, 1).String(), To: NewDate(r.LastYear, 12, 31).String()}
	for _, c := range prev.Card {
		if !c.OfferedIn(last) || slices.Contains(r.Retire, c.Code) {
			continue
		}
		c.UnitPrice = Indexed(c.UnitPrice, r.IndexBP)
		c.Years = years
		c.Quote = fmt.Sprintf("%s per %s (DVO %s geïndexeerd met %s%%)", FormatEuro(c.UnitPrice), c.Unit, prev.Version, percentText(r.IndexBP))
		c.Article = ""
		a.Card = append(a.Card, c)
	}
	for _, my := range prev.Years {
		if my.Year != last {
			continue
		}
		budget, ok := r.Budgets[my.Municipality]
		if !ok {
			budget = Indexed(my.Budget, r.IndexBP)
		}
		var lines []Line
		for _, l := range my.Lines {
			c, ok := a.CardItem(l.Item)
			if !ok {
				continue // retired
			}
			lines = append(lines, Line{Item: l.Item, Quantity: l.Quantity, Agreed: c.PriceFor(l.Quantity), HasAgreed: true, Description: l.Description})
		}
		for _, y := range years {
			a.Years = append(a.Years, MunicipalityYear{Municipality: my.Municipality, Name: my.Name, Year: y, Budget: budget,
				Lines: slices.Clone(lines)})
		}
	}
	if len(a.Years) == 0 {
		return nil, FieldError("van", "DVO %s heeft in %d geen afspraken met gemeenten om van uit te gaan.", prev.Version, last)
	}
	return a, ValidateAgreement(a)
}

// percentText writes basis points as a Dutch percentage: 250 is "2,5".
func percentText(bp int) string {
	s := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// ComposeLines checks the choices a municipality composes for one year of a
// draft: every item on the card of that year at most once, a positive
// quantity; each line is priced from the card (the amount agreed is the
// card price), and the total stays within the budget. It returns the
// priced lines and the total.
func ComposeLines(a *Agreement, my *MunicipalityYear, lines []Line) ([]Line, Total, error) {
	var out []Line
	seen := map[string]bool{}
	var sum Cents
	for _, l := range lines {
		field := fmt.Sprintf("aantal-%s", l.Item)
		c, ok := a.CardItem(l.Item)
		if !ok || !c.OfferedIn(my.Year) {
			return nil, Total{}, FieldError(field, "De keuzekaart van %d biedt %q niet aan.", my.Year, l.Item)
		}
		if seen[l.Item] {
			return nil, Total{}, FieldError(field, "%s staat twee keer in de keuzes.", c.Name)
		}
		seen[l.Item] = true
		if l.Quantity < 0 {
			return nil, Total{}, FieldError(field, "Het aantal van %s mag niet negatief zijn.", c.Name)
		}
		if l.Quantity == 0 {
			continue // not chosen
		}
		if err := CheckLine(fmt.Sprintf("toelichting-%s", l.Item), l.Description, MaxTextShort); err != nil {
			return nil, Total{}, err
		}
		l.Agreed, l.HasAgreed = c.PriceFor(l.Quantity), true
		l.Article, l.Page = "", 0
		sum += l.Agreed
		out = append(out, l)
	}
	t := Total{Municipality: my.Municipality, Name: my.Name, Year: my.Year, BudgetCents: my.Budget, AgreedCents: sum, CardCents: sum}
	if sum > my.Budget {
		return nil, t, FieldError("keuzes", "De keuzes kosten %s; de lokale ruimte van %s in %d is %s: %s te veel. Verlaag een of meer aantallen.",
			FormatEuro(sum), my.Name, my.Year, FormatEuro(my.Budget), FormatEuro(sum-my.Budget))
	}
	return out, t, nil
}

// AgreementConsent is the written consent of one party to a draft
// agreement: a municipality (Municipality set) or the MGR board.
type AgreementConsent struct {
	Party        ApprovalParty
	Municipality string // with PartyMunicipality
	ApprovedOn   Date
	ApproverName string
	DocumentRef  string
	RecordedBy   string
	RecordedAt   time.Time
}

// AgreementDrafts drafts, composes and consents to new agreements.
type AgreementDrafts interface {
	// DraftAgreement stores a concept drafted from r.From (controller).
	DraftAgreement(ctx context.Context, r DraftRequest) (*Agreement, error)
	// ComposeChoices replaces the choices of one municipality-year of a
	// concept (the municipality's own user, or a controller) before that
	// municipality consented.
	ComposeChoices(ctx context.Context, version, municipality string, year int, lines []Line) (Total, error)
	// ConsentAgreement records a party's consent; the last one brings the
	// agreement in force.
	ConsentAgreement(ctx context.Context, version string, c AgreementConsent) (*AgreementVersion, error)
	// FindConsents lists the consents of a version, in the caller's scope.
	FindConsents(ctx context.Context, version string) ([]AgreementConsent, error)
}
