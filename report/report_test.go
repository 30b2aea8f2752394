package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"werkpad"
	"werkpad/report"
	"werkpad/report/published"
)

// setFromPublished builds an indicator set from the published municipality
// figures of a period (the calibrated demo region computes exactly these),
// with a few LKS figures so that averages are exercised.
func setFromPublished(t *testing.T, from string) *werkpad.IndicatorSet {
	t.Helper()
	p, err := published.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, per := range p.Periods {
		if per.From != from {
			continue
		}
		set := &werkpad.IndicatorSet{Period: werkpad.Period{From: werkpad.MustParseDate(per.From), To: werkpad.MustParseDate(per.To)}}
		codes := make([]string, 0, len(per.Municipalities))
		for c := range per.Municipalities {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for i, c := range codes {
			m := werkpad.MunicipalityIndicators{Code: c, Name: per.Municipalities[c].Name, Values: map[werkpad.IndicatorKey]int64{}}
			for _, k := range werkpad.IndicatorKeys {
				m.Values[k] = 0
			}
			for name, f := range per.Municipalities[c].Indicators {
				if k := werkpad.IndicatorKey(name); k.Valid() && f.Unit == "count" {
					m.Values[k] = int64(f.Value)
				}
			}
			n := int64(10 + i)
			m.Values[werkpad.IndLKSRunning] = n
			m.Values[werkpad.IndLKSMinutesTotal] = n * (29*60 + int64(i))
			m.Values[werkpad.IndLKSWageValueTotal] = n*5700 + int64(i)
			m.Values[werkpad.IndLKSAvgHours], m.Values[werkpad.IndLKSAvgWageValue] = werkpad.LKSAverages(n, m.Values[werkpad.IndLKSMinutesTotal], m.Values[werkpad.IndLKSWageValueTotal])
			set.Municipalities = append(set.Municipalities, m)
		}
		return set
	}
	t.Fatalf("no published period from %s", from)
	return nil
}

func render(t *testing.T, format werkpad.ReportFormat, req werkpad.ReportRequest) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (report.Renderer{}).RenderReport(&buf, format, req); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func fullRequest(t *testing.T) werkpad.ReportRequest {
	return werkpad.ReportRequest{Current: setFromPublished(t, "2024-01-01"), Previous: setFromPublished(t, "2023-01-01"), Region: true}
}

// figures maps "code/field/key" to a number, from one of the three formats.
type figures map[string]float64

func fromJSON(t *testing.T, b []byte) figures {
	var doc struct {
		Municipalities []struct {
			Code                             string
			Indicators, Previous, Difference map[string]float64
		}
		Region struct{ Sum, Previous_sum, Published, Difference map[string]float64 }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := figures{}
	for _, m := range doc.Municipalities {
		for k, v := range m.Indicators {
			out[m.Code+"/value/"+k] = v
		}
		for k, v := range m.Previous {
			out[m.Code+"/previous/"+k] = v
		}
		for k, v := range m.Difference {
			out[m.Code+"/difference/"+k] = v
		}
	}
	for k, v := range doc.Region.Sum {
		out["REGIO/value/"+k] = v
	}
	for k, v := range doc.Region.Previous_sum {
		out["REGIO/previous/"+k] = v
	}
	for k, v := range doc.Region.Published {
		out["REGIO/published/"+k] = v
	}
	for k, v := range doc.Region.Difference {
		out["REGIO/published_difference/"+k] = v
	}
	return out
}

func dutchNumber(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || strings.Contains(s, ".") {
		t.Fatalf("%q is not a number with a decimal comma and no thousands separator", s)
	}
	return v
}

func fromCSV(t *testing.T, b []byte) (figures, map[string]string) {
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("CSV has no byte order mark")
	}
	rd := csv.NewReader(bytes.NewReader(b[3:]))
	rd.Comma = ';'
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out, names := figures{}, map[string]string{}
	fields := []string{"value", "previous", "difference", "published", "published_difference"}
	for _, rec := range recs[1:] {
		if rec[11] != report.ChapterIndicators {
			continue // the chapters: see chaptersFromCSV
		}
		code, key := rec[0], rec[2]
		names[code] = rec[1]
		for i, f := range fields {
			if s := rec[6+i]; s != "" {
				if code == report.RegionCode && f == "difference" {
					f = "region_difference" // sum − previous sum: not in the JSON
				}
				out[code+"/"+f+"/"+key] = dutchNumber(t, s)
			}
		}
	}
	delete(out, "")
	for k := range out {
		if strings.Contains(k, "/region_difference/") {
			delete(out, k)
		}
	}
	return out, names
}

func fromXLSX(t *testing.T, b []byte, names map[string]string) figures {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := figures{}
	num := func(sheet, cell string) (float64, bool) {
		typ, _ := f.GetCellType(sheet, cell)
		s, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if s == "" {
			return 0, false
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Fatalf("%s!%s = %q is not a number (type %v)", sheet, cell, s, typ)
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s!%s = %q: %v", sheet, cell, s, err)
		}
		return v, true
	}
	read := func(sheet, code string, cols map[string]string) {
		for row := report.XLSXFirstRow; ; row++ {
			key, _ := f.GetCellValue(sheet, fmt.Sprintf("B%d", row))
			if key == "" {
				return
			}
			for col, field := range cols {
				if v, ok := num(sheet, fmt.Sprintf("%s%d", col, row)); ok {
					out[code+"/"+field+"/"+key] = v
				}
			}
		}
	}
	read(report.RegionSheet, report.RegionCode, map[string]string{"C": "value", "D": "previous", "E": "published", "F": "published_difference"})
	for code, name := range names {
		if code != report.RegionCode {
			read(name, code, map[string]string{"C": "value", "D": "previous", "E": "difference"})
		}
	}
	return out
}

// TestFormatsAgree: the JSON, CSV and XLSX of one report hold the same
// numbers, every one of them (the chapters: TestChaptersAgree).
func TestFormatsAgree(t *testing.T) {
	req := chapterRequest(t)
	j := fromJSON(t, render(t, werkpad.ReportJSON, req))
	c, names := fromCSV(t, render(t, werkpad.ReportCSV, req))
	x := fromXLSX(t, render(t, werkpad.ReportXLSX, req), names)
	want := 8*25*3 + 25*2 // municipalities × keys × (value, previous, difference) + region sum and previous sum
	if len(j) < want {
		t.Errorf("JSON has %d numbers, want at least %d", len(j), want)
	}
	for name, other := range map[string]figures{"CSV": c, "XLSX": x} {
		for k, v := range j {
			if got, ok := other[k]; !ok || got != v {
				t.Errorf("%s %s = %v (present %v), JSON has %v", name, k, got, ok, v)
			}
		}
		for k := range other {
			if _, ok := j[k]; !ok {
				t.Errorf("%s has %s, JSON does not", name, k)
			}
		}
	}
	// The region is the sum, the published figure stands beside it.
	for k, want := range map[string]float64{
		"REGIO/value/sw_employees": 1182, "REGIO/published/sw_employees": 1180, "REGIO/published_difference/sw_employees": -2,
		"REGIO/value/work_disability_working": 815, "REGIO/published/work_disability_working": 813, "REGIO/published_difference/work_disability_working": -2,
		"GM1945/value/placements_upto28": 36, "GM1945/previous/placements_upto28": 21, "GM1945/difference/placements_upto28": 15,
	} {
		if j[k] != want {
			t.Errorf("%s = %v, want %v", k, j[k], want)
		}
	}
}

func TestJSONShape(t *testing.T) {
	b := render(t, werkpad.ReportJSON, fullRequest(t))
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if p := doc["period"].(map[string]any); p["from"] != "2024-01-01" || p["to"] != "2024-06-30" {
		t.Errorf("period = %v", p)
	}
	ms := doc["municipalities"].([]any)
	first := ms[0].(map[string]any)
	if first["code"] == nil || first["name"] == nil || first["indicators"] == nil {
		t.Errorf("municipality = %v", first)
	}
	reg := doc["region"].(map[string]any)
	for _, k := range []string{"sum", "published", "difference"} {
		if _, ok := reg[k].(map[string]any); !ok {
			t.Errorf("region.%s missing: %v", k, reg)
		}
	}
	// Without the regional part there is no "region" at all.
	req := fullRequest(t)
	req.Region = false
	if b := render(t, werkpad.ReportJSON, req); bytes.Contains(b, []byte(`"region"`)) || bytes.Contains(b, []byte("1182")) {
		t.Errorf("region present without Region:\n%.300s", b)
	}
}

// TestPublic: small counts are "<5" in every format, and the differences
// built on them are gone.
func TestPublic(t *testing.T) {
	req := fullRequest(t)
	req.Public = true
	var doc struct {
		Municipalities []struct {
			Code                             string
			Indicators, Previous, Difference map[string]any
		}
	}
	if err := json.Unmarshal(render(t, werkpad.ReportJSON, req), &doc); err != nil {
		t.Fatal(err)
	}
	var mook = doc.Municipalities[slices.IndexFunc(doc.Municipalities, func(m struct {
		Code                             string
		Indicators, Previous, Difference map[string]any
	}) bool {
		return m.Code == "GM0944"
	})]
	// Mook en Middelaar 2024: work_with_benefit 1, placements 4 and 3.
	for _, k := range []string{"work_with_benefit", "placements_upto28", "placements_over28"} {
		if mook.Indicators[k] != "<5" {
			t.Errorf("Mook %s = %v, want <5", k, mook.Indicators[k])
		}
		if _, ok := mook.Difference[k]; ok {
			t.Errorf("Mook difference %s shown for a hidden count", k)
		}
	}
	if _, ok := mook.Indicators[string(werkpad.IndLKSMinutesTotal)]; ok {
		t.Error("public export carries the LKS totals")
	}
	for _, m := range doc.Municipalities {
		for k, v := range m.Indicators {
			if f, ok := v.(float64); ok && f > 0 && f < 5 && werkpad.IndicatorKey(k).Unit() == werkpad.UnitCount {
				t.Errorf("%s %s = %v shown in a public export", m.Code, k, f)
			}
		}
	}
	c := string(render(t, werkpad.ReportCSV, req))
	if !strings.Contains(c, "GM0944;Mook en Middelaar;placements_upto28;") || !strings.Contains(c, ";<5;") {
		t.Errorf("CSV does not suppress:\n%.500s", c)
	}
}

func TestHTMLAndSVG(t *testing.T) {
	h := string(render(t, werkpad.ReportHTML, fullRequest(t)))
	for _, want := range []string{`<html lang="nl">`, `role="img"`, "<title id=\"grafiek-gemeenten-titel\">", "<desc id=", "Cijfers bij de grafiek",
		"Berg en Dal (GM1945)", "1.182", "1.180", "@media print"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	f := string(render(t, werkpad.ReportFragment, fullRequest(t)))
	if strings.Contains(f, "<html") || !strings.Contains(f, "<svg") {
		t.Errorf("fragment is not a fragment with a chart")
	}
	// A table of contents whose every link has its target, and group
	// headings in the regional table as in a municipality's.
	toc := f[strings.Index(f, `<nav class="rapport-inhoud"`):strings.Index(f, `</nav>`)]
	links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(toc, -1)
	if len(links) < 5 || !strings.Contains(toc, "Berg en Dal") {
		t.Errorf("contents: %d links\n%s", len(links), toc)
	}
	for _, l := range links {
		if !strings.Contains(f, `id="`+l[1]+`"`) {
			t.Errorf("contents link #%s has no target", l[1])
		}
	}
	region := f[strings.Index(f, `<h2 id="regio">`):]
	region = region[:strings.Index(region, "</table>")]
	if strings.Count(region, `class="rapport-groep"`) < 3 {
		t.Errorf("the regional table has %d group headings", strings.Count(region, `class="rapport-groep"`))
	}
}

func TestPDF(t *testing.T) {
	b := render(t, werkpad.ReportPDF, fullRequest(t))
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is needed under CI")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"Berg en Dal (GM1945)", "Mook en Middelaar", "1.182", "1.180", "Tussenrapportage WerkBedrijf", "Regio"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// TestReconciliationPerYearAndScope: a report of every municipality sets
// its sum beside the regional figures of both years (2023 too, the
// previous-year column of the seed report); a report of one municipality
// beside that municipality's own figures of both years, never the regional
// ones; a selection of several municipalities beside none. Expected values
// are the printed figures: regional work_disability_working 813 (r. 238-240)
// and 724 (r. 241), sw_employees 1.180 / 1.288 (r. 1125-1126); Nijmegen's
// page 513 / 450 (table "Gerealiseerd 30-6-2023 | 30-6-2024").
func TestReconciliationPerYearAndScope(t *testing.T) {
	pub, err := report.Published()
	if err != nil {
		t.Fatal(err)
	}
	only := func(set *werkpad.IndicatorSet, codes ...string) *werkpad.IndicatorSet {
		c := *set
		c.Municipalities = slices.DeleteFunc(slices.Clone(set.Municipalities), func(m werkpad.MunicipalityIndicators) bool { return !slices.Contains(codes, m.Code) })
		return &c
	}
	cur, prev := setFromPublished(t, "2024-01-01"), setFromPublished(t, "2023-01-01")
	k := werkpad.IndWorkDisabilityWorking

	r := report.Build(cur, prev, pub)
	if g := r.Region; g.Scope != report.ScopeRegion || g.Published[k].Value != 813 || g.PublishedPrevious[k].Value != 724 ||
		g.PublishedPrevious[werkpad.IndSWEmployees].Printed != "1.288" {
		t.Errorf("region: scope %q, published %v, a year earlier %v", g.Scope, g.Published[k], g.PublishedPrevious[k])
	}
	if d, ok := r.Region.PublishedPreviousDifference(k); !ok || d != 724-727 {
		t.Errorf("2023 difference = %v, %v; want -3", d, ok)
	}
	// A 2023 report: the 2023 regional figures are its published column.
	if r23 := report.Build(prev, nil, pub); r23.Region.Published[k].Value != 724 || len(r23.Region.PublishedPrevious) != 0 {
		t.Errorf("2023 report: published %v", r23.Region.Published[k])
	}

	r = report.Build(only(cur, "GM0268"), only(prev, "GM0268"), pub)
	if g := r.Region; g.Scope != "Nijmegen" || g.Published[k].Value != 513 || g.PublishedPrevious[k].Value != 450 {
		t.Errorf("Nijmegen: scope %q, published %v, a year earlier %v", g.Scope, g.Published[k], g.PublishedPrevious[k])
	}
	for _, f := range []werkpad.ReportFormat{werkpad.ReportJSON, werkpad.ReportCSV, werkpad.ReportHTML} {
		req := werkpad.ReportRequest{Current: only(cur, "GM0268"), Previous: only(prev, "GM0268"), Region: true}
		b := string(render(t, f, req))
		for _, regional := range []string{"813", "724", "1180", "1.180"} {
			if strings.Contains(b, regional) {
				t.Errorf("%s of Nijmegen shows the regional %s", f, regional)
			}
		}
	}

	r = report.Build(only(cur, "GM0268", "GM1945"), only(prev, "GM0268", "GM1945"), pub)
	if g := r.Region; g.Scope != "" || len(g.Published) != 0 || len(g.PublishedPrevious) != 0 {
		t.Errorf("selection: scope %q, %d published", g.Scope, len(g.Published))
	}
}

// TestTaggedPDF: with Chromium the PDF is tagged (structure tree), A4, has
// the report's title and the document language nl; printed by every
// installed Chromium werkpad would choose (Chromiums), and under CI by the
// headless shell, which scripts/test installs and werkpad prefers.
func TestTaggedPDF(t *testing.T) {
	printers := report.Chromiums()
	pdfinfo, err := exec.LookPath("pdfinfo")
	if len(printers) == 0 || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium and pdfinfo are needed under CI")
		}
		t.Skip("no Chromium or pdfinfo")
	}
	if os.Getenv("CI") == "true" && !strings.Contains(printers[0], "headless-shell") {
		t.Fatalf("under CI the headless shell prints (scripts/test installs chromium-headless-shell); found %v", printers)
	}
	for _, chromium := range printers {
		t.Run(filepath.Base(chromium), func(t *testing.T) {
			t.Setenv("WERKPAD_CHROMIUM", chromium)
			b := render(t, werkpad.ReportPDF, fullRequest(t))
			path := filepath.Join(t.TempDir(), "r.pdf")
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, path).Output()
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			info := string(out)
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`(?m)^Tagged:\s+yes$`),
				regexp.MustCompile(`(?m)^Title:\s+Tussenrapportage WerkBedrijf`),
				regexp.MustCompile(`(?m)^Page size:.* pts \(A4\)$`),
			} {
				if !want.MatchString(info) {
					t.Errorf("pdfinfo lacks %s:\n%s", want, info)
				}
			}
			if !regexp.MustCompile(`/Lang\s*\(nl\)`).Match(b) {
				t.Errorf("the PDF names no document language /Lang (nl)")
			}
		})
	}
}
