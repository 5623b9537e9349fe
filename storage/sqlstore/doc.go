// Package sqlstore is a standards.Store on github.com/uptrace/bun, for
// SQLite (the embedded default), PostgreSQL and MySQL or MariaDB.
//
// A small deployment or the demo opens a SQLite file:
//
//	store, err := sqlstore.OpenSQLite("eops.db")
//	if err != nil { … }
//	defer store.Close()
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// SQLite is opened through a pure-Go driver (modernc.org/sqlite, no cgo), in
// WAL mode with foreign keys on and a busy timeout; writes go through a single
// connection, so callers never see "database is locked", while reads run on
// a pool of their own (ReadDB, for a host's own reads that should not wait
// for a write). On a file OpenSQLite opened, the store prepares each
// read, and each insert and update of one row, once per connection and
// binds its values, so that SQLite does not parse and plan the same
// statement again on every call; query hooks (WithQueryHook) then see the
// statement with placeholders in Query and its values in QueryArgs. A store
// on the host's own database (New, NewSQL) writes every value into its
// statements, as bun does, so that every statement also passes through the
// host's own hooks in full. On such a file the store also begins and ends
// each transaction with statements of its own rather than a database/sql
// Tx, which would start goroutines for every statement: a call whose
// context is cancelled stops before its next statement rather than inside
// one. It also reads the actor with the trusts they lead, and a centre's
// registrations with their people, each in one join, and answers the
// TrustsLedBy and People that follow from what the transaction read. And
// it copies the write-ahead log into the file (checkpoints) from a
// goroutine of its own soon after writes, on a connection of its own,
// rather than in whichever commit fills the log, so that no command waits
// for one; Close stops it.
//
// A host that already runs PostgreSQL or MySQL passes its own *sql.DB (or
// *bun.DB) and, usually, a table-name prefix so that the library's tables sit
// beside its own:
//
//	store, err := sqlstore.NewSQL(db, sqlstore.PostgreSQL, sqlstore.WithPrefix("eops_"))
//
// NewSQL reads the driver's errors to know a clash (which the Service runs
// again) and a duplicate. CI runs these drivers: for PostgreSQL
// github.com/jackc/pgx/v5/stdlib, which the host imports
// (sql.Open("pgx", dsn)); for MySQL and MariaDB
// github.com/go-sql-driver/mysql (sql.Open("mysql", dsn)), with
// parseTime=true in the DSN and loc left at UTC; for SQLite
// modernc.org/sqlite (sql.Open("sqlite", dsn)), with the foreign_keys(1)
// and busy_timeout pragmas and one open connection. This package registers
// the last two itself. Another PostgreSQL driver whose errors have a
// SQLState method (lib/pq) or bun's pgdriver is read too; with a driver
// whose errors the store cannot read (mattn/go-sqlite3), clashes come back
// as plain errors, not retried, and duplicates not as ErrConflict.
//
// The schema is versioned with bun/migrate: Migrate applies what is new, and
// MigrateDown takes the last batch back. Migrations are embedded in the
// binary, one set per dialect.
//
// Every Update runs as one serialisable transaction (PostgreSQL and MySQL
// report a clash as a serialisation failure or a deadlock, which the store
// returns as standards.ErrTransient, and the Service runs the command
// again); standards records also carry a version, so two people saving one
// record at once never lose an update. Driver errors are translated to the
// domain's kinds: no rows is standards.ErrNotFound, a unique violation is
// standards.ErrConflict, and a serialisation failure (PostgreSQL 40001), a
// deadlock (40P01, MySQL 1213), a lock wait timeout (MySQL 1205) or SQLite
// busy or locked is standards.ErrTransient.
package sqlstore
