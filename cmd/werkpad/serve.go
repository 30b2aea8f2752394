package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
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
(e-mailadres WERKPAD_ADMIN_EMAIL, standaard beheerder@werkpad.local).

/metrics antwoordt alleen aan deze machine (127.0.0.1 of ::1, niet via een proxy), of aan
wie het token uit WERKPAD_METRICS_TOKEN meestuurt (Authorization: Bearer …); anderen krijgen 404.
Duren schrijft u als 30m, 12h of 8760h; --token-lifetime 0 betekent: geldig tot ingetrokken.

Inloggen via de organisatie (OpenID Connect, authorization code flow met PKCE): zet
--oidc-issuer, --oidc-client-id, --oidc-redirect-url en --oidc-role-map, en het client secret
in WERKPAD_OIDC_CLIENT_SECRET. Rol en gemeenten komen uit claims van het ID-token; een account
wordt bij de eerste keer inloggen aangemaakt (zonder wachtwoord) en daarna bijgewerkt. Wie geen
rol krijgt, komt niet binnen. --local-login admin laat alleen beheerders nog met een wachtwoord
inloggen (noodtoegang); off zet inloggen met een wachtwoord helemaal uit. Zie de README.`

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
	var badEnv []string
	idle := durationFlag(fs, &badEnv, "session-idle", "WERKPAD_SESSION_IDLE", 30*time.Minute, "een sessie die zo lang niet gebruikt is, vervalt")
	maxAge := durationFlag(fs, &badEnv, "session-max", "WERKPAD_SESSION_MAX", 12*time.Hour, "een sessie vervalt zo lang na het inloggen, hoe actief ook")
	tokenLife := durationFlag(fs, &badEnv, "token-lifetime", "WERKPAD_TOKEN_LIFETIME", 365*24*time.Hour, "een API-token is zo lang geldig na het maken; 0: tot intrekken")
	oidcOpts := addOIDCFlags(fs)
	retentionOn := fs.Bool("retention", envOr("WERKPAD_RETENTION", "on") != "off",
		"anonimiseer elke dag wat zijn bewaartermijn voorbij is (zie werkpad retention --help; uit met --retention=false of env WERKPAD_RETENTION=off)")
	cy, ry := retentionPolicy(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	policy := werkpad.RetentionPolicy{CandidateYears: *cy, ReferralYears: *ry}
	if err := policy.Validate(); err != nil {
		return usageError("serve", "%s", werkpad.ErrorMessage(err))
	}
	oidcCfg, localLogin, err := oidcOpts.config()
	if err != nil {
		return err
	}
	if len(badEnv) > 0 {
		return usageError("serve", "%s", strings.Join(badEnv, "; "))
	}
	for name, d := range map[string]time.Duration{"session-idle": *idle, "session-max": *maxAge} {
		if d < time.Minute {
			return usageError("serve", "--%s moet minstens 1m zijn", name)
		}
	}
	if *tokenLife < 0 {
		return usageError("serve", "--token-lifetime mag niet negatief zijn")
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
	sealer, err := openSealer(ctx, db)
	if err != nil {
		return err
	}
	defer wireServices(srv, db, sealer)()
	auth := store.NewAuthService(db)
	auth.IdleTimeout, auth.AbsoluteTimeout, auth.TokenLifetime = *idle, *maxAge, *tokenLife
	auth.LocalLogin, srv.OIDC, srv.LocalLogin = localLogin, oidcCfg, localLogin
	srv.Auth = auth
	srv.MetricsToken = os.Getenv("WERKPAD_METRICS_TOKEN")
	srv.ReportRegionForMunicipalities = *showRegion
	srv.RetentionPolicy, srv.RetentionDaily = policy, *retentionOn
	if err := srv.Open(); err != nil {
		return err
	}
	logger.Info("werkpad luistert", "url", srv.URL(), "database", string(db.Dialect), "versie", version)
	if *retentionOn {
		go dailyRetention(ctx, db, policy, logger)
	}
	go keepStatistics(ctx, db, logger)
	fmt.Fprintf(e.stdout, "werkpad draait op %s (stop met Ctrl+C)\n", srv.URL())

	<-ctx.Done()
	logger.Info("werkpad stopt")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Close(sctx)
}

// wireServices gives srv the store's services on db: everything a running
// server needs but its settings (serve) — also used by bench to time the
// pages users get. closeAll stops what it started (the PDF browser).
func wireServices(srv *whttp.Server, db *store.DB, sealer *store.Sealer) (closeAll func()) {
	srv.DB, srv.Ready = db.SQL(), db.Ready
	srv.Users = store.NewUserService(db)
	srv.Auth = store.NewAuthService(db)
	srv.Audit = store.NewAuditService(db)
	srv.Municipalities = store.NewMunicipalityService(db)
	srv.Agreements = store.NewAgreementService(db)
	srv.Candidates = store.NewCandidateService(db, sealer)
	srv.Referrals = store.NewReferralService(db, sealer)
	srv.Enrolments = store.NewEnrolmentService(db)
	srv.Placements = store.NewPlacementService(db)
	srv.Exits = store.NewExitService(db)
	srv.Signals = store.NewSignalService(db)
	srv.Complaints = store.NewComplaintService(db)
	srv.AgreementExports = dvo.Exporter{}
	// One Chromium prints every PDF of the server (reports and
	// subject-access copies), started at the first and kept running
	// (closeAll stops it).
	renderer := report.Renderer{}
	closeAll = func() {}
	if c := report.Chromium(); c != "" {
		renderer.Browser = report.NewBrowser(c)
		srv.Browser = renderer.Browser
		closeAll = renderer.Browser.Close
	}
	srv.Indicators, srv.Reports = store.NewIndicatorService(db), renderer
	srv.ChapterFigures = store.NewChapterFigureService(db)
	srv.Retention = store.NewRetentionService(db)
	srv.ReportChapters = store.NewReportSources(db)
	srv.Surveys = store.NewSurveyService(db)
	srv.ReportJobs = store.NewReportJobService(db)
	srv.Logboek = store.NewProcessingLog(db)
	srv.SW, srv.LKS = store.NewSWService(db), store.NewLKSService(db)
	matches := store.NewMatchService(db)
	srv.Employers, srv.Vacancies = store.NewEmployerService(db), store.NewVacancyService(db)
	srv.Matches, srv.MatchExclusions, srv.Secondments = matches, matches, matches
	return closeAll
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

// durationFlag registers a duration option whose default comes from env;
// a malformed env value is added to bad, to be reported as a usage error.
func durationFlag(fs *cmdFlags, bad *[]string, name, env string, def time.Duration, usage string) *time.Duration {
	if v := os.Getenv(env); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			def = d
		} else {
			*bad = append(*bad, fmt.Sprintf("%s=%q is geen duur (zoals 30m of 12h)", env, v))
		}
	}
	return fs.Duration(name, def, usage+" (env "+env+")")
}

// keepStatistics refreshes SQLite's planner statistics at start and then
// every six hours (store.Optimize; usually a no-op of milliseconds): a
// database that grows through the screens and imports is never analysed
// otherwise.
func keepStatistics(ctx context.Context, db *store.DB, logger *slog.Logger) {
	for {
		start := time.Now()
		if err := db.Optimize(ctx); err != nil && ctx.Err() == nil {
			logger.Error("statistieken bijwerken", "fout", err)
		} else if ctx.Err() == nil {
			logger.Debug("statistieken bijgewerkt", "duur", time.Since(start))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(6 * time.Hour):
		}
	}
}

// dailyRetention runs the retention policy once a day (store leases the
// day's run, so of several instances one does it): at start and then every
// hour it asks whether today's run is still to do.
func dailyRetention(ctx context.Context, db *store.DB, policy werkpad.RetentionPolicy, logger *slog.Logger) {
	svc := store.NewRetentionService(db)
	for {
		var run *werkpad.RetentionRun
		err := withLogboek(werkpad.OperatorContext(ctx), db, "werkpad serve: bewaartermijnen", werkpad.ActivityRetention, func(ctx context.Context) (err error) {
			run, err = svc.RunDailyRetention(ctx, policy)
			return err
		})
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("bewaartermijnen", "fout", err)
		case run != nil:
			logger.Info("bewaartermijnen", "geanonimiseerd", run.Anonymised, "peildatum", run.On.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
