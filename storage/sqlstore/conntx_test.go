package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

func testCentre(n int) standards.Centre {
	return standards.Centre{ID: fmt.Sprintf("c%025d", n), Number: standards.CentreNumber(fmt.Sprintf("%05d", 10000+n)), Name: "Centre", CreatedAt: time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)}
}

// TestACancelledCallStopsAtItsNextStatement cancels a call between two of
// its statements: the second is refused with the context's error, nothing
// is committed, and the connection goes back to the pool out of its
// transaction, so that the next call writes and reads as usual.
func TestACancelledCallStopsAtItsNextStatement(t *testing.T) {
	t.Parallel()
	s := openTestSQLite(t)
	ctx, cancel := context.WithCancel(t.Context())
	err := s.Update(ctx, func(tx standards.Tx) error {
		if err := tx.CreateCentre(ctx, testCentre(1)); err != nil {
			return err
		}
		cancel()
		err := tx.CreateCentre(ctx, testCentre(2))
		require.ErrorIs(t, err, context.Canceled, "the statement after the cancel")
		return err
	})
	require.ErrorIs(t, err, context.Canceled)

	require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error { return tx.CreateCentre(t.Context(), testCentre(3)) }))
	require.NoError(t, s.View(t.Context(), func(tx standards.Tx) error {
		for _, n := range []int{1, 2} {
			_, err := tx.Centre(t.Context(), testCentre(n).ID)
			assert.ErrorIs(t, err, standards.ErrNotFound, "centre %d", n)
		}
		_, err := tx.Centre(t.Context(), testCentre(3).ID)
		return err
	}))

	// A read cancelled half-way stops too.
	ctx, cancel = context.WithCancel(t.Context())
	err = s.View(ctx, func(tx standards.Tx) error {
		if _, err := tx.Centre(ctx, testCentre(3).ID); err != nil {
			return err
		}
		cancel()
		_, err := tx.Centre(ctx, testCentre(3).ID)
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
}

// TestAConnectionThatCannotRollBackIsClosed ends a transaction underneath
// the store, so that its ROLLBACK fails: the connection is closed rather
// than returned to the pool, and the writer opens a new one for the next
// call.
func TestAConnectionThatCannotRollBackIsClosed(t *testing.T) {
	t.Parallel()
	s := openTestSQLite(t)
	require.Equal(t, 1, s.db.Stats().OpenConnections)
	failure := errors.New("the call fails")
	err := s.Update(t.Context(), func(stx standards.Tx) error {
		_, err := stx.(*tx).conn.ExecContext(t.Context(), "COMMIT")
		require.NoError(t, err)
		return failure
	})
	require.ErrorIs(t, err, failure)
	assert.Equal(t, 0, s.db.Stats().OpenConnections, "the connection was closed")
	require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error { return tx.CreateCentre(t.Context(), testCentre(1)) }))
}

// TestStatementsStartNoGoroutines reads under a context that can be
// cancelled, as a web request's can, and counts the goroutines started:
// a database/sql Tx would start one for itself and one for each Rows, and
// the driver one for each statement (see runOnConn).
func TestStatementsStartNoGoroutines(t *testing.T) {
	s := openTestSQLite(t)
	require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error { return tx.CreateCentre(t.Context(), testCentre(1)) }))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var most int
	err := s.View(ctx, func(tx standards.Tx) error {
		before := runtime.NumGoroutine()
		for range 20 {
			if _, err := tx.Centre(ctx, testCentre(1).ID); err != nil {
				return err
			}
			most = max(most, runtime.NumGoroutine()-before)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Zero(t, most, "goroutines started by twenty reads")
}

// panickingHook panics before the statements it is told to.
type panickingHook struct{ on map[string]bool }

func (h *panickingHook) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if h.on[e.Query] {
		panic("hook: " + e.Query)
	}
	return ctx
}

func (h *panickingHook) AfterQuery(context.Context, *bun.QueryEvent) {}

// TestAPanicInAHookLeavesNoConnectionInATransaction has a query hook panic
// at the COMMIT, and then at the ROLLBACK too: nothing is committed, and
// the writer's next call begins afresh, which it could not on a connection
// left inside the transaction.
func TestAPanicInAHookLeavesNoConnectionInATransaction(t *testing.T) {
	t.Parallel()
	hook := &panickingHook{}
	s := openSQLiteEngine(t, filepath.Join(t.TempDir(), "eops.db"), WithQueryHook(hook))
	require.NoError(t, s.Migrate(t.Context()))
	for n, on := range []map[string]bool{{"COMMIT": true}, {"COMMIT": true, "ROLLBACK": true}} {
		hook.on = on
		assert.Panics(t, func() {
			_ = s.Update(t.Context(), func(tx standards.Tx) error { return tx.CreateCentre(t.Context(), testCentre(n+1)) })
		})
		hook.on = nil
		require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error { return tx.CreateCentre(t.Context(), testCentre(10+n)) }), "after panics at %v", on)
		require.NoError(t, s.View(t.Context(), func(tx standards.Tx) error {
			_, err := tx.Centre(t.Context(), testCentre(n+1).ID)
			assert.ErrorIs(t, err, standards.ErrNotFound, "nothing of the panicked call was committed")
			_, err = tx.Centre(t.Context(), testCentre(10+n).ID)
			return err
		}))
	}
}
