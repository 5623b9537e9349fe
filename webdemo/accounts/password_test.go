package accounts_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

func TestHashPasswordRoundTripAndWrongPassword(t *testing.T) {
	t.Parallel()
	hash := accounts.HashPassword("correct horse battery staple")

	ok, err := accounts.VerifyPassword(hash, "correct horse battery staple")
	require.NoError(t, err)
	assert.True(t, ok, "the password it was made from matches")

	ok, err = accounts.VerifyPassword(hash, "correct horse battery stapler")
	require.NoError(t, err)
	assert.False(t, ok, "another password does not")
}

func TestHashPasswordIsPHCArgon2idWithOWASPParameters(t *testing.T) {
	t.Parallel()
	hash := accounts.HashPassword("correct horse battery staple")
	// 16 bytes of salt and 32 of hash in unpadded base64.
	assert.Regexp(t, regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`), hash)
}

func TestHashPasswordSaltsEachHash(t *testing.T) {
	t.Parallel()
	a := accounts.HashPassword("correct horse battery staple")
	b := accounts.HashPassword("correct horse battery staple")
	assert.NotEqual(t, a, b, "the same password hashes differently each time")
	assert.NotEqual(t, strings.Split(a, "$")[4], strings.Split(b, "$")[4], "because the salts differ")
}

func TestVerifyPasswordNormalisesUnicode(t *testing.T) {
	t.Parallel()
	hash := accounts.HashPassword("caf\u00e9 au lait")             // é as one code point
	ok, err := accounts.VerifyPassword(hash, "cafe\u0301 au lait") // e and a combining accent
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestVerifyPasswordMalformedHash(t *testing.T) {
	t.Parallel()
	for name, hash := range map[string]string{
		"Empty":       "",
		"Bcrypt":      "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"Argon2i":     "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"OldVersion":  "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"HugeMemory":  "$argon2id$v=19$m=4294967295,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"NoThreads":   "$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"BadSalt":     "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"ShortHash":   "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
		"MissingPart": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ok, err := accounts.VerifyPassword(hash, "password")
			assert.Error(t, err)
			assert.False(t, ok)
		})
	}
}

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	refused := map[string]string{
		"SevenCharacters": "abcdefg",
		"Empty":           "",
		"Common":          "password",
		"CommonOtherCase": "PassWord1",
		"CommonNumbers":   "12345678",
		"CommonKeyboard":  "qwertyuiop",
		"CommonLove":      "iloveyou1",
		"Over256":         strings.Repeat("x", 257),
		"SevenUnicode":    "日本語パスワー", // 7 characters, 21 bytes
		"NotText":         "abcdefgh\xff",
	}
	for name, p := range refused {
		t.Run("Refused"+name, func(t *testing.T) {
			t.Parallel()
			err := accounts.ValidatePassword(p)
			var ve *standards.ValidationError
			require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
			assert.NotEmpty(t, ve.Message("password"))
		})
	}
	accepted := map[string]string{
		"EightCharacters": "zebra-42",
		"64Characters":    strings.Repeat("abcd", 16),
		"256Characters":   strings.Repeat("abcd", 64),
		"Unicode":         "пароль на русском 🔑",
		"EightUnicode":    "日本語のパスワー",
		"Spaces":          "four words with spaces",
		"NoDigitsOrCaps":  "lowercase letters only",
	}
	for name, p := range accepted {
		t.Run("Accepted"+name, func(t *testing.T) {
			t.Parallel()
			assert.NoError(t, accounts.ValidatePassword(p))
		})
	}
}
