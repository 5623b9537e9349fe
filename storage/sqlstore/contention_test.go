package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	"github.com/eops/eops/storage/sqlstore/sqlite"
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
				standards.New(countingStore{a, &retries, nil}, clock),
				standards.New(countingStore{b, &retries, nil}, clock),
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
	log      *failureLog // nil, or where each failure's error is kept
}

func (s countingStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	err := s.Store.Update(ctx, fn)
	if transient(err) {
		s.failures.Add(1)
		s.log.add(err)
	}
	return err
}

func (s countingStore) View(ctx context.Context, fn func(standards.Tx) error) error {
	err := s.Store.View(ctx, fn)
	if transient(err) {
		s.failures.Add(1)
		s.log.add(err)
	}
	return err
}

// openDSN opens a store on its own pool of connections to dsn, as one app
// instance would: up to 32, so that every writer of the tests and
// benchmarks (64 at most, over two instances) has one.
func openDSN(tb testing.TB, driver, dsn string, d sqlstore.Dialect, opts ...sqlstore.Option) *sqlstore.Store {
	tb.Helper()
	db, err := sql.Open(driver, dsn)
	require.NoError(tb, err)
	db.SetMaxOpenConns(32)
	tb.Cleanup(func() { _ = db.Close() })
	s, err := newOnDialect(db, d, opts...)
	require.NoError(tb, err)
	return s
}

// transient says err is the store's refusal of transactions at once.
func transient(err error) bool { return errors.Is(err, standards.ErrTransient) }

// contentionStores opens two stores on one database, as two app
// instances would, the first migrated: on SQLite two stores on one file.
// It returns the server's DSN too ("" for SQLite).
func contentionStores(b testing.TB, bk backend, opts ...sqlstore.Option) (*sqlstore.Store, *sqlstore.Store, string) {
	b.Helper()
	switch bk.name {
	case "postgres":
		dsn := dbtest.PostgresDSN(b)
		s := openDSN(b, "pgx", dsn, sqlstore.PostgreSQL, opts...)
		require.NoError(b, s.Migrate(b.Context()))
		return s, openDSN(b, "pgx", dsn, sqlstore.PostgreSQL, opts...), dsn
	case "mysql":
		dsn := dbtest.MySQLDSN(b)
		s := openDSN(b, "mysql", dsn, sqlstore.MySQL, opts...)
		require.NoError(b, s.Migrate(b.Context()))
		return s, openDSN(b, "mysql", dsn, sqlstore.MySQL, opts...), dsn
	}
	file := filepath.Join(b.TempDir(), "eops.db")
	first, err := sqlite.Open(file)
	require.NoError(b, err)
	b.Cleanup(func() { _ = first.Close() })
	require.NoError(b, first.Migrate(b.Context()))
	second, err := sqlite.Open(file)
	require.NoError(b, err)
	b.Cleanup(func() { _ = second.Close() })
	return first.Store, second.Store, ""
}
