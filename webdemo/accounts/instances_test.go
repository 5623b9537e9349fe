package accounts_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/accounts"
)

// opener makes a new database of backend b and returns what opens a new
// pool of connections on it, as each instance of the app holds its own:
// nothing is shared between them but the database.
func opener(tb testing.TB, b backend) func() *bun.DB {
	tb.Helper()
	skipUnconfigured(tb, b)
	var open func() *bun.DB
	switch b.name {
	case "sqlite":
		path := filepath.Join(tb.TempDir(), "x.db")
		open = func() *bun.DB {
			s, err := sqlite.Open(path)
			require.NoError(tb, err)
			tb.Cleanup(func() { _ = s.Close() })
			return s.DB()
		}
	case "postgres":
		dsn := dbtest.PostgresDSN(tb)
		open = func() *bun.DB {
			db, err := sql.Open("pgx", dsn)
			require.NoError(tb, err)
			tb.Cleanup(func() { _ = db.Close() })
			return bun.NewDB(db, pgdialect.New())
		}
	case "mysql":
		dsn := dbtest.MySQLDSN(tb)
		open = func() *bun.DB {
			db, err := sql.Open("mysql", dsn)
			require.NoError(tb, err)
			tb.Cleanup(func() { _ = db.Close() })
			return bun.NewDB(db, mysqldialect.New())
		}
	default:
		tb.Fatalf("no backend %s", b.name)
	}
	return open
}

// cluster is instances of the app on one database.
type cluster struct {
	t     *testing.T
	open  func() *bun.DB
	clock *clock
}

// instance is a new Manager on its own SQLStore and pool: an instance
// started.
func (cl cluster) instance() *accounts.Manager {
	cl.t.Helper()
	s, err := accounts.NewSQLStore(context.Background(), cl.open(), "")
	require.NoError(cl.t, err)
	return accounts.New(s, accounts.WithClock(cl.clock.Now))
}

// instances are two instances of the app on one database of backend b,
// with one clock, and an account.
func instances(t *testing.T, b backend) (one, two *accounts.Manager, c *clock, a accounts.Account) {
	t.Helper()
	one, two, c, a, _ = instancesOf(t, b)
	return one, two, c, a
}

func instancesOf(t *testing.T, b backend) (one, two *accounts.Manager, c *clock, a accounts.Account, cl cluster) {
	t.Helper()
	cl = cluster{t: t, open: opener(t, b), clock: newClock()}
	one, two = cl.instance(), cl.instance()
	a, err := one.CreateAccount(context.Background(), "ada@school.org.uk", "Ada Lovelace", goodPassword)
	require.NoError(t, err)
	return one, two, cl.clock, a, cl
}

// withCookie is a request to the app that carries session s's cookie.
func withCookie(s accounts.Session) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: s.ID})
	return r
}

// TestInstancesShareEverything: whatever one instance of the app keeps
// between requests, another on the same database sees (issue 19, item 4),
// on SQLite, PostgreSQL and MySQL.
func TestInstancesShareEverything(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			skipUnconfigured(t, b)
			ctx := context.Background()

			t.Run("SessionStartedOnOneIsValidOnTheOther", func(t *testing.T) {
				one, two, c, a, cl := instancesOf(t, b)
				s, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				got, acc, err := two.SessionOf(withCookie(s))
				require.NoError(t, err)
				assert.Equal(t, a.ID, acc.ID)
				assert.Equal(t, s.ID, got.ID)

				// Used on the second every 20 minutes, the session lives on
				// on the first past its idle timeout from the start.
				for range 3 {
					c.Advance(20 * time.Minute)
					_, _, err = two.SessionOf(withCookie(s))
					require.NoError(t, err)
				}
				_, _, err = one.SessionOf(withCookie(s))
				require.NoError(t, err, "the first sees the uses the second made")

				// An instance started again is a new Manager on a new pool.
				_, acc, err = cl.instance().SessionOf(withCookie(s))
				require.NoError(t, err, "a restart signs nobody out")
				assert.Equal(t, a.ID, acc.ID)
				c.Advance(accounts.DefaultIdleTimeout)
				_, _, err = cl.instance().SessionOf(withCookie(s))
				assert.ErrorIs(t, err, accounts.ErrNoSession, "the idle timeout holds on every instance")
			})

			t.Run("SignOutOnOneEndsItOnTheOther", func(t *testing.T) {
				one, two, _, a := instances(t, b)
				s, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				other, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				require.NoError(t, two.EndSession(ctx, s.ID))
				_, _, err = one.SessionOf(withCookie(s))
				assert.ErrorIs(t, err, accounts.ErrNoSession)
				_, _, err = one.SessionOf(withCookie(other))
				assert.NoError(t, err, "the account's other session goes on")

				require.NoError(t, two.EndOtherSessions(ctx, a.ID, ""))
				_, _, err = one.SessionOf(withCookie(other))
				assert.ErrorIs(t, err, accounts.ErrNoSession, "switching two-factor sign-in on ends every other session, everywhere")
			})

			t.Run("HalfSessionOnOneIsHalfOnTheOther", func(t *testing.T) {
				one, two, c, a := instances(t, b)
				half, err := one.StartHalfSession(ctx, a.ID)
				require.NoError(t, err)
				_, _, err = two.SessionOf(withCookie(half))
				assert.ErrorIs(t, err, accounts.ErrNoSession, "a half session stands for nobody")
				_, _, err = two.HalfSessionOf(withCookie(half))
				require.NoError(t, err)
				c.Advance(accounts.HalfSessionTimeout)
				_, _, err = one.HalfSessionOf(withCookie(half))
				assert.ErrorIs(t, err, accounts.ErrNoSession, "five minutes from the password")
			})

			t.Run("TwoFactorSetUpBegunOnOneIsFinishedOnTheOther", func(t *testing.T) {
				one, two, c, a := instances(t, b)
				s, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				stranger, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				e, err := one.BeginEnrolment(ctx, a, s.ID)
				require.NoError(t, err)

				shown, err := two.Enrolment(ctx, a, s.ID)
				require.NoError(t, err, "the second shows the set-up to the session that began it")
				assert.Equal(t, e, shown)
				_, err = two.Enrolment(ctx, a, stranger.ID)
				assert.ErrorIs(t, err, accounts.ErrSetUpElsewhere, "and to no other")

				codes, err := two.ConfirmEnrolment(ctx, a.ID, code(t, e.Secret, c.Now()), addr)
				require.NoError(t, err)
				assert.Len(t, codes, accounts.RecoveryCodeCount)
				st, err := one.TwoFactorStatus(ctx, a.ID)
				require.NoError(t, err)
				assert.True(t, st.Enabled)
			})

			t.Run("FailuresOnOneCountOnTheOther", func(t *testing.T) {
				one, two, _, a := instances(t, b)
				for i := range 5 {
					m := []*accounts.Manager{one, two}[i%2]
					_, err := m.SignIn(ctx, a.Email, "not the password at all", addr)
					require.ErrorIs(t, err, accounts.ErrBadCredentials, "failure %d", i+1)
				}
				for _, m := range []*accounts.Manager{one, two} {
					_, err := m.SignIn(ctx, a.Email, goodPassword, addr)
					assert.ErrorIs(t, err, accounts.ErrThrottled, "five failures, three on one and two on the other")
				}
			})

			t.Run("CodeFailuresOnOneCountOnTheOther", func(t *testing.T) {
				one, two, c, a := instances(t, b)
				secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
				_, err := one.ImportTwoFactor(ctx, a.ID, secret)
				require.NoError(t, err)
				for i := range 5 {
					m := []*accounts.Manager{one, two}[i%2]
					_, err := m.VerifySecondFactor(ctx, a.ID, wrong(t, secret, c.Now()), addr)
					require.ErrorIs(t, err, accounts.ErrBadCode, "failure %d", i+1)
				}
				_, err = two.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), addr)
				assert.ErrorIs(t, err, accounts.ErrThrottled, "even the right code")
			})

			t.Run("SigningInOnOneClearsTheCountOnTheOther", func(t *testing.T) {
				one, two, _, a := instances(t, b)
				for range 4 {
					_, err := one.SignIn(ctx, a.Email, "not the password at all", addr)
					require.ErrorIs(t, err, accounts.ErrBadCredentials)
				}
				_, err := two.SignIn(ctx, a.Email, goodPassword, addr)
				require.NoError(t, err)
				for range 4 {
					_, err := one.SignIn(ctx, a.Email, "not the password at all", addr)
					require.ErrorIs(t, err, accounts.ErrBadCredentials, "the count began again")
				}
			})

			t.Run("ResetLinkFromOneWorksOnTheOtherAndEndsItsSessions", func(t *testing.T) {
				one, two, _, a := instances(t, b)
				s, err := one.StartSession(ctx, a.ID)
				require.NoError(t, err)
				sent, err := one.RequestReset(ctx, a.Email, "198.51.100.7:4000")
				require.NoError(t, err)
				_, err = two.ResetPassword(ctx, sent.Token, "a new password nobody knows")
				require.NoError(t, err)
				_, _, err = one.SessionOf(withCookie(s))
				assert.ErrorIs(t, err, accounts.ErrNoSession, "signed out on the instance that started the session")
				_, err = one.ResetPassword(ctx, sent.Token, "yet another password here")
				assert.ErrorIs(t, err, accounts.ErrLinkUsed, "and the link is used on both")
			})

			t.Run("EmailLinkFromOneWorksOnTheOther", func(t *testing.T) {
				one, two, _, a := instances(t, b)
				sent, err := one.RequestEmailChange(ctx, a.ID, goodPassword, "new."+a.Email, "198.51.100.7:4000")
				require.NoError(t, err)
				changed, err := two.ChangeEmail(ctx, sent.Token)
				require.NoError(t, err)
				assert.Equal(t, "new."+a.Email, changed.Email)
				_, err = one.SignIn(ctx, "new."+a.Email, goodPassword, "")
				assert.NoError(t, err)
			})

			t.Run("MailLimitsHoldAcrossInstances", func(t *testing.T) {
				one, two, _, _ := instances(t, b)
				for i := range 5 {
					m := []*accounts.Manager{one, two}[i%2]
					_, err := m.Resend(ctx, "someone@school.org.uk", "198.51.100.7:4000")
					require.NoError(t, err, "mail %d", i+1)
				}
				_, err := two.Resend(ctx, "someone@school.org.uk", "198.51.100.8:4000")
				assert.ErrorIs(t, err, accounts.ErrTooManyMails, "five to one address in an hour, from either")
			})
		})
	}
}
