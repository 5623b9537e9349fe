package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
)

// RequestIDHeader carries a request's id: the app takes a well-formed one
// from the request (a proxy's or the host's), makes one otherwise, and
// sends it back on the response, so that a person's report of a failure,
// the proxy's access log and the app's log lines meet on one id.
const RequestIDHeader = "X-Request-Id"

// maxRequestID bounds an id taken from a request: a UUID is 36 bytes, a
// W3C trace id 32.
const maxRequestID = 64

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "" outside
// one. A host's own handlers and log lines can use it.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// wellFormedRequestID says whether id may be taken from a request as it is:
// short, and only letters, digits and - _ . : so that it cannot break a log
// line or a header, nor pass for anything but an id.
func wellFormedRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// newRequestID makes an id of 128 random bits, in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// withRequestID gives every request its id, in its context and on its
// response, before anything else runs.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !wellFormedRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// requestIDHandler adds the request's id to every record logged with the
// request's context, so that each line the app writes for a request names
// it, whatever handler the host gave.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
