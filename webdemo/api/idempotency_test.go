package api_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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

// TestIdempotencyStores runs the store contract on every store: memory,
// and the SQL one on SQLite, PostgreSQL and MySQL (when their DSN
// variables are set; CI sets both).
func TestIdempotencyStores(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testIdempotencyStore(t, api.NewMemoryIdempotencyStore()) })
	for name, open := range map[string]func(tb testing.TB) *bun.DB{
		"sqlite": func(tb testing.TB) *bun.DB {
			s, err := sqlite.Open(filepath.Join(tb.TempDir(), "x.db"))
			require.NoError(tb, err)
			tb.Cleanup(func() { _ = s.Close() })
			return s.DB()
		},
		"postgres": func(tb testing.TB) *bun.DB { return bun.NewDB(dbtest.Postgres(tb), pgdialect.New()) },
		"mysql":    func(tb testing.TB) *bun.DB { return bun.NewDB(dbtest.MySQL(tb), mysqldialect.New()) },
	} {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"postgres": dbtest.PostgresEnv, "mysql": dbtest.MySQLEnv}[name]
			if env != "" && os.Getenv(env) == "" {
				t.Skipf("set %s to run the %s tests", env, name)
			}
			db := open(t)
			s, err := api.NewSQLIdempotencyStore(t.Context(), db, "eops_")
			require.NoError(t, err)
			_, err = api.NewSQLIdempotencyStore(t.Context(), db, "eops_")
			require.NoError(t, err, "a second start finds the table there")
			testIdempotencyStore(t, s)
		})
	}
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
