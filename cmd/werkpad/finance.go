package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"werkpad"
	"werkpad/finance"
	"werkpad/store"
)

const financeHelp = `Werkt met de financiële tabellen van de tussenrapportage. Bij de eerste migratie laadt
werkpad de meegeleverde tabellen 2024 (report/published/finance-2024.yaml) zelf.`

func financeCommands() []*command {
	return []*command{
		{name: "check", summary: "reken de financiële tabellen na", usage: "finance check [--json] [--year 2024]",
			help: `Rekent elke tabel na zoals die in de database staat: totalen tegen hun regels en kolommen,
de verschilkolom tegen prognose en begroting, SE × kostprijs per SE tegen de bijdrage, en
mutatietabellen tegen prognose en begroting (in de tekenconventie van de tabel zelf). Een
verschil dat de afronding van de gedrukte termen kan verklaren (hoogstens ⌈n/2⌉ eenheden bij
n termen) heet "rounding", een groter verschil "inconsistent". Cijfers die niet leesbaar
gedrukt zijn, blijven buiten de controle en worden genoemd. Exitcode 0 als de controle kon
draaien, wat die ook vond.`,
			flags: []string{"database-url", "json", "year"}, readOnly: true, run: runFinanceCheck},
		{name: "load", summary: "laad de meegeleverde tabellen 2024", usage: "finance load [--replace]",
			help:  "Laadt de meegeleverde tabellen 2024 (report/published/finance-2024.yaml); dat gebeurt ook\nvanzelf bij de eerste migratie.",
			flags: []string{"database-url", "replace"}, run: runFinanceLoad},
		financeImport("finance import", "werk bedragen bij uit een grootboek-CSV (standaard een proefdraai)"),
	}
}

// financeImport is the entry of "finance import", also reachable as
// "import finance".
func financeImport(path, summary string) *command {
	return &command{name: path[strings.LastIndex(path, " ")+1:], summary: summary, usage: path + " BESTAND.csv [--apply] [--year 2024]",
		help: `Leest een grootboek-CSV (tabel;rij;kolom;bedrag, zie README.md, "Financiën importeren").
Zonder --apply is het een proefdraai op een bestaande database: elke foute regel wordt met
regelnummer en reden gemeld en er wordt niets opgeslagen. Met --apply gaat alles in één
transactie, of niets. Exitcode 1 bij een foute regel.`,
		flags: []string{"database-url", "apply", "year"}, readOnly: true,
		run: func(ctx context.Context, e *env, args []string) error { return runImportFinance(ctx, e, path, args) }}
}

func runFinanceLoad(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "finance load")
	dbURL := dbFlag(fs)
	replace := fs.Bool("replace", false, "vervang tabellen die al geladen zijn")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := finance.Load()
	if err != nil {
		return err
	}
	if err := store.NewFinanceService(db).LoadFinance(werkpad.OperatorContext(ctx), tables, *replace); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Financiële tabellen %d geladen: %d tabellen.\n", finance.Year, len(tables))
	return nil
}

func runFinanceCheck(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "finance check")
	dbURL := dbFlag(fs)
	asJSON := fs.Bool("json", false, "schrijf de bevindingen als JSON")
	year := fs.Int("year", finance.Year, "het jaar van de tabellen")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExistingDB(ctx, *dbURL)

	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewFinanceService(db)
	octx := werkpad.OperatorContext(ctx)
	tables, err := svc.FindFinanceTables(octx, *year)
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Er zijn geen financiële tabellen voor %d geladen.", *year)
	}
	findings, unchecked := werkpad.CheckFinance(tables)
	if *asJSON {
		return writeFinanceJSON(e.stdout, findings)
	}
	return writeFinanceText(e.stdout, tables, findings, unchecked)
}

// writeFinanceJSON prints exactly {"findings":[{table,row,column,published,
// computed,difference,kind}]}; amounts in the unit of the cell.
func writeFinanceJSON(w io.Writer, findings []werkpad.FinanceFinding) error {
	type finding struct {
		Table      string `json:"table"`
		Row        string `json:"row"`
		Column     string `json:"column"`
		Published  int64  `json:"published"`
		Computed   int64  `json:"computed"`
		Difference int64  `json:"difference"`
		Kind       string `json:"kind"`
	}
	out := struct {
		Findings []finding `json:"findings"`
	}{Findings: []finding{}}
	for _, f := range findings {
		out.Findings = append(out.Findings, finding{f.Table, f.Row, f.Column, f.Published, f.Computed, f.Difference, string(f.Kind)})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeFinanceText prints per table its findings and what stayed unchecked.
func writeFinanceText(w io.Writer, tables []*werkpad.FinanceTable, findings []werkpad.FinanceFinding, unchecked []werkpad.FinanceUnchecked) error {
	var b strings.Builder
	byTable := map[string][]werkpad.FinanceFinding{}
	for _, f := range findings {
		byTable[f.Table] = append(byTable[f.Table], f)
	}
	type skip struct{ row, reason string }
	skips := map[string][]skip{}
	skipCols := map[string]map[skip][]string{}
	for _, u := range unchecked {
		s := skip{u.Row, string(u.Check) + ": " + u.Reason}
		if skipCols[u.Table] == nil {
			skipCols[u.Table] = map[skip][]string{}
		}
		if _, seen := skipCols[u.Table][s]; !seen {
			skips[u.Table] = append(skips[u.Table], s)
		}
		skipCols[u.Table][s] = append(skipCols[u.Table][s], u.Column)
	}
	var rounding, inconsistent int
	for _, t := range tables {
		fmt.Fprintf(&b, "%s — %s (%d, %s, t/m %s)\n", t.Key, t.Title, t.Year, t.UnitLabel(), t.Through.Dutch())
		fs := byTable[t.Key]
		if len(fs) == 0 && len(skips[t.Key]) == 0 {
			b.WriteString("  geen verschillen\n")
		}
		for _, f := range fs {
			dec := 0
			if c, ok := t.Column(f.Column); ok {
				dec = c.Decimals
			}
			if f.Kind == werkpad.FinanceInconsistent {
				inconsistent++
			} else {
				rounding++
			}
			fmt.Fprintf(&b, "  %-12s %-11s %s | %s: gedrukt %s, berekend %s, verschil %s (marge %s)\n",
				f.Kind, f.Check, f.Row, f.Column, finance.FormatAmount(f.Published, dec), finance.FormatAmount(f.Computed, dec),
				finance.FormatAmount(f.Difference, dec), finance.FormatAmount(f.Tolerance, dec))
		}
		for _, s := range skips[t.Key] {
			cols := skipCols[t.Key][s]
			what := strings.Join(cols, ", ")
			if len(cols) > 3 {
				what = fmt.Sprintf("%d kolommen", len(cols))
			}
			fmt.Fprintf(&b, "  niet gecontroleerd: %s (%s) — %s\n", s.row, what, s.reason)
		}
		for _, n := range t.Notes {
			fmt.Fprintf(&b, "  noot: %s\n", n)
		}
	}
	fmt.Fprintf(&b, "\n%d verschillen: %d afronding (rounding), %d inconsistent; %d cijfers niet gecontroleerd.\n",
		len(findings), rounding, inconsistent, len(unchecked))
	_, err := io.WriteString(w, b.String())
	return err
}

// runImportFinance reads a ledger CSV and, with --apply, stores it in one
// transaction. It is registered as "werkpad finance import"; the general
// "werkpad import" command should dispatch "import finance" here.
func runImportFinance(ctx context.Context, e *env, path string, args []string) error {
	fs := flags(e, path)
	dbURL := dbFlag(fs)
	apply := fs.Bool("apply", false, "sla de bedragen op (zonder: proefdraai, er wordt niets opgeslagen)")
	year := fs.Int("year", finance.Year, "het jaar van de tabellen")
	// The file may stand before, between or after the flags.
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError(path, "geef een CSV-bestand op")
	}
	if len(pos) > 1 {
		return usageError(path, "onverwacht argument %q", pos[1])
	}
	file := pos[0]
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, errs := finance.ParseLedger(f)

	open := openExistingDB // a dry run changes nothing, so it creates no database either
	if *apply {
		open = openDB
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewFinanceService(db)
	octx := werkpad.OperatorContext(ctx)
	tables, err := svc.FindFinanceTables(octx, *year)
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Er zijn geen financiële tabellen voor %d geladen.", *year)
	}
	updates, bad := finance.ResolveLedger(tables, lines)
	errs = append(errs, bad...)
	finance.SortByLine(errs)
	for _, err := range errs {
		fmt.Fprintf(e.stdout, "%s: %s\n", werkpad.ErrorField(err), werkpad.ErrorMessage(err))
	}
	total := len(lines) + len(errs) - len(bad)
	if len(errs) > 0 {
		return &exitError{1, fmt.Sprintf("werkpad %s: %d van %d regels afgekeurd; er is niets opgeslagen.", path, len(errs), total)}
	}
	if !*apply {
		fmt.Fprintf(e.stdout, "%d regels in orde (proefdraai): er is niets opgeslagen. Sla op met --apply.\n", len(updates))
		return nil
	}
	if err := svc.SetFinanceCells(octx, *year, updates); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d bedragen opgeslagen in de financiële tabellen %d.\n", len(updates), *year)
	return nil
}

// seedFinance loads the shipped 2024 finance tables into a database that
// has none for 2024, so that a fresh database can check them at once.
func seedFinance(ctx context.Context, db *store.DB) error {
	svc := store.NewFinanceService(db)
	octx := werkpad.OperatorContext(ctx)
	tables, err := svc.FindFinanceTables(octx, finance.Year)
	if err != nil || len(tables) > 0 {
		return err
	}
	shipped, err := finance.Load()
	if err != nil {
		return err
	}
	if err := svc.LoadFinance(octx, shipped, false); err != nil && werkpad.ErrorCode(err) != werkpad.ECONFLICT {
		return fmt.Errorf("meegeleverde financiële tabellen laden: %w", err)
	}
	return nil
}
