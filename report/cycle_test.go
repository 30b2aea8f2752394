package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"werkpad"
	"werkpad/report"
)

// A report over a whole calendar year is the annual report; its title says
// so. Any other period is a tussenrapportage.
func TestTitleSaysWhatTheReportIs(t *testing.T) {
	for _, tt := range []struct {
		from, to, want string
	}{
		{"2024-01-01", "2024-12-31", "Jaarverslag WerkBedrijf 2024"},
		{"2024-01-01", "2024-06-30", "Tussenrapportage WerkBedrijf, 01-01-2024 t/m 30-06-2024"},
		{"2024-07-01", "2025-06-30", "Tussenrapportage WerkBedrijf, 01-07-2024 t/m 30-06-2025"},
	} {
		p := werkpad.Period{From: werkpad.MustParseDate(tt.from), To: werkpad.MustParseDate(tt.to)}
		r := report.Build(&werkpad.IndicatorSet{Period: p}, nil, nil)
		if got := r.Title(); got != tt.want {
			t.Errorf("%s: title %q, want %q", p, got, tt.want)
		}
	}
}

// The complaints chapter: per municipality and, only with the regional
// part, the region; the same figures in JSON and on the page.
func TestComplaintsChapter(t *testing.T) {
	h1 := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}
	figs := []werkpad.ComplaintFigures{
		{Code: "GM0268", Name: "Nijmegen", Received: 7, Decided: 6, DecidedInTime: 5, OpenAtEnd: 1,
			ByOutcome: map[werkpad.ComplaintOutcome]int{werkpad.ComplaintFounded: 2, werkpad.ComplaintUnfounded: 4}},
		{Code: "GM1945", Name: "Berg en Dal", Received: 1, ByOutcome: map[werkpad.ComplaintOutcome]int{}, OpenAtEnd: 1},
		{Name: "Regio", Received: 8, Decided: 6, DecidedInTime: 5, OpenAtEnd: 2,
			ByOutcome: map[werkpad.ComplaintOutcome]int{werkpad.ComplaintFounded: 2, werkpad.ComplaintUnfounded: 4}},
	}
	for _, region := range []bool{true, false} {
		req := fullRequest(t)
		req.Region, req.Complaints, req.ComplaintsPeriod = region, figs, h1
		var out struct {
			Cycle map[string]struct {
				Title  string `json:"title"`
				Tables []struct {
					Rows []struct {
						Code   string         `json:"code"`
						Values map[string]any `json:"values"`
					} `json:"rows"`
				} `json:"tables"`
			} `json:"cycle"`
		}
		body := render(t, werkpad.ReportJSON, req)
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		ch, ok := out.Cycle["klachten"]
		if !ok || len(ch.Tables) != 1 {
			t.Fatalf("region %v: no complaints chapter: %s", region, body)
		}
		rows := ch.Tables[0].Rows
		if want := map[bool]int{true: 3, false: 2}[region]; len(rows) != want {
			t.Fatalf("region %v: %d rows, want %d", region, len(rows), want)
		}
		if v := rows[0].Values; rows[0].Code != "GM0268" || v["ontvangen"] != 7.0 || v["binnen_termijn"] != 5.0 || v["gegrond"] != 2.0 || v["open"] != 1.0 {
			t.Errorf("Nijmegen's row: %+v", rows[0])
		}
		page := string(render(t, werkpad.ReportFragment, req))
		for _, want := range []string{"Klachten 01-01-2024 t/m 30-06-2024", "Waarvan binnen de termijn", "Deels gegrond", "Nijmegen"} {
			if !strings.Contains(page, want) {
				t.Errorf("region %v: page lacks %q", region, want)
			}
		}
	}
}

// TestLocalChoicesChapter: the art. 14.2 progress per municipality: agreed,
// realised per half year as recorded (empty when not recorded, so no false
// zero), the total, and candidates from casework only for an item with an
// instrument; in JSON and on the page.
func TestLocalChoicesChapter(t *testing.T) {
	req := fullRequest(t)
	req.LocalChoicesYear = 2024
	req.LocalChoices = []*werkpad.Realisation{{Version: "2024-2025", Municipality: "GM0268", Name: "Nijmegen", Year: 2024, Lines: []werkpad.RealisationLine{
		{Item: "coaching", Name: "Participatiecoaching", Unit: "fte", Instrument: "coaching", Agreed: 1500,
			Halves: [2]werkpad.RealisedHalf{{Recorded: true, Quantity: 750, Candidates: 12}, {Candidates: 9}}},
		{Item: "events", Name: "Events", Unit: "event", Agreed: 2000},
		{Item: "zorgjongeren", Name: "Zorgjongeren", Unit: "zorgjongere", Instrument: "zorgjongeren", Regional: true,
			Halves: [2]werkpad.RealisedHalf{{Candidates: 4}, {Candidates: 6}}},
	}}}
	var out struct {
		Cycle map[string]struct {
			Title  string `json:"title"`
			Tables []struct {
				Rows []struct {
					Key    string         `json:"key"`
					Values map[string]any `json:"values"`
				} `json:"rows"`
			} `json:"tables"`
		} `json:"cycle"`
	}
	body := render(t, werkpad.ReportJSON, req)
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	ch, ok := out.Cycle["lokale_keuzes"]
	if !ok || ch.Title != "Lokale keuzes 2024" || len(ch.Tables) != 1 || len(ch.Tables[0].Rows) != 3 {
		t.Fatalf("local choices chapter: %s", body)
	}
	coaching, events := ch.Tables[0].Rows[0].Values, ch.Tables[0].Rows[1].Values
	if coaching["afgesproken"] != 1.5 || coaching["gerealiseerd_h1"] != 0.75 || coaching["gerealiseerd_h2"] != nil ||
		coaching["gerealiseerd"] != 0.75 || coaching["kandidaten_h1"] != 12.0 || coaching["kandidaten_h2"] != 9.0 {
		t.Errorf("coaching: %v", coaching)
	}
	if events["afgesproken"] != 2.0 || events["gerealiseerd"] != nil || events["kandidaten_h1"] != nil {
		t.Errorf("events (nothing recorded, no instrument): %v", events)
	}
	if zj := ch.Tables[0].Rows[2].Values; zj["afgesproken"] != nil || zj["kandidaten_h1"] != 4.0 || zj["kandidaten_h2"] != 6.0 {
		t.Errorf("zorgjongeren, regional (nothing agreed per municipality): %v", zj)
	}
	page := string(render(t, werkpad.ReportFragment, req))
	for _, want := range []string{"Nijmegen: lokale keuzes 2024", "Participatiecoaching (fte)", "Kandidaten in traject jan–jun", "art. 14.2", "Zorgjongeren (zorgjongere), regionaal"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, f := range []werkpad.ReportFormat{werkpad.ReportXLSX, werkpad.ReportCSV, werkpad.ReportPDF} {
		if len(render(t, f, req)) == 0 {
			t.Errorf("%s: empty", f)
		}
	}
}

// TestSatisfactionChapter: per municipality and service line the
// invitations, answers, response rate and mean scores; a public report
// hides the small counts and the rates and scores made from them.
func TestSatisfactionChapter(t *testing.T) {
	h1 := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}
	q := []werkpad.SurveyQuestion{{Code: "begeleiding", Text: "Begeleiding?", Kind: werkpad.SurveyScale, Min: 1, Max: 5, LabelMin: "slecht", LabelMax: "goed"},
		{Code: "cijfer", Text: "Cijfer?", Kind: werkpad.SurveyScale, Min: 1, Max: 10, LabelMin: "slecht", LabelMax: "goed"}}
	ch := &werkpad.SatisfactionChapter{Period: h1, Questions: q,
		Municipalities: []werkpad.SatisfactionFigures{
			{Code: "GM0268", Name: "Nijmegen", Invited: 40, Answered: 12, Scores: map[string]werkpad.ScoreSum{"begeleiding": {Sum: 49, N: 12}, "cijfer": {Sum: 91, N: 12}}},
			{Code: "GM1945", Name: "Berg en Dal", Invited: 6, Answered: 2, Scores: map[string]werkpad.ScoreSum{"begeleiding": {Sum: 9, N: 2}, "cijfer": {Sum: 15, N: 2}}},
			{Name: "Regio", Invited: 46, Answered: 14, Scores: map[string]werkpad.ScoreSum{"begeleiding": {Sum: 58, N: 14}, "cijfer": {Sum: 106, N: 14}}},
		},
		ServiceLines: []werkpad.SatisfactionFigures{{Code: "arbeidsbemiddeling", Name: "Arbeidsbemiddeling", Invited: 46, Answered: 14,
			Scores: map[string]werkpad.ScoreSum{"cijfer": {Sum: 106, N: 14}}}},
	}
	type table struct {
		Key  string `json:"key"`
		Rows []struct {
			Code   string         `json:"code"`
			Values map[string]any `json:"values"`
		} `json:"rows"`
	}
	for _, public := range []bool{false, true} {
		req := fullRequest(t)
		req.Region, req.Satisfaction, req.Public, req.SuppressBelow = true, ch, public, 5
		var out struct {
			Cycle map[string]struct {
				Title  string  `json:"title"`
				Tables []table `json:"tables"`
			} `json:"cycle"`
		}
		body := render(t, werkpad.ReportJSON, req)
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		c, ok := out.Cycle["tevredenheid"]
		if !ok || c.Title != "Kandidaattevredenheid 01-01-2024 t/m 30-06-2024" || len(c.Tables) != 2 || len(c.Tables[0].Rows) != 3 {
			t.Fatalf("public %v: satisfaction chapter: %s", public, body)
		}
		nijm, berg := c.Tables[0].Rows[0].Values, c.Tables[0].Rows[1].Values
		if nijm["uitgenodigd"] != 40.0 || nijm["ingevuld"] != 12.0 || nijm["respons"] != 30.0 || nijm["score_begeleiding"] != 4.08 || nijm["score_cijfer"] != 7.58 {
			t.Errorf("public %v: Nijmegen: %v", public, nijm)
		}
		wantBerg := map[string]any{"uitgenodigd": 6.0, "ingevuld": 2.0, "respons": 33.33, "score_cijfer": 7.5}
		if public {
			wantBerg = map[string]any{"uitgenodigd": 6.0, "ingevuld": "<5", "respons": "x", "score_cijfer": "x"}
		}
		for k, v := range wantBerg {
			if berg[k] != v {
				t.Errorf("public %v: Berg en Dal %s = %v, want %v", public, k, berg[k], v)
			}
		}
		page := string(render(t, werkpad.ReportFragment, req))
		for _, want := range []string{"Kandidaattevredenheid per gemeente", "Gemiddeld Cijfer (1–10)", "Respons (%)", "Arbeidsbemiddeling", "7,6"} {
			if !strings.Contains(page, want) {
				t.Errorf("public %v: page lacks %q", public, want)
			}
		}
	}
}
