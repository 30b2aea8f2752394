package demo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"werkpad"
	"werkpad/report/published"
)

// The two half-years of the seed report and the last day of the demo
// world: nothing is dated after asOf.
var (
	p1   = werkpad.Period{From: werkpad.MustParseDate("2023-01-01"), To: werkpad.MustParseDate("2023-06-30")}
	p2   = werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}
	asOf = werkpad.MustParseDate("2024-12-31")
)

// Periods returns the two calibrated half-years.
func Periods() []werkpad.Period { return []werkpad.Period{p1, p2} }

// Regional figures that the report prints for the region only, used as
// calibration targets for the caseload and the wage subsidies. 2023 LKS
// figures are not printed: plausible values are used (see notes).
type regional struct {
	caseload          [3]int64 // per phase, on the period's last day
	lks               int64
	lksHoursHundredth int64
	lksWageValueBP    int64
}

// municipalityTargets are the figures one municipality must show in one period.
type municipalityTargets map[werkpad.IndicatorKey]int64

// targets are the calibration targets of the whole region.
type targets struct {
	codes    []string                                // municipalities in report order
	names    map[string]string                       // code → name
	per      [2]map[string]municipalityTargets       // period index → code → targets
	swOnly   map[string]bool                         // West Maas en Waal
	werkvorm map[string]map[werkpad.Werkvorm]float64 // code → share (2024, column Gem.)
	// code → quarter (0: Q1, 1: Q2 2024) → row of "werken op locatie" → printed share in %
	locations map[string][2]map[werkpad.LocationRow]float64
	region    [2]regional                                  // period index
	printed   [2]map[werkpad.IndicatorKey]published.Figure // regional figures as printed
	sw        swChapterTargets
	notes     []string

	caseloadFromEvents [2][3]int64 // before fillers, for tuning
}

// calibrated lists the per-municipality keys taken from the report; the
// other keys (caseload, LKS) are derived from regional figures.
var calibrated = []werkpad.IndicatorKey{
	werkpad.IndWorkWithBenefit, werkpad.IndOWNWActive,
	werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28,
	werkpad.IndPriorityWorkDisability, werkpad.IndPriorityYouth, werkpad.IndPriority55Plus, werkpad.IndPriorityStatusHolder,
	werkpad.IndWorkDisabilityWorking, werkpad.IndExitsToWork,
	werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime,
	werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth, werkpad.IndNUGPriority55Plus, werkpad.IndNUGPriorityStatusHolder,
	werkpad.IndSWEmployees,
}

func (t *targets) notef(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// loadTargets reads the published figures and fills the gaps with
// plausible values, noting each.
func loadTargets() (*targets, error) {
	r, err := published.Load()
	if err != nil {
		return nil, err
	}
	if len(r.Periods) != 2 || r.Periods[0].From != p1.From.String() || r.Periods[1].To != p2.To.String() {
		return nil, fmt.Errorf("demo: the published report does not hold the periods %s and %s", p1, p2)
	}
	t := &targets{names: r.MunicipalityCodes, swOnly: map[string]bool{}, werkvorm: map[string]map[werkpad.Werkvorm]float64{},
		locations: map[string][2]map[werkpad.LocationRow]float64{}}
	for code := range r.MunicipalityCodes {
		t.codes = append(t.codes, code)
	}
	// Report order: by name, the SW-only municipality last.
	slices.SortFunc(t.codes, func(a, b string) int {
		sa, sb := len(r.Periods[0].Municipalities[a].Indicators) == 1, len(r.Periods[0].Municipalities[b].Indicators) == 1
		if sa != sb {
			if sa {
				return 1
			}
			return -1
		}
		return cmpString(t.names[a], t.names[b])
	})
	for pi, p := range r.Periods {
		t.per[pi] = map[string]municipalityTargets{}
		t.printed[pi] = map[werkpad.IndicatorKey]published.Figure{}
		for k, f := range p.Region.Indicators {
			t.printed[pi][werkpad.IndicatorKey(k)] = f
		}
		for _, code := range t.codes {
			m := p.Municipalities[code]
			mt := municipalityTargets{}
			for _, k := range calibrated {
				if f, ok := m.Indicators[string(k)]; ok {
					mt[k] = int64(math.Round(f.Value))
				}
			}
			if len(m.Indicators) == 1 && mt[werkpad.IndSWEmployees] > 0 {
				t.swOnly[code] = true
			}
			t.per[pi][code] = mt
			if w := m.SWWerkenOpLocatie; w != nil {
				shares := map[werkpad.Werkvorm]float64{}
				for row, vorm := range map[string]werkpad.Werkvorm{
					"begeleid_werken": werkpad.WerkvormSupportedEmployment, "individuele_detachering": werkpad.WerkvormIndividualSecondment,
					"groepsdetachering": werkpad.WerkvormGroupSecondment, "beschut": werkpad.WerkvormShelteredInside,
				} {
					if c := w.Rows[row].Gem; c != nil {
						shares[vorm] = c.Value
					}
				}
				t.werkvorm[code] = shares
				var q [2]map[werkpad.LocationRow]float64
				for i := range q {
					q[i] = map[werkpad.LocationRow]float64{}
				}
				for row, lr := range map[string]werkpad.LocationRow{
					"begeleid_werken": werkpad.LocationRow(werkpad.WerkvormSupportedEmployment), "individuele_detachering": werkpad.LocationRow(werkpad.WerkvormIndividualSecondment),
					"groepsdetachering": werkpad.LocationRow(werkpad.WerkvormGroupSecondment), "beschut": werkpad.LocationRow(werkpad.WerkvormShelteredInside),
					"leegloop_inactief": werkpad.LocationRow(werkpad.SWStatusIdle), "niet_beschikbaar_voor_werk": werkpad.LocationRow(werkpad.SWStatusUnavailable),
				} {
					if c := w.Rows[row].Q1; c != nil {
						q[0][lr] = max(c.Value, 0)
					}
					if c := w.Rows[row].Q2; c != nil {
						q[1][lr] = max(c.Value, 0)
					}
				}
				t.locations[code] = q
			}
		}
	}
	t.fillGaps()
	t.regionalTargets()
	t.readSWChapter(r)
	return t, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// fillGaps sets every calibrated key that the report does not print.
func (t *targets) fillGaps() {
	nugKeys := []werkpad.IndicatorKey{werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime,
		werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth, werkpad.IndNUGPriority55Plus, werkpad.IndNUGPriorityStatusHolder}
	for _, code := range t.codes {
		name := t.names[code]
		if t.swOnly[code] {
			for pi := range t.per {
				for _, k := range calibrated {
					if k != werkpad.IndSWEmployees {
						t.per[pi][code][k] = 0
					}
				}
			}
			continue
		}
		m1, m2 := t.per[0][code], t.per[1][code]
		// Mook en Middelaar prints "2 NUG-kandidaten ... op parttime
		// plaatsingen" who "behoorden tot de doelgroep arbeidsbeperkten en
		// jongeren": read literally, both are in both groups.
		if _, ok := m2[werkpad.IndNUGPriorityWorkDisability]; !ok && m2[werkpad.IndNUGPlacementsPartTime] > 0 && code == "GM0944" {
			m2[werkpad.IndNUGPriorityWorkDisability] = m2[werkpad.IndNUGPlacementsPartTime] + m2[werkpad.IndNUGPlacementsFullTime]
			m2[werkpad.IndNUGPriorityYouth] = m2[werkpad.IndNUGPriorityWorkDisability]
			t.notef("%s 2024: geen aantallen NUG per doelgroep gedrukt (\"behoorden tot de doelgroep arbeidsbeperkten en jongeren\"); beide NUG-plaatsingen gegenereerd als arbeidsbeperking en jongere (elk %d)", name, m2[werkpad.IndNUGPriorityYouth])
		}
		var missing2 []string
		for _, k := range nugKeys {
			if _, ok := m2[k]; !ok {
				m2[k] = 0
				missing2 = append(missing2, k.Label())
			}
		}
		if len(missing2) > 0 {
			t.notef("%s 2024: niet gedrukt, als 0 gegenereerd (de NUG-paragraaf noemt zulke kandidaten niet): %s", name, strings.Join(missing2, "; "))
		}
		// 2023 has no NUG paragraph: 70% of 2024, rounded, within the rules.
		for _, k := range nugKeys {
			m1[k] = int64(math.Round(0.7 * float64(m2[k])))
		}
		total1 := m1[werkpad.IndNUGPlacementsPartTime] + m1[werkpad.IndNUGPlacementsFullTime]
		for _, k := range nugKeys[2:] {
			m1[k] = min(m1[k], total1)
		}
		if m1[werkpad.IndNUGPriorityYouth]+m1[werkpad.IndNUGPriority55Plus] > total1 {
			m1[werkpad.IndNUGPriority55Plus] = total1 - m1[werkpad.IndNUGPriorityYouth]
		}
		t.notef("%s 2023: NUG-plaatsingen zijn niet gedrukt; 70%% van 2024 gegenereerd: parttime %d, fulltime %d, arbeidsbeperking %d, jongeren %d, 55-plussers %d, statushouders %d",
			name, m1[nugKeys[0]], m1[nugKeys[1]], m1[nugKeys[2]], m1[nugKeys[3]], m1[nugKeys[4]], m1[nugKeys[5]])
		for pi, m := range []municipalityTargets{m1, m2} {
			if _, ok := m[werkpad.IndSWEmployees]; !ok {
				m[werkpad.IndSWEmployees] = 0
				t.notef("%s %d: geen aantal SW-medewerkers gedrukt (de SW-bijdrage is 0 SE); geen SW-medewerkers gegenereerd", name, 2023+pi)
			}
		}
	}
}

// regionalTargets sets the caseload per phase and the wage subsidies. The
// caseload shares are printed as whole percentages; the counts are the
// printed total split by largest remainder.
func (t *targets) regionalTargets() {
	for pi := range t.per {
		fig := t.printed[pi]
		total := int64(fig["caseload_total"].Value)
		shares := []float64{fig["caseload_ontwikkelen"].Value, fig["caseload_bemiddelen"].Value, fig["caseload_begeleiden"].Value}
		if s := shares[0] + shares[1] + shares[2]; s != 100 {
			t.notef("regio %d: de aandelen van de caseload per fase tellen op tot %s%% (%s/%s/%s); het gedrukte totaal %d is naar verhouding verdeeld (afronding)", 2023+pi, dutchG(s), dutchG(shares[0]), dutchG(shares[1]), dutchG(shares[2]), total)
		}
		split := largestRemainder(total, shares)
		copy(t.region[pi].caseload[:], split)
		if f, ok := fig["lks_running"]; ok {
			t.region[pi].lks = int64(f.Value)
			t.region[pi].lksHoursHundredth = int64(math.Round(fig["lks_avg_hours"].Value * 100))
			t.region[pi].lksWageValueBP = int64(math.Round(fig["lks_avg_wage_value"].Value * 100))
		} else {
			t.region[pi].lks, t.region[pi].lksHoursHundredth, t.region[pi].lksWageValueBP = 540, 2900, 5600
			t.notef("regio %d: lopende loonkostensubsidies (LKS) zijn niet gedrukt; 540 gegenereerd op de laatste dag, gemiddeld 29 uur en een loonwaarde van 56%%", 2023+pi)
		}
	}
}

// largestRemainder splits total in proportion to weights, in whole numbers
// that add up to total (ties to the earlier weight).
func largestRemainder(total int64, weights []float64) []int64 {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	if sum == 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	left := total
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int64(math.Floor(exact))
		left -= out[i]
		rems = append(rems, rem{i, exact - math.Floor(exact)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for j := 0; left > 0; j++ {
		out[rems[j%len(rems)].i]++
		left--
	}
	return out
}

// dutchG writes v like %g with a decimal comma.
func dutchG(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'g', -1, 64), ".", ",", 1)
}
