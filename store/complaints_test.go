package store_test

import (
	"reflect"
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestComplaintHandling walks complaints through the Awb terms on both
// databases: receipt, acknowledgement, postponement (at most four weeks
// without consent), decision; scoped like every person record; figures of a
// closed period that a later decision does not change.
func TestComplaintHandling(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-06-03")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		bd := MustCreateUser(t, db, "g@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		ctl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		c := MustCreateCandidate(t, db, cons, nil)
		svc := store.NewComplaintService(db)
		d := werkpad.MustParseDate

		bad := &werkpad.Complaint{CandidateID: c.ID, ReceivedOn: d("2024-06-10")}
		err := svc.CreateComplaint(asUser(cons), bad)
		if fields := werkpad.FieldErrors(err); len(fields) != 3 {
			t.Errorf("a complaint received in the future without subject or text: %v", err)
		}
		if err := svc.CreateComplaint(asUser(gem), &werkpad.Complaint{CandidateID: c.ID, ReceivedOn: d("2024-05-01"), Subject: "x", Description: "y"}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente registers a complaint: %v", err)
		}
		k := &werkpad.Complaint{CandidateID: c.ID, ReceivedOn: d("2024-04-15"), Subject: "Bejegening", Description: "De consulent kwam twee afspraken niet na."}
		must(t, svc.CreateComplaint(asUser(cons), k))
		if k.MunicipalityCode != "GM0268" || k.Due() != d("2024-05-27") || k.TermState(d("2024-06-03")) != "te-laat" {
			t.Errorf("new complaint: %+v due %s", k, k.Due())
		}
		step := func(s werkpad.ComplaintStep) error {
			_, err := svc.ComplaintStep(asUser(cons), k.ID, s)
			return err
		}
		if err := step(werkpad.ComplaintStep{Kind: "afhandelen", On: d("2024-05-20"), Outcome: werkpad.ComplaintFounded, Text: "Terecht."}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("decided before acknowledged: %v", err)
		}
		must(t, step(werkpad.ComplaintStep{Kind: "bevestigen", On: d("2024-04-16")}))
		if err := step(werkpad.ComplaintStep{Kind: "bevestigen", On: d("2024-04-17")}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("acknowledged twice: %v", err)
		}
		// Postpone: at most four weeks after the six, with a reason.
		if err := step(werkpad.ComplaintStep{Kind: "verdagen", On: d("2024-05-20"), To: d("2024-06-25"), Text: "Hoor en wederhoor"}); werkpad.ErrorField(err) != "verdaagdTot" {
			t.Errorf("postponed five weeks without consent: %v", err)
		}
		if err := step(werkpad.ComplaintStep{Kind: "verdagen", On: d("2024-05-20"), To: d("2024-06-24")}); werkpad.ErrorField(err) != "toelichting" {
			t.Errorf("postponed without a reason: %v", err)
		}
		if err := step(werkpad.ComplaintStep{Kind: "verdagen", On: d("2024-05-28"), To: d("2024-06-24"), Text: "Te laat"}); werkpad.ErrorField(err) != "datum" {
			t.Errorf("postponed after the term: %v", err)
		}
		must(t, step(werkpad.ComplaintStep{Kind: "verdagen", On: d("2024-05-20"), To: d("2024-06-24"), Text: "Hoor en wederhoor"}))
		if err := step(werkpad.ComplaintStep{Kind: "verdagen", On: d("2024-06-01"), To: d("2024-07-01"), Text: "Nog eens"}); werkpad.ErrorField(err) != "instemming" {
			t.Errorf("postponed twice without consent: %v", err)
		}
		got, err := svc.FindComplaintByID(asUser(gem), k.ID)
		must(t, err)
		if got.Due() != d("2024-06-24") || got.TermState(d("2024-06-03")) != "" || got.TermState(d("2024-06-18")) != "bijna" || got.CandidateName != c.FullName() {
			t.Errorf("postponed complaint: %+v", got)
		}
		if _, err := svc.FindComplaintByID(asUser(bd), k.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("Berg en Dal sees a Nijmegen complaint: %v", err)
		}
		if list, total, err := svc.FindComplaints(asUser(bd), werkpad.ComplaintFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("Berg en Dal's list: %d %v", total, err)
		}
		if _, total, _ := svc.FindComplaints(asUser(gem), werkpad.ComplaintFilter{OpenOnly: true}); total != 1 {
			t.Errorf("open complaints: %d", total)
		}
		if err := step(werkpad.ComplaintStep{Kind: "afhandelen", On: d("2024-06-03"), Outcome: werkpad.ComplaintPartlyFounded}); werkpad.ErrorField(err) != "toelichting" {
			t.Errorf("decided without findings: %v", err)
		}
		h1 := werkpad.Period{From: d("2024-01-01"), To: d("2024-06-30")}
		before, err := svc.ComplaintFigures(asUser(ctl), werkpad.Period{From: d("2024-01-01"), To: d("2024-05-31")})
		must(t, err)
		must(t, step(werkpad.ComplaintStep{Kind: "afhandelen", On: d("2024-06-03"), Outcome: werkpad.ComplaintPartlyFounded, Text: "Afspraken zijn gemist; excuses aangeboden."}))
		if err := step(werkpad.ComplaintStep{Kind: "afhandelen", On: d("2024-06-03"), Outcome: werkpad.ComplaintFounded, Text: "x"}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("decided twice: %v", err)
		}
		after, err := svc.ComplaintFigures(asUser(ctl), werkpad.Period{From: d("2024-01-01"), To: d("2024-05-31")})
		must(t, err)
		if r := before[len(before)-1]; !reflect.DeepEqual(before, after) || r.Code != "" || r.Received != 1 || r.OpenAtEnd != 1 {
			t.Errorf("figures of a closed period changed: %+v → %+v", before, after)
		}
		figs, err := svc.ComplaintFigures(asUser(ctl), h1)
		must(t, err)
		region := figs[len(figs)-1]
		if region.Received != 1 || region.Decided != 1 || region.DecidedInTime != 1 || region.ByOutcome[werkpad.ComplaintPartlyFounded] != 1 || region.OpenAtEnd != 0 {
			t.Errorf("H1 figures: %+v", region)
		}
		if figs, _ := svc.ComplaintFigures(asUser(bd), h1); len(figs) != 2 || figs[0].Code != "GM1945" || figs[1].Received != 0 {
			t.Errorf("Berg en Dal's figures: %+v", figs)
		}
		// The candidate moves to Berg en Dal: the complaint follows him for
		// who may see it, the figures stay where he lived on receipt.
		code := "GM1945"
		if _, err := store.NewCandidateService(db, testSealer(t)).UpdateCandidate(asUser(cons), c.ID, werkpad.CandidateUpdate{MunicipalityCode: &code}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FindComplaintByID(asUser(bd), k.ID); err != nil {
			t.Errorf("Berg en Dal does not see its new resident's complaint: %v", err)
		}
		if _, err := svc.FindComplaintByID(asUser(gem), k.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("Nijmegen still sees the complaint of someone who moved away: %v", err)
		}
		moved, err := svc.ComplaintFigures(asUser(ctl), h1)
		must(t, err)
		if !reflect.DeepEqual(figs, moved) {
			t.Errorf("a move changed the figures of H1: %+v → %+v", figs, moved)
		}
		if bdFigs, _ := svc.ComplaintFigures(asUser(bd), h1); bdFigs[0].Received != 0 {
			t.Errorf("Berg en Dal's H1 figures count a complaint received in Nijmegen: %+v", bdFigs)
		}
	})
}
