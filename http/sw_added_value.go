package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func monthOptions() []option {
	var opts []option
	for i, m := range dutchMonths {
		opts = append(opts, option{strconv.Itoa(i + 1), m})
	}
	return opts
}

// parseFixed reads a Dutch decimal ("1.234,5", "24.5", "100.000", "12")
// with at most decimals decimals as a whole number of 10^-decimals. A dot
// is a thousands separator when a comma is present, when there are
// several, or when it is followed by three digits that cannot be decimals;
// else it is the decimal point.
func parseFixed(s string, decimals int) (int64, bool) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ".")
	if strings.Contains(s, ",") || len(parts) > 2 || (len(parts) == 2 && len(parts[1]) == 3 && decimals < 3) {
		s = strings.ReplaceAll(s, ".", "")
	}
	s = strings.ReplaceAll(s, ".", ",")
	whole, frac, _ := strings.Cut(s, ",")
	if whole == "" || len(whole) > 9 || len(frac) > decimals {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + strings.Repeat("0", decimals))[:decimals], 10, 64)
	for range decimals {
		w *= 10
	}
	return w + f, true
}

// formatFixed writes n with decimals decimals in Dutch: 1.234,50.
func formatFixed(n int64, decimals int) string {
	div := int64(1)
	for range decimals {
		div *= 10
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	f := strconv.FormatInt(n%div, 10)
	return sign + formatCount(n/div) + "," + strings.Repeat("0", decimals-len(f)) + f
}

// addedValueMonthRow is one declared month.
type addedValueMonthRow struct {
	Month, Hours, FTE string
	ValueCents        int64 // declared hours × rate
}

func (s *Server) addedValue(w http.ResponseWriter, r *http.Request) error {
	return s.renderAddedValue(w, r, http.StatusOK, nil, formErrors{})
}

// renderAddedValue shows the toegevoegde waarde of the year of the query;
// v and fe hold the input and errors of the form posted, if any.
func (s *Server) renderAddedValue(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	u := werkpad.UserFromContext(r.Context())
	now := today()
	filter := values{"jaar": r.URL.Query().Get("jaar")}
	posted := len(fe.List)
	year := fe.yearField(filter, "jaar", now.Y)
	var rate *werkpad.SWAddedValueRate
	var months []werkpad.SWAddedValueMonth
	if len(fe.List) == posted {
		var err error
		if rate, months, err = s.SW.AddedValueYear(r.Context(), year); err != nil {
			return err
		}
	} else if status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	r0 := werkpad.SWAddedValueRate{Year: year}
	if rate != nil {
		r0 = *rate
	}
	var rows []addedValueMonthRow
	for _, m := range months {
		rows = append(rows, addedValueMonthRow{Month: dutchMonths[m.Month-1] + " " + strconv.Itoa(m.Year),
			Hours: formatFixed(int64(m.DeclaredHours), 2), FTE: formatFixed(m.FTEThousandths, 3),
			ValueCents: werkpad.AddedValue(r0, []werkpad.SWAddedValueMonth{m}).RealisedCents})
	}
	value := werkpad.AddedValue(r0, months)
	next := time.Month(len(months) + 1)
	if len(months) > 0 {
		next = months[len(months)-1].Month + 1
	}
	if next > time.December {
		next = time.December
	}
	form := values{"tarief-jaar": strconv.Itoa(year), "declaratie-jaar": strconv.Itoa(year), "declaratie-maand": strconv.Itoa(int(next))}
	if rate != nil {
		form["tarief"] = formatFixed(rate.CentsPerHour, 2)
		form["begroting"] = formatFixed(rate.BudgetCentsPerFTE, 2)
	}
	for k, x := range v {
		form[k] = x
	}
	s.render(w, r, status, "sw_toegevoegde_waarde.html", map[string]any{
		"Title": "Toegevoegde waarde", "Year": year, "Filter": filter, "Errors": fe, "Form": form,
		"Rate": rate, "Rows": rows, "Value": value, "Months": monthOptions(),
		"ForecastMinusBudget": value.ForecastCentsPerFTE - value.BudgetCentsPerFTE,
		"CanWrite":            hasRole(u, werkpad.RolesWriteSW),
		"Breadcrumbs":         []navItem{{Href: "/sw", Label: "SW"}, {Label: "Toegevoegde waarde"}},
	})
	return nil
}

// addedValuePost runs a form of the toegevoegde-waarde page: the page
// again with the errors, or to the year of the input with a message.
func (s *Server) addedValuePost(w http.ResponseWriter, r *http.Request, fallback, done, anchor string,
	change func(v values, fe *formErrors) (int, error)) error {
	v := formValues(r)
	var fe formErrors
	status := http.StatusUnprocessableEntity
	year, err := change(v, &fe)
	if err != nil {
		var ok bool
		if status, ok = fe.fromService(err, nil, fallback); !ok {
			return err
		}
	}
	if len(fe.List) > 0 {
		return s.renderAddedValue(w, r, status, v, fe)
	}
	s.flash(w, r, done)
	return redirect(w, r, "/sw/toegevoegde-waarde"+query("jaar", strconv.Itoa(year))+"#"+anchor)
}

func (s *Server) setAddedValueRate(w http.ResponseWriter, r *http.Request) error {
	return s.addedValuePost(w, r, "tarief-jaar", "Het tarief en de begroting zijn vastgelegd.", "tarief-en-begroting",
		func(v values, fe *formErrors) (int, error) {
			rate := werkpad.SWAddedValueRate{Year: fe.requiredYear(v, "tarief-jaar")}
			var ok bool
			if rate.CentsPerHour, ok = parseFixed(strings.TrimPrefix(v["tarief"], "€"), 2); !ok {
				fe.add("tarief", "Vul het tarief per uur in euro in, bijvoorbeeld 30,00.")
			}
			if rate.BudgetCentsPerFTE, ok = parseFixed(strings.TrimPrefix(v["begroting"], "€"), 2); !ok {
				fe.add("begroting", "Vul de begrote toegevoegde waarde per fte in euro in, bijvoorbeeld 8.906,00.")
			}
			if len(fe.List) > 0 {
				return rate.Year, nil
			}
			return rate.Year, s.SW.SetAddedValueRate(r.Context(), rate)
		})
}

func (s *Server) declareAddedValue(w http.ResponseWriter, r *http.Request) error {
	return s.addedValuePost(w, r, "declaratie-jaar", "De declaratie is vastgelegd.", "declaraties",
		func(v values, fe *formErrors) (int, error) {
			m := werkpad.SWAddedValueMonth{Year: fe.requiredYear(v, "declaratie-jaar")}
			if n, err := strconv.Atoi(v["declaratie-maand"]); err == nil && n >= 1 && n <= 12 {
				m.Month = time.Month(n)
			} else {
				fe.add("declaratie-maand", "Kies de maand.")
			}
			if h, ok := parseFixed(v["uren"], 2); ok {
				m.DeclaredHours = werkpad.Hundredths(h)
			} else {
				fe.add("uren", "Vul de gedeclareerde uren in als getal met hoogstens twee decimalen, bijvoorbeeld 100.000,50.")
			}
			if f, ok := parseFixed(v["fte"], 3); ok {
				m.FTEThousandths = f
			} else {
				fe.add("fte", "Vul het gemiddelde aantal fte in als getal met hoogstens drie decimalen, bijvoorbeeld 812,5.")
			}
			if len(fe.List) > 0 {
				return m.Year, nil
			}
			return m.Year, s.SW.DeclareAddedValue(r.Context(), m)
		})
}

// requiredYear reads a year that must be filled in.
func (fe *formErrors) requiredYear(v values, name string) int {
	if v[name] == "" {
		fe.add(name, "Vul het jaar in als vier cijfers, bijvoorbeeld 2024.")
		return 0
	}
	return fe.yearField(v, name, 0)
}
