package standards_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// todoCodes is what a person's list holds, by role and code, with counts.
func todoCodes(t *testing.T, svc *standards.Service, a standards.Actor) map[string]int {
	t.Helper()
	td, err := svc.WhatNeedsDoing(context.Background(), a)
	require.NoError(t, err)
	out := map[string]int{}
	for _, it := range td.Items {
		out[string(it.Role)+" "+string(it.Code)] += it.Count
	}
	return out
}

// TestWhatNeedsDoingFollowsTheYear reads each person's list as the year
// moves: each item appears for the side that must act and goes once done.
func TestWhatNeedsDoingFollowsTheYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()

	// The admin has a registration to decide; the exams officer everything
	// of a new year; the senior leader overseeing them nothing yet; the
	// line manager oversees nobody; the pending person cannot act.
	assert.Equal(t, map[string]int{"administrator registrations_waiting": 1}, todoCodes(t, f.svc, adminActor))
	assert.Equal(t, map[string]int{"exams_officer targets_to_propose": 1, "exams_officer statement_to_sign": 1, "exams_officer cpd_to_log": 1},
		todoCodes(t, f.svc, eoActor))
	assert.Empty(t, todoCodes(t, f.svc, slActor))
	assert.Empty(t, todoCodes(t, f.svc, lmActor))
	assert.Empty(t, todoCodes(t, f.svc, pendingActor))
	// The trust lead: the centre's exams officer has not signed the
	// statement, a flag that asks for something.
	lead, err := f.svc.WhatNeedsDoing(ctx, leadActor)
	require.NoError(t, err)
	require.Len(t, lead.Items, 1)
	assert.Equal(t, standards.ToDoCentresNeedingAttention, lead.Items[0].Code)
	assert.Equal(t, f.trust.ID, lead.Items[0].Trust.ID)
	assert.Equal(t, year, lead.Items[0].Year)

	// The exams officer proposes a target: the overseer has one to agree,
	// on the record.
	rec := f.rec(ctx)
	target, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Learn the JCQ regulations"})
	require.NoError(t, err)
	sl, err := f.svc.WhatNeedsDoing(ctx, slActor)
	require.NoError(t, err)
	require.Len(t, sl.Items, 1)
	assert.Equal(t, standards.ToDoItem{Role: standards.ToDoOverseer, Code: standards.ToDoTargetsToAgree, Count: 1, Message: "1 target to agree",
		Centre: f.centre, Year: year, RecordID: rec, ExamsOfficer: "Eve Officer"}, sl.Items[0])
	assert.Equal(t, 1, sl.Count())
	assert.NotContains(t, todoCodes(t, f.svc, eoActor), "exams_officer targets_to_propose")

	// Agreed, it is gone; signed, the statement waits for a countersignature.
	_, err = f.svc.AgreeTarget(ctx, slActor, target.ID)
	require.NoError(t, err)
	assert.Empty(t, todoCodes(t, f.svc, slActor))
	_, err = f.svc.SignStatement(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"overseer statement_to_countersign": 1}, todoCodes(t, f.svc, slActor))
	_, err = f.svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "JCQ update", Date: septemberDay, Hours: 1})
	require.NoError(t, err)
	assert.Empty(t, todoCodes(t, f.svc, eoActor))

	// The admin decides the waiting registration; an exams officer without
	// an overseer is then theirs to see to.
	_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"administrator exams_officers_without_overseer": 1}, todoCodes(t, f.svc, adminActor))

	// From June the next year asks to be registered, until it is.
	f.clock.t = time.Date(2026, time.June, 2, 9, 0, 0, 0, time.UTC)
	assert.Equal(t, 1, todoCodes(t, f.svc, adminActor)["administrator next_year_not_registered"])
	_, err = f.svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
		Year: year + 1, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	assert.NotContains(t, todoCodes(t, f.svc, adminActor), "administrator next_year_not_registered")

	// Someone not yet known has nothing to do; nobody signed in is refused.
	assert.Empty(t, todoCodes(t, f.svc, standards.Actor{Email: "new@example.com", Name: "New"}))
	_, err = f.svc.WhatNeedsDoing(ctx, nobody)
	assert.ErrorIs(t, err, standards.ErrUnauthenticated)
}

// TestWhatNeedsDoingBringsTheDashboards: the list comes with the
// dashboards of the centre-years it read where the person administers or
// oversees, each as CentreDashboard gives it to them, so that a home page
// reads a centre's year once; someone who neither administers nor
// oversees gets none.
func TestWhatNeedsDoingBringsTheDashboards(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rec := f.rec(ctx)
	_, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Learn the JCQ regulations"})
	require.NoError(t, err)
	for _, a := range []standards.Actor{adminActor, slActor, lmActor} {
		td, err := f.svc.WhatNeedsDoing(ctx, a)
		require.NoError(t, err)
		require.Len(t, td.Dashboards, 1, a.Email)
		want, err := f.svc.CentreDashboard(ctx, a, f.centre.ID, year)
		require.NoError(t, err)
		assert.Equal(t, want, td.Dashboards[0], a.Email)
	}
	td, err := f.svc.WhatNeedsDoing(ctx, adminActor)
	require.NoError(t, err)
	require.Len(t, td.Dashboards[0].ExamsOfficers, 1, "the admin sees every exams officer")
	td, err = f.svc.WhatNeedsDoing(ctx, lmActor)
	require.NoError(t, err)
	assert.Empty(t, td.Dashboards[0].ExamsOfficers, "a line manager overseeing nobody sees nobody")
	td, err = f.svc.WhatNeedsDoing(ctx, eoActor)
	require.NoError(t, err)
	assert.Empty(t, td.Dashboards, "an exams officer has no dashboard")
}

// TestWhatNeedsDoingBringsTheOwnRegistrationsAndTrusts: the list comes
// with the person, their registrations and the trusts they lead, as Me,
// MyRegistrations and TrustsLed give them, by its own reads.
func TestWhatNeedsDoingBringsTheOwnRegistrationsAndTrusts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, a := range []standards.Actor{adminActor, slActor, eoActor, pendingActor, leadActor, {Email: "new@example.com", Name: "New"}} {
		td, err := f.svc.WhatNeedsDoing(ctx, a)
		require.NoError(t, err)
		mine, err := f.svc.MyRegistrations(ctx, a)
		require.NoError(t, err)
		assert.Equal(t, mine, td.Registrations, a.Email)
		led, err := f.svc.TrustsLed(ctx, a)
		require.NoError(t, err)
		assert.Equal(t, led, td.Trusts, a.Email)
		me, err := f.svc.Me(ctx, a)
		if errors.Is(err, standards.ErrNotFound) {
			assert.Zero(t, td.Me, a.Email)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, me, td.Me, a.Email)
	}
	td, err := f.svc.WhatNeedsDoing(ctx, leadActor)
	require.NoError(t, err)
	require.Len(t, td.Trusts, 1, "the lead's trust")
	assert.Equal(t, f.trust.ID, td.Trusts[0].ID)
}
