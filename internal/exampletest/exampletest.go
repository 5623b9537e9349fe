// Package exampletest builds and runs the programs under examples/ in their
// own tests, as a reader of the example would run them, so that an example
// that no longer builds, or no longer does what it says, fails the suite.
package exampletest

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Build compiles the example in the test's working directory (the
// example's own folder) and returns the path of the program.
func Build(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "example")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Run builds the example and runs it to the end with args and environment
// env (added to the test's own), failing the test if it fails; it returns
// what the example printed on standard output.
func Run(t testing.TB, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, Build(t), args...)
	cmd.Env = append(cmd.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the example failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Start builds the example and starts it with args, for an example that
// serves until stopped; it returns the first line the example prints
// (typically where it listens) and stops the example when the test ends.
func Start(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(Build(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		first <- line
		_, _ = io.Copy(io.Discard, stdout) // keep the example from blocking on a full pipe
	}()
	select {
	case line := <-first:
		if line == "" {
			t.Fatalf("the example printed nothing before it stopped; stderr:\n%s", stderr.String())
		}
		return strings.TrimSpace(line)
	case <-time.After(2 * time.Minute):
		t.Fatalf("the example printed nothing within 2 minutes; stderr:\n%s", stderr.String())
		return ""
	}
}
