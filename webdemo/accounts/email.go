package accounts

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/eops/eops/standards"
)

// Changing an account's address proves the new one, as sign-up proves the
// first: RequestEmailChange, with the account's password, makes a link
// for the new address; only following it (ChangeEmail) makes the new
// address the account's. As with every link, only the token's hash is
// kept, and it works once, for EmailChangeLifetime.

// ErrEmailTaken: another account has the address asked for. Only the
// holder of the address learns it, from the mail or from following the
// link: the page that asks says the same whatever the address holds.
var ErrEmailTaken = errors.New("another account has this e-mail address")

// EmailChangeLifetime is how long a link to confirm a new address works.
const EmailChangeLifetime = 24 * time.Hour

// EmailChange is what the host should e-mail to the new address after a
// request to change an account's address. The host answers the person the
// same whatever it holds; only the mail, which reaches the new address's
// owner alone, differs.
type EmailChange struct {
	// Email is the new address, normalised: where to write.
	Email string
	// Token, when set, is the link's secret; it works once, until Expires.
	Token   string
	Expires time.Time
	// Taken says another account has the address already, so no link was
	// made: the mail should say so.
	Taken bool
}

// EmailToken is a link to confirm a new address as a Store keeps it: its
// SHA-256 hash, never the token.
type EmailToken struct {
	// Hash is the SHA-256 of the token, in lower-case hex.
	Hash      string
	AccountID string
	// Email is the new address, normalised.
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is when the link changed the account's address; zero while
	// unused.
	UsedAt time.Time
}

// RequestEmailChange asks, for the account accountID, to change its
// address to newEmail, from remoteAddr (as SignIn takes it). The account's
// password is asked for, so that a session left open is not enough: a
// wrong one is ErrBadCredentials, and counts towards the sign-in throttle
// (ErrThrottled) as a failed sign-in does. A bad address, or the account's
// own, is a *standards.ValidationError on "email"; mails to the new
// address are throttled as confirmation mails are (ErrTooManyMails).
//
// For an address no account has, the EmailChange holds a new link's
// token; for one another account has, it says so (Taken), with no link.
// The host shows the same page either way.
func (m *Manager) RequestEmailChange(ctx context.Context, accountID, password, newEmail, remoteAddr string) (_ EmailChange, err error) {
	a, err := m.store.ByID(ctx, accountID)
	if err != nil {
		return EmailChange{}, err
	}
	e, err := standards.NormaliseEmail(newEmail)
	if err != nil {
		return EmailChange{}, err
	}
	if e == a.Email {
		return EmailChange{}, invalidField("email", standards.FieldNotAllowed, nil, "this is the address you have now")
	}
	now := m.now()
	account := emailKey(a.Email)
	keys := []string{account}
	if remoteAddr != "" {
		keys = append(keys, addressKey(remoteAddr))
	}
	over, err := m.limits.begin(ctx, now, keys...)
	if err != nil {
		return EmailChange{}, err
	}
	failed := false
	defer func() { err = m.endAttempt(ctx, now, failed, err, keys) }()
	if slices.Contains(over, true) {
		return EmailChange{}, ErrThrottled
	}
	ok, err := m.verify(ctx, a.PasswordHash, password)
	if err != nil {
		return EmailChange{}, fmt.Errorf("accounts: account %s: %w", a.ID, err)
	}
	if !ok {
		failed = true
		return EmailChange{}, ErrBadCredentials
	}
	if ok, err := m.admitMail(ctx, now, e, remoteAddr); err != nil {
		return EmailChange{}, err
	} else if !ok {
		return EmailChange{}, ErrTooManyMails
	}
	switch _, err := m.store.ByEmail(ctx, e); {
	case err == nil:
		return EmailChange{Email: e, Taken: true}, nil
	case !errors.Is(err, standards.ErrNotFound):
		return EmailChange{}, err
	}
	token := newToken()
	t := EmailToken{
		Hash: hashToken(token), AccountID: a.ID, Email: e,
		CreatedAt: now.UTC().Truncate(time.Second), ExpiresAt: now.Add(EmailChangeLifetime).UTC().Truncate(time.Second),
	}
	if err := m.store.AddEmailToken(ctx, t); err != nil {
		return EmailChange{}, err
	}
	return EmailChange{Email: e, Token: token, Expires: t.ExpiresAt}, nil
}

// EmailChangeLink says whether a link to confirm a new address can still
// change its account's address: nil, or ErrLinkUnknown, ErrLinkUsed or
// ErrLinkExpired. It gives the account, as it is now, and the new
// address, for the page that asks to confirm; it changes nothing.
func (m *Manager) EmailChangeLink(ctx context.Context, token string) (Account, string, error) {
	t, err := m.emailLink(ctx, token)
	if t.AccountID == "" { // unknown, or the store failed
		return Account{}, "", err
	}
	a, aErr := m.store.ByID(ctx, t.AccountID)
	if aErr != nil {
		return Account{}, "", aErr
	}
	return a, t.Email, err
}

// emailLink finds the token and says whether it is usable now.
func (m *Manager) emailLink(ctx context.Context, token string) (EmailToken, error) {
	if len(token) != tokenLength {
		return EmailToken{}, ErrLinkUnknown
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return EmailToken{}, ErrLinkUnknown
	}
	t, err := m.store.EmailToken(ctx, hashToken(token))
	if errors.Is(err, standards.ErrNotFound) {
		return EmailToken{}, ErrLinkUnknown
	}
	if err != nil {
		return EmailToken{}, err
	}
	switch {
	case !t.UsedAt.IsZero():
		return t, ErrLinkUsed
	case !m.now().Before(t.ExpiresAt):
		return t, ErrLinkExpired
	}
	return t, nil
}

// ChangeEmail follows a link to confirm a new address: the account takes
// the link's address, and the account as it is now is returned. The
// account's sessions go on (they are the account's, whatever its
// address); its failed sign-ins under the old address are forgotten. The
// link works once (ErrLinkUsed, or ErrLinkUnknown for another link of the
// account's once one is used) and until EmailChangeLifetime
// (ErrLinkExpired). An address another account took since the link was
// sent is ErrEmailTaken, and the link stays unused.
//
// The host changes the person's address in the library too
// (standards.Service.ChangeEmail); the demo's app does so before it calls
// this, so that the account never holds an address its person does not.
func (m *Manager) ChangeEmail(ctx context.Context, token string) (Account, error) {
	t, err := m.emailLink(ctx, token)
	if err != nil {
		return Account{}, err
	}
	old, err := m.store.ByID(ctx, t.AccountID)
	if err != nil {
		return Account{}, err
	}
	if err := m.store.ChangeEmail(ctx, t.Hash, m.now()); err != nil {
		if errors.Is(err, standards.ErrConflict) || errors.Is(err, standards.ErrNotFound) {
			_, err = m.emailLink(ctx, token)
			if err == nil {
				err = ErrEmailTaken
			}
		}
		return Account{}, err
	}
	if err := m.limits.clear(ctx, emailKey(old.Email)); err != nil {
		return Account{}, err
	}
	return m.store.ByID(ctx, t.AccountID)
}
