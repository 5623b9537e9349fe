package standards_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// centreReads counts a store's reads of a centre's registrations and
// oversights, one row or the year's list alike.
type centreReads struct {
	standards.Store
	registrations, oversights int
}

func (s *centreReads) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	return s.Store.Update(ctx, func(tx standards.Tx) error { return fn(countingTx{tx, s}) })
}

type countingTx struct {
	standards.Tx
	s *centreReads
}

func (t countingTx) Registration(ctx context.Context, id string) (standards.Registration, error) {
	t.s.registrations++
	return t.Tx.Registration(ctx, id)
}

func (t countingTx) RegistrationOf(ctx context.Context, centreID, personID string, year standards.AcademicYear) (standards.Registration, error) {
	t.s.registrations++
	return t.Tx.RegistrationOf(ctx, centreID, personID, year)
}

func (t countingTx) RegistrationsByCentre(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	t.s.registrations++
	return t.Tx.RegistrationsByCentre(ctx, centreID, year)
}

func (t countingTx) OversightsByCentre(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	t.s.oversights++
	return t.Tx.OversightsByCentre(ctx, centreID, year)
}

// CentreSheet reads the centre's registrations and oversights together.
func (t countingTx) CentreSheet(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, error) {
	t.s.registrations++
	t.s.oversights++
	return t.Tx.CentreSheet(ctx, centreID, year)
}

// RecordSheet reads the record's centre's year with the record.
func (t countingTx) RecordSheet(ctx context.Context, recordID string) (standards.RecordSheet, error) {
	t.s.registrations++
	t.s.oversights++
	return t.Tx.RecordSheet(ctx, recordID)
}

// Recording a meeting finds the actor's standing and then the centre's
// roster; the two share their reads, which come before the first write.
func TestRecordingAMeetingReadsTheCentresYearOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	counted := &centreReads{Store: f.store}
	svc := standards.New(counted, standards.WithClock(f.clock.now))

	in := standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID}}
	_, err := svc.RecordMeeting(ctx, slActor, rec, in)
	require.NoError(t, err)
	assert.Equal(t, 1, counted.registrations, "the centre's registrations, read once")
	assert.Equal(t, 1, counted.oversights, "the centre's oversights, read once")

	// What was shared does not outlive the command: the next one reads
	// afresh and sees a change made in between.
	require.NoError(t, f.svc.RemoveOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.sl.ID}))
	_, err = svc.RecordMeeting(ctx, slActor, rec, in)
	require.ErrorIs(t, err, standards.ErrForbidden, "no longer the exams officer's overseer")
	assert.Equal(t, 2, counted.registrations)
}

// Someone new asking to join has no registration anywhere: the command reads
// none of theirs, only the centre's list (for its cap on requests waiting,
// then for the administrators it tells). On PostgreSQL every read is a
// predicate lock on the index pages it passes, and a new person's id lands
// where every other new person's registration goes (docs/benchmarks.md).
func TestSomeoneNewAskingToJoinReadsOnlyTheCentresRegistrations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	counted := &centreReads{Store: f.store}
	svc := standards.New(counted, standards.WithClock(f.clock.now))

	_, err := svc.RequestToJoin(t.Context(), standards.Actor{Email: "newcomer@example.org"}, standards.JoinRequest{
		Year: year, CentreNumber: "12345", FullName: "Nia Newcomer", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	assert.Equal(t, 2, counted.registrations, "the centre's list, for the cap and the administrators; none of the newcomer's")

	// Someone known may have asked before: that is still read, and refused.
	counted.registrations = 0
	_, err = svc.RequestToJoin(t.Context(), standards.Actor{Email: "newcomer@example.org"}, standards.JoinRequest{
		Year: year, CentreNumber: "12345", FullName: "Nia Newcomer", Roles: standards.Roles{standards.RoleEO},
	})
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, 1, counted.registrations, "their own registration at the centre")
}
