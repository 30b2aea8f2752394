package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"werkpad"
	"werkpad/report"
)

// APIVersion is sent in the API-Version header of every API response.
const APIVersion = "1.0.0"

// Server is werkpad's HTTP server. Fill in the services, then Open.
type Server struct {
	Addr          string
	Logger        *slog.Logger
	Version       string
	SecureCookies bool // set Secure on cookies even without TLS (behind a TLS proxy)

	Users          werkpad.UserService
	Auth           werkpad.AuthService
	Audit          werkpad.AuditService
	Municipalities werkpad.MunicipalityService
	Agreements     werkpad.AgreementService
	Candidates     werkpad.CandidateService
	Referrals      werkpad.ReferralService
	Enrolments     werkpad.EnrolmentService
	Placements     werkpad.PlacementService
	Exits          werkpad.ExitService
	Signals        werkpad.SignalService
	Complaints     werkpad.ComplaintService
	// Surveys are the candidate satisfaction links and the public survey
	// page (/enquete/{token}).
	Surveys werkpad.SurveyService
	// Employer work: the register, vacancies, matching and proposals, the
	// exclusions of a vacancy's hard requirements and the room under the
	// ceiling of detacheringsbanen.
	Employers       werkpad.EmployerService
	Vacancies       werkpad.VacancyService
	Matches         werkpad.MatchService
	MatchExclusions werkpad.MatchExclusionService
	Secondments     werkpad.SecondmentService
	// AgreementExports writes the DVO downloads (XLSX, CSV).
	AgreementExports werkpad.AgreementExporter
	// Indicators computes the figures of the Tussenrapportage; Reports
	// writes it (tables, charts, downloads).
	Indicators werkpad.IndicatorService
	// Retention lists (and the daily job applies) the retention terms of
	// RetentionPolicy; RetentionDaily says whether serve runs it each day.
	Retention       werkpad.RetentionService
	RetentionPolicy werkpad.RetentionPolicy
	RetentionDaily  bool
	// ChapterFigures opens the SW, LKS and complaints figures of a report.
	ChapterFigures werkpad.ChapterFigureService
	Reports        werkpad.ReportRenderer
	// Browser prints the other PDFs (the subject-access copy) in the
	// running Chromium the reports use; nil starts one for each.
	Browser *report.Browser
	// ReportChapters are read into every report: the SW, LKS and finance
	// chapters (a nil service leaves its chapter out).
	ReportChapters werkpad.ReportSources
	// ReportRegionForMunicipalities shows the regional (aggregated) figures
	// to municipality users too; by default only controllers see them.
	ReportRegionForMunicipalities bool
	// ReportSlots is how many reports of the whole region this server
	// makes at once (computing and rendering, downloads, the page
	// /rapportages and report jobs alike); the next wait their turn. 0
	// means half the CPUs, at least one: a report reads its two periods and
	// its chapters side by side already, and the pages of everyone else
	// must keep their share. Reports of some municipalities do not wait.
	ReportSlots int
	// SW is the Wsw administration (pages under /sw); LKS lists the
	// loonwaarde re-assessments due (/loonkostensubsidies).
	SW  werkpad.SWService
	LKS werkpad.LKSService
	// ReportJobs keeps the reports made in the background: their progress,
	// lease and result live in the database, not in this process.
	ReportJobs werkpad.ReportJobService
	// Logboek is the Logboek Dataverwerkingen: every request that
	// processes personal data writes its records there (nil: none).
	Logboek werkpad.ProcessingLog

	// DB is used only for /readyz and pool metrics.
	DB *sql.DB
	// Ready checks that the instance can read and write (database reachable,
	// writable, disk not full) for /readyz; nil falls back to a ping.
	Ready func(context.Context) error
	// MetricsToken, when set, is the bearer token that /metrics requires;
	// without it /metrics answers only to the local machine (a scraper on
	// the same host or a sidecar). Others get 404, as for any unknown path.
	MetricsToken string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client. Requests from other addresses use the peer address,
	// so that a client cannot choose its own address for sign-in throttling.
	TrustedProxies []netip.Prefix
	// OIDC, when set, adds "Inloggen met <organisatie>" through the
	// organisation's OpenID provider; LocalLogin says who may still sign in
	// with a password ("" is everyone).
	OIDC       *OIDCConfig
	LocalLogin werkpad.LocalLogin

	oidc       *oidcClient
	reportOnce sync.Once
	reportGate chan struct{} // one token per report being made
	ln         net.Listener
	server     *http.Server
	mux        *http.ServeMux
	metrics    *metrics

	routeTable []route // every registered route, in order; see Routes
}

// NewServer returns a server with its routes registered.
func NewServer() *Server {
	s := &Server{Logger: slog.Default(), mux: http.NewServeMux(), Version: "dev"}
	s.routes()
	return s
}

// Handler returns the full middleware chain around the routes.
func (s *Server) Handler() http.Handler {
	if s.metrics == nil {
		s.metrics = newMetrics(s.DB)
	}
	formAction := "'self'"
	if s.OIDC != nil && s.oidc == nil {
		s.oidc = &oidcClient{cfg: *s.OIDC}
		// Signing out ends at the provider: a form whose answer redirects
		// there must be allowed to (Chromium applies form-action to redirects).
		if o := origin(s.OIDC.Issuer); o != "" {
			formAction += " " + o
		}
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, http.StatusForbidden, "Dit verzoek komt van een andere website en is geweigerd.", "")
	}))
	var h http.Handler = s.mux
	h = s.logboek(h)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = limitBody(h, 10<<20)
	h = securityHeaders(h, formAction)
	h = s.observe(h)
	return h
}

// Open starts listening on Addr and serving in the background.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("luisteren op %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.server = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute, // report downloads can take a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	go s.server.Serve(ln)
	return nil
}

// URL returns the base URL the server listens on.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String()
}

// Close shuts down gracefully, waiting for requests in flight.
func (s *Server) Close(ctx context.Context) error {
	if s.server == nil {
		return nil
	}
	return s.server.Shutdown(ctx)
}

type ctxKey int

const (
	requestIDKey ctxKey = iota
	routeKey
)

type routeHolder struct{ pattern string }

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe assigns a request id, recovers panics, logs the request (path
// only: never a query string, body, BSN, password or token) and records metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		route := &routeHolder{}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, routeKey, route)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "waarde", fmt.Sprint(v), "request_id", id)
				if sw.status == 0 {
					s.writeError(sw, r, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", "")
				}
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			d := time.Since(start)
			pattern := route.pattern
			if pattern == "" {
				pattern = "onbekend"
			}
			s.metrics.observe(pattern, r.Method, sw.status, d)
			s.Logger.Info("verzoek", "methode", r.Method, "pad", logPath(r.URL.Path), "route", pattern,
				"status", sw.status, "duur_ms", d.Milliseconds(), "bytes", sw.bytes, "request_id", id)
		}()
		next.ServeHTTP(sw, r)
	})
}

// logPath is the path as logged: the token of a survey link is a key and
// stays out of the log.
func logPath(p string) string {
	if strings.HasPrefix(p, "/enquete/") {
		return "/enquete/…"
	}
	return p
}

func securityHeaders(next http.Handler, formAction string) http.Handler {
	csp := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action " + formAction + "; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if isAPI(r) {
			h.Set("API-Version", APIVersion)
		}
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// route is one registered route: its pattern, whether it is public and
// the roles it is restricted to (none: every signed-in user).
type route struct {
	Pattern string
	Public  bool
	Roles   []werkpad.Role
}

// handlerFunc is a handler that returns its error; wrap turns it into a
// response in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers fn for pattern; roles, when given, restrict it.
// Unauthenticated callers of a protected route are sent to sign in (UI) or
// get 401 (API).
func (s *Server) handle(pattern string, public bool, fn handlerFunc, roles ...werkpad.Role) {
	s.routeTable = append(s.routeTable, route{Pattern: pattern, Public: public, Roles: roles})
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := r.Context().Value(routeKey).(*routeHolder); ok {
			h.pattern = r.Pattern
		}
		if !public {
			var err error
			if len(roles) > 0 {
				_, err = werkpad.RequireRole(r.Context(), roles...)
			} else {
				_, err = werkpad.RequireUser(r.Context())
			}
			if err != nil {
				s.Error(w, r, err)
				return
			}
		}
		var err error
		if isAPI(r) {
			err = validateBody(r)
		} else {
			err = checkFormText(r)
		}
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.writeError(w, r, http.StatusRequestEntityTooLarge, "Het verzoek is te groot.", "")
				return
			}
			s.Error(w, r, err)
		}
	}))
}

// allowedMethods returns the methods that a route serves on r's path, when
// r's own method is not one of them (405 with Allow instead of 404). It
// depends on the path's shape only, never on a record.
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	return allow
}

// routes registers every route of the UI and the API.
func (s *Server) routes() {
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if h, ok := r.Context().Value(routeKey).(*routeHolder); ok {
			h.pattern = "/ (geen route)"
		}
		if allow := s.allowedMethods(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.writeError(w, r, http.StatusMethodNotAllowed, "Deze methode ("+r.Method+") kan hier niet; wel: "+strings.Join(allow, ", ")+".", "")
			return
		}
		s.notFound(w, r)
	})
	s.handle("GET /healthz", true, func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
		return nil
	})
	s.handle("GET /readyz", true, s.readyz)
	s.handle("GET /metrics", true, func(w http.ResponseWriter, r *http.Request) error {
		if !s.metricsAllowed(r) {
			s.notFound(w, r)
			return nil
		}
		promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
		return nil
	})
	s.handle("GET /static/", true, s.static)
	s.uiRoutes()
	s.agreementRoutes()
	s.reportRoutes()
	s.reportFigureRoutes()
	s.reportChapterFigureRoutes()
	s.reportFixRoutes()
	s.caseworkRoutes()
	s.caseworkAPIRoutes()
	s.employerRoutes()
	s.employerAPIRoutes()
	s.swRoutes()
	s.complaintRoutes()
	s.surveyRoutes()
	s.subjectAccessRoutes()
	s.logboekRoutes()
	s.apiRoutes()
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var err error
	switch {
	case s.Ready != nil:
		err = s.Ready(ctx)
	case s.DB == nil || s.DB.PingContext(ctx) != nil:
		err = errors.New("database niet bereikbaar")
	}
	if err != nil {
		s.Logger.Warn("niet gereed", "reden", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, err)
		return nil
	}
	fmt.Fprintln(w, "ok")
	return nil
}

// authenticate resolves the session cookie or the bearer token into an actor
// on the request context. It never refuses; routes decide.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := &werkpad.Actor{RequestID: requestIDFrom(r.Context())}
		// Static files and probes need no session: spare the database.
		if p := r.URL.Path; strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
			next.ServeHTTP(w, r.WithContext(werkpad.NewContextWithActor(r.Context(), actor)))
			return
		}
		if h := r.Header.Get("Authorization"); h != "" && isAPI(r) {
			// The scheme is case-insensitive (RFC 9110, 11.1).
			scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				s.writeError(w, r, http.StatusUnauthorized, "Gebruik Authorization: Bearer <token>.", "")
				return
			}
			u, err := s.Auth.AuthenticateToken(r.Context(), strings.TrimSpace(token))
			if err != nil {
				s.Error(w, r, err)
				return
			}
			actor.User, actor.Via = u, "token"
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if sess, err := s.Auth.Authenticate(r.Context(), c.Value); err == nil {
				actor.User, actor.Via = sess.User, "sessie"
			} else if werkpad.ErrorCode(err) == werkpad.EINTERNAL {
				s.Error(w, r, err)
				return
			} else {
				s.clearSessionCookie(w, r)
			}
		}
		next.ServeHTTP(w, r.WithContext(werkpad.NewContextWithActor(r.Context(), actor)))
	})
}

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(db *sql.DB) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "werkpad_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "werkpad_http_request_duration_seconds", Help: "HTTP request duration by route and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, "werkpad"))
	}
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// metricsAllowed reports whether r may read /metrics: with MetricsToken the
// right bearer token, otherwise a loopback peer (X-Forwarded-For is not
// consulted: a request through a proxy is not local).
func (s *Server) metricsAllowed(r *http.Request) bool {
	if s.MetricsToken != "" {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		return strings.EqualFold(scheme, "Bearer") &&
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.MetricsToken)) == 1
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback() && r.Header.Get("X-Forwarded-For") == ""
}
