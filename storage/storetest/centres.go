package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var centreTests = []test{
	{"RoundTrip", testCentreRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testCentreDuplicate(t, s, func(c *standards.Centre) { c.ID = centre(10).ID })
	}},
	{"DuplicateNumber", func(t *testing.T, s standards.Store) {
		testCentreDuplicate(t, s, func(c *standards.Centre) { c.Number = centre(10).Number })
	}},
	{"NotFound", testCentreNotFound},
	{"Update", testCentreUpdate},
	{"UpdateUnchanged", testCentreUpdateUnchanged},
	{"UpdateMissing", testCentreUpdateMissing},
	{"ByTrustOrder", testCentresByTrustOrder},
	{"ByTrustEmpty", testCentresByTrustEmpty},
}

var centreYearTests = []test{
	{"RoundTrip", testCentreYearRoundTrip},
	{"DuplicatePair", testCentreYearDuplicate},
	{"NotFound", testCentreYearNotFound},
	{"OfACentreNewestFirst", testCentreYearsNewestFirst},
}

func testCentreRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	inTrust := centre(10)
	inTrust.TrustID = trust(1).ID
	international := centre(11)
	international.Number = "GB123"
	write(t, s, func(tx standards.Tx) {
		mustCreateCentre(t, tx, inTrust)
		mustCreateCentre(t, tx, international)
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Centre{inTrust, international} {
			got, err := tx.Centre(ctx, want.ID)
			assertFound(t, want, got, err, "Centre(%s)", want.ID)
			got, err = tx.CentreByNumber(ctx, want.Number)
			assertFound(t, want, got, err, "CentreByNumber(%s)", want.Number)
		}
	})
}

// testCentreDuplicate creates centre 10, then a centre 11 that clash
// changes to share one of its unique keys, and checks that the second is
// refused and stored nowhere.
func testCentreDuplicate(t *testing.T, s standards.Store, clash func(*standards.Centre)) {
	ctx := t.Context()
	first := centre(10)
	write(t, s, func(tx standards.Tx) { mustCreateCentre(t, tx, first) })
	dup := centre(11)
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateCentre(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.Centre(ctx, first.ID)
		assertFound(t, first, got, err, "the first centre is unchanged")
		got, err = tx.Centre(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "Centre(%s)", dup.ID)
		got, err = tx.CentreByNumber(ctx, dup.Number)
		assertNotFoundOr(t, first, got, err, "CentreByNumber(%s)", dup.Number)
	})
}

func testCentreNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Centre(ctx, centre(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Centre")
		_, err = tx.CentreByNumber(ctx, centre(10).Number)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CentreByNumber")
		_, err = tx.Centre(ctx, "")
		assert.ErrorIs(t, err, standards.ErrNotFound, `Centre("")`)
	})
}

func testCentreUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	c := centre(10)
	write(t, s, func(tx standards.Tx) { mustCreateCentre(t, tx, c) })

	// Each step changes the name and moves the centre: into trust 1, on to
	// trust 2, then out of any trust.
	for i, trustID := range []string{trust(1).ID, trust(2).ID, ""} {
		c.Name = []string{"Renamed Academy", "Renamed Again", "Renamed Once More"}[i]
		c.TrustID = trustID
		write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateCentre(ctx, c)) })

		read(t, s, func(tx standards.Tx) {
			got, err := tx.Centre(ctx, c.ID)
			assertFound(t, c, got, err, "Centre after update %d", i)
			got, err = tx.CentreByNumber(ctx, c.Number)
			assertFound(t, c, got, err, "CentreByNumber after update %d", i)
			for _, tr := range []standards.Trust{trust(1), trust(2)} {
				list, err := tx.CentresByTrust(ctx, tr.ID)
				assert.NoError(t, err)
				want := []string{}
				if tr.ID == trustID {
					want = []string{c.ID}
				}
				assert.Equal(t, want, keys(list, centreID), "CentresByTrust(%s) after update %d", tr.ID, i)
			}
		})
	}
}

// testCentreUpdateUnchanged writes a centre back as it is: a SQL store that
// counts changed rows (MySQL does by default) must not take that for a
// missing row.
func testCentreUpdateUnchanged(t *testing.T, s standards.Store) {
	ctx := t.Context()
	c := centre(10)
	write(t, s, func(tx standards.Tx) { mustCreateCentre(t, tx, c) })
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateCentre(ctx, c)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Centre(ctx, c.ID)
		assertFound(t, c, got, err)
	})
}

func testCentreUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateCentre(ctx, centre(10)) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Centre(ctx, centre(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the centre")
	})
}

func testCentresByTrustOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	// Created out of order of number; national and international numbers
	// mixed. Centre 15 is in the other trust, centre 16 in none.
	numbers := map[int]standards.CentreNumber{10: "GB123", 11: "10025", 12: "AB999", 13: "10021", 14: "99999", 15: "10020", 16: "10022"}
	write(t, s, func(tx standards.Tx) {
		for n := 10; n <= 16; n++ {
			c := centre(n)
			c.Number = numbers[n]
			switch n {
			case 15:
				c.TrustID = trust(2).ID
			case 16:
			default:
				c.TrustID = trust(1).ID
			}
			mustCreateCentre(t, tx, c)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentresByTrust(ctx, trust(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []standards.CentreNumber{"10021", "10025", "99999", "AB999", "GB123"},
			keys(got, func(c standards.Centre) standards.CentreNumber { return c.Number }))
		assert.Equal(t, []string{id("c", 13), id("c", 11), id("c", 14), id("c", 12), id("c", 10)}, keys(got, centreID))
		if len(got) == 5 {
			want := centre(13)
			want.Number, want.TrustID = "10021", trust(1).ID
			assertSame(t, want, got[0], "listed centres are whole")
		}

		got, err = tx.CentresByTrust(ctx, trust(2).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("c", 15)}, keys(got, centreID))
	})
}

func testCentresByTrustEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s) // centres in no trust
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentresByTrust(ctx, trust(1).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a trust with no centres")
		got, err = tx.CentresByTrust(ctx, trust(10).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "an unknown trust")
	})
}

func testCentreYearRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	years := []standards.CentreYear{
		{CentreID: centre(1).ID, Year: year, RegisteredAt: at(10), RegisteredBy: person(1).ID},
		{CentreID: centre(1).ID, Year: year - 1, RegisteredAt: at(-500000), RegisteredBy: person(2).ID},
		{CentreID: centre(2).ID, Year: year, RegisteredAt: at(11), RegisteredBy: person(3).ID},
	}
	write(t, s, func(tx standards.Tx) {
		for _, cy := range years {
			mustCreateCentreYear(t, tx, cy)
		}
	})
	read(t, s, func(tx standards.Tx) {
		for _, want := range years {
			got, err := tx.CentreYear(ctx, want.CentreID, want.Year)
			assertFound(t, want, got, err, "CentreYear(%s, %d)", want.CentreID, want.Year)
		}
	})
}

// testCentreYearsNewestFirst: a centre's years, newest first, and none of
// another centre's; a centre never registered has none (R-REG-12 reads the
// latest).
func testCentreYearsNewestFirst(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	years := []standards.CentreYear{
		{CentreID: centre(1).ID, Year: year - 2, RegisteredAt: at(-900000), RegisteredBy: person(2).ID},
		{CentreID: centre(1).ID, Year: year, RegisteredAt: at(10), RegisteredBy: person(1).ID},
		{CentreID: centre(2).ID, Year: year + 1, RegisteredAt: at(11), RegisteredBy: person(3).ID},
		{CentreID: centre(1).ID, Year: year - 1, RegisteredAt: at(-500000), RegisteredBy: person(2).ID},
	}
	write(t, s, func(tx standards.Tx) {
		for _, cy := range years {
			mustCreateCentreYear(t, tx, cy)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentreYears(ctx, centre(1).ID)
		if assert.NoError(t, err) {
			assert.Equal(t, []standards.CentreYear{years[1], years[3], years[0]}, got)
		}
		got, err = tx.CentreYears(ctx, centre(3).ID)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testCentreYearDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	first := standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(10), RegisteredBy: person(1).ID}
	write(t, s, func(tx standards.Tx) { mustCreateCentreYear(t, tx, first) })
	dup := standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(20), RegisteredBy: person(2).ID}

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateCentreYear(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentreYear(ctx, first.CentreID, first.Year)
		assertFound(t, first, got, err, "the first registration of the year is unchanged")
	})
}

func testCentreYearNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(10), RegisteredBy: person(1).ID})
	})
	read(t, s, func(tx standards.Tx) {
		_, err := tx.CentreYear(ctx, centre(1).ID, year+1)
		assert.ErrorIs(t, err, standards.ErrNotFound, "another year of the centre")
		_, err = tx.CentreYear(ctx, centre(2).ID, year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "another centre in the year")
		_, err = tx.CentreYear(ctx, centre(10).ID, year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "an unknown centre")
	})
}

func centreID(c standards.Centre) string { return c.ID }
