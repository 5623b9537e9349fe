package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var personTests = []test{
	{"RoundTrip", testPersonRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testPersonDuplicate(t, s, func(p *standards.Person) { p.ID = person(10).ID })
	}},
	{"DuplicateEmail", func(t *testing.T, s standards.Store) {
		testPersonDuplicate(t, s, func(p *standards.Person) { p.Email = person(10).Email })
	}},
	{"DuplicateExternalID", func(t *testing.T, s standards.Store) {
		testPersonDuplicate(t, s, func(p *standards.Person) { p.ExternalID = person(10).ExternalID })
	}},
	{"EmptyExternalIDNotUnique", testPersonEmptyExternalID},
	{"NotFound", testPersonNotFound},
	{"Update", testPersonUpdate},
	{"UpdateClearsExternalID", testPersonUpdateClearsExternalID},
	{"UpdateEmailKeepsExternalID", testPersonUpdateEmailKeepsExternalID},
	{"UpdateToTakenEmail", func(t *testing.T, s standards.Store) {
		testPersonUpdateConflict(t, s, func(p *standards.Person) { p.Email = person(11).Email })
	}},
	{"UpdateToTakenExternalID", func(t *testing.T, s standards.Store) {
		testPersonUpdateConflict(t, s, func(p *standards.Person) { p.ExternalID = person(11).ExternalID })
	}},
	{"UpdateUnchanged", testPersonUpdateUnchanged},
	{"UpdateMissing", testPersonUpdateMissing},
	{"ManyInOrderOfIDs", testPeopleInOrder},
	{"ManyEmpty", testPeopleEmpty},
}

func testPersonRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	withExternal := person(10)
	withoutExternal := person(11)
	withoutExternal.ExternalID = ""
	write(t, s, func(tx standards.Tx) {
		mustCreatePerson(t, tx, withExternal)
		mustCreatePerson(t, tx, withoutExternal)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Person{withExternal, withoutExternal} {
			got, err := tx.Person(ctx, want.ID)
			assertFound(t, want, got, err, "Person(%s)", want.ID)
			got, err = tx.PersonByEmail(ctx, want.Email)
			assertFound(t, want, got, err, "PersonByEmail(%s)", want.Email)
		}
		got, err := tx.PersonByExternalID(ctx, withExternal.ExternalID)
		assertFound(t, withExternal, got, err, "PersonByExternalID")
	})
}

// testPersonDuplicate creates person 10, then a person 11 that clash
// changes to share one of its unique keys, and checks that the second is
// refused and stored nowhere.
func testPersonDuplicate(t *testing.T, s standards.Store, clash func(*standards.Person)) {
	ctx := t.Context()
	first := person(10)
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, first) })
	dup := person(11)
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreatePerson(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Person(ctx, first.ID)
		assertFound(t, first, got, err, "the first person is unchanged")
		got, err = tx.Person(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "Person(%s)", dup.ID)
		got, err = tx.PersonByEmail(ctx, dup.Email)
		assertNotFoundOr(t, first, got, err, "PersonByEmail(%s)", dup.Email)
		got, err = tx.PersonByExternalID(ctx, dup.ExternalID)
		assertNotFoundOr(t, first, got, err, "PersonByExternalID(%s)", dup.ExternalID)
	})
}

func testPersonEmptyExternalID(t *testing.T, s standards.Store) {
	ctx := t.Context()
	a, b := person(10), person(11)
	a.ExternalID, b.ExternalID = "", ""
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, a) })
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, b) })

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Person{a, b} {
			got, err := tx.Person(ctx, want.ID)
			assertFound(t, want, got, err)
		}
		_, err := tx.PersonByExternalID(ctx, "")
		assert.ErrorIs(t, err, standards.ErrNotFound, "an empty external id names nobody")
	})
}

func testPersonNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Person(ctx, person(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Person")
		_, err = tx.PersonByEmail(ctx, person(10).Email)
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonByEmail")
		_, err = tx.PersonByExternalID(ctx, person(10).ExternalID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonByExternalID")
	})
}

func testPersonUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	old := person(10)
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, old) })
	p := old
	p.Email = "new.address@school.example"
	p.Name = "Renamed Person"
	p.ExternalID = "ext-new"

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdatePerson(ctx, p)) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Person(ctx, p.ID)
		assertFound(t, p, got, err, "Person")
		got, err = tx.PersonByEmail(ctx, p.Email)
		assertFound(t, p, got, err, "PersonByEmail, new address")
		got, err = tx.PersonByExternalID(ctx, p.ExternalID)
		assertFound(t, p, got, err, "PersonByExternalID, new id")
		_, err = tx.PersonByEmail(ctx, old.Email)
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonByEmail, old address")
		_, err = tx.PersonByExternalID(ctx, old.ExternalID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonByExternalID, old id")
	})

	// The old address and external id are free for someone else.
	other := person(11)
	other.Email, other.ExternalID = old.Email, old.ExternalID
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, other) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PersonByEmail(ctx, old.Email)
		assertFound(t, other, got, err, "the old address belongs to the new person")
	})
}

// testPersonUpdateEmailKeepsExternalID: a person whose address changes
// (Service.ChangeEmail) is found by the host's id with the new address, in
// the transaction that changed it and after, and the old address names
// nobody.
func testPersonUpdateEmailKeepsExternalID(t *testing.T, s standards.Store) {
	ctx := t.Context()
	old := person(10)
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, old) })
	p := old
	p.Email = "moved@newdomain.example"
	check := func(tx standards.Tx, when string) {
		got, err := tx.PersonByExternalID(ctx, old.ExternalID)
		assertFound(t, p, got, err, "PersonByExternalID, %s", when)
		got, err = tx.PersonByEmail(ctx, p.Email)
		assertFound(t, p, got, err, "PersonByEmail, new address, %s", when)
		_, err = tx.PersonByEmail(ctx, old.Email)
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonByEmail, old address, %s", when)
	}
	write(t, s, func(tx standards.Tx) {
		// Read first, so that a store that keeps what it read cannot
		// answer with it.
		_, err := tx.PersonByExternalID(ctx, old.ExternalID)
		assert.NoError(t, err)
		assert.NoError(t, tx.UpdatePerson(ctx, p))
		check(tx, "in the transaction")
	})
	read(t, s, func(tx standards.Tx) { check(tx, "after") })
}

func testPersonUpdateClearsExternalID(t *testing.T, s standards.Store) {
	ctx := t.Context()
	p := person(10)
	noExternal := person(11)
	noExternal.ExternalID = ""
	write(t, s, func(tx standards.Tx) {
		mustCreatePerson(t, tx, p)
		mustCreatePerson(t, tx, noExternal)
	})
	oldExternalID := p.ExternalID
	p.ExternalID = ""

	// Now two people have no external id.
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdatePerson(ctx, p)) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Person(ctx, p.ID)
		assertFound(t, p, got, err)
		_, err = tx.PersonByExternalID(ctx, oldExternalID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the cleared external id names nobody")
	})
	other := person(12)
	other.ExternalID = oldExternalID
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, other) })
}

// testPersonUpdateConflict changes person 10 with clash to take a unique
// key of person 11, and checks that the update is refused.
func testPersonUpdateConflict(t *testing.T, s standards.Store, clash func(*standards.Person)) {
	ctx := t.Context()
	a, b := person(10), person(11)
	write(t, s, func(tx standards.Tx) {
		mustCreatePerson(t, tx, a)
		mustCreatePerson(t, tx, b)
	})
	changed := a
	clash(&changed)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.UpdatePerson(ctx, changed) })

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Person{a, b} {
			got, err := tx.Person(ctx, want.ID)
			assertFound(t, want, got, err, "Person(%s)", want.ID)
			got, err = tx.PersonByEmail(ctx, want.Email)
			assertFound(t, want, got, err, "PersonByEmail(%s)", want.Email)
			got, err = tx.PersonByExternalID(ctx, want.ExternalID)
			assertFound(t, want, got, err, "PersonByExternalID(%s)", want.ExternalID)
		}
	})
}

func testPersonUpdateUnchanged(t *testing.T, s standards.Store) {
	ctx := t.Context()
	p := person(10)
	write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, p) })
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdatePerson(ctx, p)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.PersonByEmail(ctx, p.Email)
		assertFound(t, p, got, err)
	})
}

func testPersonUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdatePerson(ctx, person(10)) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Person(ctx, person(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the person")
		_, err = tx.PersonByEmail(ctx, person(10).Email)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not take the address")
	})
}

func testPeopleInOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.People(ctx, []string{person(3).ID, person(10).ID, person(1).ID, person(4).ID})
		assert.NoError(t, err)
		assert.Equal(t, []string{person(3).ID, person(1).ID, person(4).ID}, keys(got, personID),
			"in the order of ids, skipping the unknown one")
		if len(got) == 3 {
			assertSame(t, person(3), got[0], "listed people are whole")
		}
	})
}

func testPeopleEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.People(ctx, nil)
		assert.NoError(t, err)
		assert.Empty(t, got, "no ids")
		got, err = tx.People(ctx, []string{person(10).ID, person(11).ID})
		assert.NoError(t, err)
		assert.Empty(t, got, "only unknown ids")
	})
}

func personID(p standards.Person) string { return p.ID }
