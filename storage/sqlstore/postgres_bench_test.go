package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/postgres"
)

// BenchmarkReadsOnPostgreSQL times each read of BenchmarkGrowth on the small
// dataset loaded into PostgreSQL, alternately with the same read on the
// small SQLite fixture in one loop, and reports pg-x (PostgreSQL ÷ SQLite;
// issue 20's goal is ≤ 2) and the statements each call sends to
// PostgreSQL (queries/op), where each is a round trip. Beside them, untimed
// on either side, it times a SELECT 1 through the store's own pool
// (select1-ns/op) and reports floor-x, that time ÷ the SQLite time: the
// least pg-x a read of one statement could have. It runs when
// STANDARDS_TEST_POSTGRES_DSN is set, on a schema of its own; loading the
// dataset takes a few seconds and is not timed.
//
//	go test ./storage/sqlstore -run '^$' -bench ReadsOnPostgreSQL -benchtime 2s
func BenchmarkReadsOnPostgreSQL(b *testing.B) {
	dbtest.Need(b, dbtest.PostgresEnv, "PostgreSQL")
	ctx := context.Background()
	lite := readFixture(b, dataset.SmallCentres)
	spec := dataset.BenchmarkSpec(dataset.SmallCentres)
	counter := &queryCounter{}
	store, err := postgres.New(dbtest.Postgres(b), sqlstore.WithQueryHook(counter))
	if err != nil {
		b.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := dataset.Load(ctx, store, spec, nil); err != nil {
		b.Fatal(err)
	}
	pg := standards.New(store, standards.WithClock(func() time.Time { return spec.Now }))
	pool := store.ReadDB().DB
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for _, svc := range []*standards.Service{lite.svc, pg} {
				if err := r.call(ctx, svc, spec.Subjects(), spec.Year); err != nil {
					b.Fatal(err)
				}
			}
			before := counter.n.Load()
			var roundTrips time.Duration
			onSQLite, onPostgres, n := alternateThen(b,
				func() error { return r.call(ctx, lite.svc, lite.spec.Subjects(), lite.spec.Year) },
				func() error { return r.call(ctx, pg, spec.Subjects(), spec.Year) },
				func() error {
					// The least any one statement costs: a round trip
					// through the same pool, driver and database/sql.
					var one int
					t0 := time.Now()
					err := pool.QueryRowContext(ctx, "SELECT 1").Scan(&one)
					roundTrips += time.Since(t0)
					return err
				})
			b.ReportMetric(float64(onSQLite.Nanoseconds())/float64(n), "sqlite-ns/op")
			b.ReportMetric(float64(onPostgres.Nanoseconds())/float64(n), "pg-ns/op")
			b.ReportMetric(float64(onPostgres)/float64(onSQLite), "pg-x")
			b.ReportMetric(float64(roundTrips.Nanoseconds())/float64(n), "select1-ns/op")
			b.ReportMetric(float64(roundTrips)/float64(onSQLite), "floor-x")
			b.ReportMetric(float64(counter.n.Load()-before)/float64(n), "queries/op")
		})
	}
}

// BenchmarkPostgreSQLExecModes records a meeting with five target updates
// (as BenchmarkVsRaw does) on the small dataset in PostgreSQL, alternately
// through a pool opened as postgres.Open opens one (pgx's
// default_query_exec_mode=exec) and through one left at pgx's default
// (cache_statement), and reports each side's time and exec-x (exec ÷
// cache_statement). bun writes a statement's values into its text, so a
// command's statements are texts pgx has not seen: in its default mode
// pgx prepares each first, a round trip more.
//
//	go test ./storage/sqlstore -run '^$' -bench PostgreSQLExecModes -benchtime 200x
func BenchmarkPostgreSQLExecModes(b *testing.B) {
	dbtest.Need(b, dbtest.PostgresEnv, "PostgreSQL")
	ctx := context.Background()
	spec := dataset.BenchmarkSpec(dataset.SmallCentres)
	dsn := dbtest.PostgresDSN(b)
	open := func(mode string) (*standards.Service, *sqlstore.Store) {
		db, err := postgres.Open(strings.Replace(dsn, "default_query_exec_mode=exec", "default_query_exec_mode="+mode, 1))
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(4)
		b.Cleanup(func() { _ = db.Close() })
		store, err := postgres.New(db)
		if err != nil {
			b.Fatal(err)
		}
		if err := store.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		return standards.New(store, standards.WithClock(func() time.Time { return spec.Now })), store
	}
	// The two pools reach one schema, loaded once.
	exec, store := open("exec")
	cached, _ := open("cache_statement")
	if err := dataset.Load(ctx, store, spec, nil); err != nil {
		b.Fatal(err)
	}
	subjects := spec.MeetingSubjects()
	i := 0
	meeting := func(svc *standards.Service) func() error {
		return func() error {
			m := subjects[i%len(subjects)]
			i++
			updates := make([]standards.TargetUpdate, 5)
			for j := range updates {
				updates[j] = standards.TargetUpdate{TargetID: m.TargetIDs[j], Rating: standards.RatingAmber, Comment: "steady progress"}
			}
			_, err := svc.RecordMeeting(ctx, m.Overseer, m.RecordID, standards.MeetingInput{
				Kind: standards.MeetingProgressReview, Date: spec.Now, Attendees: []string{m.ExamsOfficerRegistrationID, m.OverseerRegistrationID},
				Notes: "Reviewed the targets.", Updates: updates,
			})
			return err
		}
	}
	onExec, onCache, n := alternate(b, meeting(exec), meeting(cached))
	b.ReportMetric(float64(onExec.Nanoseconds())/float64(n), "exec-ns/op")
	b.ReportMetric(float64(onCache.Nanoseconds())/float64(n), "cache-ns/op")
	b.ReportMetric(float64(onExec)/float64(onCache), "exec-x")
}
