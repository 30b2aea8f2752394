package werkpad

import (
	"context"
	"slices"
	"strings"
	"time"
)

// VacancyStatus is where a vacancy stands.
type VacancyStatus string

const (
	VacancyOpen      VacancyStatus = "open"
	VacancyFilled    VacancyStatus = "vervuld"
	VacancyWithdrawn VacancyStatus = "ingetrokken"
)

var vacancyStatusLabels = map[VacancyStatus]string{
	VacancyOpen:      "Open",
	VacancyFilled:    "Vervuld",
	VacancyWithdrawn: "Ingetrokken",
}

// Valid reports whether s is a known status.
func (s VacancyStatus) Valid() bool { _, ok := vacancyStatusLabels[s]; return ok }

// Label returns the Dutch name shown to users.
func (s VacancyStatus) Label() string { return labelOr(vacancyStatusLabels, s) }

// LanguageLevel is a level of Dutch on the CEFR scale, or "geen" (none
// required / none shown).
type LanguageLevel string

// LanguageLevels lists the levels from low to high; the index is the rank.
var LanguageLevels = []LanguageLevel{"geen", "A1", "A2", "B1", "B2", "C1", "C2"}

// ParseLanguageLevel reads "b1", " B1 " or "" (= geen).
func ParseLanguageLevel(s string) (LanguageLevel, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || s == "GEEN" {
		return "geen", nil
	}
	if l := LanguageLevel(s); slices.Contains(LanguageLevels, l) {
		return l, nil
	}
	return "", FieldError("taalniveau", "Kies een taalniveau Nederlands: geen, A1, A2, B1, B2, C1 of C2.")
}

// Rank is the position on the scale: geen 0, A1 1 … C2 6; unknown is 0.
func (l LanguageLevel) Rank() int {
	if i := slices.Index(LanguageLevels, l); i >= 0 {
		return i
	}
	return 0
}

// Requirements are what a vacancy asks. Each requirement is hard (a
// candidate without it is not matched) or soft (it only ranks).
type Requirements struct {
	DrivingLicence     bool                     `json:"rijbewijs"`
	DrivingLicenceHard bool                     `json:"rijbewijsHardeEis"`
	Language           LanguageLevel            `json:"taalniveau"` // minimum; "geen": no requirement
	LanguageHard       bool                     `json:"taalniveauHardeEis"`
	Certificates       []CertificateRequirement `json:"certificaten"`
}

// CertificateRequirement asks for one certificate, such as "VCA" or
// "heftruckcertificaat".
type CertificateRequirement struct {
	Name string `json:"naam"`
	Hard bool   `json:"hardeEis"`
}

// NormaliseCertificate gives the stored form of a certificate name: lower
// case, single spaces. Names are compared in this form.
func NormaliseCertificate(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Vacancy is work offered by an employer.
type Vacancy struct {
	ID             int64         `json:"id"`
	EmployerID     int64         `json:"werkgeverId"`
	EmployerName   string        `json:"werkgever,omitempty"` // filled by the store
	Title          string        `json:"titel"`
	Occupation     string        `json:"beroep"` // ISCO-08 unit group
	MinutesPerWeek int           `json:"minutenPerWeek"`
	Positions      int           `json:"aantalPlaatsen"` // a group vacancy has more than one
	Municipality   string        `json:"gemeente"`
	Requirements   Requirements  `json:"eisen"`
	StartOn        Date          `json:"startdatum,omitzero"`
	Status         VacancyStatus `json:"status"`
	Hired          int           `json:"aangenomen"` // proposals with status aangenomen, filled by the store
	CreatedAt      time.Time     `json:"aangemaakt"`
	UpdatedAt      time.Time     `json:"gewijzigd"`
}

// Validate checks a vacancy before it is stored and normalises it.
func (v *Vacancy) Validate() error {
	if err := CheckTexts(name("titel", v.Title)); err != nil {
		return err
	}
	v.Title = strings.TrimSpace(v.Title)
	v.Municipality = strings.ToUpper(strings.TrimSpace(v.Municipality))
	var p problems
	if v.EmployerID <= 0 {
		p.add(FieldError("werkgeverId", "Kies de werkgever."))
	}
	if v.Title == "" {
		p.add(FieldError("titel", "Vul de titel van de vacature in."))
	}
	p.add(ValidateOccupation("beroep", v.Occupation))
	switch m := v.MinutesPerWeek; {
	case m < 1:
		p.add(FieldError("minutenPerWeek", "Vul het aantal uren per week in."))
	case m > MaxContractMinutesPerWeek:
		p.add(FieldError("minutenPerWeek", "%s uur per week is meer dan een volledige werkweek van 40 uur.", FormatHours(m)))
	}
	if v.Positions == 0 {
		v.Positions = 1
	}
	if v.Positions < 1 || v.Positions > 500 {
		p.add(FieldError("aantalPlaatsen", "Het aantal plaatsen ligt tussen 1 en 500."))
	}
	if !ValidMunicipalityCode(v.Municipality) {
		p.add(FieldError("gemeente", "Kies de gemeente van de werkplek (CBS-code zoals GM0268)."))
	}
	if v.Status == "" {
		v.Status = VacancyOpen
	}
	if !v.Status.Valid() {
		p.add(FieldError("status", "Kies de status: open, vervuld of ingetrokken."))
	}
	if len(p) > 0 {
		p.add(v.validateRequirements())
		return p.err()
	}
	return v.validateRequirements()
}

// validateRequirements checks and normalises the vacancy's requirements.
func (v *Vacancy) validateRequirements() error {
	r := &v.Requirements
	lvl, err := ParseLanguageLevel(string(r.Language))
	if err != nil {
		return err
	}
	r.Language = lvl
	if !r.DrivingLicence {
		r.DrivingLicenceHard = false
	}
	if lvl.Rank() == 0 {
		r.LanguageHard = false
	}
	seen := map[string]bool{}
	for i := range r.Certificates {
		n := NormaliseCertificate(r.Certificates[i].Name)
		if n == "" || strings.ContainsAny(n, ",%_\\") {
			return FieldError("eisen.certificaten", "Vul de naam van het certificaat in (zonder komma's of procenttekens).")
		}
		if seen[n] {
			return FieldError("eisen.certificaten", "Het certificaat %q staat er twee keer in.", n)
		}
		seen[n] = true
		r.Certificates[i].Name = n
	}
	return nil
}

// Restriction is a limitation of a candidate that rules out groups of work.
type Restriction string

const (
	RestrictionNoHeavyWork       Restriction = "geen-fysiek-zwaar-werk"
	RestrictionNoCustomerContact Restriction = "geen-klantcontact"
)

var restrictionLabels = map[Restriction]string{
	RestrictionNoHeavyWork:       "Geen fysiek zwaar werk",
	RestrictionNoCustomerContact: "Geen klantcontact",
}

// Valid reports whether r is a known restriction.
func (r Restriction) Valid() bool { _, ok := restrictionLabels[r]; return ok }

// Label returns the Dutch name shown to users.
func (r Restriction) Label() string { return labelOr(restrictionLabels, r) }

// Excludes reports whether the restriction rules out the occupation.
func (r Restriction) Excludes(o Occupation) bool {
	switch r {
	case RestrictionNoHeavyWork:
		return o.Heavy
	case RestrictionNoCustomerContact:
		return o.CustomerContact
	}
	return false
}

// Profile is a candidate's work profile: what he wants and can do. Only
// candidates with a profile are matched; the profile is the consultant's
// statement that the candidate can be put forward.
type Profile struct {
	CandidateID     int64         `json:"kandidaatId"`
	Occupations     []string      `json:"beroepen"` // preferred ISCO-08 unit groups; none: open to any work
	MinMinutes      int           `json:"minMinutenPerWeek"`
	MaxMinutes      int           `json:"maxMinutenPerWeek"`
	Municipalities  []string      `json:"gemeenten,omitempty"` // where he will work
	TravelKm        int           `json:"reisafstandKm,omitempty"`
	DrivingLicence  bool          `json:"rijbewijs"`
	Language        LanguageLevel `json:"taalniveau"`
	Certificates    []string      `json:"certificaten,omitempty"`
	Restrictions    []Restriction `json:"beperkingen,omitempty"`
	RestrictionNote string        `json:"beperkingenToelichting,omitempty"`
	UpdatedAt       time.Time     `json:"gewijzigd"`
}

// Validate checks a profile and normalises it.
func (p *Profile) Validate() error {
	seen := map[string]bool{}
	for i, code := range p.Occupations {
		code = strings.TrimSpace(code)
		if err := ValidateOccupation("beroepen", code); err != nil {
			return err
		}
		if seen[code] {
			return FieldError("beroepen", "Het beroep %s staat er twee keer in.", code)
		}
		seen[code] = true
		p.Occupations[i] = code
	}
	if len(p.Occupations) > 10 {
		return FieldError("beroepen", "Kies hoogstens 10 beroepen.")
	}
	if p.MaxMinutes < 1 || p.MaxMinutes > MaxContractMinutesPerWeek {
		return FieldError("maxMinutenPerWeek", "Vul het maximum aantal uren per week in (hoogstens 40).")
	}
	if p.MinMinutes < 0 || p.MinMinutes > p.MaxMinutes {
		return FieldError("minMinutenPerWeek", "Het minimum aantal uren ligt tussen 0 en het maximum.")
	}
	for i, m := range p.Municipalities {
		m = strings.ToUpper(strings.TrimSpace(m))
		if !ValidMunicipalityCode(m) {
			return FieldError("gemeenten", "Onbekende gemeentecode %q: gebruik de CBS-code, zoals GM0268.", m)
		}
		p.Municipalities[i] = m
	}
	if p.TravelKm < 0 || p.TravelKm > 200 {
		return FieldError("reisafstandKm", "De reisafstand ligt tussen 0 en 200 km.")
	}
	lvl, err := ParseLanguageLevel(string(p.Language))
	if err != nil {
		return err
	}
	p.Language = lvl
	certs := map[string]bool{}
	var norm []string
	for _, c := range p.Certificates {
		n := NormaliseCertificate(c)
		if n == "" || strings.ContainsAny(n, ",%_\\") {
			return FieldError("certificaten", "Vul de naam van het certificaat in (zonder komma's of procenttekens).")
		}
		if !certs[n] {
			certs[n] = true
			norm = append(norm, n)
		}
	}
	p.Certificates = norm
	for _, r := range p.Restrictions {
		if !r.Valid() {
			return FieldError("beperkingen", "Onbekende beperking %q.", r)
		}
	}
	p.RestrictionNote = strings.TrimSpace(p.RestrictionNote)
	return nil
}

// HasCertificate reports whether the profile lists the (normalised) name.
func (p *Profile) HasCertificate(name string) bool { return slices.Contains(p.Certificates, name) }

// VacancyFilter selects vacancies in FindVacancies.
type VacancyFilter struct {
	EmployerID   int64
	Status       VacancyStatus
	Municipality string
	Occupation   string
	Search       string // words of the title
	Page
}

// VacancyUpdate holds the changes for UpdateVacancy; nil fields stay.
type VacancyUpdate struct {
	Title          *string
	Occupation     *string
	MinutesPerWeek *int
	Positions      *int
	Municipality   *string
	Requirements   *Requirements
	StartOn        *Date
	Status         *VacancyStatus
}

// VacancyService keeps vacancies.
type VacancyService interface {
	CreateVacancy(ctx context.Context, v *Vacancy) error
	FindVacancyByID(ctx context.Context, id int64) (*Vacancy, error)
	FindVacancies(ctx context.Context, f VacancyFilter) ([]*Vacancy, int, error)
	UpdateVacancy(ctx context.Context, id int64, upd VacancyUpdate) (*Vacancy, error)
}
