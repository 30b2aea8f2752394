package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"werkpad"
	"werkpad/store"
)

const demoSynopsis = `Vult een database met demogegevens voor een nieuwe gebruiker van werkpad:
één account per rol (wachtwoorden worden één keer getoond).
Bestaan de demo-accounts al, dan verandert er niets.`

// demoAccounts are the accounts a newcomer can sign in with.
var demoAccounts = []werkpad.User{
	{Email: "beheerder@demo.werkpad.nl", Name: "Bea Beheer", Role: werkpad.RoleAdmin},
	{Email: "controller@demo.werkpad.nl", Name: "Carla Controle", Role: werkpad.RoleController},
	{Email: "consulent@demo.werkpad.nl", Name: "Koen Consulent", Role: werkpad.RoleConsultant},
	{Email: "werkgeversadviseur@demo.werkpad.nl", Name: "Wim Werkgever", Role: werkpad.RoleEmployerAdviser},
	{Email: "nijmegen@demo.werkpad.nl", Name: "Gert Gemeente (Nijmegen)", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0268"}},
	{Email: "bergendal@demo.werkpad.nl", Name: "Bep Berg en Dal", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM1945"}},
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "demo", demoSynopsis)
	dbURL := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
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
		fmt.Fprintln(e.stdout, "De demo-accounts bestaan al; er is niets veranderd.")
	}
	return nil
}
