package standards

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
)

// HostKey lets a program of a host's, not written in Go, call the library
// over HTTP (the JSON API of issue 22) for the people it serves: a school
// MIS, a trust's portal. The operator issues it (IssueHostKey), names the
// centres it reaches, and gives it an expiry; it can be revoked at any
// time. A call made with it still names the person it acts for, and the
// library's rules apply to that person exactly as in the web app: the key
// adds nothing to what the person may do, it only narrows where (Reaches).
//
// An operator key (Operator) is the one exception: the host, which decides
// who the operator is (R-TRU-3), says through it that the calls made with
// it act as the platform operator, for the operator's own tools. It reaches
// every centre and lasts at most MaxOperatorKeyLife. It still issues and
// revokes no key (the JSON API has no operation for them), so that a
// leaked operator key cannot mint another or hide itself.
//
// The key's secret is shown once, when it is issued, and never kept: the
// store holds its SHA-256 (Hash). A fast hash is enough, unlike for a
// password: the secret is 32 random bytes, so no dictionary or brute force
// finds one from its hash, and a slow hash (bcrypt) would cost every API
// call a tenth of a second for nothing. It also lets the store find a key
// by its hash through an index, with no secret ever compared in Go.
type HostKey struct {
	ID string
	// Name is the operator's label for the host: "Arbor MIS (live)".
	Name string
	// Hash is the hex SHA-256 of the secret (HashHostKeySecret).
	Hash string
	// AllCentres says the key reaches every centre; otherwise it reaches
	// only Centres, by centre number, in every year.
	AllCentres bool
	Centres    []CentreNumber
	IssuedAt   time.Time
	// IssuedBy is the operator's person id.
	IssuedBy  string
	ExpiresAt time.Time
	// Operator says the key is an operator key: the calls through it act
	// as the platform operator (R-TRU-3). Such a key has AllCentres.
	Operator bool
	// RevokedAt is when the key was revoked; zero while it is not.
	RevokedAt time.Time
}

// InForce reports whether the key may be used at now: not revoked, not
// expired.
func (k HostKey) InForce(now time.Time) bool {
	return k.RevokedAt.IsZero() && now.Before(k.ExpiresAt)
}

// Reaches reports whether the key reaches the centre numbered n.
func (k HostKey) Reaches(n CentreNumber) bool {
	return k.AllCentres || slices.Contains(k.Centres, n)
}

// HostKeyRequest is what the operator says of a key to issue.
type HostKeyRequest struct {
	Name string
	// AllCentres, or one or more Centres (numbers, as ParseCentreNumber
	// reads them): exactly one of the two.
	AllCentres bool
	Centres    []string
	// ExpiresAt must be in the future and at most MaxHostKeyLife ahead
	// (MaxOperatorKeyLife for an operator key).
	ExpiresAt time.Time
	// Operator asks for an operator key: the calls through it act as the
	// platform operator (R-TRU-3). It must reach all centres.
	Operator bool
}

// MaxHostKeyLife is the longest a host key may last: a key is rotated
// (a new one issued, the old revoked) at least this often.
const MaxHostKeyLife = 2 * 366 * 24 * time.Hour

// MaxOperatorKeyLife is the longest an operator key may last: it acts as
// the operator everywhere, so a leaked one is worth more and must die
// sooner than a centre's key.
const MaxOperatorKeyLife = 90 * 24 * time.Hour

// maxHostKeyCentres bounds a key's list of centres; a key for more is one
// for all centres.
const maxHostKeyCentres = 1000

// hostKeyPrefix starts every secret, so that one found in a log or a
// repository can be recognised (and searched for by secret scanners).
const hostKeyPrefix = "eops_hk_"

// HashHostKeySecret is the hash a store keeps of a host key's secret.
func HashHostKeySecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newHostKeySecret is 32 random bytes, base64url, after hostKeyPrefix.
func newHostKeySecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hostKeyPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// IssueHostKey issues a host key, as the operator. It returns the key and
// its secret, which is shown to the operator this once and kept nowhere:
// a lost secret is replaced by issuing another key. Rotating a key is
// issuing its successor, giving the host the new secret, and revoking the
// old key once the host uses the new one.
func (s *Service) IssueHostKey(ctx context.Context, actor Actor, in HostKeyRequest) (_ HostKey, secret string, err error) {
	defer s.observe(&ctx, "IssueHostKey").done(&err)
	var v validation
	name, err := cleanName(in.Name)
	v.add("name", err)
	var centres []CentreNumber
	for _, c := range in.Centres {
		n, err := ParseCentreNumber(c)
		v.add("centres", err)
		if err == nil && !slices.Contains(centres, n) {
			centres = append(centres, n)
		}
	}
	slices.Sort(centres)
	v.check(in.AllCentres != (len(in.Centres) > 0), "centres", FieldRequired, nil,
		"name the centres the key reaches, or say it reaches all of them (not both)")
	v.check(len(centres) <= maxHostKeyCentres, "centres", FieldTooMany, params("max", fmt.Sprint(maxHostKeyCentres)),
		fmt.Sprintf("a key names at most %d centres: issue one for all centres instead", maxHostKeyCentres))
	now := s.clock()
	expires := in.ExpiresAt.UTC().Truncate(time.Microsecond)
	v.check(expires.After(now), "expires_at", FieldOutOfRange, params("value", expires.Format(time.RFC3339)),
		"a key's expiry must be in the future")
	if in.Operator {
		// An operator key acts as the operator everywhere: it names no
		// centres, and lives a shorter life than a centre's key.
		v.check(in.AllCentres && len(in.Centres) == 0, "centres", FieldNotAllowed, nil,
			"an operator key reaches all centres: name none")
		v.check(!expires.After(now.Add(MaxOperatorKeyLife)), "expires_at", FieldOutOfRange,
			params("value", expires.Format(time.RFC3339), "max", now.Add(MaxOperatorKeyLife).Format(time.RFC3339)),
			"an operator key lasts at most 90 days: rotate it before then")
	} else {
		v.check(!expires.After(now.Add(MaxHostKeyLife)), "expires_at", FieldOutOfRange, params("value", expires.Format(time.RFC3339)),
			"a key lasts at most two years: rotate it before then")
	}
	if err := v.err(); err != nil {
		return HostKey{}, "", err
	}
	var key HostKey
	secret = newHostKeySecret()
	err = s.update(ctx, actor, actIssueHostKey, func(c *call) error {
		if err := authorize(actIssueHostKey, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		key = HostKey{ID: c.newID(), Name: name, Hash: HashHostKeySecret(secret), AllCentres: in.AllCentres,
			Centres: centres, IssuedAt: c.now, IssuedBy: c.person.ID, ExpiresAt: expires, Operator: in.Operator}
		if err := c.tx.CreateHostKey(c.ctx, key); err != nil {
			return err
		}
		scope := "all centres"
		if !key.AllCentres {
			scope = "centres " + joinCentres(key.Centres)
		}
		kind := "host key"
		if key.Operator {
			kind = "operator key" // the trail says a key that acts as the operator was made
		}
		return c.audit("hostkey.issue", "hostkey/"+key.ID, "",
			fmt.Sprintf("issued the %s %q for %s, until %s", kind, key.Name, scope, Day(key.ExpiresAt).Format("2 January 2006")))
	})
	if err != nil {
		return HostKey{}, "", err
	}
	return key, secret, nil
}

func joinCentres(ns []CentreNumber) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// RevokeHostKey revokes a host key, as the operator: from now on every call
// made with it is refused, and the webhook endpoints registered through it
// are disabled (WebhookKeyRevokedReason), in the same transaction, so that
// its host hears of nothing more. Revoking a revoked key changes nothing
// and returns it as it is.
func (s *Service) RevokeHostKey(ctx context.Context, actor Actor, keyID string) (_ HostKey, err error) {
	defer s.observe(&ctx, "RevokeHostKey").done(&err)
	var key HostKey
	err = s.update(ctx, actor, actIssueHostKey, func(c *call) error {
		if err := authorize(actIssueHostKey, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		k, err := c.tx.HostKey(c.ctx, keyID)
		if err != nil {
			return err
		}
		key = k
		if !k.RevokedAt.IsZero() {
			return nil
		}
		key.RevokedAt = c.now
		if err := c.tx.RevokeHostKey(c.ctx, k.ID, c.now); err != nil {
			return err
		}
		endpoints, err := c.tx.WebhookEndpoints(c.ctx)
		if err != nil {
			return err
		}
		disabled := 0
		for _, w := range endpoints {
			if w.HostKeyID != k.ID || w.Disabled {
				continue
			}
			w.Disabled, w.DisabledReason, w.Version = true, WebhookKeyRevokedReason, w.Version+1
			if err := c.tx.UpdateWebhookEndpoint(c.ctx, w, ""); err != nil {
				return err
			}
			disabled++
		}
		summary := fmt.Sprintf("revoked the host key %q", k.Name)
		if disabled > 0 {
			summary += fmt.Sprintf(" and disabled its %d webhook endpoint(s)", disabled)
		}
		return c.audit("hostkey.revoke", "hostkey/"+k.ID, "", summary)
	})
	return key, err
}

// HostKeys lists every host key, revoked and expired ones too, as the
// operator sees them: newest first. No secret is in them.
func (s *Service) HostKeys(ctx context.Context, actor Actor) (_ []HostKey, err error) {
	defer s.observe(&ctx, "HostKeys").done(&err)
	var keys []HostKey
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actViewHostKeys, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		keys, err = c.tx.HostKeys(c.ctx)
		return err
	})
	return keys, err
}

// HostKeyFor finds the key whose secret a host presented, for the API's
// authentication: the host's own call, taking no actor. A secret that
// names no key, or a key revoked or expired, is ErrUnauthenticated, the
// same error for each, so that a caller learns nothing of which keys
// exist.
func (s *Service) HostKeyFor(ctx context.Context, secret string) (_ HostKey, err error) {
	defer s.observe(&ctx, "HostKeyFor").done(&err)
	if !strings.HasPrefix(secret, hostKeyPrefix) || len(secret) > 200 {
		return HostKey{}, ErrUnauthenticated
	}
	var key HostKey
	err = s.storeView(ctx, func(tx Tx) error {
		var err error
		key, err = tx.HostKeyByHash(ctx, HashHostKeySecret(secret))
		return err
	})
	switch {
	case errors.Is(err, ErrNotFound):
		return HostKey{}, ErrUnauthenticated
	case err != nil:
		return HostKey{}, outward(err)
	case !key.InForce(s.clock()):
		return HostKey{}, ErrUnauthenticated
	}
	return key, nil
}

// HostKeyStore keeps host keys. Only hashes of their secrets are stored.
type HostKeyStore interface {
	// CreateHostKey stores a new key: ErrConflict if its ID or Hash is
	// taken.
	CreateHostKey(ctx context.Context, k HostKey) error
	// HostKey returns the key with id, or ErrNotFound.
	HostKey(ctx context.Context, id string) (HostKey, error)
	// HostKeyByHash returns the key whose Hash is hash, or ErrNotFound.
	HostKeyByHash(ctx context.Context, hash string) (HostKey, error)
	// HostKeys lists every key, newest issued first, then by ID.
	HostKeys(ctx context.Context) ([]HostKey, error)
	// RevokeHostKey sets the key's RevokedAt to at: ErrNotFound if there is
	// no such key.
	RevokeHostKey(ctx context.Context, id string, at time.Time) error
}
