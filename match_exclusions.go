package werkpad

import "context"

// MatchExclusions tells, for a vacancy, how many candidates who would
// otherwise be matched (in scope, in phase, with a work profile) are left
// out by a hard requirement or a restriction, and why. A candidate with
// several reasons counts once in Count and once under each reason.
type MatchExclusions struct {
	VacancyID int64                  `json:"vacatureId"`
	Count     int                    `json:"aantal"`
	Reasons   []ExclusionReasonCount `json:"redenen"`
}

// ExclusionReasonCount is one reason of exclusion and how many candidates it
// left out.
type ExclusionReasonCount struct {
	Reason string `json:"reden"`
	Count  int    `json:"aantal"`
}

// MatchExclusionService counts the candidates a vacancy's hard requirements
// exclude, in the caller's scope, with the same rules as MatchesForVacancy.
type MatchExclusionService interface {
	ExclusionsForVacancy(ctx context.Context, vacancyID int64, includeDevelop bool) (*MatchExclusions, error)
}
