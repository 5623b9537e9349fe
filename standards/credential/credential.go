package credential

import (
	"crypto/ed25519"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// The JSON-LD contexts of an Open Badges 3.0 credential on the W3C
// Verifiable Credentials Data Model 2.0, in the order the spec requires.
const (
	ContextVC = "https://www.w3.org/ns/credentials/v2"
	ContextOB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// The JOSE header values of every token this package issues and the only
// ones Verify accepts.
const (
	Algorithm = "EdDSA"
	MediaType = "vc+jwt"
)

// Errors that Issue and Verify wrap; test them with errors.Is.
var (
	// ErrRevoked: a revoked certificate is never exported (R-CRT-3).
	ErrRevoked = errors.New("credential: the certificate is revoked")
	// ErrMalformed: the token is not a compact JWS of this package's shape.
	ErrMalformed = errors.New("credential: malformed token")
	// ErrUnsupported: the header names another algorithm or type.
	ErrUnsupported = errors.New("credential: unsupported token header")
	// ErrSignature: the signature does not match the public key.
	ErrSignature = errors.New("credential: signature does not verify")
	// ErrInvalid: the signed credential breaks a rule of Open Badges 3.0;
	// from Issue and New, also an Issuer without a key, key id or URI, or a
	// certificate that cannot be issued (no serial, revoked).
	ErrInvalid = errors.New("credential: invalid credential")
)

// Issuer is the operator that signs credentials: its Open Badges issuer
// profile and its Ed25519 key.
type Issuer struct {
	// ID is the issuer profile's URI, e.g. https://eops.example/issuer;
	// it is also the JWT's iss claim.
	ID string
	// Name is shown to whoever checks the credential, e.g. "NAEO".
	Name string
	// URL is the issuer's home page; optional.
	URL string
	// Key signs the credential. It never leaves the host.
	Key ed25519.PrivateKey
	// KeyID names the key in the JOSE header (kid): by Open Badges 3.0 a
	// URI that resolves to the public key as a JWK (see [PublicJWK]).
	KeyID string
}

// joseHeader is the JOSE header of a credential token.
type joseHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
	Kid string `json:"kid"`
}

// Claims is the JWT payload: the OpenBadgeCredential itself, as the VC Data
// Model 2.0 secures it (no "vc" claim), plus the registered claims that Open
// Badges 3.0 asks for, each a copy of a credential property.
type Claims struct {
	Credential
	Iss string `json:"iss"` // issuer.id
	Jti string `json:"jti"` // id
	Sub string `json:"sub"` // credentialSubject.id
	Nbf int64  `json:"nbf"` // validFrom, seconds since 1970
}

// Credential is an Open Badges 3.0 OpenBadgeCredential.
type Credential struct {
	Context           []string           `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Issuer            Profile            `json:"issuer"`
	ValidFrom         time.Time          `json:"validFrom"`
	Name              string             `json:"name"`
	Description       string             `json:"description,omitempty"`
	CredentialSubject AchievementSubject `json:"credentialSubject"`
}

// Profile is an Open Badges Profile: the issuer, or the centre.
type Profile struct {
	ID              string            `json:"id"`
	Type            []string          `json:"type"`
	Name            string            `json:"name"`
	URL             string            `json:"url,omitempty"`
	OtherIdentifier []IdentifierEntry `json:"otherIdentifier,omitempty"`
}

// IdentifierEntry is another identifier of a profile: the centre number.
type IdentifierEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

// AchievementSubject is the holder and what they achieved. The holder is
// named, not identified by e-mail: the name is an IdentityObject of type
// "name", in the clear, as on the printed certificate.
type AchievementSubject struct {
	ID         string           `json:"id"`
	Type       []string         `json:"type"`
	Identifier []IdentityObject `json:"identifier"`
	// Source is the centre at which the holder met the standards; its
	// overseer claimed the certificate.
	Source *Profile `json:"source,omitempty"`
	// Term is the academic year, written 2025/26.
	Term        string      `json:"term,omitempty"`
	Achievement Achievement `json:"achievement"`
}

// IdentityObject identifies the holder.
type IdentityObject struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
}

// Achievement is the year's standard.
type Achievement struct {
	ID          string   `json:"id"`
	Type        []string `json:"type"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Criteria    Criteria `json:"criteria"`
}

// Criteria says how the achievement is earned.
type Criteria struct {
	Narrative string `json:"narrative"`
}

// HolderName is the holder's name, from the subject's "name" identifier.
func (c Credential) HolderName() string {
	for _, id := range c.CredentialSubject.Identifier {
		if id.IdentityType == "name" && !id.Hashed {
			return id.IdentityHash
		}
	}
	return ""
}

// Option changes how Issue builds a credential.
type Option func(*options)

type options struct {
	verificationURL string
	subjectID       string
}

// WithVerificationURL makes the credential's id the address at which the
// certificate is verified: prefix followed by the verification code, so
// pass e.g. "https://eops.example/verify?code=". Without it the id is a
// urn:uuid derived from the serial number.
func WithVerificationURL(prefix string) Option {
	return func(o *options) { o.verificationURL = prefix }
}

// WithSubjectID sets credentialSubject.id (and the sub claim), e.g. to a DID
// the holder gave for their wallet. Without it the subject gets a urn:uuid
// derived from the serial number, which says nothing about the person.
func WithSubjectID(uri string) Option {
	return func(o *options) { o.subjectID = uri }
}

// achievementName is the name of the year's standard: "Exams Officer
// Professional Standards 2025/26".
func achievementName(y standards.AcademicYear) string {
	return "Exams Officer Professional Standards " + y.String()
}

// New builds the unsigned credential for c. Issue signs it; a host that
// wants to show what it will sign can call New first.
func New(c standards.Certificate, iss Issuer, opts ...Option) (Credential, error) {
	if c.Revoked() {
		return Credential{}, fmt.Errorf("%w: %s", ErrRevoked, c.Serial)
	}
	if c.Serial == "" || c.VerificationCode == "" || c.HolderName == "" || c.IssuedAt.IsZero() {
		return Credential{}, fmt.Errorf("%w: the certificate needs a serial, a verification code, a holder name and a date issued", ErrInvalid)
	}
	if err := c.Year.Validate(); err != nil {
		return Credential{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if !isURI(iss.ID) || iss.Name == "" {
		return Credential{}, fmt.Errorf("%w: the issuer needs a URI as its ID and a name", ErrInvalid)
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	id := uuidURN("credential:" + c.Serial)
	if o.verificationURL != "" {
		id = o.verificationURL + url.QueryEscape(c.VerificationCode)
		if !isURI(id) {
			return Credential{}, fmt.Errorf("%w: the verification URL %q is not an absolute URL", ErrInvalid, id)
		}
	}
	subject := uuidURN("subject:" + c.Serial)
	if o.subjectID != "" {
		if !isURI(o.subjectID) {
			return Credential{}, fmt.Errorf("%w: the subject id %q is not a URI", ErrInvalid, o.subjectID)
		}
		subject = o.subjectID
	}
	name := achievementName(c.Year)
	cred := Credential{
		Context: []string{ContextVC, ContextOB},
		ID:      id,
		Type:    []string{"VerifiableCredential", "OpenBadgeCredential"},
		Issuer: Profile{
			ID:   iss.ID,
			Type: []string{"Profile"},
			Name: iss.Name,
			URL:  iss.URL,
		},
		ValidFrom:   c.IssuedAt.UTC().Truncate(time.Second),
		Name:        name,
		Description: description(c),
		CredentialSubject: AchievementSubject{
			ID:   subject,
			Type: []string{"AchievementSubject"},
			Identifier: []IdentityObject{{
				Type:         "IdentityObject",
				Hashed:       false,
				IdentityHash: c.HolderName,
				IdentityType: "name",
			}},
			Term: c.Year.String(),
			Achievement: Achievement{
				ID:   uuidURN("achievement:" + c.Year.String()),
				Type: []string{"Achievement"},
				Name: name,
				Description: "The annual certificate of the Exams Officer Professional Standards, " +
					"the CPD framework for exams officers in UK schools and colleges, for the academic year " + c.Year.String() + ".",
				Criteria: Criteria{Narrative: "The exams officer agreed targets with an overseer at their centre, " +
					"met with them through the year, completed their CPD and signed the year's statement; " +
					"the overseer then claimed the certificate."},
			},
		},
	}
	if c.CentreName != "" || c.CentreNumber != "" {
		centre := &Profile{
			ID:   uuidURN("centre:" + string(c.CentreNumber)),
			Type: []string{"Profile"},
			Name: c.CentreName,
		}
		if c.CentreNumber != "" {
			centre.OtherIdentifier = []IdentifierEntry{{
				Type:           "IdentifierEntry",
				Identifier:     string(c.CentreNumber),
				IdentifierType: "identifier",
			}}
		}
		cred.CredentialSubject.Source = centre
	}
	return cred, nil
}

func description(c standards.Certificate) string {
	s := c.HolderName + " met the Exams Officer Professional Standards for " + c.Year.String()
	if c.CentreName != "" {
		s += " at " + c.CentreName
		if c.CentreNumber != "" {
			s += " (centre " + string(c.CentreNumber) + ")"
		}
	}
	return s + ". Certificate " + c.Serial + "."
}

// Issue exports c as an Open Badges 3.0 OpenBadgeCredential signed with the
// issuer's Ed25519 key, in the JOSE compact serialisation (a VC-JWT):
// header.payload.signature. A revoked certificate is refused with
// ErrRevoked.
func Issue(c standards.Certificate, iss Issuer, opts ...Option) (string, error) {
	if len(iss.Key) != ed25519.PrivateKeySize {
		return "", fmt.Errorf("%w: the issuer needs an Ed25519 private key", ErrInvalid)
	}
	if iss.KeyID == "" {
		return "", fmt.Errorf("%w: the issuer needs a key id (kid)", ErrInvalid)
	}
	cred, err := New(c, iss, opts...)
	if err != nil {
		return "", err
	}
	header, err := json.Marshal(joseHeader{Alg: Algorithm, Typ: MediaType, Kid: iss.KeyID})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(Claims{
		Credential: cred,
		Iss:        cred.Issuer.ID,
		Jti:        cred.ID,
		Sub:        cred.CredentialSubject.ID,
		Nbf:        cred.ValidFrom.Unix(),
	})
	if err != nil {
		return "", err
	}
	signingInput := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	sig := ed25519.Sign(iss.Key, []byte(signingInput))
	return signingInput + "." + b64.EncodeToString(sig), nil
}

// Verify checks a token made by Issue with nothing but the issuer's public
// key, and returns its claims. It refuses any header but alg EdDSA and typ
// vc+jwt (so never "none"), a signature that does not match pub, and a
// credential whose claims disagree with its properties or whose validFrom
// is in the future.
//
// Verify says nothing of revocation: the certificate's verification page
// (R-CRT-2) does.
func Verify(token string, pub ed25519.PublicKey) (Claims, error) {
	return verifyAt(token, pub, time.Now())
}

// clockSkew is how far in the future validFrom may be, for servers whose
// clocks disagree a little.
const clockSkew = 5 * time.Minute

func verifyAt(token string, pub ed25519.PublicKey, now time.Time) (Claims, error) {
	if len(pub) != ed25519.PublicKeySize {
		return Claims{}, fmt.Errorf("%w: not an Ed25519 public key", ErrSignature)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Claims{}, fmt.Errorf("%w: want three dot-separated parts, have %d", ErrMalformed, len(parts))
	}
	rawHeader, err := b64.DecodeString(parts[0])
	if err != nil {
		return Claims{}, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	var h map[string]any
	if err := json.Unmarshal(rawHeader, &h); err != nil {
		return Claims{}, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	if h["alg"] != Algorithm {
		return Claims{}, fmt.Errorf("%w: alg %v, want %s", ErrUnsupported, h["alg"], Algorithm)
	}
	if h["typ"] != MediaType {
		return Claims{}, fmt.Errorf("%w: typ %v, want %s", ErrUnsupported, h["typ"], MediaType)
	}
	if _, ok := h["crit"]; ok {
		return Claims{}, fmt.Errorf("%w: crit is not supported", ErrUnsupported)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Claims{}, fmt.Errorf("%w: bad signature encoding", ErrSignature)
	}
	if !ed25519.Verify(pub, []byte(parts[0]+"."+parts[1]), sig) {
		return Claims{}, ErrSignature
	}
	rawPayload, err := b64.DecodeString(parts[1])
	if err != nil {
		return Claims{}, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
	}
	var cl Claims
	if err := json.Unmarshal(rawPayload, &cl); err != nil {
		return Claims{}, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
	}
	if err := check(cl, now); err != nil {
		return Claims{}, err
	}
	return cl, nil
}

// check applies the rules Open Badges 3.0 sets for a VC-JWT's claims.
func check(cl Claims, now time.Time) error {
	c := cl.Credential
	switch {
	case len(c.Context) < 2 || c.Context[0] != ContextVC || !contains(c.Context, ContextOB):
		return fmt.Errorf("%w: @context must start with %s and include %s", ErrInvalid, ContextVC, ContextOB)
	case !contains(c.Type, "VerifiableCredential") || !contains(c.Type, "OpenBadgeCredential"):
		return fmt.Errorf("%w: type must include VerifiableCredential and OpenBadgeCredential", ErrInvalid)
	case !contains(c.CredentialSubject.Type, "AchievementSubject"):
		return fmt.Errorf("%w: credentialSubject.type must include AchievementSubject", ErrInvalid)
	case cl.Iss != c.Issuer.ID:
		return fmt.Errorf("%w: iss %q is not issuer.id %q", ErrInvalid, cl.Iss, c.Issuer.ID)
	case cl.Jti != c.ID:
		return fmt.Errorf("%w: jti %q is not id %q", ErrInvalid, cl.Jti, c.ID)
	case cl.Sub != c.CredentialSubject.ID:
		return fmt.Errorf("%w: sub %q is not credentialSubject.id %q", ErrInvalid, cl.Sub, c.CredentialSubject.ID)
	case c.ValidFrom.IsZero() || cl.Nbf != c.ValidFrom.Unix():
		return fmt.Errorf("%w: nbf %d is not validFrom %s", ErrInvalid, cl.Nbf, c.ValidFrom.Format(time.RFC3339))
	case c.ValidFrom.After(now.Add(clockSkew)):
		return fmt.Errorf("%w: not valid until %s", ErrInvalid, c.ValidFrom.Format(time.RFC3339))
	}
	return nil
}

// PublicJWK returns pub as a JSON Web Key (RFC 8037: kty OKP, crv Ed25519)
// named kid, for the host to publish at the key id's address so that a
// verifier can fetch it.
func PublicJWK(pub ed25519.PublicKey, kid string) ([]byte, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("credential: not an Ed25519 public key")
	}
	return json.Marshal(struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		X   string `json:"x"`
		Kid string `json:"kid,omitempty"`
		Alg string `json:"alg"`
		Use string `json:"use"`
	}{"OKP", "Ed25519", b64.EncodeToString(pub), kid, Algorithm, "sig"})
}

// b64 is base64url without padding, as JOSE requires.
var b64 = base64.RawURLEncoding

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func isURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

// namespace is the UUID namespace of this package's name-based ids.
var namespace = [16]byte{0x5e, 0x0c, 0x9a, 0x1d, 0x3b, 0x6f, 0x4c, 0x8e, 0x9d, 0x2a, 0x71, 0x44, 0x0b, 0xe3, 0xc5, 0x17}

// uuidURN returns a name-based (version 5, RFC 9562) UUID URN for name, so
// that exporting the same certificate twice gives the same ids, and the ids
// reveal nothing but what the certificate already shows.
func uuidURN(name string) string {
	h := sha1.New() // UUID version 5 is defined on SHA-1; nothing here relies on its strength
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
