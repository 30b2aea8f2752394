package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

const demoHelp = `Vult een database met demogegevens voor een nieuwe gebruiker van werkpad:
één account per rol (wachtwoorden worden één keer getoond) en een demoregio
van acht gemeenten met kandidaten, uitkeringen, indicaties, fasen,
instrumenten, plaatsingen, uitstroom en SW-medewerkers. De regio is
deterministisch (zelfde --seed, zelfde gegevens) en zo geijkt dat de
indicatoren over 1-1 t/m 30-6 van 2023 en 2024 precies de cijfers van de
gemeentepagina's van de Tussenrapportage 2024 geven; --scale N maakt N kopieën
(N × die cijfers).

Bestaan de demo-accounts al, dan verandert daaraan niets. Demogegevens komen
alleen in een database zonder kandidaten en SW-medewerkers: staat er al iets,
dan wordt niets gegenereerd (met melding; exitcode 1 als --scale of --seed is
opgegeven, anders 0, zodat scripts/run opnieuw kan starten).`

// demoAccounts are the accounts a newcomer can sign in with.
var demoAccounts = []werkpad.User{
	{Email: "beheerder@demo.werkpad.nl", Name: "Bea Beheer", Role: werkpad.RoleAdmin},
	{Email: "controller@demo.werkpad.nl", Name: "Carla Controle", Role: werkpad.RoleController},
	{Email: "consulent@demo.werkpad.nl", Name: "Koen Consulent", Role: werkpad.RoleConsultant},
	{Email: "werkgeversadviseur@demo.werkpad.nl", Name: "Wim Werkgever", Role: werkpad.RoleEmployerAdviser},
	{Email: "nijmegen@demo.werkpad.nl", Name: "Gert Gemeente (Nijmegen)", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0268"}},
	{Email: "bergendal@demo.werkpad.nl", Name: "Bep Berg en Dal", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM1945"}},
	{Email: "privacy@demo.werkpad.nl", Name: "Fenna Functionaris", Role: werkpad.RolePrivacyOfficer},
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "demo")
	dbURL := dbFlag(fs)
	scale := fs.Int("scale", 1, "aantal kopieën van de demoregio (1 ≈ 6.500 kandidaten)")
	seed := fs.Uint64("seed", 1, "startwaarde van de generator; dezelfde waarde geeft dezelfde regio")
	noData := fs.Bool("accounts-only", false, "alleen de demo-accounts, geen demoregio")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *scale < 1 {
		return usageError("demo", "--scale moet 1 of meer zijn")
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "scale" || f.Name == "seed" })
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var sealer *store.Sealer
	if !*noData {
		// The key first: without it (PostgreSQL needs WERKPAD_SECRET_KEY)
		// nothing is made, not even the accounts.
		if sealer, err = openSealer(ctx, db); err != nil {
			return err
		}
	}
	if err := createDemoAccounts(ctx, e, db); err != nil {
		return err
	}
	if *noData {
		return nil
	}
	return demoRegion(ctx, e, db, sealer, *scale, *seed, explicit)
}

// demoRegion generates the calibrated region unless the database already
// holds casework.
func demoRegion(ctx context.Context, e *env, db *store.DB, sealer *store.Sealer, scale int, seed uint64, explicit bool) error {
	fmt.Fprintf(e.stdout, "Demoregio genereren (schaal %d, seed %d) in %s ...\n", scale, seed, db.Dialect)
	res, err := demo.Generate(ctx, db, sealer, demo.Options{Scale: scale, Seed: seed, Progress: e.stdout})
	if werkpad.ErrorCode(err) == werkpad.ECONFLICT && !explicit {
		fmt.Fprintln(e.stdout, werkpad.ErrorMessage(err), "Er is niets gegenereerd.")
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Klaar in %s: %d kandidaten, %d plaatsingen, %d inschrijvingen, %d uitstroomregels, %d SW-medewerkers.\n",
		res.Elapsed.Round(time.Millisecond), res.Rows["candidates"], res.Rows["placements"], res.Rows["enrolments"], res.Rows["exits"], res.Rows["sw_employees"])
	fmt.Fprintln(e.stdout, "\nOpmerkingen bij de gepubliceerde cijfers (ontbrekend of onderling tegenstrijdig) en wat is gegenereerd:")
	for _, n := range res.Notes {
		fmt.Fprintln(e.stdout, "  -", n)
	}
	return demoPresent(ctx, e, db, sealer)
}

// demoPresent adds today's work of the demo accounts to the region.
func demoPresent(ctx context.Context, e *env, db *store.DB, sealer *store.Sealer) error {
	users := store.NewUserService(db)
	octx := werkpad.OperatorContext(ctx)
	var pu demo.PresentUsers
	for _, a := range []struct {
		email string
		to    **werkpad.User
	}{{demoAccounts[2].Email, &pu.Consultant}, {demoAccounts[3].Email, &pu.Adviser}, {demoAccounts[4].Email, &pu.Municipality}} {
		u, err := users.FindUserByEmail(octx, a.email)
		if err != nil {
			return err
		}
		*a.to = u
	}
	today := werkpad.Today(time.Now())
	res, err := demo.Present(ctx, db, sealer, today, pu)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nVandaag (%s): %d kandidaten in de caseload van %s, %d werkprofielen, %d werkgevers, %d open vacatures, %d aanmeldingen, %d signalen zonder besluit, %d herbeoordelingen loonwaarde, %d klachten.\n",
		today.Dutch(), res.Caseload, pu.Consultant.Name, res.Profiles, res.Employers, res.Vacancies, res.Referrals, res.Signals, res.Reassessments, res.Complaints)
	return nil
}

// createDemoAccounts creates the demo accounts that do not exist yet and prints
// their passwords once.
func createDemoAccounts(ctx context.Context, e *env, db *store.DB) error {
	users := store.NewUserService(db)
	octx := werkpad.OperatorContext(ctx)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	created := 0
	for _, a := range demoAccounts {
		if _, err := users.FindUserByEmail(octx, a.Email); err == nil {
			continue
		} else if werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			return err
		}
		u := a
		pw := werkpad.GeneratePassword()
		if err := users.CreateUser(octx, &u, pw); err != nil {
			return err
		}
		if created == 0 {
			fmt.Fprintln(tw, "ROL\tE-MAILADRES\tWACHTWOORD (één keer getoond)")
		}
		created++
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Role.Label(), u.Email, pw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if created == 0 {
		fmt.Fprintln(e.stdout, "De demo-accounts bestaan al; er is niets veranderd. Hun wachtwoorden zijn alleen bij de eerste keer getoond.")
		fmt.Fprintln(e.stdout, "Een nieuw wachtwoord (één keer getoond) maakt u met:")
		fmt.Fprintf(e.stdout, "  ./werkpad user reset-password --email %s\n", demoAccounts[1].Email)
		fmt.Fprintln(e.stdout, "met het e-mailadres van een van deze accounts:")
		for _, a := range demoAccounts {
			fmt.Fprintf(e.stdout, "  %-20s %s\n", a.Role.Label(), a.Email)
		}
	}
	return nil
}
