package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestSignalValidate(t *testing.T) {
	base := func() werkpad.Signal {
		return werkpad.Signal{
			CandidateID:     1,
			Date:            d("10-04-2024"),
			Behaviour:       "Drie keer niet verschenen op de werkplek zonder afmelding.",
			Advice:          "Maatregel van 1 maand.",
			AdvisedDecision: werkpad.DecisionSanction,
		}
	}
	tests := []struct {
		name      string
		change    func(s *werkpad.Signal)
		wantField string
	}{
		{"new signal without decision", func(s *werkpad.Signal) {}, ""},
		{"explicitly pending", func(s *werkpad.Signal) { s.Decision = werkpad.DecisionPending }, ""},
		{"pending with date", func(s *werkpad.Signal) { s.DecisionDate = d("12-04-2024") }, "besluitdatum"},
		{"sanction decided", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate = werkpad.DecisionSanction, d("20-04-2024")
		}, ""},
		{"decided on the same day", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate = werkpad.DecisionSanction, d("10-04-2024")
		}, ""},
		{"decision without date", func(s *werkpad.Signal) { s.Decision = werkpad.DecisionNone }, "besluitdatum"},
		{"decision before signal", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate = werkpad.DecisionNone, d("09-04-2024")
		}, "besluitdatum"},
		{"no measure against an advice of one needs explanation", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate = werkpad.DecisionNone, d("20-04-2024")
		}, "besluitToelichting"},
		{"no measure against the advice, explained", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate, s.DecisionText = werkpad.DecisionNone, d("20-04-2024"), "Eerste keer; een gesprek volstaat."
		}, ""},
		{"a measure against an advice of none needs explanation", func(s *werkpad.Signal) {
			s.AdvisedDecision, s.Decision, s.DecisionDate = werkpad.DecisionNone, werkpad.DecisionSanction, d("20-04-2024")
		}, "besluitToelichting"},
		{"no measure as advised", func(s *werkpad.Signal) {
			s.AdvisedDecision, s.Decision, s.DecisionDate = werkpad.DecisionNone, werkpad.DecisionNone, d("20-04-2024")
		}, ""},
		{"'afwijkend' is not a decision", func(s *werkpad.Signal) {
			s.Decision, s.DecisionDate, s.DecisionText = werkpad.DecisionDeviating, d("20-04-2024"), "Waarschuwing, eerste keer."
		}, "besluit"},
		{"unknown advice", func(s *werkpad.Signal) { s.AdvisedDecision = "boete" }, "geadviseerdBesluit"},
		{"signal from before the advice was a choice", func(s *werkpad.Signal) {
			s.AdvisedDecision, s.Decision, s.DecisionDate = "", werkpad.DecisionNone, d("20-04-2024")
		}, ""},
		{"unknown decision", func(s *werkpad.Signal) { s.Decision = "boete" }, "besluit"},
		{"no behaviour", func(s *werkpad.Signal) { s.Behaviour = " " }, "gedrag"},
		{"no advice", func(s *werkpad.Signal) { s.Advice = "" }, "advies"},
		{"no date", func(s *werkpad.Signal) { s.Date = werkpad.Date{} }, "datum"},
		{"no candidate", func(s *werkpad.Signal) { s.CandidateID = 0 }, "kandidaatId"},
	}
	for _, tt := range tests {
		s := base()
		tt.change(&s)
		err := s.Validate()
		if tt.name == "signal from before the advice was a choice" {
			if werkpad.ErrorField(s.ValidateNew()) != "geadviseerdBesluit" {
				t.Errorf("a new signal without the advice's choice: %v", s.ValidateNew())
			}
		}
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
