package app

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
)

// siteName is shown in every page title and in the header.
const siteName = "eops — Exams Officer Professional Standards"

// pageData is what every page template receives.
type pageData struct {
	Title string // the page's own title, shown before the site name
}

// SiteName lets templates print the site's name.
func (pageData) SiteName() string { return siteName }

// pages holds one parsed template set per page, each built on layout.html.
type pages struct {
	byName map[string]*template.Template
}

// pageNames lists the page templates; each defines the blocks of layout.html
// that it fills in.
var pageNames = []string{"home.html", "notfound.html"}

func mustParsePages(fsys fs.FS) *pages {
	p := &pages{byName: make(map[string]*template.Template, len(pageNames))}
	for _, name := range pageNames {
		t, err := template.New("layout.html").ParseFS(fsys, "templates/layout.html", "templates/"+name)
		if err != nil {
			panic(fmt.Sprintf("app: parse template %s: %v", name, err))
		}
		p.byName[name] = t
	}
	return p
}

// render executes the named page into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("unknown page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = buf.WriteTo(w)
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "serving request", "method", r.Method, "path", r.URL.Path, "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}
