package accounts_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

// testSessionStore is what every Store must do with sessions: what any
// instance of the app on one database must see alike.
func testSessionStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	withAccounts := func(t *testing.T) accounts.Store {
		s := newStore(t)
		require.NoError(t, s.Create(ctx, account("ada@school.org.uk")))
		b := account("bob@school.org.uk")
		b.ID = "bbbbbbbbbbbbbbbbbbbbbbbbbb"
		require.NoError(t, s.Create(ctx, b))
		return s
	}
	ada, bob := account("").ID, "bbbbbbbbbbbbbbbbbbbbbbbbbb"
	hash := func(c string) string { return strings.Repeat(c, 64) }

	t.Run("OK", func(t *testing.T) {
		s := withAccounts(t)
		want := accounts.StoredSession{Hash: hash("a"), AccountID: ada, Created: at, LastSeen: at, Half: true}
		require.NoError(t, s.AddSession(ctx, want))
		got, err := s.SessionByHash(ctx, want.Hash)
		require.NoError(t, err)
		assert.Equal(t, want, got)

		require.NoError(t, s.TouchSession(ctx, want.Hash, at.Add(time.Minute)))
		got, err = s.SessionByHash(ctx, want.Hash)
		require.NoError(t, err)
		assert.Equal(t, at.Add(time.Minute), got.LastSeen)
		assert.Equal(t, at, got.Created)

		require.NoError(t, s.DeleteSession(ctx, want.Hash))
		_, err = s.SessionByHash(ctx, want.Hash)
		assert.ErrorIs(t, err, standards.ErrNotFound)
		require.NoError(t, s.DeleteSession(ctx, want.Hash), "a second time does nothing")
		require.NoError(t, s.TouchSession(ctx, want.Hash, at), "nor does touching what is not there")
	})

	t.Run("SessionWithAccount", func(t *testing.T) {
		s := withAccounts(t)
		want := accounts.StoredSession{Hash: hash("a"), AccountID: ada, Created: at, LastSeen: at}
		require.NoError(t, s.AddSession(ctx, want))
		got, a, err := s.SessionWithAccount(ctx, want.Hash)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		assert.Equal(t, account("ada@school.org.uk"), a, "the session's account, confirmed, in the same read")

		u := account("cy@school.org.uk")
		u.ID, u.Confirmed = "cccccccccccccccccccccccccc", false
		require.NoError(t, s.Create(ctx, u))
		require.NoError(t, s.AddSession(ctx, accounts.StoredSession{Hash: hash("c"), AccountID: u.ID, Created: at, LastSeen: at, Half: true}))
		got, a, err = s.SessionWithAccount(ctx, hash("c"))
		require.NoError(t, err)
		assert.True(t, got.Half)
		assert.Equal(t, u, a, "an account waiting for confirmation says so")

		_, _, err = s.SessionWithAccount(ctx, hash("b"))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})

	t.Run("ErrConflictHashTaken", func(t *testing.T) {
		s := withAccounts(t)
		ss := accounts.StoredSession{Hash: hash("a"), AccountID: ada, Created: at, LastSeen: at}
		require.NoError(t, s.AddSession(ctx, ss))
		assert.ErrorIs(t, s.AddSession(ctx, ss), standards.ErrConflict)
	})

	t.Run("DeleteSessionsOf", func(t *testing.T) {
		s := withAccounts(t)
		for _, ss := range []accounts.StoredSession{
			{Hash: hash("a"), AccountID: ada, Created: at, LastSeen: at},
			{Hash: hash("b"), AccountID: ada, Created: at, LastSeen: at, Half: true},
			{Hash: hash("c"), AccountID: ada, Created: at, LastSeen: at},
			{Hash: hash("d"), AccountID: bob, Created: at, LastSeen: at},
		} {
			require.NoError(t, s.AddSession(ctx, ss))
		}
		require.NoError(t, s.DeleteSessionsOf(ctx, ada, hash("c")))
		for c, live := range map[string]bool{"a": false, "b": false, "c": true, "d": true} {
			_, err := s.SessionByHash(ctx, hash(c))
			assert.Equal(t, live, err == nil, "session %s", c)
		}
		require.NoError(t, s.DeleteSessionsOf(ctx, ada, ""))
		_, err := s.SessionByHash(ctx, hash("c"))
		assert.ErrorIs(t, err, standards.ErrNotFound, "an empty keep keeps none")
	})

	t.Run("DeleteSessionsBefore", func(t *testing.T) {
		s := withAccounts(t)
		for _, ss := range []accounts.StoredSession{
			{Hash: hash("a"), AccountID: ada, Created: at, LastSeen: at},                                     // idle
			{Hash: hash("b"), AccountID: ada, Created: at.Add(-13 * time.Hour), LastSeen: at.Add(time.Hour)}, // too old
			{Hash: hash("c"), AccountID: ada, Created: at.Add(50 * time.Minute), LastSeen: at.Add(time.Hour), Half: true},
			{Hash: hash("d"), AccountID: bob, Created: at.Add(50 * time.Minute), LastSeen: at.Add(50 * time.Minute)},
			{Hash: hash("e"), AccountID: bob, Created: at.Add(58 * time.Minute), LastSeen: at.Add(58 * time.Minute), Half: true},
		} {
			require.NoError(t, s.AddSession(ctx, ss))
		}
		now := at.Add(time.Hour)
		require.NoError(t, s.DeleteSessionsBefore(ctx, now.Add(-30*time.Minute), now.Add(-12*time.Hour), now.Add(-5*time.Minute)))
		for c, live := range map[string]bool{"a": false, "b": false, "c": false, "d": true, "e": true} {
			_, err := s.SessionByHash(ctx, hash(c))
			assert.Equal(t, live, err == nil, "session %s", c)
		}
	})
}

// testCountStore is what every Store must do with the throttles' counts.
func testCountStore(t *testing.T, newStore func(t *testing.T) accounts.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	key := func(c string) string { return strings.Repeat(c, 64) }

	t.Run("OK", func(t *testing.T) {
		s := newStore(t)
		require.NoError(t, s.AddEvents(ctx, "fail", []string{key("a"), key("b")}, at))
		require.NoError(t, s.AddEvents(ctx, "fail", []string{key("a")}, at.Add(time.Minute)))
		require.NoError(t, s.AddEvents(ctx, "fail", []string{key("a")}, at.Add(time.Minute)), "two at one moment count twice")
		require.NoError(t, s.AddEvents(ctx, "mail", []string{key("a")}, at), "another kind")

		n, err := s.CountSince(ctx, "fail", []string{key("b"), key("a"), key("c")}, at.Add(-time.Second))
		require.NoError(t, err)
		assert.Equal(t, []int{1, 3, 0}, n)
		n, err = s.CountSince(ctx, "fail", []string{key("a"), key("b")}, at)
		require.NoError(t, err)
		assert.Equal(t, []int{2, 0}, n, "since is after, not at")
		n, err = s.CountSince(ctx, "mail", []string{key("a")}, at.Add(-time.Second))
		require.NoError(t, err)
		assert.Equal(t, []int{1}, n)

		require.NoError(t, s.ClearEvents(ctx, "fail", key("a")))
		n, err = s.CountSince(ctx, "fail", []string{key("a"), key("b")}, at.Add(-time.Second))
		require.NoError(t, err)
		assert.Equal(t, []int{0, 1}, n)
		n, err = s.CountSince(ctx, "mail", []string{key("a")}, at.Add(-time.Second))
		require.NoError(t, err)
		assert.Equal(t, []int{1}, n, "a kind's clearing leaves the others")

		require.NoError(t, s.DeleteEventsBefore(ctx, at))
		n, err = s.CountSince(ctx, "fail", []string{key("b")}, at.Add(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, []int{0}, n)
	})

	t.Run("AdmitEvent", func(t *testing.T) {
		s := newStore(t)
		for i := range 3 {
			ok, err := s.AdmitEvent(ctx, "mail", key("a"), at.Add(time.Duration(i)*time.Second), at.Add(-time.Hour), 3)
			require.NoError(t, err)
			require.True(t, ok, "%d of 3", i+1)
		}
		ok, err := s.AdmitEvent(ctx, "mail", key("a"), at.Add(time.Minute), at.Add(-time.Hour), 3)
		require.NoError(t, err)
		assert.False(t, ok, "the fourth")
		n, err := s.CountSince(ctx, "mail", []string{key("a")}, at.Add(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, []int{3}, n, "a refusal is not counted")
		ok, err = s.AdmitEvent(ctx, "mail", key("a"), at.Add(time.Hour+time.Minute), at.Add(time.Minute), 3)
		require.NoError(t, err)
		assert.True(t, ok, "once the window has passed the first ones")
	})

	t.Run("AdmitEventNeverPastMaxUnderConcurrency", func(t *testing.T) {
		s := newStore(t)
		var admitted int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				ok, err := s.AdmitEvent(ctx, "mail", key("a"), at, at.Add(-time.Hour), 5)
				if assert.NoError(t, err) && ok {
					mu.Lock()
					admitted++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		assert.LessOrEqual(t, admitted, 5)
		n, err := s.CountSince(ctx, "mail", []string{key("a")}, at.Add(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, admitted, n[0], "what was admitted is what is counted")
	})
}
