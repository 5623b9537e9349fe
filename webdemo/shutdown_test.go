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
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
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

// TestSIGTERMReleasesTheMailersClaims: an instance whose mailer has
// claimed a batch of events and is sending the first when SIGTERM comes
// finishes that mail and acknowledges it, sends no more, and gives the
// rest of its batch back as it stops; another deliverer claims them at
// once, long before the mailer's lease (a minute) would have ended (issue
// 19, item 4: a rolling restart delays no mail by a lease).
func TestSIGTERMReleasesTheMailersClaims(t *testing.T) {
	const events = 5
	dir := t.TempDir()
	bin := filepath.Join(dir, "webdemo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbFile := filepath.Join(dir, "eops.db")
	store, err := sqlite.Open(dbFile)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(t.Context()))
	require.NoError(t, store.Update(t.Context(), func(tx standards.Tx) error {
		for i := range events {
			if _, err := tx.AppendEvent(t.Context(), standards.Event{
				ID: fmt.Sprintf("ev%024d", i), At: time.Now().UTC(), Kind: standards.EventRegistrationApproved,
				To: []string{fmt.Sprintf("eo%d@school.org.uk", i)}, Subject: fmt.Sprintf("registration/%d", i),
				Summary: "Your registration is approved.",
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, store.Close())

	// The SMTP server holds the first mail until the test lets it go.
	held, letGo := make(chan struct{}), make(chan struct{})
	var once sync.Once
	mail := startFakeSMTP(t, func(string) {
		once.Do(func() { close(held); <-letGo })
	})
	srv := exec.Command(bin, "-db", dbFile, "-addr", freeAddr(t), "-credential-key", filepath.Join(dir, "key"),
		"-smtp", mail.addr, "-smtp-from", "standards@eops.example")
	log := &syncBuffer{}
	srv.Stdout, srv.Stderr = io.Discard, log
	require.NoError(t, srv.Start())
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() { _ = srv.Process.Kill() })
	select {
	case <-held:
	case <-time.After(30 * time.Second):
		t.Fatalf("the mailer sent nothing\n%s", log.String())
	}
	claimed := time.Now() // the mailer's lease ends a minute after about now

	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	time.Sleep(300 * time.Millisecond) // the mailer's context ends while it sends
	close(letGo)
	select {
	case err := <-exited:
		require.NoError(t, err, "a clean exit\n%s", log.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the demo did not exit\n%s", log.String())
	}
	assert.Len(t, mail.all(), 1, "the mail in flight went, and no other")
	assert.Contains(t, log.String(), `msg="shutdown: released the mailer's claims" count=4`)

	store, err = sqlite.Open(dbFile)
	require.NoError(t, err)
	defer store.Close()
	now := time.Now()
	require.Less(t, now.Sub(claimed), 30*time.Second, "the test must claim well before the lease ends to prove anything")
	got, err := store.ClaimEvents(t.Context(), "the next instance", now, now.Add(time.Minute), 10)
	require.NoError(t, err)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []string{
		fmt.Sprintf("ev%024d", 1), fmt.Sprintf("ev%024d", 2), fmt.Sprintf("ev%024d", 3), fmt.Sprintf("ev%024d", 4),
	}, ids, "the next deliverer claims at once what was released; the mail sent was acknowledged")
	assert.False(t, strings.Contains(log.String(), "level=ERROR"), "nothing went wrong:\n%s", log.String())
}
