package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"werkpad"
)

// The dated attributes of a candidate (municipality of residence, service
// line, consultant) live in candidate_history: one row per period, the
// last one open. candidates keeps the current value for lists and the
// scope filter; reports of a period read the history.

// insertHistory writes the first period of each attribute of a new
// candidate: the residence from the birth date (from the start, so every
// dated record of the person has a residence), service line and consultant
// from the registration.
// c.History is set as loadHistory would return it.
func (tx *Tx) insertHistory(ctx context.Context, c *werkpad.Candidate) error {
	c.History = []werkpad.AttributePeriod{}
	add := func(a werkpad.HistoryAttribute, v string, from werkpad.Date) error {
		c.History = append(c.History, werkpad.AttributePeriod{Attribute: a, Value: v, Period: werkpad.Period{From: from}})
		_, err := tx.ExecContext(ctx, `INSERT INTO candidate_history (candidate_id, attribute, value, from_date, to_date, recorded_at)
			VALUES (?, ?, ?, ?, NULL, ?)`, c.ID, string(a), v, from, tx.now)
		return err
	}
	// In the order of loadHistory: by attribute name.
	if c.ConsultantID != 0 {
		if err := add(werkpad.HistoryConsultant, consultantValue(c.ConsultantID), c.RegisteredOn); err != nil {
			return err
		}
	}
	if err := add(werkpad.HistoryServiceLine, string(c.ServiceLine), c.RegisteredOn); err != nil {
		return err
	}
	return add(werkpad.HistoryMunicipality, c.MunicipalityCode, c.BirthDate)
}

func consultantValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// loadHistory sets c.History, by attribute and start date.
func (tx *Tx) loadHistory(ctx context.Context, c *werkpad.Candidate) error {
	rows, err := tx.QueryContext(ctx, `SELECT attribute, value, from_date, to_date FROM candidate_history
		WHERE candidate_id = ? ORDER BY attribute, from_date, id`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	c.History = []werkpad.AttributePeriod{}
	for rows.Next() {
		var h werkpad.AttributePeriod
		var a string
		if err := rows.Scan(&a, &h.Value, &h.Period.From, &h.Period.To); err != nil {
			return err
		}
		h.Attribute = werkpad.HistoryAttribute(a)
		c.History = append(c.History, h)
	}
	return rows.Err()
}

// changeAttribute records a new value of attribute a for candidate id. A
// change in the world (correction false) closes the current period on the
// day before per and opens one from per: the past keeps its value. A
// correction replaces the value of the current period from its start. It
// returns the audit detail (codes and dates only, no personal data).
func (tx *Tx) changeAttribute(ctx context.Context, id int64, a werkpad.HistoryAttribute, value string, per werkpad.Date, correction bool) (string, error) {
	var curID int64
	var curValue string
	var curFrom werkpad.Date
	err := tx.QueryRowContext(ctx, `SELECT id, value, from_date FROM candidate_history
		WHERE candidate_id = ? AND attribute = ? AND to_date IS NULL`, id, string(a)).Scan(&curID, &curValue, &curFrom)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if curID != 0 && curValue == value {
		return "", nil
	}
	if correction {
		if curID == 0 {
			// Nothing current to correct (no consultant assigned): the
			// assignment is recorded from per like a change.
			correction = false
		} else {
			if value == "" {
				_, err = tx.ExecContext(ctx, `DELETE FROM candidate_history WHERE id = ?`, curID)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE candidate_history SET value = ?, recorded_at = ? WHERE id = ?`, value, tx.now, curID)
			}
			return fmt.Sprintf("%s gecorrigeerd %s→%s vanaf %s", a, orNone(curValue), orNone(value), curFrom), err
		}
	}
	if curID != 0 {
		if !per.After(curFrom) {
			return "", werkpad.FieldError("per", "De wijziging moet ingaan na %s, het begin van de huidige periode. Was de vastlegging fout? Kies dan correctie.", curFrom.Dutch())
		}
		if _, err := tx.ExecContext(ctx, `UPDATE candidate_history SET to_date = ? WHERE id = ?`, per.AddDays(-1), curID); err != nil {
			return "", err
		}
	}
	if value != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_history (candidate_id, attribute, value, from_date, to_date, recorded_at)
			VALUES (?, ?, ?, ?, NULL, ?)`, id, string(a), value, per, tx.now); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s %s→%s per %s", a, orNone(curValue), orNone(value), per), nil
}

func orNone(v string) string {
	if v == "" {
		return "-"
	}
	return v
}
