package accounts_test

import (
	"sync"
	"testing"
	"time"

	"github.com/eops/eops/webdemo/accounts"
)

// clock is a clock a test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustManager is a Manager on a fresh memory store, with a clock the test
// moves.
func MustManager(tb testing.TB, opts ...accounts.Option) (*accounts.Manager, *clock, *accounts.MemoryStore) {
	tb.Helper()
	c := newClock()
	store := accounts.NewMemoryStore()
	return accounts.New(store, append([]accounts.Option{accounts.WithClock(c.Now)}, opts...)...), c, store
}

// account is a confirmed account with a hash no password matches, for
// tests that need one to exist without paying for argon2.
func account(email string) accounts.Account {
	return accounts.Account{
		ID: "0123456789abcdefghjkmnpqrs", Email: email, Name: "Ada Lovelace",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		CreatedAt:    time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Confirmed:    true,
	}
}
