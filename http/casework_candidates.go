package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

const candidatesPerPage = 25

// candidateListQuery is the GET form of the caseload list.
type candidateListQuery struct {
	Name, BirthDate, On, Phase, ServiceLine, FocusGroup, Municipality, Mine, Sort, Dir string
	Page                                                                               int
}

func (q candidateListQuery) link(sort, dir string, page int) string {
	p := ""
	if page > 1 {
		p = strconv.Itoa(page)
	}
	return "/kandidaten" + query("naam", q.Name, "geboortedatum", q.BirthDate, "op", q.On, "fase", q.Phase,
		"dienstverlening", q.ServiceLine, "doelgroep", q.FocusGroup, "gemeente", q.Municipality, "mijn", q.Mine,
		"sorteer", sort, "richting", dir, "pagina", p)
}

// sortColumn is a sortable column heading.
type sortColumn struct {
	Label, Href, AriaSort string
}

func (q candidateListQuery) columns() []sortColumn {
	var cols []sortColumn
	for _, c := range []struct{ key, label string }{
		{"naam", "Naam"}, {"geboortedatum", "Geboortedatum"}, {"gemeente", "Gemeente"}, {"fase", "Fase"},
	} {
		cur := q.Sort
		if cur == "" {
			cur = "naam"
		}
		col := sortColumn{Label: c.label, Href: q.link(c.key, "", 1)}
		if cur == c.key {
			col.AriaSort = "ascending"
			if q.Dir == "af" {
				col.AriaSort = "descending"
			} else {
				col.Href = q.link(c.key, "af", 1)
			}
		}
		cols = append(cols, col)
	}
	return cols
}

// candidateRow is one line of the caseload list.
type candidateRow struct {
	C            *werkpad.Candidate
	Municipality string
	Phase        string
}

func (s *Server) candidates(w http.ResponseWriter, r *http.Request) error {
	return s.renderCandidates(w, r, http.StatusOK, formErrors{}, values{}, "")
}

// renderCandidates shows the caseload list for the query of r; bsnErrors
// and bsnInput belong to the BSN search form, notice to its result.
func (s *Server) renderCandidates(w http.ResponseWriter, r *http.Request, status int, fe formErrors, bsnInput values, notice string) error {
	u := werkpad.UserFromContext(r.Context())
	qv := r.URL.Query()
	q := candidateListQuery{
		Name: qv.Get("naam"), BirthDate: qv.Get("geboortedatum"), On: qv.Get("op"), Phase: qv.Get("fase"),
		ServiceLine: qv.Get("dienstverlening"), FocusGroup: qv.Get("doelgroep"), Municipality: qv.Get("gemeente"),
		Mine: qv.Get("mijn"), Sort: qv.Get("sorteer"), Dir: qv.Get("richting"), Page: pageParam(r),
	}
	if r.Method == http.MethodPost {
		q = candidateListQuery{Page: 1}
	}
	filterValues := values{"naam": q.Name, "geboortedatum": q.BirthDate, "op": q.On}
	f := werkpad.CandidateFilter{
		Name: q.Name, Phase: werkpad.Phase(q.Phase), ServiceLine: werkpad.ServiceLine(q.ServiceLine),
		FocusGroup: werkpad.FocusGroup(q.FocusGroup), Municipality: q.Municipality,
		Sort: werkpad.CandidateSort(q.Sort), Descending: q.Dir == "af",
		Page: werkpad.Page{Offset: (q.Page - 1) * candidatesPerPage, Limit: candidatesPerPage},
	}
	f.BirthDate = fe.dateField(filterValues, "geboortedatum", "geboortedatum", false)
	f.On = fe.dateField(filterValues, "op", "peildatum", false)
	if q.Mine == "ja" && u.Role == werkpad.RoleConsultant {
		f.ConsultantID = u.ID
	}
	on := f.On
	if on.IsZero() {
		on = today()
	}
	names, municipalityOpts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var list []*werkpad.Candidate
	total := 0
	if len(fe.List) == 0 {
		list, total, err = s.Candidates.FindCandidates(r.Context(), f)
		if st, ok := fe.fromService(err, map[string]string{"fase": "fase", "doelgroep": "doelgroep", "sorteer": "naam", "gemeente": "gemeente"}, "naam"); ok {
			status = st
		} else if err != nil {
			return err
		}
	}
	rows := make([]candidateRow, 0, len(list))
	for _, c := range list {
		row := candidateRow{C: c, Municipality: names[c.MunicipalityCode]}
		if ph, ok := c.PhaseOn(on); ok {
			row.Phase = ph.Label()
		}
		rows = append(rows, row)
	}
	if len(fe.List) > 0 && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	var phases, lines, groups []option
	for _, p := range werkpad.Phases {
		phases = append(phases, option{string(p), p.Label()})
	}
	for _, l := range werkpad.ServiceLines {
		lines = append(lines, option{string(l), l.Label()})
	}
	for _, g := range werkpad.FocusGroupList {
		groups = append(groups, option{string(g), g.Label()})
	}
	filtered := q.Name != "" || q.BirthDate != "" || q.Phase != "" || q.ServiceLine != "" || q.FocusGroup != "" || q.Municipality != "" || q.Mine != ""
	s.render(w, r, status, "kandidaten.html", map[string]any{
		"Title": "Kandidaten", "Query": q, "Filter": filterValues, "Rows": rows, "On": on,
		"Pager":   newPager(q.Page, candidatesPerPage, total, func(p int) string { return q.link(q.Sort, q.Dir, p) }),
		"Columns": q.columns(), "Phases": phases, "Lines": lines, "Groups": groups, "MunicipalityOptions": municipalityOpts,
		"Errors": fe, "BSN": bsnInput, "Notice": notice, "Filtered": filtered,
		"CanSearchBSN": hasRole(u, werkpad.RolesSearchByBSN), "CanWrite": hasRole(u, werkpad.RolesWriteCasework) && u.AllMunicipalities(),
		"IsConsultant": u.Role == werkpad.RoleConsultant, "CanLKS": hasRole(u, rolesReadLKSDue),
	})
	return nil
}

// searchCandidateByBSN finds one candidate by BSN. The BSN comes in the
// body of a POST and goes nowhere else: not in a URL, a log or the page.
func (s *Server) searchCandidateByBSN(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	var fe formErrors
	if v["bsn"] == "" {
		fe.add("bsn", "Vul het burgerservicenummer in.")
		return s.renderCandidates(w, r, http.StatusUnprocessableEntity, fe, values{}, "")
	}
	c, err := s.Candidates.SearchCandidateByBSN(r.Context(), v["bsn"])
	switch werkpad.ErrorCode(err) {
	case "":
		return redirect(w, r, "/kandidaten/"+idStr(c.ID))
	case werkpad.EINVALID:
		fe.add("bsn", werkpad.ErrorMessage(err))
		return s.renderCandidates(w, r, http.StatusUnprocessableEntity, fe, values{}, "")
	case werkpad.ENOTFOUND:
		return s.renderCandidates(w, r, http.StatusOK, fe, values{},
			"Er is geen kandidaat met dit burgerservicenummer in uw gemeenten. Controleer het nummer of leg een nieuwe kandidaat vast.")
	}
	return err
}

var benefitKinds = []werkpad.BenefitKind{werkpad.BenefitBijstand, werkpad.BenefitNone, werkpad.BenefitOther}
var indicationKinds = []werkpad.IndicationKind{werkpad.IndicationJobAgreement, werkpad.IndicationSheltered, werkpad.IndicationStatusHolder}

var candidateFields = map[string]string{
	"bsn": "bsn", "voornaam": "voornaam", "tussenvoegsel": "tussenvoegsel", "achternaam": "achternaam",
	"geboortedatum": "geboortedatum", "gemeente": "gemeente", "dienstverlening": "dienstverlening",
	"ingeschrevenOp": "ingeschreven", "consulentId": "caseload",
}

func (s *Server) newCandidateForm(w http.ResponseWriter, r *http.Request) error {
	v := values{"ingeschreven": today().Dutch(), "caseload": "ja", "dienstverlening": string(werkpad.ServiceJobMediation)}
	// From a referral: take over name, birth date and municipality. The
	// BSN is carried over on the server when the form is posted; the page
	// shows it masked only.
	if id, err := strconv.ParseInt(r.URL.Query().Get("aanmelding"), 10, 64); err == nil {
		ref, err := s.Referrals.FindReferralByID(r.Context(), id)
		if err != nil {
			return err
		}
		v["voornaam"], v["tussenvoegsel"], v["achternaam"] = ref.GivenName, ref.Infix, ref.Surname
		v["geboortedatum"], v["gemeente"], v["aanmelding"] = ref.BirthDate.Dutch(), ref.MunicipalityCode, idStr(ref.ID)
		v["bsn-gemaskeerd"] = ref.BSN
	}
	return s.renderNewCandidate(w, r, http.StatusOK, v, formErrors{})
}

// referralOfForm reads the referral a new candidate is made from, or 0.
func referralOfForm(v values) int64 {
	id, err := strconv.ParseInt(v["aanmelding"], 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func (s *Server) renderNewCandidate(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	_, municipalityOpts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var lines []option
	for _, l := range werkpad.ServiceLines {
		lines = append(lines, option{string(l), l.Label()})
	}
	s.render(w, r, status, "kandidaat_nieuw.html", map[string]any{
		"Title": "Nieuwe kandidaat", "Form": v, "Errors": fe, "MunicipalityOptions": municipalityOpts, "Lines": lines,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Label: "Nieuwe kandidaat"}},
	})
	return nil
}

func (s *Server) createCandidate(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	u := werkpad.UserFromContext(r.Context())
	var fe formErrors
	c := &werkpad.Candidate{
		BSN: v["bsn"], GivenName: v["voornaam"], Infix: v["tussenvoegsel"], Surname: v["achternaam"],
		MunicipalityCode: v["gemeente"], ServiceLine: werkpad.ServiceLine(v["dienstverlening"]),
	}
	c.BirthDate = fe.dateField(v, "geboortedatum", "geboortedatum", false)
	c.RegisteredOn = fe.dateField(v, "ingeschreven", "inschrijfdatum", false)
	if v["caseload"] == "ja" {
		c.ConsultantID = u.ID
	}
	if ref := referralOfForm(v); ref > 0 && c.BSN == "" {
		bsn, err := s.Referrals.ReferralBSN(r.Context(), ref)
		if err != nil {
			return err
		}
		c.BSN = bsn
		masked, _ := werkpad.ParseBSN(bsn)
		v["bsn-gemaskeerd"] = werkpad.MaskBSN(masked)
	}
	if len(fe.List) == 0 {
		err := s.Candidates.CreateCandidate(r.Context(), c)
		if err == nil {
			if ref := referralOfForm(v); ref > 0 {
				s.flash(w, r, "De kandidaat is vastgelegd. Koppel hem bij de terugmelding aan de aanmelding.")
				return redirect(w, r, "/aanmeldingen/"+idStr(ref))
			}
			s.flash(w, r, "De kandidaat is vastgelegd.")
			return redirect(w, r, "/kandidaten/"+idStr(c.ID))
		}
		status, ok := fe.fromService(err, candidateFields, "bsn")
		if !ok {
			return err
		}
		return s.renderNewCandidate(w, r, status, v, fe)
	}
	fe.alsoInvalid(c.Validate(today()), candidateFields, "bsn")
	return s.renderNewCandidate(w, r, http.StatusUnprocessableEntity, v, fe)
}

// enrolmentRow, placementRow: a line of the candidate page.
type enrolmentRow struct {
	E          *werkpad.Enrolment
	Instrument werkpad.Instrument
	Details    string
	CanEnd     bool
}

type placementRow struct {
	P      *werkpad.Placement
	LKS    string // amount for the current month, or ""
	CanEnd bool
}

type exitRow struct {
	X         *werkpad.Exit
	Placement string
}

// timelineEntry is one dated event on the candidate page.
type timelineEntry struct {
	On   werkpad.Date
	Text string
	Href string
	rank int // order within a day: the referral first, then the rest
}

func (s *Server) candidate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "Kandidaat")
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := werkpad.UserFromContext(ctx)
	c, err := s.Candidates.FindCandidateByID(ctx, id)
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	all := werkpad.Page{Limit: 500}
	now := today()
	canWrite := hasRole(u, werkpad.RolesWriteCasework)
	data := map[string]any{
		"Title": c.FullName(), "C": c, "Municipality": names[c.MunicipalityCode], "Today": now,
		"CanWrite": canWrite, "Casework": hasRole(u, werkpad.RolesReadCasework),
		"CanSurvey":   s.Surveys != nil && hasRole(u, werkpad.RolesInviteSurvey),
		"Age":         werkpad.AgeAt(c.BirthDate, now),
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Label: c.FullName()}},
		"MyCaseload":  c.ConsultantID != 0 && c.ConsultantID == u.ID,
	}
	if c.ConsultantID != 0 && hasRole(u, []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleController}) {
		consultants, err := s.Users.FindConsultants(r.Context())
		if err != nil {
			return err
		}
		for _, x := range consultants {
			if x.ID == c.ConsultantID {
				data["ConsultantName"] = x.Name
			}
		}
	}
	type residence struct {
		Code, Name string
		Period     werkpad.Period
		First      bool
	}
	var residences []residence
	for _, h := range c.History {
		if h.Attribute == werkpad.HistoryMunicipality {
			name := names[h.Value]
			if name == "" {
				name = h.Value // a municipality outside the viewer's scope
			}
			residences = append(residences, residence{h.Value, name, h.Period, len(residences) == 0})
		}
	}
	data["Residences"] = residences
	var groups []string
	for _, g := range werkpad.FocusGroups(c, now) {
		groups = append(groups, g.Label())
	}
	data["FocusGroups"] = groups

	var tl []timelineEntry
	add := func(on werkpad.Date, text, href string) {
		if !on.IsZero() {
			rank := 1
			if strings.HasPrefix(href, "/aanmeldingen/") && strings.HasPrefix(text, "Aangemeld") {
				rank = 0
			}
			tl = append(tl, timelineEntry{on, text, href, rank})
		}
	}
	add(c.RegisteredOn, "Ingeschreven bij WerkBedrijf ("+c.ServiceLine.Label()+")", "")
	add(c.DeregisteredOn, "Uitgeschreven bij WerkBedrijf", "")
	for _, b := range c.Benefits {
		add(b.Period.From, "Uitkering: "+b.Kind.Label()+" begint", "")
		add(b.Period.To, "Uitkering: "+b.Kind.Label()+" eindigt", "")
	}
	for _, ind := range c.Indications {
		add(ind.Period.From, "Indicatie "+ind.Kind.Label()+" gaat in", "")
		add(ind.Period.To, "Indicatie "+ind.Kind.Label()+" eindigt", "")
	}
	for _, p := range c.Phases {
		add(p.Period.From, "Fase "+p.Phase.Label()+" begint", "")
	}

	placements, _, err := s.Placements.FindPlacements(ctx, werkpad.PlacementFilter{CandidateID: id, Page: all})
	if err != nil {
		return err
	}
	var prow []placementRow
	for _, p := range placements {
		row := placementRow{P: p, CanEnd: canWrite && p.Period.Open()}
		month := werkpad.NewDate(now.Y, now.M, 1)
		if p.WageSubsidy && p.Period.Overlaps(werkpad.Period{From: month, To: werkpad.NewDate(now.Y, now.M+1, 0)}) {
			if cents, err := werkpad.WageSubsidyForMonth(now.Y, now.M, p.ContractMinutesPerWeek, p.WageValueBasisPoints); err == nil {
				row.LKS = werkpad.FormatEuro(werkpad.Cents(cents)) + " per maand"
			} else {
				// A minimum wage werkpad does not know yet is said, not guessed.
				row.LKS = "bedrag deze maand onbekend (" + werkpad.ErrorMessage(err) + ")"
			}
		}
		prow = append(prow, row)
		add(p.Period.From, "Plaatsing bij "+p.EmployerName+" begint ("+werkpad.FormatHours(p.ContractMinutesPerWeek)+" uur per week)", "#plaatsingen")
		add(p.Period.To, "Plaatsing bij "+p.EmployerName+" eindigt", "#plaatsingen")
	}
	data["Placements"] = prow

	if hasRole(u, werkpad.RolesReadCasework) {
		catalogue, err := s.Enrolments.FindInstruments(ctx)
		if err != nil {
			return err
		}
		enrolments, _, err := s.Enrolments.FindEnrolments(ctx, werkpad.EnrolmentFilter{CandidateID: id, Page: all})
		if err != nil {
			return err
		}
		var erow []enrolmentRow
		for _, e := range enrolments {
			in, ok := werkpad.FindInstrument(catalogue, e.InstrumentCode)
			if !ok {
				in = werkpad.Instrument{Code: e.InstrumentCode, Name: e.InstrumentCode}
			}
			row := enrolmentRow{E: e, Instrument: in, CanEnd: canWrite && e.Period.Open(), Details: enrolmentDetails(e)}
			erow = append(erow, row)
			add(e.Period.From, in.Name+" begint", "#trajecten")
			add(e.Period.To, in.Name+" eindigt", "#trajecten")
		}
		data["Enrolments"] = erow
		exits, _, err := s.Exits.FindExits(ctx, werkpad.ExitFilter{CandidateID: id, Page: all})
		if err != nil {
			return err
		}
		employer := map[int64]string{}
		for _, p := range placements {
			employer[p.ID] = p.EmployerName + " (vanaf " + p.Period.From.Dutch() + ")"
		}
		var xrow []exitRow
		for _, x := range exits {
			row := exitRow{X: x}
			if x.PlacementID != nil {
				row.Placement = employer[*x.PlacementID]
			}
			xrow = append(xrow, row)
			add(x.Date, "Uitstroom: "+x.Reason.Label(), "#uitstroom")
		}
		data["Exits"] = xrow
		signals, _, err := s.Signals.FindSignals(ctx, werkpad.SignalFilter{CandidateID: id, Page: all})
		if err != nil {
			return err
		}
		data["Signals"] = signals
		for _, sig := range signals {
			add(sig.Date, "Signaal maatregelwaardig gedrag aan de gemeente", "/signalen/"+idStr(sig.ID))
			add(sig.DecisionDate, "Besluit gemeente op signaal: "+sig.Decision.Label(), "/signalen/"+idStr(sig.ID))
		}
		if s.Complaints != nil && hasRole(werkpad.UserFromContext(ctx), werkpad.RolesReadComplaints) {
			complaints, _, err := s.Complaints.FindComplaints(ctx, werkpad.ComplaintFilter{CandidateID: id, Page: all})
			if err != nil {
				return err
			}
			data["ShowComplaints"], data["Complaints"] = true, complaints
			for _, k := range complaints {
				add(k.ReceivedOn, "Klacht ontvangen: "+k.Subject, "/klachten/"+idStr(k.ID))
				add(k.DecidedOn, "Klacht afgehandeld: "+k.Outcome.Label(), "/klachten/"+idStr(k.ID))
			}
		}
		referrals, _, err := s.Referrals.FindReferrals(ctx, werkpad.ReferralFilter{CandidateID: id, Page: all})
		if err != nil {
			return err
		}
		data["Referrals"] = referrals
		for _, ref := range referrals {
			add(ref.ReferredOn, "Aangemeld door de gemeente", "/aanmeldingen/"+idStr(ref.ID))
			add(ref.ReportedOn, "Teruggemeld aan de gemeente: "+ref.Outcome.Label(), "/aanmeldingen/"+idStr(ref.ID))
		}
	}
	slices.SortStableFunc(tl, func(a, b timelineEntry) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return a.rank - b.rank
	})
	data["Timeline"] = tl
	s.render(w, r, http.StatusOK, "kandidaat.html", data)
	return nil
}

// enrolmentDetails summarises the kind-specific facts of an enrolment.
func enrolmentDetails(e *werkpad.Enrolment) string {
	switch {
	case e.WorkWithBenefit != nil:
		d := werkpad.FormatHours(e.WorkWithBenefit.MinutesPerWeek) + " uur per week bij " + e.WorkWithBenefit.HostOrganisation
		if e.WorkWithBenefit.ToPaidWork != nil {
			if *e.WorkWithBenefit.ToPaidWork {
				d += "; doorstroom naar betaald werk"
			} else {
				d += "; geen doorstroom naar betaald werk"
			}
		}
		return d
	case e.OWNW != nil:
		d := strconv.Itoa(e.OWNW.DaypartsPerWeek) + " dagdelen per week"
		if e.OWNW.Provider != "" {
			d += " bij " + e.OWNW.Provider
		}
		if e.OWNW.Outcome != "" {
			d += "; uitkomst: " + e.OWNW.Outcome.Label()
		}
		return d
	}
	return ""
}
