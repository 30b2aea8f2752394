package http

import (
	"net/http"
	"strconv"
	"time"

	"werkpad"
)

// yearField reads an optional year ("2024"); empty is def.
func (fe *formErrors) yearField(v values, name string, def int) int {
	if v[name] == "" {
		return def
	}
	y, err := strconv.Atoi(v[name])
	if err != nil || y < 2000 || y > 2100 {
		fe.add(name, "Vul het jaar in als vier cijfers, bijvoorbeeld 2024.")
		return def
	}
	return y
}

// yearPeriod is 1 January to 31 December of y.
func yearPeriod(y int) werkpad.Period {
	return werkpad.Period{From: werkpad.Date{Y: y, M: time.January, D: 1}, To: werkpad.Date{Y: y, M: time.December, D: 31}}
}

// shelteredRow is one municipality's line of the beschut-werk counts.
type shelteredRow struct {
	Name                          string
	Indications, Started, Running int64
}

// shelteredLine is one indication or employment in a list.
type shelteredLine struct {
	ID           int64
	Municipality string
	Period       werkpad.Period // an indication: From is its date
}

func (s *Server) sheltered(w http.ResponseWriter, r *http.Request) error {
	return s.renderSheltered(w, r, http.StatusOK, nil, formErrors{})
}

// renderSheltered shows the beschut-werk page for the year of the query;
// v and fe hold the input and errors of the form posted, if any.
func (s *Server) renderSheltered(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	u := werkpad.UserFromContext(r.Context())
	now := today()
	filter := values{"jaar": r.URL.Query().Get("jaar")}
	posted := len(fe.List)
	year := fe.yearField(filter, "jaar", now.Y)
	badYear := len(fe.List) > posted
	period := yearPeriod(year)
	on := period.To
	if period.Contains(now) {
		on = now
	}
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{}
	var opts []option
	for _, m := range ms {
		names[m.Code] = m.Name
		opts = append(opts, option{m.Code, m.Name})
	}
	var inds []werkpad.ShelteredIndication
	var emps []werkpad.ShelteredEmployment
	if !badYear {
		if inds, emps, err = s.SW.ShelteredRecords(r.Context(), period); err != nil {
			return err
		}
	} else if status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	counts := map[string]*shelteredRow{}
	total := &shelteredRow{Name: "Totaal"}
	var figures []*shelteredRow
	for _, m := range ms {
		counts[m.Code] = &shelteredRow{Name: m.Name}
		figures = append(figures, counts[m.Code])
	}
	var indRows, empRows []shelteredLine
	for _, i := range inds {
		if c := counts[i.MunicipalityCode]; c != nil {
			c.Indications++
		}
		total.Indications++
		indRows = append(indRows, shelteredLine{ID: i.ID, Municipality: names[i.MunicipalityCode], Period: werkpad.Period{From: i.IndicatedOn}})
	}
	for _, e := range emps {
		c := counts[e.MunicipalityCode]
		if c == nil {
			c = &shelteredRow{}
		}
		if period.Contains(e.Period.From) {
			c.Started++
			total.Started++
		}
		if e.Period.Contains(on) {
			c.Running++
			total.Running++
		}
		empRows = append(empRows, shelteredLine{ID: e.ID, Municipality: names[e.MunicipalityCode], Period: e.Period})
	}
	if len(ms) < 2 {
		total = nil
	}
	form := values{"indicatie-datum": now.Dutch(), "dienstverband-van": now.Dutch()}
	for k, x := range v {
		form[k] = x
	}
	s.render(w, r, status, "sw_beschut.html", map[string]any{
		"Title": "Beschut werk", "Year": year, "On": on, "Filter": filter, "Errors": fe, "Form": form,
		"MunicipalityOptions": opts, "Figures": figures, "Total": total, "Indications": indRows, "Employments": empRows,
		"CanWrite":    hasRole(u, werkpad.RolesWriteSW),
		"Breadcrumbs": []navItem{{Href: "/sw", Label: "SW"}, {Label: "Beschut werk"}},
	})
	return nil
}

// shelteredPost runs a form of the beschut-werk page: the page again with
// the errors, or to the year of the record with a message.
func (s *Server) shelteredPost(w http.ResponseWriter, r *http.Request, fields map[string]string, fallback, done, anchor string,
	change func(v values, fe *formErrors) (werkpad.Date, error)) error {
	v := formValues(r)
	var fe formErrors
	status := http.StatusUnprocessableEntity
	on, err := change(v, &fe)
	if err != nil {
		var ok bool
		if status, ok = fe.fromService(err, fields, fallback); !ok {
			return err
		}
	}
	if len(fe.List) > 0 {
		return s.renderSheltered(w, r, status, v, fe)
	}
	s.flash(w, r, done)
	return redirect(w, r, "/sw/beschut"+query("jaar", strconv.Itoa(on.Y))+"#"+anchor)
}

func (s *Server) addShelteredIndication(w http.ResponseWriter, r *http.Request) error {
	return s.shelteredPost(w, r, map[string]string{"gemeente": "indicatie-gemeente", "datum": "indicatie-datum"},
		"indicatie-gemeente", "De indicatie beschut werk is vastgelegd.", "indicaties",
		func(v values, fe *formErrors) (werkpad.Date, error) {
			i := &werkpad.ShelteredIndication{MunicipalityCode: v["indicatie-gemeente"]}
			if i.MunicipalityCode == "" {
				fe.add("indicatie-gemeente", "Kies de gemeente.")
			}
			i.IndicatedOn = fe.dateField(v, "indicatie-datum", "datum van de indicatie", true)
			if len(fe.List) > 0 {
				return i.IndicatedOn, nil
			}
			return i.IndicatedOn, s.SW.AddShelteredIndication(r.Context(), i)
		})
}

func (s *Server) addShelteredEmployment(w http.ResponseWriter, r *http.Request) error {
	return s.shelteredPost(w, r, map[string]string{"gemeente": "dienstverband-gemeente", "van": "dienstverband-van", "tot": "dienstverband-tot"},
		"dienstverband-gemeente", "Het dienstverband beschut werk is vastgelegd.", "dienstverbanden",
		func(v values, fe *formErrors) (werkpad.Date, error) {
			e := &werkpad.ShelteredEmployment{MunicipalityCode: v["dienstverband-gemeente"]}
			if e.MunicipalityCode == "" {
				fe.add("dienstverband-gemeente", "Kies de gemeente.")
			}
			e.Period.From = fe.dateField(v, "dienstverband-van", "begindatum", true)
			e.Period.To = fe.dateField(v, "dienstverband-tot", "einddatum", false)
			if !e.Period.From.IsZero() && !e.Period.To.IsZero() && e.Period.To.Before(e.Period.From) {
				fe.add("dienstverband-tot", "De einddatum ligt voor de begindatum.")
			}
			if len(fe.List) > 0 {
				return e.Period.From, nil
			}
			return e.Period.From, s.SW.AddShelteredEmployment(r.Context(), e)
		})
}
