package accounts_test

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

func TestStartSessionNewIDEveryTime(t *testing.T) {
	t.Parallel()
	m, c, _ := MustManager(t)
	seen := map[string]bool{}
	for range 100 {
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		assert.Len(t, s.ID, 43, "256 bits in unpadded base64")
		assert.False(t, seen[s.ID], "id %s given twice", s.ID)
		seen[s.ID] = true
		assert.Equal(t, "account-1", s.AccountID)
		assert.Equal(t, c.Now(), s.Created)
		assert.Equal(t, c.Now(), s.LastSeen)
	}
	_, err := m.StartSession(context.Background(), "")
	assert.Error(t, err, "a session needs an account")
}

func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()

	t.Run("Default30Minutes", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)

		c.Advance(29 * time.Minute)
		got, ok := m.Session(context.Background(), s.ID)
		require.True(t, ok, "used within the idle timeout")
		assert.Equal(t, c.Now(), got.LastSeen, "use slides the idle timeout")
		c.Advance(29 * time.Minute)
		_, ok = m.Session(context.Background(), s.ID)
		require.True(t, ok, "58 minutes old, but used 29 minutes ago")
		c.Advance(30 * time.Minute)
		_, ok = m.Session(context.Background(), s.ID)
		assert.False(t, ok, "unused for 30 minutes")
		c.Advance(-time.Hour)
		_, ok = m.Session(context.Background(), s.ID)
		assert.False(t, ok, "an expired session is forgotten, not just hidden")
	})

	t.Run("WithIdleTimeout", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t, accounts.WithIdleTimeout(5*time.Minute))
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		c.Advance(5*time.Minute - time.Second)
		_, ok := m.Session(context.Background(), s.ID)
		require.True(t, ok)
		c.Advance(5 * time.Minute)
		_, ok = m.Session(context.Background(), s.ID)
		assert.False(t, ok)
	})
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()

	t.Run("Default12Hours", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		// Used every 20 minutes, so never idle for long.
		for c.Now().Before(s.Created.Add(12*time.Hour - 20*time.Minute)) {
			c.Advance(20 * time.Minute)
			_, ok := m.Session(context.Background(), s.ID)
			require.True(t, ok, "at %v", c.Now().Sub(s.Created))
		}
		c.Advance(20 * time.Minute)
		_, ok := m.Session(context.Background(), s.ID)
		assert.False(t, ok, "12 hours after it started, however busy")
	})

	t.Run("WithAbsoluteTimeout", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t, accounts.WithAbsoluteTimeout(time.Hour))
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		c.Advance(25 * time.Minute)
		_, ok := m.Session(context.Background(), s.ID)
		require.True(t, ok)
		c.Advance(25 * time.Minute)
		_, ok = m.Session(context.Background(), s.ID)
		require.True(t, ok)
		c.Advance(10 * time.Minute)
		_, ok = m.Session(context.Background(), s.ID)
		assert.False(t, ok)
	})
}

func TestEndSession(t *testing.T) {
	t.Parallel()
	m, _, _ := MustManager(t)
	s, err := m.StartSession(context.Background(), "account-1")
	require.NoError(t, err)
	other, err := m.StartSession(context.Background(), "account-1")
	require.NoError(t, err)

	require.NoError(t, m.EndSession(context.Background(), s.ID))
	_, ok := m.Session(context.Background(), s.ID)
	assert.False(t, ok, "the ended session's id is useless")
	_, ok = m.Session(context.Background(), other.ID)
	assert.True(t, ok, "the account's other sessions go on")
	require.NoError(t, m.EndSession(context.Background(), s.ID)) // a second time does nothing
	require.NoError(t, m.EndSession(context.Background(), "no such session"))
}

func TestSessionUnknownID(t *testing.T) {
	t.Parallel()
	m, _, _ := MustManager(t)
	for _, id := range []string{"", "x", "0000000000000000000000000000000000000000000"} {
		_, ok := m.Session(context.Background(), id)
		assert.False(t, ok, "%q", id)
	}
}

func TestSessionsConcurrentUse(t *testing.T) {
	t.Parallel()
	m, c, _ := MustManager(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				s, err := m.StartSession(context.Background(), "account-1")
				if !assert.NoError(t, err) {
					return
				}
				_, ok := m.Session(context.Background(), s.ID)
				assert.True(t, ok)
				c.Advance(time.Second)
				assert.NoError(t, m.EndSession(context.Background(), s.ID))
			}
		})
	}
	wg.Wait()
}

func TestSessionsExpiredAreSwept(t *testing.T) {
	t.Parallel()
	m, c, _ := MustManager(t)
	old := make([]string, 0, 2000)
	for range 2000 {
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		old = append(old, s.ID)
	}
	c.Advance(time.Hour)
	for range 2000 {
		_, err := m.StartSession(context.Background(), "account-2")
		require.NoError(t, err)
	}
	c.Advance(-time.Hour) // the old ones would be live again, had they been kept
	for _, id := range old {
		_, ok := m.Session(context.Background(), id)
		require.False(t, ok)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()

	cookie := func(t *testing.T, r *http.Request) *http.Cookie {
		t.Helper()
		m, _, _ := MustManager(t)
		s, err := m.StartSession(context.Background(), "account-1")
		require.NoError(t, err)
		w := httptest.NewRecorder()
		m.SetSessionCookie(w, r, s)
		cs := w.Result().Cookies()
		require.Len(t, cs, 1)
		assert.Equal(t, s.ID, cs[0].Value)
		return cs[0]
	}

	t.Run("OverHTTP", func(t *testing.T) {
		t.Parallel()
		c := cookie(t, httptest.NewRequest(http.MethodPost, "http://demo.example/sign-in", nil))
		assert.Equal(t, "eops_session", c.Name)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.Equal(t, "/", c.Path)
		assert.False(t, c.Secure, "a Secure cookie would never come back over plain HTTP")
		assert.Zero(t, c.MaxAge, "a browser-session cookie")
		assert.True(t, c.Expires.IsZero())
	})

	t.Run("OverTLS", func(t *testing.T) {
		t.Parallel()
		r := httptest.NewRequest(http.MethodPost, "https://demo.example/sign-in", nil)
		r.TLS = &tls.ConnectionState{}
		c := cookie(t, r)
		assert.True(t, c.Secure)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	})

	t.Run("BehindHTTPSProxy", func(t *testing.T) {
		t.Parallel()
		r := httptest.NewRequest(http.MethodPost, "http://demo.example/sign-in", nil)
		r.Header.Set("X-Forwarded-Proto", "https")
		assert.True(t, cookie(t, r).Secure)
	})

	t.Run("Clear", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		r := httptest.NewRequest(http.MethodPost, "https://demo.example/sign-out", nil)
		r.TLS = &tls.ConnectionState{}
		w := httptest.NewRecorder()
		m.ClearSessionCookie(w, r)
		cs := w.Result().Cookies()
		require.Len(t, cs, 1)
		assert.Equal(t, "eops_session", cs[0].Name)
		assert.Empty(t, cs[0].Value)
		assert.Negative(t, cs[0].MaxAge, "Max-Age=0 tells the browser to drop it now")
		assert.True(t, cs[0].HttpOnly)
		assert.True(t, cs[0].Secure)
		assert.Equal(t, http.SameSiteLaxMode, cs[0].SameSite)
	})
}

func TestSessionFromRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	a := account("ada@school.org.uk")
	require.NoError(t, store.Create(ctx, a))
	s, err := m.StartSession(context.Background(), a.ID)
	require.NoError(t, err)

	request := func(value string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if value != "" {
			r.AddCookie(&http.Cookie{Name: "eops_session", Value: value})
		}
		return r
	}

	t.Run("OK", func(t *testing.T) {
		gotS, gotA, ok := m.SessionFromRequest(request(s.ID))
		require.True(t, ok)
		assert.Equal(t, s.ID, gotS.ID)
		assert.Equal(t, a, gotA)
	})

	t.Run("NoCookie", func(t *testing.T) {
		_, _, ok := m.SessionFromRequest(request(""))
		assert.False(t, ok)
	})

	t.Run("UnknownSession", func(t *testing.T) {
		_, _, ok := m.SessionFromRequest(request("0000000000000000000000000000000000000000000"))
		assert.False(t, ok)
	})

	t.Run("AccountGone", func(t *testing.T) {
		orphan, err := m.StartSession(context.Background(), "no-such-account")
		require.NoError(t, err)
		_, _, ok := m.SessionFromRequest(request(orphan.ID))
		assert.False(t, ok)
		_, ok = m.Session(context.Background(), orphan.ID)
		assert.False(t, ok, "the session is ended")
	})

	t.Run("Ended", func(t *testing.T) {
		require.NoError(t, m.EndSession(context.Background(), s.ID))
		_, _, ok := m.SessionFromRequest(request(s.ID))
		assert.False(t, ok)
	})
}

// failingStore fails every lookup, as a store whose database is down.
type failingStore struct{ accounts.Store }

var errDown = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

func (failingStore) ByID(context.Context, string) (accounts.Account, error) {
	return accounts.Account{}, errDown
}

// SessionWithAccount fails as ByID does: it is the read of the account
// that a signed-in request makes.
func (failingStore) SessionWithAccount(context.Context, string) (accounts.StoredSession, accounts.Account, error) {
	return accounts.StoredSession{}, accounts.Account{}, errDown
}

// TestSessionOfAStoreThatFails: a store's failure is reported as such, not
// as being signed out, and does not end the session (issue 18, item 6).
func TestSessionOfAStoreThatFails(t *testing.T) {
	t.Parallel()
	m := accounts.New(failingStore{accounts.NewMemoryStore()})
	s, err := m.StartSession(context.Background(), "0123456789abcdefghjkmnpqrs")
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: s.ID})

	_, _, err = m.SessionOf(r)
	assert.ErrorIs(t, err, errDown)
	assert.NotErrorIs(t, err, accounts.ErrNoSession)
	_, ok := m.Session(context.Background(), s.ID)
	assert.True(t, ok, "the session lives on, for when the store is back")

	_, _, err = m.SessionOf(httptest.NewRequest(http.MethodGet, "/", nil))
	assert.ErrorIs(t, err, accounts.ErrNoSession, "no cookie")
}

// TestSessionIDIsKeptOnlyAsAHash: the Store keeps a session by the SHA-256
// of its id, so a copy of the sessions table lets nobody in.
func TestSessionIDIsKeptOnlyAsAHash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	s, err := m.StartSession(ctx, "account-1")
	require.NoError(t, err)
	_, err = store.SessionByHash(ctx, s.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound, "not by the id itself")
	sum := sha256.Sum256([]byte(s.ID))
	kept, err := store.SessionByHash(ctx, hex.EncodeToString(sum[:]))
	require.NoError(t, err)
	assert.Equal(t, "account-1", kept.AccountID)
}

// touchCounter is a MemoryStore that counts the writes of LastSeen.
type touchCounter struct {
	*accounts.MemoryStore
	touches int
}

func (s *touchCounter) TouchSession(ctx context.Context, hash string, at time.Time) error {
	s.touches++
	return s.MemoryStore.TouchSession(ctx, hash, at)
}

// TestSessionUseWritesAtMostOnceAMinute: a page view does not write the
// session every time, only when the kept LastSeen is a minute old; the
// idle timeout then counts from that write.
func TestSessionUseWritesAtMostOnceAMinute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newClock()
	store := &touchCounter{MemoryStore: accounts.NewMemoryStore()}
	m := accounts.New(store, accounts.WithClock(c.Now))
	s, err := m.StartSession(ctx, "account-1")
	require.NoError(t, err)
	for range 5 {
		c.Advance(10 * time.Second)
		_, ok := m.Session(ctx, s.ID)
		require.True(t, ok)
	}
	assert.Zero(t, store.touches, "50 seconds of use: nothing written")
	c.Advance(10 * time.Second)
	_, ok := m.Session(ctx, s.ID)
	require.True(t, ok)
	assert.Equal(t, 1, store.touches, "a minute after the last write")

	c.Advance(30*time.Minute - time.Second)
	_, ok = m.Session(ctx, s.ID)
	assert.True(t, ok, "within 30 minutes of the last write")
	c.Advance(30 * time.Minute)
	_, ok = m.Session(ctx, s.ID)
	assert.False(t, ok, "idle for 30 minutes")
}
