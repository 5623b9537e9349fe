package storetest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var tallyTests = []test{
	{"AddMakesThenAdds", testAddTally},
	{"Replace", testReplaceTallies},
	{"RolledBack", testTalliesRolledBack},
}

func tally(y standards.AcademicYear, m standards.TallyMeasure, month, n int) standards.Tally {
	return standards.Tally{Year: y, Measure: m, Month: month, Count: n}
}

func shard(x standards.Tally, n int) standards.Tally {
	x.Shard = n
	return x
}

func testAddTally(t *testing.T, s standards.Store) {
	ctx := t.Context()
	write(t, s, func(tx standards.Tx) {
		for _, x := range []standards.Tally{
			tally(year, standards.TallyExamsOfficers, 2, 1),
			tally(year, standards.TallyCentres, 1, 3),
			tally(year, standards.TallyExamsOfficers, 2, 4),
			tally(year, standards.TallyExamsOfficers, 0, -1),
			tally(year+1, standards.TallyCentres, 1, 9),
			shard(tally(year, standards.TallyExamsOfficers, 2, 2), 3),
		} {
			assert.NoError(t, tx.AddTally(ctx, x))
		}
	})
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.AddTally(ctx, tally(year, standards.TallyCentres, 1, -1)), "a later transaction adds to the same tally")
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Tallies(ctx, year)
		assertFound(t, []standards.Tally{
			tally(year, standards.TallyCentres, 1, 2),
			tally(year, standards.TallyExamsOfficers, 0, -1),
			tally(year, standards.TallyExamsOfficers, 2, 5),
			shard(tally(year, standards.TallyExamsOfficers, 2, 2), 3),
		}, got, err, "in order of measure, then month, then shard; each shard its own count")
		got, err = tx.Tallies(ctx, year+2)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testReplaceTallies(t *testing.T, s standards.Store) {
	ctx := t.Context()
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.AddTally(ctx, tally(year, standards.TallyCentres, 1, 7)))
		assert.NoError(t, tx.AddTally(ctx, tally(year+1, standards.TallyCentres, 1, 9)))
	})
	write(t, s, func(tx standards.Tx) {
		assert.NoError(t, tx.ReplaceTallies(ctx, year, []standards.Tally{
			tally(year, standards.TallyKept, 0, 1),
			tally(year, standards.TallyCertificates, 12, 2),
		}))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Tallies(ctx, year)
		assertFound(t, []standards.Tally{
			tally(year, standards.TallyCertificates, 12, 2),
			tally(year, standards.TallyKept, 0, 1),
		}, got, err)
		got, err = tx.Tallies(ctx, year+1)
		assertFound(t, []standards.Tally{tally(year+1, standards.TallyCentres, 1, 9)}, got, err, "another year is left alone")
	})
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.ReplaceTallies(ctx, year, nil)) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Tallies(ctx, year)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testTalliesRolledBack(t *testing.T, s standards.Store) {
	ctx := t.Context()
	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.AddTally(ctx, tally(year, standards.TallyCentres, 1, 1))) })
	errStop := errors.New("stop")
	err := s.Update(ctx, func(tx standards.Tx) error {
		if err := tx.AddTally(ctx, tally(year, standards.TallyCentres, 1, 5)); err != nil {
			return err
		}
		if err := tx.ReplaceTallies(ctx, year, nil); err != nil {
			return err
		}
		return errStop
	})
	assert.ErrorIs(t, err, errStop)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Tallies(ctx, year)
		assertFound(t, []standards.Tally{tally(year, standards.TallyCentres, 1, 1)}, got, err, "a failed transaction adds nothing")
	})
}
