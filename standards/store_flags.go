package standards

import (
	"context"
	"time"
)

// DashboardStore reads what the attention flags of many records need, a
// centre's year at a time, so that a dashboard costs the same few reads
// however many exams officers the centre has.
type DashboardStore interface {
	// RecordsByYear lists every record of a year, at every centre, in
	// order of CentreID, then CreatedAt, then ID.
	RecordsByYear(ctx context.Context, year AcademicYear) ([]Record, error)
	// TargetsByCentre lists the targets of every record of a centre for a
	// year, in order of RecordID, then CreatedAt, then ID.
	TargetsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Target, error)
	// MeetingsByCentre lists the meetings of every record of a centre for
	// a year, in order of RecordID, then Date, then ID, each with its
	// attendees and updates in the order stored.
	MeetingsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Meeting, error)
	// SupportActionsByCentre lists the support actions of every record of
	// a centre for a year, in order of RecordID, then Due, then ID.
	SupportActionsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]SupportAction, error)
	// SignaturesByCentre lists the signatures of every record of a centre
	// for a year, in order of RecordID, then At, then Side.
	SignaturesByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Signature, error)
}

// Reminder remembers that a flag of a record was reminded on a day, so
// that the daily reminders do not repeat it (see Service.RemindersDue).
type Reminder struct {
	RecordID string
	Code     FlagCode
	// Day is the UK calendar day of the reminder, as midnight UTC.
	Day time.Time
	// At is when it was appended, and EventSeq the outbox event that
	// carried it.
	At       time.Time
	EventSeq int64
}

// ReminderStore keeps the reminders sent.
type ReminderStore interface {
	// CreateReminder stores a reminder; (RecordID, Code, Day) is unique.
	CreateReminder(ctx context.Context, r Reminder) error
	// RemindersSince lists the reminders of every record with Day on or
	// after since, in order of RecordID, then Code, then Day.
	RemindersSince(ctx context.Context, since time.Time) ([]Reminder, error)
}
