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
}

// Actor is the account as the library's actor. The host, not the account,
// decides whether a person is the operator, so Operator is left false.
func (a Account) Actor() standards.Actor {
	return standards.Actor{Email: a.Email, Name: a.Name}
}

// Store keeps accounts. Implementations are safe for concurrent use.
// E-mail addresses reach a Store already normalised.
type Store interface {
	// Create adds a new account; standards.ErrConflict when its id or e-mail
	// address is taken.
	Create(ctx context.Context, a Account) error
	// ByEmail finds the account with a normalised e-mail address;
	// standards.ErrNotFound when there is none.
	ByEmail(ctx context.Context, email string) (Account, error)
	// ByID finds an account by id; standards.ErrNotFound when there is none.
	ByID(ctx context.Context, id string) (Account, error)

	// The second factor. Each call that must not be raced (using a time
	// step, using a recovery code, switching a set-up on) is one atomic
	// compare-and-set, so that two requests at once cannot both pass.

	// TwoFactor finds an account's second factor, switched on or being set
	// up; standards.ErrNotFound when it has none.
	TwoFactor(ctx context.Context, accountID string) (TwoFactor, error)
	// BeginTwoFactor keeps a new secret, not yet switched on, in place of
	// any set-up in progress; standards.ErrConflict when the account has a
	// second factor switched on, standards.ErrNotFound when there is no
	// such account.
	BeginTwoFactor(ctx context.Context, accountID, secret string) error
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
