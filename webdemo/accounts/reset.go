package accounts

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// Resetting a forgotten password proves the address again: RequestReset
// makes a link for it, and only following the link (ResetPassword) sets a
// new password. The link works once, for ResetLifetime, and only its hash
// is kept, as a confirmation link's is. Setting the new password ends
// every session of the account, on every instance: whoever was signed in
// with the old password is signed out. A second factor stays on: the
// person still gives their code when they next sign in.

// ResetLifetime is how long a password reset link works: short, since
// whoever holds the link can choose the account's password.
const ResetLifetime = time.Hour

// Reset is what the host should e-mail to an address after a request to
// reset its password. As with Confirmation, the host answers the person on
// the page the same whatever it holds; only the mail, which reaches the
// address's owner alone, differs.
type Reset struct {
	// Email is the normalised address to write to; empty when there is
	// nothing to send (no account has the address).
	Email string
	// Token, when set, is the link's secret, to put in the link; it works
	// once, until Expires.
	Token   string
	Expires time.Time
	// Unconfirmed says the address's account is not confirmed yet, so no
	// link was made: the mail should say to sign up again with the
	// address, which sends a confirmation link for a new password.
	Unconfirmed bool
}

// ResetToken is a password reset link as a Store keeps it: its SHA-256
// hash, never the token, which only the e-mail holds.
type ResetToken struct {
	// Hash is the SHA-256 of the token, in lower-case hex.
	Hash      string
	AccountID string
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is when the link set the account's password; zero while
	// unused.
	UsedAt time.Time
}

// RequestReset asks for a link to reset the password of the account with
// the address email, from remoteAddr (as SignIn takes it). A bad address
// is a *standards.ValidationError on "email". It is throttled with the
// confirmation mails, whether or not an account has the address: more
// than five mails to one address in an hour, or fifty asked for from one
// network address, are ErrTooManyMails.
//
// For a confirmed account the Reset holds a new link's token; the
// account's earlier reset links still work until they expire or one of
// them is used. For an unconfirmed account it says so, with no link; for
// an address with no account it is empty: nothing to send. The host shows
// the same page whichever it is. The account is read in every case and a
// link written only for an account, so a request for a stranger's address
// takes about as long as one for a real account, but for that one write.
func (m *Manager) RequestReset(ctx context.Context, email, remoteAddr string) (Reset, error) {
	e, err := standards.NormaliseEmail(email)
	if err != nil {
		return Reset{}, err
	}
	now := m.now()
	if ok, err := m.admitMail(ctx, now, e, remoteAddr); err != nil {
		return Reset{}, err
	} else if !ok {
		return Reset{}, ErrTooManyMails
	}
	a, err := m.store.ByEmail(ctx, e)
	switch {
	case errors.Is(err, standards.ErrNotFound):
		return Reset{}, nil
	case err != nil:
		return Reset{}, err
	case !a.Confirmed:
		return Reset{Email: e, Unconfirmed: true}, nil
	}
	token := newToken()
	t := ResetToken{
		Hash: hashToken(token), AccountID: a.ID,
		CreatedAt: now.UTC().Truncate(time.Second), ExpiresAt: now.Add(ResetLifetime).UTC().Truncate(time.Second),
	}
	if err := m.store.AddResetToken(ctx, t); err != nil {
		return Reset{}, err
	}
	return Reset{Email: e, Token: token, Expires: t.ExpiresAt}, nil
}

// ResetLink says whether a reset link's token can still set its
// account's password: nil, or ErrLinkUnknown, ErrLinkUsed or
// ErrLinkExpired. It also gives the account's address, for the page that
// asks for the new password (and the password manager that keeps it); it
// changes nothing, so a mail scanner that follows the link uses nothing.
func (m *Manager) ResetLink(ctx context.Context, token string) (email string, err error) {
	t, err := m.resetLink(ctx, token)
	if t.AccountID == "" { // unknown, or the store failed
		return "", err
	}
	a, aErr := m.store.ByID(ctx, t.AccountID)
	if aErr != nil {
		return "", aErr
	}
	return a.Email, err
}

// resetLink finds the token and says whether it is usable now.
func (m *Manager) resetLink(ctx context.Context, token string) (ResetToken, error) {
	if len(token) != tokenLength {
		return ResetToken{}, ErrLinkUnknown
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return ResetToken{}, ErrLinkUnknown
	}
	t, err := m.store.ResetToken(ctx, hashToken(token))
	if errors.Is(err, standards.ErrNotFound) {
		return ResetToken{}, ErrLinkUnknown
	}
	if err != nil {
		return ResetToken{}, err
	}
	switch {
	case !t.UsedAt.IsZero():
		return t, ErrLinkUsed
	case !m.now().Before(t.ExpiresAt):
		return t, ErrLinkExpired
	}
	return t, nil
}

// ResetPassword follows a reset link: given the link's token and a new
// password, it sets the account's password and ends every session of the
// account, whole or half, on every instance, and returns the account. It
// does not start a session: the person signs in with the new password
// (and their code, if two-factor sign-in is on, which a reset leaves on).
//
// The password must pass the rules sign-up applies (ValidatePassword, and
// not the address itself): otherwise a *standards.ValidationError on
// "password", and the link is still unused. The link works once: used
// again, or while another of the account's reset links was used since, it
// is ErrLinkUsed or ErrLinkUnknown; after ResetLifetime it is
// ErrLinkExpired. Resetting also clears the account's failed sign-ins, so
// a person locked out by them can sign in at once.
func (m *Manager) ResetPassword(ctx context.Context, token, password string) (Account, error) {
	t, err := m.resetLink(ctx, token)
	if err != nil {
		return Account{}, err
	}
	a, err := m.store.ByID(ctx, t.AccountID)
	if err != nil {
		return Account{}, err
	}
	if err := validateNewPassword(a.Email, password); err != nil {
		return Account{}, err
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return Account{}, err
	}
	if err := m.store.ResetPassword(ctx, t.Hash, hash, m.now()); err != nil {
		if errors.Is(err, standards.ErrConflict) || errors.Is(err, standards.ErrNotFound) {
			// Another request used it a moment ago, or it expired since.
			_, err = m.resetLink(ctx, token)
			if err == nil {
				err = ErrLinkUsed
			}
		}
		return Account{}, err
	}
	if err := m.limits.clear(ctx, emailKey(a.Email)); err != nil {
		return Account{}, err
	}
	return m.store.ByID(ctx, a.ID)
}

// validateNewPassword applies sign-up's password rules to a new password
// for the account of address e.
func validateNewPassword(e, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	if local, _, _ := strings.Cut(e, "@"); strings.EqualFold(password, e) || strings.EqualFold(password, local) {
		return invalidField("password", standards.FieldNotAllowed, nil, "a password must not be your e-mail address")
	}
	return nil
}
