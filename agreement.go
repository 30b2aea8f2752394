package werkpad

import (
	"strconv"
	"strings"
)

// Agreement is one version of the DVO (dienstverleningsovereenkomst): its
// period, its price card (keuzekaart) and, per municipality per year, the
// local budget (lokale ruimte) and the local choices made from the card.
// It is data, entered by a controller, not code.
type Agreement struct {
	Name      string // citeertitel, e.g. "Dienstverleningsovereenkomst WerkBedrijf Regio Rijk van Nijmegen 2024 – 2025"
	Version   string // e.g. "2024-2025"
	From, To  string // period, "YYYY-MM-DD", both inclusive
	PartYears []PartYear
	Card      []CardItem
	Years     []MunicipalityYear // per municipality per year, in document order

	// CarriedYears are the years after the agreement's own period that it
	// governs by tacit extension (art. 16.1); ExtendedTo is then the last
	// day of the last of them. Both are empty for an agreement as written.
	CarriedYears []int
	ExtendedTo   string
}

// PartYear notes that a year of the agreement is executed only in part,
// e.g. "2024: alleen tweede helft". The budgets and lines of that year stay
// as written (full-year amounts); the note tells the reader how to read them.
type PartYear struct {
	Year    int
	Note    string
	Article string
}

// CardItem is one choice on the price card (keuzekaart).
type CardItem struct {
	Code      string // stable key used by lines, e.g. "participatiecoaching"
	Name      string // as on the card
	Unit      string // "fte", "interventie", "kandidaat", "dagdeel", "locatie", "event", "zorgjongere"
	UnitPrice Cents  // price of one unit
	Quote     string // the price line as printed, e.g. "10 kandidaten € 30.000"
	Years     []int  // years in which the card offers the item
	Article   string // e.g. "Bijlage 2, 7"
	// Instrument is the code of the casework instrument through which the
	// item is delivered, if any (zorgjongeren → "zorgjongeren"); realisation
	// is then also counted from the enrolments in it.
	Instrument string
}

// OfferedIn reports whether the card offers the item in year.
func (c CardItem) OfferedIn(year int) bool {
	for _, y := range c.Years {
		if y == year {
			return true
		}
	}
	return false
}

// PriceFor returns the card price of q units: unit price × quantity, pro
// rata for part of a unit (0.4 fte of € 85.000 is € 34.000), rounded to the
// nearest cent, halves away from zero.
func (c CardItem) PriceFor(q Milli) Cents {
	p := int64(c.UnitPrice) * int64(q)
	if p >= 0 {
		return Cents((p + 500) / 1000)
	}
	return Cents((p - 500) / 1000)
}

// MunicipalityYear is what one municipality agreed for one year.
type MunicipalityYear struct {
	Municipality string // CBS code, e.g. "GM1945"
	Name         string // e.g. "Berg en Dal"
	Year         int

	Budget        Cents  // lokale ruimte, as stated (already net of old obligations)
	BudgetArticle string // where the budget is stated, e.g. "art. 5.2"

	OldObligations        Cents // oude verplichtingen (langlopende gesubsidieerde arbeid)
	OldObligationsArticle string

	Extras []ExtraAgreement // agreements that are not an item on the card
	Lines  []Line           // choices from the card

	// CarriedFrom is the year whose choices this year carries by tacit
	// extension (art. 16.1); 0 for a year the agreement itself sets.
	CarriedFrom int
}

// ExtraAgreement is an agreement outside the card, such as Nijmegen's
// kwartiermaker or meerwerk. InLocalBudget says whether the document lists it
// as part of the local share (then it counts against the local budget).
type ExtraAgreement struct {
	Description   string // as written
	Amount        Cents
	HasAmount     bool // false: the document states no amount
	InLocalBudget bool
	Article       string
	Page          int
}

// Line is one chosen card item with its quantity and the amount agreed.
type Line struct {
	Item        string // CardItem.Code
	Quantity    Milli
	Agreed      Cents
	HasAgreed   bool   // false: the document states no amount for the line
	Description string // the local accent as written, e.g. "ca. 1,5 fte participatiecoaching"
	Article     string // e.g. "art. 5.2 a"
	Page        int
}

// CardItem returns the card item with the given code.
func (a *Agreement) CardItem(code string) (CardItem, bool) {
	for _, c := range a.Card {
		if c.Code == code {
			return c, true
		}
	}
	return CardItem{}, false
}

// PartYear returns the part-year note for year, or "".
func (a *Agreement) PartYear(year int) string {
	for _, p := range a.PartYears {
		if p.Year == year {
			return p.Note
		}
	}
	return ""
}

// Milli is a quantity in thousandths: 1.5 fte is Milli(1500). Quantities
// are never floats, so that 0.4 × € 85.000 is exactly € 34.000.
type Milli int64

// String formats m the Dutch way with as few decimals as needed: "1,5", "12".
func (m Milli) String() string {
	sign := ""
	u := int64(m)
	if u < 0 {
		sign, u = "-", -u
	}
	s := sign + strconv.FormatInt(u/1000, 10)
	if frac := u % 1000; frac != 0 {
		s += "," + strings.TrimRight(strconv.FormatInt(1000+frac, 10)[1:], "0")
	}
	return s
}

// ParseMilli reads a quantity with at most three decimals, written with a
// decimal comma or point: "1,5", "0.4", "12".
func ParseMilli(s string) (Milli, error) {
	invalid := func() (Milli, error) {
		return 0, Errorf(EINVALID, "ongeldig aantal %q; schrijf bijvoorbeeld 1,5 of 12", s)
	}
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, _ := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	if !allDigits(whole) || len(whole) > 12 || len(frac) > 3 || (frac != "" && !allDigits(frac)) {
		return invalid()
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "000")[:3], 10, 64)
	m := Milli(w*1000 + f)
	if neg {
		m = -m
	}
	return m, nil
}
