package sqlstore

import (
	"context"
	"reflect"
	"slices"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"
)

// On a SQLite file the store opened itself (OpenSQLite), reads run as
// statements prepared once per connection and kept, with their values
// bound, rather than as text bun writes afresh with the values in it.
// SQLite parses and plans every new text, and a profile of the tracker put
// a third of its time there; the driver (modernc.org/sqlite) keeps a
// prepared statement's plan for as long as the statement lives, and
// stmtcache.go keeps the statements. docs/benchmarks.md has the figures.
//
// Values reach a query through tx.arg. While a read is being prepared, arg
// writes a placeholder and collects the value; at any other time (every
// write, every query on PostgreSQL or MySQL, a store on the host's own
// *bun.DB) it writes the value into the text as bun always does. A store
// on the host's *bun.DB never prepares, so that every statement passes
// through the host's own query hooks; the store's own hooks (WithQueryHook)
// see prepared reads too, with the placeholders in Query and the values in
// QueryArgs.

// binder collects a prepared read's values while its text is written.
type binder struct {
	on   bool
	args []any
}

// param is one value of a query; see the top of this file.
type param struct {
	v any
	b *binder
}

// arg makes v a value of the query being built.
func (t *tx) arg(v any) param { return param{v: v, b: t.bind} }

func (p param) AppendQuery(gen schema.QueryGen, b []byte) ([]byte, error) {
	if p.b == nil || !p.b.on {
		return gen.Append(b, p.v), nil
	}
	p.b.args = append(p.b.args, bindable(gen, p.v))
	return append(b, '?'), nil
}

// bindable gives the value the driver should bind for v: what bun would
// have written into the text, so that a bound time compares as the stored
// text does.
func bindable(gen schema.QueryGen, v any) any {
	switch v := v.(type) {
	case string, int64, bool, nil:
		return v
	case time.Time:
		lit := gen.Dialect().AppendTime(nil, v)
		return string(lit[1 : len(lit)-1]) // without its quotes
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return int64(rv.Uint())
	}
	return v
}

// scanPrepared runs the select q as a prepared statement and scans its rows
// into q's model; it returns how many rows there were.
func (t *tx) scanPrepared(ctx context.Context, q *bun.SelectQuery) (int, error) {
	t.bind.on, t.bind.args = true, t.bind.args[:0]
	text, err := q.AppendQuery(t.db.QueryGen(), nil)
	t.bind.on = false
	if err != nil {
		return 0, err
	}
	args := slices.Clone(t.bind.args)
	event := &bun.QueryEvent{DB: t.db, IQuery: q, Query: string(text), QueryArgs: args, Model: q.GetModel(), StartTime: time.Now()}
	for _, h := range t.s.hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	n, err := t.queryRows(ctx, event.Query, args, q.GetModel())
	event.Err = err
	for i := len(t.s.hooks) - 1; i >= 0; i-- {
		t.s.hooks[i].AfterQuery(ctx, event)
	}
	return n, err
}

// queryRows runs text with args on the transaction's connection, which
// prepares it the first time (see stmtcache.go).
func (t *tx) queryRows(ctx context.Context, text string, args []any, model schema.Model) (int, error) {
	rows, err := t.tx.Tx.QueryContext(ctx, text, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n, err := model.ScanRows(ctx, rows)
	if err != nil {
		return n, err
	}
	return n, rows.Err()
}
