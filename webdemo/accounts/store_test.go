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
	"github.com/eops/eops/storage/sqlstore"
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
	s, err := sqlstore.OpenSQLite(filepath.Join(tb.TempDir(), "x.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	return s.DB()
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

	t.Run("SignUpErrConflictAnyCase", func(t *testing.T) {
		m := accounts.New(newStore(t))
		_, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword)
		require.NoError(t, err)
		_, err = m.SignUp(ctx, "Ada@School.ORG.uk", "Ada Lovelace", goodPassword)
		assert.ErrorIs(t, err, standards.ErrConflict)
	})
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
