package werkpad

import (
	"context"
	"slices"
	"strings"
)

// The drill-down of a chapter figure (SW, LKS, complaints): like an
// indicator's, every figure of those chapters opens to the records it is
// made of. A figure is named as the report names it: table key, row key
// (the municipality code, or "REGIO"; a row of "werken op locatie" adds
// "."+its location row) and column key. The rows are computed by the same
// rules as the chapter (the functions below are the chapter's definitions
// per record) and the figure is computed back from the rows, so that a
// test can hold every printed figure against its rows.

// Chapter figure tables with a drill-down.
const (
	ChapterTableSWStaff    = "sw_personeel"
	ChapterTableSWLocation = "sw_werkvorm"
	ChapterTableSWSick     = "sw_verzuim"
	ChapterTableLKS        = "lks"
	ChapterTableComplaints = "klachten"
)

// ChapterFigureRow is one record's part of a chapter figure: Value counts
// towards the figure (1 for a count), Denominator towards the whole a
// share or an average is taken of.
type ChapterFigureRow struct {
	Municipality string `json:"gemeente"`
	Record       string `json:"soort"` // "sw-dienstverband", "plaatsing", "klacht"
	RecordID     int64  `json:"recordId"`
	// Reference is the record's own number where it has one: the
	// personnel number of a Wsw employee.
	Reference string `json:"kenmerk,omitempty"`
	// CandidateID and CandidateName are empty when the person lives outside
	// the viewer's scope now (the row still counts) or has no candidate
	// record (most Wsw employees).
	CandidateID   int64  `json:"kandidaatId,omitempty"`
	CandidateName string `json:"kandidaat,omitempty"`
	Date          Date   `json:"datum"`
	Value         int64  `json:"waarde"`
	Denominator   int64  `json:"noemer,omitempty"`
	Rule          string `json:"regel"`
}

// ChapterDrillDown is a chapter figure with its rows.
type ChapterDrillDown struct {
	Period       Period `json:"periode"`
	Table        string `json:"tabel"`
	Row          string `json:"rij"`
	Column       string `json:"kolom"`
	Municipality string `json:"gemeente,omitempty"` // "": the region of the viewer's scope
	Title        string `json:"titel"`
	// Figure is computed from Rows as the chapter computes it, with
	// Decimals decimals; How says how.
	Figure   float64            `json:"cijfer"`
	Decimals int                `json:"decimalen"`
	How      string             `json:"berekening"`
	Rows     []ChapterFigureRow `json:"rijen"`
}

// ChapterFigureService lists the records of a chapter figure in the
// caller's scope; opening one is an audit entry. row is the report's row
// key: a municipality code or "REGIO" (all municipalities in scope).
type ChapterFigureService interface {
	ChapterDrillDown(ctx context.Context, period Period, table, row, column string) (*ChapterDrillDown, error)
}

// ChapterRegionRow is the row key of the region (the report's RegionCode).
const ChapterRegionRow = "REGIO"

// SplitChapterRow splits a row key into its municipality ("" for the
// region) and its location row (sw_werkvorm only).
func SplitChapterRow(table, row string) (code string, location LocationRow, err error) {
	code = row
	if table == ChapterTableSWLocation {
		c, l, ok := strings.Cut(row, ".")
		if !ok {
			return "", "", FieldError("rij", "Een rij van werken op locatie is gemeente.locatie.")
		}
		code, location = c, LocationRow(l)
		if location != "buiten_de_muren" && !slices.Contains(LocationRows, location) {
			return "", "", FieldError("rij", "Onbekende locatie %s.", location)
		}
	}
	if code == ChapterRegionRow {
		code = ""
	} else if !strings.HasPrefix(code, "GM") {
		return "", "", FieldError("rij", "Kies een gemeente of REGIO als rij.")
	}
	return code, location, nil
}

func unknownColumn(col string) error { return FieldError("kolom", "Onbekende kolom %s.", col) }

// swRow is the row of an SW employment.
func swRow(r *SWEmployeeRecord, d Date, value, denom int64, rule string) ChapterFigureRow {
	return ChapterFigureRow{Municipality: r.MunicipalityCode, Record: "sw-dienstverband", RecordID: r.ID, Reference: r.PersonnelNumber, CandidateID: r.CandidateID,
		Date: d, Value: value, Denominator: denom, Rule: rule}
}

// SWFigureRows fills dd (Table, Row, Column set) from the Wsw employments
// recs of its municipality (or of the region).
func SWFigureRows(dd *ChapterDrillDown, location LocationRow, recs []SWEmployeeRecord) error {
	p := dd.Period
	switch dd.Table {
	case ChapterTableSWStaff:
		d := p.To
		if strings.HasSuffix(dd.Column, "_jaar_eerder") {
			d = p.To.AddYears(-1)
		}
		se := strings.HasPrefix(dd.Column, "se_")
		if !slices.Contains([]string{"aantal_jaar_eerder", "se_jaar_eerder", "aantal_einddatum", "se_einddatum"}, dd.Column) {
			return unknownColumn(dd.Column)
		}
		var sum int64
		for i := range recs {
			r := &recs[i]
			if !r.InServiceOn(d) {
				continue
			}
			v, rule := int64(1), "in dienst op "+d.Dutch()
			if se {
				v, rule = int64(r.SEOn(d)), "SE op "+d.Dutch()+" (duizendsten)"
			}
			sum += v
			dd.Rows = append(dd.Rows, swRow(r, d, v, 0, rule))
		}
		if se {
			dd.Figure, dd.Decimals, dd.How = float64(sum)/1000, 3, "som van de SE (waarde in duizendsten)"
		} else {
			dd.Figure, dd.How = float64(len(dd.Rows)), "aantal rijen"
		}
	case ChapterTableSWLocation:
		d, err := ParseDate(dd.Column)
		if err != nil || !slices.ContainsFunc(QuartersEndingIn(p), func(q Period) bool { return q.To == d }) {
			return unknownColumn(dd.Column)
		}
		var part, total int64
		for i := range recs {
			r := &recs[i]
			if !r.InServiceOn(d) {
				continue
			}
			row := r.RowOn(d)
			in := row == location || (location == "buiten_de_muren" && row.OutsideTheWalls())
			v := int64(0)
			if in {
				v = 1
			}
			part += v
			total++
			dd.Rows = append(dd.Rows, swRow(r, d, v, 1, "in dienst op "+d.Dutch()+": "+row.Label()))
		}
		dd.Figure, dd.Decimals = float64(ShareTenths(part, total))/10, 1
		dd.How = "aandeel: som van de waarden / som van de noemers (alle medewerkers in dienst op de dag), in procenten met één decimaal"
	case ChapterTableSWSick:
		w := Werkvorm(dd.Column)
		if !w.Valid() {
			return unknownColumn(dd.Column)
		}
		var sick, avail int64
		for i := range recs {
			r := &recs[i]
			a, s := sickLeaveParts(r, p)
			if a[w] == 0 {
				continue
			}
			sick += s[w]
			avail += a[w]
			dd.Rows = append(dd.Rows, swRow(r, laterDate(r.Period.From, p.From), s[w], a[w],
				"SE-dagen in "+w.Label()+" in "+p.String()+": ziek (waarde) van beschikbaar (noemer), in SE-duizendsten × dagen × 100"))
		}
		dd.Figure, dd.Decimals = float64(ShareTenths(sick, avail))/10, 1
		dd.How = "verzuim: som van de zieke SE-dagen / som van de beschikbare SE-dagen, in procenten met één decimaal"
	default:
		return FieldError("tabel", "Onbekende tabel %s.", dd.Table)
	}
	return nil
}

// LKSFigureRows fills dd from the wage-subsidy placements ps of its
// municipality (or of the region), as BuildLKSChapter counts them.
func LKSFigureRows(dd *ChapterDrillDown, ps []LKSPlacement) error {
	p := dd.Period
	if !slices.Contains([]string{"lopend", "waarvan_nug", "gemiddelde_uren", "gemiddelde_loonwaarde", "subsidie"}, dd.Column) {
		return unknownColumn(dd.Column)
	}
	var n, sum int64
	for i := range ps {
		lp := &ps[i]
		if !lp.EverSubsidised() {
			continue
		}
		row := ChapterFigureRow{Municipality: lp.MunicipalityCode, Record: "plaatsing", RecordID: lp.ID, CandidateID: lp.CandidateID, Date: lp.Period.From}
		if dd.Column == "subsidie" {
			amount, err := LKSAmountForPeriod(&lp.Placement, p)
			if err != nil {
				return err
			}
			if amount == 0 {
				continue
			}
			row.Value, row.Rule = amount, "subsidie over de dagen in "+p.String()+" (centen)"
			sum += amount
			dd.Rows = append(dd.Rows, row)
			continue
		}
		if !lp.ActiveOn(p.To) || !lp.SubsidyOn(p.To) || (dd.Column == "waarvan_nug" && !lp.NUG) {
			continue
		}
		minutes, bp := lp.TermsOn(p.To)
		row.Value, row.Rule = 1, "loonkostensubsidie lopend op "+p.To.Dutch()
		switch dd.Column {
		case "waarvan_nug":
			row.Rule += ", zonder uitkering op de begindag van de subsidie"
		case "gemiddelde_uren":
			row.Value, row.Denominator, row.Rule = int64(minutes), 1, row.Rule+": contracturen per week in minuten"
		case "gemiddelde_loonwaarde":
			row.Value, row.Denominator, row.Rule = int64(bp), 1, row.Rule+": loonwaarde in basispunten"
		}
		n++
		sum += row.Value
		dd.Rows = append(dd.Rows, row)
	}
	switch dd.Column {
	case "subsidie":
		dd.Figure, dd.Decimals, dd.How = float64(sum)/100, 2, "som van de subsidie in centen"
	case "gemiddelde_uren":
		h, _ := LKSAverages(n, sum, 0)
		dd.Figure, dd.Decimals, dd.How = float64(h)/100, 2, "som van de minuten / (60 × aantal rijen), twee decimalen"
	case "gemiddelde_loonwaarde":
		_, bp := LKSAverages(n, 0, sum)
		dd.Figure, dd.Decimals, dd.How = float64(bp)/100, 2, "som van de basispunten / aantal rijen, als procent met twee decimalen"
	default:
		dd.Figure, dd.How = float64(len(dd.Rows)), "aantal rijen"
	}
	return nil
}

// ComplaintColumns are the columns of the complaints chapter complaint k
// counts in for period p: received and decided on their own dates in the
// period, in time and per outcome when decided in it, open when received
// and not decided by the period's last day.
func (k *Complaint) ComplaintColumns(p Period) []string {
	var out []string
	if p.Contains(k.ReceivedOn) {
		out = append(out, "ontvangen")
	}
	switch {
	case !k.DecidedOn.IsZero() && p.Contains(k.DecidedOn):
		out = append(out, "afgehandeld", string(k.Outcome))
		if !k.DecidedOn.After(k.Due()) {
			out = append(out, "binnen_termijn")
		}
	case !k.ReceivedOn.After(p.To) && (k.DecidedOn.IsZero() || k.DecidedOn.After(p.To)):
		out = append(out, "open")
	}
	return out
}

// ComplaintFigureRows fills dd from the complaints ks of its municipality
// (or of the region), counted in the municipality of receipt.
func ComplaintFigureRows(dd *ChapterDrillDown, ks []Complaint) error {
	cols := []string{"ontvangen", "afgehandeld", "binnen_termijn", "open"}
	for _, o := range ComplaintOutcomes {
		cols = append(cols, string(o))
	}
	if !slices.Contains(cols, dd.Column) {
		return unknownColumn(dd.Column)
	}
	for i := range ks {
		k := &ks[i]
		if !slices.Contains(k.ComplaintColumns(dd.Period), dd.Column) {
			continue
		}
		d, rule := k.ReceivedOn, "ontvangen op "+k.ReceivedOn.Dutch()
		switch dd.Column {
		case "open":
			rule += ", op " + dd.Period.To.Dutch() + " niet afgehandeld"
		case "ontvangen":
		default:
			d, rule = k.DecidedOn, "afgehandeld op "+k.DecidedOn.Dutch()+" (termijn tot "+k.Due().Dutch()+"): "+k.Outcome.Label()
		}
		dd.Rows = append(dd.Rows, ChapterFigureRow{Municipality: k.MunicipalityCode, Record: "klacht", RecordID: k.ID,
			CandidateID: k.CandidateID, Date: d, Value: 1, Rule: rule})
	}
	dd.Figure, dd.How = float64(len(dd.Rows)), "aantal rijen"
	return nil
}
