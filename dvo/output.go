package dvo

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"werkpad"
)

// WriteText prints, per municipality per year, the budget, the card-priced
// total, the agreed total, the difference and the findings, with amounts in
// Dutch notation. Findings about a municipality-year without a total come
// last. It is meant for a controller reading a terminal or a log.
func WriteText(w io.Writer, totals []werkpad.Total, findings []werkpad.Finding) error {
	var b strings.Builder
	type key struct {
		code string
		year int
	}
	byYear := map[key][]werkpad.Finding{}
	for _, f := range findings {
		k := key{f.Municipality, f.Year}
		byYear[k] = append(byYear[k], f)
	}
	amount := func(label string, c werkpad.Cents) {
		fmt.Fprintf(&b, "  %-36s %18s\n", label, werkpad.FormatEuro(c))
	}
	for _, t := range totals {
		fmt.Fprintf(&b, "%s (%s) %d\n", t.Name, t.Municipality, t.Year)
		if t.PartYear != "" {
			fmt.Fprintf(&b, "  %d: %s\n", t.Year, t.PartYear)
		}
		k := key{t.Municipality, t.Year}
		var unpriced werkpad.Cents
		for _, f := range byYear[k] {
			if f.Kind == werkpad.FindingMissingPrice {
				unpriced += f.CardAmountCents
			}
		}
		amount("lokale ruimte", t.BudgetCents)
		amount("volgens keuzekaart", t.CardCents)
		amount("afgesproken", t.AgreedCents)
		if unpriced != 0 {
			// Say so, or "afgesproken" shows more than the document wrote.
			amount("  waarvan zonder bedrag (kaartprijs)", unpriced)
		}
		if t.ExtraCents != 0 {
			amount("  waarvan buiten de keuzekaart", t.ExtraCents)
		}
		amount("verschil (ruimte - afgesproken)", t.RemainingCents())
		if t.OldObligationsCents != 0 {
			amount("oude verplichtingen (apart)", t.OldObligationsCents)
		}
		writeFindings(&b, byYear[k])
		delete(byYear, k)
		b.WriteString("\n")
	}
	// Findings that belong to no total, in their original order.
	var rest []werkpad.Finding
	for _, f := range findings {
		if _, ok := byYear[key{f.Municipality, f.Year}]; ok {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		b.WriteString("Overige bevindingen\n")
		writeFindings(&b, rest)
		b.WriteString("\n")
	}
	var errs, others int
	for _, f := range findings {
		if f.Kind.IsError() {
			errs++
		} else {
			others++
		}
	}
	fmt.Fprintf(&b, "%d gemeente-jaren, %d bevindingen: %d op te lossen, %d ter informatie of controle\n",
		len(totals), len(findings), errs, others)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFindings(b *strings.Builder, fs []werkpad.Finding) {
	if len(fs) == 0 {
		b.WriteString("  geen bevindingen\n")
		return
	}
	b.WriteString("  bevindingen:\n")
	for _, f := range fs {
		fmt.Fprintf(b, "  - %-6s %s\n", severity(f.Kind), describe(f))
	}
}

func severity(k werkpad.FindingKind) string {
	switch {
	case k.IsError():
		return "FOUT"
	case k == werkpad.FindingUnderBudget:
		return "INFO"
	default:
		return "LET OP"
	}
}

// describe says one finding in one Dutch sentence, with its kind in
// brackets so that it can be found back in the JSON output.
func describe(f werkpad.Finding) string {
	where := f.Item
	if f.Article != "" {
		where += " (" + f.Article + ")"
	}
	eur := werkpad.FormatEuro
	switch f.Kind {
	case werkpad.FindingOverBudget:
		return fmt.Sprintf("[%s] %s overschreden met %s: afgesproken %s, volgens keuzekaart %s",
			f.Kind, where, eur(f.AmountCents), eur(f.AgreedAmountCents), eur(f.CardAmountCents))
	case werkpad.FindingUnderBudget:
		return fmt.Sprintf("[%s] %s: %s nog niet ingevuld", f.Kind, where, eur(f.AmountCents))
	case werkpad.FindingCardTotalOverBudget:
		return fmt.Sprintf("[%s] %s: afgesproken %s past, maar volgens keuzekaart %s is %s meer dan de ruimte",
			f.Kind, where, eur(f.AgreedAmountCents), eur(f.CardAmountCents), eur(f.AmountCents))
	case werkpad.FindingPriceDiffers:
		return fmt.Sprintf("[%s] %s: afgesproken %s, volgens keuzekaart %s, verschil %s",
			f.Kind, where, eur(f.AgreedAmountCents), eur(f.CardAmountCents), eur(f.AmountCents))
	case werkpad.FindingMissingPrice:
		return fmt.Sprintf("[%s] %s: geen bedrag afgesproken; volgens keuzekaart %s", f.Kind, where, eur(f.CardAmountCents))
	case werkpad.FindingOutsideValidity:
		return fmt.Sprintf("[%s] %s: staat in %d niet op de keuzekaart (volgens keuzekaart %s)", f.Kind, where, f.Year, eur(f.CardAmountCents))
	case werkpad.FindingUnknownItem:
		return fmt.Sprintf("[%s] %s: geen item van de keuzekaart", f.Kind, where)
	}
	return fmt.Sprintf("[%s] %s: %s", f.Kind, where, eur(f.AmountCents))
}

// The JSON shape is an interface for other tools: keep the names stable.
// agreed_amount_cents is the amount as the document writes it: null for a
// line without one (missing_price), which then carries the card price the
// totals count it at in imputed_amount_cents. A total's agreed_cents
// includes those imputed amounts (imputed_cents) and the extra agreements
// inside the local budget (extra_agreements_cents); old obligations are
// apart from the budget (old_obligations_cents).
type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Totals   []jsonTotal   `json:"totals"`
}

type jsonFinding struct {
	Municipality       string `json:"municipality"`
	Year               int    `json:"year"`
	Kind               string `json:"kind"`
	Item               string `json:"item,omitempty"`
	Article            string `json:"article,omitempty"`
	AmountCents        int64  `json:"amount_cents"`
	CardAmountCents    int64  `json:"card_amount_cents"`
	AgreedAmountCents  *int64 `json:"agreed_amount_cents"`
	ImputedAmountCents *int64 `json:"imputed_amount_cents,omitempty"`
}

type jsonTotal struct {
	Municipality         string `json:"municipality"`
	Year                 int    `json:"year"`
	BudgetCents          int64  `json:"budget_cents"`
	AgreedCents          int64  `json:"agreed_cents"`
	CardCents            int64  `json:"card_cents"`
	ImputedCents         int64  `json:"imputed_cents"`
	ExtraAgreementsCents int64  `json:"extra_agreements_cents"`
	OldObligationsCents  int64  `json:"old_obligations_cents"`
	RemainingCents       int64  `json:"remaining_cents"`
}

// WriteJSON prints {"findings":[...],"totals":[...]} as one JSON document,
// with empty lists as [] rather than null.
func WriteJSON(w io.Writer, totals []werkpad.Total, findings []werkpad.Finding) error {
	r := jsonReport{Findings: []jsonFinding{}, Totals: []jsonTotal{}}
	for _, f := range findings {
		jf := jsonFinding{
			Municipality: f.Municipality, Year: f.Year, Kind: string(f.Kind), Item: f.Item, Article: f.Article,
			AmountCents: int64(f.AmountCents), CardAmountCents: int64(f.CardAmountCents),
		}
		if f.NoAgreedAmount || f.Kind == werkpad.FindingMissingPrice {
			imputed := int64(f.ImputedAmountCents)
			jf.ImputedAmountCents = &imputed
		} else {
			agreed := int64(f.AgreedAmountCents)
			jf.AgreedAmountCents = &agreed
		}
		r.Findings = append(r.Findings, jf)
	}
	for _, t := range totals {
		r.Totals = append(r.Totals, jsonTotal{
			Municipality: t.Municipality, Year: t.Year,
			BudgetCents: int64(t.BudgetCents), AgreedCents: int64(t.AgreedCents), CardCents: int64(t.CardCents),
			ImputedCents: int64(t.ImputedCents), ExtraAgreementsCents: int64(t.ExtraCents),
			OldObligationsCents: int64(t.OldObligationsCents), RemainingCents: int64(t.RemainingCents()),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
