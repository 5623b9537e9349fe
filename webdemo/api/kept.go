package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/internal/pagecache"
)

// WithKeptAnswers sets how much of the API's most read answer, a record's
// tracker (GetRecord), the API keeps in memory to send again while nothing
// in it can have changed (standards.Service.Changes), and how long it keeps
// each at most. maxBytes of zero keeps none, and then the API neither
// reads the count nor keeps the host keys it found (hostKeyFor): every
// request reads its key and its answer afresh. The default is 16 MiB, for
// a minute: the limit in time bounds how late an answer shows a change
// that was committed but not counted (see Changes).
func WithKeptAnswers(maxBytes int, maxAge time.Duration) Option {
	return func(s *server) { s.kept = pagecache.New(maxBytes, maxAge) }
}

// keep answers GET {base}/records/{id} from the answers kept, when the
// same host key asked for the same person before and nothing has changed
// since. The key holds all the answer depends on but the library's data:
// the key and the person it names (the caller's actor), the address, and
// what the caller accepts. Every other request passes by.
func (s *server) keep(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, isRecord := strings.CutPrefix(r.URL.Path, s.base+"/records/")
		if s.kept == nil || r.Method != http.MethodGet || !isRecord || id == "" || strings.Contains(id, "/") || r.URL.RawQuery != "" {
			next.ServeHTTP(w, r)
			return
		}
		c := callerOf(r.Context())
		if !c.counted {
			next.ServeHTTP(w, r)
			return
		}
		key := pagecache.Key(c.actor, r.URL.Path, r.Header.Get("Accept"))
		s.kept.Serve(w, r, key, c.changes, next)
	})
}

// keptKeys are the host keys requests came with lately, by their secret's
// hash, each with the count of commands it was found at: while the count
// stands, nothing has revoked or changed the key, so a request with the
// same secret needs only the key's expiry checked, not the key read again.
// A key is found afresh at least every keptKeyAge all the same: a
// revocation whose count failed after it committed (Service.Changes) lets
// the key through that long at most, as a kept answer shows such a change
// late for a minute at most, not until the next command commits.
// Only keys found (never a secret that failed) are kept, and at most
// maxKeptKeys, so that nobody fills memory by trying secrets.
type keptKeys struct {
	mu   sync.Mutex
	keys map[string]keptKey
}

type keptKey struct {
	key   standards.HostKey
	count int64
	// foundAt is the Service's clock when the key was read (Changes.At).
	foundAt time.Time
}

const (
	maxKeptKeys = 256
	keptKeyAge  = time.Minute
)

// hostKeyFor is Service.HostKeyFor, unless the key was found at the same
// count of commands less than keptKeyAge before changes.At, and is still in
// force then.
func (s *server) hostKeyFor(ctx context.Context, secret string, changes standards.Changes, counted bool) (standards.HostKey, error) {
	if !counted || len(secret) > 200 {
		return s.svc.HostKeyFor(ctx, secret) // which refuses one so long
	}
	hash := standards.HashHostKeySecret(secret)
	s.keys.mu.Lock()
	k, ok := s.keys.keys[hash]
	s.keys.mu.Unlock()
	if age := changes.At.Sub(k.foundAt); ok && k.count == changes.Count && age >= 0 && age < keptKeyAge && k.key.InForce(changes.At) {
		return k.key, nil
	}
	key, err := s.svc.HostKeyFor(ctx, secret)
	if err != nil {
		return key, err
	}
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if s.keys.keys == nil || len(s.keys.keys) >= maxKeptKeys {
		s.keys.keys = map[string]keptKey{}
	}
	s.keys.keys[hash] = keptKey{key: key, count: changes.Count, foundAt: changes.At}
	return key, nil
}
