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
	// sheets are the parts of each record's sheet read.
	sheets []standards.RecordParts
}

func (s *centreReads) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	return s.Store.Update(ctx, func(tx standards.Tx) error { return fn(countingTx{tx, s}) })
}

func (s *centreReads) View(ctx context.Context, fn func(tx standards.Tx) error) error {
	return s.Store.View(ctx, func(tx standards.Tx) error { return fn(countingTx{tx, s}) })
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

// RecordSheet reads the record's centre's year with the record. Like the
// SQL stores, it brings only the parts asked for: the rest are left empty,
// so that a command which checked a part it did not ask for would see none.
func (t countingTx) RecordSheet(ctx context.Context, recordID string, parts standards.RecordParts) (standards.RecordSheet, error) {
	t.s.registrations++
	t.s.oversights++
	t.s.sheets = append(t.s.sheets, parts)
	s, err := t.Tx.RecordSheet(ctx, recordID, parts)
	keep := func(p standards.RecordParts) bool { return parts.Has(p) }
	if !keep(standards.RecordTargets) {
		s.Targets = nil
	}
	if !keep(standards.RecordHistory) {
		s.History = nil
	}
	if !keep(standards.RecordCPD) {
		s.CPD = nil
	}
	if !keep(standards.RecordMeetings) {
		s.Meetings = nil
	}
	if !keep(standards.RecordActions) {
		s.Actions = nil
	}
	if !keep(standards.RecordNotes) {
		s.Notes = nil
	}
	if !keep(standards.RecordSignatures) {
		s.Signatures = nil
	}
	if !keep(standards.RecordCertificate) {
		s.Certificate = standards.Certificate{}
	}
	if !keep(standards.RecordStatement) {
		s.Statement = standards.Statement{}
	}
	if !keep(standards.RecordEarlier) {
		s.Earlier = nil
	}
	return s, err
}

// A command reads a record's sheet once, with the parts its rules check and
// no others; and those rules hold on a store that brings nothing else.
func TestACommandReadsTheRecordOnceWithWhatItsRulesCheck(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	counting := func(f *fixture) (*centreReads, *standards.Service) {
		counted := &centreReads{Store: f.store}
		return counted, standards.New(counted, standards.WithClock(f.clock.now))
	}

	t.Run("R-CLM-1 a claim", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		counted, svc := counting(f)
		// Not yet eligible: every unmet condition, as on the whole record.
		early := recordOf(t, f.svc, eoActor)
		_, err := svc.Claim(ctx, slActor, early, standards.Confirmations{Knowledge: true})
		var ne *standards.NotEligibleError
		require.ErrorAs(t, err, &ne)
		assert.Equal(t, []standards.UnmetCode{
			standards.UnmetKnowledge, standards.UnmetSkills, standards.UnmetStatement, standards.UnmetReview, standards.UnmetConfirmations,
		}, codes(ne.Unmet))

		rec := f.eligibleRecord(t)
		counted.sheets = nil
		_, err = svc.Claim(ctx, slActor, rec, allConfirmed())
		require.NoError(t, err)
		assert.Equal(t, []standards.RecordParts{
			standards.RecordTargets | standards.RecordMeetings | standards.RecordSignatures | standards.RecordCertificate,
		}, counted.sheets, "one read of the parts R-CLM-1 checks")

		// Claimed once, never twice: the certificate is one of the parts,
		// and R-CLM-1 refuses the second claim before the store could.
		_, err = svc.Claim(ctx, slActor, rec, allConfirmed())
		require.ErrorAs(t, err, &ne)
		assert.Contains(t, codes(ne.Unmet), standards.UnmetCertified)
	})

	t.Run("a meeting, up to MaxMeetingsPerRecord", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		counted, svc := counting(f)
		rec := f.eligibleRecord(t)
		tr, err := f.svc.Tracker(ctx, slActor, rec)
		require.NoError(t, err)
		require.NotEmpty(t, tr.Targets)
		// An update names one of the record's targets, and is decided on
		// the targets read with the record.
		updates := []standards.TargetUpdate{{TargetID: tr.Targets[0].ID, Rating: standards.RatingGreen, Comment: "on track"}}
		_, err = svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
			Updates: []standards.TargetUpdate{{TargetID: "no-such-target", Rating: standards.RatingGreen}},
		})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "an update of a target the record does not have")
		assert.Equal(t, "updates[0].target", ve.Fields[0].Field)
		counted.sheets = nil
		_, err = svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID}, Updates: updates,
		})
		require.NoError(t, err)
		assert.Equal(t, []standards.RecordParts{standards.RecordTargets | standards.RecordMeetings | standards.RecordCentreYear}, counted.sheets)
		after, err := f.svc.Tracker(ctx, slActor, rec)
		require.NoError(t, err)
		assert.Equal(t, standards.RatingGreen, after.Targets[0].Rating)

		meet := func() error {
			_, err := svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
				Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
			})
			return err
		}
		for range standards.MaxMeetingsPerRecord - len(after.Meetings) {
			require.NoError(t, meet())
		}
		assert.ErrorIs(t, meet(), standards.ErrConflict, "one meeting too many")
	})

	t.Run("a private note, up to MaxNotesPerRecord", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		counted, svc := counting(f)
		rec := recordOf(t, f.svc, eoActor)
		note := func() error {
			_, err := svc.AddPrivateNote(ctx, slActor, rec, "A note")
			return err
		}
		require.NoError(t, note())
		assert.Equal(t, []standards.RecordParts{standards.RecordNotes}, counted.sheets)
		for range standards.MaxNotesPerRecord - 1 {
			require.NoError(t, note())
		}
		assert.ErrorIs(t, note(), standards.ErrConflict, "one note too many")
	})

	t.Run("a page reads it whole", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		counted, svc := counting(f)
		rec := recordOf(t, f.svc, eoActor)
		_, err := svc.Tracker(ctx, eoActor, rec)
		require.NoError(t, err)
		assert.Equal(t, []standards.RecordParts{standards.AllRecordParts}, counted.sheets)
	})
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
