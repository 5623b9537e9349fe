// Package dbtest gives a test a PostgreSQL schema or a MySQL database of
// its own, on the servers CI runs, and removes it when the test ends: the
// isolation the SQL tests of several packages share (after bun's own
// internal/dbtest).
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// The variables naming the test servers; .ci/run sets both.
const (
	PostgresEnv = "STANDARDS_TEST_POSTGRES_DSN"
	MySQLEnv    = "STANDARDS_TEST_MYSQL_DSN"
)

// Need skips tb, saying which variable to set, when env is unset.
func Need(tb testing.TB, env, name string) {
	tb.Helper()
	if os.Getenv(env) == "" {
		tb.Skipf("set %s to run the %s tests", env, name)
	}
}

// uniqueName is a name for a test's own schema or database.
func uniqueName() string {
	return "eops_test_" + strings.ToLower(rand.Text()[:12])
}

// Postgres returns connections to a new schema of its own (as their search
// path), dropped when tb ends. The caller has checked PostgresEnv with Need.
func Postgres(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", PostgresDSN(tb))
	must(tb, err)
	db.SetMaxOpenConns(4)
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// PostgresDSN returns a DSN whose connections use a new schema of their
// own (as their search path), dropped when tb ends: for a program the test
// runs. The caller has checked PostgresEnv with Need.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	dsn := os.Getenv(PostgresEnv)
	admin, err := sql.Open("pgx", dsn)
	must(tb, err)
	tb.Cleanup(func() { _ = admin.Close() })
	schema := uniqueName()
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
	must(tb, err)
	tb.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(dsn)
	must(tb, err)
	q := u.Query()
	q.Set("search_path", schema)
	// As postgres.Open opens a database, so that a statement bun writes
	// in full is one round trip.
	q.Set("default_query_exec_mode", "exec")
	u.RawQuery = q.Encode()
	return u.String()
}

// MySQL returns connections to a new database of its own, dropped when tb
// ends, reading times as UTC. The caller has checked MySQLEnv with Need.
func MySQL(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("mysql", MySQLDSN(tb))
	must(tb, err)
	db.SetMaxOpenConns(4)
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// MySQLDSN returns a DSN of a new database of its own, dropped when tb
// ends, reading times as UTC: for a second pool on it, or a program the
// test runs. The caller has checked MySQLEnv with Need.
func MySQLDSN(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	cfg, err := mysql.ParseDSN(os.Getenv(MySQLEnv))
	must(tb, err)
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	must(tb, err)
	tb.Cleanup(func() { _ = admin.Close() })
	name := uniqueName()
	_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name)
	must(tb, err)
	tb.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP DATABASE "+name) })
	cfg.DBName = name
	return cfg.FormatDSN()
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
