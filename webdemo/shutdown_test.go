package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSIGTERMFinishesTheRequestInFlight runs the built demo, begins a
// request whose body comes slowly (so that its handler is still reading
// it), and sends SIGTERM: the demo stops taking connections at once, the
// request in flight is answered in full, and then the process exits 0,
// having closed its database (issue 19, item 4: a rolling restart drops no
// request it has begun).
func TestSIGTERMFinishesTheRequestInFlight(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "webdemo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	srv := exec.Command(bin, "-db", filepath.Join(dir, "eops.db"), "-addr", addr, "-credential-key", filepath.Join(dir, "key"))
	stdout, err := srv.StdoutPipe()
	require.NoError(t, err)
	log := &syncBuffer{}
	srv.Stderr = log
	require.NoError(t, srv.Start())
	exited := make(chan error, 1)
	go func() { _, _ = io.Copy(io.Discard, stdout); exited <- srv.Wait() }()
	t.Cleanup(func() { _ = srv.Process.Kill() })
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 30*time.Second, 20*time.Millisecond)

	// A sign-in whose body is half sent: the handler waits for the rest.
	form := url.Values{"email": {"nobody@school.org.uk"}, "password": {"not the password at all"}}.Encode()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /signin HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		addr, len(form), form[:10])
	require.NoError(t, err)
	time.Sleep(300 * time.Millisecond) // the server reads the head and calls the handler

	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	require.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, 5*time.Second, 20*time.Millisecond, "it stops taking connections")
	select {
	case err := <-exited:
		t.Fatalf("the demo exited with a request in flight: %v\n%s", err, log.String())
	default:
	}

	_, err = io.WriteString(conn, form[10:])
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the request in flight is answered")
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err, "in full")
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "a wrong password's answer")
	assert.Contains(t, string(body), "That e-mail address and password do not match an account.", "the sign-in was checked, not cut short")

	select {
	case err := <-exited:
		require.NoError(t, err, "a clean exit\n%s", log.String())
	case <-time.After(15 * time.Second):
		t.Fatal("the demo did not exit after its last request")
	}
	assert.False(t, strings.Contains(log.String(), "level=ERROR"), "nothing went wrong:\n%s", log.String())
}
