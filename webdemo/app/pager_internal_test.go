package app

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPagesAreNumberedAsGOVUKAdvises: the first and the last page, the
// current one and one either side, an ellipsis for each run left out.
func TestPagesAreNumberedAsGOVUKAdvises(t *testing.T) {
	show := func(page, pages int) string {
		s := ""
		for _, it := range pageItems(page, pages, func(n int) string { return "?p=" + strconv.Itoa(n) }) {
			switch {
			case it.Ellipsis:
				s += "… "
			case it.Current:
				s += "[" + it.Number + "] "
			default:
				assert.Equal(t, "?p="+it.Number, it.Href)
				s += it.Number + " "
			}
		}
		return s
	}
	assert.Equal(t, "[1] 2 ", show(1, 2))
	assert.Equal(t, "1 [2] 3 ", show(2, 3))
	assert.Equal(t, "[1] 2 … 10 ", show(1, 10))
	assert.Equal(t, "1 … 4 [5] 6 … 10 ", show(5, 10))
	assert.Equal(t, "1 2 [3] 4 … 10 ", show(3, 10), "no ellipsis for no page left out")
	assert.Equal(t, "1 … 9 [10] ", show(10, 10))
}
