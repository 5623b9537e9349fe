package app

import (
	"embed"
	"io"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gorilla/mux"
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

// server holds what the handlers share.
type server struct {
	log   *slog.Logger
	pages *pages
}

// New returns the web app's HTTP handler. Templates are parsed here, once;
// New panics if they do not parse, which can only be a programming error as
// they are embedded in the binary.
func New(opts ...Option) http.Handler {
	s := &server{
		log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		pages: mustParsePages(templateFS),
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

func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, "ok")
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home.html", pageData{Title: "Home"})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound.html", pageData{Title: "Page not found"})
}
