package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var hostKeyTests = []test{
	{"RoundTrip", testHostKeyRoundTrip},
	{"DuplicateHash", testHostKeyDuplicateHash},
	{"NotFound", testHostKeyNotFound},
	{"Revoke", testHostKeyRevoke},
}

// hostKey is key n: for all centres when n is even, else for two; an
// operator key when n is a multiple of 4.
func hostKey(n int) standards.HostKey {
	k := standards.HostKey{
		ID:        id("h", n),
		Name:      "Host " + id("", n),
		Hash:      standards.HashHostKeySecret(id("secret", n)),
		IssuedAt:  at(n),
		IssuedBy:  person(1).ID,
		ExpiresAt: at(n + 60*24*365),
	}
	if n%2 == 0 {
		k.AllCentres = true
		k.Operator = n%4 == 0
	} else {
		k.Centres = []standards.CentreNumber{centre(1).Number, centre(2).Number}
	}
	return k
}

// testHostKeyRoundTrip: a key is read back whole by id and by hash, an
// operator key's Operator too, and the list is newest issued first.
func testHostKeyRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	older, newer, operator := hostKey(1), hostKey(2), hostKey(4)
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.CreateHostKey(ctx, older))
		assert.NoError(t, tx.CreateHostKey(ctx, newer))
		assert.NoError(t, tx.CreateHostKey(ctx, operator))
	})
	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.HostKey{older, newer, operator} {
			got, err := tx.HostKey(ctx, want.ID)
			assertFound(t, want, got, err, "HostKey(%s)", want.ID)
			got, err = tx.HostKeyByHash(ctx, want.Hash)
			assertFound(t, want, got, err, "HostKeyByHash(%s)", want.Hash)
		}
		got, err := tx.HostKeys(ctx)
		assertFound(t, []standards.HostKey{operator, newer, older}, got, err, "HostKeys, newest first")
	})
}

// testHostKeyDuplicateHash: two keys never share a hash (nor an id).
func testHostKeyDuplicateHash(t *testing.T, s standards.Store) {
	ctx := t.Context()
	first := hostKey(1)
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.CreateHostKey(ctx, first)) })
	sameHash := hostKey(3)
	sameHash.Hash = first.Hash
	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateHostKey(ctx, sameHash) })
	sameID := hostKey(3)
	sameID.ID = first.ID
	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateHostKey(ctx, sameID) })
}

func testHostKeyNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.CreateHostKey(ctx, hostKey(1))) })
	assertNotFound(t, s, func(tx standards.Tx) error { _, err := tx.HostKey(ctx, id("h", 9)); return err })
	assertNotFound(t, s, func(tx standards.Tx) error {
		_, err := tx.HostKeyByHash(ctx, standards.HashHostKeySecret("nobody's"))
		return err
	})
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.RevokeHostKey(ctx, id("h", 9), at(5)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.HostKeys(ctx)
		assertFound(t, []standards.HostKey{hostKey(1)}, got, err, "a missing key's revocation changed nothing")
	})
}

// testHostKeyRevoke: a revocation keeps its time, and touches only its key.
func testHostKeyRevoke(t *testing.T, s standards.Store) {
	ctx := t.Context()
	revoked, other := hostKey(1), hostKey(2)
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.CreateHostKey(ctx, revoked))
		assert.NoError(t, tx.CreateHostKey(ctx, other))
	})
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.RevokeHostKey(ctx, revoked.ID, at(30))) })
	revoked.RevokedAt = at(30)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.HostKeyByHash(ctx, revoked.Hash)
		assertFound(t, revoked, got, err, "the revoked key")
		got, err = tx.HostKey(ctx, other.ID)
		assertFound(t, other, got, err, "the other key is not revoked")
	})
}
