package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

func (s *server) registerHomeRoutes(r *mux.Router) {
	r.HandleFunc("/", s.keep(s.home)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/register", s.registerPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/centres", s.registerCentre).Methods(http.MethodPost)
	r.HandleFunc("/join", s.join).Methods(http.MethodPost)
	r.HandleFunc("/find", s.find).Methods(http.MethodGet, http.MethodHead)
}

// findData is a centre found by its number, to ask to join it.
type findData struct {
	Number  string
	Year    standards.AcademicYear
	Listing standards.CentreListing
	Found   bool
}

// find looks a centre up by number, so that a person sees its name before
// asking to join it, and is told when it is not registered for the year.
func (s *server) find(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	q := r.URL.Query()
	d := findData{Number: q.Get("centre_number")}
	year, err := standards.ParseAcademicYear(q.Get("year"))
	if err != nil {
		year = standards.YearOf(s.now())
	}
	d.Year = year
	if d.Number == "" {
		s.render(w, r, http.StatusOK, "find.html", "", view{Title: "Find your centre", Data: d})
		return
	}
	d.Listing, err = s.svc.FindCentre(r.Context(), a, standards.CentreNumber(d.Number), year)
	switch {
	case err == nil:
		d.Found = true
	case errors.Is(err, standards.ErrNotFound):
	default:
		p, ok := s.problemOf(err)
		if !ok || p.Status == http.StatusUnauthorized {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, p.Status, "find.html", "", view{Title: "Find your centre", Problem: &p, Data: d})
		return
	}
	s.render(w, r, http.StatusOK, "find.html", "", view{Title: "Find your centre", Data: d})
}

// homeData is the signed-in home page: what needs doing, the person's
// registrations in every year, the exams officers they look after, and the
// forms to register a centre or ask to join one.
type homeData struct {
	// ToDo is what waits for the person, in each of their roles.
	ToDo          standards.ToDo
	Registrations []standards.OwnRegistration
	Trusts        []standards.Trust
	// Years are the years open for registration: this one and the next.
	Years    []standards.AcademicYear
	ThisYear standards.AcademicYear
	// Watch lists the exams officers the person looks after: all of a
	// centre's for its admins, their own for an overseer.
	Watch      []watched
	WatchPager pager
	// Certificates are the person's own, from every centre and year.
	Certificates []standards.Certificate
	// MyName is the name the library holds for the person (R-PER-3), or
	// the account's before the library knows them: the forms' full name
	// starts with it.
	MyName string
	// HasCentre says the person has a registration this year, waiting or
	// approved: the forms to register a centre or join one then wait
	// behind a link (/register) rather than fill their home.
	HasCentre bool
}

// watched is an exams officer on the home page of someone who looks after
// them, with their progress and the flags that need attention.
type watched struct {
	Centre standards.Centre
	Year   standards.AcademicYear
	Entry  standards.DashboardEntry
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	a, signedIn := s.actor(r)
	if !signedIn {
		s.render(w, r, http.StatusOK, "landing", "", view{Title: "Home"})
		return
	}
	s.showHome(w, r, a, http.StatusOK, nil, nil)
}

// showHome renders the signed-in person's home, with a problem and what was
// typed when a form on it was refused (their name).
func (s *server) showHome(w http.ResponseWriter, r *http.Request, a standards.Actor, status int, p *problem, form map[string]string) {
	todo, err := s.svc.WhatNeedsDoing(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The list brings the person's registrations, the trusts they lead and
	// the dashboards of the exams officers they look after, from the reads
	// it makes: each was a read of its own (docs/benchmarks.md).
	mine, trusts := todo.Registrations, todo.Trusts
	this := standards.YearOf(s.now())
	watch, err := s.watchList(r, a, mine, todo.Dashboards)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	watch, watchPager, err := paginate(r, "watch", "Pages of exams officers you look after", watch)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	certs, err := s.svc.MyCertificates(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The name the library holds for the person (R-PER-3), from the list's
	// reads, or the account's before the library knows them.
	myName := a.Name
	if todo.Me.ID != "" {
		myName = todo.Me.Name
	}
	hasCentre := false
	for _, own := range mine {
		st := own.Registration.Status
		hasCentre = hasCentre || own.Registration.Year == this && (st == standards.RegistrationApproved || st == standards.RegistrationPending)
	}
	n := todo.Count()
	s.render(w, r, status, "home.html", "", view{Title: "What needs doing", ToDoCount: &n, Problem: p, Form: form, Data: homeData{
		ToDo: todo, Registrations: mine, Trusts: trusts, Years: []standards.AcademicYear{this, this + 1}, ThisYear: this,
		Watch: watch, WatchPager: watchPager, Certificates: certs, MyName: myName, HasCentre: hasCentre,
	}})
}

// myName is the name the library holds for the person, or, when it does
// not know them yet (known is false), the account's.
func (s *server) myName(r *http.Request, a standards.Actor, known bool) (string, error) {
	if !known {
		return a.Name, nil
	}
	// Only someone the library knows has a name there to correct.
	me, err := s.svc.FindPerson(r.Context(), a, a.Email)
	if errors.Is(err, standards.ErrNotFound) {
		return a.Name, nil
	}
	return me.Name, err
}

// registerData is the page of the forms to register a centre or ask to
// join one.
type registerData struct {
	// Years are the years open for registration: this one and the next.
	Years  []standards.AcademicYear
	MyName string
}

// registerPage shows the forms to register a centre and to ask to join
// one, for someone who already has a centre this year (their home shows
// the forms only to people without one). A link may fill the register form
// in: an administrator asked to register the next year arrives with the
// year, the centre's number and its name in the address.
func (s *server) registerPage(w http.ResponseWriter, r *http.Request) {
	a, signedIn := s.actor(r)
	if !signedIn {
		s.fail(w, r, standards.ErrUnauthenticated)
		return
	}
	q := r.URL.Query()
	form := map[string]string{"which_form": "register"}
	for _, k := range []string{"year", "centre_number", "centre_name"} {
		if v := q.Get(k); v != "" {
			form[k] = v
		}
	}
	s.renderRegister(w, r, a, http.StatusOK, nil, form)
}

func (s *server) renderRegister(w http.ResponseWriter, r *http.Request, a standards.Actor, status int, p *problem, form map[string]string) {
	myName, err := s.myName(r, a, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	this := standards.YearOf(s.now())
	s.render(w, r, status, "register.html", "", view{Title: "Register your centre or join one", Problem: p, Form: form, Data: registerData{
		Years: []standards.AcademicYear{this, this + 1}, MyName: myName,
	}})
}

// watchList finds the exams officers a person looks after, from the
// library's dashboard, in the years they are an approved admin or overseer
// and someone may still act on: the next year, this one, and the last
// while a claim for it is still accepted. Earlier years are history, shown
// on the centre's page for the year; a dashboard for every year a person
// ever had would make the home page grow with their years.
//
// The dashboards come with what needs doing (ToDo.Dashboards), which read
// the same centre-years: reading them again was a quarter of the home
// page's work (docs/benchmarks.md). One the list did not bring is read.
func (s *server) watchList(r *http.Request, a standards.Actor, mine []standards.OwnRegistration, read []standards.CentreDashboard) ([]watched, error) {
	from := standards.YearOf(s.now().Add(-s.svc.ClaimGrace()))
	type centreYear struct {
		centre string
		year   standards.AcademicYear
	}
	boards := make(map[centreYear]standards.CentreDashboard, len(read))
	for _, b := range read {
		boards[centreYear{b.Centre.ID, b.Year}] = b
	}
	var out []watched
	for _, own := range mine {
		reg := own.Registration
		if reg.Year < from || !reg.IsAdmin() && !(reg.Approved() && reg.Roles.Overseer()) {
			continue
		}
		board, ok := boards[centreYear{own.Centre.ID, reg.Year}]
		if !ok {
			var err error
			if board, err = s.svc.CentreDashboard(r.Context(), a, own.Centre.ID, reg.Year); err != nil {
				return nil, err
			}
		}
		for _, e := range board.ExamsOfficers {
			if e.ExamsOfficer.Registration.ID != reg.ID {
				out = append(out, watched{Centre: board.Centre, Year: board.Year, Entry: e})
			}
		}
	}
	return out, nil
}

// registrationForm reads the fields shared by registering a centre and
// asking to join one.
func registrationForm(r *http.Request) (map[string]string, standards.AcademicYear, standards.Roles, error) {
	form := formValues(r, "which_form", "year", "centre_number", "centre_name", "full_name")
	var v []standards.FieldError
	year, err := standards.ParseAcademicYear(form["year"])
	if err != nil {
		v = append(v, standards.FieldError{Field: "year", Code: standards.FieldRequired, Message: "choose an academic year"})
	}
	if err := r.ParseForm(); err != nil {
		return form, 0, nil, err
	}
	var roles standards.Roles
	for _, code := range r.PostForm["roles"] {
		roles = append(roles, standards.Role(strings.ToUpper(code)))
	}
	form["roles"] = strings.Join(r.PostForm["roles"], ",")
	if len(v) > 0 {
		return form, year, roles, &standards.ValidationError{Fields: v}
	}
	return form, year, roles, nil
}

func (s *server) registerCentre(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	form, year, roles, err := registrationForm(r)
	if err == nil {
		var reg standards.Registration
		reg, err = s.svc.RegisterCentre(r.Context(), a, standards.CentreRegistration{
			Year: year, CentreNumber: standards.CentreNumber(form["centre_number"]), CentreName: form["centre_name"],
			FullName: form["full_name"], Roles: roles,
		})
		if err == nil && !reg.IsAdmin() {
			// A centre that registered before: the request waits for its
			// administrators (R-REG-12), and the home page lists it.
			s.seeOtherDone(w, r, "/", "join-requested")
			return
		}
		if err == nil {
			s.cleared.forget(a.ExternalID) // now an administrator: two-factor is due at once
			s.seeOtherDone(w, r, "/centres/"+reg.CentreID+"/"+yearPath(reg.Year), "registered")
			return
		}
	}
	s.homeProblem(w, r, a, err, form)
}

func (s *server) join(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	form, year, roles, err := registrationForm(r)
	if err == nil {
		_, err = s.svc.RequestToJoin(r.Context(), a, standards.JoinRequest{
			Year: year, CentreNumber: standards.CentreNumber(form["centre_number"]), FullName: form["full_name"], Roles: roles,
		})
		if err == nil {
			s.seeOtherDone(w, r, "/", "join-requested")
			return
		}
	}
	s.homeProblem(w, r, a, err, form)
}

// homeProblem shows the forms to register a centre or join one again, on
// their own page, with the problem beside the form it came from and what
// the person typed: the page is the same whether the person came from
// their home or from /register.
func (s *server) homeProblem(w http.ResponseWriter, r *http.Request, a standards.Actor, err error, form map[string]string) {
	p, ok := s.problemOf(err)
	if !ok || p.Status == http.StatusUnauthorized {
		s.fail(w, r, err)
		return
	}
	// The two forms' inputs have ids of their own: the summary links there.
	which := "register"
	if form["which_form"] == "join" {
		which = "join"
	}
	p.IDs = map[string]string{"year": which + "-year", "centre_number": which + "-number", "centre_name": which + "-name",
		"full_name": which + "-full-name", "roles": which + "-eo"}
	s.renderRegister(w, r, a, p.Status, &p, form)
}
