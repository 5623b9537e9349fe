package memory

import (
	"cmp"
	"context"
	"time"

	"github.com/eops/eops/standards"
)

// A centre's year of records at once, for dashboards, and the reminders
// sent.

func (t *tx) RecordsByYear(_ context.Context, year standards.AcademicYear) ([]standards.Record, error) {
	return sorted(t.d.records,
		func(r standards.Record) bool { return r.Year == year },
		func(a, b standards.Record) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

// ofCentre reports whether the record recordID belongs to centreID in year.
func (t *tx) ofCentre(recordID, centreID string, year standards.AcademicYear) bool {
	r, ok := t.d.records[recordID]
	return ok && r.CentreID == centreID && r.Year == year
}

func (t *tx) targetsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Target, error) {
	return sorted(t.d.targets,
		func(tg standards.Target) bool { return t.ofCentre(tg.RecordID, centreID, year) },
		func(a, b standards.Target) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

func (t *tx) lastMeetingsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.LastMeeting, error) {
	return t.lastMeetings(func(recordID string) bool { return t.ofCentre(recordID, centreID, year) }), nil
}

// lastMeetings is the date of the latest meeting of every record that has
// one and keep takes, in order of record.
func (t *tx) lastMeetings(keep func(recordID string) bool) []standards.LastMeeting {
	last := map[string]standards.LastMeeting{}
	for _, m := range t.d.meetings {
		if l, seen := last[m.RecordID]; keep(m.RecordID) && (!seen || m.Date.After(l.Date)) {
			last[m.RecordID] = standards.LastMeeting{RecordID: m.RecordID, Date: m.Date}
		}
	}
	return sorted(last, func(standards.LastMeeting) bool { return true },
		func(a, b standards.LastMeeting) int { return cmp.Compare(a.RecordID, b.RecordID) })
}

func (t *tx) cpdHoursByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.CPDHours, error) {
	return t.cpdHours(func(recordID string) bool { return t.ofCentre(recordID, centreID, year) }), nil
}

func (t *tx) supportActionsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.SupportAction, error) {
	return sorted(t.d.actions,
		func(a standards.SupportAction) bool { return t.ofCentre(a.RecordID, centreID, year) },
		func(a, b standards.SupportAction) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
		}), nil
}

func (t *tx) signaturesByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Signature, error) {
	return sorted(t.d.signatures,
		func(s standards.Signature) bool { return t.ofCentre(s.RecordID, centreID, year) },
		func(a, b standards.Signature) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.At.Compare(b.At), cmp.Compare(a.Side, b.Side))
		}), nil
}

// reminderKey is a reminder's unique key; the day is kept as Unix seconds
// so that two times of one instant are one key.
type reminderKey struct {
	recordID string
	code     standards.FlagCode
	day      int64
}

func (t *tx) CreateReminder(_ context.Context, r standards.Reminder) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := reminderKey{r.RecordID, r.Code, r.Day.Unix()}
	if _, ok := t.d.reminders[k]; ok {
		return taken("reminder", k)
	}
	put(t, t.d.reminders, k, r)
	return nil
}

func (t *tx) RemindersSince(_ context.Context, since time.Time) ([]standards.Reminder, error) {
	return sorted(t.d.reminders,
		func(r standards.Reminder) bool { return !r.Day.Before(since) },
		func(a, b standards.Reminder) int {
			return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.RecordID, b.RecordID), cmp.Compare(a.Code, b.Code))
		}), nil
}
