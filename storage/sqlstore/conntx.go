package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// statements is what *sql.Tx and *sql.Conn share: what a transaction runs
// its own statements on.
type statements interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// runOnConn runs fn in one transaction on a connection of db, as run does,
// for a store that prepares (a SQLite file OpenSQLite opened), beginning and
// ending it with statements of its own rather than a database/sql Tx.
//
// The reason is goroutines. A database/sql Tx starts one to watch its
// context, and so does every Rows read inside a Tx; the SQLite driver
// starts another for each statement run under a context that can be
// cancelled, as a web request's is. That is two goroutines for every
// statement, which showed in the profiles as a tenth of a read's time
// (docs/benchmarks.md). Here the statements the store writes itself run
// under the caller's context without its cancellation (its values, and so
// any tracing, kept), and the store checks the caller's context before
// each one instead: a cancelled call stops before its next statement, not
// inside one. On SQLite, where every read uses an index
// (TestEveryReadUsesAnIndex), a statement is a matter of microseconds.
//
// The writer begins with BEGIN IMMEDIATE, taking the write lock at once as
// its DSN's _txlock does for a Tx; readers begin a deferred transaction,
// which holds one snapshot from its first read. A connection whose
// transaction cannot be rolled back is closed rather than returned to the
// pool still inside it.
func (s *Store) runOnConn(ctx context.Context, db *bun.DB, fn func(tx standards.Tx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return translate(err)
	}
	defer conn.Close()
	t := &tx{s: s, db: db, tx: conn, conn: conn.Conn, uncancelled: true, bind: &binder{}}
	begin := "BEGIN"
	if db == s.db {
		begin = "BEGIN IMMEDIATE"
	}
	if _, err := t.execPrepared(ctx, begin, nil); err != nil {
		return translate(err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		// Roll back even when the caller's context has ended.
		if _, err := t.execPrepared(context.WithoutCancel(ctx), "ROLLBACK", nil); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := t.execPrepared(ctx, "COMMIT", nil); err != nil {
		return translate(err)
	}
	committed = true
	return nil
}
