package sqlstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// eachBackend runs f as a parallel subtest per SQL backend, skipping those
// whose server is not configured (and saying which variable to set).
func eachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	eachOf(t, backends, f)
}

func eachOf(t *testing.T, bs []backend, f func(t *testing.T, b backend)) {
	for _, b := range bs {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			if b.env != "" && os.Getenv(b.env) == "" {
				t.Skipf("set %s to run the %s tests", b.env, b.name)
			}
			f(t, b)
		})
	}
}

func TestMigrateUpAndDown(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t, "eops_") // migrated once already
		require.NoError(t, s.Migrate(ctx), "migrating again changes nothing")
		exists := func(table string) bool {
			var n int
			err := s.DB().NewSelect().TableExpr("?", bun.Ident(table)).ColumnExpr("count(*)").Scan(ctx, &n)
			return err == nil
		}
		assert.True(t, exists("eops_centres"))
		assert.True(t, exists("eops_bun_migrations"), "the bookkeeping carries the prefix too")
		assert.False(t, exists("centres"), "nothing outside the prefix")

		require.NoError(t, s.MigrateDown(ctx))
		assert.False(t, exists("eops_centres"))
		assert.False(t, exists("eops_events"))

		require.NoError(t, s.Migrate(ctx))
		require.NoError(t, s.Update(ctx, func(tx standards.Tx) error {
			return tx.CreateCentre(ctx, standards.Centre{ID: "c0000000000000000000000001", Number: "12345", Name: "Riverside", CreatedAt: time.Now().UTC().Truncate(time.Microsecond)})
		}))
	})
}

func TestPrefixesKeepStoresApart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	open := func(prefix string) *sqlstore.Store {
		s, err := sqlite.Open(path, sqlstore.WithPrefix(prefix))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(ctx))
		return s.Store
	}
	a, b := open("a_"), open("b_")
	require.NoError(t, a.Update(ctx, func(tx standards.Tx) error {
		return tx.CreateCentre(ctx, standards.Centre{ID: "c0000000000000000000000001", Number: "12345", Name: "A", CreatedAt: time.Now().UTC().Truncate(time.Microsecond)})
	}))
	err := b.View(ctx, func(tx standards.Tx) error {
		_, err := tx.CentreByNumber(ctx, "12345")
		return err
	})
	require.ErrorIs(t, err, standards.ErrNotFound)

	_, err = sqlite.Open(path, sqlstore.WithPrefix("Bad-Prefix"))
	require.Error(t, err)
}

// TestSQLiteWritersNeverSeeLocked runs many writers and readers at once on
// one SQLite file: the single writer connection queues them, so none fails.
func TestSQLiteWritersNeverSeeLocked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := MustOpen(t, backends[0])
	const writers, each = 8, 25
	var wg sync.WaitGroup
	var failures atomic.Int64
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				err := s.Update(ctx, func(tx standards.Tx) error {
					_, err := tx.AppendAudit(ctx, standards.AuditEntry{At: time.Now().UTC(), Actor: "a@b.c", Action: "test", Subject: "x", CentreID: "", Summary: "w"})
					return err
				})
				if err != nil {
					t.Errorf("writer %d, write %d: %v", w, i, err)
					failures.Add(1)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range each {
				if err := s.View(ctx, func(tx standards.Tx) error {
					_, err := tx.AuditByCentre(ctx, "", 0, 10)
					return err
				}); err != nil {
					t.Errorf("reader: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	require.Zero(t, failures.Load())
	var n int
	require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
		entries, err := tx.AuditByCentre(ctx, "", 0, writers*each+1)
		n = len(entries)
		return err
	}))
	assert.Equal(t, writers*each, n)
}

func TestSQLiteBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(ctx))
	create := func(n int) error {
		return s.Update(ctx, func(tx standards.Tx) error {
			return tx.CreateTrust(ctx, standards.Trust{ID: idN("t", n), Name: "Trust", CreatedAt: time.Now().UTC().Truncate(time.Microsecond)})
		})
	}
	require.NoError(t, create(1))

	// A writer carries on while the backup runs.
	done := make(chan error)
	go func() {
		var err error
		for i := 2; i < 50 && err == nil; i++ {
			err = create(i)
		}
		done <- err
	}()
	path := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, s.Backup(ctx, path))
	require.NoError(t, <-done)
	require.Error(t, s.Backup(ctx, path), "the target must not exist")

	copy, err := sqlite.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = copy.Close() })
	require.NoError(t, copy.Migrate(ctx), "the copy is at the same version")
	require.NoError(t, copy.View(ctx, func(tx standards.Tx) error {
		trusts, err := tx.Trusts(ctx)
		assert.NotEmpty(t, trusts)
		return err
	}))
}

func idN(kind string, n int) string {
	s := kind + "0000000000000000000000000"
	d := []byte(s[:26])
	for i := 25; n > 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d)
}

// TestRecordVersionUnderConcurrency has two transactions read the same
// version of a record at once and both save it: one commits, the other is
// refused, and the stored version counts one save. The database refuses
// the second save before the store's version check can (PostgreSQL's
// serialization failure, InnoDB's deadlock), so the refusal is
// ErrTransient, which the Service would answer by running the command
// again on the new version; never ErrConflict, which would tell a person
// that someone else changed the record when the two only overlapped.
func TestRecordVersionUnderConcurrency(t *testing.T) {
	t.Parallel()
	// SQLite has one writer, so two write transactions never overlap there;
	// storetest checks its stale versions one after the other.
	eachOf(t, backends[1:], func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t, "")
		rec := seedRecord(t, s)

		var ready sync.WaitGroup
		ready.Add(2)
		results := make(chan error, 2)
		for range 2 {
			go func() {
				results <- s.Update(ctx, func(tx standards.Tx) error {
					r, err := tx.Record(ctx, rec.ID)
					ready.Done()
					if err != nil {
						return err
					}
					ready.Wait() // both have read version 0
					return tx.UpdateRecord(ctx, r)
				})
			}()
		}
		var ok, refused int
		for range 2 {
			switch err := <-results; {
			case err == nil:
				ok++
			case errors.Is(err, standards.ErrTransient) && !errors.Is(err, standards.ErrConflict):
				refused++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		assert.Equal(t, 1, ok)
		assert.Equal(t, 1, refused)
		require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
			r, err := tx.Record(ctx, rec.ID)
			assert.Equal(t, int64(1), r.Version)
			return err
		}))
	})
}

// seedRecord stores a centre, a person, a registration and its record.
func seedRecord(t *testing.T, s *sqlstore.Store) standards.Record {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	rec := standards.Record{ID: idN("d", 1), RegistrationID: idN("r", 1), CentreID: idN("c", 1), PersonID: idN("p", 1), Year: 2025, CreatedAt: now}
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error {
		return errors.Join(
			tx.CreateCentre(ctx, standards.Centre{ID: rec.CentreID, Number: "12345", Name: "Riverside", CreatedAt: now}),
			tx.CreatePerson(ctx, standards.Person{ID: rec.PersonID, Email: "eo@example.org", Name: "Eve", CreatedAt: now}),
			tx.CreateRegistration(ctx, standards.Registration{ID: rec.RegistrationID, CentreID: rec.CentreID, PersonID: rec.PersonID, Year: 2025,
				Roles: standards.Roles{standards.RoleEO}, Status: standards.StatusApproved, RequestedAt: now}),
			tx.CreateRecord(ctx, rec),
		)
	}))
	return rec
}
