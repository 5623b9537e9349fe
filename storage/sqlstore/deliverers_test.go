package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// deliveries counts how many times each event was delivered, and the errors
// the deliverers met.
type deliveries struct {
	mu     sync.Mutex
	times  map[int64]int
	errors []error
}

func (d *deliveries) deliver(e standards.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.times[e.Seq]++
}

func (d *deliveries) fail(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errors = append(d.errors, err)
}

// duplicates is how many deliveries were of an event delivered before.
func (d *deliveries) duplicates() int {
	n := 0
	for _, times := range d.times {
		n += times - 1
	}
	return n
}

// appendOutbox commits n events to s's outbox.
func appendOutbox(t *testing.T, s standards.Store, n int) {
	t.Helper()
	require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error {
		for i := range n {
			if _, err := tx.AppendEvent(t.Context(), standards.Event{
				ID: fmt.Sprintf("event-%d", i), At: time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC), Kind: standards.EventRegistrationApproved,
				To: []string{"eo@school.example"}, Subject: fmt.Sprintf("registration/%d", i), Summary: "approved",
			}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// deliverClaimed delivers as a host does: claim a batch with a lease, send
// each, acknowledge what was sent, until a claim finds nothing.
func deliverClaimed(ctx context.Context, svc *standards.Service, name string, d *deliveries) {
	for {
		batch, err := svc.ClaimEvents(ctx, name, time.Minute, 20)
		if err != nil {
			d.fail(err)
			return
		}
		if len(batch) == 0 {
			return
		}
		for _, e := range batch {
			d.deliver(e)
			time.Sleep(time.Millisecond) // the SMTP round trip
			if err := svc.AckEvents(ctx, e.Seq); err != nil {
				d.fail(err)
			}
		}
	}
}

// TestTwoDeliverersShareTheOutbox runs two deliverers at once, each with a
// Service and a Store of its own on one database, as two app instances
// are, and counts how many times each event was delivered. Before claims,
// two deliverers reading PendingEvents and acknowledging with AckEvents
// delivered 198 of 200 events twice on SQLite and PostgreSQL and 196 on
// MariaDB, and 158 acknowledgements failed with 40001 on PostgreSQL.
func TestTwoDeliverersShareTheOutbox(t *testing.T) {
	t.Parallel()
	const events = 200
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			first := MustOpen(t, b)
			second, err := sqlstore.New(first.DB())
			require.NoError(t, err)
			appendOutbox(t, first, events)

			d := &deliveries{times: map[int64]int{}}
			var wg sync.WaitGroup
			for i, s := range []standards.Store{first, second} {
				svc := standards.New(s)
				wg.Go(func() { deliverClaimed(t.Context(), svc, fmt.Sprintf("instance %d", i), d) })
			}
			wg.Wait()
			t.Logf("%s: %d events, %d delivered, %d duplicates, %d errors", b.name, events, len(d.times), d.duplicates(), len(d.errors))
			if len(d.errors) > 0 {
				t.Logf("the first error: %v", d.errors[0])
			}
			assert.Len(t, d.times, events, "every event delivered")
			assert.Zero(t, d.duplicates(), "no event delivered twice")
			assert.Empty(t, d.errors, "no deliverer met an error")
		})
	}
}

// TestOutboxClaimsMigration: migration 20261206000006 gives the events a
// database already holds the ID "seq-" and their seq, which claims return;
// it goes down and up again.
func TestOutboxClaimsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	unmigrated := map[string]func(t *testing.T) *sqlstore.Store{
		"sqlite": func(t *testing.T) *sqlstore.Store {
			s, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"))
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			return s.Store
		},
		"postgres": func(t *testing.T) *sqlstore.Store {
			s, err := postgres.New(dbtest.Postgres(t))
			require.NoError(t, err)
			return s
		},
		"mysql": func(t *testing.T) *sqlstore.Store {
			s, err := mysql.New(dbtest.MySQL(t))
			require.NoError(t, err)
			return s
		},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			if b.env != "" {
				dbtest.Need(t, b.env, b.name)
			}
			s := unmigrated[b.name](t)
			require.NoError(t, sqlstore.MigrateTo(ctx, s, "20261206000005_invitations"))
			at := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
			for _, acked := range []any{nil, at} {
				_, err := s.DB().NewRaw("INSERT INTO events (at, kind, recipients, centre_id, subject, summary, acked_at) VALUES (?, 'registration.approved', '[]', '', 'registration/1', 'approved', ?)", at, acked).Exec(ctx)
				require.NoError(t, err)
			}
			require.NoError(t, s.Migrate(ctx))

			pending, err := standards.New(s).PendingEvents(ctx, 0, 0)
			require.NoError(t, err)
			require.Len(t, pending, 1)
			assert.Equal(t, fmt.Sprintf("seq-%d", pending[0].Seq), pending[0].ID)
			claimed, err := s.ClaimEvents(ctx, "a", at, at.Add(time.Minute), 10)
			require.NoError(t, err)
			assert.Equal(t, pending, claimed, "an event from before is claimed like any other")

			require.NoError(t, s.MigrateDown(ctx))
			_, err = s.DB().NewRaw("SELECT id FROM events").Exec(ctx)
			assert.Error(t, err, "down drops the id")
			require.NoError(t, s.Migrate(ctx))
			again, err := s.ClaimEvents(ctx, "b", at.Add(time.Minute), at.Add(2*time.Minute), 10)
			require.NoError(t, err)
			assert.Equal(t, pending, again, "up again: the same id, the lease gone with its columns and past anyway")
		})
	}
}
