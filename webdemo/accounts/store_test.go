package accounts_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/accounts"
)

// backend opens a new, empty database of one kind for a test, and removes
// it when the test ends.
type backend struct {
	name string
	// env is the variable naming the server's DSN; "" for backends that
	// need no server.
	env  string
	open func(tb testing.TB) *bun.DB
}

// backends are the databases SQLStore is tested on, as storage/sqlstore's
// are: SQLite always, on a file in a temporary folder; PostgreSQL and MySQL
// when their DSN variable is set (CI sets both).
var backends = []backend{
	{name: "sqlite", open: openSQLite},
	{name: "postgres", env: dbtest.PostgresEnv, open: openPostgres},
	{name: "mysql", env: dbtest.MySQLEnv, open: openMySQL},
}

// MustOpen opens an empty database on backend b, or skips the test when b's
// server is not configured.
func MustOpen(tb testing.TB, b backend) *bun.DB {
	tb.Helper()
	skipUnconfigured(tb, b)
	return b.open(tb)
}

// skipUnconfigured skips the test, saying which variable to set, when b's
// server is not configured.
func skipUnconfigured(tb testing.TB, b backend) {
	tb.Helper()
	if b.env != "" && os.Getenv(b.env) == "" {
		tb.Skipf("set %s to run the %s tests", b.env, b.name)
	}
}

// openSQLite opens a SQLite file the way the demo does.
func openSQLite(tb testing.TB) *bun.DB {
	tb.Helper()
	s, err := sqlite.Open(filepath.Join(tb.TempDir(), "x.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	return s.DB()
}

// sqliteReadingPool is a SQLStore on a SQLite file that looks accounts up
// through the file's reading pool, as the demo's is.
func sqliteReadingPool(tb testing.TB) *accounts.SQLStore {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "x.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	s, err := accounts.NewSQLStore(context.Background(), db.DB(), "", accounts.ReadFrom(db.ReadDB()))
	require.NoError(tb, err)
	return s
}

// openPostgres gives each test a schema of its own.
func openPostgres(tb testing.TB) *bun.DB {
	return bun.NewDB(dbtest.Postgres(tb), pgdialect.New())
}

// openMySQL gives each test a database of its own.
func openMySQL(tb testing.TB) *bun.DB {
	return bun.NewDB(dbtest.MySQL(tb), mysqldialect.New())
}

// MustSQLStore is a SQLStore on a new database of backend b.
func MustSQLStore(tb testing.TB, b backend, prefix string) *accounts.SQLStore {
	tb.Helper()
	s, err := accounts.NewSQLStore(context.Background(), MustOpen(tb, b), prefix)
	require.NoError(tb, err)
	return s
}

// TestStore runs the Store contract on every store: memory, sqlite,
// postgres, mysql.
func TestStore(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		testStore(t, func(*testing.T) accounts.Store { return accounts.NewMemoryStore() })
	})
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			skipUnconfigured(t, b)
			testStore(t, func(t *testing.T) accounts.Store { return MustSQLStore(t, b, "") })
		})
	}
	// As the demo opens it: lookups through the store's reading pool.
	t.Run("sqlite-read-pool", func(t *testing.T) {
		t.Parallel()
		testStore(t, func(t *testing.T) accounts.Store { return sqliteReadingPool(t) })
	})
}

// testStore is what every Store must do.
func testStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := newStore(t)
		a := account("ada@school.org.uk")
		a.Name = "Ada Lovelace-Ó Súilleabháin 李"
		require.NoError(t, s.Create(ctx, a))

		got, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, got)
		got, err = s.ByEmail(ctx, a.Email)
		require.NoError(t, err)
		assert.Equal(t, a, got)
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := newStore(t)
		require.NoError(t, s.Create(ctx, account("ada@school.org.uk")))
		_, err := s.ByID(ctx, "zzzzzzzzzzzzzzzzzzzzzzzzzz")
		assert.ErrorIs(t, err, standards.ErrNotFound)
		_, err = s.ByEmail(ctx, "grace@school.org.uk")
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})

	t.Run("ErrConflictDuplicateEmail", func(t *testing.T) {
		s := newStore(t)
		require.NoError(t, s.Create(ctx, account("ada@school.org.uk")))
		again := account("ada@school.org.uk")
		again.ID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		assert.ErrorIs(t, s.Create(ctx, again), standards.ErrConflict)
		_, err := s.ByID(ctx, again.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "nothing of the second is kept")
	})

	t.Run("ErrConflictDuplicateID", func(t *testing.T) {
		s := newStore(t)
		require.NoError(t, s.Create(ctx, account("ada@school.org.uk")))
		assert.ErrorIs(t, s.Create(ctx, account("grace@school.org.uk")), standards.ErrConflict)
	})

	t.Run("ErrConflictConcurrentSignUps", func(t *testing.T) {
		s := newStore(t)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a := account("ada@school.org.uk")
				a.ID = strings.Repeat(string("abcdefgh"[i]), 26)
				errs[i] = s.Create(ctx, a)
			})
		}
		wg.Wait()
		created := 0
		for _, err := range errs {
			if err == nil {
				created++
				continue
			}
			assert.ErrorIs(t, err, standards.ErrConflict)
		}
		assert.Equal(t, 1, created)
	})

	t.Run("TwoFactor", func(t *testing.T) {
		testTwoFactorStore(t, newStore)
	})

	t.Run("Sessions", func(t *testing.T) {
		testSessionStore(t, newStore)
	})

	t.Run("Counts", func(t *testing.T) {
		testCountStore(t, newStore)
	})

	t.Run("CreateAccountErrConflictAnyCase", func(t *testing.T) {
		m := accounts.New(newStore(t))
		_, err := m.CreateAccount(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword)
		require.NoError(t, err)
		_, err = m.CreateAccount(ctx, "Ada@School.ORG.uk", "Ada Lovelace", goodPassword)
		assert.ErrorIs(t, err, standards.ErrConflict)
	})

	t.Run("SignUpTokens", func(t *testing.T) {
		testSignUpTokenStore(t, newStore)
	})

	t.Run("ResetTokens", func(t *testing.T) {
		testResetTokenStore(t, newStore)
	})

	t.Run("EmailTokens", func(t *testing.T) {
		testEmailTokenStore(t, newStore)
	})
}

// testSignUpTokenStore is what every Store must do with unconfirmed
// accounts and their confirmation links (R-PER-4).
func testSignUpTokenStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	unconfirmed := func(s accounts.Store) accounts.Account {
		a := account("ada@school.org.uk")
		a.Confirmed = false
		require.NoError(t, s.Create(ctx, a))
		return a
	}
	token := func(a accounts.Account, hash, name string) accounts.SignUpToken {
		return accounts.SignUpToken{Hash: strings.Repeat(hash, 64), AccountID: a.ID, Name: name,
			PasswordHash: "$argon2id$" + name, CreatedAt: at, ExpiresAt: at.Add(24 * time.Hour)}
	}

	t.Run("UnconfirmedRoundTrip", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		got, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, got)
		assert.False(t, got.Confirmed)
		got, err = s.ByEmail(ctx, a.Email)
		require.NoError(t, err)
		assert.False(t, got.Confirmed)
	})

	t.Run("OK", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		first, second := token(a, "a", "Ada Lovelace"), token(a, "b", "Ada King")
		require.NoError(t, s.AddSignUpToken(ctx, first))
		require.NoError(t, s.AddSignUpToken(ctx, second))
		got, err := s.SignUpToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, second, got)

		require.NoError(t, s.ConfirmAccount(ctx, second.Hash, at.Add(time.Hour)))
		confirmed, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.True(t, confirmed.Confirmed)
		assert.Equal(t, "Ada King", confirmed.Name, "the account takes the name of the link's own sign-up")
		assert.Equal(t, second.PasswordHash, confirmed.PasswordHash, "and its password")
		used, err := s.SignUpToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, at.Add(time.Hour), used.UsedAt, "the link is marked used, not forgotten")
		_, err = s.SignUpToken(ctx, first.Hash)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the account's other links are forgotten")
	})

	t.Run("ConfirmAccountSingleUse", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		tk := token(a, "a", "Ada Lovelace")
		require.NoError(t, s.AddSignUpToken(ctx, tk))
		require.NoError(t, s.ConfirmAccount(ctx, tk.Hash, at))
		assert.ErrorIs(t, s.ConfirmAccount(ctx, tk.Hash, at), standards.ErrConflict)
	})

	t.Run("ConfirmAccountSingleUseUnderConcurrency", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		tk := token(a, "a", "Ada Lovelace")
		require.NoError(t, s.AddSignUpToken(ctx, tk))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = s.ConfirmAccount(ctx, tk.Hash, at) })
		}
		wg.Wait()
		used := 0
		for _, err := range errs {
			if err == nil {
				used++
				continue
			}
			assert.ErrorIs(t, err, standards.ErrConflict)
		}
		assert.Equal(t, 1, used)
	})

	t.Run("ConfirmAccountErrConflictExpired", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		tk := token(a, "a", "Ada Lovelace")
		require.NoError(t, s.AddSignUpToken(ctx, tk))
		assert.ErrorIs(t, s.ConfirmAccount(ctx, tk.Hash, tk.ExpiresAt), standards.ErrConflict)
		got, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.False(t, got.Confirmed, "nothing changed")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := newStore(t)
		a := unconfirmed(s)
		_, err := s.SignUpToken(ctx, strings.Repeat("c", 64))
		assert.ErrorIs(t, err, standards.ErrNotFound)
		assert.ErrorIs(t, s.ConfirmAccount(ctx, strings.Repeat("c", 64), at), standards.ErrNotFound)
		nobody := token(a, "d", "Nobody")
		nobody.AccountID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		assert.ErrorIs(t, s.AddSignUpToken(ctx, nobody), standards.ErrNotFound)
	})
}

// testResetTokenStore is what every Store must do with password reset
// links: keep them by hash, use each once, and end the account's sessions
// with the new password.
func testResetTokenStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	confirmed := func(s accounts.Store) accounts.Account {
		a := account("ada@school.org.uk")
		require.NoError(t, s.Create(ctx, a))
		return a
	}
	token := func(a accounts.Account, hash string) accounts.ResetToken {
		return accounts.ResetToken{Hash: strings.Repeat(hash, 64), AccountID: a.ID, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	}

	t.Run("OK", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		other := account("grace@school.org.uk")
		other.ID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		require.NoError(t, s.Create(ctx, other))
		first, second := token(a, "a"), token(a, "b")
		require.NoError(t, s.AddResetToken(ctx, first))
		require.NoError(t, s.AddResetToken(ctx, second))
		got, err := s.ResetToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, second, got)
		for _, ss := range []accounts.StoredSession{
			{Hash: strings.Repeat("1", 64), AccountID: a.ID, Created: at, LastSeen: at},
			{Hash: strings.Repeat("2", 64), AccountID: a.ID, Created: at, LastSeen: at, Half: true},
			{Hash: strings.Repeat("3", 64), AccountID: other.ID, Created: at, LastSeen: at},
		} {
			require.NoError(t, s.AddSession(ctx, ss))
		}

		require.NoError(t, s.ResetPassword(ctx, second.Hash, "$argon2id$new", at.Add(time.Minute)))
		reset, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, "$argon2id$new", reset.PasswordHash)
		assert.True(t, reset.Confirmed)
		used, err := s.ResetToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, at.Add(time.Minute), used.UsedAt, "the link is marked used, not forgotten")
		_, err = s.ResetToken(ctx, first.Hash)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the account's other links are forgotten")
		for _, h := range []string{"1", "2"} {
			_, err = s.SessionByHash(ctx, strings.Repeat(h, 64))
			assert.ErrorIs(t, err, standards.ErrNotFound, "every session of the account ends, half ones too")
		}
		_, err = s.SessionByHash(ctx, strings.Repeat("3", 64))
		assert.NoError(t, err, "another account's session goes on")
		untouched, err := s.ByID(ctx, other.ID)
		require.NoError(t, err)
		assert.Equal(t, other.PasswordHash, untouched.PasswordHash)
	})

	t.Run("ResetPasswordSingleUseUnderConcurrency", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		tk := token(a, "a")
		require.NoError(t, s.AddResetToken(ctx, tk))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = s.ResetPassword(ctx, tk.Hash, "$argon2id$new", at) })
		}
		wg.Wait()
		used := 0
		for _, err := range errs {
			if err == nil {
				used++
				continue
			}
			assert.ErrorIs(t, err, standards.ErrConflict)
		}
		assert.Equal(t, 1, used)
		assert.ErrorIs(t, s.ResetPassword(ctx, tk.Hash, "$argon2id$again", at), standards.ErrConflict)
		got, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, "$argon2id$new", got.PasswordHash)
	})

	t.Run("ResetPasswordErrConflictExpired", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		tk := token(a, "a")
		require.NoError(t, s.AddResetToken(ctx, tk))
		assert.ErrorIs(t, s.ResetPassword(ctx, tk.Hash, "$argon2id$new", tk.ExpiresAt), standards.ErrConflict)
		got, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a.PasswordHash, got.PasswordHash, "nothing changed")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		_, err := s.ResetToken(ctx, strings.Repeat("c", 64))
		assert.ErrorIs(t, err, standards.ErrNotFound)
		assert.ErrorIs(t, s.ResetPassword(ctx, strings.Repeat("c", 64), "$argon2id$new", at), standards.ErrNotFound)
		nobody := token(a, "d")
		nobody.AccountID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		assert.ErrorIs(t, s.AddResetToken(ctx, nobody), standards.ErrNotFound)
	})
}

// testEmailTokenStore is what every Store must do with links that confirm
// a new address: keep them by hash, use each once, and never give an
// account an address another has.
func testEmailTokenStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	confirmed := func(s accounts.Store) accounts.Account {
		a := account("ada@school.org.uk")
		require.NoError(t, s.Create(ctx, a))
		return a
	}
	token := func(a accounts.Account, hash, email string) accounts.EmailToken {
		return accounts.EmailToken{Hash: strings.Repeat(hash, 64), AccountID: a.ID, Email: email, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	}

	t.Run("OK", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		require.NoError(t, s.AddSession(ctx, accounts.StoredSession{Hash: strings.Repeat("1", 64), AccountID: a.ID, Created: at, LastSeen: at}))
		first, second := token(a, "a", "ada.one@school.org.uk"), token(a, "b", "ada.king@school.org.uk")
		require.NoError(t, s.AddEmailToken(ctx, first))
		require.NoError(t, s.AddEmailToken(ctx, second))
		got, err := s.EmailToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, second, got)

		require.NoError(t, s.ChangeEmail(ctx, second.Hash, at.Add(time.Minute)))
		changed, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, "ada.king@school.org.uk", changed.Email)
		assert.Equal(t, a.PasswordHash, changed.PasswordHash)
		byNew, err := s.ByEmail(ctx, "ada.king@school.org.uk")
		require.NoError(t, err)
		assert.Equal(t, a.ID, byNew.ID)
		_, err = s.ByEmail(ctx, "ada@school.org.uk")
		assert.ErrorIs(t, err, standards.ErrNotFound, "the old address is nobody's")
		used, err := s.EmailToken(ctx, second.Hash)
		require.NoError(t, err)
		assert.Equal(t, at.Add(time.Minute), used.UsedAt)
		_, err = s.EmailToken(ctx, first.Hash)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the account's other links are forgotten")
		_, err = s.SessionByHash(ctx, strings.Repeat("1", 64))
		assert.NoError(t, err, "the account's sessions go on")
		assert.ErrorIs(t, s.ChangeEmail(ctx, second.Hash, at.Add(time.Minute)), standards.ErrConflict, "once")
	})

	t.Run("ChangeEmailErrConflictTaken", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		grace := account("grace@school.org.uk")
		grace.ID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		require.NoError(t, s.Create(ctx, grace))
		tk := token(a, "a", "grace@school.org.uk")
		require.NoError(t, s.AddEmailToken(ctx, tk))
		assert.ErrorIs(t, s.ChangeEmail(ctx, tk.Hash, at), standards.ErrConflict)
		got, err := s.EmailToken(ctx, tk.Hash)
		require.NoError(t, err)
		assert.True(t, got.UsedAt.IsZero(), "the link stays unused")
		mine, err := s.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", mine.Email)
	})

	t.Run("ChangeEmailSingleUseUnderConcurrency", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		tk := token(a, "a", "ada.king@school.org.uk")
		require.NoError(t, s.AddEmailToken(ctx, tk))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = s.ChangeEmail(ctx, tk.Hash, at) })
		}
		wg.Wait()
		used := 0
		for _, err := range errs {
			if err == nil {
				used++
				continue
			}
			assert.ErrorIs(t, err, standards.ErrConflict)
		}
		assert.Equal(t, 1, used)
	})

	t.Run("ChangeEmailErrConflictExpired", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		tk := token(a, "a", "ada.king@school.org.uk")
		require.NoError(t, s.AddEmailToken(ctx, tk))
		assert.ErrorIs(t, s.ChangeEmail(ctx, tk.Hash, tk.ExpiresAt), standards.ErrConflict)
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := newStore(t)
		a := confirmed(s)
		_, err := s.EmailToken(ctx, strings.Repeat("c", 64))
		assert.ErrorIs(t, err, standards.ErrNotFound)
		assert.ErrorIs(t, s.ChangeEmail(ctx, strings.Repeat("c", 64), at), standards.ErrNotFound)
		nobody := token(a, "d", "x@school.org.uk")
		nobody.AccountID = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
		assert.ErrorIs(t, s.AddEmailToken(ctx, nobody), standards.ErrNotFound)
	})
}

// testTwoFactorStore is what every Store must do with second factors.
func testTwoFactorStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	const secret, other = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "KRSXG5DTMVRXEZLUKRSXG5DTMVRXEZLU"
	hashes := []string{strings.Repeat("a", 64), strings.Repeat("b", 64), strings.Repeat("c", 64)}
	withAccount := func(t *testing.T) (accounts.Store, string) {
		s := newStore(t)
		a := account("ada@school.org.uk")
		require.NoError(t, s.Create(ctx, a))
		return s, a.ID
	}

	t.Run("OK", func(t *testing.T) {
		s, id := withAccount(t)
		_, err := s.TwoFactor(ctx, id)
		require.ErrorIs(t, err, standards.ErrNotFound, "none yet")

		require.NoError(t, s.BeginTwoFactor(ctx, id, other, strings.Repeat("d", 64)))
		got, err := s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, accounts.TwoFactor{Secret: other, SetUpBy: strings.Repeat("d", 64)}, got, "who began it is kept with it")
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, strings.Repeat("e", 64)), "a new set-up replaces one in progress")
		got, err = s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, accounts.TwoFactor{Secret: secret, SetUpBy: strings.Repeat("e", 64)}, got, "in progress, not switched on")
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, ""))
		got, err = s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, accounts.TwoFactor{Secret: secret}, got, "begun by no session")
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, strings.Repeat("e", 64)))

		assert.ErrorIs(t, s.EnableTwoFactor(ctx, id, other, 1, hashes), standards.ErrConflict, "the replaced secret is gone")
		require.NoError(t, s.EnableTwoFactor(ctx, id, secret, 1000, hashes))
		got, err = s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, accounts.TwoFactor{Secret: secret, Enabled: true, LastStep: 1000, RecoveryCodes: 3}, got, "switched on, it names no session")
		assert.ErrorIs(t, s.EnableTwoFactor(ctx, id, secret, 1001, hashes), standards.ErrConflict, "on already")
		assert.ErrorIs(t, s.BeginTwoFactor(ctx, id, other, ""), standards.ErrConflict, "a set-up cannot replace one switched on")

		require.NoError(t, s.RemoveTwoFactor(ctx, id))
		_, err = s.TwoFactor(ctx, id)
		assert.ErrorIs(t, err, standards.ErrNotFound)
		ok, err := s.UseRecoveryCode(ctx, id, hashes[0])
		require.NoError(t, err)
		assert.False(t, ok, "the recovery codes went with it")
		require.NoError(t, s.RemoveTwoFactor(ctx, id), "removing nothing is not an error")
	})

	t.Run("ErrNotFoundNoAccount", func(t *testing.T) {
		s := newStore(t)
		assert.ErrorIs(t, s.BeginTwoFactor(ctx, "zzzzzzzzzzzzzzzzzzzzzzzzzz", secret, ""), standards.ErrNotFound)
		assert.ErrorIs(t, s.ReplaceRecoveryCodes(ctx, "zzzzzzzzzzzzzzzzzzzzzzzzzz", hashes), standards.ErrNotFound)
	})

	t.Run("UseTimeStepOnlyForward", func(t *testing.T) {
		s, id := withAccount(t)
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, ""))
		ok, err := s.UseTimeStep(ctx, id, 2000)
		require.NoError(t, err)
		assert.False(t, ok, "not switched on yet")
		require.NoError(t, s.EnableTwoFactor(ctx, id, secret, 1000, hashes))

		for _, c := range []struct {
			step int64
			want bool
		}{{1000, false}, {999, false}, {1001, true}, {1001, false}, {1003, true}, {1002, false}} {
			ok, err := s.UseTimeStep(ctx, id, c.step)
			require.NoError(t, err)
			assert.Equal(t, c.want, ok, "step %d", c.step)
		}
		got, err := s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, int64(1003), got.LastStep)
	})

	t.Run("UseTimeStepOnceUnderConcurrency", func(t *testing.T) {
		s, id := withAccount(t)
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, ""))
		require.NoError(t, s.EnableTwoFactor(ctx, id, secret, 1000, hashes))
		const n = 8
		used := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				ok, err := s.UseTimeStep(ctx, id, 1001)
				assert.NoError(t, err)
				used[i] = ok
			})
		}
		wg.Wait()
		assert.Equal(t, 1, count(used), "one request of many with the same code passes")
	})

	t.Run("UseRecoveryCodeOnce", func(t *testing.T) {
		s, id := withAccount(t)
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, ""))
		require.NoError(t, s.EnableTwoFactor(ctx, id, secret, 1000, hashes))
		const n = 8
		used := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				ok, err := s.UseRecoveryCode(ctx, id, hashes[1])
				assert.NoError(t, err)
				used[i] = ok
			})
		}
		wg.Wait()
		assert.Equal(t, 1, count(used), "one request of many with the same code passes")
		ok, err := s.UseRecoveryCode(ctx, id, strings.Repeat("d", 64))
		require.NoError(t, err)
		assert.False(t, ok, "never one of its codes")
		got, err := s.TwoFactor(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, 2, got.RecoveryCodes)
	})

	t.Run("ReplaceRecoveryCodes", func(t *testing.T) {
		s, id := withAccount(t)
		require.NoError(t, s.BeginTwoFactor(ctx, id, secret, ""))
		assert.ErrorIs(t, s.ReplaceRecoveryCodes(ctx, id, hashes), standards.ErrNotFound, "not switched on yet")
		require.NoError(t, s.EnableTwoFactor(ctx, id, secret, 1000, hashes))
		fresh := []string{strings.Repeat("e", 64)}
		require.NoError(t, s.ReplaceRecoveryCodes(ctx, id, fresh))
		ok, err := s.UseRecoveryCode(ctx, id, hashes[0])
		require.NoError(t, err)
		assert.False(t, ok, "the old codes are gone")
		ok, err = s.UseRecoveryCode(ctx, id, fresh[0])
		require.NoError(t, err)
		assert.True(t, ok)
	})
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func TestNewSQLStore(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := MustOpen(t, b)

			t.Run("KeepsAnExistingTable", func(t *testing.T) {
				first, err := accounts.NewSQLStore(ctx, db, "keep_")
				require.NoError(t, err)
				a := account("ada@school.org.uk")
				require.NoError(t, first.Create(ctx, a))

				second, err := accounts.NewSQLStore(ctx, db, "keep_")
				require.NoError(t, err, "the table exists: nothing to do")
				got, err := second.ByID(ctx, a.ID)
				require.NoError(t, err)
				assert.Equal(t, a, got)
			})

			t.Run("AddsTheSecondFactorTablesToAnOlderDatabase", func(t *testing.T) {
				first, err := accounts.NewSQLStore(ctx, db, "old_")
				require.NoError(t, err)
				a := account("ada@school.org.uk")
				require.NoError(t, first.Create(ctx, a))
				// A database from before the second factor: only the
				// accounts table.
				for _, table := range []string{"old_webdemo_signup_tokens", "old_webdemo_account_unconfirmed", "old_webdemo_recovery_codes", "old_webdemo_account_totp"} {
					_, err := db.ExecContext(ctx, "DROP TABLE ?", bun.Ident(table))
					require.NoError(t, err)
				}

				second, err := accounts.NewSQLStore(ctx, db, "old_")
				require.NoError(t, err)
				got, err := second.ByID(ctx, a.ID)
				require.NoError(t, err)
				assert.Equal(t, a, got, "the accounts are kept")
				require.NoError(t, second.BeginTwoFactor(ctx, a.ID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", ""))
				require.NoError(t, second.EnableTwoFactor(ctx, a.ID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1, []string{strings.Repeat("a", 64)}))
				tf, err := second.TwoFactor(ctx, a.ID)
				require.NoError(t, err)
				assert.True(t, tf.Enabled)
				assert.Equal(t, 1, tf.RecoveryCodes)
			})

			t.Run("AnOlderDatabasesAccountsStayConfirmed", func(t *testing.T) {
				first, err := accounts.NewSQLStore(ctx, db, "before_")
				require.NoError(t, err)
				a := account("ada@school.org.uk")
				require.NoError(t, first.Create(ctx, a))
				// A database from before sign-up's confirmation: no table of
				// unconfirmed accounts, none of links.
				for _, table := range []string{"before_webdemo_signup_tokens", "before_webdemo_account_unconfirmed"} {
					_, err := db.ExecContext(ctx, "DROP TABLE ?", bun.Ident(table))
					require.NoError(t, err)
				}

				second, err := accounts.NewSQLStore(ctx, db, "before_")
				require.NoError(t, err)
				got, err := second.ByEmail(ctx, a.Email)
				require.NoError(t, err)
				assert.True(t, got.Confirmed, "an account that could act before stays able to")
				fresh := account("grace@school.org.uk")
				fresh.ID, fresh.Confirmed = "zzzzzzzzzzzzzzzzzzzzzzzzzz", false
				require.NoError(t, second.Create(ctx, fresh))
				got, err = second.ByID(ctx, fresh.ID)
				require.NoError(t, err)
				assert.False(t, got.Confirmed, "a new sign-up waits for its link")
			})

			t.Run("Prefix", func(t *testing.T) {
				one, err := accounts.NewSQLStore(ctx, db, "one_")
				require.NoError(t, err)
				two, err := accounts.NewSQLStore(ctx, db, "two_")
				require.NoError(t, err)
				require.NoError(t, one.Create(ctx, account("ada@school.org.uk")))
				require.NoError(t, two.Create(ctx, account("ada@school.org.uk")), "each prefix has a table of its own")

				var n int
				require.NoError(t, db.NewRaw("SELECT COUNT(*) FROM ?", bun.Ident("one_webdemo_accounts")).Scan(ctx, &n))
				assert.Equal(t, 1, n)
			})

			t.Run("CreatedAtToTheSecond", func(t *testing.T) {
				s, err := accounts.NewSQLStore(ctx, db, "time_")
				require.NoError(t, err)
				a := account("ada@school.org.uk")
				a.CreatedAt = time.Date(2026, 3, 2, 9, 0, 0, 999_999_999, time.FixedZone("CET", 3600))
				require.NoError(t, s.Create(ctx, a))
				got, err := s.ByID(ctx, a.ID)
				require.NoError(t, err)
				assert.Equal(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), got.CreatedAt)
			})
		})
	}
}

// TestLookupsThroughTheReadingPoolDoNotWaitForAWrite holds SQLite's one
// writer in a transaction that adds an account, and looks accounts up
// meanwhile: through the reading pool the lookups answer at once, from
// what was committed, where through the writer they would wait for the
// transaction to end (here, for ever: it waits on them).
func TestLookupsThroughTheReadingPoolDoNotWaitForAWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "x.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	s, err := accounts.NewSQLStore(ctx, db.DB(), "", accounts.ReadFrom(db.ReadDB()))
	require.NoError(t, err)
	day := time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)
	require.NoError(t, s.Create(ctx, accounts.Account{ID: "01JAAAAAAAAAAAAAAAAAAAAAAA", Email: "eo@riverside.sch.uk", Name: "EO", PasswordHash: "x", CreatedAt: day}))
	session := accounts.StoredSession{Hash: strings.Repeat("a", 64), AccountID: "01JAAAAAAAAAAAAAAAAAAAAAAA", Created: day, LastSeen: day}
	require.NoError(t, s.AddSession(ctx, session))

	write, err := db.DB().BeginTx(ctx, nil)
	require.NoError(t, err)
	defer func() { _ = write.Rollback() }()
	_, err = write.ExecContext(ctx, `INSERT INTO webdemo_accounts (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		"01JBBBBBBBBBBBBBBBBBBBBBBB", "sl@riverside.sch.uk", "SL", "x", day)
	require.NoError(t, err)

	soon, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	a, err := s.ByID(soon, "01JAAAAAAAAAAAAAAAAAAAAAAA")
	require.NoError(t, err, "a lookup waited for the write")
	assert.Equal(t, "eo@riverside.sch.uk", a.Email)
	_, err = s.ByEmail(soon, "sl@riverside.sch.uk")
	require.ErrorIs(t, err, standards.ErrNotFound, "a lookup saw a write still in progress")
	_, err = s.TwoFactor(soon, "01JAAAAAAAAAAAAAAAAAAAAAAA")
	require.ErrorIs(t, err, standards.ErrNotFound)
	got, err := s.SessionByHash(soon, session.Hash)
	require.NoError(t, err, "a session's lookup waited for the write")
	assert.Equal(t, session, got)
	n, err := s.CountSince(soon, "fail", []string{strings.Repeat("b", 64)}, day)
	require.NoError(t, err, "the throttle's count waited for the write")
	assert.Equal(t, []int{0}, n)

	require.NoError(t, write.Commit())
	a, err = s.ByEmail(ctx, "sl@riverside.sch.uk")
	require.NoError(t, err)
	assert.Equal(t, "SL", a.Name)
}
