package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/eops/eops/internal/benchfixture"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// The benchmarks of issue 8 run on two SQLite files made by storage/dataset:
// the national size (every JCQ centre) and the small size (1% of it). Each
// is made once and kept in a temporary folder, named after the dataset's
// version and the schema's migrations, so a change to either makes a new
// one. docs/benchmarks.md has the figures and the command.
//
//	go test ./storage/sqlstore -run '^$' -bench . -benchtime 2s

// fixturePath returns the cached SQLite file of n centres.
func fixturePath(b *testing.B, n int) string { return benchfixture.Path(b, n) }

// benchStore is a fixture opened for reading, with a statement counter.
type benchStore struct {
	path    string
	spec    dataset.Spec
	store   *sqlite.Store
	svc     *standards.Service
	counter *queryCounter
}

var (
	openedMu sync.Mutex
	opened   = map[int]*benchStore{}
)

// readFixture opens the cached fixture of n centres once per process.
func readFixture(b *testing.B, n int) *benchStore {
	b.Helper()
	openedMu.Lock()
	defer openedMu.Unlock()
	if s, ok := opened[n]; ok {
		return s
	}
	s := openFixture(b, fixturePath(b, n), n)
	opened[n] = s
	return s
}

func openFixture(b *testing.B, path string, n int) *benchStore {
	b.Helper()
	counter := &queryCounter{}
	store, err := sqlite.Open(path, sqlstore.WithQueryHook(counter))
	if err != nil {
		b.Fatal(err)
	}
	spec := dataset.BenchmarkSpec(n)
	return &benchStore{path: path, spec: spec, store: store, counter: counter,
		svc: standards.New(store, standards.WithClock(func() time.Time { return spec.Now }))}
}

// writableFixture copies the fixture of n centres into the benchmark's
// temporary folder and opens the copy, for benchmarks that change data.
func writableFixture(b *testing.B, n int) *benchStore {
	b.Helper()
	s := openFixture(b, benchfixture.Copy(b, n, b.TempDir()), n)
	b.Cleanup(func() { _ = s.store.Close() })
	return s
}

// alternate runs first and second once each per turn of the benchmark's
// loop, so that both meet the same machine, and returns the time each took
// in all and the number of turns.
func alternate(b *testing.B, first, second func() error) (tFirst, tSecond time.Duration, n int) {
	b.Helper()
	return alternateThen(b, first, second, nil)
}

// alternateThen is alternate with after, if not nil, run after each turn
// and timed on neither side.
func alternateThen(b *testing.B, first, second, after func() error) (tFirst, tSecond time.Duration, n int) {
	b.Helper()
	for b.Loop() {
		t0 := time.Now()
		if err := first(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := second(); err != nil {
			b.Fatal(err)
		}
		tFirst += t1.Sub(t0)
		tSecond += time.Since(t1)
		n++
		if after != nil {
			b.StopTimer()
			if err := after(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
	return tFirst, tSecond, n
}

// read is one of the reads whose growth the benchmarks measure.
type read struct {
	name string
	call func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, year standards.AcademicYear) error
}

var reads = []read{
	{"tracker", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, _ standards.AcademicYear) error {
		_, err := svc.Tracker(ctx, sub.Head, sub.RecordID)
		return err
	}},
	{"centre-list", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, y standards.AcademicYear) error {
		_, err := svc.CentreDashboard(ctx, sub.Head, sub.CentreID, y)
		return err
	}},
	{"trust-dashboard", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, y standards.AcademicYear) error {
		_, err := svc.TrustDashboard(ctx, sub.Lead, sub.TrustID, y)
		return err
	}},
	{"history", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, _ standards.AcademicYear) error {
		_, err := svc.CertificationHistory(ctx, sub.Head, sub.PersonID)
		return err
	}},
	{"verify", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, _ standards.AcademicYear) error {
		_, err := svc.Verify(ctx, sub.VerificationCode)
		return err
	}},
	{"national-figures", func(ctx context.Context, svc *standards.Service, sub dataset.Subjects, y standards.AcademicYear) error {
		_, err := svc.NationalFigures(ctx, sub.Operator, y)
		return err
	}},
}

// BenchmarkGrowth times each read at the small and the national size,
// alternately in one loop, and reports growth-x (national ÷ small) and the
// statements each call issues (queries/op, at the national size).
func BenchmarkGrowth(b *testing.B) {
	small := readFixture(b, dataset.SmallCentres)
	national := readFixture(b, dataset.NationalCentres)
	ctx := context.Background()
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			// One call of each first: the first national figures of a year
			// count and keep its tallies, which is not what is measured.
			for _, s := range []*benchStore{small, national} {
				if err := r.call(ctx, s.svc, s.spec.Subjects(), s.spec.Year); err != nil {
					b.Fatal(err)
				}
			}
			before := national.counter.n.Load()
			atSmall, atNational, n := alternate(b,
				func() error { return r.call(ctx, small.svc, small.spec.Subjects(), small.spec.Year) },
				func() error { return r.call(ctx, national.svc, national.spec.Subjects(), national.spec.Year) })
			b.ReportMetric(float64(atSmall.Nanoseconds())/float64(n), "small-ns/op")
			b.ReportMetric(float64(atNational.Nanoseconds())/float64(n), "national-ns/op")
			b.ReportMetric(float64(atNational)/float64(atSmall), "growth-x")
			b.ReportMetric(float64(national.counter.n.Load()-before)/float64(n), "queries/op")
		})
	}
}
