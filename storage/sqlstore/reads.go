package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// read is the shape of a select of one table's rows: everything about it
// but its values. A read's text depends only on its shape, so on a store
// that prepares (prepared.go) bun's query builder writes it once, the store
// keeps it (Store.texts, by the read's address), and every later read of
// that shape binds its values to the kept text: building and writing each
// read afresh was an eighth of the tracker's time (docs/benchmarks.md).
// Each read is a package variable, so that its address names its shape.
// Elsewhere a read is built with bun as any other select.
type read struct {
	table, alias string // alias is the one the row struct declares
	// where is a condition with a ? for each of the read's values, in
	// order, after a ? for each of tables: the tables it names, such as a
	// subquery's, which carry the store's prefix.
	where  string
	tables []string
	// order lists the columns to order by, or orderExpr says it whole.
	order     []string
	orderExpr string
	// columns, when set, is what the read selects in place of the row
	// struct's columns, and group the columns it groups by: for a read of
	// an aggregate, such as each record's latest meeting.
	columns string
	group   []string
	// found is how many rows the read found last time (readAll).
	found atomic.Int32
}

// build writes r as a bun select into dest, with values.
func (t *tx) build(r *read, dest any, values []any) *bun.SelectQuery {
	return t.buildBound(r, dest, values, t.bind)
}

// buildBound is build with values bound to b (written into the text when
// b is nil or not collecting).
func (t *tx) buildBound(r *read, dest any, values []any, b *binder) *bun.SelectQuery {
	params := make([]any, 0, len(r.tables)+len(values))
	for _, name := range r.tables {
		params = append(params, t.table(name))
	}
	for _, v := range values {
		params = append(params, param{v: v, b: b})
	}
	q := t.selectFrom(r.table, r.alias, dest).Where(r.where, params...)
	if r.columns != "" {
		q = q.ColumnExpr(r.columns)
	}
	if len(r.group) > 0 {
		q = q.Group(r.group...)
	}
	if len(r.order) > 0 {
		q = q.Order(r.order...)
	}
	if r.orderExpr != "" {
		q = q.OrderExpr(r.orderExpr)
	}
	return q
}

// readAll reads the rows r finds for values into dest, a pointer to a nil
// slice of row structs.
func (t *tx) readAll(ctx context.Context, r *read, dest any, values ...any) error {
	text, args, ok := t.kept(r, false, dest, values)
	if !ok {
		return t.all(ctx, t.build(r, dest, values))
	}
	// The slice starts with room for as many rows as the read found last
	// time: bun appends the rows one by one, through reflect, and growing
	// the slice from nothing was a sixth of what a centre's list allocated.
	slice := reflect.ValueOf(dest).Elem()
	if n := r.found.Load(); n > 0 && slice.Cap() == 0 {
		slice.Set(reflect.MakeSlice(slice.Type(), 0, int(n)))
	}
	return translate(t.hooked(ctx, text, args, func(ctx context.Context) error {
		rows, err := t.conn.QueryContext(ctx, text, t.boundArgs(args)...)
		if err != nil {
			return err
		}
		if err := t.db.ScanRows(ctx, rows, dest); err != nil { // and closes rows
			return err
		}
		r.found.Store(int32(min(slice.Len(), maxRowsForeseen)))
		return nil
	}))
}

// maxRowsForeseen bounds the room readAll makes for rows up front.
const maxRowsForeseen = 1024

// readOne reads the first row r finds for values into dest, a pointer to a
// row struct (the query is limited to one row, so r's order says which).
// None is ErrNotFound, naming what.
func (t *tx) readOne(ctx context.Context, r *read, dest any, what string, values ...any) error {
	text, args, ok := t.kept(r, true, dest, values)
	if !ok {
		return t.one(ctx, t.build(r, dest, values), what)
	}
	err := t.hooked(ctx, text, args, func(ctx context.Context) error {
		rows, err := t.conn.QueryContext(ctx, text, t.boundArgs(args)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return sql.ErrNoRows
		}
		if err := t.db.ScanRow(ctx, rows, dest); err != nil {
			return err
		}
		return rows.Close()
	})
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, standards.ErrNotFound)
	}
	return translate(err)
}

// keptText is the key of a kept text: a read, and whether it is limited to
// one row.
type keptText struct {
	r      *read
	single bool
}

// kept gives the text of r (with LIMIT 1 when single) and the values to
// bind to it, writing the text the first time; ok is false on a store that
// does not prepare, or when a value is of a kind written into the text
// rather than bound.
func (t *tx) kept(r *read, single bool, dest any, values []any) (text string, args []any, ok bool) {
	if t.bind == nil && !t.s.bindsViews {
		return "", nil, false
	}
	gen := t.db.QueryGen()
	args = make([]any, len(values))
	for i, v := range values {
		if args[i], ok = bindable(gen, v); !ok {
			return "", nil, false
		}
	}
	key := keptText{r, single}
	if kept, found := t.s.texts.Load(key); found {
		return kept.(string), args, true
	}
	b := t.bind
	if b == nil {
		// PostgreSQL, which binds the values of its views and reads
		// (Engine.BindsViews) but not of its writes: a binder for this
		// text alone.
		b = &binder{}
	}
	q := t.buildBound(r, dest, values, b)
	if single {
		q = q.Limit(1)
	}
	written, bound, err := b.placeholders(func() ([]byte, error) { return q.AppendQuery(gen, nil) })
	if err != nil || len(bound) != len(values) {
		return "", nil, false
	}
	if t.s.dialect == PostgreSQL {
		written = numberPlaceholders(written)
	}
	t.s.texts.Store(key, string(written))
	return string(written), args, true
}
