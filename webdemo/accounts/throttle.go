package accounts

import (
	"context"
	"fmt"
	"net"
	"net/netip"
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
//
// The failures are kept in the Manager's Store (kind failKind, by the
// SHA-256 of each key), so every instance of the app on one database counts
// the failures made on any. The attempts in flight are counted per process:
// attempts side by side in one instance wait for one another as described
// below, but two instances may each let one more attempt begin before the
// other's failure is counted.
const (
	accountFailures = 5
	addressFailures = 50
	failureWindow   = 15 * time.Minute
	// failKind is the kind of the throttle's counts in the Store.
	failKind = "fail"
)

// limitOf is the number of failures within the window at which key is
// throttled.
func limitOf(key string) int {
	if strings.HasPrefix(key, addressKeyPrefix) {
		return addressFailures
	}
	return accountFailures
}

// throttle counts recent failures per key in a Store, and the attempts in
// flight in this process. Safe for concurrent use.
type throttle struct {
	store Store
	mu    sync.Mutex
	// inFlight counts each key's attempts under way. They are not failures,
	// but an attempt waits while the key's failures and the attempts under
	// way together reach its limit, so that attempts run side by side
	// cannot check more guesses than the limit allows.
	inFlight map[string]int
	// ended is closed, and replaced, whenever an attempt ends, to wake the
	// attempts waiting; ends counts the attempts ended, so that a count
	// read from the store while one ended is read again.
	ended chan struct{}
	ends  uint64
}

func newThrottle(store Store) *throttle {
	return &throttle{store: store, inFlight: map[string]int{}, ended: make(chan struct{})}
}

// hashKeys is what the store keeps of keys: their SHA-256, so that the
// counts table holds no e-mail or network address in the clear.
func hashKeys(keys []string) []string {
	h := make([]string, len(keys))
	for i, k := range keys {
		h[i] = hashToken(k)
	}
	return h
}

// begin starts an attempt at now for every key. It waits while a key's
// recent failures and the attempts under way together reach its limit
// (until ctx ends); once every key is either below that or throttled
// already, it counts the attempt as under way and reports, for each key in
// order, whether it is throttled. Every begin that returns no error must be
// followed by one end with the same now and keys.
func (t *throttle) begin(ctx context.Context, now time.Time, keys ...string) ([]bool, error) {
	over := make([]bool, len(keys))
	hashed := hashKeys(keys)
	for {
		t.mu.Lock()
		ends := t.ends
		t.mu.Unlock()
		n, err := t.store.CountSince(ctx, failKind, hashed, now.Add(-failureWindow))
		if err != nil {
			return nil, fmt.Errorf("accounts: count failed sign-ins: %w", err)
		}
		t.mu.Lock()
		if t.ends != ends {
			// An attempt ended, and may have counted a failure, since the
			// count was read: read it again.
			t.mu.Unlock()
			continue
		}
		wait := false
		for i, k := range keys {
			over[i] = n[i] >= limitOf(k)
			if !over[i] && n[i]+t.inFlight[k] >= limitOf(k) {
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
// now against every key, even when ctx has ended (the person gave up, the
// guess was still checked). The error is the store's, when it could not
// count the failure.
func (t *throttle) end(ctx context.Context, now time.Time, failed bool, keys ...string) error {
	var err error
	if failed {
		err = t.store.AddEvents(context.WithoutCancel(ctx), failKind, hashKeys(keys), now)
		if err != nil {
			err = fmt.Errorf("accounts: count a failed sign-in: %w", err)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if t.inFlight[k]--; t.inFlight[k] <= 0 {
			delete(t.inFlight, k)
		}
	}
	t.ends++
	close(t.ended)
	t.ended = make(chan struct{})
	return err
}

// clear forgets key's failures, as when its account signs in.
func (t *throttle) clear(ctx context.Context, key string) error {
	if err := t.store.ClearEvents(ctx, failKind, hashToken(key)); err != nil {
		return fmt.Errorf("accounts: clear failed sign-ins: %w", err)
	}
	return nil
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

// mailKind is the kind of the mail limit's counts in the Store: the
// confirmation mails asked for, per e-mail address and per network
// address. Unlike the sign-in throttle it counts every request, not
// failures.
const mailKind = "mail"
