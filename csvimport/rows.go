package csvimport

import (
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"

	"werkpad"
)

// The columns of each file, in the documented order (README, "Importeren").
var (
	CandidateColumns = []string{"bsn", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente", "dienst",
		"ingeschreven", "uitkering", "uitkering_van", "uitkering_tot", "fase", "fase_van"}
	PlacementColumns = []string{"bsn", "werkgever", "van", "tot", "uren_per_week", "contract", "lks", "loonwaarde",
		"herbeoordeling", "detacheringsbaan", "beschut"}
	ExitColumns = []string{"bsn", "datum", "reden", "plaatsing_van"}
)

// CandidateRow is a parsed candidate and the line it came from.
type CandidateRow struct {
	Line      int
	Candidate *werkpad.Candidate
}

// PlacementRow is a parsed placement of the candidate with BSN.
type PlacementRow struct {
	Line      int
	BSN       string
	Placement *werkpad.Placement
}

// ExitRow is a parsed exit of the candidate with BSN; PlacementFrom is the
// start date of the placement it points at (zero: none).
type ExitRow struct {
	Line          int
	BSN           string
	PlacementFrom werkpad.Date
	Exit          *werkpad.Exit
}

// Options of ReadCandidates.
type Options struct {
	// Today is the date Candidate.Validate compares with.
	Today werkpad.Date
	// Municipality, when set, fills an empty gemeente column and refuses
	// any other municipality.
	Municipality string
}

// ReadCandidates parses a candidates file. Only rows without problems are
// returned as candidates; a BSN that appears twice is a problem on its
// second line. The error is for a file that cannot be read at all.
func ReadCandidates(in io.Reader, opt Options) ([]CandidateRow, []Problem, error) {
	s, problems, err := NewCandidateStream(in, opt)
	return readAll(s, problems, err, func(r CandidateRow) bool { return r.Candidate != nil })
}

// Stream reads a file one line at a time. Next returns the next line: its
// row (nil when the line has problems) and its problems, io.EOF at the end.
type Stream[T any] struct {
	rd    *reader
	parse func(r *row) T
	// Lines is the number of data lines read so far, good and bad.
	Lines int
}

// Next reads the next data line.
func (s *Stream[T]) Next() (T, []Problem, error) {
	var zero T
	r, p, err := s.rd.next()
	if err != nil {
		return zero, nil, err
	}
	s.Lines++
	if p != nil {
		return zero, []Problem{*p}, nil
	}
	v := s.parse(r)
	if len(r.problems) > 0 {
		return zero, r.problems, nil
	}
	return v, nil, nil
}

// CandidateStream reads a candidates file one line at a time. Duplicate
// BSNs in the file are found through a set of the numbers seen, 8 bytes a
// line (a BSN fits in 32 bits), not by keeping the rows.
type CandidateStream = Stream[CandidateRow]

// NewCandidateStream reads the header of a candidates file; a nil stream
// with problems means the header is wrong.
func NewCandidateStream(in io.Reader, opt Options) (*CandidateStream, []Problem, error) {
	rd, problems, err := newReader(in, CandidateColumns)
	if rd == nil {
		return nil, problems, err
	}
	firstLine := map[uint32]int32{}
	return &CandidateStream{rd: rd, parse: func(r *row) CandidateRow {
		c := parseCandidate(r, opt, firstLine)
		if len(r.problems) > 0 {
			return CandidateRow{}
		}
		return CandidateRow{Line: r.line, Candidate: c}
	}}, nil, nil
}

func parseCandidate(r *row, opt Options, firstLine map[uint32]int32) *werkpad.Candidate {
	c := &werkpad.Candidate{GivenName: r.str("voornaam"), Infix: r.str("tussenvoegsel"), Surname: r.str("achternaam"),
		MunicipalityCode: strings.ToUpper(r.str("gemeente")), ServiceLine: werkpad.ServiceLine(strings.ToLower(r.str("dienst")))}
	if bsn, err := werkpad.ParseBSN(r.str("bsn")); err != nil {
		r.fail("candidates", "bsn", err)
	} else {
		n, _ := strconv.ParseUint(bsn, 10, 32)
		if line, dup := firstLine[uint32(n)]; dup {
			r.problem("bsn", "dit burgerservicenummer staat ook op regel %d", line)
		} else {
			c.BSN, firstLine[uint32(n)] = bsn, int32(r.line)
		}
	}
	c.BirthDate = r.date("geboortedatum", true)
	c.RegisteredOn = r.date("ingeschreven", true)
	if c.MunicipalityCode == "" {
		c.MunicipalityCode = opt.Municipality
	} else if opt.Municipality != "" && c.MunicipalityCode != opt.Municipality {
		r.problem("gemeente", "%s valt buiten --municipality %s", c.MunicipalityCode, opt.Municipality)
	}
	if kind := strings.ToLower(r.str("uitkering")); kind != "" {
		c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitKind(kind),
			Period: werkpad.Period{From: r.date("uitkering_van", true), To: r.date("uitkering_tot", false)}}}
	} else if r.str("uitkering_van") != "" || r.str("uitkering_tot") != "" {
		r.problem("uitkering", "vul de soort uitkering in (bijstand, nug of overig) of laat de data leeg")
	}
	if phase := strings.ToLower(r.str("fase")); phase != "" {
		c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.Phase(phase), Period: werkpad.Period{From: r.date("fase_van", true)}}}
	} else if r.str("fase_van") != "" {
		r.problem("fase", "vul de fase in (ontwikkelen, bemiddelen of begeleiden) of laat fase_van leeg")
	}
	if len(r.problems) == 0 {
		if err := c.Validate(opt.Today); err != nil {
			r.fail("candidates", "", err)
		}
	}
	return c
}

// ReadPlacements parses a placements file. Hours are decimal hours per week
// ("24,5"), the loonwaarde a percentage ("62,5").
func ReadPlacements(in io.Reader) ([]PlacementRow, []Problem, error) {
	s, problems, err := NewPlacementStream(in)
	return readAll(s, problems, err, func(r PlacementRow) bool { return r.Placement != nil })
}

// ReadExits parses an exits (uitstroom) file. An exit with reason werk
// names its placement by the placement's start date (plaatsing_van).
func ReadExits(in io.Reader) ([]ExitRow, []Problem, error) {
	s, problems, err := NewExitStream(in)
	return readAll(s, problems, err, func(r ExitRow) bool { return r.Exit != nil })
}

func readAll[T any](s *Stream[T], problems []Problem, err error, ok func(T) bool) ([]T, []Problem, error) {
	if s == nil {
		return nil, problems, err
	}
	var out []T
	for {
		r, ps, err := s.Next()
		if errors.Is(err, io.EOF) {
			return out, sorted(problems), nil
		} else if err != nil {
			return nil, nil, err
		}
		problems = append(problems, ps...)
		if ok(r) {
			out = append(out, r)
		}
	}
}

// NewPlacementStream reads the header of a placements file.
func NewPlacementStream(in io.Reader) (*Stream[PlacementRow], []Problem, error) {
	rd, problems, err := newReader(in, PlacementColumns)
	if rd == nil {
		return nil, problems, err
	}
	return &Stream[PlacementRow]{rd: rd, parse: parsePlacement}, nil, nil
}

// NewExitStream reads the header of an exits file.
func NewExitStream(in io.Reader) (*Stream[ExitRow], []Problem, error) {
	rd, problems, err := newReader(in, ExitColumns)
	if rd == nil {
		return nil, problems, err
	}
	return &Stream[ExitRow]{rd: rd, parse: parseExit}, nil, nil
}

func parsePlacement(r *row) PlacementRow {
	bsn, err := werkpad.ParseBSN(r.str("bsn"))
	if err != nil {
		r.fail("placements", "bsn", err)
	}
	p := &werkpad.Placement{EmployerName: r.str("werkgever"),
		Period:       werkpad.Period{From: r.date("van", true), To: r.date("tot", false)},
		ContractType: werkpad.ContractType(strings.ToLower(r.str("contract"))),
		WageSubsidy:  r.boolean("lks"), ReassessOn: r.date("herbeoordeling", false),
		SecondmentJob: r.boolean("detacheringsbaan"), Sheltered: r.boolean("beschut")}
	if h, ok := r.decimal("uren_per_week"); ok {
		p.ContractMinutesPerWeek = (h*60 + 50) / 100 // hundredths of an hour to whole minutes, rounded
	}
	if bp, ok := r.decimal("loonwaarde"); ok {
		p.WageValueBasisPoints = bp
	}
	if len(r.problems) == 0 {
		// The candidate is found by BSN later; validate the rest now.
		p.CandidateID = 1
		if err := p.Validate(); err != nil {
			r.fail("placements", "", err)
		}
		p.CandidateID = 0
	}
	if len(r.problems) > 0 {
		return PlacementRow{}
	}
	return PlacementRow{Line: r.line, BSN: bsn, Placement: p}
}

func parseExit(r *row) ExitRow {
	bsn, err := werkpad.ParseBSN(r.str("bsn"))
	if err != nil {
		r.fail("exits", "bsn", err)
	}
	e := &werkpad.Exit{Date: r.date("datum", true), Reason: werkpad.ExitReason(strings.ToLower(r.str("reden")))}
	from := r.date("plaatsing_van", false)
	if len(r.problems) == 0 {
		// Candidate and placement are found in the database later.
		e.CandidateID = 1
		if !from.IsZero() {
			placeholder := int64(1)
			e.PlacementID = &placeholder
		}
		if err := e.Validate(); err != nil {
			r.fail("exits", "", err)
		}
		e.CandidateID, e.PlacementID = 0, nil
	}
	if len(r.problems) > 0 {
		return ExitRow{}
	}
	return ExitRow{Line: r.line, BSN: bsn, PlacementFrom: from, Exit: e}
}

func sorted(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}
