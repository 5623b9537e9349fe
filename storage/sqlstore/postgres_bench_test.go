package sqlstore_test

import (
	"context"
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
// PostgreSQL (queries/op), where each is a round trip. It runs when
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
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for _, svc := range []*standards.Service{lite.svc, pg} {
				if err := r.call(ctx, svc, spec.Subjects(), spec.Year); err != nil {
					b.Fatal(err)
				}
			}
			before := counter.n.Load()
			onSQLite, onPostgres, n := alternate(b,
				func() error { return r.call(ctx, lite.svc, lite.spec.Subjects(), lite.spec.Year) },
				func() error { return r.call(ctx, pg, spec.Subjects(), spec.Year) })
			b.ReportMetric(float64(onSQLite.Nanoseconds())/float64(n), "sqlite-ns/op")
			b.ReportMetric(float64(onPostgres.Nanoseconds())/float64(n), "pg-ns/op")
			b.ReportMetric(float64(onPostgres)/float64(onSQLite), "pg-x")
			b.ReportMetric(float64(counter.n.Load()-before)/float64(n), "queries/op")
		})
	}
}
