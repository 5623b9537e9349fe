package standards_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// trustCentre finds a centre's line on a trust dashboard.
func trustCentre(t *testing.T, d standards.TrustDashboard, id string) standards.TrustCentre {
	t.Helper()
	for _, c := range d.Centres {
		if c.Centre.ID == id {
			return c
		}
	}
	require.Failf(t, "centre missing", "centre %s is not on the trust dashboard", id)
	return standards.TrustCentre{}
}

func TestTrustDashboardLeadSeesCountsForTheCentre(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)

	for _, a := range []standards.Actor{leadActor, operatorActor} {
		d, err := f.svc.TrustDashboard(ctx, a, f.trust.ID, year)
		require.NoError(t, err, a.Email)
		assert.Equal(t, f.trust.ID, d.Trust.ID)
		require.Len(t, d.Centres, 1, "only the centre in the trust: the other centre has only asked")
		c := d.Centres[0]
		assert.Equal(t, f.centre.ID, c.Centre.ID)
		assert.True(t, c.Registered)
		assert.Equal(t, 1, c.ExamsOfficers, "the approved exams officer; the pending one does not count")
		assert.Equal(t, []standards.AreaCount{
			{Area: standards.AreaKnowledge}, {Area: standards.AreaSkills}, {Area: standards.AreaValues},
		}, c.Areas)
		assert.Equal(t, 0, c.Certified)
		assert.Equal(t, 1, c.AtRisk, "the statement is not signed")
		assert.Equal(t, map[standards.FlagCode]int{standards.FlagStatementNotSigned: 1}, c.Flags)
	}
}

func TestTrustDashboardListsEveryCentreRegisteredOrNot(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	_, err := f.svc.AcceptTrustRequest(ctx, leadActor, f.request.ID)
	require.NoError(t, err)

	d, err := f.svc.TrustDashboard(ctx, leadActor, f.trust.ID, year)
	require.NoError(t, err)
	require.Len(t, d.Centres, 2)
	assert.Equal(t, []string{f.centre.ID, f.other.ID}, []string{d.Centres[0].Centre.ID, d.Centres[1].Centre.ID}, "by centre number")
	other := trustCentre(t, d, f.other.ID)
	assert.True(t, other.Registered)
	assert.Zero(t, other.ExamsOfficers, "the other centre has no exams officer")

	next, err := f.svc.TrustDashboard(ctx, leadActor, f.trust.ID, year+1)
	require.NoError(t, err)
	require.Len(t, next.Centres, 2, "centres not registered for the year are listed too")
	for _, c := range next.Centres {
		assert.False(t, c.Registered, c.Centre.Name)
		assert.Zero(t, c.ExamsOfficers, c.Centre.Name)
		assert.Empty(t, c.Flags, c.Centre.Name)
	}
}

func TestTrustDashboardCountsACertifiedRecordCompleteAndNotAtRisk(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	claimed(t, f)

	d, err := f.svc.TrustDashboard(ctx, leadActor, f.trust.ID, year)
	require.NoError(t, err)
	c := trustCentre(t, d, f.centre.ID)
	assert.Equal(t, 1, c.Certified)
	assert.Zero(t, c.AtRisk)
	assert.Empty(t, c.Flags)
	for _, a := range c.Areas {
		assert.Equal(t, 1, a.Complete, a.Area)
	}
}

func TestTrustDashboardIsForLeadsAndTheOperatorOnly(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)

	_, err := f.svc.TrustDashboard(ctx, adminActor, f.trust.ID, year)
	assert.ErrorIs(t, err, standards.ErrNotFound, "an admin of a centre in the trust")
	_, err = f.svc.TrustDashboard(ctx, otherActor, f.trust.ID, year)
	assert.ErrorIs(t, err, standards.ErrNotFound, "another centre's admin")
	_, err = f.svc.TrustDashboard(ctx, operatorActor, "no-such-trust", year)
	assert.ErrorIs(t, err, standards.ErrNotFound, "an unknown trust")
	_, err = f.svc.TrustDashboard(ctx, leadActor, f.trust.ID, 0)
	var v *standards.ValidationError
	assert.ErrorAs(t, err, &v, "an invalid year")
}

func TestNationalFiguresCountTheYearByMonth(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)

	n, err := f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Equal(t, year, n.Year)
	assert.Equal(t, 2, n.CentresRegistered)
	assert.Equal(t, 1, n.ExamsOfficers, "the approved exams officer; the pending one does not count")
	assert.Zero(t, n.Certified)
	require.Len(t, n.Months, 12)
	assert.Equal(t, time.September, n.Months[0].Month.Month())
	assert.Equal(t, time.August, n.Months[11].Month.Month())
	assert.Equal(t, 2, n.Months[0].CentreRegistrations)
	assert.Equal(t, 1, n.Months[0].ExamsOfficersApproved)

	claimed(t, f)
	n, err = f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Equal(t, 1, n.Certified)
	issued := 0
	for _, m := range n.Months {
		issued += m.CertificatesIssued
	}
	assert.Equal(t, 1, issued+n.OutsideYear.CertificatesIssued, "the certificate is counted in the month it was issued")

	_, err = f.svc.RevokeCertificate(ctx, operatorActor, f.certificateID(ctx), "issued in error")
	require.NoError(t, err)
	n, err = f.svc.NationalFigures(ctx, operatorActor, year)
	require.NoError(t, err)
	assert.Zero(t, n.Certified, "a revoked certificate does not count")

	empty, err := f.svc.NationalFigures(ctx, operatorActor, year+1)
	require.NoError(t, err)
	assert.Zero(t, empty.CentresRegistered)
}

func TestNationalFiguresAreForTheOperatorOnly(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	for _, a := range []standards.Actor{adminActor, leadActor, eoActor} {
		_, err := f.svc.NationalFigures(ctx, a, year)
		assert.ErrorIs(t, err, standards.ErrForbidden, a.Email)
	}
	_, err := f.svc.NationalFigures(ctx, nobody, year)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated)
}
