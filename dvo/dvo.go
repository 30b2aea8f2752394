package dvo

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"werkpad"
)

//go:embed dvo-2024-2025.yaml
var dvo20242025 []byte

// Load returns the DVO 2024–2025 as shipped with werkpad.
func Load() (*werkpad.Agreement, error) {
	a, err := Parse(bytes.NewReader(dvo20242025))
	if err != nil {
		return nil, fmt.Errorf("dvo.Load(dvo-2024-2025.yaml): %w", err)
	}
	return a, nil
}

// Parse reads an agreement from YAML in the layout of dvo-2024-2025.yaml.
// Bad input gives a *werkpad.Error with code EINVALID, a Field naming the
// place (e.g. "municipalities[GM1945].years[2024].lines[0].item") and a
// message with the line number. Amounts that disagree with the card or the
// budget are not errors: CheckAgreement reports them.
func Parse(r io.Reader) (*werkpad.Agreement, error) {
	var f fileDTO
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		var we *werkpad.Error
		if errors.As(err, &we) {
			return nil, we
		}
		if errors.Is(err, io.EOF) {
			return nil, werkpad.Errorf(werkpad.EINVALID, "het DVO-bestand is leeg")
		}
		return nil, werkpad.Errorf(werkpad.EINVALID, "het DVO-bestand is geen geldige YAML: %v", err)
	}
	return f.agreement()
}

// The file layout. Amounts and quantities are read as text and parsed with
// werkpad.ParseEuro and werkpad.ParseMilli, never through a float.
type fileDTO struct {
	Agreement      agreementDTO      `yaml:"agreement"`
	Card           []cardDTO         `yaml:"card"`
	Municipalities []municipalityDTO `yaml:"municipalities"`
}

type agreementDTO struct {
	Name      string        `yaml:"name"`
	Version   string        `yaml:"version"`
	From      string        `yaml:"from"`
	To        string        `yaml:"to"`
	PartYears []partYearDTO `yaml:"part_years"`
	line      int
}

type partYearDTO struct {
	Year    int    `yaml:"year"`
	Note    string `yaml:"note"`
	Article string `yaml:"article"`
	line    int
}

type cardDTO struct {
	Code       string `yaml:"code"`
	Name       string `yaml:"name"`
	Unit       string `yaml:"unit"`
	UnitPrice  string `yaml:"unit_price"`
	Quote      string `yaml:"quote"`
	Years      []int  `yaml:"years"`
	Article    string `yaml:"article"`
	Instrument string `yaml:"instrument"`
	line       int
}

type municipalityDTO struct {
	Code  string    `yaml:"code"`
	Name  string    `yaml:"name"`
	Years []yearDTO `yaml:"years"`
	line  int
}

type yearDTO struct {
	Year                  int        `yaml:"year"`
	Budget                string     `yaml:"budget"`
	BudgetArticle         string     `yaml:"budget_article"`
	OldObligations        string     `yaml:"old_obligations"`
	OldObligationsArticle string     `yaml:"old_obligations_article"`
	Lines                 []lineDTO  `yaml:"lines"`
	Extras                []extraDTO `yaml:"extras"`
	line                  int
}

type lineDTO struct {
	Item        string `yaml:"item"`
	Quantity    string `yaml:"quantity"`
	Agreed      string `yaml:"agreed"`
	Description string `yaml:"description"`
	Article     string `yaml:"article"`
	Page        int    `yaml:"page"`
	line        int
}

type extraDTO struct {
	Description   string `yaml:"description"`
	Amount        string `yaml:"amount"`
	InLocalBudget bool   `yaml:"in_local_budget"`
	Article       string `yaml:"article"`
	Page          int    `yaml:"page"`
	line          int
}

// Each mapping records its line number and refuses unknown keys (a typo
// such as "agred" must not silently drop an amount). yaml.v3 does not pass
// KnownFields on to custom unmarshalers, hence strictDecode.
func (d *agreementDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain agreementDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *partYearDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain partYearDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *cardDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain cardDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *municipalityDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain municipalityDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *yearDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain yearDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *lineDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain lineDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

func (d *extraDTO) UnmarshalYAML(n *yaml.Node) error {
	type plain extraDTO
	d.line = n.Line
	return strictDecode(n, (*plain)(d))
}

// strictDecode decodes the mapping n into the struct out, refusing keys
// that out has no yaml tag for.
func strictDecode(n *yaml.Node, out any) error {
	if n.Kind != yaml.MappingNode {
		return werkpad.Errorf(werkpad.EINVALID, "regel %d: hier hoort een blok met velden (naam: waarde)", n.Line)
	}
	t := reflect.TypeOf(out).Elem()
	known := map[string]bool{}
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" {
			known[tag] = true
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			return werkpad.FieldError(k.Value, "regel %d: onbekend veld %q", k.Line, k.Value)
		}
	}
	if err := n.Decode(out); err != nil {
		var we *werkpad.Error
		if errors.As(err, &we) {
			return we
		}
		return werkpad.Errorf(werkpad.EINVALID, "regel %d: %v", n.Line, err)
	}
	return nil
}

// agreement validates the file and turns it into the domain type.
func (f *fileDTO) agreement() (*werkpad.Agreement, error) {
	ad := f.Agreement
	if strings.TrimSpace(ad.Name) == "" {
		return nil, werkpad.FieldError("agreement.name", "regel %d: de naam van de overeenkomst ontbreekt", ad.line)
	}
	from, err := time.Parse(time.DateOnly, ad.From)
	if err != nil {
		return nil, werkpad.FieldError("agreement.from", "regel %d: ingangsdatum %q is geen datum JJJJ-MM-DD", ad.line, ad.From)
	}
	to, err := time.Parse(time.DateOnly, ad.To)
	if err != nil {
		return nil, werkpad.FieldError("agreement.to", "regel %d: einddatum %q is geen datum JJJJ-MM-DD", ad.line, ad.To)
	}
	if to.Before(from) {
		return nil, werkpad.FieldError("agreement.to", "regel %d: einddatum %s ligt voor ingangsdatum %s", ad.line, ad.To, ad.From)
	}
	inPeriod := func(year int) bool { return year >= from.Year() && year <= to.Year() }
	outside := func(field string, line, year int) error {
		return werkpad.FieldError(field, "regel %d: jaar %d valt buiten de looptijd %s t/m %s", line, year, ad.From, ad.To)
	}

	a := &werkpad.Agreement{Name: ad.Name, Version: ad.Version, From: ad.From, To: ad.To}
	for i, p := range ad.PartYears {
		if !inPeriod(p.Year) {
			return nil, outside(fmt.Sprintf("agreement.part_years[%d].year", i), p.line, p.Year)
		}
		a.PartYears = append(a.PartYears, werkpad.PartYear{Year: p.Year, Note: strings.TrimSpace(p.Note), Article: p.Article})
	}

	if len(f.Card) == 0 {
		return nil, werkpad.FieldError("card", "de keuzekaart is leeg")
	}
	for i, c := range f.Card {
		field := fmt.Sprintf("card[%d]", i)
		if c.Code == "" {
			return nil, werkpad.FieldError(field+".code", "regel %d: code van het keuzekaart-item ontbreekt", c.line)
		}
		if _, dup := a.CardItem(c.Code); dup {
			return nil, werkpad.FieldError(field+".code", "regel %d: keuzekaart-item %q staat er twee keer in", c.line, c.Code)
		}
		if c.Unit == "" {
			return nil, werkpad.FieldError(field+".unit", "regel %d: eenheid van %q ontbreekt", c.line, c.Code)
		}
		price, err := amount(field+".unit_price", c.line, c.UnitPrice)
		if err != nil {
			return nil, err
		}
		if len(c.Years) == 0 {
			return nil, werkpad.FieldError(field+".years", "regel %d: geen jaren opgegeven voor %q", c.line, c.Code)
		}
		for _, y := range c.Years {
			if !inPeriod(y) {
				return nil, outside(field+".years", c.line, y)
			}
		}
		a.Card = append(a.Card, werkpad.CardItem{
			Code: c.Code, Name: c.Name, Unit: c.Unit, UnitPrice: price,
			Quote: c.Quote, Years: c.Years, Article: c.Article, Instrument: c.Instrument,
		})
	}

	seen := map[string]bool{}
	for _, m := range f.Municipalities {
		field := fmt.Sprintf("municipalities[%s]", m.Code)
		if !werkpad.ValidMunicipalityCode(m.Code) {
			return nil, werkpad.FieldError(field+".code", "regel %d: %q is geen CBS-gemeentecode (GM en 4 cijfers)", m.line, m.Code)
		}
		if seen[m.Code] {
			return nil, werkpad.FieldError(field, "regel %d: gemeente %s staat er twee keer in", m.line, m.Code)
		}
		seen[m.Code] = true
		years := map[int]bool{}
		for _, yd := range m.Years {
			yf := fmt.Sprintf("%s.years[%d]", field, yd.Year)
			if !inPeriod(yd.Year) {
				return nil, outside(yf+".year", yd.line, yd.Year)
			}
			if years[yd.Year] {
				return nil, werkpad.FieldError(yf, "regel %d: jaar %d staat er twee keer in voor %s", yd.line, yd.Year, m.Code)
			}
			years[yd.Year] = true
			my, err := yd.municipalityYear(a, yf, m.Code, m.Name)
			if err != nil {
				return nil, err
			}
			a.Years = append(a.Years, my)
		}
	}
	return a, nil
}

func (yd *yearDTO) municipalityYear(a *werkpad.Agreement, field, code, name string) (werkpad.MunicipalityYear, error) {
	my := werkpad.MunicipalityYear{
		Municipality: code, Name: name, Year: yd.Year,
		BudgetArticle: yd.BudgetArticle, OldObligationsArticle: yd.OldObligationsArticle,
	}
	var err error
	if my.Budget, err = amount(field+".budget", yd.line, yd.Budget); err != nil {
		return my, err
	}
	if yd.OldObligations != "" {
		if my.OldObligations, err = amount(field+".old_obligations", yd.line, yd.OldObligations); err != nil {
			return my, err
		}
	}
	for i, ld := range yd.Lines {
		lf := fmt.Sprintf("%s.lines[%d]", field, i)
		if _, ok := a.CardItem(ld.Item); !ok {
			return my, werkpad.FieldError(lf+".item", "regel %d: onbekend keuzekaart-item %q", ld.line, ld.Item)
		}
		if strings.TrimSpace(ld.Quantity) == "" {
			return my, werkpad.FieldError(lf+".quantity", "regel %d: aantal ontbreekt", ld.line)
		}
		q, err := werkpad.ParseMilli(ld.Quantity)
		if err != nil {
			return my, werkpad.FieldError(lf+".quantity", "regel %d: %s", ld.line, werkpad.ErrorMessage(err))
		}
		if q <= 0 {
			return my, werkpad.FieldError(lf+".quantity", "regel %d: aantal %s moet groter dan 0 zijn", ld.line, q)
		}
		l := werkpad.Line{Item: ld.Item, Quantity: q, Description: ld.Description, Article: ld.Article, Page: ld.Page}
		if ld.Agreed != "" {
			if l.Agreed, err = amount(lf+".agreed", ld.line, ld.Agreed); err != nil {
				return my, err
			}
			l.HasAgreed = true
		}
		my.Lines = append(my.Lines, l)
	}
	for i, xd := range yd.Extras {
		xf := fmt.Sprintf("%s.extras[%d]", field, i)
		if strings.TrimSpace(xd.Description) == "" {
			return my, werkpad.FieldError(xf+".description", "regel %d: omschrijving ontbreekt", xd.line)
		}
		x := werkpad.ExtraAgreement{Description: xd.Description, InLocalBudget: xd.InLocalBudget, Article: xd.Article, Page: xd.Page}
		if xd.Amount != "" {
			if x.Amount, err = amount(xf+".amount", xd.line, xd.Amount); err != nil {
				return my, err
			}
			x.HasAmount = true
		}
		my.Extras = append(my.Extras, x)
	}
	return my, nil
}

// amount parses a required, non-negative euro amount.
func amount(field string, line int, s string) (werkpad.Cents, error) {
	if strings.TrimSpace(s) == "" {
		return 0, werkpad.FieldError(field, "regel %d: bedrag ontbreekt", line)
	}
	c, err := werkpad.ParseEuro(s)
	if err != nil {
		return 0, werkpad.FieldError(field, "regel %d: %s", line, werkpad.ErrorMessage(err))
	}
	if c < 0 {
		return 0, werkpad.FieldError(field, "regel %d: bedrag %s mag niet negatief zijn", line, werkpad.FormatEuro(c))
	}
	return c, nil
}
