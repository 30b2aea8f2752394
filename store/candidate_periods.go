package store

import (
	"context"
	"slices"

	"werkpad"
)

// The dated lists of a candidate (benefits, indications, phases) live in
// one table each, with the candidate's municipality copied in for reports.

// loadPeriods fills the dated lists of the candidates, each ordered by
// start date.
func (tx *Tx) loadPeriods(ctx context.Context, cs ...*werkpad.Candidate) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[int64]*werkpad.Candidate, len(cs))
	ids := make([]any, len(cs))
	for i, c := range cs {
		byID[c.ID] = c
		ids[i] = c.ID
		c.Benefits, c.Indications, c.Phases = []werkpad.BenefitPeriod{}, []werkpad.Indication{}, []werkpad.PhasePeriod{}
	}
	in := placeholders(len(ids))
	load := func(table, kindCol string, add func(c *werkpad.Candidate, kind string, p werkpad.Period)) error {
		rows, err := tx.QueryContext(ctx, `SELECT candidate_id, `+kindCol+`, from_date, to_date FROM `+table+
			` WHERE candidate_id IN (`+in+`) ORDER BY candidate_id, from_date, id`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var kind string
			var p werkpad.Period
			if err := rows.Scan(&id, &kind, &p.From, &p.To); err != nil {
				return err
			}
			add(byID[id], kind, p)
		}
		return rows.Err()
	}
	if err := load("benefit_periods", "kind", func(c *werkpad.Candidate, k string, p werkpad.Period) {
		c.Benefits = append(c.Benefits, werkpad.BenefitPeriod{Kind: werkpad.BenefitKind(k), Period: p})
	}); err != nil {
		return err
	}
	if err := load("indications", "kind", func(c *werkpad.Candidate, k string, p werkpad.Period) {
		c.Indications = append(c.Indications, werkpad.Indication{Kind: werkpad.IndicationKind(k), Period: p})
	}); err != nil {
		return err
	}
	return load("phase_periods", "phase", func(c *werkpad.Candidate, k string, p werkpad.Period) {
		c.Phases = append(c.Phases, werkpad.PhasePeriod{Phase: werkpad.Phase(k), Period: p})
	})
}

// writePeriods replaces the stored dated lists of c by c's lists (already
// validated) and sorts c's lists by start date, as loadPeriods returns them.
func (tx *Tx) writePeriods(ctx context.Context, c *werkpad.Candidate) error {
	type row struct {
		kind string
		p    werkpad.Period
	}
	write := func(table, kindCol string, rows []row) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE candidate_id = ?`, c.ID); err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (candidate_id, municipality, `+kindCol+`, from_date, to_date)
				VALUES (?, ?, ?, ?, ?)`, c.ID, c.MunicipalityCode, r.kind, r.p.From, r.p.To); err != nil {
				return err
			}
		}
		return nil
	}
	sortPeriods(c)

	var rows []row
	for _, b := range c.Benefits {
		rows = append(rows, row{string(b.Kind), b.Period})
	}
	if err := write("benefit_periods", "kind", rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, ind := range c.Indications {
		rows = append(rows, row{string(ind.Kind), ind.Period})
	}
	if err := write("indications", "kind", rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, p := range c.Phases {
		rows = append(rows, row{string(p.Phase), p.Period})
	}
	return write("phase_periods", "phase", rows)
}

// sortPeriods sorts c's dated lists by start date (stable), as loadPeriods
// returns them; nil lists become empty.
func sortPeriods(c *werkpad.Candidate) {
	if c.Benefits == nil {
		c.Benefits = []werkpad.BenefitPeriod{}
	}
	if c.Indications == nil {
		c.Indications = []werkpad.Indication{}
	}
	if c.Phases == nil {
		c.Phases = []werkpad.PhasePeriod{}
	}
	byFrom := func(a, b werkpad.Period) int { return a.From.Compare(b.From) }
	slices.SortStableFunc(c.Benefits, func(a, b werkpad.BenefitPeriod) int { return byFrom(a.Period, b.Period) })
	slices.SortStableFunc(c.Indications, func(a, b werkpad.Indication) int { return byFrom(a.Period, b.Period) })
	slices.SortStableFunc(c.Phases, func(a, b werkpad.PhasePeriod) int { return byFrom(a.Period, b.Period) })
}
