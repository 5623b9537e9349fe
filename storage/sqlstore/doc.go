// Package sqlstore is a standards.Store on github.com/uptrace/bun, for
// SQLite (the embedded default), PostgreSQL and MySQL or MariaDB: the
// portable core that every database shares. A host connects it to its
// database through that database's package, which alone links the
// database's driver or bun dialect:
//
//   - storage/sqlstore/sqlite opens a SQLite file (sqlite.Open), through a
//     pure-Go driver, with the engine a file needs (a pool of readers,
//     prepared statements, checkpoints, backups);
//   - storage/sqlstore/postgres takes the host's *sql.DB on PostgreSQL
//     (postgres.New);
//   - storage/sqlstore/mysql takes the host's *sql.DB on MySQL or MariaDB
//     (mysql.New).
//
// A host that already has a *bun.DB passes it to New. So a PostgreSQL
// host's binary holds no SQLite and no MySQL (TestEachDatabaseLinksOnlyItsOwn).
//
//	db, err := sql.Open("pgx", dsn) // the host's own pool
//	if err != nil { … }
//	store, err := postgres.New(db, sqlstore.WithPrefix("eops_"))
//	if err != nil { … }
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// The store reads a driver's errors to know a clash (which the Service runs
// again) and a duplicate, by what they offer rather than by the driver's
// name: a SQLState method (pgx's stdlib, which CI runs; lib/pq) or bun's
// pgdriver on PostgreSQL, github.com/go-sql-driver/mysql's MySQLError on
// MySQL and MariaDB, a Code method (modernc.org/sqlite) on SQLite. With a
// driver whose errors offer none of these (mattn/go-sqlite3), clashes come
// back as plain errors, not retried, and duplicates not as ErrConflict.
//
// A table-name prefix (WithPrefix) puts the library's tables beside the
// host's own. The schema is versioned with bun/migrate: Migrate applies what
// is new, and MigrateDown takes the last batch back. Migrations are embedded
// in the binary: each is written once where the dialects agree, and per
// dialect only where they differ (migrate.go).
//
// The Service's queries read whole views (standards.RecordSheet,
// standards.CentreSheet and the rest), and the store reads each in one
// statement, the UNION ALL of a select per table laid out in typed slots
// (views.go): a page is at most four statements, BEGIN and COMMIT
// included, on every database.
//
// A store on the host's own database writes every value into its
// statements, as bun does, so that every statement also passes through the
// host's own hooks (WithQueryHook) in full. On a SQLite file sqlite.Open
// opened, the store prepares its statements instead and binds their values
// (Engine.KeepsStatements; package sqlite says more); it also reads the
// actor with the trusts they lead, and a centre's registrations with their
// people, each in one join, and answers the TrustsLedBy and People that
// follow from what the transaction read (joins.go).
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
//
// The store counts the commands committed (standards.ChangeCounter, for
// hosts that keep pages) in a table of one row, change_count: on
// PostgreSQL and MySQL by a statement of its own after the command's
// transaction, which waits for another's rather than clashing with it, and
// on SQLite inside the command's own transaction (changes.go).
//
// On PostgreSQL and MySQL a query that reads once (a tracker, a centre's
// list, verifying a certificate) runs its read alone, with no BEGIN or
// COMMIT (Store.ViewOneRead, standards.OneReadViewer): one round trip
// rather than four. A query that turns out to read more runs again, whole,
// in one transaction.
package sqlstore
