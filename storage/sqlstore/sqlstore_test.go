package sqlstore_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/storage/storetest"
)

// backend opens a new, empty, migrated store of one kind for a test, and
// removes it when the test ends.
type backend struct {
	name string
	// env is the variable naming the server's DSN; "" for backends that
	// need no server.
	env  string
	open func(tb testing.TB, prefix string) *sqlstore.Store
}

// backends are the stores sqlstore is tested on, after bun's own
// internal/dbtest: SQLite always, on a file in a temporary folder;
// PostgreSQL and MySQL when their DSN variable is set (CI sets both).
var backends = []backend{
	{name: "sqlite", open: openSQLite},
	{name: "postgres", env: dbtest.PostgresEnv, open: openPostgres},
	{name: "mysql", env: dbtest.MySQLEnv, open: openMySQL},
}

// MustOpen opens a migrated store on backend b, skipping the test, and
// saying which variable to set, when b's server is not configured.
func MustOpen(tb testing.TB, b backend, opts ...sqlstore.Option) *sqlstore.Store {
	tb.Helper()
	if b.env != "" && os.Getenv(b.env) == "" {
		tb.Skipf("set %s to run the %s tests", b.env, b.name)
	}
	s := b.open(tb, "")
	return s
}

func openSQLite(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlite.Open(filepath.Join(tb.TempDir(), "eops.db"), sqlstore.WithPrefix(prefix))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	require.NoError(tb, s.Migrate(context.Background()))
	return s.Store
}

// openHostSQLite opens a SQLite file as a host would, with its own
// *sql.DB: the store writes every value into its statements rather than
// preparing them (see prepared.go), so this backend tests that path on
// SQLite.
func openHostSQLite(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", "file:"+filepath.Join(tb.TempDir(), "eops.db")+"?"+q.Encode())
	require.NoError(tb, err)
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { _ = db.Close() })
	return newMigrated(tb, db, sqlstore.SQLite, prefix)
}

// openPostgres gives each test a schema of its own.
func openPostgres(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	return newMigrated(tb, dbtest.Postgres(tb), sqlstore.PostgreSQL, prefix)
}

// openMySQL gives each test a database of its own.
func openMySQL(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	return newMigrated(tb, dbtest.MySQL(tb), sqlstore.MySQL, prefix)
}

func newMigrated(tb testing.TB, db *sql.DB, d sqlstore.Dialect, prefix string) *sqlstore.Store {
	tb.Helper()
	s, err := newOnDialect(db, d, sqlstore.WithPrefix(prefix))
	require.NoError(tb, err)
	require.NoError(tb, s.Migrate(context.Background()))
	return s
}

// TestConformance runs the store contract on every backend, each as its own
// subtest: memory, sqlite, sqlite-host-db, postgres, mysql.
func TestConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(*testing.T) standards.Store { return memory.New() })
	})
	t.Run("sqlite-host-db", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(t *testing.T) standards.Store { return openHostSQLite(t, "") })
	})
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			if b.env != "" && os.Getenv(b.env) == "" {
				t.Skipf("set %s to run the %s tests", b.env, b.name)
			}
			storetest.Run(t, func(t *testing.T) standards.Store { return b.open(t, "") })
		})
	}
}
