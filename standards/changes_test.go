package standards_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// committingStore is a memory store that counts the Updates that commit.
type committingStore struct {
	*memory.Store
	commits atomic.Int64
}

func (s *committingStore) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	err := s.Store.Update(ctx, fn)
	if err == nil {
		s.commits.Add(1)
	}
	return err
}

// TestEveryCommittedCommandIsCounted: Changes moves with every command
// that commits, before the command returns, and with nothing else, so
// that a host keeping a view until Changes moves never shows one a command
// has changed (the web app's pages, docs/architecture.md "Kept pages").
func TestEveryCommittedCommandIsCounted(t *testing.T) {
	ctx := context.Background()
	store := &committingStore{Store: memory.New()}
	clk := &clock{t: septemberDay}
	svc := standards.New(store, standards.WithClock(clk.now))
	counted := func() standards.Changes {
		t.Helper()
		c, ok, err := svc.Changes(ctx)
		require.NoError(t, err)
		require.True(t, ok, "the memory store counts its changes")
		return c
	}
	before := counted()
	assert.Zero(t, before.Count)
	assert.Equal(t, standards.Day(septemberDay), before.Today)

	admin, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	afterRegister := counted()
	assert.Greater(t, afterRegister.Count, before.Count, "registering a centre is counted before it returns")

	eo := join(t, svc, eoActor, "12345", standards.RoleEO)
	_, err = svc.ApproveRegistration(ctx, adminActor, eo.ID)
	require.NoError(t, err)
	_, err = svc.Roster(ctx, adminActor, admin.CentreID, year)
	require.NoError(t, err)
	afterReads := counted()
	assert.Equal(t, store.commits.Load(), afterReads.Count, "every committed Update, and nothing else, is counted")

	// A refused command commits nothing and counts nothing.
	_, err = svc.ApproveRegistration(ctx, eoActor, eo.ID)
	require.Error(t, err)
	assert.Equal(t, afterReads.Count, counted().Count)

	// The day moves the view too.
	clk.t = clk.t.Add(24 * time.Hour)
	assert.Equal(t, standards.Day(clk.t), counted().Today)
}
