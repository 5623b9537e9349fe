package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// downStore is an accounts.Store that fails as a PostgreSQL or MySQL
// store does when its server has gone (connection refused), once down is
// set.
type downStore struct {
	accounts.Store
	down atomic.Bool
}

func (s *downStore) refused() error {
	return &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432}, Err: syscall.ECONNREFUSED}
}

func (s *downStore) ByID(ctx context.Context, id string) (accounts.Account, error) {
	if s.down.Load() {
		return accounts.Account{}, s.refused()
	}
	return s.Store.ByID(ctx, id)
}

func (s *downStore) SessionWithAccount(ctx context.Context, hash string) (accounts.StoredSession, accounts.Account, error) {
	if s.down.Load() {
		return accounts.StoredSession{}, accounts.Account{}, s.refused()
	}
	return s.Store.SessionWithAccount(ctx, hash)
}

func (s *downStore) ByEmail(ctx context.Context, email string) (accounts.Account, error) {
	if s.down.Load() {
		return accounts.Account{}, s.refused()
	}
	return s.Store.ByEmail(ctx, email)
}

// TestDatabaseOutageIsNoSignOut: with the database down, a signed-in page,
// a form and a sign-in each answer 503 ("try again in a minute"), log why,
// and leave the session cookie alone; nobody is shown as signed out, no
// form is sent to sign in, no right password is called wrong (issue 18,
// item 6).
func TestDatabaseOutageIsNoSignOut(t *testing.T) {
	t.Parallel()
	backends := []struct {
		name string
		// open gives the app's service and accounts, and a function that
		// takes the database down.
		open func(t *testing.T) (*standards.Service, *accounts.Manager, func())
	}{
		{"SQLiteClosedUnderTheApp", func(t *testing.T) (*standards.Service, *accounts.Manager, func()) {
			db, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			require.NoError(t, db.Migrate(context.Background()))
			store, err := accounts.NewSQLStore(context.Background(), db.DB(), "", accounts.ReadFrom(db.ReadDB()))
			require.NoError(t, err)
			return standards.New(db), accounts.New(store), func() { require.NoError(t, db.Close()) }
		}},
		{"ConnectionRefused", func(t *testing.T) (*standards.Service, *accounts.Manager, func()) {
			store := &downStore{Store: accounts.NewMemoryStore()}
			return standards.New(memory.New()), accounts.New(store), func() { store.down.Store(true) }
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			svc, m, down := b.open(t)
			var log lockedBuffer
			srv := httptest.NewServer(app.New(svc, app.WithAccounts(m, operatorEmail), app.WithTwoFactorForAdmins(false),
				app.WithLogger(slog.New(slog.NewTextHandler(&log, nil)))))
			t.Cleanup(srv.Close)
			jar, err := cookiejar.New(nil)
			require.NoError(t, err)
			c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			post := func(c *http.Client, path string, form url.Values) *http.Response {
				res, err := c.PostForm(srv.URL+path, form)
				require.NoError(t, err)
				_ = res.Body.Close()
				return res
			}
			// A confirmed account (sign-up's link is tested elsewhere), signed in.
			_, err = m.CreateAccount(context.Background(), "eo@school.org.uk", "Ada Lovelace", password)
			require.NoError(t, err)
			res := post(c, "/signin", url.Values{"email": {"eo@school.org.uk"}, "password": {password}})
			require.Equal(t, http.StatusSeeOther, res.StatusCode)
			res, err = c.Get(srv.URL + "/")
			require.NoError(t, err)
			_ = res.Body.Close()
			require.Equal(t, http.StatusOK, res.StatusCode)

			down()

			// sessionKept checks the answer neither clears nor replaces
			// the session cookie.
			sessionKept := func(res *http.Response) {
				t.Helper()
				for _, ck := range res.Cookies() {
					assert.NotEqual(t, accounts.SessionCookie, ck.Name, "the session cookie is left alone: %v", ck)
				}
			}
			res, err = c.Get(srv.URL + "/")
			require.NoError(t, err)
			var body bytes.Buffer
			_, _ = body.ReadFrom(res.Body)
			_ = res.Body.Close()
			assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode, "a signed-in page")
			assert.Contains(t, body.String(), "Try again in a minute")
			assert.NotContains(t, body.String(), `href="/signin"`, "nothing reads as signed out")
			assert.NotContains(t, body.String(), "refused", "no internals shown")
			assert.NotContains(t, body.String(), "database is closed", "no internals shown")
			assert.Equal(t, "60", res.Header.Get("Retry-After"))
			sessionKept(res)

			res = post(c, "/centres", url.Values{"year": {"2025-26"}, "centre_number": {"12345"}, "centre_name": {"Riverside"}, "full_name": {"Ada Lovelace"}, "roles": {"exams_officer"}})
			assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode, "a form: not sent to sign in, its write not dropped in silence")
			assert.Empty(t, res.Header.Get("Location"))
			sessionKept(res)

			other := &http.Client{CheckRedirect: c.CheckRedirect}
			res = post(other, "/signin", url.Values{"email": {"eo@school.org.uk"}, "password": {password}})
			assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode, "a sign-in: not a wrong password")

			logged := log.String()
			assert.Equal(t, 3, strings.Count(logged, `msg="database unavailable"`), logged)
			assert.Contains(t, logged, "path=/centres")
		})
	}
}
