package standards_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// hostKeyRequest is a key for the fixture's centre, for a year.
func hostKeyRequest(f *fixture) standards.HostKeyRequest {
	return standards.HostKeyRequest{Name: "Arbor MIS (live)", Centres: []string{string(f.centre.Number)},
		ExpiresAt: f.clock.now().Add(365 * 24 * time.Hour)}
}

// issueHostKey issues the fixture's key as the operator and returns its
// secret.
func (f *fixture) issueHostKey(t *testing.T) (standards.HostKey, string) {
	t.Helper()
	k, secret, err := f.svc.IssueHostKey(t.Context(), operatorActor, hostKeyRequest(f))
	require.NoError(t, err)
	return k, secret
}

// hostKeyID is the id of the newest key.
func (f *fixture) hostKeyID(ctx context.Context) string {
	keys, err := f.svc.HostKeys(ctx, operatorActor)
	if err != nil || len(keys) == 0 {
		return "no key"
	}
	return keys[0].ID
}

// TestHostKeyIsShownOnceAndStoredHashed: the secret comes back from
// IssueHostKey and finds its key; the store holds only its hash.
func TestHostKeyIsShownOnceAndStoredHashed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	k, secret := f.issueHostKey(t)
	assert.True(t, strings.HasPrefix(secret, "eops_hk_"), "a secret says what it is: %q", secret)
	assert.GreaterOrEqual(t, len(secret), len("eops_hk_")+43, "32 random bytes, base64url")
	assert.Equal(t, standards.HashHostKeySecret(secret), k.Hash)
	assert.Equal(t, []standards.CentreNumber{f.centre.Number}, k.Centres)
	assert.False(t, k.AllCentres)

	found, err := f.svc.HostKeyFor(ctx, secret)
	require.NoError(t, err)
	assert.Equal(t, k, found)
	assert.True(t, found.Reaches(f.centre.Number))
	assert.False(t, found.Reaches(f.other.Number), "a key reaches only the centres it names")

	keys, err := f.svc.HostKeys(ctx, operatorActor)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.NotContains(t, keys[0].Hash+keys[0].Name+keys[0].ID, secret, "the secret is kept nowhere")

	_, second, err := f.svc.IssueHostKey(ctx, operatorActor, hostKeyRequest(f))
	require.NoError(t, err)
	assert.NotEqual(t, secret, second, "every key has its own secret")
}

// TestHostKeyRefusedAlikeWhenUnknownRevokedOrExpired: the three answer the
// same ErrUnauthenticated, so that a caller cannot tell them apart.
func TestHostKeyRefusedAlikeWhenUnknownRevokedOrExpired(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	k, secret := f.issueHostKey(t)

	for _, bad := range []string{"", "eops_hk_nope", "Bearer " + secret, secret + "x", strings.ToUpper(secret)} {
		_, err := f.svc.HostKeyFor(ctx, bad)
		assert.ErrorIs(t, err, standards.ErrUnauthenticated, "%q", bad)
	}

	_, expiring, err := f.svc.IssueHostKey(ctx, operatorActor, standards.HostKeyRequest{Name: "Short", AllCentres: true,
		ExpiresAt: f.clock.now().Add(time.Hour)})
	require.NoError(t, err)
	f.clock.t = f.clock.t.Add(time.Hour)
	_, err = f.svc.HostKeyFor(ctx, expiring)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated, "an expired key")

	revoked, err := f.svc.RevokeHostKey(ctx, operatorActor, k.ID)
	require.NoError(t, err)
	assert.Equal(t, f.clock.now(), revoked.RevokedAt)
	_, err = f.svc.HostKeyFor(ctx, secret)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated, "a revoked key")

	before := f.snapshot(t)
	again, err := f.svc.RevokeHostKey(ctx, operatorActor, k.ID)
	require.NoError(t, err)
	assert.Equal(t, revoked, again, "revoking twice keeps the first revocation")
	assert.Equal(t, before, f.snapshot(t), "and writes nothing")

	_, err = f.svc.RevokeHostKey(ctx, operatorActor, "01NOSUCHKEY")
	assert.ErrorIs(t, err, standards.ErrNotFound)
}

func TestIssueHostKeyNamesEveryBadField(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	now := f.clock.now()
	for name, c := range map[string]struct {
		in     standards.HostKeyRequest
		fields []string
	}{
		"Nothing":       {standards.HostKeyRequest{}, []string{"name", "centres", "expires_at"}},
		"BothScopes":    {standards.HostKeyRequest{Name: "A", AllCentres: true, Centres: []string{"12345"}, ExpiresAt: now.Add(time.Hour)}, []string{"centres"}},
		"BadCentre":     {standards.HostKeyRequest{Name: "A", Centres: []string{"12"}, ExpiresAt: now.Add(time.Hour)}, []string{"centres"}},
		"Past":          {standards.HostKeyRequest{Name: "A", AllCentres: true, ExpiresAt: now}, []string{"expires_at"}},
		"TooLong":       {standards.HostKeyRequest{Name: "A", AllCentres: true, ExpiresAt: now.Add(standards.MaxHostKeyLife + time.Second)}, []string{"expires_at"}},
		"ControlInName": {standards.HostKeyRequest{Name: "A\x00", AllCentres: true, ExpiresAt: now.Add(time.Hour)}, []string{"name"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := f.svc.IssueHostKey(t.Context(), operatorActor, c.in)
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve)
			var got []string
			for _, fe := range ve.Fields {
				if len(got) == 0 || got[len(got)-1] != fe.Field {
					got = append(got, fe.Field)
				}
			}
			assert.Equal(t, c.fields, got)
		})
	}
}

// TestR_TRU_3_AnOperatorKeyReachesAllCentresForAtMost90Days: the host may
// issue a key whose calls act as the operator (R-TRU-3), but only one that
// reaches every centre and dies within MaxOperatorKeyLife; its audit entry
// says it is an operator key, and the key is stored as one.
func TestR_TRU_3_AnOperatorKeyReachesAllCentresForAtMost90Days(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	now := f.clock.now()
	for name, c := range map[string]struct {
		in    standards.HostKeyRequest
		field string
		code  standards.FieldCode
	}{
		"NamedCentres": {standards.HostKeyRequest{Name: "Ops tools", Operator: true, Centres: []string{string(f.centre.Number)},
			ExpiresAt: now.Add(time.Hour)}, "centres", standards.FieldNotAllowed},
		"BeyondNinetyDays": {standards.HostKeyRequest{Name: "Ops tools", Operator: true, AllCentres: true,
			ExpiresAt: now.Add(standards.MaxOperatorKeyLife + time.Second)}, "expires_at", standards.FieldOutOfRange},
		"AYear": {standards.HostKeyRequest{Name: "Ops tools", Operator: true, AllCentres: true,
			ExpiresAt: now.Add(365 * 24 * time.Hour)}, "expires_at", standards.FieldOutOfRange},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := f.svc.IssueHostKey(ctx, operatorActor, c.in)
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Fields, 1, "%v", ve.Fields)
			assert.Equal(t, c.field, ve.Fields[0].Field)
			assert.Equal(t, c.code, ve.Fields[0].Code)
		})
	}
	assert.Less(t, standards.MaxOperatorKeyLife, standards.MaxHostKeyLife)

	k, secret, err := f.svc.IssueHostKey(ctx, operatorActor, standards.HostKeyRequest{Name: "Ops tools", Operator: true,
		AllCentres: true, ExpiresAt: now.Add(standards.MaxOperatorKeyLife)})
	require.NoError(t, err, "exactly 90 days is allowed")
	assert.True(t, k.Operator)
	found, err := f.svc.HostKeyFor(ctx, secret)
	require.NoError(t, err)
	assert.True(t, found.Operator, "the store keeps that it is an operator key")
	trail, err := f.svc.PlatformTrail(ctx, operatorActor, 0, 1)
	require.NoError(t, err)
	require.Len(t, trail, 1)
	assert.Equal(t, "hostkey.issue", trail[0].Action)
	assert.Contains(t, trail[0].Summary, `issued the operator key "Ops tools" for all centres`)

	ordinary, _ := f.issueHostKey(t)
	assert.False(t, ordinary.Operator, "a key is an operator key only when asked for")
}

// TestR_AUD_1_TheAuditNamesTheHostBesideThePerson: a person acting through
// a host's program (Actor.Via) is recorded as themselves, with the
// program beside them.
func TestR_AUD_1_TheAuditNamesTheHostBesideThePerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	via := eoActor
	via.Via = "host key Arbor MIS (live)"
	_, err := f.svc.CorrectMyName(ctx, via, "Eve Officer-Jones")
	require.NoError(t, err)
	var entries []standards.AuditEntry
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) error {
		entries, err = tx.AuditByCentre(ctx, "", 0, 1)
		return err
	}))
	require.Len(t, entries, 1)
	assert.Equal(t, eoActor.Email, entries[0].Actor)
	assert.Equal(t, f.eo.PersonID, entries[0].ActorID)
	assert.Equal(t, "host key Arbor MIS (live)", entries[0].Via)

	bad := eoActor
	bad.Via = "bad\x00"
	_, err = f.svc.CorrectMyName(ctx, bad, "Eve")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "actor.via", ve.Fields[0].Field)
}
