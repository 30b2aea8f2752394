package store

import (
	"context"
	"fmt"
	"slices"

	"werkpad"
)

// ChapterFigureService opens the figures of the SW, LKS and complaints
// chapters to their records (werkpad.ChapterFigureService).
type ChapterFigureService struct{ db *DB }

// NewChapterFigureService returns the service.
func NewChapterFigureService(db *DB) *ChapterFigureService { return &ChapterFigureService{db: db} }

var _ werkpad.ChapterFigureService = (*ChapterFigureService)(nil)

// ChapterDrillDown reads the records of one chapter figure in the caller's
// scope with the chapter's own reading (the same rows the chapter is
// computed from), lists each record's part and writes the opening to the
// audit log. A municipality outside the scope is not found.
func (s *ChapterFigureService) ChapterDrillDown(ctx context.Context, period werkpad.Period, table, row, column string) (*werkpad.ChapterDrillDown, error) {
	roles := map[string][]werkpad.Role{
		werkpad.ChapterTableSWStaff: werkpad.RolesReadSW, werkpad.ChapterTableSWLocation: werkpad.RolesReadSW, werkpad.ChapterTableSWSick: werkpad.RolesReadSW,
		werkpad.ChapterTableLKS: werkpad.RolesReadPlacements, werkpad.ChapterTableComplaints: werkpad.RolesReadComplaints,
	}[table]
	if roles == nil {
		return nil, werkpad.FieldError("tabel", "Kies een tabel met een uitsplitsing: sw_personeel, sw_werkvorm, sw_verzuim, lks of klachten.")
	}
	u, err := werkpad.RequireRole(ctx, roles...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	code, location, err := werkpad.SplitChapterRow(table, row)
	if err != nil {
		return nil, err
	}
	dd := &werkpad.ChapterDrillDown{Period: period, Table: table, Row: row, Column: column, Municipality: code, Rows: []werkpad.ChapterFigureRow{}}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		codes, _, err := tx.scopeMunicipalities(ctx, u)
		if err != nil {
			return err
		}
		var only []string
		if code != "" {
			if !slices.Contains(codes, code) {
				return municipalityNotFound()
			}
			only = []string{code}
		}
		switch table {
		case werkpad.ChapterTableLKS:
			ps, err := tx.lksPlacements(ctx, u, period, nil, false)
			if err != nil {
				return err
			}
			ps = slices.DeleteFunc(ps, func(p werkpad.LKSPlacement) bool { return code != "" && p.MunicipalityCode != code })
			err = werkpad.LKSFigureRows(dd, ps)
			if err != nil {
				return err
			}
		case werkpad.ChapterTableComplaints:
			ks, err := tx.complaintsBy(ctx, u, period.To, only)
			if err != nil {
				return err
			}
			if err := werkpad.ComplaintFigureRows(dd, ks); err != nil {
				return err
			}
		default:
			// The window SWChapterIn reads: the year before the end through
			// the end.
			window := period
			if yb := period.To.AddYears(-1); yb.Before(window.From) {
				window.From = yb
			}
			recs, err := tx.swRecordsIn(ctx, u, window, only, false)
			if err != nil {
				return err
			}
			if err := werkpad.SWFigureRows(dd, location, recs); err != nil {
				return err
			}
		}
		if err := tx.nameChapterRows(ctx, u, dd.Rows); err != nil {
			return err
		}
		return tx.audit(ctx, "inzien-cijfer", "rapportage", period.From.String()+"/"+period.To.String(), code,
			fmt.Sprintf("%s.%s.%s: %d regels", table, row, column, len(dd.Rows)))
	})
	if err != nil {
		return nil, fmt.Errorf("store.ChapterDrillDown(%s, %s.%s.%s): %w", period, table, row, column, err)
	}
	logged(ctx, werkpad.SubjectCandidate, dd.Rows, func(r werkpad.ChapterFigureRow) int64 { return r.CandidateID })
	if dd.Table != werkpad.ChapterTableLKS && dd.Table != werkpad.ChapterTableComplaints {
		logged(ctx, werkpad.SubjectSWEmployee, dd.Rows, func(r werkpad.ChapterFigureRow) int64 { return r.RecordID })
	}
	return dd, nil
}

// nameChapterRows names the candidates of rows who live in u's scope now;
// a row of someone who lives elsewhere now keeps its place without his id.
func (tx *Tx) nameChapterRows(ctx context.Context, u *werkpad.User, rows []werkpad.ChapterFigureRow) error {
	var ids []int64
	for _, r := range rows {
		if r.CandidateID != 0 {
			ids = append(ids, r.CandidateID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	names := map[int64]string{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rs, err := tx.QueryContext(ctx, `SELECT id, given_name, COALESCE(infix, ''), surname, municipality FROM candidates WHERE id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return err
		}
		for rs.Next() {
			var id int64
			var c werkpad.Candidate
			var now string
			if err := rs.Scan(&id, &c.GivenName, &c.Infix, &c.Surname, &now); err != nil {
				rs.Close()
				return err
			}
			if u.InScope(now) {
				names[id] = c.FullName()
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	for i := range rows {
		if n, ok := names[rows[i].CandidateID]; ok {
			rows[i].CandidateName = n
		} else {
			rows[i].CandidateID = 0
		}
	}
	return nil
}
