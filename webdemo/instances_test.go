package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
)

// sharedDatabases are the databases several instances of the demo can
// share: a SQLite file always, PostgreSQL and MySQL when their DSN
// variable is set (CI sets both). Each gives settings naming a new, empty
// database that every instance of the test opens.
var sharedDatabases = []struct {
	name, env string
	settings  func(t *testing.T) settings
}{
	{"sqlite", "", func(t *testing.T) settings { return settings{db: filepath.Join(t.TempDir(), "eops.db")} }},
	{"postgres", dbtest.PostgresEnv, func(t *testing.T) settings { return settings{dsn: dbtest.PostgresDSN(t), maxConns: 4} }},
	{"mysql", dbtest.MySQLEnv, func(t *testing.T) settings { return settings{dsn: dbtest.MySQLDSN(t), maxConns: 4} }},
}

// openShared opens the store cfg names, as an instance of the demo does,
// until the test ends.
func openShared(t *testing.T, cfg settings) *store {
	t.Helper()
	s, err := openStore(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestRemindersOnTwoInstancesAtOnce: every instance of the demo runs the
// daily reminders; two running at once on one database append each
// reminder once (a reminder's key is its record, flag and day), and a
// third run that day appends none (issue 19, item 4).
func TestRemindersOnTwoInstancesAtOnce(t *testing.T) {
	for _, db := range sharedDatabases {
		t.Run(db.name, func(t *testing.T) {
			if db.env != "" {
				dbtest.Need(t, db.env, db.name)
			}
			ctx := context.Background()
			now := time.Date(2025, time.November, 25, 10, 0, 0, 0, time.UTC)
			cfg := db.settings(t)
			one := openShared(t, cfg)
			require.NoError(t, seedGenerated(ctx, one.Store, 16, now, io.Discard))
			two := openShared(t, cfg)
			clock := func() time.Time { return now }
			services := []*standards.Service{
				standards.New(one.Store, standards.WithClock(clock)),
				standards.New(two.Store, standards.WithClock(clock)),
			}

			appended := make([]int, len(services))
			errs := make([]error, len(services))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, svc := range services {
				wg.Go(func() {
					<-start
					appended[i], errs[i] = svc.RemindersDue(ctx, now)
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				require.NoError(t, err, "instance %d", i+1)
			}
			total := appended[0] + appended[1]
			require.Positive(t, total, "the generated centres have reminders due")
			t.Logf("%s: the instances appended %d and %d reminders", db.name, appended[0], appended[1])

			var reminders, events, distinct int
			sqlDB := one.DB()
			require.NoError(t, sqlDB.NewRaw("SELECT COUNT(*) FROM reminders").Scan(ctx, &reminders))
			require.NoError(t, sqlDB.NewRaw("SELECT COUNT(*) FROM events WHERE kind = ?", string(standards.EventReminderDue)).Scan(ctx, &events))
			require.NoError(t, sqlDB.NewRaw("SELECT COUNT(*) FROM (SELECT DISTINCT record_id, code FROM reminders) AS d").Scan(ctx, &distinct))
			assert.Equal(t, total, reminders, "each reminder appended is kept once")
			assert.Equal(t, total, events, "one event to deliver for each")
			assert.Equal(t, total, distinct, "no record's flag reminded twice")

			for i, svc := range services {
				n, err := svc.RemindersDue(ctx, now.Add(time.Hour))
				require.NoError(t, err)
				assert.Zero(t, n, "instance %d again the same day", i+1)
			}
		})
	}
}

// TestStoreReady: the demo's readiness check (/readyz) passes on a
// migrated database, fails while a migration is not applied, and fails
// when the database does not answer; its liveness check (/healthz) asks
// nothing of the database.
func TestStoreReady(t *testing.T) {
	for _, db := range sharedDatabases {
		t.Run(db.name, func(t *testing.T) {
			if db.env != "" {
				dbtest.Need(t, db.env, db.name)
			}
			ctx := context.Background()
			s, err := openStore(ctx, db.settings(t))
			require.NoError(t, err)
			require.NoError(t, s.Ready(ctx), "migrated at open")

			require.NoError(t, s.MigrateDown(ctx))
			err = s.Ready(ctx)
			require.Error(t, err, "a migration not applied")
			assert.Contains(t, err.Error(), "schema is not current")
			require.NoError(t, s.Migrate(ctx))
			require.NoError(t, s.Ready(ctx), "current again")

			require.NoError(t, s.Close())
			assert.Error(t, s.Ready(ctx), "the database does not answer")
			assert.NoError(t, s.Live(ctx), "the process still lives")
		})
	}
}

// TestRunReadyz: the built demo answers /readyz and /healthz.
func TestRunReadyz(t *testing.T) {
	addr, _ := startRun(t, "-db", filepath.Join(t.TempDir(), "eops.db"), "-credential-key", filepath.Join(t.TempDir(), "k"))
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		res, err := http.Get("http://" + addr + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Equal(t, want, string(body), path)
	}
}

// TestInstancesStartTogether: instances started at the same moment on a
// new database all start; one migrates while the others wait for bun's
// migration lock, instead of failing on it (the soak found an instance
// that exited with "migrations table is already locked").
func TestInstancesStartTogether(t *testing.T) {
	for _, db := range sharedDatabases {
		if db.env == "" {
			continue // one SQLite file is one process's
		}
		t.Run(db.name, func(t *testing.T) {
			dbtest.Need(t, db.env, db.name)
			cfg := db.settings(t)
			errs := make([]error, 3)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range errs {
				wg.Go(func() {
					<-start
					s, err := openStore(context.Background(), cfg)
					if err == nil {
						err = s.Ready(context.Background())
						_ = s.Close()
					}
					errs[i] = err
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				assert.NoError(t, err, "instance %d", i+1)
			}
		})
	}
}
