package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

// TestTheDemoDeliversWebhooks: the built demo, with -webhooks-private,
// delivers the outbox to an endpoint a system job registered, signed with
// the endpoint's secret, and stops cleanly.
func TestTheDemoDeliversWebhooks(t *testing.T) {
	const events = 3
	dir := t.TempDir()
	bin := filepath.Join(dir, "webdemo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var mu sync.Mutex
	got := map[string]bool{}
	var bad []string
	var secret string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(r.Header.Get("webhook-id") + "." + r.Header.Get("webhook-timestamp") + "." + string(body)))
		if r.Header.Get("webhook-signature") != "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			bad = append(bad, r.Header.Get("webhook-id"))
		}
		got[r.Header.Get("webhook-id")] = true
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	dbFile := filepath.Join(dir, "eops.db")
	store, err := sqlite.Open(dbFile)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(t.Context()))
	svc := standards.New(store, standards.WithWebhookLoopback())
	mu.Lock()
	_, secret, err = svc.RegisterWebhookEndpoint(t.Context(), standards.SystemActor("setup"), standards.WebhookEndpointSpec{URL: receiver.URL + "/hooks"})
	mu.Unlock()
	require.NoError(t, err)
	require.NoError(t, store.Update(t.Context(), func(tx standards.Tx) error {
		for i := range events {
			if _, err := tx.AppendEvent(t.Context(), standards.Event{
				ID: fmt.Sprintf("ev%024d", i), At: time.Now().UTC(), Kind: standards.EventRegistrationApproved,
				To: []string{"eo@school.org.uk"}, Subject: fmt.Sprintf("registration/%d", i), Summary: "Your registration is approved.",
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, store.Close())

	srv := exec.Command(bin, "-db", dbFile, "-addr", freeAddr(t), "-credential-key", filepath.Join(dir, "key"), "-webhooks-private")
	log := &syncBuffer{}
	srv.Stdout, srv.Stderr = io.Discard, log
	require.NoError(t, srv.Start())
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() { _ = srv.Process.Kill() })
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == events }, 30*time.Second, 20*time.Millisecond,
		"the demo delivers every event\n%s", log.String())
	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		require.NoError(t, err, "a clean exit\n%s", log.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the demo did not exit\n%s", log.String())
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, bad, "every signature verifies")
	assert.Contains(t, log.String(), `msg="shutdown: released the webhook deliverer's claims" count=0`)
	assert.NotContains(t, log.String(), "level=ERROR")
}

func TestConfigWebhooksPrivate(t *testing.T) {
	none := func(string) string { return "" }
	got, err := config(nil, none, io.Discard)
	require.NoError(t, err)
	assert.False(t, got.webhooksPrivate, "webhooks go only to public addresses unless the host says so")
	got, err = config([]string{"-webhooks-private"}, none, io.Discard)
	require.NoError(t, err)
	assert.True(t, got.webhooksPrivate)
	got, err = config(nil, func(k string) string { return map[string]string{"EOPS_WEBHOOKS_PRIVATE": "1"}[k] }, io.Discard)
	require.NoError(t, err)
	assert.True(t, got.webhooksPrivate)
}
