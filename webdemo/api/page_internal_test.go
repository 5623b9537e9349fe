package api

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestPagesWalkTheWholeListOnceInKeyOrder(t *testing.T) {
	var items []string
	for i := range 11 {
		items = append(items, strconv.Itoa(100+(i*7)%11)) // not in order
	}
	var seen []string
	var cursor *string
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5)
		p, err := readPage(cursor, ptr(3))
		require.NoError(t, err)
		var page []string
		page, cursor = pageOf(items, func(s string) string { return s }, p)
		assert.LessOrEqual(t, len(page), 3)
		seen = append(seen, page...)
		if cursor == nil {
			break
		}
	}
	assert.Equal(t, []string{"100", "101", "102", "103", "104", "105", "106", "107", "108", "109", "110"}, seen)
}

func TestAPageAfterAnItemThatWentOnFromTheNextOne(t *testing.T) {
	key := func(s string) string { return s }
	p, _ := readPage(nil, ptr(2))
	first, next := pageOf([]string{"a", "b", "c", "d"}, key, p)
	assert.Equal(t, []string{"a", "b"}, first)
	p, _ = readPage(next, ptr(2))
	// "b" was deleted and "bb" added between the calls: nothing repeats, nothing is skipped.
	rest, next := pageOf([]string{"a", "bb", "c", "d"}, key, p)
	assert.Equal(t, []string{"bb", "c"}, rest)
	p, _ = readPage(next, ptr(2))
	last, next := pageOf([]string{"a", "bb", "c", "d"}, key, p)
	assert.Equal(t, []string{"d"}, last)
	assert.Nil(t, next)
}

func TestAnEmptyListIsOneEmptyPage(t *testing.T) {
	p, err := readPage(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, defaultPageSize, p.limit)
	page, next := pageOf([]string{}, func(s string) string { return s }, p)
	assert.Empty(t, page)
	assert.Nil(t, next)
}

func TestABadLimitOrCursorNamesTheParameter(t *testing.T) {
	for name, c := range map[string]struct {
		cursor *string
		limit  *int
		field  string
	}{
		"limit 0":              {nil, ptr(0), "limit"},
		"limit over the most":  {nil, ptr(maxPageSize + 1), "limit"},
		"cursor not base64url": {ptr("not a cursor!"), nil, "cursor"},
	} {
		_, err := readPage(c.cursor, c.limit)
		var invalid *standards.ValidationError
		require.True(t, errors.As(err, &invalid), name)
		assert.Equal(t, c.field, invalid.Fields[0].Field, name)
	}
}
