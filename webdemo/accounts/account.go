package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"time"

	"github.com/eops/eops/standards"
)

// Account is a person who can sign in to the demo.
type Account struct {
	// ID is 26 characters of lower-case base32, made at sign-up.
	ID string
	// Email is the normalised e-mail address (standards.NormaliseEmail):
	// the person's identity here and in the library.
	Email string
	// Name is the person's full name.
	Name string
	// PasswordHash is the argon2id hash in the PHC string format
	// ([HashPassword]); never the password.
	PasswordHash string
	CreatedAt    time.Time
	// Confirmed says the person proved the address is theirs, by following
	// the link sign-up sent to it (R-PER-4). An unconfirmed account cannot
	// sign in: it may only be confirmed, or have its link sent again.
	Confirmed bool
}

// Actor is the account as the library's actor. The host, not the account,
// decides whether a person is the operator, so Operator is left false.
func (a Account) Actor() standards.Actor {
	return standards.Actor{Email: a.Email, Name: a.Name}
}

// Store keeps accounts. Implementations are safe for concurrent use.
// E-mail addresses reach a Store already normalised.
type Store interface {
	// Create adds a new account, confirmed or not as a.Confirmed says;
	// standards.ErrConflict when its id or e-mail address is taken.
	Create(ctx context.Context, a Account) error
	// ByEmail finds the account with a normalised e-mail address;
	// standards.ErrNotFound when there is none.
	ByEmail(ctx context.Context, email string) (Account, error)
	// ByID finds an account by id; standards.ErrNotFound when there is none.
	ByID(ctx context.Context, id string) (Account, error)

	// The sign-up's confirmation links. A Store keeps them, not the
	// Manager, so that any instance of the app on the same database can
	// confirm a link another sent.

	// AddSignUpToken keeps a confirmation link's token, by its hash, for
	// an unconfirmed account; standards.ErrNotFound when there is no such
	// account.
	AddSignUpToken(ctx context.Context, t SignUpToken) error
	// SignUpToken finds a token by its hash, used or not;
	// standards.ErrNotFound when there is none.
	SignUpToken(ctx context.Context, hash string) (SignUpToken, error)
	// ConfirmAccount uses the token whose hash is hash, at at, in one
	// atomic compare-and-set: if the token is unused and has not expired
	// at at, it is marked used, its account takes the token's name and
	// password hash and is confirmed, and the account's other tokens are
	// forgotten. Otherwise nothing changes and the answer is
	// standards.ErrConflict (used already, by this request's twin too, or
	// expired), or standards.ErrNotFound (no such token).
	ConfirmAccount(ctx context.Context, hash string, at time.Time) error

	// Password reset links, kept as confirmation links are: by the hash
	// of their token, so that any instance can use a link another sent.

	// AddResetToken keeps a reset link's token, by its hash;
	// standards.ErrNotFound when there is no such account.
	AddResetToken(ctx context.Context, t ResetToken) error
	// ResetToken finds a reset token by its hash, used or not;
	// standards.ErrNotFound when there is none.
	ResetToken(ctx context.Context, hash string) (ResetToken, error)
	// ResetPassword uses the reset token whose hash is hash, at at, in one
	// atomic compare-and-set: if the token is unused and has not expired
	// at at, it is marked used, its account takes passwordHash, the
	// account's other reset tokens are forgotten and every session of the
	// account, whole or half, is ended. Otherwise nothing changes and the
	// answer is standards.ErrConflict (used already, by this request's
	// twin too, or expired), or standards.ErrNotFound (no such token).
	ResetPassword(ctx context.Context, hash, passwordHash string, at time.Time) error

	// Links to confirm a new address, kept as the others are.

	// AddEmailToken keeps such a link's token, by its hash;
	// standards.ErrNotFound when there is no such account.
	AddEmailToken(ctx context.Context, t EmailToken) error
	// EmailToken finds one by its hash, used or not; standards.ErrNotFound
	// when there is none.
	EmailToken(ctx context.Context, hash string) (EmailToken, error)
	// ChangeEmail uses the token whose hash is hash, at at, in one atomic
	// compare-and-set: if the token is unused and has not expired at at,
	// and no other account has its address, it is marked used, its
	// account takes the address, and the account's other such tokens are
	// forgotten. Otherwise nothing changes and the answer is
	// standards.ErrConflict (used already, expired, or the address
	// taken), or standards.ErrNotFound (no such token).
	ChangeEmail(ctx context.Context, hash string, at time.Time) error

	// The second factor. Each call that must not be raced (using a time
	// step, using a recovery code, switching a set-up on) is one atomic
	// compare-and-set, so that two requests at once cannot both pass.

	// TwoFactor finds an account's second factor, switched on or being set
	// up; standards.ErrNotFound when it has none.
	TwoFactor(ctx context.Context, accountID string) (TwoFactor, error)
	// BeginTwoFactor keeps a new secret, not yet switched on, in place of
	// any set-up in progress, with the hash of the session that began it
	// (TwoFactor.SetUpBy; "" for none); standards.ErrConflict when the
	// account has a second factor switched on, standards.ErrNotFound when
	// there is no such account.
	BeginTwoFactor(ctx context.Context, accountID, secret, sessionHash string) error
	// EnableTwoFactor switches on the set-up in progress whose secret is
	// secret, with step as its last used time step and recoveryHashes as
	// its recovery codes; standards.ErrConflict when no set-up of that
	// secret is in progress (another request switched it on, or began
	// afresh).
	EnableTwoFactor(ctx context.Context, accountID, secret string, step int64, recoveryHashes []string) error
	// RemoveTwoFactor forgets the account's second factor and its recovery
	// codes. Forgetting what is not there is not an error.
	RemoveTwoFactor(ctx context.Context, accountID string) error
	// UseTimeStep records step as the last time step used, if it is later
	// than the last one; false, with nothing changed, when it is not (a
	// code replayed) or the second factor is not switched on.
	UseTimeStep(ctx context.Context, accountID string, step int64) (bool, error)
	// ReplaceRecoveryCodes puts recoveryHashes in place of the account's
	// recovery codes; standards.ErrNotFound when its second factor is not
	// switched on.
	ReplaceRecoveryCodes(ctx context.Context, accountID string, recoveryHashes []string) error
	// UseRecoveryCode forgets one recovery code by its hash; false when the
	// account has no such code (never had, or used it already).
	UseRecoveryCode(ctx context.Context, accountID, hash string) (bool, error)

	// Sessions, kept by the SHA-256 of their id: the id itself is only in
	// the person's cookie. A Store keeps them, not the Manager, so that any
	// instance of the app on the same database serves any request, and a
	// restarted one signs nobody out. The Manager decides when a session
	// is over; the Store only keeps the times.

	// AddSession keeps a new session; standards.ErrConflict when its hash
	// is taken.
	AddSession(ctx context.Context, s StoredSession) error
	// SessionByHash finds a session by the hash of its id;
	// standards.ErrNotFound when there is none.
	SessionByHash(ctx context.Context, hash string) (StoredSession, error)
	// SessionWithAccount finds a session by the hash of its id together
	// with its account, in one read: every signed-in request asks for
	// both. standards.ErrNotFound when there is no such session; the
	// Account is the zero Account (its ID "") when the session's account
	// is gone.
	SessionWithAccount(ctx context.Context, hash string) (StoredSession, Account, error)
	// TouchSession sets a session's LastSeen to at. Touching a session that
	// is not there is not an error.
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// DeleteSession forgets a session. Forgetting what is not there is not
	// an error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessionsOf forgets every session of an account but the one
	// whose hash is keep ("" keeps none).
	DeleteSessionsOf(ctx context.Context, accountID, keep string) error
	// DeleteSessionsBefore forgets the sessions last seen before seen, or
	// started before started, and the half sessions started before
	// halfStarted: the ones that are over.
	DeleteSessionsBefore(ctx context.Context, seen, started, halfStarted time.Time) error

	// Counts of things done per key within a window: the sign-in
	// throttle's failures (kind "fail") and the confirmation mails asked
	// for (kind "mail"). Keys reach a Store as the Manager makes them:
	// SHA-256 hashes in hex, never an address or e-mail address in the
	// clear.

	// CountSince counts, for each key in order, the events of kind since
	// (after) a moment.
	CountSince(ctx context.Context, kind string, keys []string, since time.Time) ([]int, error)
	// AddEvents counts one event of kind at at for every key.
	AddEvents(ctx context.Context, kind string, keys []string, at time.Time) error
	// ClearEvents forgets key's events of kind.
	ClearEvents(ctx context.Context, kind, key string) error
	// AdmitEvent counts one event of kind at at for key, unless key has had
	// max since (after) since already; it reports whether it counted it.
	// Two calls at once for a key one short of max may both be refused,
	// but never both admitted.
	AdmitEvent(ctx context.Context, kind, key string, at, since time.Time, max int) (bool, error)
	// DeleteEventsBefore forgets the events of every kind and key at or
	// before a moment.
	DeleteEventsBefore(ctx context.Context, before time.Time) error
}

// StoredSession is a session as a Store keeps it: by the hash of its id.
type StoredSession struct {
	// Hash is the SHA-256 of the session's id, in lower-case hex.
	Hash      string
	AccountID string
	Created   time.Time
	LastSeen  time.Time
	Half      bool
}

// SignUpToken is a confirmation link as a Store keeps it: never the
// token itself, which only the e-mail holds, but its SHA-256 hash. It
// carries the name and password hash of the sign-up that made it, so that
// the link confirms the account with the password its own sign-up chose,
// whoever else signed up with the address before or since.
type SignUpToken struct {
	// Hash is the SHA-256 of the token, in lower-case hex.
	Hash      string
	AccountID string
	// Name and PasswordHash are what the sign-up gave.
	Name         string
	PasswordHash string
	CreatedAt    time.Time
	ExpiresAt    time.Time
	// UsedAt is when the link confirmed its account; zero while unused.
	UsedAt time.Time
}

// TwoFactor is an account's TOTP second factor as a Store keeps it.
type TwoFactor struct {
	// Secret is the key shared with the person's authenticator app, in
	// unpadded base32 as the app takes it.
	Secret string
	// Enabled says the person confirmed the secret with a code, so sign-in
	// asks for one. Until then the secret is a set-up in progress.
	Enabled bool
	// LastStep is the RFC 6238 time step (Unix seconds / 30) of the last
	// code accepted. A code of that step or an earlier one is refused, so
	// that a code seen over someone's shoulder cannot be used again.
	LastStep int64
	// RecoveryCodes is how many unused recovery codes are left.
	RecoveryCodes int
	// SetUpBy is, while the second factor is being set up, the hash of the
	// session that began it (the only one shown the secret); "" when
	// none, or once it is on.
	SetUpBy string
}

// idEncoding is Crockford's base32 in lower case, as the library's ids: no
// padding, no ambiguous letters.
var idEncoding = base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding)

const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// IDLength is the length of an account id.
const IDLength = 26

// newID is 128 random bits in 26 characters.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return idEncoding.EncodeToString(b[:])
}
