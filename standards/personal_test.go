package standards_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestPersonalDataExportAndErase(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.eligibleRecord(t)
	cert, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)

	out, err := f.svc.ExportPerson(ctx, eoActor, f.eo.PersonID)
	require.NoError(t, err)
	assert.Equal(t, eoActor.Email, out.Person.Email)
	require.Len(t, out.Records, 1)
	assert.Len(t, out.Records[0].Targets, 2)
	assert.Len(t, out.Records[0].Signatures, 2)
	require.Len(t, out.Certificates, 1)
	b, err := json.Marshal(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), cert.Serial, "the export is plain JSON")

	_, err = f.svc.ExportPerson(ctx, slActor, f.eo.PersonID)
	require.ErrorIs(t, err, standards.ErrNotFound, "not even an overseer reads someone's whole file")
	_, err = f.svc.ExportPerson(ctx, operatorActor, f.eo.PersonID)
	require.NoError(t, err)

	require.ErrorIs(t, f.svc.ErasePerson(ctx, adminActor, f.eo.PersonID), standards.ErrForbidden)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, f.eo.PersonID))
	require.ErrorIs(t, f.svc.ErasePerson(ctx, operatorActor, f.eo.PersonID), standards.ErrConflict)

	// The certificate is revoked and nameless; the history stays, nameless.
	v, err := f.svc.Verify(ctx, cert.VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, standards.CertificateRevoked, v.Status)
	assert.Equal(t, standards.ErasedName, v.HolderName)
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	m, ok := roster.Member(f.eo.ID)
	require.True(t, ok, "the registration stays")
	assert.Equal(t, standards.ErasedName, m.Person.Name)
	assert.NotContains(t, m.Person.Email, "eo@riverside")
	tr, err := f.svc.Tracker(ctx, slActor, rec)
	require.NoError(t, err)
	assert.Len(t, tr.Targets, 2, "the record's figures still add up")

	// Both were audited, as platform-wide entries.
	var platform []standards.AuditEntry
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) (err error) {
		platform, err = tx.AuditByCentre(ctx, "", 0, 100)
		return err
	}))
	actions := map[string]int{}
	for _, e := range platform {
		actions[e.Action]++
	}
	assert.Equal(t, 2, actions["person.export"])
	assert.Equal(t, 1, actions["person.erase"])
}

// After erasure no trail names the person: entries they made and summaries
// that named them read "an erased person", and the erasure itself is in the
// platform's trail, which the operator reads through the Service.
func TestErasureLeavesTheTrailsAnonymous(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	// Eve acts at the centre, and a colleague names her in the trail.
	_, _, err := f.svc.ProposeTarget(ctx, eoActor, recordOf(t, f.svc, eoActor), standards.TargetInput{Area: standards.AreaKnowledge, Title: "Entries"})
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, f.eo.PersonID))

	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	platform, err := f.svc.PlatformTrail(ctx, operatorActor, 0, standards.MaxPage)
	require.NoError(t, err)
	var hers int
	for _, e := range append(trail, platform...) {
		assert.NotContains(t, e.Actor, eoActor.Email, "entry %d", e.Seq)
		assert.NotContains(t, e.Summary, eoActor.Email, "entry %d", e.Seq)
		assert.NotContains(t, e.Summary, eoActor.Name, "entry %d", e.Seq)
		if e.ActorID == f.eo.PersonID {
			hers++
			assert.Equal(t, standards.AnErasedPerson, e.Actor)
		}
	}
	assert.Positive(t, hers, "her own entries stay, nameless")
	assert.Equal(t, "person.erase", platform[0].Action, "the erasure shows in the platform's trail")

	_, err = f.svc.PlatformTrail(ctx, adminActor, 0, 10)
	assert.ErrorIs(t, err, standards.ErrForbidden)
}
