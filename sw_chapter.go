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
func BuildSWChapter(period Period, codes []string, names map[string]string, records []SWEmployeeRecord,
	indications []ShelteredIndication, employments []ShelteredEmployment, added *SWAddedValue) *SWChapter {
	ch := &SWChapter{Period: period, Quarters: QuartersEndingIn(period), AddedValue: added}
	byCode := map[string][]SWEmployeeRecord{}
	for _, r := range records {
		byCode[r.MunicipalityCode] = append(byCode[r.MunicipalityCode], r)
	}
	figures := func(code string, recs []SWEmployeeRecord) SWMunicipalityFigures {
		f := SWMunicipalityFigures{Code: code, Name: names[code]}
		for _, t := range SWTotalsOn(recs, period.To) {
			f.AtEnd.Headcount += t.Headcount
			f.AtEnd.SEThousandths += t.SEThousandths
		}
		for _, t := range SWTotalsOn(recs, period.To.AddYears(-1)) {
			f.YearBefore.Headcount += t.Headcount
			f.YearBefore.SEThousandths += t.SEThousandths
		}
		for _, q := range ch.Quarters {
			counts := LocationCounts(recs, "", q.To)
			shares, outside := LocationShares(counts)
			f.Locations = append(f.Locations, SWQuarterLocations{Quarter: q, Counts: counts, Shares: shares, Outside: outside})
		}
		f.SickLeave = SickLeaveByWerkvorm(recs, period)
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
		return f
	}
	var inScope []SWEmployeeRecord
	for _, c := range codes {
		ch.Municipalities = append(ch.Municipalities, figures(c, byCode[c]))
		inScope = append(inScope, byCode[c]...)
	}
	ch.Region = figures("", inScope)
	ch.Region.Name = "Regio"
	return ch
}
