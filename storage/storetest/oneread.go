package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var oneReadTests = []test{
	{"AnswersAsView", testOneReadAnswersAsView},
	{"SeesOneState", testOneReadSeesOneState},
}

// oneReadViewer is s as a standards.OneReadViewer, or skips the test for a
// store without it, which the contract allows.
func oneReadViewer(t *testing.T, s standards.Store) standards.OneReadViewer {
	t.Helper()
	v, ok := s.(standards.OneReadViewer)
	if !ok {
		t.Skip("the store has no ViewOneRead (standards.OneReadViewer is optional)")
	}
	return v
}

// testOneReadAnswersAsView: a query of one read answers what View answers,
// a miss included.
func testOneReadAnswersAsView(t *testing.T, s standards.Store) {
	ctx := t.Context()
	v := oneReadViewer(t, s)
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.CreatePerson(ctx, person(1))) })
	var got standards.Person
	require.NoError(t, v.ViewOneRead(ctx, func(tx standards.Tx) error {
		var err error
		got, err = tx.PersonByEmail(ctx, person(1).Email)
		return err
	}))
	assert.Equal(t, person(1), got)
	err := v.ViewOneRead(ctx, func(tx standards.Tx) error {
		_, err := tx.PersonByEmail(ctx, person(2).Email)
		return err
	})
	assert.ErrorIs(t, err, standards.ErrNotFound)
}

// testOneReadSeesOneState: a query that reads twice, with a change
// committed between its reads, still answers from one state: both reads
// from before the change, or both from after it (a store that ran the
// first read alone runs the query again in View). The reads are a person
// and a centre's year, each first, since a store may read the two in ways
// of their own. The change is made beside the query; a store that holds it
// off until the query ends (one SQLite connection, say) lets the query
// answer first.
func testOneReadSeesOneState(t *testing.T, s standards.Store) {
	ctx := t.Context()
	v := oneReadViewer(t, s)
	// The two start with one name, and each change gives both another.
	p, c := person(1), centre(1)
	p.Name, c.Name = "Unchanged", "Unchanged"
	write(t, s, func(tx standards.Tx) {
		require.NoError(t, tx.CreatePerson(ctx, p))
		require.NoError(t, tx.CreateCentre(ctx, c))
	})
	renamed := 0
	rename := func(tx standards.Tx) error {
		renamed++
		p, c := person(1), centre(1)
		p.Name, c.Name = fmt.Sprintf("Renamed %d", renamed), fmt.Sprintf("Renamed %d", renamed)
		if err := tx.UpdatePerson(ctx, p); err != nil {
			return err
		}
		return tx.UpdateCentre(ctx, c)
	}
	personName := func(tx standards.Tx) (string, error) {
		p, err := tx.PersonByEmail(ctx, person(1).Email)
		return p.Name, err
	}
	centreName := func(tx standards.Tx) (string, error) {
		sheet, err := tx.CentreSheet(ctx, centre(1).ID, year)
		return sheet.Centre.Name, err
	}
	for _, reads := range [][2]func(standards.Tx) (string, error){{personName, centreName}, {centreName, personName}} {
		done := make(chan error, 1)
		waiting := true
		runs := 0
		var first, second string
		require.NoError(t, v.ViewOneRead(ctx, func(tx standards.Tx) error {
			runs++
			var err error
			if first, err = reads[0](tx); err != nil {
				return err
			}
			if runs == 1 {
				// Both are renamed, in one commit, between the reads.
				go func() { done <- s.Update(ctx, rename) }()
				select {
				case err := <-done:
					require.NoError(t, err)
					waiting = false
				case <-time.After(2 * time.Second):
				}
			}
			second, err = reads[1](tx)
			return err
		}))
		if waiting {
			require.NoError(t, <-done)
		}
		assert.Equal(t, first, second, "both reads see the same rename, or neither does (%d runs)", runs)
	}
}
