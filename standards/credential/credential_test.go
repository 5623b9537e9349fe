package credential_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
)

func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}

func testIssuer() credential.Issuer {
	return credential.Issuer{
		ID:    "https://eops.example/issuer",
		Name:  "National Association of Examinations Officers",
		URL:   "https://eops.example/",
		Key:   testKey(1),
		KeyID: "https://eops.example/issuer/keys/1",
	}
}

func testCertificate() standards.Certificate {
	return standards.Certificate{
		ID:               "cert-1",
		Serial:           "EOPS-2526-7K3M-Q9XB",
		VerificationCode: "ABCD-EFGH-JKMN-PQRS-TVWX",
		RecordID:         "rec-1",
		PersonID:         "person-1",
		HolderName:       "Siân O'Brien-Müller",
		CentreID:         "centre-1",
		CentreName:       "Riverside Academy",
		CentreNumber:     "12345",
		Year:             2025,
		IssuedAt:         time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
		ClaimedBy:        "person-2",
		ClaimedByName:    "Olu Overseer",
	}
}

func pub(k ed25519.PrivateKey) ed25519.PublicKey { return k.Public().(ed25519.PublicKey) }

func issue(t *testing.T, opts ...credential.Option) string {
	t.Helper()
	token, err := credential.Issue(testCertificate(), testIssuer(), opts...)
	require.NoError(t, err)
	return token
}

func decodePart(t *testing.T, part string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(part)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

func encodePart(t *testing.T, m map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(m)
	require.NoError(t, err)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func TestR_CRT_5_RoundTrip(t *testing.T) {
	t.Parallel()
	token := issue(t, credential.WithVerificationURL("https://eops.example/verify?code="))
	assert.Len(t, strings.Split(token, "."), 3)

	// Only the public key is needed to verify.
	claims, err := credential.Verify(token, pub(testIssuer().Key))
	require.NoError(t, err)

	c := claims.Credential
	assert.Equal(t, "Siân O'Brien-Müller", c.HolderName())
	assert.Equal(t, "https://eops.example/verify?code=ABCD-EFGH-JKMN-PQRS-TVWX", c.ID)
	assert.Equal(t, "Exams Officer Professional Standards 2025/26", c.CredentialSubject.Achievement.Name)
	assert.Equal(t, "2025/26", c.CredentialSubject.Term)
	require.NotNil(t, c.CredentialSubject.Source)
	assert.Equal(t, "Riverside Academy", c.CredentialSubject.Source.Name)
	require.Len(t, c.CredentialSubject.Source.OtherIdentifier, 1)
	assert.Equal(t, "12345", c.CredentialSubject.Source.OtherIdentifier[0].Identifier)
	assert.True(t, c.ValidFrom.Equal(testCertificate().IssuedAt))
	assert.Equal(t, "https://eops.example/issuer", claims.Iss)
	assert.Equal(t, c.ID, claims.Jti)
	assert.Equal(t, c.CredentialSubject.ID, claims.Sub)
	assert.Equal(t, testCertificate().IssuedAt.Unix(), claims.Nbf)
}

func TestR_CRT_5_DefaultIDsAreStableURNs(t *testing.T) {
	t.Parallel()
	a, err := credential.New(testCertificate(), testIssuer())
	require.NoError(t, err)
	b, err := credential.New(testCertificate(), testIssuer())
	require.NoError(t, err)
	assert.Regexp(t, `^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a.ID)
	assert.Regexp(t, `^urn:uuid:`, a.CredentialSubject.ID)
	assert.NotEqual(t, a.ID, a.CredentialSubject.ID)
	assert.Equal(t, a.ID, b.ID, "exporting the same certificate twice gives the same id")

	other := testCertificate()
	other.Serial = "EOPS-2526-AAAA-BBBB"
	c, err := credential.New(other, testIssuer())
	require.NoError(t, err)
	assert.NotEqual(t, a.ID, c.ID)

	withSubject, err := credential.New(testCertificate(), testIssuer(), credential.WithSubjectID("did:example:holder"))
	require.NoError(t, err)
	assert.Equal(t, "did:example:holder", withSubject.CredentialSubject.ID)
}

func TestR_CRT_5_JSONShape(t *testing.T) {
	t.Parallel()
	token := issue(t)
	parts := strings.Split(token, ".")

	header := decodePart(t, parts[0])
	assert.Equal(t, map[string]any{"alg": "EdDSA", "typ": "vc+jwt", "kid": "https://eops.example/issuer/keys/1"}, header)

	p := decodePart(t, parts[1])
	assert.Equal(t, []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}, p["@context"])
	assert.Equal(t, []any{"VerifiableCredential", "OpenBadgeCredential"}, p["type"])
	assert.NotContains(t, p, "vc", "VCDM 2.0 secures the credential itself, not a vc claim")
	assert.Equal(t, "Exams Officer Professional Standards 2025/26", p["name"])

	validFrom, ok := p["validFrom"].(string)
	require.True(t, ok)
	assert.Equal(t, "2026-03-14T10:30:00Z", validFrom)
	_, err := time.Parse(time.RFC3339, validFrom)
	assert.NoError(t, err)
	assert.EqualValues(t, time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC).Unix(), p["nbf"])
	assert.Equal(t, p["id"], p["jti"])

	issuer := p["issuer"].(map[string]any)
	assert.Equal(t, "https://eops.example/issuer", issuer["id"])
	assert.Equal(t, []any{"Profile"}, issuer["type"])
	assert.Equal(t, "National Association of Examinations Officers", issuer["name"])
	assert.Equal(t, issuer["id"], p["iss"])

	subject := p["credentialSubject"].(map[string]any)
	assert.Equal(t, []any{"AchievementSubject"}, subject["type"])
	assert.Equal(t, subject["id"], p["sub"])
	assert.Equal(t, []any{map[string]any{
		"type": "IdentityObject", "hashed": false, "identityHash": "Siân O'Brien-Müller", "identityType": "name",
	}}, subject["identifier"])

	achievement := subject["achievement"].(map[string]any)
	assert.Equal(t, []any{"Achievement"}, achievement["type"])
	assert.Equal(t, "Exams Officer Professional Standards 2025/26", achievement["name"])
	assert.NotEmpty(t, achievement["description"])
	assert.NotEmpty(t, achievement["criteria"].(map[string]any)["narrative"])

	// No personal data beyond the name, and no internal ids.
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(raw), "@"), "no e-mail address: the only @ is @context's")
	for _, leak := range []string{"person-1", "person-2", "rec-1", "centre-1", "cert-1", "Olu Overseer"} {
		assert.NotContains(t, string(raw), leak)
	}
}

func TestR_CRT_5_VerifyRefuses(t *testing.T) {
	t.Parallel()
	token := issue(t)
	parts := strings.Split(token, ".")
	key := pub(testIssuer().Key)

	t.Run("ErrSignature/TamperedPayload", func(t *testing.T) {
		p := decodePart(t, parts[1])
		p["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Mallory"
		_, err := credential.Verify(parts[0]+"."+encodePart(t, p)+"."+parts[2], key)
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrSignature/TamperedSignature", func(t *testing.T) {
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		require.NoError(t, err)
		sig[0] ^= 1
		_, err = credential.Verify(parts[0]+"."+parts[1]+"."+base64.RawURLEncoding.EncodeToString(sig), key)
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrSignature/WrongKey", func(t *testing.T) {
		_, err := credential.Verify(token, pub(testKey(2)))
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrSignature/SignedByAnotherKey", func(t *testing.T) {
		other := testIssuer()
		other.Key = testKey(3)
		forged, err := credential.Issue(testCertificate(), other)
		require.NoError(t, err)
		_, err = credential.Verify(forged, key)
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrSignature/NotAKey", func(t *testing.T) {
		_, err := credential.Verify(token, ed25519.PublicKey("short"))
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrUnsupported/AlgNone", func(t *testing.T) {
		h := map[string]any{"alg": "none", "typ": "vc+jwt", "kid": "https://eops.example/issuer/keys/1"}
		for _, sig := range []string{"", parts[2]} {
			_, err := credential.Verify(encodePart(t, h)+"."+parts[1]+"."+sig, key)
			assert.ErrorIs(t, err, credential.ErrUnsupported)
		}
	})
	t.Run("ErrUnsupported/AlgHS256", func(t *testing.T) {
		h := map[string]any{"alg": "HS256", "typ": "vc+jwt"}
		_, err := credential.Verify(encodePart(t, h)+"."+parts[1]+"."+parts[2], key)
		assert.ErrorIs(t, err, credential.ErrUnsupported)
	})
	t.Run("ErrUnsupported/WrongTyp", func(t *testing.T) {
		h := map[string]any{"alg": "EdDSA", "typ": "JWT", "kid": "https://eops.example/issuer/keys/1"}
		_, err := credential.Verify(encodePart(t, h)+"."+parts[1]+"."+parts[2], key)
		assert.ErrorIs(t, err, credential.ErrUnsupported)
	})
	t.Run("ErrSignature/SwappedHeader", func(t *testing.T) {
		// A header that passes the checks but is not the one signed.
		h := map[string]any{"alg": "EdDSA", "typ": "vc+jwt", "kid": "https://attacker.example/key"}
		_, err := credential.Verify(encodePart(t, h)+"."+parts[1]+"."+parts[2], key)
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrSignature/HeaderFromAnotherToken", func(t *testing.T) {
		iss := testIssuer()
		iss.KeyID = "https://eops.example/issuer/keys/2"
		other, err := credential.Issue(testCertificate(), iss)
		require.NoError(t, err)
		_, err = credential.Verify(strings.Split(other, ".")[0]+"."+parts[1]+"."+parts[2], key)
		assert.ErrorIs(t, err, credential.ErrSignature)
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		for _, bad := range []string{"", "a.b", "a.b.c.d", "!!!." + parts[1] + "." + parts[2], parts[0] + "." + parts[1]} {
			_, err := credential.Verify(bad, key)
			assert.ErrorIs(t, err, credential.ErrMalformed, "%q", bad)
		}
	})
}

// A signature is not enough: the claims must agree with the credential.
func TestR_CRT_5_VerifyChecksClaims(t *testing.T) {
	t.Parallel()
	iss := testIssuer()
	token := issue(t)
	parts := strings.Split(token, ".")
	resign := func(p map[string]any) string {
		input := parts[0] + "." + encodePart(t, p)
		return input + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(iss.Key, []byte(input)))
	}
	for name, change := range map[string]func(p map[string]any){
		"Iss":       func(p map[string]any) { p["iss"] = "https://other.example" },
		"Jti":       func(p map[string]any) { p["jti"] = "urn:uuid:other" },
		"Sub":       func(p map[string]any) { p["sub"] = "did:example:other" },
		"Nbf":       func(p map[string]any) { p["nbf"] = 1 },
		"Context":   func(p map[string]any) { p["@context"] = []any{"https://www.w3.org/2018/credentials/v1"} },
		"Type":      func(p map[string]any) { p["type"] = []any{"VerifiableCredential"} },
		"Subject":   func(p map[string]any) { p["credentialSubject"].(map[string]any)["type"] = []any{"Other"} },
		"NotYetDue": func(p map[string]any) { p["validFrom"] = "2999-01-01T00:00:00Z"; p["nbf"] = 32472144000 },
	} {
		t.Run("ErrInvalid/"+name, func(t *testing.T) {
			p := decodePart(t, parts[1])
			change(p)
			_, err := credential.Verify(resign(p), pub(iss.Key))
			assert.ErrorIs(t, err, credential.ErrInvalid)
		})
	}
}

func TestR_CRT_5_IssueRefuses(t *testing.T) {
	t.Parallel()
	t.Run("ErrRevoked", func(t *testing.T) {
		c := testCertificate()
		c.RevokedAt = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		c.RevokeReason = "claimed in error"
		_, err := credential.Issue(c, testIssuer())
		assert.ErrorIs(t, err, credential.ErrRevoked)
	})
	for name, change := range map[string]func(*standards.Certificate, *credential.Issuer){
		"NoKey":       func(_ *standards.Certificate, i *credential.Issuer) { i.Key = nil },
		"NoKeyID":     func(_ *standards.Certificate, i *credential.Issuer) { i.KeyID = "" },
		"IssuerNoURI": func(_ *standards.Certificate, i *credential.Issuer) { i.ID = "NAEO" },
		"NoHolder":    func(c *standards.Certificate, _ *credential.Issuer) { c.HolderName = "" },
		"NoSerial":    func(c *standards.Certificate, _ *credential.Issuer) { c.Serial = "" },
		"NoDate":      func(c *standards.Certificate, _ *credential.Issuer) { c.IssuedAt = time.Time{} },
		"BadYear":     func(c *standards.Certificate, _ *credential.Issuer) { c.Year = 1999 },
	} {
		t.Run("ErrInvalid/"+name, func(t *testing.T) {
			c, i := testCertificate(), testIssuer()
			change(&c, &i)
			_, err := credential.Issue(c, i)
			assert.ErrorIs(t, err, credential.ErrInvalid)
		})
	}
	t.Run("ErrInvalid/RelativeVerificationURL", func(t *testing.T) {
		_, err := credential.Issue(testCertificate(), testIssuer(), credential.WithVerificationURL("/verify?code="))
		assert.ErrorIs(t, err, credential.ErrInvalid)
	})
}

func TestPublicJWK(t *testing.T) {
	t.Parallel()
	k := pub(testIssuer().Key)
	raw, err := credential.PublicJWK(k, "https://eops.example/issuer/keys/1")
	require.NoError(t, err)
	var jwk map[string]string
	require.NoError(t, json.Unmarshal(raw, &jwk))
	assert.Equal(t, "OKP", jwk["kty"])
	assert.Equal(t, "Ed25519", jwk["crv"])
	assert.NotContains(t, jwk, "d", "a public JWK never carries the private key")
	x, err := base64.RawURLEncoding.DecodeString(jwk["x"])
	require.NoError(t, err)
	assert.Equal(t, []byte(k), x)

	_, err = credential.PublicJWK(ed25519.PublicKey("short"), "")
	assert.Error(t, err)
}
