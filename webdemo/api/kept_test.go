package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/observetest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/api"
)

// TestAKeptTrackerIsSentAgainUntilSomethingChanges: the same key asking
// for the same person's tracker again, with nothing committed since, gets
// the kept answer, ETag and all, without the record being read; another
// key, another person, any command or the next day read it afresh. (Every
// GET of a record by the other tests is also compared with the API that
// keeps none: fixture.call.)
func TestAKeptTrackerIsSentAgainUntilSomethingChanges(t *testing.T) {
	f := newFixture(t)
	reads := &observetest.Calls{}
	svc := standards.New(f.store, standards.WithClock(func() time.Time { return *f.clock }), standards.WithObserver(reads))
	h := api.New(svc, api.WithBasePath("/api/v1"))
	get := func(key string, who person) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://eops.example/api/v1/records/"+f.record, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		for k, v := range who {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec
	}
	first := get(f.riverside, byEmail(eo))
	again := get(f.riverside, byEmail(eo))
	assert.Equal(t, 1, reads.Of("Tracker"), "the second answer was the kept one")
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, first.Header().Get("ETag"), again.Header().Get("ETag"))
	assert.Equal(t, "application/json", again.Header().Get("Content-Type"))

	get(f.all, byEmail(eo))
	assert.Equal(t, 2, reads.Of("Tracker"), "another key")
	get(f.riverside, byEmail(sl))
	assert.Equal(t, 3, reads.Of("Tracker"), "another person")

	_, err := svc.LogCPD(t.Context(), eo, f.record, standards.CPDInput{Kind: "webinar", Title: "JCQ update", Date: *f.clock, Hours: 1})
	require.NoError(t, err)
	changed := get(f.riverside, byEmail(eo))
	assert.Equal(t, 4, reads.Of("Tracker"), "afresh after a command")
	assert.Contains(t, changed.Body.String(), "JCQ update")

	*f.clock = f.clock.AddDate(0, 0, 1)
	get(f.riverside, byEmail(eo))
	assert.Equal(t, 5, reads.Of("Tracker"), "afresh the next day")
}

// TestAKeyFoundBeforeIsRefusedOnceRevokedOrExpired: the API finds a key
// once for as long as no command has committed, but a key revoked, or
// past its expiry, since the last request that used it is refused at the
// very next (docs/api.md "Host keys").
func TestAKeyFoundBeforeIsRefusedOnceRevokedOrExpired(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	k, revoking, err := f.svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Revoked soon", AllCentres: true, ExpiresAt: day.Add(time.Hour)})
	require.NoError(t, err)
	_, expiring, err := f.svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Short", AllCentres: true, ExpiresAt: day.Add(time.Minute)})
	require.NoError(t, err)
	for _, key := range []string{revoking, expiring} {
		for range 2 {
			require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/records/"+f.record, key, byEmail(eo), nil).status)
		}
	}
	_, err = f.svc.RevokeHostKey(ctx, operator, k.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/records/"+f.record, revoking, byEmail(eo), nil).status, "revoked")
	require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/records/"+f.record, expiring, byEmail(eo), nil).status)
	*f.clock = day.Add(time.Minute)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/records/"+f.record, expiring, byEmail(eo), nil).status, "expired, with nothing committed since it was last found")
}

// countFails is a memory store whose count of commands fails while fail is
// set: the database gone the instant after a command committed
// (standards.Service.Changes).
type countFails struct {
	*memory.Store
	fail atomic.Bool
}

func (s *countFails) CountChange(ctx context.Context) error {
	if s.fail.Load() {
		return errors.New("database gone")
	}
	return s.Store.CountChange(ctx)
}

// TestARevokedKeyWhoseCountFailedIsRefusedWithinAMinute: a revocation
// that committed but was not counted (the count failed after it) may let
// the key through for a minute at most, as a kept answer may show a change
// late for a minute at most (docs/architecture.md "Kept pages"); never for
// as long as nothing else is committed.
func TestARevokedKeyWhoseCountFailedIsRefusedWithinAMinute(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	store := &countFails{Store: f.store}
	svc := standards.New(store, standards.WithClock(func() time.Time { return *f.clock }))
	h := api.New(svc, api.WithBasePath("/api/v1"))
	k, secret, err := svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Revoked uncounted", AllCentres: true, ExpiresAt: day.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	get := func() int {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "http://eops.example/api/v1/records/"+f.record, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		for k, v := range byEmail(eo) {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	require.Equal(t, http.StatusOK, get())

	store.fail.Store(true)
	_, err = svc.RevokeHostKey(ctx, operator, k.ID)
	require.NoError(t, err, "the revocation committed; only its count failed")
	store.fail.Store(false)

	*f.clock = f.clock.Add(2 * time.Minute)
	assert.Equal(t, http.StatusUnauthorized, get(), "revoked two minutes ago, with nothing committed since")
}

// TestKeepingNothingReadsEverythingAfresh: with no bytes to keep answers
// in, the API does not read the count of commands, and reads the key and
// the tracker for every request, as before anything was kept.
func TestKeepingNothingReadsEverythingAfresh(t *testing.T) {
	f := newFixture(t)
	seen := &observetest.Calls{}
	svc := standards.New(f.store, standards.WithClock(func() time.Time { return *f.clock }), standards.WithObserver(seen))
	h := api.New(svc, api.WithBasePath("/api/v1"), api.WithKeptAnswers(0, time.Minute))
	for range 2 {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://eops.example/api/v1/records/"+f.record, nil)
		req.Header.Set("Authorization", "Bearer "+f.riverside)
		req.Header.Set(api.HeaderPersonEmail, eo.Email)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	}
	assert.Equal(t, map[string]int{"HostKeyFor": 2, "Tracker": 2}, seen.All())
}
