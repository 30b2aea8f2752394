package werkpad

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Matching ranks candidates for a vacancy (and vacancies for a candidate)
// in a way a consultant can explain to both: hard requirements filter, soft
// factors score, and every point is accounted for by a factor with a Dutch
// explanation.
//
// The weights add up to 100:
//
//	occupation             40  the candidate wants this kind of work: the best
//	                           single predictor that a proposal leads to a hire
//	hours                  20  a contract the candidate cannot combine (care,
//	location               20  travel) breaks down in the first weeks; both
//	                           weigh the same and half of occupation
//	soft requirements      10  soft by definition: the employer will train
//	time since last offer  10  spreads chances; small enough never to put an
//	                           unsuitable candidate above a suitable one
//
// Within occupation, the ISCO-08 hierarchy says how close two jobs are:
// the same unit group 40, the same minor group (3 digits) 28, no preference
// given ("open to any work") 20, the same major group 14, otherwise 0.
const (
	WeightOccupation  = 40
	WeightHours       = 20
	WeightLocation    = 20
	WeightRequirement = 10
	WeightLastOffer   = 10

	OccupationPointsUnit       = 40
	OccupationPointsMinor      = 28
	OccupationPointsOpen       = 20
	OccupationPointsMajor      = 14
	OccupationPointsOther      = 0
	MaxPointsBesidesOccupation = WeightHours + WeightLocation + WeightRequirement + WeightLastOffer
)

// Factor is one line of a match explanation.
type Factor struct {
	Name        string `json:"naam"`
	Points      int    `json:"punten"`
	Max         int    `json:"maximum"`
	Explanation string `json:"uitleg"`
}

// Match is the outcome of scoring one candidate against one vacancy. An
// excluded match has Reasons (the hard requirements not met) and no score.
type Match struct {
	VacancyID   int64    `json:"vacatureId"`
	CandidateID int64    `json:"kandidaatId"`
	Excluded    bool     `json:"uitgesloten"`
	Reasons     []string `json:"redenen,omitempty"`
	Score       int      `json:"score"`
	Factors     []Factor `json:"factoren,omitempty"`

	// Filled by the store for display; never used in scoring.
	CandidateName string `json:"kandidaat,omitempty"`
	Municipality  string `json:"gemeente,omitempty"`
	VacancyTitle  string `json:"vacature,omitempty"`
	EmployerName  string `json:"werkgever,omitempty"`
}

// MatchCandidate is what scoring needs to know of a candidate besides his
// profile: his id and municipality of residence.
type MatchCandidate struct {
	ID           int64
	Municipality string
}

// Score matches candidate c (with profile p) against vacancy v on day
// today. lastOffer is the date of the latest proposal of the candidate for
// any vacancy (zero: never). It is a pure function: the same input gives
// the same score and explanation.
func Score(v *Vacancy, c MatchCandidate, p *Profile, lastOffer, today Date) Match {
	m := Match{VacancyID: v.ID, CandidateID: c.ID}
	if reasons := hardReasons(v, p); len(reasons) > 0 {
		m.Excluded, m.Reasons = true, reasons
		return m
	}
	m.Factors = []Factor{
		occupationFactor(v.Occupation, p.Occupations),
		hoursFactor(v.MinutesPerWeek, p.MinMinutes, p.MaxMinutes),
		locationFactor(v.Municipality, c.Municipality, p.Municipalities, p.TravelKm),
		requirementFactor(v.Requirements, p),
		lastOfferFactor(lastOffer, today),
	}
	for _, f := range m.Factors {
		m.Score += f.Points
	}
	return m
}

// hardReasons lists the hard requirements the candidate does not meet and
// the restrictions that rule the work out.
func hardReasons(v *Vacancy, p *Profile) []string {
	var rs []string
	r := v.Requirements
	if r.DrivingLicence && r.DrivingLicenceHard && !p.DrivingLicence {
		rs = append(rs, "Rijbewijs is een harde eis; de kandidaat heeft geen rijbewijs.")
	}
	if r.LanguageHard && p.Language.Rank() < r.Language.Rank() {
		rs = append(rs, fmt.Sprintf("Taalniveau %s is een harde eis; de kandidaat heeft %s.", r.Language, p.Language))
	}
	for _, cr := range r.Certificates {
		if cr.Hard && !p.HasCertificate(cr.Name) {
			rs = append(rs, fmt.Sprintf("Certificaat %q is een harde eis; de kandidaat heeft het niet.", cr.Name))
		}
	}
	if o, ok := FindOccupation(v.Occupation); ok {
		for _, res := range p.Restrictions {
			if res.Excludes(o) {
				rs = append(rs, fmt.Sprintf("Beperking %q: %s valt daaronder.", res.Label(), OccupationTitle(o.Code)))
			}
		}
	}
	return rs
}

// OccupationPoints gives the occupation points of a vacancy's unit group
// against a list of preferences; the store uses the same tiers to decide
// which candidates can still reach the top of a list.
func OccupationPoints(vacancy string, prefs []string) (points int, closest string) {
	if len(prefs) == 0 {
		return OccupationPointsOpen, ""
	}
	points = OccupationPointsOther
	for _, p := range prefs {
		var pts int
		switch {
		case p == vacancy:
			pts = OccupationPointsUnit
		case MinorGroup(p) == MinorGroup(vacancy):
			pts = OccupationPointsMinor
		case MajorGroup(p) == MajorGroup(vacancy):
			pts = OccupationPointsMajor
		}
		if pts > points || closest == "" && pts == points {
			points, closest = pts, p
		}
	}
	return points, closest
}

func occupationFactor(vacancy string, prefs []string) Factor {
	f := Factor{Name: "Beroep", Max: WeightOccupation}
	pts, closest := OccupationPoints(vacancy, prefs)
	f.Points = pts
	switch pts {
	case OccupationPointsOpen:
		f.Explanation = "Geen voorkeursberoep opgegeven: staat open voor elk werk."
	case OccupationPointsUnit:
		f.Explanation = fmt.Sprintf("Voorkeursberoep %s is precies dit beroep.", OccupationTitle(closest))
	case OccupationPointsMinor:
		f.Explanation = fmt.Sprintf("Voorkeursberoep %s ligt in dezelfde beroepsgroep (%s).", OccupationTitle(closest), MinorGroup(vacancy))
	case OccupationPointsMajor:
		f.Explanation = fmt.Sprintf("Voorkeursberoep %s ligt in dezelfde hoofdgroep (%s).", OccupationTitle(closest), MajorGroup(vacancy))
	default:
		f.Explanation = fmt.Sprintf("Geen van de voorkeursberoepen (%s) lijkt op %s.", strings.Join(prefs, ", "), OccupationTitle(vacancy))
	}
	return f
}

// Hours: full points inside the candidate's range, two points less for
// every started hour outside it.
func hoursFactor(vacancy, lo, hi int) Factor {
	f := Factor{Name: "Uren", Max: WeightHours}
	rng := FormatHours(lo) + "–" + FormatHours(hi) + " uur"
	gap := 0
	switch {
	case vacancy < lo:
		gap = lo - vacancy
	case vacancy > hi:
		gap = vacancy - hi
	}
	if gap == 0 {
		f.Points = WeightHours
		f.Explanation = fmt.Sprintf("%s uur per week past binnen %s.", FormatHours(vacancy), rng)
		return f
	}
	hours := (gap + 59) / 60
	f.Points = max(0, WeightHours-2*hours)
	f.Explanation = fmt.Sprintf("%s uur per week ligt %s uur buiten %s.", FormatHours(vacancy), FormatHours(gap), rng)
	return f
}

// Location: living in the municipality of the work scores full; a
// municipality the candidate named 16; within his travel range 8 to 16 by
// distance; without any stated wish by distance alone (12 up to 10 km, 8 up
// to 20, 4 up to 30); beyond a stated range or list 0.
func locationFactor(vacancy, home string, wanted []string, rangeKm int) Factor {
	f := Factor{Name: "Locatie", Max: WeightLocation}
	d, known := DistanceKm(home, vacancy)
	switch {
	case vacancy == home:
		f.Points, f.Explanation = WeightLocation, "Werk in de eigen woongemeente."
	case slices.Contains(wanted, vacancy):
		f.Points, f.Explanation = 16, fmt.Sprintf("Werk in %s, een gemeente die de kandidaat heeft opgegeven.", vacancy)
	case rangeKm > 0 && known && d <= rangeKm:
		f.Points = 16 - 8*d/rangeKm
		f.Explanation = fmt.Sprintf("Werk op ongeveer %d km, binnen de reisafstand van %d km.", d, rangeKm)
	case rangeKm > 0 || len(wanted) > 0:
		f.Points = 0
		if known {
			f.Explanation = fmt.Sprintf("Werk op ongeveer %d km, buiten de opgegeven gemeenten of reisafstand.", d)
		} else {
			f.Explanation = "Werk buiten de opgegeven gemeenten of reisafstand."
		}
	case !known:
		f.Points, f.Explanation = 0, fmt.Sprintf("Afstand tussen %s en %s onbekend.", home, vacancy)
	default:
		switch {
		case d <= 10:
			f.Points = 12
		case d <= 20:
			f.Points = 8
		case d <= 30:
			f.Points = 4
		}
		f.Explanation = fmt.Sprintf("Werk op ongeveer %d km van de woongemeente (geen reiswens opgegeven).", d)
	}
	return f
}

// Soft requirements: the share met, of 10 points, rounded down.
func requirementFactor(r Requirements, p *Profile) Factor {
	f := Factor{Name: "Eisen", Max: WeightRequirement}
	var met, missing []string
	if r.DrivingLicence && !r.DrivingLicenceHard {
		if p.DrivingLicence {
			met = append(met, "rijbewijs")
		} else {
			missing = append(missing, "rijbewijs")
		}
	}
	if r.Language.Rank() > 0 && !r.LanguageHard {
		name := "taalniveau " + string(r.Language)
		if p.Language.Rank() >= r.Language.Rank() {
			met = append(met, name)
		} else {
			missing = append(missing, name+" (heeft "+string(p.Language)+")")
		}
	}
	for _, c := range r.Certificates {
		if c.Hard {
			continue
		}
		if p.HasCertificate(c.Name) {
			met = append(met, c.Name)
		} else {
			missing = append(missing, c.Name)
		}
	}
	total := len(met) + len(missing)
	if total == 0 {
		f.Points, f.Explanation = WeightRequirement, "Geen wensen buiten de harde eisen."
		return f
	}
	f.Points = WeightRequirement * len(met) / total
	var parts []string
	if len(met) > 0 {
		parts = append(parts, "voldoet aan "+strings.Join(met, ", "))
	}
	if len(missing) > 0 {
		parts = append(parts, "mist "+strings.Join(missing, ", "))
	}
	f.Explanation = fmt.Sprintf("%d van %d wensen: %s.", len(met), total, strings.Join(parts, "; "))
	return f
}

// LastOfferFullAfterDays is after how many days without a proposal the
// candidate gets the full points of the last-offer factor.
const LastOfferFullAfterDays = 90

// Time since last offer: never offered or 90 days ago or more scores full,
// fewer days pro rata (rounded down), so recent candidates yield a little.
func lastOfferFactor(last, today Date) Factor {
	f := Factor{Name: "Laatste voorstel", Max: WeightLastOffer}
	if last.IsZero() {
		f.Points, f.Explanation = WeightLastOffer, "Nog nooit voorgesteld voor een vacature."
		return f
	}
	days := max(0, last.DaysUntil(today))
	f.Points = min(WeightLastOffer, WeightLastOffer*days/LastOfferFullAfterDays)
	f.Explanation = fmt.Sprintf("Laatst voorgesteld op %s (%d dagen geleden).", last.Dutch(), days)
	return f
}

// Approximate road distances in km between the centres of the eight
// municipalities of the MGR (Nijmegen, Groesbeek, Beuningen, Druten, Malden,
// Mook, Wijchen, Beneden-Leeuwen), rounded to whole km. Reference data for
// ranking only; a pair outside the region has no distance.
var municipalityDistances = map[[2]string]int{
	{"GM0268", "GM1945"}: 10, {"GM0268", "GM0209"}: 9, {"GM0268", "GM0225"}: 22, {"GM0268", "GM0252"}: 9,
	{"GM0268", "GM0944"}: 14, {"GM0268", "GM0296"}: 11, {"GM0268", "GM0668"}: 30,
	{"GM1945", "GM0209"}: 18, {"GM1945", "GM0225"}: 31, {"GM1945", "GM0252"}: 10, {"GM1945", "GM0944"}: 9,
	{"GM1945", "GM0296"}: 19, {"GM1945", "GM0668"}: 39,
	{"GM0209", "GM0225"}: 14, {"GM0209", "GM0252"}: 16, {"GM0209", "GM0944"}: 21, {"GM0209", "GM0296"}: 8,
	{"GM0209", "GM0668"}: 21,
	{"GM0225", "GM0252"}: 24, {"GM0225", "GM0944"}: 28, {"GM0225", "GM0296"}: 13, {"GM0225", "GM0668"}: 9,
	{"GM0252", "GM0944"}: 7, {"GM0252", "GM0296"}: 12, {"GM0252", "GM0668"}: 30,
	{"GM0944", "GM0296"}: 16, {"GM0944", "GM0668"}: 33,
	{"GM0296", "GM0668"}: 20,
}

// DistanceKm returns the distance between two municipalities of the region
// (0 for the same one) and whether it is known.
func DistanceKm(a, b string) (int, bool) {
	if a == b {
		return 0, true
	}
	if d, ok := municipalityDistances[[2]string{a, b}]; ok {
		return d, true
	}
	d, ok := municipalityDistances[[2]string{b, a}]
	return d, ok
}

// ProposalStatus is where a proposal of a candidate for a vacancy stands.
type ProposalStatus string

const (
	ProposalProposed ProposalStatus = "voorgesteld"
	ProposalInvited  ProposalStatus = "uitgenodigd"
	ProposalHired    ProposalStatus = "aangenomen"
	ProposalRejected ProposalStatus = "afgewezen"
)

var proposalStatusLabels = map[ProposalStatus]string{
	ProposalProposed: "Voorgesteld",
	ProposalInvited:  "Uitgenodigd",
	ProposalHired:    "Aangenomen",
	ProposalRejected: "Afgewezen",
}

// Valid reports whether s is a known status.
func (s ProposalStatus) Valid() bool { _, ok := proposalStatusLabels[s]; return ok }

// Label returns the Dutch name shown to users.
func (s ProposalStatus) Label() string { return labelOr(proposalStatusLabels, s) }

// Final reports whether no step follows.
func (s ProposalStatus) Final() bool { return s == ProposalHired || s == ProposalRejected }

// CanMoveTo reports whether a proposal may go from s to next: forward only
// (voorgesteld → uitgenodigd → aangenomen), afgewezen from any open step.
func (s ProposalStatus) CanMoveTo(next ProposalStatus) bool {
	switch s {
	case ProposalProposed:
		return next == ProposalInvited || next == ProposalHired || next == ProposalRejected
	case ProposalInvited:
		return next == ProposalHired || next == ProposalRejected
	}
	return false
}

// Proposal is a candidate put forward for a vacancy.
type Proposal struct {
	ID           int64          `json:"id"`
	VacancyID    int64          `json:"vacatureId"`
	CandidateID  int64          `json:"kandidaatId"`
	Municipality string         `json:"gemeente,omitempty"` // the candidate's, filled by the store
	Status       ProposalStatus `json:"status"`
	ProposedOn   Date           `json:"voorgesteldOp"`
	StatusOn     Date           `json:"statusOp"`
	Reason       string         `json:"reden,omitempty"` // why afgewezen
	Score        int            `json:"score"`           // the match score when proposed
	PlacementID  int64          `json:"plaatsingId,omitempty"`
	CreatedBy    int64          `json:"doorGebruikerId"`
	CreatedAt    time.Time      `json:"aangemaakt"`
	UpdatedAt    time.Time      `json:"gewijzigd"`
}

// Hire is the contract of a candidate taken on through a proposal; it
// becomes the placement. Zero ContractMinutesPerWeek takes the vacancy's
// hours. SecondmentOverride is the reason for going beyond the ceiling of
// detacheringsbanen.
type Hire struct {
	Start                  Date
	End                    Date
	ContractMinutesPerWeek int
	ContractType           ContractType
	WageSubsidy            bool
	WageValueBasisPoints   int
	ReassessOn             Date
	SecondmentJob          bool
	Sheltered              bool
	SecondmentOverride     string
}

// ProposalUpdate moves a proposal on. Reason is required for afgewezen;
// Hire for aangenomen.
type ProposalUpdate struct {
	Status ProposalStatus
	On     Date
	Reason string
	Hire   *Hire
}

// Validate checks an update against the proposal's current status.
func (u *ProposalUpdate) Validate(current ProposalStatus) error {
	u.Reason = strings.TrimSpace(u.Reason)
	if !u.Status.Valid() {
		return FieldError("status", "Kies de nieuwe status: uitgenodigd, aangenomen of afgewezen.")
	}
	if !current.CanMoveTo(u.Status) {
		return Errorf(ECONFLICT, "Een voorstel met status %s kan niet naar %s.", current.Label(), u.Status.Label())
	}
	if u.On.IsZero() {
		return FieldError("datum", "Vul de datum in.")
	}
	if u.Status == ProposalRejected && u.Reason == "" {
		return FieldError("reden", "Vul de reden van de afwijzing in.")
	}
	if u.Status == ProposalHired && u.Hire == nil {
		return FieldError("plaatsing", "Vul de gegevens van het contract in.")
	}
	if u.Status != ProposalHired && u.Hire != nil {
		return FieldError("plaatsing", "Contractgegevens horen alleen bij aangenomen.")
	}
	return nil
}

// ProposalFilter selects proposals in FindProposals.
type ProposalFilter struct {
	VacancyID   int64
	CandidateID int64
	Status      ProposalStatus
	Page
}

// MatchService ranks candidates and vacancies and keeps the proposals.
type MatchService interface {
	// MatchesForVacancy ranks the candidates in the caller's scope who are in
	// phase bemiddelen today (and ontwikkelen when asked) and have a work
	// profile, best first, at most limit (0: 50).
	MatchesForVacancy(ctx context.Context, vacancyID int64, includeDevelop bool, limit int) ([]Match, error)
	// MatchesForCandidate ranks the open vacancies for a candidate in scope.
	MatchesForCandidate(ctx context.Context, candidateID int64, limit int) ([]Match, error)

	FindProfile(ctx context.Context, candidateID int64) (*Profile, error)
	SaveProfile(ctx context.Context, p *Profile) error

	RecordProposal(ctx context.Context, p *Proposal) error
	// UpdateProposal moves a proposal on; aangenomen creates the placement in
	// the same transaction (checking the ceiling of detacheringsbanen).
	UpdateProposal(ctx context.Context, id int64, upd ProposalUpdate) (*Proposal, error)
	FindProposals(ctx context.Context, f ProposalFilter) ([]*Proposal, int, error)
}
