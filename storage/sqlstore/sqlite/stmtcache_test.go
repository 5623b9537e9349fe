package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
)

// keptStatements counts the statements the writer's connection keeps.
func keptStatements(t *testing.T, s *Store) int {
	t.Helper()
	conn, err := s.DB().DB.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	n := -1
	require.NoError(t, conn.Raw(func(dc any) error {
		n = len(dc.(*cachingConn).stmts)
		return nil
	}))
	return n
}

func openTestSQLite(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "eops.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(context.Background()))
	return s
}

// A statement with bound values is prepared once per connection and run
// again on the next call with other values; a text with its values written
// in is not kept.
func TestAConnectionKeepsTheStatementsItPrepares(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	db := s.DB().DB
	before := keptStatements(t, s)
	for i := range 5 {
		var n int
		require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE id = ?", fmt.Sprint(i)).Scan(&n))
		_, err := db.ExecContext(ctx, "DELETE FROM people WHERE id = ?", fmt.Sprint(i))
		require.NoError(t, err)
	}
	assert.Equal(t, before+2, keptStatements(t, s), "one kept statement per text")
	for i := range 5 {
		var n int
		require.NoError(t, db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM people WHERE id = '%d'", i)).Scan(&n))
	}
	assert.Equal(t, before+2, keptStatements(t, s), "a text without bound values is not kept")
}

// The same text run again while rows of the first run are still being read
// (a query inside another's loop) runs apart, and neither run disturbs the
// other: reusing the kept statement would reset the first run's rows.
func TestAStatementInUseIsNotReusedUnderneathItsRows(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	tx, err := s.DB().DB.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	for i := range 5 {
		_, err := tx.ExecContext(ctx, "INSERT INTO people (id, email, name, created_at) VALUES (?, ?, 'P', '2025-01-01 00:00:00+00:00')",
			fmt.Sprintf("p%d", i), fmt.Sprintf("p%d@example.org", i))
		require.NoError(t, err)
	}
	const q = "SELECT id FROM people WHERE id >= ? ORDER BY id"
	outer, err := tx.QueryContext(ctx, q, "p0")
	require.NoError(t, err)
	var seen []string
	for outer.Next() {
		var id string
		require.NoError(t, outer.Scan(&id))
		seen = append(seen, id)
		inner, err := tx.QueryContext(ctx, q, "p3")
		require.NoError(t, err)
		var got []string
		for inner.Next() {
			var id string
			require.NoError(t, inner.Scan(&id))
			got = append(got, id)
		}
		require.NoError(t, inner.Close())
		assert.Equal(t, []string{"p3", "p4"}, got)
	}
	require.NoError(t, outer.Err())
	assert.Equal(t, []string{"p0", "p1", "p2", "p3", "p4"}, seen)
}

// hookRecorder is a query hook that keeps what it sees.
type hookRecorder struct{ events []*bun.QueryEvent }

func (h *hookRecorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (h *hookRecorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	h.events = append(h.events, e)
}

// personByEmail looks a person up and returns the statement the hook saw.
func (h *hookRecorder) personByEmail(t *testing.T, s *sqlstore.Store, email string) *bun.QueryEvent {
	t.Helper()
	h.events = nil
	err := s.View(context.Background(), func(tx standards.Tx) error {
		_, err := tx.PersonByEmail(context.Background(), email)
		return err
	})
	require.ErrorIs(t, err, standards.ErrNotFound)
	for _, e := range h.events {
		if strings.Contains(e.Query, "people") {
			return e
		}
	}
	t.Fatalf("the hook saw no read of people in %d statements", len(h.events))
	return nil
}

// The store's own hooks see the statements it prepares, with the values
// apart; a store on the host's own database does not prepare, so that the
// host's hooks see every statement with its values in the text.
func TestHooksSeePreparedStatementsWithTheirValues(t *testing.T) {
	ctx := context.Background()
	t.Run("a SQLite file the store opened", func(t *testing.T) {
		hook := &hookRecorder{}
		s, err := Open(filepath.Join(t.TempDir(), "eops.db"), sqlstore.WithQueryHook(hook))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(ctx))
		e := hook.personByEmail(t, s.Store, "nobody@example.org")
		assert.Contains(t, e.Query, "email = ?")
		assert.Equal(t, []any{"nobody@example.org"}, e.QueryArgs)
	})
	t.Run("the host's SQLite database", func(t *testing.T) {
		hook := &hookRecorder{}
		db, err := sql.Open("sqlite", DSN(filepath.Join(t.TempDir(), "eops.db")))
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		s, err := New(db, sqlstore.WithQueryHook(hook))
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		e := hook.personByEmail(t, s, "nobody@example.org")
		assert.Contains(t, e.Query, "(email = 'nobody@example.org')")
		assert.Empty(t, e.QueryArgs)
	})
}

// Past its bound, a connection forgets a statement it keeps to keep a new
// one.
func TestAFullConnectionMakesRoom(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	db := s.DB().DB
	last := ""
	for i := range maxStatementsPerConnection + 50 {
		last = fmt.Sprintf("SELECT ? + %d", i)
		var n int
		require.NoError(t, db.QueryRowContext(ctx, last, 1).Scan(&n))
		require.Equal(t, i+1, n)
	}
	assert.Equal(t, maxStatementsPerConnection, keptStatements(t, s))
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.Raw(func(dc any) error {
		assert.Contains(t, dc.(*cachingConn).stmts, last, "the newest text is kept")
		return nil
	}))
}

// A list of people of any length is one statement.
func TestPeopleOfAnyNumberAreOneStatement(t *testing.T) {
	hook := &hookRecorder{}
	s, err := Open(filepath.Join(t.TempDir(), "eops.db"), sqlstore.WithQueryHook(hook))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	require.NoError(t, s.Migrate(ctx))
	texts := map[string]bool{}
	for _, ids := range [][]string{{"a"}, {"a", "b", "c"}, {"d", "e", "f", "g", "h"}} {
		hook.events = nil
		require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
			got, err := tx.People(ctx, ids)
			assert.Empty(t, got)
			return err
		}))
		for _, e := range hook.events {
			if strings.Contains(e.Query, "people") {
				texts[e.Query] = true
			}
		}
	}
	assert.Len(t, texts, 1, "one text for lists of 1, 3 and 5 ids")
}

func testCentre(n int) standards.Centre {
	return standards.Centre{ID: fmt.Sprintf("c%025d", n), Number: standards.CentreNumber(fmt.Sprintf("%05d", 10000+n)), Name: "Centre", CreatedAt: time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)}
}
