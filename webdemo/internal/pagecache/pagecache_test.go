package pagecache

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var today = time.Date(2025, time.November, 20, 0, 0, 0, 0, time.UTC)

// page answers with body, counting the times it ran, and sets a header
// of a page's own and one that a handler in front sets on every request.
type page struct {
	runs   int
	status int
	body   string
	cookie bool
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.runs++
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", `"7"`)
	if p.cookie {
		w.Header().Set("Set-Cookie", "flash=1")
	}
	w.Header().Set("X-Request-Id", r.Header.Get("X-Request-Id"))
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	_, _ = io.WriteString(w, p.body)
}

func serve(c *Cache, key string, changes standards.Changes, next http.Handler, requestID string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/records/r1", nil)
	req.Header.Set("X-Request-Id", requestID)
	rec := httptest.NewRecorder()
	rec.Header().Set("X-Request-Id", requestID) // as the handler in front would
	c.Serve(rec, req, key, changes, next)
	return rec
}

func TestAnAnswerIsSentAgainWhileNothingChanged(t *testing.T) {
	c := New(1<<20, time.Minute)
	p := &page{body: "<p>Tracker</p>"}
	at := standards.Changes{Count: 4, Today: today}
	first := serve(c, "k", at, p, "one")
	again := serve(c, "k", at, p, "two")
	assert.Equal(t, 1, p.runs, "the second request was answered from what was kept")
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, http.StatusOK, again.Code)
	assert.Equal(t, "text/html; charset=utf-8", again.Header().Get("Content-Type"))
	assert.Equal(t, `"7"`, again.Header().Get("ETag"))
	assert.Equal(t, "14", again.Header().Get("Content-Length"))
	assert.Equal(t, "two", again.Header().Get("X-Request-Id"), "only the page's own headers are kept")
	hits, misses := c.Stats()
	assert.Equal(t, [2]int64{1, 1}, [2]int64{hits, misses})

	serve(c, "other person", at, p, "three")
	assert.Equal(t, 2, p.runs, "another key is another answer")
}

func TestAnAnswerIsMadeAgainWhenAnythingMoved(t *testing.T) {
	c := New(1<<20, time.Minute)
	now := time.Date(2025, time.November, 20, 9, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	p := &page{body: "x"}
	at := standards.Changes{Count: 4, Today: today}
	serve(c, "k", at, p, "")
	serve(c, "k", standards.Changes{Count: 5, Today: today}, p, "")
	assert.Equal(t, 2, p.runs, "a command committed since")
	serve(c, "k", standards.Changes{Count: 5, Today: today.AddDate(0, 0, 1)}, p, "")
	assert.Equal(t, 3, p.runs, "the day moved")
	now = now.Add(time.Minute)
	serve(c, "k", standards.Changes{Count: 5, Today: today.AddDate(0, 0, 1)}, p, "")
	assert.Equal(t, 4, p.runs, "kept a minute at most")
}

func TestOnlyPlainSuccessesAreKept(t *testing.T) {
	at := standards.Changes{Count: 1, Today: today}
	for name, p := range map[string]*page{
		"not found":   {status: http.StatusNotFound, body: "gone"},
		"a cookie":    {body: "banner", cookie: true},
		"a large one": {body: strings.Repeat("x", 200)},
	} {
		t.Run(name, func(t *testing.T) {
			c := New(800, time.Minute) // answers of up to 100 bytes
			serve(c, "k", at, p, "")
			serve(c, "k", at, p, "")
			assert.Equal(t, 2, p.runs)
		})
	}
	c := New(0, time.Minute)
	p := &page{body: "x"}
	serve(c, "k", at, p, "")
	serve(c, "k", at, p, "")
	assert.Equal(t, 2, p.runs, "a cache of no bytes keeps nothing")
}

func TestTheOldestKeptGoFirst(t *testing.T) {
	c := New(800, time.Minute)
	at := standards.Changes{Count: 1, Today: today}
	pages := map[string]*page{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
		pages[k] = &page{body: strings.Repeat(k, 100)}
		serve(c, k, at, pages[k], "")
	}
	serve(c, "a", at, pages["a"], "")
	serve(c, "i", at, pages["i"], "")
	assert.Equal(t, 2, pages["a"].runs, "the first, dropped for the ninth")
	assert.Equal(t, 1, pages["i"].runs)
	c.mu.Lock()
	defer c.mu.Unlock()
	require.LessOrEqual(t, c.bytes, 800)
	assert.Len(t, c.answers, c.order.Len())
}

func TestKeyTellsActorsApart(t *testing.T) {
	a := standards.Actor{Email: "eo@riverside.sch.uk"}
	assert.NotEqual(t, Key(a, "/records/r1"), Key(standards.Actor{Email: "eo@riverside.sch.uk", Via: "host key X"}, "/records/r1"))
	assert.NotEqual(t, Key(a, "/records/r1", ""), Key(a, "/records/r1", "true"))
	assert.NotEqual(t, Key(standards.Actor{Email: "a", Name: "b"}, "c"), Key(standards.Actor{Email: "a\x00b"}, "c"))
	assert.Equal(t, Key(a, "/records/r1"), Key(a, "/records/r1"))
}

// TestWhatIsKeptStaysWithinItsBytesKeysAndAll: the limit in bytes is what
// the kept answers hold in memory, their keys with them: a signed-in
// person may ask for a page under as many addresses as they like
// (/?x=…, each up to the server's limit on a request's header, a
// megabyte), each kept under a key holding the whole address, and a
// small page with a long address must not let them hold many times the
// limit. Nor may many tiny answers under short keys, each costing its
// map entry, list element and headers besides its bytes.
func TestWhatIsKeptStaysWithinItsBytesKeysAndAll(t *testing.T) {
	const limit = 64 << 10
	at := standards.Changes{Count: 1, Today: today}
	held := func(c *Cache) (bytes, answers int) {
		c.mu.Lock()
		defer c.mu.Unlock()
		for e := c.order.Front(); e != nil; e = e.Next() {
			a := e.Value.(*answer)
			bytes += len(a.key) + len(a.body)
		}
		return bytes, len(c.answers)
	}

	c := New(limit, time.Minute)
	p := &page{body: "<p>Home</p>"}
	for i := range 100 {
		serve(c, strings.Repeat("x", 16<<10)+strconv.Itoa(i), at, p, "")
	}
	bytes, _ := held(c)
	assert.LessOrEqual(t, bytes, limit, "long addresses, small pages")

	c = New(limit, time.Minute)
	for i := range 10000 {
		serve(c, strconv.Itoa(i), at, &page{body: "x"}, "")
	}
	_, answers := held(c)
	assert.LessOrEqual(t, answers, limit/256, "tiny answers each cost more than their bytes")
}

// TestAnAnswerIsKeptAMinuteFromWhenItsCountWasRead: the minute that bounds
// how late a kept answer shows an uncounted change runs from when the
// count was read, before the answer was made, not from when a slow answer
// was finished.
func TestAnAnswerIsKeptAMinuteFromWhenItsCountWasRead(t *testing.T) {
	c := New(1<<20, time.Minute)
	now := time.Date(2025, time.November, 20, 9, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	at := standards.Changes{Count: 4, Today: today}
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now = now.Add(30 * time.Second) // the database slow, as it is when counts fail
		_, _ = io.WriteString(w, "<p>Tracker</p>")
	})
	serve(c, "k", at, slow, "")
	now = now.Add(40 * time.Second) // 70s after the count was read
	p := &page{body: "<p>Tracker</p>"}
	serve(c, "k", at, p, "")
	assert.Equal(t, 1, p.runs, "made afresh, the kept one read more than a minute ago")
}
