package standards_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// fieldError finds the message err gives for field.
func fieldError(t *testing.T, err error, field string) string {
	t.Helper()
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		if f.Field == field {
			assert.Contains(t, standards.FieldCodes(), f.Code, "field %s has no documented code", f.Field)
			return f.Message
		}
	}
	t.Fatalf("no error on %q in %v", field, err)
	return ""
}

// Errors say what is wrong, name the field and what was given, and what
// would be accepted; they do not state the rule as if it held.
func TestErrorsSayWhatIsWrongWithWhatWasGiven(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	eve := recordOf(t, f.svc, eoActor)
	_, err := f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)
	mine, err := f.svc.MyRegistrations(ctx, pendingActor)
	require.NoError(t, err)
	_, err = f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.pending.ID, Overseer: f.sl.ID})
	require.NoError(t, err)
	other, _, err := f.svc.ProposeTarget(ctx, pendingActor, mine[0].RecordID, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Pat's"})
	require.NoError(t, err)

	_, err = f.svc.RecordMeeting(ctx, slActor, eve, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: other.ID, State: standards.TargetAgreed}},
	})
	msg := fieldError(t, err, "updates[0].target")
	assert.Contains(t, msg, other.ID, "names what was given")
	assert.Contains(t, msg, "is not a target of this record")

	_, err = f.svc.RecordMeeting(ctx, slActor, eve, standards.MeetingInput{Kind: "chat", Date: f.clock.t, Attendees: []string{f.sl.ID}})
	assert.Contains(t, fieldError(t, err, "kind"), `"chat" is not a kind of meeting`)
	assert.Contains(t, fieldError(t, err, "attendees"), "is not among the attendees")

	_, err = f.svc.UpdateTarget(ctx, eoActor, other.ID, standards.TargetProgress{State: standards.TargetAchieved})
	assert.Contains(t, fieldError(t, err, "state"), `"achieved" is not a state progress moves a target to`)

	// A bulk call's failed row names its registration.
	rows, err := f.svc.DecideRegistrations(ctx, adminActor, []standards.Decision{{RegistrationID: f.eo.ID, Approve: true}})
	require.NoError(t, err)
	require.Error(t, rows[0].Err)
	assert.Equal(t, f.eo.ID, rows[0].RegistrationID)
	assert.Contains(t, rows[0].Err.Error(), f.eo.ID)
	assert.ErrorIs(t, rows[0].Err, standards.ErrConflict)
}

// A day outside the year, or in the future, says which day was given and
// which days would do (R-DAY-1's days, in UK time).
func TestDayErrorsSayWhichDays(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	eve := recordOf(t, f.svc, eoActor)
	_, err := f.svc.RecordMeeting(ctx, slActor, eve, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t.AddDate(0, 0, 3), Attendees: []string{f.eo.ID, f.sl.ID},
	})
	assert.Equal(t, "18 September 2025 is in the future: give a day from 1 September 2025 to today, 15 September 2025", fieldError(t, err, "date"))
	_, err = f.svc.RecordMeeting(ctx, slActor, eve, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t.AddDate(-1, 0, 0), Attendees: []string{f.eo.ID, f.sl.ID},
	})
	assert.Equal(t, "15 September 2024 is not in 2025/26: give a day from 1 September 2025 to 31 August 2026", fieldError(t, err, "date"))
}
