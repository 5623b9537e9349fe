package accounts

import (
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// The sign-in throttle: after maxFailures failed sign-ins within
// failureWindow for one e-mail address, or from one remote address, further
// attempts are refused until the oldest failure is older than the window.
const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
	// maxThrottleKeys bounds the memory the throttle holds. When it is full,
	// expired counts go first, then the counts whose latest failure is
	// oldest, but never a second factor's (see evict).
	maxThrottleKeys = 10000
)

// throttle counts recent failures per key. Safe for concurrent use.
type throttle struct {
	// max attempts are counted within window; the sign-in throttle's are
	// maxFailures and failureWindow.
	max    int
	window time.Duration
	mu     sync.Mutex
	fails  map[string][]time.Time // each key's failures, oldest first, at most max
}

func newThrottle() *throttle {
	return newThrottleOf(maxFailures, failureWindow)
}

// newThrottleOf is a throttle that refuses after max attempts within
// window.
func newThrottleOf(max int, window time.Duration) *throttle {
	return &throttle{max: max, window: window, fails: map[string][]time.Time{}}
}

// admit reports whether an attempt at now may go ahead for every key. If so
// it counts a failure against each key at once, so that attempts running
// side by side cannot pass the limit; a successful attempt takes it back
// with succeeded.
func (t *throttle) admit(now time.Time, keys ...string) bool {
	return t.admitUpTo(now, t.max, keys...)
}

// admitUpTo is admit with a limit of its own, max, for keys that allow
// more attempts than the throttle's others.
func (t *throttle) admitUpTo(now time.Time, max int, keys ...string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if len(t.recent(k, now)) >= max {
			return false
		}
	}
	for _, k := range keys {
		if _, ok := t.fails[k]; !ok && len(t.fails) >= maxThrottleKeys {
			t.evict(now)
		}
		t.fails[k] = append(t.recent(k, now), now)
	}
	return true
}

// succeeded takes back the failures admit counted at at: the account's
// count is cleared altogether, the others lose that one failure.
func (t *throttle) succeeded(at time.Time, account string, others ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, account)
	for _, k := range others {
		t.withdraw(k, at)
	}
}

// withdrawn takes back the failures admit counted at at, for an attempt
// that failed for reasons not the person's (the store was down).
func (t *throttle) withdrawn(at time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.withdraw(k, at)
	}
}

func (t *throttle) withdraw(k string, at time.Time) {
	f := t.fails[k]
	if i := slices.IndexFunc(f, at.Equal); i >= 0 {
		f = slices.Delete(f, i, i+1)
	}
	if len(f) == 0 {
		delete(t.fails, k)
		return
	}
	t.fails[k] = f
}

// recent is k's failures within the window before now, dropping older ones.
func (t *throttle) recent(k string, now time.Time) []time.Time {
	f := t.fails[k]
	cut := now.Add(-t.window)
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
		return "addr:" + remoteAddr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + ip.String()
}

// emailKey is the throttle's key for the e-mail address a person typed.
func emailKey(email string) string { return "email:" + email }
