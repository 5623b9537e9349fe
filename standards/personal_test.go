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
