package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"werkpad"
	"werkpad/report"
	"werkpad/store"
)

const swStatusHelp = `Toont per gemeente en voor de regio: het aantal SW-medewerkers (Wsw) in dienst, hun SE en
het aandeel per rij van "werken op locatie" (werkvorm, of leegloop / niet beschikbaar), in
procenten met één decimaal van het aantal medewerkers. Elke gemeente staat erin, ook een
zonder SW-medewerkers. Datum als dd-mm-jjjj; zonder --date: vandaag.`

func runSWStatus(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "sw status")
	dbURL := dbFlag(fs)
	day := fs.String("date", "", "de dag (dd-mm-jjjj); standaard vandaag")
	if err := parse(fs, args); err != nil {
		return err
	}
	var d werkpad.Date
	if *day != "" {
		var err error
		if d, err = werkpad.ParseDate(*day); err != nil {
			return usageError("sw status", "--date: %s", werkpad.ErrorMessage(err))
		}
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if d.IsZero() {
		d = werkpad.Today(db.Now())
	}
	// The SW figures are read by a controller; the operator at the command
	// line reads them as one (a read, so nothing is audited).
	rctx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{
		User: &werkpad.User{Email: "cli", Name: "Beheer (opdrachtregel)", Role: werkpad.RoleController}, Via: "cli"})
	recs, err := store.NewSWService(db).SWRecords(rctx, werkpad.Period{From: d, To: d})
	if err != nil {
		return err
	}
	ms, err := store.NewMunicipalityService(db).FindMunicipalities(rctx)
	if err != nil {
		return err
	}
	return writeSWStatus(e, d, ms, recs)
}

// writeSWStatus prints one row per municipality (by name, as the UI's /sw
// does, also those without SW employees) and the region.
func writeSWStatus(e *env, d werkpad.Date, ms []*werkpad.Municipality, recs []werkpad.SWEmployeeRecord) error {
	fmt.Fprintf(e.stdout, "SW-medewerkers op %s\n\n", d.Dutch())
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "gemeente\taantal\tSE\t")
	for _, r := range werkpad.LocationRows {
		fmt.Fprintf(w, "%s\t", r.Label())
	}
	fmt.Fprintln(w, "buiten de muren\t")
	totals := werkpad.SWTotalsOn(recs, d)
	line := func(label, code string, t werkpad.SWTotals) {
		shares, outside := werkpad.LocationShares(werkpad.LocationCounts(recs, code, d))
		fmt.Fprintf(w, "%s\t%d\t%s\t", label, t.Headcount, formatSE(t.SEThousandths))
		for _, r := range werkpad.LocationRows {
			fmt.Fprintf(w, "%s\t", shares[r])
		}
		fmt.Fprintf(w, "%s\t\n", outside)
	}
	var region werkpad.SWTotals
	for _, m := range ms {
		line(m.Name, m.Code, totals[m.Code])
		region.Headcount += totals[m.Code].Headcount
		region.SEThousandths += totals[m.Code].SEThousandths
	}
	line("regio", "", region)
	return w.Flush()
}

// formatSE writes thousandths of an SE with a decimal comma: 98123 → "98,123".
func formatSE(th int64) string { return report.Dutch(float64(th)/1000, 3, true) }
