package report

import (
	"fmt"
	"strings"

	"werkpad"
)

// The chapters of the accountability cycle beside the half-year chapters
// (issue 20): norms and prognosis (art. 13), and, in an annual report,
// complaints (art. 12.1), candidate satisfaction (art. 14.1) and the local
// choices (art. 14.2). Each is a list of chTables, so every format writes
// them the way it writes the SW, LKS and finance chapters.

// Chapter keys of the cycle chapters.
const (
	ChapterNorms      = "normen"
	ChapterComplaints = "klachten"
)

// cycleChapter is one chapter of the cycle, with the sheet name of the XLSX.
type cycleChapter struct {
	Key, Title, Sheet, Intro string
	Tables                   []chTable
}

// cycleChapters are the cycle chapters present in r, in report order.
func (r *Report) cycleChapters() []cycleChapter {
	var out []cycleChapter
	if r.NormsYear != 0 {
		out = append(out, cycleChapter{Key: ChapterNorms, Title: fmt.Sprintf("Normen en prognose %d", r.NormsYear), Sheet: "Normen",
			Intro: "Per indicator de realisatie naast de norm uit de begroting van de MGR (art. 13 DVO) en een prognose voor het einde van het jaar. " +
				werkpad.PrognosisMethodText,
			Tables: r.normTables()})
	}
	if r.Complaints != nil {
		out = append(out, cycleChapter{Key: ChapterComplaints, Title: "Klachten " + r.ComplaintsPeriod.String(), Sheet: "Klachten",
			Intro: "Klachten over gedragingen van het WerkBedrijf, dat ze zelf behandelt (art. 12.1 DVO) volgens hoofdstuk 9 van de Awb: " +
				"afhandelen binnen zes weken na ontvangst, eenmaal te verdagen met ten hoogste vier weken (art. 9:11). " +
				"Per gemeente van de kandidaat op de dag van ontvangst.",
			Tables: r.complaintTables()})
	}
	return out
}

// complaintTables is the complaints chapter: per municipality received and
// decided in the period, decided within the term, per outcome, and open at
// the period's end.
func (r *Report) complaintTables() []chTable {
	t := chTable{Chapter: ChapterComplaints, Key: "klachten", Title: "Klachten " + r.ComplaintsPeriod.String(), Unit: "aantal",
		Notes:   []string{"Ontvangen en afgehandeld tellen op hun eigen datum in de periode; open = ontvangen en op de laatste dag van de periode nog niet afgehandeld."},
		Columns: []chColumn{{"ontvangen", "Ontvangen"}, {"afgehandeld", "Afgehandeld"}, {"binnen_termijn", "Waarvan binnen de termijn"}}}
	for _, o := range werkpad.ComplaintOutcomes {
		t.Columns = append(t.Columns, chColumn{string(o), o.Label()})
	}
	t.Columns = append(t.Columns, chColumn{"open", "Open aan het eind"})
	for _, f := range r.Complaints {
		code, label := f.Code, f.Name
		if code == "" {
			if r.Region == nil {
				continue
			}
			code, label = RegionCode, "Regio (som van de gemeenten)"
		}
		cells := []chCell{r.publicCount(int64(f.Received)), r.publicCount(int64(f.Decided)), r.publicCount(int64(f.DecidedInTime))}
		for _, o := range werkpad.ComplaintOutcomes {
			cells = append(cells, r.publicCount(int64(f.ByOutcome[o])))
		}
		cells = append(cells, r.publicCount(int64(f.OpenAtEnd)))
		t.Rows = append(t.Rows, chRow{Key: code, Code: code, Label: label, Total: code == RegionCode, Cells: cells})
	}
	return []chTable{t}
}

func (r *Report) cycleTables() []chTable {
	var out []chTable
	for _, c := range r.cycleChapters() {
		out = append(out, c.Tables...)
	}
	return out
}

// normKeys are the indicators with a norm: every indicator but the sums the
// LKS averages are made from.
func normKeys(keys []werkpad.IndicatorKey) []werkpad.IndicatorKey {
	var out []werkpad.IndicatorKey
	for _, k := range keys {
		if k != werkpad.IndLKSMinutesTotal && k != werkpad.IndLKSWageValueTotal {
			out = append(out, k)
		}
	}
	return out
}

// indicatorCell writes a raw indicator value in its unit.
func indicatorCell(k werkpad.IndicatorKey, v int64) chCell {
	switch k.Unit() {
	case werkpad.UnitHundredths, werkpad.UnitBasisPoint:
		return scaled(v, 100, 2, 2)
	}
	return count(v)
}

// normTables lays out, per municipality (and the region when shown), every
// indicator's realisation, norm and year-end prognosis.
func (r *Report) normTables() []chTable {
	year := r.NormsYear
	var sources []string
	seen := map[string]bool{}
	for _, n := range r.Norms {
		if !seen[n.Source] {
			seen[n.Source] = true
			sources = append(sources, n.Source)
		}
	}
	notes := []string{"–: " + werkpad.NoNormText + ". Normen staan in de begroting van de MGR (art. 13 DVO) en worden in werkpad met hun bron vastgelegd (werkpad norm set); werkpad verzint er geen."}
	if len(r.Norms) == 0 {
		notes = append(notes, fmt.Sprintf("Voor %d is geen enkele norm vastgelegd.", year))
	} else {
		notes = append(notes, "Bron van de normen: "+strings.Join(sources, "; ")+".")
	}
	if _, ok := werkpad.Prognose(werkpad.IndExitsToWork, r.Period, 0); !ok {
		notes = append(notes, "Geen prognose: de periode begint niet op 1 januari of loopt over de jaargrens.")
	}
	if r.Public {
		notes = append(notes, "Een prognose uit een verborgen aantal is ook verborgen (x).")
	}
	type unit struct {
		code, name string
		vals       map[werkpad.IndicatorKey]Cell
	}
	var units []unit
	for _, m := range r.Municipalities {
		units = append(units, unit{m.Code, m.Name, m.Values})
	}
	if r.Region != nil {
		units = append(units, unit{"", "Regio (som van de gemeenten)", r.Region.Sum})
	}
	var out []chTable
	for _, u := range units {
		code := u.code
		if code == "" {
			code = RegionCode
		}
		t := chTable{Chapter: ChapterNorms, Key: "normen_" + code, Title: fmt.Sprintf("%s: realisatie, norm %d en prognose", u.name, year),
			Unit: "in de eenheid van de indicator", Notes: notes,
			Columns: []chColumn{{"realisatie", "Realisatie " + r.Period.String()}, {"norm", fmt.Sprintf("Norm %d", year)}, {"prognose", fmt.Sprintf("Prognose 31-12-%d", year)}}}
		for _, k := range normKeys(r.Keys) {
			c := u.vals[k]
			real := indicatorCell(k, c.Raw)
			progCell := chCell{Empty: true}
			if p, ok := werkpad.Prognose(k, r.Period, c.Raw); ok {
				progCell = indicatorCell(k, p)
			}
			switch c.Mark {
			case Primary:
				real.Mark, progCell = fmt.Sprintf("<%d", r.Threshold), hide(progCell)
			case Secondary:
				real, progCell = hide(real), hide(progCell)
			}
			normCell := chCell{Empty: true}
			if n, ok := werkpad.NormFor(r.Norms, k, u.code); ok {
				normCell = indicatorCell(k, n.Value)
			}
			t.Rows = append(t.Rows, chRow{Key: string(k), Code: code, Label: k.Label(), Cells: []chCell{real, normCell, progCell}})
		}
		out = append(out, t)
	}
	return out
}

// addCycleChapters takes the cycle chapters of req.
func (r *Report) addCycleChapters(req werkpad.ReportRequest) {
	r.Norms, r.NormsYear = req.Norms, req.NormsYear
	r.Complaints, r.ComplaintsPeriod = req.Complaints, req.ComplaintsPeriod
}
