package werkpad_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

var today = werkpad.MustParseDate("2024-06-30")

func baseVacancy() *werkpad.Vacancy {
	return &werkpad.Vacancy{ID: 1, EmployerID: 1, Title: "Inpakker", Occupation: "9321",
		MinutesPerWeek: 32 * 60, Municipality: "GM0268"}
}

func baseProfile() *werkpad.Profile {
	return &werkpad.Profile{CandidateID: 7, Occupations: []string{"9321"}, MinMinutes: 24 * 60, MaxMinutes: 36 * 60,
		Language: "B1", DrivingLicence: true, Certificates: []string{"vca"}}
}

var nijmegenaar = werkpad.MatchCandidate{ID: 7, Municipality: "GM0268"}

func factor(t *testing.T, m werkpad.Match, name string) werkpad.Factor {
	t.Helper()
	for _, f := range m.Factors {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no factor %q in %+v", name, m)
	return werkpad.Factor{}
}

func TestScorePerfect(t *testing.T) {
	m := werkpad.Score(baseVacancy(), nijmegenaar, baseProfile(), werkpad.Date{}, today)
	if m.Excluded || m.Score != 100 {
		t.Fatalf("perfect match: %+v", m)
	}
}

func TestScoreHardFilters(t *testing.T) {
	tests := []struct {
		name    string
		vacancy func(v *werkpad.Vacancy)
		profile func(p *werkpad.Profile)
		reasons int
	}{
		{"licence hard, missing", func(v *werkpad.Vacancy) {
			v.Requirements.DrivingLicence, v.Requirements.DrivingLicenceHard = true, true
		}, func(p *werkpad.Profile) { p.DrivingLicence = false }, 1},
		{"licence soft, missing: not excluded", func(v *werkpad.Vacancy) {
			v.Requirements.DrivingLicence = true
		}, func(p *werkpad.Profile) { p.DrivingLicence = false }, 0},
		{"language hard, below", func(v *werkpad.Vacancy) {
			v.Requirements.Language, v.Requirements.LanguageHard = "B2", true
		}, func(p *werkpad.Profile) {}, 1},
		{"language hard, equal", func(v *werkpad.Vacancy) {
			v.Requirements.Language, v.Requirements.LanguageHard = "B1", true
		}, func(p *werkpad.Profile) {}, 0},
		{"certificate hard, missing", func(v *werkpad.Vacancy) {
			v.Requirements.Certificates = []werkpad.CertificateRequirement{{Name: "heftruck", Hard: true}}
		}, func(p *werkpad.Profile) {}, 1},
		{"certificate hard, present", func(v *werkpad.Vacancy) {
			v.Requirements.Certificates = []werkpad.CertificateRequirement{{Name: "vca", Hard: true}}
		}, func(p *werkpad.Profile) {}, 0},
		{"no heavy work vs orderpicker", func(v *werkpad.Vacancy) { v.Occupation = "9333" },
			func(p *werkpad.Profile) { p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork} }, 1},
		{"no heavy work vs inpakker", func(v *werkpad.Vacancy) {},
			func(p *werkpad.Profile) { p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork} }, 0},
		{"no customer contact vs verkoop", func(v *werkpad.Vacancy) { v.Occupation = "5223" },
			func(p *werkpad.Profile) { p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoCustomerContact} }, 1},
		{"everything missing", func(v *werkpad.Vacancy) {
			v.Occupation = "9333"
			v.Requirements = werkpad.Requirements{DrivingLicence: true, DrivingLicenceHard: true, Language: "C1", LanguageHard: true,
				Certificates: []werkpad.CertificateRequirement{{Name: "heftruck", Hard: true}}}
		}, func(p *werkpad.Profile) {
			p.DrivingLicence = false
			p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork}
		}, 4},
	}
	for _, tt := range tests {
		v, p := baseVacancy(), baseProfile()
		tt.vacancy(v)
		tt.profile(p)
		m := werkpad.Score(v, nijmegenaar, p, werkpad.Date{}, today)
		if len(m.Reasons) != tt.reasons || m.Excluded != (tt.reasons > 0) {
			t.Errorf("%s: excluded=%v reasons=%q, want %d reasons", tt.name, m.Excluded, m.Reasons, tt.reasons)
		}
		if m.Excluded && (m.Score != 0 || len(m.Factors) != 0) {
			t.Errorf("%s: an excluded match has no score: %+v", tt.name, m)
		}
	}
}

func TestScoreOccupation(t *testing.T) {
	tests := []struct {
		prefs []string
		want  int
	}{
		{[]string{"9321"}, 40},         // same unit group
		{[]string{"9329"}, 28},         // same minor group 932
		{nil, 20},                      // no preference: open to any work
		{[]string{"9333"}, 14},         // same major group 9
		{[]string{"4110"}, 0},          // unrelated
		{[]string{"4110", "9329"}, 28}, // the closest preference counts
		{[]string{"9333", "9321"}, 40},
	}
	for _, tt := range tests {
		p := baseProfile()
		p.Occupations = tt.prefs
		f := factor(t, werkpad.Score(baseVacancy(), nijmegenaar, p, werkpad.Date{}, today), "Beroep")
		if f.Points != tt.want || f.Explanation == "" {
			t.Errorf("prefs %v: %+v, want %d points", tt.prefs, f, tt.want)
		}
	}
}

func TestScoreHours(t *testing.T) {
	tests := []struct {
		vacancy, lo, hi, want int
	}{
		{32 * 60, 24 * 60, 36 * 60, 20}, // inside
		{24 * 60, 24 * 60, 36 * 60, 20}, // on the edge
		{38 * 60, 24 * 60, 36 * 60, 16}, // 2 hours over
		{36*60 + 1, 24 * 60, 36 * 60, 18},
		{16 * 60, 24 * 60, 36 * 60, 4}, // 8 hours under
		{40 * 60, 8 * 60, 16 * 60, 0},  // far off
	}
	for _, tt := range tests {
		v, p := baseVacancy(), baseProfile()
		v.MinutesPerWeek, p.MinMinutes, p.MaxMinutes = tt.vacancy, tt.lo, tt.hi
		if f := factor(t, werkpad.Score(v, nijmegenaar, p, werkpad.Date{}, today), "Uren"); f.Points != tt.want {
			t.Errorf("vacancy %d in [%d,%d]: %+v, want %d", tt.vacancy, tt.lo, tt.hi, f, tt.want)
		}
	}
}

func TestScoreLocation(t *testing.T) {
	tests := []struct {
		name    string
		vacancy string
		wanted  []string
		rangeKm int
		want    int
	}{
		{"own municipality", "GM0268", nil, 0, 20},
		{"named municipality", "GM0225", []string{"GM0225"}, 0, 16},
		{"within range (Wijchen 11 km of 20)", "GM0296", nil, 20, 12},
		{"at the edge of the range", "GM0296", nil, 11, 8},
		{"outside range", "GM0668", nil, 20, 0},
		{"not in named list", "GM0668", []string{"GM0296"}, 0, 0},
		{"no wish, 9 km", "GM0209", nil, 0, 12},
		{"no wish, 14 km", "GM0944", nil, 0, 8},
		{"no wish, 22 km", "GM0225", nil, 0, 4},
		{"no wish, 30+ km", "GM0668", nil, 0, 4},
		{"outside the region", "GM0202", nil, 0, 0},
	}
	for _, tt := range tests {
		v, p := baseVacancy(), baseProfile()
		v.Municipality, p.Municipalities, p.TravelKm = tt.vacancy, tt.wanted, tt.rangeKm
		if f := factor(t, werkpad.Score(v, nijmegenaar, p, werkpad.Date{}, today), "Locatie"); f.Points != tt.want {
			t.Errorf("%s: %+v, want %d", tt.name, f, tt.want)
		}
	}
}

func TestDistanceSymmetricAndComplete(t *testing.T) {
	codes := []string{"GM0268", "GM1945", "GM0209", "GM0225", "GM0252", "GM0944", "GM0296", "GM0668"}
	for _, a := range codes {
		for _, b := range codes {
			d1, ok1 := werkpad.DistanceKm(a, b)
			d2, ok2 := werkpad.DistanceKm(b, a)
			if !ok1 || !ok2 || d1 != d2 || (a == b) != (d1 == 0) {
				t.Errorf("distance %s-%s: %d/%v vs %d/%v", a, b, d1, ok1, d2, ok2)
			}
		}
	}
}

func TestScoreSoftRequirements(t *testing.T) {
	tests := []struct {
		name string
		req  werkpad.Requirements
		want int
	}{
		{"none", werkpad.Requirements{}, 10},
		{"hard only", werkpad.Requirements{DrivingLicence: true, DrivingLicenceHard: true}, 10},
		{"licence soft, has it", werkpad.Requirements{DrivingLicence: true}, 10},
		{"language soft, below", werkpad.Requirements{Language: "C1"}, 0},
		{"1 of 2 certificates", werkpad.Requirements{Certificates: []werkpad.CertificateRequirement{{Name: "vca"}, {Name: "bhv"}}}, 5},
		{"2 of 3", werkpad.Requirements{DrivingLicence: true, Language: "A2", Certificates: []werkpad.CertificateRequirement{{Name: "bhv"}}}, 6},
	}
	for _, tt := range tests {
		v := baseVacancy()
		v.Requirements = tt.req
		if f := factor(t, werkpad.Score(v, nijmegenaar, baseProfile(), werkpad.Date{}, today), "Eisen"); f.Points != tt.want {
			t.Errorf("%s: %+v, want %d", tt.name, f, tt.want)
		}
	}
}

func TestScoreLastOffer(t *testing.T) {
	tests := []struct {
		last werkpad.Date
		want int
	}{
		{werkpad.Date{}, 10},
		{today, 0},
		{today.AddDays(-8), 0},
		{today.AddDays(-9), 1},
		{today.AddDays(-45), 5},
		{today.AddDays(-90), 10},
		{today.AddDays(-400), 10},
	}
	for _, tt := range tests {
		if f := factor(t, werkpad.Score(baseVacancy(), nijmegenaar, baseProfile(), tt.last, today), "Laatste voorstel"); f.Points != tt.want {
			t.Errorf("last %s: %+v, want %d", tt.last, f, tt.want)
		}
	}
}

// The explanation is the score: for many random inputs the factor points
// add up to the score, each stays within its maximum, the maxima add up to
// 100, and every factor explains itself.
func TestScoreExplanationAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 630))
	codes := []string{"GM0268", "GM1945", "GM0209", "GM0225", "GM0252", "GM0944", "GM0296", "GM0668", "GM0202"}
	certs := []string{"vca", "bhv", "heftruck", "hygiëne"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	occ := func() string { return werkpad.Occupations[rng.IntN(len(werkpad.Occupations))].Code }
	scored := 0
	for i := range 20000 {
		v := &werkpad.Vacancy{Occupation: occ(), MinutesPerWeek: 60 + rng.IntN(40*60), Municipality: pick(codes),
			Requirements: werkpad.Requirements{DrivingLicence: rng.IntN(2) == 0, DrivingLicenceHard: rng.IntN(3) == 0,
				Language: werkpad.LanguageLevels[rng.IntN(7)], LanguageHard: rng.IntN(3) == 0}}
		for _, c := range certs {
			if rng.IntN(3) == 0 {
				v.Requirements.Certificates = append(v.Requirements.Certificates, werkpad.CertificateRequirement{Name: c, Hard: rng.IntN(4) == 0})
			}
		}
		lo := rng.IntN(30 * 60)
		p := &werkpad.Profile{MinMinutes: lo, MaxMinutes: lo + 1 + rng.IntN(10*60), TravelKm: rng.IntN(3) * 15,
			DrivingLicence: rng.IntN(2) == 0, Language: werkpad.LanguageLevels[rng.IntN(7)]}
		for range rng.IntN(4) {
			p.Occupations = append(p.Occupations, occ())
		}
		for _, c := range certs {
			if rng.IntN(2) == 0 {
				p.Certificates = append(p.Certificates, c)
			}
		}
		if rng.IntN(4) == 0 {
			p.Municipalities = []string{pick(codes)}
		}
		if rng.IntN(10) == 0 {
			p.Restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork}
		}
		var last werkpad.Date
		if rng.IntN(2) == 0 {
			last = today.AddDays(-rng.IntN(200))
		}
		c := werkpad.MatchCandidate{ID: int64(i), Municipality: pick(codes[:8])}
		m := werkpad.Score(v, c, p, last, today)
		if m.Excluded {
			if len(m.Reasons) == 0 || m.Score != 0 {
				t.Fatalf("input %d: excluded without reasons or with a score: %+v", i, m)
			}
			continue
		}
		scored++
		sum, maxSum := 0, 0
		for _, f := range m.Factors {
			if f.Points < 0 || f.Points > f.Max || f.Explanation == "" {
				t.Fatalf("input %d: bad factor %+v", i, f)
			}
			sum += f.Points
			maxSum += f.Max
		}
		if sum != m.Score || maxSum != 100 || m.Score < 0 || m.Score > 100 {
			t.Fatalf("input %d: factors add to %d (max %d), score %d: %+v", i, sum, maxSum, m.Score, m)
		}
		// The store's tiering relies on this bound.
		occPts, _ := werkpad.OccupationPoints(v.Occupation, p.Occupations)
		if m.Score > occPts+werkpad.MaxPointsBesidesOccupation {
			t.Fatalf("input %d: score %d above occupation bound %d", i, m.Score, occPts+werkpad.MaxPointsBesidesOccupation)
		}
		if diff := cmp.Diff(m, werkpad.Score(v, c, p, last, today)); diff != "" {
			t.Fatalf("input %d: not deterministic:\n%s", i, diff)
		}
	}
	if scored < 5000 {
		t.Errorf("only %d of 20000 inputs were scored; the generator excludes too much", scored)
	}
}

func TestProposalTransitions(t *testing.T) {
	tests := []struct {
		from, to werkpad.ProposalStatus
		ok       bool
	}{
		{werkpad.ProposalProposed, werkpad.ProposalInvited, true},
		{werkpad.ProposalProposed, werkpad.ProposalHired, true},
		{werkpad.ProposalProposed, werkpad.ProposalRejected, true},
		{werkpad.ProposalInvited, werkpad.ProposalHired, true},
		{werkpad.ProposalInvited, werkpad.ProposalProposed, false},
		{werkpad.ProposalHired, werkpad.ProposalRejected, false},
		{werkpad.ProposalRejected, werkpad.ProposalInvited, false},
	}
	for _, tt := range tests {
		if got := tt.from.CanMoveTo(tt.to); got != tt.ok {
			t.Errorf("%s → %s = %v, want %v", tt.from, tt.to, got, tt.ok)
		}
	}
	u := werkpad.ProposalUpdate{Status: werkpad.ProposalRejected, On: today}
	if werkpad.ErrorField(u.Validate(werkpad.ProposalProposed)) != "reden" {
		t.Error("a rejection needs a reason")
	}
	u = werkpad.ProposalUpdate{Status: werkpad.ProposalHired, On: today}
	if werkpad.ErrorField(u.Validate(werkpad.ProposalInvited)) != "plaatsing" {
		t.Error("a hire needs contract details")
	}
	u = werkpad.ProposalUpdate{Status: werkpad.ProposalInvited, On: today}
	if werkpad.ErrorCode(u.Validate(werkpad.ProposalHired)) != werkpad.ECONFLICT {
		t.Error("a final proposal does not move")
	}
}

func TestVacancyAndProfileValidate(t *testing.T) {
	v := baseVacancy()
	v.Requirements = werkpad.Requirements{Language: "b1", Certificates: []werkpad.CertificateRequirement{{Name: " VCA "}}}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	if v.Status != werkpad.VacancyOpen || v.Positions != 1 || v.Requirements.Language != "B1" || v.Requirements.Certificates[0].Name != "vca" {
		t.Errorf("normalised vacancy: %+v", v)
	}
	for name, edit := range map[string]func(v *werkpad.Vacancy){
		"beroep":         func(v *werkpad.Vacancy) { v.Occupation = "1234" },
		"minutenPerWeek": func(v *werkpad.Vacancy) { v.MinutesPerWeek = 41 * 60 },
		"taalniveau":     func(v *werkpad.Vacancy) { v.Requirements.Language = "D1" },
		"status":         func(v *werkpad.Vacancy) { v.Status = "gesloten" },
		"eisen.certificaten": func(v *werkpad.Vacancy) {
			v.Requirements.Certificates = []werkpad.CertificateRequirement{{Name: "vca"}, {Name: "VCA"}}
		},
	} {
		v := baseVacancy()
		edit(v)
		if got := werkpad.ErrorField(v.Validate()); got != name {
			t.Errorf("vacancy %s: field %q", name, got)
		}
	}
	p := baseProfile()
	p.Certificates = []string{"VCA", "vca", "BHV"}
	if err := p.Validate(); err != nil || !slices.Equal(p.Certificates, []string{"vca", "bhv"}) {
		t.Errorf("profile: %v %v", err, p.Certificates)
	}
	for name, edit := range map[string]func(p *werkpad.Profile){
		"beroepen":          func(p *werkpad.Profile) { p.Occupations = []string{"9999"} },
		"maxMinutenPerWeek": func(p *werkpad.Profile) { p.MaxMinutes = 0 },
		"minMinutenPerWeek": func(p *werkpad.Profile) { p.MinMinutes = p.MaxMinutes + 1 },
		"gemeenten":         func(p *werkpad.Profile) { p.Municipalities = []string{"Wijchen"} },
		"beperkingen":       func(p *werkpad.Profile) { p.Restrictions = []werkpad.Restriction{"geen-trappen"} },
	} {
		p := baseProfile()
		edit(p)
		if got := werkpad.ErrorField(p.Validate()); got != name {
			t.Errorf("profile %s: field %q", name, got)
		}
	}
}
