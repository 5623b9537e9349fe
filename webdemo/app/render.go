package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eops/eops/standards"
)

// siteName is shown in every page title and in the header.
const siteName = "eops — Exams Officer Professional Standards"

// view is what every page receives (pages.go, pages*.templ).
type view struct {
	Title string
	// Actor is who is signed in; SignedIn says whether anyone is.
	Actor    standards.Actor
	SignedIn bool
	// Accounts says the app runs its own sign-in pages.
	Accounts bool
	// Credentials says the app issues signed credentials.
	Credentials bool
	Problem     *problem
	// Done is the success banner's sentence after a form that worked
	// (done.go), shown at the top of the page.
	Done string
	// ToDoCount is how many things wait for the person, for the
	// navigation, when the page counted them (only the home page does:
	// see docs/app-contract.md, "What needs doing"); nil when it did not.
	ToDoCount *int
	// Outage says the database could not be reached, so who is signed in
	// may not be known: the header offers neither sign-in nor anyone's
	// pages, since either would read as being signed out, or in.
	Outage bool
	// Form holds the values a person typed, to show again beside a problem.
	Form map[string]string
	Data any
	// Brand is the host's (WithBrand); its zero value is the app's own.
	Brand Brand
	// base is the host's prefix (WithBasePath), for the pages' links
	// (path).
	base string
}

// path is an address inside the app, under the host's prefix.
func (v view) path(p string) string { return v.base + p }

// SiteName is the site's name: the host's, if it gave one.
func (v view) SiteName() string {
	if v.Brand.Name != "" {
		return v.Brand.Name
	}
	return siteName
}

// Field is the message for one form field, if the last submission got one.
func (v view) Field(name string) string {
	if v.Problem == nil {
		return ""
	}
	return v.Problem.Fields[name]
}

// Value is what the person typed in a field, to show it again.
func (v view) Value(name string) string { return v.Form[name] }

// longDate writes a day, or an instant's UK day (R-DAY-1: a certificate
// issued at 00:30 BST on 1 September is dated 1 September), as the pages do
// ("2 January 2006"), and nothing for the zero time.
func longDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return standards.Day(t).Format("2 January 2006")
}

// london is the zone pages show a moment in, as the library reads days
// (R-DAY-1); standards embeds the zone data.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("app: no time zone data for Europe/London: " + err.Error())
	}
	return loc
}()

// moment writes an instant as the audit trail and the notifications show
// it ("1 Sep 2025 00:30"), in UK time, so that its date is the UK day the
// library files it under.
func moment(t time.Time) string { return t.In(london).Format("2 Jan 2006 15:04") }

// hours writes a number of hours as briefly as it goes ("1.5", "2").
func hours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// isoDate writes a day as a date input takes it ("2025-09-01"), the UK
// day of an instant (R-DAY-1), and nothing for the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return standards.Day(t).Format("2006-01-02")
}

// yearPath writes a year for an address: 2025-26.
func yearPath(y standards.AcademicYear) string {
	return strings.Replace(y.String(), "/", "-", 1)
}

// render writes a page. A request from htmx (HX-Request) gets only the
// named fragment, a block of the page, or the page's main content when
// fragment is ""; anything else gets the whole page, in the templ layout
// (layout.templ). Responses say so with Vary, so that caches keep the two
// apart. The page is rendered into a buffer first, so that an error while
// rendering becomes a clean 500.
//
// Every page is a templ component (templPages), and htmx's fragments are
// its parts (templFragments).
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page, fragment string, v view) {
	v.Actor, v.SignedIn = s.actor(r)
	v.Accounts = s.accounts != nil
	v.Credentials = s.issuer != nil
	v.Brand = s.brand
	v.base = s.base
	if v.Done == "" {
		v.Done = doneMessage(r)
	}
	htmx := r.Header.Get("HX-Request") == "true"
	contentOnly := htmx && r.Header.Get("HX-Boosted") != "true"
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	var err error
	build, ok := templPages[page]
	switch {
	case !ok:
		err = fmt.Errorf("unknown page %q", page)
	case htmx && fragment != "":
		part, ok := templFragments[page][fragment]
		if !ok {
			err = fmt.Errorf("page %s has no fragment %q", page, fragment)
			break
		}
		err = part(v).Render(r.Context(), buf)
	case contentOnly:
		err = build(v).Render(r.Context(), buf)
	default:
		err = layout(s.layoutView(v, r.URL.Path), build(v)).Render(r.Context(), buf)
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("render %s/%s: %w", page, fragment, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Vary", "HX-Request")
	if status >= http.StatusBadRequest && htmx {
		// htmx 4 swaps error responses too: put the problem in the page's
		// main area rather than in the small part the request meant to
		// replace, and keep the failed form's address out of the history.
		h.Set("HX-Push-Url", "false")
		if r.Header.Get("HX-Boosted") != "true" {
			h.Set("HX-Retarget", "#main")
			h.Set("HX-Reswap", "innerHTML")
		}
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = buf.WriteTo(w)
}

// renderBuffers keeps the buffers pages are rendered into, so that a page
// does not grow a new one from nothing each time: a tracker is tens of
// kilobytes, and the growing and the garbage showed in the profile of the
// pages under load (docs/benchmarks.md).
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putRenderBuffer returns buf to the pool, unless an unusually large page
// made it bigger than a pooled buffer should stay.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away (or its time ran out) before the answer was
		// ready: nothing is wrong with the server, and nobody reads the 500.
		s.log.InfoContext(r.Context(), "request abandoned", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if unavailable(err) {
		s.fail(w, r, err)
		return
	}
	s.log.ErrorContext(r.Context(), "serving request", "method", r.Method, "path", r.URL.Path, "err", err)
	// The reference lets the person's report be matched to the log line.
	http.Error(w, http.StatusText(http.StatusInternalServerError)+"\nReference: "+RequestID(r.Context()), http.StatusInternalServerError)
}

// fail shows an error from the library as a page with a readable message
// and the right status (see errorKinds), or as a 500 when it is not one of
// the library's kinds.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p, ok := s.problemOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	if p.Status == http.StatusUnauthorized && (s.accounts != nil || s.hostSignIn != nil) {
		s.toSignIn(w, r)
		return
	}
	if p.Status == http.StatusServiceUnavailable {
		// The database is down: say so in the log, and ask the person to
		// come back, rather than anything that reads as their fault.
		what := "database unavailable"
		if errors.Is(err, standards.ErrTransient) {
			what = "database busy: still refused after the library's tries"
		}
		s.log.ErrorContext(r.Context(), what, "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "60")
	}
	s.render(w, r, p.Status, "problem.html", "", view{Title: p.Heading, Problem: &p, Data: backLink(r), Outage: p.Status == http.StatusServiceUnavailable})
}

// backLink is where "go back" leads from a problem: the page the form was
// on, if it was ours, as a path on this host.
func backLink(r *http.Request) string {
	u, err := url.Parse(r.Header.Get("Referer"))
	if err != nil || u.Host != r.Host || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// seeOther answers a form with a redirect to the page that shows its
// result (post/redirect/get), under the host's prefix.
func (s *server) seeOther(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, s.base+path, http.StatusSeeOther)
}

// typedOr is what was typed in the field name of a refused form, or held
// when the form was not refused or nothing was typed.
func typedOr(v view, name, held string) string {
	if typed := v.Value(name); typed != "" {
		return typed
	}
	return held
}
