package http

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"werkpad"
)

// The start page is a dashboard per role. Every figure comes from the
// ordinary services, so the caller's municipality scope applies to it as
// it does to the lists behind the links.

// dashPageSize is the page size used to walk a list for the dashboard;
// dashMaxPages caps the walk so that a very large scope cannot stall the
// start page (the figures then cover the first pages only).
const (
	dashPageSize = 500
	dashMaxPages = 40
	dashListLen  = 5
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := werkpad.UserFromContext(ctx)
	ms, err := s.Municipalities.FindMunicipalities(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, m := range ms {
		names[m.Code] = m.Name
	}
	now := nowUTC()
	day := werkpad.Today(now)
	var dash any
	switch u.Role {
	case werkpad.RoleConsultant:
		dash, err = s.consultantDashboard(ctx, u, day)
	case werkpad.RoleEmployerAdviser:
		dash, err = s.adviserDashboard(ctx, day)
	case werkpad.RoleMunicipality:
		dash, err = s.municipalityDashboard(ctx, day, r.URL.Query().Get("halfjaar"))
	case werkpad.RoleController:
		dash, err = s.controllerDashboard(ctx, day, r.URL.Query().Get("halfjaar"))
	case werkpad.RoleAdmin:
		dash, err = s.adminDashboard(ctx, now)
	case werkpad.RolePrivacyOfficer:
		dash, err = s.privacyDashboard(ctx, now)
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home.html", map[string]any{
		"Title": "Start", "Role": u.Role.Label(), "Municipalities": ms, "Names": names,
		"Dash": dash, "Today": day,
	})
	return nil
}

// walk calls fetch with successive pages until a short page or the cap.
func walk[T any](fetch func(werkpad.Page) ([]T, int, error)) ([]T, error) {
	var all []T
	for i := 0; i < dashMaxPages; i++ {
		items, total, err := fetch(werkpad.Page{Offset: i * dashPageSize, Limit: dashPageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if len(items) < dashPageSize || len(all) >= total {
			break
		}
	}
	return all, nil
}

// dueRow is one action on a date for a candidate of the caseload.
type dueRow struct {
	candidateID           int64
	Href, Candidate, What string
	On                    werkpad.Date
	Days                  int // from today; negative: overdue
}

// consultantDash is the start page of a consulent: his caseload and what
// is due.
type consultantDash struct {
	CaseloadTotal int
	Caseload      chart
	Phases        []phaseCount
	Referrals     []*werkpad.Referral // waiting for an intake, oldest first
	ReferralTotal int
	Reassess      []dueRow // loonwaarde re-assessments due within 60 days
	Ending        []dueRow // enrolments ending within 30 days
	Signals       []*werkpad.Signal
	SignalTotal   int
	Recent        []recentPlacement
	// Complaints whose Awb term lapses within ComplaintDueSoonDays or has
	// lapsed, the first due first (all in scope: complaints are handled
	// by the WerkBedrijf, not per caseload).
	Complaints []dueRow
}

type phaseCount struct {
	Label, Href string
	Count       int
}

type recentPlacement struct {
	*werkpad.Placement
	Candidate string
}

func (s *Server) consultantDashboard(ctx context.Context, u *werkpad.User, day werkpad.Date) (*consultantDash, error) {
	d := &consultantDash{}
	// The walks below only select and count; the Logboek records the
	// people the page shows (at the end).
	shown, ctx := ctx, werkpad.WithoutProcessing(ctx)
	caseload, err := walk(func(p werkpad.Page) ([]*werkpad.Candidate, int, error) {
		return s.Candidates.FindCandidates(ctx, werkpad.CandidateFilter{ConsultantID: u.ID, InService: true, On: day, Page: p})
	})
	if err != nil {
		return nil, err
	}
	mine := make(map[int64]*werkpad.Candidate, len(caseload))
	for _, c := range caseload {
		mine[c.ID] = c
	}
	d.CaseloadTotal = len(caseload)

	// Caseload by phase today.
	counts := map[werkpad.Phase]int{}
	for _, c := range caseload {
		if ph, ok := c.PhaseOn(day); ok {
			counts[ph]++
		}
	}
	var labels []string
	var values [][]int64
	without := d.CaseloadTotal
	for _, ph := range []werkpad.Phase{werkpad.PhaseDevelop, werkpad.PhaseMediate, werkpad.PhaseSupport} {
		n := counts[ph]
		without -= n
		d.Phases = append(d.Phases, phaseCount{Label: ph.Label(), Count: n, Href: "/kandidaten?mijn=ja&fase=" + string(ph)})
		labels, values = append(labels, ph.Label()), append(values, []int64{int64(n)})
	}
	if without > 0 {
		d.Phases = append(d.Phases, phaseCount{Label: "Zonder fase", Count: without})
		labels, values = append(labels, "Zonder fase"), append(values, []int64{int64(without)})
	}
	d.Caseload = newChart("grafiek-caseload", "Caseload per fase op "+day.Dutch(),
		"Staafdiagram van het aantal kandidaten in uw caseload per fase. De tabel bij deze grafiek geeft dezelfde aantallen.",
		[]chartSeries{{Label: "Kandidaten", Class: "werkpad-chart__bar"}}, labels, values)

	// Referrals waiting for an intake: not yet anyone's caseload, so the whole scope.
	d.Referrals, d.ReferralTotal, err = s.Referrals.FindReferrals(shown, werkpad.ReferralFilter{Status: werkpad.ReferralReferred, Page: werkpad.Page{Limit: dashListLen}})
	if err != nil {
		return nil, err
	}

	if len(mine) > 0 {
		running := werkpad.Period{From: day, To: day}
		placements, err := walk(func(p werkpad.Page) ([]*werkpad.Placement, int, error) {
			return s.Placements.FindPlacements(ctx, werkpad.PlacementFilter{ConsultantID: u.ID, ActiveIn: &running, Page: p})
		})
		if err != nil {
			return nil, err
		}
		until := day.AddDays(60)
		for _, p := range placements {
			c, ok := mine[p.CandidateID]
			if !ok || !p.WageSubsidy || p.ReassessOn.IsZero() || p.ReassessOn.After(until) {
				continue
			}
			d.Reassess = append(d.Reassess, dueRow{candidateID: c.ID, Href: candidateHref(c.ID), Candidate: c.FullName(),
				What: "Herbeoordeling loonwaarde bij " + p.EmployerName, On: p.ReassessOn, Days: day.DaysUntil(p.ReassessOn)})
		}
		sortDue(d.Reassess)

		instruments, err := s.Enrolments.FindInstruments(ctx)
		if err != nil {
			return nil, err
		}
		instrumentNames := map[string]string{}
		for _, in := range instruments {
			instrumentNames[in.Code] = in.Name
		}
		window := werkpad.Period{From: day, To: day.AddDays(30)}
		enrolments, err := walk(func(p werkpad.Page) ([]*werkpad.Enrolment, int, error) {
			return s.Enrolments.FindEnrolments(ctx, werkpad.EnrolmentFilter{ConsultantID: u.ID, ActiveIn: &window, Page: p})
		})
		if err != nil {
			return nil, err
		}
		for _, e := range enrolments {
			c, ok := mine[e.CandidateID]
			if !ok || e.Period.To.IsZero() || !window.Contains(e.Period.To) {
				continue
			}
			name := instrumentNames[e.InstrumentCode]
			if name == "" {
				name = e.InstrumentCode
			}
			d.Ending = append(d.Ending, dueRow{candidateID: c.ID, Href: candidateHref(c.ID), Candidate: c.FullName(),
				What: name + " eindigt", On: e.Period.To, Days: day.DaysUntil(e.Period.To)})
		}
		sortDue(d.Ending)

		recentFrom := werkpad.Period{From: day.AddDays(-90), To: day}
		started, err := walk(func(p werkpad.Page) ([]*werkpad.Placement, int, error) {
			return s.Placements.FindPlacements(ctx, werkpad.PlacementFilter{ConsultantID: u.ID, StartedIn: &recentFrom, Page: p})
		})
		if err != nil {
			return nil, err
		}
		for _, p := range started {
			if c, ok := mine[p.CandidateID]; ok {
				d.Recent = append(d.Recent, recentPlacement{Placement: p, Candidate: c.FullName()})
			}
		}
		slices.SortFunc(d.Recent, func(a, b recentPlacement) int { return b.Period.From.Compare(a.Period.From) })
		d.Recent = d.Recent[:min(len(d.Recent), dashListLen)]
	}

	// Signals of this consultant, or about his candidates, still without a decision.
	open, err := walk(func(p werkpad.Page) ([]*werkpad.Signal, int, error) {
		return s.Signals.FindSignals(ctx, werkpad.SignalFilter{ConsultantID: u.ID, AwaitingDecision: true, Page: p})
	})
	if err != nil {
		return nil, err
	}
	for _, sg := range open {
		if _, ok := mine[sg.CandidateID]; ok || sg.ConsultantID == u.ID {
			d.Signals = append(d.Signals, sg)
		}
	}
	d.SignalTotal = len(d.Signals)
	d.Signals = d.Signals[:min(len(d.Signals), dashListLen)]
	if s.Complaints != nil {
		open, _, err := s.Complaints.FindComplaints(ctx, werkpad.ComplaintFilter{OpenOnly: true, Page: werkpad.Page{Limit: 200}})
		if err != nil {
			return nil, err
		}
		for _, k := range open {
			if k.TermState(day) == "" {
				continue
			}
			d.Complaints = append(d.Complaints, dueRow{candidateID: k.CandidateID, Href: "/klachten/" + idStr(k.ID), Candidate: k.CandidateName,
				What: "Klacht: " + k.Subject, On: k.Due(), Days: day.DaysUntil(k.Due())})
		}
		sortDue(d.Complaints)
		d.Complaints = d.Complaints[:min(len(d.Complaints), dashListLen)]
	}
	for _, rows := range [][]dueRow{d.Reassess, d.Ending, d.Complaints} {
		for _, r := range rows {
			werkpad.Processed(shown, werkpad.SubjectCandidate, r.candidateID)
		}
	}
	for _, p := range d.Recent {
		werkpad.Processed(shown, werkpad.SubjectCandidate, p.CandidateID)
	}
	for _, sg := range d.Signals {
		werkpad.Processed(shown, werkpad.SubjectCandidate, sg.CandidateID)
	}
	return d, nil
}

func candidateHref(id int64) string { return "/kandidaten/" + strconv.FormatInt(id, 10) }

func sortDue(rows []dueRow) {
	slices.SortFunc(rows, func(a, b dueRow) int { return a.On.Compare(b.On) })
}

// adviserDash is the start page of a werkgeversadviseur.
type adviserDash struct {
	Vacancies                            []*werkpad.Vacancy
	VacancyTotal                         int
	Proposals                            []dashProposal
	Proposed, Invited                    int
	NearBonus, Eligible                  []employerCount
	BonusMin, NearBonusMin, NearBonusMax int
}

type dashProposal struct {
	*werkpad.Proposal
	Vacancy string
	Href    string
}

type employerCount struct {
	*werkpad.Employer
	Active, Needed int // Needed: placements still to go for the bonus
}

func (s *Server) adviserDashboard(ctx context.Context, day werkpad.Date) (*adviserDash, error) {
	d := &adviserDash{BonusMin: werkpad.WerkgeversbonusMinPlacements, NearBonusMin: werkpad.WerkgeversbonusMinPlacements - 3,
		NearBonusMax: werkpad.WerkgeversbonusMinPlacements - 1}
	var err error
	d.Vacancies, d.VacancyTotal, err = s.Vacancies.FindVacancies(ctx, werkpad.VacancyFilter{Status: werkpad.VacancyOpen, Page: werkpad.Page{Limit: dashListLen}})
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, st := range []werkpad.ProposalStatus{werkpad.ProposalProposed, werkpad.ProposalInvited} {
		ps, total, err := s.Matches.FindProposals(ctx, werkpad.ProposalFilter{Status: st, Page: werkpad.Page{Limit: dashListLen}})
		if err != nil {
			return nil, err
		}
		if st == werkpad.ProposalProposed {
			d.Proposed = total
		} else {
			d.Invited = total
		}
		for _, p := range ps {
			title, ok := titles[p.VacancyID]
			if !ok {
				v, err := s.Vacancies.FindVacancyByID(ctx, p.VacancyID)
				if err != nil {
					return nil, err
				}
				title = v.Title + " bij " + v.EmployerName
				titles[p.VacancyID] = title
			}
			d.Proposals = append(d.Proposals, dashProposal{Proposal: p, Vacancy: title,
				Href: "/vacatures/" + strconv.FormatInt(p.VacancyID, 10) + "/voorstellen/" + strconv.FormatInt(p.ID, 10)})
		}
	}
	slices.SortFunc(d.Proposals, func(a, b dashProposal) int { return a.StatusOn.Compare(b.StatusOn) })
	d.Proposals = d.Proposals[:min(len(d.Proposals), dashListLen)]

	// Active placements per employer in the register: the werkgeversbonus
	// group size. Employers from 7 placements on are worth a call.
	groups, err := s.Employers.EmployerGroups(ctx, day, d.NearBonusMin)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if werkpad.BonusEligible(g.Active) {
			d.Eligible = append(d.Eligible, employerCount{Employer: g.Employer, Active: g.Active})
		} else {
			d.NearBonus = append(d.NearBonus, employerCount{Employer: g.Employer, Active: g.Active, Needed: d.BonusMin - g.Active})
		}
	}
	byCount := func(a, b employerCount) int {
		if a.Active != b.Active {
			return b.Active - a.Active
		}
		return compareStrings(a.Name, b.Name)
	}
	slices.SortFunc(d.NearBonus, byCount)
	slices.SortFunc(d.Eligible, byCount)
	return d, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// adminDash is the start page of a beheerder: accounts and the audit chain.
// privacyDash is the privacy officer's start page: what the Logboek
// recorded lately, the requests for access of the past year, the register
// of processing activities and the state of the audit log.
type privacyDash struct {
	Week, Access int
	Activities   []*werkpad.ProcessingActivity
	AuditBroken  *werkpad.AuditEvent
	AuditCount   int
}

func (s *Server) privacyDashboard(ctx context.Context, now time.Time) (*privacyDash, error) {
	d := &privacyDash{}
	var err error
	if _, d.Week, err = s.Logboek.FindProcessing(ctx, werkpad.ProcessingFilter{From: now.AddDate(0, 0, -7), To: now, Page: werkpad.Page{Limit: 1}}); err != nil {
		return nil, err
	}
	if _, d.Access, err = s.Logboek.FindProcessing(ctx, werkpad.ProcessingFilter{Activity: werkpad.ActivitySubjectRights,
		From: now.AddDate(-1, 0, 0), To: now, Page: werkpad.Page{Limit: 1}}); err != nil {
		return nil, err
	}
	if d.Activities, err = s.Logboek.FindProcessingActivities(ctx); err != nil {
		return nil, err
	}
	d.AuditBroken, d.AuditCount, err = s.Audit.VerifyAudit(ctx)
	return d, err
}

type adminDash struct {
	Roles       []roleCount
	Users       int
	Locked      []*werkpad.User
	Disabled    int
	AuditBroken *werkpad.AuditEvent
	AuditCount  int
	Now         time.Time
}

type roleCount struct {
	Label string
	Count int
}

func (s *Server) adminDashboard(ctx context.Context, now time.Time) (*adminDash, error) {
	users, err := s.Users.FindUsers(ctx, werkpad.UserFilter{})
	if err != nil {
		return nil, err
	}
	d := &adminDash{Users: len(users), Now: now}
	counts := map[werkpad.Role]int{}
	for _, u := range users {
		counts[u.Role]++
		if u.Disabled {
			d.Disabled++
		} else if u.Locked(now) {
			d.Locked = append(d.Locked, u)
		}
	}
	for _, r := range werkpad.Roles {
		d.Roles = append(d.Roles, roleCount{Label: r.Label(), Count: counts[r]})
	}
	d.AuditBroken, d.AuditCount, err = s.Audit.VerifyAudit(ctx)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// When says how far off the date is, in words.
func (r dueRow) When() string {
	switch {
	case r.Days == -1:
		return "1 dag te laat"
	case r.Days < 0:
		return strconv.Itoa(-r.Days) + " dagen te laat"
	case r.Days == 0:
		return "vandaag"
	case r.Days == 1:
		return "morgen"
	}
	return "over " + strconv.Itoa(r.Days) + " dagen"
}
