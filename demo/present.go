package demo

import (
	"context"
	"fmt"

	"werkpad"
	"werkpad/store"
)

// The calibrated region lives in 2022–2024, the seed report's years. Present
// adds a working day on top of it, dated relative to the day it runs: a
// consultant's caseload, employers with contacts and agreements, open
// vacancies, work profiles, referrals waiting for an intake, signals waiting
// for a decision and wage-value re-assessments due. It writes through the
// services, as the demo users, so every record passes the domain's rules
// and is audited; the calibrated periods are not touched (everything it
// adds starts after them).

// PresentUsers are the demo accounts the present day belongs to.
type PresentUsers struct {
	Consultant, Adviser, Municipality *werkpad.User
}

// PresentResult counts what Present added.
type PresentResult struct {
	Caseload, Profiles, Employers, Vacancies, Referrals, Signals, Reassessments, Complaints int
}

// presentEmployers are the employers of the demo's werkgeversadviseur.
var presentEmployers = []struct {
	kvk, name, sector, gm, contact, role string
}{
	{"09012345", "Zorggroep Maas en Waal", "Zorg", "GM0268", "Ilse Janssen", "HR-adviseur"},
	{"09023456", "Bakkerij De Waalkant", "Voeding", "GM0268", "Peter van Dijk", "Eigenaar"},
	{"09034567", "Logistiek Centrum Wijchen", "Logistiek", "GM0296", "Sanne Peters", "Teamleider magazijn"},
	{"09045678", "Groenbedrijf Heumen", "Groen", "GM0252", "Mark Hendriks", "Bedrijfsleider"},
	{"09056789", "Schoonmaakbedrijf Rijk", "Schoonmaak", "GM0268", "Fatma Yilmaz", "Planner"},
	{"09067890", "Supermarkt Beuningen", "Detailhandel", "GM0209", "Joost de Boer", "Filiaalmanager"},
}

// presentVacancies: employer index, title, ISCO code, hours, positions.
var presentVacancies = []struct {
	employer      int
	title, isco   string
	hours, places int
}{
	{0, "Medewerker facilitair", "9629", 24, 2},
	{0, "Helpende verzorging", "5321", 28, 1},
	{1, "Hulp bakkerij", "7512", 32, 1},
	{2, "Orderpicker", "9333", 36, 4},
	{2, "Heftruckchauffeur", "8344", 38, 1},
	{3, "Hovenier hulp", "9214", 32, 2},
	{4, "Schoonmaker kantoren", "9112", 20, 3},
	{5, "Vakkenvuller", "9334", 16, 2},
}

// Present adds the working day of today; see the comment at the top.
func Present(ctx context.Context, db *store.DB, sealer *store.Sealer, today werkpad.Date, u PresentUsers) (PresentResult, error) {
	var res PresentResult
	as := func(user *werkpad.User) context.Context {
		return werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: user, Via: "demo"})
	}
	consultant, adviser, gemeente := as(u.Consultant), as(u.Adviser), as(u.Municipality)
	candidates := store.NewCandidateService(db, sealer)
	employers := store.NewEmployerService(db)
	vacancies := store.NewVacancyService(db)
	matches := store.NewMatchService(db)
	referrals := store.NewReferralService(db, sealer)
	signals := store.NewSignalService(db)
	placements := store.NewPlacementService(db)

	// Employers with a contact, a current werkgeversbonus agreement and a
	// recent visit; their open vacancies.
	var employerIDs []int64
	for i, e := range presentEmployers {
		emp := &werkpad.Employer{KvK: e.kvk, Name: e.name, Sector: e.sector, MunicipalityCode: e.gm,
			Contacts: []werkpad.EmployerContact{{Name: e.contact, Role: e.role}},
			Agreements: []werkpad.EmployerAgreement{{Kind: werkpad.AgreementBonus,
				Period: werkpad.Period{From: today.AddDays(-200 + 20*i), To: today.AddDays(165 + 20*i)}}}}
		if err := employers.CreateEmployer(adviser, emp); err != nil {
			return res, fmt.Errorf("demo: werkgever %s: %w", e.name, err)
		}
		employerIDs = append(employerIDs, emp.ID)
		if err := employers.AddContactLogEntry(adviser, &werkpad.ContactLogEntry{EmployerID: emp.ID, Kind: werkpad.ContactVisit,
			On: today.AddDays(-3 - 4*i), Note: "Kennismaking en vacatures besproken."}); err != nil {
			return res, fmt.Errorf("demo: contact %s: %w", e.name, err)
		}
		res.Employers++
	}
	for _, v := range presentVacancies {
		vac := &werkpad.Vacancy{EmployerID: employerIDs[v.employer], Title: v.title, Occupation: v.isco,
			MinutesPerWeek: v.hours * 60, Positions: v.places, Municipality: presentEmployers[v.employer].gm,
			StartOn: today.AddDays(30)}
		if err := vacancies.CreateVacancy(adviser, vac); err != nil {
			return res, fmt.Errorf("demo: vacature %s: %w", v.title, err)
		}
		res.Vacancies++
	}

	// The consultant's caseload: candidates of Nijmegen in service today
	// without a consultant, each in a phase today.
	list, _, err := candidates.FindCandidates(consultant, werkpad.CandidateFilter{Municipality: "GM0268", InService: true, On: today,
		Page: werkpad.Page{Limit: 60}})
	if err != nil {
		return res, err
	}
	var caseload []*werkpad.Candidate
	for _, c := range list {
		if len(caseload) == 24 {
			break
		}
		if c.ConsultantID != 0 {
			continue
		}
		full, err := candidates.FindCandidateByID(consultant, c.ID)
		if err != nil {
			return res, err
		}
		id := u.Consultant.ID
		if _, err := candidates.UpdateCandidate(consultant, c.ID, werkpad.CandidateUpdate{ConsultantID: &id, Per: today.AddDays(-14 - len(caseload))}); err != nil {
			return res, fmt.Errorf("demo: caseload %d: %w", c.ID, err)
		}
		if _, ok := full.PhaseOn(today); !ok {
			from := today.AddDays(-30 - len(caseload))
			for _, p := range full.Phases {
				if !p.Period.To.IsZero() && !p.Period.To.Before(from) {
					from = p.Period.To.AddDays(1)
				}
			}
			phase := []werkpad.Phase{werkpad.PhaseDevelop, werkpad.PhaseMediate, werkpad.PhaseMediate, werkpad.PhaseSupport}[len(caseload)%4]
			if _, err := candidates.AddPhase(consultant, c.ID, werkpad.PhasePeriod{Phase: phase, Period: werkpad.Period{From: from}}); err != nil {
				return res, fmt.Errorf("demo: fase %d: %w", c.ID, err)
			}
		}
		caseload = append(caseload, full)
		res.Caseload++
	}

	// Work profiles for half of the caseload, so that vacancies match.
	for i, c := range caseload {
		if i%2 == 1 {
			continue
		}
		v := presentVacancies[(i/2)%len(presentVacancies)]
		p := &werkpad.Profile{CandidateID: c.ID, Occupations: []string{v.isco}, MinMinutes: 12 * 60, MaxMinutes: 36 * 60,
			Municipalities: []string{"GM0268", presentEmployers[v.employer].gm}, TravelKm: 15}
		if err := matches.SaveProfile(consultant, p); err != nil {
			return res, fmt.Errorf("demo: werkprofiel %d: %w", c.ID, err)
		}
		res.Profiles++
	}

	// Placements with a wage subsidy whose loonwaarde is due for
	// re-assessment in the coming weeks, at employers of the register.
	for i := 0; i < 3 && 1+i < len(caseload); i++ {
		c := caseload[1+2*i]
		emp := employerIDs[i]
		p := &werkpad.Placement{CandidateID: c.ID, EmployerID: &emp, EmployerName: presentEmployers[i].name,
			Period: werkpad.Period{From: today.AddDays(-330 + 10*i)}, ContractMinutesPerWeek: (24 + 4*i) * 60,
			ContractType: werkpad.ContractFixedTerm, WageSubsidy: true, WageValueBasisPoints: 5500 + 500*i,
			ReassessOn: today.AddDays(12 + 15*i)}
		if err := placements.CreatePlacement(consultant, p); err != nil {
			return res, fmt.Errorf("demo: plaatsing %d: %w", c.ID, err)
		}
		res.Reassessments++
	}

	// Signals the municipality has not decided on yet.
	for i := 0; i < 3 && 8+i < len(caseload); i++ {
		s := &werkpad.Signal{CandidateID: caseload[8+i].ID, Date: today.AddDays(-2 - 5*i), ConsultantID: u.Consultant.ID,
			Behaviour:       []string{"Niet verschenen op twee afspraken zonder afmelding.", "Weigert passende arbeid bij de werkgever.", "Niet meegewerkt aan de intake op locatie."}[i],
			Advice:          []string{"Een waarschuwing.", "Een maatregel van een maand.", "Geen maatregel; een nieuwe afspraak volstaat."}[i],
			AdvisedDecision: []werkpad.SignalDecision{werkpad.DecisionSanction, werkpad.DecisionSanction, werkpad.DecisionNone}[i]}
		if err := signals.CreateSignal(consultant, s); err != nil {
			return res, fmt.Errorf("demo: signaal: %w", err)
		}
		res.Signals++
	}

	// Complaints: one just received, one whose term is about to lapse
	// (acknowledged, postponed), one decided in time.
	complaints := store.NewComplaintService(db)
	for i, k := range []struct {
		days                 int
		subject, description string
		steps                []werkpad.ComplaintStep
	}{
		{3, "Bereikbaarheid", "Drie keer gebeld en niet teruggebeld.", nil},
		{60, "Bejegening", "Voelde zich niet serieus genomen in het gesprek over de werkplek.", []werkpad.ComplaintStep{
			{Kind: "bevestigen", On: today.AddDays(-58)},
			{Kind: "verdagen", On: today.AddDays(-20), To: today.AddDays(-60 + werkpad.ComplaintTermDays + 22), Text: "Hoor en wederhoor met de werkgever."}}},
		{40, "Afspraak", "Intake twee keer verzet zonder bericht.", []werkpad.ComplaintStep{
			{Kind: "bevestigen", On: today.AddDays(-39)},
			{Kind: "afhandelen", On: today.AddDays(-12), Outcome: werkpad.ComplaintPartlyFounded, Text: "Eén verzetting is niet gemeld; excuses aangeboden en vaste contactpersoon afgesproken."}}},
	} {
		if 12+i >= len(caseload) {
			break
		}
		c := &werkpad.Complaint{CandidateID: caseload[12+i].ID, ReceivedOn: today.AddDays(-k.days), Subject: k.subject, Description: k.description}
		if err := complaints.CreateComplaint(consultant, c); err != nil {
			return res, fmt.Errorf("demo: klacht: %w", err)
		}
		for _, st := range k.steps {
			if _, err := complaints.ComplaintStep(consultant, c.ID, st); err != nil {
				return res, fmt.Errorf("demo: klacht %s: %w", st.Kind, err)
			}
		}
		res.Complaints++
	}

	// Referrals of Nijmegen waiting for an intake, of people new to
	// WerkBedrijf (BSNs outside the generated region's range).
	bsns := &bsnSource{next: 90_000_000}
	for i, n := range []struct{ given, infix, surname, born, reason string }{
		{"Yara", "", "Haddad", "1998-04-12", "Statushouder, wil werken in de zorg."},
		{"Daan", "van", "Leeuwen", "1989-11-03", "Bijstand sinds drie maanden, ervaring in de logistiek."},
		{"Mila", "", "Kuipers", "2003-02-27", "Jongere zonder startkwalificatie, zoekt werk met begeleiding."},
		{"Ahmet", "", "Demir", "1971-08-15", "55-plusser, wil terug naar werk na ziekte."},
		{"Noor", "de", "Wit", "1995-06-30", "Alleenstaande ouder, zoekt parttime werk."},
	} {
		r := &werkpad.Referral{BSN: bsns.Next(), GivenName: n.given, Infix: n.infix, Surname: n.surname,
			BirthDate: werkpad.MustParseDate(n.born), MunicipalityCode: "GM0268", Reason: n.reason,
			WarmHandover: i%2 == 0, ReferredOn: today.AddDays(-1 - 3*i)}
		if err := referrals.CreateReferral(gemeente, r); err != nil {
			return res, fmt.Errorf("demo: aanmelding: %w", err)
		}
		res.Referrals++
	}
	return res, nil
}
