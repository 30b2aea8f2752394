package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"werkpad"
	"werkpad/store"
)

// employerFixture is a database with an adviser, a consultant and one
// employer with an open vacancy for inpakkers in Nijmegen.
type employerFixture struct {
	db         *store.DB
	adviser    *werkpad.User
	consultant *werkpad.User
	employers  *store.EmployerService
	vacancies  *store.VacancyService
	match      *store.MatchService
	employer   *werkpad.Employer
	vacancy    *werkpad.Vacancy
}

func newEmployerFixture(t *testing.T, db *store.DB) *employerFixture {
	t.Helper()
	fixedClock(db, "2024-06-30")
	f := &employerFixture{db: db,
		adviser:    MustCreateUser(t, db, "wga@werkbedrijf.nl", werkpad.RoleEmployerAdviser),
		consultant: MustCreateUser(t, db, "consulent@werkbedrijf.nl", werkpad.RoleConsultant),
		employers:  store.NewEmployerService(db), vacancies: store.NewVacancyService(db), match: store.NewMatchService(db)}
	f.employer = &werkpad.Employer{KvK: "12345678", Name: "Logistiek Nijmegen BV", Sector: "logistiek", MunicipalityCode: "GM0268",
		Contacts: []werkpad.EmployerContact{{Name: "Petra de Boer", Role: "HR"}}}
	if err := f.employers.CreateEmployer(asUser(f.adviser), f.employer); err != nil {
		t.Fatal(err)
	}
	f.vacancy = &werkpad.Vacancy{EmployerID: f.employer.ID, Title: "Inpakker", Occupation: "9321", MinutesPerWeek: 32 * 60,
		Municipality: "GM0268", Positions: 2}
	if err := f.vacancies.CreateVacancy(asUser(f.adviser), f.vacancy); err != nil {
		t.Fatal(err)
	}
	return f
}

// candidate creates a candidate in phase bemiddelen with a profile.
func (f *employerFixture) candidate(t *testing.T, i int, municipality string) *werkpad.Candidate {
	t.Helper()
	c := MustCreateCandidate(t, f.db, f.consultant, func(c *werkpad.Candidate) {
		c.BSN, c.Surname, c.MunicipalityCode = testBSNs[i], fmt.Sprintf("Kandidaat%d", i), municipality
		c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseMediate, Period: werkpad.Period{From: werkpad.MustParseDate("2024-02-01")}}}
	})
	p := &werkpad.Profile{CandidateID: c.ID, Occupations: []string{"9321"}, MinMinutes: 24 * 60, MaxMinutes: 36 * 60, Language: "B1"}
	if err := f.match.SaveProfile(asUser(f.consultant), p); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEmployerCreateAndDuplicateKvK(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		got, err := f.employers.FindEmployerByKvK(asUser(f.adviser), "1234 5678")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(f.employer, got, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("read back (-want +got):\n%s", diff)
		}
		dup := &werkpad.Employer{KvK: "12345678", Name: "Andere naam BV", MunicipalityCode: "GM0296"}
		err = f.employers.CreateEmployer(asUser(f.consultant), dup)
		if werkpad.ErrorCode(err) != werkpad.ECONFLICT || !strings.Contains(werkpad.ErrorMessage(err), "Logistiek Nijmegen BV") {
			t.Errorf("duplicate KvK: %v, want a conflict naming the existing employer", err)
		}
		for _, kvk := range []string{"1234567", "1234567a"} {
			err := f.employers.CreateEmployer(asUser(f.adviser), &werkpad.Employer{KvK: kvk, Name: "X", MunicipalityCode: "GM0268"})
			if werkpad.ErrorField(err) != "kvk" {
				t.Errorf("KvK %q: %v, want invalid kvk", kvk, err)
			}
		}
		gemeente := MustCreateUser(t, db, "gemeente@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		if err := f.employers.CreateEmployer(asUser(gemeente), &werkpad.Employer{KvK: "87654321", Name: "X", MunicipalityCode: "GM0268"}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente creates employer: %v, want forbidden", err)
		}
		list, total, err := f.employers.FindEmployers(asUser(gemeente), werkpad.EmployerFilter{Search: "nijmegen"})
		if err != nil || total != 1 || list[0].ID != f.employer.ID {
			t.Errorf("gemeente searches employers: %v %d %v", list, total, err)
		}
		beheerder := MustCreateUser(t, db, "beheer@werkbedrijf.nl", werkpad.RoleAdmin)
		if _, err := f.employers.FindEmployerByID(asUser(beheerder), f.employer.ID); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("beheerder reads employer: %v, want forbidden", err)
		}
		if n := auditCount(t, db, "aanmaken", "werkgever", f.employer.ID); n != 1 {
			t.Errorf("audit events: %d", n)
		}
	})
}

func TestEmployerContactLogCountsTowardCardLine(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		ctx := asUser(f.adviser)
		add := func(kind werkpad.ContactKind, on string, card string) {
			t.Helper()
			e := &werkpad.ContactLogEntry{EmployerID: f.employer.ID, Kind: kind, On: werkpad.MustParseDate(on), Note: "gesprek", CardItem: card}
			if err := f.employers.AddContactLogEntry(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		add(werkpad.ContactVisit, "2024-03-01", werkpad.MarketWorkCardItem)
		add(werkpad.ContactCall, "2024-04-01", werkpad.MarketWorkCardItem)
		add(werkpad.ContactEvent, "2024-05-01", werkpad.MarketWorkCardItem)
		add(werkpad.ContactCall, "2024-05-02", "")                          // not linked
		add(werkpad.ContactVisit, "2023-12-31", werkpad.MarketWorkCardItem) // outside the period
		got, err := f.employers.MarketWork(ctx, "GM0268", werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Contacts != 2 || got.Events != 1 || got.Units() != 1 {
			t.Errorf("tally: %+v", got)
		}
		log, err := f.employers.FindContactLog(ctx, f.employer.ID)
		if err != nil || len(log) != 5 || log[0].On.String() != "2024-05-02" {
			t.Errorf("log: %v %v", log, err)
		}
	})
}

// placeAt gives n candidates an active placement at the employer.
func (f *employerFixture) placeAt(t *testing.T, from, n int) {
	t.Helper()
	ps := store.NewPlacementService(f.db)
	for i := from; i < from+n; i++ {
		c := f.candidate(t, i, "GM0268")
		id := f.employer.ID
		p := &werkpad.Placement{CandidateID: c.ID, EmployerID: &id, Period: werkpad.Period{From: werkpad.MustParseDate("2024-03-01")},
			ContractMinutesPerWeek: 32 * 60, ContractType: werkpad.ContractFixedTerm, WageSubsidy: i%2 == 0, WageValueBasisPoints: 6000,
			ReassessOn: werkpad.MustParseDate("2025-03-01")}
		if !p.WageSubsidy {
			p.WageValueBasisPoints, p.ReassessOn = 0, werkpad.Date{}
		}
		if err := ps.CreatePlacement(asUser(f.consultant), p); err != nil {
			t.Fatal(err)
		}
		if p.EmployerName != "Logistiek Nijmegen BV" {
			t.Errorf("employer name from the register: %q", p.EmployerName)
		}
	}
}

func TestWerkgeversbonusEligibility(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		ctx := asUser(f.adviser)
		f.placeAt(t, 0, 9)
		o, err := f.employers.EmployerOverview(ctx, f.employer.ID, werkpad.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if o.ActivePlacements != 9 || o.GroupSize != 9 || o.BonusEligible || o.ActiveLKS != 5 || o.OpenVacancies != 1 {
			t.Errorf("9 placements: %+v", o)
		}
		grant := &werkpad.BonusGrant{EmployerID: f.employer.ID, AmountCents: 2_000_000, On: werkpad.MustParseDate("2024-06-30")}
		if err := f.employers.GrantBonus(ctx, grant); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("grant at 9: %v, want conflict", err)
		}
		f.placeAt(t, 9, 1)
		if o, _ = f.employers.EmployerOverview(ctx, f.employer.ID, werkpad.Date{}); o.GroupSize != 10 || !o.BonusEligible {
			t.Errorf("10 placements: %+v", o)
		}
		if err := f.employers.GrantBonus(ctx, grant); err != nil {
			t.Fatal(err)
		}
		if o, _ = f.employers.EmployerOverview(ctx, f.employer.ID, werkpad.Date{}); len(o.BonusGrants) != 1 || o.BonusGrants[0].ActivePlacements != 10 {
			t.Errorf("grants: %+v", o.BonusGrants)
		}
		if err := f.employers.GrantBonus(asUser(f.consultant), grant); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consulent grants: %v", err)
		}
		// A gemeente of Berg en Dal sees none of these Nijmegen placements.
		bd := MustCreateUser(t, db, "gemeente@bergendal.nl", werkpad.RoleMunicipality, "GM1945")
		if o, err := f.employers.EmployerOverview(asUser(bd), f.employer.ID, werkpad.Date{}); err != nil || o.ActivePlacements != 0 || !o.Scoped {
			t.Errorf("scoped overview: %+v %v", o, err)
		}
		// The start page's bonus list: one grouped count, in scope.
		on := werkpad.MustParseDate("2024-06-30")
		if gs, err := f.employers.EmployerGroups(ctx, on, 7); err != nil || len(gs) != 1 || gs[0].Active != 10 || gs[0].Employer.ID != f.employer.ID {
			t.Errorf("groups for the adviser: %+v %v", gs, err)
		}
		if gs, err := f.employers.EmployerGroups(ctx, on, 11); err != nil || len(gs) != 0 {
			t.Errorf("groups from 11: %+v %v", gs, err)
		}
		if gs, err := f.employers.EmployerGroups(ctx, werkpad.MustParseDate("2024-02-29"), 1); err != nil || len(gs) != 0 {
			t.Errorf("groups before the placements started: %+v %v", gs, err)
		}
		if gs, err := f.employers.EmployerGroups(asUser(bd), on, 1); err != nil || len(gs) != 0 {
			t.Errorf("groups for Berg en Dal count Nijmegen placements: %+v %v", gs, err)
		}
	})
}

func TestHireCreatesPlacement(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		ctx := asUser(f.adviser)
		var proposals []*werkpad.Proposal
		for i := range 2 {
			c := f.candidate(t, i, "GM0268")
			p := &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: c.ID}
			if err := f.match.RecordProposal(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.Score != 100 || p.Status != werkpad.ProposalProposed {
				t.Errorf("proposal: %+v", p)
			}
			proposals = append(proposals, p)
		}
		if err := f.match.RecordProposal(ctx, &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: proposals[0].CandidateID}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("second open proposal: %v", err)
		}
		on := werkpad.MustParseDate("2024-06-30")
		if _, err := f.match.UpdateProposal(ctx, proposals[0].ID, werkpad.ProposalUpdate{Status: werkpad.ProposalInvited, On: on}); err != nil {
			t.Fatal(err)
		}
		hire := &werkpad.Hire{Start: werkpad.MustParseDate("2024-07-01"), ContractType: werkpad.ContractFixedTerm}
		got, err := f.match.UpdateProposal(ctx, proposals[0].ID, werkpad.ProposalUpdate{Status: werkpad.ProposalHired, On: on, Hire: hire})
		if err != nil {
			t.Fatal(err)
		}
		pl, err := store.NewPlacementService(db).FindPlacementByID(asUser(f.consultant), got.PlacementID)
		if err != nil {
			t.Fatal(err)
		}
		if pl.CandidateID != proposals[0].CandidateID || pl.EmployerID == nil || *pl.EmployerID != f.employer.ID ||
			pl.EmployerName != "Logistiek Nijmegen BV" || pl.ContractMinutesPerWeek != 32*60 || pl.Period.From != hire.Start {
			t.Errorf("placement: %+v", pl)
		}
		v, _ := f.vacancies.FindVacancyByID(ctx, f.vacancy.ID)
		if v.Status != werkpad.VacancyOpen || v.Hired != 1 {
			t.Errorf("vacancy after 1 of 2 hires: %+v", v)
		}
		// A failing hire leaves nothing behind: a bad contract type rolls back.
		bad := &werkpad.Hire{Start: hire.Start}
		if _, err := f.match.UpdateProposal(ctx, proposals[1].ID, werkpad.ProposalUpdate{Status: werkpad.ProposalHired, On: on, Hire: bad}); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("bad hire: %v", err)
		}
		if _, err := f.match.UpdateProposal(ctx, proposals[1].ID, werkpad.ProposalUpdate{Status: werkpad.ProposalHired, On: on, Hire: hire}); err != nil {
			t.Fatal(err)
		}
		if v, _ = f.vacancies.FindVacancyByID(ctx, f.vacancy.ID); v.Status != werkpad.VacancyFilled || v.Hired != 2 {
			t.Errorf("vacancy after 2 of 2 hires: %+v", v)
		}
		if n := countRows(t, db, "placements"); n != 2 {
			t.Errorf("placements: %d", n)
		}
		if _, err := f.match.UpdateProposal(ctx, proposals[1].ID, werkpad.ProposalUpdate{Status: werkpad.ProposalRejected, On: on, Reason: "x"}); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("rejecting a hire: %v", err)
		}
	})
}

func TestSecondmentCeiling(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		f.match.Secondment = werkpad.SecondmentPolicy{Ceiling: 2}
		ctx := asUser(f.adviser)
		on := werkpad.MustParseDate("2024-06-30")
		// One old secondment outside the 3-year window, one inside it.
		ps := store.NewPlacementService(db)
		for i, start := range []string{"2021-06-30", "2021-07-01"} {
			c := f.candidate(t, 10+i, "GM0268")
			if err := ps.CreatePlacement(asUser(f.consultant), &werkpad.Placement{CandidateID: c.ID, EmployerName: "MGR",
				Period: werkpad.Period{From: werkpad.MustParseDate(start)}, ContractMinutesPerWeek: 1800,
				ContractType: werkpad.ContractFixedTerm, SecondmentJob: true}); err != nil {
				t.Fatal(err)
			}
		}
		room, err := f.match.SecondmentRoom(ctx, on)
		if err != nil {
			t.Fatal(err)
		}
		if room.Count != 1 || room.Remaining != 1 || room.Window.String() != "01-07-2021 t/m 30-06-2024" {
			t.Errorf("room: %+v", room)
		}
		if r, _ := ps.SecondmentRoom(ctx, on); r.Ceiling != 100 || r.Remaining != 99 {
			t.Errorf("default policy on the placement service: %+v", r)
		}
		hire := func(i int, override string) error {
			c := f.candidate(t, i, "GM0268")
			p := &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: c.ID}
			if err := f.match.RecordProposal(ctx, p); err != nil {
				t.Fatal(err)
			}
			_, err := f.match.UpdateProposal(ctx, p.ID, werkpad.ProposalUpdate{Status: werkpad.ProposalHired, On: on,
				Hire: &werkpad.Hire{Start: on, ContractType: werkpad.ContractFixedTerm, SecondmentJob: true, SecondmentOverride: override}})
			return err
		}
		if err := hire(0, ""); err != nil {
			t.Fatalf("hire within the ceiling: %v", err)
		}
		err = hire(1, "")
		if werkpad.ErrorCode(err) != werkpad.ECONFLICT || !strings.Contains(werkpad.ErrorMessage(err), "plafond") {
			t.Fatalf("hire beyond the ceiling: %v, want conflict", err)
		}
		if err := hire(2, "Besluit MT 28-06-2024: groepsplaatsing"); err != nil {
			t.Fatalf("hire with override: %v", err)
		}
		if room, _ = f.match.SecondmentRoom(ctx, on); room.Count != 3 || room.Remaining != -1 {
			t.Errorf("room after override: %+v", room)
		}
		if reason := rawString(t, db, `SELECT secondment_override FROM proposals WHERE secondment_override <> ''`); !strings.HasPrefix(reason, "Besluit MT") {
			t.Errorf("override reason kept: %q", reason)
		}
		gemeente := MustCreateUser(t, db, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		if _, err := f.match.SecondmentRoom(asUser(gemeente), on); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente room: %v", err)
		}
	})
}
