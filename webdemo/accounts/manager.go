package accounts

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eops/eops/standards"
)

var (
	// ErrBadCredentials: the e-mail address or the password is wrong. It is
	// the one answer whether or not an account has that address.
	ErrBadCredentials = errors.New("the e-mail address or password is not right")
	// ErrThrottled: too many sign-ins failed lately for this e-mail address
	// or from this network address; the person should wait and try again.
	ErrThrottled = errors.New("too many failed attempts to sign in: wait a few minutes and try again")
)

// Manager signs people up and in, and keeps their sessions. It keeps
// nothing between requests but in its Store (sessions, throttles' counts,
// set-ups in progress), so any number of Managers on one database serve
// any request alike; only the attempts to sign in under way are counted
// per Manager (see SignIn). It is safe for concurrent use.
type Manager struct {
	store    Store
	now      func() time.Time
	idle     time.Duration
	absolute time.Duration
	params   argon2Params
	// issuer names the site in people's authenticator apps.
	issuer string

	limits *throttle
	// hashing bounds how many argon2 hashes run at once, each holding 19 MiB.
	hashing chan struct{}

	dummyOnce sync.Once
	dummy     string // a hash to check against when there is no account

	mu        sync.Mutex
	lastSweep time.Time // when sweep last forgot what is over in the store
}

// Default session timeouts, after OWASP's Session Management Cheat Sheet.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// Option configures a Manager.
type Option func(*Manager)

// WithIssuer sets the name authenticator apps show beside a person's
// account when they set up two-factor sign-in; the default is
// DefaultIssuer.
func WithIssuer(name string) Option {
	return func(m *Manager) { m.issuer = name }
}

// DefaultIssuer is the name authenticator apps show for the demo.
const DefaultIssuer = "eops"

// WithClock sets the Manager's clock; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(m *Manager) { m.now = now }
}

// WithIdleTimeout sets how long a session lasts unused; the default is
// DefaultIdleTimeout.
func WithIdleTimeout(d time.Duration) Option {
	return func(m *Manager) { m.idle = d }
}

// WithAbsoluteTimeout sets how long a session lasts however busy it is;
// the default is DefaultAbsoluteTimeout.
func WithAbsoluteTimeout(d time.Duration) Option {
	return func(m *Manager) { m.absolute = d }
}

// New returns a Manager of the accounts in store.
func New(store Store, opts ...Option) *Manager {
	m := &Manager{
		store:    store,
		now:      time.Now,
		idle:     DefaultIdleTimeout,
		absolute: DefaultAbsoluteTimeout,
		params:   owasp,
		issuer:   DefaultIssuer,
		limits:   newThrottle(store),
		hashing:  make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

const maxNameLength = 200

// cleanName trims a name and checks it is 1 to 200 characters with no
// control characters, the library's rule for people's names.
func cleanName(s string) (string, error) {
	n := strings.TrimSpace(s)
	switch {
	case n == "":
		return "", invalidField("full_name", standards.FieldRequired, nil, "enter your full name")
	case !utf8.ValidString(n) || strings.IndexFunc(n, unicode.IsControl) >= 0:
		return "", invalidField("full_name", standards.FieldControlCharacters, nil, "a name cannot contain control characters")
	case utf8.RuneCountInString(n) > maxNameLength:
		return "", invalidField("full_name", standards.FieldTooLong, map[string]string{"max": strconv.Itoa(maxNameLength)}, fmt.Sprintf("a name has at most %d characters", maxNameLength))
	}
	return n, nil
}

// SignIn checks an e-mail address and password, from remoteAddr (an
// http.Request's RemoteAddr, or the client address a trusted proxy gave).
//
// A wrong password and an unknown address are both ErrBadCredentials, and
// take about as long, since a missing account's password is still checked
// against a hash. Only failures count against anyone:
//
//   - After five failures within fifteen minutes for the same e-mail
//     address, SignIn answers ErrThrottled without checking, even for the
//     right password, until the oldest failure is fifteen minutes old.
//     Signing in clears the account's failures.
//   - After fifty failures within fifteen minutes from the same remote
//     address (for IPv6, the same /64), whatever the accounts, SignIn still
//     checks the password, but lets through only an account with two-factor
//     sign-in on, whose code is still to come (and is throttled on its own);
//     anything else from there is ErrThrottled.
//
// Attempts under way count for nothing, but attempts side by side wait
// rather than run past a limit (so that a burst of guesses cannot check more
// than the limit allows, and a burst of right passwords is not refused).
// The failures are counted in the Store, so they count on every Manager of
// it; the waiting is per Manager: attempts under way on two instances at
// once do not wait for each other.
//
// An account whose address is not confirmed yet is ErrUnconfirmed, once
// the password is right: it cannot sign in until its link is followed
// (Confirm).
//
// SignIn checks only the password, and does not start a session. When the
// account has two-factor sign-in on (TwoFactorStatus), start a half session
// (StartHalfSession) and ask for a code (VerifySecondFactor) before
// StartSession; otherwise call StartSession with the account's id.
func (m *Manager) SignIn(ctx context.Context, email, password, remoteAddr string) (_ Account, err error) {
	now := m.now()
	e, emailErr := standards.NormaliseEmail(email)
	if emailErr != nil {
		e = strings.ToLower(strings.TrimSpace(email))
	}
	account := emailKey(e)
	keys := []string{account}
	if remoteAddr != "" {
		keys = append(keys, addressKey(remoteAddr))
	}
	over, err := m.limits.begin(ctx, now, keys...)
	if err != nil {
		return Account{}, err
	}
	failed := false
	defer func() { err = m.endAttempt(ctx, now, failed, err, keys) }()
	if over[0] {
		return Account{}, ErrThrottled
	}
	addressThrottled := len(over) > 1 && over[1]

	var a Account
	if emailErr == nil {
		a, err = m.store.ByEmail(ctx, e)
		if err != nil && !errors.Is(err, standards.ErrNotFound) {
			return Account{}, err // the store's failure, not the person's
		}
	}
	var secondFactor bool
	if addressThrottled {
		// Read whether the account has a second factor before the password
		// is checked, right or wrong, and for an unknown address too, so
		// that how long the answer takes does not say the password was
		// right.
		tf, err := m.store.TwoFactor(ctx, a.ID)
		if err != nil && !errors.Is(err, standards.ErrNotFound) {
			return Account{}, err
		}
		secondFactor = tf.Enabled
	}
	hash := a.PasswordHash
	if a.ID == "" {
		hash = m.dummyHash()
	}
	ok, err := m.verify(ctx, hash, password)
	if err != nil {
		return Account{}, fmt.Errorf("accounts: account %s: %w", a.ID, err)
	}
	if !ok || a.ID == "" {
		failed = true
		if addressThrottled {
			return Account{}, ErrThrottled
		}
		return Account{}, ErrBadCredentials
	}
	if addressThrottled && !secondFactor {
		return Account{}, ErrThrottled
	}
	if err := m.limits.clear(ctx, account); err != nil {
		return Account{}, err
	}
	if !a.Confirmed {
		// Only someone who knows the password learns this much; the
		// account acts once the link sent to its address is followed.
		return Account{}, ErrUnconfirmed
	}
	return a, nil
}

// endAttempt ends an attempt begun with m.limits.begin, and returns err,
// or the store's error when it could not count the failure: a guess that
// is not counted must not be answered as if it were.
func (m *Manager) endAttempt(ctx context.Context, now time.Time, failed bool, err error, keys []string) error {
	if e := m.limits.end(ctx, now, failed, keys...); e != nil {
		return e
	}
	return err
}

// dummyHash is a hash of a random password, made once, to check a password
// against when no account has the address given.
func (m *Manager) dummyHash() string {
	m.dummyOnce.Do(func() { m.dummy = hashWith(m.params, newID()) })
	return m.dummy
}

// hash and verify run argon2 a few at a time, so that a burst of sign-ins
// queues rather than taking 19 MiB each at once.
func (m *Manager) hash(ctx context.Context, password string) (string, error) {
	if err := m.acquire(ctx); err != nil {
		return "", err
	}
	defer m.release()
	return hashWith(m.params, password), nil
}

func (m *Manager) verify(ctx context.Context, encoded, password string) (bool, error) {
	if err := m.acquire(ctx); err != nil {
		return false, err
	}
	defer m.release()
	return VerifyPassword(encoded, password)
}

func (m *Manager) acquire(ctx context.Context) error {
	select {
	case m.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m *Manager) release() { <-m.hashing }
