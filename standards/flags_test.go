package standards_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// ukDay is a date of the 2025/26 academic year as the domain keeps dates:
// midnight UTC of that day.
func ukDay(month time.Month, d int) time.Time {
	t := day(month, d)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// wellFacts is a record with nothing to flag on 20 November 2025: registered
// in September, overseen, a target agreed and in progress, the statement
// signed and countersigned, a meeting ten days ago.
func wellFacts() standards.FlagFacts {
	return standards.FlagFacts{
		Registration: standards.Registration{
			ID: "r1", Year: year, Roles: standards.Roles{standards.RoleEO}, Status: standards.RegistrationApproved,
			RequestedAt: day(time.September, 10),
		},
		HasOverseer: true,
		OpenedAt:    day(time.September, 10),
		Targets: []standards.Target{
			{ID: "t1", Area: standards.AreaKnowledge, Title: "Entries", State: standards.TargetInProgress, Due: ukDay(time.December, 1)},
		},
		Signatures:  []standards.Signature{{Side: standards.SideEO}, {Side: standards.SideOverseer}},
		LastMeeting: ukDay(time.November, 10),
		Now:         day(time.November, 20),
	}
}

func flagCodes(fs []standards.Flag) []standards.FlagCode {
	out := make([]standards.FlagCode, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

func TestFlags(t *testing.T) {
	t.Parallel()
	require.Empty(t, standards.Flags(wellFacts()), "the well record has nothing to flag")
	cases := []struct {
		name string
		code standards.FlagCode
		want bool
		edit func(f *standards.FlagFacts)
	}{
		{"LateRegistration", standards.FlagLateRegistration, true, func(f *standards.FlagFacts) {
			f.Registration.RequestedAt = time.Date(2025, time.November, 1, 0, 30, 0, 0, time.UTC) // 00:30 in London
		}},
		{"LateRegistration/31OctoberIsOnTime", standards.FlagLateRegistration, false, func(f *standards.FlagFacts) {
			f.Registration.RequestedAt = time.Date(2025, time.October, 31, 23, 30, 0, 0, time.UTC)
		}},
		{"NoOverseer", standards.FlagNoOverseer, true, func(f *standards.FlagFacts) { f.HasOverseer = false }},
		{"NoTargetsAgreed", standards.FlagNoTargetsAgreed, true, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetProposed
		}},
		{"NoTargetsAgreed/NotBefore1November", standards.FlagNoTargetsAgreed, false, func(f *standards.FlagFacts) {
			f.Targets, f.Now = nil, day(time.October, 31)
		}},
		{"NoTargetsAgreed/From1November", standards.FlagNoTargetsAgreed, true, func(f *standards.FlagFacts) {
			f.Targets, f.Now = nil, time.Date(2025, time.November, 1, 0, 0, 0, 0, time.UTC)
		}},
		{"NoTargetsAgreed/WithdrawnDoNotCount", standards.FlagNoTargetsAgreed, true, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetWithdrawn
		}},
		{"StatementNotSigned", standards.FlagStatementNotSigned, true, func(f *standards.FlagFacts) { f.Signatures = nil }},
		{"StatementNotSigned/IsNotAlsoNotCountersigned", standards.FlagStatementNotCountersigned, false, func(f *standards.FlagFacts) { f.Signatures = nil }},
		{"StatementNotCountersigned", standards.FlagStatementNotCountersigned, true, func(f *standards.FlagFacts) {
			f.Signatures = f.Signatures[:1]
		}},
		{"NoRecentMeeting", standards.FlagNoRecentMeeting, true, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due = day(time.December, 20), time.Time{}
			f.LastMeeting = ukDay(time.December, 20).AddDate(0, 0, -91)
		}},
		{"NoRecentMeeting/Exactly90DaysIsRecent", standards.FlagNoRecentMeeting, false, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due = day(time.December, 20), time.Time{}
			f.LastMeeting = ukDay(time.December, 20).AddDate(0, 0, -90)
		}},
		{"NoRecentMeeting/CountsFromOpeningWithoutMeetings", standards.FlagNoRecentMeeting, true, func(f *standards.FlagFacts) {
			f.LastMeeting, f.Now = time.Time{}, day(time.December, 10) // opened 10 September, 91 days
		}},
		{"NoRecentMeeting/NewRecordWithoutMeetings", standards.FlagNoRecentMeeting, false, func(f *standards.FlagFacts) {
			f.LastMeeting = time.Time{} // opened 10 September, 71 days
		}},
		{"NoRecentMeeting/GapConfigurable", standards.FlagNoRecentMeeting, true, func(f *standards.FlagFacts) {
			f.MeetingGap = 7 * 24 * time.Hour // the meeting was ten days ago
		}},
		{"TargetOverdue", standards.FlagTargetOverdue, true, func(f *standards.FlagFacts) {
			f.Targets[0].Due = ukDay(time.November, 19)
		}},
		{"TargetOverdue/DueTodayIsNotOverdue", standards.FlagTargetOverdue, false, func(f *standards.FlagFacts) {
			f.Targets[0].Due = ukDay(time.November, 20)
		}},
		{"TargetOverdue/AchievedIsNotOverdue", standards.FlagTargetOverdue, false, func(f *standards.FlagFacts) {
			f.Targets[0].Due, f.Targets[0].State = ukDay(time.November, 1), standards.TargetAchieved
		}},
		{"TargetOverdue/WithdrawnIsNotOverdue", standards.FlagTargetOverdue, false, func(f *standards.FlagFacts) {
			f.Targets = append(f.Targets, standards.Target{Area: standards.AreaSkills, State: standards.TargetWithdrawn, Due: ukDay(time.November, 1)})
		}},
		{"ActionOverdue", standards.FlagSupportActionOverdue, true, func(f *standards.FlagFacts) {
			f.Actions = []standards.SupportAction{{Description: "Training", State: standards.ActionOpen, Due: ukDay(time.November, 19)}}
		}},
		{"ActionOverdue/DoneIsNotOverdue", standards.FlagSupportActionOverdue, false, func(f *standards.FlagFacts) {
			f.Actions = []standards.SupportAction{{Description: "Training", State: standards.ActionDone, Due: ukDay(time.November, 1)}}
		}},
		{"ReadyToClaim", standards.FlagTargetsAchieved, true, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetAchieved
			f.Targets = append(f.Targets, standards.Target{Area: standards.AreaSkills, State: standards.TargetWithdrawn})
		}},
		{"ReadyToClaim/NotWithoutTargets", standards.FlagTargetsAchieved, false, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetWithdrawn
		}},
		{"YearEnding", standards.FlagYearEndingNotCertified, true, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due, f.LastMeeting = day(time.August, 2), time.Time{}, ukDay(time.July, 20)
		}},
		{"YearEnding/NotBefore30Days", standards.FlagYearEndingNotCertified, false, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due, f.LastMeeting = day(time.July, 31), time.Time{}, ukDay(time.July, 20)
		}},
		{"CertifiedHasNoFlags", standards.FlagNoOverseer, false, func(f *standards.FlagFacts) {
			f.HasOverseer, f.Signatures, f.Certified = false, nil, true
		}},
		{"LeftHasNoFlags", standards.FlagNoOverseer, false, func(f *standards.FlagFacts) {
			f.HasOverseer, f.Registration.Status = false, standards.RegistrationLeft
		}},
	}
	seen := map[standards.FlagCode]bool{}
	for _, c := range cases {
		seen[c.code] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := wellFacts()
			c.edit(&f)
			flags := standards.Flags(f)
			assert.Equal(t, c.want, slices.Contains(flagCodes(flags), c.code), "%v", flags)
			for _, fl := range flags {
				assert.NotEmpty(t, fl.Message, fl.Code)
				assert.Contains(t, []standards.FlagSeverity{standards.FlagUrgent, standards.FlagDueSoon, standards.FlagInfo}, fl.Severity, fl.Code)
			}
		})
	}
	for _, code := range allFlagCodes {
		assert.True(t, seen[code], "no case for %s", code)
	}
}

// TestFlagSeverities: red (FlagUrgent) only for what blocks the certificate
// or is overdue, amber (FlagDueSoon) for what falls due soon, and FlagInfo
// for a fact or a step still to come (docs/domain.md, "Choices in attention
// flags and reminders"). A late registration (R-YEAR-3) is a fact.
func TestFlagSeverities(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		code standards.FlagCode
		want standards.FlagSeverity
		edit func(f *standards.FlagFacts)
	}{
		{"R_YEAR_3/LateRegistrationIsAFact", standards.FlagLateRegistration, standards.FlagInfo, func(f *standards.FlagFacts) {
			f.Registration.RequestedAt = day(time.November, 5)
		}},
		{"NoOverseerBlocksTheCertificate", standards.FlagNoOverseer, standards.FlagUrgent, func(f *standards.FlagFacts) { f.HasOverseer = false }},
		{"NoTargetsAgreedIsOverdue", standards.FlagNoTargetsAgreed, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetProposed
		}},
		{"StatementNotSignedWhileTargetsAreWorkedOn", standards.FlagStatementNotSigned, standards.FlagInfo, func(f *standards.FlagFacts) { f.Signatures = nil }},
		{"StatementNotSignedWhenOnlyItBlocksTheClaim", standards.FlagStatementNotSigned, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Signatures, f.Targets[0].State = nil, standards.TargetAchieved
		}},
		{"StatementNotCountersignedWhileTargetsAreWorkedOn", standards.FlagStatementNotCountersigned, standards.FlagInfo, func(f *standards.FlagFacts) {
			f.Signatures = f.Signatures[:1]
		}},
		{"StatementNotCountersignedWhenOnlyItBlocksTheClaim", standards.FlagStatementNotCountersigned, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Signatures, f.Targets[0].State = f.Signatures[:1], standards.TargetAchieved
		}},
		{"NoRecentMeetingIsOverdue", standards.FlagNoRecentMeeting, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.MeetingGap = 7 * 24 * time.Hour
		}},
		{"TargetOverdue", standards.FlagTargetOverdue, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Targets[0].Due = ukDay(time.November, 19)
		}},
		{"SupportActionOverdue", standards.FlagSupportActionOverdue, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Actions = []standards.SupportAction{{Description: "Training", State: standards.ActionOpen, Due: ukDay(time.November, 19)}}
		}},
		{"ReadyToClaimIsGoodNews", standards.FlagTargetsAchieved, standards.FlagInfo, func(f *standards.FlagFacts) {
			f.Targets[0].State = standards.TargetAchieved
		}},
		{"YearEndingIsDueSoon", standards.FlagYearEndingNotCertified, standards.FlagDueSoon, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due, f.LastMeeting = day(time.August, 2), time.Time{}, ukDay(time.July, 20)
		}},
		{"YearEndedIsOverdue", standards.FlagYearEndingNotCertified, standards.FlagUrgent, func(f *standards.FlagFacts) {
			f.Now, f.Targets[0].Due, f.LastMeeting = time.Date(2026, time.September, 2, 9, 0, 0, 0, time.UTC), time.Time{}, ukDay(time.August, 20)
		}},
	}
	seen := map[standards.FlagCode]bool{}
	for _, c := range cases {
		seen[c.code] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := wellFacts()
			c.edit(&f)
			flags := standards.Flags(f)
			i := slices.IndexFunc(flags, func(fl standards.Flag) bool { return fl.Code == c.code })
			require.NotEqual(t, -1, i, "%s is not raised: %v", c.code, flags)
			assert.Equal(t, c.want, flags[i].Severity, "%v", flags[i])
		})
	}
	for _, code := range allFlagCodes {
		assert.True(t, seen[code], "no severity case for %s", code)
	}
}

var allFlagCodes = []standards.FlagCode{
	standards.FlagLateRegistration, standards.FlagNoOverseer, standards.FlagNoTargetsAgreed,
	standards.FlagStatementNotSigned, standards.FlagStatementNotCountersigned, standards.FlagNoRecentMeeting,
	standards.FlagTargetOverdue, standards.FlagSupportActionOverdue, standards.FlagTargetsAchieved, standards.FlagYearEndingNotCertified,
}

// TestFlagsAllAtOnce: every flag that can apply together does, once each,
// in the fixed order.
func TestLastMeetingOfIsTheLatestByDate(t *testing.T) {
	t.Parallel()
	assert.True(t, standards.LastMeetingOf(nil).IsZero(), "no meetings, no date")
	got := standards.LastMeetingOf([]standards.Meeting{
		{ID: "m1", Date: ukDay(time.October, 2)}, {ID: "m2", Date: ukDay(time.November, 12)}, {ID: "m3", Date: ukDay(time.September, 30)},
	})
	assert.Equal(t, ukDay(time.November, 12), got)
}

func TestFlagsAllAtOnce(t *testing.T) {
	t.Parallel()
	f := standards.FlagFacts{
		Registration: standards.Registration{
			Year: year, Roles: standards.Roles{standards.RoleEO}, Status: standards.RegistrationApproved,
			RequestedAt: day(time.November, 5),
		},
		OpenedAt: day(time.November, 5),
		Targets: []standards.Target{
			{Title: "Entries", Area: standards.AreaKnowledge, State: standards.TargetProposed, Due: ukDay(time.March, 1)},
			{Title: "Results", Area: standards.AreaKnowledge, State: standards.TargetProposed, Due: ukDay(time.April, 1)},
		},
		Actions: []standards.SupportAction{{Description: "Training", State: standards.ActionOpen, Due: ukDay(time.May, 1)}},
		Now:     day(time.August, 10),
	}
	assert.Equal(t, []standards.FlagCode{
		standards.FlagLateRegistration, standards.FlagNoOverseer, standards.FlagNoTargetsAgreed,
		standards.FlagStatementNotSigned, standards.FlagNoRecentMeeting, standards.FlagTargetOverdue,
		standards.FlagSupportActionOverdue, standards.FlagYearEndingNotCertified,
	}, flagCodes(standards.Flags(f)))

	// The other three, which exclude some of those.
	f.HasOverseer = true
	f.Signatures = []standards.Signature{{Side: standards.SideEO}}
	f.Targets = []standards.Target{{Area: standards.AreaKnowledge, State: standards.TargetAchieved}}
	assert.Equal(t, []standards.FlagCode{
		standards.FlagLateRegistration, standards.FlagStatementNotCountersigned, standards.FlagNoRecentMeeting,
		standards.FlagSupportActionOverdue, standards.FlagTargetsAchieved, standards.FlagYearEndingNotCertified,
	}, flagCodes(standards.Flags(f)))
}

func reminderEvents(t *testing.T, f *fixture) []standards.Event {
	t.Helper()
	events, err := f.svc.PendingEvents(t.Context(), 0, standards.MaxPage)
	require.NoError(t, err)
	var out []standards.Event
	for _, e := range events {
		if e.Kind == standards.EventReminderDue {
			out = append(out, e)
		}
	}
	return out
}

// TestRemindersDueOncePerDay: a flag is reminded the first day it applies,
// not again that day nor the next six, and again a week later if it still
// applies; a new flag is reminded at once.
func TestRemindersDueOncePerDay(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	rec := f.rec(ctx)
	now := septemberDay

	n, err := f.svc.RemindersDue(ctx, now)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the statement is not signed")
	events := reminderEvents(t, f)
	require.Len(t, events, 1)
	assert.Equal(t, []string{eoActor.Email, slActor.Email}, events[0].To, "the exams officer and their overseer")
	assert.Equal(t, "record/"+rec, events[0].Subject)
	assert.Contains(t, events[0].Summary, "Values and Attributes statement")
	assert.Equal(t, f.centre.ID, events[0].CentreID)

	n, err = f.svc.RemindersDue(ctx, now.Add(6*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "again the same day")
	n, err = f.svc.RemindersDue(ctx, now.AddDate(0, 0, 1))
	require.NoError(t, err)
	assert.Zero(t, n, "the next day: reminded yesterday")

	// The overseer steps back: "no overseer" is new and goes to the admins
	// too; the statement is not reminded again within the week.
	err = f.svc.RemoveOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.sl.ID})
	require.NoError(t, err)
	n, err = f.svc.RemindersDue(ctx, now.AddDate(0, 0, 2))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	events = reminderEvents(t, f)
	require.Len(t, events, 2)
	assert.Equal(t, []string{eoActor.Email, adminActor.Email}, events[1].To)

	n, err = f.svc.RemindersDue(ctx, now.AddDate(0, 0, 7))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "a week on, the statement again; no overseer was reminded five days ago")

	var audited bool
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) error {
		entries, err := tx.AuditByCentre(ctx, f.centre.ID, 0, 1000)
		for _, e := range entries {
			audited = audited || e.Action == "reminders.due"
		}
		return err
	}))
	assert.True(t, audited, "reminders are audited (R-AUD-1)")
}

// updateHook is a store that runs before ahead of the n-th of its
// updates (counting from 1), and gives that update fail's error instead of
// running it if fail is set.
type updateHook struct {
	standards.Store
	n      int
	before func(n int)
	fail   func(n int) error
}

func (s *updateHook) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	s.n++
	if s.before != nil {
		s.before(s.n)
	}
	if s.fail != nil {
		if err := s.fail(s.n); err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, fn)
}

// withSecondCentre gives Hillside College an approved exams officer with no
// overseer, so that two centres have reminders due: one at Riverside (the
// statement), two at Hillside (no overseer, the statement).
func withSecondCentre(t *testing.T, f *fixture) {
	t.Helper()
	hill := standards.Actor{Email: "exams@hillside.example", Name: "Hal Hill"}
	_, err := f.svc.ApproveRegistration(t.Context(), otherActor, join(t, f.svc, hill, "54321", standards.RoleEO).ID)
	require.NoError(t, err)
}

// TestRemindersDueRemindsOneCentreAtATime: each centre's reminders are a
// transaction of their own, so an error leaves the centres before it
// reminded, and calling again the same day finishes the rest.
func TestRemindersDueRemindsOneCentreAtATime(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	withSecondCentre(t, f)
	broken := errors.New("the disk is full")
	store := &updateHook{Store: f.store, fail: func(n int) error {
		if n == 2 {
			return broken
		}
		return nil
	}}
	svc := standards.New(store, standards.WithClock(f.clock.now))
	n, err := svc.RemindersDue(ctx, septemberDay)
	require.ErrorIs(t, err, broken)
	first := len(reminderEvents(t, f))
	assert.Equal(t, first, n, "the first centre's reminders were appended")
	assert.Contains(t, []int{1, 2}, n)

	n, err = f.svc.RemindersDue(ctx, septemberDay.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 3-first, n, "the second call reminds the other centre")
	assert.Len(t, reminderEvents(t, f), 3)
}

// TestRemindersDueLeavesACentreAnotherCallReminded: a call that finds a
// centre reminded meanwhile by another call (the reminder's key is taken)
// leaves it, and goes on.
func TestRemindersDueLeavesACentreAnotherCallReminded(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	withSecondCentre(t, f)
	store := &updateHook{Store: f.store, before: func(n int) {
		if n == 1 {
			other, err := f.svc.RemindersDue(ctx, septemberDay)
			require.NoError(t, err)
			require.Equal(t, 3, other)
		}
	}}
	n, err := standards.New(store, standards.WithClock(f.clock.now)).RemindersDue(ctx, septemberDay)
	require.NoError(t, err)
	assert.Zero(t, n, "the other call reminded both centres")
	assert.Len(t, reminderEvents(t, f), 3, "and nothing twice")
}

// TestRemindersDueTriesAConflictingCentreAgain: a centre whose transaction
// conflicts (a key taken, not seen as another call's reminders) is tried
// again and reminded; one refused every time stops the call with the
// conflict, the centres before it reminded. A centre the store refuses as
// ErrTransient is run again by the Service's own retry, up to 12 runs.
func TestRemindersDueTriesAConflictingCentreAgain(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	withSecondCentre(t, f)
	refused := fmt.Errorf("%w: the reminder's key is taken", standards.ErrConflict)
	store := &updateHook{Store: f.store, fail: func(n int) error {
		if n == 2 {
			return refused // the second centre's first try
		}
		return nil
	}}
	n, err := standards.New(store, standards.WithClock(f.clock.now)).RemindersDue(ctx, septemberDay)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "both centres, the second at its second try")
	assert.Len(t, reminderEvents(t, f), 3)

	g := newFixture(t)
	withSecondCentre(t, g)
	store = &updateHook{Store: g.store, fail: func(n int) error {
		if n >= 2 {
			return refused
		}
		return nil
	}}
	n, err = standards.New(store, standards.WithClock(g.clock.now)).RemindersDue(ctx, septemberDay)
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, 4, store.n, "the first centre once, the second three times")
	assert.Equal(t, len(reminderEvents(t, g)), n, "the first centre's reminders, counted")

	h := newFixture(t)
	withSecondCentre(t, h)
	store = &updateHook{Store: h.store, fail: func(n int) error {
		if n >= 2 {
			return errSerialization
		}
		return nil
	}}
	n, err = standards.New(store, standards.WithClock(h.clock.now)).RemindersDue(ctx, septemberDay)
	require.ErrorIs(t, err, standards.ErrTransient)
	assert.NotErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, 13, store.n, "the first centre once, the second 12 runs, and not the reminders' own tries")
	assert.Equal(t, len(reminderEvents(t, h)), n, "the first centre's reminders, counted")
}

// TestRemindersDueSkipsClosedRecords: a certified record gets no reminders.
func TestRemindersDueSkipsClosedRecords(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	claimed(t, f)
	n, err := f.svc.RemindersDue(t.Context(), septemberDay)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestRecordFlags(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	flags, err := f.svc.RecordFlags(ctx, leadActor, f.rec(ctx))
	require.NoError(t, err)
	assert.Equal(t, []standards.FlagCode{standards.FlagStatementNotSigned}, flagCodes(flags))

	err = f.svc.RemoveOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.sl.ID})
	require.NoError(t, err)
	flags, err = f.svc.RecordFlags(ctx, eoActor, f.rec(ctx))
	require.NoError(t, err)
	assert.Equal(t, []standards.FlagCode{standards.FlagNoOverseer, standards.FlagStatementNotSigned}, flagCodes(flags))
}

func TestCentreDashboard(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	rec := f.rec(ctx)

	for _, a := range []standards.Actor{adminActor, leadActor, operatorActor, slActor} {
		d, err := f.svc.CentreDashboard(ctx, a, f.centre.ID, year)
		require.NoError(t, err, a.Email)
		assert.Equal(t, f.centre.ID, d.Centre.ID)
		require.Len(t, d.ExamsOfficers, 1, "%s sees the one approved exams officer", a.Email)
		e := d.ExamsOfficers[0]
		assert.Equal(t, rec, e.RecordID)
		assert.Equal(t, f.eo.ID, e.ExamsOfficer.Registration.ID)
		assert.Equal(t, eoActor.Email, e.ExamsOfficer.Person.Email)
		assert.Len(t, e.Areas, 3)
		assert.Equal(t, []standards.FlagCode{standards.FlagStatementNotSigned}, flagCodes(e.Flags))
		assert.False(t, e.Certified)
	}

	// The line manager oversees nobody, so sees nobody.
	d, err := f.svc.CentreDashboard(ctx, lmActor, f.centre.ID, year)
	require.NoError(t, err)
	assert.Empty(t, d.ExamsOfficers, "an overseer sees only the exams officers they oversee")

	_, err = f.svc.CentreDashboard(ctx, otherActor, f.centre.ID, year)
	assert.ErrorIs(t, err, standards.ErrNotFound, "another centre's admin")
	_, err = f.svc.CentreDashboard(ctx, eoActor, f.centre.ID, year)
	assert.ErrorIs(t, err, standards.ErrForbidden, "the exams officer")

	// Progress shows: a certified record has its areas complete and no flags.
	claimed(t, f)
	d, err = f.svc.CentreDashboard(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	require.Len(t, d.ExamsOfficers, 1)
	e := d.ExamsOfficers[0]
	assert.True(t, e.Certified)
	assert.Empty(t, e.Flags)
	for _, a := range e.Areas {
		assert.True(t, a.Complete, a.Area)
	}
}

// TestCentreDashboardRowsAreWhole: a row carries what a centre's list
// shows (overseers' names, CPD hours, the latest meeting, the next due
// target), so that a host draws the list from one call, not one Tracker
// per exams officer.
func TestCentreDashboardRowsAreWhole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	rec := f.rec(ctx)

	d, err := f.svc.CentreDashboard(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	require.Len(t, d.ExamsOfficers, 1)
	e := d.ExamsOfficers[0]
	require.Len(t, e.Overseers, 1)
	assert.Equal(t, slActor.Email, e.Overseers[0].Person.Email)
	assert.Zero(t, e.CPDHours)
	assert.True(t, e.LastMeeting.IsZero(), "no meeting yet")
	assert.Empty(t, e.NextDue.ID, "no target yet")

	propose := func(title string, due time.Time) standards.Target {
		tg, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: title, Due: due})
		require.NoError(t, err)
		f.clock.t = f.clock.t.Add(time.Minute) // so that the next is made later
		return tg
	}
	propose("No due day", time.Time{})
	late := propose("Due in March", ukDay(time.March, 31))
	early := propose("Due in December", ukDay(time.December, 12))
	propose("Also due in December, made later", ukDay(time.December, 12))
	for _, h := range []float64{1.5, 0.25} {
		_, err := f.svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "Webinar", Date: f.clock.t, Hours: h})
		require.NoError(t, err)
	}
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: early.ID, State: standards.TargetAgreed}},
	})
	require.NoError(t, err)

	d, err = f.svc.CentreDashboard(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	e = d.ExamsOfficers[0]
	assert.Equal(t, 1.75, e.CPDHours)
	assert.Equal(t, standards.Day(f.clock.t), e.LastMeeting)
	assert.Equal(t, early.ID, e.NextDue.ID, "the earliest due, the earlier made of two due the same day")

	// Achieved, it is no longer due; the next one is.
	_, err = f.svc.RecordMeeting(ctx, slActor, rec, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Updates: []standards.TargetUpdate{{TargetID: early.ID, State: standards.TargetAchieved}},
	})
	require.NoError(t, err)
	d, err = f.svc.CentreDashboard(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	next := d.ExamsOfficers[0].NextDue
	assert.Equal(t, "Also due in December, made later", next.Title)
	assert.NotEqual(t, late.ID, next.ID)
}

// TestFlagMessagesShowTextAsTyped: a flag's message quotes a title or a
// description as its owner typed it, not Go-quoted with backslashes, for
// pages, CSV exports and e-mails alike.
func TestFlagMessagesShowTextAsTyped(t *testing.T) {
	t.Parallel()
	f := wellFacts()
	f.Targets[0].Title = `"Quoted" \ entries`
	f.Targets[0].Due = ukDay(time.November, 1)
	f.Actions = []standards.SupportAction{{ID: "a1", Description: `Ask "Hillside"`, Due: ukDay(time.November, 2), State: standards.ActionOpen}}
	var got []string
	for _, fl := range standards.Flags(f) {
		got = append(got, fl.Message)
	}
	assert.Equal(t, []string{
		`""Quoted" \ entries" was due on 1 November 2025`,
		`the support action "Ask "Hillside"" was due on 2 November 2025`,
	}, got)
}
