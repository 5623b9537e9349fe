// Package sqlite connects a sqlstore.Store to a SQLite file, through a
// pure-Go driver (modernc.org/sqlite, no cgo): the embedded default, for a
// small deployment, the demo and tests. Only a host that imports this
// package links SQLite.
//
//	store, err := sqlite.Open("eops.db")
//	if err != nil { … }
//	defer store.Close()
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// Open opens the file in WAL mode with foreign keys on and a busy timeout.
// Writes go through a single connection, so callers never see "database is
// locked", while reads run on a pool of their own (ReadDB, for a host's own
// reads that should not wait for a write). Each connection keeps the
// statements it prepares (stmtcache.go), and the store prepares each read,
// and each insert and update of one row, and binds its values, so that
// SQLite does not parse and plan the same statement on every call; query
// hooks (sqlstore.WithQueryHook) then see the statement with placeholders
// in Query and its values in QueryArgs. The store also begins and ends each
// transaction with statements of its own rather than a database/sql Tx,
// which would start goroutines for every statement: a call whose context is
// cancelled stops before its next statement rather than inside one. And it
// copies the write-ahead log into the file (checkpoints) from a goroutine
// of its own soon after writes, on a connection of its own, rather than in
// whichever commit fills the log, so that no command waits for one
// (checkpoint.go); Close stops it, and CheckpointErr reports one failing.
// Backup writes a consistent copy of the live file.
//
// A host that opens the file itself passes its *sql.DB to New (open it with
// DSN): the store then writes every value into its statements, as bun does,
// so that every statement passes through the host's own hooks in full, and
// SQLite checkpoints in its commits as it does by default.
package sqlite
