package app

import (
	"context"
	"embed"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Option configures the handler returned by New.
type Option func(*server)

// WithLogger sets the logger used to report errors while serving requests.
// A nil logger is ignored. The default discards all output.
func WithLogger(l *slog.Logger) Option {
	return func(s *server) {
		if l != nil {
			s.log = l
		}
	}
}

// WithHealthCheck sets what /healthz checks besides the app itself,
// typically that the database answers. Without it /healthz always says ok.
func WithHealthCheck(check func(context.Context) error) Option {
	return func(s *server) {
		if check != nil {
			s.health = check
		}
	}
}

// server holds what the handlers share.
type server struct {
	svc    *standards.Service
	log    *slog.Logger
	pages  *pages
	health func(context.Context) error
}

// New returns the web app's HTTP handler. Templates are parsed here, once;
// New panics if they do not parse, which can only be a programming error as
// they are embedded in the binary.
func New(svc *standards.Service, opts ...Option) http.Handler {
	s := &server{
		svc:    svc,
		log:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		pages:  mustParsePages(templateFS),
		health: func(context.Context) error { return nil },
	}
	for _, opt := range opts {
		opt(s)
	}

	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	s.registerStaticRoutes(r)
	s.registerHealthRoutes(r)
	s.registerHomeRoutes(r)

	return http.NewCrossOriginProtection().Handler(r)
}

func (s *server) registerStaticRoutes(r *mux.Router) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	r.PathPrefix("/static/").
		Methods(http.MethodGet, http.MethodHead).
		Handler(http.StripPrefix("/static/", http.FileServerFS(sub)))
}

func (s *server) registerHealthRoutes(r *mux.Router) {
	r.HandleFunc("/healthz", s.healthz).Methods(http.MethodGet, http.MethodHead)
}

func (s *server) registerHomeRoutes(r *mux.Router) {
	r.HandleFunc("/", s.home).Methods(http.MethodGet, http.MethodHead)
}

// healthz answers 200 "ok" when the app and its database answer, and 503
// otherwise, for a load balancer or a container's health check.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.health(ctx); err != nil {
		s.log.ErrorContext(ctx, "health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "database unavailable")
		return
	}
	_, _ = io.WriteString(w, "ok")
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home.html", pageData{Title: "Home"})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound.html", pageData{Title: "Page not found"})
}
