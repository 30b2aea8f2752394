package main

import (
	"context"
	"fmt"
	"slices"
	"text/tabwriter"

	"werkpad"
	"werkpad/store"
)

const swSynopsis = `Toont de SW-medewerkers (Wsw) per gemeente op een dag.

  werkpad sw status [--date 2024-06-30]

Per gemeente en voor de regio: het aantal medewerkers in dienst, hun SE en
het aandeel per rij van "werken op locatie" (werkvorm, of leegloop / niet
beschikbaar), in procenten met één decimaal van het aantal medewerkers.
Zonder --date: vandaag.`

func runSW(ctx context.Context, e *env, args []string) error {
	if done, err := groupHelp(e, args, swSynopsis); done {
		return err
	}
	if args[0] != "status" {
		return &exitError{2, fmt.Sprintf("werkpad sw: onbekende opdracht %q (zie werkpad sw --help)", args[0])}
	}
	fs := flags(e, "sw status", swSynopsis)
	dbURL := dbFlag(fs)
	day := fs.String("date", "", "de dag (JJJJ-MM-DD of DD-MM-JJJJ); standaard vandaag")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	d := werkpad.Today(db.Now())
	if *day != "" {
		if d, err = werkpad.ParseDate(*day); err != nil {
			return err
		}
	}
	// The SW figures are read by a controller; the operator at the command
	// line reads them as one (a read, so nothing is audited).
	rctx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{
		User: &werkpad.User{Email: "cli", Name: "Beheer (opdrachtregel)", Role: werkpad.RoleController}, Via: "cli"})
	recs, err := store.NewSWService(db).SWRecords(rctx, werkpad.Period{From: d, To: d})
	if err != nil {
		return err
	}
	return writeSWStatus(e, d, recs)
}

func writeSWStatus(e *env, d werkpad.Date, recs []werkpad.SWEmployeeRecord) error {
	fmt.Fprintf(e.stdout, "SW-medewerkers op %s\n\n", d.Dutch())
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "gemeente\taantal\tSE\t")
	for _, r := range werkpad.LocationRows {
		fmt.Fprintf(w, "%s\t", r.Label())
	}
	fmt.Fprintln(w, "buiten de muren\t")
	totals := werkpad.SWTotalsOn(recs, d)
	codes := make([]string, 0, len(totals))
	for c := range totals {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	line := func(label, code string, t werkpad.SWTotals) {
		shares, outside := werkpad.LocationShares(werkpad.LocationCounts(recs, code, d))
		fmt.Fprintf(w, "%s\t%d\t%s\t", label, t.Headcount, formatSE(t.SEThousandths))
		for _, r := range werkpad.LocationRows {
			fmt.Fprintf(w, "%s\t", shares[r])
		}
		fmt.Fprintf(w, "%s\t\n", outside)
	}
	var region werkpad.SWTotals
	for _, c := range codes {
		line(c, c, totals[c])
		region.Headcount += totals[c].Headcount
		region.SEThousandths += totals[c].SEThousandths
	}
	line("regio", "", region)
	return w.Flush()
}

// formatSE writes thousandths of an SE with a decimal comma: 98123 → "98,123".
func formatSE(th int64) string { return fmt.Sprintf("%d,%03d", th/1000, th%1000) }
