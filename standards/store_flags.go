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
	// LastMeetingsByCentre lists, for every record of a centre for a year
	// that has a meeting, the date of its latest meeting, in order of
	// RecordID.
	LastMeetingsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]LastMeeting, error)
	// SupportActionsByCentre lists the support actions of every record of
	// a centre for a year, in order of RecordID, then Due, then ID.
	SupportActionsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]SupportAction, error)
	// SignaturesByCentre lists the signatures of every record of a centre
	// for a year, in order of RecordID, then At, then Side.
	SignaturesByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Signature, error)
	// CPDHoursByCentre lists, for every record of a centre for a year
	// that has CPD logged, the hours logged in all, in order of RecordID.
	CPDHoursByCentre(ctx context.Context, centreID string, year AcademicYear) ([]CPDHours, error)
}

// CPDHours is the CPD a record has logged in all.
type CPDHours struct {
	RecordID string
	Hours    float64
}

// LastMeeting is the date of a record's latest meeting: all a dashboard
// needs of its meetings (FlagNoRecentMeeting), so that it reads one short
// row a record rather than every meeting with its notes and updates.
type LastMeeting struct {
	RecordID string
	Date     time.Time
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
	// after since, in order of Day, then RecordID, then Code.
	RemindersSince(ctx context.Context, since time.Time) ([]Reminder, error)
}

// TrustDashboardStore reads a trust's year at once, every centre of the
// trust together, so that a trust dashboard costs the same few reads however
// many centres and exams officers the trust has. A centre belongs to the
// trust it is in now (Centre.TrustID). trustID is never "".
type TrustDashboardStore interface {
	// CentreYearsByTrust lists the yearly registrations for year of the
	// trust's centres, in order of CentreID.
	CentreYearsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]CentreYear, error)
	// RegistrationsByTrust lists the registrations for year at the trust's
	// centres, in order of CentreID, then RequestedAt, then ID.
	RegistrationsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]Registration, error)
	// OversightsByTrust lists the oversights for year at the trust's
	// centres, in order of CentreID, then AssignedAt, then
	// EORegistrationID, then OverseerRegistrationID.
	OversightsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]Oversight, error)
	// RecordsByTrust lists the records for year at the trust's centres, in
	// order of CentreID, then CreatedAt, then ID.
	RecordsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]Record, error)
	// TargetsByTrust, LastMeetingsByTrust, SupportActionsByTrust and
	// SignaturesByTrust list the rows of every record of RecordsByTrust, in
	// the order of their ...ByCentre namesakes.
	TargetsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]Target, error)
	LastMeetingsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]LastMeeting, error)
	SupportActionsByTrust(ctx context.Context, trustID string, year AcademicYear) ([]SupportAction, error)
	SignaturesByTrust(ctx context.Context, trustID string, year AcademicYear) ([]Signature, error)
}

// NationalStore reads a year across the whole platform, for the operator's
// national figures: one statement each, however many centres there are.
type NationalStore interface {
	// CentreYearsByYear lists every centre's registration for year, in
	// order of CentreID.
	CentreYearsByYear(ctx context.Context, year AcademicYear) ([]CentreYear, error)
	// RegistrationsByYear lists every registration for year, at every
	// centre, in order of CentreID, then RequestedAt, then ID.
	RegistrationsByYear(ctx context.Context, year AcademicYear) ([]Registration, error)
	// CertificatesByYear lists every certificate of year, imported and
	// revoked ones included, in order of IssuedAt, then ID.
	CertificatesByYear(ctx context.Context, year AcademicYear) ([]Certificate, error)

	// Tallies lists the tallies of year, in order of Measure, then Month,
	// then Shard.
	Tallies(ctx context.Context, year AcademicYear) ([]Tally, error)
	// AddTally adds t.Count to the tally (Year, Measure, Month, Shard),
	// making it with t.Count if there is none.
	AddTally(ctx context.Context, t Tally) error
	// ReplaceTallies makes ts the only tallies of year.
	ReplaceTallies(ctx context.Context, year AcademicYear, ts []Tally) error
}
