package standards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestNationalFiguresKeptInStepWithTheRows counts a year's figures once (so
// that they are kept from then on), then changes everything they count, in
// several months: centres registering, exams officers approved, registered
// by colleagues, rejected, leaving, removed and registered again, a
// certificate claimed, revoked, another erased with its holder, and one
// imported. The kept figures must equal the figures counted afresh from
// the rows.
func TestNationalFiguresKeptInStepWithTheRows(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	before, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)

	// October: a third centre with two exams officers; one more asks and is
	// rejected; the pending one at Riverside is approved.
	f.clock.t = time.Date(2025, time.October, 14, 10, 0, 0, 0, time.UTC)
	third := standards.Actor{Email: "head@third.sch.uk", Name: "Thea Third"}
	thirdReg, err := f.svc.RegisterCentre(ctx, third, standards.CentreRegistration{Year: year, CentreNumber: "67890", CentreName: "Third School", FullName: third.Name, Roles: standards.Roles{standards.RoleSL, standards.RoleEO}})
	require.NoError(t, err)
	kim, err := f.svc.RegisterColleague(ctx, third, standards.Colleague{CentreID: thirdReg.CentreID, Year: year, Email: "kim@third.sch.uk", FullName: "Kim", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	asked, err := f.svc.RequestToJoin(ctx, standards.Actor{Email: "no@third.sch.uk"}, standards.JoinRequest{Year: year, CentreNumber: "67890", FullName: "No", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	_, err = f.svc.RejectRegistration(ctx, third, asked.ID, "not our staff")
	require.NoError(t, err)
	_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)

	// January: Kim leaves, and is registered again in February; the
	// operator removes the pending-then-approved exams officer.
	f.clock.t = time.Date(2026, time.January, 20, 10, 0, 0, 0, time.UTC)
	_, err = f.svc.Leave(ctx, standards.Actor{Email: "kim@third.sch.uk"}, kim.ID)
	require.NoError(t, err)
	_, err = f.svc.RemoveMember(ctx, operatorActor, f.pending.ID, "left the school")
	require.NoError(t, err)
	f.clock.t = time.Date(2026, time.February, 3, 10, 0, 0, 0, time.UTC)
	_, err = f.svc.RegisterColleague(ctx, third, standards.Colleague{CentreID: thirdReg.CentreID, Year: year, Email: "kim@third.sch.uk", FullName: "Kim", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	// March: Eve is certified, the certificate revoked, then a second one
	// cannot be claimed (the record is closed), so erase a certified person
	// instead: Eve's revoked certificate stays uncounted. An import is never
	// counted.
	f.clock.t = time.Date(2026, time.March, 10, 10, 0, 0, 0, time.UTC)
	claimed(t, f)
	afterClaim, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Equal(t, before.Certified+1, afterClaim.Certified)
	_, err = f.svc.RevokeCertificate(ctx, operatorActor, f.certificateID(ctx), "issued in error")
	require.NoError(t, err)
	_, err = f.svc.ImportCertificates(ctx, operatorActor, strings.NewReader("old@riverside.sch.uk,Olive,12345,2025/26,2026-03-01,NAEO-1\n"), nil)
	require.NoError(t, err)
	person, err := f.svc.FindPerson(ctx, operatorActor, eoActor.Email)
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, person.ID))

	kept, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Equal(t, 3, kept.CentresRegistered)
	assert.Equal(t, before.ExamsOfficers+2, kept.ExamsOfficers, "Thea and Kim; the approved pending one was removed")
	assert.Equal(t, 1, kept.Months[1].CentreRegistrations, "October")

	// Forget the tallies, so that the next read counts them from the rows.
	require.NoError(t, f.store.Update(ctx, func(tx standards.Tx) error { return tx.ReplaceTallies(ctx, year, nil) }))
	counted, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Equal(t, counted, kept)
}

// TestR_TRU_3_TheNationalFiguresAskOnlyWhetherTheOperatorAsks: the figures
// show nothing of any person, so whether the actor is the operator is all
// they ask (R-TRU-3): the operator known by address sees the same figures
// whether the library knows the address or not, and nobody else sees
// them. An actor with the host's id is looked up as in every query.
func TestR_TRU_3_TheNationalFiguresAskOnlyWhetherTheOperatorAsks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	want, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	for _, ops := range []standards.Actor{
		{Email: "nobody-known@naeo.org.uk", Operator: true},
		{Email: adminActor.Email, Operator: true},
	} {
		got, err := f.svc.NationalFigures(ctx, ops, year)
		require.NoError(t, err, "%+v", ops)
		assert.Equal(t, want, got, "%+v", ops)
	}
	for _, a := range []standards.Actor{adminActor, leadActor, {Email: "stranger@elsewhere.example"}} {
		_, err := f.svc.NationalFigures(ctx, a, year)
		assert.ErrorIs(t, err, standards.ErrForbidden, "%+v", a)
	}
	_, err = f.svc.NationalFigures(ctx, standards.Actor{}, year)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated)
	// The host's id: one nobody holds, alone, is nobody; with an address of
	// someone else who holds another, a mismatch, operator or not.
	_, err = f.svc.NationalFigures(ctx, standards.Actor{ExternalID: "ops-1", Operator: true}, year)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated)
	eve := standards.Actor{Email: "eve@riverside.sch.uk", Name: "Eve", ExternalID: "mis-7"}
	_, err = f.svc.RegisterCentre(ctx, eve, standards.CentreRegistration{
		Year: year, CentreNumber: "67890", CentreName: "Third School", FullName: "Eve", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	for _, a := range []standards.Actor{{Email: adminActor.Email, ExternalID: "mis-7", Operator: true}, {Email: adminActor.Email, ExternalID: "mis-7"}} {
		_, err = f.svc.NationalFigures(ctx, a, year)
		assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err), "%+v", a)
	}
	got, err := f.svc.NationalFigures(ctx, standards.Actor{ExternalID: "mis-7", Operator: true}, year)
	require.NoError(t, err, "the operator known by the host's id")
	assert.Equal(t, year, got.Year)
}
