package app

import (
	"net/http"
	"strconv"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app/internal/govuk"
)

// pageSize is how many rows a list shows at once. The library bounds every
// list (standards' Max… limits), so a page reads the whole list and shows
// one page of it; only the audit trail and the outbox, which grow for
// ever, are read a page at a time.
const pageSize = 50

// pager is where a paged list stands, for the "pager" partial (pagerNav,
// GOV.UK's pagination).
type pager struct {
	// Label names the list for screen readers: "Pages of members".
	Label              string
	Page, Pages        int
	First, Last, Total int
	PrevHref, NextHref string
	// Items are the pages to offer by number: the first, the last, the
	// current one and those beside it, with an ellipsis for each run
	// left out (GOV.UK's pagination).
	Items []govuk.PaginationItem
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
	p.Items = pageItems(p.Page, p.Pages, href)
	return items[start:end], p, nil
}

// at makes each of the pager's links open the page at the element with id
// fragment: a list inside a tab comes back on its own tab (GOV.UK's tabs
// show the panel the address's fragment names), not on the first.
func (p pager) at(fragment string) pager {
	anchor := func(href string) string {
		if href == "" {
			return ""
		}
		return href + "#" + fragment
	}
	p.PrevHref, p.NextHref = anchor(p.PrevHref), anchor(p.NextHref)
	items := make([]govuk.PaginationItem, len(p.Items))
	for i, item := range p.Items {
		item.Href = anchor(item.Href)
		items[i] = item
	}
	p.Items = items
	return p
}

// pageItems numbers the pages of a list for GOV.UK's pagination: the
// first and the last, the current page and one either side, and an
// ellipsis where pages are left out between them.
func pageItems(page, pages int, href func(int) string) []govuk.PaginationItem {
	var items []govuk.PaginationItem
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-1 || n > page+1) {
			continue
		}
		if last != 0 && n > last+1 {
			items = append(items, govuk.PaginationItem{Ellipsis: true})
		}
		items = append(items, govuk.PaginationItem{Number: strconv.Itoa(n), Href: href(n), Current: n == page})
		last = n
	}
	return items
}

// pagination is p as GOV.UK's pagination shows it.
func pagination(p pager) govuk.PaginationOptions {
	o := govuk.PaginationOptions{LandmarkLabel: p.Label, Items: p.Items}
	if p.PrevHref != "" {
		o.Previous = &govuk.PaginationLink{Href: p.PrevHref}
	}
	if p.NextHref != "" {
		o.Next = &govuk.PaginationLink{Href: p.NextHref}
	}
	return o
}
