package http

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"werkpad"
)

// The forms of the DVO: realisation, amendment proposal and approval.
// Each validates on the server, shows every error it can find in the
// error summary and changes nothing until the input is valid.

// realisationInput is the realisation form as typed.
type realisationInput struct {
	Item, Half, Quantity, Note string
}

// halfOption is a half year the form offers.
type halfOption struct {
	Value int
	Label string
}

func (s *Server) realisationForm(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return err
	}
	return s.renderRealisationForm(w, r, http.StatusOK, a, my, realisationInput{}, formErrors{})
}

func (s *Server) renderRealisationForm(w http.ResponseWriter, r *http.Request, status int, a *werkpad.Agreement,
	my *werkpad.MunicipalityYear, in realisationInput, fe formErrors) error {
	var items []werkpad.CardItem
	for _, c := range a.Card {
		if c.OfferedIn(my.Year) {
			items = append(items, c)
		}
	}
	var halves []halfOption
	period, _ := a.Period()
	for _, h := range []int{1, 2} {
		if period.Overlaps(werkpad.HalfYear(my.Year, h)) {
			halves = append(halves, halfOption{h, werkpad.HalfLabel(my.Year, h)})
		}
	}
	title := my.Name + " " + strconv.Itoa(my.Year)
	href := yearHref(a.Version, my.Municipality, my.Year)
	s.render(w, r, status, "realisation_new.html", map[string]any{
		"Title": "Realisatie vastleggen — " + title, "Heading": title, "Action": href + "/realisatie", "Back": href,
		"Items": items, "Halves": halves, "Form": in, "Errors": fe,
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {href, title}, {"", "Realisatie vastleggen"}},
	})
	return nil
}

func (s *Server) recordRealisation(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return err
	}
	in := realisationInput{
		Item: strings.TrimSpace(r.PostFormValue("regel")), Half: r.PostFormValue("halfjaar"),
		Quantity: strings.TrimSpace(r.PostFormValue("aantal")), Note: strings.TrimSpace(r.PostFormValue("toelichting")),
	}
	var fe formErrors
	if in.Item == "" {
		fe.add("regel", "Kies het keuzekaart-item waarvan u de realisatie vastlegt.")
	}
	half, err := strconv.Atoi(in.Half)
	if err != nil {
		fe.add("halfjaar", "Kies het halfjaar.")
	}
	var q werkpad.Milli
	if in.Quantity == "" {
		fe.add("aantal", "Vul het gerealiseerde aantal in, zoals 12 of 1,5.")
	} else if q, err = werkpad.ParseMilli(in.Quantity); err != nil {
		fe.add("aantal", "Vul het aantal in als getal met hoogstens drie decimalen, zoals 12 of 1,5.")
	} else if q < 0 {
		fe.add("aantal", fmt.Sprintf("Het gerealiseerde aantal %s mag niet negatief zijn.", q))
	}
	if len(fe.List) == 0 {
		err := s.Agreements.RecordRealisation(r.Context(), a.Version, my.Municipality, my.Year, in.Item, half, q, in.Note)
		if err == nil {
			s.flash(w, r, "De realisatie van het "+werkpad.HalfLabel(my.Year, half)+" is vastgelegd.")
			return redirect(w, r, yearHref(a.Version, my.Municipality, my.Year)+"#realisatie")
		}
		if !fe.fromError(err) {
			return err
		}
	}
	return s.renderRealisationForm(w, r, http.StatusUnprocessableEntity, a, my, in, fe)
}

// lineInput is one row of the amendment form as typed.
type lineInput struct {
	Row                                          int
	Item, Quantity, Amount, Description, Article string
	Page                                         string
}

// amendmentInput is the amendment form as typed.
type amendmentInput struct {
	Lines                            []lineInput
	EffectiveFrom, Reason, Reference string
}

// emptyRows is how many blank rows the amendment form offers for new lines.
const emptyRows = 3

func (s *Server) amendmentForm(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return err
	}
	var in amendmentInput
	for i, l := range my.Lines {
		li := lineInput{Row: i, Item: l.Item, Quantity: l.Quantity.String(), Description: l.Description, Article: l.Article}
		if l.HasAgreed {
			li.Amount = werkpad.FormatEuro(l.Agreed)
		}
		if l.Page != 0 {
			li.Page = strconv.Itoa(l.Page)
		}
		in.Lines = append(in.Lines, li)
	}
	for i := range emptyRows {
		in.Lines = append(in.Lines, lineInput{Row: len(my.Lines) + i})
	}
	return s.renderAmendmentForm(w, r, http.StatusOK, a, my, in, formErrors{})
}

func (s *Server) renderAmendmentForm(w http.ResponseWriter, r *http.Request, status int, a *werkpad.Agreement,
	my *werkpad.MunicipalityYear, in amendmentInput, fe formErrors) error {
	title := my.Name + " " + strconv.Itoa(my.Year)
	href := yearHref(a.Version, my.Municipality, my.Year)
	var totals werkpad.Total
	for _, t := range werkpad.Totals(a) {
		if t.Municipality == my.Municipality && t.Year == my.Year {
			totals = t
		}
	}
	s.render(w, r, status, "amendment_new.html", map[string]any{
		"Title": "Wijziging voorstellen — " + title, "Heading": title, "Action": href + "/wijzigingen", "Back": href,
		"Card": a.Card, "Year": my.Year, "Total": totals, "PartYear": a.PartYear(my.Year), "Form": in, "Errors": fe, "Rows": len(in.Lines),
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {href, title}, {"", "Wijziging voorstellen"}},
	})
	return nil
}

// maxRows bounds the rows the amendment form accepts.
const maxRows = 200

func (s *Server) proposeAmendment(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return werkpad.Errorf(werkpad.EINVALID, "Het formulier kon niet gelezen worden.")
	}
	rows, _ := strconv.Atoi(r.PostFormValue("rijen"))
	rows = min(max(rows, 0), maxRows)
	in := amendmentInput{
		EffectiveFrom: strings.TrimSpace(r.PostFormValue("ingangsdatum")),
		Reason:        strings.TrimSpace(r.PostFormValue("reden")),
		Reference:     strings.TrimSpace(r.PostFormValue("documentkenmerk")),
	}
	var fe formErrors
	var lines []werkpad.Line
	var lineRows []int // lines[i] comes from form row lineRows[i]
	for i := range rows {
		f := func(name string) string {
			return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("regels-%d-%s", i, name)))
		}
		li := lineInput{Row: i, Item: f("item"), Quantity: f("aantal"), Amount: f("bedrag"),
			Description: f("omschrijving"), Article: f("artikel"), Page: f("pagina")}
		in.Lines = append(in.Lines, li)
		if li.Item == "" && li.Quantity == "" && li.Amount == "" && li.Description == "" && li.Article == "" {
			continue // an unused row
		}
		l, ok := lineFromInput(a, my.Year, li, &fe)
		if ok {
			lines = append(lines, l)
			lineRows = append(lineRows, i)
		}
	}
	if len(lines) == 0 && len(fe.List) == 0 {
		fe.add("regels", "Geef de regels zoals ze na de wijziging luiden; een wijziging zonder regels schrapt alle lokale keuzes.")
	}
	var from werkpad.Date
	if in.EffectiveFrom == "" {
		fe.add("ingangsdatum", "Vul de datum in waarop de wijziging ingaat, als dd-mm-jjjj.")
	} else if from, err = werkpad.ParseDate(in.EffectiveFrom); err != nil {
		fe.add("ingangsdatum", werkpad.ErrorMessage(err))
	}
	if in.Reason == "" {
		fe.add("reden", "Vul de reden van de wijziging in.")
	}
	if len(fe.List) == 0 {
		am, err := s.Agreements.ProposeAmendment(r.Context(), a.Version, my.Municipality, my.Year, from, lines, in.Reason, in.Reference)
		if err == nil {
			s.flash(w, r, fmt.Sprintf("Wijziging %d is voorgesteld. Bekijk de bevindingen en leg de instemming van beide partijen vast.", am.ID))
			return redirect(w, r, amendmentHref(a.Version, am.ID))
		}
		if !fe.fromError(remapLineField(err, lineRows)) {
			return err
		}
	}
	return s.renderAmendmentForm(w, r, http.StatusUnprocessableEntity, a, my, in, fe)
}

// lineFromInput parses one row and validates it as an amendment line of
// year; errors go to fe under the row's field ids.
func lineFromInput(a *werkpad.Agreement, year int, li lineInput, fe *formErrors) (werkpad.Line, bool) {
	id := func(name string) string { return fmt.Sprintf("regels-%d-%s", li.Row, name) }
	n := len(fe.List)
	l := werkpad.Line{Item: li.Item, Description: li.Description, Article: li.Article}
	if li.Item == "" {
		fe.add(id("item"), fmt.Sprintf("Regel %d: kies een item van de keuzekaart.", li.Row+1))
	}
	if li.Quantity == "" {
		fe.add(id("aantal"), fmt.Sprintf("Regel %d: vul het aantal in, zoals 1,5.", li.Row+1))
	} else if q, err := werkpad.ParseMilli(li.Quantity); err != nil {
		fe.add(id("aantal"), fmt.Sprintf("Regel %d: vul het aantal in als getal met hoogstens drie decimalen, zoals 1,5.", li.Row+1))
	} else {
		l.Quantity = q
	}
	if li.Amount != "" {
		c, err := werkpad.ParseEuro(li.Amount)
		if err != nil {
			fe.add(id("bedrag"), fmt.Sprintf("Regel %d: schrijf het bedrag als 1.234,56 of € 128k, of laat het leeg voor de kaartprijs.", li.Row+1))
		}
		l.Agreed, l.HasAgreed = c, true
	}
	if li.Page != "" {
		l.Page, _ = strconv.Atoi(li.Page)
	}
	if len(fe.List) > n {
		return l, false
	}
	if err := werkpad.ValidateAmendmentLines(a, year, []werkpad.Line{l}); err != nil {
		fe.fromError(remapLineField(err, []int{li.Row}))
		return l, false
	}
	return l, true
}

var lineFieldRE = regexp.MustCompile(`^regels\[(\d+)\]\.(\w+)$`)

// remapLineField renames the field of a line error, "regels[k].aantal"
// about the k-th line passed to the service, to the id of the form row
// that line came from, "regels-7-aantal".
func remapLineField(err error, rows []int) error {
	m := lineFieldRE.FindStringSubmatch(werkpad.ErrorField(err))
	if m == nil {
		return err
	}
	k, _ := strconv.Atoi(m[1])
	if k >= len(rows) {
		return err
	}
	return &werkpad.Error{Code: werkpad.ErrorCode(err), Message: werkpad.ErrorMessage(err),
		Field: fmt.Sprintf("regels-%d-%s", rows[k], m[2])}
}

// approvalInput is the approval form as typed.
type approvalInput struct {
	Party, ApprovedOn, Name, Reference string
}

func (s *Server) amendmentByPath(r *http.Request) (*werkpad.Amendment, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	am, err := s.Agreements.CheckAmendment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if am.Version != r.PathValue("versie") {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	return am, nil
}

func (s *Server) amendmentPage(w http.ResponseWriter, r *http.Request) error {
	am, err := s.amendmentByPath(r)
	if err != nil {
		return err
	}
	return s.renderAmendment(w, r, http.StatusOK, am, approvalInput{}, formErrors{})
}

// pendingParties returns the parties whose consent u may still record.
func pendingParties(u *werkpad.User, am *werkpad.Amendment) []werkpad.ApprovalParty {
	if am.Status == werkpad.AmendmentInForce {
		return nil
	}
	var out []werkpad.ApprovalParty
	for _, p := range []werkpad.ApprovalParty{werkpad.PartyBoard, werkpad.PartyMunicipality} {
		if _, done := am.Approval(p); done {
			continue
		}
		if u.Role == werkpad.RoleController || (p == werkpad.PartyMunicipality && u.Role == werkpad.RoleMunicipality) {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) renderAmendment(w http.ResponseWriter, r *http.Request, status int, am *werkpad.Amendment, in approvalInput, fe formErrors) error {
	a, err := s.Agreements.FindAgreement(r.Context(), am.Version, am.EffectiveFrom)
	if err != nil {
		return err
	}
	my, ok := a.MunicipalityYear(am.Municipality, am.Year)
	if !ok {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	after := *my
	after.Lines = am.After
	var total werkpad.Total
	if am.Total != nil {
		total = *am.Total
	}
	before := *my
	before.Lines = am.Before
	u := werkpad.UserFromContext(r.Context())
	parties := pendingParties(u, am)
	if in.Party == "" && len(parties) > 0 {
		in.Party = string(parties[0])
	}
	title := my.Name + " " + strconv.Itoa(my.Year)
	href := yearHref(a.Version, my.Municipality, my.Year)
	heading := fmt.Sprintf("Wijziging %d: %s", am.ID, title)
	rows := amendmentRows([]*werkpad.Amendment{am})
	s.render(w, r, status, "amendment.html", map[string]any{
		"Title": heading, "Heading": heading, "Amendment": rows[0], "After": yearViewOf(a, &after, total, am.Findings),
		"Before": yearViewOf(a, &before, werkpad.Total{}, nil), "Parties": parties, "Form": in, "Errors": fe,
		"Action": amendmentHref(a.Version, am.ID) + "/goedkeuringen", "Back": href,
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {href, title}, {"", fmt.Sprintf("Wijziging %d", am.ID)}},
	})
	return nil
}

func (s *Server) approveAmendment(w http.ResponseWriter, r *http.Request) error {
	am, err := s.amendmentByPath(r)
	if err != nil {
		return err
	}
	in := approvalInput{
		Party: r.PostFormValue("partij"), ApprovedOn: strings.TrimSpace(r.PostFormValue("goedgekeurdOp")),
		Name: strings.TrimSpace(r.PostFormValue("naam")), Reference: strings.TrimSpace(r.PostFormValue("documentkenmerk")),
	}
	u := werkpad.UserFromContext(r.Context())
	if u.Role == werkpad.RoleMunicipality {
		in.Party = string(werkpad.PartyMunicipality) // a municipality consents only for itself
	}
	var fe formErrors
	status := http.StatusUnprocessableEntity
	party := werkpad.ApprovalParty(in.Party)
	if party != werkpad.PartyMunicipality && party != werkpad.PartyBoard {
		fe.add("partij", "Kies namens wie u de instemming vastlegt.")
	}
	var on werkpad.Date
	if in.ApprovedOn == "" {
		fe.add("goedgekeurdOp", "Vul de datum van de schriftelijke instemming in, als dd-mm-jjjj.")
	} else if on, err = werkpad.ParseDate(in.ApprovedOn); err != nil {
		fe.add("goedgekeurdOp", werkpad.ErrorMessage(err))
	}
	if in.Name == "" {
		fe.add("naam", "Vul in wie heeft ingestemd, met functie.")
	}
	if in.Reference == "" {
		fe.add("documentkenmerk", "Vul het kenmerk van het instemmingsdocument in: art. 16.3 vraagt schriftelijke instemming.")
	}
	if len(fe.List) == 0 {
		done, err := s.Agreements.ApproveAmendment(r.Context(), am.ID, party, on, in.Name, in.Reference)
		if err == nil {
			msg := "De instemming van " + party.Label() + " is vastgelegd."
			if done.Status == werkpad.AmendmentInForce {
				msg += " Beide partijen hebben ingestemd: de wijziging is van kracht per " + done.EffectiveFrom.Dutch() + "."
			}
			s.flash(w, r, msg)
			return redirect(w, r, amendmentHref(am.Version, am.ID))
		}
		if werkpad.ErrorCode(err) == werkpad.ECONFLICT {
			// Already in force, already consented, or the period closed
			// meanwhile: say so on the page rather than on an error page.
			status = http.StatusConflict
			fe.add("formulier", werkpad.ErrorMessage(err))
		} else if !fe.fromError(err) {
			return err
		}
	}
	return s.renderAmendment(w, r, status, am, in, fe)
}
