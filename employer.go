package werkpad

import (
	"context"
	"strings"
	"time"
)

// Employer services: the employer register, vacancies, matching candidates
// to vacancies, proposals and hires, the werkgeversbonus and the ceiling of
// detacheringsbanen.
//
// Who may do what (person data in a match, a proposal or a count of
// placements stays bound to the caller's municipality scope; a candidate
// outside it is "not found" and never appears in a match list):
//
//	                              consulent  werkgeversadviseur  gemeente         controller  beheerder
//	employers, vacancies: read        ✓             ✓               ✓                ✓           –
//	employers, vacancies: change      ✓             ✓               –                –           –
//	contact log, agreements: change   ✓             ✓               –                –           –
//	matches: read                     ✓             ✓               ✓ own candidates ✓           –
//	proposals: read                   ✓             ✓               ✓ own candidates ✓           –
//	proposals: record, update, hire   ✓             ✓               –                –           –
//	werkgeversbonus: grant            –             ✓               –                –           –
//	detacheringsbanen: room           ✓             ✓               –                ✓           –
//
// The beheerder manages reference data and sees no employer work. The
// room under the ceiling of detacheringsbanen is a regional aggregate (the
// ceiling is regional), so it is counted over all municipalities and is not
// offered to the gemeente role.
var (
	RolesReadEmployers  = []Role{RoleConsultant, RoleEmployerAdviser, RoleMunicipality, RoleController}
	RolesWriteEmployers = []Role{RoleConsultant, RoleEmployerAdviser}
	RolesGrantBonus     = []Role{RoleEmployerAdviser}
	RolesSecondmentRoom = []Role{RoleConsultant, RoleEmployerAdviser, RoleController}
)

// ParseKvK checks a KvK number (Kamer van Koophandel): exactly 8 digits.
// Spaces and dots, as people copy them from a letterhead, are removed.
func ParseKvK(s string) (string, error) {
	s = strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(s))
	if len(s) != 8 {
		return "", FieldError("kvk", "Een KvK-nummer heeft precies 8 cijfers; %q heeft er %d.", s, len(s))
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", FieldError("kvk", "Een KvK-nummer bestaat alleen uit cijfers.")
		}
	}
	return s, nil
}

// Employer is an organisation WerkBedrijf places candidates with.
type Employer struct {
	ID               int64               `json:"id"`
	KvK              string              `json:"kvk"`
	Name             string              `json:"naam"`
	Sector           string              `json:"sector"`
	MunicipalityCode string              `json:"gemeente"` // of the location we work with
	Contacts         []EmployerContact   `json:"contactpersonen"`
	Agreements       []EmployerAgreement `json:"afspraken"`
	CreatedAt        time.Time           `json:"aangemaakt"`
	UpdatedAt        time.Time           `json:"gewijzigd"`
}

// Validate checks an employer before it is stored and normalises its fields.
func (e *Employer) Validate() error {
	var p problems
	p.add(CheckTexts(name("naam", e.Name), name("sector", e.Sector)))
	kvk, err := ParseKvK(e.KvK)
	if err != nil {
		p.add(err)
	} else {
		e.KvK = kvk
	}
	e.Name = strings.TrimSpace(e.Name)
	e.Sector = strings.TrimSpace(e.Sector)
	e.MunicipalityCode = strings.ToUpper(strings.TrimSpace(e.MunicipalityCode))
	if e.Name == "" {
		p.add(FieldError("naam", "Vul de naam van de werkgever in."))
	}
	if !ValidMunicipalityCode(e.MunicipalityCode) {
		p.add(FieldError("gemeente", "Kies de gemeente van de vestiging (CBS-code zoals GM0268)."))
	}
	for i := range e.Contacts {
		p.add(e.Contacts[i].Validate())
	}
	for i := range e.Agreements {
		p.add(e.Agreements[i].Validate())
	}
	return p.err()
}

// EmployerContact is a person at the employer we speak to.
type EmployerContact struct {
	ID    int64  `json:"id"`
	Name  string `json:"naam"`
	Role  string `json:"functie,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"telefoon,omitempty"`
}

// Validate checks a contact person.
func (c *EmployerContact) Validate() error {
	if err := CheckTexts(name("contactpersonen.naam", c.Name), name("contactpersonen.functie", c.Role),
		name("contactpersonen.email", c.Email), name("contactpersonen.telefoon", c.Phone)); err != nil {
		return err
	}
	c.Name, c.Role = strings.TrimSpace(c.Name), strings.TrimSpace(c.Role)
	c.Email, c.Phone = strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone)
	if c.Name == "" {
		return FieldError("contactpersonen.naam", "Vul de naam van de contactpersoon in.")
	}
	return nil
}

// AgreementKind is the kind of arrangement with an employer.
type AgreementKind string

const (
	AgreementBonus          AgreementKind = "werkgeversbonus"
	AgreementSocialReturn   AgreementKind = "social-return"
	AgreementGroupPlacement AgreementKind = "groepsplaatsing"
)

var agreementKindLabels = map[AgreementKind]string{
	AgreementBonus:          "Werkgeversbonus",
	AgreementSocialReturn:   "Social return",
	AgreementGroupPlacement: "Groepsplaatsing",
}

// Valid reports whether k is a known kind.
func (k AgreementKind) Valid() bool { _, ok := agreementKindLabels[k]; return ok }

// Label returns the Dutch name shown to users.
func (k AgreementKind) Label() string { return labelOr(agreementKindLabels, k) }

// EmployerAgreement is a dated arrangement with an employer, such as a
// werkgeversbonus or a social-return obligation.
type EmployerAgreement struct {
	ID     int64         `json:"id"`
	Kind   AgreementKind `json:"soort"`
	Period Period        `json:"periode"`
	Note   string        `json:"toelichting,omitempty"`
}

// Validate checks an agreement.
func (a *EmployerAgreement) Validate() error {
	a.Note = strings.TrimSpace(a.Note)
	if !a.Kind.Valid() {
		return FieldError("afspraken.soort", "Kies de soort afspraak: werkgeversbonus, social return of groepsplaatsing.")
	}
	return a.Period.validate("afspraken.")
}

// ContactKind is the kind of an entry in the contact history.
type ContactKind string

const (
	ContactVisit ContactKind = "bezoek"
	ContactCall  ContactKind = "telefoon"
	ContactEvent ContactKind = "event"
)

var contactKindLabels = map[ContactKind]string{
	ContactVisit: "Bezoek",
	ContactCall:  "Telefoongesprek",
	ContactEvent: "Event",
}

// Valid reports whether k is a known kind.
func (k ContactKind) Valid() bool { _, ok := contactKindLabels[k]; return ok }

// Label returns the Dutch name shown to users.
func (k ContactKind) Label() string { return labelOr(contactKindLabels, k) }

// MarketWorkCardItem is the DVO card item "Organiseren events en lokale
// marktbewerking" (20 contacten of 1 event); contact-log entries linked to
// it count toward a municipality's line.
const MarketWorkCardItem = "events_marktbewerking"

// ContactLogEntry is one contact with an employer. CardItem optionally
// links it to a DVO card item (MarketWorkCardItem) of MunicipalityCode, so
// that it counts toward that municipality's "20 contacten / 1 event" line;
// the municipality defaults to the employer's.
type ContactLogEntry struct {
	ID               int64       `json:"id"`
	EmployerID       int64       `json:"werkgeverId"`
	Kind             ContactKind `json:"soort"`
	On               Date        `json:"datum"`
	Note             string      `json:"notitie"`
	CardItem         string      `json:"kaartonderdeel,omitempty"`
	MunicipalityCode string      `json:"gemeente,omitempty"`
	CreatedBy        int64       `json:"doorGebruikerId"`
	CreatedAt        time.Time   `json:"aangemaakt"`
}

// Validate checks a contact-log entry; today is the caller's date.
func (c *ContactLogEntry) Validate(today Date) error {
	if err := CheckTexts(note("notitie", c.Note)); err != nil {
		return err
	}
	c.Note = strings.TrimSpace(c.Note)
	c.CardItem = strings.TrimSpace(c.CardItem)
	var p problems
	if !c.Kind.Valid() {
		p.add(FieldError("soort", "Kies de soort contact: bezoek, telefoon of event."))
	}
	if c.On.IsZero() {
		p.add(FieldError("datum", "Vul de datum van het contact in."))
	} else if c.On.After(today) {
		p.add(FieldError("datum", "De datum van het contact ligt in de toekomst."))
	}
	if c.CardItem != "" && c.CardItem != MarketWorkCardItem {
		p.add(FieldError("kaartonderdeel", "Alleen contacten voor %q tellen mee voor de keuzekaart.", MarketWorkCardItem))
	}
	if c.MunicipalityCode != "" && !ValidMunicipalityCode(c.MunicipalityCode) {
		p.add(FieldError("gemeente", "Kies een gemeente (CBS-code zoals GM0268)."))
	}
	return p.err()
}

// MarketWorkTally is what the contact log delivered toward a municipality's
// "lokale marktbewerking" line in a period: contacts (visits and calls) and
// events. The card line is met by 20 contacts or 1 event.
type MarketWorkTally struct {
	MunicipalityCode string `json:"gemeente"`
	Period           Period `json:"periode"`
	Contacts         int    `json:"contacten"`
	Events           int    `json:"events"`
}

// MarketWork units: one card unit is 20 contacts or 1 event.
const (
	MarketWorkContactsPerUnit = 20
	MarketWorkEventsPerUnit   = 1
)

// Units returns the number of card units delivered: events count one each,
// contacts one per full 20.
func (t MarketWorkTally) Units() int {
	return t.Events/MarketWorkEventsPerUnit + t.Contacts/MarketWorkContactsPerUnit
}

// EmployerFilter selects employers in FindEmployers.
type EmployerFilter struct {
	Search       string // prefix of a word of the name, or of the KvK number
	Municipality string
	Sector       string
	Page
}

// EmployerUpdate holds the changes for UpdateEmployer; nil fields stay.
type EmployerUpdate struct {
	Name             *string
	Sector           *string
	MunicipalityCode *string
}

// WerkgeversbonusMinPlacements is the group size from which an employer
// qualifies for the werkgeversbonus: 10 or more candidates in service.
const WerkgeversbonusMinPlacements = 10

// EmployerOverview is the picture of an employer on a date. The counts are
// of placements in the caller's scope (Scoped tells whether that is less
// than the region); BonusEligible follows from GroupSize.
type EmployerOverview struct {
	Employer         *Employer    `json:"werkgever"`
	On               Date         `json:"peildatum"`
	Scoped           bool         `json:"alleenEigenGemeenten"`
	ActivePlacements int          `json:"lopendePlaatsingen"`
	ActiveLKS        int          `json:"lopendeLks"`
	SWSecondments    int          `json:"swDetacheringen"` // placements with contract detachering-sw
	SecondmentJobs   int          `json:"detacheringsbanen"`
	GroupSize        int          `json:"groepsgrootte"` // = ActivePlacements
	BonusEligible    bool         `json:"rechtOpWerkgeversbonus"`
	BonusGrants      []BonusGrant `json:"bonussen"`
	OpenVacancies    int          `json:"openVacatures"`
}

// EmployerGroup is an employer with its placements active on a day.
type EmployerGroup struct {
	Employer *Employer
	Active   int
}

// BonusEligible reports whether a group of activePlacements qualifies.
func BonusEligible(activePlacements int) bool {
	return activePlacements >= WerkgeversbonusMinPlacements
}

// BonusGrant is a werkgeversbonus paid to an employer.
type BonusGrant struct {
	ID               int64     `json:"id"`
	EmployerID       int64     `json:"werkgeverId"`
	AmountCents      int64     `json:"bedragCent"`
	On               Date      `json:"datum"`
	Note             string    `json:"toelichting,omitempty"`
	ActivePlacements int       `json:"lopendePlaatsingen"` // on the grant date, region-wide: 0 for a scoped reader
	CreatedAt        time.Time `json:"aangemaakt"`
}

// EmployerService keeps the employer register.
type EmployerService interface {
	// CreateEmployer stores an employer with its contacts and agreements. A
	// KvK number already registered gives ECONFLICT naming that employer.
	CreateEmployer(ctx context.Context, e *Employer) error
	FindEmployerByID(ctx context.Context, id int64) (*Employer, error)
	FindEmployerByKvK(ctx context.Context, kvk string) (*Employer, error)
	FindEmployers(ctx context.Context, f EmployerFilter) ([]*Employer, int, error)
	UpdateEmployer(ctx context.Context, id int64, upd EmployerUpdate) (*Employer, error)
	ReplaceContacts(ctx context.Context, id int64, cs []EmployerContact) (*Employer, error)
	ReplaceAgreements(ctx context.Context, id int64, as []EmployerAgreement) (*Employer, error)

	AddContactLogEntry(ctx context.Context, e *ContactLogEntry) error
	FindContactLog(ctx context.Context, employerID int64) ([]*ContactLogEntry, error)
	// MarketWork tallies the contact log linked to MarketWorkCardItem for
	// one municipality in a period.
	MarketWork(ctx context.Context, municipality string, p Period) (*MarketWorkTally, error)

	// EmployerOverview gives placements, LKS, group size and bonus on a date
	// (zero: today).
	EmployerOverview(ctx context.Context, id int64, on Date) (*EmployerOverview, error)
	// EmployerGroups returns the employers in the register with at least
	// min placements in the caller's scope active on day on, with that
	// count (the werkgeversbonus group as far as the caller may see it), by
	// count descending, then name.
	EmployerGroups(ctx context.Context, on Date, min int) ([]EmployerGroup, error)
	// GrantBonus records a werkgeversbonus; refused with ECONFLICT unless
	// the employer has WerkgeversbonusMinPlacements active placements
	// (region-wide) on the grant date.
	GrantBonus(ctx context.Context, g *BonusGrant) error
}

// Detacheringsbanen: jobs at the MGR seconded to an employer. The region set
// a ceiling of 100 placements within 3 years (Tussenrapportage 2024).
const (
	DefaultSecondmentCeiling     = 100
	DefaultSecondmentWindowYears = 3
)

// SecondmentPolicy is the configurable ceiling of detacheringsbanen.
type SecondmentPolicy struct {
	Ceiling     int
	WindowYears int
}

// OrDefault fills zero fields with the defaults.
func (p SecondmentPolicy) OrDefault() SecondmentPolicy {
	if p.Ceiling <= 0 {
		p.Ceiling = DefaultSecondmentCeiling
	}
	if p.WindowYears <= 0 {
		p.WindowYears = DefaultSecondmentWindowYears
	}
	return p
}

// Window returns the WindowYears ending on day on, both ends included:
// for 3 years ending 30-06-2024 that is 01-07-2021 t/m 30-06-2024.
func (p SecondmentPolicy) Window(on Date) Period {
	p = p.OrDefault()
	return Period{From: on.AddYears(-p.WindowYears).AddDays(1), To: on}
}

// SecondmentRoom is the room under the ceiling: placements via a
// detacheringsbaan that started in Window, region-wide.
type SecondmentRoom struct {
	Window    Period `json:"periode"`
	Count     int    `json:"aantal"`
	Ceiling   int    `json:"plafond"`
	Remaining int    `json:"ruimte"` // may be negative after overrides
}

// CheckSecondmentRoom decides whether one more placement via a
// detacheringsbaan may start: yes while there is room; beyond the ceiling
// only with an explicit override stating the reason, else ECONFLICT.
func CheckSecondmentRoom(r SecondmentRoom, overrideReason string) error {
	if r.Remaining > 0 || strings.TrimSpace(overrideReason) != "" {
		return nil
	}
	return Errorf(ECONFLICT, "Het plafond van %d detacheringsbanen in %s is bereikt (%d geplaatst). "+
		"Een plaatsing via een detacheringsbaan kan alleen met een expliciete uitzondering en een reden.",
		r.Ceiling, r.Window, r.Count)
}

// SecondmentService tells the placement form how much room is left under
// the ceiling of detacheringsbanen on a date (zero: today).
type SecondmentService interface {
	SecondmentRoom(ctx context.Context, on Date) (*SecondmentRoom, error)
}
