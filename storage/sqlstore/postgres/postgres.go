// Package postgres connects a sqlstore.Store to PostgreSQL, linking bun's
// PostgreSQL dialect and nothing of SQLite or MySQL.
//
// The host opens the database with a database/sql driver of its choice
// (github.com/jackc/pgx/v5/stdlib, registered as "pgx", is the one the
// library is tested with) and keeps it; a table-name prefix puts the
// library's tables beside the host's own:
//
//	db, err := postgres.Open("postgres://app@db.internal/school")
//	if err != nil { … }
//	store, err := postgres.New(db, sqlstore.WithPrefix("eops_"))
//	if err != nil { … }
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// A host with a pool of its own, opened with sql.Open("pgx", dsn), adds
// default_query_exec_mode=exec to its DSN, as Open does: see Open for why.
//
// Every write runs at SERIALIZABLE; a transaction PostgreSQL refuses for
// others at the same time (SQLSTATE 40001, 40P01) is standards.ErrTransient,
// which the Service runs again. docs/operations.md says how many
// connections to give an instance.
package postgres

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/eops/eops/storage/sqlstore"
)

// New returns a store on the host's *sql.DB on PostgreSQL. The host keeps
// ownership of db: the store's Close does not close it.
//
// The store binds the values of the statements that read its views and
// rows (Engine.BindsViews), so that PostgreSQL plans each once for a
// connection (pgx's stdlib keeps the statements it prepares): planning a
// view was as long as running it. When db is pgx in exec mode (as Open
// opens it) or in pgx's default mode, the store asks pgx to keep those
// statements prepared, statement by statement; in any other mode (simple
// protocol, say, for a pooler such as PgBouncer in transaction mode, which
// cannot follow prepared statements) they go as the host's mode sends them.
// To know the mode New asks one connection of db; a database it cannot
// reach within a few seconds is left its mode too.
func New(db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	e := sqlstore.Engine{DB: bun.NewDB(db, pgdialect.New()), BindsViews: true}
	if keepsPrepared(db) {
		e.ViewOptions = []any{pgx.QueryExecModeCacheStatement}
	}
	return sqlstore.NewEngine(e, opts...)
}

// keepsPrepared says db is pgx in a mode where the store may have its
// bound statements prepared and kept: exec or pgx's own default,
// cache_statement.
func keepsPrepared(db *sql.DB) bool {
	if _, ok := db.Driver().(*stdlib.Driver); !ok {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return false
	}
	defer conn.Close()
	keep := false
	_ = conn.Raw(func(dc any) error {
		if c, ok := dc.(*stdlib.Conn); ok {
			switch c.Conn().Config().DefaultQueryExecMode {
			case pgx.QueryExecModeExec, pgx.QueryExecModeCacheStatement:
				keep = true
			}
		}
		return nil
	})
	return keep
}

// Open opens dsn through pgx as the store runs best on it: unless dsn says
// otherwise, each statement is sent as it is, in one round trip
// (default_query_exec_mode=exec). bun writes its statements' values into
// their text, so almost every statement is a text pgx has not seen; in
// pgx's own default mode pgx prepares each such text first, a round trip
// more, and keeps it in place of one it may need again: on the project's
// machine a meeting recorded with five target updates took a sixth longer
// so (BenchmarkPostgreSQLExecModes, docs/benchmarks.md). The views and
// reads the store binds itself are still prepared once for a connection
// (New).
func Open(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(dsn, "default_query_exec_mode") {
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	return stdlib.OpenDB(*cfg), nil
}
