package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"

	"werkpad"
	"werkpad/report"
	"werkpad/store"
)

const reportHelp = `Maakt de Tussenrapportage uit de registratie: per gemeente alle indicatoren
over de periode met de vergelijking met dezelfde periode een jaar eerder, en
het regionale deel: de som van de gemeenten naast het gepubliceerde cijfer
(voor 1-1 t/m 30-6 van 2023 en 2024) en het verschil, en de hoofdstukken
sociale werkvoorziening, loonkostensubsidies en financiën (de tabellen van
het jaar van --to, zoals gepubliceerd, met de controle). Zonder
--municipality over de hele regio; met --public zijn kleine aantallen verborgen (<5).
Datums als dd-mm-jjjj of jjjj-mm-dd.`

func runReport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "report")
	dbURL := dbFlag(fs)
	from := fs.String("from", "", "begindatum van de periode (verplicht)")
	to := fs.String("to", "", "einddatum van de periode (verplicht)")
	var codes multiFlag
	fs.Var(&codes, "municipality", "alleen deze gemeente (CBS-code, bijvoorbeeld GM0268); herhaalbaar")
	format := fs.String("format", "html", "formaat: html, pdf, xlsx, csv of json")
	output := fs.String("output", "", "schrijf naar dit bestand (standaard: de standaarduitvoer)")
	public := fs.Bool("public", false, "openbare versie: aantallen onder --threshold verborgen")
	threshold := fs.Int("threshold", report.DefaultThreshold, "drempel voor kleine aantallen in een openbare versie")
	chart := fs.String("chart", string(werkpad.IndPlacementsUpTo28), "indicator van de staafdiagrammen")
	if err := parse(fs, args); err != nil {
		return err
	}
	per, err := reportPeriod(*from, *to)
	if err != nil {
		return usageError("report", "%s", err)
	}
	f := werkpad.ReportFormat(*format)
	if !slices.Contains(werkpad.ReportFormats, f) {
		return usageError("report", "onbekend formaat %q: kies html, pdf, xlsx, csv of json", *format)
	}
	if k := werkpad.IndicatorKey(*chart); !k.Valid() {
		return usageError("report", "onbekende indicator %q voor --chart", *chart)
	}
	if *threshold < 1 {
		return usageError("report", "--threshold moet 1 of meer zijn")
	}
	if f == werkpad.ReportPDF && report.Chromium() == "" {
		fmt.Fprintln(e.stderr, "Let op: geen Chromium gevonden (zet WERKPAD_CHROMIUM); de PDF wordt zonder toegankelijkheidsstructuur (niet getagd) gemaakt.")
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewIndicatorService(db)
	actx := reportOperator(ctx)
	req, err := store.NewReportSources(db).Compute(actx, svc, per, codes, nil)
	if err != nil {
		return err
	}
	req.Public, req.SuppressBelow, req.Region, req.Chart = *public, *threshold, true, werkpad.IndicatorKey(*chart)
	var buf bytes.Buffer
	if err := (report.Renderer{}).RenderReport(&buf, f, req); err != nil {
		return err
	}
	if *output == "" {
		_, err = buf.WriteTo(e.stdout)
		return err
	}
	if err := os.WriteFile(*output, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Rapportage %s (%s, %s) geschreven naar %s\n", per, f, plural(len(req.Current.Municipalities), "gemeente", "gemeenten"), *output)
	return nil
}

// reportOperator is the operator at the command line reading the figures
// of the whole region (the indicators are for controllers, not beheerders).
func reportOperator(ctx context.Context) context.Context {
	return werkpad.NewContextWithActor(ctx, &werkpad.Actor{
		User: &werkpad.User{Email: "cli", Name: "Beheer (opdrachtregel)", Role: werkpad.RoleController},
		Via:  "cli",
	})
}

// reportPeriod reads --from and --to (dd-mm-jjjj or ISO).
func reportPeriod(from, to string) (werkpad.Period, error) {
	if from == "" || to == "" {
		return werkpad.Period{}, fmt.Errorf("geef --from en --to op (dd-mm-jjjj)")
	}
	f, err := werkpad.ParseDate(from)
	if err != nil {
		return werkpad.Period{}, fmt.Errorf("--from: %s", werkpad.ErrorMessage(err))
	}
	t, err := werkpad.ParseDate(to)
	if err != nil {
		return werkpad.Period{}, fmt.Errorf("--to: %s", werkpad.ErrorMessage(err))
	}
	if t.Before(f) {
		return werkpad.Period{}, fmt.Errorf("--from (%s) ligt na --to (%s)", f.Dutch(), t.Dutch())
	}
	return werkpad.Period{From: f, To: t}, nil
}
