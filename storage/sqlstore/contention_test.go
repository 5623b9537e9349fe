package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
)

// TestDistinctCentresAtOnceSeeNoConflict is issue 19's report: two app
// instances (two Services, each on its own store and connections) on one
// database, and the exams officers of 16 centres each proposing 10 targets
// on their own records at once. They share nothing, so none of them may
// see ErrConflict: a serialization failure or deadlock between them is the
// database's, and the Service runs the command again.
func TestDistinctCentresAtOnceSeeNoConflict(t *testing.T) {
	t.Parallel()
	for _, srv := range []struct {
		name, env string
		dsn       func(testing.TB) (db func() *sqlstore.Store)
	}{
		{"postgres", dbtest.PostgresEnv, func(tb testing.TB) func() *sqlstore.Store {
			dsn := dbtest.PostgresDSN(tb)
			return func() *sqlstore.Store { return openDSN(tb, "pgx", dsn, sqlstore.PostgreSQL) }
		}},
		{"mysql", dbtest.MySQLEnv, func(tb testing.TB) func() *sqlstore.Store {
			dsn := dbtest.MySQLDSN(tb)
			return func() *sqlstore.Store { return openDSN(tb, "mysql", dsn, sqlstore.MySQL) }
		}},
	} {
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel()
			if os.Getenv(srv.env) == "" {
				t.Skipf("set %s to run the %s tests", srv.env, srv.name)
			}
			instance := srv.dsn(t)
			const centres, each = 16, 10
			a, b := instance(), instance()
			require.NoError(t, a.Migrate(t.Context()))
			spec := dataset.Spec{Centres: centres, Year: 2025, Now: dataset.BenchmarkSpec(1).Now}
			require.NoError(t, dataset.Load(t.Context(), a, spec, nil))

			var retries atomic.Int64
			clock := standards.WithClock(func() time.Time { return spec.Now })
			svcs := [2]*standards.Service{
				standards.New(countingStore{a, &retries}, clock),
				standards.New(countingStore{b, &retries}, clock),
			}
			errs := make([]error, centres*each)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for c := range centres {
				st := spec.Staff(c)
				wg.Go(func() {
					<-start
					for i := range each {
						_, _, errs[c*each+i] = svcs[c%2].ProposeTarget(t.Context(), st.ExamsOfficer, st.RecordID, standards.TargetInput{
							Area: standards.AreaKnowledge, Title: fmt.Sprintf("Contention %d", i),
						})
					}
				})
			}
			close(start)
			wg.Wait()
			var conflicts, failed int
			for _, err := range errs {
				switch {
				case err == nil:
				case errors.Is(err, standards.ErrConflict):
					conflicts++
				default:
					failed++
					t.Log(err)
				}
			}
			t.Logf("%s: %d calls, %d client-visible conflicts, %d other failures, %d transient failures retried",
				srv.name, len(errs), conflicts, failed, retries.Load())
			assert.Zero(t, conflicts, "writers in distinct centres see no ErrConflict")
			assert.Zero(t, failed)
		})
	}
}

// countingStore counts the Updates and Views of a store that fail for a
// reason worth trying again.
type countingStore struct {
	*sqlstore.Store
	failures *atomic.Int64
}

func (s countingStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	err := s.Store.Update(ctx, fn)
	if transient(err) {
		s.failures.Add(1)
	}
	return err
}

func (s countingStore) View(ctx context.Context, fn func(standards.Tx) error) error {
	err := s.Store.View(ctx, fn)
	if transient(err) {
		s.failures.Add(1)
	}
	return err
}

// openDSN opens a store on its own pool of connections to dsn, as one app
// instance would.
func openDSN(tb testing.TB, driver, dsn string, d sqlstore.Dialect) *sqlstore.Store {
	tb.Helper()
	db, err := sql.Open(driver, dsn)
	require.NoError(tb, err)
	db.SetMaxOpenConns(4)
	tb.Cleanup(func() { _ = db.Close() })
	s, err := sqlstore.NewSQL(db, d)
	require.NoError(tb, err)
	return s
}

// transient says err is the store's refusal of transactions at once.
func transient(err error) bool { return errors.Is(err, standards.ErrTransient) }
