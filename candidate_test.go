package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func p(from, to string) werkpad.Period {
	var per werkpad.Period
	per.From = d(from)
	if to != "" {
		per.To = d(to)
	}
	return per
}

func validCandidate() *werkpad.Candidate {
	return &werkpad.Candidate{
		BSN:              "111222333",
		GivenName:        "Fatima",
		Infix:            "van der",
		Surname:          "Berg",
		BirthDate:        d("12-03-1990"),
		MunicipalityCode: "GM0268",
		ServiceLine:      werkpad.ServiceJobMediation,
		RegisteredOn:     d("01-02-2024"),
		Benefits: []werkpad.BenefitPeriod{
			{Kind: werkpad.BenefitBijstand, Period: p("01-01-2023", "31-05-2024")},
			{Kind: werkpad.BenefitNone, Period: p("01-06-2024", "")},
		},
		Indications: []werkpad.Indication{
			{Kind: werkpad.IndicationStatusHolder, Period: p("01-01-2022", "")},
			{Kind: werkpad.IndicationJobAgreement, Period: p("01-01-2023", "")},
		},
		Phases: []werkpad.PhasePeriod{
			{Phase: werkpad.PhaseDevelop, Period: p("01-02-2024", "31-03-2024")},
			{Phase: werkpad.PhaseMediate, Period: p("01-04-2024", "")},
		},
	}
}

func TestCandidateValidate(t *testing.T) {
	today := d("30-06-2024")
	tests := []struct {
		name      string
		change    func(c *werkpad.Candidate)
		wantField string
	}{
		{"valid", func(c *werkpad.Candidate) {}, ""},
		{"8-digit bsn", func(c *werkpad.Candidate) { c.BSN = "12345672" }, ""},
		{"bad bsn", func(c *werkpad.Candidate) { c.BSN = "123456789" }, "bsn"},
		{"no given name", func(c *werkpad.Candidate) { c.GivenName = " " }, "voornaam"},
		{"no surname", func(c *werkpad.Candidate) { c.Surname = "" }, "achternaam"},
		{"bad municipality", func(c *werkpad.Candidate) { c.MunicipalityCode = "0268" }, "gemeente"},
		{"unknown service line", func(c *werkpad.Candidate) { c.ServiceLine = "dagbesteding" }, "dienstverlening"},
		{"no registration date", func(c *werkpad.Candidate) { c.RegisteredOn = werkpad.Date{} }, "ingeschrevenOp"},
		{"registration in future", func(c *werkpad.Candidate) { c.RegisteredOn = d("01-07-2024") }, "ingeschrevenOp"},
		{"deregistered before registered", func(c *werkpad.Candidate) { c.DeregisteredOn = d("31-01-2024") }, "uitgeschrevenOp"},
		{"no birth date", func(c *werkpad.Candidate) { c.BirthDate = werkpad.Date{} }, "geboortedatum"},
		{"birth in future", func(c *werkpad.Candidate) { c.BirthDate = d("01-01-2025") }, "geboortedatum"},
		{"too young at registration", func(c *werkpad.Candidate) { c.BirthDate = d("02-02-2009") }, "geboortedatum"},
		{"just 15 at registration", func(c *werkpad.Candidate) { c.BirthDate = d("01-02-2009") }, ""},
		{"70 at registration", func(c *werkpad.Candidate) { c.BirthDate = d("02-02-1953") }, ""},
		{"71 at registration", func(c *werkpad.Candidate) { c.BirthDate = d("01-02-1953") }, "geboortedatum"},
		{"unknown benefit kind", func(c *werkpad.Candidate) { c.Benefits[1].Kind = "ww" }, "uitkeringen[1].soort"},
		{"benefit period reversed", func(c *werkpad.Candidate) { c.Benefits[0].Period = p("01-01-2024", "01-12-2023") }, "uitkeringen[0].tot"},
		{"benefit without start", func(c *werkpad.Candidate) { c.Benefits[1].Period = werkpad.Period{} }, "uitkeringen[1].van"},
		{"benefits overlap by one day", func(c *werkpad.Candidate) { c.Benefits[1].Period = p("31-05-2024", "") }, "uitkeringen[1].van"},
		{"benefits overlap out of order", func(c *werkpad.Candidate) {
			c.Benefits = append(c.Benefits, werkpad.BenefitPeriod{Kind: werkpad.BenefitOther, Period: p("01-01-2020", "01-01-2023")})
		}, "uitkeringen[2].van"},
		{"phases overlap", func(c *werkpad.Candidate) { c.Phases[0].Period.To = d("01-04-2024") }, "fasen[1].van"},
		{"unknown phase", func(c *werkpad.Candidate) { c.Phases[0].Phase = "plaatsen" }, "fasen[0].fase"},
		{"indications of different kinds may overlap", func(c *werkpad.Candidate) {}, ""},
		{"same indication twice at once", func(c *werkpad.Candidate) {
			c.Indications = append(c.Indications, werkpad.Indication{Kind: werkpad.IndicationStatusHolder, Period: p("01-01-2024", "")})
		}, "indicaties[2].van"},
		{"indication period reversed", func(c *werkpad.Candidate) { c.Indications[0].Period.To = d("01-01-2021") }, "indicaties[0].tot"},
	}
	for _, tt := range tests {
		c := validCandidate()
		tt.change(c)
		err := c.Validate(today)
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s\nerror: %v", tt.name, diff, err)
		}
		if err != nil && werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("%s: code = %q, want invalid", tt.name, werkpad.ErrorCode(err))
		}
	}
}

func TestCandidateOverlapMessage(t *testing.T) {
	c := validCandidate()
	c.Benefits[1].Period = p("31-05-2024", "")
	want := "Deze periode (vanaf 31-05-2024) overlapt met uitkeringen[0] (01-01-2023 t/m 31-05-2024)."
	if diff := cmp.Diff(want, werkpad.ErrorMessage(c.Validate(d("30-06-2024")))); diff != "" {
		t.Errorf("message mismatch (-want +got):\n%s", diff)
	}
}

func TestCandidateOnDate(t *testing.T) {
	c := validCandidate()
	c.DeregisteredOn = d("31-12-2024")
	type state struct {
		Benefit   werkpad.BenefitKind
		HasBen    bool
		Phase     werkpad.Phase
		HasPhase  bool
		InService bool
	}
	tests := []struct {
		ref  string
		want state
	}{
		{"31-01-2024", state{werkpad.BenefitBijstand, true, "", false, false}},
		{"01-02-2024", state{werkpad.BenefitBijstand, true, werkpad.PhaseDevelop, true, true}},
		{"31-05-2024", state{werkpad.BenefitBijstand, true, werkpad.PhaseMediate, true, true}},
		{"01-06-2024", state{werkpad.BenefitNone, true, werkpad.PhaseMediate, true, true}},
		{"31-12-2024", state{werkpad.BenefitNone, true, werkpad.PhaseMediate, true, true}},
		{"01-01-2025", state{werkpad.BenefitNone, true, werkpad.PhaseMediate, true, false}},
		{"01-01-2022", state{"", false, "", false, false}},
	}
	for _, tt := range tests {
		var got state
		got.Benefit, got.HasBen = c.BenefitOn(d(tt.ref))
		got.Phase, got.HasPhase = c.PhaseOn(d(tt.ref))
		got.InService = c.InServiceOn(d(tt.ref))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("on %s mismatch (-want +got):\n%s", tt.ref, diff)
		}
	}
}

func TestCandidateLabels(t *testing.T) {
	got := []string{
		werkpad.ServiceOWNW.Label(), werkpad.BenefitNone.Label(), werkpad.PhaseSupport.Label(),
		werkpad.IndicationSheltered.Label(), werkpad.ServiceLine("onbekend").Label(),
		validCandidate().FullName(),
	}
	want := []string{"Op Weg Naar Werk", "Geen uitkering (NUG)", "Begeleiden", "Beschut werk", "onbekend", "Fatima van der Berg"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels mismatch (-want +got):\n%s", diff)
	}
}

func TestFocusGroups(t *testing.T) {
	bijstand := func(periods ...werkpad.Period) []werkpad.BenefitPeriod {
		var bs []werkpad.BenefitPeriod
		for _, per := range periods {
			bs = append(bs, werkpad.BenefitPeriod{Kind: werkpad.BenefitBijstand, Period: per})
		}
		return bs
	}
	tests := []struct {
		name string
		c    werkpad.Candidate
		ref  string
		want []werkpad.FocusGroup
	}{
		{"26 is youth", werkpad.Candidate{BirthDate: d("01-07-1997")}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusYouth}},
		{"27 is not", werkpad.Candidate{BirthDate: d("30-06-1997")}, "30-06-2024", nil},
		{"54 is not 55+", werkpad.Candidate{BirthDate: d("01-07-1969")}, "30-06-2024", nil},
		{"55 is 55+", werkpad.Candidate{BirthDate: d("30-06-1969")}, "30-06-2024", []werkpad.FocusGroup{werkpad.Focus55Plus}},
		{"no birth date no age group", werkpad.Candidate{}, "30-06-2024", nil},
		{"statushouder active", werkpad.Candidate{BirthDate: d("01-01-1980"), Indications: []werkpad.Indication{
			{Kind: werkpad.IndicationStatusHolder, Period: p("01-01-2024", "")},
		}}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusStatusHolder}},
		{"statushouder ended", werkpad.Candidate{BirthDate: d("01-01-1980"), Indications: []werkpad.Indication{
			{Kind: werkpad.IndicationStatusHolder, Period: p("01-01-2020", "31-12-2023")},
		}}, "30-06-2024", nil},
		{"beschut is arbeidsbeperking", werkpad.Candidate{BirthDate: d("01-01-1980"), Indications: []werkpad.Indication{
			{Kind: werkpad.IndicationSheltered, Period: p("01-01-2024", "")},
		}}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusWorkDisability}},
		{"banenafspraak not yet started", werkpad.Candidate{BirthDate: d("01-01-1980"), Indications: []werkpad.Indication{
			{Kind: werkpad.IndicationJobAgreement, Period: p("01-07-2024", "")},
		}}, "30-06-2024", nil},
		{"bijstand started 12 months before counts", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("01-07-2023", ""))}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusNewInflowBijstand}},
		{"bijstand started a year and a day before does not", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("30-06-2023", ""))}, "30-06-2024", nil},
		{"bijstand starting after ref does not", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("01-07-2024", ""))}, "30-06-2024", nil},
		{"recent bijstand already ended still counts", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("01-01-2024", "31-03-2024"))}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusNewInflowBijstand}},
		{"continued bijstand spell is not new", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("01-01-2024", ""), p("01-01-2020", "31-12-2023"))}, "30-06-2024", nil},
		{"bijstand after a gap is new", werkpad.Candidate{BirthDate: d("01-01-1980"),
			Benefits: bijstand(p("01-01-2020", "30-11-2023"), p("01-01-2024", ""))}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusNewInflowBijstand}},
		{"other benefit is not bijstand", werkpad.Candidate{BirthDate: d("01-01-1980"), Benefits: []werkpad.BenefitPeriod{
			{Kind: werkpad.BenefitOther, Period: p("01-01-2024", "")},
		}}, "30-06-2024", nil},
		{"several groups in article order", werkpad.Candidate{BirthDate: d("01-01-2000"),
			Indications: []werkpad.Indication{
				{Kind: werkpad.IndicationJobAgreement, Period: p("01-01-2024", "")},
				{Kind: werkpad.IndicationStatusHolder, Period: p("01-01-2024", "")},
			},
			Benefits: bijstand(p("01-03-2024", "")),
		}, "30-06-2024", []werkpad.FocusGroup{werkpad.FocusYouth, werkpad.FocusStatusHolder, werkpad.FocusWorkDisability, werkpad.FocusNewInflowBijstand}},
	}
	for _, tt := range tests {
		got := werkpad.FocusGroups(&tt.c, d(tt.ref))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", tt.name, diff)
		}
		for _, g := range tt.want {
			if !werkpad.InFocusGroup(&tt.c, g, d(tt.ref)) {
				t.Errorf("%s: InFocusGroup(%s) = false", tt.name, g)
			}
		}
	}
}
