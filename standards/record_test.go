package standards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestRecordOpensOnApproval(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Equal(t, f.eo.ID, tr.Record.RegistrationID)
	assert.Equal(t, []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills, standards.AreaValues},
		[]standards.KeyArea{tr.Areas[0].Area, tr.Areas[1].Area, tr.Areas[2].Area})
	require.Len(t, tr.Overseers, 1)
	assert.Equal(t, slActor.Email, tr.Overseers[0].Person.Email)

	// Senior leaders and line managers have no record; a pending exams
	// officer gets one when approved.
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	for _, m := range roster.Members {
		assert.Equal(t, m.Registration.Roles.Has(standards.RoleEO) && m.Registration.Approved(), m.RecordID != "", m.Person.Email)
	}
	_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)
	assert.NotEmpty(t, recordOf(t, f.svc, pendingActor))
}

func TestR_TGT_1_TargetFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	due := day(time.March, 31)
	tg, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{
		Area: standards.AreaKnowledge, Title: "  Malpractice  ", Description: "Read the JCQ booklet", SuccessMeasure: "Brief invigilators",
		Due: due, CatalogueItemID: "ku-malpractice",
	})
	require.NoError(t, err)
	assert.Equal(t, "Malpractice", tg.Title)
	assert.Equal(t, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), tg.Due)
	assert.Equal(t, "ku-malpractice", tg.CatalogueItemID)

	for _, tc := range []struct {
		field string
		in    standards.TargetInput
	}{
		{"area", standards.TargetInput{Area: standards.AreaValues, Title: "Values"}},
		{"area", standards.TargetInput{Title: "No area"}},
		{"title", standards.TargetInput{Area: standards.AreaSkills}},
		{"title", standards.TargetInput{Area: standards.AreaSkills, Title: strings.Repeat("x", 201)}},
		{"due", standards.TargetInput{Area: standards.AreaSkills, Title: "Late", Due: day(time.September, 1).AddDate(1, 0, 0)}},
		// A day in no academic year, which webdemo/app passes for a due
		// date it cannot read, relying on this refusal.
		{"due", standards.TargetInput{Area: standards.AreaSkills, Title: "Unreadable", Due: time.Date(1900, time.January, 1, 12, 0, 0, 0, time.UTC)}},
		{"catalogue_item", standards.TargetInput{CatalogueItemID: "no-such-item"}},
		{"area", standards.TargetInput{Area: standards.AreaSkills, CatalogueItemID: "ku-malpractice"}},
	} {
		before := f.snapshot(t)
		_, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, tc.in)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "%+v", tc.in)
		assert.NotEmpty(t, ve.Message(tc.field), "%v should name %s", err, tc.field)
		assert.Equal(t, before, f.snapshot(t))
	}
}

func TestR_TGT_2_ProposeAndAgreeBySides(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)

	byEO, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err)
	assert.Equal(t, standards.SideEO, byEO.ProposedBy)
	_, err = f.svc.AgreeTarget(ctx, eoActor, byEO.ID)
	require.ErrorIs(t, err, standards.ErrForbidden, "the proposer does not agree their own target")
	agreed, err := f.svc.AgreeTarget(ctx, slActor, byEO.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.TargetAgreed, agreed.State)
	_, err = f.svc.AgreeTarget(ctx, slActor, byEO.ID)
	require.ErrorIs(t, err, standards.ErrConflict, "only a proposed target is agreed")

	byOverseer, _, err := f.svc.ProposeTarget(ctx, slActor, rec, standards.TargetInput{CatalogueItemID: "ks-presentation"})
	require.NoError(t, err)
	_, err = f.svc.AgreeTarget(ctx, slActor, byOverseer.ID)
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.AgreeTarget(ctx, eoActor, byOverseer.ID)
	require.NoError(t, err)

	// Any state but achieved may be withdrawn, with a reason.
	_, err = f.svc.WithdrawTarget(ctx, eoActor, byOverseer.ID, "")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	w, err := f.svc.WithdrawTarget(ctx, eoActor, byOverseer.ID, "Replaced by a training course")
	require.NoError(t, err)
	assert.Equal(t, standards.TargetWithdrawn, w.State)
	assert.Equal(t, "Replaced by a training course", w.WithdrawnReason)
	_, err = f.svc.UpdateTarget(ctx, eoActor, byOverseer.ID, standards.TargetProgress{State: standards.TargetInProgress})
	require.ErrorIs(t, err, standards.ErrConflict, "a withdrawn target stays withdrawn")

	// The lead of the trust and the line manager who does not oversee this
	// exams officer cannot propose.
	_, _, err = f.svc.ProposeTarget(ctx, lmActor, rec, standards.TargetInput{CatalogueItemID: "ks-presentation"})
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, _, err = f.svc.ProposeTarget(ctx, otherActor, rec, standards.TargetInput{CatalogueItemID: "ks-presentation"})
	require.ErrorIs(t, err, standards.ErrNotFound)
}

func TestR_TGT_3_OnlyAnOverseerMarksAchieved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	tg, _, err := f.svc.ProposeTarget(ctx, slActor, rec, standards.TargetInput{CatalogueItemID: "ku-results"})
	require.NoError(t, err)
	_, err = f.svc.AgreeTarget(ctx, eoActor, tg.ID)
	require.NoError(t, err)

	before := f.snapshot(t)
	_, err = f.svc.AchieveTarget(ctx, eoActor, tg.ID, "done it")
	require.ErrorIs(t, err, standards.ErrForbidden, "the exams officer may not mark their own target achieved")
	assert.Equal(t, before, f.snapshot(t))

	ready, err := f.svc.UpdateTarget(ctx, eoActor, tg.ID, standards.TargetProgress{State: standards.TargetReadyForReview, Comment: "results day went smoothly"})
	require.NoError(t, err)
	assert.Equal(t, standards.TargetReadyForReview, ready.State)
	achieved, err := f.svc.AchieveTarget(ctx, slActor, tg.ID, "agreed")
	require.NoError(t, err)
	assert.Equal(t, standards.TargetAchieved, achieved.State)
	_, err = f.svc.WithdrawTarget(ctx, slActor, tg.ID, "changed my mind")
	require.ErrorIs(t, err, standards.ErrConflict, "an achieved target is not withdrawn")

	_, err = f.svc.ReopenTarget(ctx, eoActor, tg.ID, "not sure")
	require.ErrorIs(t, err, standards.ErrForbidden)
	reopened, err := f.svc.ReopenTarget(ctx, slActor, tg.ID, "post-results services still to do")
	require.NoError(t, err)
	assert.Equal(t, standards.TargetInProgress, reopened.State)
}

func TestR_TGT_4_ClosedRecordChangesNoMore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.eligibleRecord(t)
	tr, err := f.svc.Tracker(ctx, slActor, rec)
	require.NoError(t, err)
	_, err = f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)
	target := tr.Targets[0].ID

	before := f.snapshot(t)
	for name, call := range map[string]func() error{
		"propose": func() error {
			_, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
			return err
		},
		"reopen": func() error { _, err := f.svc.ReopenTarget(ctx, slActor, target, "one more thing"); return err },
		"progress": func() error {
			_, err := f.svc.UpdateTarget(ctx, eoActor, target, standards.TargetProgress{Comment: "hi"})
			return err
		},
		"cpd": func() error {
			_, err := f.svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "W", Date: f.clock.t, Hours: 1})
			return err
		},
		"meeting": func() error {
			_, err := f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{Kind: standards.MeetingFinalReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID}})
			return err
		},
		"note":  func() error { _, err := f.svc.AddPrivateNote(ctx, slActor, rec, "note"); return err },
		"claim": func() error { _, err := f.svc.Claim(ctx, slActor, rec, allConfirmed()); return err },
	} {
		err := call()
		if name == "claim" {
			require.ErrorIs(t, err, standards.ErrNotEligible, name)
			var ne *standards.NotEligibleError
			require.ErrorAs(t, err, &ne)
			assert.Equal(t, []standards.UnmetCode{standards.UnmetCertified}, codes(ne.Unmet))
		} else {
			require.ErrorIs(t, err, standards.ErrConflict, name)
		}
		assert.Equal(t, before, f.snapshot(t), name)
	}
}

func TestR_TGT_5_AdviceNotErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	var warnings []standards.Warning
	for _, item := range []string{"ks-time-management", "ks-people-management", "ks-problem-solving", "ks-presentation"} {
		var err error
		_, warnings, err = f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: item})
		require.NoError(t, err)
	}
	require.Len(t, warnings, 1)
	assert.Equal(t, standards.WarnManyKeySkills, warnings[0].Code)

	f.clock.t = day(time.December, 1)
	_, warnings, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries", Due: day(time.November, 20)})
	require.NoError(t, err, "a due date already past is advice, not an error")
	assert.Equal(t, []standards.WarningCode{standards.WarnManyKeySkills, standards.WarnDuePassed}, []standards.WarningCode{warnings[0].Code, warnings[1].Code})
}

func TestR_TGT_7_History(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	tg, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-post-results"})
	require.NoError(t, err)
	_, err = f.svc.AgreeTarget(ctx, slActor, tg.ID)
	require.NoError(t, err)
	_, err = f.svc.UpdateTarget(ctx, eoActor, tg.ID, standards.TargetProgress{Rating: standards.RatingAmber, Comment: "slow start"})
	require.NoError(t, err)
	_, err = f.svc.AchieveTarget(ctx, slActor, tg.ID, "")
	require.NoError(t, err)

	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	require.Len(t, tr.History, 4)
	type step struct {
		by       string
		from, to standards.TargetState
		rating   standards.Rating
	}
	var got []step
	for _, h := range tr.History {
		got = append(got, step{h.By, h.From, h.To, h.Rating})
		assert.Equal(t, f.clock.t.UTC(), h.At)
	}
	assert.Equal(t, []step{
		{f.eo.PersonID, "", standards.TargetProposed, ""},
		{f.sl.PersonID, standards.TargetProposed, standards.TargetAgreed, ""},
		{f.eo.PersonID, standards.TargetAgreed, standards.TargetAgreed, standards.RatingAmber},
		{f.sl.PersonID, standards.TargetAgreed, standards.TargetAchieved, standards.RatingGreen},
	}, got)
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	cat := standards.DefaultCatalogue()
	ed := cat.For(2025)
	require.NoError(t, ed.Validate())
	assert.Len(t, ed.Filter(standards.AreaSkills), 11, "the eleven Key Skills")
	assert.Len(t, ed.Filter(standards.AreaKnowledge, "integrity"), 9, "the nine integrity and security topics")
	assert.NotEmpty(t, ed.Filter(standards.AreaKnowledge, "audience:new", "phase:entries"))
	assert.Len(t, ed.Phases, 6)
	assert.Len(t, ed.WaysToLearn, 7)
	_, ok := ed.Template("new-eo")
	assert.True(t, ok)
	_, ok = ed.Template("experienced-eo")
	assert.True(t, ok)
	assert.Equal(t, standards.AcademicYear(2025), cat.For(2030).Year, "an edition stays in force until a later one")

	// A host extends it with a later edition of its own.
	later := ed
	later.Year = 2026
	later.Items = append([]standards.CatalogueItem{{ID: "ku-onscreen", Area: standards.AreaKnowledge, Title: "On-screen assessments"}}, ed.Items...)
	require.NoError(t, cat.Publish(later))
	_, ok = cat.For(2026).Item("ku-onscreen")
	assert.True(t, ok)
	_, ok = cat.For(2025).Item("ku-onscreen")
	assert.False(t, ok)

	bad := ed
	bad.Templates = []standards.Template{{ID: "x", Targets: []standards.TemplateTarget{{ItemID: "missing"}}}}
	var ve *standards.ValidationError
	require.ErrorAs(t, cat.Publish(bad), &ve)
}

// TestTrackerCarriesTheChecklistAndTheMembers: a page can make one call.
// The tracker's Checklist is what ClaimEligibility says for the same
// viewer, and its Members are the centre's approved members for those who
// may see them, or only the record's people for an exams officer who left.
func TestTrackerCarriesTheChecklistAndTheMembers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	for _, confirm := range []standards.Confirmations{{}, allConfirmed()} {
		for _, who := range []standards.Actor{slActor, eoActor, adminActor} {
			tr, err := f.svc.Tracker(ctx, who, rec)
			require.NoError(t, err)
			want, err := f.svc.ClaimEligibility(ctx, who, rec, confirm)
			require.NoError(t, err)
			assert.Equal(t, want, tr.Checklist(confirm), who.Email)
		}
	}
	rec = f.eligibleRecord(t)
	tr, err := f.svc.Tracker(ctx, slActor, rec)
	require.NoError(t, err)
	assert.Empty(t, tr.Checklist(allConfirmed()), "ready to claim")
	var emails []string
	for _, m := range tr.Members {
		emails = append(emails, m.Person.Email)
	}
	assert.ElementsMatch(t, []string{adminActor.Email, slActor.Email, lmActor.Email, eoActor.Email}, emails, "approved members only")

	_, err = f.svc.Leave(ctx, eoActor, f.eo.ID)
	require.NoError(t, err)
	tr, err = f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	emails = nil
	for _, m := range tr.Members {
		emails = append(emails, m.Person.Email)
	}
	assert.ElementsMatch(t, []string{eoActor.Email, slActor.Email}, emails, "after leaving: the record's own people")
}
