package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"werkpad"
)

// LKSService implements werkpad.LKSService over the placements with wage
// subsidy, scoped by the caller's municipalities. Amounts come from the
// domain (werkpad.LKSAmountForPeriod, WageSubsidyPerMonth).
type LKSService struct{ db *DB }

func NewLKSService(db *DB) *LKSService { return &LKSService{db: db} }

var _ werkpad.LKSService = (*LKSService)(nil)

// lksPlacements reads the wage-subsidy placements that overlap period,
// each with NUG at intake: the candidate's benefit period holding the
// placement's start day (when the subsidy started) is of kind nug. Each
// placement is attributed to (and scoped by) the
// candidate's residence on its last day in the period, so that a later
// move leaves the chapter of a past period as it was. With only (codes),
// those attributed to one of them, read from the records of the people who
// lived there in the period (livedIn), so a selection costs its own records.
//
// With figures, the placements are read for the chapter's figures only:
// without employer, contract type, reassessment day, secondment and
// timestamps, which no figure uses (at scale 100 a report reads 57.000
// placements a period).
func (tx *Tx) lksPlacements(ctx context.Context, u *werkpad.User, period werkpad.Period, only []string, figures bool) ([]werkpad.LKSPlacement, error) {
	ps, err := tx.lksPlacementPointers(ctx, u, period, only, figures)
	return values(ps), err
}

// lksPlacementPointers is lksPlacements without copying the placements:
// each is read in place (blocks), in id order by sorting the pointers.
func (tx *Tx) lksPlacementPointers(ctx context.Context, u *werkpad.User, period werkpad.Period, only []string, figures bool) ([]*werkpad.LKSPlacement, error) {
	d := tx.db
	cols, scan := placementColumns, func(s interface{ Scan(...any) error }, p *werkpad.Placement) error {
		q, err := scanPlacement(s)
		if err == nil {
			*p = *q
		}
		return err
	}
	if figures {
		cols, scan = lksFigureColumns, scanLKSFigurePlacement
	}
	on := d.lastActiveDay("p.end_date", period)
	var read blocks[werkpad.LKSPlacement]
	// Those with wage subsidy now (by their index), then the few without it
	// now that had it on a day of their dated terms.
	for _, q := range []struct{ cond, index string }{
		{"p.wage_subsidy", d.regionIndex("placements_lks", only)},
		{"NOT p.wage_subsidy AND p.id IN (SELECT t.placement_id FROM placement_terms t WHERE t.wage_subsidy)", ""},
	} {
		w := scoped(u, "r.value")
		w.only("r.value", only)
		w.add(q.cond)
		w.activeIn("p.start_date", "p.end_date", period)
		rows, err := tx.QueryContext(ctx, `SELECT `+cols+`,
				EXISTS (SELECT 1 FROM benefit_periods b WHERE b.candidate_id = p.candidate_id AND b.kind = ?
					AND b.from_date <= `+subsidyStart+` AND (b.to_date IS NULL OR b.to_date >= `+subsidyStart+`)), r.value
			FROM placements p `+q.index+` `+d.residenceByLookup("p.candidate_id", on)+`
			WHERE `+w.String()+d.livedIn("p.candidate_id", period, only),
			append([]any{string(werkpad.BenefitNone)}, w.args...)...)
		if err != nil {
			return nil, err
		}
		var residence string
		for rows.Next() {
			lp := read.next()
			if err := scan(scanAppend{rows, []any{&lp.NUG, &residence}}, &lp.Placement); err != nil {
				rows.Close()
				return nil, err
			}
			lp.MunicipalityCode = residence
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	// In id order, sorted here: the database would sort the rows of both
	// queries apart (PostgreSQL on disk: 59.400 placements at scale 100).
	out := read.pointers()
	slices.SortFunc(out, func(a, b *werkpad.LKSPlacement) int { return cmp.Compare(a.ID, b.ID) })
	// The dated terms (few placements have them).
	tw := &where{}
	tw.add("(p.wage_subsidy OR p.id IN (SELECT x.placement_id FROM placement_terms x WHERE x.wage_subsidy))")
	tw.activeIn("p.start_date", "p.end_date", period)
	terms, err := tx.placementTerms(ctx, tw.String(), tw.args)
	if err != nil {
		return nil, err
	}
	for _, p := range out {
		p.Terms = terms[p.ID]
	}
	return out, nil
}

// lksFigureColumns are the columns of a placement that the LKS chapter's
// figures use (scanLKSFigurePlacement).
const lksFigureColumns = `p.id, p.candidate_id, p.start_date, p.end_date, p.contract_minutes_per_week, p.wage_subsidy, p.wage_value_bp`

func scanLKSFigurePlacement(s interface{ Scan(...any) error }, p *werkpad.Placement) error {
	return s.Scan(&p.ID, &p.CandidateID, &p.Period.From, &p.Period.To, &p.ContractMinutesPerWeek, &p.WageSubsidy, &p.WageValueBasisPoints)
}

// scanAppend scans the columns of a scan function followed by extra ones.
type scanAppend struct {
	s     interface{ Scan(...any) error }
	extra []any
}

func (a scanAppend) Scan(dest ...any) error { return a.s.Scan(append(dest, a.extra...)...) }

// LKSRunningOn returns the wage subsidies running on day d in scope.
func (s *LKSService) LKSRunningOn(ctx context.Context, d werkpad.Date) ([]werkpad.LKSRunning, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadPlacements...)
	if err != nil {
		return nil, err
	}
	if d.IsZero() {
		return nil, werkpad.FieldError("datum", "Vul de datum in.")
	}
	var out []werkpad.LKSRunning
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		ps, err := tx.lksPlacements(ctx, u, werkpad.Period{From: d, To: d}, nil, false)
		if err != nil {
			return err
		}
		out, err = werkpad.LKSRunningOn(ps, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.LKSRunningOn(%s): %w", d, err)
	}
	logged(ctx, werkpad.SubjectCandidate, out, func(r werkpad.LKSRunning) int64 { return r.CandidateID })
	return out, nil
}

// LKSReassessmentsDue lists the re-assessments dated in [from, to] of
// wage-subsidy placements still running on their due date, by due date.
func (s *LKSService) LKSReassessmentsDue(ctx context.Context, from, to werkpad.Date) ([]werkpad.LKSReassessment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadPlacements...)
	if err != nil {
		return nil, err
	}
	if err := (werkpad.Period{From: from, To: to}).Validate(); err != nil {
		return nil, err
	}
	if to.IsZero() {
		return nil, werkpad.FieldError("tot", "Vul de einddatum in.")
	}
	var out []werkpad.LKSReassessment
	err = s.db.readTx(ctx, func(tx *Tx) error {
		w := scoped(u, "p.municipality")
		w.add("p.wage_subsidy AND p.reassess_on >= ? AND p.reassess_on <= ? AND (p.end_date IS NULL OR p.end_date >= p.reassess_on)", from, to)
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.candidate_id, p.municipality, p.employer_name, p.reassess_on,
				c.given_name, COALESCE(c.infix, ''), c.surname
			FROM placements p JOIN candidates c ON c.id = p.candidate_id WHERE `+w.String()+` ORDER BY p.reassess_on, p.id`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r werkpad.LKSReassessment
			var c werkpad.Candidate
			if err := rows.Scan(&r.PlacementID, &r.CandidateID, &r.MunicipalityCode, &r.EmployerName, &r.DueOn, &c.GivenName, &c.Infix, &c.Surname); err != nil {
				return err
			}
			r.CandidateName = c.FullName()
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.LKSReassessmentsDue(%s, %s): %w", from, to, err)
	}
	logged(ctx, werkpad.SubjectCandidate, out, func(r werkpad.LKSReassessment) int64 { return r.CandidateID })
	return out, nil
}

// LKSChapter returns the chapter's LKS figures for period in scope.
func (s *LKSService) LKSChapter(ctx context.Context, period werkpad.Period) (*werkpad.LKSChapter, error) {
	return s.LKSChapterIn(ctx, period, nil)
}

// LKSChapterIn is LKSChapter for only the municipalities codes of the
// caller's scope (none: the whole scope), read from their own records (a
// report of one small municipality costs in proportion to its data); the
// regional figures are then about codes only, and the report drops them.
func (s *LKSService) LKSChapterIn(ctx context.Context, period werkpad.Period, only []string) (*werkpad.LKSChapter, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadPlacements...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	var ch *werkpad.LKSChapter
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		codes, names, err := tx.scopeMunicipalities(ctx, u)
		if err != nil {
			return err
		}
		if len(only) > 0 {
			codes = slices.DeleteFunc(codes, func(c string) bool { return !slices.Contains(only, c) })
		}
		// A user who sees a small part of the region (Mook en Middelaar)
		// reads the placements of his own people, as a chosen selection
		// does, instead of the region's placements kept to his scope.
		sel := only
		if len(sel) == 0 && !u.AllMunicipalities() {
			small, err := tx.smallSelection(ctx, codes)
			if err != nil {
				return err
			}
			if small {
				sel = codes
			}
		}
		ps, err := tx.lksPlacementPointers(ctx, u, period, sel, true)
		if err != nil {
			return err
		}
		ch, err = werkpad.BuildLKSChapterOf(period, codes, names, ps)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.LKSChapter(%s): %w", period, err)
	}
	return ch, nil
}
