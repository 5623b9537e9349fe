package standards_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestLimits fills a record, a centre and a trust to each of their limits
// through the Service and checks that the next command is refused with
// ErrConflict and a message giving the limit, and writes nothing.
func TestLimits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	// refused checks that add, the command one past the limit, is refused
	// and leaves the audit trail, the outbox and the lists as they were.
	refused := func(t *testing.T, f *fixture, limit int, count func() int, add func() error) {
		t.Helper()
		require.Equal(t, limit, count(), "filled to the limit")
		before := f.snapshot(t)
		err := add()
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Contains(t, err.Error(), fmt.Sprint(limit), "the message gives the limit")
		assert.Equal(t, before, f.snapshot(t), "nothing written")
		assert.Equal(t, limit, count())
	}
	tracker := func(t *testing.T, f *fixture, rec string) standards.Tracker {
		tr, err := f.svc.Tracker(ctx, slActor, rec)
		require.NoError(t, err)
		return tr
	}

	t.Run("targets of a record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		propose := func(i int) error {
			_, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{
				Area: standards.AreaKnowledge, Title: fmt.Sprintf("Target %d", i), Due: f.clock.t.AddDate(0, 2, 0),
			})
			return err
		}
		for i := range standards.MaxTargetsPerRecord {
			require.NoError(t, propose(i))
		}
		refused(t, f, standards.MaxTargetsPerRecord, func() int { return len(tracker(t, f, rec).Targets) },
			func() error { return propose(-1) })
	})

	t.Run("meetings of a record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		meet := func() error {
			_, err := f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
				Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
			})
			return err
		}
		for range standards.MaxMeetingsPerRecord {
			require.NoError(t, meet())
		}
		refused(t, f, standards.MaxMeetingsPerRecord, func() int { return len(tracker(t, f, rec).Meetings) }, meet)
	})

	t.Run("CPD entries of a record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		log := func() error {
			_, err := f.svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{
				Kind: standards.CPDKinds()[0], Title: "Course", Date: f.clock.t, Hours: 1,
			})
			return err
		}
		for range standards.MaxCPDPerRecord {
			require.NoError(t, log())
		}
		refused(t, f, standards.MaxCPDPerRecord, func() int { return len(tracker(t, f, rec).CPD) }, log)
	})

	t.Run("private notes of a record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		note := func() error {
			_, err := f.svc.AddPrivateNote(ctx, slActor, rec, "A note")
			return err
		}
		for range standards.MaxNotesPerRecord {
			require.NoError(t, note())
		}
		refused(t, f, standards.MaxNotesPerRecord, func() int { return len(tracker(t, f, rec).Notes) }, note)
	})

	t.Run("attendees and support of a meeting", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		attendees := []string{f.eo.ID, f.sl.ID}
		for i := range standards.MaxAttendeesOfMeeting {
			attendees = append(attendees, fmt.Sprintf("someone%02d", i))
		}
		support := make([]standards.SupportInput, standards.MaxSupportPerMeeting+1)
		for i := range support {
			support[i] = standards.SupportInput{Description: "Help", OwnerRegistrationID: f.sl.ID, Due: f.clock.t.AddDate(0, 1, 0)}
		}
		_, err := f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: attendees, Support: support,
		})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Contains(t, ve.Message("attendees"), fmt.Sprint(standards.MaxAttendeesOfMeeting))
		assert.Contains(t, ve.Message("support"), fmt.Sprint(standards.MaxSupportPerMeeting))
	})

	t.Run("members and requests of a centre", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		count := func(status standards.RegistrationStatus) func() int {
			return func() int {
				roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
				require.NoError(t, err)
				n := 0
				for _, m := range roster.Members {
					if m.Registration.Status == status {
						n++
					}
				}
				return n
			}
		}
		members, waiting := count(standards.RegistrationApproved), count(standards.RegistrationPending)
		ask := func(i int) (standards.Registration, error) {
			return f.svc.RequestToJoin(ctx, standards.Actor{Email: fmt.Sprintf("stranger%d@example.org", i)}, standards.JoinRequest{
				Year: year, CentreNumber: "12345", FullName: "Stranger", Roles: standards.Roles{standards.RoleEO},
			})
		}
		// Strangers fill the waiting list, and no more.
		for i := waiting(); i < standards.MaxPendingPerCentreYear; i++ {
			_, err := ask(i)
			require.NoError(t, err)
		}
		refused(t, f, standards.MaxPendingPerCentreYear, waiting, func() error { _, err := ask(-1); return err })

		// The centre's staff are still registered: the waiting list is apart.
		register := func(i int) error {
			_, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
				CentreID: f.centre.ID, Year: year, Email: fmt.Sprintf("staff%d@riverside.sch.uk", i), FullName: "Staff", Roles: standards.Roles{standards.RoleEO},
			})
			return err
		}
		for i := members(); i < standards.MaxMembersPerCentreYear; i++ {
			require.NoError(t, register(i))
		}
		refused(t, f, standards.MaxMembersPerCentreYear, members, func() error { return register(-1) })
		// Approving a request is refused too, when the centre is full.
		refused(t, f, standards.MaxMembersPerCentreYear, members, func() error {
			_, err := f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
			return err
		})
		// Someone already registered is told so, not that the centre is full.
		err := register(standards.MaxMembersPerCentreYear - 1)
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Contains(t, err.Error(), "already registered")
	})

	t.Run("centres of a trust", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		centres := func() int {
			d, err := f.svc.TrustDashboard(ctx, leadActor, f.trust.ID, year)
			require.NoError(t, err)
			return len(d.Centres)
		}
		join := func(i int) error {
			head := standards.Actor{Email: fmt.Sprintf("head@school%d.sch.uk", i)}
			number := standards.CentreNumber(fmt.Sprintf("%05d", 60000+i))
			if _, err := f.svc.RegisterCentre(ctx, head, standards.CentreRegistration{
				Year: year, CentreNumber: number, CentreName: "School", FullName: "Head", Roles: standards.Roles{standards.RoleSL},
			}); err != nil {
				return err
			}
			invite, err := f.svc.InviteCentre(ctx, leadActor, f.trust.ID, number)
			if err != nil {
				return err
			}
			_, err = f.svc.AcceptTrustRequest(ctx, head, invite.ID)
			return err
		}
		for i := centres(); i < standards.MaxCentresPerTrust; i++ {
			require.NoError(t, join(i))
		}
		err := join(-1)
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Contains(t, err.Error(), fmt.Sprint(standards.MaxCentresPerTrust))
		assert.Equal(t, standards.MaxCentresPerTrust, centres())
	})
}
