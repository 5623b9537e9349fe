package accounts

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// The sign-in throttle counts failed sign-ins and failed codes, and only
// failures: an attempt in flight, or one that succeeded, counts for
// nothing. Each kind of key has its own limit within failureWindow:
//
//   - an account (the e-mail address typed, or the account's second
//     factor): accountFailures. At the limit the account is refused, even
//     the right password, until its oldest failure is older than the window.
//   - a remote address (for IPv6 its /64): addressFailures, much higher,
//     since a school's staff share one address behind its NAT. At the limit
//     the address is not refused outright: a wrong password, or a right one
//     for an account without a second factor, is refused (ErrThrottled); a
//     right password for an account with two-factor sign-in on goes on to
//     the code, and the session starts only if the code is right too.
const (
	accountFailures = 5
	addressFailures = 50
	failureWindow   = 15 * time.Minute
	// maxThrottleKeys bounds the memory the throttle holds. When it is full,
	// expired counts go first, then the counts whose latest failure is
	// oldest, but never a second factor's (see evict).
	maxThrottleKeys = 10000
)

// limitOf is the number of failures within the window at which key is
// throttled.
func limitOf(key string) int {
	if strings.HasPrefix(key, addressKeyPrefix) {
		return addressFailures
	}
	return accountFailures
}

// throttle counts recent failures per key. Safe for concurrent use.
type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time // each key's failures, oldest first, at most limitOf(key)
	// inFlight counts each key's attempts under way. They are not failures,
	// but an attempt waits while the key's failures and the attempts under
	// way together reach its limit, so that attempts run side by side
	// cannot check more guesses than the limit allows.
	inFlight map[string]int
	// ended is closed, and replaced, whenever an attempt ends, to wake the
	// attempts waiting.
	ended chan struct{}
}

func newThrottle() *throttle {
	return &throttle{fails: map[string][]time.Time{}, inFlight: map[string]int{}, ended: make(chan struct{})}
}

// begin starts an attempt at now for every key. It waits while a key's
// recent failures and the attempts under way together reach its limit
// (until ctx ends); once every key is either below that or throttled
// already, it counts the attempt as under way and reports, for each key in
// order, whether it is throttled. Every begin that returns no error must be
// followed by one end with the same now and keys.
func (t *throttle) begin(ctx context.Context, now time.Time, keys ...string) ([]bool, error) {
	over := make([]bool, len(keys))
	for {
		t.mu.Lock()
		wait := false
		for i, k := range keys {
			n := len(t.recent(k, now))
			over[i] = n >= limitOf(k)
			if !over[i] && n+t.inFlight[k] >= limitOf(k) {
				wait = true
			}
		}
		if !wait {
			for _, k := range keys {
				t.inFlight[k]++
			}
			t.mu.Unlock()
			return over, nil
		}
		ended := t.ended
		t.mu.Unlock()
		select {
		case <-ended:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// end ends an attempt begun at now: if it failed, it counts a failure at
// now against every key.
func (t *throttle) end(now time.Time, failed bool, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if t.inFlight[k]--; t.inFlight[k] <= 0 {
			delete(t.inFlight, k)
		}
		if !failed {
			continue
		}
		if _, ok := t.fails[k]; !ok && len(t.fails) >= maxThrottleKeys {
			t.evict(now)
		}
		f := append(t.recent(k, now), now)
		if extra := len(f) - limitOf(k); extra > 0 {
			f = f[extra:] // more than the limit tells nothing more
		}
		t.fails[k] = f
	}
	close(t.ended)
	t.ended = make(chan struct{})
}

// clear forgets key's failures, as when its account signs in.
func (t *throttle) clear(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// recent is k's failures within the window before now, dropping older ones.
func (t *throttle) recent(k string, now time.Time) []time.Time {
	f := t.fails[k]
	cut := now.Add(-failureWindow)
	i := 0
	for i < len(f) && !f[i].After(cut) {
		i++
	}
	if i == len(f) {
		delete(t.fails, k)
		return nil
	}
	f = f[i:]
	t.fails[k] = f
	return f
}

// evict makes room for new keys. It forgets expired counts; then, while
// the throttle is still full, the counts whose latest failure is oldest,
// down to nine tenths of the bound, so that a flood of new keys does not
// scan every count at every attempt. A second factor's count (codeKey) is
// never forgotten inside its window: only someone with the account's
// password makes one, and a flood of made-up addresses must not wipe it to
// buy more guesses at the code.
func (t *throttle) evict(now time.Time) {
	for k := range t.fails {
		t.recent(k, now)
	}
	if len(t.fails) < maxThrottleKeys {
		return
	}
	type count struct {
		key  string
		last time.Time
	}
	var evictable []count
	for k, f := range t.fails {
		if !strings.HasPrefix(k, codeKeyPrefix) {
			evictable = append(evictable, count{k, f[len(f)-1]})
		}
	}
	slices.SortFunc(evictable, func(a, b count) int { return a.last.Compare(b.last) })
	for _, c := range evictable {
		if len(t.fails) < maxThrottleKeys*9/10 {
			break
		}
		delete(t.fails, c.key)
	}
}

// addressKey is the throttle's key for a remote address: the IP without
// the port, and for IPv6 its /64, which one household or school usually
// holds whole. An address that does not parse is used as it is.
func addressKey(remoteAddr string) string {
	host := remoteAddr
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return addressKeyPrefix + remoteAddr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return addressKeyPrefix + p.String()
	}
	return addressKeyPrefix + ip.String()
}

// emailKey is the throttle's key for the e-mail address a person typed.
func emailKey(email string) string { return "email:" + email }

// addressKeyPrefix starts the throttle's keys for remote addresses.
const addressKeyPrefix = "addr:"

// sendLimit counts things done per key within a window, such as the
// confirmation mails sent to one address, and refuses past a limit. Unlike
// the sign-in throttle it counts every attempt, not failures. Safe for
// concurrent use.
type sendLimit struct {
	window time.Duration
	mu     sync.Mutex
	sent   map[string][]time.Time // each key's sends within the window, oldest first
}

func newSendLimit(window time.Duration) *sendLimit {
	return &sendLimit{window: window, sent: map[string][]time.Time{}}
}

// admit counts one more send at now for key, unless key has had max
// within the window already.
func (l *sendLimit) admit(now time.Time, max int, key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := now.Add(-l.window)
	s := l.sent[key]
	i := 0
	for i < len(s) && !s[i].After(cut) {
		i++
	}
	s = s[i:]
	if len(s) >= max {
		l.sent[key] = s
		return false
	}
	if _, ok := l.sent[key]; !ok && len(l.sent) >= maxThrottleKeys {
		for k, ts := range l.sent {
			if len(ts) == 0 || !ts[len(ts)-1].After(cut) {
				delete(l.sent, k)
			}
		}
	}
	l.sent[key] = append(s, now)
	return true
}
