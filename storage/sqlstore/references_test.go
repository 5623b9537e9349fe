package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/storage/sqlstore"
)

// danglingReferences lists the rows whose foreign key names no row, one line
// per foreign key with any. The schema declares every reference between
// tables as a foreign key, so this reads the keys from the database's own
// catalogue rather than from a list that could fall behind the migrations.
func danglingReferences(t *testing.T, s *sqlstore.Store) []string {
	t.Helper()
	ctx := t.Context()
	db := s.DB()
	if s.Dialect() == sqlstore.SQLite {
		var rows []struct {
			Table  string `bun:"table"`
			RowID  int64  `bun:"rowid"`
			Parent string `bun:"parent"`
		}
		require.NoError(t, db.NewRaw("PRAGMA foreign_key_check").Scan(ctx, &rows))
		var out []string
		for _, r := range rows {
			out = append(out, fmt.Sprintf("%s row %d refers to a missing %s", r.Table, r.RowID, r.Parent))
		}
		return out
	}
	var keys []struct {
		Table     string `bun:"tbl"`
		Column    string `bun:"col"`
		RefTable  string `bun:"ref"`
		RefColumn string `bun:"refcol"`
	}
	query := `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS ref, REFERENCED_COLUMN_NAME AS refcol
		FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`
	if s.Dialect() == sqlstore.PostgreSQL {
		query = `SELECT cl.relname AS tbl, a.attname AS col, fcl.relname AS ref, fa.attname AS refcol
			FROM pg_constraint c
			JOIN pg_class cl ON cl.oid = c.conrelid
			JOIN pg_namespace n ON n.oid = cl.relnamespace
			JOIN pg_class fcl ON fcl.oid = c.confrelid
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
			WHERE c.contype = 'f' AND n.nspname = current_schema()`
	}
	require.NoError(t, db.NewRaw(query).Scan(ctx, &keys))
	require.NotEmpty(t, keys, "the schema's foreign keys")
	var out []string
	for _, k := range keys {
		var n int
		require.NoError(t, db.NewRaw(`SELECT count(*) FROM ? AS r WHERE r.? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ? AS p WHERE p.? = r.?)`,
			bun.Ident(k.Table), bun.Ident(k.Column), bun.Ident(k.RefTable), bun.Ident(k.RefColumn), bun.Ident(k.Column)).Scan(ctx, &n))
		if n > 0 {
			out = append(out, fmt.Sprintf("%d rows of %s.%s refer to a missing %s", n, k.Table, k.Column, k.RefTable))
		}
	}
	return out
}
