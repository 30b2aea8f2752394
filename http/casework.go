package http

import "werkpad"

// caseworkRoutes registers the casework pages for consultants and
// municipalities (kandidaten, aanmeldingen, trajecten, plaatsingen,
// uitstroom, signalen). The roles follow the matrix in werkpad/casework.go;
// the services enforce the same roles and the municipality scope again.
func (s *Server) caseworkRoutes() {
	read, write := werkpad.RolesReadCandidates, werkpad.RolesWriteCasework
	s.handle("GET /kandidaten", false, s.candidates, read...)
	s.handle("POST /kandidaten/zoeken", false, s.searchCandidateByBSN, werkpad.RolesSearchByBSN...)
	s.handle("GET /kandidaten/nieuw", false, s.newCandidateForm, write...)
	s.handle("POST /kandidaten", false, s.createCandidate, write...)
	s.handle("GET /kandidaten/{id}", false, s.candidate, read...)
	for _, f := range candidateForms {
		s.handle("GET /kandidaten/{id}/"+f.slug, false, s.candidateFormPage(f), write...)
		s.handle("POST /kandidaten/{id}/"+f.slug, false, s.candidateFormPost(f), write...)
	}
	s.handle("GET /trajecten/{id}/beeindigen", false, s.endEnrolmentForm, write...)
	s.handle("POST /trajecten/{id}/beeindigen", false, s.endEnrolment, write...)
	s.handle("GET /plaatsingen/{id}/beeindigen", false, s.endPlacementForm, write...)
	s.handle("POST /plaatsingen/{id}/beeindigen", false, s.endPlacement, write...)

	s.handle("GET /aanmeldingen", false, s.referrals, werkpad.RolesReadCasework...)
	s.handle("GET /aanmeldingen/nieuw", false, s.newReferralForm, werkpad.RolesCreateReferral...)
	s.handle("POST /aanmeldingen", false, s.createReferral, werkpad.RolesCreateReferral...)
	s.handle("GET /aanmeldingen/{id}", false, s.referral, werkpad.RolesReadCasework...)
	for _, st := range referralSteps {
		s.handle("POST /aanmeldingen/{id}/"+st.slug, false, s.referralStep(st), write...)
	}

	s.handle("GET /signalen", false, s.signals, werkpad.RolesReadCasework...)
	s.handle("GET /signalen/{id}", false, s.signal, werkpad.RolesReadCasework...)
	s.handle("POST /signalen/{id}/besluit", false, s.decideSignal, werkpad.RolesDecideSignal...)
}
