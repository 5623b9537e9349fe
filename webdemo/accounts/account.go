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
}

// idEncoding is Crockford's base32 in lower case, as the library's ids: no
// padding, no ambiguous letters.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// IDLength is the length of an account id.
const IDLength = 26

// newID is 128 random bits in 26 characters.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return idEncoding.EncodeToString(b[:])
}
