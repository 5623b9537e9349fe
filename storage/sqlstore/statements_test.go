package sqlstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestR_VA_1_PublicationsFromOneVersionAtOnce: operators on two app
// instances, on one database, each publishing the next statement from the
// version they read, at once. One publishes; every other is told the
// version is stale (never a duplicate key, never a version written over
// one they did not read), since the store runs their transactions as if
// one at a time (standards.Store's Update). Without IfStatementVersion each
// publishes, one after another.
func TestR_VA_1_PublicationsFromOneVersionAtOnce(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b backend) {
		first, second, _ := contentionStores(t, b)
		now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
		clock := standards.WithClock(func() time.Time { return now })
		svcs := [2]*standards.Service{standards.New(first, clock), standards.New(second, clock)}
		const year, writers = standards.AcademicYear(2026), 6
		// Each writer is an operator of their own, as a command locks
		// its actor's row: one person's commands never race each other.
		var ops [writers]standards.Actor
		for i := range ops {
			ops[i] = standards.Actor{Email: fmt.Sprintf("ops%d@naeo.example", i), Name: fmt.Sprintf("Operator %d", i), Operator: true}
		}
		_, err := svcs[0].PublishStatement(t.Context(), ops[0], year, "Version one.")
		require.NoError(t, err)

		publish := func(conditional bool) []error {
			errs := make([]error, writers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range writers {
				wg.Go(func() {
					ctx := t.Context()
					if conditional {
						ctx = standards.IfStatementVersion(ctx, year, 1)
					}
					<-start
					_, errs[i] = svcs[i%2].PublishStatement(ctx, ops[i], year, fmt.Sprintf("Version two, by writer %d.", i))
				})
			}
			close(start)
			wg.Wait()
			return errs
		}

		var published, stale int
		for _, err := range publish(true) {
			switch {
			case err == nil:
				published++
			case standards.ErrorReason(err) == standards.ReasonStale:
				stale++
			default:
				t.Errorf("a publication from version 1 failed otherwise: %v", err)
			}
		}
		assert.Equal(t, 1, published, "one publication from version 1")
		assert.Equal(t, writers-1, stale, "the others are told it is stale")
		current, err := svcs[1].CurrentStatement(t.Context(), year)
		require.NoError(t, err)
		assert.Equal(t, 2, current.Version)

		for _, err := range publish(false) {
			assert.False(t, errors.Is(err, standards.ErrConflict), "without a condition each publishes: %v", err)
			assert.NoError(t, err)
		}
		current, err = svcs[0].CurrentStatement(t.Context(), year)
		require.NoError(t, err)
		assert.Equal(t, 2+writers, current.Version, "each unconditional publication is a version of its own")
	})
}
