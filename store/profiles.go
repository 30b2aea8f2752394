package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"werkpad"
)

// Work profiles of candidates. The occupations and certificates are kept as
// rows (for the indexed pre-filters of matching) and as comma lists on the
// profile row (so that scoring reads one row per candidate); writeProfile
// is the one place that writes both.

func splitList(s string) []string {
	s = strings.Trim(s, ",")
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (tx *Tx) writeProfile(ctx context.Context, p *werkpad.Profile) error {
	for _, table := range []string{"candidate_profile_occupations", "candidate_profile_certificates", "candidate_profiles"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE candidate_id = ?`, p.CandidateID); err != nil {
			return err
		}
	}
	has := func(r werkpad.Restriction) bool {
		for _, x := range p.Restrictions {
			if x == r {
				return true
			}
		}
		return false
	}
	certs := ""
	if len(p.Certificates) > 0 {
		certs = "," + strings.Join(p.Certificates, ",") + ","
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_profiles (candidate_id, occupations, has_occupations, min_minutes, max_minutes,
		municipalities, travel_km, driving_licence, language_rank, certificates, no_heavy_work, no_customer_contact, restriction_note, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.CandidateID, strings.Join(p.Occupations, ","), len(p.Occupations) > 0, p.MinMinutes, p.MaxMinutes,
		strings.Join(p.Municipalities, ","), p.TravelKm, p.DrivingLicence, p.Language.Rank(), certs,
		has(werkpad.RestrictionNoHeavyWork), has(werkpad.RestrictionNoCustomerContact), p.RestrictionNote, tx.now); err != nil {
		return err
	}
	for _, o := range p.Occupations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_profile_occupations (candidate_id, isco, isco_minor, isco_major) VALUES (?, ?, ?, ?)`,
			p.CandidateID, o, werkpad.MinorGroup(o), werkpad.MajorGroup(o)); err != nil {
			return err
		}
	}
	for _, c := range p.Certificates {
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_profile_certificates (candidate_id, name) VALUES (?, ?)`, p.CandidateID, c); err != nil {
			return err
		}
	}
	p.UpdatedAt = tx.now
	return nil
}

// profileColumns are read by scanProfile, with the alias p.
const profileColumns = `p.candidate_id, p.occupations, p.min_minutes, p.max_minutes, p.municipalities, p.travel_km, p.driving_licence,
	p.language_rank, p.certificates, p.no_heavy_work, p.no_customer_contact`

func scanProfileInto(dest *werkpad.Profile, occupations, municipalities, certs string, rank int, noHeavy, noContact bool) {
	dest.Occupations = splitList(occupations)
	dest.Municipalities = splitList(municipalities)
	dest.Certificates = splitList(certs)
	dest.Language = languageOfRank(rank)
	dest.Restrictions = nil
	if noHeavy {
		dest.Restrictions = append(dest.Restrictions, werkpad.RestrictionNoHeavyWork)
	}
	if noContact {
		dest.Restrictions = append(dest.Restrictions, werkpad.RestrictionNoCustomerContact)
	}
}

func (tx *Tx) findProfile(ctx context.Context, candidateID int64) (*werkpad.Profile, error) {
	var p werkpad.Profile
	var occ, mun, certs string
	var rank int
	var noHeavy, noContact bool
	err := tx.QueryRowContext(ctx, `SELECT `+profileColumns+`, p.restriction_note, p.updated_at FROM candidate_profiles p WHERE p.candidate_id = ?`, candidateID).
		Scan(&p.CandidateID, &occ, &p.MinMinutes, &p.MaxMinutes, &mun, &p.TravelKm, &p.DrivingLicence, &rank, &certs, &noHeavy, &noContact,
			&p.RestrictionNote, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Deze kandidaat heeft nog geen werkprofiel.")
	} else if err != nil {
		return nil, err
	}
	scanProfileInto(&p, occ, mun, certs, rank, noHeavy, noContact)
	p.UpdatedAt = p.UpdatedAt.UTC()
	return &p, nil
}

// FindProfile returns the work profile of a candidate in scope.
func (s *MatchService) FindProfile(ctx context.Context, candidateID int64) (*werkpad.Profile, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCandidates...)
	if err != nil {
		return nil, err
	}
	var p *werkpad.Profile
	err = s.db.readTx(ctx, func(tx *Tx) error {
		if _, err := tx.candidateMunicipality(ctx, u, candidateID, false); err != nil {
			return err
		}
		p, err = tx.findProfile(ctx, candidateID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindProfile(%d): %w", candidateID, err)
	}
	loggedCandidate(ctx, p.CandidateID)
	return p, nil
}

// SaveProfile creates or replaces the work profile of a candidate in scope
// (consulent, werkgeversadviseur).
func (s *MatchService) SaveProfile(ctx context.Context, p *werkpad.Profile) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...)
	if err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, p.CandidateID, true)
		if err != nil {
			return err
		}
		if err := tx.writeProfile(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, "wijzigen", "werkprofiel", itoa(p.CandidateID), code, "beroepen="+strings.Join(p.Occupations, ","))
	})
	if err != nil {
		return fmt.Errorf("store.SaveProfile(%d): %w", p.CandidateID, err)
	}
	loggedCandidate(ctx, p.CandidateID)
	return nil
}
