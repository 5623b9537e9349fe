package standards_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// flakyStore is a store whose transactions end, after fn has run in them,
// with the error fail gives for that run (counted from 1): nil commits,
// anything else rolls back what fn wrote, as a database's refusal at commit
// would.
type flakyStore struct {
	standards.Store
	fail           func(run int) error
	updates, views int
}

func (s *flakyStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	s.updates++
	run := s.updates
	return s.Store.Update(ctx, func(tx standards.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return s.fail(run)
	})
}

func (s *flakyStore) View(ctx context.Context, fn func(standards.Tx) error) error {
	s.views++
	run := s.views
	return s.Store.View(ctx, func(tx standards.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return s.fail(run)
	})
}

// errSerialization is what a store returns for a transaction the database
// refused for others at the same time.
var errSerialization = fmt.Errorf("%w: could not serialize access due to read/write dependencies among transactions (SQLSTATE 40001)", standards.ErrTransient)

// failing fails the first n runs with err.
func failing(n int, err error) func(int) error {
	return func(run int) error {
		if run <= n {
			return err
		}
		return nil
	}
}

// TestTransientFailuresAreTriedAgain: a command the store refuses as
// ErrTransient runs again, whole, a bounded number of times; what the caller
// gets, and what is written, is the run that committed, once.
func TestTransientFailuresAreTriedAgain(t *testing.T) {
	t.Parallel()
	template, ok := standards.DefaultCatalogue().For(year).Template("new-eo")
	require.True(t, ok)

	// applyThrough applies the template through a Service on flaky, and
	// returns the targets it gave back, the error, and the audit entries
	// the call added to the centre's trail.
	applyThrough := func(t *testing.T, ctx context.Context, f *fixture, flaky *flakyStore) ([]standards.Target, []standards.AuditEntry, error) {
		t.Helper()
		rec := f.rec(t.Context())
		before, err := f.svc.AuditTrail(t.Context(), adminActor, f.centre.ID, 0, 500)
		require.NoError(t, err)
		flaky.Store = f.store
		svc := standards.New(flaky, standards.WithClock(f.clock.now))
		targets, _, err := svc.ApplyTemplate(ctx, slActor, rec, "new-eo")
		after, terr := f.svc.AuditTrail(t.Context(), adminActor, f.centre.ID, 0, 500)
		require.NoError(t, terr)
		return targets, after[:len(after)-len(before)], err
	}

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		flaky := &flakyStore{fail: failing(2, errSerialization)}
		targets, added, err := applyThrough(t, t.Context(), f, flaky)
		require.NoError(t, err)
		assert.Equal(t, 3, flaky.updates, "two refused runs, then the one that commits")
		assert.Len(t, targets, len(template.Targets), "the targets of the run that committed, not of every run")
		proposed := 0
		for _, e := range added {
			if e.Action == "target.propose" {
				proposed++
			}
		}
		assert.Equal(t, len(template.Targets), proposed, "one audit entry per target: the refused runs left none")
		tracker, err := f.svc.Tracker(t.Context(), eoActor, f.rec(t.Context()))
		require.NoError(t, err)
		assert.Len(t, tracker.Targets, len(template.Targets), "the template's targets, once")
	})

	t.Run("ErrTransientWhenTriesAreSpent", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		flaky := &flakyStore{fail: failing(1000, errSerialization)}
		_, added, err := applyThrough(t, t.Context(), f, flaky)
		require.ErrorIs(t, err, standards.ErrTransient)
		assert.NotErrorIs(t, err, standards.ErrConflict, "a busy store is not a conflict a person made")
		assert.Equal(t, 12, flaky.updates, "a bounded number of tries")
		assert.Empty(t, added, "nothing of any run is written")
	})

	t.Run("ErrTransientWhenCancelled", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		ctx, cancel := context.WithCancel(t.Context())
		flaky := &flakyStore{fail: func(int) error { cancel(); return errSerialization }}
		_, added, err := applyThrough(t, ctx, f, flaky)
		require.ErrorIs(t, err, standards.ErrTransient)
		assert.ErrorIs(t, err, context.Canceled, "the caller can tell that its context ended the tries")
		assert.Equal(t, 1, flaky.updates, "no try after the context ended")
		assert.Empty(t, added)
	})

	t.Run("ErrConflictIsNotTriedAgain", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		flaky := &flakyStore{fail: failing(1, fmt.Errorf("%w: the record changed", standards.ErrConflict))}
		_, _, err := applyThrough(t, t.Context(), f, flaky)
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Equal(t, 1, flaky.updates, "a rule's refusal stands")
	})

	t.Run("LogsOnceAfterTheCommit", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		var logs strings.Builder
		flaky := &flakyStore{Store: f.store, fail: failing(2, errSerialization)}
		debug := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		svc := standards.New(flaky, standards.WithClock(f.clock.now), standards.WithLogger(debug))
		_, err := svc.CorrectMyName(t.Context(), slActor, "Sam Senior")
		require.NoError(t, err)
		assert.Equal(t, 3, flaky.updates)
		assert.Equal(t, 1, strings.Count(logs.String(), "command committed"), "the line of the run that committed, not of the refused ones:\n%s", logs.String())
	})

	t.Run("EachRowOfABulkCall", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		// The second row's transaction is refused twice; the others
		// commit at once.
		flaky := &flakyStore{Store: f.store, fail: func(run int) error {
			if run == 2 || run == 3 {
				return errSerialization
			}
			return nil
		}}
		svc := standards.New(flaky, standards.WithClock(f.clock.now))
		out, err := svc.RegisterColleagues(t.Context(), adminActor, f.centre.ID, year, strings.NewReader(
			"kim@riverside.sch.uk,Kim Kaur,EO\nlou@riverside.sch.uk,Lou Lim,LM\nmo@riverside.sch.uk,Mo Moss,EO\n"))
		require.NoError(t, err)
		require.Len(t, out, 3)
		for _, o := range out {
			assert.NoError(t, o.Err, o.Email)
		}
		assert.Equal(t, 5, flaky.updates, "one run for each row, and two more for the second")
		roster, err := f.svc.Roster(t.Context(), adminActor, f.centre.ID, year)
		require.NoError(t, err)
		registered := map[string]int{}
		for _, m := range roster.Members {
			registered[m.Person.Email]++
		}
		for _, email := range []string{"kim@riverside.sch.uk", "lou@riverside.sch.uk", "mo@riverside.sch.uk"} {
			assert.Equal(t, 1, registered[email], email)
		}
	})

	t.Run("ViewsToo", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		want, err := f.svc.MyRegistrations(t.Context(), eoActor)
		require.NoError(t, err)
		flaky := &flakyStore{Store: f.store, fail: failing(2, errSerialization)}
		got, err := standards.New(flaky, standards.WithClock(f.clock.now)).MyRegistrations(t.Context(), eoActor)
		require.NoError(t, err)
		assert.Equal(t, 3, flaky.views)
		assert.Equal(t, want, got, "what the run that succeeded read, once")
	})
}
