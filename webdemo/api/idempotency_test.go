package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/api"
)

// callKeyed is call with an Idempotency-Key.
func (f *fixture) callKeyed(t *testing.T, path, key, idem string, who person, body any) response {
	t.Helper()
	with := person{api.HeaderIdempotencyKey: idem}
	for k, v := range who {
		with[k] = v
	}
	return f.call(t, http.MethodPost, path, key, with, body)
}

// targetCount is how many targets the exams officer's record has.
func (f *fixture) targetCount(t *testing.T) int {
	t.Helper()
	tr, err := f.svc.Tracker(t.Context(), eo, f.record)
	require.NoError(t, err)
	return len(tr.Targets)
}

// TestARetriedPostActsOnce: the same Idempotency-Key and request answer
// the first answer again, marked replayed, and propose nothing more; the
// same key with another request is 422; another host's same key is its
// own.
func TestARetriedPostActsOnce(t *testing.T) {
	f := newFixture(t)
	targets := "/records/" + f.record + "/targets"
	body := map[string]any{"area": "knowledge", "title": "Learn the JCQ rules on access arrangements"}

	first := f.callKeyed(t, targets, f.riverside, "k-1", byEmail(eo), body)
	require.Equal(t, http.StatusCreated, first.status, "%s", first.body)
	assert.Empty(t, first.header.Get("Idempotent-Replayed"))
	again := f.callKeyed(t, targets, f.riverside, "k-1", byEmail(eo), body)
	assert.Equal(t, http.StatusCreated, again.status)
	assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(first.body), string(again.body), "the first answer, byte for byte")
	assert.Equal(t, 1, f.targetCount(t), "proposed once")

	other := f.callKeyed(t, targets, f.riverside, "k-1", byEmail(eo), map[string]any{"area": "skills", "title": "Something else"})
	assert.Equal(t, http.StatusUnprocessableEntity, other.status)
	fe := other.json(t)["errors"].([]any)[0].(map[string]any)
	assert.Equal(t, api.HeaderIdempotencyKey, fe["field"])
	assert.Equal(t, "duplicate", fe["code"])
	asSomeoneElse := f.callKeyed(t, targets, f.riverside, "k-1", byEmail(sl), body)
	assert.Equal(t, http.StatusUnprocessableEntity, asSomeoneElse.status, "the person named is part of the request")
	assert.Equal(t, 1, f.targetCount(t))

	byAnotherHost := f.callKeyed(t, targets, f.all, "k-1", byEmail(eo), body)
	assert.Equal(t, http.StatusCreated, byAnotherHost.status, "keys are per host key")
	assert.Empty(t, byAnotherHost.header.Get("Idempotent-Replayed"))
	assert.Equal(t, 2, f.targetCount(t))

	// A refusal is kept too: the same retry is refused the same way, and
	// nothing acts.
	id := first.json(t)["target"].(map[string]any)["id"].(string)
	agree := "/records/" + f.record + "/targets/" + id + "/agree"
	refused := f.callKeyed(t, agree, f.riverside, "k-2", byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, refused.status)
	again = f.callKeyed(t, agree, f.riverside, "k-2", byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, again.status)
	assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))

	bad := f.callKeyed(t, targets, f.riverside, "naïve", byEmail(eo), body)
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "a key is printable ASCII")
	long := f.callKeyed(t, targets, f.riverside, strings.Repeat("k", 256), byEmail(eo), body)
	assert.Equal(t, http.StatusUnprocessableEntity, long.status)
	assert.Equal(t, 2, f.targetCount(t))
}

// stillAnswering is a store where every key is being answered.
type stillAnswering struct{ api.IdempotencyStore }

func (stillAnswering) Reserve(_ context.Context, _, _ string, a api.Answer) (api.Answer, bool, error) {
	return api.Answer{Fingerprint: a.Fingerprint, At: a.At}, true, nil
}

func TestAKeyStillBeingAnsweredIs409(t *testing.T) {
	f := newFixture(t)
	f.handler = api.New(f.svc, api.WithBasePath("/api/v1"), api.WithIdempotencyStore(stillAnswering{}))
	res := f.callKeyed(t, "/records/"+f.record+"/targets", f.riverside, "k-1", byEmail(eo),
		map[string]any{"area": "knowledge", "title": "A"})
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Equal(t, "duplicate", res.json(t)["reason"])
	assert.Equal(t, 0, f.targetCount(t))
}

// sqlDatabases opens a fresh database of each kind the SQL store runs on.
var sqlDatabases = map[string]func(tb testing.TB) *bun.DB{
	"sqlite": func(tb testing.TB) *bun.DB {
		s, err := sqlite.Open(filepath.Join(tb.TempDir(), "x.db"))
		require.NoError(tb, err)
		tb.Cleanup(func() { _ = s.Close() })
		return s.DB()
	},
	"postgres": func(tb testing.TB) *bun.DB { return bun.NewDB(dbtest.Postgres(tb), pgdialect.New()) },
	"mysql":    func(tb testing.TB) *bun.DB { return bun.NewDB(dbtest.MySQL(tb), mysqldialect.New()) },
}

// eachSQLDatabase runs test on a fresh database of each kind (PostgreSQL
// and MySQL when their DSN variables are set; CI sets both).
func eachSQLDatabase(t *testing.T, test func(t *testing.T, db *bun.DB)) {
	for name, open := range sqlDatabases {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"postgres": dbtest.PostgresEnv, "mysql": dbtest.MySQLEnv}[name]
			if env != "" && os.Getenv(env) == "" {
				t.Skipf("set %s to run the %s tests", env, name)
			}
			test(t, open(t))
		})
	}
}

// TestIdempotencyStores runs the store contract on every store: memory,
// and the SQL one on SQLite, PostgreSQL and MySQL.
func TestIdempotencyStores(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testIdempotencyStore(t, api.NewMemoryIdempotencyStore()) })
	eachSQLDatabase(t, func(t *testing.T, db *bun.DB) {
		s, err := api.NewSQLIdempotencyStore(t.Context(), db, "eops_")
		require.NoError(t, err)
		_, err = api.NewSQLIdempotencyStore(t.Context(), db, "eops_")
		require.NoError(t, err, "a second start finds the table there")
		testIdempotencyStore(t, s)
	})
}

func testIdempotencyStore(t *testing.T, s api.IdempotencyStore) {
	ctx := t.Context()
	at := time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC)
	first := api.Answer{Fingerprint: strings.Repeat("a", 64), At: at}

	_, found, err := s.Reserve(ctx, "host1", "k", first)
	require.NoError(t, err)
	assert.False(t, found, "a new key")
	kept, found, err := s.Reserve(ctx, "host1", "k", api.Answer{Fingerprint: strings.Repeat("b", 64), At: at.Add(time.Second)})
	require.NoError(t, err)
	assert.True(t, found)
	assert.False(t, kept.Done, "still being answered")
	assert.Equal(t, first.Fingerprint, kept.Fingerprint, "the first request's")

	_, found, err = s.Reserve(ctx, "host2", "k", first)
	require.NoError(t, err)
	assert.False(t, found, "another host key's")

	body := `{"id":"x","title":"é"}`
	require.NoError(t, s.Finish(ctx, "host1", "k", api.Answer{Fingerprint: first.Fingerprint, Status: 201,
		ContentType: "application/json", Body: []byte(body)}))
	require.NoError(t, s.Release(ctx, "host1", "k"), "releasing a done key changes nothing")
	kept, found, err = s.Reserve(ctx, "host1", "k", api.Answer{Fingerprint: first.Fingerprint, At: at.Add(time.Minute)})
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, kept.Done)
	assert.Equal(t, 201, kept.Status)
	assert.Equal(t, "application/json", kept.ContentType)
	assert.Equal(t, body, string(kept.Body))
	assert.True(t, at.Equal(kept.At), "kept from the first request: %v", kept.At)

	require.NoError(t, s.Release(ctx, "host2", "k"))
	_, found, err = s.Reserve(ctx, "host2", "k", first)
	require.NoError(t, err)
	assert.False(t, found, "a released key is new again")

	_, found, err = s.Reserve(ctx, "host1", "k", api.Answer{Fingerprint: first.Fingerprint, At: at.Add(api.IdempotencyWindow)})
	require.NoError(t, err)
	assert.False(t, found, "a key the window has passed is new again")
}

// TestExpiredIdempotencyKeysAreSwept: the SQL store forgets the keys the
// window has passed as it goes, at most api.SweepBatch a request, oldest
// first, and never a key still in the window; a full batch makes the next
// request sweep again, so the sweeps keep up. Two instances on one
// database sweeping at once each delete what the other has not, and fail
// no request.
func TestExpiredIdempotencyKeysAreSwept(t *testing.T) {
	eachSQLDatabase(t, func(t *testing.T, db *bun.DB) {
		ctx := t.Context()
		s, err := api.NewSQLIdempotencyStore(ctx, db, "eops_")
		require.NoError(t, err)
		t0 := time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC)
		reserve := func(s api.IdempotencyStore, key string, at time.Time) bool {
			t.Helper()
			_, found, err := s.Reserve(ctx, "host1", key, api.Answer{Fingerprint: strings.Repeat("a", 64), At: at})
			require.NoError(t, err)
			return found
		}
		rows := func(where string, args ...any) int {
			t.Helper()
			n, err := db.NewSelect().TableExpr("eops_webdemo_api_idempotency").Where(where, args...).Count(ctx)
			require.NoError(t, err)
			return int(n)
		}
		expired := api.SweepBatch + 100
		for i := range expired {
			reserve(s, fmt.Sprintf("old-%d", i), t0)
		}
		for i := range 3 {
			reserve(s, fmt.Sprintf("fresh-%d", i), t0.Add(23*time.Hour))
		}
		require.Equal(t, expired+3, rows("1 = 1"), "nothing is swept inside the window")

		now := t0.Add(api.IdempotencyWindow)
		reserve(s, "now-0", now)
		assert.Equal(t, expired-api.SweepBatch, rows("at <= ?", t0), "one batch, no more, in one request")
		reserve(s, "now-1", now.Add(time.Second))
		assert.Zero(t, rows("at <= ?", t0), "a full batch: the next request sweeps the rest")
		assert.Equal(t, 5, rows("1 = 1"))
		for i := range 3 {
			assert.True(t, reserve(s, fmt.Sprintf("fresh-%d", i), now.Add(2*time.Second)), "a key in the window is kept")
		}

		// Two instances, one database: each sweeps as its requests come.
		for i := range 2 * api.SweepBatch {
			reserve(s, fmt.Sprintf("older-%d", i), now)
		}
		later := now.Add(api.IdempotencyWindow + time.Minute)
		other, err := api.NewSQLIdempotencyStore(ctx, db, "eops_")
		require.NoError(t, err)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for n, inst := range []api.IdempotencyStore{s, other} {
			wg.Go(func() {
				for i := range 4 {
					if _, _, err := inst.Reserve(ctx, "host2", fmt.Sprintf("i%d-%d", n, i), api.Answer{Fingerprint: strings.Repeat("b", 64),
						At: later.Add(time.Duration(i) * time.Second)}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		assert.Zero(t, rows("at <= ?", now), "the two instances swept every expired key between them")
		assert.Equal(t, 8, rows("1 = 1"), "and only those")
	})
}
