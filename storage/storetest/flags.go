package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var dashboardTests = []test{
	{"RecordsByYear", testRecordsByYear},
	{"TargetsByCentre", testTargetsByCentre},
	{"LastMeetingsByCentre", testLastMeetingsByCentre},
	{"SupportActionsByCentre", testSupportActionsByCentre},
	{"SignaturesByCentre", testSignaturesByCentre},
	{"CPDHoursByCentre", testCPDHoursByCentre},
	{"ListEmpty", testDashboardEmpty},
}

var reminderTests = []test{
	{"RoundTripAndOrder", testReminderRoundTrip},
	{"DuplicateRecordCodeDay", testReminderDuplicate},
	{"Since", testRemindersSince},
}

// The records of seedRecords: 20 and 21 at centre 1 in 2025, 22 at centre
// 1 in 2024, 23 at centre 2 in 2025. Each ...ByCentre test puts rows on
// all four, the later-created first on record 20, and expects only those
// of 20 and 21, by record first.

func testRecordsByYear(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RecordsByYear(ctx, year)
		assertFound(t, []standards.Record{recs[0], recs[1], recs[3]}, got, err, "2025")
		got, err = tx.RecordsByYear(ctx, year-1)
		assertFound(t, []standards.Record{recs[2]}, got, err, "2024")
	})
}

func testTargetsByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	late, other, early := target(32, recs[0]), target(31, recs[1]), target(30, recs[0])
	write(t, s, func(tx standards.Tx) {
		for _, tg := range []standards.Target{late, other, early, target(33, recs[2]), target(34, recs[3])} {
			mustCreateTarget(t, tx, tg)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := targetsByCentre(ctx, tx, centre(1).ID, year)
		assertFound(t, []standards.Target{early, late, other}, got, err)
	})
}

func testLastMeetingsByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) {
		for _, m := range centreMeetings(recs, regs) {
			mustCreateMeeting(t, tx, m)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := lastMeetingsByCentre(ctx, tx, centre(1).ID, year)
		assertFound(t, []standards.LastMeeting{{RecordID: recs[0].ID, Date: day(46)}, {RecordID: recs[1].ID, Date: day(41)}}, got, err)
	})
}

// centreMeetings are meetings on each of recs: on recs[0], the latest
// first and the latest by date with the smallest id, so that only the
// date can tell it.
func centreMeetings(recs []standards.Record, regs []standards.Registration) []standards.Meeting {
	latest := meeting(40, recs[0], regs[:2], person(1), standards.TargetUpdate{TargetID: "x", Comment: "kept"})
	latest.Date = day(46)
	return []standards.Meeting{
		latest, meeting(42, recs[0], regs[:3], person(2)), meeting(41, recs[1], regs[:2], person(1)),
		meeting(43, recs[2], regs[:1], person(1)), meeting(44, recs[3], regs[5:], person(2)),
	}
}

func testSupportActionsByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	ms := []standards.Meeting{meeting(40, recs[0], regs[:2], person(1)), meeting(41, recs[1], regs[:2], person(1)),
		meeting(42, recs[2], regs[:1], person(1)), meeting(43, recs[3], regs[5:], person(2))}
	late, other, early := supportAction(52, recs[0], ms[0], regs[1]), supportAction(51, recs[1], ms[1], regs[0]), supportAction(50, recs[0], ms[0], regs[1])
	write(t, s, func(tx standards.Tx) {
		for _, m := range ms {
			mustCreateMeeting(t, tx, m)
		}
		for _, a := range []standards.SupportAction{late, other, early, supportAction(53, recs[2], ms[2], regs[0]), supportAction(54, recs[3], ms[3], regs[5])} {
			mustCreateSupportAction(t, tx, a)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := supportActionsByCentre(ctx, tx, centre(1).ID, year)
		assertFound(t, []standards.SupportAction{early, late, other}, got, err)
	})
}

func testSignaturesByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	st := statement(year, 0, person(1), 1)
	counter := signature(recs[0], standards.SideOverseer, person(2), st, 62)
	other := signature(recs[1], standards.SideEO, person(2), st, 61)
	own := signature(recs[0], standards.SideEO, person(1), st, 60)
	write(t, s, func(tx standards.Tx) {
		for _, sg := range []standards.Signature{counter, other, own,
			signature(recs[2], standards.SideEO, person(1), st, 63), signature(recs[3], standards.SideEO, person(2), st, 64)} {
			mustCreateSignature(t, tx, sg)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := signaturesByCentre(ctx, tx, centre(1).ID, year)
		assertFound(t, []standards.Signature{own, counter, other}, got, err)
	})
}

// testCPDHoursByCentre: each record's hours in all, quarter hours kept
// exactly, and only the centre's year's records that logged any.
func testCPDHoursByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	quarter := cpdEntry(44, recs[0])
	quarter.Hours = 0.25
	write(t, s, func(tx standards.Tx) {
		for _, e := range []standards.CPDEntry{cpdEntry(40, recs[1]), cpdEntry(41, recs[0]), cpdEntry(42, recs[0]), quarter,
			cpdEntry(43, recs[2]), cpdEntry(45, recs[3])} {
			mustCreateCPDEntry(t, tx, e)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := cpdHoursByCentre(ctx, tx, centre(1).ID, year)
		assertFound(t, []standards.CPDHours{{RecordID: recs[0].ID, Hours: 5.75}, {RecordID: recs[1].ID, Hours: 2.75}}, got, err)
		none, err := cpdHoursByCentre(ctx, tx, centre(3).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, none)
	})
}

func testDashboardEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedRecords(t, s)
	read(t, s, func(tx standards.Tx) {
		recs, err := tx.RecordsByYear(ctx, year+1)
		assert.NoError(t, err)
		assert.Empty(t, recs, "RecordsByYear")
		targets, err := targetsByCentre(ctx, tx, centre(3).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, targets, "TargetsByCentre")
		meetings, err := lastMeetingsByCentre(ctx, tx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, meetings, "LastMeetingsByCentre")
		actions, err := supportActionsByCentre(ctx, tx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, actions, "SupportActionsByCentre")
		sigs, err := signaturesByCentre(ctx, tx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, sigs, "SignaturesByCentre")
	})
}

// reminder returns a reminder of code on rec for day(n), appended at at(n)
// with event seq n.
func reminder(rec standards.Record, code standards.FlagCode, n int) standards.Reminder {
	return standards.Reminder{RecordID: rec.ID, Code: code, Day: day(n), At: at(n), EventSeq: int64(n)}
}

func testReminderRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	rs := []standards.Reminder{
		reminder(recs[1], standards.FlagNoOverseer, 1),
		reminder(recs[0], standards.FlagTargetOverdue, 2),
		reminder(recs[0], standards.FlagNoOverseer, 8),
		reminder(recs[0], standards.FlagNoOverseer, 1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, r := range rs {
			assert.NoError(t, tx.CreateReminder(ctx, r))
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RemindersSince(ctx, day(0))
		assertFound(t, []standards.Reminder{rs[3], rs[0], rs[1], rs[2]}, got, err)
	})
}

func testReminderDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	first := reminder(recs[0], standards.FlagNoOverseer, 1)
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.CreateReminder(ctx, first)) })
	again := first
	again.Day = first.Day.In(time.FixedZone("BST", 3600)) // the same instant
	again.At, again.EventSeq = at(5), 5
	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateReminder(ctx, again) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RemindersSince(ctx, day(0))
		assertFound(t, []standards.Reminder{first}, got, err)
	})
}

func testRemindersSince(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	before, on, after := reminder(recs[0], standards.FlagNoOverseer, 3), reminder(recs[0], standards.FlagNoOverseer, 4), reminder(recs[1], standards.FlagNoOverseer, 5)
	write(t, s, func(tx standards.Tx) {
		for _, r := range []standards.Reminder{before, on, after} {
			assert.NoError(t, tx.CreateReminder(ctx, r))
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RemindersSince(ctx, day(4))
		assertFound(t, []standards.Reminder{on, after}, got, err)
		got, err = tx.RemindersSince(ctx, day(6))
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}
