// Package published holds the figures of the Tussenrapportage 2024 of the
// WerkBedrijf (MGR Rijk van Nijmegen), transcribed exactly as published.
//
// The data are the reference against which werkpad's own indicator
// computation is reconciled (see docs/DESIGN.md, section "Indicators"). Nothing in
// the files is corrected: where a regional total differs from the sum of the
// municipalities both are kept (see README.md).
package published

import (
	"bytes"
	_ "embed"
	"fmt"

	yaml "go.yaml.in/yaml/v3"
)

// File is tussenrapportage-2024.yaml: the indicator figures.
//
//go:embed tussenrapportage-2024.yaml
var File []byte

// FinanceFile is finance-2024.yaml: the finance tables.
//
//go:embed finance-2024.yaml
var FinanceFile []byte

// Figure is one published number.
type Figure struct {
	Value       float64 `yaml:"value"`   // numeric reading of Printed (percent points for unit "percent")
	Printed     string  `yaml:"printed"` // the token exactly as printed
	Unit        string  `yaml:"unit"`    // count, percent, hours_per_week, eur_million
	Source      string  `yaml:"source"`  // line range in the .txt and section heading
	Quote       string  `yaml:"quote,omitempty"`
	Note        string  `yaml:"note,omitempty"`
	AlsoPrinted string  `yaml:"also_printed,omitempty"`
}

// Cell is one percentage in the SW "werken op locatie" table.
type Cell struct {
	Value   float64 `yaml:"value"`
	Printed string  `yaml:"printed"`
}

// SWRow is one werkvorm row of the SW "werken op locatie" table.
type SWRow struct {
	Label  string `yaml:"label"`
	Source string `yaml:"source"`
	Q1     *Cell  `yaml:"Q1"`
	Q2     *Cell  `yaml:"Q2"`
	Q3     *Cell  `yaml:"Q3"`
	Q4     *Cell  `yaml:"Q4"`
	Gem    *Cell  `yaml:"gem"`
}

// SWWerkenOpLocatie is the quarterly SW table of one municipality page.
type SWWerkenOpLocatie struct {
	Year           int              `yaml:"year"`
	Unit           string           `yaml:"unit"`
	HeadingPrinted string           `yaml:"heading_printed"`
	Source         string           `yaml:"source"`
	Rows           map[string]SWRow `yaml:"rows"`
	Infographic    map[string]any   `yaml:"infographic_sociale_werkvoorziening"`
}

// DVOChoice is one local choice ("Keuzes") of a municipality under the DVO.
type DVOChoice struct {
	Choice   string `yaml:"choice"`
	Source   string `yaml:"source"`
	Quantity int    `yaml:"quantity,omitempty"`
	Unit     string `yaml:"unit,omitempty"`
	Printed  string `yaml:"printed,omitempty"`
	Note     string `yaml:"note,omitempty"`
}

// Municipality is one municipality page for one period.
type Municipality struct {
	Name               string             `yaml:"name"`
	Section            string             `yaml:"section"`
	Note               string             `yaml:"note,omitempty"`
	Indicators         map[string]Figure  `yaml:"indicators"`
	NUGParagraphSource string             `yaml:"nug_paragraph_source,omitempty"`
	NUGNote            string             `yaml:"nug_note,omitempty"`
	DVOLocalChoices    []DVOChoice        `yaml:"dvo_local_choices,omitempty"`
	DVONote            string             `yaml:"dvo_note,omitempty"`
	SWWerkenOpLocatie  *SWWerkenOpLocatie `yaml:"sw_werken_op_locatie,omitempty"`
}

// Region holds the regional figures of one period.
type Region struct {
	Indicators map[string]Figure `yaml:"indicators"`
}

// Period is a reporting period [From, To] (ISO dates).
type Period struct {
	From           string                  `yaml:"from"`
	To             string                  `yaml:"to"`
	Label          string                  `yaml:"label"`
	Region         Region                  `yaml:"region"`
	Municipalities map[string]Municipality `yaml:"municipalities"`
}

// Report is the whole of tussenrapportage-2024.yaml.
type Report struct {
	Source             string            `yaml:"source"`
	SourceFile         string            `yaml:"source_file"`
	TranscriptionRules []string          `yaml:"transcription_rules"`
	Labels             map[string]string `yaml:"labels"`
	SWRows             map[string]string `yaml:"sw_werken_op_locatie_rows"`
	MunicipalityCodes  map[string]string `yaml:"municipality_codes"`
	Periods            []Period          `yaml:"periods"`
	Targets            []map[string]any  `yaml:"targets"`
	OtherDates         []map[string]any  `yaml:"other_dates"`
}

// Load parses File. Unknown fields are an error, so the file and the types
// cannot drift apart silently.
func Load() (*Report, error) {
	var r Report
	dec := yaml.NewDecoder(bytes.NewReader(File))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("published: parse tussenrapportage-2024.yaml: %w", err)
	}
	return &r, nil
}

// FinanceRow is one row of a finance table; Values is nil when the number of
// printed figures does not match the columns (see Note).
type FinanceRow struct {
	LabelPrinted *string   `yaml:"label_printed"`
	Label        string    `yaml:"label,omitempty"`
	Programme    string    `yaml:"programme,omitempty"`
	Source       string    `yaml:"source"`
	Values       []float64 `yaml:"values"`
	Printed      []string  `yaml:"printed"`
	Note         string    `yaml:"note,omitempty"`
}

// FinanceTable is one table of finance-2024.yaml. Unit is "× € 1.000" unless stated.
type FinanceTable struct {
	ID                  string         `yaml:"id"`
	Title               string         `yaml:"title"`
	Section             string         `yaml:"section"`
	Source              string         `yaml:"source"`
	Unit                string         `yaml:"unit"`
	Columns             []string       `yaml:"columns"`
	ColumnLabels        []string       `yaml:"column_labels,omitempty"`
	ColumnGroups        []string       `yaml:"column_groups,omitempty"`
	ColumnLabelsNote    string         `yaml:"column_labels_note,omitempty"`
	Note                string         `yaml:"note,omitempty"`
	Baten               []FinanceRow   `yaml:"baten,omitempty"`
	Lasten              []FinanceRow   `yaml:"lasten,omitempty"`
	OtherRows           []FinanceRow   `yaml:"other_rows,omitempty"`
	Rows                []FinanceRow   `yaml:"rows,omitempty"`
	KostprijsPerSE      map[string]any `yaml:"kostprijs_per_se,omitempty"`
	TotalRowInterpreted map[string]int `yaml:"total_row_interpreted,omitempty"`
}

// Finance is the whole of finance-2024.yaml.
type Finance struct {
	Source             string         `yaml:"source"`
	SourceFile         string         `yaml:"source_file"`
	Unit               string         `yaml:"unit"`
	TranscriptionRules []string       `yaml:"transcription_rules"`
	NotTranscribed     []string       `yaml:"not_transcribed"`
	Tables             []FinanceTable `yaml:"tables"`
	Observations       []string       `yaml:"observations_not_corrected"`
}

// LoadFinance parses FinanceFile.
func LoadFinance() (*Finance, error) {
	var f Finance
	dec := yaml.NewDecoder(bytes.NewReader(FinanceFile))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("published: parse finance-2024.yaml: %w", err)
	}
	return &f, nil
}
