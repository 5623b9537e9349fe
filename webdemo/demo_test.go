package main

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
)

// demoDays are the days the demo is started on in the tests: the first
// minutes of a year (00:30 BST on 1 September, still 31 August in UTC), early
// September, late October before the 31 October deadline, the spring, June,
// early August as the year's end nears, and its last evening.
var demoDays = []struct {
	name string
	now  time.Time
	// ending says the year ends within 30 days: every open record carries
	// the amber year_ending_not_certified.
	ending bool
	// achieved is how many of the new exams officer's targets are
	// achieved: one at each review after the first (every eight weeks from
	// 23 September), never the one falling due.
	achieved int
}{
	{"FirstMinutesOfTheYear", time.Date(2026, time.August, 31, 23, 30, 0, 0, time.UTC), false, 0},
	{"EarlySeptember", time.Date(2026, time.September, 4, 8, 0, 0, 0, time.UTC), false, 0},
	{"LateOctober", time.Date(2026, time.October, 28, 16, 0, 0, 0, time.UTC), false, 0},
	{"AfterTheDeadline", time.Date(2026, time.December, 7, 2, 30, 0, 0, time.UTC), false, 0},
	{"March", time.Date(2027, time.March, 15, 12, 0, 0, 0, time.UTC), false, 2},
	{"June", time.Date(2027, time.June, 20, 9, 0, 0, 0, time.UTC), false, 3},
	{"EarlyAugust", time.Date(2027, time.August, 3, 9, 0, 0, 0, time.UTC), true, 3},
	{"LastEvening", time.Date(2027, time.August, 31, 21, 0, 0, 0, time.UTC), true, 3},
}

// TestR_YEAR_3_DemoTellsATrueStoryOnAnyDay builds the demo as -demo does, on each of
// demoDays, and reads the centre as its head does that day: the flags shown
// are the intended ones. Nobody is registered late (R-YEAR-3: everyone
// registered on 2 September, or on the day the year began); nothing is red
// (FlagUrgent); the new exams officer has her statement to sign (info), an
// open target due within ten days and none overdue, and more achieved as the
// year goes on; in the year's last 30 days each
// open record carries the amber year ending; the year before is certified.
func TestR_YEAR_3_DemoTellsATrueStoryOnAnyDay(t *testing.T) {
	for _, d := range demoDays {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			store := memory.New()
			logins := accounts.New(accounts.NewMemoryStore())
			var out bytes.Buffer
			require.NoError(t, seedDemo(ctx, store, logins, d.now, &out))
			svc := standards.New(store, standards.WithClock(func() time.Time { return d.now }))
			year := standards.YearOf(d.now)
			head := standards.Actor{Email: "head@riverside.example"}

			mine, err := svc.MyRegistrations(ctx, head)
			require.NoError(t, err)
			require.Equal(t, year, mine[0].Registration.Year, "the demo's centre is registered for the year that contains today")
			dash, err := svc.CentreDashboard(ctx, head, mine[0].Centre.ID, year)
			require.NoError(t, err)
			want := map[string][]standards.FlagCode{
				"exams@riverside.example":        {standards.FlagStatementNotSigned},
				"deputy.exams@riverside.example": nil,
			}
			if d.ending {
				for email := range want {
					want[email] = append(want[email], standards.FlagYearEndingNotCertified)
				}
			}
			require.Len(t, dash.ExamsOfficers, len(want))
			for _, e := range dash.ExamsOfficers {
				var codes []standards.FlagCode
				for _, f := range e.Flags {
					codes = append(codes, f.Code)
					assert.NotEqual(t, standards.FlagUrgent, f.Severity, "%s: red on a freshly built demo: %s", e.ExamsOfficer.Person.Email, f.Message)
				}
				assert.Equal(t, want[e.ExamsOfficer.Person.Email], codes, e.ExamsOfficer.Person.Email)
				assert.False(t, e.ExamsOfficer.Registration.Late(), "R-YEAR-3: %s registered on %s, late", e.ExamsOfficer.Person.Email, e.ExamsOfficer.Registration.RequestedAt)
			}

			// The new exams officer's targets: one due within ten days,
			// none overdue.
			nadia := standards.Actor{Email: "exams@riverside.example"}
			own, err := svc.MyRegistrations(ctx, nadia)
			require.NoError(t, err)
			tr, err := svc.Tracker(ctx, nadia, own[0].RecordID)
			require.NoError(t, err)
			today := standards.Day(d.now)
			var dueSoon, achieved int
			for _, tg := range tr.Targets {
				require.False(t, tg.Due.IsZero(), "%s has a due date", tg.Title)
				if tg.State == standards.TargetAchieved {
					achieved++
					continue
				}
				assert.False(t, tg.Due.Before(today), "%s is overdue: due %s", tg.Title, tg.Due)
				if !tg.Due.After(today.AddDate(0, 0, 10)) {
					dueSoon++
				}
			}
			assert.GreaterOrEqual(t, dueSoon, 1, "an open target falls due within ten days")
			assert.Equal(t, d.achieved, achieved, "targets achieved so far")
			assert.NotEmpty(t, tr.Meetings, "the target-setting meeting is recorded")

			// The year before is certified, and its certificate verifies.
			expert, err := svc.MyRegistrations(ctx, standards.Actor{Email: "deputy.exams@riverside.example"})
			require.NoError(t, err)
			i := slices.IndexFunc(expert, func(r standards.OwnRegistration) bool { return r.Registration.Year == year-1 })
			require.NotEqual(t, -1, i, "the experienced exams officer was registered the year before")
			before, err := svc.Tracker(ctx, standards.Actor{Email: "deputy.exams@riverside.example"}, expert[i].RecordID)
			require.NoError(t, err)
			assert.True(t, before.Record.Closed(), "the year before is certified")
		})
	}
}
