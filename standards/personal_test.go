package standards_test

import (
	"encoding/json"
	"strings"
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

// TestErasingThePersonActingLeavesNoAddressOfTheirs: the operator may
// erase the very person the call names (a host's operator key names whom
// it likes, the operator's own person too); the erasure's own entry,
// written after the trails were redacted, must not name that person's
// address again as its actor. It stays in the platform's trail, nameless,
// as the operator's act.
func TestErasingThePersonActingLeavesNoAddressOfTheirs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	self := standards.Actor{Email: otherActor.Email, Operator: true, Via: "host key Ops tools"}
	p, err := f.svc.Me(ctx, otherActor)
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, self, p.ID))

	platform, err := f.svc.PlatformTrail(ctx, operatorActor, 0, standards.MaxPage)
	require.NoError(t, err)
	trail, err := f.svc.AuditTrail(ctx, operatorActor, f.other.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	for _, e := range append(trail, platform...) {
		assert.NotContains(t, e.Actor, otherActor.Email, "%s #%d", e.Action, e.Seq)
	}
	require.Equal(t, "person.erase", platform[0].Action)
	assert.Equal(t, standards.AnErasedPerson, platform[0].Actor)
	assert.True(t, platform[0].Operator)
	assert.Equal(t, "host key Ops tools", platform[0].Via)
}

// Erasure rewrites the person's own trails (the centres they were
// registered at, and the platform's) and whole words only: a name another
// centre typed cannot rewrite a third centre's history, nor a name inside
// a longer one.
func TestErasureRewritesOnlyThePersonsTrailsAndWholeNames(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	// Hillside registers a sock puppet under Riverside's name, and someone
	// whose name is the start of a Riverside colleague's.
	_, err := f.svc.RegisterColleague(ctx, otherActor, standards.Colleague{
		CentreID: f.other.ID, Year: year, Email: "sock@hillside.sch.uk", FullName: "Riverside Academy", Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)
	before, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	sock, err := f.svc.FindPerson(ctx, operatorActor, "sock@hillside.sch.uk")
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, sock.ID))
	after, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	assert.Equal(t, before, after, "Riverside's trail is untouched")

	// Whole names only: erasing "Sam Senio" leaves "Sam Senior".
	_, err = f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: "sam2@riverside.sch.uk", FullName: "Sam Senio", Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)
	sam2, err := f.svc.FindPerson(ctx, operatorActor, "sam2@riverside.sch.uk")
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, sam2.ID))
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	assert.True(t, hasSummaryContaining(trail, "Sam Senior"), "a longer name stays")
	assert.False(t, hasSummaryContaining(trail, "Sam Senio "), "the erased one goes")
}

// Every name the person went by goes, the name on certificates they
// claimed too; and a name typed to look erased does not stop an erasure.
func TestErasureRedactsEveryNameHeld(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.eligibleRecord(t)
	cert, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)
	_, err = f.svc.CorrectMyName(ctx, slActor, "Samantha Senior")
	require.NoError(t, err)
	sam, err := f.svc.FindPerson(ctx, operatorActor, slActor.Email)
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, sam.ID))

	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	platform, err := f.svc.PlatformTrail(ctx, operatorActor, 0, standards.MaxPage)
	require.NoError(t, err)
	for _, name := range []string{"Sam Senior", "Samantha Senior", slActor.Email} {
		assert.False(t, hasSummaryContaining(append(trail, platform...), name), "%s still named", name)
	}
	got, err := f.svc.Certificate(ctx, eoActor, cert.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.ErasedName, got.ClaimedByName)

	_, err = f.svc.RegisterColleague(ctx, otherActor, standards.Colleague{
		CentreID: f.other.ID, Year: year, Email: "victim@elsewhere.org", FullName: standards.ErasedName, Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)
	victim, err := f.svc.FindPerson(ctx, operatorActor, "victim@elsewhere.org")
	require.NoError(t, err)
	assert.NoError(t, f.svc.ErasePerson(ctx, operatorActor, victim.ID))
}

func hasSummaryContaining(trail []standards.AuditEntry, s string) bool {
	for _, e := range trail {
		if strings.Contains(e.Summary, s) {
			return true
		}
	}
	return false
}
