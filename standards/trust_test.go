package standards_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_TRU_1_OperatorCreatesTrustsAndAppointsLeads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	view, err := f.svc.Trust(ctx, leadActor, f.trust.ID)
	require.NoError(t, err)
	assert.Equal(t, "Valley Learning Trust", view.Trust.Name)
	require.Len(t, view.Leads, 1)
	assert.Equal(t, leadActor.Email, view.Leads[0].Email)
	led, err := f.svc.TrustsLed(ctx, leadActor)
	require.NoError(t, err)
	assert.Equal(t, []standards.Trust{f.trust}, led)

	_, err = f.svc.CreateTrust(ctx, adminActor, "Admin's Own Trust")
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.AppointTrustLead(ctx, leadActor, f.trust.ID, "friend@trust.org.uk", "Friend")
	require.ErrorIs(t, err, standards.ErrForbidden, "leads do not appoint leads")
	_, err = f.svc.CreateTrust(ctx, operatorActor, "")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.NotEmpty(t, ve.Message("trust_name"))

	require.NoError(t, f.svc.RemoveTrustLead(ctx, operatorActor, f.trust.ID, view.Leads[0].ID))
	_, err = f.svc.Trust(ctx, leadActor, f.trust.ID)
	require.ErrorIs(t, err, standards.ErrNotFound, "a former lead no longer sees the trust")
}

func TestR_TRU_2_CentreJoinsWithBothSides(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("InviteAccepted", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		assert.Equal(t, f.trust.ID, f.centre.TrustID, "the fixture's invitation was accepted by the admin")
		view, err := f.svc.Trust(ctx, leadActor, f.trust.ID)
		require.NoError(t, err)
		require.Len(t, view.Centres, 1)
		assert.Equal(t, f.centre.ID, view.Centres[0].ID)
	})

	t.Run("LeadsSeeWhichCentreARequestIsFor", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		view, err := f.svc.Trust(ctx, leadActor, f.trust.ID)
		require.NoError(t, err)
		require.Len(t, view.Requests, 1)
		require.Len(t, view.RequestCentres, 1, "the centre that asked, by number and name")
		assert.Equal(t, view.Requests[0].CentreID, view.RequestCentres[0].ID)
		assert.Equal(t, f.other.Number, view.RequestCentres[0].Number)
		assert.NotEmpty(t, view.RequestCentres[0].Name)
	})

	t.Run("AskAccepted", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		_, err := f.svc.AcceptTrustRequest(ctx, otherActor, f.request.ID)
		require.ErrorIs(t, err, standards.ErrForbidden, "the side that asked does not accept")
		centre, err := f.svc.AcceptTrustRequest(ctx, leadActor, f.request.ID)
		require.NoError(t, err)
		assert.Equal(t, f.trust.ID, centre.TrustID)
		view, err := f.svc.Trust(ctx, leadActor, f.trust.ID)
		require.NoError(t, err)
		assert.Len(t, view.Centres, 2)
		assert.Empty(t, view.Requests)
	})

	t.Run("ErrConflictInTwoTrusts", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		second, err := f.svc.CreateTrust(ctx, operatorActor, "Second Trust")
		require.NoError(t, err)
		_, err = f.svc.AskToJoinTrust(ctx, adminActor, second.ID, f.centre.ID)
		require.ErrorIs(t, err, standards.ErrConflict)
		_, err = f.svc.InviteCentre(ctx, leadActor, f.trust.ID, "12345")
		require.ErrorIs(t, err, standards.ErrConflict, "already in this trust")
		_, err = f.svc.InviteCentre(ctx, leadActor, f.trust.ID, "54321")
		require.ErrorIs(t, err, standards.ErrConflict, "one open request per trust and centre")
	})

	t.Run("DeclineAndWithdraw", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		reqs, err := f.svc.TrustRequests(ctx, otherActor, f.other.ID)
		require.NoError(t, err)
		require.Len(t, reqs, 1)
		require.NoError(t, f.svc.DeclineTrustRequest(ctx, otherActor, f.request.ID), "the asking side withdraws")
		reqs, err = f.svc.TrustRequests(ctx, otherActor, f.other.ID)
		require.NoError(t, err)
		assert.Empty(t, reqs)
		require.ErrorIs(t, f.svc.DeclineTrustRequest(ctx, otherActor, f.request.ID), standards.ErrNotFound)
	})

	t.Run("EitherSideLeaves", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		_, err := f.svc.LeaveTrust(ctx, eoActor, f.centre.ID)
		require.ErrorIs(t, err, standards.ErrForbidden)
		centre, err := f.svc.LeaveTrust(ctx, leadActor, f.centre.ID)
		require.NoError(t, err)
		assert.Empty(t, centre.TrustID)
		_, err = f.svc.LeaveTrust(ctx, adminActor, f.centre.ID)
		require.ErrorIs(t, err, standards.ErrConflict, "not in a trust")
		// The lead no longer sees the centre.
		_, err = f.svc.Roster(ctx, leadActor, f.centre.ID, year)
		require.ErrorIs(t, err, standards.ErrNotFound)

		_, err = f.svc.AcceptTrustRequest(ctx, leadActor, f.request.ID)
		require.NoError(t, err)
		centre, err = f.svc.LeaveTrust(ctx, otherActor, f.other.ID)
		require.NoError(t, err)
		assert.Empty(t, centre.TrustID)
	})

	t.Run("LeadSeesSummariesNotCommands", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		roster, err := f.svc.Roster(ctx, leadActor, f.centre.ID, year)
		require.NoError(t, err)
		_, seen := roster.Member(f.pending.ID)
		assert.False(t, seen, "pending registrations are the admins' business")
		_, err = f.svc.ApproveRegistration(ctx, leadActor, f.pending.ID)
		require.ErrorIs(t, err, standards.ErrForbidden)
		_, err = f.svc.Roster(ctx, leadActor, f.other.ID, year)
		require.ErrorIs(t, err, standards.ErrNotFound, "a centre outside the trust is out of scope")
	})
}

func TestR_TRU_3_NoActorMakesItselfOperator(t *testing.T) {
	t.Parallel()
	// The only way to act as operator is the Operator field the host sets;
	// no call of the Service returns or stores it. Registering with an
	// operator's e-mail does not carry the right over to a plain actor.
	f := newFixture(t)
	ctx := t.Context()
	plain := standards.Actor{Email: operatorActor.Email}
	_, err := f.svc.CreateTrust(ctx, plain, "Sneaky Trust")
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.Roster(ctx, plain, f.centre.ID, year)
	require.ErrorIs(t, err, standards.ErrNotFound)
}
