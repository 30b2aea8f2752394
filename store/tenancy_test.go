package store_test

import (
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestCaseworkTenancy proves that a user of Nijmegen (GM0268) cannot find,
// list, count, search, change or reach the casework of a Berg en Dal
// (GM1945) candidate: single records are "not found", lists and counts
// leave them out.
func TestCaseworkTenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gemBD := MustCreateUser(t, db, "k@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		sealer := testSealer(t)
		cands, refs := store.NewCandidateService(db, sealer), store.NewReferralService(db, sealer)
		places, exits, signals, enrols := store.NewPlacementService(db), store.NewExitService(db), store.NewSignalService(db), store.NewEnrolmentService(db)

		// A Nijmegen candidate (visible) and a Berg en Dal one with casework of every kind.
		mine := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN, c.Surname = testBSNs[0], "Nijmeegs" })
		theirs := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
			c.BSN, c.Surname, c.MunicipalityCode = testBSNs[1], "Berg", "GM1945"
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-15", "")}}
		})
		ctx := asUser(cons)
		p := &werkpad.Placement{CandidateID: theirs.ID, EmployerName: "X", Period: period("2024-06-01", ""), ContractMinutesPerWeek: 600, ContractType: werkpad.ContractAgency}
		must(t, places.CreatePlacement(ctx, p))
		x := &werkpad.Exit{CandidateID: theirs.ID, Date: werkpad.MustParseDate("2024-06-30"), Reason: werkpad.ExitWork, PlacementID: &p.ID}
		must(t, exits.CreateExit(ctx, x))
		s := &werkpad.Signal{CandidateID: theirs.ID, Date: werkpad.MustParseDate("2024-06-01"), Behaviour: "b", Advice: "a", AdvisedDecision: werkpad.DecisionNone}
		must(t, signals.CreateSignal(ctx, s))
		e := &werkpad.Enrolment{CandidateID: theirs.ID, InstrumentCode: "versnelling", Period: period("2024-02-01", "")}
		must(t, enrols.CreateEnrolment(ctx, e))
		r := newReferral(testBSNs[1], "GM1945")
		must(t, refs.CreateReferral(asUser(gemBD), r))

		// Two outsiders: the gemeente user of Nijmegen, and a consultant
		// whose scope is Nijmegen only (he may write, so updates reach the
		// scope check rather than the role check).
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		consN := MustCreateUser(t, db, "n@werkbedrijf.nl", werkpad.RoleConsultant, "GM0268")
		wga := MustCreateUser(t, db, "w@werkbedrijf.nl", werkpad.RoleEmployerAdviser, "GM0268")

		for _, u := range []*werkpad.User{gem, consN, wga} {
			ctx := asUser(u)
			notFound := func(what string, err error) {
				t.Helper()
				if werkpad.ErrorCode(err) != werkpad.ENOTFOUND && !(werkpad.ErrorCode(err) == werkpad.EFORBIDDEN && roleMayNot(u, what)) {
					t.Errorf("%s: %s: got %v, want notfound", u.Email, what, err)
				}
			}
			_, err := cands.FindCandidateByID(ctx, theirs.ID)
			notFound("find candidate", err)
			_, err = cands.SearchCandidateByBSN(ctx, theirs.BSN)
			notFound("search by BSN", err)
			name := "Gewijzigd"
			_, err = cands.UpdateCandidate(ctx, theirs.ID, werkpad.CandidateUpdate{Surname: &name})
			notFound("update candidate", err)
			_, err = cands.AddPhase(ctx, theirs.ID, werkpad.PhasePeriod{Phase: werkpad.PhaseMediate, Period: period("2025-01-01", "")})
			notFound("update candidate", err)
			gm := "GM1945"
			_, err = cands.UpdateCandidate(ctx, mine.ID, werkpad.CandidateUpdate{MunicipalityCode: &gm})
			notFound("update candidate", err) // moving one's own candidate out of scope
			list, total, err := cands.FindCandidates(ctx, werkpad.CandidateFilter{})
			if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
				t.Errorf("%s: candidate list: %d %v", u.Email, total, err)
			}
			for _, f := range []werkpad.CandidateFilter{{Municipality: "GM1945"}, {Name: "berg"}, {Phase: werkpad.PhaseDevelop}} {
				if _, total, _ := cands.FindCandidates(ctx, f); total != 0 {
					t.Errorf("%s: filter %+v counts %d", u.Email, f, total)
				}
			}

			_, err = places.FindPlacementByID(ctx, p.ID)
			notFound("find placement", err)
			_, err = places.EndPlacement(ctx, p.ID, werkpad.MustParseDate("2024-12-31"))
			notFound("change placement", err)
			err = places.CreatePlacement(ctx, &werkpad.Placement{CandidateID: theirs.ID, EmployerName: "Y", Period: period("2024-07-01", ""), ContractMinutesPerWeek: 600, ContractType: werkpad.ContractAgency})
			notFound("change placement", err)
			if _, total, err := places.FindPlacements(ctx, werkpad.PlacementFilter{}); total != 0 && err == nil {
				t.Errorf("%s: placements counted: %d", u.Email, total)
			}

			_, err = exits.FindExitByID(ctx, x.ID)
			notFound("find exit", err)
			err = exits.CreateExit(ctx, &werkpad.Exit{CandidateID: theirs.ID, Date: werkpad.MustParseDate("2024-06-30"), Reason: werkpad.ExitOther})
			notFound("change exit", err)
			if _, total, err := exits.FindExits(ctx, werkpad.ExitFilter{}); total != 0 && err == nil {
				t.Errorf("%s: exits counted: %d", u.Email, total)
			}

			_, err = signals.FindSignalByID(ctx, s.ID)
			notFound("find signal", err)
			_, err = signals.DecideSignal(ctx, s.ID, werkpad.SignalDecisionInput{Decision: werkpad.DecisionNone, On: werkpad.MustParseDate("2024-06-02")})
			notFound("decide signal", err)
			err = signals.CreateSignal(ctx, &werkpad.Signal{CandidateID: theirs.ID, Date: werkpad.MustParseDate("2024-06-01"), Behaviour: "b", Advice: "a", AdvisedDecision: werkpad.DecisionNone})
			notFound("change signal", err)
			if _, total, err := signals.FindSignals(ctx, werkpad.SignalFilter{}); total != 0 && err == nil {
				t.Errorf("%s: signals counted: %d", u.Email, total)
			}

			_, err = enrols.FindEnrolmentByID(ctx, e.ID)
			notFound("find enrolment", err)
			_, err = enrols.EndEnrolment(ctx, e.ID, werkpad.EnrolmentEnd{On: werkpad.MustParseDate("2024-06-30")})
			notFound("change enrolment", err)
			if _, total, err := enrols.FindEnrolments(ctx, werkpad.EnrolmentFilter{}); total != 0 && err == nil {
				t.Errorf("%s: enrolments counted: %d", u.Email, total)
			}

			_, err = refs.FindReferralByID(ctx, r.ID)
			notFound("find referral", err)
			_, err = refs.ScheduleIntake(ctx, r.ID, werkpad.MustParseDate("2024-06-04"),
				werkpad.Intake{Date: werkpad.MustParseDate("2024-06-10"), Location: "L", Daypart: werkpad.Morning}, "")
			notFound("change referral", err)
			if _, total, err := refs.FindReferrals(ctx, werkpad.ReferralFilter{}); total != 0 && err == nil {
				t.Errorf("%s: referrals counted: %d", u.Email, total)
			}
			err = refs.CreateReferral(ctx, newReferral(testBSNs[2], "GM1945"))
			notFound("create referral", err)
		}

		// The owner still sees everything, and nothing was changed.
		got, err := cands.FindCandidateByID(asUser(gemBD), theirs.ID)
		if err != nil || got.Surname != "Berg" || len(got.Phases) != 1 || got.MunicipalityCode != "GM1945" {
			t.Errorf("owner's view: %+v %v", got, err)
		}
		if sig, err := signals.FindSignalByID(asUser(gemBD), s.ID); err != nil || sig.Decision != werkpad.DecisionPending {
			t.Errorf("signal decided by an outsider: %+v %v", sig, err)
		}
		if got, err := places.FindPlacementByID(asUser(gemBD), p.ID); err != nil || !got.Period.Open() {
			t.Errorf("placement changed by an outsider: %+v %v", got, err)
		}
		if _, total, _ := refs.FindReferrals(asUser(gemBD), werkpad.ReferralFilter{}); total != 1 {
			t.Errorf("owner's referrals: %d", total)
		}
		if n := countRows(t, db, "referrals"); n != 1 {
			t.Errorf("%d referrals stored", n)
		}
	})
}

// roleMayNot reports whether the role matrix refuses u the kind of action
// outright (EFORBIDDEN before any scope check, so nothing leaks either).
func roleMayNot(u *werkpad.User, what string) bool {
	switch u.Role {
	case werkpad.RoleMunicipality:
		switch what {
		case "update candidate", "change placement", "change exit", "change signal", "change enrolment", "change referral":
			return true
		}
	case werkpad.RoleConsultant:
		return what == "decide signal" || what == "create referral"
	case werkpad.RoleEmployerAdviser:
		return what != "find candidate" && what != "find placement"
	}
	return false
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
