package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var meetingTests = []test{
	{"RoundTrip", testMeetingRoundTrip},
	{"DuplicateID", testMeetingDuplicate},
	{"AttendeesAndUpdatesInOrderStored", testMeetingSliceOrder},
	{"Order", testMeetingsOrder},
	{"ListEmpty", testMeetingsEmpty},
	{"SlicesNotShared", testMeetingSlicesNotShared},
}

var supportActionTests = []test{
	{"RoundTrip", testSupportActionRoundTrip},
	{"DuplicateID", testSupportActionDuplicate},
	{"NotFound", testSupportActionNotFound},
	{"Update", testSupportActionUpdate},
	{"UpdateMissing", testSupportActionUpdateMissing},
	{"Order", testSupportActionsOrder},
	{"ListEmpty", testSupportActionsEmpty},
}

var privateNoteTests = []test{
	{"RoundTrip", testPrivateNoteRoundTrip},
	{"DuplicateID", testPrivateNoteDuplicate},
	{"Order", testPrivateNotesOrder},
	{"ListEmpty", testPrivateNotesEmpty},
}

var signatureTests = []test{
	{"RoundTrip", testSignatureRoundTrip},
	{"DuplicateRecordSide", testSignatureDuplicate},
	{"Order", testSignaturesOrder},
	{"ListEmpty", testSignaturesEmpty},
}

// seedTargets commits targets 30 and 31 of rec.
func seedTargets(t *testing.T, s standards.Store, rec standards.Record) []standards.Target {
	t.Helper()
	targets := []standards.Target{target(30, rec), target(31, rec)}
	write(t, s, func(tx standards.Tx) {
		for _, tg := range targets {
			mustCreateTarget(t, tx, tg)
		}
	})
	return targets
}

func testMeetingRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	targets := seedTargets(t, s, recs[0])
	// A meeting updating two targets, one update leaving state and rating
	// as they were; and one that updated none, with no notes.
	leave := targetUpdate(targets[0], "No change yet")
	leave.State, leave.Rating = "", standards.RatingNone
	review := meeting(40, recs[0], regs[:3], person(2), targetUpdate(targets[1], "Done"), leave)
	setting := meeting(41, recs[0], regs[:2], person(1))
	setting.Kind = standards.MeetingTargetSetting
	setting.Notes = ""
	write(t, s, func(tx standards.Tx) {
		mustCreateMeeting(t, tx, review)
		mustCreateMeeting(t, tx, setting)
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[0].ID)
		assertFound(t, []standards.Meeting{review, setting}, got, err)
	})
}

func testMeetingDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	first := meeting(40, recs[0], regs[:2], person(1))
	write(t, s, func(tx standards.Tx) { mustCreateMeeting(t, tx, first) })
	dup := meeting(41, recs[1], regs[1:3], person(2))
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateMeeting(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[0].ID)
		assertFound(t, []standards.Meeting{first}, got, err, "Meetings of the first's record")
		got, err = tx.Meetings(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "Meetings of the duplicate's record")
	})
}

// testMeetingSliceOrder checks that attendees and updates come back in the
// order stored, which is neither the order of their ids nor the reverse.
func testMeetingSliceOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	g30, g31, g32 := target(30, recs[0]), target(31, recs[0]), target(32, recs[0])
	m := meeting(40, recs[0], []standards.Registration{regs[2], regs[0], regs[3], regs[1]}, person(1),
		targetUpdate(g31, "first"), targetUpdate(g30, "second"), targetUpdate(g32, "third"))
	write(t, s, func(tx standards.Tx) {
		for _, tg := range []standards.Target{g30, g31, g32} {
			mustCreateTarget(t, tx, tg)
		}
		mustCreateMeeting(t, tx, m)
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[0].ID)
		assert.NoError(t, err)
		if assert.Len(t, got, 1) {
			assert.Equal(t, []string{regs[2].ID, regs[0].ID, regs[3].ID, regs[1].ID}, got[0].Attendees)
			assert.Equal(t, []string{g31.ID, g30.ID, g32.ID}, keys(got[0].Updates, func(u standards.TargetUpdate) string { return u.TargetID }))
			assertSame(t, m, got[0])
		}
	})
}

func testMeetingsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	// Made out of order, RecordedAt against Date: 44 and 42 share a Date,
	// so the ID decides.
	m := func(n int, rec standards.Record, d int) standards.Meeting {
		mt := meeting(n, rec, regs[:2], person(1))
		mt.Date = day(d)
		mt.RecordedAt = at(100 - n)
		return mt
	}
	meetings := []standards.Meeting{
		m(44, recs[0], 3),
		m(40, recs[0], 9),
		m(43, recs[0], 1),
		m(42, recs[0], 3),
		m(41, recs[0], 5),
		// Not listed: another record's.
		m(45, recs[1], 2),
	}
	write(t, s, func(tx standards.Tx) {
		for _, mt := range meetings {
			mustCreateMeeting(t, tx, mt)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("m", 43), id("m", 42), id("m", 44), id("m", 41), id("m", 40)}, keys(got, meetingID))
	})
}

func testMeetingsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateMeeting(t, tx, meeting(40, recs[0], regs[:2], person(1))) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

// testMeetingSlicesNotShared checks that a Store keeps its own copies of
// Attendees and Updates.
func testMeetingSlicesNotShared(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	targets := seedTargets(t, s, recs[0])
	m := meeting(40, recs[0], regs[:2], person(1), targetUpdate(targets[0], "a"), targetUpdate(targets[1], "b"))
	want := meeting(40, recs[0], regs[:2], person(1), targetUpdate(targets[0], "a"), targetUpdate(targets[1], "b"))
	write(t, s, func(tx standards.Tx) {
		mustCreateMeeting(t, tx, m)
		m.Attendees[0] = regs[3].ID
		m.Updates[0].Comment = "changed"
		got, err := tx.Meetings(ctx, recs[0].ID)
		if assertFound(t, []standards.Meeting{want}, got, err, "the store kept its own copy on create") {
			got[0].Attendees[1] = regs[3].ID
			got[0].Updates[1].Comment = "changed"
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Meetings(ctx, recs[0].ID)
		assertFound(t, []standards.Meeting{want}, got, err, "changing the slices a call was given or returned changes nothing stored")
	})
}

func meetingID(m standards.Meeting) string { return m.ID }

// Support actions.

// seedMeeting commits meeting 40 of rec, attended by regs 10 and 11.
func seedMeeting(t *testing.T, s standards.Store, regs []standards.Registration, rec standards.Record) standards.Meeting {
	t.Helper()
	m := meeting(40, rec, regs[:2], person(1))
	write(t, s, func(tx standards.Tx) { mustCreateMeeting(t, tx, m) })
	return m
}

func testSupportActionRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	open := supportAction(50, recs[0], m, regs[1])
	done := supportAction(51, recs[0], m, regs[2])
	done.State = standards.ActionDone
	done.DoneAt = at(60)
	write(t, s, func(tx standards.Tx) {
		mustCreateSupportAction(t, tx, open)
		mustCreateSupportAction(t, tx, done)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.SupportAction{open, done} {
			got, err := tx.SupportAction(ctx, want.ID)
			assertFound(t, want, got, err, "SupportAction(%s)", want.ID)
		}
		list, err := supportActions(ctx, tx, recs[0].ID)
		assertFound(t, []standards.SupportAction{open, done}, list, err, "SupportActions")
	})
}

func testSupportActionDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	first := supportAction(50, recs[0], m, regs[1])
	write(t, s, func(tx standards.Tx) { mustCreateSupportAction(t, tx, first) })
	dup := supportAction(51, recs[0], m, regs[2])
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateSupportAction(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.SupportAction(ctx, first.ID)
		assertFound(t, first, got, err, "the first action is unchanged")
		list, err := supportActions(ctx, tx, recs[0].ID)
		assertFound(t, []standards.SupportAction{first}, list, err, "SupportActions")
	})
}

func testSupportActionNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateSupportAction(t, tx, supportAction(50, recs[0], m, regs[1])) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.SupportAction(ctx, id("a", 51))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
}

func testSupportActionUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	a := supportAction(50, recs[0], m, regs[1])
	write(t, s, func(tx standards.Tx) { mustCreateSupportAction(t, tx, a) })

	// Done, with its description, owner and due date changed; then open
	// again.
	done := a
	done.Description = "Described again"
	done.OwnerRegistrationID = regs[2].ID
	done.Due = day(80)
	done.State = standards.ActionDone
	done.DoneAt = at(70)
	reopened := done
	reopened.State = standards.ActionOpen
	reopened.DoneAt = time.Time{}

	for _, want := range []standards.SupportAction{done, reopened} {
		write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateSupportAction(ctx, want)) })
		read(t, s, func(tx standards.Tx) {
			got, err := tx.SupportAction(ctx, want.ID)
			assertFound(t, want, got, err, "SupportAction after update to %s", want.State)
			list, err := supportActions(ctx, tx, recs[0].ID)
			assertFound(t, []standards.SupportAction{want}, list, err, "SupportActions after update to %s", want.State)
		})
	}
}

func testSupportActionUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	a := supportAction(50, recs[0], m, regs[1])
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateSupportAction(ctx, a) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.SupportAction(ctx, a.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the action")
	})
}

func testSupportActionsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	other := meeting(41, recs[1], regs[:2], person(1))
	// Made out of order, CreatedAt against Due: 54 and 52 share a Due, so
	// the ID decides.
	a := func(n int, rec standards.Record, m standards.Meeting, d int) standards.SupportAction {
		sa := supportAction(n, rec, m, regs[1])
		sa.Due = day(d)
		sa.CreatedAt = at(100 - n)
		return sa
	}
	actions := []standards.SupportAction{
		a(54, recs[0], m, 3),
		a(50, recs[0], m, 9),
		a(53, recs[0], m, 1),
		a(52, recs[0], m, 3),
		a(51, recs[0], m, 5),
		// Not listed: another record's.
		a(55, recs[1], other, 2),
	}
	write(t, s, func(tx standards.Tx) {
		mustCreateMeeting(t, tx, other)
		for _, sa := range actions {
			mustCreateSupportAction(t, tx, sa)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := supportActions(ctx, tx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("a", 53), id("a", 52), id("a", 54), id("a", 51), id("a", 50)}, keys(got, supportActionID))
	})
}

func testSupportActionsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateSupportAction(t, tx, supportAction(50, recs[0], m, regs[1])) })
	read(t, s, func(tx standards.Tx) {
		got, err := supportActions(ctx, tx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

func supportActionID(a standards.SupportAction) string { return a.ID }

// Private notes.

func testPrivateNoteRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	short := privateNote(60, recs[0], person(2))
	long := privateNote(61, recs[0], person(3))
	long.Text = "A note\nover two lines, with \"quotes\" and an apostrophe's worth"
	write(t, s, func(tx standards.Tx) {
		mustCreatePrivateNote(t, tx, short)
		mustCreatePrivateNote(t, tx, long)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := privateNotes(ctx, tx, recs[0].ID)
		assertFound(t, []standards.PrivateNote{short, long}, got, err)
	})
}

func testPrivateNoteDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	first := privateNote(60, recs[0], person(2))
	write(t, s, func(tx standards.Tx) { mustCreatePrivateNote(t, tx, first) })
	dup := privateNote(61, recs[1], person(3))
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreatePrivateNote(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := privateNotes(ctx, tx, recs[0].ID)
		assertFound(t, []standards.PrivateNote{first}, got, err, "PrivateNotes of the first's record")
		got, err = privateNotes(ctx, tx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "PrivateNotes of the duplicate's record")
	})
}

func testPrivateNotesOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	// Made out of order: 64 and 62 share an At, so the ID decides.
	n := func(n int, rec standards.Record, minute int) standards.PrivateNote {
		note := privateNote(n, rec, person(2))
		note.At = at(minute)
		return note
	}
	notes := []standards.PrivateNote{
		n(64, recs[0], 30),
		n(60, recs[0], 50),
		n(63, recs[0], 10),
		n(62, recs[0], 30),
		n(61, recs[0], 40),
		// Not listed: another record's.
		n(65, recs[1], 1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, note := range notes {
			mustCreatePrivateNote(t, tx, note)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := privateNotes(ctx, tx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("n", 63), id("n", 62), id("n", 64), id("n", 61), id("n", 60)}, keys(got, privateNoteID))
	})
}

func testPrivateNotesEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreatePrivateNote(t, tx, privateNote(60, recs[0], person(2))) })
	read(t, s, func(tx standards.Tx) {
		got, err := privateNotes(ctx, tx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

func privateNoteID(n standards.PrivateNote) string { return n.ID }

// Signatures.

// seedStatement commits version 1 of the year's statement.
func seedStatement(t *testing.T, s standards.Store) standards.Statement {
	t.Helper()
	st := statement(year, 1, person(1), 1)
	write(t, s, func(tx standards.Tx) { mustCreateStatement(t, tx, st) })
	return st
}

func testSignatureRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	st := seedStatement(t, s)
	eo := signature(recs[0], standards.SideEO, person(1), st, 70)
	overseer := signature(recs[0], standards.SideOverseer, person(2), st, 71)
	write(t, s, func(tx standards.Tx) {
		mustCreateSignature(t, tx, eo)
		mustCreateSignature(t, tx, overseer)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Signatures(ctx, recs[0].ID)
		assertFound(t, []standards.Signature{eo, overseer}, got, err)
	})
}

func testSignatureDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	st := seedStatement(t, s)
	first := signature(recs[0], standards.SideEO, person(1), st, 70)
	write(t, s, func(tx standards.Tx) { mustCreateSignature(t, tx, first) })

	assertConflict(t, s, func(tx standards.Tx) error {
		return tx.CreateSignature(ctx, signature(recs[0], standards.SideEO, person(3), st, 71))
	})

	// The other side of the same record, and the same side of another
	// record, are other signatures.
	otherSide := signature(recs[0], standards.SideOverseer, person(2), st, 72)
	otherRecord := signature(recs[1], standards.SideEO, person(2), st, 73)
	write(t, s, func(tx standards.Tx) {
		mustCreateSignature(t, tx, otherSide)
		mustCreateSignature(t, tx, otherRecord)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Signatures(ctx, recs[0].ID)
		assertFound(t, []standards.Signature{first, otherSide}, got, err, "Signatures of record 20")
		got, err = tx.Signatures(ctx, recs[1].ID)
		assertFound(t, []standards.Signature{otherRecord}, got, err, "Signatures of record 21")
	})
}

// testSignaturesOrder checks both keys of the order: on record 20 both
// sides signed at one instant, so Side decides ("eo" before "overseer");
// on record 21 the overseer signed first.
func testSignaturesOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	st := seedStatement(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateSignature(t, tx, signature(recs[0], standards.SideOverseer, person(2), st, 70))
		mustCreateSignature(t, tx, signature(recs[0], standards.SideEO, person(1), st, 70))
		mustCreateSignature(t, tx, signature(recs[1], standards.SideEO, person(2), st, 72))
		mustCreateSignature(t, tx, signature(recs[1], standards.SideOverseer, person(1), st, 71))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Signatures(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []standards.Side{standards.SideEO, standards.SideOverseer}, keys(got, signatureSide), "record 20")
		got, err = tx.Signatures(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Equal(t, []standards.Side{standards.SideOverseer, standards.SideEO}, keys(got, signatureSide), "record 21")
	})
}

func testSignaturesEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	st := seedStatement(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateSignature(t, tx, signature(recs[0], standards.SideEO, person(1), st, 70))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Signatures(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

func signatureSide(s standards.Signature) standards.Side { return s.Side }
