package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/longtest"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// TestBackupRestoreDrill follows the backup and restore drill of
// docs/operations.md step by step: it backs up a live SQLite database while
// two writers keep its one write connection busy (2 seconds of load, 20
// with EOPS_LONG=1), checks the backup, stops the app, restores the backup
// in place of the database, starts the app on it, and finds every command
// committed before the backup began, whole, and no command in part. The
// backup is one point in time: it holds nothing begun after the backup
// ended.
func TestBackupRestoreDrill(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	load := longtest.Pick(2*time.Second, 20*time.Second)
	dir := t.TempDir()
	live := filepath.Join(dir, "eops.db")
	app, err := sqlite.Open(live)
	require.NoError(t, err)
	require.NoError(t, app.Migrate(ctx))

	// The app at work: two writers through the Service, on centres of their
	// own, logging when each command began and when it had committed.
	type logged struct {
		c           committed
		begun, done time.Time
	}
	var mu sync.Mutex
	var log []logged
	writing, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			w := newWorkload(app)
			var begun time.Time
			w.begin = func(string) { begun = time.Now() }
			w.done = func(c committed) {
				mu.Lock()
				defer mu.Unlock()
				log = append(log, logged{c: c, begun: begun, done: time.Now()})
			}
			errs[i] = w.run(writing, 20000+30000*i, 0)
		})
	}

	// Back up while the app writes, and let it write on after, so that the
	// live database holds commands the backup must not. The steps that
	// follow are those of the drill.
	time.Sleep(load / 2)
	backups := filepath.Join(dir, "backups")
	require.NoError(t, os.Mkdir(backups, 0o700))
	backup := filepath.Join(backups, "eops-"+workloadDay.Format("20060102-150405")+".db")
	backupBegun := time.Now()
	require.NoError(t, app.Backup(ctx, backup))
	backupDone := time.Now()
	time.Sleep(load / 2)
	stop()
	wg.Wait()
	require.NoError(t, errors.Join(errs...))

	// Step 1: check the backup, opened read-only so that the check does not
	// change it.
	requireBackupIntact(t, backup)
	taken := fileHash(t, backup)

	// Step 2: stop the app.
	require.NoError(t, app.Close())

	// Step 3: move the database aside, with its -wal and -shm files if it
	// has them: a -wal left beside the restored file would be played into
	// it (TestRestoreWithStaleWAL).
	aside := filepath.Join(dir, "replaced")
	require.NoError(t, os.Mkdir(aside, 0o700))
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(live+suffix, filepath.Join(aside, "eops.db"+suffix))
		if !errors.Is(err, fs.ErrNotExist) {
			require.NoError(t, err)
		}
	}

	// Step 4: copy the backup into place, keeping the backup as it was, and
	// check it there.
	copyFile(t, backup, live)
	requireBackupIntact(t, live)

	// Step 5: start the app, which opens and migrates the file as at every
	// start.
	restored, err := sqlite.Open(live)
	require.NoError(t, err)
	t.Cleanup(func() { _ = restored.Close() })
	require.NoError(t, restored.Migrate(ctx))

	// Step 6: check what the app now holds: every command committed before
	// the backup began, and nothing begun after it ended.
	requireIntact(t, restored.Store)
	st := readState(t, restored.Store)
	require.Empty(t, st.halfWritten())
	before, during := 0, 0
	for _, e := range log {
		switch {
		case e.done.Before(backupBegun):
			before++
			require.Empty(t, st.missing(e.c), "%+v committed before the backup began", e.c)
		case e.begun.Before(backupDone):
			during++
		}
	}
	present := st.commands()
	assert.GreaterOrEqual(t, present, before, "every command committed before the backup is in it")
	assert.LessOrEqual(t, present, before+during, "nothing begun after the backup is in it")
	assert.Positive(t, before, "the backup came after some commands")
	assert.Greater(t, len(log), before+during, "commands came after the backup too")
	assert.Equal(t, taken, fileHash(t, backup), "the backup is as it was taken")
	t.Logf("%d commands in %v of load; the backup took %v and holds %d: the %d committed before it began and %d of the %d under way while it ran; %d came after",
		len(log), load, backupDone.Sub(backupBegun).Round(time.Millisecond), present, before, present-before, during, len(log)-before-during)
}

// requireBackupIntact checks a backup with PRAGMA integrity_check, opened
// read-only, as `sqlite3 -readonly FILE "PRAGMA integrity_check"` does.
func requireBackupIntact(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var result string
	require.NoError(t, db.QueryRow("PRAGMA integrity_check").Scan(&result))
	require.Equal(t, "ok", result)
}

func fileHash(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	require.NoError(t, err)
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(t, err)
	_, err = io.Copy(dst, src)
	require.NoError(t, err)
	require.NoError(t, dst.Sync())
	require.NoError(t, dst.Close())
}

// TestRestoreWithStaleWAL shows why step 4 of the drill moves the -wal file
// aside with the database: a writer killed mid-work leaves committed pages
// in eops.db-wal, and a backup copied in beside that file is not what
// opens, because SQLite plays the old log into it.
func TestRestoreWithStaleWAL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "eops.db")
	app, err := sqlite.Open(live)
	require.NoError(t, err)
	require.NoError(t, app.Migrate(ctx))
	require.NoError(t, newWorkload(app).run(ctx, 10000, 1))
	backup := filepath.Join(dir, "backup.db")
	require.NoError(t, app.Backup(ctx, backup))
	require.NoError(t, app.Close())

	// The app goes on writing in a process of its own, and is killed once
	// it has committed something (on a busy machine the kill can come
	// before its first commit, which leaves nothing to play back).
	committedAfterBackup := false
	for try := 0; try < 20 && !committedAfterBackup; try++ {
		got, _ := runAndKill(t, live, 20000, maxWriting)
		committedAfterBackup = len(got) > 0
	}
	require.True(t, committedAfterBackup, "the writer committed nothing before its kill in 20 tries")
	require.FileExists(t, live+"-wal")

	// The restore forgets the -wal.
	require.NoError(t, os.Remove(live))
	copyFile(t, backup, live)
	restored, err := sqlite.Open(live)
	if err != nil {
		t.Logf("as expected, the restored file does not open: %v", err)
		return
	}
	defer restored.Close()
	var result string
	if err := restored.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Logf("as expected, the restored file is damaged: %v %s", err, result)
		return
	}
	assert.NotEqual(t, commandsPerYear, readState(t, restored.Store).commands(), "the restored file is not the backup")
}
