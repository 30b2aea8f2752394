package werkpad

import (
	"context"
	"strings"
	"time"
)

// Complaints (klachten). The WerkBedrijf handles complaints about its own
// conduct itself (DVO 2024-2025 art. 12.1) under chapter 9 of the Algemene
// wet bestuursrecht: the receipt is acknowledged in writing (art. 9:6), the
// complaint is decided within six weeks of receipt (art. 9:11 lid 1), the
// decision can be postponed once by at most four weeks with written notice
// (lid 2), and further only with the complainant's written consent (lid 3).

// ComplaintTermDays is the statutory term (art. 9:11 lid 1): six weeks.
const ComplaintTermDays = 42

// ComplaintPostponeMaxDays is the longest postponement without the
// complainant's consent (art. 9:11 lid 2): four weeks.
const ComplaintPostponeMaxDays = 28

// ComplaintDueSoonDays: a complaint whose term ends within this many days
// is signalled on the lists and start pages.
const ComplaintDueSoonDays = 7

// ComplaintOutcome is how a complaint was decided.
type ComplaintOutcome string

const (
	ComplaintFounded       ComplaintOutcome = "gegrond"
	ComplaintPartlyFounded ComplaintOutcome = "deels-gegrond"
	ComplaintUnfounded     ComplaintOutcome = "ongegrond"
	ComplaintResolved      ComplaintOutcome = "naar-tevredenheid-opgelost" // art. 9:5: resolved informally
	ComplaintNotHandled    ComplaintOutcome = "niet-in-behandeling"        // art. 9:8
	ComplaintWithdrawn     ComplaintOutcome = "ingetrokken"
)

// ComplaintOutcomes lists the outcomes in the order the UI offers them.
var ComplaintOutcomes = []ComplaintOutcome{ComplaintFounded, ComplaintPartlyFounded, ComplaintUnfounded,
	ComplaintResolved, ComplaintNotHandled, ComplaintWithdrawn}

var complaintOutcomeLabels = map[ComplaintOutcome]string{
	ComplaintFounded:       "Gegrond",
	ComplaintPartlyFounded: "Deels gegrond",
	ComplaintUnfounded:     "Ongegrond",
	ComplaintResolved:      "Naar tevredenheid opgelost",
	ComplaintNotHandled:    "Niet in behandeling genomen",
	ComplaintWithdrawn:     "Ingetrokken",
}

func (o ComplaintOutcome) Valid() bool   { _, ok := complaintOutcomeLabels[o]; return ok }
func (o ComplaintOutcome) Label() string { return labelOr(complaintOutcomeLabels, o) }

// Complaint is a complaint about the WerkBedrijf's conduct, by or about a
// candidate of one municipality.
type Complaint struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId"`
	// MunicipalityCode is the candidate's municipality (it follows a move,
	// like his other records), filled by the store. The report counts the
	// complaint in his municipality on the day of receipt.
	MunicipalityCode string `json:"gemeente,omitempty"`
	CandidateName    string `json:"kandidaatNaam,omitempty"`
	ReceivedOn       Date   `json:"ontvangenOp"`
	Subject          string `json:"onderwerp"`    // what the complaint is about
	Description      string `json:"omschrijving"` // the complaint as received

	AcknowledgedOn Date `json:"ontvangstBevestigdOp,omitzero"`
	// PostponedTo is the new end of the term after a postponement
	// (art. 9:11 lid 2, at most four weeks; longer only with consent).
	PostponedTo     Date             `json:"verdaagdTot,omitzero"`
	PostponedOn     Date             `json:"verdagingMeegedeeldOp,omitzero"`
	PostponeConsent bool             `json:"instemmingKlager,omitempty"`
	PostponeReason  string           `json:"redenVerdaging,omitempty"`
	DecidedOn       Date             `json:"afgehandeldOp,omitzero"`
	Outcome         ComplaintOutcome `json:"uitkomst,omitempty"`
	DecisionText    string           `json:"toelichting,omitempty"`
	CreatedBy       int64            `json:"geregistreerdDoor,omitempty"`
	CreatedAt       time.Time        `json:"aangemaakt"`
	UpdatedAt       time.Time        `json:"gewijzigd"`
}

// Due is the last day of the term: six weeks after receipt, or the
// postponed date.
func (c *Complaint) Due() Date {
	if !c.PostponedTo.IsZero() {
		return c.PostponedTo
	}
	return c.ReceivedOn.AddDays(ComplaintTermDays)
}

// Open reports whether the complaint still waits for its decision.
func (c *Complaint) Open() bool { return c.DecidedOn.IsZero() }

// DecidedInTime reports whether a decided complaint was decided by its due
// date.
func (c *Complaint) DecidedInTime() bool { return !c.Open() && !c.DecidedOn.After(c.Due()) }

// TermState says where an open complaint stands on day today: "te-laat"
// (past its due date), "bijna" (due within ComplaintDueSoonDays) or ""
// (in time, or decided).
func (c *Complaint) TermState(today Date) string {
	switch {
	case !c.Open():
		return ""
	case today.After(c.Due()):
		return "te-laat"
	case !today.AddDays(ComplaintDueSoonDays).Before(c.Due()):
		return "bijna"
	}
	return ""
}

// Validate checks a new complaint; today bounds the date of receipt.
func (c *Complaint) Validate(today Date) error {
	var p problems
	p.add(CheckTexts(Text{Field: "onderwerp", Value: c.Subject, Max: MaxTextShort}, note("omschrijving", c.Description)))
	p.add(CheckDateRange("ontvangenOp", c.ReceivedOn))
	if c.CandidateID <= 0 {
		p.add(FieldError("kandidaatId", "Kies de kandidaat over of van wie de klacht is."))
	}
	if c.ReceivedOn.IsZero() {
		p.add(FieldError("ontvangenOp", "Vul de datum van ontvangst in."))
	} else if c.ReceivedOn.After(today) {
		p.add(FieldError("ontvangenOp", "De datum van ontvangst ligt in de toekomst."))
	}
	if strings.TrimSpace(c.Subject) == "" {
		p.add(FieldError("onderwerp", "Vul het onderwerp van de klacht in."))
	}
	if strings.TrimSpace(c.Description) == "" {
		p.add(FieldError("omschrijving", "Beschrijf de klacht zoals die is ontvangen."))
	}
	return p.err()
}

// ComplaintStep is one step in handling a complaint: acknowledge,
// postpone or decide.
type ComplaintStep struct {
	Kind    string // "bevestigen", "verdagen" or "afhandelen"
	On      Date   // the day of the step (acknowledgement, notice, decision)
	To      Date   // verdagen: the new end of the term
	Consent bool   // verdagen beyond four weeks: the complainant agreed in writing
	Outcome ComplaintOutcome
	Text    string // verdagen: reason; afhandelen: explanation
}

// Apply checks step against the complaint and today and records it; on
// error the complaint is unchanged.
func (c *Complaint) Apply(s ComplaintStep, today Date) error {
	if !c.Open() {
		return Errorf(ECONFLICT, "Deze klacht is al afgehandeld op %s.", c.DecidedOn.Dutch())
	}
	if err := CheckTexts(note("toelichting", s.Text)); err != nil {
		return err
	}
	switch {
	case s.On.IsZero():
		return FieldError("datum", "Vul de datum in.")
	case s.On.Before(c.ReceivedOn):
		return FieldError("datum", "De datum ligt voor de ontvangst van de klacht (%s).", c.ReceivedOn.Dutch())
	case s.On.After(today):
		return FieldError("datum", "De datum ligt in de toekomst.")
	}
	switch s.Kind {
	case "bevestigen":
		if !c.AcknowledgedOn.IsZero() {
			return Errorf(ECONFLICT, "De ontvangst is al bevestigd op %s.", c.AcknowledgedOn.Dutch())
		}
		c.AcknowledgedOn = s.On
	case "verdagen":
		base := c.ReceivedOn.AddDays(ComplaintTermDays)
		switch {
		case !c.PostponedTo.IsZero() && !s.Consent:
			return FieldError("instemming", "De afhandeling is al verdaagd tot %s; verder uitstel kan alleen met schriftelijke instemming van de klager (Awb art. 9:11 lid 3).", c.PostponedTo.Dutch())
		case s.On.After(c.Due()):
			return FieldError("datum", "De termijn liep al af op %s; verdagen moet binnen de termijn worden meegedeeld.", c.Due().Dutch())
		case s.To.IsZero() || !s.To.After(c.Due()):
			return FieldError("verdaagdTot", "Kies een nieuwe einddatum na %s.", c.Due().Dutch())
		case s.To.After(base.AddDays(ComplaintPostponeMaxDays)) && !s.Consent:
			return FieldError("verdaagdTot", "Verdagen kan met ten hoogste vier weken, tot %s (Awb art. 9:11 lid 2); langer alleen met schriftelijke instemming van de klager.", base.AddDays(ComplaintPostponeMaxDays).Dutch())
		case strings.TrimSpace(s.Text) == "":
			return FieldError("toelichting", "Geef de reden van de verdaging; die wordt aan de klager meegedeeld.")
		}
		c.PostponedTo, c.PostponedOn, c.PostponeConsent, c.PostponeReason = s.To, s.On, s.Consent, strings.TrimSpace(s.Text)
	case "afhandelen":
		if !s.Outcome.Valid() {
			return FieldError("uitkomst", "Kies de uitkomst.")
		}
		if strings.TrimSpace(s.Text) == "" && s.Outcome != ComplaintWithdrawn {
			return FieldError("toelichting", "Geef de bevindingen en de conclusies (Awb art. 9:12).")
		}
		if c.AcknowledgedOn.IsZero() && s.Outcome != ComplaintWithdrawn && s.Outcome != ComplaintResolved {
			return Errorf(ECONFLICT, "Bevestig eerst de ontvangst van de klacht (Awb art. 9:6).")
		}
		c.DecidedOn, c.Outcome, c.DecisionText = s.On, s.Outcome, strings.TrimSpace(s.Text)
	default:
		return FieldError("stap", "Onbekende stap %q.", s.Kind)
	}
	return nil
}

// ComplaintFilter selects complaints; zero fields do not filter.
type ComplaintFilter struct {
	Municipality string
	CandidateID  int64
	OpenOnly     bool
	Page
}

// ComplaintFigures are the complaint figures of one municipality (or the
// region, Code "") for a period: received in it, decided in it, of those
// decided in time, per outcome, and open at its end.
type ComplaintFigures struct {
	Code          string                   `json:"gemeente,omitempty"`
	Name          string                   `json:"naam"`
	Received      int                      `json:"ontvangen"`
	Decided       int                      `json:"afgehandeld"`
	DecidedInTime int                      `json:"binnenTermijn"`
	ByOutcome     map[ComplaintOutcome]int `json:"perUitkomst"`
	OpenAtEnd     int                      `json:"openAanHetEind"`
}

// Roles: the consulent registers and handles complaints (the WerkBedrijf
// handles them itself); the gemeente and the controller read them in their
// scope.
var (
	RolesReadComplaints  = []Role{RoleConsultant, RoleMunicipality, RoleController}
	RolesWriteComplaints = []Role{RoleConsultant}
)

// ComplaintService keeps complaints.
type ComplaintService interface {
	CreateComplaint(ctx context.Context, c *Complaint) error
	FindComplaintByID(ctx context.Context, id int64) (*Complaint, error)
	FindComplaints(ctx context.Context, f ComplaintFilter) ([]*Complaint, int, error)
	ComplaintStep(ctx context.Context, id int64, s ComplaintStep) (*Complaint, error)
	// ComplaintFigures counts per municipality in scope, then the region.
	ComplaintFigures(ctx context.Context, p Period) ([]ComplaintFigures, error)
}
