package accounts

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/eops/eops/standards"
)

// The password rules, after NIST SP 800-63B: a minimum length, a generous
// maximum, no rules about which kinds of character to use.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 256
)

// argon2Params are the cost of one hash. Stored hashes carry their own, so a
// change of parameters leaves old hashes readable.
type argon2Params struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// owasp are OWASP's recommended argon2id parameters (Password Storage Cheat
// Sheet): 19 MiB of memory, two passes, one degree of parallelism.
var owasp = argon2Params{memory: 19 * 1024, time: 2, threads: 1}

const (
	saltLength = 16
	keyLength  = 32
	// The most a stored hash may ask for, so that a bad row cannot make a
	// sign-in take minutes or all the memory.
	maxMemory = 1 << 20 // 1 GiB in KiB
	maxTime   = 16
)

// b64 is the PHC string format's base64: the standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// HashPassword hashes password with argon2id, OWASP's parameters and a fresh
// 16-byte salt, and encodes the result in the PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// The password is first put in Unicode normal form NFKC, so that the same
// characters typed on different devices give the same hash. HashPassword
// does not check the password rules; see [ValidatePassword].
func HashPassword(password string) string {
	return hashWith(owasp, password)
}

func hashWith(p argon2Params, password string) string {
	salt := make([]byte, saltLength)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails (Go 1.24+)
	key := argon2.IDKey([]byte(norm.NFKC.String(password)), salt, p.time, p.memory, p.threads, keyLength)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// errMalformedHash means a stored hash is not one HashPassword made.
var errMalformedHash = errors.New("accounts: not an argon2id hash in the PHC string format")

// VerifyPassword reports whether password matches encoded, a hash from
// [HashPassword], comparing in constant time. It returns an error only when
// encoded is not such a hash.
func VerifyPassword(encoded, password string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(norm.NFKC.String(password)), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// decodeHash splits a PHC string into its parameters, salt and key.
func decodeHash(encoded string) (argon2Params, []byte, []byte, error) {
	var p argon2Params
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: version %q", errMalformedHash, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil ||
		p.memory < 8*uint32(p.threads) || p.memory > maxMemory || p.time < 1 || p.time > maxTime || p.threads < 1 {
		return p, nil, nil, fmt.Errorf("%w: parameters %q", errMalformedHash, parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("%w: salt", errMalformedHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("%w: hash", errMalformedHash)
	}
	return p, salt, key, nil
}

// commonPasswordsText is a short list of the passwords people choose most,
// one a line, from published lists of leaked passwords.
//
//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords holds the list in lower case.
var commonPasswords = func() map[string]bool {
	set := make(map[string]bool)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			set[strings.ToLower(w)] = true
		}
	}
	return set
}()

// ValidatePassword checks password against the rules: 8 to 256 characters
// (counted after NFKC normalisation, so a character is what a person sees
// as one, near enough), and not one of the most common passwords, in any
// case. Spaces and every kind of character are allowed; nothing is required.
// A broken rule is a *standards.ValidationError on field "password".
func ValidatePassword(password string) error {
	p := norm.NFKC.String(password)
	n := utf8.RuneCountInString(p)
	switch {
	case password == "":
		return invalidField("password", standards.FieldRequired, nil, "enter a password")
	case !utf8.ValidString(password):
		return invalidField("password", standards.FieldControlCharacters, nil, "a password must be text")
	case n < MinPasswordLength:
		return invalidField("password", standards.FieldTooShort, map[string]string{"min": strconv.Itoa(MinPasswordLength)}, fmt.Sprintf("use at least %d characters", MinPasswordLength))
	case n > MaxPasswordLength:
		return invalidField("password", standards.FieldTooLong, map[string]string{"max": strconv.Itoa(MaxPasswordLength)}, fmt.Sprintf("use at most %d characters", MaxPasswordLength))
	case commonPasswords[strings.ToLower(p)]:
		return invalidField("password", standards.FieldNotAllowed, nil, "this password is one of the most common; choose another")
	}
	return nil
}

// invalidField is a ValidationError on one field.
func invalidField(field string, code standards.FieldCode, params map[string]string, message string) *standards.ValidationError {
	return &standards.ValidationError{Fields: []standards.FieldError{{Field: field, Code: code, Params: params, Message: message}}}
}
