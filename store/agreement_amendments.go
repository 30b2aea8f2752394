package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"werkpad"
)

// ProposeAmendment records a draft amendment of the lines of one
// municipality-year (art. 16.3). Only a controller proposes.
func (s *AgreementService) ProposeAmendment(ctx context.Context, version, municipality string, year int, effectiveFrom werkpad.Date,
	lines []werkpad.Line, reason, documentRef string) (*werkpad.Amendment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController)
	if err != nil {
		return nil, err
	}
	reason, documentRef = strings.TrimSpace(reason), strings.TrimSpace(documentRef)
	var id int64
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
		period, _ := a.Period()
		switch {
		case effectiveFrom.IsZero():
			return werkpad.FieldError("ingangsdatum", "Vul de datum in waarop de wijziging ingaat.")
		case !period.Contains(effectiveFrom):
			return werkpad.FieldError("ingangsdatum", "De ingangsdatum %s valt buiten de looptijd %s.", effectiveFrom.Dutch(), period)
		case len(werkpad.AmendedHalves(year, effectiveFrom)) == 0:
			return werkpad.FieldError("ingangsdatum", "De ingangsdatum %s ligt na het jaar %d; de wijziging zou niets meer veranderen.", effectiveFrom.Dutch(), year)
		}
		if len(lines) == 0 {
			return werkpad.FieldError("regels", "Geef de regels zoals ze na de wijziging luiden; een wijziging zonder regels schrapt alle lokale keuzes.")
		}
		if err := werkpad.ValidateAmendmentLines(a, year, lines); err != nil {
			return err
		}
		if reason == "" {
			return werkpad.FieldError("reden", "Vul de reden van de wijziging in.")
		}
		if err := tx.refuseClosedPeriod(ctx, yearID, year, effectiveFrom, werkpad.EINVALID); err != nil {
			return err
		}
		ams, err := tx.findAmendments(ctx, `version = ? AND status = ?`, version, string(werkpad.AmendmentInForce))
		if err != nil {
			return err
		}
		my, _ := a.WithAmendments(ams, effectiveFrom).MunicipalityYear(municipality, year)

		id, err = tx.insertID(ctx, `INSERT INTO agreement_amendments (agreement_year_id, version, municipality, year, effective_from,
			reason, document_ref, status, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			yearID, version, municipality, year, effectiveFrom, reason, documentRef, string(werkpad.AmendmentDraft), u.Email, tx.now)
		if err != nil {
			return err
		}
		for side, ls := range map[string][]werkpad.Line{"voor": my.Lines, "na": lines} {
			for i, l := range ls {
				if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_amendment_lines (amendment_id, side, position, item, quantity_milli,
					agreed_cents, has_agreed, description, article, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					id, side, i, l.Item, int64(l.Quantity), int64(l.Agreed), l.HasAgreed, l.Description, l.Article, l.Page); err != nil {
					return err
				}
			}
		}
		return tx.audit(ctx, "voorstellen", "wijziging", strconv.FormatInt(id, 10), municipality,
			fmt.Sprintf("DVO %s %d per %s: %d regels → %d regels; %s", version, year, effectiveFrom, len(my.Lines), len(lines), reason))
	})
	if err != nil {
		return nil, fmt.Errorf("store.ProposeAmendment(%s, %s, %d): %w", version, municipality, year, err)
	}
	return s.FindAmendment(ctx, id)
}

// refuseClosedPeriod refuses an amendment effective from d when it would
// change a half year of the municipality-year whose realisation is recorded.
func (tx *Tx) refuseClosedPeriod(ctx context.Context, yearID int64, year int, d werkpad.Date, code string) error {
	for _, half := range werkpad.AmendedHalves(year, d) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreement_realisations WHERE agreement_year_id = ? AND half = ?`,
			yearID, half).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			msg := fmt.Sprintf("De ingangsdatum %s valt in een afgesloten periode: over het %s is de realisatie al vastgelegd. "+
				"Kies een ingangsdatum na die periode.", d.Dutch(), werkpad.HalfLabel(year, half))
			if code == werkpad.EINVALID {
				return werkpad.FieldError("ingangsdatum", "%s", msg)
			}
			return werkpad.Errorf(code, "%s", msg)
		}
	}
	return nil
}

// ApproveAmendment records the written consent of one party. The second
// consent puts the amendment in force (from its effective date).
func (s *AgreementService) ApproveAmendment(ctx context.Context, id int64, party werkpad.ApprovalParty, approvedOn werkpad.Date,
	approverName, documentRef string) (*werkpad.Amendment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleMunicipality, werkpad.RoleController)
	if err != nil {
		return nil, err
	}
	approverName, documentRef = strings.TrimSpace(approverName), strings.TrimSpace(documentRef)
	err = s.db.inTx(ctx, func(tx *Tx) error {
		am, err := tx.findAmendment(ctx, id)
		if err != nil {
			return err
		}
		if !u.InScope(am.Municipality) {
			return werkpadNotFound("Wijziging")
		}
		switch party {
		case werkpad.PartyMunicipality:
		case werkpad.PartyBoard:
			if u.Role != werkpad.RoleController {
				return werkpad.Errorf(werkpad.EFORBIDDEN, "De instemming van het dagelijks bestuur van de MGR legt een controller vast.")
			}
		default:
			return werkpad.FieldError("partij", "Kies de partij die instemt: gemeente of mgr-bestuur.")
		}
		today := werkpad.Today(s.db.Now())
		if err := werkpad.CheckWrittenConsent(party, approvedOn, today, approverName, documentRef); err != nil {
			return err
		}
		if am.Status == werkpad.AmendmentInForce {
			return werkpad.Errorf(werkpad.ECONFLICT, "Wijziging %d is al van kracht sinds %s; een nieuwe instemming verandert daar niets aan.",
				id, am.InForceAt.Format("02-01-2006"))
		}
		if prev, ok := am.Approval(party); ok {
			return werkpad.Errorf(werkpad.ECONFLICT, "De instemming van %s met wijziging %d is al vastgelegd (%s, %s).",
				party.Label(), id, prev.ApprovedOn.Dutch(), prev.DocumentRef)
		}
		yearID, err := tx.agreementYearID(ctx, am.Version, am.Municipality, am.Year)
		if err != nil {
			return err
		}
		if err := tx.refuseClosedPeriod(ctx, yearID, am.Year, am.EffectiveFrom, werkpad.ECONFLICT); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_amendment_approvals (amendment_id, party, approved_on, approver_name,
			document_ref, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, string(party), approvedOn, approverName, documentRef, u.Email, tx.now); err != nil {
			return err
		}
		sid := strconv.FormatInt(id, 10)
		if err := tx.audit(ctx, "instemmen", "wijziging", sid, am.Municipality,
			fmt.Sprintf("partij=%s datum=%s door=%s kenmerk=%s", party, approvedOn, approverName, documentRef)); err != nil {
			return err
		}
		if len(am.Approvals) == 0 { // the other party has not consented yet
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreement_amendments SET status = ?, in_force_at = ? WHERE id = ?`,
			string(werkpad.AmendmentInForce), tx.now, id); err != nil {
			return err
		}
		return tx.audit(ctx, "van kracht", "wijziging", sid, am.Municipality,
			fmt.Sprintf("DVO %s %d per %s", am.Version, am.Year, am.EffectiveFrom))
	})
	if err != nil {
		return nil, fmt.Errorf("store.ApproveAmendment(%d, %s): %w", id, party, err)
	}
	return s.FindAmendment(ctx, id)
}

// FindAmendment returns one amendment in the caller's scope.
func (s *AgreementService) FindAmendment(ctx context.Context, id int64) (*werkpad.Amendment, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	var am *werkpad.Amendment
	err = s.db.readTx(ctx, func(tx *Tx) error {
		am, err = tx.findAmendment(ctx, id)
		return err
	})
	if err == nil && !u.InScope(am.Municipality) {
		err = werkpadNotFound("Wijziging")
	}
	if err != nil {
		return nil, fmt.Errorf("store.FindAmendment(%d): %w", id, err)
	}
	return am, nil
}

// FindAmendments lists the amendments in the caller's scope, oldest first.
func (s *AgreementService) FindAmendments(ctx context.Context, f werkpad.AmendmentFilter) ([]*werkpad.Amendment, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	where, args := scopeFilter(u, "municipality")
	for _, c := range []struct {
		cond string
		set  bool
		arg  any
	}{
		{"version = ?", f.Version != "", f.Version},
		{"municipality = ?", f.Municipality != "", f.Municipality},
		{"year = ?", f.Year != 0, f.Year},
		{"status = ?", f.Status != "", string(f.Status)},
	} {
		if c.set {
			where += " AND " + c.cond
			args = append(args, c.arg)
		}
	}
	var out []*werkpad.Amendment
	err = s.db.readTx(ctx, func(tx *Tx) error {
		out, err = tx.findAmendments(ctx, where, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindAmendments: %w", err)
	}
	return out, nil
}

// CheckAmendment runs the check engine on the municipality-year of the
// amendment as it reads on the effective date with the amendment applied,
// whether or not it has been approved yet.
func (s *AgreementService) CheckAmendment(ctx context.Context, id int64) (*werkpad.Amendment, error) {
	am, err := s.FindAmendment(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		a, err := tx.agreementOn(ctx, am.Version, am.EffectiveFrom)
		if err != nil {
			return err
		}
		applied := *am
		applied.Status = werkpad.AmendmentInForce
		a = a.WithAmendments([]*werkpad.Amendment{&applied}, am.EffectiveFrom).
			OnlyMunicipalities(func(code string) bool { return code == am.Municipality })
		for _, f := range werkpad.CheckAgreement(a) {
			if f.Year == am.Year {
				am.Findings = append(am.Findings, f)
			}
		}
		for _, t := range werkpad.Totals(a) {
			if t.Year == am.Year {
				am.Total = &t
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.CheckAmendment(%d): %w", id, err)
	}
	return am, nil
}

const amendmentColumns = `id, version, municipality, year, effective_from, reason, document_ref, status, proposed_by, proposed_at, in_force_at`

func (tx *Tx) findAmendment(ctx context.Context, id int64) (*werkpad.Amendment, error) {
	ams, err := tx.findAmendments(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ams) == 0 {
		return nil, werkpadNotFound("Wijziging")
	}
	return ams[0], nil
}

// findAmendments reads the amendments matching where, with their lines and
// approvals, in id order.
func (tx *Tx) findAmendments(ctx context.Context, where string, args ...any) ([]*werkpad.Amendment, error) {
	var out []*werkpad.Amendment
	byID := map[int64]*werkpad.Amendment{}
	err := tx.eachRow(ctx, func(scan func(...any) error) error {
		var am werkpad.Amendment
		var status string
		var inForce sql.NullTime
		if err := scan(&am.ID, &am.Version, &am.Municipality, &am.Year, &am.EffectiveFrom, &am.Reason, &am.DocumentRef,
			&status, &am.ProposedBy, &am.ProposedAt, &inForce); err != nil {
			return err
		}
		am.Status, am.ProposedAt, am.InForceAt = werkpad.AmendmentStatus(status), am.ProposedAt.UTC(), nullTime(inForce)
		out = append(out, &am)
		byID[am.ID] = &am
		return nil
	}, `SELECT `+amendmentColumns+` FROM agreement_amendments WHERE `+where+` ORDER BY id`, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]any, 0, len(out))
	for _, am := range out {
		ids = append(ids, am.ID)
	}
	in := `(` + placeholders(len(ids)) + `)`
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id int64
		var side string
		var l werkpad.Line
		if err := scan(append([]any{&id, &side}, lineDest(&l)...)...); err != nil {
			return err
		}
		if am := byID[id]; side == "voor" {
			am.Before = append(am.Before, l)
		} else {
			am.After = append(am.After, l)
		}
		return nil
	}, `SELECT l.amendment_id, l.side, `+lineColumns("l")+` FROM agreement_amendment_lines l
		WHERE l.amendment_id IN `+in+` ORDER BY l.amendment_id, l.side, l.position`, ids...)
	if err != nil {
		return nil, err
	}
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id int64
		var party string
		var ap werkpad.Approval
		if err := scan(&id, &party, &ap.ApprovedOn, &ap.ApproverName, &ap.DocumentRef, &ap.RecordedBy, &ap.RecordedAt); err != nil {
			return err
		}
		ap.Party, ap.RecordedAt = werkpad.ApprovalParty(party), ap.RecordedAt.UTC()
		byID[id].Approvals = append(byID[id].Approvals, ap)
		return nil
	}, `SELECT amendment_id, party, approved_on, approver_name, document_ref, recorded_by, recorded_at
		FROM agreement_amendment_approvals WHERE amendment_id IN `+in+` ORDER BY amendment_id, recorded_at, party`, ids...)
	if err != nil {
		return nil, err
	}
	return out, nil
}
