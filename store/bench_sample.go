package store

import (
	"context"
	"fmt"

	"werkpad"
)

// CandidateSample is a real search term set taken from the data, for
// benchmarks: the plain BSN, surname and birth date of one candidate.
type CandidateSample struct {
	BSN       string
	Surname   string
	BirthDate werkpad.Date
}

// SampleCandidates returns up to n candidates spread over the table, with
// their BSN decrypted. It is for `werkpad bench` only and writes no audit
// row: it runs at the operator's console on a benchmark database.
func SampleCandidates(ctx context.Context, db *DB, sealer *Sealer, n int) ([]CandidateSample, error) {
	var total int64
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM candidates`).Scan(&total); err != nil {
		return nil, err
	}
	step := max(total/int64(max(n, 1)), 1)
	rows, err := db.db.QueryContext(ctx, db.rebind(`SELECT bsn_encrypted, surname, birth_date FROM candidates
		WHERE id % ? = 0 AND bsn_encrypted <> '' ORDER BY id LIMIT ?`), step, n)
	if err != nil {
		return nil, fmt.Errorf("store.SampleCandidates: %w", err)
	}
	defer rows.Close()
	var out []CandidateSample
	for rows.Next() {
		var sealed string
		var s CandidateSample
		if err := rows.Scan(&sealed, &s.Surname, &s.BirthDate); err != nil {
			return nil, err
		}
		if s.BSN, err = sealer.Open(sealed); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PlainPass is the lower bound a report is measured against (issue 18):
// one plain SQL pass over the records the placement, enrolment and exit
// figures of period count, each joined to the residence on its day and
// counted per municipality, without the report's rules (income situation,
// hours, priority groups, one enrolment per candidate and kind). It
// returns the number of records read. For `werkpad bench` only.
func PlainPass(ctx context.Context, db *DB, period werkpad.Period) (int64, error) {
	from, to := db.dateLit(period.From), db.dateLit(period.To)
	queries := []string{
		`SELECT r.value, COUNT(*) FROM placements p ` + residenceOn("p.candidate_id", "p.start_date") + `
			WHERE p.start_date >= ` + from + ` AND p.start_date <= ` + to + ` GROUP BY r.value`,
		`SELECT r.value, COUNT(*) FROM enrolments e ` + residenceOn("e.candidate_id", db.lastActiveDay("e.to_date", period)) + `
			WHERE e.from_date <= ` + to + ` AND (e.to_date IS NULL OR e.to_date >= ` + from + `) GROUP BY r.value`,
		`SELECT r.value, COUNT(*) FROM exits x ` + residenceOn("x.candidate_id", "x.exit_date") + `
			WHERE x.exit_date >= ` + from + ` AND x.exit_date <= ` + to + ` GROUP BY r.value`,
	}
	var read int64
	for _, q := range queries {
		rows, err := db.db.QueryContext(ctx, q)
		if err != nil {
			return 0, fmt.Errorf("store.PlainPass: %w", err)
		}
		for rows.Next() {
			var m string
			var n int64
			if err := rows.Scan(&m, &n); err != nil {
				rows.Close()
				return 0, err
			}
			read += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return read, nil
}
