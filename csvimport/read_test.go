package csvimport_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/csvimport"
)

const candidateHeader = "bsn;voornaam;tussenvoegsel;achternaam;geboortedatum;gemeente;dienst;ingeschreven;uitkering;uitkering_van;uitkering_tot;fase;fase_van\n"

var today = werkpad.MustParseDate("2024-07-01")

func problems(ps []csvimport.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestReadCandidates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  string
		opt   csvimport.Options
		rows  int
		probs []string
	}{
		{name: "good, with BOM and CRLF", rows: 2,
			file: "\ufeff" + strings.ReplaceAll(candidateHeader, "\n", "\r\n") +
				"123456782;Jan;de;Vries;17-05-1990;GM0268;arbeidsbemiddeling;15-01-2024;bijstand;01-06-2023;;ontwikkelen;15-01-2024\r\n" +
				"111222333;Piet;;Jansen;1985-02-03;gm1945;ownw;2024-02-01;;;;;\r\n"},
		{name: "quoted field with a semicolon", rows: 1,
			file: candidateHeader + "123456782;\"Jan; Hendrik\";;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n"},
		{name: "header in another order", rows: 1,
			file: "voornaam;bsn;tussenvoegsel;achternaam;geboortedatum;gemeente;dienst;ingeschreven;uitkering;uitkering_van;uitkering_tot;fase;fase_van\n" +
				"Jan;123456782;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n"},
		{name: "wrong column count",
			file:  candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;\n",
			probs: []string{"regel 2: 12 kolommen, verwacht 13 (zoals de kopregel)"}},
		{name: "bad dates",
			file: candidateHeader + "123456782;Jan;;Vries;31-02-1980;GM0268;sw;2024/01/15;;;;;\n",
			probs: []string{
				`regel 2, kolom geboortedatum: "31-02-1980" is geen geldige datum. Gebruik dd-mm-jjjj, bijvoorbeeld 30-06-2024.`,
				`regel 2, kolom ingeschreven: "2024/01/15" is geen geldige datum. Gebruik dd-mm-jjjj, bijvoorbeeld 30-06-2024.`}},
		{name: "bad BSN", rows: 1,
			file: candidateHeader + "123456789;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n" +
				"10000008;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n", // 8 digits: a leading zero dropped, valid
			probs: []string{"regel 2, kolom bsn: Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers."}},
		{name: "duplicate BSN in the file", rows: 1,
			file: candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n" +
				"123 456 782;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n",
			probs: []string{"regel 3, kolom bsn: dit burgerservicenummer staat ook op regel 2"}},
		{name: "Latin-1 file: named with its line, never a database error", rows: 1,
			file: candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n" +
				"111222333;Ren\xe9;;M\xfcller;1985-02-03;GM1945;ownw;2024-02-01;;;;;\n",
			probs: []string{
				"regel 3, kolom voornaam: De tekst is geen geldige UTF-8. Sla het bestand op als UTF-8 (niet Latin-1/Windows-1252).",
				"regel 3, kolom achternaam: De tekst is geen geldige UTF-8. Sla het bestand op als UTF-8 (niet Latin-1/Windows-1252)."}},
		{name: "control character and NUL",
			file: candidateHeader + "123456782;Jan\x1b[31m;;Vr\x00ies;17-05-1990;GM0268;sw;15-01-2024;;;;;\n",
			probs: []string{
				"regel 2, kolom voornaam: De tekst bevat een stuurteken (U+001B); dat is niet toegestaan.",
				"regel 2, kolom achternaam: De tekst bevat een stuurteken (U+0000); dat is niet toegestaan."}},
		{name: "date out of range",
			file:  candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM0268;sw;01-01-0001;;;;;\n",
			probs: []string{"regel 2, kolom ingeschreven: De datum 01-01-0001 ligt niet tussen 01-01-1900 en 31-12-2100."}},
		{name: "domain rule: implausible age at registration",
			file:  candidateHeader + "123456782;Jan;;Vries;17-05-2020;GM0268;sw;15-01-2024;;;;slapen;15-01-2024\n",
			probs: []string{"regel 2, kolom geboortedatum: Controleer de geboortedatum: bij inschrijving zou de kandidaat 3 jaar zijn, verwacht is 15 tot en met 70 jaar."}},
		{name: "unknown phase",
			file:  candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;slapen;15-01-2024\n",
			probs: []string{"regel 2, kolom fase: Kies een geldige fase."}},
		{name: "municipality outside --municipality", opt: csvimport.Options{Municipality: "GM0268"}, rows: 1,
			file: candidateHeader + "123456782;Jan;;Vries;17-05-1990;GM1945;sw;15-01-2024;;;;;\n" +
				"111222333;Jan;;Vries;17-05-1990;;sw;15-01-2024;;;;;\n",
			probs: []string{"regel 2, kolom gemeente: GM1945 valt buiten --municipality GM0268"}},
		{name: "missing and unknown columns",
			file: "bsn;naam\n",
			probs: []string{"regel 1, kolom naam: onbekende kolom; bekend zijn: " + strings.Join(csvimport.CandidateColumns, ";"),
				"regel 1, kolom voornaam: kolom ontbreekt in de kopregel"}},
		{name: "empty file", file: "", probs: []string{"regel 1: het bestand is leeg; verwacht een kopregel: " + strings.Join(csvimport.CandidateColumns, ";")}},
		{name: "bare quote",
			file:  candidateHeader + "123456782;Ja\"n;;Vries;17-05-1990;GM0268;sw;15-01-2024;;;;;\n",
			probs: []string{`regel 2: onleesbare regel: bare " in non-quoted-field`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Today = today
			rows, ps, err := csvimport.ReadCandidates(strings.NewReader(tc.file), opt)
			if err != nil {
				t.Fatal(err)
			}
			got := problems(ps)
			if tc.name == "missing and unknown columns" {
				got = got[:2] // the other missing columns are reported alike
			}
			want := tc.probs
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if len(rows) != tc.rows {
				t.Errorf("%d rows, want %d", len(rows), tc.rows)
			}
		})
	}
}

func TestReadCandidatesValues(t *testing.T) {
	file := "\ufeff" + candidateHeader + "123456782;\"Jan; Hendrik\";de;Vries;17-05-1990;gm0268;Arbeidsbemiddeling;15-01-2024;bijstand;01-06-2023;31-12-2023;ontwikkelen;2024-01-15\n"
	rows, ps, err := csvimport.ReadCandidates(strings.NewReader(file), csvimport.Options{Today: today})
	if err != nil || len(ps) != 0 || len(rows) != 1 {
		t.Fatalf("%v %v %d", err, ps, len(rows))
	}
	want := &werkpad.Candidate{BSN: "123456782", GivenName: "Jan; Hendrik", Infix: "de", Surname: "Vries",
		BirthDate: werkpad.MustParseDate("1990-05-17"), MunicipalityCode: "GM0268", ServiceLine: werkpad.ServiceJobMediation,
		RegisteredOn: werkpad.MustParseDate("2024-01-15"),
		Benefits:     []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: werkpad.Period{From: werkpad.MustParseDate("2023-06-01"), To: werkpad.MustParseDate("2023-12-31")}}},
		Phases:       []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-15")}}}}
	if diff := cmp.Diff(want, rows[0].Candidate); diff != "" || rows[0].Line != 2 {
		t.Errorf("line %d, candidate (-want +got):\n%s", rows[0].Line, diff)
	}
}

const placementHeader = "bsn;werkgever;van;tot;uren_per_week;contract;lks;loonwaarde;herbeoordeling;detacheringsbaan;beschut\n"

func TestReadPlacements(t *testing.T) {
	file := placementHeader +
		"123456782;\"Bakkerij; Bolletje\";01-06-2024;;24,5;bepaald;ja;62,5%;01-06-2025;nee;\n" +
		"123456782;X;01-06-2024;;24.5;bepaald;nee;;;;\n" +
		"123456782;X;01-06-2024;01-05-2024;36;onbepaald;nee;;;;\n" +
		"123456782;X;01-06-2024;;36;onbepaald;nee;50;;;\n" +
		"123456782;X;01-06-2024;;36;onbepaald;misschien;;;;\n" +
		"123456782;X;01-06-2024;;41;onbepaald;nee;;;;\n"
	rows, ps, err := csvimport.ReadPlacements(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`regel 3, kolom uren_per_week: "24.5": gebruik een komma als decimaalteken, bijvoorbeeld 24,5`,
		"regel 4, kolom tot: De einddatum (01-05-2024) ligt voor de begindatum (01-06-2024).",
		"regel 5, kolom loonwaarde: Een loonwaarde hoort alleen bij een plaatsing met loonkostensubsidie.",
		`regel 6, kolom lks: "misschien": vul ja of nee in`,
		"regel 7, kolom uren_per_week: 41 uur per week is meer dan een volledige werkweek van 40 uur. Controleer de contracturen.",
	}
	if diff := cmp.Diff(want, problems(ps)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	p := rows[0].Placement
	if rows[0].BSN != "123456782" || p.EmployerName != "Bakkerij; Bolletje" || p.ContractMinutesPerWeek != 1470 ||
		p.WageValueBasisPoints != 6250 || !p.WageSubsidy || p.CandidateID != 0 {
		t.Errorf("placement: %+v", p)
	}
}

func TestReadExits(t *testing.T) {
	file := "bsn;datum;reden;plaatsing_van\n" +
		"123456782;30-06-2024;werk;01-06-2024\n" +
		"123456782;30-06-2024;werk;\n" +
		"123456782;30-06-2024;vakantie;\n" +
		"111222333;2024-06-30;studie;\n"
	rows, ps, err := csvimport.ReadExits(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"regel 3, kolom plaatsing_van: Bij uitstroom naar werk hoort een plaatsing. Leg eerst de plaatsing vast.",
		"regel 4, kolom reden: Kies de reden van uitstroom.",
	}
	if diff := cmp.Diff(want, problems(ps)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if len(rows) != 2 || rows[0].PlacementFrom != werkpad.MustParseDate("2024-06-01") || rows[0].Exit.PlacementID != nil || rows[1].Line != 5 {
		t.Errorf("rows: %+v", rows)
	}
}
