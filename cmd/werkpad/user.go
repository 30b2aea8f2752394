package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"werkpad"
	"werkpad/store"
)

const userHelp = `Beheert gebruikers.

Rollen: consulent, werkgeversadviseur, gemeente, controller, beheerder. Een gebruiker met
rol gemeente hoort bij één of meer gemeenten (CBS-codes, bijvoorbeeld GM0268 Nijmegen).
Zonder --password-stdin wordt een sterk wachtwoord gemaakt en één keer getoond.`

func userCommands() []*command {
	leaf := func(name, summary, usage, help string, flags ...string) *command {
		return &command{name: name, summary: summary, usage: "user " + name + usage, help: help,
			flags: append([]string{"database-url"}, flags...), run: userRunner(name)}
	}
	list := leaf("list", "toon alle gebruikers met rol, gemeenten en status", "", "Toont alle gebruikers: e-mailadres, naam, rol, gemeenten en status.")
	list.readOnly = true
	return []*command{
		leaf("add", "maak een gebruiker aan", " --email E --name N --role R [--municipality GM0268]... [--password-stdin]",
			"Maakt een gebruiker aan. Rollen: consulent, werkgeversadviseur, gemeente, controller, beheerder;\n"+
				"de rol gemeente vraagt minstens één --municipality. Zonder --password-stdin wordt een sterk\n"+
				"wachtwoord gemaakt en één keer getoond.",
			"email", "name", "role", "municipality", "password-stdin"),
		list,
		leaf("set-role", "geef een gebruiker een andere rol", " --email E --role R", "Geeft de gebruiker een andere rol.", "email", "role"),
		leaf("set-scope", "stel de gemeenten van een gebruiker in", " --email E [--municipality GM0268]...",
			"Stelt de gemeenten in waarvan de gebruiker de gegevens ziet. Geen --municipality: alle\ngemeenten (niet voor de rol gemeente).", "email", "municipality"),
		leaf("disable", "blokkeer een gebruiker", " --email E", "Blokkeert de gebruiker: aanmelden en API-tokens werken niet meer.", "email"),
		leaf("enable", "deblokkeer een gebruiker", " --email E", "Heft de blokkade van de gebruiker op.", "email"),
		leaf("unlock", "ontgrendel een gebruiker na te veel mislukte aanmeldingen", " --email E",
			"Ontgrendelt een gebruiker die na 5 mislukte aanmeldingen 30 minuten vergrendeld is.", "email"),
		leaf("reset-password", "geef een gebruiker een nieuw wachtwoord", " --email E [--password-stdin]",
			"Geeft de gebruiker een nieuw wachtwoord: een sterk wachtwoord dat één keer wordt getoond,\nof met --password-stdin de eerste regel van de standaardinvoer.", "email", "password-stdin"),
	}
}

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

// userRunner returns the runner of "user sub"; each registers only its own flags.
func userRunner(sub string) func(ctx context.Context, e *env, args []string) error {
	return func(ctx context.Context, e *env, args []string) error { return runUser(ctx, e, sub, args) }
}

func runUser(ctx context.Context, e *env, sub string, args []string) error {
	fs := flags(e, "user "+sub)
	dbURL := dbFlag(fs)
	has := func(name string) bool { return slices.Contains(lookup("user "+sub).flags, name) }
	var email, name, role *string
	var pwStdin *bool
	var scope multiFlag
	if has("email") {
		email = fs.String("email", "", "e-mailadres van de gebruiker")
	}
	if has("name") {
		name = fs.String("name", "", "naam")
	}
	if has("role") {
		role = fs.String("role", "", "rol: consulent, werkgeversadviseur, gemeente, controller of beheerder")
	}
	if has("municipality") {
		fs.Var(&scope, "municipality", "CBS-code van een gemeente in het bereik; herhaalbaar of met komma's")
	}
	if has("password-stdin") {
		pwStdin = fs.Bool("password-stdin", false, "lees het wachtwoord van standaardinvoer in plaats van er een te maken")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if email != nil && *email == "" {
		return usageError("user "+sub, "--email is verplicht")
	}
	open := openDB
	if sub == "list" {
		open = openExistingDB
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	users := store.NewUserService(db)
	octx := werkpad.OperatorContext(ctx)

	password := func() (string, bool, error) {
		if pwStdin == nil || !*pwStdin {
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

func tokenCommands() []*command {
	return []*command{
		{name: "create", summary: "maak een token voor een gebruiker (één keer getoond)", usage: "token create --email E [--name LABEL]",
			help:  "Maakt een persoonlijk API-token voor de gebruiker en toont het één keer op standaarduitvoer.",
			flags: []string{"database-url", "email", "name"}, run: runTokenCreate},
		{name: "list", summary: "toon de tokens van een gebruiker", usage: "token list --email E",
			help:  "Toont de tokens van de gebruiker: id, naam, aanmaakmoment en status (het token zelf niet).",
			flags: []string{"database-url", "email"}, readOnly: true, run: runTokenList},
		{name: "revoke", summary: "trek een token in", usage: "token revoke --id N",
			help:  "Trekt het token met dit id in (zie werkpad token list).",
			flags: []string{"database-url", "id"}, run: runTokenRevoke},
	}
}

func runTokenRevoke(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "token revoke")
	dbURL := dbFlag(fs)
	id := fs.Int64("id", 0, "id van het token")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError("token revoke", "--id is verplicht")
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := store.NewAuthService(db).RevokeToken(werkpad.OperatorContext(ctx), *id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Token %d ingetrokken.\n", *id)
	return nil
}

func runTokenCreate(ctx context.Context, e *env, args []string) error {
	return runToken(ctx, e, "create", args)
}
func runTokenList(ctx context.Context, e *env, args []string) error {
	return runToken(ctx, e, "list", args)
}

func runToken(ctx context.Context, e *env, sub string, args []string) error {
	fs := flags(e, "token "+sub)
	dbURL := dbFlag(fs)
	email := fs.String("email", "", "e-mailadres van de eigenaar")
	name := new(string)
	if sub == "create" {
		name = fs.String("name", "token", "naam van het token")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usageError("token "+sub, "--email is verplicht")
	}
	open := openDB
	if sub == "list" {
		open = openExistingDB
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	octx := werkpad.OperatorContext(ctx)
	auth := store.NewAuthService(db)
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

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "audit verify")
	dbURL := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExistingDB(ctx, *dbURL)
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
