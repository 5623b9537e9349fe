package app

import (
	"net/http"
	"time"

	"github.com/eops/eops/webdemo/internal/pagecache"
)

// Pages kept by default (WithKeptPages): 16 MiB of them, each for a minute
// at most.
const (
	defaultKeptPagesBytes = 16 << 20
	defaultKeptPagesAge   = time.Minute
)

// WithKeptPages sets how much of the pages people read most (their home
// page, a tracker, a centre's page) the app keeps in memory to send again
// while nothing on them can have changed (standards.Service.Changes), and
// how long it keeps each at most. maxBytes of zero keeps none. The default
// is 16 MiB, for a minute. The limit in time bounds how late a page shows
// a change that was committed but not counted (the database gone at that
// very instant; see Changes); a host whose own code writes to the
// library's tables behind the Service should keep no pages.
func WithKeptPages(maxBytes int, maxAge time.Duration) Option {
	return func(s *server) { s.kept = pagecache.New(maxBytes, maxAge) }
}

// keep answers a page from those kept, when the signed-in person asked for
// it before and nothing has changed since; otherwise page answers and is
// kept. The key holds everything the page depends on but the library's
// data, which Changes stands for: who is signed in (the actor carries the
// account's name), the address with its query (the success banner, the
// tabs' pages, the claim's ticks), and htmx's headers, which choose
// between the whole page and its main part.
func (s *server) keep(page http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, signedIn := s.actor(r)
		if s.kept == nil || r.Method != http.MethodGet || !signedIn {
			page(w, r)
			return
		}
		changes, counted, err := s.svc.Changes(r.Context())
		if err != nil || !counted {
			// The page reads the store too, and says what is wrong if
			// it is still wrong.
			page(w, r)
			return
		}
		key := pagecache.Key(a, r.URL.RequestURI(), r.Header.Get("HX-Request"), r.Header.Get("HX-Boosted"))
		s.kept.Serve(w, r, key, changes, page)
	}
}
