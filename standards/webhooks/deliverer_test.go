package webhooks_test

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/webhooks"
	"github.com/eops/eops/storage/memory"
)

// verify checks a webhook as a receiver in any language would, written
// from the specification and not from Sign: the key is the base64 after
// "whsec_"; the signed content is webhook-id, ".", webhook-timestamp, ".",
// and the raw body; webhook-signature lists "v1,<base64>" signatures
// separated by spaces, any one of which may match, compared in constant
// time; and the timestamp is within five minutes of now.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	id, ts := h.Get("webhook-id"), h.Get("webhook-timestamp")
	seconds, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook-timestamp %q: %w", ts, err)
	}
	if d := now.Sub(time.Unix(seconds, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return fmt.Errorf("webhook-timestamp %s is %s from now", ts, d)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := mac.Sum(nil)
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		version, value, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(value)
		if err == nil && subtle.ConstantTimeCompare(got, want) == 1 {
			return nil
		}
	}
	return errors.New("no signature matches")
}

// The specification's libraries' example: secret, id, timestamp, body and
// the signature they agree on.
func TestSignMatchesTheSpecificationsExample(t *testing.T) {
	t.Parallel()
	got, err := webhooks.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	require.NoError(t, err)
	assert.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", got)
	_, err = webhooks.Sign("whsec_!!!", "id", time.Unix(1, 0), nil)
	assert.Error(t, err)
}

func TestScheduleDoublesUpToItsMax(t *testing.T) {
	t.Parallel()
	s := webhooks.DefaultSchedule
	var total time.Duration
	for n := 1; n < s.Attempts; n++ {
		total += s.Delay(n)
	}
	assert.Equal(t, time.Minute, s.Delay(1))
	assert.Equal(t, 2*time.Minute, s.Delay(2))
	assert.Equal(t, 256*time.Minute, s.Delay(9))
	assert.Equal(t, 6*time.Hour, s.Delay(10))
	assert.Equal(t, 6*time.Hour, s.Delay(11))
	assert.Equal(t, 1231*time.Minute, total, "about 21 hours from the first attempt to the last")
}

// clock is a settable clock, safe across goroutines.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var operator = standards.Actor{Email: "ops@naeo.org.uk", Name: "Ops", Operator: true}

// received is one request a receiver took.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a loopback receiver that records every request and answers
// with answer's status (204 if nil).
type receiver struct {
	mu     sync.Mutex
	got    []received
	answer func(n int, w http.ResponseWriter) // n counts requests from 1
	srv    *httptest.Server
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter)) *receiver {
	r := &receiver{answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{header: req.Header.Clone(), body: body})
		n := len(r.got)
		r.mu.Unlock()
		if r.answer != nil {
			r.answer(n, w)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// world is a Service on a memory store with one endpoint, and a deliverer.
type world struct {
	svc    *standards.Service
	store  *memory.Store
	clk    *clock
	hook   standards.WebhookEndpoint
	secret string
	d      *webhooks.Deliverer
	events int
}

func newWorld(t *testing.T, url string) *world {
	clk := &clock{t: time.Date(2025, time.October, 1, 9, 0, 0, 0, time.UTC)}
	store := memory.New()
	w := &world{store: store, clk: clk, svc: standards.New(store, standards.WithClock(clk.now), standards.WithWebhookLoopback())}
	var err error
	w.hook, w.secret, err = w.svc.RegisterWebhookEndpoint(t.Context(), operator, standards.WebhookEndpointSpec{URL: url, Description: "test receiver"})
	require.NoError(t, err)
	w.d = &webhooks.Deliverer{
		Queue: w.svc, Name: "test", Now: clk.now, AllowPrivate: true, Timeout: 5 * time.Second, Jitter: func() float64 { return 0.5 },
		Schedule: webhooks.Schedule{First: time.Minute, Max: 10 * time.Minute, Attempts: 4, MaxAge: 24 * time.Hour},
	}
	return w
}

// appendEvents appends n events to the outbox, as commands would, and
// returns their ids.
func (w *world) appendEvents(t *testing.T, n int) []string {
	var ids []string
	require.NoError(t, w.store.Update(t.Context(), func(tx standards.Tx) error {
		for range n {
			w.events++
			e := standards.Event{
				ID: fmt.Sprintf("ev%04d", w.events), At: w.clk.now(), Kind: standards.EventMeetingRecorded, To: []string{"eo@riverside.sch.uk"},
				CentreID: "c1", Subject: "record/r1", Summary: fmt.Sprintf("Meeting %d was recorded", w.events),
			}
			if _, err := tx.AppendEvent(t.Context(), e); err != nil {
				return err
			}
			ids = append(ids, e.ID)
		}
		return nil
	}))
	return ids
}

func (w *world) deliveries(t *testing.T, state standards.WebhookDeliveryState) []standards.WebhookDelivery {
	ds, err := w.svc.WebhookDeliveries(t.Context(), operator, standards.WebhookDeliveryQuery{State: state})
	require.NoError(t, err)
	return ds
}

func (w *world) once(t *testing.T) int {
	n, err := w.d.Once(t.Context())
	require.NoError(t, err)
	return n
}

func TestSignaturesVerifyAtALoopbackReceiver(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, nil)
	w := newWorld(t, r.srv.URL+"/hooks")
	ids := w.appendEvents(t, 3)
	assert.Equal(t, 3, w.once(t))

	got := r.requests()
	require.Len(t, got, 3)
	for i, req := range got {
		require.NoError(t, verify(w.secret, req.header, req.body, w.clk.now()), "request %d", i)
		assert.Equal(t, ids[i], req.header.Get("webhook-id"), "the event's id")
		assert.Equal(t, strconv.FormatInt(w.clk.now().Unix(), 10), req.header.Get("webhook-timestamp"))
		assert.Equal(t, "application/json", req.header.Get("Content-Type"))
		var p struct {
			Type      string    `json:"type"`
			Timestamp time.Time `json:"timestamp"`
			Data      struct {
				ID, CentreID, Subject, Summary string
				Seq                            int64
				To                             []string
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(req.body, &p))
		assert.Equal(t, "meeting.recorded", p.Type)
		assert.True(t, p.Timestamp.Equal(w.clk.now()))
		assert.Equal(t, ids[i], p.Data.ID)
		assert.Equal(t, []string{"eo@riverside.sch.uk"}, p.Data.To)
		assert.Positive(t, p.Data.Seq)
	}
	// The verifier can fail: a changed body, id or timestamp, another
	// secret, or a stale timestamp.
	req := got[0]
	assert.Error(t, verify(w.secret, req.header, append([]byte(" "), req.body...), w.clk.now()), "a changed body")
	other := req.header.Clone()
	other.Set("webhook-id", ids[1])
	assert.Error(t, verify(w.secret, other, req.body, w.clk.now()), "another id")
	assert.Error(t, verify(standards.NewWebhookSecret(), req.header, req.body, w.clk.now()), "another secret")
	assert.Error(t, verify(w.secret, req.header, req.body, w.clk.now().Add(6*time.Minute)), "an old message")
	assert.Len(t, w.deliveries(t, standards.WebhookDelivered), 3)
	assert.Zero(t, w.once(t), "nothing is sent twice")
}

// TestRetriesBackOffThenDeadLetter: a receiver that always fails gets the
// schedule's attempts, each after a wait that doubles, and the delivery
// then waits in the dead-letter list.
func TestRetriesBackOffThenDeadLetter(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) })
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 1)
	start := w.clk.now()
	var dues []time.Duration
	for attempt := 1; attempt <= 4; attempt++ {
		assert.Zero(t, w.once(t))
		assert.Len(t, r.requests(), attempt)
		if attempt < 4 {
			due := w.deliveries(t, standards.WebhookDue)
			require.Len(t, due, 1)
			assert.Equal(t, attempt, due[0].Attempts)
			assert.Equal(t, 503, due[0].LastStatus)
			assert.Equal(t, "503 Service Unavailable", due[0].LastError)
			dues = append(dues, due[0].DueAt.Sub(w.clk.now()))
			w.clk.add(due[0].DueAt.Sub(w.clk.now()) - time.Second)
			assert.Zero(t, w.once(t))
			assert.Len(t, r.requests(), attempt, "not before it is due")
			w.clk.add(time.Second)
		}
	}
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}, dues, "doubling (jitter at its middle)")
	dead := w.deliveries(t, standards.WebhookDead)
	require.Len(t, dead, 1, "the dead-letter list")
	assert.Equal(t, 4, dead[0].Attempts)
	assert.True(t, dead[0].FinishedAt.Equal(start.Add(7*time.Minute)))
	w.clk.add(time.Hour)
	assert.Zero(t, w.once(t))
	assert.Len(t, r.requests(), 4, "a dead delivery is not tried again")
	for _, req := range r.requests() {
		assert.Equal(t, r.requests()[0].header.Get("webhook-id"), req.header.Get("webhook-id"), "one webhook-id on every attempt")
	}
}

func TestJitterSpreadsTheWaitByAFifth(t *testing.T) {
	t.Parallel()
	for jitter, want := range map[float64]time.Duration{0: 48 * time.Second, 0.5: time.Minute, 0.999: 71976 * time.Millisecond} {
		r := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusInternalServerError) })
		w := newWorld(t, r.srv.URL)
		w.d.Jitter = func() float64 { return jitter }
		w.appendEvents(t, 1)
		w.once(t)
		due := w.deliveries(t, standards.WebhookDue)
		require.Len(t, due, 1)
		assert.Equal(t, want, due[0].DueAt.Sub(w.clk.now()), "jitter %v", jitter)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, func(_ int, w http.ResponseWriter) {
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 1)
	w.once(t)
	due := w.deliveries(t, standards.WebhookDue)
	require.Len(t, due, 1)
	assert.Equal(t, 5*time.Minute, due[0].DueAt.Sub(w.clk.now()))
}

func TestAnEventPastTheMaxAgeIsNotRetried(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) })
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 1)
	w.clk.add(25 * time.Hour) // the endpoint was down, say
	w.once(t)
	assert.Len(t, w.deliveries(t, standards.WebhookDead), 1)
}

func TestGoneDisablesTheEndpoint(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusGone) })
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 2)
	w.once(t)
	assert.Len(t, r.requests(), 1, "the second is not sent once the receiver said it is gone")
	assert.Len(t, w.deliveries(t, standards.WebhookDead), 1)
	due := w.deliveries(t, standards.WebhookDue)
	require.Len(t, due, 1, "the second waits, due, for the endpoint to be enabled")
	assert.Contains(t, due[0].LastError, "not sent")
	hooks, err := w.svc.WebhookEndpoints(t.Context(), operator)
	require.NoError(t, err)
	assert.True(t, hooks[0].Disabled)
	assert.Equal(t, standards.WebhookGoneReason, hooks[0].DisabledReason)
}

func TestARedirectIsAFailureNotFollowed(t *testing.T) {
	t.Parallel()
	target := newReceiver(t, nil)
	r := newReceiver(t, func(_ int, w http.ResponseWriter) {
		w.Header().Set("Location", target.srv.URL)
		w.WriteHeader(http.StatusFound)
	})
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 1)
	w.once(t)
	assert.Empty(t, target.requests())
	due := w.deliveries(t, standards.WebhookDue)
	require.Len(t, due, 1)
	assert.Equal(t, 302, due[0].LastStatus)
}

// TestRedeliveryOnRequest: a dead delivery, redelivered, is sent again
// with its webhook-id, and a delivered one too.
func TestRedeliveryOnRequest(t *testing.T) {
	t.Parallel()
	var fail sync.Mutex
	failing := true
	r := newReceiver(t, func(_ int, w http.ResponseWriter) {
		fail.Lock()
		defer fail.Unlock()
		if failing {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	w := newWorld(t, r.srv.URL)
	w.d.Schedule.Attempts = 1
	ids := w.appendEvents(t, 1)
	w.once(t)
	dead := w.deliveries(t, standards.WebhookDead)
	require.Len(t, dead, 1)
	fail.Lock()
	failing = false
	fail.Unlock()

	_, err := w.svc.RedeliverWebhook(t.Context(), operator, dead[0].ID)
	require.NoError(t, err)
	assert.Equal(t, 1, w.once(t))
	assert.Empty(t, w.deliveries(t, standards.WebhookDead))
	_, err = w.svc.RedeliverWebhook(t.Context(), operator, dead[0].ID)
	require.NoError(t, err)
	assert.Equal(t, 1, w.once(t), "a delivered one may be asked for again")
	got := r.requests()
	require.Len(t, got, 3)
	for _, req := range got {
		assert.Equal(t, ids[0], req.header.Get("webhook-id"))
		assert.NoError(t, verify(w.secret, req.header, req.body, w.clk.now()))
	}
}

// TestPrivateAddressesAreRefusedWhenConnecting: a deliverer that is not
// told to allow private addresses refuses loopback whether the URL names
// the address or a name that resolves to it, and the attempt fails.
func TestPrivateAddressesAreRefusedWhenConnecting(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, nil)
	port := r.srv.URL[strings.LastIndexByte(r.srv.URL, ':')+1:]
	for _, url := range []string{r.srv.URL, "http://localhost:" + port + "/"} {
		w := newWorld(t, url)
		w.d.AllowPrivate = false
		w.appendEvents(t, 1)
		assert.Zero(t, w.once(t))
		due := w.deliveries(t, standards.WebhookDue)
		require.Len(t, due, 1)
		assert.Contains(t, due[0].LastError, "refused to connect to a loopback", url)
	}
	assert.Empty(t, r.requests())
}

// TestReleaseGivesBackWhatAStoppingDelivererHeld: a deliverer stopped
// mid-attempt reports nothing for it; Release gives it and the rest of the
// batch back, and another deliverer sends them at once.
func TestReleaseGivesBackWhatAStoppingDelivererHeld(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	inFlight := make(chan struct{})
	stop := make(chan struct{})
	r := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n == 1 {
			close(inFlight)
			<-stop
		}
		w.WriteHeader(http.StatusOK)
	})
	defer close(stop)
	w := newWorld(t, r.srv.URL)
	w.appendEvents(t, 3)
	done := make(chan error)
	go func() { _, err := w.d.Once(ctx); done <- err }()
	<-inFlight
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	n, err := w.d.Release(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	other := &webhooks.Deliverer{Queue: w.svc, Name: "other", Now: w.clk.now, AllowPrivate: true}
	sent, err := other.Once(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, sent, "released at once, not after the lease")
}

// The kill test's receiver runs in a child process: this test binary run
// with EOPS_WEBHOOK_RECEIVER set.
const receiverEnv = "EOPS_WEBHOOK_RECEIVER"

// TestMain runs the kill test's child receiver when this test binary is
// started as one (EOPS_WEBHOOK_RECEIVER set), and the tests otherwise.
func TestMain(m *testing.M) {
	if addr := os.Getenv(receiverEnv); addr != "" {
		if err := runReceiver(addr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runReceiver is the child: it listens on addr, says where on its first
// line of output, and for each request verifies the signature with
// EOPS_WEBHOOK_SECRET, appends the webhook-id (or "BAD" and the reason) to
// the file EOPS_WEBHOOK_LOG, and answers 204; but the request numbered
// EOPS_WEBHOOK_STALL it records and never answers, so that the parent can
// kill it mid-delivery.
func runReceiver(addr string) error {
	secret, logPath := os.Getenv("EOPS_WEBHOOK_SECRET"), os.Getenv("EOPS_WEBHOOK_LOG")
	stall, _ := strconv.Atoi(os.Getenv("EOPS_WEBHOOK_STALL"))
	logFile, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	n := 0
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		mu.Lock()
		n++
		line := req.Header.Get("webhook-id")
		if err := verify(secret, req.Header, body, time.Now()); err != nil {
			line = "BAD " + line + " " + err.Error()
		}
		_, _ = logFile.WriteString(line + "\n")
		stalled := n == stall
		mu.Unlock()
		if stalled {
			select {} // recorded, never answered: the parent kills us here
		}
		w.WriteHeader(http.StatusNoContent)
	})}
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", addr)
	if err != nil {
		return err
	}
	fmt.Println("listening", ln.Addr().String())
	return srv.Serve(ln)
}

// startReceiver starts the child receiver on addr and returns it and the
// address it listens on.
func startReceiver(t *testing.T, addr, secret, logPath string, stall int) (*exec.Cmd, string) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), receiverEnv+"="+addr, "EOPS_WEBHOOK_SECRET="+secret, "EOPS_WEBHOOK_LOG="+logPath,
		"EOPS_WEBHOOK_STALL="+strconv.Itoa(stall))
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if where, ok := strings.CutPrefix(lines.Text(), "listening "); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd, where
		}
	}
	t.Fatalf("the receiver did not start: %v", lines.Err())
	return nil, ""
}

func readLog(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	return strings.Fields(strings.TrimSpace(strings.ReplaceAll(string(b), "\n", " ")))
}

// TestAReceiverKilledMidDeliveryGetsEveryEventAtLeastOnce: a receiver in a
// process of its own is killed (SIGKILL) while it holds a request it has
// recorded but not answered, then started again on the same address. At
// the end it has had every event, with valid signatures, some more than
// once; dropping the copies by webhook-id leaves each event exactly once.
func TestAReceiverKilledMidDeliveryGetsEveryEventAtLeastOnce(t *testing.T) {
	t.Parallel()
	const events, stallAt = 40, 12
	logPath := t.TempDir() + "/received.log"
	store := memory.New()
	svc := standards.New(store, standards.WithWebhookLoopback())
	ctx := t.Context()
	hook, secret, err := svc.RegisterWebhookEndpoint(ctx, operator, standards.WebhookEndpointSpec{URL: "http://127.0.0.1:9/not-yet"})
	require.NoError(t, err)
	child, addr := startReceiver(t, "127.0.0.1:0", secret, logPath, stallAt)
	_, err = svc.UpdateWebhookEndpoint(ctx, operator, hook.ID, hook.Version, standards.WebhookEndpointSpec{URL: "http://" + addr + "/hooks"})
	require.NoError(t, err)

	w := &world{svc: svc, store: store, clk: &clock{t: time.Now().UTC()}}
	w.clk.t = time.Now().UTC()
	ids := w.appendEvents(t, events)
	d := &webhooks.Deliverer{
		Queue: svc, Name: "killtest", AllowPrivate: true, Timeout: 5 * time.Second, Lease: time.Minute,
		Schedule: webhooks.Schedule{First: 20 * time.Millisecond, Max: 200 * time.Millisecond, Attempts: 1000, MaxAge: time.Hour},
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { defer close(ran); d.Run(runCtx, 10*time.Millisecond) }()
	defer func() { stop(); <-ran }()

	require.Eventually(t, func() bool { return len(readLog(t, logPath)) >= stallAt }, 20*time.Second, 5*time.Millisecond,
		"the receiver got the request it stalls on")
	require.NoError(t, child.Process.Kill()) // mid-delivery: request stallAt recorded, not answered
	_ = child.Wait()
	stalled := readLog(t, logPath)[stallAt-1]
	time.Sleep(300 * time.Millisecond) // the deliverer meets a closed port, and backs off
	restarted, _ := startReceiver(t, addr, secret, logPath, 0)
	defer func() { _ = restarted.Process.Kill(); _ = restarted.Wait() }()

	require.Eventually(t, func() bool {
		seen := map[string]bool{}
		for _, id := range readLog(t, logPath) {
			seen[id] = true
		}
		delivered, err := svc.WebhookDeliveries(ctx, operator, standards.WebhookDeliveryQuery{State: standards.WebhookDelivered})
		return err == nil && len(seen) >= events && len(delivered) == events
	}, 30*time.Second, 10*time.Millisecond, "every event arrives, and the deliverer knows it")
	stop()
	<-ran

	got := readLog(t, logPath)
	byID := map[string]int{}
	for _, line := range got {
		assert.NotContains(t, line, "BAD", "every signature verifies")
		byID[line]++
	}
	assert.Len(t, byID, events, "deduplicated by webhook-id, each event once")
	for _, id := range ids {
		assert.Positive(t, byID[id], "event %s arrived", id)
	}
	assert.GreaterOrEqual(t, byID[stalled], 2, "the request the receiver died holding came again")
	assert.Greater(t, len(got), events, "at least once means some copies")
	t.Logf("%d requests for %d events; %s came %d times", len(got), events, stalled, byID[stalled])
	delivered, err := svc.WebhookDeliveries(ctx, operator, standards.WebhookDeliveryQuery{State: standards.WebhookDelivered})
	require.NoError(t, err)
	assert.Len(t, delivered, events)
}
