package standards_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// summerDay is in 2025/26, when 2026/27 is open for registration.
var summerDay = time.Date(2026, time.July, 1, 10, 0, 0, 0, time.UTC)

var strangerActor = standards.Actor{Email: "stranger@example.com", Name: "Sly Stranger"}

func nextYearOf(number standards.CentreNumber, name string) standards.CentreRegistration {
	return standards.CentreRegistration{
		Year: year + 1, CentreNumber: number, CentreName: name, FullName: "Sly Stranger", Roles: standards.Roles{standards.RoleSL},
	}
}

// A stranger who registers a centre that registered before, for a year no
// one has registered yet, gets a request for its administrators to decide:
// not the centre, not its name, not its trail.
func TestR_REG_12_AStrangerCannotTakeOverACentresNextYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	f.clock.t = summerDay

	reg, err := f.svc.RegisterCentre(ctx, strangerActor, nextYearOf("12345", "Hijacked Academy"))
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationPending, reg.Status)
	assert.False(t, reg.IsAdmin())

	listing, err := f.svc.FindCentre(ctx, strangerActor, "12345", year+1)
	require.NoError(t, err)
	assert.Equal(t, "Riverside Academy", listing.Name, "the centre keeps its name")
	assert.False(t, listing.Registered, "a request does not register the year")

	_, err = f.svc.AuditTrail(ctx, strangerActor, f.centre.ID, 0, 50)
	assert.ErrorIs(t, err, standards.ErrNotFound, "a request reads nothing of the centre's")
	_, err = f.svc.Roster(ctx, strangerActor, f.centre.ID, year+1)
	assert.ErrorIs(t, err, standards.ErrForbidden, "a pending requester sees only their own registration")

	// The administrators of the latest year are told, and see the request.
	events, err := f.svc.PendingEvents(ctx, 0, standards.MaxPage)
	require.NoError(t, err)
	last := events[len(events)-1]
	assert.Equal(t, standards.EventRegistrationRequested, last.Kind)
	assert.Equal(t, []string{adminActor.Email}, last.To)
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year+1)
	require.NoError(t, err)
	require.Len(t, roster.Members, 1)
	assert.Equal(t, reg.ID, roster.Members[0].Registration.ID)

	// Only they decide it; an approved member who is not an admin has no
	// part in a year not registered yet.
	_, err = f.svc.ApproveRegistration(ctx, slActor, reg.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.Roster(ctx, slActor, f.centre.ID, year+1)
	assert.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.ApproveRegistration(ctx, otherActor, reg.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.RejectRegistration(ctx, adminActor, reg.ID, "Not known at this centre")
	require.NoError(t, err)
	listing, err = f.svc.FindCentre(ctx, strangerActor, "12345", year+1)
	require.NoError(t, err)
	assert.False(t, listing.Registered)
}

// The administrator of the latest year re-registers the centre, and is
// administrator of the new year at once.
func TestR_REG_12_TheLatestYearsAdministratorReRegisters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	f.clock.t = summerDay

	// An approved member who is not an administrator only asks.
	asked, err := f.svc.RegisterCentre(ctx, slActor, nextYearOf("12345", "Riverside Academy"))
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationPending, asked.Status)

	reg, err := f.svc.RegisterCentre(ctx, adminActor, nextYearOf("12345", "Riverside Academy School"))
	require.NoError(t, err)
	assert.True(t, reg.IsAdmin())
	listing, err := f.svc.FindCentre(ctx, eoActor, "12345", year+1)
	require.NoError(t, err)
	assert.True(t, listing.Registered)
	assert.Equal(t, "Riverside Academy School", listing.Name, "an administrator of the current year renames it")
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 50)
	require.NoError(t, err)
	assert.True(t, hasAction(trail, "centre.rename"), "the rename is audited")

	// The request made before it is now an ordinary request to join the
	// registered year: approving it does not make an administrator.
	approved, err := f.svc.ApproveRegistration(ctx, adminActor, asked.ID)
	require.NoError(t, err)
	assert.False(t, approved.IsAdmin())
}

// Approving a request to register a year the centre has not registered
// registers it, with the requester as its administrator.
func TestR_REG_12_AnApprovedRequestRegistersTheYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	f.clock.t = summerDay

	reg, err := f.svc.RegisterCentre(ctx, eoActor, nextYearOf("12345", "Riverside Academy"))
	require.NoError(t, err)
	require.Equal(t, standards.RegistrationPending, reg.Status)
	reg, err = f.svc.ApproveRegistration(ctx, adminActor, reg.ID)
	require.NoError(t, err)
	assert.True(t, reg.IsAdmin())
	listing, err := f.svc.FindCentre(ctx, eoActor, "12345", year+1)
	require.NoError(t, err)
	assert.True(t, listing.Registered)

	// From then on the new year's administrators decide its requests, not
	// the last year's.
	join, err := f.svc.RequestToJoin(ctx, lmActor, standards.JoinRequest{Year: year + 1, CentreNumber: "12345", FullName: "Lee Manager", Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)
	_, err = f.svc.ApproveRegistration(ctx, adminActor, join.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound, "a registration gives standing in its own year only")
	_, err = f.svc.ApproveRegistration(ctx, eoActor, join.ID)
	assert.NoError(t, err)
}

// The centre's name changes only at the hand of an administrator of the
// current year or the operator, audited; certificates keep theirs.
func TestR_REG_12_OnlyTheCurrentAdministratorRenamesTheCentre(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()

	_, err := f.svc.RenameCentre(ctx, slActor, f.centre.ID, "Slyside")
	assert.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.RenameCentre(ctx, strangerActor, f.centre.ID, "Slyside")
	assert.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.RenameCentre(ctx, adminActor, f.centre.ID, " ")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "centre_name", ve.Fields[0].Field)

	c, err := f.svc.RenameCentre(ctx, adminActor, f.centre.ID, "Riverside School")
	require.NoError(t, err)
	assert.Equal(t, "Riverside School", c.Name)
	c, err = f.svc.RenameCentre(ctx, operatorActor, f.centre.ID, "Riverside Academy")
	require.NoError(t, err)
	assert.Equal(t, "Riverside Academy", c.Name)
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 50)
	require.NoError(t, err)
	assert.Equal(t, "renamed centre 12345 from Riverside School to Riverside Academy", trail[0].Summary)

	// Next year's administrator alone, while the centre is registered this
	// year, is not an administrator of the current year.
	f.clock.t = summerDay
	_, err = f.svc.RegisterCentre(ctx, adminActor, nextYearOf("12345", "Riverside Academy"))
	require.NoError(t, err)
	next, err := f.svc.RequestToJoin(ctx, strangerActor, standards.JoinRequest{Year: year + 1, CentreNumber: "12345", FullName: "Sly", Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	next, err = f.svc.ApproveRegistration(ctx, adminActor, next.ID)
	require.NoError(t, err)
	_, err = f.svc.GrantAdmin(ctx, adminActor, next.ID)
	require.NoError(t, err)
	_, err = f.svc.RenameCentre(ctx, strangerActor, f.centre.ID, "Slyside")
	assert.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.AuditTrail(ctx, strangerActor, f.centre.ID, 0, 50)
	assert.ErrorIs(t, err, standards.ErrNotFound, "next year's standing reads nothing of this year's trail")
}

func hasAction(trail []standards.AuditEntry, action string) bool {
	for _, e := range trail {
		if e.Action == action {
			return true
		}
	}
	return false
}
