package http

import (
	"fmt"
	"net/url"
	"strconv"

	"werkpad"
)

// The DVO as the pages show it: one municipality-year with its lines,
// totals and findings, each finding traced to the line it is about.

// yearView is one municipality-year of an agreement.
type yearView struct {
	Version  string
	Year     *werkpad.MunicipalityYear
	Total    werkpad.Total
	PartYear string
	Lines    []lineView
	Extras   []extraView
	Findings []findingView
	Errors   int // findings to resolve
	Infos    int // findings to note
}

// Href is the address of the detail page of the municipality-year.
func (v yearView) Href() string {
	return yearHref(v.Version, v.Year.Municipality, v.Year.Year)
}

func yearHref(version, code string, year int) string {
	return "/overeenkomsten/" + url.PathEscape(version) + "/" + url.PathEscape(code) + "/" + strconv.Itoa(year)
}

func amendmentHref(version string, id int64) string {
	return "/overeenkomsten/" + url.PathEscape(version) + "/wijzigingen/" + strconv.FormatInt(id, 10)
}

// lineView is a card line, numbered from 1 as its anchor #regel-N.
type lineView struct {
	N        int
	Line     werkpad.Line
	ItemName string
	Unit     string
	Card     werkpad.Cents
	Diff     werkpad.Cents // agreed minus card; only when HasAgreed
	Findings int
}

// extraView is an agreement outside the card, anchored as #extra-N.
type extraView struct {
	N     int
	Extra werkpad.ExtraAgreement
}

// findingView is a finding with a Dutch sentence and the anchor of the
// line, extra agreement or total it is about.
type findingView struct {
	werkpad.Finding
	Error       bool
	Severity    string
	Message     string
	Anchor      string // "regel-3", "extra-1" or "totalen"
	AnchorLabel string
}

// yearViewOf builds the view of my: lines priced from the card of a,
// and findings (of any municipality-year; those of my are kept) matched to
// the line they were found on. CheckAgreement reports line findings in
// line order, so each is matched to the first line from the previous
// match on that has the same item, article and card price.
func yearViewOf(a *werkpad.Agreement, my *werkpad.MunicipalityYear, total werkpad.Total, findings []werkpad.Finding) yearView {
	v := yearView{Version: a.Version, Year: my, Total: total, PartYear: a.PartYear(my.Year)}
	for i, l := range my.Lines {
		item, ok := a.CardItem(l.Item)
		lv := lineView{N: i + 1, Line: l, ItemName: item.Name, Unit: item.Unit, Card: item.PriceFor(l.Quantity)}
		if !ok {
			lv.ItemName = l.Item
		}
		if l.HasAgreed {
			lv.Diff = l.Agreed - lv.Card
		}
		v.Lines = append(v.Lines, lv)
	}
	for i, x := range my.Extras {
		v.Extras = append(v.Extras, extraView{N: i + 1, Extra: x})
	}
	next := 0
	for _, f := range findings {
		if f.Municipality != my.Municipality || f.Year != my.Year {
			continue
		}
		fv := findingView{Finding: f, Error: f.Kind.IsError(), Message: findingMessage(f)}
		switch {
		case f.Kind.IsError():
			fv.Severity = "Op te lossen"
			v.Errors++
		case f.Kind == werkpad.FindingUnderBudget:
			fv.Severity = "Ter informatie"
			v.Infos++
		default:
			fv.Severity = "Let op"
			v.Infos++
		}
		switch f.Kind {
		case werkpad.FindingOverBudget, werkpad.FindingUnderBudget, werkpad.FindingCardTotalOverBudget:
			fv.Anchor, fv.AnchorLabel = "totalen", "totalen"
		default:
			if i := matchLine(v.Lines, next, f); i >= 0 {
				next = i
				v.Lines[i].Findings++
				fv.Anchor, fv.AnchorLabel = fmt.Sprintf("regel-%d", i+1), fmt.Sprintf("regel %d", i+1)
			} else if j := matchExtra(my.Extras, f); j >= 0 {
				fv.Anchor, fv.AnchorLabel = fmt.Sprintf("extra-%d", j+1), fmt.Sprintf("afspraak buiten de keuzekaart %d", j+1)
			}
		}
		v.Findings = append(v.Findings, fv)
	}
	return v
}

func matchLine(lines []lineView, from int, f werkpad.Finding) int {
	for i := from; i < len(lines); i++ {
		l := lines[i]
		if l.Line.Item != f.Item || l.Line.Article != f.Article {
			continue
		}
		if f.Kind == werkpad.FindingUnknownItem || l.Card == f.CardAmountCents {
			return i
		}
	}
	return -1
}

func matchExtra(extras []werkpad.ExtraAgreement, f werkpad.Finding) int {
	for i, x := range extras {
		if x.Description == f.Item && x.Article == f.Article {
			return i
		}
	}
	return -1
}

// findingMessage says a finding in one Dutch sentence.
func findingMessage(f werkpad.Finding) string {
	eur := werkpad.FormatEuro
	switch f.Kind {
	case werkpad.FindingOverBudget:
		return fmt.Sprintf("De lokale ruimte is overschreden met %s: afgesproken %s, volgens de keuzekaart %s.",
			eur(f.AmountCents), eur(f.AgreedAmountCents), eur(f.CardAmountCents))
	case werkpad.FindingUnderBudget:
		return fmt.Sprintf("Van de lokale ruimte is %s nog niet ingevuld.", eur(f.AmountCents))
	case werkpad.FindingCardTotalOverBudget:
		return fmt.Sprintf("Het afgesproken totaal %s past in de lokale ruimte, maar volgens de keuzekaart kosten de keuzes %s: %s meer dan de ruimte. De afgesproken bedragen verbergen dat tekort.",
			eur(f.AgreedAmountCents), eur(f.CardAmountCents), eur(f.AmountCents))
	case werkpad.FindingPriceDiffers:
		return fmt.Sprintf("Afgesproken %s wijkt af van de keuzekaartprijs %s: verschil %s.",
			eur(f.AgreedAmountCents), eur(f.CardAmountCents), eur(f.AmountCents))
	case werkpad.FindingMissingPrice:
		if f.CardAmountCents == 0 {
			return "Er is geen bedrag afgesproken."
		}
		return fmt.Sprintf("Er is geen bedrag afgesproken; volgens de keuzekaart %s.", eur(f.CardAmountCents))
	case werkpad.FindingOutsideValidity:
		return fmt.Sprintf("Dit item staat in %d niet op de keuzekaart (kaartprijs %s).", f.Year, eur(f.CardAmountCents))
	case werkpad.FindingUnknownItem:
		return fmt.Sprintf("%q is geen item van de keuzekaart.", f.Item)
	}
	return fmt.Sprintf("%s: %s", f.Kind, eur(f.AmountCents))
}

// yearViews builds the views of every municipality-year of a.
func yearViews(a *werkpad.Agreement) []yearView {
	totals, findings := werkpad.Totals(a), werkpad.CheckAgreement(a)
	out := make([]yearView, 0, len(a.Years))
	for i := range a.Years {
		out = append(out, yearViewOf(a, &a.Years[i], totals[i], findings))
	}
	return out
}

// amendmentStatusLabel is the status of an amendment for people.
func amendmentStatusLabel(am *werkpad.Amendment) string {
	if am.Status == werkpad.AmendmentInForce {
		return "Van kracht"
	}
	switch len(am.Approvals) {
	case 0:
		return "Concept: wacht op instemming van gemeente en MGR-bestuur"
	}
	if _, ok := am.Approval(werkpad.PartyMunicipality); ok {
		return "Concept: wacht op instemming van het MGR-bestuur"
	}
	return "Concept: wacht op instemming van de gemeente"
}
