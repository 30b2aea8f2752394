package report

import (
	"fmt"
	"strconv"
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
	// ChapterLocalChoices is the progress on the local choices (art. 14.2).
	ChapterLocalChoices = "lokale_keuzes"
	// ChapterSatisfaction is candidate satisfaction (art. 14.1).
	ChapterSatisfaction = "tevredenheid"
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
	if len(r.LocalChoices) > 0 {
		out = append(out, cycleChapter{Key: ChapterLocalChoices, Title: fmt.Sprintf("Lokale keuzes %d", r.LocalChoicesYear), Sheet: "Lokale keuzes",
			Intro: "De voortgang op de lokale keuzes van de gemeenten (art. 5 t/m 11 DVO), zoals art. 14.2 vraagt: per kaartregel wat is afgesproken, " +
				"wat per halfjaar is gerealiseerd en hoeveel kandidaten volgens de registratie in het bijbehorende instrument zaten.",
			Tables: r.localChoiceTables()})
	}
	if r.Complaints != nil {
		out = append(out, cycleChapter{Key: ChapterComplaints, Title: "Klachten " + r.ComplaintsPeriod.String(), Sheet: "Klachten",
			Intro: "Klachten over gedragingen van het WerkBedrijf, dat ze zelf behandelt (art. 12.1 DVO) volgens hoofdstuk 9 van de Awb: " +
				"afhandelen binnen zes weken na ontvangst, eenmaal te verdagen met ten hoogste vier weken (art. 9:11). " +
				"Per gemeente van de kandidaat op de dag van ontvangst.",
			Tables: r.complaintTables()})
	}
	if r.Satisfaction != nil {
		out = append(out, cycleChapter{Key: ChapterSatisfaction, Title: "Kandidaattevredenheid " + r.Satisfaction.Period.String(), Sheet: "Tevredenheid",
			Intro: "Na uitstroom of plaatsing krijgt de kandidaat van zijn consulent een link naar een korte enquête (art. 14.1 DVO): " +
				"eenmalig te gebruiken, " + strconv.Itoa(werkpad.SurveyValidDays) + " dagen geldig, zonder account. " +
				"De antwoorden worden bewaard zonder verband met de persoon; ze tellen bij de gemeente en de dienstverlening van de kandidaat op de dag van de uitnodiging.",
			Tables: r.satisfactionTables()})
	}
	return out
}

// satisfactionTables is the satisfaction chapter: per municipality (and the
// region when shown) and per service line the invitations, the answers, the
// response rate and the average score per scale question.
func (r *Report) satisfactionTables() []chTable {
	ch := r.Satisfaction
	cols := []chColumn{{"uitgenodigd", "Uitgenodigd"}, {"ingevuld", "Ingevuld"}, {"respons", "Respons (%)"}}
	for _, q := range ch.Questions {
		cols = append(cols, chColumn{"score_" + q.Code, "Gemiddeld " + q.Short()})
	}
	notes := []string{"Uitgenodigd: links gemaakt in de periode; ingevuld: daarvan ingevuld uiterlijk op de laatste dag van de periode, " +
		"zodat een later antwoord de cijfers van een afgesloten periode niet verandert. Scores: het gemiddelde van de ingevulde enquêtes; – : geen antwoorden."}
	for _, q := range ch.Questions {
		notes = append(notes, fmt.Sprintf("%s: “%s” (%d = %s, %d = %s).", q.Short(), q.Text, q.Min, q.LabelMin, q.Max, q.LabelMax))
	}
	if r.Public {
		notes = append(notes, fmt.Sprintf("Minder dan %d ingevulde enquêtes: het aantal is verborgen en de respons en de scores ook (x).", r.Threshold))
	}
	row := func(key, code, label string, total bool, f werkpad.SatisfactionFigures) chRow {
		hidden := r.small(int64(f.Answered)) || r.small(int64(f.Invited))
		cells := []chCell{r.publicCount(int64(f.Invited)), r.publicCount(int64(f.Answered))}
		rate := chCell{Empty: true}
		if v, ok := f.ResponseRate(); ok {
			rate = scaled(v, 100, 2, 1)
		}
		if hidden {
			rate = hide(rate)
		}
		cells = append(cells, rate)
		for _, q := range ch.Questions {
			c := chCell{Empty: true}
			if m, ok := f.Scores[q.Code].Mean(); ok {
				c = scaled(m, 100, 2, 1)
			}
			if hidden {
				c = hide(c)
			}
			cells = append(cells, c)
		}
		return chRow{Key: key, Code: code, Label: label, Total: total, Cells: cells}
	}
	muni := chTable{Chapter: ChapterSatisfaction, Key: "tevredenheid_gemeenten", Title: "Kandidaattevredenheid per gemeente " + ch.Period.String(),
		Unit: "aantal; respons in %; gemiddelde score", Notes: notes, Columns: cols}
	for _, f := range ch.Municipalities {
		if f.Code == "" {
			if r.Region == nil {
				continue
			}
			muni.Rows = append(muni.Rows, row(RegionCode, RegionCode, "Regio (som van de gemeenten)", true, f))
			continue
		}
		muni.Rows = append(muni.Rows, row(f.Code, f.Code, f.Name, false, f))
	}
	lines := chTable{Chapter: ChapterSatisfaction, Key: "tevredenheid_dienstverlening", Title: "Kandidaattevredenheid per dienstverlening " + ch.Period.String(),
		Unit: "aantal; respons in %; gemiddelde score", Columns: cols,
		Notes: []string{"Over de gemeenten in deze rapportage samen, naar de dienstverlening van de kandidaat op de dag van de uitnodiging."}}
	for _, f := range ch.ServiceLines {
		lines.Rows = append(lines.Rows, row(f.Code, "", f.Name, false, f))
	}
	return []chTable{muni, lines}
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
	r.LocalChoices, r.LocalChoicesYear = req.LocalChoices, req.LocalChoicesYear
	r.Satisfaction = req.Satisfaction
}

// localChoiceTables is the progress on the local choices (art. 14.2): per
// municipality one table with per card item the quantity agreed for the
// year, the quantity realised per half year as recorded, and the candidates
// in the item's instrument per half year from casework.
func (r *Report) localChoiceTables() []chTable {
	var out []chTable
	for _, lc := range r.LocalChoices {
		t := chTable{Chapter: ChapterLocalChoices, Key: "lokale_keuzes_" + lc.Municipality, Title: fmt.Sprintf("%s: lokale keuzes %d", lc.Name, lc.Year),
			Unit: "in de eenheid van de kaartregel",
			Notes: []string{fmt.Sprintf("Afgesproken: de regels van DVO %s die op het eind van %d gelden. Gerealiseerd: zoals per halfjaar vastgelegd (leeg: nog niet vastgelegd). "+
				"Kandidaten: uit de registratie, het aantal verschillende kandidaten van de gemeente met een traject in het instrument van de kaartregel in dat halfjaar.", lc.Version, lc.Year)},
			Columns: []chColumn{{"afgesproken", "Afgesproken " + strconv.Itoa(lc.Year)}, {"gerealiseerd_h1", "Gerealiseerd jan–jun"},
				{"gerealiseerd_h2", "Gerealiseerd jul–dec"}, {"gerealiseerd", "Gerealiseerd totaal"},
				{"kandidaten_h1", "Kandidaten in traject jan–jun"}, {"kandidaten_h2", "Kandidaten in traject jul–dec"}}}
		for _, l := range lc.Lines {
			if l.Regional {
				t.Notes = append(t.Notes, fmt.Sprintf("%s: vanaf %d regionale dienstverlening, geen lokale keuze; art. 14.2 DVO: de rapportage blijft per gemeente. "+
					"Afgesproken: niets per gemeente (–); kandidaten uit de trajecten.", l.Name, lc.Year))
			}
			half := func(h werkpad.RealisedHalf) chCell {
				if !h.Recorded {
					return chCell{Empty: true}
				}
				return scaled(int64(h.Quantity), 1000, 3, 1)
			}
			cand := func(h werkpad.RealisedHalf) chCell {
				if l.Instrument == "" {
					return chCell{Empty: true}
				}
				return r.publicCount(int64(h.Candidates))
			}
			total := chCell{Empty: true} // nothing recorded yet
			if l.Halves[0].Recorded || l.Halves[1].Recorded {
				total = scaled(int64(l.Realised()), 1000, 3, 1)
			}
			label := l.Name
			if l.Unit != "" {
				label += " (" + l.Unit + ")"
			}
			agreed := scaled(int64(l.Agreed), 1000, 3, 1)
			if l.Regional {
				label += ", regionaal"
				agreed = chCell{Empty: true}
			}
			t.Rows = append(t.Rows, chRow{Key: l.Item, Code: lc.Municipality, Label: label, Cells: []chCell{
				agreed, half(l.Halves[0]), half(l.Halves[1]), total,
				cand(l.Halves[0]), cand(l.Halves[1])}})
		}
		out = append(out, t)
	}
	return out
}
