package sqlite

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// fileSize is the size of the database file itself, without its log: it
// grows only when a checkpoint copies new pages into it.
func fileSize(t *testing.T, s *Store) int64 {
	t.Helper()
	fi, err := os.Stat(s.path)
	require.NoError(t, err)
	return fi.Size()
}

// TestCommitsDoNotCheckpoint: with the store's goroutine stopped, 8 MiB of
// writes (twice what would make SQLite's default checkpoint run in a
// commit) stay in the log.
func TestCommitsDoNotCheckpoint(t *testing.T) {
	s := openTestSQLite(t)
	require.NoError(t, s.StopCheckpoints())
	ctx := t.Context()
	_, err := s.DB().ExecContext(ctx, "CREATE TABLE filler (b BLOB)")
	require.NoError(t, err)
	before := fileSize(t, s)
	for range 8 {
		_, err := s.DB().ExecContext(ctx, "INSERT INTO filler VALUES (randomblob(1048576))")
		require.NoError(t, err)
	}
	assert.Equal(t, before, fileSize(t, s), "no commit copied the log into the file")
}

// TestTheStoreCheckpointsSoonAfterAWrite: a command's commit wakes the
// store's goroutine, which copies the log into the file without waiting
// for the log to fill.
func TestTheStoreCheckpointsSoonAfterAWrite(t *testing.T) {
	s := openTestSQLite(t)
	ctx := t.Context()
	// What the migrations wrote is copied first.
	require.Eventually(t, func() bool {
		busy, logged, copied, err := s.checkpoints.checkpoint(ctx)
		return err == nil && !busy && logged >= 0 && logged == copied
	}, 5*time.Second, 10*time.Millisecond)
	before := fileSize(t, s)
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error {
		for i := range 200 {
			if err := tx.CreateCentre(ctx, testCentre(i)); err != nil {
				return err
			}
		}
		return nil
	}))
	assert.Eventually(t, func() bool { return fileSize(t, s) > before }, 5*time.Second, 10*time.Millisecond,
		"the centres reach the file without a checkpoint in a commit")
}

// TestCloseStopsTheCheckpoints: Close ends the goroutine.
func TestCloseStopsTheCheckpoints(t *testing.T) {
	s := openTestSQLite(t)
	stopped := s.checkpoints.stopped
	require.NoError(t, s.Close())
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the checkpoint goroutine still runs after Close")
	}
}

// TestAFailingCheckpointIsReported: CheckpointErr is nil while checkpoints
// succeed, and says so once one fails, for a host's health check.
func TestAFailingCheckpointIsReported(t *testing.T) {
	s := openTestSQLite(t)
	ctx := t.Context()
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error { return tx.CreateCentre(ctx, testCentre(1)) }))
	require.Eventually(t, func() bool { return s.CheckpointErr() == nil }, 5*time.Second, 10*time.Millisecond)
	require.NoError(t, s.checkpoints.db.Close()) // as if the file were gone
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error { return tx.CreateCentre(ctx, testCentre(2)) }))
	assert.Eventually(t, func() bool { return s.CheckpointErr() != nil }, 5*time.Second, 10*time.Millisecond)
	assert.ErrorContains(t, s.CheckpointErr(), "checkpoint")
}
