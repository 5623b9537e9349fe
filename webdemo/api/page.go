package api

import (
	"cmp"
	"encoding/base64"
	"slices"
	"strconv"

	"github.com/eops/eops/standards"
)

// The API's lists are paged by an opaque cursor (docs/api.md, "Lists"): a
// call takes ?limit= (1 to maxPageSize, defaultPageSize if absent) and
// ?cursor= (the "next" of the page before), and answers
// {"items": […], "next": "…"}, "next" absent on the last page. A cursor
// names the last item a page held, never a position, so a list that gains
// or loses items between calls neither repeats nor skips the others.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// pageRequest is a list call's ?cursor= and ?limit=, read and checked.
type pageRequest struct {
	after string // the key of the last item of the page before; "" for the first page
	limit int
}

// readPage checks a list call's cursor and limit: a limit out of range or
// a cursor this API did not write is invalid, naming the parameter.
func readPage(cursor *string, limit *int) (pageRequest, error) {
	p := pageRequest{limit: defaultPageSize}
	if limit != nil {
		if *limit < 1 || *limit > maxPageSize {
			return p, &standards.ValidationError{Fields: []standards.FieldError{{Field: "limit", Code: standards.FieldOutOfRange,
				Params:  map[string]string{"min": "1", "max": strconv.Itoa(maxPageSize)},
				Message: "ask for between 1 and " + strconv.Itoa(maxPageSize) + " items"}}}
		}
		p.limit = *limit
	}
	if cursor != nil && *cursor != "" {
		after, err := base64.RawURLEncoding.DecodeString(*cursor)
		if err != nil || len(after) == 0 {
			return p, &standards.ValidationError{Fields: []standards.FieldError{{Field: "cursor", Code: standards.FieldInvalidFormat,
				Message: `send the "next" of the page before, unchanged`}}}
		}
		p.after = string(after)
	}
	return p, nil
}

// cursorFor is the cursor that names key, for a page's "next".
func cursorFor(key string) *string {
	c := base64.RawURLEncoding.EncodeToString([]byte(key))
	return &c
}

// pageOf is the page p asks for of items, a list the Service read whole,
// ordered by key, which must be unique in the list and give the order the
// list is documented in (an id, or a sortable date and an id). It returns
// the page's items and the cursor of the page after, nil on the last.
func pageOf[T any](items []T, key func(T) string, p pageRequest) ([]T, *string) {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	start := 0
	if p.after != "" {
		// The first item after the one the cursor names, whether or not
		// that one is still in the list.
		start, _ = slices.BinarySearchFunc(sorted, p.after, func(item T, after string) int {
			if key(item) <= after {
				return -1
			}
			return 1
		})
	}
	end := min(start+p.limit, len(sorted))
	page := sorted[start:end]
	if end < len(sorted) {
		return page, cursorFor(key(page[len(page)-1]))
	}
	return page, nil
}
