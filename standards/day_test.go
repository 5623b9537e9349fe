package standards_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// utcDay is a UK calendar day as the library keeps it: midnight UTC.
func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// dayCases are instants, in the zone a host might hand them over in, and
// the UK calendar day each is (R-DAY-1): both ends of British Summer Time
// (29 March and 25 October 2026, 01:00 UTC), the UK midnights around them,
// and both ends of an academic year.
var dayCases = []struct {
	name string
	at   time.Time
	want time.Time
}{
	{"BST starts: 00:59 GMT", time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), utcDay(2026, 3, 29)},
	{"BST starts: 02:01 BST", time.Date(2026, 3, 29, 1, 1, 0, 0, time.UTC), utcDay(2026, 3, 29)},
	{"BST starts: 23:59 GMT the day before", time.Date(2026, 3, 28, 23, 59, 0, 0, time.UTC), utcDay(2026, 3, 28)},
	{"first BST midnight: 00:30 BST", time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), utcDay(2026, 3, 30)},
	{"first BST midnight: 23:30 BST", time.Date(2026, 3, 29, 22, 30, 0, 0, time.UTC), utcDay(2026, 3, 29)},
	{"BST ends: 01:59 BST", time.Date(2026, 10, 25, 0, 59, 0, 0, time.UTC), utcDay(2026, 10, 25)},
	{"BST ends: 01:01 GMT", time.Date(2026, 10, 25, 1, 1, 0, 0, time.UTC), utcDay(2026, 10, 25)},
	{"last BST midnight: 00:30 BST", time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), utcDay(2026, 10, 25)},
	{"first GMT midnight: 00:30 GMT", time.Date(2026, 10, 26, 0, 30, 0, 0, time.UTC), utcDay(2026, 10, 26)},
	{"first GMT midnight: 23:30 GMT", time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), utcDay(2026, 10, 25)},
	{"new year: 00:30 BST 1 September, in UTC", time.Date(2025, 8, 31, 23, 30, 0, 0, time.UTC), utcDay(2025, 9, 1)},
	{"old year: 23:30 BST 31 August, in UTC", time.Date(2026, 8, 31, 22, 30, 0, 0, time.UTC), utcDay(2026, 8, 31)},
	{"new year: 00:30 BST 1 September, in Tokyo", time.Date(2025, 9, 1, 8, 30, 0, 0, time.FixedZone("JST", 9*3600)), utcDay(2025, 9, 1)},
	{"old year: 23:30 BST 31 August, in New York", time.Date(2026, 8, 31, 18, 30, 0, 0, time.FixedZone("EDT", -4*3600)), utcDay(2026, 8, 31)},
	{"a day as the library keeps it", utcDay(2026, 7, 1), utcDay(2026, 7, 1)},
	{"a day parsed from 2006-01-02 in winter", utcDay(2026, 1, 31), utcDay(2026, 1, 31)},
}

// TestR_DAY_1_DaysThroughTheService gives every day-valued input of the
// Service as an instant in another zone and reads it back, on each store:
// the day filed is the UK calendar day, and the academic year it belongs to
// is the one that day falls in.
func TestR_DAY_1_DaysThroughTheService(t *testing.T) {
	t.Parallel()
	// 23:45 BST on 31 August 2026, the last minutes of 2025/26, as a UTC
	// server holds it.
	lastEvening := time.Date(2026, 8, 31, 22, 45, 0, 0, time.UTC)
	firstMinutes := time.Date(2025, 8, 31, 23, 30, 0, 0, time.UTC)                    // 00:30 BST 1 September 2025
	lastMinutes := time.Date(2026, 8, 31, 22, 30, 0, 0, time.UTC)                     // 23:30 BST 31 August 2026
	nextYear := time.Date(2026, 8, 31, 23, 30, 0, 0, time.UTC)                        // 00:30 BST 1 September 2026
	bstEnds := time.Date(2025, 10, 25, 23, 30, 0, 0, time.UTC)                        // 00:30 BST 26 October 2025
	tokyoTonight := time.Date(2026, 9, 1, 7, 40, 0, 0, time.FixedZone("JST", 9*3600)) // 23:40 BST 31 August 2026

	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, clk *clock) {
		ctx := t.Context()
		admin, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		eo := join(t, svc, eoActor, "12345", standards.RoleEO)
		_, err = svc.ApproveRegistration(ctx, adminActor, eo.ID)
		require.NoError(t, err)
		_, err = svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: eo.ID, Overseer: admin.ID})
		require.NoError(t, err)
		rec := recordOf(t, svc, eoActor)

		// A due date is the UK day: 00:30 BST on 1 September 2026 is in
		// 2026/27, though it is still 31 August in UTC.
		_, _, err = svc.ProposeTarget(ctx, adminActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Too late", Due: nextYear})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "00:30 BST on 1 September 2026 is not in 2025/26")
		assert.NotEmpty(t, ve.Message("due"))
		_, _, err = svc.ProposeTarget(ctx, adminActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "First day", Due: firstMinutes})
		require.NoError(t, err, "00:30 BST on 1 September 2025 is in 2025/26")
		_, _, err = svc.ProposeTarget(ctx, adminActor, rec, standards.TargetInput{Area: standards.AreaSkills, Title: "Last day", Due: lastMinutes})
		require.NoError(t, err)

		_, err = svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "Too late", Date: nextYear, Hours: 1})
		require.ErrorAs(t, err, &ve, "00:30 BST on 1 September 2026 is not in 2025/26")
		assert.NotEmpty(t, ve.Message("date"))
		_, err = svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "First day", Date: firstMinutes, Hours: 1})
		require.NoError(t, err)
		_, err = svc.LogCPD(ctx, eoActor, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "BST ends", Date: bstEnds, Hours: 1})
		require.NoError(t, err)

		// Late on 31 August, a meeting dated now is today's, whatever zone
		// the instant carries; one dated the first minutes of the next day
		// is in the future, and in the next year.
		clk.t = lastEvening
		_, err = svc.RecordMeeting(ctx, adminActor, rec, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: nextYear, Attendees: []string{eo.ID, admin.ID},
		})
		require.ErrorAs(t, err, &ve, "00:30 BST on 1 September 2026 is tomorrow, and in 2026/27")
		assert.NotEmpty(t, ve.Message("date"))
		_, err = svc.RecordMeeting(ctx, adminActor, rec, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: tokyoTonight, Attendees: []string{eo.ID, admin.ID},
			Support: []standards.SupportInput{{Description: "Shadow the results day", OwnerRegistrationID: admin.ID, Due: lastMinutes}},
		})
		require.NoError(t, err, "23:40 BST on 31 August, given in Tokyo's zone, is today")
		_, err = svc.RecordMeeting(ctx, adminActor, rec, standards.MeetingInput{
			Kind: standards.MeetingTargetSetting, Date: firstMinutes, Attendees: []string{eo.ID, admin.ID},
			Support: []standards.SupportInput{{Description: "Network meeting", OwnerRegistrationID: admin.ID, Due: bstEnds}},
		})
		require.NoError(t, err, "00:30 BST on 1 September 2025 is in 2025/26")

		tr, err := svc.Tracker(ctx, adminActor, rec)
		require.NoError(t, err)
		due := map[string]time.Time{}
		for _, tg := range tr.Targets {
			due[tg.Title] = tg.Due.UTC()
		}
		assert.Equal(t, map[string]time.Time{"First day": utcDay(2025, 9, 1), "Last day": utcDay(2026, 8, 31)}, due)
		var cpd, meetings, actions []time.Time
		for _, e := range tr.CPD {
			cpd = append(cpd, e.Date.UTC())
		}
		for _, m := range tr.Meetings {
			meetings = append(meetings, m.Date.UTC())
		}
		for _, a := range tr.Actions {
			actions = append(actions, a.Due.UTC())
		}
		assert.Equal(t, []time.Time{utcDay(2025, 9, 1), utcDay(2025, 10, 26)}, cpd)
		assert.Equal(t, []time.Time{utcDay(2025, 9, 1), utcDay(2026, 8, 31)}, meetings)
		assert.Equal(t, []time.Time{utcDay(2025, 10, 26), utcDay(2026, 8, 31)}, actions)
	})
}

func TestR_DAY_1_Day(t *testing.T) {
	t.Parallel()
	for _, tc := range dayCases {
		assert.Equal(t, tc.want, standards.Day(tc.at), tc.name)
		assert.Equal(t, tc.want, standards.Day(standards.Day(tc.at)), "%s: a day is its own day", tc.name)
		assert.Equal(t, standards.YearOf(tc.want), standards.YearOf(tc.at), "%s: the year is the UK day's", tc.name)
	}
	assert.Equal(t, standards.AcademicYear(2025), standards.YearOf(time.Date(2025, 8, 31, 23, 30, 0, 0, time.UTC)), "00:30 BST on 1 September: the new year")
	assert.Equal(t, standards.AcademicYear(2025), standards.YearOf(time.Date(2026, 8, 31, 22, 30, 0, 0, time.UTC)), "23:30 BST on 31 August: the old year")
	assert.True(t, standards.Day(time.Time{}).IsZero(), "no day stays no day")
}

// A UTC server's clock reads 23:30 on 31 August 2025 when it is 00:30 on 1
// September in London: the day, and the academic year, are London's.
func ExampleDay() {
	now := time.Date(2025, time.August, 31, 23, 30, 0, 0, time.UTC)
	fmt.Println(standards.Day(now).Format("2 January 2006"), standards.YearOf(now))
	// Output: 1 September 2025 2025/26
}

// FuzzDay takes any instant, in any whole-minute zone: its Day is midnight
// UTC, is its own day, and is the London date the instant falls on: the
// instant is on or after London's midnight that begins the day and before
// the one that ends it.
func FuzzDay(f *testing.F) {
	for _, tc := range dayCases {
		_, offset := tc.at.Zone()
		f.Add(tc.at.Unix(), offset/60)
	}
	london, err := time.LoadLocation("Europe/London")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, unix int64, offsetMinutes int) {
		const span = 200 * 365 * 24 * 3600 // 1900 to 2100, about
		unix = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + unix%span
		offsetMinutes %= 18 * 60
		at := time.Unix(unix, 0).In(time.FixedZone("fuzz", offsetMinutes*60))
		d := standards.Day(at)
		require.Equal(t, time.UTC, d.Location())
		require.True(t, d.Equal(d.Truncate(24*time.Hour)), "Day(%s) = %s is not midnight UTC", at, d)
		require.Equal(t, d, standards.Day(d), "Day(%s) = %s is not its own day", at, d)
		start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, london)
		end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, london)
		require.True(t, !at.Before(start) && at.Before(end), "%s is not within the London day %s", at, d.Format(time.DateOnly))
		require.Equal(t, standards.YearOf(at), standards.YearOf(d), "%s and its day %s are in different years", at, d)
	})
}
