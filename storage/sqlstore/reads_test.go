package sqlstore

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestEachStoreKeepsTheTextsOfItsOwnReads opens two stores in one process,
// with their tables under different prefixes in one file, and reads a
// centre through each after the other: the texts a store keeps name its
// own tables, so neither reads the other's.
func TestEachStoreKeepsTheTextsOfItsOwnReads(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "eops.db")
	stores := map[string]*Store{}
	for _, prefix := range []string{"one_", "two_"} {
		s := openSQLiteEngine(t, path, WithPrefix(prefix))
		require.NoError(t, s.Migrate(ctx))
		stores[prefix] = s
	}
	named := func(prefix string) standards.Centre {
		c := testCentre(1)
		c.Name = "Centre of " + prefix
		return c
	}
	for prefix, s := range stores {
		require.NoError(t, s.Update(ctx, func(tx standards.Tx) error { return tx.CreateCentre(ctx, named(prefix)) }))
	}
	for range 2 {
		for prefix, s := range stores {
			require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
				c, err := tx.Centre(ctx, testCentre(1).ID)
				assert.Equal(t, "Centre of "+prefix, c.Name)
				return err
			}))
		}
	}
	text, ok := stores["two_"].texts.Load(keptText{centreByID, true})
	require.True(t, ok, "the read's text is kept")
	assert.Contains(t, text, `"two_centres"`)
}
