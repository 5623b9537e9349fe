package standards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_REG_1_FirstRegistrantBecomesAdmin(t *testing.T) {
	t.Parallel()
	for _, role := range []standards.Role{standards.RoleSL, standards.RoleLM, standards.RoleEO} {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			svc, _, _ := newService(t, septemberDay)
			reg, err := svc.RegisterCentre(t.Context(), adminActor, standards.CentreRegistration{
				Year: year, CentreNumber: " gb123 ", CentreName: " International School ", FullName: "Ada Admin", Roles: standards.Roles{role},
			})
			require.NoError(t, err)
			assert.True(t, reg.IsAdmin())
			assert.Equal(t, standards.RegistrationApproved, reg.Status)
			assert.Equal(t, standards.Roles{role}, reg.Roles)

			listing, err := svc.FindCentre(t.Context(), eoActor, "GB123", year)
			require.NoError(t, err)
			assert.Equal(t, standards.CentreNumber("GB123"), listing.Number)
			assert.Equal(t, "International School", listing.Name)
			assert.True(t, listing.Registered)
		})
	}

	t.Run("ErrConflictWhenAlreadyRegistered", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		before := f.snapshot(t)
		_, err := f.svc.RegisterCentre(t.Context(), standards.Actor{Email: "x@riverside.sch.uk"}, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside", FullName: "X", Roles: standards.Roles{standards.RoleEO},
		})
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Contains(t, err.Error(), "ask to join")
		assert.Equal(t, before, f.snapshot(t))
	})
}

func TestR_CEN_3_CentreIsPermanentRegistrationIsYearly(t *testing.T) {
	t.Parallel()
	svc, _, clk := newService(t, septemberDay)
	ctx := t.Context()
	first, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)

	clk.t = time.Date(2026, 9, 3, 9, 0, 0, 0, time.UTC)
	listing, err := svc.FindCentre(ctx, eoActor, "12345", 2026)
	require.NoError(t, err)
	assert.False(t, listing.Registered, "a new year needs a new registration")
	_, err = svc.RequestToJoin(ctx, eoActor, standards.JoinRequest{Year: 2026, CentreNumber: "12345", FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
	require.ErrorIs(t, err, standards.ErrNotFound)

	// Its administrator of 2025/26 registers it again, under its new name
	// (R-REG-12).
	second, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
		Year: 2026, CentreNumber: "12345", CentreName: "Riverside Academy Trust School", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	assert.Equal(t, first.CentreID, second.CentreID, "the centre row is permanent")
	assert.True(t, second.IsAdmin())
	assert.NotEqual(t, first.ID, second.ID, "each year has its own registration")
	listing, err = svc.FindCentre(ctx, eoActor, "12345", 2026)
	require.NoError(t, err)
	assert.True(t, listing.Registered)
}

func TestR_REG_2_JoinIsPendingUntilDecided(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	assert.Equal(t, standards.RegistrationPending, f.pending.Status)
	assert.False(t, f.pending.Approved())

	t.Run("ErrConflictWhilePending", func(t *testing.T) {
		_, err := f.svc.RequestToJoin(ctx, pendingActor, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: "Pat", Roles: standards.Roles{standards.RoleEO}})
		require.ErrorIs(t, err, standards.ErrConflict)
	})
	t.Run("ErrConflictWhenApproved", func(t *testing.T) {
		_, err := f.svc.RequestToJoin(ctx, eoActor, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
		require.ErrorIs(t, err, standards.ErrConflict)
	})
	t.Run("AdminsAreTold", func(t *testing.T) {
		events, err := f.svc.PendingEvents(ctx, 0, 0)
		require.NoError(t, err)
		var told bool
		for _, e := range events {
			if e.Kind == standards.EventRegistrationRequested && e.Subject == "registration/"+f.pending.ID {
				told = true
				assert.Equal(t, []string{adminActor.Email}, e.To)
			}
		}
		assert.True(t, told)
	})
	t.Run("RejectNeedsReason", func(t *testing.T) {
		_, err := f.svc.RejectRegistration(ctx, adminActor, f.pending.ID, " ")
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.NotEmpty(t, ve.Message("reason"))
	})
	t.Run("RejectThenAskAgain", func(t *testing.T) {
		rejected, err := f.svc.RejectRegistration(ctx, adminActor, f.pending.ID, "Not on our staff list")
		require.NoError(t, err)
		assert.Equal(t, standards.RegistrationRejected, rejected.Status)
		assert.Equal(t, "Not on our staff list", rejected.RejectReason)
		_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
		require.ErrorIs(t, err, standards.ErrConflict, "only pending registrations are decided")

		again := join(t, f.svc, pendingActor, "12345", standards.RoleEO, standards.RoleLM)
		assert.Equal(t, f.pending.ID, again.ID, "one registration per person, centre and year")
		assert.Equal(t, standards.RegistrationPending, again.Status)
		assert.Empty(t, again.RejectReason)
		approved, err := f.svc.ApproveRegistration(ctx, adminActor, again.ID)
		require.NoError(t, err)
		assert.Equal(t, standards.RegistrationApproved, approved.Status)
		assert.Equal(t, standards.Roles{standards.RoleEO, standards.RoleLM}, approved.Roles)
	})
	t.Run("ErrNotFoundForUnregisteredCentre", func(t *testing.T) {
		_, err := f.svc.RequestToJoin(ctx, eoActor, standards.JoinRequest{Year: year, CentreNumber: "99999", FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
		require.ErrorIs(t, err, standards.ErrNotFound)
		assert.Contains(t, err.Error(), "register it")
	})
}

func TestR_REG_3_OnlyApprovedRegistrationsAct(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	own, err := f.svc.Member(ctx, pendingActor, f.pending.ID)
	require.NoError(t, err, "a pending person sees their own registration")
	assert.Equal(t, pendingActor.Email, own.Person.Email)

	_, err = f.svc.Member(ctx, pendingActor, f.eo.ID)
	require.ErrorIs(t, err, standards.ErrForbidden)
	for _, a := range []standards.Actor{eoActor, lmActor, leadActor} {
		_, err = f.svc.Member(ctx, a, f.pending.ID)
		require.ErrorIs(t, err, standards.ErrForbidden, "%s sees no pending registration", a.Email)
	}
	_, err = f.svc.Member(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)
	_, err = f.svc.Roster(ctx, pendingActor, f.centre.ID, year)
	require.ErrorIs(t, err, standards.ErrForbidden)

	_, err = f.svc.RegisterColleague(ctx, standards.Actor{Email: pendingActor.Email}, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: "x@riverside.sch.uk", FullName: "X", Roles: standards.Roles{standards.RoleEO},
	})
	require.ErrorIs(t, err, standards.ErrForbidden)

	// An approved member sees approved members but not pending ones; an
	// admin sees everyone.
	roster, err := f.svc.Roster(ctx, eoActor, f.centre.ID, year)
	require.NoError(t, err)
	assert.Len(t, roster.Members, 4)
	_, seen := roster.Member(f.pending.ID)
	assert.False(t, seen)
	roster, err = f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	assert.Len(t, roster.Members, 5)
}

func TestR_REG_4_AdminRight(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("GrantAndRevoke", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		granted, err := f.svc.GrantAdmin(ctx, adminActor, f.lm.ID)
		require.NoError(t, err)
		assert.True(t, granted.IsAdmin())
		_, err = f.svc.GrantAdmin(ctx, adminActor, f.lm.ID)
		require.ErrorIs(t, err, standards.ErrConflict)
		// The new admin may now revoke the first admin's right.
		revoked, err := f.svc.RevokeAdmin(ctx, lmActor, f.admin.ID)
		require.NoError(t, err)
		assert.False(t, revoked.IsAdmin())
		_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
		require.ErrorIs(t, err, standards.ErrForbidden)
	})

	t.Run("ErrConflictGrantingPending", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		_, err := f.svc.GrantAdmin(ctx, adminActor, f.pending.ID)
		require.ErrorIs(t, err, standards.ErrConflict)
	})

	t.Run("ErrConflictRevokingLastAdmin", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		before := f.snapshot(t)
		_, err := f.svc.RevokeAdmin(ctx, adminActor, f.admin.ID)
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Contains(t, err.Error(), "at least one administrator")
		assert.Equal(t, before, f.snapshot(t), "nothing changes")
	})

	t.Run("ErrConflictLastAdminLeaving", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		before := f.snapshot(t)
		_, err := f.svc.Leave(ctx, adminActor, f.admin.ID)
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Equal(t, before, f.snapshot(t))
	})
}

func TestR_REG_5_Leave(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	_, err := f.svc.Leave(ctx, lmActor, f.eo.ID)
	require.ErrorIs(t, err, standards.ErrForbidden, "one leaves only oneself")

	left, err := f.svc.Leave(ctx, eoActor, f.eo.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationLeft, left.Status)
	assert.Equal(t, septemberDay, left.LeftAt)

	// Their registration stays, read-only, and they still see it.
	own, err := f.svc.Member(ctx, eoActor, f.eo.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationLeft, own.Registration.Status)
	_, err = f.svc.Leave(ctx, eoActor, f.eo.ID)
	require.ErrorIs(t, err, standards.ErrForbidden, "a registration that has left cannot act")

	// Their record is read-only now, for their overseer too.
	rec := recordOf(t, f.svc, eoActor)
	_, _, err = f.svc.ProposeTarget(ctx, slActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.ErrorIs(t, err, standards.ErrConflict)
	_, err = f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err, "they still see it")

	// A pending registrant may withdraw.
	withdrawn, err := f.svc.Leave(ctx, pendingActor, f.pending.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationLeft, withdrawn.Status)
}

func TestR_REG_6_Overseers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("AdminAssigns", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
		require.NoError(t, err)
		eo, _ := roster.Member(f.eo.ID)
		assert.Equal(t, []string{f.sl.ID}, eo.Overseers)
		assert.False(t, eo.NoOverseer(roster))
		sl, _ := roster.Member(f.sl.ID)
		assert.Equal(t, []string{f.eo.ID}, sl.Oversees)

		_, err = f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.sl.ID})
		require.ErrorIs(t, err, standards.ErrConflict)
	})

	t.Run("NoOverseerFlag", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		newEO, err := f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
		require.NoError(t, err)
		roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
		require.NoError(t, err)
		m, _ := roster.Member(newEO.ID)
		assert.True(t, m.NoOverseer(roster))
		// The overseer leaving brings the flag back for the first EO.
		_, err = f.svc.Leave(ctx, slActor, f.sl.ID)
		require.NoError(t, err)
		roster, err = f.svc.Roster(ctx, adminActor, f.centre.ID, year)
		require.NoError(t, err)
		m, _ = roster.Member(f.eo.ID)
		assert.True(t, m.NoOverseer(roster))
	})

	t.Run("OverseerTakesOnEO", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		o, err := f.svc.AssignOverseer(ctx, lmActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.lm.ID})
		require.NoError(t, err)
		assert.Equal(t, f.lm.ID, o.OverseerRegistrationID)
		// but may not assign somebody else
		_, err = f.svc.AssignOverseer(ctx, lmActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.admin.ID})
		require.ErrorIs(t, err, standards.ErrForbidden)
		// and an EO may not take on anyone
		_, err = f.svc.AssignOverseer(ctx, eoActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.eo.ID})
		require.ErrorIs(t, err, standards.ErrForbidden)
		// The overseer steps back.
		require.NoError(t, f.svc.RemoveOverseer(ctx, lmActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.lm.ID}))
		require.ErrorIs(t, f.svc.RemoveOverseer(ctx, lmActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.lm.ID}), standards.ErrNotFound)
	})

	t.Run("ErrValidation", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		for name, pair := range map[string][2]string{
			"overseer is an EO only":   {f.eo.ID, f.eo.ID},
			"exams officer is an SL":   {f.lm.ID, f.sl.ID},
			"exams officer is pending": {f.pending.ID, f.sl.ID},
		} {
			_, err := f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: pair[0], Overseer: pair[1]})
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, name)
		}
		_, err := f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.otherAd.ID})
		require.ErrorIs(t, err, standards.ErrNotFound, "another centre's registration is out of scope")
	})

	t.Run("NobodyOverseesThemselves", func(t *testing.T) {
		t.Parallel()
		svc, _, _ := newService(t, septemberDay)
		both, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Small School", FullName: "Ada", Roles: standards.Roles{standards.RoleEO, standards.RoleSL},
		})
		require.NoError(t, err)
		_, err = svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: both.ID, Overseer: both.ID})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Contains(t, ve.Message("overseer"), "cannot oversee themselves")
	})
}

func TestR_REG_7_EarlierYearsStayAndFollowThePerson(t *testing.T) {
	t.Parallel()
	svc, _, clk := newService(t, septemberDay)
	ctx := t.Context()
	r25, err := svc.RegisterCentre(ctx, eoActor, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)

	// A year on, Eve has moved to another centre.
	clk.t = time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC)
	_, err = svc.RegisterCentre(ctx, otherActor, standards.CentreRegistration{
		Year: 2026, CentreNumber: "54321", CentreName: "Hillside", FullName: "Olu", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	r26, err := svc.RequestToJoin(ctx, standards.Actor{Email: " EO@Riverside.sch.uk "}, standards.JoinRequest{
		Year: 2026, CentreNumber: "54321", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	assert.Equal(t, r25.PersonID, r26.PersonID, "one person, identified by e-mail, across years and centres")

	mine, err := svc.MyRegistrations(ctx, eoActor)
	require.NoError(t, err)
	require.Len(t, mine, 2)
	assert.Equal(t, r26.ID, mine[0].Registration.ID, "newest year first")
	assert.Equal(t, standards.CentreNumber("54321"), mine[0].Centre.Number)
	assert.Equal(t, r25, mine[1].Registration, "the earlier year is unchanged")
}

func TestR_REG_9_OperatorAppointsAdminToAdminlessCentre(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	_, err := f.svc.AppointAdmin(ctx, operatorActor, f.lm.ID)
	require.ErrorIs(t, err, standards.ErrConflict, "the centre still has an admin")

	_, err = f.svc.RemoveMember(ctx, adminActor, f.admin.ID, "left the school")
	require.ErrorIs(t, err, standards.ErrForbidden)
	removed, err := f.svc.RemoveMember(ctx, operatorActor, f.admin.ID, "left the school in December")
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationLeft, removed.Status)

	_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.AppointAdmin(ctx, lmActor, f.lm.ID)
	require.ErrorIs(t, err, standards.ErrForbidden, "nobody makes themselves admin")
	_, err = f.svc.AppointAdmin(ctx, operatorActor, f.pending.ID)
	require.ErrorIs(t, err, standards.ErrConflict, "only approved members")

	appointed, err := f.svc.AppointAdmin(ctx, operatorActor, f.lm.ID)
	require.NoError(t, err)
	assert.True(t, appointed.IsAdmin())
	_, err = f.svc.ApproveRegistration(ctx, lmActor, f.pending.ID)
	require.NoError(t, err)
}

func TestR_REG_10_RegisterColleagueOnTheirBehalf(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	newEO := standards.Actor{Email: "nia@riverside.sch.uk"}

	// The older process: the senior leader registers the exams officer.
	reg, err := f.svc.RegisterColleague(ctx, slActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: " Nia@Riverside.sch.uk", FullName: "Nia New", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationApproved, reg.Status)
	assert.False(t, reg.Admin)

	// Nia sees it the first time she acts with that e-mail.
	mine, err := f.svc.MyRegistrations(ctx, newEO)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, reg.ID, mine[0].Registration.ID)
	events, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	last := events[len(events)-1]
	assert.Equal(t, standards.EventRegistrationApproved, last.Kind)
	assert.Equal(t, []string{"nia@riverside.sch.uk"}, last.To)

	_, err = f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: "nia@riverside.sch.uk", FullName: "Nia", Roles: standards.Roles{standards.RoleEO},
	})
	require.ErrorIs(t, err, standards.ErrConflict)
	_, err = f.svc.RegisterColleague(ctx, eoActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: "zed@riverside.sch.uk", FullName: "Zed", Roles: standards.Roles{standards.RoleEO},
	})
	require.ErrorIs(t, err, standards.ErrForbidden, "an exams officer does not register colleagues")

	// A senior leader may not undo an admin's rejection; an admin may.
	_, err = f.svc.RejectRegistration(ctx, adminActor, f.pending.ID, "Not on our staff list")
	require.NoError(t, err)
	again := standards.Colleague{CentreID: f.centre.ID, Year: year, Email: pendingActor.Email, FullName: "Pat", Roles: standards.Roles{standards.RoleEO}}
	_, err = f.svc.RegisterColleague(ctx, slActor, again)
	require.ErrorIs(t, err, standards.ErrConflict)
	reg, err = f.svc.RegisterColleague(ctx, adminActor, again)
	require.NoError(t, err)
	assert.Equal(t, f.pending.ID, reg.ID)
	assert.Equal(t, standards.RegistrationApproved, reg.Status)
}

func TestR_REG_11_Bulk(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("DecideMany", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		second := join(t, f.svc, standards.Actor{Email: "two@riverside.sch.uk", Name: "Two"}, "12345", standards.RoleLM)
		out, err := f.svc.DecideRegistrations(ctx, adminActor, []standards.Decision{
			{RegistrationID: f.pending.ID, Approve: true},
			{RegistrationID: f.eo.ID, Approve: true}, // already approved
			{RegistrationID: second.ID, Reason: "Not known here"},
			{RegistrationID: "nosuchregistration", Approve: true},
		})
		require.NoError(t, err)
		require.Len(t, out, 4)
		assert.NoError(t, out[0].Err)
		assert.Equal(t, standards.RegistrationApproved, out[0].Registration.Status)
		assert.ErrorIs(t, out[1].Err, standards.ErrConflict)
		assert.NoError(t, out[2].Err)
		assert.Equal(t, standards.RegistrationRejected, out[2].Registration.Status)
		assert.ErrorIs(t, out[3].Err, standards.ErrNotFound)
	})

	t.Run("ColleaguesFromCSV", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		file := strings.Join([]string{
			"\ufeffemail,full name,roles", // as a spreadsheet saves "CSV UTF-8"
			"kim@riverside.sch.uk,Kim Kaur,EO",
			"lou@riverside.sch.uk,Lou Lewis,SL;LM",
			"not-an-email,Bad Row,EO",
			"eo@riverside.sch.uk,Eve Officer,EO",
			"max@riverside.sch.uk,Max,HEADTEACHER",
			"short,row",
		}, "\n")
		out, err := f.svc.RegisterColleagues(ctx, adminActor, f.centre.ID, year, strings.NewReader(file))
		require.NoError(t, err)
		require.Len(t, out, 6)
		lines := make([]int, len(out))
		for i, o := range out {
			lines[i] = o.Line
		}
		assert.Equal(t, []int{2, 3, 4, 5, 6, 7}, lines)
		assert.NoError(t, out[0].Err)
		assert.NoError(t, out[1].Err)
		assert.Equal(t, standards.Roles{standards.RoleSL, standards.RoleLM}, out[1].Registration.Roles)
		var ve *standards.ValidationError
		require.ErrorAs(t, out[2].Err, &ve)
		assert.NotEmpty(t, ve.Message("email"))
		assert.ErrorIs(t, out[3].Err, standards.ErrConflict)
		require.ErrorAs(t, out[4].Err, &ve)
		assert.NotEmpty(t, ve.Message("roles"))
		require.ErrorAs(t, out[5].Err, &ve)

		roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
		require.NoError(t, err)
		assert.Len(t, roster.Members, 7, "the two good rows were registered")
	})

	t.Run("ErrForbiddenOnceForTheWholeFile", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		out, err := f.svc.RegisterColleagues(ctx, eoActor, f.centre.ID, year, strings.NewReader("kim@riverside.sch.uk,Kim,EO\n"))
		require.ErrorIs(t, err, standards.ErrForbidden)
		assert.Nil(t, out)
		_, err = f.svc.RegisterColleagues(ctx, otherActor, f.centre.ID, year, strings.NewReader("kim@riverside.sch.uk,Kim,EO\n"))
		require.ErrorIs(t, err, standards.ErrNotFound)
	})

	t.Run("ErrValidationForAFileThatIsNotCSV", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		for name, file := range map[string]string{
			"empty":      "",
			"headerOnly": "email,full name,roles\n",
			"badQuote":   "\"kim@riverside.sch.uk,Kim,EO\n",
		} {
			_, err := f.svc.RegisterColleagues(ctx, adminActor, f.centre.ID, year, strings.NewReader(file))
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, name)
			assert.NotEmpty(t, ve.Message("file"), name)
		}
		tooMany := strings.Repeat("kim@riverside.sch.uk,Kim,EO\n", standards.MaxCSVRows+1)
		_, err := f.svc.RegisterColleagues(ctx, adminActor, f.centre.ID, year, strings.NewReader(tooMany))
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
	})
}

func TestR_PER_2_ExternalIDAttachedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	withID := eoActor
	withID.ExternalID = "mis-user-42"
	_, err := f.svc.RequestToJoin(ctx, withID, standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	var p standards.Person
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) (err error) {
		p, err = tx.PersonByExternalID(ctx, "mis-user-42")
		return err
	}))
	assert.Equal(t, eoActor.Email, p.Email)
	assert.Equal(t, f.eo.PersonID, p.ID)

	// The same id with another e-mail: the host's two ids for the actor
	// name two people, and the library acts as neither (R-PER-1).
	clash := otherActor
	clash.ExternalID = "mis-user-42"
	_, err = f.svc.RequestToJoin(ctx, clash, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: "Olu", Roles: standards.Roles{standards.RoleSL}})
	require.ErrorIs(t, err, standards.ErrConflict)
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) (err error) {
		p, err = tx.PersonByExternalID(ctx, "mis-user-42")
		return err
	}))
	assert.Equal(t, eoActor.Email, p.Email)
}

// TestR_PER_1_ExternalIDAttachedAtFirstChange: someone a colleague
// registered gets the host's id at their own first change, not at a read.
func TestR_PER_1_ExternalIDAttachedAtFirstChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	reg, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{CentreID: f.centre.ID, Year: year, Email: "kim@riverside.sch.uk", FullName: "Kim Kaur", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	kim := standards.Actor{Email: "kim@riverside.sch.uk", ExternalID: "mis-user-7"}
	byHostID := func() (standards.Person, error) {
		var p standards.Person
		err := f.store.View(ctx, func(tx standards.Tx) (err error) {
			p, err = tx.PersonByExternalID(ctx, "mis-user-7")
			return err
		})
		return p, err
	}

	_, err = f.svc.MyRegistrations(ctx, kim)
	require.NoError(t, err)
	_, err = byHostID()
	require.ErrorIs(t, err, standards.ErrNotFound, "a read writes nothing")

	mine, err := f.svc.MyRegistrations(ctx, kim)
	require.NoError(t, err)
	_, _, err = f.svc.ProposeTarget(ctx, kim, mine[0].RecordID, standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err)
	p, err := byHostID()
	require.NoError(t, err)
	assert.Equal(t, reg.PersonID, p.ID)
}
