package dataset_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// TestLoadedDataFollowsTheRules loads a few centres and reads and changes
// them through the Service, so that the data is what the library itself
// would have made: readable by those who may, claimable where it says so,
// and counted by the dashboards.
func TestLoadedDataFollowsTheRules(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) standards.Store{
		"memory": func(*testing.T) standards.Store { return memory.New() },
		"sqlite": func(t *testing.T) standards.Store {
			s, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"))
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			require.NoError(t, s.Migrate(context.Background()))
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			spec := dataset.BenchmarkSpec(4)
			store := open(t)
			var done []int
			require.NoError(t, dataset.Load(ctx, store, spec, func(n int) { done = append(done, n) }))
			assert.Equal(t, []int{1, 2, 3, 4}, done)
			svc := standards.New(store, standards.WithClock(func() time.Time { return spec.Now }))
			sub := spec.Subjects()

			tr, err := svc.Tracker(ctx, sub.Head, sub.RecordID)
			require.NoError(t, err)
			assert.Len(t, tr.Targets, 6)
			assert.Len(t, tr.Meetings, 1)
			assert.NotEmpty(t, tr.CPD)
			assert.Equal(t, sub.PersonID, tr.ExamsOfficer.Person.ID)

			v, err := svc.Verify(ctx, sub.VerificationCode)
			require.NoError(t, err)
			assert.Equal(t, standards.CertificateValid, v.Status)
			history, err := svc.CertificationHistory(ctx, sub.Head, sub.PersonID)
			require.NoError(t, err)
			assert.Len(t, history, 2, "certified in both past years")

			board, err := svc.CentreDashboard(ctx, sub.Head, sub.CentreID, spec.Year)
			require.NoError(t, err)
			assert.Len(t, board.ExamsOfficers, 2)
			trust, err := svc.TrustDashboard(ctx, sub.Lead, sub.TrustID, spec.Year)
			require.NoError(t, err)
			assert.Len(t, trust.Centres, 4)
			national, err := svc.NationalFigures(ctx, sub.Operator, spec.Year-1)
			require.NoError(t, err)
			assert.Equal(t, 4, national.CentresRegistered)
			assert.Equal(t, 8, national.ExamsOfficers)
			// Last year: every first exams officer, and the second at every
			// centre but the first (a multiple of 4).
			assert.Equal(t, 7, national.Certified)

			claimable := spec.ClaimableRecords()
			require.Len(t, claimable, 2)
			for _, c := range claimable {
				unmet, err := svc.ClaimEligibility(ctx, c.Overseer, c.RecordID, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
				require.NoError(t, err)
				assert.Empty(t, unmet, "ready to claim")
			}
			_, err = svc.Claim(ctx, claimable[0].Overseer, claimable[0].RecordID, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
			require.NoError(t, err)

			pending := spec.PendingRegistrations()
			require.Len(t, pending, 4)
			_, err = svc.ApproveRegistration(ctx, pending[1].Admin, pending[1].RegistrationID)
			require.NoError(t, err)

			m := spec.MeetingSubjects()[3]
			var updates []standards.TargetUpdate
			for _, id := range m.TargetIDs[:5] {
				updates = append(updates, standards.TargetUpdate{TargetID: id, State: standards.TargetInProgress, Rating: standards.RatingAmber})
			}
			_, err = svc.RecordMeeting(ctx, m.Overseer, m.RecordID, standards.MeetingInput{
				Kind: standards.MeetingProgressReview, Date: spec.Now, Attendees: []string{m.ExamsOfficerRegistrationID, m.OverseerRegistrationID}, Updates: updates,
			})
			require.NoError(t, err)

			require.ErrorIs(t, dataset.Load(ctx, store, spec, nil), standards.ErrConflict, "loading twice")
		})
	}
}

func TestSpecRefuses(t *testing.T) {
	t.Parallel()
	s := dataset.BenchmarkSpec(0)
	assert.Error(t, s.Validate())
	s = dataset.BenchmarkSpec(1)
	s.Now = s.Now.AddDate(1, 0, 0)
	assert.Error(t, s.Validate(), "now outside the year")
	s = dataset.BenchmarkSpec(1)
	s.FirstCentre = 89999
	assert.Error(t, s.Validate(), "centre numbers past 99999")
}

// TestTwoSpecsInOneStore: specs with different first centres load side by
// side, each with its own trusts.
func TestTwoSpecsInOneStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memory.New()
	first, second := dataset.BenchmarkSpec(2), dataset.BenchmarkSpec(2)
	second.FirstCentre = dataset.TrustSize
	require.NoError(t, dataset.Load(ctx, store, first, nil))
	require.NoError(t, dataset.Load(ctx, store, second, nil))
	svc := standards.New(store, standards.WithClock(func() time.Time { return first.Now }))
	for _, s := range []dataset.Spec{first, second} {
		sub := s.Subjects()
		board, err := svc.TrustDashboard(ctx, sub.Lead, sub.TrustID, s.Year)
		require.NoError(t, err)
		assert.Len(t, board.Centres, 2)
		_, err = svc.Tracker(ctx, sub.Head, sub.RecordID)
		require.NoError(t, err)
	}
	assert.NotEqual(t, first.Subjects().CentreID, second.Subjects().CentreID)
}
