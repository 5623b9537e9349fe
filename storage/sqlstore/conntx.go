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
// for a store that prepares (Engine.KeepsStatements: a SQLite file package
// sqlite opened), beginning and
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
// The statements bun writes in full (a few rarer ones: see reads.go for the
// reads that are not) still run under the caller's context, so the driver
// may interrupt one of those; SQLite then ends the transaction, the
// ROLLBACK finds none, and the connection is closed rather than reused.
// A statement the store runs itself does not see a deadline either: on a
// file another process also writes, BEGIN IMMEDIATE may wait out the busy
// timeout (package sqlite's) whatever the caller's deadline.
//
// The writer begins with BEGIN IMMEDIATE, taking the write lock at once as
// its DSN's _txlock does for a Tx; readers begin a deferred transaction,
// which holds one snapshot from its first read. A connection is returned
// to the pool only out of any transaction. Every read must close its rows
// (a deferred rows.Close), as the connection's Close waits for them, where
// a Tx's Rollback would have cancelled them.
func (s *Store) runOnConn(ctx context.Context, db *bun.DB, fn func(tx standards.Tx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return translate(err)
	}
	t := &tx{s: s, db: db, tx: conn, conn: conn.Conn, uncancelled: true, bind: &binder{}}
	// clean says the connection is out of any transaction, so that it may
	// go back to the pool: the transaction never began, or it ended with a
	// COMMIT or ROLLBACK that succeeded. Anything else (a failed BEGIN, a
	// ROLLBACK that failed, a panic in a hook) closes the connection, as
	// one left inside a transaction would refuse every later BEGIN.
	clean, began := false, false
	defer func() {
		// The connection is given back, or closed, even when a hook panics
		// in the ROLLBACK.
		defer func() {
			if !clean {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			_ = conn.Close()
		}()
		if began && !clean {
			// Roll back even when the caller's context has ended.
			_, rollbackErr := t.execPrepared(context.WithoutCancel(ctx), "ROLLBACK", nil)
			clean = rollbackErr == nil
		}
	}()
	begin := "BEGIN"
	if db == s.db {
		begin = "BEGIN IMMEDIATE"
	}
	if err := ctx.Err(); err != nil {
		clean = true
		return err
	}
	began = true
	if _, err := t.execPrepared(ctx, begin, nil); err != nil {
		return translate(err)
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := t.execPrepared(ctx, "COMMIT", nil); err != nil {
		return translate(err)
	}
	clean = true
	if db == s.db && s.committed != nil {
		s.committed()
	}
	return nil
}
