package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"werkpad"
	"werkpad/store"
)

const retentionHelp = `Anonimiseert wat zijn bewaartermijn voorbij is: een kandidaat een aantal jaren na zijn
uitschrijving, een aanmelding zonder kandidaat een aantal jaren na de terugmelding.
Naam, BSN en alle vrije tekst over de persoon verdwijnen; wat de cijfers tellen (gemeente,
data, uitkering, fase, plaatsingen, trajecten, uitstroom, geboortedatum) blijft, zodat een
rapportage over een afgesloten periode gelijk blijft. Elke anonimisering staat in het auditlog.

Standaard: kandidaten 10 jaar, aanmeldingen 1 jaar (Selectielijst gemeenten en
intergemeentelijke organen 2020; stel de termijnen vast met uw archivaris).
werkpad serve doet dit elke dag zelf (één instantie per dag); --proef toont eerst wat zou gaan.`

// retentionPolicy is the policy of the flags, with their defaults from
// WERKPAD_RETENTION_CANDIDATE_YEARS and WERKPAD_RETENTION_REFERRAL_YEARS.
func retentionPolicy(fs *cmdFlags) (*int, *int) {
	def := func(key string, d int) int {
		if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
			return v
		}
		return d
	}
	c := fs.Int("kandidaat-jaren", def("WERKPAD_RETENTION_CANDIDATE_YEARS", werkpad.DefaultRetention.CandidateYears),
		"jaren na de uitschrijving (env WERKPAD_RETENTION_CANDIDATE_YEARS)")
	r := fs.Int("aanmelding-jaren", def("WERKPAD_RETENTION_REFERRAL_YEARS", werkpad.DefaultRetention.ReferralYears),
		"jaren na de terugmelding van een aanmelding zonder kandidaat (env WERKPAD_RETENTION_REFERRAL_YEARS)")
	return c, r
}

func runRetention(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "retention")
	dbURL := dbFlag(fs)
	dry := fs.Bool("proef", false, "toon wat zou worden geanonimiseerd, verander niets")
	asJSON := fs.Bool("json", false, "schrijf het resultaat als JSON")
	cy, ry := retentionPolicy(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	policy := werkpad.RetentionPolicy{CandidateYears: *cy, ReferralYears: *ry}
	if err := policy.Validate(); err != nil {
		return usageError("retention", "%s", werkpad.ErrorMessage(err))
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var run *werkpad.RetentionRun
	err = withLogboek(werkpad.OperatorContext(ctx), db, "werkpad retention", werkpad.ActivityRetention, func(ctx context.Context) (err error) {
		run, err = store.NewRetentionService(db).RunRetention(ctx, policy, *dry)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(run)
	}
	counts := map[string]int{}
	for _, it := range run.Items {
		counts[it.Kind]++
	}
	verb := "geanonimiseerd"
	if run.DryRun {
		verb = "zouden worden geanonimiseerd (proef: niets veranderd)"
	}
	fmt.Fprintf(e.stdout, "Peildatum %s; bewaartermijn kandidaten %d jaar, aanmeldingen %d jaar.\n", run.On.Dutch(), policy.CandidateYears, policy.ReferralYears)
	fmt.Fprintf(e.stdout, "%s en %s %s.\n", plural(counts["kandidaat"], "kandidaat", "kandidaten"), plural(counts["aanmelding"], "aanmelding", "aanmeldingen"), verb)
	for i, it := range run.Items {
		if i == 20 {
			fmt.Fprintf(e.stdout, "… en nog %d.\n", len(run.Items)-20)
			break
		}
		fmt.Fprintf(e.stdout, "  %s %d (%s): beëindigd %s, termijn verstreken %s\n", it.Kind, it.ID, it.Municipality, it.EndedOn.Dutch(), it.ExpiredOn.Dutch())
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
