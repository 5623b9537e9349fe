package webhooks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/eops/eops/standards"
)

// Defaults of a Deliverer.
const (
	// DefaultLease is how long a Deliverer holds what it claims: time to
	// send a batch whose receivers are slow, each within Timeout.
	DefaultLease = 5 * time.Minute
	// DefaultTimeout is how long one attempt may take: the specification
	// recommends 15 to 30 seconds.
	DefaultTimeout = 15 * time.Second
	// batch is how many deliveries a Deliverer claims at a time.
	batch = 10
)

// Schedule is when a failed delivery is tried again, and when it is given
// up: after attempt n fails, the next is due Delay(n) later, give or take
// a fifth at random, unless n is Attempts or the event is older than
// MaxAge; then the delivery is dead.
type Schedule struct {
	// First is the wait after the first failure; each next one doubles,
	// up to Max.
	First, Max time.Duration
	// Attempts is the most attempts a delivery gets.
	Attempts int
	// MaxAge is the age of an event past which a failure is not retried.
	MaxAge time.Duration
}

// DefaultSchedule waits 1, 2, 4 … 256 minutes, then 6 hours twice: twelve
// attempts over about 21 hours, and none for an event older than three
// days.
var DefaultSchedule = Schedule{First: time.Minute, Max: 6 * time.Hour, Attempts: 12, MaxAge: 72 * time.Hour}

// Delay is the wait after attempt n (from 1) fails, before jitter.
func (s Schedule) Delay(n int) time.Duration {
	d := s.First
	for i := 1; i < n && d < s.Max; i++ {
		d *= 2
	}
	return min(d, s.Max)
}

// Queue is the part of the Service a Deliverer claims from and reports to.
type Queue interface {
	ClaimWebhooks(ctx context.Context, deliverer string, lease time.Duration, limit int) ([]standards.WebhookSend, error)
	FinishWebhook(ctx context.Context, deliverer string, a standards.WebhookAttempt) error
	ReleaseWebhooks(ctx context.Context, deliverer string) (int, error)
}

// Deliverer sends due webhook deliveries. Its zero value, given a Queue,
// works with the defaults; set the fields before its first use.
type Deliverer struct {
	Queue Queue
	// Name tells this Deliverer's claims from others'; "" is the host name,
	// the process id and a random suffix, made once.
	Name string
	// Lease is how long it holds a claim (DefaultLease if zero); Timeout
	// how long one attempt may take (DefaultTimeout if zero).
	Lease, Timeout time.Duration
	// Schedule is the retries' (DefaultSchedule if zero).
	Schedule Schedule
	// AllowPrivate lets it connect to loopback and private addresses: for
	// tests, and a host whose receivers are on its own network. Without it
	// a connection to any address PublicAddress refuses fails, whatever
	// name resolved to it (docs/security.md).
	AllowPrivate bool
	// Client sends the requests; nil is a client of its own that refuses
	// private addresses (unless AllowPrivate), follows no redirect and uses
	// no proxy. A Client given replaces all of that: its owner answers for
	// what it connects to.
	Client *http.Client
	// Log reports failed attempts; nil discards.
	Log *slog.Logger
	// Now is the clock of attempts and retries; nil is time.Now.
	Now func() time.Time
	// Jitter draws a number in [0, 1) for the retry's spread; nil is
	// math/rand.
	Jitter func() float64

	once      sync.Once
	deliverer string
	client    *http.Client
}

// setup fills in the defaults, once.
func (d *Deliverer) setup() {
	d.once.Do(func() {
		d.deliverer = d.Name
		if d.deliverer == "" {
			host, _ := os.Hostname()
			d.deliverer = fmt.Sprintf("webhooks %s %d %s", host, os.Getpid(), strings.ToLower(rand.Text()[:8]))
		}
		d.deliverer = d.deliverer[:min(len(d.deliverer), standards.MaxDeliverer)]
		if d.Lease <= 0 {
			d.Lease = DefaultLease
		}
		if d.Timeout <= 0 {
			d.Timeout = DefaultTimeout
		}
		if d.Schedule == (Schedule{}) {
			d.Schedule = DefaultSchedule
		}
		if d.Now == nil {
			d.Now = time.Now
		}
		if d.Jitter == nil {
			d.Jitter = mrand.Float64
		}
		d.client = d.Client
		if d.client == nil {
			d.client = newClient(d.AllowPrivate)
		}
	})
}

// errPrivate is a connection refused because of where it would go.
var errPrivate = errors.New("webhooks: refused to connect to a loopback, private or special-purpose address")

// newClient is a client that checks every address it connects to (after
// DNS, so a name that resolves to a private address is refused too),
// follows no redirect (the specification counts a 3xx as a failure) and
// ignores proxy settings, which would hide the address from the check.
func newClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			addr, err := netip.ParseAddr(host)
			if err != nil || !standards.PublicAddress(addr) {
				return fmt.Errorf("%w: %s", errPrivate, host)
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy: nil, DialContext: dialer.DialContext, ForceAttemptHTTP2: true,
		MaxIdleConns: 20, IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second,
	}
	return &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Payload is the JSON body of a webhook: the specification's type,
// timestamp (when the event happened) and data.
type Payload struct {
	Type      standards.EventKind `json:"type"`
	Timestamp time.Time           `json:"timestamp"`
	Data      PayloadData         `json:"data"`
}

// PayloadData is an event as a webhook carries it.
type PayloadData struct {
	// ID is the event's ID, which webhook-id carries too.
	ID  string `json:"id"`
	Seq int64  `json:"seq"`
	// CentreID is "" for the platform's own events.
	CentreID string `json:"centre_id"`
	Subject  string `json:"subject"`
	Summary  string `json:"summary"`
	// To are the e-mail addresses of the people the event tells.
	To []string `json:"to"`
}

// Body is the JSON body of event e's webhook.
func Body(e standards.Event) []byte {
	to := e.To
	if to == nil {
		to = []string{}
	}
	b, _ := json.Marshal(Payload{Type: e.Kind, Timestamp: e.At.UTC(), Data: PayloadData{
		ID: e.ID, Seq: e.Seq, CentreID: e.CentreID, Subject: e.Subject, Summary: e.Summary, To: to,
	}}) // plain strings and a time: never fails
	return b
}

// Once claims and sends due deliveries until a claim finds none, reporting
// each attempt as it ends, and returns how many were delivered. A claim
// or report that fails ends it with the error; what it claimed and did not
// report is claimed again after the lease.
func (d *Deliverer) Once(ctx context.Context) (int, error) {
	d.setup()
	delivered := 0
	for {
		claimed, err := d.Queue.ClaimWebhooks(ctx, d.deliverer, d.Lease, batch)
		if err != nil || len(claimed) == 0 {
			return delivered, err
		}
		gone := map[string]bool{} // endpoints that answered 410 Gone in this batch
		for _, s := range claimed {
			if err := ctx.Err(); err != nil {
				return delivered, err // the rest is claimed again after the lease
			}
			if gone[s.Endpoint.ID] {
				// Its endpoint is disabled now: give it back, due, to wait
				// until someone enables the endpoint again.
				if err := d.report(ctx, standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: s.Attempt, Outcome: standards.WebhookRetry,
					At: d.Now(), RetryAt: d.Now(), Error: "not sent: the endpoint answered 410 Gone and is disabled"}); err != nil {
					return delivered, err
				}
				continue
			}
			a, ok := d.attempt(ctx, s)
			if !ok {
				return delivered, ctx.Err() // stopped mid-attempt: the lease or Release brings it back
			}
			if a.Outcome == standards.WebhookGone {
				gone[s.Endpoint.ID] = true
			}
			if err := d.report(ctx, a); err != nil {
				return delivered, err
			}
			if a.Outcome == standards.WebhookOK {
				delivered++
			}
		}
	}
}

// attempt sends one delivery and says what became of it; ok is false when
// ctx ended during the attempt, which is then no attempt to report.
func (d *Deliverer) attempt(ctx context.Context, s standards.WebhookSend) (_ standards.WebhookAttempt, ok bool) {
	now := d.Now()
	a := standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: s.Attempt, At: now}
	status, retryAfter, err := d.post(ctx, s, now)
	if err != nil && ctx.Err() != nil {
		return a, false
	}
	a.Status = status
	switch {
	case err == nil && status >= 200 && status < 300:
		a.Outcome = standards.WebhookOK
		return a, true
	case err == nil && status == http.StatusGone:
		a.Outcome, a.Error = standards.WebhookGone, "410 Gone: the receiver wants no more"
	case err != nil:
		a.Error = err.Error()
	default:
		a.Error = fmt.Sprintf("%d %s", status, http.StatusText(status))
	}
	if a.Outcome == "" {
		if s.Attempt >= d.Schedule.Attempts || now.Sub(s.Event.At) > d.Schedule.MaxAge {
			a.Outcome = standards.WebhookGiveUp
		} else {
			a.Outcome, a.RetryAt = standards.WebhookRetry, now.Add(d.wait(s.Attempt, retryAfter))
		}
	}
	d.log().WarnContext(ctx, "webhooks: delivery failed", "delivery", s.DeliveryID, "endpoint", s.Endpoint.ID, "event", s.Event.ID,
		"attempt", s.Attempt, "outcome", string(a.Outcome), "err", a.Error)
	return a, true
}

// wait is the pause before the attempt after attempt n: the schedule's
// delay spread by a fifth either way, or the receiver's Retry-After if
// longer (up to the schedule's Max).
func (d *Deliverer) wait(n int, retryAfter time.Duration) time.Duration {
	base := d.Schedule.Delay(n)
	w := time.Duration(float64(base) * (0.8 + 0.4*d.Jitter()))
	return max(w, min(retryAfter, d.Schedule.Max))
}

// post sends the webhook and returns the response's status and
// Retry-After.
func (d *Deliverer) post(ctx context.Context, s standards.WebhookSend, now time.Time) (int, time.Duration, error) {
	body := Body(s.Event)
	signature, err := Sign(s.Secret, s.Event.ID, now, body)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Endpoint.URL, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "eops-webhooks/1")
	req.Header.Set("webhook-id", s.Event.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", signature)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is kept
	return resp.StatusCode, retryAfter(resp.Header.Get("Retry-After"), now), nil
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// report records an attempt even when ctx has ended meanwhile (the
// process is stopping): left unreported, a delivered webhook would be sent
// again after the lease.
func (d *Deliverer) report(ctx context.Context, a standards.WebhookAttempt) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return d.Queue.FinishWebhook(ctx, d.deliverer, a)
}

// Release gives back every delivery this Deliverer claimed and has not
// reported, so that another claims it at once, and returns how many. Call
// it once Run has returned.
func (d *Deliverer) Release(ctx context.Context) (int, error) {
	d.setup()
	return d.Queue.ReleaseWebhooks(ctx, d.deliverer)
}

// Run delivers due webhooks every interval until ctx ends.
func (d *Deliverer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := d.Once(ctx); err != nil && ctx.Err() == nil {
			d.log().ErrorContext(ctx, "webhooks: reading the delivery queue", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Deliverer) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}
