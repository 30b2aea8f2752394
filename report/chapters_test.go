package report_test

import (
	"testing"

	"werkpad"
	"werkpad/finance"
)

// chapterRequest is fullRequest with an SW and an LKS chapter for two
// municipalities and the shipped finance tables of 2024.
func chapterRequest(t *testing.T) werkpad.ReportRequest {
	t.Helper()
	req := fullRequest(t)
	per := req.Current.Period
	q1 := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-03-31")}
	q2 := werkpad.Period{From: werkpad.MustParseDate("2024-04-01"), To: werkpad.MustParseDate("2024-06-30")}
	fig := func(code, name string, before, end, seBefore, seEnd int64) werkpad.SWMunicipalityFigures {
		f := werkpad.SWMunicipalityFigures{Code: code, Name: name,
			YearBefore: werkpad.SWTotals{Headcount: before, SEThousandths: seBefore}, AtEnd: werkpad.SWTotals{Headcount: end, SEThousandths: seEnd},
			SickLeave: map[werkpad.Werkvorm]werkpad.Tenths{werkpad.WerkvormShelteredInside: 123, werkpad.WerkvormSupportedEmployment: 45}}
		for _, q := range []werkpad.Period{q1, q2} {
			f.Locations = append(f.Locations, werkpad.SWQuarterLocations{Quarter: q,
				Shares:  map[werkpad.LocationRow]werkpad.Tenths{werkpad.LocationRow(werkpad.WerkvormShelteredInside): 412, werkpad.LocationRow(werkpad.WerkvormGroupSecondment): 588},
				Outside: 588})
		}
		return f
	}
	req.SW = &werkpad.SWChapter{Period: per, Quarters: []werkpad.Period{q1, q2},
		Municipalities: []werkpad.SWMunicipalityFigures{fig("GM1945", "Berg en Dal", 110, 104, 115250, 108125), fig("GM0268", "Nijmegen", 640, 618, 660500, 640750)},
		Region:         fig("", "Regio", 750, 722, 775750, 748875),
		AddedValue:     &werkpad.SWAddedValue{Year: 2024, Months: 6, RealisedCents: 123456789, BudgetCentsPerFTE: 1000000, ForecastCentsPerFTE: 987654}}
	req.LKS = &werkpad.LKSChapter{Period: per,
		Municipalities: []werkpad.LKSFigures{{Code: "GM1945", Name: "Berg en Dal", Running: 41, NUG: 7, AvgHoursHundredths: 2875, AvgWageValueBP: 5512, PeriodCents: 31234567},
			{Code: "GM0268", Name: "Nijmegen", Running: 301, NUG: 3, AvgHoursHundredths: 2650, AvgWageValueBP: 5710, PeriodCents: 231234567}},
		Region: werkpad.LKSFigures{Name: "Regio", Running: 342, NUG: 10, AvgHoursHundredths: 2677, AvgWageValueBP: 5686, PeriodCents: 262469134}}
	tables, err := finance.Load()
	if err != nil {
		t.Fatal(err)
	}
	req.Finance, req.FinanceYear = tables, 2024
	return req
}

func TestChaptersPDFDebug(t *testing.T) {
	render(t, werkpad.ReportPDF, chapterRequest(t))
}
