package sqlstore_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
)

// BenchmarkRemindersDue runs the host's daily call on a copy of the
// national file, a week apart each time (so that every flag is due again),
// while an overseer records meetings one after another, and reports the
// reminders appended (reminders/op) and how long a meeting took at worst
// and at the median while the reminders ran (meeting-worst-ms,
// meeting-p50-ms): SQLite has one writer, so a meeting waits for whatever
// transaction holds it.
//
//	go test ./storage/sqlstore -run '^$' -bench RemindersDue -benchtime 3x
func BenchmarkRemindersDue(b *testing.B) {
	ctx := context.Background()
	lib := writableFixture(b, dataset.NationalCentres)
	subjects := lib.spec.MeetingSubjects()
	var (
		reminders int
		waits     []time.Duration
		week      int
	)
	for b.Loop() {
		now := lib.spec.Now.AddDate(0, 0, 7*week)
		week++
		done := make(chan struct{})
		var wg sync.WaitGroup
		var meetingErr error
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				m := subjects[(week*1000+i)%len(subjects)]
				t0 := time.Now()
				_, err := lib.svc.RecordMeeting(ctx, m.Overseer, m.RecordID, standards.MeetingInput{
					Kind: standards.MeetingProgressReview, Date: lib.spec.Now,
					Attendees: []string{m.ExamsOfficerRegistrationID, m.OverseerRegistrationID}, Notes: "Met during the reminders.",
				})
				if err != nil {
					meetingErr = err
					return
				}
				waits = append(waits, time.Since(t0))
			}
		})
		n, err := lib.svc.RemindersDue(ctx, now)
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if meetingErr != nil {
			b.Fatal(meetingErr)
		}
		reminders += n
	}
	if len(waits) == 0 {
		b.Fatal("no meeting was recorded while the reminders ran")
	}
	slices.Sort(waits)
	b.ReportMetric(float64(reminders)/float64(b.N), "reminders/op")
	b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "meeting-worst-ms")
	b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "meeting-p50-ms")
}
