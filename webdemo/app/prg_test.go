package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFormThatWorksRedirects walks every POST route of the app (the
// attack suite's list, which TestAttackEveryRouteIsInTheSuite keeps
// complete: a new POST route fails that test until it is listed) and makes
// each request as the person who may, as a browser without JavaScript
// does: a form that works answers 303 See Other to the page that shows
// what happened (Post/Redirect/Get), never a page at the form's own
// address, which a reload would post again and Back would show as an
// error. The page it leads to then answers 200, and again when reloaded;
// the form's own address, opened, is a page in words.
// A download (the data exports) is the one answer that is not a page: the
// browser saves it and stays where it was.
func TestEveryFormThatWorksRedirects(t *testing.T) {
	for _, a := range attacks {
		if a.method != http.MethodPost {
			continue
		}
		t.Run(a.name(), func(t *testing.T) {
			t.Parallel() // each attack has a world of its own
			w := newAttackWorld(t)
			b := w.begin(a, a.as(w.a))
			if a.controlAs != nil {
				b = w.signIn(a.controlAs(w))
			}
			res := b.request(a, w.a, a.path(w.a), formOf(a, w.a))
			if a.readOnly {
				assert.Equal(t, http.StatusOK, res.status, "%.300s", res.body)
				assert.True(t, strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment"), "a POST that is not redirected is a download")
				return
			}
			require.Equal(t, http.StatusSeeOther, res.status, "a form that worked answers with a redirect, not a page at its own address: %.300s", res.body)
			next := res.header.Get("Location")
			require.True(t, strings.HasPrefix(next, "/"), "the redirect leads to a page of the app: %q", next)
			for _, what := range []string{"the page after the form", "the same page reloaded"} {
				page := b.follow(next)
				assert.Equal(t, http.StatusOK, page.status, "%s (%s): %.300s", what, next, page.body)
			}
			// Opening the form's own address (typed, or reached by Back
			// in a browser that kept it) is a page in words, never
			// plain-text "method not allowed".
			back := b.follow(a.path(w.a))
			assert.True(t, strings.HasPrefix(back.header.Get("Content-Type"), "text/html"), "GET on the form's address: %d %s", back.status, back.header.Get("Content-Type"))
			assert.NotContains(t, back.body, "method not allowed")
		})
	}
}

// follow opens path as a browser does, following the redirects a page
// may make (a page that moved, a signed-out person sent to sign in), up
// to five.
func (b *browser) follow(path string) response {
	b.d.t.Helper()
	res := b.send(http.MethodGet, path, "", nil)
	for i := 0; i < 5 && (res.status == http.StatusSeeOther || res.status == http.StatusFound); i++ {
		res = b.send(http.MethodGet, res.header.Get("Location"), "", nil)
	}
	return res
}
