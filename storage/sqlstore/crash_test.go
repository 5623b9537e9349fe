package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/longtest"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// The variables of the crash test: the file a writer process writes to and
// the first centre number it uses (set by TestCrashSafety for the process
// it starts), and the seed of the kill points (set by a person replaying a
// run).
const (
	crashWriterEnv = "EOPS_CRASH_WRITER"
	crashFirstEnv  = "EOPS_CRASH_FIRST_CENTRE"
	crashSeedEnv   = "EOPS_CRASH_SEED"
)

// TestMain makes this test binary the writer process of TestCrashSafety when
// EOPS_CRASH_WRITER names a file, running no test at all; otherwise it runs
// the tests.
func TestMain(m *testing.M) {
	if path := os.Getenv(crashWriterEnv); path != "" {
		os.Exit(crashWriter(path))
	}
	os.Exit(m.Run())
}

// crashWriter writes the workload into the SQLite file at path until it is
// killed, saying on stdout "begin CMD" just before each command and "done
// {json}" as soon as the command has committed. os.Stdout is not buffered:
// each line is in the pipe before the writer goes on.
func crashWriter(path string) int {
	first, err := strconv.Atoi(os.Getenv(crashFirstEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "writer: %s: %v\n", crashFirstEnv, err)
		return 2
	}
	store, err := sqlite.Open(path) // TestCrashSafety migrated it
	if err != nil {
		fmt.Fprintf(os.Stderr, "writer: %v\n", err)
		return 1
	}
	w := newWorkload(store)
	w.begin = func(cmd string) { fmt.Printf("begin %s\n", cmd) }
	w.done = func(c committed) {
		b, _ := json.Marshal(c)
		fmt.Printf("done %s\n", b)
	}
	err = w.run(context.Background(), first, 0)
	fmt.Fprintf(os.Stderr, "writer: stopped before it was killed: %v\n", err)
	return 1
}

// maxWriting is the longest a writer writes before its kill: a hundred
// commands or so on a quick machine, fewer on a slow one, whose run takes
// no longer for it.
const maxWriting = 150 * time.Millisecond

// TestCrashSafety kills a writer process with SIGKILL at random moments,
// most of them in the middle of a command, 20 times over one SQLite file
// (200 with EOPS_LONG=1). After each kill the file is reopened, as a
// restarted app would, and must pass PRAGMA integrity_check; every command
// the writers reported committed must be there whole, and no command may be
// there in part, reported or not: the one a writer was in when killed may
// have committed or not, but all of it or none. Every third kill the test
// does not look, so that the next writer itself opens a file its
// predecessor crashed on.
//
// The kill points come from a seed the test logs; EOPS_CRASH_SEED=N runs
// the same kill points again (the same delays after each writer's first
// command; which command a delay lands in still depends on the machine).
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	kills := longtest.Pick(20, 200)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(crashSeedEnv); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, crashSeedEnv)
	}
	t.Logf("seed %d: %s=%d replays these kill points", seed, crashSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	path := filepath.Join(t.TempDir(), "eops.db")
	s, err := sqlite.Open(path)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(context.Background()))
	require.NoError(t, s.Close())

	var (
		reported   []committed // every command a writer reported committed
		unchecked  []committed // those reported since the last look
		unreported int         // commands present that no writer reported: caught by the kill after their commit
		sinceLook  int         // kills since the last look
		midCommand int         // kills that came while a command was under way
		nextCentre = 10000
	)
	start := time.Now()
	for kill := 1; kill <= kills; kill++ {
		// The kill comes at a random moment after the writer began its
		// first command: a command takes a few milliseconds, so most kills
		// land inside one, anywhere from its first read to its commit.
		delay := time.Duration(rng.Int64N(int64(maxWriting)))
		got, mid := runAndKill(t, path, nextCentre, delay)
		t.Logf("kill %d, %v after the first command: %d commands reported, in the middle of one: %v",
			kill, delay.Round(time.Microsecond), len(got), mid)
		reported = append(reported, got...)
		unchecked = append(unchecked, got...)
		for _, c := range got {
			nextCentre = max(nextCentre, c.Number+1)
		}
		if mid {
			midCommand++
		}
		sinceLook++
		if kill%3 == 0 && kill != kills {
			continue
		}

		msg := fmt.Sprintf("after kill %d of seed %d (%v after the first command)", kill, seed, delay)
		st := reopenAndCheck(t, path, unchecked, msg)
		// Each writer killed since the last look may have committed the
		// command it was in without saying so; no more than that.
		n := st.commands() - len(reported)
		require.GreaterOrEqual(t, n, unreported, "%s: committed commands vanished", msg)
		require.LessOrEqual(t, n-unreported, sinceLook, "%s: more commands than the writers began", msg)
		unreported, unchecked, sinceLook = n, nil, 0
	}
	// The commands reported before the first kills are still whole after
	// the last.
	reopenAndCheck(t, path, reported, "at the end")
	require.Positive(t, midCommand, "some kills came in the middle of a command")
	t.Logf("%d kills (%d in the middle of a command) in %v: %d commands reported committed, all whole; "+
		"%d more committed but killed before they were reported, whole too; no command half written",
		kills, midCommand, time.Since(start).Round(time.Millisecond), len(reported), unreported)
}

// runAndKill runs a writer process on path, numbering its centres from
// first, and kills it with SIGKILL (os.Process.Kill) delay after it began
// its first command. It returns the commands the writer reported committed,
// and whether its last word was the start of a command, that is whether the
// kill came in the middle of one.
func runAndKill(t *testing.T, path string, first int, delay time.Duration) (got []committed, mid bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashWriterEnv+"="+path, crashFirstEnv+"="+strconv.Itoa(first))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	var timer <-chan time.Time
	begun, killed := false, false
	for open := true; open; {
		select {
		case line, ok := <-lines:
			if !ok {
				open = false
				break
			}
			switch verb, rest, _ := strings.Cut(line, " "); verb {
			case "begin":
				mid = true
				if !begun {
					begun, timer = true, time.After(delay)
				}
			case "done":
				var c committed
				require.NoError(t, json.Unmarshal([]byte(rest), &c), line)
				got = append(got, c)
				mid = false
			}
		case <-timer:
			require.NoError(t, cmd.Process.Kill())
			killed, timer = true, nil
		}
	}
	// Every line is read before Wait closes the pipe.
	err = cmd.Wait()
	require.True(t, killed, "the writer ended by itself (%v): %s", err, stderr.String())
	require.Equal(t, -1, cmd.ProcessState.ExitCode(), "the writer died of its kill: %v: %s", err, stderr.String())
	return got, mid
}

// reopenAndCheck opens the file at path as an app starting after a crash
// would, checks its integrity, that no command is half written, and that
// every one of commands is whole, and closes it.
func reopenAndCheck(t *testing.T, path string, commands []committed, msg string) *dbState {
	t.Helper()
	s, err := sqlite.Open(path)
	require.NoError(t, err, msg)
	defer func() { require.NoError(t, s.Close(), msg) }()
	requireIntact(t, s.Store, msg)
	st := readState(t, s.Store)
	require.Empty(t, st.halfWritten(), msg)
	for _, c := range commands {
		require.Empty(t, st.missing(c), "%s: %+v", msg, c)
	}
	return st
}
