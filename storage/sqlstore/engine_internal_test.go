package sqlstore

import (
	"database/sql"
	"errors"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // this package's own tests run the SQLite engine without package sqlite, which imports this one
)

// openSQLiteEngine opens the SQLite file at path as package sqlite's Open
// does in the ways these tests look at (one writer connection, a pool of
// readers, statements prepared by the store), without its statement cache
// or checkpoints, which package sqlite tests itself.
func openSQLiteEngine(t *testing.T, path string, opts ...Option) *Store {
	t.Helper()
	open := func(writer bool) *sql.DB {
		q := url.Values{}
		q.Add("_pragma", "journal_mode(wal)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Set("_time_format", "sqlite")
		if !writer {
			q.Add("_pragma", "query_only(1)")
		}
		db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
		require.NoError(t, err)
		if writer {
			db.SetMaxOpenConns(1)
			require.NoError(t, db.Ping()) // makes the file, in WAL, before a reader opens it
		}
		return db
	}
	w, r := open(true), open(false)
	s, err := NewEngine(Engine{
		DB:              bun.NewDB(w, sqlitedialect.New()),
		ReadDB:          bun.NewDB(r, sqlitedialect.New()),
		KeepsStatements: true,
		Close:           func() error { return errors.Join(w.Close(), r.Close()) },
	}, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func openTestSQLite(t *testing.T) *Store {
	t.Helper()
	s := openSQLiteEngine(t, filepath.Join(t.TempDir(), "eops.db"))
	require.NoError(t, s.Migrate(t.Context()))
	return s
}
