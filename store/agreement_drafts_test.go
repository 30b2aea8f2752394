package store_test

import (
	"context"
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestDraftComposeConsent: the controller drafts the DVO 2026-2027 from
// 2024-2025; until every municipality and the MGR board consented it is a
// concept and 01-06-2026 stays governed by 2024-2025, extended tacitly
// (art. 16.1). A municipality composes its own choices (over budget
// refused, nothing changed; another municipality's not found), consents,
// and then its choices are fixed; the last consent brings the new
// agreement in force.
func TestDraftComposeConsent(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		d := werkpad.MustParseDate
		req := werkpad.DraftRequest{From: "2024-2025", Version: "2026-2027", FirstYear: 2026, LastYear: 2027, IndexBP: 250}
		if _, err := f.s.DraftAgreement(f.bergEnDal, req); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a gemeente drafts: %v", err)
		}
		if _, err := f.s.DraftAgreement(f.controller, req); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.DraftAgreement(f.controller, req); werkpad.ErrorField(err) != "versie" {
			t.Errorf("drafted twice: %v", err)
		}
		in, err := f.s.FindAgreementInForce(f.controller, d("2026-06-01"))
		if err != nil || in.Version.Version != "2024-2025" || !in.Extended {
			t.Fatalf("in force on 01-06-2026 with a concept: %+v %v", in.Version, err)
		}

		lines := func(maatwerk werkpad.Milli) []werkpad.Line {
			return []werkpad.Line{{Item: "participatiecoaching", Quantity: 1500}, {Item: "maatwerkinterventie", Quantity: maatwerk}}
		}
		before := f.agreementOnVersion(t, "2026-2027", "GM1945", 2026)
		if _, err := f.s.ComposeChoices(f.bergEnDal, "2026-2027", "GM1945", 2026, lines(60_000)); werkpad.ErrorField(err) != "keuzes" {
			t.Errorf("over budget: %v", err)
		}
		if after := f.agreementOnVersion(t, "2026-2027", "GM1945", 2026); len(after.Lines) != len(before.Lines) {
			t.Errorf("a refused composition changed the lines: %d -> %d", len(before.Lines), len(after.Lines))
		}
		if _, err := f.s.ComposeChoices(f.nijmegen, "2026-2027", "GM1945", 2026, lines(10_000)); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("Nijmegen composes for Berg en Dal: %v", err)
		}
		total, err := f.s.ComposeChoices(f.bergEnDal, "2026-2027", "GM1945", 2026, lines(40_000))
		if err != nil || total.AgreedCents != 130_687_50+123_000_00 || total.BudgetCents != 276_750_00 {
			t.Fatalf("compose: %+v %v", total, err)
		}
		if got := f.agreementOnVersion(t, "2026-2027", "GM1945", 2026); len(got.Lines) != 2 || got.Lines[1].Agreed != 123_000_00 {
			t.Errorf("stored lines: %+v", got.Lines)
		}

		consent := func(ctx context.Context, party werkpad.ApprovalParty, code string) (*werkpad.AgreementVersion, error) {
			return f.s.ConsentAgreement(ctx, "2026-2027", werkpad.AgreementConsent{Party: party, Municipality: code, ApprovedOn: d("2025-02-20"),
				ApproverName: "Wethouder " + code, DocumentRef: "B-" + code})
		}
		if _, err := consent(f.bergEnDal, werkpad.PartyBoard, ""); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a gemeente consents for the board: %v", err)
		}
		if _, err := consent(f.nijmegen, werkpad.PartyMunicipality, "GM1945"); werkpad.ErrorField(err) != "partij" {
			t.Errorf("Nijmegen consents for Berg en Dal: %v", err)
		}
		if _, err := consent(f.bergEnDal, werkpad.PartyMunicipality, "GM1945"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ComposeChoices(f.bergEnDal, "2026-2027", "GM1945", 2027, lines(10_000)); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("composed after consenting: %v", err)
		}
		codes := []string{"GM0268", "GM0209", "GM0225", "GM0252", "GM0944", "GM0296"}
		for _, code := range codes {
			v, err := consent(f.controller, werkpad.PartyMunicipality, code)
			if err != nil || v.Status != werkpad.AgreementConcept {
				t.Fatalf("consent of %s: %+v %v", code, v, err)
			}
		}
		if _, err := consent(f.controller, werkpad.PartyMunicipality, "GM0268"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("consented twice: %v", err)
		}
		if in, _ := f.s.FindAgreementInForce(f.controller, d("2026-06-01")); in.Version.Version != "2024-2025" {
			t.Errorf("in force without the board's consent: %s", in.Version.Version)
		}
		v, err := consent(f.controller, werkpad.PartyBoard, "")
		if err != nil || v.Status != werkpad.AgreementInForceStatus {
			t.Fatalf("the board's consent: %+v %v", v, err)
		}
		in, err = f.s.FindAgreementInForce(f.controller, d("2026-06-01"))
		if err != nil || in.Version.Version != "2026-2027" || in.Extended {
			t.Errorf("in force on 01-06-2026 after every consent: %+v %v", in.Version, err)
		}
		if _, err := f.s.ComposeChoices(f.controller, "2026-2027", "GM0268", 2026, lines(10_000)); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("composed in force: %v", err)
		}
		mine, err := f.s.FindConsents(f.bergEnDal, "2026-2027")
		if err != nil || len(mine) != 2 {
			t.Errorf("Berg en Dal sees %d consents (own and the board's): %v", len(mine), err)
		}
	})
}

// agreementOnVersion reads one municipality-year of version as stored.
func (f *agreementFixture) agreementOnVersion(t *testing.T, version, code string, year int) *werkpad.MunicipalityYear {
	t.Helper()
	a, err := f.s.FindAgreement(f.controller, version, werkpad.MustParseDate("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	my, ok := a.MunicipalityYear(code, year)
	if !ok {
		t.Fatalf("no %s %d in %s", code, year, version)
	}
	return my
}
