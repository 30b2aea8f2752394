package werkpad

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SW administration: the Wsw employees with their dated werkvormen and
// availability, sick leave, beschut-werk indications and employments, and
// the toegevoegde waarde per fte. Reading is for the controller and the
// consulent (all municipalities in scope) and for gemeente users (their own
// municipalities). Changes are for the controller only: the Wsw employment is
// an MGR personnel matter, not casework, so a consulent reads it to coach
// but does not change it.
var (
	RolesReadSW  = []Role{RoleController, RoleConsultant, RoleMunicipality}
	RolesWriteSW = []Role{RoleController}
	// RolesReadAddedValue may read the toegevoegde waarde: it is regional
	// by nature, and a gemeente user sees no regional figures (the report
	// leaves it out for him too).
	RolesReadAddedValue = []Role{RoleController, RoleConsultant}
)

// SWStatus is a stretch during which a Wsw employee does not work in his
// werkvorm. The municipality pages' table "werken op locatie" prints these
// as their own rows; the werkvorm stays as it was.
type SWStatus string

const (
	SWStatusIdle        SWStatus = "leegloop_inactief" // no work available (leegloop, inactief)
	SWStatusUnavailable SWStatus = "niet_beschikbaar"  // not available for work (long-term sick, leave)
)

var swStatusLabels = map[SWStatus]string{
	SWStatusIdle:        "Leegloop inactief",
	SWStatusUnavailable: "Niet beschikbaar voor werk",
}

// Valid reports whether s is a known status.
func (s SWStatus) Valid() bool { _, ok := swStatusLabels[s]; return ok }

// Label returns the report's row label.
func (s SWStatus) Label() string { return labelOr(swStatusLabels, s) }

// LocationRow is a row of the table "werken op locatie": a werkvorm or a
// status. LocationRows lists them in the report's order.
type LocationRow string

var LocationRows = []LocationRow{
	LocationRow(WerkvormSupportedEmployment), LocationRow(WerkvormIndividualSecondment), LocationRow(WerkvormGroupSecondment),
	LocationRow(WerkvormShelteredInside), LocationRow(SWStatusIdle), LocationRow(SWStatusUnavailable),
}

// Label returns the report's row label.
func (r LocationRow) Label() string {
	if w := Werkvorm(r); w.Valid() {
		return w.Label()
	}
	return SWStatus(r).Label()
}

// OutsideTheWalls reports whether the row counts in "Subtotaal buiten de
// muren": every werkvorm except beschut binnen.
func (r LocationRow) OutsideTheWalls() bool {
	return r == LocationRow(WerkvormSupportedEmployment) || r == LocationRow(WerkvormIndividualSecondment) || r == LocationRow(WerkvormGroupSecondment)
}

// SWWerkvormPeriod is one stretch of one werkvorm.
type SWWerkvormPeriod struct {
	Werkvorm Werkvorm `json:"werkvorm"`
	Period   Period   `json:"periode"`
}

// SWStatusPeriod is one stretch of a status.
type SWStatusPeriod struct {
	Status SWStatus `json:"status"`
	Period Period   `json:"periode"`
}

// SWEmployeeRecord is an employee with his dated history, as the store
// reads it for the figures.
type SWEmployeeRecord struct {
	SWEmployee
	Werkvormen []SWWerkvormPeriod `json:"werkvormen"`
	// SEPeriods is the dated SE; SWEmployee.SEThousandths is the latest.
	SEPeriods []SWSEPeriod     `json:"sePerioden,omitempty"`
	Statuses  []SWStatusPeriod `json:"statussen,omitempty"`
	SickLeave []SWSickLeave    `json:"verzuim,omitempty"`
}

// SWSEPeriod is the SE of an employment over a period.
type SWSEPeriod struct {
	SEThousandths int    `json:"seDuizendsten"`
	Period        Period `json:"periode"`
}

// SEOn returns the SE on day d: the dated period holding d, or the latest
// SE when the history has a gap.
func (r *SWEmployeeRecord) SEOn(d Date) int {
	for _, p := range r.SEPeriods {
		if p.Period.Contains(d) {
			return p.SEThousandths
		}
	}
	return r.SEThousandths
}

// WerkvormOn returns the werkvorm on day d: the dated period holding d, or
// the current werkvorm when the history has a gap.
func (r *SWEmployeeRecord) WerkvormOn(d Date) Werkvorm {
	for _, p := range r.Werkvormen {
		if p.Period.Contains(d) {
			return p.Werkvorm
		}
	}
	return r.Werkvorm
}

// RowOn returns the row of "werken op locatie" on day d: a status when one
// runs, the werkvorm otherwise.
func (r *SWEmployeeRecord) RowOn(d Date) LocationRow {
	for _, s := range r.Statuses {
		if s.Period.Contains(d) {
			return LocationRow(s.Status)
		}
	}
	return LocationRow(r.WerkvormOn(d))
}

// Validate checks an employee before it is stored.
func (e *SWEmployee) Validate() error {
	var p problems
	if !strings.HasPrefix(e.MunicipalityCode, "GM") {
		p.add(FieldError("gemeente", "Kies de gemeente."))
	}
	if e.SEThousandths <= 0 || e.SEThousandths > 2*SEThousandths {
		p.add(FieldError("seDuizendsten", "Het aantal SE ligt tussen 0,001 en 2,000."))
	}
	if !e.Werkvorm.Valid() {
		p.add(FieldError("werkvorm", "Kies de werkvorm."))
	}
	e.PersonnelNumber = strings.TrimSpace(e.PersonnelNumber)
	if n := e.PersonnelNumber; len(n) > 20 || strings.IndexFunc(n, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-')
	}) >= 0 {
		p.add(FieldError("personeelsnummer", "Een personeelsnummer heeft hoogstens 20 letters, cijfers of streepjes."))
	}
	p.add(e.Period.validate("periode."))
	return p.err()
}

// SWSickLeave is a period of sick leave of a Wsw employee, for Percent of
// his contract (100 = fully sick).
type SWSickLeave struct {
	ID           int64  `json:"id"`
	SWEmployeeID int64  `json:"swMedewerkerId"`
	Period       Period `json:"periode"`
	Percent      int    `json:"percentage"`
}

// Validate checks a sick-leave period.
func (s *SWSickLeave) Validate() error {
	if s.SWEmployeeID <= 0 {
		return FieldError("swMedewerkerId", "Kies de SW-medewerker.")
	}
	if s.Percent < 1 || s.Percent > 100 {
		return FieldError("percentage", "Het verzuimpercentage ligt tussen 1 en 100.")
	}
	return s.Period.validate("periode.")
}

// ShelteredIndication is a new indication beschut werk (by UWV) for a
// person of a municipality, dated.
type ShelteredIndication struct {
	ID               int64  `json:"id"`
	MunicipalityCode string `json:"gemeente"`
	CandidateID      int64  `json:"kandidaatId,omitempty"`
	IndicatedOn      Date   `json:"datum"`
}

// ShelteredEmployment is a dienstverband beschut werk (since 2015, at the
// MGR under the cao Aan de slag).
type ShelteredEmployment struct {
	ID               int64  `json:"id"`
	MunicipalityCode string `json:"gemeente"`
	CandidateID      int64  `json:"kandidaatId,omitempty"`
	Period           Period `json:"periode"`
}

// SWAddedValueMonth is the declaration of one month: hours declared to
// customers and the average fte of Wsw employees in that month.
type SWAddedValueMonth struct {
	Year           int        `json:"jaar"`
	Month          time.Month `json:"maand"`
	DeclaredHours  Hundredths `json:"uren"` // hours in hundredths
	FTEThousandths int64      `json:"fteDuizendsten"`
}

// SWAddedValueRate is the agreed rate per declared hour for a year and the
// budgeted toegevoegde waarde per fte for that year.
type SWAddedValueRate struct {
	Year              int   `json:"jaar"`
	CentsPerHour      int64 `json:"tariefCenten"`
	BudgetCentsPerFTE int64 `json:"begrootPerFteCenten"`
}

// Hundredths is a fixed-point number with two decimals (hours, not money).
type Hundredths int64

// Tenths is a fixed-point percentage with one decimal: 95 is 9,5%.
type Tenths int64

// String writes the percentage as the report prints it: "9,5%".
func (t Tenths) String() string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d,%d%%", sign, t/10, t%10)
}

// ShareTenths returns part/total as a percentage with one decimal, rounded
// half up; 0 when total is 0.
func ShareTenths(part, total int64) Tenths {
	if total <= 0 {
		return 0
	}
	return Tenths(divRoundHalfUp(part*1000, total))
}

// SWTotals is headcount and SE (in thousandths) on one day.
type SWTotals struct {
	Headcount     int64 `json:"aantal"`
	SEThousandths int64 `json:"seDuizendsten"`
}

// SWTotalsOn counts the employees in service on day d and their SE, per
// municipality.
func SWTotalsOn(records []SWEmployeeRecord, d Date) map[string]SWTotals {
	out := map[string]SWTotals{}
	for i := range records {
		r := &records[i]
		if !r.InServiceOn(d) {
			continue
		}
		t := out[r.MunicipalityCode]
		t.count(r, d)
		out[r.MunicipalityCode] = t
	}
	return out
}

// count adds employee r to t when he is in service on day d.
func (t *SWTotals) count(r *SWEmployeeRecord, d Date) {
	if r.InServiceOn(d) {
		t.Headcount++
		t.SEThousandths += int64(r.SEOn(d))
	}
}

// LocationCounts counts the employees in service on day d per row of
// "werken op locatie", for one municipality ("" for all).
func LocationCounts(records []SWEmployeeRecord, municipality string, d Date) map[LocationRow]int64 {
	out := map[LocationRow]int64{}
	for i := range records {
		r := &records[i]
		if (municipality != "" && r.MunicipalityCode != municipality) || !r.InServiceOn(d) {
			continue
		}
		out[r.RowOn(d)]++
	}
	return out
}

// LocationShares turns counts into the printed shares: each row's share of
// the headcount, one decimal, rounded half up per row (so, like the
// report, the rows need not add up to exactly 100,0%). The subtotal "buiten
// de muren" is rounded from its own count, not summed from rounded rows.
func LocationShares(counts map[LocationRow]int64) (shares map[LocationRow]Tenths, outside Tenths) {
	var total, out int64
	for row, n := range counts {
		total += n
		if row.OutsideTheWalls() {
			out += n
		}
	}
	shares = make(map[LocationRow]Tenths, len(LocationRows))
	for _, row := range LocationRows {
		shares[row] = ShareTenths(counts[row], total)
	}
	return shares, ShareTenths(out, total)
}

// SickLeaveByWerkvorm returns the sick-leave percentage per werkvorm over
// period, for the employees given (already filtered to a municipality or
// the region). Definition: for every calendar day of the period on which
// an employee is in service, his SE of that day counts as available in the werkvorm of
// that day, and SE × the sick percentage of that day (the highest when
// sick-leave periods overlap) counts as sick. The percentage is sick /
// available, one decimal, rounded half up. Weighting by SE makes a part-time
// employee weigh less, as the verzuim figures of a Wsw company do.
func SickLeaveByWerkvorm(records []SWEmployeeRecord, period Period) map[Werkvorm]Tenths {
	avail := map[Werkvorm]int64{}
	sick := map[Werkvorm]int64{}
	for i := range records {
		addSickLeaveParts(&records[i], period, avail, sick)
	}
	return sickLeaveShares(avail, sick)
}

// sickLeaveShares is the percentage per werkvorm of the sums of
// SickLeaveByWerkvorm.
func sickLeaveShares(avail, sick map[Werkvorm]int64) map[Werkvorm]Tenths {
	out := make(map[Werkvorm]Tenths, len(Werkvormen))
	for _, w := range Werkvormen {
		out[w] = ShareTenths(sick[w], avail[w])
	}
	return out
}

// sickLeaveParts returns employee r's available and sick SE-days (× 100)
// per werkvorm over period: his part of SickLeaveByWerkvorm.
func sickLeaveParts(r *SWEmployeeRecord, period Period) (avail, sick map[Werkvorm]int64) {
	avail, sick = map[Werkvorm]int64{}, map[Werkvorm]int64{}
	addSickLeaveParts(r, period, avail, sick)
	return avail, sick
}

// addSickLeaveParts adds sickLeaveParts of r to avail and sick.
func addSickLeaveParts(r *SWEmployeeRecord, period Period, avail, sick map[Werkvorm]int64) {
	if !r.Period.Overlaps(period) {
		return
	}
	from, to := laterDate(r.Period.From, period.From), period.To
	if !r.Period.To.IsZero() && r.Period.To.Before(to) {
		to = r.Period.To
	}
	// The werkvorm and the sick percentage change only on the first
	// day of a werkvorm period or sick leave and on the day after one
	// ends: between two such days every day counts the same, so each
	// stretch counts once, times its days.
	cuts := []Date{from}
	cut := func(d Date) {
		if d.After(from) && !d.After(to) {
			cuts = append(cuts, d)
		}
	}
	for _, p := range r.Werkvormen {
		cut(p.Period.From)
		if !p.Period.To.IsZero() {
			cut(p.Period.To.AddDays(1))
		}
	}
	for _, p := range r.SEPeriods {
		cut(p.Period.From)
		if !p.Period.To.IsZero() {
			cut(p.Period.To.AddDays(1))
		}
	}
	for _, s := range r.SickLeave {
		cut(s.Period.From)
		if !s.Period.To.IsZero() {
			cut(s.Period.To.AddDays(1))
		}
	}
	slices.SortFunc(cuts, Date.Compare)
	cuts = slices.Compact(cuts)
	for k, d := range cuts {
		next := to.AddDays(1)
		if k+1 < len(cuts) {
			next = cuts[k+1]
		}
		days := int64(d.DaysUntil(next))
		w, se := r.WerkvormOn(d), int64(r.SEOn(d))
		avail[w] += se * 100 * days
		pct := 0
		for _, s := range r.SickLeave {
			if s.Period.Contains(d) && s.Percent > pct {
				pct = s.Percent
			}
		}
		sick[w] += se * int64(pct) * days
	}
}

func laterDate(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}

// SWAddedValue is the toegevoegde waarde per fte for a year: the budget
// and the forecast made from the months declared so far.
type SWAddedValue struct {
	Year              int   `json:"jaar"`
	Months            int   `json:"maanden"`
	RealisedCents     int64 `json:"gerealiseerdCenten"` // declared hours × rate, months declared
	BudgetCentsPerFTE int64 `json:"begrootPerFteCenten"`
	// RealisedCentsPerFTE: the realised amount per average fte of the
	// declared months, not extrapolated.
	RealisedCentsPerFTE int64 `json:"gerealiseerdPerFteCenten"`
	// ForecastCentsPerFTE: the realised amount per average fte of the
	// declared months, extrapolated to twelve months.
	ForecastCentsPerFTE int64 `json:"prognosePerFteCenten"`
}

// AddedValue computes the toegevoegde waarde per fte from the declarations
// of rate.Year (other years are ignored):
//
//	realised = Σ declared hours × rate
//	fte      = average of the months' fte
//	realised per fte = realised / fte
//	forecast = realised / fte × 12 / months declared
//
// rounded once, half up, to whole cents.
func AddedValue(rate SWAddedValueRate, months []SWAddedValueMonth) SWAddedValue {
	v := SWAddedValue{Year: rate.Year, BudgetCentsPerFTE: rate.BudgetCentsPerFTE}
	var hours, fte int64
	for _, m := range months {
		if m.Year != rate.Year {
			continue
		}
		v.Months++
		hours += int64(m.DeclaredHours)
		fte += m.FTEThousandths
	}
	v.RealisedCents = divRoundHalfUp(hours*rate.CentsPerHour, 100)
	if v.Months == 0 || fte == 0 {
		return v
	}
	// realised/(fte/months/1000) = hours×rate/100 × 1000 × months / fte
	v.RealisedCentsPerFTE = divRoundHalfUp(hours*rate.CentsPerHour*1000*int64(v.Months), 100*fte)
	// realised/(fte/months/1000) × 12/months = hours×rate/100 × 1000 × 12 / fte
	v.ForecastCentsPerFTE = divRoundHalfUp(hours*rate.CentsPerHour*1000*12, 100*fte)
	return v
}

// SWService is the SW administration.
type SWService interface {
	CreateSWEmployee(ctx context.Context, e *SWEmployee) error
	// UpdateSWEmployee changes location, employer, SE and end date; a
	// werkvorm change goes through ChangeWerkvorm.
	UpdateSWEmployee(ctx context.Context, e *SWEmployee) error
	// ChangeWerkvorm closes the running werkvorm the day before from and
	// opens w from that day.
	ChangeWerkvorm(ctx context.Context, id int64, w Werkvorm, from Date) error
	SetSWStatus(ctx context.Context, id int64, s SWStatusPeriod) error
	FindSWEmployee(ctx context.Context, id int64) (*SWEmployeeRecord, error)
	AddSickLeave(ctx context.Context, s *SWSickLeave) error
	AddShelteredIndication(ctx context.Context, i *ShelteredIndication) error
	AddShelteredEmployment(ctx context.Context, e *ShelteredEmployment) error
	// ShelteredRecords returns the indications dated in period and the
	// employments overlapping it, in the caller's scope.
	ShelteredRecords(ctx context.Context, period Period) ([]ShelteredIndication, []ShelteredEmployment, error)
	SetAddedValueRate(ctx context.Context, r SWAddedValueRate) error
	DeclareAddedValue(ctx context.Context, m SWAddedValueMonth) error
	// AddedValueYear returns the rate of year (nil when none is set) and
	// the months declared in it, in month order.
	AddedValueYear(ctx context.Context, year int) (*SWAddedValueRate, []SWAddedValueMonth, error)
	// SWRecords returns the employees in scope in service on any day of
	// period, with their history.
	SWRecords(ctx context.Context, period Period) ([]SWEmployeeRecord, error)
	// SWDayFigures counts the employees in scope in service on day d per
	// municipality and row of "werken op locatie" (RowOn), with their SE
	// on d (SEOn): the figures of SWTotalsOn and LocationCounts, counted
	// by the database instead of from every record.
	SWDayFigures(ctx context.Context, d Date) ([]SWDayGroup, error)
	// SWEmployeesOn is a page of the employees in scope in service on day
	// d, in id order, with their history, and how many there are; f
	// narrows them to a municipality and a personnel number's start.
	SWEmployeesOn(ctx context.Context, d Date, f SWEmployeeFilter) ([]SWEmployeeRecord, int, error)
	SWChapter(ctx context.Context, period Period) (*SWChapter, error)
}

// SWDayGroup is one count of SWDayFigures.
type SWDayGroup struct {
	Municipality  string
	Row           LocationRow
	Headcount     int64
	SEThousandths int64
}

// SWEmployeeFilter narrows SWEmployeesOn.
type SWEmployeeFilter struct {
	Municipality string // "" : every municipality in scope
	// NumberPrefix keeps the employees whose personnel number starts with
	// it, letters in either case.
	NumberPrefix string
	Page         Page
}
