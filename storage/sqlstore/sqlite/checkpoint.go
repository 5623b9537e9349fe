package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// On a SQLite file Open opened, the write-ahead log is copied back
// into the database file (a checkpoint) by a goroutine of the store's own,
// on a connection of its own, soon after the store's writes, rather than by
// whichever commit takes the log past 1,000 pages, as SQLite does by
// default. That commit waited for the copy, and other commands behind it:
// on the national dataset, a meeting recorded while the morning's reminders
// ran took a millisecond at the median and 350 ms at worst; with the
// checkpoints here, 12 ms at worst (docs/benchmarks.md). The goroutine's
// checkpoint is PASSIVE: it copies what no reader still needs, beside the
// writer, and waits for nobody. The writer's own checkpoints are off
// (wal_autocheckpoint(0)): left on, even at a size the log never reached,
// the stalls stayed. The goroutine also checkpoints after
// idleCheckpointEvery without a write of the store's, for writes a host
// makes through DB, which do not wake it. A checkpoint that fails is kept
// for Store.CheckpointErr, for a host's health check: a log that is never
// copied back grows without end.

const (
	// checkpointEvery is the least time between two of the goroutine's
	// checkpoints, so that a stream of writes makes five a second, not one
	// a commit: each syncs the file.
	checkpointEvery = 200 * time.Millisecond
	// idleCheckpointEvery is how long the goroutine waits for a write of
	// the store's before it checkpoints anyway.
	idleCheckpointEvery = 10 * time.Second
)

// checkpointer runs the store's checkpoints.
type checkpointer struct {
	db *sql.DB
	// failed holds the error of the last checkpoint while it failed; nil
	// once one succeeds (see Store.CheckpointErr).
	failed  atomic.Pointer[error]
	wake    chan struct{} // a write committed
	stop    chan struct{}
	stopped chan struct{}
	closing sync.Once
}

// startCheckpointer opens a connection to the file at path for
// checkpoints, and starts the goroutine that runs them.
func startCheckpointer(path string) (*checkpointer, error) {
	db, err := openOneConnection(path, useCheckpointer)
	if err != nil {
		return nil, err
	}
	c := &checkpointer{db: db, wake: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c, nil
}

// written says a write committed: a checkpoint is due.
func (c *checkpointer) written() {
	select {
	case c.wake <- struct{}{}:
	default: // one is due already
	}
}

func (c *checkpointer) run() {
	defer close(c.stopped)
	for {
		select {
		case <-c.stop:
			return
		case <-c.wake:
		case <-time.After(idleCheckpointEvery):
		}
		// A checkpoint that fails is kept for CheckpointErr, and tried
		// again after the next write, or the next idle spell.
		if _, _, _, err := c.checkpoint(context.Background()); err != nil {
			c.failed.Store(&err)
		} else {
			c.failed.Store(nil)
		}
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// checkpoint copies what it can of the log into the database file, and
// returns whether a reader or another checkpoint kept it from finishing
// (busy), how many pages the log holds, and how many of them are now in
// the file.
func (c *checkpointer) checkpoint(ctx context.Context) (busy bool, logged, copied int, err error) {
	err = c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied)
	return busy, logged, copied, err
}

// close stops the goroutine, and closes its connection; again, it does
// nothing.
func (c *checkpointer) close() error {
	c.closing.Do(func() { close(c.stop) })
	<-c.stopped
	return c.db.Close()
}

// CheckpointErr is the error of the store's last checkpoint while it
// fails; nil once one succeeds. A host's health check should fail while it
// is not nil: the write-ahead log is not being copied back into the file,
// and grows.
func (s *Store) CheckpointErr() error {
	if err := s.checkpoints.failed.Load(); err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", *err)
	}
	return nil
}

// StopCheckpoints stops the store's own checkpoints, for a host that runs
// them itself (PRAGMA wal_checkpoint on a connection of its own), or a
// benchmark that times writes alone. Until then the write-ahead log grows.
func (s *Store) StopCheckpoints() error { return s.checkpoints.close() }
