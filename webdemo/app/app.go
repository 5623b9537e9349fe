package app

import (
	"context"
	"embed"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/internal/pagecache"
)

// staticFS holds only what the pages load: the style sheet (GOV.UK
// Frontend's, built by webdemo/frontend: docs/frontend.md), the app's
// script, and htmx and GOV.UK Frontend's script with their licences.
// axe-core, beside them in the source, is for the browser tests and not
// served.
//
//go:embed static/site.css static/app.js
//go:embed static/vendor/htmx.min.js static/vendor/htmx.LICENSE
//go:embed static/vendor/govuk-frontend.min.js static/vendor/govuk-frontend.LICENSE
var staticFS embed.FS

// Option configures the handler returned by New.
type Option func(*server)

// WithLogger sets the logger the app reports to: a 500 or an unreachable
// database at level ERROR, sign-up's mail at INFO when there is no mailer.
// Each line written for a request carries its request_id (RequestID). A nil
// logger is ignored. The default is slog.Default(), as it is when New is
// called, so that a failure is never silent: a host that wants none passes
// slog.New(slog.DiscardHandler).
func WithLogger(l *slog.Logger) Option {
	return func(s *server) {
		if l != nil {
			s.log = l
		}
	}
}

// WithHealthCheck sets what /healthz checks besides the app itself. Keep
// it to what restarting the process would mend: a database that does not
// answer belongs to WithReadinessCheck. Without it /healthz always says ok
// while the process answers.
func WithHealthCheck(check func(context.Context) error) Option {
	return func(s *server) {
		if check != nil {
			s.health = check
		}
	}
}

// WithReadinessCheck sets what /readyz checks: typically that the
// database answers and its schema is current, so that a load balancer
// sends an instance requests only when it can serve them. Without it
// /readyz says ready whenever the app answers. /healthz does not run it: a
// database down is no reason to restart the process.
func WithReadinessCheck(check func(context.Context) error) Option {
	return func(s *server) {
		if check != nil {
			s.ready = check
		}
	}
}

// Authenticator tells the app who is acting on a request: the host's own
// login. It returns false for nobody.
type Authenticator func(r *http.Request) (standards.Actor, bool)

// WithAuthenticator makes the app take the actor from the host's own login
// rather than run its sign-in pages.
func WithAuthenticator(a Authenticator) Option {
	return func(s *server) { s.authenticate = a }
}

// WithAccounts makes the app run its own sign-up and sign-in pages and
// server-side sessions on m. The e-mail addresses in operators act as the
// platform operator: only the host decides who that is (R-TRU-3). They are
// compared normalised (standards.NormaliseEmail); one that is not an
// address is ignored, so a host should check them first. Sign-up mails a
// confirmation link: give WithMailer and WithPublicURL too.
func WithAccounts(m *accounts.Manager, operators ...string) Option {
	return func(s *server) {
		s.accounts = m
		s.operators = map[string]bool{}
		for _, e := range operators {
			if n, err := standards.NormaliseEmail(e); err == nil {
				s.operators[n] = true
			}
		}
	}
}

// WithMessages sets the catalogue the app words the library's errors in:
// each field's message, a claim's unmet conditions, a refusal's reason
// (see standards.Messages). Without it the app shows its own English: the
// library's field messages and unmet conditions, and its refusals as
// sentences written for the person (errors.go), never the library's
// "conflict: …". The app's own headings stay English.
func WithMessages(m standards.Messages) Option {
	return func(s *server) { s.messages = m }
}

// WithBasePath says where the host mounts the app (say "/standards"): the
// one setting a host needs. The app answers requests under it and writes
// its links and redirects there; the host registers the handler for the
// path and its subtree (mux.Handle("/standards/", h)) and passes requests
// on as they came. A host that strips the prefix itself first (with
// http.StripPrefix, as before 0.2.0) is served the same.
func WithBasePath(base string) Option {
	return func(s *server) { s.base = strings.TrimRight(base, "/") }
}

// Brand is what a host gives the app so that its pages sit in the host's
// product: its name, its own header and footer around every page, and its
// style sheets. Header and Footer are the host's markup, written into every
// page as they are (the host's own, never anything a person typed); the
// style sheets come after the app's, so they can restyle it, and must be
// served from the host's own origin (the app's Content-Security-Policy
// allows no other).
type Brand struct {
	// Name is the product's name, in every page's title and the app's
	// header; empty keeps the app's own.
	Name string
	// Header comes before the app's header, and Footer in place of the
	// app's footer.
	Header, Footer template.HTML
	// Stylesheets are the addresses of the host's style sheets.
	Stylesheets []string
}

// WithBrand puts the app's pages in the host's product (see Brand).
func WithBrand(b Brand) Option {
	return func(s *server) { s.brand = b }
}

// WithSignInPage gives the host's sign-in page, for a person who is not
// signed in: rather than answering 401, the app sends them to the address
// signInPage returns for the address to come back to (the base path
// included: a page's own path and query, the page an htmx request is part
// of, or the home page after a form). The host checks that address is its
// own before it sends anyone there after signing in.
//
//	app.WithSignInPage(func(returnTo string) string {
//		return "/login?returnUrl=" + url.QueryEscape(returnTo)
//	})
func WithSignInPage(signInPage func(returnTo string) string) Option {
	return func(s *server) { s.hostSignIn = signInPage }
}

// PublicPaths are the paths, under the base path, that the app serves to a
// person who is not signed in and that must stay reachable so: its style
// sheet and scripts, the certificate verification page an employer uses,
// the guidance on the Standards, the credentials' public key, and the
// health checks. A prefix ends in
// "/". A host whose login guards everything under the app lets these
// through. Every other page of the app answers a signed-out person with
// the sign-in page (WithSignInPage) or 401.
func PublicPaths() []string {
	return []string{staticPrefix, "/verify", guidancePath, guidancePath + "/", credentialKeyPath, "/healthz", "/readyz"}
}

// WithClock sets the clock the pages read the current academic year from;
// give it the same clock as the Service.
func WithClock(now func() time.Time) Option {
	return func(s *server) { s.now = now }
}

// server holds what the handlers share.
type server struct {
	now          func() time.Time
	svc          *standards.Service
	log          *slog.Logger
	health       func(context.Context) error
	ready        func(context.Context) error
	authenticate Authenticator
	accounts     *accounts.Manager
	operators    map[string]bool
	base         string
	publicURL    string // the app's root, from WithPublicURL; never from a request
	issuer       *credential.Issuer
	// twoFactorForAdmins makes people with admin rights set up two-factor
	// sign-in before anything else (WithTwoFactorForAdmins).
	twoFactorForAdmins bool
	cleared            clearedAccounts
	// mailer sends the sign-up's mail (nil: the log), whose links start
	// with publicURL, and mailbox keeps the last few for /demo/mail (nil: no
	// such page). See signup.go.
	mailer  Mailer
	mailbox *mailbox
	// background runs what the app does after answering (WithBackground).
	background func(func())
	// messages words the library's errors on pages (WithMessages); nil is
	// the library's English.
	messages standards.Messages
	// brand is the host's name, header, footer and style sheets.
	brand Brand
	// hostSignIn is the host's sign-in page (WithSignInPage); nil sends a
	// signed-out person the demo's own, or a 401.
	hostSignIn func(returnTo string) string
	// trustedProxies are the proxies whose X-Forwarded-For gives the
	// client's address (WithTrustedProxies); none by default.
	trustedProxies []netip.Prefix
	// kept are the pages kept to send again (WithKeptPages, kept.go).
	kept *pagecache.Cache
}

// maxBody caps a request body: forms are small; a CSV of colleagues is the
// largest thing anyone sends.
const maxBody = 2 << 20

// New returns the web app's HTTP handler on svc. Templates are parsed here,
// once; New panics if they do not parse, which can only be a programming
// error as they are embedded in the binary.
func New(svc *standards.Service, opts ...Option) http.Handler {
	s := newServer(svc, opts...)
	return withRequestID(s.secure(http.NewCrossOriginProtection().Handler(s.underBase(s.router()))))
}

// underBase takes the base path off a request that carries it, so that the
// routes match whether the host passed the request as it came or stripped
// the prefix itself. The app's own paths never begin with a base a host
// would choose; a path that is the base alone is its home page.
func (s *server) underBase(next http.Handler) http.Handler {
	if s.base == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p != s.base && !strings.HasPrefix(p, s.base+"/") {
			next.ServeHTTP(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path = strings.TrimPrefix(p, s.base)
		if u.Path == "" {
			u.Path = "/"
		}
		u.RawPath = ""
		r2.URL = &u
		next.ServeHTTP(w, r2)
	})
}

// newServer applies the options and parses the templates.
func newServer(svc *standards.Service, opts ...Option) *server {
	s := &server{
		svc:    svc,
		log:    slog.Default(),
		health: func(context.Context) error { return nil },
		ready:  func(context.Context) error { return nil },
		now:    time.Now,
		kept:   pagecache.New(defaultKeptPagesBytes, defaultKeptPagesAge),
		// Without WithBackground, the app's own goroutines.
		background: func(f func()) { go f() },

		twoFactorForAdmins: true,
	}
	for _, opt := range opts {
		opt(s)
	}
	s.log = slog.New(requestIDHandler{s.log.Handler()})
	return s
}

// router registers every route. The tests walk it, so that a new route is
// attacked without anyone listing it (see routes_internal_test.go).
func (s *server) router() *mux.Router {
	r := mux.NewRouter()
	r.Use(s.withActor, s.requireTwoFactor)
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	// The router's middleware runs only on a route it matched: this page
	// finds who is signed in itself, so that its header is theirs.
	r.MethodNotAllowedHandler = s.withActor(http.HandlerFunc(s.methodNotAllowed))
	s.registerStaticRoutes(r)
	s.registerHealthRoutes(r)
	s.registerAccountRoutes(r)
	s.registerHomeRoutes(r)
	s.registerCentreRoutes(r)
	s.registerRecordRoutes(r)
	s.registerCertificateRoutes(r)
	s.registerGuidanceRoutes(r)
	s.registerEventRoutes(r)
	s.registerExportRoutes(r)
	s.registerFigureRoutes(r)
	s.registerPeopleRoutes(r)
	s.registerStatementRoutes(r)
	return r
}

// secure sets the headers every response carries and caps request bodies.
// A form it refuses gets the problem page, saying why.
func (s *server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Scripts and styles come only from the app itself; htmx is told not
		// to add inline styles (see layout.html), so none are allowed.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		// No cache, shared or the browser's, keeps what the app answers:
		// pages show people's records and names, and the PDFs, CSV files,
		// credentials and data exports are theirs (issue 18, item 9). The
		// static files and the public key, the same for everyone, say
		// otherwise where they are served.
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil || strings.HasPrefix(s.publicURL, "https://") {
			// Served over HTTPS, directly or (the public address says) by a
			// proxy: browsers keep to HTTPS for a year. Over plain HTTP a
			// browser ignores it, so the header is harmless on the hop
			// between a proxy and the app.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if r.Method == http.MethodPost {
			if status, message := readForm(r); status != 0 {
				p := problem{Status: status, Heading: "The form could not be read", Messages: []string{message}}
				s.render(w, r, status, "problem.html", "", view{Title: p.Heading, Problem: &p, Data: backLink(r)})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// staticPrefix is where the style sheet and scripts are served, the same
// for everyone.
const staticPrefix = "/static/"

// isStatic says path is one of the static files.
func isStatic(path string) bool { return strings.HasPrefix(path, staticPrefix) }

func (s *server) registerStaticRoutes(r *mux.Router) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	files := http.FileServerFS(sub)
	r.PathPrefix(staticPrefix).Methods(http.MethodGet, http.MethodHead).Handler(http.StripPrefix(staticPrefix, http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
				http.NotFound(w, r) // no listings
				return
			}
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r)
		})))
}

func (s *server) registerHealthRoutes(r *mux.Router) {
	r.HandleFunc("/healthz", s.healthz).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", s.readyz).Methods(http.MethodGet, http.MethodHead)
}

// healthz answers 200 "ok" when the app answers (and what WithHealthCheck
// set passes), and 503 otherwise: a liveness check, for a container's
// health check that restarts the process when it fails.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	s.check(w, r, "health", s.health, "ok", "unavailable")
}

// readyz answers 200 "ready" when what WithReadinessCheck set passes (the
// demo's: the database answers and its schema is current), and 503
// otherwise: a readiness check, for a load balancer that sends requests
// only to instances that can serve them.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	s.check(w, r, "readiness", s.ready, "ready", "not ready")
}

// check runs one of the probes, within two seconds, and answers in plain
// text with no internals: the cause goes to the log.
func (s *server) check(w http.ResponseWriter, r *http.Request, name string, probe func(context.Context) error, ok, failed string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := probe(ctx); err != nil {
		s.log.ErrorContext(ctx, name+" check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, failed)
		return
	}
	_, _ = io.WriteString(w, ok)
}

// methodNotAllowed answers a method a path does not take. Opening the
// address a form posts to (typing it, or a browser going back to it) is
// the usual way here, so it says so in words, with the way back, rather
// than "method not allowed"; the status stays 405.
func (s *server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	p := problem{Status: http.StatusMethodNotAllowed, Heading: "There is no page at this address",
		Messages: []string{"This address is where a form is sent, so there is nothing to show here. Nothing was changed by opening it."}}
	s.render(w, r, p.Status, "problem.html", "", view{Title: p.Heading, Problem: &p, Data: backLink(r)})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound.html", "", view{Title: "Page not found"})
}
