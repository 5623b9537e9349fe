package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// Session is a signed-in person's session. The Manager's Store keeps it,
// by the SHA-256 of its id, so that every instance of the app on the same
// database knows it, and a restarted one signs nobody out.
type Session struct {
	// ID is 256 random bits in unpadded URL-safe base64: the cookie's
	// value. The Store never sees it, only its hash.
	ID        string
	AccountID string
	Created   time.Time
	// LastSeen is when the session was last used; each use moves it on.
	LastSeen time.Time
	// Half says the password was right but the second factor is still to
	// come. A half session stands for nobody: Session and
	// SessionFromRequest never return one, only HalfSession and
	// HalfSessionFromRequest do, for the page that asks for the code. It
	// lasts HalfSessionTimeout from its start, however often it is used.
	Half bool
}

// HalfSessionTimeout is how long a person has, after the password, to give
// the second factor; then they start again with the password.
const HalfSessionTimeout = 5 * time.Minute

// SessionCookie is the name of the session cookie.
const SessionCookie = "eops_session"

// sessionIDLength is the length of 32 bytes in unpadded base64.
const sessionIDLength = 43

// touchEvery is how stale a session's kept LastSeen may get before a use
// writes the new one: a page view writes at most once a minute, not every
// time. So the idle timeout counts from the last use to within a minute.
const touchEvery = time.Minute

// sweepEvery is how often a Manager forgets, in its Store, the sessions
// that are over and the throttles' counts that are too old to count.
const sweepEvery = time.Minute

// sessionHash is what a Store keeps of a session id: its SHA-256 in hex.
// A copy of the sessions table, or a look at it, lets nobody in.
func sessionHash(id string) string { return hashToken(id) }

// StartSession starts a session for an account, under a new random id. Call
// it on every sign-in, so that a session id planted before sign-in
// (session fixation) never becomes a signed-in one; and end the old session,
// if there was one.
func (m *Manager) StartSession(ctx context.Context, accountID string) (Session, error) {
	return m.start(ctx, accountID, false)
}

// StartHalfSession starts a half session for an account whose password was
// right and whose second factor is still to come (see Session.Half). Once
// the code is right, end it and StartSession: the full session gets an id
// of its own.
func (m *Manager) StartHalfSession(ctx context.Context, accountID string) (Session, error) {
	return m.start(ctx, accountID, true)
}

func (m *Manager) start(ctx context.Context, accountID string, half bool) (Session, error) {
	if accountID == "" {
		return Session{}, errors.New("accounts: a session needs an account id")
	}
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	now := m.now()
	s := Session{ID: base64.RawURLEncoding.EncodeToString(b[:]), AccountID: accountID, Created: now, LastSeen: now, Half: half}
	m.sweep(ctx, now)
	err := m.store.AddSession(ctx, StoredSession{Hash: sessionHash(s.ID), AccountID: accountID, Created: now, LastSeen: now, Half: half})
	if err != nil {
		return Session{}, fmt.Errorf("accounts: start a session: %w", err)
	}
	return s, nil
}

// Session finds a live session by id, and marks it used now. A session is
// over, and forgotten, once it has gone unused for the idle timeout or has
// lasted the absolute timeout. A half session is not found. It reports
// false also when the store fails: SessionOf tells that apart.
func (m *Manager) Session(ctx context.Context, id string) (Session, bool) {
	s, err := m.lookup(ctx, id, false)
	return s, err == nil
}

// HalfSession finds a live half session by id, and marks it used now. A
// full session is not found.
func (m *Manager) HalfSession(ctx context.Context, id string) (Session, bool) {
	s, err := m.lookup(ctx, id, true)
	return s, err == nil
}

// lookup finds the live session of id: ErrNoSession when there is none of
// that kind, or the store's error.
func (m *Manager) lookup(ctx context.Context, id string, half bool) (Session, error) {
	s, _, err := m.find(ctx, id, half, false)
	return s, err
}

// find is lookup, with the session's account too when withAccount says
// so: read with the session in one statement (Store.SessionWithAccount),
// since every signed-in request needs both. The account is the zero
// Account when it is gone.
func (m *Manager) find(ctx context.Context, id string, half, withAccount bool) (Session, Account, error) {
	if len(id) != sessionIDLength {
		return Session{}, Account{}, ErrNoSession
	}
	now := m.now()
	hash := sessionHash(id)
	var kept StoredSession
	var a Account
	var err error
	if withAccount {
		kept, a, err = m.store.SessionWithAccount(ctx, hash)
	} else {
		kept, err = m.store.SessionByHash(ctx, hash)
	}
	if errors.Is(err, standards.ErrNotFound) {
		return Session{}, Account{}, ErrNoSession
	}
	if err != nil {
		return Session{}, Account{}, fmt.Errorf("accounts: find a session: %w", err)
	}
	s := Session{ID: id, AccountID: kept.AccountID, Created: kept.Created, LastSeen: kept.LastSeen, Half: kept.Half}
	if s.Half != half {
		return Session{}, Account{}, ErrNoSession
	}
	if m.expired(s, now) {
		if err := m.store.DeleteSession(ctx, hash); err != nil {
			return Session{}, Account{}, err
		}
		return Session{}, Account{}, ErrNoSession
	}
	if now.Sub(s.LastSeen) >= touchEvery || now.Before(s.LastSeen) {
		if err := m.store.TouchSession(ctx, hash, now); err != nil {
			return Session{}, Account{}, err
		}
	}
	s.LastSeen = now
	return s, a, nil
}

// EndOtherSessions ends every session of an account, whole or half, but
// keep. Call it when the account's second factor is switched on or off: a
// session opened with the password alone must not become, or stay, a
// signed-in session of an account that now asks for a code, nor outlive a
// change someone made to lock it out. It ends them on every instance.
func (m *Manager) EndOtherSessions(ctx context.Context, accountID, keep string) error {
	k := ""
	if keep != "" {
		k = sessionHash(keep)
	}
	return m.store.DeleteSessionsOf(ctx, accountID, k)
}

// EndSession ends a session, as on signing out, on every instance. Ending
// a session that is not there does nothing.
func (m *Manager) EndSession(ctx context.Context, id string) error {
	return m.store.DeleteSession(ctx, sessionHash(id))
}

func (m *Manager) expired(s Session, now time.Time) bool {
	if s.Half && !now.Before(s.Created.Add(HalfSessionTimeout)) {
		return true
	}
	return !now.Before(s.LastSeen.Add(m.idle)) || !now.Before(s.Created.Add(m.absolute))
}

// sweep forgets, at most once every sweepEvery, the sessions that are
// over and the counts too old to count. Every instance sweeps; they may
// sweep at once, which deletes nothing twice. A failure is left for the
// next sweep: expired sessions are refused when looked up anyway.
func (m *Manager) sweep(ctx context.Context, now time.Time) {
	m.mu.Lock()
	due := m.lastSweep.IsZero() || now.Sub(m.lastSweep) >= sweepEvery || now.Before(m.lastSweep)
	if due {
		m.lastSweep = now
	}
	m.mu.Unlock()
	if !due {
		return
	}
	_ = m.store.DeleteSessionsBefore(ctx, now.Add(-m.idle), now.Add(-m.absolute), now.Add(-HalfSessionTimeout))
	_ = m.store.DeleteEventsBefore(ctx, now.Add(-max(failureWindow, mailWindow)))
}

// SetSessionCookie sends the session's id in the eops_session cookie:
// HttpOnly, SameSite=Lax, for the whole site, and Secure when the request
// came over HTTPS (directly, or through a proxy that says so in
// X-Forwarded-Proto). It has no expiry, so the browser drops it when it
// closes; the Manager's timeouts decide how long it is honoured.
func (m *Manager) SetSessionCookie(w http.ResponseWriter, r *http.Request, s Session) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    s.ID,
		Path:     "/",
		HttpOnly: true,
		Secure:   overHTTPS(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie tells the browser to drop the session cookie. It does
// not end the session: call EndSession too.
func (m *Manager) ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   overHTTPS(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// overHTTPS reports whether r reached the site over HTTPS.
func overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// ErrNoSession: the request names no live session (no cookie, or its
// session is over, or of the other kind, or its account is gone).
var ErrNoSession = errors.New("accounts: not signed in")

// SessionFromRequest finds the live session named by r's session cookie and
// loads its account. It reports false when there is no cookie, the session
// is over or only a half session, or the account cannot be loaded or is
// not confirmed; a session whose account is gone is ended. It reports false
// also when the store fails: use SessionOf to tell that apart from being
// signed out.
func (m *Manager) SessionFromRequest(r *http.Request) (Session, Account, bool) {
	s, a, err := m.SessionOf(r)
	return s, a, err == nil
}

// HalfSessionFromRequest is SessionFromRequest for a half session: the
// person between their password and their code.
func (m *Manager) HalfSessionFromRequest(r *http.Request) (Session, Account, bool) {
	s, a, err := m.HalfSessionOf(r)
	return s, a, err == nil
}

// SessionOf is SessionFromRequest with the reason: ErrNoSession when r
// names no live full session, or the store's error when the session or
// its account could not be loaded. A store's failure is not the end of the session: the
// session and the cookie stay, for when the store is back.
func (m *Manager) SessionOf(r *http.Request) (Session, Account, error) {
	return m.fromRequest(r, false)
}

// HalfSessionOf is SessionOf for a half session.
func (m *Manager) HalfSessionOf(r *http.Request) (Session, Account, error) {
	return m.fromRequest(r, true)
}

func (m *Manager) fromRequest(r *http.Request, half bool) (Session, Account, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return Session{}, Account{}, ErrNoSession
	}
	// The session and its account in one read: a page asks for nothing
	// more often (docs/benchmarks.md).
	s, a, err := m.find(r.Context(), c.Value, half, true)
	if err != nil {
		return Session{}, Account{}, err
	}
	if a.ID == "" {
		// The account is gone: so is its session.
		if err := m.EndSession(r.Context(), s.ID); err != nil {
			return Session{}, Account{}, err
		}
		return Session{}, Account{}, ErrNoSession
	}
	if !a.Confirmed {
		// No session is started for one (SignIn refuses it), but should a
		// host start one anyway, it stands for nobody (R-PER-4).
		return Session{}, Account{}, ErrNoSession
	}
	return s, a, nil
}
