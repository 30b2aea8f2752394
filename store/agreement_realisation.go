package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"werkpad"
)

// RecordRealisation sets what was delivered of card item item in half year
// half of a municipality-year (art. 14.2). Only a controller records it.
// Recording realisation closes that half year for amendments.
func (s *AgreementService) RecordRealisation(ctx context.Context, version, municipality string, year int, item string, half int,
	quantity werkpad.Milli, note string) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController)
	if err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	err = s.db.inTx(ctx, func(tx *Tx) error {
		a, err := tx.findAgreement(ctx, version)
		if err != nil {
			return err
		}
		if !a.CoversYear(year) {
			return werkpad.FieldError("jaar", "Het jaar %d valt buiten de looptijd van DVO %s (%s t/m %s).", year, version, a.From, a.To)
		}
		yearID, err := tx.agreementYearID(ctx, version, municipality, year)
		if err != nil {
			return err
		}
		if half != 1 && half != 2 {
			return werkpad.FieldError("halfjaar", "Kies halfjaar 1 (januari t/m juni) of 2 (juli t/m december).")
		}
		if period, _ := a.Period(); !period.Overlaps(werkpad.HalfYear(year, half)) {
			return werkpad.FieldError("halfjaar", "Het %s valt buiten de looptijd %s.", werkpad.HalfLabel(year, half), period)
		}
		if _, ok := a.CardItem(item); !ok {
			return werkpad.FieldError("regel", "Onbekend keuzekaart-item %q.", item)
		}
		if quantity < 0 {
			return werkpad.FieldError("aantal", "Het gerealiseerde aantal %s mag niet negatief zijn.", quantity)
		}
		var old int64
		err = tx.QueryRowContext(ctx, `SELECT quantity_milli FROM agreement_realisations WHERE agreement_year_id = ? AND item = ? AND half = ?`,
			yearID, item, half).Scan(&old)
		detail := fmt.Sprintf("DVO %s %d %s halfjaar %d: %s", version, year, item, half, quantity)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO agreement_realisations (agreement_year_id, item, half, quantity_milli, note, recorded_by, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, yearID, item, half, int64(quantity), note, u.Email, tx.now)
		case err == nil:
			detail = fmt.Sprintf("DVO %s %d %s halfjaar %d: %s → %s", version, year, item, half, werkpad.Milli(old), quantity)
			_, err = tx.ExecContext(ctx, `UPDATE agreement_realisations SET quantity_milli = ?, note = ?, recorded_by = ?, recorded_at = ?
				WHERE agreement_year_id = ? AND item = ? AND half = ?`, int64(quantity), note, u.Email, tx.now, yearID, item, half)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, "realisatie vastleggen", "realisatie", fmt.Sprintf("%s/%s/%d/%s/%d", version, municipality, year, item, half),
			municipality, detail)
	})
	if err != nil {
		return fmt.Errorf("store.RecordRealisation(%s, %s, %d, %s, %d): %w", version, municipality, year, item, half, err)
	}
	return nil
}

// FindRealisation compares, per card item, the quantity agreed for the
// year (the lines in force on the last day of the year, or of the
// agreement if that ends earlier) with the quantity realised per half year.
func (s *AgreementService) FindRealisation(ctx context.Context, version, municipality string, year int) (*werkpad.Realisation, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !u.InScope(municipality) {
		return nil, werkpadNotFound(fmt.Sprintf("Afspraken van %s voor %d in DVO %s", municipality, year, version))
	}
	var r *werkpad.Realisation
	err = s.db.readTx(ctx, func(tx *Tx) error {
		yearID, err := tx.agreementYearID(ctx, version, municipality, year)
		if err != nil {
			return err
		}
		base, err := tx.findAgreement(ctx, version)
		if err != nil {
			return err
		}
		on := werkpad.NewDate(year, 12, 31)
		if period, _ := base.Period(); period.To.Before(on) {
			on = period.To
		}
		a, err := tx.agreementOn(ctx, version, on)
		if err != nil {
			return err
		}
		my, _ := a.MunicipalityYear(municipality, year)
		r = &werkpad.Realisation{Version: version, Municipality: municipality, Name: my.Name, Year: year}
		index := map[string]int{}
		line := func(item string) *werkpad.RealisationLine {
			i, ok := index[item]
			if !ok {
				c, _ := a.CardItem(item)
				i = len(r.Lines)
				index[item] = i
				r.Lines = append(r.Lines, werkpad.RealisationLine{Item: item, Name: c.Name, Unit: c.Unit, Instrument: c.Instrument})
			}
			return &r.Lines[i]
		}
		for _, l := range my.Lines {
			line(l.Item).Agreed += l.Quantity
		}
		err = tx.eachRow(ctx, func(scan func(...any) error) error {
			var item, note string
			var half int
			var q int64
			if err := scan(&item, &half, &q, &note); err != nil {
				return err
			}
			line(item).Halves[half-1] = werkpad.RealisedHalf{Recorded: true, Quantity: werkpad.Milli(q), Note: note}
			return nil
		}, `SELECT item, half, quantity_milli, note FROM agreement_realisations WHERE agreement_year_id = ? ORDER BY item, half`, yearID)
		if err != nil {
			return err
		}
		for _, ri := range werkpad.RegionalItems {
			if year < ri.From {
				continue
			}
			l := line(ri.Item.Code)
			if l.Agreed == 0 {
				l.Regional = true
				l.Name, l.Unit, l.Instrument = ri.Item.Name, ri.Item.Unit, ri.Item.Instrument
			}
		}
		return tx.deriveRealisation(ctx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindRealisation(%s, %s, %d): %w", version, municipality, year, err)
	}
	return r, nil
}

// deriveRealisation counts, for each line whose card item names an
// instrument, the distinct candidates of the municipality with an enrolment
// in that instrument active on any day of each half year.
func (tx *Tx) deriveRealisation(ctx context.Context, r *werkpad.Realisation) error {
	for i := range r.Lines {
		l := &r.Lines[i]
		if l.Instrument == "" {
			continue
		}
		for h := range 2 {
			from := werkpad.NewDate(r.Year, time.Month(1+6*h), 1)
			to := werkpad.NewDate(r.Year, time.Month(6+6*h), 30+h) // 30 June, 31 December
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT candidate_id) FROM enrolments
				WHERE municipality = ? AND instrument_code = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)`,
				r.Municipality, l.Instrument, to, from).Scan(&l.Halves[h].Candidates); err != nil {
				return err
			}
		}
	}
	return nil
}
