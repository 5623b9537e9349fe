package credential_test

// Fuzz targets for Verify, which reads tokens from anyone (R-CRT-5). Their
// seed corpora (f.Add below and testdata/fuzz/FuzzX) run as ordinary tests;
// `go test -fuzz` explores further (see .ci/run and docs/security.md).

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards/credential"
)

// requireKnownError checks that Verify refused with one of the kinds it
// documents, so that a caller can tell a forged token from a broken one.
func requireKnownError(t *testing.T, err error) {
	t.Helper()
	for _, kind := range []error{credential.ErrMalformed, credential.ErrUnsupported, credential.ErrSignature, credential.ErrInvalid} {
		if errors.Is(err, kind) {
			return
		}
	}
	t.Fatalf("Verify refused with an error of no documented kind: %T %v", err, err)
}

// FuzzVerify feeds Verify any token: it refuses with a documented kind of
// error, and accepts only a token whose signed part, header and payload,
// is exactly one the issuer signed (the seed's), however the rest of the
// text is mutated.
func FuzzVerify(f *testing.F) {
	genuine, err := credential.Issue(testCertificate(), testIssuer())
	require.NoError(f, err)
	signed := genuine[:strings.LastIndexByte(genuine, '.')+1]
	parts := strings.Split(genuine, ".")
	for _, s := range []string{genuine, "", ".", "..", "a.b.c", signed, genuine + ".", parts[0] + "..", "." + parts[1] + "." + parts[2],
		strings.ToUpper(genuine), base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"vc+jwt"}`)) + "." + parts[1] + ".",
		base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"EdDSA","typ":"vc+jwt","crit":["exp"]}`)) + "." + parts[1] + "." + parts[2]} {
		f.Add(s)
	}
	key := pub(testIssuer().Key)
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := credential.Verify(token, key)
		if err != nil {
			requireKnownError(t, err)
			return
		}
		require.True(t, strings.HasPrefix(token, signed), "accepted a token the issuer never signed: %q", token)
		require.Equal(t, testIssuer().ID, claims.Iss)
	})
}

// FuzzVerifySigned signs any header and payload with the issuer's key, so
// that the fuzzer gets past the signature to the JSON and the rules of Open
// Badges 3.0: Verify refuses with a documented kind of error, accepts only
// the header alg EdDSA, typ vc+jwt, no crit, and claims that agree with
// their credential and are valid now; the same token with another key, or
// with its payload changed, is refused as a bad signature.
func FuzzVerifySigned(f *testing.F) {
	genuine, err := credential.Issue(testCertificate(), testIssuer())
	require.NoError(f, err)
	parts := strings.Split(genuine, ".")
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(f, err)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(f, err)
	f.Add(header, payload)
	f.Add([]byte(`{"alg":"none","typ":"vc+jwt"}`), payload)
	f.Add([]byte(`{"alg":"EdDSA","typ":"JWT"}`), payload)
	f.Add([]byte(`{"alg":"EdDSA","typ":"vc+jwt","crit":[]}`), payload)
	f.Add([]byte(`{"alg":"EdDSA","typ":"vc+jwt","alg":"none"}`), payload)
	f.Add(header, []byte(`{}`))
	f.Add(header, []byte(`null`))
	f.Add(header, []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"nbf":1}`))
	f.Add([]byte(`[]`), []byte(`[]`))

	iss := testIssuer()
	key := pub(iss.Key)
	f.Fuzz(func(t *testing.T, header, payload []byte) {
		input := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(payload)
		token := input + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(iss.Key, []byte(input)))

		claims, err := credential.Verify(token, key)
		if err != nil {
			requireKnownError(t, err)
			require.NotErrorIs(t, err, credential.ErrSignature, "the signature is the issuer's")
		} else {
			c := claims.Credential
			require.Equal(t, "https://www.w3.org/ns/credentials/v2", c.Context[0])
			require.Contains(t, c.Type, "VerifiableCredential")
			require.Contains(t, c.Type, "OpenBadgeCredential")
			require.Contains(t, c.CredentialSubject.Type, "AchievementSubject")
			require.Equal(t, c.Issuer.ID, claims.Iss)
			require.Equal(t, c.ID, claims.Jti)
			require.Equal(t, c.CredentialSubject.ID, claims.Sub)
			require.False(t, c.ValidFrom.IsZero())
			require.Equal(t, c.ValidFrom.Unix(), claims.Nbf)
			require.False(t, c.ValidFrom.After(time.Now().Add(5*time.Minute)), "valid from %v", c.ValidFrom)
		}

		_, err = credential.Verify(token, pub(testKey(2)))
		require.Error(t, err, "verified with another key")
		_, err = credential.Verify(input+"A"+token[len(input):], key)
		require.Error(t, err, "verified with its payload changed")
	})
}
