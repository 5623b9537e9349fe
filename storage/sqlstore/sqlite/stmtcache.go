package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
)

// The SQLite files Open opens connect through stmtCaching: each
// connection keeps the statements it prepares for queries that come with
// bound values, and runs the same text again on the statement it has. A
// database/sql *Stmt cannot do this here: it prepares on a free connection
// of the pool, and the writer's only connection is never free inside a
// transaction.
//
// Only a query with bound values is kept (its text is one of the store's
// few shapes); a text with its values written in varies with them, and
// runs unprepared as before.

// maxStatementsPerConnection bounds what one connection keeps; past it, a
// new text takes the place of one the connection keeps (the store's own
// texts are far fewer; a host's queries on the store's database may not
// be).
const maxStatementsPerConnection = 256

// stmtCaching is a driver.Connector for a SQLite DSN.
type stmtCaching struct{ dsn string }

// sqliteDriver is the driver modernc.org/sqlite registers as "sqlite".
var sqliteDriver = sync.OnceValue(func() driver.Driver {
	db, _ := sql.Open("sqlite", "") // sql.Open does not connect
	defer db.Close()
	return db.Driver()
})

func (c stmtCaching) Connect(context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: conn, stmts: map[string]*keptStmt{}}, nil
}

func (c stmtCaching) Driver() driver.Driver { return sqliteDriver() }

// cachingConn is one connection with the statements it keeps. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type cachingConn struct {
	inner driver.Conn
	stmts map[string]*keptStmt
}

// keptStmt is a kept statement; busy while rows read from it are open, when
// the same text runs unprepared instead (a query inside another's loop).
type keptStmt struct {
	stmt driver.Stmt
	busy bool
}

var (
	_ driver.QueryerContext     = (*cachingConn)(nil)
	_ driver.ExecerContext      = (*cachingConn)(nil)
	_ driver.ConnBeginTx        = (*cachingConn)(nil)
	_ driver.ConnPrepareContext = (*cachingConn)(nil)
	_ driver.Pinger             = (*cachingConn)(nil)
	_ driver.SessionResetter    = (*cachingConn)(nil)
	_ driver.Validator          = (*cachingConn)(nil)
)

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	queryer := c.inner.(driver.QueryerContext)
	if len(args) == 0 {
		return queryer.QueryContext(ctx, query, args)
	}
	k, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil || k.busy {
		return queryer.QueryContext(ctx, query, args)
	}
	rows, err := k.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	k.busy = true
	return &keptRows{Rows: rows, stmt: k}, nil
}

// keptRows frees its statement for the next query when closed.
type keptRows struct {
	driver.Rows
	stmt *keptStmt
}

func (r *keptRows) Close() error {
	r.stmt.busy = false
	return r.Rows.Close()
}

func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

// evictOne closes and forgets a kept statement that is not in use, any one,
// and reports whether there was one.
func (c *cachingConn) evictOne() bool {
	for q, k := range c.stmts {
		if !k.busy {
			_ = k.stmt.Close()
			delete(c.stmts, q)
			return true
		}
	}
	return false
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	execer := c.inner.(driver.ExecerContext)
	if len(args) == 0 {
		return execer.ExecContext(ctx, query, args)
	}
	k, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil || k.busy {
		return execer.ExecContext(ctx, query, args)
	}
	return k.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// kept returns the statement the connection keeps for query, preparing it
// the first time; nil when the connection keeps as many as it may.
func (c *cachingConn) kept(ctx context.Context, query string) (*keptStmt, error) {
	if k, ok := c.stmts[query]; ok {
		return k, nil
	}
	if len(c.stmts) >= maxStatementsPerConnection && !c.evictOne() {
		return nil, nil
	}
	s, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	k := &keptStmt{stmt: s}
	c.stmts[query] = k
	return k, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.inner.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.inner.(driver.Validator).IsValid() }

func (c *cachingConn) Close() error {
	for q, k := range c.stmts {
		_ = k.stmt.Close()
		delete(c.stmts, q)
	}
	return c.inner.Close()
}
