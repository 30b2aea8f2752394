package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

func newReferral(bsn, gm string) *werkpad.Referral {
	return &werkpad.Referral{BSN: bsn, GivenName: "Sara", Surname: "Yilmaz", BirthDate: werkpad.MustParseDate("1999-09-09"),
		MunicipalityCode: gm, Reason: "Klaar voor bemiddeling", Documents: []string{"plan.pdf"}, WarmHandover: true,
		ReferredOn: werkpad.MustParseDate("2024-06-03")}
}

func TestReferralStateMachine(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		svc := store.NewReferralService(db, testSealer(t))

		r := newReferral("100000009", "GM0268")
		if err := svc.CreateReferral(asUser(cons), r); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Fatalf("consultant creates a referral: %v", err)
		}
		if err := svc.CreateReferral(asUser(gem), r); err != nil {
			t.Fatal(err)
		}
		if r.Status != werkpad.ReferralReferred || r.DuplicateOfCandidateID != 0 {
			t.Fatalf("new referral: %+v", r)
		}
		if _, err := svc.ScheduleIntake(asUser(gem), r.ID, werkpad.MustParseDate("2024-06-04"), werkpad.Intake{}, ""); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente plans an intake: %v", err)
		}
		if _, err := svc.RecordIntake(asUser(cons), r.ID, werkpad.MustParseDate("2024-06-04"), ""); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("intake held before planned: %v", err)
		}
		intake := werkpad.Intake{Date: werkpad.MustParseDate("2024-06-10"), Location: "Stadswinkel", Daypart: werkpad.Morning}
		if _, err := svc.ScheduleIntake(asUser(cons), r.ID, werkpad.MustParseDate("2024-06-04"), intake, "gebeld"); err != nil {
			t.Fatal(err)
		}
		// An intake held tomorrow would block the referral: refused, nothing changed.
		if _, err := svc.RecordIntake(asUser(cons), r.ID, werkpad.MustParseDate("2024-07-02"), ""); werkpad.ErrorField(err) != "datum" {
			t.Errorf("intake held in the future: %v", err)
		}
		if got, _ := svc.FindReferralByID(asUser(cons), r.ID); got.Status != werkpad.ReferralIntakePlanned {
			t.Errorf("after the refused step: %s", got.Status)
		}
		if _, err := svc.RecordIntake(asUser(cons), r.ID, werkpad.MustParseDate("2024-06-10"), ""); err != nil {
			t.Fatal(err)
		}
		// Link to a candidate with another BSN is refused; with the same BSN accepted.
		other := MustCreateCandidate(t, db, cons, nil)
		fb := werkpad.Feedback{On: werkpad.MustParseDate("2024-06-12"), Outcome: werkpad.OutcomeInTrajectory, CandidateID: other.ID}
		if _, err := svc.SendFeedback(asUser(cons), r.ID, fb); werkpad.ErrorField(err) != "kandidaatId" {
			t.Errorf("link to another person: %v", err)
		}
		same := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = "100000009" })
		fb.CandidateID = same.ID
		done, err := svc.SendFeedback(asUser(cons), r.ID, fb)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SendFeedback(asUser(cons), r.ID, fb); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("second feedback: %v", err)
		}

		got, err := svc.FindReferralByID(asUser(gem), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(done, got); diff != "" {
			t.Errorf("stored referral (-want +got):\n%s", diff)
		}
		wantHistory := []werkpad.ReferralEvent{
			{Status: werkpad.ReferralReferred, On: werkpad.MustParseDate("2024-06-03")},
			{Status: werkpad.ReferralIntakePlanned, On: werkpad.MustParseDate("2024-06-04"), Intake: &intake, Note: "gebeld"},
			{Status: werkpad.ReferralIntakeHeld, On: werkpad.MustParseDate("2024-06-10")},
			{Status: werkpad.ReferralReported, On: werkpad.MustParseDate("2024-06-12"), Outcome: werkpad.OutcomeInTrajectory},
		}
		if diff := cmp.Diff(wantHistory, got.History); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		if got.BSN != "*****0009" || got.CandidateID != same.ID || got.Status != werkpad.ReferralReported {
			t.Errorf("referral: %+v", got)
		}
		list, total, err := svc.FindReferrals(asUser(gem), werkpad.ReferralFilter{Status: werkpad.ReferralReported})
		if err != nil || total != 1 || list[0].ID != r.ID {
			t.Errorf("list by status: %v %d %v", list, total, err)
		}
		if n := auditCount(t, db, "terugmelden", "aanmelding", r.ID); n != 1 {
			t.Errorf("%d audit rows for the feedback", n)
		}
	})
}

func TestReferralDuplicateDetection(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		gemBD := MustCreateUser(t, db, "k@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		svc := store.NewReferralService(db, testSealer(t))
		inService := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = "111111110" })
		MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
			c.BSN, c.DeregisteredOn = "222222220", werkpad.MustParseDate("2024-05-31")
		})

		dup := newReferral("111111110", "GM0268")
		if err := svc.CreateReferral(asUser(gem), dup); err != nil {
			t.Fatal(err)
		}
		if dup.ID == 0 || dup.DuplicateOfCandidateID != inService.ID {
			t.Errorf("duplicate not marked: %+v", dup)
		}
		gone := newReferral("222222220", "GM0268")
		if err := svc.CreateReferral(asUser(gem), gone); err != nil || gone.DuplicateOfCandidateID != 0 {
			t.Errorf("deregistered candidate marked as duplicate: %+v %v", gone, err)
		}
		list, total, err := svc.FindReferrals(asUser(gem), werkpad.ReferralFilter{DuplicatesOnly: true})
		if err != nil || total != 1 || list[0].ID != dup.ID || list[0].DuplicateOfCandidateID != inService.ID {
			t.Errorf("duplicates list: %v %d %v", list, total, err)
		}
		// Berg en Dal refers the same person: stored, but the link to a
		// Nijmegen candidate is not shown to Berg en Dal.
		bd := newReferral("111111110", "GM1945")
		if err := svc.CreateReferral(asUser(gemBD), bd); err != nil || bd.DuplicateOfCandidateID != 0 {
			t.Errorf("cross-municipality duplicate shown: %+v %v", bd, err)
		}
		if _, total, _ := svc.FindReferrals(asUser(gemBD), werkpad.ReferralFilter{DuplicatesOnly: true}); total != 0 {
			t.Errorf("Berg en Dal counts %d duplicates", total)
		}
		got, err := svc.FindReferralByID(asUser(cons), bd.ID)
		if err != nil || got.DuplicateOfCandidateID != inService.ID {
			t.Errorf("consultant does not see the duplicate: %+v %v", got, err)
		}
	})
}
