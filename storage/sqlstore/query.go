package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// The few shapes of query every table uses. Table names carry the host's
// prefix, so each query names its table through t.table; a select gives the
// table the alias its row struct declares, since bun qualifies columns with
// it.

// insert stores one row, or a slice of rows.
func (t *tx) insert(ctx context.Context, table string, row any) error {
	if t.bind != nil && rowKind(reflect.TypeOf(row).Elem()) == reflect.Struct {
		if err := t.insertPrepared(ctx, table, row); !errors.Is(err, errNotBindable) {
			return translate(err)
		}
	}
	_, err := t.tx.NewInsert().Model(row).ModelTableExpr("?", t.table(table)).Exec(ctx)
	return translate(err)
}

// insertRows stores rows in their order, in one statement: the one row's
// insert for one. The rows' keys are set as insert sets one row's.
func insertRows[R any](ctx context.Context, t *tx, table string, rows []R) error {
	if len(rows) == 1 {
		return t.insert(ctx, table, &rows[0])
	}
	return t.insert(ctx, table, &rows)
}

// rowKind is the kind of a row, or of a slice's rows.
func rowKind(t reflect.Type) reflect.Kind {
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind()
}

// selectFrom starts a select of rows of table into model.
func (t *tx) selectFrom(table, alias string, model any) *bun.SelectQuery {
	return t.tx.NewSelect().Model(model).ModelTableExpr("? AS ?", t.table(table), bun.Ident(alias))
}

// one runs a select that should find one row: none is ErrNotFound.
func (t *tx) one(ctx context.Context, q *bun.SelectQuery, what string) error {
	q = q.Limit(1)
	var err error
	if t.bind != nil {
		_, err = t.scanPrepared(ctx, q, true)
	} else {
		err = q.Scan(ctx)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, standards.ErrNotFound)
	}
	return translate(err)
}

// all runs a select of many rows.
func (t *tx) all(ctx context.Context, q *bun.SelectQuery) error {
	if t.bind != nil {
		_, err := t.scanPrepared(ctx, q, false)
		return translate(err)
	}
	return translate(q.Scan(ctx))
}

// update replaces the row whose key matches, writing every column but its
// fixed ones; no such row is ErrNotFound.
func (t *tx) update(ctx context.Context, table string, row any, what string, where string, args ...any) error {
	n, err := t.updateRow(ctx, table, row, fixedColumns(row), where, args...)
	if err != nil {
		return err
	}
	if n == 0 && t.s.dialect == MySQL {
		// MySQL counts rows changed, not rows matched, so an update that
		// changes nothing looks like a missing row: look again.
		found, err := t.tx.NewSelect().TableExpr("?", t.table(table)).Where(where, args...).Count(ctx)
		if err != nil {
			return translate(err)
		}
		n = int(found)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, standards.ErrNotFound)
	}
	return nil
}

// updateRow writes every column of row but those in skip to the rows that
// match, and returns how many it changed.
func (t *tx) updateRow(ctx context.Context, table string, row any, skip []string, where string, args ...any) (int, error) {
	if t.bind != nil {
		n, err := t.updatePrepared(ctx, table, row, skip, where, args...)
		if !errors.Is(err, errNotBindable) {
			return n, translate(err)
		}
	}
	res, err := t.tx.NewUpdate().Model(row).ModelTableExpr("?", t.table(table)).
		ExcludeColumn(skip...).Where(where, args...).Exec(ctx)
	return rowsAffected(res, err)
}

// remove deletes the rows that match; none is ErrNotFound.
func (t *tx) remove(ctx context.Context, table, what string, where string, args ...any) error {
	res, err := t.tx.NewDelete().TableExpr("?", t.table(table)).Where(where, args...).Exec(ctx)
	n, err := rowsAffected(res, err)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, standards.ErrNotFound)
	}
	return nil
}

func rowsAffected(res sql.Result, err error) (int, error) {
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}

// fixed is a row struct that names the columns an update leaves alone: its
// key, and the columns the service never changes once the row is stored
// (the Store port says which), chiefly the row's parents and the columns
// its indexes file it by. An UPDATE that sets a column makes SQLite check
// the parent row of a foreign key in it and rewrite every index entry that
// holds it, whether or not the value changed; setting only what a command
// may change spares that work on every save of a record, a target or a
// registration (docs/benchmarks.md has the figures).
type fixed interface{ fixedColumns() []string }

func fixedColumns(row any) []string {
	if k, ok := row.(fixed); ok {
		return k.fixedColumns()
	}
	return []string{"id"}
}
