package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"werkpad"
)

// indicatorRows returns the attributed records of keys (nil: every key)
// for period and the municipalities codes (already checked against u's
// scope), ordered by key, municipality, date and record. A row whose
// person lives outside u's scope now keeps its place (the figure counts
// it) without the person's id and name.
func (tx *Tx) indicatorRows(ctx context.Context, u *werkpad.User, period werkpad.Period, codes []string, keys []werkpad.IndicatorKey) ([]werkpad.IndicatorRow, error) {
	want := func(k werkpad.IndicatorKey) bool { return k != "" && (keys == nil || slices.Contains(keys, k)) }
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	where, args, err := tx.municipalityFilter(ctx, args)
	if err != nil {
		return nil, err
	}
	var out []werkpad.IndicatorRow
	for _, f := range indicatorFamilies {
		if !familyWanted(&f, want) {
			continue
		}
		vals := make([]string, f.values)
		for i := range vals {
			vals[i] = fmt.Sprintf("x.v%d", i+1)
		}
		rows, err := tx.QueryContext(ctx, `SELECT x.municipality, x.candidate_id, x.record_id, x.on_date, x.grp, `+strings.Join(vals, ", ")+`,
				COALESCE(c.given_name, ''), COALESCE(c.infix, ''), COALESCE(c.surname, ''), COALESCE(c.municipality, '')
			FROM (`+f.sql(tx.db, period, nil)+`) x LEFT JOIN candidates c ON c.id = x.candidate_id
			WHERE `+where+` ORDER BY x.municipality, x.on_date, x.record_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		err = func() error {
			defer rows.Close()
			for rows.Next() {
				var r werkpad.IndicatorRow
				var grp, given, infix, surname, now string
				v := make([]int64, f.values)
				dest := []any{&r.Municipality, &r.CandidateID, &r.RecordID, &r.Date, &grp}
				for i := range v {
					dest = append(dest, &v[i])
				}
				if err := rows.Scan(append(dest, &given, &infix, &surname, &now)...); err != nil {
					return err
				}
				if !u.InScope(r.Municipality) {
					continue
				}
				r.Record = f.record
				if r.CandidateID != 0 && u.InScope(now) {
					r.CandidateName = (&werkpad.Candidate{GivenName: given, Infix: infix, Surname: surname}).FullName()
				} else {
					r.CandidateID = 0
				}
				for i, k := range f.keysOf(grp) {
					if i >= len(v) || v[i] == 0 {
						continue
					}
					if want(k) {
						row := r
						row.Key, row.Value, row.Rule = k, v[i], f.rule(k, grp, r.Date)
						out = append(out, row)
					}
					// The LKS averages are made of the running subsidies.
					if k == werkpad.IndLKSMinutesTotal && want(werkpad.IndLKSAvgHours) {
						row := r
						row.Key, row.Value, row.Rule = werkpad.IndLKSAvgHours, v[i], f.rule(werkpad.IndLKSMinutesTotal, grp, r.Date)+"; gemiddelde over de lopende subsidies"
						out = append(out, row)
					}
					if k == werkpad.IndLKSWageValueTotal && want(werkpad.IndLKSAvgWageValue) {
						row := r
						row.Key, row.Value, row.Rule = werkpad.IndLKSAvgWageValue, v[i], f.rule(werkpad.IndLKSWageValueTotal, grp, r.Date)+"; gemiddelde over de lopende subsidies"
						out = append(out, row)
					}
				}
			}
			return rows.Err()
		}()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	slices.SortStableFunc(out, func(a, b werkpad.IndicatorRow) int {
		return slices.Index(werkpad.IndicatorKeys, a.Key) - slices.Index(werkpad.IndicatorKeys, b.Key)
	})
	return out, nil
}

// familyWanted reports whether family f gives one of the wanted keys.
func familyWanted(f *indicatorFamily, want func(werkpad.IndicatorKey) bool) bool {
	for _, k := range werkpad.IndicatorKeys {
		if g, ok := familyOf(k); ok && g.name == f.name && want(k) {
			return true
		}
	}
	if f.name == "wage subsidies" {
		return want(werkpad.IndLKSAvgHours) || want(werkpad.IndLKSAvgWageValue)
	}
	return false
}

// DrillDown lists the records of one figure in the caller's scope and
// writes the opening to the audit log.
func (s *IndicatorService) DrillDown(ctx context.Context, period werkpad.Period, municipality string, key werkpad.IndicatorKey) (*werkpad.IndicatorDrillDown, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadIndicators...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	if !key.Valid() {
		return nil, werkpad.FieldError("indicator", "Kies een geldige indicator.")
	}
	var codes []string
	if municipality != "" {
		codes = []string{municipality}
	}
	dd := &werkpad.IndicatorDrillDown{Period: period, Key: key, Municipality: municipality, Rows: []werkpad.IndicatorRow{}}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ms, err := tx.indicatorMunicipalities(ctx, u, codes)
		if err != nil {
			return err
		}
		codes = codes[:0]
		for _, m := range ms {
			codes = append(codes, m.Code)
		}
		if len(codes) > 0 {
			if dd.Rows, err = tx.indicatorRows(ctx, u, period, codes, []werkpad.IndicatorKey{key}); err != nil {
				return err
			}
		}
		for _, r := range dd.Rows {
			if r.CandidateID == 0 && r.Record != "sw-dienstverband" {
				dd.Anonymised++
			}
		}
		dd.Figure = werkpad.FigureOf(key, dd.Rows)
		return tx.audit(ctx, "inzien-cijfer", "rapportage", period.From.String()+"/"+period.To.String(), municipality,
			fmt.Sprintf("%s: %d regels", key, len(dd.Rows)))
	})
	if err != nil {
		return nil, fmt.Errorf("store.DrillDown(%s, %s): %w", period, key, err)
	}
	logged(ctx, werkpad.SubjectCandidate, dd.Rows, func(r werkpad.IndicatorRow) int64 { return r.CandidateID })
	return dd, nil
}
