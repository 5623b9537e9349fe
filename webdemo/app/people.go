package app

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

// Personal data (UK GDPR): anyone downloads their own data from the home
// page; the operator finds a person by e-mail and exports or erases them.
func (s *server) registerPeopleRoutes(r *mux.Router) {
	r.HandleFunc("/my-data", s.exportMyData).Methods(http.MethodPost)
	r.HandleFunc("/my-name", s.correctMyName).Methods(http.MethodPost)
	r.HandleFunc("/people", s.peoplePage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/people/{person}/export", s.exportPerson).Methods(http.MethodPost)
	r.HandleFunc("/people/{person}/erase", s.erasePerson).Methods(http.MethodPost)
}

// peopleData is the operator's page of personal data.
type peopleData struct {
	Email  string
	Person standards.Person
	Found  bool
	Erased bool
}

// peoplePage lets the operator find a person by e-mail. The library says
// who may: anyone else finding anyone but themselves gets a 404.
func (s *server) peoplePage(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	d := peopleData{Email: strings.TrimSpace(r.URL.Query().Get("email")), Erased: r.URL.Query().Get("erased") != ""}
	status := http.StatusOK
	if d.Email != "" {
		p, err := s.svc.FindPerson(r.Context(), a, d.Email)
		var invalid *standards.ValidationError
		switch {
		case err == nil:
			d.Person, d.Found = p, true
		case errors.Is(err, standards.ErrNotFound) && a.Operator:
			status = http.StatusNotFound // the page says nobody has that address
		case errors.As(err, &invalid):
			p, _ := s.problemOf(err)
			s.render(w, r, p.Status, "people.html", "", view{Title: "Personal data", Problem: &p, Data: d})
			return
		default:
			s.fail(w, r, err)
			return
		}
	} else if !a.Operator {
		s.fail(w, r, standards.ErrNotFound)
		return
	}
	s.render(w, r, status, "people.html", "", view{Title: "Personal data", Data: d})
}

// exportMyData downloads everything the library holds about the person
// signed in.
func (s *server) exportMyData(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	p, err := s.svc.FindPerson(r.Context(), a, a.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeExport(w, r, a, p.ID)
}

// correctMyName records the name a person gives for themselves (R-PER-3).
func (s *server) correctMyName(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	if _, err := s.svc.CorrectMyName(r.Context(), a, r.PostFormValue("full_name")); err != nil {
		p, ok := s.problemOf(err)
		msg, field := p.Fields["full_name"]
		if !ok || !field {
			s.fail(w, r, err)
			return
		}
		// The home page again, the problem beside the name's own input
		// (my_name: the register form's has full_name too).
		p.Fields = map[string]string{"my_name": msg}
		s.showHome(w, r, a, p.Status, &p, map[string]string{"my_name": r.PostFormValue("full_name")})
		return
	}
	s.seeOtherDone(w, r, "/", "name-corrected")
}

func (s *server) exportPerson(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	s.writeExport(w, r, a, mux.Vars(r)["person"])
}

// writeExport answers with the person's data as a JSON file. It is a POST
// because the library audits every export.
func (s *server) writeExport(w http.ResponseWriter, r *http.Request, a standards.Actor, personID string) {
	x, err := s.svc.ExportPerson(r.Context(), a, personID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="personal-data-`+fileSafe(x.Person.ID)+`.json"`)
	_, _ = w.Write(body)
}

// erasePerson erases a person once the operator has ticked the box that
// says they mean it.
func (s *server) erasePerson(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["person"]
	if !a.Operator {
		// As on the page that offers erasing: to anyone but the operator,
		// nobody is in scope, so every id is not found, whoever it names
		// (the library would say forbidden, before looking the id up).
		s.fail(w, r, standards.ErrNotFound)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		// The person's page again, the box to tick marked, when the form
		// says whose it was; a page of its own otherwise.
		msg := "Tick the box to confirm that this person's name and e-mail address are to be erased and their certificates revoked."
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "There is a problem", Messages: []string{msg},
			Fields: map[string]string{"erase-confirm": msg}}
		email := strings.TrimSpace(r.PostFormValue("email"))
		if person, err := s.svc.FindPerson(r.Context(), a, email); err == nil && person.ID == id {
			d := peopleData{Email: email, Person: person, Found: true}
			s.render(w, r, p.Status, "people.html", "", view{Title: "Personal data", Problem: &p, Data: d})
			return
		}
		p.Heading = "Erasing needs confirming"
		s.render(w, r, p.Status, "problem.html", "", view{Title: p.Heading, Problem: &p, Data: backLink(r)})
		return
	}
	if err := s.svc.ErasePerson(r.Context(), a, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.seeOther(w, r, "/people?erased=1")
}
