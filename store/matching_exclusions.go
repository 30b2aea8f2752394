package store

import (
	"context"
	"fmt"
	"slices"

	"werkpad"
)

var _ werkpad.MatchExclusionService = (*MatchService)(nil)

// ExclusionsForVacancy scores every candidate MatchesForVacancy would
// consider, before the hard requirements, and counts those werkpad.Score
// excludes by reason. Same scope, phase and profile rules; so the match
// list and this count together account for every such candidate.
func (s *MatchService) ExclusionsForVacancy(ctx context.Context, vacancyID int64, includeDevelop bool) (*werkpad.MatchExclusions, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	today := werkpad.Today(s.db.Now())
	out := &werkpad.MatchExclusions{VacancyID: vacancyID, Reasons: []werkpad.ExclusionReasonCount{}}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		v, err := tx.findVacancy(ctx, vacancyID, false)
		if err != nil {
			return err
		}
		w := scoped(u, "c.municipality")
		w.add("c.registered_on <= ? AND (c.deregistered_on IS NULL OR c.deregistered_on >= ?)", today, today)
		phases := []any{string(werkpad.PhaseMediate)}
		if includeDevelop {
			phases = append(phases, string(werkpad.PhaseDevelop))
		}
		w.add(`EXISTS (SELECT 1 FROM phase_periods ph WHERE ph.candidate_id = c.id AND ph.phase IN (`+placeholders(len(phases))+`)
			AND ph.from_date <= ? AND (ph.to_date IS NULL OR ph.to_date >= ?))`, append(phases, today, today)...)
		// Profiles first, as in scoreCandidates.
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.municipality, `+profileColumns+`
			FROM candidate_profiles p CROSS JOIN candidates c WHERE c.id = p.candidate_id AND `+w.String(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		counts := map[string]int{}
		for rows.Next() {
			var c werkpad.MatchCandidate
			var p werkpad.Profile
			var occ, mun, certs string
			var rank int
			var noHeavy, noContact bool
			if err := rows.Scan(&c.ID, &c.Municipality, &p.CandidateID, &occ, &p.MinMinutes, &p.MaxMinutes, &mun, &p.TravelKm,
				&p.DrivingLicence, &rank, &certs, &noHeavy, &noContact); err != nil {
				return err
			}
			scanProfileInto(&p, occ, mun, certs, rank, noHeavy, noContact)
			m := werkpad.Score(v, c, &p, werkpad.Date{}, today)
			if !m.Excluded {
				continue
			}
			out.Count++
			for _, r := range m.Reasons {
				counts[r]++
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for r, n := range counts {
			out.Reasons = append(out.Reasons, werkpad.ExclusionReasonCount{Reason: r, Count: n})
		}
		slices.SortFunc(out.Reasons, func(a, b werkpad.ExclusionReasonCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			if a.Reason < b.Reason {
				return -1
			}
			return 1
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.ExclusionsForVacancy(%d): %w", vacancyID, err)
	}
	return out, nil
}
