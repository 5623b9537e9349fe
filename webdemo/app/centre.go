package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app/internal/govuk"
)

func (s *server) registerCentreRoutes(r *mux.Router) {
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}", s.keep(s.centrePage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/decisions", s.decide).Methods(http.MethodPost)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/decisions", s.confirmDecisions).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/colleagues", s.registerColleague).Methods(http.MethodPost)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/colleagues.csv", s.registerColleagues).Methods(http.MethodPost)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/overseers", s.assignOverseer).Methods(http.MethodPost)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/name", s.renameCentre).Methods(http.MethodPost)
	r.HandleFunc("/centres/{centre}/audit", s.auditPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/audit", s.platformAuditPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", s.registrationAction).Methods(http.MethodPost)
	r.HandleFunc("/registrations/{id}/{action:reject|leave}", s.confirmRegistrationAction).Methods(http.MethodGet, http.MethodHead)
}

// centreData is a centre's page for one year: its members with their
// oversight, and what the viewer may do.
type centreData struct {
	Roster standards.Roster
	Year   standards.AcademicYear
	// Me is the viewer's own membership, if any.
	Me      standards.Member
	IsAdmin bool
	// Decides says the viewer decides the pending registrations (an
	// administrator, or the last year's while this one is not registered).
	Decides  bool
	Overseer bool // the viewer is an approved senior leader or line manager
	// Pending and Members are the page of each list asked for; their
	// pagers say where it stands.
	Pending      []standards.Member
	Members      []standards.Member
	PendingPager pager
	MembersPager pager
	EOs          []standards.Member
	// Overseers are the approved senior leaders and line managers.
	Overseers []standards.Member
	// Outcomes reports a bulk call's rows, when some could not be done.
	Outcomes []outcome
	// Done is the success banner of a change made under htmx, shown in
	// the part of the page htmx replaces (a whole page shows it in the
	// layout, from its address).
	Done string
	// Rows are Members with what the page shows of each, worked out once
	// before rendering rather than by function calls in the template for
	// every member (see docs/benchmarks.md).
	Rows []memberRow
}

// memberRow is a member as the centre's list shows them. It names Person
// and Registration as fields of its own rather than embedding the Member:
// the template finds a promoted field by a search through the embedded
// structs, on every use.
type memberRow struct {
	Person           standards.Person
	Registration     standards.Registration
	NoOverseer, Late bool
	// OverseenBy and Oversees name the people, joined.
	OverseenBy, Oversees string
	// TrackerURL is the address of the member's record, if the viewer may
	// open it; RegistrationURL the address of their registration.
	TrackerURL, RegistrationURL string
	// Admin: the member is an administrator; MayBeMade: an approved member
	// an administrator may make one.
	Admin, MayBeMade bool
}

// memberRows works out Rows from Members for the viewer; base is the app's
// base path.
func (d *centreData) memberRows(base string) {
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = d.Name(id)
		}
		return strings.Join(out, ", ")
	}
	d.Rows = make([]memberRow, len(d.Members))
	for i, m := range d.Members {
		row := memberRow{
			Person: m.Person, Registration: m.Registration, NoOverseer: m.NoOverseer(d.Roster), Late: m.Registration.Late(),
			OverseenBy: names(m.Overseers), Oversees: names(m.Oversees),
			RegistrationURL: base + "/registrations/" + m.Registration.ID,
			Admin:           m.Registration.IsAdmin(), MayBeMade: !m.Registration.IsAdmin() && m.Registration.Approved(),
		}
		mine := m.Registration.ID == d.Me.Registration.ID || slices.Contains(m.Overseers, d.Me.Registration.ID)
		if m.RecordID != "" && (d.IsAdmin || mine) {
			row.TrackerURL = base + "/records/" + m.RecordID
		}
		d.Rows[i] = row
	}
}

// outcome is one row of a bulk call as the page shows it.
type outcome struct {
	// Who names the row: the person's name for a decision, or the line of
	// the file and its e-mail address for a file of colleagues.
	Who     string
	OK      bool
	Message string
}

// Name finds a member's name by registration id, for oversight lists.
func (d centreData) Name(registrationID string) string {
	if m, ok := d.Roster.Member(registrationID); ok {
		return m.Person.Name
	}
	return ""
}

func centreYear(r *http.Request) (string, standards.AcademicYear, error) {
	v := mux.Vars(r)
	y, err := standards.ParseAcademicYear(v["year"])
	return v["centre"], y, err
}

func (s *server) centreData(r *http.Request, centreID string, year standards.AcademicYear) (centreData, error) {
	a, _ := s.actor(r)
	roster, err := s.svc.Roster(r.Context(), a, centreID, year)
	if err != nil {
		return centreData{}, err
	}
	d := centreData{Roster: roster, Year: year, Decides: roster.Decides}
	for _, m := range roster.Members {
		if m.Person.Email == a.Email {
			d.Me = m
			d.IsAdmin = m.Registration.IsAdmin()
			d.Overseer = m.Registration.Approved() && m.Registration.Roles.Overseer()
		}
		switch m.Registration.Status {
		case standards.RegistrationPending:
			d.Pending = append(d.Pending, m)
		default:
			d.Members = append(d.Members, m)
		}
		if m.Registration.Approved() && m.Registration.Roles.Has(standards.RoleEO) {
			d.EOs = append(d.EOs, m)
		}
		if m.Registration.Approved() && m.Registration.Roles.Overseer() {
			d.Overseers = append(d.Overseers, m)
		}
	}
	if d.Pending, d.PendingPager, err = paginate(r, "pending", "Pages of registrations waiting", d.Pending); err != nil {
		return centreData{}, err
	}
	if d.Members, d.MembersPager, err = paginate(r, "members", "Pages of members", d.Members); err != nil {
		return centreData{}, err
	}
	// Each list is a tab (centreTabs): its pages come back to it.
	d.PendingPager, d.MembersPager = d.PendingPager.at("waiting"), d.MembersPager.at("members")
	d.memberRows(s.base)
	return d, nil
}

func (s *server) centrePage(w http.ResponseWriter, r *http.Request) {
	s.showCentre(w, r, http.StatusOK, nil, nil, nil)
}

// showCentre renders the centre page, with a problem or a bulk call's
// outcomes when there are some; an htmx request gets the roster only.
func (s *server) showCentre(w http.ResponseWriter, r *http.Request, status int, p *problem, outcomes []outcome, form map[string]string) {
	centreID, year, err := centreYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.centreData(r, centreID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Outcomes = outcomes
	s.render(w, r, status, "centre.html", "", view{Title: d.Roster.Centre.Name + " " + year.String(), Problem: p, Form: form, Data: d})
}

// afterCentreChange answers a change on the centre page: the roster again
// for htmx, with the success banner of done in it, or a redirect back to
// the page, which shows the banner.
func (s *server) afterCentreChange(w http.ResponseWriter, r *http.Request, centreID string, year standards.AcademicYear, err error, done string) {
	if err != nil {
		s.centreFormRefused(w, r, err, refusedTabs[done])
		return
	}
	if fragmentRequest(r) {
		d, err := s.centreData(r, centreID, year)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Done = doneMessages[done]
		s.render(w, r, http.StatusOK, "centre.html", "roster", view{Data: d})
		return
	}
	s.seeOtherDone(w, r, centrePath(centreID, year), done)
}

// refusedTabs are the tabs of the centre's page whose forms come back to
// the page when refused, by what their success says (doneMessages).
var refusedTabs = map[string]string{"overseer-assigned": "assign", "colleague-registered": "register"}

// centreFormRefused answers a form of the centre's page that the library
// refused as bad input: the page again, its problem at the top linking to
// the tab of the form, so that the person puts it right where they were
// rather than on a page of its own. A form no tab holds, an htmx request
// for part of the page and any other error are answered as fail answers
// them.
func (s *server) centreFormRefused(w http.ResponseWriter, r *http.Request, err error, tab string) {
	var invalid *standards.ValidationError
	if tab == "" || !errors.As(err, &invalid) || fragmentRequest(r) {
		s.fail(w, r, err)
		return
	}
	p, _ := s.problemOf(err)
	p.Link, p.Fields = tab, nil // the tab opens the form; its fields are inside
	// What was typed comes back in the form (the colleague's name and
	// address, the roles ticked).
	form := formValues(r, "full_name", "email")
	form["roles"] = strings.Join(r.PostForm["roles"], ",")
	s.showCentre(w, r, p.Status, &p, nil, form)
}

// fragmentRequest says r is htmx asking for a part of the page (not a
// boosted link or form, which is answered as a browser's).
func fragmentRequest(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true"
}

// centrePath is the address of a centre's page for a year.
func centrePath(centreID string, year standards.AcademicYear) string {
	return "/centres/" + centreID + "/" + yearPath(year)
}

// registrationAction approves, rejects, grants or revokes the admin right,
// or leaves, from a button beside a member.
func (s *server) registrationAction(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["id"]
	var reg standards.Registration
	var err error
	action := mux.Vars(r)["action"]
	switch action {
	case "approve":
		reg, err = s.svc.ApproveRegistration(r.Context(), a, id)
	case "reject":
		reg, err = s.svc.RejectRegistration(r.Context(), a, id, r.PostFormValue("reason"))
		var invalid *standards.ValidationError
		if errors.As(err, &invalid) && !fragmentRequest(r) {
			d, derr := s.registrationConfirm(r, id, "reject")
			if derr != nil {
				s.fail(w, r, derr)
				return
			}
			s.reaskForReason(w, r, d, err)
			return
		}
	case "grant-admin":
		reg, err = s.svc.GrantAdmin(r.Context(), a, id)
	case "revoke-admin":
		reg, err = s.svc.RevokeAdmin(r.Context(), a, id)
	case "leave":
		reg, err = s.svc.Leave(r.Context(), a, id)
		if err == nil {
			s.seeOtherDone(w, r, "/", "left")
			return
		}
	}
	s.afterCentreChange(w, r, reg.CentreID, reg.Year, err, map[string]string{
		"approve": "approved", "reject": "rejected", "grant-admin": "admin-granted", "revoke-admin": "admin-revoked",
	}[action])
}

// confirmData is a page that asks "are you sure?" before something that
// cannot simply be undone: what will happen, in words, and the button that
// does it. It works without JavaScript: the button is a form's.
type confirmData struct {
	Heading string
	// Caption names the centre and year, above the heading.
	Caption string
	// Happens says what will happen, a sentence each.
	Happens []string
	// Warning is the one thing not to miss, if any.
	Warning string
	// Action is where the form posts (inside the app), and Button its
	// words.
	Action string
	Button string
	// Registrations, when set, are the requests a bulk rejection decides:
	// the form sends them with decision=reject and confirm=yes.
	Registrations []string
	// Reason asks for a reason, told to the person, with this label.
	Reason      string
	ReasonValue string
	// Back is where "Cancel" leads (inside the app).
	Back string
}

// confirmRegistrationAction asks before rejecting a request to join, or
// leaving a centre, saying what will happen.
func (s *server) confirmRegistrationAction(w http.ResponseWriter, r *http.Request) {
	d, err := s.registrationConfirm(r, mux.Vars(r)["id"], mux.Vars(r)["action"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "confirm.html", "", view{Title: d.Heading, Data: d})
}

// registrationConfirm is the page that asks before action ("reject" or
// "leave") on the registration id.
func (s *server) registrationConfirm(r *http.Request, id, action string) (confirmData, error) {
	a, _ := s.actor(r)
	m, err := s.svc.Member(r.Context(), a, id)
	if err != nil {
		return confirmData{}, err
	}
	reg := m.Registration
	if action == "reject" {
		roster, err := s.svc.Roster(r.Context(), a, reg.CentreID, reg.Year)
		if err != nil {
			return confirmData{}, err
		}
		return confirmData{
			Caption: roster.Centre.Name + ", " + reg.Year.String(),
			Heading: "Reject the request of " + m.Person.Name + "?",
			Happens: []string{
				m.Person.Name + " asked to join as " + roleWords(reg.Roles) + ". If you reject it, they do not become a member of the centre for " + reg.Year.String() + ".",
				"They are told, with your reason.",
				"They can ask again later, and an administrator decides again.",
			},
			Action: "/registrations/" + reg.ID + "/reject", Button: "Reject the request",
			Reason: "Reason (told to " + m.Person.Name + ")",
			Back:   centrePath(reg.CentreID, reg.Year),
		}, nil
	}
	centreName := ""
	mine, err := s.svc.MyRegistrations(r.Context(), a)
	if err != nil {
		return confirmData{}, err
	}
	for _, own := range mine {
		if own.Registration.ID == reg.ID {
			centreName = own.Centre.Name
		}
	}
	if centreName == "" {
		// Only one's own registration can be left.
		return confirmData{}, standards.ErrNotFound
	}
	d := confirmData{
		Caption: centreName + ", " + reg.Year.String(),
		Heading: "Leave " + centreName + " for " + reg.Year.String() + "?",
		Happens: []string{
			"You stop being a member of the centre for " + reg.Year.String() + ": its pages and the records you saw there are no longer yours to open.",
			"What you recorded stays with the centre, and can be read but no longer changed.",
			"To come back, you ask to join again, and an administrator of the centre decides.",
		},
		Action: "/registrations/" + reg.ID + "/leave", Button: "Leave the centre",
		Back: centrePath(reg.CentreID, reg.Year),
	}
	if reg.Status == standards.RegistrationPending {
		d.Heading = "Withdraw your request to join " + centreName + "?"
		d.Happens = []string{"Your request to join the centre for " + reg.Year.String() + " is withdrawn: nobody needs to decide it.", "You can ask again later."}
		d.Button = "Withdraw the request"
	}
	if reg.IsAdmin() {
		d.Warning = "You are an administrator of the centre. A centre keeps at least one: if you are the last, make someone else an administrator first."
	}
	return d, nil
}

// reaskForReason shows the page that asked before rejecting again, with
// the problem beside the reason (a rejection needs one) and what was
// typed: the form shown again with its problem, at the form's address.
func (s *server) reaskForReason(w http.ResponseWriter, r *http.Request, d confirmData, err error) {
	p, ok := s.problemOf(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	d.ReasonValue = r.PostFormValue("reason")
	s.render(w, r, p.Status, "confirm.html", "", view{Title: d.Heading, Problem: &p, Data: d})
}

// decide approves or rejects the ticked pending registrations at once.
func (s *server) decide(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "form", Code: standards.FieldUnreadable, Message: "the form could not be read"}}})
		return
	}
	if err := s.inCentre(r, centreID, year, r.PostForm["registration"]...); err != nil {
		s.fail(w, r, err)
		return
	}
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		// Anything but the two buttons' values is a mistake, not a rejection.
		s.centreFormRefused(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "decision", Code: standards.FieldRequired, Message: "choose to approve or to reject"}}}, "waiting")
		return
	}
	var decisions []standards.Decision
	for _, id := range r.PostForm["registration"] {
		decisions = append(decisions, standards.Decision{RegistrationID: id, Approve: approve, Reason: r.PostFormValue("reason")})
	}
	if len(decisions) == 0 {
		s.centreFormRefused(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "registration", Code: standards.FieldRequired, Message: "tick at least one registration"}}}, "waiting")
		return
	}
	if !approve && r.PostFormValue("confirm") != "yes" {
		// Rejecting asks first, on a page of its own (confirmDecisions),
		// which names the people and says what will happen.
		q := url.Values{"decision": {"reject"}, "registration": r.PostForm["registration"]}
		if reason := r.PostFormValue("reason"); reason != "" {
			q.Set("reason", reason)
		}
		s.seeOther(w, r, centrePath(centreID, year)+"/decisions?"+q.Encode())
		return
	}
	if !approve && strings.TrimSpace(r.PostFormValue("reason")) == "" {
		// Every rejection needs a reason, told to the person: ask again
		// rather than fail each row alike.
		d, err := s.decisionsConfirm(r, centreID, year, r.PostForm["registration"], "")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.reaskForReason(w, r, d, &standards.ValidationError{Fields: []standards.FieldError{{Field: "reason", Code: standards.FieldRequired, Message: "give a reason: it is told to each of them"}}})
		return
	}
	rows, err := s.svc.DecideRegistrations(r.Context(), a, decisions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done := "rejected-several"
	if approve {
		done = "approved-several"
	}
	s.afterBulk(w, r, centreID, year, rows, done)
}

// confirmDecisions is the page that asks before rejecting the requests to
// join ticked on the centre's page, naming each person; it is also what
// the decisions' address shows when opened again (a reload, or Back),
// which without any requests named is the centre's page.
func (s *server) confirmDecisions(w http.ResponseWriter, r *http.Request) {
	centreID, year, err := centreYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	ids := q["registration"]
	if len(ids) == 0 || q.Get("decision") != "reject" {
		s.seeOther(w, r, centrePath(centreID, year))
		return
	}
	d, err := s.decisionsConfirm(r, centreID, year, ids, q.Get("reason"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "confirm.html", "", view{Title: d.Heading, Data: d})
}

// decisionsConfirm is the page that asks before rejecting the
// registrations ids of the centre's year, naming each person.
func (s *server) decisionsConfirm(r *http.Request, centreID string, year standards.AcademicYear, ids []string, reason string) (confirmData, error) {
	a, _ := s.actor(r)
	roster, err := s.svc.Roster(r.Context(), a, centreID, year)
	if err != nil {
		return confirmData{}, err
	}
	var names []string
	for _, id := range ids {
		m, ok := roster.Member(id)
		if !ok {
			return confirmData{}, standards.ErrNotFound
		}
		names = append(names, m.Person.Name)
	}
	heading, whose := "Reject "+strconv.Itoa(len(names))+" requests to join?", "the requests of "
	if len(names) == 1 {
		heading, whose = "Reject the request of "+names[0]+"?", "the request of "
	}
	d := confirmData{
		Caption: roster.Centre.Name + ", " + year.String(),
		Heading: heading,
		Happens: []string{
			"You are rejecting " + whose + joinNames(names) + ".",
			"They do not become members of the centre for " + year.String() + ". Each is told, with your reason.",
			"They can ask again later, and an administrator decides again.",
		},
		Action: centrePath(centreID, year) + "/decisions", Button: "Reject " + countNoun(len(names), "the request", "the requests"),
		Registrations: ids, Reason: "Reason (told to each of them)", ReasonValue: reason,
		Back: centrePath(centreID, year),
	}
	return d, nil
}

// countNoun is "one request" or "3 requests".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return strconv.Itoa(n) + " " + strings.TrimPrefix(many, "the ")
}

// joinNames writes names as a list: "Ann, Bob and Cy".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// afterBulk answers a bulk call: when every row was done, a redirect to
// the centre's page with the banner of done; when some could not be, the
// centre's page with each row's outcome, as a form shown again with its
// problems (422), naming each row by its person, or by the file's line.
func (s *server) afterBulk(w http.ResponseWriter, r *http.Request, centreID string, year standards.AcademicYear, rows []standards.RowOutcome, done string) {
	failed := false
	for _, row := range rows {
		failed = failed || row.Err != nil
	}
	if !failed {
		s.seeOtherDone(w, r, centrePath(centreID, year), done)
		return
	}
	a, _ := s.actor(r)
	roster, err := s.svc.Roster(r.Context(), a, centreID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]outcome, len(rows))
	for i, row := range rows {
		o := outcome{OK: row.Err == nil}
		switch {
		case row.Email != "":
			o.Who = "Line " + strconv.Itoa(row.Line) + " of the file (" + row.Email + ")"
		default:
			o.Who = "A request"
			if m, ok := roster.Member(row.RegistrationID); ok {
				o.Who = m.Person.Name
			}
		}
		if row.Err != nil {
			o.Message = "Not done."
			if p, ok := s.problemOf(row.Err); ok && len(p.Messages) > 0 {
				o.Message = strings.Join(p.Messages, " ")
			}
		}
		out[i] = o
	}
	p := &problem{Status: http.StatusUnprocessableEntity, Heading: "Some of it could not be done",
		Messages: []string{"The rest was done: the list below says what happened to each."}}
	s.showCentre(w, r, p.Status, p, out, nil)
}

func (s *server) registerColleague(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err == nil {
		_ = r.ParseForm()
		var roles standards.Roles
		for _, code := range r.PostForm["roles"] {
			roles = append(roles, standards.Role(code))
		}
		_, err = s.svc.RegisterColleague(r.Context(), a, standards.Colleague{
			CentreID: centreID, Year: year, Email: r.PostFormValue("email"), FullName: r.PostFormValue("full_name"), Roles: roles,
		})
	}
	s.afterCentreChange(w, r, centreID, year, err, "colleague-registered")
}

// renameCentre changes the centre's name: an administrator of the current
// year, or the operator, may (R-REG-12).
func (s *server) renameCentre(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err == nil {
		_, err = s.svc.RenameCentre(r.Context(), a, centreID, r.PostFormValue("centre_name"))
	}
	s.afterCentreChange(w, r, centreID, year, err, "renamed")
}

// registerColleagues registers colleagues from an uploaded CSV file.
func (s *server) registerColleagues(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.fail(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "file", Code: standards.FieldRequired, Message: "choose a CSV file to upload"}}})
		return
	}
	defer file.Close()
	rows, err := s.svc.RegisterColleagues(r.Context(), a, centreID, year, file)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.afterBulk(w, r, centreID, year, rows, "colleagues-registered")
}

func (s *server) assignOverseer(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err == nil {
		err = s.inCentre(r, centreID, year, r.PostFormValue("exams_officer"), r.PostFormValue("overseer"))
	}
	if err == nil {
		_, err = s.svc.AssignOverseer(r.Context(), a, standards.Overseeing{ExamsOfficer: r.PostFormValue("exams_officer"), Overseer: r.PostFormValue("overseer")})
	}
	s.afterCentreChange(w, r, centreID, year, err, "overseer-assigned")
}

// inCentre checks, before a form naming registrations is acted on, that
// the centre in the address is in the actor's scope and that each
// registration named (but the empty ones, left for the library to refuse)
// is of that centre and year. The library checks the actor may act on each
// registration, but not that it belongs to the page's centre: without this,
// a form posted to another centre's address would change the actor's own
// centre and then answer 404 for the page it was posted to. A registration
// of another centre is not found, as the library would say.
func (s *server) inCentre(r *http.Request, centreID string, year standards.AcademicYear, registrationIDs ...string) error {
	a, _ := s.actor(r)
	roster, err := s.svc.Roster(r.Context(), a, centreID, year)
	if err != nil {
		return err
	}
	for _, id := range registrationIDs {
		if _, ok := roster.Member(id); id != "" && !ok {
			return standards.ErrNotFound
		}
	}
	return nil
}

// auditData is a page of a centre's audit trail.
type auditData struct {
	// CentreID is the centre whose trail it is; "" for the platform's.
	CentreID string
	Entries  []standards.AuditEntry
	// Rows are the entries as sentences (audit.go).
	Rows []auditRow
	// Older is the sequence number to page back from, or 0 at the end.
	Older int64
}

func (s *server) auditPage(w http.ResponseWriter, r *http.Request) {
	centreID := mux.Vars(r)["centre"]
	s.trailPage(w, r, centreID, func(a standards.Actor, before int64, page int) ([]standards.AuditEntry, error) {
		return s.svc.AuditTrail(r.Context(), a, centreID, before, page)
	})
}

// platformAuditPage is the operator's trail of what belongs to no centre:
// people recorded and erased, trusts, statements.
func (s *server) platformAuditPage(w http.ResponseWriter, r *http.Request) {
	s.trailPage(w, r, "", func(a standards.Actor, before int64, page int) ([]standards.AuditEntry, error) {
		return s.svc.PlatformTrail(r.Context(), a, before, page)
	})
}

func (s *server) trailPage(w http.ResponseWriter, r *http.Request, centreID string, read func(a standards.Actor, before int64, page int) ([]standards.AuditEntry, error)) {
	a, _ := s.actor(r)
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		var err error
		if before, err = strconv.ParseInt(b, 10, 64); err != nil {
			s.fail(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "before", Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "1"}, Message: fmt.Sprintf("%q is not a number: give the number of the entry to list older entries from", b)}}})
			return
		}
	}
	const page = 50
	entries, err := read(a, before, page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{CentreID: centreID, Entries: entries}
	var names auditNames
	if centreID != "" {
		names, err = s.centreAuditNames(r.Context(), a, centreID, entries)
	} else {
		names, err = s.platformAuditNames(r.Context(), a, entries)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = auditRows(entries, names)
	if len(entries) == page {
		d.Older = entries[len(entries)-1].Seq
	}
	s.render(w, r, http.StatusOK, "audit.html", "", view{Title: "Audit trail", Data: d})
}

// centreTabs are the parts of the centre's people the viewer may see, as
// tabs (docs/frontend.md, "Tabs"): the requests waiting first, when there
// are any and the viewer decides them, then the members, then assigning an
// overseer and registering a colleague for an administrator or overseer.
// Each panel keeps its own heading, so that without the script (and on a
// phone, where GOV.UK's tabs stay a list of contents) the page reads as
// the sections one after another.
func centreTabs(v view, d centreData) []govuk.TabsItem {
	var tabs []govuk.TabsItem
	if d.Decides && len(d.Pending) > 0 {
		tabs = append(tabs, govuk.TabsItem{ID: "waiting", Label: fmt.Sprintf("Waiting for approval (%d)", d.PendingPager.Total), Panel: govuk.Content{HTML: pendingSection(v, d)}})
	}
	tabs = append(tabs, govuk.TabsItem{ID: "members", Label: fmt.Sprintf("Members (%d)", d.MembersPager.Total), Panel: govuk.Content{HTML: membersSection(v, d)}})
	if (d.IsAdmin || d.Overseer) && len(d.EOs) > 0 && len(d.Overseers) > 0 {
		tabs = append(tabs, govuk.TabsItem{ID: "assign", Label: "Assign an overseer", Panel: govuk.Content{HTML: assignOverseer(v, d)}})
	}
	if d.IsAdmin || d.Overseer {
		tabs = append(tabs, govuk.TabsItem{ID: "register", Label: "Register a colleague", Panel: govuk.Content{HTML: registerColleague(v, d)}})
	}
	return tabs
}
