package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"werkpad"
)

// Bulk import from a previous system. Each Import function checks every
// record against the domain rules and the database and reports all bad
// records at once (checked in a read transaction); only when none is bad
// does it write them, all in one transaction, with the same insert helpers
// as the Create methods. Large candidate files go through CandidateImport
// (import_stage.go) instead, which streams and stages. The caller needs the write role of
// casework (consulent); every record must be in his scope.

// RowError is a problem with record Index (0-based) of an import batch.
type RowError struct {
	Index int
	Err   error
}

func (e RowError) Error() string { return fmt.Sprintf("record %d: %v", e.Index, e.Err) }
func (e RowError) Unwrap() error { return e.Err }

// RowErrors is every bad record of a batch; nothing was stored.
type RowErrors []RowError

func (es RowErrors) Error() string {
	parts := make([]string, 0, len(es))
	for _, e := range es {
		parts = append(parts, e.Error())
	}
	return fmt.Sprintf("%d records refused: %s", len(es), strings.Join(parts, "; "))
}

// PlacementRow is a placement of the candidate with BSN.
type PlacementRow struct {
	BSN       string
	Placement *werkpad.Placement
}

// ExitRow is an exit of the candidate with BSN; PlacementFrom, when set,
// names the candidate's placement that starts on that day.
type ExitRow struct {
	BSN           string
	PlacementFrom werkpad.Date
	Exit          *werkpad.Exit
}

// ImportCandidates stores new candidates (with their dated lists).
func ImportCandidates(ctx context.Context, db *DB, sealer *Sealer, cs []*werkpad.Candidate, apply bool) error {
	seen := map[string]int{}
	err := importBatch(ctx, db, len(cs), apply,
		func(tx *Tx, u *werkpad.User, i int) error {
			c := cs[i]
			normaliseCandidate(c)
			if err := c.Validate(werkpad.Today(tx.now)); err != nil {
				return err
			}
			if j, ok := seen[c.BSN]; ok {
				return werkpad.FieldError("bsn", "Dit burgerservicenummer staat ook in record %d van de invoer.", j+1)
			}
			seen[c.BSN] = i
			if err := tx.checkMunicipality(ctx, u, c.MunicipalityCode); err != nil {
				return err
			}
			if err := tx.checkConsultant(ctx, c.ConsultantID); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM candidates WHERE bsn_hash = ?`, sealer.Hash(c.BSN)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return werkpad.FieldError("bsn", "Er is al een kandidaat met dit burgerservicenummer.")
			}
			return nil
		},
		func(tx *Tx, i int) error {
			c := cs[i]
			if err := tx.insertCandidate(ctx, sealer, c); err != nil {
				return err
			}
			return tx.audit(ctx, "aanmaken", "kandidaat", itoa(c.ID), c.MunicipalityCode, "import dienstverlening="+string(c.ServiceLine))
		})
	if err != nil {
		return fmt.Errorf("store.ImportCandidates: %w", err)
	}
	return nil
}

// ImportPlacements stores placements of existing candidates, found by BSN.
func ImportPlacements(ctx context.Context, db *DB, sealer *Sealer, rows []PlacementRow, apply bool) error {
	codes := make([]string, len(rows))
	err := importBatch(ctx, db, len(rows), apply,
		func(tx *Tx, u *werkpad.User, i int) error {
			p := rows[i].Placement
			id, code, err := tx.candidateByBSN(ctx, u, sealer, rows[i].BSN)
			if err != nil {
				return err
			}
			p.CandidateID, codes[i] = id, code
			p.EmployerName = strings.TrimSpace(p.EmployerName)
			return p.Validate()
		},
		func(tx *Tx, i int) error {
			p := rows[i].Placement
			return tx.insertPlacement(ctx, codes[i], p, "import")
		})
	if err != nil {
		return fmt.Errorf("store.ImportPlacements: %w", err)
	}
	return nil
}

// ImportExits stores exits of existing candidates, found by BSN; an exit
// with reason werk names its placement by the placement's start date.
func ImportExits(ctx context.Context, db *DB, sealer *Sealer, rows []ExitRow, apply bool) error {
	codes := make([]string, len(rows))
	err := importBatch(ctx, db, len(rows), apply,
		func(tx *Tx, u *werkpad.User, i int) error {
			e := rows[i].Exit
			id, code, err := tx.candidateByBSN(ctx, u, sealer, rows[i].BSN)
			if err != nil {
				return err
			}
			e.CandidateID, codes[i], e.PlacementID = id, code, nil
			if from := rows[i].PlacementFrom; !from.IsZero() {
				pid, err := tx.placementStartingOn(ctx, id, from)
				if err != nil {
					return err
				}
				e.PlacementID = &pid
			}
			return e.Validate()
		},
		func(tx *Tx, i int) error {
			e := rows[i].Exit
			if err := tx.insertExit(ctx, e, codes[i]); err != nil {
				return err
			}
			return tx.audit(ctx, "aanmaken", "uitstroom", itoa(e.ID), codes[i], "import kandidaat="+itoa(e.CandidateID)+" reden="+string(e.Reason))
		})
	if err != nil {
		return fmt.Errorf("store.ImportExits: %w", err)
	}
	return nil
}

// importBatch runs check on every record in a read transaction (no write
// lock: a dry run does not hold up the service) and, when all pass and
// apply is set, write on every record in one write transaction. A domain
// error of a record is collected as a RowError; any other error aborts.
func importBatch(ctx context.Context, db *DB, n int, apply bool,
	check func(tx *Tx, u *werkpad.User, i int) error, write func(tx *Tx, i int) error) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	err = db.readTx(ctx, func(tx *Tx) error {
		var bad RowErrors
		for i := range n {
			if err := check(tx, u, i); werkpad.ErrorCode(err) == werkpad.EINTERNAL {
				return err
			} else if err != nil {
				bad = append(bad, RowError{Index: i, Err: err})
			}
		}
		if len(bad) > 0 {
			return bad
		}
		return nil
	})
	if err != nil || !apply {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for i := range n {
			if err := write(tx, i); werkpad.ErrorCode(err) == werkpad.EINTERNAL {
				return err
			} else if err != nil {
				return RowErrors{{Index: i, Err: err}}
			}
		}
		return nil
	})
}

// candidateByBSN finds the candidate with bsn in u's scope.
func (tx *Tx) candidateByBSN(ctx context.Context, u *werkpad.User, sealer *Sealer, bsn string) (int64, string, error) {
	bsn, err := werkpad.ParseBSN(bsn)
	if err != nil {
		return 0, "", err
	}
	w := scoped(u, "municipality")
	w.add("bsn_hash = ?", sealer.Hash(bsn))
	var id int64
	var code string
	err = tx.QueryRowContext(ctx, `SELECT id, municipality FROM candidates WHERE `+w.String(), w.args...).Scan(&id, &code)
	if err == sql.ErrNoRows {
		return 0, "", werkpad.FieldError("kandidaatId", "Er is geen kandidaat met dit burgerservicenummer (binnen het bereik). Importeer eerst de kandidaten.")
	}
	werkpad.Processed(ctx, werkpad.SubjectCandidate, id)
	return id, code, err
}

// placementStartingOn finds the one placement of candidate id that starts on day from.
func (tx *Tx) placementStartingOn(ctx context.Context, id int64, from werkpad.Date) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM placements WHERE candidate_id = ? AND start_date = ?`, id, from)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var pid int64
		if err := rows.Scan(&pid); err != nil {
			return 0, err
		}
		ids = append(ids, pid)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	switch len(ids) {
	case 0:
		return 0, werkpad.FieldError("plaatsingId", "Deze kandidaat heeft geen plaatsing die op %s begint.", from.Dutch())
	case 1:
		return ids[0], nil
	}
	return 0, werkpad.FieldError("plaatsingId", "Deze kandidaat heeft %d plaatsingen die op %s beginnen; kies er één in werkpad.", len(ids), from.Dutch())
}
