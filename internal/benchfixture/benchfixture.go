// Package benchfixture keeps the SQLite files of storage/dataset that the
// benchmarks run on: made once at a size, then kept in a temporary folder
// under a name that holds the dataset's version and the schema's
// migrations, so that a change to either makes a new file.
package benchfixture

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// Path returns the cached SQLite file of n centres (dataset.BenchmarkSpec),
// making it first if it is not there. The national size takes about two
// minutes to make on the project's machine.
func Path(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), "eops-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("dataset-%d-v%d-%s.db", n, dataset.Version, schemaVersion(tb)))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	// Each maker writes a file of its own and renames it into place when it
	// is whole: two benchmarks making one fixture at once (two packages'
	// tests run in parallel) each made it at the same ".making" name before,
	// and the second removed the first's file under it, which went on to
	// rename a broken file into place.
	f, err := os.CreateTemp(dir, filepath.Base(path)+".making-*")
	if err != nil {
		tb.Fatal(err)
	}
	tmp := f.Name()
	_ = f.Close()
	defer func() {
		for _, leftover := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			_ = os.Remove(leftover)
		}
	}()
	store, err := sqlite.Open(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if err := store.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	started := time.Now()
	if err := dataset.Load(ctx, store, dataset.BenchmarkSpec(n), nil); err != nil {
		tb.Fatal(err)
	}
	// Fold the WAL into the file, so that the fixture is one file to copy.
	if _, err := store.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		tb.Fatal(err)
	}
	if err := store.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("made the %d-centre fixture in %s: %s", n, time.Since(started).Round(time.Second), path)
	return path
}

// Copy copies the fixture of n centres into dir and returns the copy's
// path, for a benchmark that changes data.
func Copy(tb testing.TB, n int, dir string) string {
	tb.Helper()
	src, err := os.Open(Path(tb, n))
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	dst := filepath.Join(dir, "eops.db")
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, src); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// schemaVersion names the schema by the migrations SQLite runs, read from
// the module's source.
func schemaVersion(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("benchfixture: no go.mod above the working directory")
		}
		dir = parent
	}
	// SQLite runs the migrations written for every database and its own:
	// a new shared one changes the schema as much as a new SQLite one
	// (20261207000013_change_count was missed when only the latter counted).
	var names []string
	for _, sub := range []string{"shared", "sqlite"} {
		entries, err := os.ReadDir(filepath.Join(dir, "storage", "sqlstore", "migrations", sub))
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			names = append(names, sub+"/"+e.Name())
		}
	}
	sum := sha256.Sum256([]byte(strings.Join(names, "\n")))
	return hex.EncodeToString(sum[:4])
}
