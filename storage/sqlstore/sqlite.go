package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// sqliteBusyTimeout is how long a connection waits for another's lock, in
// milliseconds: only a checkpoint or a backup ever makes the writer wait.
const sqliteBusyTimeout = 10000

// The three ways the store connects to a SQLite file.
type sqliteUse int

const (
	sqliteWriter       sqliteUse = iota // transactions take the write lock as they begin
	sqliteReader                        // refuses writes
	sqliteBackup                        // reads, and writes only the copy VACUUM INTO makes
	sqliteCheckpointer                  // copies the log into the file (checkpoint.go)
)

// sqliteDSN is the DSN of a SQLite file: WAL so that readers never block the
// writer, foreign keys on, and a busy timeout.
func sqliteDSN(path string, use sqliteUse) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout))
	q.Add("_pragma", "synchronous(normal)")
	q.Set("_time_format", "sqlite")
	switch use {
	case sqliteWriter:
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "wal_autocheckpoint(0)") // the store checkpoints (checkpoint.go)
	case sqliteReader:
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// OpenSQLite opens (creating it if need be) the SQLite file at path. Writes
// go through one connection and reads through a pool of their own, so
// concurrent callers never see "database is locked". Call Migrate before
// first use, and Close when done.
func OpenSQLite(path string, opts ...Option) (*Store, error) {
	// The writer's connection creates the file and turns WAL on before
	// any reader opens it read-only.
	writer, err := openOneConnection(path, sqliteWriter)
	if err != nil {
		return nil, err
	}
	reader := sql.OpenDB(stmtCaching{sqliteDSN(path, sqliteReader)})
	reader.SetMaxOpenConns(4)
	reader.SetMaxIdleConns(4) // and keep them, with the statements they keep
	w, r := bun.NewDB(writer, sqlitedialect.New()), bun.NewDB(reader, sqlitedialect.New())
	s, err := newStore(w, r, SQLite, opts)
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	s.owned = []*bun.DB{w, r}
	s.sqlitePath = path
	s.prepares = true
	if s.checkpoints, err = startCheckpointer(path); err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	return s, nil
}

// openOneConnection opens a pool of one connection to the file at path
// for use, kept open for good, and opens that connection.
func openOneConnection(path string, use sqliteUse) (*sql.DB, error) {
	db := sql.OpenDB(stmtCaching{sqliteDSN(path, use)})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	return db, nil
}

// Backup writes a consistent copy of a live SQLite database to path, which
// must not exist yet, with VACUUM INTO: the copy is one snapshot, taken on a
// connection of its own so that writers carry on meanwhile, and it is
// compact and ready to open. Backup is for a store OpenSQLite opened.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.sqlitePath == "" {
		return fmt.Errorf("sqlstore: Backup is for a SQLite file opened with OpenSQLite; back up other databases with their own tools (pg_dump, mariadb-dump)")
	}
	db, err := sql.Open("sqlite", sqliteDSN(s.sqlitePath, sqliteBackup))
	if err != nil {
		return fmt.Errorf("sqlstore: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlstore: backup to %s: %w", path, err)
	}
	return nil
}
