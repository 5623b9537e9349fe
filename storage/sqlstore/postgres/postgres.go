// Package postgres connects a sqlstore.Store to PostgreSQL, linking bun's
// PostgreSQL dialect and nothing of SQLite or MySQL.
//
// The host opens the database with a database/sql driver of its choice
// (github.com/jackc/pgx/v5/stdlib, registered as "pgx", is the one the
// library is tested with) and keeps it; a table-name prefix puts the
// library's tables beside the host's own:
//
//	db, err := sql.Open("pgx", "postgres://app@db.internal/school")
//	if err != nil { … }
//	store, err := postgres.New(db, sqlstore.WithPrefix("eops_"))
//	if err != nil { … }
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// Every write runs at SERIALIZABLE; a transaction PostgreSQL refuses for
// others at the same time (SQLSTATE 40001, 40P01) is standards.ErrTransient,
// which the Service runs again. docs/operations.md says how many
// connections to give an instance.
package postgres

import (
	"database/sql"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/eops/eops/storage/sqlstore"
)

// New returns a store on the host's *sql.DB on PostgreSQL. The host keeps
// ownership of db: the store's Close does not close it.
//
// The store binds the values of the statements that read its views
// (Engine.BindsViews), so that PostgreSQL plans each once for a connection
// (pgx's stdlib keeps the statements it prepares): planning a view was as
// long as running it.
func New(db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.NewEngine(sqlstore.Engine{DB: bun.NewDB(db, pgdialect.New()), BindsViews: true}, opts...)
}
