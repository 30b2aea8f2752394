package store

import "werkpad"

// NewReportSources are the services every report reads its chapters from.
func NewReportSources(db *DB) werkpad.ReportSources {
	return werkpad.ReportSources{SW: NewSWService(db), LKS: NewLKSService(db), Finance: NewFinanceService(db), Norms: NewNormService(db),
		Complaints: NewComplaintService(db), LocalChoices: NewAgreementService(db), Satisfaction: NewSurveyService(db)}
}
