package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func newReferral() *werkpad.Referral {
	return &werkpad.Referral{
		BSN:              "123456782",
		GivenName:        "A.",
		Surname:          "Yilmaz",
		BirthDate:        d("05-05-1999"),
		MunicipalityCode: "GM0209",
		Reason:           "Nieuw in de bijstand, wil graag aan het werk.",
		Documents:        []string{"cv.pdf"},
		ReferredOn:       d("02-04-2024"),
		Status:           werkpad.ReferralReferred,
	}
}

func TestReferralValidate(t *testing.T) {
	tests := []struct {
		name      string
		change    func(r *werkpad.Referral)
		wantField string
	}{
		{"valid", func(r *werkpad.Referral) {}, ""},
		{"bad bsn", func(r *werkpad.Referral) { r.BSN = "123456783" }, "bsn"},
		{"no surname", func(r *werkpad.Referral) { r.Surname = "" }, "achternaam"},
		{"no given name", func(r *werkpad.Referral) { r.GivenName = "" }, "voornaam"},
		{"no birth date", func(r *werkpad.Referral) { r.BirthDate = werkpad.Date{} }, "geboortedatum"},
		{"born after referral", func(r *werkpad.Referral) { r.BirthDate = d("03-04-2024") }, "geboortedatum"},
		{"bad municipality", func(r *werkpad.Referral) { r.MunicipalityCode = "Beuningen" }, "gemeente"},
		{"no reason", func(r *werkpad.Referral) { r.Reason = "  " }, "reden"},
		{"no referral date", func(r *werkpad.Referral) { r.ReferredOn = werkpad.Date{} }, "aangemeldOp"},
		{"empty document name", func(r *werkpad.Referral) { r.Documents = append(r.Documents, "") }, "documenten"},
		{"no status", func(r *werkpad.Referral) { r.Status = "" }, "status"},
	}
	for _, tt := range tests {
		r := newReferral()
		tt.change(r)
		err := r.Validate()
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestReferralHappyPath(t *testing.T) {
	r := newReferral()
	intake := werkpad.Intake{Date: d("16-04-2024"), Location: "Gemeentehuis Beuningen", Daypart: werkpad.Morning}
	steps := []werkpad.ReferralStep{
		{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"), Intake: werkpad.Intake{Date: d("09-04-2024"), Location: "Beuningen", Daypart: werkpad.Afternoon}},
		{To: werkpad.ReferralIntakePlanned, On: d("08-04-2024"), Intake: intake, Note: "Verzet op verzoek kandidaat"},
		{To: werkpad.ReferralIntakeHeld, On: d("16-04-2024")},
		{To: werkpad.ReferralReported, On: d("18-04-2024"), Outcome: werkpad.OutcomeInTrajectory},
	}
	for i, s := range steps {
		if err := r.Next(s); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	want := []werkpad.ReferralEvent{
		{Status: werkpad.ReferralIntakePlanned, On: d("03-04-2024"), Intake: &werkpad.Intake{Date: d("09-04-2024"), Location: "Beuningen", Daypart: werkpad.Afternoon}},
		{Status: werkpad.ReferralIntakePlanned, On: d("08-04-2024"), Intake: &intake, Note: "Verzet op verzoek kandidaat"},
		{Status: werkpad.ReferralIntakeHeld, On: d("16-04-2024")},
		{Status: werkpad.ReferralReported, On: d("18-04-2024"), Outcome: werkpad.OutcomeInTrajectory},
	}
	if diff := cmp.Diff(want, r.History); diff != "" {
		t.Errorf("history mismatch (-want +got):\n%s", diff)
	}
	type summary struct {
		Status   werkpad.ReferralStatus
		Intake   *werkpad.Intake
		Held     werkpad.Date
		Outcome  werkpad.ReferralOutcome
		Reported werkpad.Date
	}
	got := summary{r.Status, r.Intake, r.IntakeHeldOn, r.Outcome, r.ReportedOn}
	if diff := cmp.Diff(summary{werkpad.ReferralReported, &intake, d("16-04-2024"), werkpad.OutcomeInTrajectory, d("18-04-2024")}, got); diff != "" {
		t.Errorf("state mismatch (-want +got):\n%s", diff)
	}
	err := r.Next(werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("20-04-2024"), Intake: intake})
	if diff := cmp.Diff("Deze aanmelding is al teruggemeld (In traject); er kan geen stap meer bij.", werkpad.ErrorMessage(err)); diff != "" {
		t.Errorf("after final mismatch (-want +got):\n%s", diff)
	}
}

func TestReferralNextRefuses(t *testing.T) {
	planned := werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"),
		Intake: werkpad.Intake{Date: d("09-04-2024"), Location: "Druten", Daypart: werkpad.Morning}}
	held := werkpad.ReferralStep{To: werkpad.ReferralIntakeHeld, On: d("09-04-2024")}
	tests := []struct {
		name      string
		before    []werkpad.ReferralStep
		step      werkpad.ReferralStep
		wantCode  string
		wantField string
		wantMsg   string
	}{
		{name: "intake held before planned", step: held, wantCode: werkpad.ECONFLICT,
			wantMsg: "Een aanmelding met status 'aangemeld' kan niet naar 'intake gehouden'. Plan eerst een intake."},
		{name: "back to aangemeld", before: []werkpad.ReferralStep{planned}, step: werkpad.ReferralStep{To: werkpad.ReferralReferred, On: d("05-04-2024")},
			wantCode: werkpad.ECONFLICT, wantMsg: "Een aanmelding met status 'intake gepland' kan niet naar 'aangemeld'."},
		{name: "re-plan after intake held", before: []werkpad.ReferralStep{planned, held}, step: planned, wantCode: werkpad.ECONFLICT},
		{name: "unknown status", step: werkpad.ReferralStep{To: "afgewezen", On: d("05-04-2024")}, wantCode: werkpad.EINVALID, wantField: "status"},
		{name: "no date", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, Intake: planned.Intake}, wantCode: werkpad.EINVALID, wantField: "datum"},
		{name: "date before referral", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("01-04-2024"), Intake: planned.Intake},
			wantCode: werkpad.EINVALID, wantField: "datum", wantMsg: "De datum ligt voor de vorige stap (02-04-2024)."},
		{name: "date before previous step", before: []werkpad.ReferralStep{planned}, step: werkpad.ReferralStep{To: werkpad.ReferralIntakeHeld, On: d("02-04-2024")},
			wantCode: werkpad.EINVALID, wantField: "datum"},
		{name: "plan without intake date", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"),
			Intake: werkpad.Intake{Location: "Druten", Daypart: werkpad.Morning}}, wantCode: werkpad.EINVALID, wantField: "intake.datum"},
		{name: "intake before referral", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"),
			Intake: werkpad.Intake{Date: d("01-04-2024"), Location: "Druten", Daypart: werkpad.Morning}}, wantCode: werkpad.EINVALID, wantField: "intake.datum"},
		{name: "plan without location", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"),
			Intake: werkpad.Intake{Date: d("09-04-2024"), Location: " ", Daypart: werkpad.Morning}}, wantCode: werkpad.EINVALID, wantField: "intake.locatie"},
		{name: "plan without daypart", step: werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: d("03-04-2024"),
			Intake: werkpad.Intake{Date: d("09-04-2024"), Location: "Druten", Daypart: "avond"}}, wantCode: werkpad.EINVALID, wantField: "intake.dagdeel"},
		{name: "report without outcome", before: []werkpad.ReferralStep{planned, held}, step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024")},
			wantCode: werkpad.EINVALID, wantField: "uitkomst"},
		{name: "in traject without intake", step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024"), Outcome: werkpad.OutcomeInTrajectory},
			wantCode: werkpad.ECONFLICT, wantMsg: "'In traject' kan pas na een gehouden intake. Leg eerst de intake vast."},
		{name: "geen gehoor after intake", before: []werkpad.ReferralStep{planned, held}, step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024"), Outcome: werkpad.OutcomeNoResponse},
			wantCode: werkpad.ECONFLICT},
		{name: "geen gehoor after planned intake is fine", before: []werkpad.ReferralStep{planned},
			step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024"), Outcome: werkpad.OutcomeNoResponse}},
		{name: "geen gehoor straight after referral is fine",
			step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024"), Outcome: werkpad.OutcomeNoResponse}},
		{name: "niet passend after intake is fine", before: []werkpad.ReferralStep{planned, held},
			step: werkpad.ReferralStep{To: werkpad.ReferralReported, On: d("10-04-2024"), Outcome: werkpad.OutcomeNotSuitable}},
	}
	for _, tt := range tests {
		r := newReferral()
		for _, s := range tt.before {
			if err := r.Next(s); err != nil {
				t.Fatalf("%s: setup: %v", tt.name, err)
			}
		}
		before := *r
		before.History = append([]werkpad.ReferralEvent(nil), r.History...)
		err := r.Next(tt.step)
		if diff := cmp.Diff(tt.wantCode, werkpad.ErrorCode(err)); diff != "" {
			t.Errorf("%s: code mismatch (-want +got):\n%s\nerror: %v", tt.name, diff, err)
		}
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s", tt.name, diff)
		}
		if tt.wantMsg != "" {
			if diff := cmp.Diff(tt.wantMsg, werkpad.ErrorMessage(err)); diff != "" {
				t.Errorf("%s: message mismatch (-want +got):\n%s", tt.name, diff)
			}
		}
		if err != nil {
			if diff := cmp.Diff(&before, r); diff != "" {
				t.Errorf("%s: referral changed on error (-want +got):\n%s", tt.name, diff)
			}
		}
	}
}
