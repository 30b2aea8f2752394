package demo

import (
	"math/rand/v2"

	"werkpad"
	"werkpad/store"
)

// The demo's candidate satisfaction survey. The Tussenrapportage 2024 says
// the WerkBedrijf began preparing satisfaction surveys among candidates in
// the autumn of 2024; the demo assumes a first round from surveyFrom, so
// that the annual report 2024 has a satisfaction chapter to show. The
// shares and scores are invented and plausible, not taken from a document.
var surveyFrom = werkpad.MustParseDate("2024-10-01")

const (
	surveyInvitedPct  = 75 // of the exits and placements
	surveyAnsweredPct = 40 // of the invitations
)

var surveyRemarks = []string{
	"Sneller terugbellen als ik een vraag heb.",
	"Meer hulp bij het zoeken naar vacatures in de buurt.",
	"Fijne consulent, duidelijke afspraken.",
	"Minder vaak een andere contactpersoon.",
	"De werkgever beter voorbereiden op mijn komst.",
}

// addSurvey writes the survey of one occasion on day on, decided by a
// random source of its own so that the names and numbers of the rest of
// the plan stay as they are.
func addSurvey(l *store.BulkLoader, c *werkpad.Candidate, occ werkpad.SurveyOccasion, id int64, on werkpad.Date) error {
	if on.Before(surveyFrom) || on.After(asOf) {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(id), map[werkpad.SurveyOccasion]uint64{werkpad.SurveyAfterExit: 1, werkpad.SurveyAfterPlacement: 2}[occ]))
	if r.IntN(100) >= surveyInvitedPct {
		return nil
	}
	invited := on.AddDays(r.IntN(7))
	inv := &werkpad.SurveyInvitation{CandidateID: c.ID, Municipality: c.MunicipalityCode, ServiceLine: c.ServiceLine, Occasion: occ,
		OccasionID: id, InvitedOn: invited, ExpiresOn: invited.AddDays(werkpad.SurveyValidDays)}
	var answers []werkpad.SurveyAnswer
	if r.IntN(100) < surveyAnsweredPct {
		inv.AnsweredOn = invited.AddDays(r.IntN(12))
		// A candidate's mood colours every answer a little.
		mood := r.IntN(3) - 1
		score := func(lo, hi, centre int) int { return min(hi, max(lo, centre+mood+r.IntN(3)-1)) }
		answers = []werkpad.SurveyAnswer{{Question: "begeleiding", Score: score(1, 5, 4)}, {Question: "afspraken", Score: score(1, 5, 4)},
			{Question: "resultaat", Score: score(1, 5, 3+r.IntN(2))}, {Question: "cijfer", Score: score(1, 10, 7+r.IntN(2))}}
		if r.IntN(100) < 30 {
			answers = append(answers, werkpad.SurveyAnswer{Question: "verbetering", Text: surveyRemarks[r.IntN(len(surveyRemarks))]})
		}
	}
	return l.AddSurvey(inv, answers)
}
