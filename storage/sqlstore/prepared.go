package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"
)

// On a SQLite file package sqlite opened (Engine.KeepsStatements), every read and
// every insert and update of one row runs as a statement prepared once per
// connection and kept, with its values bound, rather than as text bun
// writes afresh with the values in it. SQLite parses and plans every new
// text, and a profile of the tracker put a third of its time there; the
// driver (modernc.org/sqlite) keeps a prepared statement's plan for as long
// as the statement lives, and package sqlite's stmtcache.go keeps the
// statements.
// docs/benchmarks.md has the figures.
//
// Values reach a read through tx.arg. While the store writes a read it
// prepares, arg writes a placeholder and collects the value; at any other
// time (every query on PostgreSQL or MySQL, or on a store made with New on
// the host's own *bun.DB) it writes the value into the text as bun always
// does. A store on the host's *bun.DB never prepares, so that every
// statement passes through the host's own query hooks; the store's own
// hooks (WithQueryHook) see prepared statements too, with placeholders in
// Query and the values in QueryArgs.

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
	if p.b != nil && p.b.on {
		if v, ok := bindable(gen, p.v); ok {
			p.b.args = append(p.b.args, v)
			return append(b, '?'), nil
		}
	}
	return gen.Append(b, p.v), nil
}

// bindable gives the value the driver should bind for v, so that what is
// stored and compared is what bun would have written into the text (a time
// as bun's text of it, in UTC to the microsecond). It takes only the kinds
// of value the store's rows and queries hold; for any other, ok is false
// and the value is written into the text as bun writes it.
// TestBoundValuesMatchBun holds the two ways to each other.
func bindable(gen schema.QueryGen, v any) (_ any, ok bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case time.Time:
		lit := gen.Dialect().AppendTime(nil, v)
		return string(lit[1 : len(lit)-1]), true // without its quotes
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), true
	case reflect.Bool:
		return rv.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return int64(rv.Uint()), true
	case reflect.Float64:
		if f := rv.Float(); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	return nil, false
}

// scanPrepared runs the select q as a prepared statement and scans its rows
// into q's model; it returns how many rows there were. A read of one row
// (single) that finds none returns sql.ErrNoRows, as bun does, and the
// hooks see it.
func (t *tx) scanPrepared(ctx context.Context, q *bun.SelectQuery, single bool) (int, error) {
	text, args, err := t.withPlaceholders(func() ([]byte, error) { return q.AppendQuery(t.db.QueryGen(), nil) })
	if err != nil {
		return 0, err
	}
	var n int
	err = t.hooked(ctx, string(text), args, func(ctx context.Context) (err error) {
		n, err = t.queryRows(ctx, string(text), args, q.GetModel())
		if err == nil && single && n == 0 {
			err = sql.ErrNoRows
		}
		return err
	})
	return n, err
}

// queryRows runs text with args on the transaction's connection, which
// prepares it the first time (see stmtcache.go).
func (t *tx) queryRows(ctx context.Context, text string, args []any, model schema.Model) (int, error) {
	rows, err := t.conn.QueryContext(ctx, text, args...)
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

// Writes on a store that prepares are written the same way: the statement
// names its columns and takes their values as placeholders, so that each
// table's insert and update is one text.

// insertPrepared stores row, or every row of a slice in its order in one
// statement, and sets an autoincrement key the database assigned (the seq
// of the appended tables). It returns errNotBindable, having done nothing,
// when a field holds a kind of value bindable does not take.
func (t *tx) insertPrepared(ctx context.Context, table string, row any) error {
	rows := reflect.ValueOf(row).Elem()
	if rows.Kind() != reflect.Slice {
		rows = reflect.SliceAt(rows.Type(), rows.Addr().UnsafePointer(), 1) // the one row, as a slice of it
	}
	gen := t.db.QueryGen()
	fields := t.db.Table(rows.Type().Elem()).Fields
	text := append(gen.AppendIdent([]byte("INSERT INTO "), t.s.prefix+table), " ("...)
	var assigned *schema.Field
	var args []any
	for i := range rows.Len() {
		v := rows.Index(i)
		marks := 0
		if i > 0 {
			text = append(text, ", "...)
		}
		for _, f := range fields {
			fv := f.Value(v)
			if f.AutoIncrement && fv.IsZero() {
				assigned = f
				continue
			}
			if i == 0 {
				if marks > 0 {
					text = append(text, ", "...)
				}
				text = gen.AppendName(text, f.Name)
			}
			value, ok := fieldValue(gen, f, fv)
			if !ok {
				return errNotBindable
			}
			args = append(args, value)
			marks++
		}
		if i == 0 {
			text = append(text, ") VALUES "...)
		}
		text = append(append(text, '('), strings.TrimSuffix(strings.Repeat("?, ", marks), ", ")...)
		text = append(text, ')')
	}
	if assigned == nil {
		_, err := t.execPrepared(ctx, string(text), args)
		return err
	}
	text = gen.AppendName(append(text, " RETURNING "...), assigned.Name)
	return t.hooked(ctx, string(text), args, func(ctx context.Context) error {
		keys, err := t.returnedKeys(ctx, string(text), args)
		if err != nil {
			return err
		}
		if len(keys) != rows.Len() {
			return fmt.Errorf("sqlstore: %d rows inserted into %s returned %d keys", rows.Len(), table, len(keys))
		}
		// The rows were inserted in their order, so their keys rise in it;
		// RETURNING gives them in no promised order.
		slices.Sort(keys)
		for i, key := range keys {
			assigned.Value(rows.Index(i)).SetInt(key)
		}
		return nil
	})
}

// returnedKeys runs an insert with RETURNING one key and reads the keys.
func (t *tx) returnedKeys(ctx context.Context, text string, args []any) ([]int64, error) {
	res, err := t.conn.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var keys []int64
	for res.Next() {
		var key int64
		if err := res.Scan(&key); err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	return keys, res.Err()
}

// updatePrepared writes every column of row but those in skip to the rows
// where matches (bun's syntax, its values made placeholders), and returns
// how many rows it changed; errNotBindable, having done nothing, as
// insertPrepared.
func (t *tx) updatePrepared(ctx context.Context, table string, row any, skip []string, where string, whereArgs ...any) (int, error) {
	v := reflect.ValueOf(row).Elem()
	gen := t.db.QueryGen()
	text := append(gen.AppendIdent([]byte("UPDATE "), t.s.prefix+table), " SET "...)
	var args []any
	for _, f := range t.db.Table(v.Type()).Fields {
		if slices.Contains(skip, f.Name) {
			continue
		}
		if len(args) > 0 {
			text = append(text, ", "...)
		}
		text = append(gen.AppendName(text, f.Name), " = ?"...)
		value, ok := fieldValue(gen, f, f.Value(v))
		if !ok {
			return 0, errNotBindable
		}
		args = append(args, value)
	}
	for i, a := range whereArgs {
		if _, ok := a.(param); !ok {
			whereArgs[i] = t.arg(a)
		}
	}
	text, whereValues, _ := t.withPlaceholders(func() ([]byte, error) {
		return append(gen.AppendQuery(append(text, " WHERE ("...), where, whereArgs...), ')'), nil
	})
	return t.execPrepared(ctx, string(text), append(args, whereValues...))
}

// withPlaceholders runs write, which writes a statement's text, with the
// params in it written as placeholders, and returns the text and the
// values to bind in their order.
func (t *tx) withPlaceholders(write func() ([]byte, error)) ([]byte, []any, error) {
	return t.bind.placeholders(write)
}

// placeholders runs write with b collecting the values of the params
// bound to it (arg) in place of writing them into the text.
func (b *binder) placeholders(write func() ([]byte, error)) ([]byte, []any, error) {
	b.on, b.args = true, b.args[:0]
	text, err := write()
	b.on = false
	return text, slices.Clone(b.args), err
}

// errNotBindable says a row holds a value to write into the text, as bun
// does, rather than to bind.
var errNotBindable = errors.New("sqlstore: a value the store does not bind")

// fieldValue is the value to bind for a row's field: NULL where bun writes
// NULL (a nullzero field holding its zero value, by bun's own test of zero:
// a zero time in any zone is zero).
func fieldValue(gen schema.QueryGen, f *schema.Field, fv reflect.Value) (any, bool) {
	if f.NullZero && f.IsZero(fv) {
		return nil, true
	}
	return bindable(gen, fv.Interface())
}

// execPrepared runs a statement that returns no rows, and returns the rows
// it changed.
func (t *tx) execPrepared(ctx context.Context, text string, args []any) (int, error) {
	var n int64
	err := t.hooked(ctx, text, args, func(ctx context.Context) error {
		res, err := t.conn.ExecContext(ctx, text, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// hooked runs a statement the store wrote itself between the store's query
// hooks.
func (t *tx) hooked(ctx context.Context, text string, args []any, run func(context.Context) error) error {
	if t.alone != nil {
		// bun's hooks see its own queries, not these; counted even when the
		// context stops it, so that ViewOneRead never takes a call that
		// tried a second statement for one that made one.
		t.alone.n++
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	event := &bun.QueryEvent{DB: t.db, Query: text, QueryArgs: args, StartTime: time.Now()}
	for _, h := range t.s.hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	if t.uncancelled {
		event.Err = run(context.WithoutCancel(ctx)) // see runOnConn
	} else {
		event.Err = run(ctx)
	}
	for i := len(t.s.hooks) - 1; i >= 0; i-- {
		t.s.hooks[i].AfterQuery(ctx, event)
	}
	return event.Err
}
