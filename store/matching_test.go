package store_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

func TestMatchesForVacancyTenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		nijmegen := f.candidate(t, 0, "GM0268")
		bergEnDal := f.candidate(t, 1, "GM1945")
		develop := MustCreateCandidate(t, db, f.consultant, func(c *werkpad.Candidate) {
			c.BSN, c.MunicipalityCode = testBSNs[2], "GM0268"
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: werkpad.Period{From: werkpad.MustParseDate("2024-02-01")}}}
		})
		if err := f.match.SaveProfile(asUser(f.consultant), &werkpad.Profile{CandidateID: develop.ID, MaxMinutes: 2400}); err != nil {
			t.Fatal(err)
		}
		ids := func(ms []werkpad.Match) []int64 {
			var out []int64
			for _, m := range ms {
				out = append(out, m.CandidateID)
			}
			return out
		}
		all, err := f.match.MatchesForVacancy(asUser(f.adviser), f.vacancy.ID, false, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Nijmegen first: same occupation, and work in his own municipality.
		if diff := cmp.Diff([]int64{nijmegen.ID, bergEnDal.ID}, ids(all)); diff != "" {
			t.Errorf("adviser (-want +got):\n%s", diff)
		}
		if withDev, _ := f.match.MatchesForVacancy(asUser(f.adviser), f.vacancy.ID, true, 0); len(withDev) != 3 {
			t.Errorf("with ontwikkelen: %v", ids(withDev))
		}
		gemeente := MustCreateUser(t, db, "klantmanager@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		own, err := f.match.MatchesForVacancy(asUser(gemeente), f.vacancy.ID, true, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range own {
			if m.Municipality != "GM0268" || m.CandidateID == bergEnDal.ID {
				t.Errorf("gemeente GM0268 sees a candidate of %s: %+v", m.Municipality, m)
			}
		}
		if len(own) != 2 {
			t.Errorf("gemeente GM0268: %v", ids(own))
		}
		if _, err := f.match.MatchesForCandidate(asUser(gemeente), bergEnDal.ID, 0); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("gemeente GM0268 matches a GM1945 candidate: %v, want notfound", err)
		}
		if _, err := f.match.FindProfile(asUser(gemeente), bergEnDal.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("gemeente GM0268 reads a GM1945 profile: %v, want notfound", err)
		}
		if err := f.match.RecordProposal(asUser(f.adviser), &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: bergEnDal.ID}); err != nil {
			t.Fatal(err)
		}
		if list, total, _ := f.match.FindProposals(asUser(gemeente), werkpad.ProposalFilter{VacancyID: f.vacancy.ID}); total != 0 || len(list) != 0 {
			t.Errorf("gemeente GM0268 sees a GM1945 proposal: %v", list)
		}
		if err := f.match.RecordProposal(asUser(gemeente), &werkpad.Proposal{VacancyID: f.vacancy.ID, CandidateID: nijmegen.ID}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente records proposal: %v", err)
		}
		beheerder := MustCreateUser(t, db, "beheer@werkbedrijf.nl", werkpad.RoleAdmin)
		if _, err := f.match.MatchesForVacancy(asUser(beheerder), f.vacancy.ID, false, 0); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("beheerder matches: %v", err)
		}
		// The proposal just made lowers Berg en Dal's last-offer points.
		all, _ = f.match.MatchesForVacancy(asUser(f.adviser), f.vacancy.ID, false, 0)
		for _, m := range all {
			if m.CandidateID == bergEnDal.ID && m.Factors[4].Points != 0 {
				t.Errorf("last offer today: %+v", m.Factors[4])
			}
		}
		vs, err := f.match.MatchesForCandidate(asUser(f.consultant), nijmegen.ID, 0)
		if err != nil || len(vs) != 1 || vs[0].VacancyID != f.vacancy.ID || vs[0].Score != 100 {
			t.Errorf("vacancies for candidate: %+v %v", vs, err)
		}
	})
}

func TestMatchHardRequirementsInSQL(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEmployerFixture(t, db)
		c := f.candidate(t, 0, "GM0268") // B1, no licence, no certificates
		tests := []struct {
			name string
			req  werkpad.Requirements
			occ  string
			want int
		}{
			{"none", werkpad.Requirements{}, "9321", 1},
			{"licence hard", werkpad.Requirements{DrivingLicence: true, DrivingLicenceHard: true}, "9321", 0},
			{"licence soft", werkpad.Requirements{DrivingLicence: true}, "9321", 1},
			{"language B2 hard", werkpad.Requirements{Language: "B2", LanguageHard: true}, "9321", 0},
			{"language B1 hard", werkpad.Requirements{Language: "B1", LanguageHard: true}, "9321", 1},
			{"certificate hard", werkpad.Requirements{Certificates: []werkpad.CertificateRequirement{{Name: "vca", Hard: true}}}, "9321", 0},
			{"certificate soft", werkpad.Requirements{Certificates: []werkpad.CertificateRequirement{{Name: "vca"}}}, "9321", 1},
		}
		for _, tt := range tests {
			req := tt.req
			occ := tt.occ
			if _, err := f.vacancies.UpdateVacancy(asUser(f.adviser), f.vacancy.ID, werkpad.VacancyUpdate{Requirements: &req, Occupation: &occ}); err != nil {
				t.Fatal(err)
			}
			ms, err := f.match.MatchesForVacancy(asUser(f.adviser), f.vacancy.ID, false, 0)
			if err != nil || len(ms) != tt.want {
				t.Errorf("%s: %d matches (%v), want %d", tt.name, len(ms), err, tt.want)
			}
			vs, err := f.match.MatchesForCandidate(asUser(f.adviser), c.ID, 0)
			if err != nil || len(vs) != tt.want {
				t.Errorf("%s, from the candidate: %d matches (%v), want %d", tt.name, len(vs), err, tt.want)
			}
		}
		// Restriction: no heavy work rules out orderpicking.
		p, _ := f.match.FindProfile(asUser(f.adviser), c.ID)
		p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork}
		if err := f.match.SaveProfile(asUser(f.adviser), p); err != nil {
			t.Fatal(err)
		}
		occ, none := "9333", werkpad.Requirements{}
		f.vacancies.UpdateVacancy(asUser(f.adviser), f.vacancy.ID, werkpad.VacancyUpdate{Requirements: &none, Occupation: &occ})
		if ms, _ := f.match.MatchesForVacancy(asUser(f.adviser), f.vacancy.ID, false, 0); len(ms) != 0 {
			t.Errorf("heavy work matched: %+v", ms)
		}
		if vs, _ := f.match.MatchesForCandidate(asUser(f.adviser), c.ID, 0); len(vs) != 0 {
			t.Errorf("heavy work matched from the candidate: %+v", vs)
		}
	})
}

// The tiers stop reading early; the result must equal scoring everyone.
func TestMatchTiersEqualFullScan(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-06-30")
		adviser := MustCreateUser(t, db, "wga@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
		bulkCandidates(t, db, 3000, 42)
		first := bulkVacancies(t, db, 300, 42)
		ms := store.NewMatchService(db)
		vs := store.NewVacancyService(db)
		today := werkpad.MustParseDate("2024-06-30")
		for _, limit := range []int{5, 50} {
			for vid := first; vid < first+30; vid++ {
				v, err := vs.FindVacancyByID(asUser(adviser), vid)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ms.MatchesForVacancy(asUser(adviser), vid, false, limit)
				if err != nil {
					t.Fatal(err)
				}
				want := fullScan(t, db, v, today, limit)
				if diff := cmp.Diff(want, scores(got)); diff != "" {
					t.Fatalf("vacancy %d limit %d (-full scan +tiers):\n%s", vid, limit, diff)
				}
			}
		}
		// And from the candidate's side, against every open vacancy.
		for cid := int64(bulkFirstCandidate); cid < bulkFirstCandidate+20; cid++ {
			got, err := ms.MatchesForCandidate(asUser(adviser), cid, 10)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ms.FindProfile(asUser(adviser), cid)
			if err != nil {
				t.Fatal(err)
			}
			open, _, err := vs.FindVacancies(asUser(adviser), werkpad.VacancyFilter{Status: werkpad.VacancyOpen, Page: werkpad.Page{Limit: 500}})
			if err != nil {
				t.Fatal(err)
			}
			var all []werkpad.Match
			mun := rawString(t, db, `SELECT municipality FROM candidates WHERE id = ?`, cid)
			for _, v := range open {
				if m := werkpad.Score(v, werkpad.MatchCandidate{ID: cid, Municipality: mun}, p, werkpad.Date{}, today); !m.Excluded {
					all = append(all, m)
				}
			}
			want := topScores(all, 10, func(m werkpad.Match) int64 { return m.VacancyID })
			if diff := cmp.Diff(want, scoresV(got)); diff != "" {
				t.Fatalf("candidate %d (-full scan +tiers):\n%s", cid, diff)
			}
		}
	})
}

type idScore struct {
	ID    int64
	Score int
}

func scores(ms []werkpad.Match) []idScore {
	out := []idScore{}
	for _, m := range ms {
		out = append(out, idScore{m.CandidateID, m.Score})
	}
	return out
}

func scoresV(ms []werkpad.Match) []idScore {
	out := []idScore{}
	for _, m := range ms {
		out = append(out, idScore{m.VacancyID, m.Score})
	}
	return out
}

func topScores(ms []werkpad.Match, limit int, key func(werkpad.Match) int64) []idScore {
	out := []idScore{}
	for _, m := range ms {
		out = append(out, idScore{key(m), m.Score})
	}
	for i := range out { // insertion sort: small lists in tests
		for j := i; j > 0 && (out[j].Score > out[j-1].Score || out[j].Score == out[j-1].Score && out[j].ID < out[j-1].ID); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// fullScan scores every bulk candidate in bemiddelen with werkpad.Score.
func fullScan(t *testing.T, db *store.DB, v *werkpad.Vacancy, today werkpad.Date, limit int) []idScore {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT c.id, c.municipality, p.occupations, p.min_minutes, p.max_minutes, p.municipalities, p.travel_km,
		p.driving_licence, p.language_rank, p.certificates, p.no_heavy_work, p.no_customer_contact
		FROM candidates c JOIN candidate_profiles p ON p.candidate_id = c.id
		JOIN phase_periods ph ON ph.candidate_id = c.id AND ph.phase = 'bemiddelen' AND ph.to_date IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []werkpad.Match
	for rows.Next() {
		var c werkpad.MatchCandidate
		var p werkpad.Profile
		var occ, mun, certs string
		var rank int
		var heavy, contact bool
		if err := rows.Scan(&c.ID, &c.Municipality, &occ, &p.MinMinutes, &p.MaxMinutes, &mun, &p.TravelKm, &p.DrivingLicence, &rank, &certs, &heavy, &contact); err != nil {
			t.Fatal(err)
		}
		p.Occupations, p.Municipalities, p.Certificates = split(occ), split(mun), split(certs)
		p.Language = werkpad.LanguageLevels[rank]
		if heavy {
			p.Restrictions = append(p.Restrictions, werkpad.RestrictionNoHeavyWork)
		}
		if contact {
			p.Restrictions = append(p.Restrictions, werkpad.RestrictionNoCustomerContact)
		}
		if m := werkpad.Score(v, c, &p, werkpad.Date{}, today); !m.Excluded {
			all = append(all, m)
		}
	}
	return topScores(all, limit, func(m werkpad.Match) int64 { return m.CandidateID })
}

func split(s string) []string {
	var out []string
	for _, x := range splitComma(s) {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// benchCandidates is the number of candidates of the matching benchmarks:
// WERKPAD_BENCH_CANDIDATES, default 20,000.
func benchCandidates(b *testing.B) int {
	if s := os.Getenv("WERKPAD_BENCH_CANDIDATES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("WERKPAD_BENCH_CANDIDATES=%q: want a positive number", s)
		}
		return n
	}
	return 20000
}

// BenchmarkMatchVacancy matches one vacancy against N candidates (about
// 35% in bemiddelen), for a region-wide adviser and for a gemeente user.
//
//	WERKPAD_BENCH_CANDIDATES=400000 go test ./store -run '^$' -bench BenchmarkMatchVacancy -benchtime 10x -timeout 900s
//
// Measured (2 vCPU Xeon, PostgreSQL 15 local, fsync off), ms/op at 20,000 /
// 400,000 candidates: SQLite adviser 15 / 212, gemeente 22 / 117;
// PostgreSQL adviser 93 / 501, gemeente 60 / 482. PostgreSQL misses the
// 200 ms aim at 400,000: with random locations the list rarely closes
// after the first tiers, and each later tier query hash-joins the whole
// candidates and phase_periods tables.
func BenchmarkMatchVacancy(b *testing.B) {
	n := benchCandidates(b)
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(fmt.Sprintf("%s/candidates=%d", d, n), func(b *testing.B) {
			db := openBench(b, d)
			adviser := MustCreateUser(b, db, "wga@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
			gemeente := MustCreateUser(b, db, "g@wijchen.nl", werkpad.RoleMunicipality, "GM0296")
			bulkCandidates(b, db, n, 1)
			first := bulkVacancies(b, db, 50, 1)
			ms := store.NewMatchService(db)
			for _, who := range []struct {
				name string
				u    *werkpad.User
			}{{"adviser", adviser}, {"gemeente", gemeente}} {
				b.Run(who.name, func(b *testing.B) {
					ctx := asUser(who.u)
					i := 0
					for b.Loop() {
						if _, err := ms.MatchesForVacancy(ctx, first+int64(i%50), false, 50); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
			}
		})
	}
}

// BenchmarkMatchCandidate matches one candidate against 50,000 vacancies.
func BenchmarkMatchCandidate(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(fmt.Sprintf("%s/vacancies=50000", d), func(b *testing.B) {
			db := openBench(b, d)
			adviser := MustCreateUser(b, db, "wga@werkbedrijf.nl", werkpad.RoleEmployerAdviser)
			bulkCandidates(b, db, 1000, 2)
			bulkVacancies(b, db, 50000, 2)
			ms := store.NewMatchService(db)
			ctx := asUser(adviser)
			i := 0
			for b.Loop() {
				if _, err := ms.MatchesForCandidate(ctx, int64(bulkFirstCandidate+i%1000), 50); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func openBench(b *testing.B, d store.Dialect) *store.DB {
	db := storetest.Open(b, d)
	fixedClock(db, "2024-06-30")
	return db
}
