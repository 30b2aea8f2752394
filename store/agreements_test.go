package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/dvo"
	"werkpad/store"
)

// agreementFixture is a database with the shipped DVO loaded, a clock on
// 1 March 2025 and users of each kind.
type agreementFixture struct {
	db         *store.DB
	s          *store.AgreementService
	yaml       *werkpad.Agreement
	controller context.Context
	consultant context.Context
	nijmegen   context.Context // gemeente user of GM0268
	bergEnDal  context.Context // gemeente user of GM1945
}

func newAgreementFixture(t *testing.T, db *store.DB) *agreementFixture {
	t.Helper()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	a, err := dvo.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &agreementFixture{
		db: db, s: store.NewAgreementService(db), yaml: a,
		controller: asUser(MustCreateUser(t, db, "controller@mgr.nl", werkpad.RoleController)),
		consultant: asUser(MustCreateUser(t, db, "consulent@werkbedrijf.nl", werkpad.RoleConsultant)),
		nijmegen:   asUser(MustCreateUser(t, db, "klant@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")),
		bergEnDal:  asUser(MustCreateUser(t, db, "klant@bergendal.nl", werkpad.RoleMunicipality, "GM1945")),
	}
	if err := f.s.LoadAgreement(f.controller, a, false); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *agreementFixture) agreementOn(t *testing.T, ctx context.Context, on string) *werkpad.Agreement {
	t.Helper()
	a, err := f.s.FindAgreement(ctx, "2024-2025", werkpad.MustParseDate(on))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *agreementFixture) auditCount(t *testing.T) int {
	t.Helper()
	_, n, err := store.NewAuditService(f.db).FindAuditEvents(adminCtx, werkpad.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func linesOf(t *testing.T, a *werkpad.Agreement, code string, year int) []werkpad.Line {
	t.Helper()
	my, ok := a.MunicipalityYear(code, year)
	if !ok {
		t.Fatalf("no municipality-year %s %d", code, year)
	}
	return my.Lines
}

// The agreement read back from the database is the agreement loaded from
// the YAML file, so the check engine finds exactly the same.
func TestLoadAgreementRoundTrip(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		got := f.agreementOn(t, f.controller, "2025-01-01")
		if diff := cmp.Diff(f.yaml, got); diff != "" {
			t.Errorf("agreement (-yaml +db):\n%s", diff)
		}
		if diff := cmp.Diff(werkpad.CheckAgreement(f.yaml), werkpad.CheckAgreement(got)); diff != "" {
			t.Errorf("findings (-yaml +db):\n%s", diff)
		}
		if diff := cmp.Diff(werkpad.Totals(f.yaml), werkpad.Totals(got)); diff != "" {
			t.Errorf("totals (-yaml +db):\n%s", diff)
		}
		// A consulent reads the whole (public) agreement; a zero date means today.
		if got, err := f.s.FindAgreement(f.consultant, "2024-2025", werkpad.Date{}); err != nil || len(got.Years) != len(f.yaml.Years) {
			t.Errorf("consultant: %v, %v", got, err)
		}

		versions, err := f.s.FindAgreements(f.nijmegen)
		if err != nil {
			t.Fatal(err)
		}
		want := []*werkpad.AgreementVersion{{Version: "2024-2025", Name: f.yaml.Name, From: "2024-07-01", To: "2025-12-31",
			LoadedAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Status: werkpad.AgreementInForceStatus}}
		if diff := cmp.Diff(want, versions); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}

		before := f.auditCount(t)
		for _, tc := range []struct {
			name    string
			ctx     context.Context
			replace bool
			code    string
		}{
			{"same version again", f.controller, false, werkpad.ECONFLICT},
			{"consultant", f.consultant, true, werkpad.EFORBIDDEN},
			{"gemeente", f.nijmegen, true, werkpad.EFORBIDDEN},
		} {
			if err := f.s.LoadAgreement(tc.ctx, f.yaml, tc.replace); werkpad.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		if n := f.auditCount(t); n != before {
			t.Errorf("refused loads wrote %d audit events", n-before)
		}
		// Replacing is allowed while nothing refers to the version.
		if err := f.s.LoadAgreement(adminCtx, f.yaml, true); err != nil {
			t.Fatalf("replace: %v", err)
		}
		if diff := cmp.Diff(f.yaml, f.agreementOn(t, f.controller, "2025-01-01")); diff != "" {
			t.Errorf("after replace (-yaml +db):\n%s", diff)
		}
		if err := f.s.RecordRealisation(f.controller, "2024-2025", "GM0209", 2024, "participatiecoaching", 2, 900, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.LoadAgreement(adminCtx, f.yaml, true); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("replace with realisation: got %v, want conflict", err)
		}
		if _, err := f.s.FindAgreement(f.controller, "1999-2000", werkpad.Date{}); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("unknown version: got %v", err)
		}
	})
}

// nijmegen2025 are the Nijmegen 2025 lines with 40 fewer maatwerkinterventies
// and a 4th extra dagdeel.
func nijmegen2025(t *testing.T, a *werkpad.Agreement) []werkpad.Line {
	lines := slices.Clone(linesOf(t, a, "GM0268", 2025))
	lines[0] = werkpad.Line{Item: "extra_arbeidsbemiddeling", Quantity: 4000, Agreed: 40_000_00, HasAgreed: true, Description: "4 x extra arbeidsbemiddeling op locatie", Article: "wijziging 1"}
	lines[2] = werkpad.Line{Item: "maatwerkinterventie", Quantity: 225_000, Agreed: 675_000_00, HasAgreed: true, Description: "225 x Maatwerkinterventies", Article: "wijziging 1"}
	return lines
}

func TestAmendmentApproval(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		original := linesOf(t, f.yaml, "GM0268", 2025)
		after := nijmegen2025(t, f.yaml)
		am, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0268", 2025, werkpad.MustParseDate("2025-04-01"), after,
			"minder maatwerk, meer aanwezigheid op locatie", "brief 2025-017")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(original, am.Before); diff != "" {
			t.Errorf("before (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(after, am.After); diff != "" {
			t.Errorf("after (-want +got):\n%s", diff)
		}

		for _, step := range []struct {
			name       string
			ctx        context.Context
			party      werkpad.ApprovalParty
			wantStatus werkpad.AmendmentStatus
		}{
			{"gemeente Nijmegen consents", f.nijmegen, werkpad.PartyMunicipality, werkpad.AmendmentDraft},
			{"MGR board consents", f.controller, werkpad.PartyBoard, werkpad.AmendmentInForce},
		} {
			if a := f.agreementOn(t, f.controller, "2025-12-31"); !cmp.Equal(original, linesOf(t, a, "GM0268", 2025)) {
				t.Fatalf("%s: a draft changed the agreement", step.name)
			}
			got, err := f.s.ApproveAmendment(step.ctx, am.ID, step.party, werkpad.MustParseDate("2025-02-20"), "J. Jansen", "kenmerk "+string(step.party))
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if got.Status != step.wantStatus {
				t.Errorf("%s: status %q, want %q", step.name, got.Status, step.wantStatus)
			}
		}

		for _, tc := range []struct {
			on   string
			want []werkpad.Line
		}{
			{"2025-03-31", original},
			{"2025-04-01", after},
			{"2025-12-31", after},
		} {
			if diff := cmp.Diff(tc.want, linesOf(t, f.agreementOn(t, f.controller, tc.on), "GM0268", 2025)); diff != "" {
				t.Errorf("lines on %s (-want +got):\n%s", tc.on, diff)
			}
		}
		// Other municipality-years are untouched.
		if diff := cmp.Diff(linesOf(t, f.yaml, "GM0268", 2024), linesOf(t, f.agreementOn(t, f.controller, "2025-12-31"), "GM0268", 2024)); diff != "" {
			t.Errorf("2024 changed (-want +got):\n%s", diff)
		}

		got, err := f.s.FindAmendment(f.nijmegen, am.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := &werkpad.Amendment{
			ID: am.ID, Version: "2024-2025", Municipality: "GM0268", Year: 2025, EffectiveFrom: werkpad.MustParseDate("2025-04-01"),
			Reason: "minder maatwerk, meer aanwezigheid op locatie", DocumentRef: "brief 2025-017", Status: werkpad.AmendmentInForce,
			Before: original, After: after, ProposedBy: "controller@mgr.nl", ProposedAt: f.db.Now(), InForceAt: new(f.db.Now()),
			Approvals: []werkpad.Approval{
				{Party: werkpad.PartyMunicipality, ApprovedOn: werkpad.MustParseDate("2025-02-20"), ApproverName: "J. Jansen", DocumentRef: "kenmerk gemeente", RecordedBy: "klant@nijmegen.nl", RecordedAt: f.db.Now()},
				{Party: werkpad.PartyBoard, ApprovedOn: werkpad.MustParseDate("2025-02-20"), ApproverName: "J. Jansen", DocumentRef: "kenmerk mgr-bestuur", RecordedBy: "controller@mgr.nl", RecordedAt: f.db.Now()},
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("amendment (-want +got):\n%s", diff)
		}
		events, _, err := store.NewAuditService(f.db).FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "wijziging"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		if diff := cmp.Diff([]string{"van kracht", "instemmen", "instemmen", "voorstellen"}, actions); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

// Beuningen 2025 is € 1.000 over budget as written; an amendment to 11
// maatwerkinterventies leaves € 2.000. CheckAmendment says so before approval.
func TestCheckAmendment(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		lines := slices.Clone(linesOf(t, f.yaml, "GM0209", 2025))
		lines[3] = werkpad.Line{Item: "maatwerkinterventie", Quantity: 11_000, Agreed: 33_000_00, HasAgreed: true, Description: "11 x maatwerkinterventie"}
		am, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0209", 2025, werkpad.MustParseDate("2025-01-01"), lines, "binnen budget", "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.s.CheckAmendment(f.controller, am.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []werkpad.Finding{{Municipality: "GM0209", Year: 2025, Kind: werkpad.FindingUnderBudget, Item: "lokale ruimte", Article: "art. 6.2",
			AmountCents: 2_000_00, CardAmountCents: 148_000_00, AgreedAmountCents: 148_000_00}}
		if diff := cmp.Diff(want, got.Findings); diff != "" {
			t.Errorf("findings (-want +got):\n%s", diff)
		}
		if got.Total == nil || got.Total.AgreedCents != 148_000_00 || got.Total.BudgetCents != 150_000_00 {
			t.Errorf("total %+v", got.Total)
		}
		if got.Status != werkpad.AmendmentDraft {
			t.Errorf("checking changed the status to %q", got.Status)
		}
	})
}

func TestAmendmentRefusals(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		good := nijmegen2025(t, f.yaml)
		with := func(l werkpad.Line) []werkpad.Line { return append(slices.Clone(good), l) }
		d := werkpad.MustParseDate
		if err := f.s.RecordRealisation(f.controller, "2024-2025", "GM0268", 2024, "buurtteams", 2, 10_000, "alle tien"); err != nil {
			t.Fatal(err)
		}

		before := f.agreementOn(t, f.controller, "2025-12-31")
		audits := f.auditCount(t)
		for _, tc := range []struct {
			name   string
			ctx    context.Context
			muni   string
			year   int
			from   werkpad.Date
			lines  []werkpad.Line
			reason string
			code   string
			field  string
		}{
			{"unknown card item", f.controller, "GM0268", 2025, d("2025-04-01"), with(werkpad.Line{Item: "kwartiermaker", Quantity: 1000}), "r", werkpad.EINVALID, "regels[4].item"},
			{"negative quantity", f.controller, "GM0268", 2025, d("2025-04-01"), with(werkpad.Line{Item: "buurtteams", Quantity: -1000}), "r", werkpad.EINVALID, "regels[4].aantal"},
			{"zero quantity", f.controller, "GM0268", 2025, d("2025-04-01"), with(werkpad.Line{Item: "buurtteams"}), "r", werkpad.EINVALID, "regels[4].aantal"},
			{"negative amount", f.controller, "GM0268", 2025, d("2025-04-01"), with(werkpad.Line{Item: "buurtteams", Quantity: 1000, Agreed: -1, HasAgreed: true}), "r", werkpad.EINVALID, "regels[4].bedrag"},
			{"item outside its validity", f.controller, "GM0268", 2025, d("2025-04-01"), with(werkpad.Line{Item: "zorgjongeren", Quantity: 1000}), "r", werkpad.EINVALID, "regels[4].item"},
			{"year outside the agreement", f.controller, "GM0268", 2026, d("2025-04-01"), good, "r", werkpad.EINVALID, "jaar"},
			{"effective date outside the agreement", f.controller, "GM0268", 2025, d("2026-01-01"), good, "r", werkpad.EINVALID, "ingangsdatum"},
			{"effective date after the year", f.controller, "GM0268", 2024, d("2025-01-01"), good, "r", werkpad.EINVALID, "ingangsdatum"},
			{"no effective date", f.controller, "GM0268", 2025, werkpad.Date{}, good, "r", werkpad.EINVALID, "ingangsdatum"},
			{"closed period", f.controller, "GM0268", 2024, d("2024-10-01"), linesOf(t, f.yaml, "GM0268", 2024), "r", werkpad.EINVALID, "ingangsdatum"},
			{"no lines", f.controller, "GM0268", 2025, d("2025-04-01"), nil, "r", werkpad.EINVALID, "regels"},
			{"no reason", f.controller, "GM0268", 2025, d("2025-04-01"), good, " ", werkpad.EINVALID, "reden"},
			{"municipality without agreement", f.controller, "GM0668", 2025, d("2025-04-01"), good, "r", werkpad.ENOTFOUND, ""},
			{"gemeente may not propose", f.nijmegen, "GM0268", 2025, d("2025-04-01"), good, "r", werkpad.EFORBIDDEN, ""},
			{"consultant may not propose", f.consultant, "GM0268", 2025, d("2025-04-01"), good, "r", werkpad.EFORBIDDEN, ""},
		} {
			_, err := f.s.ProposeAmendment(tc.ctx, "2024-2025", tc.muni, tc.year, tc.from, tc.lines, tc.reason, "")
			if werkpad.ErrorCode(err) != tc.code || werkpad.ErrorField(err) != tc.field {
				t.Errorf("%s: got %v, want %s on field %q", tc.name, err, tc.code, tc.field)
			}
			if werkpad.ErrorCode(err) == werkpad.EINVALID && werkpad.ErrorMessage(err) == "" {
				t.Errorf("%s: no message", tc.name)
			}
		}
		if ams, err := f.s.FindAmendments(f.controller, werkpad.AmendmentFilter{}); err != nil || len(ams) != 0 {
			t.Errorf("refused proposals stored %d amendments (%v)", len(ams), err)
		}

		// Approval refusals, on one proposed amendment.
		am, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0268", 2025, d("2025-04-01"), good, "r", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ApproveAmendment(f.nijmegen, am.ID, werkpad.PartyMunicipality, d("2025-02-27"), "A. de Vries", "brief 1"); err != nil {
			t.Fatal(err)
		}
		afterOne, _ := f.s.FindAmendment(f.controller, am.ID)
		approve := func(ctx context.Context, p werkpad.ApprovalParty, on werkpad.Date, name, ref string) error {
			_, err := f.s.ApproveAmendment(ctx, am.ID, p, on, name, ref)
			return err
		}
		for _, tc := range []struct {
			name  string
			err   error
			code  string
			field string
		}{
			{"same party twice", approve(f.controller, werkpad.PartyMunicipality, d("2025-02-28"), "B", "brief 2"), werkpad.ECONFLICT, ""},
			{"gemeente for the MGR board", approve(f.nijmegen, werkpad.PartyBoard, d("2025-02-28"), "B", "brief 2"), werkpad.EFORBIDDEN, ""},
			{"consultant", approve(f.consultant, werkpad.PartyBoard, d("2025-02-28"), "B", "brief 2"), werkpad.EFORBIDDEN, ""},
			{"unknown party", approve(f.controller, "wethouder", d("2025-02-28"), "B", "brief 2"), werkpad.EINVALID, "partij"},
			{"date in the future", approve(f.controller, werkpad.PartyBoard, d("2025-03-02"), "B", "brief 2"), werkpad.EINVALID, "goedgekeurdOp"},
			{"no date", approve(f.controller, werkpad.PartyBoard, werkpad.Date{}, "B", "brief 2"), werkpad.EINVALID, "goedgekeurdOp"},
			{"no name", approve(f.controller, werkpad.PartyBoard, d("2025-02-28"), "", "brief 2"), werkpad.EINVALID, "naam"},
			{"no document", approve(f.controller, werkpad.PartyBoard, d("2025-02-28"), "B", " "), werkpad.EINVALID, "documentkenmerk"},
		} {
			if werkpad.ErrorCode(tc.err) != tc.code || werkpad.ErrorField(tc.err) != tc.field {
				t.Errorf("%s: got %v, want %s on field %q", tc.name, tc.err, tc.code, tc.field)
			}
		}
		if got, _ := f.s.FindAmendment(f.controller, am.ID); !cmp.Equal(afterOne, got) {
			t.Errorf("refused approvals changed the amendment:\n%s", cmp.Diff(afterOne, got))
		}

		// Realisation of the first half of 2025 closes it: the amendment,
		// effective 1 April, can no longer take effect.
		if err := f.s.RecordRealisation(f.controller, "2024-2025", "GM0268", 2025, "buurtteams", 1, 5_000, ""); err != nil {
			t.Fatal(err)
		}
		if err := approve(f.controller, werkpad.PartyBoard, d("2025-02-28"), "B", "brief 2"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("approval into a closed period: got %v, want conflict", err)
		}
		if diff := cmp.Diff(before, f.agreementOn(t, f.controller, "2025-12-31")); diff != "" {
			t.Errorf("refusals changed the agreement (-before +after):\n%s", diff)
		}
		// Proposed, one consent, one realisation: three audit events, no more.
		if n := f.auditCount(t); n != audits+3 {
			t.Errorf("audit events: %d new, want 3", n-audits)
		}

		// From 1 July on the second half is still open.
		am2, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0268", 2025, d("2025-07-01"), good, "r", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []werkpad.ApprovalParty{werkpad.PartyBoard, werkpad.PartyMunicipality} {
			if _, err := f.s.ApproveAmendment(f.controller, am2.ID, p, d("2025-03-01"), "C", "brief 3"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.s.ApproveAmendment(f.nijmegen, am2.ID, werkpad.PartyMunicipality, d("2025-03-01"), "C", "brief 3"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("approving an amendment in force: got %v, want conflict", err)
		}
		if diff := cmp.Diff(good, linesOf(t, f.agreementOn(t, f.controller, "2025-07-01"), "GM0268", 2025)); diff != "" {
			t.Errorf("second amendment (-want +got):\n%s", diff)
		}
	})
}

func TestAgreementTenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		lines := linesOf(t, f.yaml, "GM1945", 2025)
		am, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM1945", 2025, werkpad.MustParseDate("2025-04-01"), lines[:2], "r", "")
		if err != nil {
			t.Fatal(err)
		}
		own, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0268", 2025, werkpad.MustParseDate("2025-04-01"), nijmegen2025(t, f.yaml), "r", "")
		if err != nil {
			t.Fatal(err)
		}

		a := f.agreementOn(t, f.nijmegen, "2025-01-01")
		var seen []string
		for _, my := range a.Years {
			seen = append(seen, my.Municipality)
		}
		if diff := cmp.Diff([]string{"GM0268", "GM0268"}, seen); diff != "" {
			t.Errorf("gemeente Nijmegen sees (-want +got):\n%s", diff)
		}
		if len(a.Card) != len(f.yaml.Card) {
			t.Errorf("the card is shared: got %d items", len(a.Card))
		}

		for _, tc := range []struct {
			name string
			err  error
		}{
			{"find", func() error { _, err := f.s.FindAmendment(f.nijmegen, am.ID); return err }()},
			{"check", func() error { _, err := f.s.CheckAmendment(f.nijmegen, am.ID); return err }()},
			{"approve", func() error {
				_, err := f.s.ApproveAmendment(f.nijmegen, am.ID, werkpad.PartyMunicipality, werkpad.MustParseDate("2025-02-01"), "X", "Y")
				return err
			}()},
			{"realisation", func() error { _, err := f.s.FindRealisation(f.nijmegen, "2024-2025", "GM1945", 2025); return err }()},
		} {
			if werkpad.ErrorCode(tc.err) != werkpad.ENOTFOUND {
				t.Errorf("%s GM1945 as gemeente GM0268: got %v, want notfound", tc.name, tc.err)
			}
		}
		ams, err := f.s.FindAmendments(f.nijmegen, werkpad.AmendmentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ams) != 1 || ams[0].ID != own.ID {
			t.Errorf("gemeente Nijmegen lists %d amendments, want only its own", len(ams))
		}
		if ams, _ := f.s.FindAmendments(f.nijmegen, werkpad.AmendmentFilter{Municipality: "GM1945"}); len(ams) != 0 {
			t.Errorf("filtering on another municipality shows %d amendments", len(ams))
		}
		if ams, _ := f.s.FindAmendments(f.bergEnDal, werkpad.AmendmentFilter{Status: werkpad.AmendmentDraft}); len(ams) != 1 || ams[0].ID != am.ID {
			t.Errorf("gemeente Berg en Dal lists %v", ams)
		}
		if ams, _ := f.s.FindAmendments(f.consultant, werkpad.AmendmentFilter{Version: "2024-2025", Year: 2025}); len(ams) != 2 {
			t.Errorf("consultant lists %d amendments, want 2", len(ams))
		}
		// The refused approval left the amendment as it was.
		if got, _ := f.s.FindAmendment(f.controller, am.ID); len(got.Approvals) != 0 {
			t.Errorf("approvals after refusal: %v", got.Approvals)
		}
		if _, err := f.s.ApproveAmendment(f.bergEnDal, am.ID, werkpad.PartyMunicipality, werkpad.MustParseDate("2025-02-01"), "X", "Y"); err != nil {
			t.Errorf("gemeente Berg en Dal consenting to its own amendment: %v", err)
		}
	})
}

func TestRealisation(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		record := func(ctx context.Context, year int, item string, half int, q werkpad.Milli) error {
			return f.s.RecordRealisation(ctx, "2024-2025", "GM0225", year, item, half, q, "rapportage")
		}
		for _, r := range []struct {
			year int
			item string
			half int
			q    werkpad.Milli
		}{
			{2024, "participatiecoaching", 2, 400},
			{2024, "zorgjongeren", 2, 2000},
			{2024, "zorgjongeren", 2, 3000}, // corrected: replaces 2
			{2025, "participatiecoaching", 1, 1000},
			{2025, "doelgroepbenadering", 1, 5000}, // not agreed, still recorded
		} {
			if err := record(f.controller, r.year, r.item, r.half, r.q); err != nil {
				t.Fatalf("%+v: %v", r, err)
			}
		}
		before := f.auditCount(t)
		for _, tc := range []struct {
			name  string
			err   error
			code  string
			field string
		}{
			{"first half 2024 is before the agreement", record(f.controller, 2024, "buurtteams", 1, 1000), werkpad.EINVALID, "halfjaar"},
			{"half 3", record(f.controller, 2025, "buurtteams", 3, 1000), werkpad.EINVALID, "halfjaar"},
			{"negative", record(f.controller, 2025, "buurtteams", 1, -1000), werkpad.EINVALID, "aantal"},
			{"unknown item", record(f.controller, 2025, "kwartiermaker", 1, 1000), werkpad.EINVALID, "regel"},
			{"year outside the agreement", record(f.controller, 2026, "buurtteams", 1, 1000), werkpad.EINVALID, "jaar"},
			{"gemeente", record(f.nijmegen, 2025, "buurtteams", 1, 1000), werkpad.EFORBIDDEN, ""},
			{"no municipality-year", f.s.RecordRealisation(f.controller, "2024-2025", "GM0668", 2025, "buurtteams", 1, 1000, ""), werkpad.ENOTFOUND, ""},
		} {
			if werkpad.ErrorCode(tc.err) != tc.code || werkpad.ErrorField(tc.err) != tc.field {
				t.Errorf("%s: got %v, want %s on field %q", tc.name, tc.err, tc.code, tc.field)
			}
		}
		if n := f.auditCount(t); n != before {
			t.Errorf("refused realisation wrote %d audit events", n-before)
		}

		rec := func(q werkpad.Milli) werkpad.RealisedHalf {
			return werkpad.RealisedHalf{Recorded: true, Quantity: q, Note: "rapportage"}
		}
		got, err := f.s.FindRealisation(f.controller, "2024-2025", "GM0225", 2024)
		if err != nil {
			t.Fatal(err)
		}
		want := &werkpad.Realisation{Version: "2024-2025", Municipality: "GM0225", Name: "Druten", Year: 2024, Lines: []werkpad.RealisationLine{
			{Item: "participatiecoaching", Name: "Participatiecoaching", Unit: "fte", Instrument: "participatiecoaching", Agreed: 400, Halves: [2]werkpad.RealisedHalf{{}, rec(400)}},
			{Item: "extra_arbeidsbemiddeling", Name: "Extra arbeidsbemiddeling op locatie", Unit: "dagdeel", Agreed: 1000},
			{Item: "buurtteams", Name: "Intensieve aansluiting buurtteams", Unit: "locatie", Agreed: 1000},
			{Item: "zorgjongeren", Name: "Zorgjongeren", Unit: "zorgjongere", Instrument: "zorgjongeren", Agreed: 4000, Halves: [2]werkpad.RealisedHalf{{}, rec(3000)}},
			{Item: "events_marktbewerking", Name: "Organiseren events en lokale marktbewerking", Unit: "event", Agreed: 1000},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("2024 (-want +got):\n%s", diff)
		}

		// A gemeente user of Druten reads it; the agreed quantity follows an
		// amendment in force at the end of the year.
		druten := asUser(MustCreateUser(t, db, "klant@druten.nl", werkpad.RoleMunicipality, "GM0225"))
		lines := slices.Clone(linesOf(t, f.yaml, "GM0225", 2025))
		lines[2].Quantity, lines[2].Agreed = 2000, 40_000_00
		am, err := f.s.ProposeAmendment(f.controller, "2024-2025", "GM0225", 2025, werkpad.MustParseDate("2025-07-01"), lines, "tweede buurtteam", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []werkpad.ApprovalParty{werkpad.PartyMunicipality, werkpad.PartyBoard} {
			if _, err := f.s.ApproveAmendment(f.controller, am.ID, p, werkpad.MustParseDate("2025-02-01"), "D", "E"); err != nil {
				t.Fatal(err)
			}
		}
		// Recorded after the amendment: it closes the second half of 2025.
		if err := record(f.controller, 2025, "buurtteams", 2, 1000); err != nil {
			t.Fatal(err)
		}
		got, err = f.s.FindRealisation(druten, "2024-2025", "GM0225", 2025)
		if err != nil {
			t.Fatal(err)
		}
		want = &werkpad.Realisation{Version: "2024-2025", Municipality: "GM0225", Name: "Druten", Year: 2025, Lines: []werkpad.RealisationLine{
			{Item: "participatiecoaching", Name: "Participatiecoaching", Unit: "fte", Instrument: "participatiecoaching", Agreed: 1000, Halves: [2]werkpad.RealisedHalf{rec(1000), {}}},
			{Item: "extra_arbeidsbemiddeling", Name: "Extra arbeidsbemiddeling op locatie", Unit: "dagdeel", Agreed: 1000},
			{Item: "buurtteams", Name: "Intensieve aansluiting buurtteams", Unit: "locatie", Agreed: 2000, Halves: [2]werkpad.RealisedHalf{{}, rec(1000)}},
			{Item: "events_marktbewerking", Name: "Organiseren events en lokale marktbewerking", Unit: "event", Agreed: 1000},
			{Item: "doelgroepbenadering", Name: "Doelgroepbenadering", Unit: "kandidaat", Halves: [2]werkpad.RealisedHalf{rec(5000), {}}},
			// Regional from 2025, still reported per municipality (art. 14.2).
			{Item: "zorgjongeren", Name: "Zorgjongeren", Unit: "zorgjongere", Instrument: "zorgjongeren", Regional: true},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("2025 (-want +got):\n%s", diff)
		}
		if got.Lines[2].Realised() != 1000 {
			t.Errorf("realised buurtteams %s", got.Lines[2].Realised())
		}
	})
}

// TestRealisationDerivedFromCasework proves that a card item delivered
// through an instrument (zorgjongeren) counts the candidates enrolled in it
// per half year, per municipality.
func TestRealisationDerivedFromCasework(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		consultant := MustCreateUser(t, db, "coach@werkbedrijf.nl", werkpad.RoleConsultant)
		enrol := func(bsn, municipality, from, to string) {
			c := MustCreateCandidate(t, db, consultant, func(c *werkpad.Candidate) {
				c.BSN, c.MunicipalityCode = bsn, municipality
				c.BirthDate, c.RegisteredOn = werkpad.MustParseDate("2005-03-01"), werkpad.MustParseDate("2024-01-02")
			})
			e := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: "zorgjongeren", Period: werkpad.Period{From: werkpad.MustParseDate(from)}}
			if to != "" {
				e.Period.To = werkpad.MustParseDate(to)
			}
			if err := store.NewEnrolmentService(db).CreateEnrolment(asUser(consultant), e); err != nil {
				t.Fatal(err)
			}
		}
		enrol(testBSNs[0], "GM0296", "2024-02-01", "2024-03-31") // Wijchen, first half only
		enrol(testBSNs[1], "GM0296", "2024-06-15", "")           // Wijchen, both halves
		enrol(testBSNs[2], "GM0268", "2024-08-01", "")           // Nijmegen: not Wijchen's
		r, err := f.s.FindRealisation(f.controller, "2024-2025", "GM0296", 2024)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, l := range r.Lines {
			if l.Item == "zorgjongeren" {
				got = []int{l.Halves[0].Candidates, l.Halves[1].Candidates}
			} else if l.Instrument == "" && (l.Halves[0].Candidates != 0 || l.Halves[1].Candidates != 0) {
				t.Errorf("%s has no instrument but counts candidates", l.Item)
			}
		}
		if diff := cmp.Diff([]int{2, 1}, got); diff != "" {
			t.Errorf("zorgjongeren candidates per half (-want +got):\n%s", diff)
		}
		// From 2025 zorgjongeren is regional, not on Wijchen's card, and
		// still reported for Wijchen alone (art. 14.2).
		r, err = f.s.FindRealisation(f.controller, "2024-2025", "GM0296", 2025)
		if err != nil {
			t.Fatal(err)
		}
		last := r.Lines[len(r.Lines)-1]
		if last.Item != "zorgjongeren" || !last.Regional || last.Agreed != 0 || last.Halves[0].Candidates != 1 || last.Halves[1].Candidates != 1 {
			t.Errorf("zorgjongeren 2025 in Wijchen: %+v", last)
		}
	})
}
