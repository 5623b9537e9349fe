// Package pagecache keeps the answers the web app and the JSON API made
// of a person's view (a tracker, a centre's page, the home page), to send
// again while nothing they show can have changed: the library's count of
// committed commands and its day are what they were when the answer was
// made (standards.Service.Changes), and it is younger than a limit (a
// minute in the demo).
//
// The count is read from the database on every request, so a change made
// through any instance of the app is seen at the next request to every
// other; what is kept is one instance's own, in its memory. An answer is
// kept under a key its caller builds from everything else the answer
// depends on: who asked (and through which host key), the address with its
// query, and the headers that change what is sent (htmx's). Only 200
// answers without a cookie are kept.
//
// Why: under load, a person reloading their tracker cost a read of the
// whole record and a render of it each time; docs/benchmarks.md
// ("Kept pages") has the figures, and docs/architecture.md what the count
// promises.
package pagecache

import (
	"bytes"
	"container/list"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eops/eops/standards"
)

// keptHeaders are the headers of an answer that are kept with it: those a
// page or an operation sets itself. The rest (the security headers, the
// request's id) are set afresh on every request by the handlers in front.
var keptHeaders = []string{"Content-Type", "Vary", "ETag", "HX-Push-Url", "HX-Retarget", "HX-Reswap"}

// Cache keeps answers, at most maxBytes in all (answer.cost: the body, the
// key, the headers and what keeping one costs besides), dropping the
// oldest kept first. It is safe for concurrent use.
type Cache struct {
	maxBytes int
	maxAge   time.Duration
	now      func() time.Time

	mu      sync.Mutex
	answers map[string]*list.Element // of *answer
	order   *list.List               // oldest kept at the front
	bytes   int                      // the kept answers' cost

	hits, misses atomic.Int64
}

// answer is one kept answer.
type answer struct {
	key     string
	changes standards.Changes
	at      time.Time
	status  int
	header  http.Header
	body    []byte
	cost    int
}

// entryOverhead is what keeping an answer costs besides its bytes: its
// map entry, list element, header map and slices. Counted, it keeps many
// tiny answers from holding many times the limit.
const entryOverhead = 256

// costOf is what a kept answer holds in memory. The key counts: it holds
// the whole address, query and all, which a client may make as long as
// the server takes a request's header (a megabyte), so that a small page
// asked for under many long addresses would otherwise hold many times the
// limit.
func costOf(a *answer) int {
	n := entryOverhead + len(a.key) + len(a.body)
	for k, vs := range a.header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

// New returns a Cache keeping at most maxBytes of answers, each for at
// most maxAge. A maxBytes of zero or less keeps nothing: New returns nil,
// which a caller takes for "keep nothing, read no count", and whose Serve
// runs next every time.
func New(maxBytes int, maxAge time.Duration) *Cache {
	if maxBytes <= 0 {
		return nil
	}
	return &Cache{maxBytes: maxBytes, maxAge: maxAge, now: time.Now, answers: map[string]*list.Element{}, order: list.New()}
}

// Serve answers r with the answer kept under key, if it was made at
// changes and is younger than the Cache's limit; otherwise it runs next,
// which answers w as it would without the cache, and keeps what next
// answered. changes must have been read before next reads anything, so
// that what is kept is never older than the count it is kept under.
func (c *Cache) Serve(w http.ResponseWriter, r *http.Request, key string, changes standards.Changes, next http.Handler) {
	if c == nil {
		next.ServeHTTP(w, r)
		return
	}
	if a := c.get(key, changes); a != nil {
		c.hits.Add(1)
		h := w.Header()
		for k, v := range a.header {
			h[k] = slices.Clone(v) // a handler in front may add to them
		}
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
		return
	}
	c.misses.Add(1)
	// The answer's minute runs from now, when its count had been read,
	// not from when a slow answer is finished: it bounds how late a
	// change whose count failed is shown (standards.Service.Changes).
	at := c.now()
	rec := &recorder{ResponseWriter: w, limit: c.maxBytes / 8}
	next.ServeHTTP(rec, r)
	if rec.status != http.StatusOK || rec.tooBig || r.Context().Err() != nil || len(w.Header().Values("Set-Cookie")) > 0 {
		return
	}
	header := http.Header{}
	for _, k := range keptHeaders {
		if v := w.Header().Values(k); len(v) > 0 {
			header[http.CanonicalHeaderKey(k)] = slices.Clone(v)
		}
	}
	a := &answer{key: key, changes: changes, at: at, status: rec.status, header: header, body: bytes.Clone(rec.body.Bytes())}
	a.cost = costOf(a)
	c.put(a)
}

// Stats says how many requests Serve answered from what it kept (hits)
// and how many it passed on (misses).
func (c *Cache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

func (c *Cache) get(key string, changes standards.Changes) *answer {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.answers[key]
	if !ok {
		return nil
	}
	a := e.Value.(*answer)
	if a.changes.Count != changes.Count || !a.changes.Today.Equal(changes.Today) || c.now().Sub(a.at) >= c.maxAge {
		c.remove(e)
		return nil
	}
	return a
}

func (c *Cache) put(a *answer) {
	if a.cost > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.answers[a.key]; ok {
		c.remove(e)
	}
	for c.bytes+a.cost > c.maxBytes {
		c.remove(c.order.Front())
	}
	c.answers[a.key] = c.order.PushBack(a)
	c.bytes += a.cost
}

func (c *Cache) remove(e *list.Element) {
	a := c.order.Remove(e).(*answer)
	delete(c.answers, a.key)
	c.bytes -= a.cost
}

// recorder passes an answer on to the client and keeps a copy of its body
// and status, up to limit bytes.
type recorder struct {
	http.ResponseWriter
	limit  int
	status int
	body   bytes.Buffer
	tooBig bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.tooBig {
		if r.body.Len()+len(p) > r.limit {
			r.tooBig, r.body = true, bytes.Buffer{}
		} else {
			r.body.Write(p)
		}
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Key is the key of an answer made for actor from the given parts (the
// address, the headers that change the answer): every field of the actor
// and every part, each ended by a zero byte, which none of them holds.
func Key(actor standards.Actor, parts ...string) string {
	var b bytes.Buffer
	for _, s := range []string{actor.Email, actor.Name, actor.ExternalID, strconv.FormatBool(actor.Operator), actor.Via, actor.HostKeyID, actor.System} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	for _, s := range parts {
		b.WriteString(s)
		b.WriteByte(0)
	}
	return b.String()
}
