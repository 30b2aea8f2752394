package werkpad

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Candidate satisfaction (kandidaattevredenheid), which the annual report
// covers at least (DVO 2024-2025 art. 14.1). After an exit or a placement
// the consultant makes a link for the candidate: one use, expiring after
// SurveyValidDays, nothing about the person in it. The candidate answers
// without an account; the answers are stored without a link to him, cut
// only by municipality, service line and occasion.

// SurveyValidDays is how long a survey link works after it was made.
const SurveyValidDays = 30

// SurveyOccasion is what a survey asks about: the end of the service or a
// placement in work.
type SurveyOccasion string

const (
	SurveyAfterExit      SurveyOccasion = "uitstroom"
	SurveyAfterPlacement SurveyOccasion = "plaatsing"
)

// Valid reports whether o is a known occasion.
func (o SurveyOccasion) Valid() bool { return o == SurveyAfterExit || o == SurveyAfterPlacement }

// Label is the Dutch name of the occasion.
func (o SurveyOccasion) Label() string {
	switch o {
	case SurveyAfterExit:
		return "Uitstroom"
	case SurveyAfterPlacement:
		return "Plaatsing"
	}
	return string(o)
}

// SurveyQuestionKind is a score on a scale or an open answer.
type SurveyQuestionKind string

const (
	SurveyScale SurveyQuestionKind = "schaal"
	SurveyOpen  SurveyQuestionKind = "open"
)

// SurveyQuestion is one question of the survey, as data (survey_questions).
type SurveyQuestion struct {
	Code               string             `json:"code"`
	Position           int                `json:"volgorde"`
	Text               string             `json:"tekst"`
	Kind               SurveyQuestionKind `json:"soort"`
	Min, Max           int                `json:"-"`
	LabelMin, LabelMax string             `json:"-"`
}

// Scores lists the scores of a scale question, lowest first.
func (q SurveyQuestion) Scores() []int {
	var out []int
	for s := q.Min; s <= q.Max; s++ {
		out = append(out, s)
	}
	return out
}

// Short is the question's name in a report column: its code with the
// scale ("Begeleiding (1–5)").
func (q SurveyQuestion) Short() string {
	s := strings.ToUpper(q.Code[:1]) + q.Code[1:]
	if q.Kind == SurveyScale {
		s += " (" + strconv.Itoa(q.Min) + "–" + strconv.Itoa(q.Max) + ")"
	}
	return s
}

// SurveyAnswer is the answer to one question: a score or a text.
type SurveyAnswer struct {
	Question string
	Score    int // 0: no score
	Text     string
}

// CheckSurveyAnswers checks a filled-in survey against its questions:
// every scale question has a score within its scale; an open answer obeys
// the text rules. The field of an error is the question's code.
func CheckSurveyAnswers(qs []SurveyQuestion, as []SurveyAnswer) error {
	got := map[string]SurveyAnswer{}
	for _, a := range as {
		got[a.Question] = a
	}
	for _, q := range qs {
		a := got[q.Code]
		switch q.Kind {
		case SurveyScale:
			if a.Score == 0 {
				return FieldError(q.Code, "Kies een antwoord op de vraag “%s”.", q.Text)
			}
			if a.Score < q.Min || a.Score > q.Max {
				return FieldError(q.Code, "Kies bij “%s” een getal van %d tot en met %d.", q.Text, q.Min, q.Max)
			}
		case SurveyOpen:
			if err := CheckText(q.Code, a.Text, 1000); err != nil {
				return err
			}
		}
	}
	for code := range got {
		if !slices.ContainsFunc(qs, func(q SurveyQuestion) bool { return q.Code == code }) {
			return FieldError(code, "Deze vraag hoort niet bij de enquête.")
		}
	}
	return nil
}

// SurveyInvitation is one link for one occasion. Token is set only when the
// link was just made: only its hash is stored.
type SurveyInvitation struct {
	ID           int64          `json:"id"`
	CandidateID  int64          `json:"kandidaatId"`
	Municipality string         `json:"gemeente"`
	ServiceLine  ServiceLine    `json:"dienstverlening"`
	Occasion     SurveyOccasion `json:"aanleiding"`
	OccasionID   int64          `json:"aanleidingId"`
	OccasionDate Date           `json:"-"`
	InvitedOn    Date           `json:"uitgenodigdOp"`
	ExpiresOn    Date           `json:"verlooptOp"`
	AnsweredOn   Date           `json:"ingevuldOp,omitzero"`
	Token        string         `json:"-"`
}

// Status is the invitation's state on day today, in Dutch.
func (i *SurveyInvitation) Status(today Date) string {
	switch {
	case i.ID == 0:
		return "Geen link gemaakt"
	case !i.AnsweredOn.IsZero():
		return "Ingevuld op " + i.AnsweredOn.Dutch()
	case today.After(i.ExpiresOn):
		return "Verlopen op " + i.ExpiresOn.Dutch() + ", niet ingevuld"
	}
	return "Link gemaakt op " + i.InvitedOn.Dutch() + ", geldig tot en met " + i.ExpiresOn.Dutch()
}

// Open reports whether the link can still be answered on day today.
func (i *SurveyInvitation) Open(today Date) bool {
	return i.ID != 0 && i.AnsweredOn.IsZero() && !today.After(i.ExpiresOn)
}

// ScoreSum adds up the scores of one question.
type ScoreSum struct {
	Sum int64 `json:"som"`
	N   int64 `json:"aantal"`
}

// Mean is the average score in hundredths, rounded half up; ok is false
// without scores.
func (s ScoreSum) Mean() (hundredths int64, ok bool) {
	if s.N == 0 {
		return 0, false
	}
	return (s.Sum*200 + s.N) / (2 * s.N), true
}

// SatisfactionFigures are the survey figures of one municipality or one
// service line in a period: the invitations made in the period, those
// answered by its last day, and the scores of those answers.
type SatisfactionFigures struct {
	Code     string              `json:"code,omitempty"`
	Name     string              `json:"naam"`
	Invited  int                 `json:"uitgenodigd"`
	Answered int                 `json:"ingevuld"`
	Scores   map[string]ScoreSum `json:"scores"`
}

// ResponseRate is Answered as a share of Invited in basis points (100,00%
// = 10000); ok is false without invitations.
func (f SatisfactionFigures) ResponseRate() (int64, bool) {
	if f.Invited == 0 {
		return 0, false
	}
	return (int64(f.Answered)*20000 + int64(f.Invited)) / (2 * int64(f.Invited)), true
}

// SatisfactionChapter is the satisfaction chapter of a report: per
// municipality in scope (the region last, Code "") and per service line.
type SatisfactionChapter struct {
	Period         Period                `json:"periode"`
	Questions      []SurveyQuestion      `json:"vragen"`
	Municipalities []SatisfactionFigures `json:"gemeenten"`
	ServiceLines   []SatisfactionFigures `json:"dienstverlening"`
}

// SurveyOccasionRow is an exit or placement of a candidate with the state of
// its survey link, for the consultant's survey page.
type SurveyOccasionRow struct {
	Occasion   SurveyOccasion
	ID         int64
	Date       Date
	Label      string
	Invitation SurveyInvitation
}

// Roles: the consultant makes links; who reads the reports reads the
// figures in scope.
var (
	RolesInviteSurvey = []Role{RoleConsultant}
	RolesReadSurvey   = []Role{RoleConsultant, RoleMunicipality, RoleController}
)

// SurveyService handles the satisfaction survey.
type SurveyService interface {
	// SurveyOccasions lists a candidate's exits and placements with their
	// links.
	SurveyOccasions(ctx context.Context, candidateID int64) ([]SurveyOccasionRow, error)
	// InviteSurvey makes a link for an occasion (or a new one in place of
	// an unanswered one); the returned invitation has its Token.
	InviteSurvey(ctx context.Context, occasion SurveyOccasion, id int64) (*SurveyInvitation, error)
	// OpenSurvey returns the questions for a token that can be answered
	// today; no user is needed.
	OpenSurvey(ctx context.Context, token string) ([]SurveyQuestion, error)
	// AnswerSurvey stores the answers of a token once.
	AnswerSurvey(ctx context.Context, token string, answers []SurveyAnswer) error
	// SatisfactionChapter counts the period in the caller's scope; with
	// codes, only those municipalities.
	SatisfactionChapter(ctx context.Context, p Period, codes []string) (*SatisfactionChapter, error)
}
