package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var registrationTests = []test{
	{"RoundTrip", testRegistrationRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testRegistrationDuplicate(t, s, func(r *standards.Registration) { r.ID = id("r", 10) })
	}},
	{"DuplicateCentrePersonYear", func(t *testing.T, s standards.Store) {
		testRegistrationDuplicate(t, s, func(r *standards.Registration) { r.PersonID = person(1).ID })
	}},
	{"OtherCentrePersonOrYear", testRegistrationDistinctKeys},
	{"NotFound", testRegistrationNotFound},
	{"Update", testRegistrationUpdate},
	{"UpdateUnchanged", testRegistrationUpdateUnchanged},
	{"UpdateMissing", testRegistrationUpdateMissing},
	{"OrderByCentre", testRegistrationsByCentreOrder},
	{"OrderByPerson", testRegistrationsByPersonOrder},
	{"ListsEmpty", testRegistrationListsEmpty},
	{"RolesNotShared", testRegistrationRolesNotShared},
}

var oversightTests = []test{
	{"RoundTrip", testOversightRoundTrip},
	{"DuplicatePair", testOversightDuplicate},
	{"Delete", testOversightDelete},
	{"DeleteMissing", testOversightDeleteMissing},
	{"OrderByCentre", testOversightsOrder},
	{"ListEmpty", testOversightsEmpty},
}

func testRegistrationRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	// A pending registration with zero times, and one with every field set.
	pending := registration(10, centre(1), person(1), year)
	pending.AcceptedAt = time.Time{}
	full := decided(registration(11, centre(1), person(2), year), 20, person(1))
	full.RegisteredBy = person(1).ID
	full.InvitedName = "P. Two, as a colleague typed it"
	full.InvitedEmail = "p.two.typed@school.example"
	full.AcceptedAt = at(25)
	full.Status = standards.StatusLeft
	full.RejectReason = "Not known at this centre"
	full.LeftAt = at(30)
	write(t, s, func(tx standards.Tx) {
		mustCreateRegistration(t, tx, pending)
		mustCreateRegistration(t, tx, full)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Registration{pending, full} {
			got, err := tx.Registration(ctx, want.ID)
			assertFound(t, want, got, err, "Registration(%s)", want.ID)
			got, err = tx.RegistrationOf(ctx, want.CentreID, want.PersonID, want.Year)
			assertFound(t, want, got, err, "RegistrationOf(%s)", want.ID)
		}
	})
}

// testRegistrationDuplicate creates registration 10 of person 1 at centre 1,
// then registration 11 of person 2 that clash changes to share one of its
// unique keys, and checks that the second is refused and stored nowhere.
func testRegistrationDuplicate(t *testing.T, s standards.Store, clash func(*standards.Registration)) {
	ctx := t.Context()
	seed(t, s)
	first := registration(10, centre(1), person(1), year)
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, first) })
	dup := registration(11, centre(1), person(2), year)
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateRegistration(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Registration(ctx, first.ID)
		assertFound(t, first, got, err, "the first registration is unchanged")
		got, err = tx.Registration(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "Registration(%s)", dup.ID)
		got, err = tx.RegistrationOf(ctx, dup.CentreID, dup.PersonID, dup.Year)
		assertNotFoundOr(t, first, got, err, "RegistrationOf the duplicate's key")
		list, err := tx.RegistrationsByCentre(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Equal(t, []string{first.ID}, keys(list, registrationID))
	})
}

// testRegistrationDistinctKeys registers one person at two centres and in
// two years, and two people at one centre: none of them clash.
func testRegistrationDistinctKeys(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := []standards.Registration{
		registration(10, centre(1), person(1), year),
		registration(11, centre(2), person(1), year),
		registration(12, centre(1), person(1), year+1),
		registration(13, centre(1), person(2), year),
	}
	for _, r := range regs {
		write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, r) })
	}
	read(t, s, func(tx standards.Tx) {
		for _, want := range regs {
			got, err := tx.RegistrationOf(ctx, want.CentreID, want.PersonID, want.Year)
			assertFound(t, want, got, err, "RegistrationOf(%s)", want.ID)
		}
	})
}

func testRegistrationNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := registration(10, centre(1), person(1), year)
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, r) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Registration(ctx, id("r", 11))
		assert.ErrorIs(t, err, standards.ErrNotFound, "Registration")
		for name, key := range map[string]struct {
			centreID, personID string
			year               standards.AcademicYear
		}{
			"another centre": {centre(2).ID, person(1).ID, year},
			"another person": {centre(1).ID, person(2).ID, year},
			"another year":   {centre(1).ID, person(1).ID, year + 1},
		} {
			_, err := tx.RegistrationOf(ctx, key.centreID, key.personID, key.year)
			assert.ErrorIs(t, err, standards.ErrNotFound, "RegistrationOf %s", name)
		}
	})
}

func testRegistrationUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := registration(10, centre(1), person(2), year)
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, r) })

	// Approved with more roles and the admin right; then left, the right gone.
	approved := decided(r, 20, person(1))
	left := approved
	left.Roles = standards.Roles{standards.RoleSL}
	left.Status = standards.StatusLeft
	left.Admin = false
	left.LeftAt = at(40)
	left.RejectReason = "moved on"
	// Made again later, back to pending with the decision cleared.
	again := r
	again.Roles = standards.Roles{standards.RoleLM}
	again.RequestedAt = at(50)

	for _, want := range []standards.Registration{approved, left, again} {
		write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateRegistration(ctx, want)) })
		read(t, s, func(tx standards.Tx) {
			got, err := tx.Registration(ctx, want.ID)
			assertFound(t, want, got, err, "Registration after update to %s", want.Status)
			got, err = tx.RegistrationOf(ctx, want.CentreID, want.PersonID, want.Year)
			assertFound(t, want, got, err, "RegistrationOf after update to %s", want.Status)
			list, err := tx.RegistrationsByCentre(ctx, want.CentreID, want.Year)
			if assert.NoError(t, err) && assert.Len(t, list, 1) {
				assertSame(t, want, list[0], "RegistrationsByCentre after update to %s", want.Status)
			}
			list, err = tx.RegistrationsByPerson(ctx, want.PersonID)
			if assert.NoError(t, err) && assert.Len(t, list, 1) {
				assertSame(t, want, list[0], "RegistrationsByPerson after update to %s", want.Status)
			}
		})
	}
}

func testRegistrationUpdateUnchanged(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := decided(registration(10, centre(1), person(2), year), 20, person(1))
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, r) })
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateRegistration(ctx, r)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Registration(ctx, r.ID)
		assertFound(t, r, got, err)
	})
}

func testRegistrationUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := registration(10, centre(1), person(1), year)
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateRegistration(ctx, r) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Registration(ctx, r.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the registration")
		_, err = tx.RegistrationOf(ctx, r.CentreID, r.PersonID, r.Year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not take the key")
	})
}

func testRegistrationsByCentreOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	for n := 5; n <= 7; n++ {
		write(t, s, func(tx standards.Tx) { mustCreatePerson(t, tx, person(n)) })
	}
	// Made out of order: 14 and 12 share a RequestedAt, so the ID decides.
	r := func(n, minute int, p standards.Person) standards.Registration {
		reg := registration(n, centre(1), p, year)
		reg.RequestedAt = at(minute)
		return reg
	}
	regs := []standards.Registration{
		r(14, 30, person(1)),
		r(10, 50, person(2)),
		r(13, 10, person(3)),
		r(12, 30, person(4)),
		r(11, 40, person(5)),
		// Not listed: another centre, another year.
		registration(20, centre(2), person(6), year),
		registration(21, centre(1), person(7), year-1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, reg := range regs {
			mustCreateRegistration(t, tx, reg)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByCentre(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("r", 13), id("r", 12), id("r", 14), id("r", 11), id("r", 10)}, keys(got, registrationID))
		if len(got) == 5 {
			assertSame(t, regs[2], got[0], "listed registrations are whole")
		}
	})
}

func testRegistrationsByPersonOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	for n := 10; n <= 14; n++ {
		write(t, s, func(tx standards.Tx) { mustCreateCentre(t, tx, centre(n)) })
	}
	r := func(n int, c standards.Centre, y standards.AcademicYear, minute int) standards.Registration {
		reg := registration(n, c, person(1), y)
		reg.RequestedAt = at(minute)
		return reg
	}
	regs := []standards.Registration{
		r(10, centre(1), year-1, 10),
		r(11, centre(1), year, 90), // in 2025 the latest request
		r(12, centre(2), year+1, 5),
		r(13, centre(10), year, 20),
		r(14, centre(11), year, 70),
		r(15, centre(12), year, 20), // ties with 13 on RequestedAt
		r(16, centre(13), year-1, 1),
		// Not listed: another person.
		registration(20, centre(14), person(2), year),
	}
	write(t, s, func(tx standards.Tx) {
		for _, reg := range regs {
			mustCreateRegistration(t, tx, reg)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByPerson(ctx, person(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{
			id("r", 12),                                        // 2026
			id("r", 13), id("r", 15), id("r", 14), id("r", 11), // 2025
			id("r", 16), id("r", 10), // 2024
		}, keys(got, registrationID))
	})
}

func testRegistrationListsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateRegistration(t, tx, registration(10, centre(1), person(1), year))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByCentre(ctx, centre(1).ID, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got, "RegistrationsByCentre, another year")
		got, err = tx.RegistrationsByCentre(ctx, centre(2).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, got, "RegistrationsByCentre, another centre")
		got, err = tx.RegistrationsByPerson(ctx, person(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "RegistrationsByPerson, a person with none")
	})
}

// testRegistrationRolesNotShared checks that a Store keeps its own copy of
// Roles: changing the caller's slice after a write, or a slice a read
// returned, changes nothing stored.
func testRegistrationRolesNotShared(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := registration(10, centre(1), person(1), year)
	r.Roles = standards.Roles{standards.RoleEO, standards.RoleSL}
	want := r
	want.Roles = standards.Roles{standards.RoleEO, standards.RoleSL}
	write(t, s, func(tx standards.Tx) {
		mustCreateRegistration(t, tx, r)
		r.Roles[0] = standards.RoleLM
		got, err := tx.Registration(ctx, r.ID)
		if assertFound(t, want, got, err, "the store kept its own copy on create") {
			got.Roles[1] = standards.RoleLM
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Registration(ctx, r.ID)
		assertFound(t, want, got, err, "changing the slices a call was given or returned changes nothing stored")
	})
	r.Roles = standards.Roles{standards.RoleEO, standards.RoleSL}
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.UpdateRegistration(ctx, r))
		r.Roles[0] = standards.RoleLM
		list, err := tx.RegistrationsByCentre(ctx, r.CentreID, r.Year)
		if assert.NoError(t, err) && assert.Len(t, list, 1) {
			list[0].Roles[1] = standards.RoleLM
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Registration(ctx, r.ID)
		assertFound(t, want, got, err, "changing the slices an update was given or a list returned changes nothing stored")
	})
}

func registrationID(r standards.Registration) string { return r.ID }

// seedRegistrations commits registrations 10 to 13 at centre 1 in 2025 for
// people 1 to 4, approved, and registration 14 of person 1 at centre 1 in
// 2024 and 15 at centre 2 in 2025.
func seedRegistrations(t *testing.T, s standards.Store) []standards.Registration {
	t.Helper()
	regs := []standards.Registration{
		decided(registration(10, centre(1), person(1), year), 1, person(1)),
		decided(registration(11, centre(1), person(2), year), 1, person(1)),
		decided(registration(12, centre(1), person(3), year), 1, person(1)),
		decided(registration(13, centre(1), person(4), year), 1, person(1)),
		decided(registration(14, centre(1), person(1), year-1), 1, person(1)),
		decided(registration(15, centre(2), person(2), year), 1, person(2)),
	}
	write(t, s, func(tx standards.Tx) {
		for _, r := range regs {
			mustCreateRegistration(t, tx, r)
		}
	})
	return regs
}

func testOversightRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	o := oversight(regs[0], regs[1], person(3), 10)
	write(t, s, func(tx standards.Tx) { mustCreateOversight(t, tx, o) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, o.CentreID, o.Year)
		assertFound(t, []standards.Oversight{o}, got, err)
	})
}

func testOversightDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	first := oversight(regs[0], regs[1], person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateOversight(t, tx, first) })

	assertConflict(t, s, func(tx standards.Tx) error {
		return tx.CreateOversight(ctx, oversight(regs[0], regs[1], person(2), 20))
	})

	// The same exams officer with another overseer, and the pair reversed,
	// are other oversights.
	others := []standards.Oversight{oversight(regs[0], regs[2], person(1), 30), oversight(regs[1], regs[0], person(1), 40)}
	write(t, s, func(tx standards.Tx) {
		for _, o := range others {
			mustCreateOversight(t, tx, o)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Oversight{first, others[0], others[1]}, got, err)
	})
}

func testOversightDelete(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	gone := oversight(regs[0], regs[1], person(1), 10)
	kept := oversight(regs[0], regs[2], person(1), 20)
	write(t, s, func(tx standards.Tx) {
		mustCreateOversight(t, tx, gone)
		mustCreateOversight(t, tx, kept)
	})

	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.DeleteOversight(ctx, gone.EORegistrationID, gone.OverseerRegistrationID))
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Oversight{kept}, got, err, "only the other oversight is left")
	})
	assertNotFound(t, s, func(tx standards.Tx) error {
		return tx.DeleteOversight(ctx, gone.EORegistrationID, gone.OverseerRegistrationID)
	})
	// The pair may be made again.
	again := oversight(regs[0], regs[1], person(2), 30)
	write(t, s, func(tx standards.Tx) { mustCreateOversight(t, tx, again) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Oversight{kept, again}, got, err)
	})
}

func testOversightDeleteMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	o := oversight(regs[0], regs[1], person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateOversight(t, tx, o) })

	for name, pair := range map[string][2]string{
		"unknown":  {regs[2].ID, regs[3].ID},
		"reversed": {regs[1].ID, regs[0].ID},
	} {
		assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteOversight(ctx, pair[0], pair[1]) })
		read(t, s, func(tx standards.Tx) {
			got, err := tx.OversightsByCentre(ctx, centre(1).ID, year)
			assertFound(t, []standards.Oversight{o}, got, err, "after deleting the %s pair", name)
		})
	}
}

func testOversightsOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	r10, r11, r12, r13 := regs[0], regs[1], regs[2], regs[3]
	// Made out of order; at minute 20 three tie, ordered by EO then overseer.
	list := []standards.Oversight{
		oversight(r12, r10, person(1), 20),
		oversight(r11, r13, person(1), 20),
		oversight(r10, r13, person(1), 30),
		oversight(r11, r12, person(1), 20),
		oversight(r13, r10, person(1), 5),
	}
	// Not listed: an oversight at centre 1 in 2024, and one at centre 2.
	lastYear := decided(registration(16, centre(1), person(2), year-1), 1, person(1))
	elsewhere := decided(registration(17, centre(2), person(3), year), 1, person(1))
	write(t, s, func(tx standards.Tx) {
		for _, o := range list {
			mustCreateOversight(t, tx, o)
		}
		mustCreateRegistration(t, tx, lastYear)
		mustCreateOversight(t, tx, oversight(regs[4], lastYear, person(1), 1))
		mustCreateRegistration(t, tx, elsewhere)
		mustCreateOversight(t, tx, oversight(regs[5], elsewhere, person(1), 1))
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Equal(t, []string{
			r13.ID + "/" + r10.ID,
			r11.ID + "/" + r12.ID,
			r11.ID + "/" + r13.ID,
			r12.ID + "/" + r10.ID,
			r10.ID + "/" + r13.ID,
		}, keys(got, oversightKey))
	})
}

func testOversightsEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	regs := seedRegistrations(t, s)
	write(t, s, func(tx standards.Tx) { mustCreateOversight(t, tx, oversight(regs[0], regs[1], person(1), 10)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.OversightsByCentre(ctx, centre(1).ID, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got, "another year")
		got, err = tx.OversightsByCentre(ctx, centre(2).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, got, "another centre")
	})
}

func oversightKey(o standards.Oversight) string {
	return o.EORegistrationID + "/" + o.OverseerRegistrationID
}
