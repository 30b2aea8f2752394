package report_test

import (
	"testing"

	"werkpad"
	"werkpad/report"
)

// A report over a whole calendar year is the annual report; its title says
// so. Any other period is a tussenrapportage.
func TestTitleSaysWhatTheReportIs(t *testing.T) {
	for _, tt := range []struct {
		from, to, want string
	}{
		{"2024-01-01", "2024-12-31", "Jaarverslag WerkBedrijf 2024"},
		{"2024-01-01", "2024-06-30", "Tussenrapportage WerkBedrijf, 01-01-2024 t/m 30-06-2024"},
		{"2024-07-01", "2025-06-30", "Tussenrapportage WerkBedrijf, 01-07-2024 t/m 30-06-2025"},
	} {
		p := werkpad.Period{From: werkpad.MustParseDate(tt.from), To: werkpad.MustParseDate(tt.to)}
		r := report.Build(&werkpad.IndicatorSet{Period: p}, nil, nil)
		if got := r.Title(); got != tt.want {
			t.Errorf("%s: title %q, want %q", p, got, tt.want)
		}
	}
}
