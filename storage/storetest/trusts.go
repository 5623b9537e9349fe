package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var trustTests = []test{
	{"RoundTrip", testTrustRoundTrip},
	{"DuplicateID", testTrustDuplicate},
	{"NotFound", testTrustNotFound},
	{"ListOrder", testTrustsOrder},
	{"ListEmpty", testTrustsEmpty},
}

var trustLeadTests = []test{
	{"RoundTrip", testTrustLeadRoundTrip},
	{"DuplicatePair", testTrustLeadDuplicate},
	{"Delete", testTrustLeadDelete},
	{"DeleteMissing", testTrustLeadDeleteMissing},
	{"OrderByTrust", testTrustLeadsOrder},
	{"OrderByPerson", testTrustsLedByOrder},
	{"ListsEmpty", testTrustLeadListsEmpty},
}

var trustRequestTests = []test{
	{"RoundTrip", testTrustRequestRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testTrustRequestDuplicate(t, s, func(r *standards.TrustRequest) { r.ID = id("q", 10) })
	}},
	{"DuplicateTrustCentre", func(t *testing.T, s standards.Store) {
		testTrustRequestDuplicate(t, s, func(r *standards.TrustRequest) { r.CentreID = centre(1).ID })
	}},
	{"OtherTrustOrCentre", testTrustRequestDistinctKeys},
	{"NotFound", testTrustRequestNotFound},
	{"Delete", testTrustRequestDelete},
	{"DeleteMissing", testTrustRequestDeleteMissing},
	{"Order", testTrustRequestsOrder},
	{"ListsEmpty", testTrustRequestListsEmpty},
}

func testTrustRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	tr := trust(10)
	write(t, s, func(tx standards.Tx) { mustCreateTrust(t, tx, tr) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Trust(ctx, tr.ID)
		assertFound(t, tr, got, err, "Trust")
		list, err := tx.Trusts(ctx)
		assertFound(t, []standards.Trust{tr}, list, err, "Trusts")
	})
}

// testTrustDuplicate checks the primary key: store.go names no unique key
// of a trust, but a Trust getter by id only makes sense if ids are unique.
func testTrustDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	first := trust(10)
	write(t, s, func(tx standards.Tx) { mustCreateTrust(t, tx, first) })
	dup := trust(11)
	dup.ID = first.ID

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateTrust(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Trust(ctx, first.ID)
		assertFound(t, first, got, err, "the first trust is unchanged")
		list, err := tx.Trusts(ctx)
		assertFound(t, []standards.Trust{first}, list, err, "Trusts")
	})
}

func testTrustNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Trust(ctx, trust(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
}

func testTrustsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	// Names that sort alike in every collation; 12 and 10 share a name, so
	// the ID decides.
	names := map[int]string{10: "Oak Trust", 11: "Elm Trust", 12: "Oak Trust", 13: "Ash Trust", 14: "Pine Trust"}
	write(t, s, func(tx standards.Tx) {
		for _, n := range []int{12, 14, 10, 13, 11} {
			tr := trust(n)
			tr.Name = names[n]
			mustCreateTrust(t, tx, tr)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Trusts(ctx)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("t", 13), id("t", 11), id("t", 10), id("t", 12), id("t", 14)}, keys(got, trustID))
	})
}

func testTrustsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Trusts(ctx)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testTrustLeadRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	l := trustLead(trust(1), person(2), person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateTrustLead(t, tx, l) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, l.TrustID)
		assertFound(t, []standards.TrustLead{l}, got, err, "TrustLeads")
		got, err = tx.TrustsLedBy(ctx, l.PersonID)
		assertFound(t, []standards.TrustLead{l}, got, err, "TrustsLedBy")
	})
}

func testTrustLeadDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	first := trustLead(trust(1), person(2), person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateTrustLead(t, tx, first) })

	assertConflict(t, s, func(tx standards.Tx) error {
		return tx.CreateTrustLead(ctx, trustLead(trust(1), person(2), person(3), 20))
	})

	// The same person leading another trust, and another person leading the
	// same trust, are other appointments.
	otherTrust := trustLead(trust(2), person(2), person(1), 30)
	otherPerson := trustLead(trust(1), person(3), person(1), 40)
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, otherTrust)
		mustCreateTrustLead(t, tx, otherPerson)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, trust(1).ID)
		assertFound(t, []standards.TrustLead{first, otherPerson}, got, err, "TrustLeads")
		got, err = tx.TrustsLedBy(ctx, person(2).ID)
		assertFound(t, []standards.TrustLead{first, otherTrust}, got, err, "TrustsLedBy")
	})
}

func testTrustLeadDelete(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	gone := trustLead(trust(1), person(2), person(1), 10)
	kept := trustLead(trust(1), person(3), person(1), 20)
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, gone)
		mustCreateTrustLead(t, tx, kept)
	})

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.DeleteTrustLead(ctx, gone.TrustID, gone.PersonID)) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, trust(1).ID)
		assertFound(t, []standards.TrustLead{kept}, got, err, "TrustLeads")
		got, err = tx.TrustsLedBy(ctx, gone.PersonID)
		assert.NoError(t, err)
		assert.Empty(t, got, "TrustsLedBy the removed lead")
	})
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteTrustLead(ctx, gone.TrustID, gone.PersonID) })
	// The person may be appointed again.
	again := trustLead(trust(1), person(2), person(4), 30)
	write(t, s, func(tx standards.Tx) { mustCreateTrustLead(t, tx, again) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, trust(1).ID)
		assertFound(t, []standards.TrustLead{kept, again}, got, err, "TrustLeads")
	})
}

func testTrustLeadDeleteMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	l := trustLead(trust(1), person(2), person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateTrustLead(t, tx, l) })

	for name, pair := range map[string][2]string{
		"another trust":  {trust(2).ID, person(2).ID},
		"another person": {trust(1).ID, person(3).ID},
	} {
		assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteTrustLead(ctx, pair[0], pair[1]) })
		read(t, s, func(tx standards.Tx) {
			got, err := tx.TrustLeads(ctx, trust(1).ID)
			assertFound(t, []standards.TrustLead{l}, got, err, "after deleting a lead of %s", name)
		})
	}
}

func testTrustLeadsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreatePerson(t, tx, person(5))
		// Out of order; people 4 and 2 tie on AppointedAt, so the PersonID
		// decides. Not listed: the lead of trust 2.
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(4), person(1), 20))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(1), person(1), 30))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(3), person(1), 10))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(2), person(1), 20))
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(5), person(1), 1))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, trust(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{person(3).ID, person(2).ID, person(4).ID, person(1).ID},
			keys(got, func(l standards.TrustLead) string { return l.PersonID }))
	})
}

func testTrustsLedByOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		for n := 10; n <= 12; n++ {
			mustCreateTrust(t, tx, trust(n))
		}
		// Out of order; trusts 12 and 2 tie on AppointedAt, so the TrustID
		// decides. Not listed: the lead of another person.
		mustCreateTrustLead(t, tx, trustLead(trust(12), person(1), person(2), 20))
		mustCreateTrustLead(t, tx, trustLead(trust(10), person(1), person(2), 30))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(1), person(2), 10))
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(1), person(2), 20))
		mustCreateTrustLead(t, tx, trustLead(trust(11), person(2), person(2), 1))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustsLedBy(ctx, person(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{trust(1).ID, trust(2).ID, trust(12).ID, trust(10).ID},
			keys(got, func(l standards.TrustLead) string { return l.TrustID }))
	})
}

func testTrustLeadListsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateTrustLead(t, tx, trustLead(trust(1), person(1), person(1), 10)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustLeads(ctx, trust(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "TrustLeads of a trust with none")
		got, err = tx.TrustsLedBy(ctx, person(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "TrustsLedBy a person who leads none")
	})
}

func testTrustRequestRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	fromCentre := trustRequest(10, trust(1), centre(1), person(1))
	fromTrust := trustRequest(11, trust(2), centre(2), person(2))
	fromTrust.From = standards.SideTrust
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustRequest(t, tx, fromCentre)
		mustCreateTrustRequest(t, tx, fromTrust)
	})
	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.TrustRequest{fromCentre, fromTrust} {
			got, err := tx.TrustRequest(ctx, want.ID)
			assertFound(t, want, got, err, "TrustRequest(%s)", want.ID)
			list, err := trustRequestsByTrust(ctx, tx, want.TrustID)
			assertFound(t, []standards.TrustRequest{want}, list, err, "TrustRequestsByTrust(%s)", want.TrustID)
			list, err = tx.TrustRequestsByCentre(ctx, want.CentreID)
			assertFound(t, []standards.TrustRequest{want}, list, err, "TrustRequestsByCentre(%s)", want.CentreID)
		}
	})
}

// testTrustRequestDuplicate creates request 10 of centre 1 to join trust 1,
// then request 11 of centre 2 that clash changes to share one of its unique
// keys (the ID, by which TrustRequest finds it, or the pair), and checks
// that the second is refused and stored nowhere.
func testTrustRequestDuplicate(t *testing.T, s standards.Store, clash func(*standards.TrustRequest)) {
	ctx := t.Context()
	seed(t, s)
	first := trustRequest(10, trust(1), centre(1), person(1))
	write(t, s, func(tx standards.Tx) { mustCreateTrustRequest(t, tx, first) })
	dup := trustRequest(11, trust(1), centre(2), person(2))
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateTrustRequest(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustRequest(ctx, first.ID)
		assertFound(t, first, got, err, "the first request is unchanged")
		got, err = tx.TrustRequest(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "TrustRequest(%s)", dup.ID)
		list, err := trustRequestsByTrust(ctx, tx, trust(1).ID)
		assertFound(t, []standards.TrustRequest{first}, list, err, "TrustRequestsByTrust")
	})
}

// testTrustRequestDistinctKeys makes requests of one centre to two trusts,
// and of two centres to one trust: none of them clash.
func testTrustRequestDistinctKeys(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	reqs := []standards.TrustRequest{
		trustRequest(10, trust(1), centre(1), person(1)),
		trustRequest(11, trust(2), centre(1), person(1)),
		trustRequest(12, trust(1), centre(2), person(2)),
	}
	for _, r := range reqs {
		write(t, s, func(tx standards.Tx) { mustCreateTrustRequest(t, tx, r) })
	}
	read(t, s, func(tx standards.Tx) {
		for _, want := range reqs {
			got, err := tx.TrustRequest(ctx, want.ID)
			assertFound(t, want, got, err, "TrustRequest(%s)", want.ID)
		}
	})
}

func testTrustRequestNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.TrustRequest(ctx, id("q", 10))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
}

func testTrustRequestDelete(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	gone := trustRequest(10, trust(1), centre(1), person(1))
	kept := trustRequest(11, trust(1), centre(2), person(2))
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustRequest(t, tx, gone)
		mustCreateTrustRequest(t, tx, kept)
	})

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.DeleteTrustRequest(ctx, gone.ID)) })

	read(t, s, func(tx standards.Tx) {
		_, err := tx.TrustRequest(ctx, gone.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "TrustRequest of the deleted request")
		list, err := trustRequestsByTrust(ctx, tx, trust(1).ID)
		assertFound(t, []standards.TrustRequest{kept}, list, err, "TrustRequestsByTrust")
		list, err = tx.TrustRequestsByCentre(ctx, centre(1).ID)
		assert.NoError(t, err)
		assert.Empty(t, list, "TrustRequestsByCentre of the deleted request's centre")
	})
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteTrustRequest(ctx, gone.ID) })
	// The centre may ask the trust again.
	again := trustRequest(12, trust(1), centre(1), person(3))
	write(t, s, func(tx standards.Tx) { mustCreateTrustRequest(t, tx, again) })
	read(t, s, func(tx standards.Tx) {
		list, err := tx.TrustRequestsByCentre(ctx, centre(1).ID)
		assertFound(t, []standards.TrustRequest{again}, list, err, "TrustRequestsByCentre")
	})
}

func testTrustRequestDeleteMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := trustRequest(10, trust(1), centre(1), person(1))
	write(t, s, func(tx standards.Tx) { mustCreateTrustRequest(t, tx, r) })
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteTrustRequest(ctx, id("q", 11)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustRequest(ctx, r.ID)
		assertFound(t, r, got, err)
	})
}

func testTrustRequestsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := func(n int, tr standards.Trust, c standards.Centre, minute int) standards.TrustRequest {
		req := trustRequest(n, tr, c, person(1))
		req.RequestedAt = at(minute)
		return req
	}
	write(t, s, func(tx standards.Tx) {
		for n := 10; n <= 12; n++ {
			mustCreateCentre(t, tx, centre(n))
			mustCreateTrust(t, tx, trust(n))
		}
		// Out of order; 14 and 12 tie on RequestedAt, so the ID decides.
		// Trust 1's requests:
		mustCreateTrustRequest(t, tx, r(14, trust(1), centre(1), 20))
		mustCreateTrustRequest(t, tx, r(13, trust(1), centre(2), 30))
		mustCreateTrustRequest(t, tx, r(11, trust(1), centre(3), 10))
		mustCreateTrustRequest(t, tx, r(12, trust(1), centre(10), 20))
		// Centre 11's requests:
		mustCreateTrustRequest(t, tx, r(24, trust(2), centre(11), 20))
		mustCreateTrustRequest(t, tx, r(23, trust(10), centre(11), 30))
		mustCreateTrustRequest(t, tx, r(21, trust(11), centre(11), 10))
		mustCreateTrustRequest(t, tx, r(22, trust(12), centre(11), 20))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := trustRequestsByTrust(ctx, tx, trust(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("q", 11), id("q", 12), id("q", 14), id("q", 13)}, keys(got, trustRequestID), "TrustRequestsByTrust")
		got, err = tx.TrustRequestsByCentre(ctx, centre(11).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("q", 21), id("q", 22), id("q", 24), id("q", 23)}, keys(got, trustRequestID), "TrustRequestsByCentre")
	})
}

func testTrustRequestListsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateTrustRequest(t, tx, trustRequest(10, trust(1), centre(1), person(1))) })
	read(t, s, func(tx standards.Tx) {
		got, err := trustRequestsByTrust(ctx, tx, trust(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "TrustRequestsByTrust")
		got, err = tx.TrustRequestsByCentre(ctx, centre(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "TrustRequestsByCentre")
	})
}

func trustID(t standards.Trust) string { return t.ID }

func trustRequestID(r standards.TrustRequest) string { return r.ID }
