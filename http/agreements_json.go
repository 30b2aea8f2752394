package http

import (
	"strconv"
	"strings"

	"werkpad"
)

// The JSON shapes of the DVO in the API, and their conversion from the
// domain types and the page views (so that pages and API say the same).

type versionJSON struct {
	Versie    string `json:"versie"`
	Naam      string `json:"naam"`
	Van       string `json:"van"`
	Tot       string `json:"tot"`
	GeladenOp string `json:"geladenOp"`
}

type partYearJSON struct {
	Jaar        int    `json:"jaar"`
	Toelichting string `json:"toelichting"`
	Artikel     string `json:"artikel"`
}

type cardItemJSON struct {
	Code              string `json:"code"`
	Naam              string `json:"naam"`
	Eenheid           string `json:"eenheid"`
	EenheidsprijsCent int64  `json:"eenheidsprijsCent"`
	Prijsregel        string `json:"prijsregel"`
	Jaren             []int  `json:"jaren"`
	Artikel           string `json:"artikel"`
}

type agreementJSON struct {
	versionJSON
	Deeljaren     []partYearJSON `json:"deeljaren"`
	Keuzekaart    []cardItemJSON `json:"keuzekaart"`
	GemeenteJaren []yearJSON     `json:"gemeenteJaren"`
}

type lineJSON struct {
	Regel             int    `json:"regel"`
	Item              string `json:"item"`
	AantalDuizendsten int64  `json:"aantalDuizendsten"`
	Eenheid           string `json:"eenheid,omitempty"`
	KaartprijsCent    int64  `json:"kaartprijsCent"`
	BedragCent        *int64 `json:"bedragCent"` // null: no amount agreed
	VerschilCent      *int64 `json:"verschilCent"`
	Omschrijving      string `json:"omschrijving"`
	Artikel           string `json:"artikel"`
	Pagina            int    `json:"pagina,omitempty"`
}

type extraJSON struct {
	Omschrijving    string `json:"omschrijving"`
	BedragCent      *int64 `json:"bedragCent"`
	UitLokaleRuimte bool   `json:"uitLokaleRuimte"`
	Artikel         string `json:"artikel"`
	Pagina          int    `json:"pagina,omitempty"`
}

type totalJSON struct {
	LokaleRuimteCent       int64 `json:"lokaleRuimteCent"`
	KaartprijsCent         int64 `json:"kaartprijsCent"`
	AfgesprokenCent        int64 `json:"afgesprokenCent"`
	BuitenKeuzekaartCent   int64 `json:"buitenKeuzekaartCent"`
	ResterendCent          int64 `json:"resterendCent"`
	OudeVerplichtingenCent int64 `json:"oudeVerplichtingenCent"`
}

type findingJSON struct {
	Gemeente              string `json:"gemeente"`
	Jaar                  int    `json:"jaar"`
	Soort                 string `json:"soort"`
	OpTeLossen            bool   `json:"opTeLossen"`
	Item                  string `json:"item,omitempty"`
	Artikel               string `json:"artikel,omitempty"`
	Regel                 int    `json:"regel,omitempty"` // line number (from 1) the finding is about, if any
	BedragCent            int64  `json:"bedragCent"`
	KaartbedragCent       int64  `json:"kaartbedragCent"`
	AfgesprokenBedragCent int64  `json:"afgesprokenBedragCent"`
	Toelichting           string `json:"toelichting"`
}

type yearJSON struct {
	Gemeente            string        `json:"gemeente"`
	Naam                string        `json:"naam"`
	Jaar                int           `json:"jaar"`
	Deeljaar            string        `json:"deeljaar,omitempty"`
	LokaleRuimteArtikel string        `json:"lokaleRuimteArtikel,omitempty"`
	OudeVerplArtikel    string        `json:"oudeVerplichtingenArtikel,omitempty"`
	Regels              []lineJSON    `json:"regels"`
	Extra               []extraJSON   `json:"afsprakenBuitenKeuzekaart"`
	Totalen             totalJSON     `json:"totalen"`
	Bevindingen         []findingJSON `json:"bevindingen"`
}

func ptr(c werkpad.Cents) *int64 { v := int64(c); return &v }

func versionOf(v *werkpad.AgreementVersion) versionJSON {
	return versionJSON{Versie: v.Version, Naam: v.Name, Van: v.From, Tot: v.To, GeladenOp: v.LoadedAt.UTC().Format("2006-01-02T15:04:05Z")}
}

func findingsJSON(v yearView) []findingJSON {
	out := []findingJSON{}
	for _, f := range v.Findings {
		fj := findingJSON{Gemeente: f.Municipality, Jaar: f.Year, Soort: string(f.Kind), OpTeLossen: f.Error, Item: f.Item,
			Artikel: f.Article, BedragCent: int64(f.AmountCents), KaartbedragCent: int64(f.CardAmountCents),
			AfgesprokenBedragCent: int64(f.AgreedAmountCents), Toelichting: f.Message}
		if n, ok := strings.CutPrefix(f.Anchor, "regel-"); ok {
			fj.Regel, _ = strconv.Atoi(n)
		}
		out = append(out, fj)
	}
	return out
}

func yearJSONOf(v yearView) yearJSON {
	y := yearJSON{Gemeente: v.Year.Municipality, Naam: v.Year.Name, Jaar: v.Year.Year, Deeljaar: v.PartYear,
		LokaleRuimteArtikel: v.Year.BudgetArticle, OudeVerplArtikel: v.Year.OldObligationsArticle,
		Regels: []lineJSON{}, Extra: []extraJSON{}, Bevindingen: findingsJSON(v),
		Totalen: totalJSON{
			LokaleRuimteCent: int64(v.Total.BudgetCents), KaartprijsCent: int64(v.Total.CardCents), AfgesprokenCent: int64(v.Total.AgreedCents),
			BuitenKeuzekaartCent: int64(v.Total.ExtraCents), ResterendCent: int64(v.Total.RemainingCents()),
			OudeVerplichtingenCent: int64(v.Year.OldObligations),
		}}
	for _, l := range v.Lines {
		lj := lineJSON{Regel: l.N, Item: l.Line.Item, AantalDuizendsten: int64(l.Line.Quantity), Eenheid: l.Unit,
			KaartprijsCent: int64(l.Card), Omschrijving: l.Line.Description, Artikel: l.Line.Article, Pagina: l.Line.Page}
		if l.Line.HasAgreed {
			lj.BedragCent, lj.VerschilCent = ptr(l.Line.Agreed), ptr(l.Diff)
		}
		y.Regels = append(y.Regels, lj)
	}
	for _, x := range v.Extras {
		xj := extraJSON{Omschrijving: x.Extra.Description, UitLokaleRuimte: x.Extra.InLocalBudget, Artikel: x.Extra.Article, Pagina: x.Extra.Page}
		if x.Extra.HasAmount {
			xj.BedragCent = ptr(x.Extra.Amount)
		}
		y.Extra = append(y.Extra, xj)
	}
	return y
}
