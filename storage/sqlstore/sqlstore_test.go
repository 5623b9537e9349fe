package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore"
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
	{name: "postgres", env: "STANDARDS_TEST_POSTGRES_DSN", open: openPostgres},
	{name: "mysql", env: "STANDARDS_TEST_MYSQL_DSN", open: openMySQL},
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
	s, err := sqlstore.OpenSQLite(filepath.Join(tb.TempDir(), "eops.db"), sqlstore.WithPrefix(prefix))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	require.NoError(tb, s.Migrate(context.Background()))
	return s
}

// uniqueName is a name for a test's own schema or database.
func uniqueName() string {
	return "eops_test_" + strings.ToLower(rand.Text()[:12])
}

// openPostgres gives each test a schema of its own, dropped at the end, and
// connections whose search path is that schema.
func openPostgres(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	ctx := context.Background()
	dsn := os.Getenv("STANDARDS_TEST_POSTGRES_DSN")
	admin, err := sql.Open("pgx", dsn)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = admin.Close() })
	schema := uniqueName()
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(tb, err)
	tb.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") })

	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(tb, err)
	cfg.RuntimeParams["search_path"] = schema
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(4)
	tb.Cleanup(func() { _ = db.Close() })
	return newMigrated(tb, db, sqlstore.PostgreSQL, prefix)
}

// openMySQL gives each test a database of its own, dropped at the end.
func openMySQL(tb testing.TB, prefix string) *sqlstore.Store {
	tb.Helper()
	ctx := context.Background()
	cfg, err := mysql.ParseDSN(os.Getenv("STANDARDS_TEST_MYSQL_DSN"))
	require.NoError(tb, err)
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = admin.Close() })
	name := uniqueName()
	_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name)
	require.NoError(tb, err)
	tb.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP DATABASE "+name) })

	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	require.NoError(tb, err)
	db.SetMaxOpenConns(4)
	tb.Cleanup(func() { _ = db.Close() })
	return newMigrated(tb, db, sqlstore.MySQL, prefix)
}

func newMigrated(tb testing.TB, db *sql.DB, d sqlstore.Dialect, prefix string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.NewSQL(db, d, sqlstore.WithPrefix(prefix))
	require.NoError(tb, err)
	require.NoError(tb, s.Migrate(context.Background()))
	return s
}

// TestConformance runs the store contract on every backend, each as its own
// subtest: memory, sqlite, postgres, mysql.
func TestConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(*testing.T) standards.Store { return memory.New() })
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

var _ = fmt.Sprint
