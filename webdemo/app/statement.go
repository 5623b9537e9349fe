package app

import (
	"fmt"
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
	if err := s.stillCurrent(r, year); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.PublishStatement(r.Context(), a, year, text); err != nil {
		p, ok := s.problemOf(err)
		if !ok || p.Status != http.StatusUnprocessableEntity {
			s.fail(w, r, err)
			return
		}
		if msg, ok := p.Fields["text"]; ok {
			p.Fields = map[string]string{"statement-text-input": msg}
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

// stillCurrent refuses a form published from a version no longer current
// (a second click, or another publication since the page was read), so
// that nobody replaces a text they never saw. The form says which version
// it showed; a form that does not say is not checked. Two publications in
// the same instant can both pass: the check is before the library's
// transaction, not in it.
func (s *server) stillCurrent(r *http.Request, year standards.AcademicYear) error {
	shown := r.PostFormValue("version")
	if shown == "" {
		return nil
	}
	current, err := s.svc.CurrentStatement(r.Context(), year)
	if err != nil {
		return err
	}
	if shown != strconv.Itoa(current.Version) {
		return &standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonStale,
			Message: fmt.Sprintf("version %d of the statement for %s was published after this page was read: look at it, then publish again", current.Version, year)}
	}
	return nil
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
