package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var auditTests = []test{
	{"RoundTrip", testAuditRoundTrip},
	{"SeqIncreasing", testAuditSeq},
	{"AppendSeveral", testAppendSeveralAudit},
	{"ByCentreNewestFirst", testAuditByCentre},
	{"BeforeAndLimit", testAuditPaging},
	{"ListEmpty", testAuditEmpty},
	{"RedactAnErasedPerson", testAuditRedact},
	{"RedactAnEarlierAddress", testAuditRedactEarlierAddress},
}

var outboxTests = []test{
	{"RoundTrip", testEventRoundTrip},
	{"SeqIncreasing", testEventSeq},
	{"PendingAfterAndLimit", testPendingEvents},
	{"AckAndPending", testAckEvent},
	{"AckTwice", testAckEventTwice},
	{"AckUnknown", testAckEventUnknown},
	{"ListEmpty", testPendingEventsEmpty},
	{"ToNotShared", testEventToNotShared},
	{"IDUnique", testEventIDUnique},
	{"AckUnknownLeavesTheRest", testAckUnknownLeavesTheRest},
	{"ClaimOldestFirstAndLimit", testClaimEvents},
	{"ClaimSkipsAcknowledged", testClaimSkipsAcknowledged},
	{"ClaimAgainAfterTheLease", testClaimAfterLease},
	{"ClaimsAtOnceDoNotOverlap", testClaimsDoNotOverlap},
	{"ReleaseLetsAnotherClaimAtOnce", testReleaseEvents},
	{"AckEventsSkipsUnknown", testAckEventsSkipsUnknown},
	{"AcksAtOnceDoNotFail", testAcksAtOnce},
}

// errRolledBack is what a test's Update returns to roll back on purpose.
var errRolledBack = errors.New("storetest: rolled back on purpose")

func testAuditRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	byPerson := auditEntry(10, centre(1), person(1))
	byOperator := auditEntry(11, centre(1), person(2))
	byOperator.Operator = true
	byOperator.ActorID = ""
	byOperator.Action = "centre.rename"
	byOperator.Subject = "centre/" + centre(1).ID
	byOperator.Summary = "Renamed\nover two lines"
	byOperator.Via = "host key Arbor MIS (live)" // the host's program the actor acted through
	var seqs []int64
	write(t, s, func(tx standards.Tx) {
		seqs = append(seqs, mustAppendAudit(t, tx, byPerson), mustAppendAudit(t, tx, byOperator))
	})
	byPerson.Seq, byOperator.Seq = seqs[0], seqs[1]

	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{byOperator, byPerson}, got, err)
	})
}

// testAuditRedact: erasing a person rewrites the actor of their entries
// anywhere, and the summaries of the trails named (a centre's, the
// platform's) that contain a mention, by the rewrite given; nothing in
// other trails, nothing else; a rolled-back redaction changes nothing.
func testAuditRedact(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	p := person(1)
	mine := auditEntry(10, centre(1), p)
	mine.Summary = "asked to join as " + p.Name
	namesMe := auditEntry(11, centre(2), person(2))
	namesMe.Summary = "registered " + p.Email + " (" + p.Name + ") and " + person(3).Email
	platform := auditEntry(12, standards.Centre{}, person(2))
	platform.Summary = "recorded " + p.Name
	other := auditEntry(13, centre(1), person(3))
	other.Summary = "nothing about them, 100% and _under_"
	// An entry made as the person was first recorded, before they had an id.
	unknown := auditEntry(14, standards.Centre{}, p)
	unknown.ActorID = ""
	// A trail not named: its mention stays.
	elsewhere := auditEntry(15, centre(3), person(3))
	elsewhere.Summary = "a colleague called " + p.Name
	entries := []*standards.AuditEntry{&mine, &namesMe, &platform, &other, &unknown, &elsewhere}
	write(t, s, func(tx standards.Tx) {
		for _, e := range entries {
			e.Seq = mustAppendAudit(t, tx, *e)
		}
	})
	redaction := standards.Redaction{
		PersonID: p.ID, Email: p.Email, As: "an erased person",
		CentreIDs: []string{centre(1).ID, centre(2).ID, ""}, Mentions: []string{p.Email, "", p.Name},
		Rewrite: func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, p.Email, "an erased person"), p.Name, "an erased person")
		},
	}
	assert.Error(t, s.Update(ctx, func(tx standards.Tx) error {
		if err := tx.RedactAudit(ctx, redaction); err != nil {
			return err
		}
		return errRolledBack
	}))
	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{other, mine}, got, err, "a rolled-back redaction changes nothing")
	})

	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.RedactAudit(ctx, redaction))
	})
	mine.Actor, mine.Summary = "an erased person", "asked to join as an erased person"
	namesMe.Summary = "registered an erased person (an erased person) and " + person(3).Email
	platform.Summary = "recorded an erased person"
	unknown.Actor = "an erased person"
	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{other, mine}, got, err, "centre 1")
		got, err = tx.AuditByCentre(ctx, centre(2).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{namesMe}, got, err, "centre 2")
		got, err = tx.AuditByCentre(ctx, "", 0, 10)
		assertFound(t, []standards.AuditEntry{unknown, platform}, got, err, "the platform's trail")
		got, err = tx.AuditByCentre(ctx, centre(3).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{elsewhere}, got, err, "a trail not named")
	})
}

// testAuditRedactEarlierAddress: an erasure names an address the person
// had before (Service.ChangeEmail) with no trails to search: only the actor
// of the entries made under that address changes, and no summary.
func testAuditRedactEarlierAddress(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	p := person(1)
	const earlier = "earlier.address@school.example"
	// Made as the person was first recorded, under their earlier address.
	first := auditEntry(10, standards.Centre{}, p)
	first.Actor, first.ActorID = earlier, ""
	first.Summary = "recorded " + earlier
	other := auditEntry(11, centre(1), person(2))
	other.Summary = "registered " + earlier
	write(t, s, func(tx standards.Tx) {
		first.Seq = mustAppendAudit(t, tx, first)
		other.Seq = mustAppendAudit(t, tx, other)
	})
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.RedactAudit(ctx, standards.Redaction{
			PersonID: p.ID, Email: earlier, As: "an erased person",
			Rewrite: func(string) string { return "rewritten" },
		}))
	})
	first.Actor = "an erased person"
	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, "", 0, 10)
		assertFound(t, []standards.AuditEntry{first}, got, err, "the platform's trail: the actor only")
		got, err = tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assertFound(t, []standards.AuditEntry{other}, got, err, "no trail named, no summary rewritten")
	})
}

// testAuditSeq checks that sequence numbers are positive and increase, in
// one transaction and across several, whatever Seq the caller passes and
// whatever a rolled-back transaction took.
func testAuditSeq(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	e := auditEntry(10, centre(1), person(1))
	e.Seq = 1000 // ignored: the store assigns Seq
	var seqs []int64
	write(t, s, func(tx standards.Tx) {
		seqs = append(seqs, mustAppendAudit(t, tx, e), mustAppendAudit(t, tx, e))
	})
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendAudit(t, tx, e)) })
	err := s.Update(ctx, func(tx standards.Tx) error {
		mustAppendAudit(t, tx, e)
		return errRolledBack
	})
	assert.ErrorIs(t, err, errRolledBack)
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendAudit(t, tx, e)) })

	assert.Positive(t, seqs[0])
	assert.IsIncreasing(t, seqs)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[3], seqs[2], seqs[1], seqs[0]}, keys(got, auditSeq), "the Seq listed is the Seq returned")
	})
}

// testAppendSeveralAudit checks that entries appended in one call are
// stored in the order given, each with a Seq of its own above any before,
// and that the call returns the last one's; none is 0 and stores nothing.
func testAppendSeveralAudit(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	first := auditEntry(1, centre(1), person(1))
	several := []standards.AuditEntry{auditEntry(2, centre(1), person(1)), auditEntry(3, centre(2), person(1)), auditEntry(4, centre(1), person(2))}
	var before, last, none int64
	write(t, s, func(tx standards.Tx) {
		before = mustAppendAudit(t, tx, first)
		var err error
		last, err = tx.AppendAudit(ctx, several...)
		require.NoError(t, err)
		none, err = tx.AppendAudit(ctx)
		require.NoError(t, err)
	})
	assert.Zero(t, none, "nothing appended")
	read(t, s, func(tx standards.Tx) {
		c1, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		require.NoError(t, err)
		c2, err := tx.AuditByCentre(ctx, centre(2).ID, 0, 10)
		require.NoError(t, err)
		require.Len(t, c1, 3)
		require.Len(t, c2, 1)
		assert.Equal(t, []string{"entry 4", "entry 2", "entry 1"}, []string{c1[0].Summary, c1[1].Summary, c1[2].Summary}, "in the order given")
		assert.Equal(t, last, c1[0].Seq, "the last one's Seq is returned")
		assert.Equal(t, before, c1[2].Seq)
		assert.IsIncreasing(t, []int64{c1[2].Seq, c1[1].Seq, c2[0].Seq, c1[0].Seq}, "each above the one before")
	})
}

func testAuditByCentre(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	// Entries of two centres and the platform, interleaved; At is out of
	// order on purpose, since Seq, not At, orders the trail.
	var c1, c2 []int64
	write(t, s, func(tx standards.Tx) {
		c1 = append(c1, mustAppendAudit(t, tx, auditEntry(30, centre(1), person(1))))
		c2 = append(c2, mustAppendAudit(t, tx, auditEntry(20, centre(2), person(1))))
		mustAppendAudit(t, tx, auditEntry(10, standards.Centre{}, person(1)))
		c1 = append(c1, mustAppendAudit(t, tx, auditEntry(10, centre(1), person(1))))
	})
	write(t, s, func(tx standards.Tx) {
		c1 = append(c1, mustAppendAudit(t, tx, auditEntry(20, centre(1), person(1))))
		c2 = append(c2, mustAppendAudit(t, tx, auditEntry(5, centre(2), person(1))))
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(1).ID, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{c1[2], c1[1], c1[0]}, keys(got, auditSeq), "centre 1")
		got, err = tx.AuditByCentre(ctx, centre(2).ID, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{c2[1], c2[0]}, keys(got, auditSeq), "centre 2")
	})
}

func testAuditPaging(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	var seqs []int64 // centre 1's entries, oldest first
	var other int64  // an entry of centre 2, between centre 1's third and fourth
	write(t, s, func(tx standards.Tx) {
		for n := range 5 {
			seqs = append(seqs, mustAppendAudit(t, tx, auditEntry(n, centre(1), person(1))))
			if n == 2 {
				other = mustAppendAudit(t, tx, auditEntry(n, centre(2), person(1)))
			}
		}
	})

	for _, c := range []struct {
		name   string
		before int64
		limit  int
		want   []int64
	}{
		{"first page", 0, 2, []int64{seqs[4], seqs[3]}},
		{"second page", seqs[3], 2, []int64{seqs[2], seqs[1]}},
		{"last page", seqs[1], 2, []int64{seqs[0]}},
		{"after the last", seqs[0], 2, nil},
		{"limit above the count", 0, 100, []int64{seqs[4], seqs[3], seqs[2], seqs[1], seqs[0]}},
		{"limit of one", 0, 1, []int64{seqs[4]}},
		{"before another centre's entry", other, 10, []int64{seqs[2], seqs[1], seqs[0]}},
		{"before beyond the newest", seqs[4] + 1000, 10, []int64{seqs[4], seqs[3], seqs[2], seqs[1], seqs[0]}},
	} {
		read(t, s, func(tx standards.Tx) {
			got, err := tx.AuditByCentre(ctx, centre(1).ID, c.before, c.limit)
			assert.NoError(t, err, c.name)
			assertSame(t, c.want, keys(got, auditSeq), c.name)
		})
	}
}

func testAuditEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) { mustAppendAudit(t, tx, auditEntry(1, centre(1), person(1))) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.AuditByCentre(ctx, centre(2).ID, 0, 10)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func auditSeq(e standards.AuditEntry) int64 { return e.Seq }

func testEventRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	two := event(10, centre(1), person(1), person(2))
	one := event(11, centre(2), person(3))
	one.Kind = standards.EventTrustRequested
	platform := event(12, standards.Centre{})
	platform.Kind = standards.EventTrustLeadAppointed
	write(t, s, func(tx standards.Tx) {
		two.Seq = mustAppendEvent(t, tx, two)
		one.Seq = mustAppendEvent(t, tx, one)
		platform.Seq = mustAppendEvent(t, tx, platform)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assertFound(t, []standards.Event{two, one, platform}, got, err)
	})
}

// testEventSeq is testAuditSeq for the outbox.
func testEventSeq(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	e := func(n int) standards.Event {
		e := event(n, centre(1), person(1))
		e.Seq = 1000 // ignored: the store assigns Seq
		return e
	}
	var seqs []int64
	write(t, s, func(tx standards.Tx) {
		seqs = append(seqs, mustAppendEvent(t, tx, e(10)), mustAppendEvent(t, tx, e(11)))
	})
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendEvent(t, tx, e(12))) })
	err := s.Update(ctx, func(tx standards.Tx) error {
		mustAppendEvent(t, tx, e(13))
		return errRolledBack
	})
	assert.ErrorIs(t, err, errRolledBack)
	write(t, s, func(tx standards.Tx) { seqs = append(seqs, mustAppendEvent(t, tx, e(13))) })

	assert.Positive(t, seqs[0])
	assert.IsIncreasing(t, seqs)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, seqs, keys(got, eventSeq), "the Seq listed is the Seq returned")
	})
}

// appendEvents commits n events, one per transaction, and returns their
// sequence numbers.
func appendEvents(t *testing.T, s standards.Store, n int) []int64 {
	t.Helper()
	seqs := make([]int64, n)
	for i := range seqs {
		write(t, s, func(tx standards.Tx) { seqs[i] = mustAppendEvent(t, tx, event(i, centre(1), person(1))) })
	}
	return seqs
}

func testPendingEvents(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 5)

	for _, c := range []struct {
		name  string
		after int64
		limit int
		want  []int64
	}{
		{"from the start", 0, 10, seqs},
		{"first page", 0, 2, seqs[:2]},
		{"second page", seqs[1], 2, seqs[2:4]},
		{"last page", seqs[3], 2, seqs[4:]},
		{"after the last", seqs[4], 2, nil},
		{"limit of one", seqs[0], 1, seqs[1:2]},
	} {
		read(t, s, func(tx standards.Tx) {
			got, err := tx.PendingEvents(ctx, c.after, c.limit)
			assert.NoError(t, err, c.name)
			assertSame(t, c.want, keys(got, eventSeq), c.name)
		})
	}
}

func testAckEvent(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 5)

	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(100)))
		assert.NoError(t, tx.AckEvent(ctx, seqs[2], at(101)))
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[1], seqs[3], seqs[4]}, keys(got, eventSeq), "acknowledged events are not pending")
		got, err = tx.PendingEvents(ctx, 0, 2)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[1], seqs[3]}, keys(got, eventSeq), "the limit counts pending events only")
		got, err = tx.PendingEvents(ctx, seqs[1], 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[3], seqs[4]}, keys(got, eventSeq), "after skips acknowledged events too")
		for _, e := range got {
			assert.True(t, e.AckedAt.IsZero(), "a pending event has no AckedAt")
		}
	})
}

func testAckEventTwice(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 2)
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(100))) })
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(200)), "second acknowledgement, another transaction")
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(300)), "third acknowledgement, same transaction")
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[1]}, keys(got, eventSeq))
	})
}

func testAckEventUnknown(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 2)
	for _, seq := range []int64{seqs[1] + 1000, 0, -1} {
		assertNotFound(t, s, func(tx standards.Tx) error { return tx.AckEvent(ctx, seq, at(100)) })
	}
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, seqs, keys(got, eventSeq), "no event was acknowledged")
	})
}

func testPendingEventsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Empty(t, got, "an empty outbox")
	})
	seqs := appendEvents(t, s, 1)
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(100))) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Empty(t, got, "every event acknowledged")
	})
}

// testEventToNotShared checks that a Store keeps its own copy of To.
func testEventToNotShared(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	e := event(10, centre(1), person(1), person(2))
	want := event(10, centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) {
		want.Seq = mustAppendEvent(t, tx, e)
		e.To[0] = "changed@school.example"
		got, err := tx.PendingEvents(ctx, 0, 10)
		if assertFound(t, []standards.Event{want}, got, err, "the store kept its own copy on append") {
			got[0].To[1] = "changed@school.example"
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assertFound(t, []standards.Event{want}, got, err, "changing the slices a call was given or returned changes nothing stored")
	})
}

func eventSeq(e standards.Event) int64 { return e.Seq }

// testEventIDUnique: an event's ID is its idempotency key, so no two
// events share one.
func testEventIDUnique(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 1)
	again := event(5, centre(2), person(2))
	again.ID = event(0, centre(1), person(1)).ID
	assertConflict(t, s, func(tx standards.Tx) error {
		_, err := tx.AppendEvent(ctx, again)
		return err
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, seqs, keys(got, eventSeq))
	})
}

// testAckUnknownLeavesTheRest: an unknown seq is ErrNotFound, and the
// transaction carries on to acknowledge the others and commit them (on
// PostgreSQL a failed statement would end the transaction: this one must
// not fail).
func testAckUnknownLeavesTheRest(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 3)
	write(t, s, func(tx standards.Tx) {
		assert.ErrorIs(t, tx.AckEvent(ctx, seqs[2]+1000, at(100)), standards.ErrNotFound)
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(100)))
		assert.ErrorIs(t, tx.AckEvent(ctx, -1, at(100)), standards.ErrNotFound)
		assert.NoError(t, tx.AckEvent(ctx, seqs[2], at(100)))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, seqs[1:2], keys(got, eventSeq), "the known ones were acknowledged")
	})
}

// claim claims for deliverer at at(minute), leasing for lease minutes.
func claim(t *testing.T, s standards.Store, deliverer string, minute, lease, limit int) []standards.Event {
	t.Helper()
	got, err := s.ClaimEvents(t.Context(), deliverer, at(minute), at(minute+lease), limit)
	require.NoError(t, err, "%s claims at minute %d", deliverer, minute)
	return got
}

func testClaimEvents(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 5)
	var want []standards.Event
	read(t, s, func(tx standards.Tx) {
		var err error
		want, err = tx.PendingEvents(ctx, 0, 10)
		require.NoError(t, err)
	})

	assert.Empty(t, claim(t, s, "a", 10, 5, 0), "a limit of zero claims nothing")
	assertSame(t, want[:2], claim(t, s, "a", 10, 5, 2), "the oldest, whole, at most the limit")
	assertSame(t, want[2:4], claim(t, s, "b", 11, 5, 2), "another deliverer's claim skips what a holds")
	assertSame(t, want[4:], claim(t, s, "a", 12, 5, 10))
	assert.Empty(t, claim(t, s, "c", 14, 5, 10), "every event is leased")
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, seqs, keys(got, eventSeq), "claimed events are still pending until acknowledged")
	})
}

func testClaimSkipsAcknowledged(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 4)
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.AckEvent(ctx, seqs[1], at(1))) })
	got := claim(t, s, "a", 10, 5, 10)
	assert.Equal(t, []int64{seqs[0], seqs[2], seqs[3]}, keys(got, eventSeq), "an acknowledged event is never claimed")
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(11)), "acknowledging a claimed event")
		assert.NoError(t, tx.AckEvent(ctx, seqs[0], at(12)), "and again")
	})
	got = claim(t, s, "b", 100, 5, 10)
	assert.Equal(t, []int64{seqs[2], seqs[3]}, keys(got, eventSeq), "after the lease, what was acknowledged is not claimed again")
}

// testClaimAfterLease: a lease holds until its end; at its end (not
// before) any deliverer, the same one included, claims the event again.
func testClaimAfterLease(t *testing.T, s standards.Store) {
	seed(t, s)
	seqs := appendEvents(t, s, 3)
	assert.Equal(t, seqs[:2], keys(claim(t, s, "a", 10, 5, 2), eventSeq))
	assert.Equal(t, seqs[2:], keys(claim(t, s, "b", 12, 5, 10), eventSeq))
	assert.Empty(t, claim(t, s, "c", 14, 5, 10), "a minute before a's lease ends")
	assert.Equal(t, seqs[:2], keys(claim(t, s, "c", 15, 5, 10), eventSeq), "as a's lease ends, c claims its events")
	assert.Empty(t, claim(t, s, "a", 16, 5, 10), "b's lease and c's hold")
	assert.Equal(t, seqs[2:], keys(claim(t, s, "b", 17, 5, 10), eventSeq), "b claims its own again after its lease")
}

// testReleaseEvents: a deliverer that stops releases what it claimed and
// did not acknowledge, and another claims it at once, long before the
// lease would have ended; what it acknowledged stays acknowledged, and
// another deliverer's claims stay that deliverer's.
func testReleaseEvents(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 6)
	require.Equal(t, seqs[:4], keys(claim(t, s, "a", 10, 60, 4), eventSeq))
	require.Equal(t, seqs[4:], keys(claim(t, s, "b", 11, 60, 10), eventSeq))
	unknown, err := s.AckEvents(ctx, at(12), []int64{seqs[1]})
	require.NoError(t, err)
	require.Empty(t, unknown)

	n, err := s.ReleaseEvents(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, 3, n, "a's claims, less the one it acknowledged")
	assert.Equal(t, []int64{seqs[0], seqs[2], seqs[3]}, keys(claim(t, s, "c", 13, 60, 10), eventSeq),
		"c claims a's unacknowledged events at once; not the acknowledged one, not b's")

	n, err = s.ReleaseEvents(ctx, "a")
	require.NoError(t, err)
	assert.Zero(t, n, "a holds nothing now: what c claimed is c's")
	n, err = s.ReleaseEvents(ctx, "nobody")
	require.NoError(t, err)
	assert.Zero(t, n, "releasing when nothing is held")
	assert.Empty(t, claim(t, s, "d", 14, 60, 10), "b's and c's leases hold")
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[0], seqs[2], seqs[3], seqs[4], seqs[5]}, keys(got, eventSeq), "the acknowledged one stays acknowledged")
	})
	assert.Equal(t, seqs[4:], keys(claim(t, s, "d", 71, 60, 10), eventSeq), "b's lease ends when it would have")
}

// testClaimsDoNotOverlap runs claimers at once, each claiming small
// batches until nothing is left: every event is claimed by exactly one,
// and no claim fails.
func testClaimsDoNotOverlap(t *testing.T, s standards.Store) {
	const events, claimers, batch = 120, 4, 3
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		for i := range events {
			mustAppendEvent(t, tx, event(i, centre(1), person(1)))
		}
	})
	var (
		mu      sync.Mutex
		claimed = map[int64][]string{}
		wg      sync.WaitGroup
		start   = make(chan struct{})
	)
	for c := range claimers {
		name := fmt.Sprintf("claimer %d", c)
		wg.Go(func() {
			<-start
			for {
				got, err := s.ClaimEvents(t.Context(), name, at(10), at(70), batch)
				if !assert.NoError(t, err, name) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					claimed[e.Seq] = append(claimed[e.Seq], name)
				}
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Len(t, claimed, events, "every event claimed")
	by := map[string]int{}
	for seq, names := range claimed {
		assert.Len(t, names, 1, "event %d claimed by %v", seq, names)
		by[names[0]]++
	}
	t.Logf("claims per claimer: %v", by)
}

// testAckEventsSkipsUnknown: Store.AckEvents acknowledges what it knows,
// in any order and repeated, and returns the seqs it does not hold.
func testAckEventsSkipsUnknown(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	seqs := appendEvents(t, s, 4)
	claim(t, s, "a", 10, 5, 2)
	unknown, err := s.AckEvents(ctx, at(11), []int64{seqs[2], seqs[3] + 1000, seqs[0], seqs[0], -1})
	require.NoError(t, err)
	assert.Equal(t, []int64{-1, seqs[3] + 1000}, unknown, "the unknown seqs, in order")
	unknown, err = s.AckEvents(ctx, at(12), []int64{seqs[2]})
	require.NoError(t, err)
	assert.Empty(t, unknown, "acknowledging again")
	unknown, err = s.AckEvents(ctx, at(12), nil)
	require.NoError(t, err)
	assert.Empty(t, unknown, "acknowledging nothing")
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, 10)
		assert.NoError(t, err)
		assert.Equal(t, []int64{seqs[1], seqs[3]}, keys(got, eventSeq))
	})
	assert.Equal(t, []int64{seqs[1], seqs[3]}, keys(claim(t, s, "b", 20, 5, 10), eventSeq), "only the unacknowledged are claimed again")
}

// testAcksAtOnce: deliverers acknowledging different events at once, one
// at a time as a mailer does, never fail each other.
func testAcksAtOnce(t *testing.T, s standards.Store) {
	const events, ackers = 80, 4
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		for i := range events {
			mustAppendEvent(t, tx, event(i, centre(1), person(1)))
		}
	})
	var wg sync.WaitGroup
	start := make(chan struct{})
	ack := func(a int, evs []standards.Event) {
		for _, e := range evs {
			unknown, err := s.AckEvents(ctx, at(11), []int64{e.Seq})
			assert.NoError(t, err, "acker %d, event %d", a, e.Seq)
			assert.Empty(t, unknown)
		}
	}
	for a := range ackers {
		wg.Go(func() {
			<-start
			// Claim until a claim finds nothing: a claim may pass over a
			// row another claim held a lock on for a moment (InnoDB may
			// lock a row it examined and did not take).
			for {
				evs := claim(t, s, fmt.Sprintf("acker %d", a), 10, 5, events/ackers)
				if len(evs) == 0 {
					return
				}
				ack(a, evs)
			}
		})
	}
	close(start)
	wg.Wait()
	// What every claimer passed over at its last claim, a last claim takes.
	ack(ackers, claim(t, s, "sweeper", 10, 5, events))
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PendingEvents(ctx, 0, events)
		assert.NoError(t, err)
		assert.Empty(t, got, "every event acknowledged")
	})
}
