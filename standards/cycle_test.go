package standards_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// day returns 09:00 UK time on a day of the 2025/26 academic year.
func day(month time.Month, d int) time.Time {
	y := 2025
	if month < time.September {
		y = 2026
	}
	london, _ := time.LoadLocation("Europe/London")
	return time.Date(y, month, d, 9, 0, 0, 0, london)
}

// recordOf finds the standards record of an exams officer's registration.
func recordOf(t *testing.T, svc *standards.Service, a standards.Actor) string {
	t.Helper()
	mine, err := svc.MyRegistrations(t.Context(), a)
	require.NoError(t, err)
	for _, m := range mine {
		if m.RecordID != "" {
			return m.RecordID
		}
	}
	t.Fatalf("%s has no standards record", a.Email)
	return ""
}

func allConfirmed() standards.Confirmations {
	return standards.Confirmations{Knowledge: true, Skills: true, Values: true}
}

// TestCaseStudyNewExamsOfficer tells the toolkit's case study of a new exams
// officer through the public API: a senior leader registers the centre, the
// new exams officer and their line manager join, the line manager applies
// the "new exams officer" template, they agree the targets at a
// target-setting meeting and sign the statement, the exams officer logs a
// training event and a webinar, a progress review withdraws one target and
// arranges support, the final review marks the rest achieved, and the line
// manager claims the certificate, which anyone can then verify.
func TestCaseStudyNewExamsOfficer(t *testing.T) {
	t.Parallel()
	forEachStore(t, day(time.September, 8), caseStudyNewExamsOfficer)
}

func caseStudyNewExamsOfficer(t *testing.T, svc *standards.Service, clk *clock) {
	ctx := t.Context()
	head := standards.Actor{Email: "head@oakfield.sch.uk"}
	lm := standards.Actor{Email: "bursar@oakfield.sch.uk"}
	eo := standards.Actor{Email: "newexams@oakfield.sch.uk"}

	_, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: year, CentreNumber: "34567", CentreName: "Oakfield High School", FullName: "Helen Head", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	eoReg := join(t, svc, standards.Actor{Email: eo.Email, Name: "Nadia New"}, "34567", standards.RoleEO)
	lmReg := join(t, svc, standards.Actor{Email: lm.Email, Name: "Liam Line"}, "34567", standards.RoleLM)
	out, err := svc.DecideRegistrations(ctx, head, []standards.Decision{{RegistrationID: eoReg.ID, Approve: true}, {RegistrationID: lmReg.ID, Approve: true}})
	require.NoError(t, err)
	require.NoError(t, out[0].Err)
	require.NoError(t, out[1].Err)
	_, err = svc.AssignOverseer(ctx, lm, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: lmReg.ID}) // the line manager takes her on
	require.NoError(t, err)
	rec := recordOf(t, svc, eo)

	// Target setting, as early as possible in the year.
	clk.t = day(time.September, 19)
	targets, warnings, err := svc.ApplyTemplate(ctx, lm, rec, "new-eo")
	require.NoError(t, err)
	require.Len(t, targets, 4)
	assert.Empty(t, warnings)
	agree := make([]standards.TargetUpdate, len(targets))
	for i, tg := range targets {
		assert.Equal(t, standards.TargetProposed, tg.State)
		assert.Equal(t, standards.SideOverseer, tg.ProposedBy)
		agree[i] = standards.TargetUpdate{TargetID: tg.ID, State: standards.TargetAgreed, Comment: "agreed together"}
	}
	_, err = svc.RecordMeeting(ctx, lm, rec, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: clk.t, Attendees: []string{eoReg.ID, lmReg.ID},
		Notes: "First meeting: walked through the exams calendar.", Updates: agree,
	})
	require.NoError(t, err)
	_, err = svc.SignStatement(ctx, eo, rec)
	require.NoError(t, err)
	_, err = svc.CountersignStatement(ctx, lm, rec)
	require.NoError(t, err)

	// The exams officer learns.
	regulations, keyDates, timeMgmt := targets[0].ID, targets[2].ID, targets[3].ID
	_, err = svc.LogCPD(ctx, eo, rec, standards.CPDInput{
		Kind: standards.CPDTrainingEvent, Title: "Introduction to exams administration", Date: day(time.October, 7),
		Hours: 6, Provider: "NAEO", Verified: true, Reflection: "Now understand the ICE booklet.", TargetIDs: []string{regulations},
	})
	require.NoError(t, err)
	_, err = svc.LogCPD(ctx, eo, rec, standards.CPDInput{
		Kind: standards.CPDWebinar, Title: "Entries deadlines webinar", Date: day(time.October, 14),
		Hours: 1.5, Provider: "Pearson", TargetIDs: []string{keyDates, timeMgmt},
	})
	require.NoError(t, err)

	// A progress review in January: one target withdrawn, support arranged.
	clk.t = day(time.January, 20)
	_, err = svc.RecordMeeting(ctx, eo, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: clk.t, Attendees: []string{eoReg.ID, lmReg.ID},
		Updates: []standards.TargetUpdate{
			{TargetID: regulations, State: standards.TargetInProgress, Rating: standards.RatingGreen, Comment: "on track"},
			{TargetID: targets[1].ID, State: standards.TargetWithdrawn, Comment: "the role's tasks are covered by the key dates target"},
			{TargetID: keyDates, State: standards.TargetInProgress, Rating: standards.RatingAmber, Comment: "missed the access arrangements deadline"},
			{TargetID: timeMgmt, State: standards.TargetInProgress, Rating: standards.RatingAmber},
		},
		Support: []standards.SupportInput{{
			Description: "Book a place on the awarding body's access arrangements training", OwnerRegistrationID: lmReg.ID, Due: day(time.February, 28),
		}},
	})
	require.NoError(t, err)
	tr, err := svc.Tracker(ctx, eo, rec)
	require.NoError(t, err)
	require.Len(t, tr.Actions, 1)
	_, err = svc.CompleteSupportAction(ctx, lm, tr.Actions[0].ID)
	require.NoError(t, err)

	// The exams officer says the targets are done; the final review agrees.
	clk.t = day(time.June, 30)
	for _, id := range []string{regulations, keyDates, timeMgmt} {
		_, err = svc.UpdateTarget(ctx, eo, id, standards.TargetProgress{State: standards.TargetReadyForReview, Rating: standards.RatingGreen})
		require.NoError(t, err)
	}
	unmet, err := svc.ClaimEligibility(ctx, lm, rec, allConfirmed())
	require.NoError(t, err)
	assert.Equal(t, []standards.UnmetCode{standards.UnmetKnowledge, standards.UnmetSkills}, codes(unmet))

	_, err = svc.RecordMeeting(ctx, lm, rec, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: clk.t, Attendees: []string{eoReg.ID, lmReg.ID},
		Updates: []standards.TargetUpdate{
			{TargetID: regulations, State: standards.TargetAchieved, Rating: standards.RatingGreen},
			{TargetID: keyDates, State: standards.TargetAchieved, Rating: standards.RatingGreen},
			{TargetID: timeMgmt, State: standards.TargetAchieved, Rating: standards.RatingGreen},
		},
	})
	require.NoError(t, err)

	tr, err = svc.Tracker(ctx, lm, rec)
	require.NoError(t, err)
	for _, a := range tr.Areas {
		assert.True(t, a.Complete, a.Area.String())
	}
	assert.Equal(t, 7.5, tr.CPDTotals.Hours)
	assert.Equal(t, 6.0, tr.CPDTotals.ByKind[standards.CPDTrainingEvent])
	assert.Equal(t, map[standards.KeyArea]float64{standards.AreaKnowledge: 7.5, standards.AreaSkills: 1.5}, tr.CPDTotals.ByArea)
	assert.Len(t, tr.Meetings, 3)

	cert, err := svc.Claim(ctx, lm, rec, allConfirmed())
	require.NoError(t, err)
	assert.Equal(t, "Nadia New", cert.HolderName)
	assert.Equal(t, "Oakfield High School", cert.CentreName)
	assert.Equal(t, standards.CentreNumber("34567"), cert.CentreNumber)
	assert.Regexp(t, `^EOPS-2526-[0-9A-Z]{4}-[0-9A-Z]{4}$`, cert.Serial)

	v, err := svc.Verify(ctx, cert.VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, standards.Verification{
		Status: standards.CertificateValid, HolderName: "Nadia New", CentreName: "Oakfield High School",
		CentreNumber: "34567", Year: year, IssuedAt: cert.IssuedAt,
	}, v)

	// Both the exams officer and the claimant are told.
	events, err := svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	last := events[len(events)-1]
	assert.Equal(t, standards.EventCertificateIssued, last.Kind)
	assert.ElementsMatch(t, []string{eo.Email, lm.Email}, last.To)
}

// TestCaseStudyExperiencedExamsOfficer tells the case study of an
// experienced exams officer: this year's regulation changes and one skill,
// claimed at the final review.
func TestCaseStudyExperiencedExamsOfficer(t *testing.T) {
	t.Parallel()
	forEachStore(t, day(time.September, 3), caseStudyExperiencedExamsOfficer)
}

func caseStudyExperiencedExamsOfficer(t *testing.T, svc *standards.Service, clk *clock) {
	ctx := t.Context()
	eo := standards.Actor{Email: "exams@meadow.ac.uk", Name: "Emeka Expert"}
	sl := standards.Actor{Email: "deputy@meadow.ac.uk", Name: "Sara Deputy"}

	// The experienced exams officer registers the centre herself and
	// registers her senior leader.
	eoReg, err := svc.RegisterCentre(ctx, eo, standards.CentreRegistration{
		Year: year, CentreNumber: "45678", CentreName: "Meadow Sixth Form College", FullName: eo.Name, Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	slReg, err := svc.RegisterColleague(ctx, eo, standards.Colleague{
		CentreID: eoReg.CentreID, Year: year, Email: sl.Email, FullName: sl.Name, Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	_, err = svc.AssignOverseer(ctx, eo, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: slReg.ID})
	require.NoError(t, err)
	rec := recordOf(t, svc, eo)

	// She proposes her own targets; the senior leader agrees them.
	changes, _, err := svc.ProposeTarget(ctx, eo, rec, standards.TargetInput{
		CatalogueItemID: "ku-regulation-changes", SuccessMeasure: "Invigilators briefed on this year's changes", Due: day(time.December, 12),
	})
	require.NoError(t, err)
	assert.Equal(t, standards.AreaKnowledge, changes.Area)
	assert.Equal(t, "Changes in JCQ and awarding body regulations and requirements", changes.Title)
	skill, _, err := svc.ProposeTarget(ctx, eo, rec, standards.TargetInput{
		Area: standards.AreaSkills, Title: "Handling difficult conversations with heads of department", CatalogueItemID: "ks-difficult-conversations",
	})
	require.NoError(t, err)
	for _, id := range []string{changes.ID, skill.ID} {
		_, err = svc.AgreeTarget(ctx, sl, id)
		require.NoError(t, err)
	}
	_, err = svc.SignStatement(ctx, eo, rec)
	require.NoError(t, err)
	_, err = svc.CountersignStatement(ctx, sl, rec)
	require.NoError(t, err)
	_, err = svc.LogCPD(ctx, eo, rec, standards.CPDInput{
		Kind: standards.CPDNetworkMeeting, Title: "AQA network meeting: 2025 changes", Date: day(time.November, 5), Hours: 2.25, TargetIDs: []string{changes.ID},
	})
	require.NoError(t, err)

	// The final review in May, when the targets are met: achieved and
	// claimed at the meeting.
	clk.t = day(time.May, 14)
	_, err = svc.RecordMeeting(ctx, sl, rec, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: clk.t, Attendees: []string{eoReg.ID, slReg.ID},
		Updates: []standards.TargetUpdate{
			{TargetID: changes.ID, State: standards.TargetAchieved, Comment: "briefing delivered in December"},
			{TargetID: skill.ID, State: standards.TargetAchieved},
		},
	})
	require.NoError(t, err)
	cert, err := svc.Claim(ctx, sl, rec, allConfirmed())
	require.NoError(t, err)
	v, err := svc.Verify(ctx, cert.VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, standards.CertificateValid, v.Status)
	assert.Equal(t, "Emeka Expert", v.HolderName)

	tr, err := svc.Tracker(ctx, eo, rec)
	require.NoError(t, err)
	assert.True(t, tr.Record.Closed())
	assert.Equal(t, cert.ID, tr.Certificate.ID)
}

func codes(us []standards.Unmet) []standards.UnmetCode {
	out := make([]standards.UnmetCode, len(us))
	for i, u := range us {
		out[i] = u.Code
	}
	return out
}

// eligibleRecord brings the fixture's exams officer's record to the point of
// a claim: a knowledge and a skills target achieved, the statement signed
// and countersigned, a progress review recorded.
func (f *fixture) eligibleRecord(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	rec := recordOf(t, f.svc, eoActor)
	var ids []string
	for _, in := range []standards.TargetInput{
		{CatalogueItemID: "ku-cyber-security"},
		{CatalogueItemID: "ks-communication"},
	} {
		tg, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, in)
		require.NoError(t, err)
		ids = append(ids, tg.ID)
	}
	var updates []standards.TargetUpdate
	for _, id := range ids {
		updates = append(updates, standards.TargetUpdate{TargetID: id, State: standards.TargetAchieved})
	}
	for _, id := range ids {
		_, err := f.svc.AgreeTarget(ctx, slActor, id)
		require.NoError(t, err)
	}
	_, err := f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID}, Updates: updates,
	})
	require.NoError(t, err)
	_, err = f.svc.SignStatement(ctx, eoActor, rec)
	require.NoError(t, err)
	_, err = f.svc.CountersignStatement(ctx, slActor, rec)
	require.NoError(t, err)
	return rec
}
