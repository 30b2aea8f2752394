package store

import (
	"context"
	"fmt"
	"slices"

	"werkpad"
)

var _ werkpad.AgreementDrafts = (*AgreementService)(nil)

// DraftAgreement stores a concept of the next agreement, drafted from
// r.From as written (controller).
func (s *AgreementService) DraftAgreement(ctx context.Context, r werkpad.DraftRequest) (*werkpad.Agreement, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleController); err != nil {
		return nil, err
	}
	var a *werkpad.Agreement
	err := s.db.inTx(ctx, func(tx *Tx) error {
		prev, err := tx.findAgreement(ctx, r.From)
		if werkpad.ErrorCode(err) == werkpad.ENOTFOUND {
			return werkpad.FieldError("van", "DVO %q bestaat niet.", r.From)
		} else if err != nil {
			return err
		}
		if a, err = werkpad.DraftAgreement(prev, r); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreements WHERE version = ?`, a.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return werkpad.FieldError("versie", "DVO %s bestaat al.", a.Version)
		}
		period, _ := a.Period()
		if err := tx.insertAgreement(ctx, a, period); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = ? WHERE version = ?`, string(werkpad.AgreementConcept), a.Version); err != nil {
			return err
		}
		return tx.audit(ctx, "opstellen", "overeenkomst", a.Version, "",
			fmt.Sprintf("van=%s indexatie=%dbp %d keuzekaart-items, %d gemeente-jaren", r.From, r.IndexBP, len(a.Card), len(a.Years)))
	})
	if err != nil {
		return nil, fmt.Errorf("store.DraftAgreement(%s): %w", r.Version, err)
	}
	return a, nil
}

// requireConcept locks the version's row and refuses a version that is
// not a concept.
func (tx *Tx) requireConcept(ctx context.Context, version string) error {
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM agreements WHERE version = ?`+tx.db.forUpdate(), version).Scan(&status); err != nil {
		return notFound(err, "Overeenkomst "+version)
	}
	if werkpad.AgreementStatus(status) != werkpad.AgreementConcept {
		return werkpad.Errorf(werkpad.ECONFLICT, "DVO %s is van kracht: de keuzes veranderen nu alleen met een wijzigingsvoorstel (art. 16.3).", version)
	}
	return nil
}

// consented reports whether the party has consented to version.
func (tx *Tx) consented(ctx context.Context, version string, party werkpad.ApprovalParty, municipality string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreement_consents WHERE version = ? AND party = ? AND municipality = ?`,
		version, string(party), municipality).Scan(&n)
	return n > 0, err
}

// ComposeChoices replaces the choices of a municipality-year of a concept:
// by a user of that municipality or a controller, until the municipality
// consented. Over budget is refused (nothing changes).
func (s *AgreementService) ComposeChoices(ctx context.Context, version, municipality string, year int, lines []werkpad.Line) (werkpad.Total, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleMunicipality)
	if err != nil {
		return werkpad.Total{}, err
	}
	what := fmt.Sprintf("Afspraken van %s voor %d in DVO %s", municipality, year, version)
	if !u.InScope(municipality) {
		return werkpad.Total{}, werkpadNotFound(what)
	}
	var total werkpad.Total
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.requireConcept(ctx, version); err != nil {
			return err
		}
		if done, err := tx.consented(ctx, version, werkpad.PartyMunicipality, municipality); err != nil {
			return err
		} else if done {
			return werkpad.Errorf(werkpad.ECONFLICT, "%s heeft al ingestemd met DVO %s; de keuzes liggen vast.", municipality, version)
		}
		a, err := tx.findAgreement(ctx, version)
		if err != nil {
			return err
		}
		my, ok := a.MunicipalityYear(municipality, year)
		if !ok {
			return werkpadNotFound(what)
		}
		priced, t, err := werkpad.ComposeLines(a, my, lines)
		total = t
		if err != nil {
			return err
		}
		id, err := tx.agreementYearID(ctx, version, municipality, year)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agreement_lines WHERE agreement_year_id = ?`, id); err != nil {
			return err
		}
		if err := tx.insertLines(ctx, id, priced); err != nil {
			return err
		}
		return tx.audit(ctx, "keuzes samenstellen", "overeenkomst", version, municipality,
			fmt.Sprintf("jaar=%d regels=%d totaal=%d budget=%d", year, len(priced), int64(t.AgreedCents), int64(t.BudgetCents)))
	})
	if err != nil {
		return total, fmt.Errorf("store.ComposeChoices(%s, %s, %d): %w", version, municipality, year, err)
	}
	return total, nil
}

// ConsentAgreement records the written consent of a party to a concept: a
// municipality's by its own user or a controller, the board's by a
// controller only. When every municipality of the agreement and the board
// consented, the version is in force.
func (s *AgreementService) ConsentAgreement(ctx context.Context, version string, c werkpad.AgreementConsent) (*werkpad.AgreementVersion, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleMunicipality)
	if err != nil {
		return nil, err
	}
	switch c.Party {
	case werkpad.PartyMunicipality:
		if !u.InScope(c.Municipality) || c.Municipality == "" {
			return nil, werkpad.FieldError("partij", "Kies een gemeente binnen uw bereik.")
		}
	case werkpad.PartyBoard:
		if u.Role != werkpad.RoleController {
			return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Alleen een controller legt de instemming van het dagelijks bestuur van de MGR vast.")
		}
		c.Municipality = ""
	default:
		return nil, werkpad.FieldError("partij", "Kies namens wie u instemt.")
	}
	if err := werkpad.CheckTexts(werkpad.Text{Field: "naam", Value: c.ApproverName, Max: werkpad.MaxTextShort, Line: true},
		werkpad.Text{Field: "documentkenmerk", Value: c.DocumentRef, Max: werkpad.MaxTextShort, Line: true}); err != nil {
		return nil, err
	}
	if err := werkpad.CheckWrittenConsent(c.Party, c.ApprovedOn, werkpad.Today(s.db.Now()), c.ApproverName, c.DocumentRef); err != nil {
		return nil, err
	}
	var v *werkpad.AgreementVersion
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.requireConcept(ctx, version); err != nil {
			return err
		}
		parties, err := tx.consentParties(ctx, version)
		if err != nil {
			return err
		}
		if c.Party == werkpad.PartyMunicipality && !slices.Contains(parties, c.Municipality) {
			return werkpad.FieldError("partij", "%s is geen partij bij DVO %s.", c.Municipality, version)
		}
		if done, err := tx.consented(ctx, version, c.Party, c.Municipality); err != nil {
			return err
		} else if done {
			return werkpad.Errorf(werkpad.ECONFLICT, "Deze instemming is al vastgelegd.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_consents (version, party, municipality, approved_on, approver_name,
			document_ref, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			version, string(c.Party), c.Municipality, c.ApprovedOn, c.ApproverName, c.DocumentRef, u.Email, tx.now); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreement_consents WHERE version = ?`, version).Scan(&n); err != nil {
			return err
		}
		status := werkpad.AgreementConcept
		if n == len(parties)+1 { // every municipality and the board
			status = werkpad.AgreementInForceStatus
			if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = ? WHERE version = ?`, string(status), version); err != nil {
				return err
			}
		}
		v = &werkpad.AgreementVersion{Version: version, Status: status}
		return tx.audit(ctx, "instemmen", "overeenkomst", version, c.Municipality,
			fmt.Sprintf("partij=%s op=%s kenmerk=%s status=%s", c.Party, c.ApprovedOn, c.DocumentRef, status))
	})
	if err != nil {
		return nil, fmt.Errorf("store.ConsentAgreement(%s): %w", version, err)
	}
	return v, nil
}

// consentParties are the municipalities of an agreement.
func (tx *Tx) consentParties(ctx context.Context, version string) ([]string, error) {
	var out []string
	err := tx.eachRow(ctx, func(scan func(...any) error) error {
		var code string
		if err := scan(&code); err != nil {
			return err
		}
		out = append(out, code)
		return nil
	}, `SELECT DISTINCT municipality FROM agreement_years WHERE version = ? ORDER BY municipality`, version)
	return out, err
}

// FindConsents lists the consents to version: a gemeente user sees his own
// municipality's and the board's.
func (s *AgreementService) FindConsents(ctx context.Context, version string) ([]werkpad.AgreementConsent, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	var out []werkpad.AgreementConsent
	err = s.db.readTx(ctx, func(tx *Tx) error {
		return tx.eachRow(ctx, func(scan func(...any) error) error {
			var c werkpad.AgreementConsent
			var party string
			if err := scan(&party, &c.Municipality, &c.ApprovedOn, &c.ApproverName, &c.DocumentRef, &c.RecordedBy, &c.RecordedAt); err != nil {
				return err
			}
			c.Party = werkpad.ApprovalParty(party)
			if c.Municipality == "" || u.InScope(c.Municipality) {
				out = append(out, c)
			}
			return nil
		}, `SELECT party, municipality, approved_on, approver_name, document_ref, recorded_by, recorded_at FROM agreement_consents
			WHERE version = ? ORDER BY recorded_at, municipality`, version)
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindConsents(%s): %w", version, err)
	}
	return out, nil
}
