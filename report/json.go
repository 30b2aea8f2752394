package report

import (
	"encoding/json"
	"io"

	"werkpad"
)

// The JSON shape (numbers in the indicator's natural unit: counts as they
// are, hours per week and percentages with two decimals; a hidden cell of a
// public export is the string "<5" or "x"):
//
//	{"period":{"from":"2024-01-01","to":"2024-06-30"},
//	 "previous_period":{"from":"2023-01-01","to":"2023-06-30"},
//	 "public":false,
//	 "municipalities":[{"code":"GM1945","name":"Berg en Dal",
//	   "indicators":{"placements_upto28":36,…},"previous":{…},"difference":{…}}],
//	 "region":{"sum":{…},"previous_sum":{…},"published":{…},
//	   "difference":{…},"published_sources":{…}}}
//
// "difference" of a municipality is value − previous year; "difference" of
// the region is published − sum, only for indicators with a published
// figure. "region" is absent when the regional part is not shown.

type jsonPeriod struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type jsonMunicipality struct {
	Code       string         `json:"code"`
	Name       string         `json:"name"`
	Indicators map[string]any `json:"indicators"`
	Previous   map[string]any `json:"previous,omitempty"`
	Difference map[string]any `json:"difference,omitempty"`
}

type jsonRegion struct {
	Sum              map[string]any    `json:"sum"`
	PreviousSum      map[string]any    `json:"previous_sum,omitempty"`
	Published        map[string]any    `json:"published"`
	Difference       map[string]any    `json:"difference"`
	PublishedSources map[string]string `json:"published_sources"`
}

type jsonReport struct {
	Period         jsonPeriod         `json:"period"`
	PreviousPeriod *jsonPeriod        `json:"previous_period,omitempty"`
	Public         bool               `json:"public"`
	Threshold      int                `json:"threshold,omitempty"`
	Municipalities []jsonMunicipality `json:"municipalities"`
	Region         *jsonRegion        `json:"region,omitempty"`
	SW             *jsonChapter       `json:"sw,omitempty"`
	LKS            *jsonChapter       `json:"lks,omitempty"`
	Finance        *jsonChapter       `json:"finance,omitempty"`
}

// jsonChapter is a chapter as tables: "sw", "lks" and "finance" hold
//
//	{"period":{…},"year":2024,"tables":[{"key":"sw_personeel","title":…,
//	  "unit":…,"notes":[…],"columns":[{"key":…,"label":…}],
//	  "rows":[{"key":"GM1945","code":"GM1945","label":"Berg en Dal",
//	    "values":{"aantal_einddatum":87,…}}],
//	  "sign_convention":"prognose_min_begroting","findings":[…]}]}
//
// A value is a number, "<5" or "x" (public export), or null (not printed).
// "code" is the municipality, "REGIO" for the region, absent for a finance
// row about no municipality. Findings (finance only) are in the unit of
// the cell: the table's unit, or tenths for a column with one decimal.
type jsonChapter struct {
	// Unavailable says why the chapter could not be computed; it then has
	// no tables.
	Unavailable string       `json:"unavailable,omitempty"`
	Period      *jsonPeriod  `json:"period,omitempty"`
	Year        int          `json:"year,omitempty"`
	Tables      []jsonCTable `json:"tables"`
}

type jsonCTable struct {
	Key            string         `json:"key"`
	Title          string         `json:"title"`
	Unit           string         `json:"unit"`
	Notes          []string       `json:"notes,omitempty"`
	SignConvention string         `json:"sign_convention,omitempty"`
	Columns        []chColumnJSON `json:"columns"`
	Rows           []jsonCRow     `json:"rows"`
	Findings       []jsonFinding  `json:"findings,omitempty"`
}

type chColumnJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

type jsonCRow struct {
	Key    string         `json:"key"`
	Code   string         `json:"code,omitempty"`
	Label  string         `json:"label"`
	Values map[string]any `json:"values"`
}

type jsonFinding struct {
	Row        string `json:"row"`
	Column     string `json:"column"`
	Check      string `json:"check"`
	Kind       string `json:"kind"`
	Published  int64  `json:"published"`
	Computed   int64  `json:"computed"`
	Difference int64  `json:"difference"`
	Tolerance  int64  `json:"tolerance"`
}

func chapterJSON(tables []chTable) []jsonCTable {
	out := []jsonCTable{}
	for _, t := range tables {
		jt := jsonCTable{Key: t.Key, Title: t.Title, Unit: t.Unit, Notes: t.Notes, Columns: []chColumnJSON{}, Rows: []jsonCRow{}}
		for _, c := range t.Columns {
			jt.Columns = append(jt.Columns, chColumnJSON(c))
		}
		for _, row := range t.Rows {
			jr := jsonCRow{Key: row.Key, Code: row.Code, Label: row.Label, Values: map[string]any{}}
			for i, c := range t.Columns {
				jr.Values[c.Key] = row.Cells[i].Value()
			}
			jt.Rows = append(jt.Rows, jr)
		}
		for _, f := range t.Findings {
			jt.Findings = append(jt.Findings, jsonFinding{f.Row, f.Column, string(f.Check), string(f.Kind), f.Published, f.Computed, f.Difference, f.Tolerance})
		}
		out = append(out, jt)
	}
	return out
}

func period(p werkpad.Period) jsonPeriod { return jsonPeriod{p.From.String(), p.To.String()} }

// jsonValue is the number, or the printed mark of a hidden cell.
func (r *Report) jsonValue(k werkpad.IndicatorKey, c Cell) any {
	if c.Hidden() {
		return r.Text(k, c, false)
	}
	return Number(k, c.Raw)
}

// WriteJSON writes r in the shape above.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Period: period(r.Period), Public: r.Public, Municipalities: []jsonMunicipality{}}
	if r.Public {
		out.Threshold = r.Threshold
	}
	if r.HasPrevious {
		p := period(r.PreviousPeriod)
		out.PreviousPeriod = &p
	}
	for _, m := range r.Municipalities {
		jm := jsonMunicipality{Code: m.Code, Name: m.Name, Indicators: map[string]any{}}
		if r.HasPrevious {
			jm.Previous, jm.Difference = map[string]any{}, map[string]any{}
		}
		for _, k := range r.Keys {
			jm.Indicators[string(k)] = r.jsonValue(k, m.Values[k])
			if r.HasPrevious {
				jm.Previous[string(k)] = r.jsonValue(k, m.Previous[k])
				if d, ok := Difference(k, m.Values[k], m.Previous[k]); ok {
					jm.Difference[string(k)] = d
				}
			}
		}
		out.Municipalities = append(out.Municipalities, jm)
	}
	if g := r.Region; g != nil {
		jr := &jsonRegion{Sum: map[string]any{}, Published: map[string]any{}, Difference: map[string]any{}, PublishedSources: map[string]string{}}
		if r.HasPrevious {
			jr.PreviousSum = map[string]any{}
		}
		for _, k := range r.Keys {
			jr.Sum[string(k)] = r.jsonValue(k, g.Sum[k])
			if r.HasPrevious {
				jr.PreviousSum[string(k)] = r.jsonValue(k, g.PreviousSum[k])
			}
			if f, ok := g.Published[k]; ok {
				jr.Published[string(k)] = f.Value
				jr.PublishedSources[string(k)] = f.Source
				if d, ok := g.PublishedDifference(k); ok {
					jr.Difference[string(k)] = d
				}
			}
		}
		out.Region = jr
	}
	if r.SW != nil {
		p := period(r.SW.Period)
		out.SW = &jsonChapter{Period: &p, Tables: chapterJSON(r.swTables())}
	} else if r.SWUnavailable != "" {
		out.SW = &jsonChapter{Unavailable: r.SWUnavailable, Tables: []jsonCTable{}}
	}
	if r.LKS != nil {
		p := period(r.LKS.Period)
		out.LKS = &jsonChapter{Period: &p, Tables: chapterJSON(r.lksTables())}
	} else if r.LKSUnavailable != "" {
		out.LKS = &jsonChapter{Unavailable: r.LKSUnavailable, Tables: []jsonCTable{}}
	}
	if r.FinanceYear != 0 {
		out.Finance = &jsonChapter{Year: r.FinanceYear, Tables: chapterJSON(r.financeTables())}
		for i, ft := range r.Finance {
			out.Finance.Tables[i].SignConvention = string(ft.Table.SignConvention)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
