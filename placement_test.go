package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestHoursClassOf(t *testing.T) {
	tests := []struct {
		minutes int
		want    werkpad.HoursClass
	}{
		{0, werkpad.HoursUpTo28},
		{24 * 60, werkpad.HoursUpTo28},
		{28 * 60, werkpad.HoursUpTo28},
		{28*60 + 1, werkpad.HoursOver28},
		{36 * 60, werkpad.HoursOver28},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, werkpad.HoursClassOf(tt.minutes)); diff != "" {
			t.Errorf("HoursClassOf(%d) mismatch (-want +got):\n%s", tt.minutes, diff)
		}
	}
	pl := werkpad.Placement{ContractMinutesPerWeek: 32 * 60}
	if diff := cmp.Diff("> 28 uur", pl.HoursClass().Label()); diff != "" {
		t.Errorf("label mismatch (-want +got):\n%s", diff)
	}
}

func validPlacement() *werkpad.Placement {
	return &werkpad.Placement{
		CandidateID:            7,
		EmployerName:           "Bakkerij Jansen",
		Period:                 p("01-03-2024", ""),
		ContractMinutesPerWeek: 24*60 + 30,
		ContractType:           werkpad.ContractFixedTerm,
		WageSubsidy:            true,
		WageValueBasisPoints:   6250,
		ReassessOn:             d("01-03-2025"),
	}
}

func TestPlacementValidate(t *testing.T) {
	employerID := int64(3)
	tests := []struct {
		name      string
		change    func(p *werkpad.Placement)
		wantField string
		wantMsg   string
	}{
		{name: "valid with LKS", change: func(p *werkpad.Placement) {}},
		{name: "valid without LKS", change: func(p *werkpad.Placement) {
			p.WageSubsidy, p.WageValueBasisPoints, p.ReassessOn = false, 0, werkpad.Date{}
		}},
		{name: "employer by id only", change: func(p *werkpad.Placement) { p.EmployerName, p.EmployerID = "", &employerID }},
		{name: "no candidate", change: func(p *werkpad.Placement) { p.CandidateID = 0 }, wantField: "kandidaatId"},
		{name: "no employer", change: func(p *werkpad.Placement) { p.EmployerName = "  " }, wantField: "werkgever"},
		{name: "no start", change: func(p *werkpad.Placement) { p.Period.From = werkpad.Date{} }, wantField: "periode.van"},
		{name: "end before start", change: func(p *werkpad.Placement) { p.Period.To = d("28-02-2024") }, wantField: "periode.tot"},
		{name: "no hours", change: func(p *werkpad.Placement) { p.ContractMinutesPerWeek = 0 }, wantField: "contractMinutenPerWeek",
			wantMsg: "Vul het aantal contracturen per week in."},
		{name: "40 hours", change: func(p *werkpad.Placement) { p.ContractMinutesPerWeek = 40 * 60 }},
		{name: "over 40 hours", change: func(p *werkpad.Placement) { p.ContractMinutesPerWeek = 40*60 + 30 }, wantField: "contractMinutenPerWeek",
			wantMsg: "40,5 uur per week is meer dan een volledige werkweek van 40 uur. Controleer de contracturen."},
		{name: "unknown contract", change: func(p *werkpad.Placement) { p.ContractType = "nul-uren" }, wantField: "contractsoort"},
		{name: "loonwaarde 0% with LKS", change: func(p *werkpad.Placement) { p.WageValueBasisPoints = 0 }},
		{name: "loonwaarde 100% with LKS", change: func(p *werkpad.Placement) { p.WageValueBasisPoints = 10000 }},
		{name: "loonwaarde over 100%", change: func(p *werkpad.Placement) { p.WageValueBasisPoints = 10001 }, wantField: "loonwaardeBasispunten",
			wantMsg: "De loonwaarde ligt tussen 0% en 100%."},
		{name: "negative loonwaarde", change: func(p *werkpad.Placement) { p.WageValueBasisPoints = -1 }, wantField: "loonwaardeBasispunten"},
		{name: "loonwaarde without LKS", change: func(p *werkpad.Placement) { p.WageSubsidy, p.ReassessOn = false, werkpad.Date{} }, wantField: "loonwaardeBasispunten"},
		{name: "reassessment without LKS", change: func(p *werkpad.Placement) { p.WageSubsidy, p.WageValueBasisPoints = false, 0 }, wantField: "herbeoordelingOp"},
		{name: "LKS without reassessment", change: func(p *werkpad.Placement) { p.ReassessOn = werkpad.Date{} }, wantField: "herbeoordelingOp"},
		{name: "reassessment on start", change: func(p *werkpad.Placement) { p.ReassessOn = d("01-03-2024") }, wantField: "herbeoordelingOp"},
	}
	for _, tt := range tests {
		pl := validPlacement()
		tt.change(pl)
		err := pl.Validate()
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s\nerror: %v", tt.name, diff, err)
		}
		if tt.wantMsg != "" {
			if diff := cmp.Diff(tt.wantMsg, werkpad.ErrorMessage(err)); diff != "" {
				t.Errorf("%s: message mismatch (-want +got):\n%s", tt.name, diff)
			}
		}
	}
}

func TestFormatHoursAndBasisPoints(t *testing.T) {
	got := []string{
		werkpad.FormatHours(1470), werkpad.FormatHours(2160), werkpad.FormatHours(1460),
		werkpad.FormatHours(1441), werkpad.FormatHours(59), werkpad.FormatHours(-90),
		werkpad.FormatBasisPoints(6250), werkpad.FormatBasisPoints(5000), werkpad.FormatBasisPoints(5705),
		werkpad.FormatBasisPoints(0),
	}
	want := []string{"24,5", "36", "24,33", "24,02", "0,98", "-1,5", "62,5%", "50%", "57,05%", "0%"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
