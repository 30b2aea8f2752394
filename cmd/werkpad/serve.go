package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"werkpad"
	"werkpad/dvo"
	whttp "werkpad/http"
	"werkpad/report"
	"werkpad/store"
)

const serveHelp = `Start de webserver: de gebruikersinterface op / en de API op /api/v1, met /healthz,
/readyz en /metrics. Werkt het databaseschema eerst bij (en maakt een nieuwe database aan).
Bij de eerste start zonder gebruikers maakt WERKPAD_ADMIN_PASSWORD een beheerder aan
(e-mailadres WERKPAD_ADMIN_EMAIL, standaard beheerder@werkpad.local).`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve")
	addr := fs.String("addr", envOr("WERKPAD_ADDR", "127.0.0.1:8080"), "adres om op te luisteren (env WERKPAD_ADDR)")
	dbURL := dbFlag(fs)
	secure := fs.Bool("secure-cookies", envOr("WERKPAD_SECURE_COOKIES", "") == "true",
		"zet Secure op cookies, ook zonder TLS, als werkpad achter een TLS-proxy draait (env WERKPAD_SECURE_COOKIES=true)")
	showRegion := fs.Bool("report-show-region-to-municipalities", envOr("WERKPAD_REPORT_SHOW_REGION", "") == "true",
		"toon gemeentegebruikers op /rapportages ook de regionale (geaggregeerde) cijfers (env WERKPAD_REPORT_SHOW_REGION=true)")
	proxies := fs.String("trusted-proxies", envOr("WERKPAD_TRUSTED_PROXIES", ""),
		"komma-gescheiden adressen of netwerken van reverse proxies waarvan X-Forwarded-For het clientadres geeft, bijvoorbeeld 10.0.0.0/8 (env WERKPAD_TRUSTED_PROXIES)")
	if err := parse(fs, args); err != nil {
		return err
	}
	trusted, err := whttp.ParseTrustedProxies(*proxies)
	if err != nil {
		return usageError("serve", "--trusted-proxies: %v", err)
	}
	logger := newLogger(e.stderr)
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := bootstrapAdmin(ctx, db, e); err != nil {
		return err
	}

	srv := whttp.NewServer()
	srv.Addr, srv.Logger, srv.Version, srv.SecureCookies = *addr, logger, version, *secure
	srv.DB, srv.Ready, srv.TrustedProxies = db.SQL(), db.Ready, trusted
	srv.Users = store.NewUserService(db)
	srv.Auth = store.NewAuthService(db)
	srv.Audit = store.NewAuditService(db)
	srv.Municipalities = store.NewMunicipalityService(db)
	srv.Agreements = store.NewAgreementService(db)
	sealer, err := openSealer(ctx, db)
	if err != nil {
		return err
	}
	srv.Candidates = store.NewCandidateService(db, sealer)
	srv.Referrals = store.NewReferralService(db, sealer)
	srv.Enrolments = store.NewEnrolmentService(db)
	srv.Placements = store.NewPlacementService(db)
	srv.Exits = store.NewExitService(db)
	srv.Signals = store.NewSignalService(db)
	srv.AgreementExports = dvo.Exporter{}
	srv.Indicators, srv.Reports = store.NewIndicatorService(db), report.Renderer{}
	srv.ReportChapters = werkpad.ReportSources{SW: store.NewSWService(db), LKS: store.NewLKSService(db), Finance: store.NewFinanceService(db)}
	srv.ReportJobs = store.NewReportJobService(db)
	srv.ReportRegionForMunicipalities = *showRegion
	srv.SW, srv.LKS = store.NewSWService(db), store.NewLKSService(db)
	matches := store.NewMatchService(db)
	srv.Employers, srv.Vacancies = store.NewEmployerService(db), store.NewVacancyService(db)
	srv.Matches, srv.MatchExclusions, srv.Secondments = matches, matches, matches
	if err := srv.Open(); err != nil {
		return err
	}
	logger.Info("werkpad luistert", "url", srv.URL(), "database", string(db.Dialect), "versie", version)
	fmt.Fprintf(e.stdout, "werkpad draait op %s (stop met Ctrl+C)\n", srv.URL())

	<-ctx.Done()
	logger.Info("werkpad stopt")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Close(sctx)
}

// bootstrapAdmin creates the first beheerder from WERKPAD_ADMIN_PASSWORD
// when the database has no accounts yet.
func bootstrapAdmin(ctx context.Context, db *store.DB, e *env) error {
	pw := envOr("WERKPAD_ADMIN_PASSWORD", "")
	if pw == "" {
		return nil
	}
	users := store.NewUserService(db)
	n, err := users.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	u := &werkpad.User{
		Email: strings.ToLower(envOr("WERKPAD_ADMIN_EMAIL", "beheerder@werkpad.local")),
		Name:  "Beheerder", Role: werkpad.RoleAdmin,
	}
	if err := users.CreateUser(werkpad.OperatorContext(ctx), u, pw); err != nil {
		return fmt.Errorf("eerste beheerder aanmaken: %w", err)
	}
	fmt.Fprintf(e.stdout, "Eerste beheerder aangemaakt: %s\n", u.Email)
	return nil
}
