package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"werkpad"
	"werkpad/store"
)

const userSynopsis = `Beheert gebruikers.

  werkpad user add --email E --name N --role R [--municipality GM0268]... [--password-stdin]
  werkpad user list
  werkpad user set-role --email E --role R
  werkpad user set-scope --email E [--municipality GM0268]...   (geen gemeente = alle, niet voor rol gemeente)
  werkpad user disable --email E
  werkpad user enable --email E
  werkpad user unlock --email E
  werkpad user reset-password --email E [--password-stdin]

Rollen: consulent, werkgeversadviseur, gemeente, controller, beheerder.
Zonder --password-stdin wordt een sterk wachtwoord gemaakt en één keer getoond.`

// multiFlag collects a repeatable flag; a value may also hold a comma list.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*m = append(*m, strings.ToUpper(p))
		}
	}
	return nil
}

func runUser(ctx context.Context, e *env, args []string) error {
	if done, err := groupHelp(e, args, userSynopsis); done {
		return err
	}
	sub := args[0]
	fs := flags(e, "user "+sub, userSynopsis)
	dbURL := dbFlag(fs)
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	name := fs.String("name", "", "naam (bij add)")
	role := fs.String("role", "", "rol")
	var scope multiFlag
	fs.Var(&scope, "municipality", "CBS-code van een gemeente in het bereik; herhaalbaar")
	pwStdin := fs.Bool("password-stdin", false, "lees het wachtwoord van standaardinvoer in plaats van er een te maken")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "add", "list", "set-role", "set-scope", "disable", "enable", "unlock", "reset-password":
	default:
		return &exitError{2, fmt.Sprintf("werkpad user: onbekende opdracht %q (zie werkpad user --help)", sub)}
	}
	if sub != "list" && *email == "" {
		return &exitError{2, fmt.Sprintf("werkpad user %s: --email is verplicht", sub)}
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	users := store.NewUserService(db)
	octx := werkpad.OperatorContext(ctx)

	password := func() (string, bool, error) {
		if !*pwStdin {
			return werkpad.GeneratePassword(), true, nil
		}
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", false, fmt.Errorf("geen wachtwoord op standaardinvoer (%v)", err)
		}
		return line, false, nil
	}

	if sub == "list" {
		list, err := users.FindUsers(octx, werkpad.UserFilter{})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tE-MAIL\tNAAM\tROL\tGEMEENTEN\tSTATUS")
		for _, u := range list {
			sc := "alle"
			if !u.AllMunicipalities() {
				sc = strings.Join(u.Municipalities, ",")
			}
			status := "actief"
			if u.Disabled {
				status = "geblokkeerd"
			} else if u.Locked(time.Now()) {
				status = "vergrendeld"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, sc, status)
		}
		return tw.Flush()
	}
	if sub == "add" {
		pw, generated, err := password()
		if err != nil {
			return err
		}
		u := &werkpad.User{Email: *email, Name: *name, Role: werkpad.Role(*role), Municipalities: scope}
		if err := users.CreateUser(octx, u, pw); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Gebruiker %s (%s) aangemaakt met id %d.\n", u.Email, u.Role, u.ID)
		if generated {
			fmt.Fprintf(e.stdout, "Wachtwoord (wordt één keer getoond): %s\n", pw)
		}
		return nil
	}

	u, err := users.FindUserByEmail(octx, *email)
	if err != nil {
		return err
	}
	switch sub {
	case "set-role":
		r := werkpad.Role(*role)
		_, err = users.UpdateUser(octx, u.ID, werkpad.UserUpdate{Role: &r})
	case "set-scope":
		s := []string(scope)
		_, err = users.UpdateUser(octx, u.ID, werkpad.UserUpdate{Municipalities: &s})
	case "disable", "enable":
		d := sub == "disable"
		_, err = users.UpdateUser(octx, u.ID, werkpad.UserUpdate{Disabled: &d})
	case "unlock":
		err = users.Unlock(octx, u.ID)
	case "reset-password":
		pw, generated, perr := password()
		if perr != nil {
			return perr
		}
		if err = users.SetPassword(octx, u.ID, pw); err == nil && generated {
			fmt.Fprintf(e.stdout, "Nieuw wachtwoord (wordt één keer getoond): %s\n", pw)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Gebruiker %s bijgewerkt (%s).\n", u.Email, sub)
	return nil
}

const tokenSynopsis = `Beheert persoonlijke API-tokens.

  werkpad token create --email E [--name LABEL]   maakt een token en toont het één keer
  werkpad token list --email E
  werkpad token revoke --id N`

func runToken(ctx context.Context, e *env, args []string) error {
	if done, err := groupHelp(e, args, tokenSynopsis); done {
		return err
	}
	sub := args[0]
	fs := flags(e, "token "+sub, tokenSynopsis)
	dbURL := dbFlag(fs)
	email := fs.String("email", "", "e-mailadres van de eigenaar")
	name := fs.String("name", "token", "naam van het token")
	id := fs.Int64("id", 0, "id van het token (bij revoke)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case sub != "create" && sub != "list" && sub != "revoke":
		return &exitError{2, fmt.Sprintf("werkpad token: onbekende opdracht %q (zie werkpad token --help)", sub)}
	case sub == "revoke" && *id == 0:
		return &exitError{2, "werkpad token revoke: --id is verplicht"}
	case sub != "revoke" && *email == "":
		return &exitError{2, fmt.Sprintf("werkpad token %s: --email is verplicht", sub)}
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	octx := werkpad.OperatorContext(ctx)
	auth := store.NewAuthService(db)
	if sub == "revoke" {
		if err := auth.RevokeToken(octx, *id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Token %d ingetrokken.\n", *id)
		return nil
	}
	u, err := store.NewUserService(db).FindUserByEmail(octx, *email)
	if err != nil {
		return err
	}
	if sub == "list" {
		toks, err := auth.FindTokens(octx, u.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAAM\tAANGEMAAKT\tSTATUS")
		for _, t := range toks {
			status := "actief"
			if t.RevokedAt != nil {
				status = "ingetrokken"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format("02-01-2006 15:04"), status)
		}
		return tw.Flush()
	}
	t, err := auth.CreateToken(octx, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Token %d voor %s (wordt één keer getoond):\n", t.ID, u.Email)
	fmt.Fprintln(e.stdout, t.Secret)
	return nil
}

func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(e.stdout, "Gebruik: werkpad audit verify [--database-url URL]\n\nControleert de hashketen van het auditlog. Exitcode 0: intact; 1: verbroken (de eerste gebroken regel wordt genoemd).")
			return nil
		}
		return &exitError{2, "werkpad audit: gebruik werkpad audit verify (zie werkpad audit --help)"}
	}
	fs := flags(e, "audit verify", "Controleert de hashketen van het auditlog. Exitcode 0: intact; 1: verbroken.")
	dbURL := dbFlag(fs)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	broken, checked, err := store.NewAuditService(db).VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if broken != nil {
		return &exitError{1, fmt.Sprintf("Auditlog VERBROKEN bij regel %d (%s, %s %s %s): deze regel of een regel ervoor is gewijzigd of verwijderd.",
			broken.ID, broken.At.Format(time.RFC3339), broken.Action, broken.Entity, broken.EntityID)}
	}
	fmt.Fprintf(e.stdout, "Auditlog intact: %d regels gecontroleerd.\n", checked)
	return nil
}
