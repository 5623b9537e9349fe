package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
)

// contentionCentres is how many centres BenchmarkContention's data has: one
// record of its own for each of the most writers it runs.
const contentionCentres = 64

// joinsPerCentre is how many requests to join the join mode makes of one
// centre at most: the dataset leaves one waiting, and a centre holds
// standards.MaxPendingPerCentreYear.
const joinsPerCentre = 90

// contentionRound is how many CPD entries a round adds to one record at
// most, so that no record reaches MaxCPDPerRecord (the dataset logs ten):
// between rounds, untimed, the benchmark deletes what it logged.
const contentionRound = 128

// BenchmarkContention runs 1, 4, 16 and 64 writers at once through two
// Services (two app instances, each with its own store and pool of up to
// 32 connections) on one database, each writer logging CPD (LogCPD: it
// reads the record, its standing, its CPD log and targets, adds an entry,
// saves the record's version and appends an audit entry).
//
//   - distinct: writer w of W logs on the records of centres w, w+W, w+2W,
//     ... in turn (64 centres), so no two writers touch one record or
//     centre;
//   - onecentre: every writer logs on the one record of centre 0's exams
//     officer, a real clash each time two meet;
//   - join: writer w of W has a new person ask to join centres w, w+W, ...
//     in turn (RequestToJoin: it reads the centre, creates the person and a
//     pending registration, appends an audit entry and an outbox event), so
//     no two writers touch one centre. It runs at most 64×90 calls; the
//     people it made are deleted, untimed, before each run.
//
// It reports ops/s (calls that ended, over the time they took), p99-ms (a
// call's latency, retries included), retries/op (transactions the store
// refused as ErrTransient that the Service ran again), client-conflicts/op
// (calls that returned ErrConflict) and failures/op (anything else, as
// ErrTransient after every try). A writer on a distinct record that sees
// ErrConflict fails the benchmark.
//
// EOPS_CONTENTION_EVIDENCE=1 logs each transient failure's error (with
// PostgreSQL's detail), and the database's own view of each run:
// PostgreSQL's SIRead locks by relation and kind (sampled every 10 ms, the
// most seen at once) and pg_stat_database's xact_rollback and conflicts;
// MariaDB's LATEST DETECTED DEADLOCK. Run it with -v, or the log is cut
// at ten lines.
//
// EOPS_CONTENTION_ISOLATION=read-committed (or repeatable-read) runs the
// commands at that level instead of SERIALIZABLE on PostgreSQL and MySQL,
// to measure what SERIALIZABLE costs; the store's rules are not safe at
// those levels (TestWriteSkew), so it is a measurement only.
//
//	go test ./storage/sqlstore -run '^$' -bench Contention -benchtime 640x -count 3
func BenchmarkContention(b *testing.B) {
	evidence := os.Getenv("EOPS_CONTENTION_EVIDENCE") != ""
	for _, bk := range backends {
		b.Run(bk.name, func(b *testing.B) {
			if bk.env != "" && os.Getenv(bk.env) == "" {
				b.Skipf("set %s to run the %s benchmarks", bk.env, bk.name)
			}
			spec := dataset.Spec{Centres: contentionCentres, Year: 2025, Now: dataset.BenchmarkSpec(1).Now}
			var opts []sqlstore.Option
			switch level := os.Getenv("EOPS_CONTENTION_ISOLATION"); level {
			case "":
			case "read-committed":
				opts = append(opts, sqlstore.WithUpdateIsolation(sql.LevelReadCommitted))
			case "repeatable-read":
				opts = append(opts, sqlstore.WithUpdateIsolation(sql.LevelRepeatableRead))
			default:
				b.Fatalf("EOPS_CONTENTION_ISOLATION=%s: read-committed or repeatable-read", level)
			}
			a, second, dsn := contentionStores(b, bk, opts...)
			require.NoError(b, dataset.Load(b.Context(), a, spec, nil))
			seedPopulation(b, a, spec.Now)
			var retries atomic.Int64
			var log *failureLog
			if evidence {
				log = &failureLog{}
			}
			clock := standards.WithClock(func() time.Time { return spec.Now })
			svcs := [2]*standards.Service{
				standards.New(countingStore{a, &retries, log}, clock),
				standards.New(countingStore{second, &retries, log}, clock),
			}
			var joiners atomic.Int64 // numbers each new person who asks to join
			for _, mode := range []string{"distinct", "onecentre", "join"} {
				for _, writers := range []int{1, 4, 16, 64} {
					b.Run(fmt.Sprintf("%s/writers=%d", mode, writers), func(b *testing.B) {
						records := contentionCentres
						if mode == "onecentre" {
							records = 1
						}
						if mode == "join" && b.N > contentionCentres*joinsPerCentre {
							b.Skipf("join runs at most %d calls (a centre holds %d requests waiting): use -benchtime with x", contentionCentres*joinsPerCentre, standards.MaxPendingPerCentreYear)
						}
						var watch *dbWatch
						if evidence {
							log.reset()
							watch = watchDB(b, bk.name, dsn)
						}
						retries.Store(0)
						var conflicts, failed atomic.Int64
						latencies := make([][]time.Duration, writers)
						var elapsed time.Duration
						b.ResetTimer()
						if mode == "join" {
							clearJoins(b, a)
						}
						for done := 0; done < b.N; {
							round := min(b.N-done, contentionRound*records)
							clearContention(b, a)
							var wg sync.WaitGroup
							start := time.Now()
							for w := range writers {
								n := round / writers
								if w < round%writers {
									n++
								}
								wg.Go(func() {
									for i := range n {
										c := 0
										if mode != "onecentre" {
											c = (w + i*writers) % contentionCentres
										}
										st := spec.Staff(c)
										t0 := time.Now()
										var err error
										if mode == "join" {
											n := joiners.Add(1)
											// Addresses spread over the key space, as
											// people's are: numbered in order, every new
											// one would go on the same leaf page of
											// people_email_key.
											_, err = svcs[w%2].RequestToJoin(b.Context(), standards.Actor{Email: fmt.Sprintf("%08x.%d@join.example.org", uint32(n*2654435761), n)}, standards.JoinRequest{
												Year: spec.Year, CentreNumber: st.CentreNumber, FullName: fmt.Sprintf("Joiner %d", n), Roles: standards.Roles{standards.RoleEO},
											})
										} else {
											_, err = svcs[w%2].LogCPD(b.Context(), st.ExamsOfficer, st.RecordID, standards.CPDInput{
												Kind: standards.CPDWebinar, Title: fmt.Sprintf("Contention %d-%d", w, i),
												Date: spec.Now, Hours: 1,
											})
										}
										latencies[w] = append(latencies[w], time.Since(t0))
										switch {
										case err == nil:
										case errors.Is(err, standards.ErrConflict):
											conflicts.Add(1)
											b.Log(err)
										default:
											failed.Add(1)
										}
									}
								})
							}
							wg.Wait()
							elapsed += time.Since(start)
							done += round
						}
						b.StopTimer()
						all := slices.Concat(latencies...)
						slices.Sort(all)
						b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
						b.ReportMetric(float64(all[(len(all)*99+99)/100-1].Microseconds())/1000, "p99-ms")
						b.ReportMetric(float64(retries.Load())/float64(b.N), "retries/op")
						b.ReportMetric(float64(conflicts.Load())/float64(b.N), "client-conflicts/op")
						b.ReportMetric(float64(failed.Load())/float64(b.N), "failures/op")
						if mode != "onecentre" && conflicts.Load() > 0 {
							b.Errorf("%d client-visible conflicts between writers on distinct records", conflicts.Load())
						}
						if evidence {
							watch.stop(b)
							log.report(b)
						}
					})
				}
			}
		})
	}
}

// contentionPopulation is how many people, beyond the centres' staff, the
// benchmark's database holds: about the platform's (some 7,000 centres,
// two or more people each). PostgreSQL locks what a transaction read by
// index page, so how many pages people's indexes have decides how often two
// people asking to join at once read and write one page; with only the
// 64 centres' few hundred people, every new address and id went on one or
// two pages (docs/benchmarks.md).
const contentionPopulation = 20000

// seedPopulation adds contentionPopulation people, untimed, made over the
// two years before now, with ids as the library makes a person's (128
// random bits) and addresses spread over the key space as the join mode's
// are.
func seedPopulation(b *testing.B, s *sqlstore.Store, now time.Time) {
	b.Helper()
	type personRow struct {
		bun.BaseModel `bun:"table:people"`
		ID            string    `bun:"id"`
		Email         string    `bun:"email"`
		Name          string    `bun:"name"`
		OwnName       bool      `bun:"own_name"`
		CreatedAt     time.Time `bun:"created_at"`
	}
	enc := base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)
	const batch = 1000
	for start := 0; start < contentionPopulation; start += batch {
		rows := make([]personRow, 0, batch)
		for i := start; i < start+batch; i++ {
			made := now.Add(-time.Duration(i) * 2 * 365 * 24 * time.Hour / contentionPopulation)
			var id [16]byte
			_, _ = rand.Read(id[:])
			var local [4]byte
			_, _ = rand.Read(local[:])
			rows = append(rows, personRow{
				ID: enc.EncodeToString(id[:]), Email: fmt.Sprintf("%x.%d@people.example.org", local, i),
				Name: fmt.Sprintf("Person %d", i), OwnName: true, CreatedAt: made.UTC(),
			})
		}
		_, err := s.DB().NewInsert().Model(&rows).Exec(b.Context())
		require.NoError(b, err)
	}
}

// clearContention deletes, untimed, the CPD entries BenchmarkContention
// logged, so that no record reaches MaxCPDPerRecord.
func clearContention(b *testing.B, s *sqlstore.Store) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	_, err := s.DB().NewDelete().TableExpr("cpd_entries").Where("title LIKE 'Contention %'").Exec(context.Background())
	require.NoError(b, err)
}

// clearJoins deletes, untimed, the people the join mode made and their
// requests, so that no centre reaches MaxPendingPerCentreYear however
// often the benchmark runs (-count runs each mode again on one database).
func clearJoins(b *testing.B, s *sqlstore.Store) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	_, err := s.DB().NewDelete().TableExpr("registrations").
		Where("person_id IN (SELECT id FROM people WHERE email LIKE '%@join.example.org')").Exec(ctx)
	require.NoError(b, err)
	_, err = s.DB().NewDelete().TableExpr("people").Where("email LIKE '%@join.example.org'").Exec(ctx)
	require.NoError(b, err)
}

// failureLog keeps the errors of transient failures, counted by their text
// (PostgreSQL's detail included), for EOPS_CONTENTION_EVIDENCE.
type failureLog struct {
	mu    sync.Mutex
	count map[string]int
}

func (l *failureLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count = map[string]int{}
}

func (l *failureLog) add(err error) {
	if l == nil {
		return
	}
	text := err.Error()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		text = fmt.Sprintf("SQLSTATE %s: %s; detail: %s; hint: %s; where: %s", pgErr.Code, pgErr.Message, pgErr.Detail, pgErr.Hint, pgErr.Where)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count[text]++
}

func (l *failureLog) report(b *testing.B) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for text, n := range l.count {
		b.Logf("transient failure x%d: %s", n, text)
	}
}

// dbWatch samples the database's own view of a run, for
// EOPS_CONTENTION_EVIDENCE.
type dbWatch struct {
	backend string
	db      *sql.DB
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	// most is the most SIRead locks seen at once, by relation and kind,
	// and for "shared page" the most transactions seen holding one on one
	// page of the relation.
	most                map[string]int
	rollbacks, conflict int64
}

func watchDB(b *testing.B, backend, dsn string) *dbWatch {
	b.Helper()
	w := &dbWatch{backend: backend, done: make(chan struct{}), most: map[string]int{}}
	switch backend {
	case "postgres":
		db, err := sql.Open("pgx", dsn)
		require.NoError(b, err)
		w.db = db
		require.NoError(b, db.QueryRow(`SELECT xact_rollback, conflicts FROM pg_stat_database WHERE datname = current_database()`).Scan(&w.rollbacks, &w.conflict))
		w.wg.Go(w.sampleSIRead)
	case "mysql":
		db, err := sql.Open("mysql", dsn)
		require.NoError(b, err)
		w.db = db
	}
	return w
}

func (w *dbWatch) sampleSIRead() {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
		}
		w.keepMost(`SELECT locktype || ' ' || coalesce(relation::regclass::text, '-'), count(*)
			FROM pg_locks WHERE mode = 'SIReadLock' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND coalesce(relation::regclass::text, '') NOT LIKE '%.%' GROUP BY 1`)
		// Pages (of a table or an index) on which more than one
		// transaction holds an SIRead lock at once: a write there by one
		// of them is a read/write dependency with the others, whatever
		// record each read.
		w.keepMost(`SELECT 'shared page ' || relation::regclass::text, max(n) FROM (
				SELECT relation, page, count(DISTINCT virtualtransaction) AS n FROM pg_locks
				WHERE mode = 'SIReadLock' AND locktype = 'page' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND relation::regclass::text NOT LIKE '%.%' GROUP BY relation, page) p
			WHERE n > 1 GROUP BY relation`)
	}
}

// keepMost runs query, whose rows are a name and a count, and keeps the
// most each name has counted; a sample that fails is skipped.
func (w *dbWatch) keepMost(query string) {
	rows, err := w.db.Query(query)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if rows.Scan(&k, &n) == nil {
			w.mu.Lock()
			w.most[k] = max(w.most[k], n)
			w.mu.Unlock()
		}
	}
}

func (w *dbWatch) stop(b *testing.B) {
	b.Helper()
	close(w.done)
	w.wg.Wait()
	if w.db == nil {
		return
	}
	defer func() { _ = w.db.Close() }()
	switch w.backend {
	case "postgres":
		// The statistics collector reports a backend's counts when its
		// transaction ends, at most once a second.
		time.Sleep(1100 * time.Millisecond)
		var rollbacks, conflict int64
		_, _ = w.db.Exec(`SELECT pg_stat_clear_snapshot()`)
		require.NoError(b, w.db.QueryRow(`SELECT xact_rollback, conflicts FROM pg_stat_database WHERE datname = current_database()`).Scan(&rollbacks, &conflict))
		b.Logf("pg_stat_database: xact_rollback +%d, conflicts +%d", rollbacks-w.rollbacks, conflict-w.conflict)
		// An UPDATE that is not HOT adds an entry to every index of the
		// table, a write to an index page others may have read.
		var upd, hot int64
		if w.db.QueryRow(`SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relid = 'records'::regclass`).Scan(&upd, &hot) == nil {
			b.Logf("records: %d updates so far, %d of them HOT", upd, hot)
		}
		keys := make([]string, 0, len(w.most))
		for k := range w.most {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b.Logf("SIReadLock most at once: %s %d", k, w.most[k])
		}
	case "mysql":
		var typ, name, status string
		require.NoError(b, w.db.QueryRow(`SHOW ENGINE INNODB STATUS`).Scan(&typ, &name, &status))
		if i := strings.Index(status, "LATEST DETECTED DEADLOCK"); i >= 0 {
			end := strings.Index(status[i:], "------------\nTRANSACTIONS")
			if end < 0 {
				end = len(status) - i
			}
			var schema string
			require.NoError(b, w.db.QueryRow(`SELECT DATABASE()`).Scan(&schema))
			// The server keeps only its latest deadlock, which may be
			// another database's.
			if deadlock := status[i : i+end]; strings.Contains(deadlock, "`"+schema+"`") {
				b.Logf("%s", deadlock)
			} else {
				b.Log("the latest deadlock is another database's")
			}
		} else {
			b.Log("no deadlock detected since the server started")
		}
	}
}
