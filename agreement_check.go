package werkpad

// The check engine: pure functions over an Agreement, no I/O.
//
// What counts against the local budget (lokale ruimte)?
//   - Every card line, at its agreed amount; a line without a stated amount
//     at its card price (the card is the price unless another is agreed).
//   - Extra agreements that the document lists as part of the local share
//     (InLocalBudget), e.g. Nijmegen's kwartiermaker ECN, which art. 10.2
//     lists under "kiest ervoor haar lokale aandeel als volgt in te vullen".
//   - NOT old obligations. Art. 4 b counts the long-running obligations
//     among the local accents, but the Toelichting op de keuzekaart says "Van
//     de beschikbare budgetten zijn reeds de 'oude verplichtingen'
//     afgetrokken": the budgets in art. 5–11 are already net of them, so
//     subtracting them again would count them twice.
//   - NOT extra agreements outside the local share, such as Nijmegen's
//     meerwerk (art. 10.3): meerwerk is work on top of the agreement.

// FindingKind names what a finding is about. The values are stable: they
// appear in JSON output.
type FindingKind string

const (
	// FindingOverBudget: the lines of a municipality-year add up to more
	// than its local budget. An error to resolve.
	FindingOverBudget FindingKind = "over_budget"
	// FindingPriceDiffers: the agreed amount of a line is not the card price.
	FindingPriceDiffers FindingKind = "price_differs_from_card"
	// FindingMissingPrice: a line has a quantity but no agreed amount.
	FindingMissingPrice FindingKind = "missing_price"
	// FindingOutsideValidity: a card item is chosen in a year the card does
	// not offer it. An error: such a line is refused.
	FindingOutsideValidity FindingKind = "outside_validity"
	// FindingUnderBudget: budget left over. Information.
	FindingUnderBudget FindingKind = "under_budget"
	// FindingCardTotalOverBudget: the choices valued at card prices add up
	// to more than the local budget while the agreed total fits: the agreed
	// amounts hide a shortfall at card prices. To be checked, not an error
	// (the agreed prices are what was signed).
	FindingCardTotalOverBudget FindingKind = "card_total_over_budget"
	// FindingUnknownItem: a line names no item on the card. A loaded
	// Agreement never has one; a hand-built one may.
	FindingUnknownItem FindingKind = "unknown_item"
)

// IsError reports whether the finding must be resolved before the
// agreement can be executed as written; the others are shown, not blocking.
func (k FindingKind) IsError() bool {
	return k == FindingOverBudget || k == FindingOutsideValidity || k == FindingUnknownItem
}

// Finding is one thing the engine noticed about a municipality-year.
type Finding struct {
	Municipality string
	Year         int
	Kind         FindingKind
	Item         string // card item code, or the description of an extra agreement, or "lokale ruimte"
	Article      string

	// AmountCents is the amount the finding is about: over_budget the
	// amount over, under_budget the amount left, card_total_over_budget the
	// card total over the budget, price_differs_from_card agreed minus
	// card, missing_price and outside_validity the card price.
	AmountCents       Cents
	CardAmountCents   Cents
	AgreedAmountCents Cents
	// NoAgreedAmount marks a line the document gives no amount for
	// (missing_price): AgreedAmountCents is then not written, and
	// ImputedAmountCents is the card price the totals count it at.
	NoAgreedAmount     bool
	ImputedAmountCents Cents
}

// Total sums one municipality-year. AgreedCents and CardCents both include
// the extra agreements inside the local budget (ExtraCents) at their agreed
// amount, since these have no card price; old obligations are shown apart.
type Total struct {
	Municipality        string
	Name                string
	Year                int
	BudgetCents         Cents
	AgreedCents         Cents // what counts against the budget (see the package comment above)
	CardCents           Cents // the same lines priced from the card
	ExtraCents          Cents // part of AgreedCents and CardCents: extras in the local budget
	OldObligationsCents Cents // separate from the budget
	// ImputedCents is part of AgreedCents: lines without an agreed amount,
	// counted at their card price.
	ImputedCents Cents
	PartYear     string
}

// RemainingCents is the budget left: negative when over budget.
func (t Total) RemainingCents() Cents { return t.BudgetCents - t.AgreedCents }

// Totals sums every municipality-year of a, in the order of a.Years.
func Totals(a *Agreement) []Total {
	totals := make([]Total, 0, len(a.Years))
	for _, my := range a.Years {
		t := Total{
			Municipality:        my.Municipality,
			Name:                my.Name,
			Year:                my.Year,
			BudgetCents:         my.Budget,
			OldObligationsCents: my.OldObligations,
			PartYear:            a.PartYear(my.Year),
		}
		for _, l := range my.Lines {
			card := linePrice(a, l)
			t.CardCents += card
			if l.HasAgreed {
				t.AgreedCents += l.Agreed
			} else {
				t.AgreedCents += card
				t.ImputedCents += card
			}
		}
		for _, x := range my.Extras {
			if x.InLocalBudget && x.HasAmount {
				t.ExtraCents += x.Amount
			}
		}
		t.AgreedCents += t.ExtraCents
		t.CardCents += t.ExtraCents
		totals = append(totals, t)
	}
	return totals
}

// CheckAgreement returns the findings for every municipality-year of a:
// per line in order, then the budget. It never returns an error: a wrong
// amount in the document is a finding, not a reason to stop.
func CheckAgreement(a *Agreement) []Finding {
	var fs []Finding
	totals := Totals(a)
	for i, my := range a.Years {
		f := func(kind FindingKind, item, article string) Finding {
			return Finding{Municipality: my.Municipality, Year: my.Year, Kind: kind, Item: item, Article: article}
		}
		for _, l := range my.Lines {
			item, ok := a.CardItem(l.Item)
			if !ok {
				x := f(FindingUnknownItem, l.Item, l.Article)
				x.AgreedAmountCents = l.Agreed
				fs = append(fs, x)
				continue
			}
			card := item.PriceFor(l.Quantity)
			if !item.OfferedIn(my.Year) {
				x := f(FindingOutsideValidity, l.Item, l.Article)
				x.AmountCents, x.CardAmountCents = card, card
				if l.HasAgreed {
					x.AgreedAmountCents = l.Agreed
				}
				fs = append(fs, x)
			}
			switch {
			case !l.HasAgreed:
				x := f(FindingMissingPrice, l.Item, l.Article)
				x.AmountCents, x.CardAmountCents = card, card
				x.NoAgreedAmount, x.ImputedAmountCents = true, card
				fs = append(fs, x)
			case l.Agreed != card:
				x := f(FindingPriceDiffers, l.Item, l.Article)
				x.AmountCents, x.CardAmountCents, x.AgreedAmountCents = l.Agreed-card, card, l.Agreed
				fs = append(fs, x)
			}
		}
		for _, x := range my.Extras {
			if x.InLocalBudget && !x.HasAmount {
				m := f(FindingMissingPrice, x.Description, x.Article)
				m.NoAgreedAmount = true
				fs = append(fs, m)
			}
		}

		t := totals[i]
		budget := f("", "lokale ruimte", my.BudgetArticle)
		budget.CardAmountCents, budget.AgreedAmountCents = t.CardCents, t.AgreedCents
		switch rest := t.RemainingCents(); {
		case rest < 0:
			budget.Kind, budget.AmountCents = FindingOverBudget, -rest
			fs = append(fs, budget)
		case rest > 0:
			budget.Kind, budget.AmountCents = FindingUnderBudget, rest
			fs = append(fs, budget)
		}
		if t.RemainingCents() >= 0 && t.CardCents > t.BudgetCents {
			over := budget
			over.Kind, over.AmountCents = FindingCardTotalOverBudget, t.CardCents-t.BudgetCents
			fs = append(fs, over)
		}
	}
	return fs
}

// linePrice is the card price of l, or 0 when its item is not on the card.
func linePrice(a *Agreement, l Line) Cents {
	item, ok := a.CardItem(l.Item)
	if !ok {
		return 0
	}
	return item.PriceFor(l.Quantity)
}
