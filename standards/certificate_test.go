package standards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_CLM_1_ClaimRefusals(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("ErrForbiddenClaimingYourOwn", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := f.eligibleRecord(t)
		before := f.snapshot(t)
		_, err := f.svc.Claim(ctx, eoActor, rec, allConfirmed())
		require.ErrorIs(t, err, standards.ErrForbidden)
		assert.Equal(t, before, f.snapshot(t))
		// The pure check says so too, for a checklist.
		unmet, err := f.svc.ClaimEligibility(ctx, eoActor, rec, allConfirmed())
		require.NoError(t, err)
		assert.Equal(t, []standards.UnmetCode{standards.UnmetOverseer, standards.UnmetSelfClaim}, codes(unmet))
	})

	t.Run("ErrForbiddenForAnAdminWhoIsNotAnOverseer", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := f.eligibleRecord(t)
		_, err := f.svc.Claim(ctx, adminActor, rec, allConfirmed())
		require.ErrorIs(t, err, standards.ErrForbidden)
	})

	t.Run("ErrNotEligibleListsEverything", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := recordOf(t, f.svc, eoActor)
		before := f.snapshot(t)
		_, err := f.svc.Claim(ctx, slActor, rec, standards.Confirmations{Knowledge: true})
		require.ErrorIs(t, err, standards.ErrNotEligible)
		var ne *standards.NotEligibleError
		require.ErrorAs(t, err, &ne)
		assert.Equal(t, []standards.UnmetCode{
			standards.UnmetKnowledge, standards.UnmetSkills, standards.UnmetStatement, standards.UnmetReview, standards.UnmetConfirmations,
		}, codes(ne.Unmet))
		assert.Equal(t, before, f.snapshot(t))
	})

	t.Run("AfterTheGracePeriod", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rec := f.eligibleRecord(t)
		f.clock.t = year.End().Add(standards.DefaultClaimGrace + time.Hour)
		_, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
		var ne *standards.NotEligibleError
		require.ErrorAs(t, err, &ne)
		assert.Equal(t, []standards.UnmetCode{standards.UnmetClaimPeriod}, codes(ne.Unmet))
	})
}

func TestR_CLM_2_ClaimClosesAndIssues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.eligibleRecord(t)
	cert, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.True(t, tr.Record.Closed())
	assert.Equal(t, cert, tr.Certificate)
	assert.Equal(t, f.sl.PersonID, cert.ClaimedBy)
	assert.Equal(t, "Sam Senior", cert.ClaimedByName)
	assert.Equal(t, f.clock.t.UTC(), cert.IssuedAt)
}

func TestR_CRT_1_SerialAndCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	cert, err := f.svc.Claim(ctx, slActor, f.eligibleRecord(t), allConfirmed())
	require.NoError(t, err)
	assert.Regexp(t, `^EOPS-2526-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`, cert.Serial)
	code := strings.ReplaceAll(cert.VerificationCode, "-", "")
	assert.Len(t, code, 20, "20 base32 characters: 100 random bits")
	assert.NotContains(t, cert.VerificationCode, strings.TrimPrefix(cert.Serial, "EOPS-2526-"))
	assert.Equal(t, "Eve Officer", cert.HolderName)
	assert.Equal(t, "Riverside Academy", cert.CentreName)
	assert.Equal(t, standards.CentreNumber("12345"), cert.CentreNumber)
	assert.Equal(t, year, cert.Year)

	// Typed as a person might: lower case, spaces, O for 0.
	typed := strings.ToLower(strings.ReplaceAll(cert.VerificationCode, "-", " "))
	typed = strings.ReplaceAll(typed, "0", "o")
	got, err := standards.ParseVerificationCode(typed)
	require.NoError(t, err)
	assert.Equal(t, cert.VerificationCode, got)
}

func TestR_CRT_1_CodesDoNotRepeat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	cert, err := f.svc.Claim(ctx, slActor, f.eligibleRecord(t), allConfirmed())
	require.NoError(t, err)
	// The same centre's other exams officer, approved and overseen: a
	// second certificate has a different serial and code.
	_, err = f.svc.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.NoError(t, err)
	_, err = f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.pending.ID, Overseer: f.sl.ID})
	require.NoError(t, err)
	rec := recordOf(t, f.svc, pendingActor)
	var ids []string
	for _, item := range []string{"ku-entries", "ks-deadlines"} {
		tg, _, err := f.svc.ProposeTarget(ctx, slActor, rec, standards.TargetInput{CatalogueItemID: item})
		require.NoError(t, err)
		ids = append(ids, tg.ID)
	}
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: f.clock.t, Attendees: []string{f.pending.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: ids[0], State: standards.TargetAgreed}, {TargetID: ids[1], State: standards.TargetAgreed}},
	})
	require.NoError(t, err)
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: f.clock.t, Attendees: []string{f.pending.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: ids[0], State: standards.TargetAchieved}, {TargetID: ids[1], State: standards.TargetAchieved}},
	})
	require.NoError(t, err)
	_, err = f.svc.SignStatement(ctx, pendingActor, rec)
	require.NoError(t, err)
	_, err = f.svc.CountersignStatement(ctx, slActor, rec)
	require.NoError(t, err)
	second, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)
	assert.NotEqual(t, cert.Serial, second.Serial)
	assert.NotEqual(t, cert.VerificationCode, second.VerificationCode)
}

func TestR_CRT_2_VerifyRevealsOnlyWhatItMay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	cert, err := f.svc.Claim(ctx, slActor, f.eligibleRecord(t), allConfirmed())
	require.NoError(t, err)
	v, err := f.svc.Verify(ctx, cert.VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, standards.CertificateValid, v.Status)

	_, err = f.svc.Verify(ctx, "0000-0000-0000-0000-0000")
	require.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.Verify(ctx, cert.Serial)
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve, "the serial is not a verification code")
	assert.NotEmpty(t, ve.Message("code"))
}

func TestR_CRT_3_OperatorRevokes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.eligibleRecord(t)
	cert, err := f.svc.Claim(ctx, slActor, rec, allConfirmed())
	require.NoError(t, err)

	_, err = f.svc.RevokeCertificate(ctx, slActor, cert.ID, "claimed in error")
	require.ErrorIs(t, err, standards.ErrForbidden)
	_, err = f.svc.RevokeCertificate(ctx, otherActor, cert.ID, "claimed in error")
	require.ErrorIs(t, err, standards.ErrNotFound)
	f.clock.t = day(time.October, 2)
	revoked, err := f.svc.RevokeCertificate(ctx, operatorActor, cert.ID, "Claimed in error: targets not met")
	require.NoError(t, err)
	assert.True(t, revoked.Revoked())
	_, err = f.svc.RevokeCertificate(ctx, operatorActor, cert.ID, "again")
	require.ErrorIs(t, err, standards.ErrConflict)

	v, err := f.svc.Verify(ctx, cert.VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, standards.CertificateRevoked, v.Status)
	assert.Equal(t, f.clock.t.UTC(), v.RevokedAt)
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.True(t, tr.Record.Closed(), "the record stays closed")
	held, err := f.svc.Certificate(ctx, eoActor, cert.ID)
	require.NoError(t, err)
	assert.Equal(t, "Claimed in error: targets not met", held.RevokeReason)
}
