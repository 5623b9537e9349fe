package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var targetTests = []test{
	{"RoundTrip", testTargetRoundTrip},
	{"DuplicateID", testTargetDuplicate},
	{"NotFound", testTargetNotFound},
	{"Update", testTargetUpdate},
	{"UpdateMissing", testTargetUpdateMissing},
	{"Order", testTargetsOrder},
	{"ListEmpty", testTargetsEmpty},
	{"ChangeRoundTrip", testTargetChangeRoundTrip},
	{"ChangeSeqIncreasing", testTargetChangeSeq},
	{"AppendSeveralChanges", testAppendSeveralTargetChanges},
	{"ChangesOldestFirst", testTargetChangesOrder},
	{"ChangesEmpty", testTargetChangesEmpty},
}

func testTargetRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	// A target with every field set; a proposed one with the optional
	// fields empty; and a withdrawn one with its reason.
	full := target(30, recs[0])
	bare := target(31, recs[0])
	bare.Area = standards.AreaSkills
	bare.Description = ""
	bare.SuccessMeasure = ""
	bare.Due = time.Time{}
	bare.CatalogueItemID = ""
	bare.State = standards.TargetProposed
	bare.ProposedBy = standards.SideOverseer
	bare.Rating = standards.RatingNone
	withdrawn := target(32, recs[0])
	withdrawn.State = standards.TargetWithdrawn
	withdrawn.WithdrawnReason = "No longer needed"
	write(t, s, func(tx standards.Tx) {
		for _, tg := range []standards.Target{full, bare, withdrawn} {
			mustCreateTarget(t, tx, tg)
		}
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Target{full, bare, withdrawn} {
			got, err := tx.Target(ctx, want.ID)
			assertFound(t, want, got, err, "Target(%s)", want.ID)
		}
		list, err := tx.Targets(ctx, recs[0].ID)
		assertFound(t, []standards.Target{full, bare, withdrawn}, list, err, "Targets")
	})
}

func testTargetDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	first := target(30, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateTarget(t, tx, first) })
	dup := target(31, recs[1])
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateTarget(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Target(ctx, first.ID)
		assertFound(t, first, got, err, "the first target is unchanged")
		list, err := tx.Targets(ctx, recs[0].ID)
		assertFound(t, []standards.Target{first}, list, err, "Targets of the first's record")
		list, err = tx.Targets(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, list, "Targets of the duplicate's record")
	})
}

func testTargetNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateTarget(t, tx, target(30, recs[0])) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Target(ctx, id("g", 31))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
}

func testTargetUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	tg := target(30, recs[0])
	other := target(31, recs[0])
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, tg)
		mustCreateTarget(t, tx, other)
	})

	// Every field but the ids and CreatedAt changed (the service changes
	// neither, and a store may leave them as stored); then withdrawn with
	// the optional fields cleared.
	changed := tg
	changed.Area = standards.AreaSkills
	changed.Title = "Renamed target"
	changed.Description = "Described again"
	changed.SuccessMeasure = "Measured again"
	changed.Due = day(60)
	changed.CatalogueItemID = "ku-key-dates"
	changed.State = standards.TargetAchieved
	changed.ProposedBy = standards.SideOverseer
	changed.Rating = standards.RatingGreen
	changed.UpdatedAt = at(50)
	withdrawn := changed
	withdrawn.Description = ""
	withdrawn.SuccessMeasure = ""
	withdrawn.Due = time.Time{}
	withdrawn.CatalogueItemID = ""
	withdrawn.State = standards.TargetWithdrawn
	withdrawn.Rating = standards.RatingNone
	withdrawn.WithdrawnReason = "Met another way"
	withdrawn.UpdatedAt = at(60)

	for _, want := range []standards.Target{changed, withdrawn} {
		write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateTarget(ctx, want)) })
		read(t, s, func(tx standards.Tx) {
			got, err := tx.Target(ctx, want.ID)
			assertFound(t, want, got, err, "Target after update to %s", want.State)
			list, err := tx.Targets(ctx, recs[0].ID)
			assertFound(t, []standards.Target{want, other}, list, err, "Targets after update to %s", want.State)
		})
	}
}

func testTargetUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	tg := target(30, recs[0])
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateTarget(ctx, tg) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Target(ctx, tg.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the target")
		list, err := tx.Targets(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Empty(t, list)
	})
}

func testTargetsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	// Made out of order: 34 and 32 share a CreatedAt, so the ID decides.
	// UpdatedAt and Due run the other way, and play no part.
	g := func(n int, rec standards.Record, minute int) standards.Target {
		tg := target(n, rec)
		tg.CreatedAt = at(minute)
		tg.UpdatedAt = at(200 - minute)
		tg.Due = day(100 - minute)
		return tg
	}
	targets := []standards.Target{
		g(34, recs[0], 30),
		g(30, recs[0], 50),
		g(33, recs[0], 10),
		g(32, recs[0], 30),
		g(31, recs[0], 40),
		// Not listed: another record's.
		g(35, recs[1], 1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, tg := range targets {
			mustCreateTarget(t, tx, tg)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Targets(ctx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("g", 33), id("g", 32), id("g", 34), id("g", 31), id("g", 30)}, keys(got, targetID))
	})
}

func testTargetsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateTarget(t, tx, target(30, recs[0])) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Targets(ctx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

func targetID(tg standards.Target) string { return tg.ID }

// Target history.

func testTargetChangeRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	tg := target(30, recs[0])
	m := meeting(40, recs[0], regs[:2], person(2), targetUpdate(tg, "moving"))
	// A change a meeting made, with every field set; and a comment made
	// outside a meeting, changing no state and no rating.
	inMeeting := targetChange(50, tg, m, person(2))
	comment := targetChange(51, tg, standards.Meeting{}, person(1))
	comment.From, comment.To, comment.Rating = "", "", standards.RatingNone
	comment.Comment = "A comment\nover two lines"
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, tg)
		mustCreateMeeting(t, tx, m)
		inMeeting.Seq = mustAppendTargetChange(t, tx, inMeeting)
		comment.Seq = mustAppendTargetChange(t, tx, comment)
	})

	read(t, s, func(tx standards.Tx) {
		got, err := targetChanges(ctx, tx, recs[0].ID)
		assertFound(t, []standards.TargetChange{inMeeting, comment}, got, err)
	})
}

// testTargetChangeSeq is testAuditSeq for target history.
func testTargetChangeSeq(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	tg := target(30, recs[0])
	write(t, s, func(tx standards.Tx) { mustCreateTarget(t, tx, tg) })
	c := targetChange(50, tg, standards.Meeting{}, person(1))
	c.Seq = 1000 // ignored: the store assigns Seq
	var seqs []int64
	write(t, s, func(tx standards.Tx) {
		seqs = append(seqs, mustAppendTargetChange(t, tx, c), mustAppendTargetChange(t, tx, c))
	})
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendTargetChange(t, tx, c)) })
	err := s.Update(ctx, func(tx standards.Tx) error {
		mustAppendTargetChange(t, tx, c)
		return errRolledBack
	})
	assert.ErrorIs(t, err, errRolledBack)
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendTargetChange(t, tx, c)) })

	assert.Positive(t, seqs[0])
	assert.IsIncreasing(t, seqs)
	read(t, s, func(tx standards.Tx) {
		got, err := targetChanges(ctx, tx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, seqs, keys(got, targetChangeSeq), "the Seq listed is the Seq returned")
	})
}

// testTargetChangesOrder appends the changes of two records' targets,
// interleaved, over two transactions; At is out of order on purpose, since
// Seq, not At, orders a record's history.
func testTargetChangesOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	g30, g31, g32 := target(30, recs[0]), target(31, recs[0]), target(32, recs[1])
	write(t, s, func(tx standards.Tx) {
		for _, tg := range []standards.Target{g30, g31, g32} {
			mustCreateTarget(t, tx, tg)
		}
	})
	var first, second []int64 // the Seqs of each record's changes, in the order appended
	write(t, s, func(tx standards.Tx) {
		first = append(first, mustAppendTargetChange(t, tx, targetChange(30, g30, standards.Meeting{}, person(1))))
		second = append(second, mustAppendTargetChange(t, tx, targetChange(20, g32, standards.Meeting{}, person(2))))
		first = append(first, mustAppendTargetChange(t, tx, targetChange(10, g31, standards.Meeting{}, person(1))))
	})
	write(t, s, func(tx standards.Tx) {
		first = append(first, mustAppendTargetChange(t, tx, targetChange(5, g30, standards.Meeting{}, person(2))))
		second = append(second, mustAppendTargetChange(t, tx, targetChange(1, g32, standards.Meeting{}, person(2))))
	})

	read(t, s, func(tx standards.Tx) {
		got, err := targetChanges(ctx, tx, recs[0].ID)
		assert.NoError(t, err)
		assert.Equal(t, first, keys(got, targetChangeSeq), "record 20")
		assert.Equal(t, []string{g30.ID, g31.ID, g30.ID}, keys(got, func(c standards.TargetChange) string { return c.TargetID }), "record 20")
		got, err = targetChanges(ctx, tx, recs[1].ID)
		assert.NoError(t, err)
		assert.Equal(t, second, keys(got, targetChangeSeq), "record 21")
	})
}

func testTargetChangesEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	tg := target(30, recs[0])
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, tg)
		mustAppendTargetChange(t, tx, targetChange(50, tg, standards.Meeting{}, person(1)))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := targetChanges(ctx, tx, recs[1].ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a record with none")
	})
}

func targetChangeSeq(c standards.TargetChange) int64 { return c.Seq }

// testAppendSeveralTargetChanges is testAppendSeveralAudit for target
// history: a meeting's updates are appended in one call.
func testAppendSeveralTargetChanges(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	g30, g31 := target(30, recs[0]), target(31, recs[0])
	write(t, s, func(tx standards.Tx) {
		mustCreateTarget(t, tx, g30)
		mustCreateTarget(t, tx, g31)
	})
	var before, last, none int64
	write(t, s, func(tx standards.Tx) {
		before = mustAppendTargetChange(t, tx, targetChange(1, g30, standards.Meeting{}, person(1)))
		var err error
		last, err = tx.AppendTargetChange(ctx, targetChange(2, g31, standards.Meeting{}, person(1)),
			targetChange(3, g30, standards.Meeting{}, person(2)), targetChange(4, g31, standards.Meeting{}, person(2)))
		require.NoError(t, err)
		none, err = tx.AppendTargetChange(ctx)
		require.NoError(t, err)
	})
	assert.Zero(t, none, "nothing appended")
	read(t, s, func(tx standards.Tx) {
		got, err := targetChanges(ctx, tx, recs[0].ID)
		require.NoError(t, err)
		require.Len(t, got, 4)
		var comments []string
		for _, c := range got {
			comments = append(comments, c.Comment)
		}
		assert.Equal(t, []string{"change 1", "change 2", "change 3", "change 4"}, comments, "in the order given")
		assert.Equal(t, before, got[0].Seq)
		assert.Equal(t, last, got[3].Seq, "the last one's Seq is returned")
		assert.IsIncreasing(t, keys(got, targetChangeSeq))
	})
}
