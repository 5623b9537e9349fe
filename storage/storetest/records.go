package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var recordTests = []test{
	{"RoundTrip", testRecordRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testRecordDuplicate(t, s, func(r *standards.Record) { r.ID = id("e", 20) })
	}},
	{"DuplicateRegistration", func(t *testing.T, s standards.Store) {
		testRecordDuplicate(t, s, func(r *standards.Record) { r.RegistrationID = id("r", 10) })
	}},
	{"NotFound", testRecordNotFound},
	{"Update", testRecordUpdate},
	{"UpdateStaleVersion", testRecordUpdateStale},
	{"UpdateBothReadSameVersion", testRecordUpdateRace},
	{"UpdateMissing", testRecordUpdateMissing},
	{"OrderByCentre", testRecordsByCentreOrder},
	{"ListEmpty", testRecordsEmpty},
}

var cpdTests = []test{
	{"RoundTrip", testCPDRoundTrip},
	{"DuplicateID", testCPDDuplicate},
	{"NotFound", testCPDNotFound},
	{"Delete", testCPDDelete},
	{"DeleteMissing", testCPDDeleteMissing},
	{"Order", testCPDOrder},
	{"ListEmpty", testCPDEmpty},
	{"TargetIDsNotShared", testCPDTargetIDsNotShared},
}

// seedRecords commits the seed, the registrations of seedRegistrations
// and four records: 20 of registration 10 (person 1) and 21 of 11 (person
// 2), at centre 1 in 2025; 22 of 14, at centre 1 in 2024; and 23 of 15, at
// centre 2 in 2025.
func seedRecords(t *testing.T, s standards.Store) ([]standards.Registration, []standards.Record) {
	t.Helper()
	seed(t, s)
	regs := seedRegistrations(t, s)
	recs := []standards.Record{record(20, regs[0]), record(21, regs[1]), record(22, regs[4]), record(23, regs[5])}
	write(t, s, func(tx standards.Tx) {
		for _, r := range recs {
			mustCreateRecord(t, tx, r)
		}
	})
	return regs, recs
}

func testRecordRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	// A new record at version 0, and a closed one many versions on.
	open := record(20, regs[0])
	open.Version = 0
	closed := record(21, regs[1])
	closed.Version = 7
	closed.ClosedAt = at(40)
	write(t, s, func(tx standards.Tx) {
		mustCreateRecord(t, tx, open)
		mustCreateRecord(t, tx, closed)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Record{open, closed} {
			got, err := tx.Record(ctx, want.ID)
			assertFound(t, want, got, err, "Record(%s)", want.ID)
			got, err = tx.RecordByRegistration(ctx, want.RegistrationID)
			assertFound(t, want, got, err, "RecordByRegistration(%s)", want.RegistrationID)
		}
		list, err := tx.RecordsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Record{open, closed}, list, err, "RecordsByCentre")
	})
}

// testRecordDuplicate creates record 20 of registration 10, then record 21
// of registration 11 that clash changes to share one of its unique keys,
// and checks that the second is refused and stored nowhere.
func testRecordDuplicate(t *testing.T, s standards.Store, clash func(*standards.Record)) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	first := record(20, regs[0])
	write(t, s, func(tx standards.Tx) { mustCreateRecord(t, tx, first) })
	dup := record(21, regs[1])
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateRecord(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Record(ctx, first.ID)
		assertFound(t, first, got, err, "the first record is unchanged")
		got, err = tx.Record(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "Record(%s)", dup.ID)
		got, err = tx.RecordByRegistration(ctx, dup.RegistrationID)
		assertNotFoundOr(t, first, got, err, "RecordByRegistration(%s)", dup.RegistrationID)
		list, err := tx.RecordsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Record{first}, list, err, "RecordsByCentre")
	})
}

func testRecordNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Record(ctx, id("e", 30))
		assert.ErrorIs(t, err, standards.ErrNotFound, "Record")
		_, err = tx.RecordByRegistration(ctx, id("r", 12))
		assert.ErrorIs(t, err, standards.ErrNotFound, "RecordByRegistration of a registration with none")
		_, err = tx.RecordByRegistration(ctx, recs[0].ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "RecordByRegistration takes a registration id, not a record id")
	})
}

// assertRecord checks that every lookup of want finds it.
func assertRecord(t *testing.T, tx standards.Tx, want standards.Record, msg string) {
	t.Helper()
	ctx := t.Context()
	got, err := tx.Record(ctx, want.ID)
	assertFound(t, want, got, err, "Record, %s", msg)
	got, err = tx.RecordByRegistration(ctx, want.RegistrationID)
	assertFound(t, want, got, err, "RecordByRegistration, %s", msg)
	list, err := tx.RecordsByCentre(ctx, want.CentreID, want.Year)
	if assert.NoError(t, err) {
		i := slices.IndexFunc(list, func(r standards.Record) bool { return r.ID == want.ID })
		if assert.GreaterOrEqual(t, i, 0, "RecordsByCentre lists %s, %s", want.ID, msg) {
			assertSame(t, want, list[i], "RecordsByCentre, %s", msg)
		}
	}
}

// testRecordUpdate saves a record at the version it has, and checks that
// it is stored one version on: across transactions and twice in one.
func testRecordUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	rec := record(20, regs[0]) // version 1
	write(t, s, func(tx standards.Tx) { mustCreateRecord(t, tx, rec) })

	closed := rec
	closed.ClosedAt = at(50)
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.UpdateRecord(ctx, closed))
		want := closed
		want.Version = 2
		assertRecord(t, tx, want, "inside the transaction that saved it")
	})
	want := closed
	want.Version = 2
	read(t, s, func(tx standards.Tx) { assertRecord(t, tx, want, "after one update") })

	// Reopened, then saved again unchanged, in one transaction.
	reopened := want
	reopened.ClosedAt = time.Time{}
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.UpdateRecord(ctx, reopened), "update at version 2")
		again := reopened
		again.Version = 3
		assert.NoError(t, tx.UpdateRecord(ctx, again), "update at version 3")
	})
	want = reopened
	want.Version = 4
	read(t, s, func(tx standards.Tx) { assertRecord(t, tx, want, "after three updates") })
}

// testRecordUpdateStale checks that an update whose version is not the
// stored one is refused and saves nothing.
func testRecordUpdateStale(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	rec := record(20, regs[0])
	rec.Version = 3
	write(t, s, func(tx standards.Tx) { mustCreateRecord(t, tx, rec) })

	for _, v := range []int64{2, 4, 0} {
		changed := rec
		changed.Version = v
		changed.ClosedAt = at(50)
		assertConflict(t, s, func(tx standards.Tx) error { return tx.UpdateRecord(ctx, changed) })
		read(t, s, func(tx standards.Tx) { assertRecord(t, tx, rec, fmt.Sprintf("after an update at version %d", v)) })
	}
}

// testRecordUpdateRace is two people saving one record at once: both read
// it at the same version, and each saves a change. The first to save wins;
// the second gets ErrConflict with the reason ReasonStale, so a host can
// tell "look again" from the other conflicts, and its change is not saved.
func testRecordUpdateRace(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	var seen standards.Record
	read(t, s, func(tx standards.Tx) {
		var err error
		seen, err = tx.Record(ctx, recs[0].ID)
		assert.NoError(t, err)
	})
	first, second := seen, seen
	first.ClosedAt = at(50)
	second.ClosedAt = at(60)

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateRecord(ctx, first), "the first save") })
	err := tryThenCommit(t, s, func(tx standards.Tx) error { return tx.UpdateRecord(ctx, second) })
	assert.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonStale, standards.ErrorReason(err), "a stale save says so: %v", err)

	want := first
	want.Version = seen.Version + 1
	read(t, s, func(tx standards.Tx) {
		assertRecord(t, tx, want, "the first save is kept, the second lost nothing of it")
	})
}

func testRecordUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	rec := record(20, regs[0])
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateRecord(ctx, rec) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Record(ctx, rec.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the record")
		_, err = tx.RecordByRegistration(ctx, rec.RegistrationID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not take the registration")
	})
}

func testRecordsByCentreOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	// Made out of order: 24 and 22 share a CreatedAt, so the ID decides.
	r := func(n int, reg standards.Registration, minute int) standards.Record {
		rec := record(n, reg)
		rec.CreatedAt = at(minute)
		return rec
	}
	recs := []standards.Record{
		r(24, regs[0], 30),
		r(20, regs[1], 50),
		r(23, regs[2], 10),
		r(22, regs[3], 30),
		// Not listed: another year, another centre.
		r(25, regs[4], 1),
		r(26, regs[5], 1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, rec := range recs {
			mustCreateRecord(t, tx, rec)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.RecordsByCentre(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("e", 23), id("e", 22), id("e", 24), id("e", 20)}, keys(got, recordID))
		if len(got) == 4 {
			assertSame(t, recs[2], got[0], "listed records are whole")
		}
	})
}

func testRecordsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedRecords(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RecordsByCentre(ctx, centre(1).ID, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got, "another year")
		got, err = tx.RecordsByCentre(ctx, centre(3).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, got, "a centre with none")
	})
}

func recordID(r standards.Record) string { return r.ID }

// The CPD log.

func testCPDRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	g30, g31 := target(30, recs[0]), target(31, recs[0])
	// An entry supporting two targets, and one supporting none with the
	// optional fields empty.
	full := cpdEntry(40, recs[0], g30, g31)
	bare := cpdEntry(41, recs[0])
	bare.Kind = standards.CPDOther
	bare.Hours = 0.25
	bare.Provider = ""
	bare.Verified = false
	bare.Reflection = ""
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, g30)
		mustCreateTarget(t, tx, g31)
		mustCreateCPDEntry(t, tx, full)
		mustCreateCPDEntry(t, tx, bare)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.CPDEntry{full, bare} {
			got, err := tx.CPDEntry(ctx, want.ID)
			assertFound(t, want, got, err, "CPDEntry(%s)", want.ID)
		}
		list, err := tx.CPDEntries(ctx, recs[0].ID)
		assertFound(t, []standards.CPDEntry{full, bare}, list, err, "CPDEntries")
	})
}

func testCPDDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	first := cpdEntry(40, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateCPDEntry(t, tx, first) })
	dup := cpdEntry(41, recs[1])
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateCPDEntry(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.CPDEntry(ctx, first.ID)
		assertFound(t, first, got, err, "the first entry is unchanged")
		list, err := tx.CPDEntries(ctx, recs[0].ID)
		assertFound(t, []standards.CPDEntry{first}, list, err, "CPDEntries of the first's record")
		list, err = tx.CPDEntries(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, list, "CPDEntries of the duplicate's record")
	})
}

func testCPDNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateCPDEntry(t, tx, cpdEntry(40, recs[0])) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.CPDEntry(ctx, id("d", 41))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
}

func testCPDDelete(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	gone, kept := cpdEntry(40, recs[0]), cpdEntry(41, recs[0])
	write(t, s, func(tx standards.Tx) {
		mustCreateCPDEntry(t, tx, gone)
		mustCreateCPDEntry(t, tx, kept)
	})

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.DeleteCPDEntry(ctx, gone.ID)) })

	read(t, s, func(tx standards.Tx) {
		_, err := tx.CPDEntry(ctx, gone.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the deleted entry")
		got, err := tx.CPDEntry(ctx, kept.ID)
		assertFound(t, kept, got, err, "the other entry")
		list, err := tx.CPDEntries(ctx, recs[0].ID)
		assertFound(t, []standards.CPDEntry{kept}, list, err, "CPDEntries")
	})
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteCPDEntry(ctx, gone.ID) })
	// Its id is free again.
	write(t, s, func(tx standards.Tx) { mustCreateCPDEntry(t, tx, gone) })
	read(t, s, func(tx standards.Tx) {
		list, err := tx.CPDEntries(ctx, recs[0].ID)
		assertFound(t, []standards.CPDEntry{gone, kept}, list, err, "CPDEntries")
	})
}

func testCPDDeleteMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	e := cpdEntry(40, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateCPDEntry(t, tx, e) })
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteCPDEntry(ctx, id("d", 41)) })
	read(t, s, func(tx standards.Tx) {
		list, err := tx.CPDEntries(ctx, recs[0].ID)
		assertFound(t, []standards.CPDEntry{e}, list, err, "nothing was deleted")
	})
}

func testCPDOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	// Made out of order, CreatedAt against Date: 44 and 42 share a Date, so
	// the ID decides.
	e := func(n int, rec standards.Record, d int) standards.CPDEntry {
		entry := cpdEntry(n, rec)
		entry.Date = day(d)
		entry.CreatedAt = at(100 - n)
		return entry
	}
	entries := []standards.CPDEntry{
		e(44, recs[0], 3),
		e(40, recs[0], 9),
		e(43, recs[0], 1),
		e(42, recs[0], 3),
		e(41, recs[0], 5),
		// Not listed: another record's.
		e(45, recs[1], 2),
	}
	write(t, s, func(tx standards.Tx) {
		for _, entry := range entries {
			mustCreateCPDEntry(t, tx, entry)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.CPDEntries(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("d", 43), id("d", 42), id("d", 44), id("d", 41), id("d", 40)}, keys(got, cpdID))
	})
}

func testCPDEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateCPDEntry(t, tx, cpdEntry(40, recs[0])) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CPDEntries(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.DeleteCPDEntry(ctx, id("d", 40))) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CPDEntries(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record whose only entry was deleted")
	})
}

// testCPDTargetIDsNotShared checks that a Store keeps its own copy of
// TargetIDs.
func testCPDTargetIDsNotShared(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	g30, g31 := target(30, recs[0]), target(31, recs[0])
	e := cpdEntry(40, recs[0], g30, g31)
	want := cpdEntry(40, recs[0], g30, g31)
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, g30)
		mustCreateTarget(t, tx, g31)
		mustCreateCPDEntry(t, tx, e)
		e.TargetIDs[0] = g31.ID
		got, err := tx.CPDEntry(ctx, e.ID)
		if assertFound(t, want, got, err, "the store kept its own copy on create") {
			got.TargetIDs[1] = g30.ID
		}
	})
	read(t, s, func(tx standards.Tx) {
		list, err := tx.CPDEntries(ctx, e.RecordID)
		if assertFound(t, []standards.CPDEntry{want}, list, err, "changing the slices a call was given or returned changes nothing stored") {
			list[0].TargetIDs[0] = g31.ID
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CPDEntry(ctx, e.ID)
		assertFound(t, want, got, err, "changing the slices a list returned changes nothing stored")
	})
}

func cpdID(e standards.CPDEntry) string { return e.ID }
