package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"
)

// A view of the Service (a record's sheet, a centre's year, a trust's
// year) is read in one statement, whatever its number of tables: on
// PostgreSQL and MySQL every statement is a round trip, and a page that
// read each table apart took seven to eight times its SQLite time there
// (docs/benchmarks.md). The statement is the UNION ALL of one select per
// part of the view, each a read of reads.go. Their rows have different
// columns, so each row of the union is laid out in slots by kind of value
// (text, time, integer, true/false, number): a part puts its first text
// column in the first text slot, and so on, and leaves the slots it does
// not use NULL. Its first column says which part the row belongs to. A
// slot therefore holds one kind of value in every part, which PostgreSQL
// needs of a union, and the row is as wide as the widest part of each
// kind rather than as all the parts together.
//
// The union's rows come in no promised order: each part's rows are put in
// the order its method promises by the code that assembles the view.

// part is one table's rows in a view: a read, its values, and where its
// rows go: dest, a pointer to a slice of the read's row structs.
type part struct {
	read   *read
	values []any
	dest   any
}

// slotKind is the kind of value a slot holds.
type slotKind int

const (
	slotText slotKind = iota
	slotTime
	slotInt
	slotBool
	slotFloat
	slotKinds
)

func kindOf(t reflect.Type) (slotKind, error) {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return slotTime, nil
	case t.Kind() == reflect.String:
		return slotText, nil
	case t.Kind() == reflect.Bool:
		return slotBool, nil
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return slotInt, nil
	case t.Kind() == reflect.Float64:
		return slotFloat, nil
	}
	return 0, fmt.Errorf("sqlstore: no view slot for a field of type %s", t)
}

// emptySlot is what a part puts in a slot it does not use: NULL, of the
// slot's type on PostgreSQL, which resolves a union's types two parts at
// a time and takes an untyped NULL for text.
func (s *Store) emptySlot(k slotKind) string {
	if s.dialect != PostgreSQL {
		return "NULL"
	}
	return [...]string{
		slotText: "CAST(NULL AS TEXT)", slotTime: "CAST(NULL AS TIMESTAMPTZ)", slotInt: "CAST(NULL AS BIGINT)",
		slotBool: "CAST(NULL AS BOOLEAN)", slotFloat: "CAST(NULL AS DOUBLE PRECISION)",
	}[k]
}

// viewPart is how the rows of one part come back: the row struct's type,
// and for each of its fields the column of the union's row that holds it.
type viewPart struct {
	rows   reflect.Type
	fields []*schema.Field
	column []int
}

// viewShape is a view's statement without its values: its text on a store
// that prepares (where it is kept, with placeholders), and how each part's
// rows come back.
type viewShape struct {
	text  string
	parts []viewPart
	width int
}

// viewKey names a view whose text a store that prepares keeps.
type viewKey string

// shape writes the view of parts as one statement, with the values in its
// text, or, when b is not nil, with placeholders for them, which b
// collects. It returns the statement as bun's query too, to run it as bun
// runs its own.
func (t *tx) shape(parts []part, b *binder) (viewShape, *bun.SelectQuery, error) {
	var slots [slotKinds]int // the widest part's number of each kind
	shape := viewShape{parts: make([]viewPart, len(parts))}
	kinds := make([][]slotKind, len(parts))
	for i, p := range parts {
		rows := reflect.TypeOf(p.dest).Elem().Elem()
		vp := viewPart{rows: rows, fields: t.db.Table(rows).Fields}
		var used [slotKinds]int
		for _, f := range vp.fields {
			k, err := kindOf(f.IndirectType)
			if err != nil {
				return viewShape{}, nil, err
			}
			kinds[i] = append(kinds[i], k)
			used[k]++
		}
		for k := range slots {
			slots[k] = max(slots[k], used[k])
		}
		shape.parts[i] = vp
	}
	// The union's columns: the part, then the slots of each kind in turn.
	first := [slotKinds]int{}
	shape.width = 1
	for k := range slots {
		first[k] = shape.width
		shape.width += slots[k]
	}
	var union *bun.SelectQuery
	for i, p := range parts {
		vp := &shape.parts[i]
		exprs := columnExprs(p.read)
		cells := make([]string, shape.width)
		cells[0] = strconv.Itoa(i) + " AS part"
		var next [slotKinds]int
		for j, f := range vp.fields {
			k := kinds[i][j]
			col := first[k] + next[k]
			next[k]++
			vp.column = append(vp.column, col)
			if e, ok := exprs[f.Name]; ok {
				cells[col] = e
			} else {
				cells[col] = p.read.alias + "." + string(t.db.QueryGen().AppendName(nil, f.Name))
			}
		}
		for k := range slots {
			for c := first[k] + next[k]; c < first[k]+slots[k]; c++ {
				cells[c] = t.s.emptySlot(slotKind(k))
			}
		}
		q := t.tx.NewSelect().TableExpr("? AS ?", t.table(p.read.table), bun.Ident(p.read.alias)).
			ColumnExpr(strings.Join(cells, ", ")).Where(p.read.where, t.viewParams(p.read, p.values, b)...)
		if len(p.read.group) > 0 {
			q = q.Group(p.read.group...)
		}
		if union == nil {
			union = q
		} else {
			union = union.UnionAll(q)
		}
	}
	gen := t.db.QueryGen()
	if b == nil {
		text, err := union.AppendQuery(gen, nil)
		shape.text = string(text)
		return shape, union, err
	}
	b.on, b.args = true, b.args[:0]
	text, err := union.AppendQuery(gen, nil)
	b.on = false
	if err == nil && bytes.Count(text, []byte("?")) != len(b.args) {
		// A value written into the text, or a ? that is not a placeholder:
		// the text could not be kept and bound.
		err = fmt.Errorf("sqlstore: view of %d values has %d placeholders", len(b.args), bytes.Count(text, []byte("?")))
	}
	if err == nil && t.s.dialect == PostgreSQL {
		text = numberPlaceholders(text)
	}
	shape.text = string(text)
	return shape, union, err
}

// numberPlaceholders writes PostgreSQL's $1, $2, … for the ? of a text
// whose values are all bound: it holds no literal, so every ? is one.
func numberPlaceholders(text []byte) []byte {
	out := make([]byte, 0, len(text)+16)
	n := 0
	for _, c := range text {
		if c != '?' {
			out = append(out, c)
			continue
		}
		n++
		out = strconv.AppendInt(append(out, '$'), int64(n), 10)
	}
	return out
}

// viewParams are a read's tables and values, the values bound with b when
// it is not nil.
func (t *tx) viewParams(r *read, values []any, b *binder) []any {
	params := make([]any, 0, len(r.tables)+len(values))
	for _, name := range r.tables {
		params = append(params, t.table(name))
	}
	for _, v := range values {
		params = append(params, param{v: v, b: b})
	}
	return params
}

// columnExprs are the expressions a read of an aggregate selects in place
// of its row struct's columns, by the column each gives ("max(day) AS
// day" gives day).
func columnExprs(r *read) map[string]string {
	if r.columns == "" {
		return nil
	}
	out := map[string]string{}
	for _, c := range strings.Split(r.columns, ", ") {
		expr, name, ok := strings.Cut(c, " AS ")
		if !ok {
			name = expr
		}
		out[strings.TrimSpace(name)] = expr
	}
	return out
}

// readView reads parts in one statement and appends each part's rows to
// its dest. key names the view, for a store that binds its values to keep
// its text: a SQLite file the store prepares on, and PostgreSQL through
// postgres.New (Engine.BindsViews), where the driver prepares it. Anywhere
// else the values are written into the text and bun runs it, through every
// hook of its *bun.DB, the host's too.
func (t *tx) readView(ctx context.Context, key viewKey, parts ...part) error {
	if t.bind == nil && !t.s.bindsViews {
		shape, union, err := t.shape(parts, nil)
		if err != nil {
			return err
		}
		rows, err := union.Rows(ctx)
		if err != nil {
			return translate(err)
		}
		return translate(scanView(rows, shape, parts))
	}
	var (
		shape viewShape
		args  []any
		err   error
	)
	if kept, ok := t.s.texts.Load(key); ok {
		shape = kept.(viewShape)
		args, err = t.viewArgs(parts)
	} else {
		b := &binder{}
		shape, _, err = t.shape(parts, b)
		args = b.args
		if err == nil {
			t.s.texts.Store(key, shape)
		}
	}
	if err != nil {
		return err
	}
	return translate(t.hooked(ctx, shape.text, args, func(ctx context.Context) error {
		rows, err := t.conn.QueryContext(ctx, shape.text, t.boundArgs(args)...)
		if err != nil {
			return err
		}
		return scanView(rows, shape, parts)
	}))
}

// boundArgs are a bound statement's values with the driver's options
// before them (Engine.ViewOptions).
func (t *tx) boundArgs(args []any) []any {
	if len(t.s.viewOptions) == 0 {
		return args
	}
	return append(slices.Clip(t.s.viewOptions), args...)
}

// scanView appends each row of rows to the dest of the part it names, and
// closes rows.
func scanView(rows *sql.Rows, shape viewShape, parts []part) error {
	defer rows.Close()
	values := make([]any, shape.width)
	dest := make([]any, shape.width)
	for i := range values {
		dest[i] = &values[i]
	}
	slices := make([]reflect.Value, len(parts))
	for i, p := range parts {
		slices[i] = reflect.ValueOf(p.dest).Elem()
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		i, err := partOf(values[0], len(parts))
		if err != nil {
			return err
		}
		vp := shape.parts[i]
		// The row is scanned where it goes, at the end of its part's
		// slice, rather than made apart and copied there.
		s := slices[i]
		n := s.Len()
		s.Grow(1)
		s.SetLen(n + 1)
		row := s.Index(n)
		for j, f := range vp.fields {
			if err := f.ScanValue(row, values[vp.column[j]]); err != nil {
				return fmt.Errorf("sqlstore: view column %s: %w", f.Name, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// viewArgs are the values of parts to bind to a kept view's text, in the
// order of its placeholders: each part's in turn.
func (t *tx) viewArgs(parts []part) ([]any, error) {
	gen := t.db.QueryGen()
	var args []any
	for _, p := range parts {
		for _, v := range p.values {
			a, ok := bindable(gen, v)
			if !ok {
				return nil, fmt.Errorf("sqlstore: a view's value of type %T cannot be bound", v)
			}
			args = append(args, a)
		}
	}
	return args, nil
}

// partOf is the part a row's first column names.
func partOf(v any, parts int) (int, error) {
	var n int64
	switch v := v.(type) {
	case int64:
		n = v
	case int32:
		n = int64(v)
	case int:
		n = int64(v)
	case []byte:
		var err error
		if n, err = strconv.ParseInt(string(v), 10, 64); err != nil {
			return 0, err
		}
	default:
		return 0, fmt.Errorf("sqlstore: a view's part is %T", v)
	}
	if n < 0 || n >= int64(parts) {
		return 0, fmt.Errorf("sqlstore: a view's row names part %d of %d", n, parts)
	}
	return int(n), nil
}
