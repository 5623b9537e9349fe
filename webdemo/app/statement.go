package app

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

// The operator's page of the Values and Attributes statement: the text
// people sign for a year, and publishing a new version of it (R-VA-1).
// Signatures already made keep the version they signed.

func (s *server) registerStatementRoutes(r *mux.Router) {
	r.HandleFunc("/statement", s.statementPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/statement", s.publishStatement).Methods(http.MethodPost)
}

// statementData is the statement's page: the year's current text, and the
// years the operator may publish for (this one and the next).
type statementData struct {
	Current standards.Statement
	Years   []standards.AcademicYear
	// Text is what the form holds: the current text, or what was typed
	// when publishing was refused.
	Text string
}

// statementPage shows the operator a year's statement (the query's year,
// or this one) and the form to publish a new version. To anyone else it
// is not there, as the personal data page is not.
func (s *server) statementPage(w http.ResponseWriter, r *http.Request) {
	if !s.operatorOnly(w, r) {
		return
	}
	year := standards.YearOf(s.now())
	if q := r.URL.Query().Get("year"); q != "" {
		y, err := standards.ParseAcademicYear(q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		year = y
	}
	s.showStatement(w, r, http.StatusOK, year, nil, nil)
}

// publishStatement publishes the form's text as the year's next version,
// and shows the page again with it: or, refused as invalid, with the
// problem and what was typed.
func (s *server) publishStatement(w http.ResponseWriter, r *http.Request) {
	if !s.operatorOnly(w, r) {
		return
	}
	a, _ := s.actor(r)
	year, err := standards.ParseAcademicYear(r.PostFormValue("year"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostFormValue("text")
	ctx, err := shownStatement(r, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.PublishStatement(ctx, a, year, text); err != nil {
		p, ok := s.problemOf(err)
		switch {
		case ok && p.Status == http.StatusUnprocessableEntity:
			if msg, ok := p.Fields["text"]; ok {
				p.Fields = map[string]string{"statement-text-input": msg}
			}
		case ok && p.Reason == standards.ReasonStale:
			// Another version was published while the page was open: the
			// page shows it, with what was typed kept in the form, so that
			// the operator reads it before publishing theirs over it.
			p.Link = "statement-current"
		default:
			s.fail(w, r, err)
			return
		}
		s.showStatement(w, r, p.Status, year, &p, &text)
		return
	}
	s.seeOtherDone(w, r, "/statement?year="+yearPath(year), "statement-published")
}

// operatorOnly lets the operator through: a signed-out person is sent to
// sign in, and to anyone else the page is not there, whatever they asked.
func (s *server) operatorOnly(w http.ResponseWriter, r *http.Request) bool {
	a, signedIn := s.actor(r)
	switch {
	case !signedIn:
		s.fail(w, r, standards.ErrUnauthenticated)
		return false
	case !a.Operator:
		s.fail(w, r, standards.ErrNotFound)
		return false
	}
	return true
}

// shownStatement makes the publication replace only the version the form
// showed (standards.IfStatementVersion), so that a second click, or a form
// read before someone else published, replaces nothing its reader never
// saw: the library compares the versions inside its transaction, so two
// publications from one version cannot both pass. A form that does not
// say which version it showed is not checked.
func shownStatement(r *http.Request, year standards.AcademicYear) (context.Context, error) {
	shown := r.PostFormValue("version")
	if shown == "" {
		return r.Context(), nil
	}
	version, err := strconv.Atoi(shown)
	if err != nil || version < 0 {
		return nil, &standards.ValidationError{Fields: []standards.FieldError{{Field: "version", Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "1"},
			Message: "the version the page showed is not a number: open the statement's page again"}}}
	}
	return standards.IfStatementVersion(r.Context(), year, version), nil
}

// showStatement renders the statement's page for year, with a problem and
// the text typed when publishing was refused.
func (s *server) showStatement(w http.ResponseWriter, r *http.Request, status int, year standards.AcademicYear, p *problem, typed *string) {
	current, err := s.svc.CurrentStatement(r.Context(), year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	this := standards.YearOf(s.now())
	d := statementData{Current: current, Years: []standards.AcademicYear{this, this + 1}, Text: current.Text}
	if typed != nil {
		d.Text = *typed
	}
	s.render(w, r, status, "statement.html", "", view{Title: "Values and Attributes statement " + year.String(), Problem: p, Data: d})
}
