package app

import (
	"net/http"
	"strconv"

	"github.com/eops/eops/standards"
)

// pageSize is how many rows a list shows at once. The library bounds every
// list (standards' Max… limits), so a page reads the whole list and shows
// one page of it; only the audit trail and the outbox, which grow for
// ever, are read a page at a time.
const pageSize = 50

// pager is where a paged list stands, for the "pager" partial.
type pager struct {
	// Label names the list for screen readers: "Pages of members".
	Label              string
	Page, Pages        int
	First, Last, Total int
	PrevHref, NextHref string
}

// paginate returns the page of items asked for by the query parameter
// param (1 when absent), and its pager. A page past the last shows the
// last; a parameter that is not a whole number from 1 is a
// *standards.ValidationError naming it.
func paginate[T any](r *http.Request, param, label string, items []T) ([]T, pager, error) {
	p := pager{Label: label, Page: 1, Total: len(items), Pages: max(1, (len(items)+pageSize-1)/pageSize)}
	if v := r.URL.Query().Get(param); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, p, &standards.ValidationError{Fields: []standards.FieldError{{Field: param, Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "1"}, Message: "a page is a whole number from 1"}}}
		}
		p.Page = min(n, p.Pages)
	}
	start := (p.Page - 1) * pageSize
	end := min(start+pageSize, len(items))
	p.First, p.Last = start+1, end
	if len(items) == 0 {
		p.First = 0
	}
	href := func(page int) string {
		q := r.URL.Query()
		q.Set(param, strconv.Itoa(page))
		return "?" + q.Encode()
	}
	if p.Page > 1 {
		p.PrevHref = href(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.NextHref = href(p.Page + 1)
	}
	return items[start:end], p, nil
}
