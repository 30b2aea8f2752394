package store_test

import (
	"context"
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestSatisfactionSurvey walks the survey on both databases: a consultant
// makes a link after an exit or placement, the candidate answers it once
// without an account, a new link replaces an unanswered one, a link
// expires; the answers are stored apart from the candidate; the figures of
// a period count invitations made in it and answers given by its end, per
// municipality in the caller's scope and per service line.
func TestSatisfactionSurvey(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-06-03")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		bd := MustCreateUser(t, db, "g@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		ctl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		d := werkpad.MustParseDate
		nijm := MustCreateCandidate(t, db, cons, nil)
		berg := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
			c.BSN, c.MunicipalityCode, c.ServiceLine = testBSNs[1], "GM1945", werkpad.ServiceOWNW
		})
		late := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = testBSNs[2] })
		exit := &werkpad.Exit{CandidateID: nijm.ID, Date: d("2024-05-31"), Reason: werkpad.ExitMoved}
		must(t, store.NewExitService(db).CreateExit(asUser(cons), exit))
		pl := &werkpad.Placement{CandidateID: berg.ID, EmployerName: "Bakkerij", Period: period("2024-05-01", ""),
			ContractMinutesPerWeek: 32 * 60, ContractType: werkpad.ContractFixedTerm}
		must(t, store.NewPlacementService(db).CreatePlacement(asUser(cons), pl))
		lateExit := &werkpad.Exit{CandidateID: late.ID, Date: d("2024-06-03"), Reason: werkpad.ExitStudy}
		must(t, store.NewExitService(db).CreateExit(asUser(cons), lateExit))
		svc := store.NewSurveyService(db)
		public := context.Background()

		if _, err := svc.InviteSurvey(asUser(gem), werkpad.SurveyAfterExit, exit.ID); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a gemeente makes a link: %v", err)
		}
		if _, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterExit, 9999); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("a link for an unknown exit: %v", err)
		}
		inv, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterExit, exit.ID)
		must(t, err)
		if inv.Token == "" || inv.Municipality != "GM0268" || inv.ExpiresOn != d("2024-07-03") || inv.ServiceLine != werkpad.ServiceJobMediation {
			t.Fatalf("invitation: %+v", inv)
		}
		rows, err := svc.SurveyOccasions(asUser(cons), nijm.ID)
		must(t, err)
		if len(rows) != 1 || rows[0].Invitation.ID != inv.ID || !rows[0].Invitation.Open(d("2024-06-03")) {
			t.Errorf("occasions: %+v", rows)
		}
		qs, err := svc.OpenSurvey(public, inv.Token)
		must(t, err)
		if len(qs) != 5 || qs[0].Code != "begeleiding" || qs[3].Max != 10 || qs[4].Kind != werkpad.SurveyOpen {
			t.Fatalf("questions: %+v", qs)
		}
		if _, err := svc.OpenSurvey(public, inv.Token+"x"); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("a wrong token: %v", err)
		}
		answers := []werkpad.SurveyAnswer{{Question: "begeleiding", Score: 4}, {Question: "afspraken", Score: 5},
			{Question: "resultaat", Score: 3}, {Question: "cijfer", Score: 8}, {Question: "verbetering", Text: "Sneller terugbellen."}}
		bad := append([]werkpad.SurveyAnswer(nil), answers...)
		bad[1].Score = 6
		if err := svc.AnswerSurvey(public, inv.Token, bad); werkpad.ErrorField(err) != "afspraken" {
			t.Errorf("a score outside the scale: %v", err)
		}
		if err := svc.AnswerSurvey(public, inv.Token, answers[1:]); werkpad.ErrorField(err) != "begeleiding" {
			t.Errorf("a scale question left open: %v", err)
		}
		if n := countRows(t, db, "survey_responses"); n != 0 {
			t.Fatalf("refused answers stored %d responses", n)
		}
		must(t, svc.AnswerSurvey(public, inv.Token, answers))
		if err := svc.AnswerSurvey(public, inv.Token, answers); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("answered twice: %v", err)
		}
		if _, err := svc.OpenSurvey(public, inv.Token); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("an answered link opens: %v", err)
		}
		if _, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterExit, exit.ID); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("a new link after the answer: %v", err)
		}
		if n := countRows(t, db, "survey_answers"); n != 5 {
			t.Errorf("answers stored: %d", n)
		}

		// A new link replaces an unanswered one; a link expires.
		first, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterPlacement, pl.ID)
		must(t, err)
		fixedClock(db, "2024-06-10")
		second, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterPlacement, pl.ID)
		must(t, err)
		if second.ID != first.ID || second.InvitedOn != d("2024-06-03") || second.ExpiresOn != d("2024-07-10") {
			t.Errorf("the new link: %+v", second)
		}
		if _, err := svc.OpenSurvey(public, first.Token); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("the replaced link still opens: %v", err)
		}
		fixedClock(db, "2024-07-11")
		if _, err := svc.OpenSurvey(public, second.Token); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("an expired link opens: %v", err)
		}

		// Made in June, answered in July: the first half year counts the
		// invitation, not the answer, and keeps doing so.
		fixedClock(db, "2024-06-20")
		lateInv, err := svc.InviteSurvey(asUser(cons), werkpad.SurveyAfterExit, lateExit.ID)
		must(t, err)
		fixedClock(db, "2024-07-02")
		must(t, svc.AnswerSurvey(public, lateInv.Token, []werkpad.SurveyAnswer{{Question: "begeleiding", Score: 1}, {Question: "afspraken", Score: 1},
			{Question: "resultaat", Score: 1}, {Question: "cijfer", Score: 3}}))

		h1 := werkpad.HalfYear(2024, 1)
		ch, err := svc.SatisfactionChapter(asUser(ctl), h1, nil)
		must(t, err)
		fig := map[string]werkpad.SatisfactionFigures{}
		for _, f := range ch.Municipalities {
			fig[f.Code] = f
		}
		if f := fig["GM0268"]; f.Invited != 2 || f.Answered != 1 || f.Scores["cijfer"] != (werkpad.ScoreSum{Sum: 8, N: 1}) {
			t.Errorf("Nijmegen H1: %+v", f)
		}
		if f := fig["GM1945"]; f.Invited != 1 || f.Answered != 0 {
			t.Errorf("Berg en Dal H1: %+v", f)
		}
		if f := fig[""]; f.Invited != 3 || f.Answered != 1 {
			t.Errorf("region H1: %+v", f)
		}
		if rate, _ := fig["GM0268"].ResponseRate(); rate != 5000 {
			t.Errorf("Nijmegen response rate: %d", rate)
		}
		if len(ch.Questions) != 4 || ch.ServiceLines[0].Invited != 2 || ch.ServiceLines[1].Invited != 1 {
			t.Errorf("questions %d, service lines %+v", len(ch.Questions), ch.ServiceLines)
		}
		year, err := svc.SatisfactionChapter(asUser(ctl), werkpad.Period{From: d("2024-01-01"), To: d("2024-12-31")}, nil)
		must(t, err)
		if f := year.Municipalities[len(year.Municipalities)-1]; f.Invited != 3 || f.Answered != 2 || f.Scores["cijfer"] != (werkpad.ScoreSum{Sum: 11, N: 2}) {
			t.Errorf("region 2024: %+v", f)
		}

		// Scoped: Berg en Dal sees its own row and a region of its own.
		own, err := svc.SatisfactionChapter(asUser(bd), h1, nil)
		must(t, err)
		if len(own.Municipalities) != 2 || own.Municipalities[0].Code != "GM1945" || own.Municipalities[1].Invited != 1 || own.ServiceLines[0].Invited != 0 {
			t.Errorf("Berg en Dal's chapter: %+v", own)
		}
		if _, err := svc.SurveyOccasions(asUser(gem), nijm.ID); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a gemeente lists survey links: %v", err)
		}
	})
}
