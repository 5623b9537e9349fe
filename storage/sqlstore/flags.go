package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// A centre's year of records at once, for dashboards, and the reminders
// sent. Each list is one statement: the rows of the records of a centre's
// year, found through a subquery on records (centre_id, year).

func (t *tx) RecordsByYear(ctx context.Context, year standards.AcademicYear) ([]standards.Record, error) {
	var rows []recordRow
	if err := t.all(ctx, t.selectFrom("records", "record", &rows).
		Where("year = ?", t.arg(int(year))).Order("centre_id", "created_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*recordRow).record), nil
}

// inRecordsOf is the condition on record_id of the reads of a centre's
// year: the ids of its records for the year, with the records table and
// the centre and year to fill in.
const inRecordsOf = "record_id IN (SELECT id FROM ? WHERE centre_id = ? AND year = ?)"

// lastMeetingRow is the date of a record's latest meeting.
type lastMeetingRow struct {
	bun.BaseModel `bun:"alias:meeting"`
	RecordID      string    `bun:"record_id"`
	Date          time.Time `bun:"day"`
}

func (r *lastMeetingRow) lastMeeting() standards.LastMeeting {
	return standards.LastMeeting{RecordID: r.RecordID, Date: utc(r.Date)}
}

// lastMeetingColumns select each record's latest meeting, grouped by
// record: the index on (record_id, day) answers it without reading a
// meeting's row.
const lastMeetingColumns = "record_id, max(day) AS day"

type cpdHoursRow struct {
	bun.BaseModel `bun:"alias:cpd_entry"`
	RecordID      string  `bun:"record_id"`
	Hours         float64 `bun:"hours"`
}

func (r *cpdHoursRow) cpdHours() standards.CPDHours {
	return standards.CPDHours{RecordID: r.RecordID, Hours: r.Hours}
}

// cpdHoursColumns select each record's hours in all, grouped by record.
const cpdHoursColumns = "record_id, sum(hours) AS hours"

type reminderRow struct {
	bun.BaseModel `bun:"alias:reminder"`
	RecordID      string    `bun:"record_id,pk"`
	Code          string    `bun:"code,pk"`
	Day           time.Time `bun:"day,pk"`
	At            time.Time `bun:"at"`
	EventSeq      int64     `bun:"event_seq"`
}

func (r *reminderRow) reminder() standards.Reminder {
	return standards.Reminder{
		RecordID: r.RecordID, Code: standards.FlagCode(r.Code), Day: utc(r.Day), At: utc(r.At), EventSeq: r.EventSeq,
	}
}

func (t *tx) CreateReminder(ctx context.Context, r standards.Reminder) error {
	return t.insert(ctx, "reminders", &reminderRow{
		RecordID: r.RecordID, Code: string(r.Code), Day: r.Day, At: r.At, EventSeq: r.EventSeq,
	})
}

func (t *tx) RemindersSince(ctx context.Context, since time.Time) ([]standards.Reminder, error) {
	var rows []reminderRow
	if err := t.all(ctx, t.selectFrom("reminders", "reminder", &rows).
		Where("day >= ?", t.arg(since)).Order("day", "record_id", "code")); err != nil {
		return nil, err
	}
	return convert(rows, (*reminderRow).reminder), nil
}

// The reads of a centre's year (see reads.go).
var (
	targetsOfCentreYear = &read{table: "targets", alias: "target", where: inRecordsOf, tables: []string{"records"},
		order: []string{"record_id", "created_at", "id"}}
	lastMeetingsOfCentreYear = &read{table: "meetings", alias: "meeting", where: inRecordsOf, tables: []string{"records"},
		columns: lastMeetingColumns, group: []string{"record_id"}, order: []string{"record_id"}}
	supportActionsOfCentreYear = &read{table: "support_actions", alias: "support_action", where: inRecordsOf, tables: []string{"records"},
		order: []string{"record_id", "due", "id"}}
	cpdHoursOfCentreYear = &read{table: "cpd_entries", alias: "cpd_entry", where: inRecordsOf, tables: []string{"records"},
		columns: cpdHoursColumns, group: []string{"record_id"}, order: []string{"record_id"}}
	signaturesOfCentreYear = &read{table: "signatures", alias: "signature", where: inRecordsOf, tables: []string{"records"},
		order: []string{"record_id", "at", "side"}}
)
