package accounts

// Fuzz targets for the account checks: the password rules, the reader of
// stored password hashes, sign-up's e-mail, name and password checks, and
// the throttle's reading of network addresses. They are in the package
// itself, unlike the other tests, because the hash reader and the throttle
// key are unexported and sign-up must hash cheaply to be fuzzed at speed.
// Their seed corpora (f.Add below and testdata/fuzz/FuzzX) run as ordinary
// tests; `go test -fuzz` explores further (see .ci/run and docs/security.md).

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/eops/eops/standards"
)

// cheap are argon2 parameters that hash in microseconds, for fuzzing; the
// rules being checked do not depend on the cost.
var cheap = argon2Params{memory: 8, time: 1, threads: 1}

// requireFields checks that err is a *standards.ValidationError naming only
// fields from want, each with a message.
func requireFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve, "want a *standards.ValidationError, got %T: %v", err, err)
	require.NotEmpty(t, ve.Fields)
	for _, f := range ve.Fields {
		assert.Contains(t, want, f.Field, "unexpected field in %v", err)
		assert.NotEmpty(t, f.Message)
		assert.Contains(t, standards.FieldCodes(), f.Code, "field %s has no documented code", f.Field)
	}
}

// FuzzValidatePassword checks the password rules: a password accepted is
// valid UTF-8 of 8 to 256 characters after NFKC and not a common password
// in any case; it hashes and verifies, also as typed on a device that sends
// another Unicode form of the same characters. A refusal is a
// *ValidationError on "password".
func FuzzValidatePassword(f *testing.F) {
	for _, s := range []string{"correct horse battery staple", "Password1", "password", "PASSWORD", "1234567",
		"12345678", "", "        ", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "ｐａｓｓｗｏｒｄ", "ﬁﬁﬁﬁ", "é" + strings.Repeat("e\u0301", 8),
		strings.Repeat("a", 256), strings.Repeat("a", 257), strings.Repeat("ﷺ", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, password string) {
		err := ValidatePassword(password)
		if err != nil {
			requireFields(t, err, "password")
			return
		}
		p := norm.NFKC.String(password)
		require.True(t, utf8.ValidString(password))
		n := utf8.RuneCountInString(p)
		require.True(t, n >= MinPasswordLength && n <= MaxPasswordLength, "%d characters", n)
		require.False(t, commonPasswords[strings.ToLower(p)], "%q is common", password)

		hash := hashWith(cheap, password)
		for _, typed := range []string{password, norm.NFC.String(password), norm.NFD.String(password), p} {
			ok, err := VerifyPassword(hash, typed)
			require.NoError(t, err)
			require.True(t, ok, "%q does not verify against the hash of %q", typed, password)
		}
	})
}

// FuzzDecodeHash checks the reader of stored password hashes, which a
// database row can hold anything in: it refuses with errMalformedHash, or
// returns parameters within the limits that keep one sign-in cheap, a salt
// of at least 8 bytes and a key of at least 16.
func FuzzDecodeHash(f *testing.F) {
	f.Add(HashPassword("correct horse battery staple"))
	f.Add(hashWith(cheap, "correct horse battery staple"))
	for _, s := range []string{"", "$", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=1048577,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=17,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=8,t=1,p=2$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=2,p=256$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=-1,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5aw",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		p, salt, key, err := decodeHash(encoded)
		if err != nil {
			require.ErrorIs(t, err, errMalformedHash)
			return
		}
		require.GreaterOrEqual(t, p.threads, uint8(1))
		require.True(t, p.time >= 1 && p.time <= maxTime, "t=%d", p.time)
		require.True(t, p.memory >= 8*uint32(p.threads) && p.memory <= maxMemory, "m=%d, p=%d", p.memory, p.threads)
		require.GreaterOrEqual(t, len(salt), 8)
		require.GreaterOrEqual(t, len(key), 16)
	})
}

// FuzzSignUp checks sign-up's reading of its form: it refuses with a
// *ValidationError on "email", "full_name" or "password", and an account it
// makes has the normalised address, a clean name of at most 200 characters,
// a password that keeps the rules and is not the address; it cannot sign in
// until its link is followed; and the person can then sign in with the
// address as they typed it, or in capitals, but not with another password.
func FuzzSignUp(f *testing.F) {
	for _, s := range [][3]string{
		{"ada@school.org.uk", "Ada Lovelace", "correct horse battery staple"},
		{" Ada@School.org.uk ", " Ada ", "correct horse battery staple"},
		{"ada@school.org.uk", "Ada", "ada@school.org.uk"},
		{"ada@school.org.uk", "Ada", "ADA@SCHOOL.ORG.UK"},
		{"ada.lovelace@school.org.uk", "Ada", "ada.lovelace"},
		{"", "", ""},
		{"not an address", "Ada\x00", "password"},
		{"ada@school.org.uk", strings.Repeat("A", 201), "correct horse battery staple"},
		{"zoë@école.fr", "Zoë", "ﬁﬁﬁﬁﬁﬁﬁﬁ"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, email, name, password string) {
		ctx := context.Background()
		m := New(NewMemoryStore())
		m.params = cheap
		sent, err := m.SignUp(ctx, email, name, password, "")
		if err != nil {
			requireFields(t, err, "email", "full_name", "password")
			return
		}
		e, err := standards.NormaliseEmail(email)
		require.NoError(t, err)
		require.Equal(t, e, sent.Email)
		_, err = m.SignIn(ctx, email, password, "")
		require.ErrorIs(t, err, ErrUnconfirmed)
		a, err := m.Confirm(ctx, sent.Token, password, "")
		require.NoError(t, err)
		require.Equal(t, e, a.Email)
		require.Equal(t, strings.TrimSpace(name), a.Name)
		require.True(t, a.Name != "" && utf8.RuneCountInString(a.Name) <= maxNameLength && utf8.ValidString(a.Name) &&
			strings.IndexFunc(a.Name, unicode.IsControl) < 0, "name %q", a.Name)
		require.NoError(t, ValidatePassword(password))
		local, _, _ := strings.Cut(e, "@")
		require.False(t, strings.EqualFold(password, e) || strings.EqualFold(password, local), "the password is the address")

		for _, typed := range []string{email, strings.ToUpper(e), " " + e + " "} {
			in, err := m.SignIn(ctx, typed, password, "")
			require.NoError(t, err, "sign in as %q", typed)
			require.Equal(t, a.ID, in.ID)
		}
		_, err = m.SignIn(ctx, email, password+"x", "")
		require.ErrorIs(t, err, ErrBadCredentials)
	})
}

// FuzzAddressKey checks the throttle's key for a network address: an IP
// address with or without a port gives one key; so do an IPv4 address and
// the same address mapped into IPv6, and every IPv6 address of one /64,
// which one household or school usually holds whole.
func FuzzAddressKey(f *testing.F) {
	for _, s := range []string{"192.0.2.1:1234", "192.0.2.1", "[2001:db8::1]:443", "2001:db8::1", "[2001:db8::1]",
		"::ffff:192.0.2.1", "[fe80::1%eth0]:80", "fe80::1%eth0", "", ":", "localhost:80", "[::1]", "999.0.0.1:80", "[]:80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		key := addressKey(addr)
		require.True(t, strings.HasPrefix(key, "addr:"), "%q", key)

		host := addr
		if h, _, err := net.SplitHostPort(addr); err == nil {
			host = h
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return
		}
		ip = ip.Unmap().WithZone("")
		require.Equal(t, addressKey(ip.String()), key, "%q and %q", addr, ip)
		require.Equal(t, addressKey(net.JoinHostPort(ip.String(), "8080")), key)
		if ip.Is4() {
			require.Equal(t, addressKey(netip.AddrFrom16(ip.As16()).String()), key, "mapped into IPv6")
			return
		}
		b := ip.As16()
		for i := 8; i < 16; i++ {
			b[i] ^= 0xff
		}
		require.Equal(t, addressKey(netip.AddrFrom16(b).String()), key, "another address in the /64 of %q", ip)
	})
}
