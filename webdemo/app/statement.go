package app

import (
	"net/http"

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

func (s *server) publishStatement(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	if !a.Operator {
		s.fail(w, r, standards.ErrNotFound)
		return
	}
	year, err := standards.ParseAcademicYear(r.PostFormValue("year"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostFormValue("text")
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

// showStatement renders the statement's page for year, with a problem and
// the text typed when publishing was refused.
func (s *server) showStatement(w http.ResponseWriter, r *http.Request, status int, year standards.AcademicYear, p *problem, typed *string) {
	a, _ := s.actor(r)
	if !a.Operator {
		s.fail(w, r, standards.ErrNotFound)
		return
	}
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
