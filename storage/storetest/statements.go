package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var statementTests = []test{
	{"RoundTrip", testStatementRoundTrip},
	{"DuplicateYearVersion", testStatementDuplicate},
	{"NotFound", testStatementNotFound},
	{"LatestIsHighestVersion", testLatestStatement},
}

func testStatementRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	first := statement(year, 1, person(1), 10)
	second := statement(year, 2, person(2), 20)
	second.Text = standards.DefaultStatementText
	write(t, s, func(tx standards.Tx) {
		mustCreateStatement(t, tx, first)
		mustCreateStatement(t, tx, second)
	})
	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Statement{first, second} {
			got, err := tx.Statement(ctx, want.Year, want.Version)
			if assertFound(t, want, got, err, "Statement(%d, %d)", want.Year, want.Version) {
				assert.Equal(t, want.Hash(), got.Hash(), "the text is kept byte for byte")
			}
		}
		got, err := tx.LatestStatement(ctx, year)
		assertFound(t, second, got, err, "LatestStatement")
	})
}

func testStatementDuplicate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	first := statement(year, 1, person(1), 10)
	write(t, s, func(tx standards.Tx) { mustCreateStatement(t, tx, first) })
	dup := statement(year, 1, person(2), 20)
	dup.Text = "Another text"

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateStatement(ctx, dup) })

	// The same version of another year is another statement.
	nextYear := statement(year+1, 1, person(2), 30)
	write(t, s, func(tx standards.Tx) { mustCreateStatement(t, tx, nextYear) })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.Statement(ctx, year, 1)
		assertFound(t, first, got, err, "the first statement is unchanged")
		got, err = tx.LatestStatement(ctx, year)
		assertFound(t, first, got, err, "LatestStatement")
		got, err = tx.Statement(ctx, year+1, 1)
		assertFound(t, nextYear, got, err, "the same version of the next year")
	})
}

func testStatementNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	read(t, s, func(tx standards.Tx) {
		_, err := tx.LatestStatement(ctx, year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "LatestStatement when none was published")
	})
	write(t, s, func(tx standards.Tx) { mustCreateStatement(t, tx, statement(year, 1, person(1), 10)) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Statement(ctx, year, 2)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Statement, a version not published")
		_, err = tx.Statement(ctx, year, 0)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Statement, version 0, which the store does not keep")
		_, err = tx.Statement(ctx, year+1, 1)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Statement, another year")
		_, err = tx.LatestStatement(ctx, year+1)
		assert.ErrorIs(t, err, standards.ErrNotFound, "LatestStatement, another year")
	})
}

// testLatestStatement publishes versions out of order, over several
// transactions, with version 10 to catch a comparison of text; other
// years' higher versions do not count.
func testLatestStatement(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	for i, v := range []int{3, 1, 10, 2} {
		write(t, s, func(tx standards.Tx) { mustCreateStatement(t, tx, statement(year, v, person(1), 10+i)) })
	}
	write(t, s, func(tx standards.Tx) {
		mustCreateStatement(t, tx, statement(year-1, 12, person(1), 1))
		mustCreateStatement(t, tx, statement(year+1, 11, person(1), 2))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.LatestStatement(ctx, year)
		assertFound(t, statement(year, 10, person(1), 12), got, err)
	})
}
