package storetest

import (
	"errors"
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

// testChangesCount: a new store's count is zero; an Update that commits,
// with the CountChange the Service makes after it, makes it grow (a store
// may count in either); an Update that fails leaves it as it was, and it
// never goes back.
func testChangesCount(t *testing.T, s standards.Store) {
	ctx := t.Context()
	cc := changeCounter(t, s)
	count := func() int64 {
		t.Helper()
		n, err := cc.ChangeCount(ctx)
		require.NoError(t, err)
		return n
	}
	assert.Zero(t, count(), "a new store has counted nothing")
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.CreateCentre(ctx, centre(1))) })
	require.NoError(t, cc.CountChange(ctx))
	once := count()
	assert.Positive(t, once, "a committed Update is counted")
	refused := errors.New("refused")
	require.ErrorIs(t, s.Update(ctx, func(tx standards.Tx) error {
		require.NoError(t, tx.CreateCentre(ctx, centre(2)))
		return refused
	}), refused)
	assert.Equal(t, once, count(), "a rolled-back Update is not")
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.CreateCentre(ctx, centre(3))) })
	require.NoError(t, cc.CountChange(ctx))
	assert.Greater(t, count(), once)
}

// testChangesCountAtOnce: commands committed at the same moment are each
// counted, none failing for another's count.
func testChangesCountAtOnce(t *testing.T, s standards.Store) {
	ctx := t.Context()
	cc := changeCounter(t, s)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.Update(ctx, func(tx standards.Tx) error { return tx.CreateCentre(ctx, centre(10+i)) })
			if errs[i] == nil {
				errs[i] = cc.CountChange(ctx)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if errors.Is(err, standards.ErrTransient) {
			continue // the Service would run it again; not this test's subject
		}
		require.NoError(t, err)
	}
	got, err := cc.ChangeCount(ctx)
	require.NoError(t, err)
	committed := 0
	for _, err := range errs {
		if err == nil {
			committed++
		}
	}
	assert.GreaterOrEqual(t, got, int64(committed), "each committed Update counted")
}
