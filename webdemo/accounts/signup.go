package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// Signing up proves the address (R-PER-4): SignUp makes an unconfirmed
// account and a link for its address; only following the link (Confirm)
// lets the account sign in and act.

var (
	// ErrUnconfirmed: the password is right, but the account's address is
	// not confirmed yet: the person should follow the link sent to it, or
	// ask for it again (Resend).
	ErrUnconfirmed = errors.New("this account's e-mail address is not confirmed yet: follow the link we sent to it")
	// ErrLinkUnknown: no confirmation link has this token.
	ErrLinkUnknown = errors.New("this confirmation link is not right: copy the whole link from the e-mail, or ask for a new one")
	// ErrLinkUsed: the link confirmed its account already; it works once.
	ErrLinkUsed = errors.New("this confirmation link has been used already: sign in instead")
	// ErrLinkExpired: the link is older than ConfirmationLifetime.
	ErrLinkExpired = errors.New("this confirmation link has expired: ask for a new one")
	// ErrTooManyMails: too many confirmation mails were asked for lately,
	// for this address or from this network address.
	ErrTooManyMails = errors.New("too many e-mails asked for: wait an hour and try again")
)

// ConfirmationLifetime is how long a confirmation link works.
const ConfirmationLifetime = 24 * time.Hour

// The mail throttle: at most maxMails confirmation mails to one e-mail
// address within mailWindow (sign-ups and resends together), so that
// nobody can fill a stranger's mailbox from the sign-up page; and at most
// maxMailsFrom asked for from one network address.
const (
	maxMails     = 5
	maxMailsFrom = 50
	mailWindow   = time.Hour
)

// tokenLength is the length of a link's token: 32 random bytes in unpadded
// URL-safe base64.
const tokenLength = 43

// Confirmation is what the host should e-mail to an address after a
// sign-up or a request to send the link again. The host answers the person
// on the page the same whatever it holds (so that the page does not say
// who has an account); only the mail, which reaches the address's owner
// alone, differs.
type Confirmation struct {
	// Email is the normalised address to write to; empty when there is
	// nothing to send (Resend for an address with no account).
	Email string
	// Token, when set, is the link's secret, to put in the link; it works
	// once, until Expires.
	Token   string
	Expires time.Time
	// HasAccount says the address has a confirmed account already: the
	// mail should say so, and offer sign-in, instead of a link.
	HasAccount bool
}

// SignUp asks for an account, from remoteAddr (as SignIn takes it). The
// e-mail address is normalised (standards.NormaliseEmail), the name
// trimmed, and the password checked against the rules (ValidatePassword)
// and against the address itself. Every bad field is reported in one
// *standards.ValidationError, on "email", "full_name" and "password".
//
// A new address gets an unconfirmed account, which cannot sign in. The
// Confirmation holds a link's token for it, bound to this sign-up's name
// and password: following the link, with that password, confirms the
// account (Confirm). An address whose account is unconfirmed still (a
// sign-up by someone else, or an earlier one of the person's own) gets a
// link of its own the same way, and the account is left as it is until a
// link is followed. An address with a confirmed account gets a
// Confirmation that says so (HasAccount), and nothing changes.
//
// The password is hashed in every case, so that the three take about as
// long. More than five mails to one address in an hour, or fifty from one
// network address, are ErrTooManyMails whether or not it has an account.
func (m *Manager) SignUp(ctx context.Context, email, fullName, password, remoteAddr string) (Confirmation, error) {
	e, name, err := validateSignUp(email, fullName, password)
	if err != nil {
		return Confirmation{}, err
	}
	now := m.now()
	if ok, err := m.admitMail(ctx, now, e, remoteAddr); err != nil {
		return Confirmation{}, err
	} else if !ok {
		return Confirmation{}, ErrTooManyMails
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return Confirmation{}, err
	}
	a, err := m.store.ByEmail(ctx, e)
	if errors.Is(err, standards.ErrNotFound) {
		a = Account{ID: newID(), Email: e, Name: name, PasswordHash: hash, CreatedAt: now.UTC().Truncate(time.Second)}
		err = m.store.Create(ctx, a)
		if errors.Is(err, standards.ErrConflict) {
			// Someone signed up with the address at the same moment.
			a, err = m.store.ByEmail(ctx, e)
		}
	}
	if err != nil {
		return Confirmation{}, err
	}
	if a.Confirmed {
		return Confirmation{Email: e, HasAccount: true}, nil
	}
	return m.newLink(ctx, a, name, hash, now)
}

// validateSignUp checks a sign-up's fields, all at once.
func validateSignUp(email, fullName, password string) (e, name string, err error) {
	var fields []standards.FieldError
	bad := func(err error) {
		var ve *standards.ValidationError
		if errors.As(err, &ve) {
			fields = append(fields, ve.Fields...)
		}
	}
	// In the order the form asks: the name, the address, the password.
	name, err = cleanName(fullName)
	bad(err)
	e, err = standards.NormaliseEmail(email)
	bad(err)
	if err := ValidatePassword(password); err != nil {
		bad(err)
	} else if local, _, _ := strings.Cut(e, "@"); e != "" &&
		(strings.EqualFold(password, e) || strings.EqualFold(password, local)) {
		bad(invalidField("password", standards.FieldNotAllowed, nil, "a password must not be your e-mail address"))
	}
	if len(fields) > 0 {
		return "", "", &standards.ValidationError{Fields: fields}
	}
	return e, name, nil
}

// admitMail counts a mail to e asked for from remoteAddr, or says there
// have been too many. The counts are in the Store (kind mailKind, by the
// SHA-256 of each key), so they hold across every instance.
func (m *Manager) admitMail(ctx context.Context, now time.Time, e, remoteAddr string) (bool, error) {
	since := now.Add(-mailWindow)
	if remoteAddr != "" {
		ok, err := m.store.AdmitEvent(ctx, mailKind, hashToken("mailfrom:"+addressKey(remoteAddr)), now, since, maxMailsFrom)
		if err != nil || !ok {
			return false, err
		}
	}
	return m.store.AdmitEvent(ctx, mailKind, hashToken(emailKey(e)), now, since, maxMails)
}

// newLink makes a confirmation link for a, bound to name and the password
// hash, and keeps its hash.
func (m *Manager) newLink(ctx context.Context, a Account, name, passwordHash string, now time.Time) (Confirmation, error) {
	token := newToken()
	t := SignUpToken{
		Hash: hashToken(token), AccountID: a.ID, Name: name, PasswordHash: passwordHash,
		CreatedAt: now.UTC().Truncate(time.Second), ExpiresAt: now.Add(ConfirmationLifetime).UTC().Truncate(time.Second),
	}
	if err := m.store.AddSignUpToken(ctx, t); err != nil {
		return Confirmation{}, err
	}
	return Confirmation{Email: a.Email, Token: token, Expires: t.ExpiresAt}, nil
}

// Resend asks for the confirmation link of an address again, from
// remoteAddr. It is throttled as SignUp is, and answers a
// *standards.ValidationError for an address that is not one. For an
// unconfirmed account it makes a new link, bound to the name and password
// of the account's first sign-up (someone who forgot that password signs
// up again, which sends a link for the new one); earlier links still work
// until they expire. For a confirmed account the Confirmation says so
// (HasAccount); for an address with no account it is empty: nothing to
// send. The host shows the same page whichever it is.
func (m *Manager) Resend(ctx context.Context, email, remoteAddr string) (Confirmation, error) {
	e, err := standards.NormaliseEmail(email)
	if err != nil {
		return Confirmation{}, err
	}
	now := m.now()
	if ok, err := m.admitMail(ctx, now, e, remoteAddr); err != nil {
		return Confirmation{}, err
	} else if !ok {
		return Confirmation{}, ErrTooManyMails
	}
	a, err := m.store.ByEmail(ctx, e)
	switch {
	case errors.Is(err, standards.ErrNotFound):
		return Confirmation{}, nil
	case err != nil:
		return Confirmation{}, err
	case a.Confirmed:
		return Confirmation{Email: e, HasAccount: true}, nil
	}
	return m.newLink(ctx, a, a.Name, a.PasswordHash, now)
}

// Link says whether a confirmation link's token can still confirm its
// account: nil, or ErrLinkUnknown, ErrLinkUsed or ErrLinkExpired. It also
// gives the account's address, for the page that offers to send an
// expired link again; it changes nothing.
func (m *Manager) Link(ctx context.Context, token string) (email string, err error) {
	t, err := m.link(ctx, token)
	if t.AccountID == "" { // unknown, or the store failed
		return "", err
	}
	a, aErr := m.store.ByID(ctx, t.AccountID)
	if aErr != nil {
		return "", aErr
	}
	return a.Email, err
}

// link finds the token and says whether it is usable now.
func (m *Manager) link(ctx context.Context, token string) (SignUpToken, error) {
	if len(token) != tokenLength {
		return SignUpToken{}, ErrLinkUnknown
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return SignUpToken{}, ErrLinkUnknown
	}
	t, err := m.store.SignUpToken(ctx, hashToken(token))
	if errors.Is(err, standards.ErrNotFound) {
		return SignUpToken{}, ErrLinkUnknown
	}
	if err != nil {
		return SignUpToken{}, err
	}
	switch {
	case !t.UsedAt.IsZero():
		return t, ErrLinkUsed
	case !m.now().Before(t.ExpiresAt):
		return t, ErrLinkExpired
	}
	return t, nil
}

// Confirm follows a confirmation link: given the link's token and the
// password its sign-up chose, from remoteAddr, it confirms the account,
// which takes that sign-up's name and password, and returns it, ready for
// StartSession. The link works once: afterwards, and for a link still
// unused when another of the account's links confirmed it, the answer is
// ErrLinkUsed or ErrLinkUnknown; after ConfirmationLifetime it is
// ErrLinkExpired.
//
// Asking for the password means that the link alone is not enough, and
// that a link sent for somebody else's sign-up with the address (a
// stranger who signed up first, with a password of their own) does not
// confirm the account for them when its owner follows it. A wrong
// password is ErrBadCredentials, and counts towards the sign-in throttle
// (ErrThrottled) as a failed sign-in does.
func (m *Manager) Confirm(ctx context.Context, token, password, remoteAddr string) (_ Account, err error) {
	t, err := m.link(ctx, token)
	if err != nil {
		return Account{}, err
	}
	a, err := m.store.ByID(ctx, t.AccountID)
	if err != nil {
		return Account{}, err
	}
	now := m.now()
	account := emailKey(a.Email)
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
	if slices.Contains(over, true) {
		// A link confirms with a password only: no second factor yet to
		// let a throttled address through.
		return Account{}, ErrThrottled
	}
	ok, err := m.verify(ctx, t.PasswordHash, password)
	if err != nil {
		return Account{}, fmt.Errorf("accounts: account %s: %w", a.ID, err)
	}
	if !ok {
		failed = true
		return Account{}, ErrBadCredentials
	}
	if err := m.store.ConfirmAccount(ctx, t.Hash, now); err != nil {
		if errors.Is(err, standards.ErrConflict) {
			// Another request used it a moment ago, or it expired since.
			_, err = m.link(ctx, token)
			if err == nil {
				err = ErrLinkUsed
			}
		}
		return Account{}, err
	}
	if err := m.limits.clear(ctx, account); err != nil {
		return Account{}, err
	}
	return m.store.ByID(ctx, a.ID)
}

// CreateAccount makes an account that is confirmed at once, for an address
// the host has verified by other means: the demo's made-up people, whose
// sign-ins it prints, or an import from a platform that had verified them.
// It validates as SignUp does; an address already taken is
// standards.ErrConflict. A person signing themselves up goes through
// SignUp and Confirm instead.
func (m *Manager) CreateAccount(ctx context.Context, email, fullName, password string) (Account, error) {
	e, name, err := validateSignUp(email, fullName, password)
	if err != nil {
		return Account{}, err
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return Account{}, err
	}
	a := Account{
		ID: newID(), Email: e, Name: name, PasswordHash: hash,
		CreatedAt: m.now().UTC().Truncate(time.Second), Confirmed: true,
	}
	if err := m.store.Create(ctx, a); err != nil {
		return Account{}, err
	}
	return a, nil
}

// newToken is 256 random bits in 43 characters of URL-safe base64.
func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashToken is what a Store keeps of a token: its SHA-256, in hex. The
// token is random and long, so a fast hash is enough: nobody can guess
// tokens from a stolen table.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
