// Package apinode_test runs examples/api-node, a host written in
// TypeScript, against the demo over HTTP: the example's compiled program
// (dist/main.mjs, committed) with node, nothing installed from npm.
package apinode_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheNodeHostRunsAnExamsOfficersYearAndReceivesSignedWebhooks builds
// the demo, issues a host key for centre 12345 with its flags, starts it on
// a loopback port with a fresh database, -demo and -webhooks-private, and
// runs the example with node: the year reaches a claimed certificate, read
// back, and the example's receiver verified every webhook's signature and
// dropped the redelivered copy by its webhook-id.
func TestTheNodeHostRunsAnExamsOfficersYearAndReceivesSignedWebhooks(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not on PATH: examples/api-node is run with Node.js 20 or later, which this test needs (apt-get install nodejs): %v", err)
	}
	version, err := exec.Command(node, "--version").Output()
	require.NoError(t, err)
	major, _ := strconv.Atoi(regexp.MustCompile(`^v(\d+)`).FindStringSubmatch(string(version))[1])
	require.GreaterOrEqual(t, major, 20, "node %s: the example needs Node.js 20 or later", version)
	require.FileExists(t, "dist/main.mjs", "the compiled example is committed: npm ci && npm run build makes it")

	dir := t.TempDir()
	bin := filepath.Join(dir, "webdemo")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/eops/eops/webdemo").CombinedOutput(); err != nil {
		t.Fatalf("go build the demo: %v\n%s", err, out)
	}
	common := []string{"-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-operator", "ops@naeo.example"}
	issued, err := exec.Command(bin, append(common, "-issue-host-key", "Node example", "-host-key-centres", "12345")...).CombinedOutput()
	require.NoError(t, err, "%s", issued)
	secret := regexp.MustCompile(`(?m)^eops_hk_\S+$`).Find(issued)
	require.NotNil(t, secret, "the key's secret is printed once: %s", issued)

	addr := freeAddr(t)
	srv := exec.Command(bin, append(common, "-addr", addr, "-demo", "-webhooks-private")...)
	var log syncBuffer
	srv.Stdout, srv.Stderr = &log, &log
	require.NoError(t, srv.Start())
	t.Cleanup(func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = srv.Process.Kill()
		}
	})
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 60*time.Second, 50*time.Millisecond, "the demo starts: %s", &log)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "dist/main.mjs")
	cmd.Env = append(os.Environ(), "EOPS_API=http://"+addr+"/api/v1", "EOPS_HOST_KEY="+string(secret))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	out := stdout.String()
	t.Logf("the example printed:\n%s", out)
	require.NoError(t, err, "the example failed:\n%s\nstderr:\n%s\nthe demo:\n%s", out, stderr.String(), &log)

	assert.Contains(t, out, "✓ a webhook endpoint registered through the key")
	assert.Contains(t, out, "✓ Liam countersigns it")
	assert.Regexp(t, `(?m)^✓ Liam claims the certificate$`, out, "the year reached a claim")
	assert.Regexp(t, `(?m)^  certificate EOPS-\d{4}-\S+ for Nadia New, issued \d{4}-\d\d-\d\d, verification code \S+$`, out, "the certificate read back")
	m := regexp.MustCompile(`(?m)^webhooks: (\d+) received and verified, (\d+) duplicate\(s\) dropped, (\d+) rejected$`).FindStringSubmatch(out)
	require.NotNil(t, m, "the receiver's summary")
	received, _ := strconv.Atoi(m[1])
	duplicates, _ := strconv.Atoi(m[2])
	assert.GreaterOrEqual(t, received, 2, "signed webhooks were received and verified")
	assert.GreaterOrEqual(t, duplicates, 1, "the redelivered webhook was dropped by its webhook-id")
	assert.Equal(t, "0", m[3], "no webhook failed its signature")
	assert.Regexp(t, `(?m)^  certificate\.issued \S+$`, out, "the certificate's webhook arrived")
	assert.Contains(t, out, "the year is done")
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// syncBuffer is a bytes.Buffer safe to write from the demo's output and
// read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
