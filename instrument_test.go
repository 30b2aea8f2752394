package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestDefaultInstruments(t *testing.T) {
	var codes []string
	seen := map[string]bool{}
	for _, in := range werkpad.DefaultInstruments {
		if seen[in.Code] {
			t.Errorf("duplicate code %q", in.Code)
		}
		seen[in.Code] = true
		if !in.Kind.Valid() || in.Name == "" {
			t.Errorf("bad entry %+v", in)
		}
		codes = append(codes, in.Code)
	}
	want := []string{"wmbu", "leerwerkplek", "taalstage", "ownw", "versnelling", "samen-sterk", "activering",
		"ips", "map", "multiproblematiek", "zorgjongeren", "participatiecoaching", "jobcoaching"}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("catalogue codes mismatch (-want +got):\n%s", diff)
	}
	var wmbuKind []string
	for _, in := range werkpad.DefaultInstruments {
		if in.Kind == werkpad.InstrumentWorkWithBenefit {
			wmbuKind = append(wmbuKind, in.Code)
		}
	}
	if diff := cmp.Diff([]string{"wmbu", "leerwerkplek", "taalstage"}, wmbuKind); diff != "" {
		t.Errorf("werken-met-behoud kind mismatch (-want +got):\n%s", diff)
	}
}

func TestEnrolmentValidate(t *testing.T) {
	yes := true
	wmbu := func() werkpad.Enrolment {
		return werkpad.Enrolment{CandidateID: 1, InstrumentCode: "taalstage", Period: p("01-02-2024", ""),
			WorkWithBenefit: &werkpad.WorkWithBenefitDetails{MinutesPerWeek: 16 * 60, HostOrganisation: "Zorgcentrum De Linde"}}
	}
	ownw := func() werkpad.Enrolment {
		return werkpad.Enrolment{CandidateID: 1, InstrumentCode: "ownw", Period: p("01-02-2024", ""),
			OWNW: &werkpad.OWNWDetails{DaypartsPerWeek: 4, Provider: "Dagbesteding Wijchen"}}
	}
	tests := []struct {
		name      string
		e         func() werkpad.Enrolment
		change    func(e *werkpad.Enrolment)
		wantField string
	}{
		{"wmbu valid", wmbu, func(e *werkpad.Enrolment) {}, ""},
		{"wmbu ended with outcome", wmbu, func(e *werkpad.Enrolment) {
			e.Period.To, e.WorkWithBenefit.ToPaidWork = d("31-05-2024"), &yes
		}, ""},
		{"wmbu outcome while running", wmbu, func(e *werkpad.Enrolment) { e.WorkWithBenefit.ToPaidWork = &yes }, "werkenMetBehoud.doorstroomBetaaldWerk"},
		{"wmbu without details", wmbu, func(e *werkpad.Enrolment) { e.WorkWithBenefit = nil }, "werkenMetBehoud"},
		{"wmbu without hours", wmbu, func(e *werkpad.Enrolment) { e.WorkWithBenefit.MinutesPerWeek = 0 }, "werkenMetBehoud.minutenPerWeek"},
		{"wmbu over 40 hours", wmbu, func(e *werkpad.Enrolment) { e.WorkWithBenefit.MinutesPerWeek = 41 * 60 }, "werkenMetBehoud.minutenPerWeek"},
		{"wmbu without host", wmbu, func(e *werkpad.Enrolment) { e.WorkWithBenefit.HostOrganisation = "" }, "werkenMetBehoud.gastorganisatie"},
		{"wmbu with ownw details", wmbu, func(e *werkpad.Enrolment) { e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: 2} }, "ownw"},
		{"ownw valid", ownw, func(e *werkpad.Enrolment) {}, ""},
		{"ownw ended with outcome", ownw, func(e *werkpad.Enrolment) {
			e.Period.To, e.OWNW.Outcome = d("30-06-2024"), werkpad.OWNWToWorkWithBenefit
		}, ""},
		{"ownw outcome while running", ownw, func(e *werkpad.Enrolment) { e.OWNW.Outcome = werkpad.OWNWStopped }, "ownw.uitkomst"},
		{"ownw unknown outcome", ownw, func(e *werkpad.Enrolment) { e.Period.To, e.OWNW.Outcome = d("30-06-2024"), "verhuisd" }, "ownw.uitkomst"},
		{"ownw no dayparts", ownw, func(e *werkpad.Enrolment) { e.OWNW.DaypartsPerWeek = 0 }, "ownw.dagdelenPerWeek"},
		{"ownw too many dayparts", ownw, func(e *werkpad.Enrolment) { e.OWNW.DaypartsPerWeek = 11 }, "ownw.dagdelenPerWeek"},
		{"ownw without details", ownw, func(e *werkpad.Enrolment) { e.OWNW = nil }, "ownw"},
		{"ownw with wmbu details", ownw, func(e *werkpad.Enrolment) {
			e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: 60, HostOrganisation: "X"}
		}, "werkenMetBehoud"},
		{"other instrument plain", ownw, func(e *werkpad.Enrolment) {
			e.InstrumentCode, e.OWNW, e.Result = "ips", nil, "Gestart met BBL-opleiding"
		}, ""},
		{"unknown instrument", ownw, func(e *werkpad.Enrolment) { e.InstrumentCode = "yoga" }, "instrument"},
		{"no candidate", ownw, func(e *werkpad.Enrolment) { e.CandidateID = 0 }, "kandidaatId"},
		{"period reversed", ownw, func(e *werkpad.Enrolment) { e.Period.To = d("01-01-2024") }, "periode.tot"},
	}
	for _, tt := range tests {
		e := tt.e()
		tt.change(&e)
		err := e.Validate(werkpad.DefaultInstruments)
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s\nerror: %v", tt.name, diff, err)
		}
	}
	e := ownw()
	if !e.ActiveOn(d("01-02-2024")) || e.ActiveOn(d("31-01-2024")) {
		t.Error("ActiveOn is wrong")
	}
}
