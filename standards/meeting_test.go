package standards_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_CPD_1_LogCPD(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	good := standards.CPDInput{Kind: standards.CPDShadowing, Title: "Shadowed the exams officer at Hillside", Date: day(time.September, 12), Hours: 3.75}
	e, err := f.svc.LogCPD(ctx, eoActor, rec, good)
	require.NoError(t, err)
	assert.Equal(t, 3.75, e.Hours)

	_, err = f.svc.LogCPD(ctx, slActor, rec, good)
	require.ErrorIs(t, err, standards.ErrForbidden, "only the exams officer logs CPD")

	for field, change := range map[string]func(*standards.CPDInput){
		"kind":    func(in *standards.CPDInput) { in.Kind = "holiday" },
		"title":   func(in *standards.CPDInput) { in.Title = "" },
		"date":    func(in *standards.CPDInput) { in.Date = day(time.September, 1).AddDate(0, 0, -1) },
		"hours":   func(in *standards.CPDInput) { in.Hours = 1.1 },
		"targets": func(in *standards.CPDInput) { in.TargetIDs = []string{"no-such-target"} },
	} {
		in := good
		change(&in)
		_, err := f.svc.LogCPD(ctx, eoActor, rec, in)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, field)
		assert.NotEmpty(t, ve.Message(field), "%v names %s", err, field)
	}
	// No day at all: a form whose date cannot be read passes none
	// (webdemo/app's logCPD relies on its refusal, as on 0 hours').
	noDay := good
	noDay.Date = time.Time{}
	_, err = f.svc.LogCPD(ctx, eoActor, rec, noDay)
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve, "no day")
	assert.NotEmpty(t, ve.Message("date"))
	for _, h := range []float64{0, -1, 100.25, 0.1} {
		in := good
		in.Hours = h
		_, err := f.svc.LogCPD(ctx, eoActor, rec, in)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "hours %v", h)
	}
	in := good
	in.Hours = 100
	_, err = f.svc.LogCPD(ctx, eoActor, rec, in)
	require.NoError(t, err, "100 hours is the most")

	require.NoError(t, f.svc.DeleteCPD(ctx, eoActor, e.ID))
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Len(t, tr.CPD, 1)
}

func TestR_CPD_2_Totals(t *testing.T) {
	t.Parallel()
	targets := []standards.Target{
		{ID: "k", Area: standards.AreaKnowledge},
		{ID: "s", Area: standards.AreaSkills},
	}
	totals := standards.TotalCPD([]standards.CPDEntry{
		{Kind: standards.CPDWebinar, Hours: 1, TargetIDs: []string{"k"}},
		{Kind: standards.CPDWebinar, Hours: 2, TargetIDs: []string{"k", "s"}},
		{Kind: standards.CPDCourse, Hours: 0.5},
	}, targets)
	assert.Equal(t, 3.5, totals.Hours)
	assert.Equal(t, map[standards.CPDKind]float64{standards.CPDWebinar: 3, standards.CPDCourse: 0.5}, totals.ByKind)
	assert.Equal(t, map[standards.KeyArea]float64{standards.AreaKnowledge: 3, standards.AreaSkills: 2, "": 0.5}, totals.ByArea)
}

func TestR_MTG_1_MeetingNeedsTheEOAndAnOverseer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	for name, in := range map[string]standards.MeetingInput{
		"attendees": {Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID}},
		"kind":      {Kind: "coffee", Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID}},
		"date":      {Kind: standards.MeetingProgressReview, Date: f.clock.t.AddDate(0, 0, 2), Attendees: []string{f.eo.ID, f.sl.ID}},
	} {
		_, err := f.svc.RecordMeeting(ctx, eoActor, rec, in)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.NotEmpty(t, ve.Message(name), "%v names %s", err, name)
	}
	// The line manager is not this exams officer's overseer.
	_, err := f.svc.RecordMeeting(ctx, eoActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.lm.ID},
	})
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	m, err := f.svc.RecordMeeting(ctx, eoActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID, f.lm.ID}, Notes: "All three met.",
	})
	require.NoError(t, err)
	assert.Len(t, m.Attendees, 3)
	events, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	last := events[len(events)-1]
	assert.Equal(t, standards.EventMeetingRecorded, last.Kind)
	assert.ElementsMatch(t, []string{slActor.Email, lmActor.Email}, last.To, "everyone present but the recorder is told")
}

func TestR_MTG_3_UpdatesAllOrNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	a, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err)
	b, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{CatalogueItemID: "ks-deadlines"})
	require.NoError(t, err)

	// The exams officer records a progress review that agrees her own
	// target: refused, and so is the rest of the meeting.
	before := f.snapshot(t)
	trBefore, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	_, err = f.svc.RecordMeeting(ctx, eoActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{
			{TargetID: a.ID, Rating: standards.RatingGreen, Comment: "fine"},
			{TargetID: b.ID, State: standards.TargetAgreed},
		},
		Support: []standards.SupportInput{{Description: "Shadow a colleague", OwnerRegistrationID: f.sl.ID, Due: day(time.October, 1)}},
	})
	require.ErrorIs(t, err, standards.ErrForbidden)
	assert.Contains(t, err.Error(), "Managing deadlines")
	assert.Equal(t, before, f.snapshot(t))
	trAfter, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Equal(t, trBefore, trAfter, "no meeting, no support action, no target change")

	// At a target-setting meeting both sides agree together.
	_, err = f.svc.RecordMeeting(ctx, eoActor, rec, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: a.ID, State: standards.TargetAgreed}, {TargetID: b.ID, State: standards.TargetAgreed}},
	})
	require.NoError(t, err)

	// A state an update's target cannot move to is a problem with that
	// update's state, named for its target, beside every other: what the
	// meeting's form offers, not a clash with someone else's change.
	before = f.snapshot(t)
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{
			{TargetID: a.ID, State: standards.TargetAgreed},
			{TargetID: b.ID, State: standards.TargetProposed},
			{TargetID: "no-such-target", Rating: standards.RatingGreen},
		},
	})
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, standards.FieldNotInList, ve.Fields[0].Code)
	assert.Equal(t, `"Entries and registrations" is already agreed: choose in progress, ready for review, achieved or withdrawn, or no new state`, ve.Message("updates[0].state"))
	assert.Equal(t, `"Managing deadlines" is agreed and cannot become proposed: choose in progress, ready for review, achieved or withdrawn, or no new state`, ve.Message("updates[1].state"))
	assert.NotEmpty(t, ve.Message("updates[2].target"))
	assert.Equal(t, before, f.snapshot(t))
}

func TestR_MTG_2_SupportActions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	_, err := f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Support: []standards.SupportInput{{Description: "Peer support from Hillside's exams officer", OwnerRegistrationID: f.otherAd.ID, Due: day(time.October, 1)}},
	})
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve, "the owner is a member of this centre")
	assert.NotEmpty(t, ve.Message("support[0].owner"))

	// A description over the limit is refused with the limit alone, not
	// also as missing.
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Support: []standards.SupportInput{{Description: strings.Repeat("s", standards.MaxReasonLength+1), OwnerRegistrationID: f.lm.ID, Due: day(time.October, 1)}},
	})
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 1, "one message: %v", ve.Fields)
	assert.Equal(t, "support[0].description", ve.Fields[0].Field)
	assert.Equal(t, standards.FieldTooLong, ve.Fields[0].Code)
	assert.Equal(t, map[string]string{"max": strconv.Itoa(standards.MaxReasonLength)}, ve.Fields[0].Params)

	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Support: []standards.SupportInput{{Description: "Awarding body network meeting", OwnerRegistrationID: f.lm.ID, Due: day(time.October, 1)}},
	})
	require.NoError(t, err)
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	require.Len(t, tr.Actions, 1)
	assert.Equal(t, standards.ActionOpen, tr.Actions[0].State)
	assert.Equal(t, f.lm.ID, tr.Actions[0].OwnerRegistrationID)
	done, err := f.svc.CompleteSupportAction(ctx, eoActor, tr.Actions[0].ID)
	require.NoError(t, err)
	assert.Equal(t, standards.ActionDone, done.State)
	_, err = f.svc.CompleteSupportAction(ctx, eoActor, tr.Actions[0].ID)
	require.ErrorIs(t, err, standards.ErrConflict)
}

func TestR_MTG_5_PrivateNotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	_, err := f.svc.AddPrivateNote(ctx, eoActor, rec, "about myself")
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.AddPrivateNote(ctx, slActor, rec, "Struggling with workload; discuss with the head.")
	require.NoError(t, err)
	var ve *standards.ValidationError
	_, err = f.svc.AddPrivateNote(ctx, slActor, rec, "  ")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, standards.FieldRequired, ve.Fields[0].Code)
	assert.Equal(t, "the note is empty: write the note", ve.Message("text"), "not a limit, when nothing was written")
	_, err = f.svc.AddPrivateNote(ctx, slActor, rec, strings.Repeat("n", standards.MaxNotesLength+1))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, standards.FieldTooLong, ve.Fields[0].Code)
	assert.Contains(t, ve.Message("text"), "at most")

	for _, a := range []standards.Actor{slActor, adminActor} {
		tr, err := f.svc.Tracker(ctx, a, rec)
		require.NoError(t, err)
		assert.Len(t, tr.Notes, 1, a.Email)
	}
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Empty(t, tr.Notes, "the exams officer does not see private notes")
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 1)
	require.NoError(t, err)
	assert.NotContains(t, trail[0].Summary, "workload", "the audit trail does not repeat the note")
}

func TestR_VA_1_StatementVersions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	st, err := f.svc.CurrentStatement(ctx, year)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Version)
	assert.Equal(t, standards.DefaultStatementText, st.Text)

	rec := recordOf(t, f.svc, eoActor)
	sig, err := f.svc.SignStatement(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Equal(t, st.Hash(), sig.StatementHash)
	assert.Equal(t, 0, sig.StatementVersion)
	assert.Len(t, sig.StatementHash, 64)

	_, err = f.svc.PublishStatement(ctx, adminActor, year, "Another text")
	require.ErrorIs(t, err, standards.ErrForbidden)
	v1, err := f.svc.PublishStatement(ctx, operatorActor, year, "The 2025/26 statement, revised.")
	require.NoError(t, err)
	assert.Equal(t, 1, v1.Version)

	// R-VA-2: the change mid-year does not undo the signature made.
	counter, err := f.svc.CountersignStatement(ctx, slActor, rec)
	require.NoError(t, err)
	assert.Equal(t, 1, counter.StatementVersion)
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.True(t, tr.Areas[2].Complete)
	assert.Equal(t, st.Hash(), tr.Signatures[0].StatementHash)
	assert.Equal(t, v1.Text, tr.Statement.Text)
}

func TestR_VA_2_SignThenCountersign(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	before := f.snapshot(t)
	_, err := f.svc.CountersignStatement(ctx, slActor, rec)
	require.ErrorIs(t, err, standards.ErrConflict, "the exams officer signs first")
	assert.Equal(t, before, f.snapshot(t))
	_, err = f.svc.SignStatement(ctx, slActor, rec)
	require.ErrorIs(t, err, standards.ErrForbidden, "the overseer does not sign for the exams officer")

	_, err = f.svc.SignStatement(ctx, eoActor, rec)
	require.NoError(t, err)
	events, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	last := events[len(events)-1]
	assert.Equal(t, standards.EventAwaitingCountersign, last.Kind)
	assert.Equal(t, []string{slActor.Email}, last.To)

	_, err = f.svc.SignStatement(ctx, eoActor, rec)
	require.ErrorIs(t, err, standards.ErrConflict, "signing twice")
	_, err = f.svc.CountersignStatement(ctx, eoActor, rec)
	require.ErrorIs(t, err, standards.ErrForbidden, "the exams officer does not countersign")
	_, err = f.svc.CountersignStatement(ctx, slActor, rec)
	require.NoError(t, err)
	_, err = f.svc.CountersignStatement(ctx, slActor, rec)
	require.ErrorIs(t, err, standards.ErrConflict)
}
