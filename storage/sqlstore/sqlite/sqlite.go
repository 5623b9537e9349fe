package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/eops/eops/storage/sqlstore"
)

// busyTimeout is how long a connection waits for another's lock, in
// milliseconds: only a checkpoint or a backup ever makes the writer wait.
const busyTimeout = 10000

// The ways the store connects to a SQLite file.
type use int

const (
	useWriter       use = iota // transactions take the write lock as they begin
	useReader                  // refuses writes
	useBackup                  // reads, and writes only the copy VACUUM INTO makes
	useCheckpointer            // copies the log into the file (checkpoint.go)
	useHost                    // the host's own pool, for New: a writer that checkpoints in its commits, as SQLite does by default
)

// DSN is the DSN of a SQLite file for modernc.org/sqlite: WAL so that
// readers never block the writer, foreign keys on, a busy timeout, and
// times as the store writes them. A host that opens the file itself, for
// New, should open it with this DSN.
func DSN(path string) string { return dsn(path, useHost) }

func dsn(path string, u use) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout))
	q.Add("_pragma", "synchronous(normal)")
	q.Set("_time_format", "sqlite")
	switch u {
	case useWriter:
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "wal_autocheckpoint(0)") // the store checkpoints (checkpoint.go)
	case useHost:
		q.Set("_txlock", "immediate")
	case useReader:
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Store is a sqlstore.Store on a SQLite file that Open opened, with what
// only such a file has: a backup, and the checkpoints the store runs.
type Store struct {
	*sqlstore.Store
	path        string
	checkpoints *checkpointer
}

// Open opens (creating it if need be) the SQLite file at path. Writes go
// through one connection and reads through a pool of their own, so
// concurrent callers never see "database is locked". Call Migrate before
// first use, and Close when done.
func Open(path string, opts ...sqlstore.Option) (*Store, error) {
	// The writer's connection creates the file and turns WAL on before
	// any reader opens it read-only.
	w, err := openOneConnection(path, useWriter)
	if err != nil {
		return nil, err
	}
	r := sql.OpenDB(stmtCaching{dsn(path, useReader)})
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4) // and keep them, with the statements they keep
	c, err := startCheckpointer(path)
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	st := &Store{path: path, checkpoints: c}
	st.Store, err = sqlstore.NewEngine(sqlstore.Engine{
		DB:              bun.NewDB(w, sqlitedialect.New()),
		ReadDB:          bun.NewDB(r, sqlitedialect.New()),
		KeepsStatements: true,
		Committed:       c.written,
		Close: func() error {
			return errors.Join(c.close(), w.Close(), r.Close())
		},
	}, opts...)
	if err != nil {
		return nil, errors.Join(err, c.close(), w.Close(), r.Close())
	}
	return st, nil
}

// New returns a store on the host's own *sql.DB on a SQLite file (opened
// with DSN, say). The host keeps ownership of db, and runs the file's
// checkpoints as it likes; the store writes every value into its
// statements, as bun does, so that the host's query hooks see each in
// full.
func New(db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.New(bun.NewDB(db, sqlitedialect.New()), opts...)
}

// openOneConnection opens a pool of one connection to the file at path
// for u, kept open for good, and opens that connection.
func openOneConnection(path string, u use) (*sql.DB, error) {
	db := sql.OpenDB(stmtCaching{dsn(path, u)})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// Backup writes a consistent copy of the live database to path, which must
// not exist yet, with VACUUM INTO: the copy is one snapshot, taken on a
// connection of its own so that writers carry on meanwhile, and it is
// compact and ready to open.
func (s *Store) Backup(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", dsn(s.path, useBackup))
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

// Path is the file the store opened.
func (s *Store) Path() string { return s.path }
