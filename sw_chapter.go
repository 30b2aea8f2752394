package werkpad

import "time"

// SWChapter is the data of the report's chapter Sociale werkvoorziening for
// a period: per municipality in the caller's scope and for the region (the
// sum of those municipalities). No rendering here; the report package lays
// it out.
type SWChapter struct {
	Period         Period                  `json:"periode"`
	Quarters       []Period                `json:"kwartalen"` // quarters whose last day lies in the period
	Municipalities []SWMunicipalityFigures `json:"gemeenten"`
	Region         SWMunicipalityFigures   `json:"regio"`
	AddedValue     *SWAddedValue           `json:"toegevoegdeWaarde,omitempty"` // regional; nil without a rate
}

// SWMunicipalityFigures are one municipality's (or the region's) figures.
type SWMunicipalityFigures struct {
	Code string `json:"gemeente,omitempty"` // "" for the region
	Name string `json:"naam"`

	AtEnd      SWTotals             `json:"opEinddatum"`     // in service on the period's last day
	YearBefore SWTotals             `json:"eenJaarEerder"`   // in service one year before that day
	Locations  []SWQuarterLocations `json:"werkenOpLocatie"` // one per quarter of the chapter
	SickLeave  map[Werkvorm]Tenths  `json:"verzuim"`

	ShelteredNewIndications   int64 `json:"beschutNieuweIndicaties"`       // dated in the period
	ShelteredEmploymentsStart int64 `json:"beschutDienstverbandenGestart"` // starting in the period
	ShelteredEmploymentsAtEnd int64 `json:"beschutDienstverbandenOpEinddatum"`
}

// SWQuarterLocations is the column of one quarter of "werken op locatie".
type SWQuarterLocations struct {
	Quarter Period                 `json:"kwartaal"`
	Counts  map[LocationRow]int64  `json:"aantallen"`
	Shares  map[LocationRow]Tenths `json:"aandelen"`
	Outside Tenths                 `json:"buitenDeMuren"`
}

// QuartersEndingIn returns the calendar quarters whose last day lies in p.
func QuartersEndingIn(p Period) []Period {
	var out []Period
	for y := p.From.Y; y <= p.To.Y; y++ {
		for q := 0; q < 4; q++ {
			from := Date{y, time.Month(3*q + 1), 1}
			to := Date{y, time.Month(3*q + 3), daysIn(y, time.Month(3*q+3))}
			if p.Contains(to) {
				out = append(out, Period{From: from, To: to})
			}
		}
	}
	return out
}

// BuildSWChapter computes the chapter from the records in scope. names
// lists the municipalities to report (code → name), in order codes.
//
// Every figure is a sum over employees (or a share of two such sums), so
// each record is read once into its municipality's parts, and the region's
// parts are the sums of the parts of codes.
func BuildSWChapter(period Period, codes []string, names map[string]string, records []SWEmployeeRecord,
	indications []ShelteredIndication, employments []ShelteredEmployment, added *SWAddedValue) *SWChapter {
	return BuildSWChapterOf(period, codes, names, pointersTo(records), indications, employments, added)
}

// pointersTo returns a pointer to every element of s, in order.
func pointersTo[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// BuildSWChapterOf is BuildSWChapter from pointers to the records, as the
// store reads them (without copying a region's records).
func BuildSWChapterOf(period Period, codes []string, names map[string]string, records []*SWEmployeeRecord,
	indications []ShelteredIndication, employments []ShelteredEmployment, added *SWAddedValue) *SWChapter {
	ch := &SWChapter{Period: period, Quarters: QuartersEndingIn(period), AddedValue: added}
	parts := make(map[string]*swParts, len(codes))
	for _, c := range codes {
		parts[c] = newSWParts(len(ch.Quarters))
	}
	for _, r := range records {
		if p := parts[r.MunicipalityCode]; p != nil {
			p.add(r, period, ch.Quarters)
		}
	}
	sheltered := func(f *SWMunicipalityFigures, code string) {
		for _, i := range indications {
			if (code == "" || i.MunicipalityCode == code) && period.Contains(i.IndicatedOn) {
				f.ShelteredNewIndications++
			}
		}
		for _, e := range employments {
			if code != "" && e.MunicipalityCode != code {
				continue
			}
			if period.Contains(e.Period.From) {
				f.ShelteredEmploymentsStart++
			}
			if e.Period.Contains(period.To) {
				f.ShelteredEmploymentsAtEnd++
			}
		}
	}
	region := newSWParts(len(ch.Quarters))
	for _, c := range codes {
		f := parts[c].figures(c, names[c], ch.Quarters)
		sheltered(&f, c)
		ch.Municipalities = append(ch.Municipalities, f)
		region.merge(parts[c])
	}
	ch.Region = region.figures("", "Regio", ch.Quarters)
	sheltered(&ch.Region, "")
	return ch
}

// swParts are the sums behind one municipality's (or the region's) SW
// figures: headcount and SE on two days, the employees per row of "werken
// op locatie" at each quarter's end, and the available and sick SE-days
// per werkvorm (see SickLeaveByWerkvorm).
type swParts struct {
	atEnd, yearBefore SWTotals
	locations         []map[LocationRow]int64
	avail, sick       map[Werkvorm]int64
}

func newSWParts(quarters int) *swParts {
	p := &swParts{locations: make([]map[LocationRow]int64, quarters), avail: map[Werkvorm]int64{}, sick: map[Werkvorm]int64{}}
	for i := range p.locations {
		p.locations[i] = map[LocationRow]int64{}
	}
	return p
}

// add counts employee r.
func (p *swParts) add(r *SWEmployeeRecord, period Period, quarters []Period) {
	p.atEnd.count(r, period.To)
	p.yearBefore.count(r, period.To.AddYears(-1))
	for i, q := range quarters {
		if r.InServiceOn(q.To) {
			p.locations[i][r.RowOn(q.To)]++
		}
	}
	addSickLeaveParts(r, period, p.avail, p.sick)
}

// merge adds o's sums to p's.
func (p *swParts) merge(o *swParts) {
	p.atEnd.Headcount += o.atEnd.Headcount
	p.atEnd.SEThousandths += o.atEnd.SEThousandths
	p.yearBefore.Headcount += o.yearBefore.Headcount
	p.yearBefore.SEThousandths += o.yearBefore.SEThousandths
	for i, counts := range o.locations {
		for row, n := range counts {
			p.locations[i][row] += n
		}
	}
	for w, v := range o.avail {
		p.avail[w] += v
	}
	for w, v := range o.sick {
		p.sick[w] += v
	}
}

// figures turns the sums into the chapter's figures.
func (p *swParts) figures(code, name string, quarters []Period) SWMunicipalityFigures {
	f := SWMunicipalityFigures{Code: code, Name: name, AtEnd: p.atEnd, YearBefore: p.yearBefore}
	for i, q := range quarters {
		shares, outside := LocationShares(p.locations[i])
		f.Locations = append(f.Locations, SWQuarterLocations{Quarter: q, Counts: p.locations[i], Shares: shares, Outside: outside})
	}
	f.SickLeave = sickLeaveShares(p.avail, p.sick)
	return f
}
