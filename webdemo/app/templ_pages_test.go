package app

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryTemplPageRendersItsZeroView: a templ page given a view without
// the data its handler puts there (the type assertion in templPages fails)
// renders its empty state, never panics, and so does each fragment; and
// every fragment belongs to a page.
func TestEveryTemplPageRendersItsZeroView(t *testing.T) {
	for name, page := range templPages {
		var b bytes.Buffer
		require.NotPanics(t, func() { require.NoError(t, page(view{}).Render(context.Background(), &b)) }, name)
		assert.NotEmpty(t, b.String(), name)
		var l bytes.Buffer
		require.NoError(t, layout(layoutView{Title: name}, page(view{})).Render(context.Background(), &l), name)
	}
	for name, parts := range templFragments {
		_, ok := templPages[name]
		assert.True(t, ok, "fragments of %s, which is not a templ page", name)
		for part, fragment := range parts {
			require.NotPanics(t, func() { require.NoError(t, fragment(view{}).Render(context.Background(), new(bytes.Buffer))) }, name+"/"+part)
		}
	}
}
