package store_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

func TestCandidateCreateFindUpdate(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		svc := store.NewCandidateService(db, testSealer(t))
		ctx := asUser(cons)

		c := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
			c.BSN = "1112 22 333"
			c.Infix = "de"
			c.ConsultantID = cons.ID
			c.Benefits = []werkpad.BenefitPeriod{
				{Kind: werkpad.BenefitBijstand, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-03-31")}},
				{Kind: werkpad.BenefitNone, Period: werkpad.Period{From: werkpad.MustParseDate("2024-04-01")}},
			}
			c.Indications = []werkpad.Indication{{Kind: werkpad.IndicationStatusHolder, Period: werkpad.Period{From: werkpad.MustParseDate("2023-01-01")}}}
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-15")}}}
		})
		if c.ID == 0 || c.BSN != "111222333" {
			t.Fatalf("created: %+v", c)
		}

		got, err := svc.FindCandidateByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("FindCandidateByID (-want +got):\n%s", diff)
		}

		// Update fields; the BSN is re-sealed and stays searchable.
		name, bsn := "Vries", "123456782"
		dereg := werkpad.MustParseDate("2024-06-30")
		upd, err := svc.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{Surname: &name, BSN: &bsn, DeregisteredOn: &dereg})
		if err != nil {
			t.Fatal(err)
		}
		if upd.Surname != "Vries" || upd.BSN != "123456782" || upd.DeregisteredOn != dereg {
			t.Errorf("updated: %+v", upd)
		}
		got, err = svc.FindCandidateByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(upd, got); diff != "" {
			t.Errorf("after update (-want +got):\n%s", diff)
		}
		if _, err := svc.SearchCandidateByBSN(ctx, "111222333"); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("old BSN still found: %v", err)
		}
		found, err := svc.SearchCandidateByBSN(ctx, "1234 56 782")
		if err != nil || found.ID != c.ID || found.BSN != "*****6782" {
			t.Errorf("search by new BSN: %+v %v", found, err)
		}

		// A second candidate with the same BSN is a conflict.
		dup := &werkpad.Candidate{BSN: "123456782", GivenName: "A", Surname: "B", BirthDate: werkpad.MustParseDate("1980-01-01"),
			MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceSW, RegisteredOn: werkpad.MustParseDate("2024-02-01")}
		if err := svc.CreateCandidate(ctx, dup); werkpad.ErrorCode(err) != werkpad.ECONFLICT || strings.Contains(err.Error(), "123456782") {
			t.Errorf("duplicate BSN: %v", err)
		}

		// Unknown id, invalid consultant, unknown municipality.
		if _, err := svc.FindCandidateByID(ctx, 9999); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("unknown id: %v", err)
		}
		other := MustCreateUser(t, db, "w@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
		if _, err := svc.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{ConsultantID: &other.ID}); werkpad.ErrorField(err) != "consulentId" {
			t.Errorf("non-consultant as caseload holder: %v", err)
		}
		gm := "GM9999"
		if _, err := svc.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &gm}); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("unknown municipality: %v", err)
		}
	})
}

func TestCandidateBSNEncryptedAtRest(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		c := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = "999999990" })
		enc := rawString(t, db, `SELECT bsn_encrypted FROM candidates WHERE id = ?`, c.ID)
		hash := rawString(t, db, `SELECT bsn_hash FROM candidates WHERE id = ?`, c.ID)
		for _, raw := range []string{enc, hash} {
			if raw == "" || strings.Contains(raw, "999999990") {
				t.Errorf("BSN readable at rest: %q", raw)
			}
		}
		if got, err := testSealer(t).Open(enc); err != nil || got != "999999990" {
			t.Errorf("Open(stored) = %q, %v", got, err)
		}
		// No row of any table holds the plain BSN, audit log included.
		for _, table := range []string{"candidates", "audit_events"} {
			rows, err := db.SQL().Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					if s, ok := v.(string); ok && strings.Contains(s, "999999990") {
						t.Errorf("%s.%s holds the plain BSN", table, cols[i])
					}
				}
			}
			rows.Close()
		}
	})
}

func TestCandidateBSNMaskedOutsideOwnPage(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		wga := MustCreateUser(t, db, "w@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
		ctrl := MustCreateUser(t, db, "ctrl@werkbedrijf.nl", werkpad.RoleController)
		admin := MustCreateUser(t, db, "admin@werkbedrijf.nl", werkpad.RoleAdmin)
		c := MustCreateCandidate(t, db, cons, nil)
		svc := store.NewCandidateService(db, testSealer(t))

		list, total, err := svc.FindCandidates(asUser(cons), werkpad.CandidateFilter{})
		if err != nil || total != 1 || list[0].BSN != "*****2333" {
			t.Fatalf("list: %v %d %v", list, total, err)
		}
		if got, err := svc.FindCandidateByID(asUser(ctrl), c.ID); err != nil || got.BSN != c.BSN {
			t.Errorf("controller reads plain BSN: %v %v", got, err)
		}
		if got, err := svc.FindCandidateByID(asUser(wga), c.ID); err != nil || got.BSN != "*****2333" {
			t.Errorf("werkgeversadviseur reads masked BSN: %v %v", got, err)
		}
		if _, err := svc.SearchCandidateByBSN(asUser(wga), c.BSN); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("werkgeversadviseur searches by BSN: %v", err)
		}
		// The beheerder sees no person data at all.
		if _, err := svc.FindCandidateByID(asUser(admin), c.ID); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("beheerder reads a candidate: %v", err)
		}
		if _, _, err := svc.FindCandidates(asUser(admin), werkpad.CandidateFilter{}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("beheerder lists candidates: %v", err)
		}
		if _, err := svc.UpdateCandidate(asUser(wga), c.ID, werkpad.CandidateUpdate{}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("werkgeversadviseur changes a candidate: %v", err)
		}
	})
}

// TestScopedCallerLearnsNothingOfABSN (issue 15.2): a consulent bound to
// Berg en Dal gets one and the same answer for a new candidate whatever the
// BSN — a Nijmegen candidate's, a free one — and for changing a BSN, before
// any lookup; a regional consulent gets the conflict of a real duplicate.
func TestScopedCallerLearnsNothingOfABSN(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		regional := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		scoped := MustCreateUser(t, db, "bd@werkbedrijf.nl", werkpad.RoleConsultant, "GM1945")
		nijmegen := MustCreateCandidate(t, db, regional, nil)
		own := MustCreateCandidate(t, db, regional, func(c *werkpad.Candidate) { c.BSN, c.MunicipalityCode = testBSNs[1], "GM1945" })
		svc := store.NewCandidateService(db, testSealer(t))
		create := func(u *werkpad.User, bsn, gm string) error {
			c := &werkpad.Candidate{BSN: bsn, GivenName: "Jan", Surname: "Jansen", BirthDate: werkpad.MustParseDate("1990-05-17"),
				MunicipalityCode: gm, ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15")}
			return svc.CreateCandidate(asUser(u), c)
		}
		if err := create(regional, nijmegen.BSN, "GM0268"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Fatalf("regional duplicate: %v", err)
		}
		taken, free := create(scoped, nijmegen.BSN, "GM1945"), create(scoped, testBSNs[2], "GM1945")
		if taken == nil || free == nil || taken.Error() != free.Error() || werkpad.ErrorCode(taken) != werkpad.EFORBIDDEN {
			t.Errorf("scoped create: %v for a taken BSN, %v for a free one; want the same refusal", taken, free)
		}
		bsnTaken, bsnFree := nijmegen.BSN, testBSNs[3]
		_, errTaken := svc.UpdateCandidate(asUser(scoped), own.ID, werkpad.CandidateUpdate{BSN: &bsnTaken})
		_, errFree := svc.UpdateCandidate(asUser(scoped), own.ID, werkpad.CandidateUpdate{BSN: &bsnFree})
		if errTaken == nil || errFree == nil || errTaken.Error() != errFree.Error() {
			t.Errorf("scoped BSN change: %v for a taken BSN, %v for a free one; want the same refusal", errTaken, errFree)
		}
		// Other changes of his own candidate stay his to make.
		name := "Janneke"
		if _, err := svc.UpdateCandidate(asUser(scoped), own.ID, werkpad.CandidateUpdate{GivenName: &name}); err != nil {
			t.Errorf("scoped name change: %v", err)
		}
		if n := countRows(t, db, `candidates`); n != 2 {
			t.Errorf("%d candidates, want 2", n)
		}
	})
}
