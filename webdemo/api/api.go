package api

import (
	"bytes"
	"context"
	_ "embed"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
	"github.com/eops/eops/webdemo/internal/pagecache"
)

// Document is the API's OpenAPI 3.1 document, as served at openapi.json.
//
//go:embed openapi.json
var Document []byte

// The headers that name the person a call acts for.
const (
	HeaderPersonExternalID = "Eops-Person-External-Id"
	HeaderPersonEmail      = "Eops-Person-Email"
)

// maxBodyBytes bounds a request's body: every body of the API is a small
// JSON object.
const maxBodyBytes = 64 << 10

// Option configures the API.
type Option func(*server)

// WithLogger sets where the API logs the failures it answers 500 for. The
// default discards them.
func WithLogger(l *slog.Logger) Option {
	return func(s *server) {
		if l != nil {
			s.log = l
		}
	}
}

// WithBasePath says where the host mounts the API, such as "/api/v1": the
// API answers only under it. The default is "", the root.
func WithBasePath(p string) Option {
	return func(s *server) { s.base = strings.TrimSuffix(p, "/") }
}

// server implements the generated strict server interface over the
// Service.
type server struct {
	svc         *standards.Service
	log         *slog.Logger
	base        string
	idempotency IdempotencyStore
	// kept are the trackers kept to send again (WithKeptAnswers, kept.go).
	kept *pagecache.Cache
	// keys are the host keys found lately (kept.go).
	keys keptKeys
}

var _ oapi.StrictServerInterface = (*server)(nil)

// New returns the API over svc. It works with no options, mounted at the
// root.
func New(svc *standards.Service, opts ...Option) http.Handler {
	s := &server{svc: svc, log: slog.New(slog.DiscardHandler), idempotency: NewMemoryIdempotencyStore(),
		kept: pagecache.New(16<<20, time.Minute)}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	strict := oapi.NewStrictHandlerWithOptions(s, []oapi.StrictMiddlewareFunc{nameFieldsOf}, oapi.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.unreadable,
		ResponseErrorHandlerFunc: s.fail,
	})
	routes := http.NewServeMux()
	routes.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { // no such operation
		s.problem(w, r, problemFor(standards.ErrNotFound))
	})
	operations := oapi.HandlerWithOptions(strict, oapi.StdHTTPServerOptions{
		BaseURL:          s.base,
		BaseRouter:       routes,
		ErrorHandlerFunc: s.unreadable,
	})
	mux.HandleFunc("GET "+s.base+"/openapi.json", serveDocument)
	// Verifying a certificate is public, as the web app's /verify page is
	// (R-CRT-2): the library's Verify takes no actor, so it needs no key.
	mux.Handle("GET "+s.base+"/verify", operations)
	mux.Handle(s.base+"/", s.authenticate(s.checkBody(s.keep(s.idempotent(operations)))))
	return noStore(mux)
}

func serveDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(Document)
}

// noStore keeps answers out of caches: each is one person's, for one key.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// caller is who a request acts for, and through which key.
type caller struct {
	key   standards.HostKey
	actor standards.Actor
	// changes is the library's count of commands when the request came
	// (standards.Service.Changes), read once for the key and the kept
	// answers (kept.go); counted is false when the store keeps no count.
	changes standards.Changes
	counted bool
}

type callerKey struct{}

func callerOf(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

// authenticate finds the host key and the person a request names: no key,
// a key unknown, revoked or expired, or no person named, is 401, each
// alike, so that nothing tells which keys exist. The person acts as the
// operator when, and only when, the key is an operator key.
//
// A header that says who is calling may come once: two Authorization
// lines are 401, and two lines of a person header are 400 naming it. A
// proxy in front that adds its own line to a client's (or reads the other
// one than eops does) must not make eops act for someone the proxy did
// not mean.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{HeaderPersonExternalID, HeaderPersonEmail} {
			if len(r.Header.Values(h)) > 1 {
				s.problem(w, r, invalidHeaderLines(h))
				return
			}
		}
		scheme, secret, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if len(r.Header.Values("Authorization")) > 1 || !strings.EqualFold(scheme, "Bearer") { // the scheme's case does not matter (RFC 9110 §11.1)
			s.problem(w, r, problemFor(standards.ErrUnauthenticated))
			return
		}
		// The count of commands, read once for the key and the kept
		// answers (kept.go). Not read at all when nothing is kept; when it
		// cannot be read, the request goes on as if nothing were kept, and
		// the key's own read says what is wrong if it is still wrong.
		var changes standards.Changes
		var counted bool
		if s.kept != nil {
			changes, counted, _ = s.svc.Changes(r.Context())
		}
		key, err := s.hostKeyFor(r.Context(), strings.TrimSpace(secret), changes, counted)
		if err != nil {
			s.problem(w, r, s.problemOf(r, err))
			return
		}
		actor := standards.Actor{
			ExternalID: r.Header.Get(HeaderPersonExternalID),
			Email:      r.Header.Get(HeaderPersonEmail),
			// Only an operator key acts as the operator, whoever the call
			// names (R-TRU-3: the host decided it when the operator issued
			// the key); through any other key nobody does.
			Operator:  key.Operator,
			Via:       "host key " + key.Name,
			HostKeyID: key.ID, // webhook endpoints are the key's own, an operator key's too (webhooks.go)
		}
		if actor.Anonymous() {
			p := problemFor(standards.ErrUnauthenticated)
			p.Detail = ptr("name the person the call acts for: " + HeaderPersonExternalID + " or " + HeaderPersonEmail)
			s.problem(w, r, p)
			return
		}
		ctx := context.WithValue(r.Context(), callerKey{}, caller{key: key, actor: actor, changes: changes, counted: counted})
		if r.Method != http.MethodGet {
			if err := s.mayGiveHostID(ctx); err != nil { // people.go
				s.problem(w, r, s.problemOf(r, err))
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// invalidHeaderLines answers a header sent on more than one line.
func invalidHeaderLines(name string) oapi.Problem {
	msg := "send " + name + " once"
	return oapi.Problem{Type: "urn:eops:problem:invalid", Title: "The request could not be read", Status: http.StatusBadRequest,
		Code: oapi.ProblemCode(standards.CodeInvalid), Detail: ptr(name + ": " + msg),
		Errors: &[]oapi.FieldError{{Field: name, Code: string(standards.FieldUnreadable), Message: msg,
			Params: ptr(oapi.Params{"detail": "the header came on more than one line"})}}}
}

// checkBody refuses a body that is not JSON (415) and one larger than
// maxBodyBytes (400). It reads the body whole before any operation runs,
// so that an operation that takes no body (agreeing a target) is refused
// one too large as well, rather than acting and leaving it unread.
// A POST with no body needs no Content-Type.
func (s *server) checkBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "" || r.ContentLength > 0 {
			media, _, _ := mime.ParseMediaType(ct)
			if media != "application/json" {
				s.problem(w, r, unsupportedMediaType(ct))
				return
			}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			s.unreadableAt(w, r, "body", err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func ptr[T any](v T) *T { return &v }
