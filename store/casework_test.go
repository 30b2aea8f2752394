package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

// casework tables whose row counts must not move when validation fails.
var caseworkTables = []string{"candidates", "benefit_periods", "indications", "phase_periods", "referrals",
	"referral_events", "enrolments", "placements", "exits", "signals", "audit_events"}

func rowCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, table := range caseworkTables {
		m[table] = countRows(t, db, table)
	}
	return m
}

func TestCaseworkValidationStoresNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		ctx := asUser(cons)
		cands := store.NewCandidateService(db, testSealer(t))
		c := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-15", "2024-03-31")}}
			c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2024-01-01", "")}}
		})
		other := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = testBSNs[1] })
		placement := &werkpad.Placement{CandidateID: other.ID, EmployerName: "Bakkerij", Period: period("2024-06-01", ""),
			ContractMinutesPerWeek: 32 * 60, ContractType: werkpad.ContractFixedTerm}
		if err := store.NewPlacementService(db).CreatePlacement(ctx, placement); err != nil {
			t.Fatal(err)
		}
		before := rowCounts(t, db)

		for _, tt := range []struct {
			name, field string
			do          func() error
		}{
			{"overlapping phase", "fasen[1].van", func() error {
				_, err := cands.AddPhase(ctx, c.ID, werkpad.PhasePeriod{Phase: werkpad.PhaseMediate, Period: period("2024-03-31", "")})
				return err
			}},
			{"overlapping benefit", "uitkeringen[1].van", func() error {
				_, err := cands.AddBenefit(ctx, c.ID, werkpad.BenefitPeriod{Kind: werkpad.BenefitNone, Period: period("2024-05-01", "")})
				return err
			}},
			{"benefit ends before it starts", "uitkeringen[0].tot", func() error {
				_, err := cands.ReplaceBenefits(ctx, c.ID, []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2024-05-01", "2024-04-01")}})
				return err
			}},
			{"same indication twice", "indicaties[1].van", func() error {
				_, err := cands.ReplaceIndications(ctx, c.ID, []werkpad.Indication{
					{Kind: werkpad.IndicationSheltered, Period: period("2024-01-01", "")},
					{Kind: werkpad.IndicationSheltered, Period: period("2024-02-01", "")}})
				return err
			}},
			{"deregistered before registered", "uitgeschrevenOp", func() error {
				d := werkpad.MustParseDate("2023-01-01")
				_, err := cands.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{DeregisteredOn: &d})
				return err
			}},
			{"new candidate with a bad BSN", "bsn", func() error {
				return cands.CreateCandidate(ctx, &werkpad.Candidate{BSN: "123456789", GivenName: "A", Surname: "B",
					BirthDate: werkpad.MustParseDate("1990-01-01"), MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceSW,
					RegisteredOn: werkpad.MustParseDate("2024-01-01"),
					Phases:       []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-01", "")}}})
			}},
			{"new candidate with overlapping phases", "fasen[1].van", func() error {
				return cands.CreateCandidate(ctx, &werkpad.Candidate{BSN: testBSNs[5], GivenName: "A", Surname: "B",
					BirthDate: werkpad.MustParseDate("1990-01-01"), MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceSW,
					RegisteredOn: werkpad.MustParseDate("2024-01-01"),
					Phases: []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-01", "")},
						{Phase: werkpad.PhaseMediate, Period: period("2024-02-01", "")}}})
			}},
			{"exit to work without placement", "plaatsingId", func() error {
				return store.NewExitService(db).CreateExit(ctx, &werkpad.Exit{CandidateID: c.ID, Date: werkpad.MustParseDate("2024-06-30"), Reason: werkpad.ExitWork})
			}},
			{"exit to work with another candidate's placement", "plaatsingId", func() error {
				return store.NewExitService(db).CreateExit(ctx, &werkpad.Exit{CandidateID: c.ID, Date: werkpad.MustParseDate("2024-06-30"),
					Reason: werkpad.ExitWork, PlacementID: &placement.ID})
			}},
			{"placement ends before it starts", "periode.tot", func() error {
				_, err := store.NewPlacementService(db).EndPlacement(ctx, placement.ID, werkpad.MustParseDate("2024-05-01"))
				return err
			}},
			{"placement over 40 hours", "contractMinutenPerWeek", func() error {
				m := 41 * 60
				_, err := store.NewPlacementService(db).UpdatePlacement(ctx, placement.ID, werkpad.PlacementUpdate{ContractMinutesPerWeek: &m})
				return err
			}},
			{"enrolment without details", "werkenMetBehoud", func() error {
				return store.NewEnrolmentService(db).CreateEnrolment(ctx, &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "wmbu", Period: period("2024-02-01", "")})
			}},
			{"enrolment in an unknown instrument", "instrument", func() error {
				return store.NewEnrolmentService(db).CreateEnrolment(ctx, &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "nope", Period: period("2024-02-01", "")})
			}},
			{"signal without advice", "advies", func() error {
				return store.NewSignalService(db).CreateSignal(ctx, &werkpad.Signal{CandidateID: c.ID, Date: werkpad.MustParseDate("2024-06-01"), Behaviour: "niet verschenen"})
			}},
		} {
			err := tt.do()
			if werkpad.ErrorCode(err) != werkpad.EINVALID || werkpad.ErrorField(err) != tt.field {
				t.Errorf("%s: got %v, want field %s", tt.name, err, tt.field)
			}
		}
		if diff := cmp.Diff(before, rowCounts(t, db)); diff != "" {
			t.Errorf("rows changed by refused requests (-before +after):\n%s", diff)
		}
	})
}

func TestExitToWork(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		ctx := asUser(cons)
		c := MustCreateCandidate(t, db, cons, nil)
		p := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Bouwbedrijf", Period: period("2024-06-01", ""),
			ContractMinutesPerWeek: 24*60 + 30, ContractType: werkpad.ContractFixedTerm,
			WageSubsidy: true, WageValueBasisPoints: 6250, ReassessOn: werkpad.MustParseDate("2025-06-01")}
		places := store.NewPlacementService(db)
		if err := places.CreatePlacement(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := places.FindPlacementByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("placement (-want +got):\n%s", diff)
		}
		e := &werkpad.Exit{CandidateID: c.ID, Date: werkpad.MustParseDate("2024-06-30"), Reason: werkpad.ExitWork, PlacementID: &p.ID}
		exits := store.NewExitService(db)
		if err := exits.CreateExit(ctx, e); err != nil {
			t.Fatal(err)
		}
		list, total, err := exits.FindExits(ctx, werkpad.ExitFilter{Reason: werkpad.ExitWork, DatedIn: &werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}})
		if err != nil || total != 1 || *list[0].PlacementID != p.ID || list[0].MunicipalityCode != "GM0268" {
			t.Errorf("exits: %v %d %v", list, total, err)
		}
		ended, err := places.EndPlacement(ctx, p.ID, werkpad.MustParseDate("2024-12-31"))
		if err != nil || ended.Period.To != werkpad.MustParseDate("2024-12-31") {
			t.Errorf("end placement: %+v %v", ended, err)
		}
		started, total, err := places.FindPlacements(ctx, werkpad.PlacementFilter{StartedIn: &werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}})
		if err != nil || total != 1 || started[0].ID != p.ID {
			t.Errorf("started in H1: %v %d %v", started, total, err)
		}
		if _, total, _ := places.FindPlacements(ctx, werkpad.PlacementFilter{ActiveIn: &werkpad.Period{From: werkpad.MustParseDate("2025-01-01")}}); total != 0 {
			t.Errorf("ended placement active in 2025")
		}
	})
}

func TestSignalDecision(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		c := MustCreateCandidate(t, db, cons, nil)
		svc := store.NewSignalService(db)
		s := &werkpad.Signal{CandidateID: c.ID, Date: werkpad.MustParseDate("2024-06-01"), Behaviour: "Drie keer niet verschenen", Advice: "Maatregel", AdvisedDecision: werkpad.DecisionSanction}
		if err := svc.CreateSignal(asUser(gem), s); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente creates a signal: %v", err)
		}
		if err := svc.CreateSignal(asUser(cons), s); err != nil {
			t.Fatal(err)
		}
		if s.ConsultantID != cons.ID || s.Decision != werkpad.DecisionPending {
			t.Errorf("new signal: %+v", s)
		}
		waiting, total, err := svc.FindSignals(asUser(gem), werkpad.SignalFilter{AwaitingDecision: true})
		if err != nil || total != 1 || waiting[0].ID != s.ID {
			t.Fatalf("awaiting: %v %d %v", waiting, total, err)
		}
		d := werkpad.SignalDecisionInput{Decision: werkpad.DecisionNone, On: werkpad.MustParseDate("2024-06-15")}
		if _, err := svc.DecideSignal(asUser(cons), s.ID, d); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consultant decides: %v", err)
		}
		// The advice was a measure: no measure deviates and needs a reason.
		if _, err := svc.DecideSignal(asUser(gem), s.ID, d); werkpad.ErrorField(err) != "besluitToelichting" {
			t.Errorf("deviation without reason: %v", err)
		}
		if _, err := svc.DecideSignal(asUser(gem), s.ID, werkpad.SignalDecisionInput{Decision: werkpad.DecisionDeviating, On: d.On, Text: "x"}); werkpad.ErrorField(err) != "besluit" {
			t.Errorf("'afwijkend' as a decision: %v", err)
		}
		d.Text = "Eerste keer; een gesprek volstaat"
		decided, err := svc.DecideSignal(asUser(gem), s.ID, d)
		if err != nil || decided.Decision != werkpad.DecisionNone || decided.DecisionDate != d.On || !decided.Deviates() {
			t.Fatalf("decide: %+v %v", decided, err)
		}
		if got, _ := svc.FindSignalByID(asUser(gem), s.ID); got.AdvisedDecision != werkpad.DecisionSanction || !got.Deviates() {
			t.Errorf("stored advice: %+v", got)
		}
		if _, err := svc.DecideSignal(asUser(gem), s.ID, d); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("second decision: %v", err)
		}
		if _, total, _ := svc.FindSignals(asUser(gem), werkpad.SignalFilter{AwaitingDecision: true}); total != 0 {
			t.Errorf("still awaiting: %d", total)
		}
		got, err := svc.FindSignalByID(asUser(cons), s.ID)
		if diff := cmp.Diff(decided, got); diff != "" || err != nil {
			t.Errorf("stored signal (-want +got):\n%s %v", diff, err)
		}
	})
}

func TestEnrolments(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		ctx := asUser(cons)
		svc := store.NewEnrolmentService(db)
		cat, err := svc.FindInstruments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(werkpad.DefaultInstruments, cat); diff != "" {
			t.Errorf("seeded catalogue differs from werkpad.DefaultInstruments (-want +got):\n%s", diff)
		}
		c := MustCreateCandidate(t, db, cons, nil)
		wmbu := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "taalstage", Period: period("2024-02-01", ""),
			WorkWithBenefit: &werkpad.WorkWithBenefitDetails{MinutesPerWeek: 16 * 60, HostOrganisation: "Kringloop"}}
		ownw := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "ownw", Period: period("2024-03-01", ""),
			OWNW: &werkpad.OWNWDetails{DaypartsPerWeek: 4, Provider: "Dagbesteding"}}
		for _, e := range []*werkpad.Enrolment{wmbu, ownw} {
			if err := svc.CreateEnrolment(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		yes := true
		ended, err := svc.EndEnrolment(ctx, wmbu.ID, werkpad.EnrolmentEnd{On: werkpad.MustParseDate("2024-05-31"), Result: "Goed", ToPaidWork: &yes})
		if err != nil || !*ended.WorkWithBenefit.ToPaidWork || ended.Result != "Goed" {
			t.Fatalf("end: %+v %v", ended, err)
		}
		if _, err := svc.EndEnrolment(ctx, ownw.ID, werkpad.EnrolmentEnd{On: werkpad.MustParseDate("2024-05-31"), ToPaidWork: &yes}); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("werkplek outcome on OWNW: %v", err)
		}
		if _, err := svc.EndEnrolment(ctx, wmbu.ID, werkpad.EnrolmentEnd{On: werkpad.MustParseDate("2024-06-30")}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("ended twice: %v", err)
		}
		got, err := svc.FindEnrolmentByID(ctx, wmbu.ID)
		if diff := cmp.Diff(ended, got); diff != "" || err != nil {
			t.Errorf("stored (-want +got):\n%s %v", diff, err)
		}
		// "Werkplek met behoud" counts by kind: the taalstage is one.
		h1 := &werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}
		list, total, err := svc.FindEnrolments(ctx, werkpad.EnrolmentFilter{Kind: werkpad.InstrumentWorkWithBenefit, ActiveIn: h1})
		if err != nil || total != 1 || list[0].ID != wmbu.ID {
			t.Errorf("by kind: %v %d %v", list, total, err)
		}
		q3 := &werkpad.Period{From: werkpad.MustParseDate("2024-07-01"), To: werkpad.MustParseDate("2024-09-30")}
		if list, total, _ := svc.FindEnrolments(ctx, werkpad.EnrolmentFilter{ActiveIn: q3}); total != 1 || list[0].ID != ownw.ID {
			t.Errorf("active in Q3: %v %d", list, total)
		}
	})
}

func TestCaseworkAudit(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		svc := store.NewCandidateService(db, testSealer(t))
		c := MustCreateCandidate(t, db, cons, nil)
		svc.FindCandidateByID(asUser(cons), c.ID)
		svc.FindCandidateByID(asUser(gem), c.ID)
		svc.SearchCandidateByBSN(asUser(gem), c.BSN)
		svc.AddPhase(asUser(cons), c.ID, werkpad.PhasePeriod{Phase: werkpad.PhaseDevelop, Period: period("2024-02-01", "")})
		name := "Peters"
		svc.UpdateCandidate(asUser(cons), c.ID, werkpad.CandidateUpdate{Surname: &name})
		for action, want := range map[string]int{"aanmaken": 1, "inzien": 2, "zoeken-bsn": 1, "wijzigen": 2} {
			if n := auditCount(t, db, action, "kandidaat", c.ID); n != want {
				t.Errorf("%s: %d audit rows, want %d", action, n, want)
			}
		}
		events, _, _ := store.NewAuditService(db).FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "kandidaat", EntityID: itoa(c.ID)})
		if events[0].ActorID != cons.ID || events[0].Municipality != "GM0268" || events[0].Detail != "achternaam" {
			t.Errorf("last event: %+v", events[0])
		}
		broken, n, err := store.NewAuditService(db).VerifyAudit(adminCtx)
		if err != nil || broken != nil || n < 7 {
			t.Errorf("VerifyAudit: broken=%v n=%d err=%v", broken, n, err)
		}
	})
}
