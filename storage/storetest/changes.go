package storetest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var changeTests = []test{
	{"Counts", testChangesCount},
	{"CountsAtOnce", testChangesCountAtOnce},
}

// changeCounter is s as a standards.ChangeCounter, or skips the test for a
// store that does not count its changes, which the contract allows.
func changeCounter(t *testing.T, s standards.Store) standards.ChangeCounter {
	t.Helper()
	cc, ok := s.(standards.ChangeCounter)
	if !ok {
		t.Skip("the store does not count its changes (standards.ChangeCounter is optional)")
	}
	return cc
}

// testChangesCount: a new store's count is zero, and each CountChange adds
// one, whatever commits or rolls back beside it.
func testChangesCount(t *testing.T, s standards.Store) {
	ctx := t.Context()
	cc := changeCounter(t, s)
	n, err := cc.ChangeCount(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a new store has counted nothing")
	require.NoError(t, cc.CountChange(ctx))
	require.NoError(t, cc.CountChange(ctx))
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.CreateCentre(ctx, centre(1))) })
	n, err = cc.ChangeCount(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 2, n, "only CountChange counts: the Service calls it once a command commits")
}

// testChangesCountAtOnce: counts made at the same moment are each kept,
// none failing for another.
func testChangesCountAtOnce(t *testing.T, s standards.Store) {
	ctx := t.Context()
	cc := changeCounter(t, s)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = cc.CountChange(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := cc.ChangeCount(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, n, got)
}
