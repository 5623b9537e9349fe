package app

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"

	"github.com/eops/eops/standards"
)

// errorKinds maps the library's kinds of error, by their stable codes
// (standards.ErrorCode), to an HTTP status and a heading a person can
// read: the one place the web layer decides this. A code not here
// (internal, canceled) is the server's fault: a 500.
var errorKinds = []struct {
	code    standards.Code
	status  int
	heading string
	// message, if set, is shown in place of the error's text.
	message string
}{
	{standards.CodeUnauthenticated, http.StatusUnauthorized, "Please sign in", ""},
	{standards.CodeNotFound, http.StatusNotFound, "We could not find that", ""},
	{standards.CodeForbidden, http.StatusForbidden, "You may not do that", ""},
	{standards.CodeConflict, http.StatusConflict, "That could not be done", ""},
	{standards.CodeNotEligible, http.StatusUnprocessableEntity, "Not eligible yet", ""},
	{standards.CodeTransient, http.StatusServiceUnavailable, "Sorry, the service is busy",
		"Many people are saving at this moment and yours could not be saved. Nothing was changed: try again in a moment."},
	{standards.CodeUnavailable, http.StatusServiceUnavailable, "Sorry, the service is unavailable",
		"The service cannot reach its database just now. Try again in a minute. If you were saving something, check afterwards that it was saved."},
}

// bareKinds are the library's sentinel errors, which say no more than
// their heading when returned as they are.
var bareKinds = []error{standards.ErrUnauthenticated, standards.ErrNotFound, standards.ErrForbidden,
	standards.ErrConflict, standards.ErrNotEligible, standards.ErrTransient, standards.ErrUnavailable}

// unavailable reports whether err says the database cannot be reached just
// now: standards.ErrUnavailable, or, from a store that does not say so, a
// connection that failed or is closed (database/sql's own errors, and the
// network errors every driver passes on), or one the server ended: a
// PostgreSQL error of class 08 (connection exception) or 57P (the
// connection terminated by an administrator, pg_terminate_backend, or a
// server shutting down), or MySQL's driver's "invalid connection" for a
// connection the server killed (KILL CONNECTION) under a query. A person
// whose request meets one is told to try again (503), never that they are
// signed out; the page tells them to check that what they saved was saved,
// since a connection ended during a commit leaves that unknown.
func unavailable(err error) bool {
	var netErr net.Error
	var state interface{ SQLState() string } // pgx's *pgconn.PgError
	switch {
	case errors.Is(err, standards.ErrUnavailable),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.As(err, &netErr):
		return true
	case errors.As(err, &state):
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57P")
	}
	// database/sql's error for a closed *sql.DB and the MySQL driver's
	// ErrInvalidConn are compared by their text, so that the app needs no
	// driver.
	for e := err; e != nil; e = errors.Unwrap(e) {
		if msg := e.Error(); msg == "sql: database is closed" || msg == "invalid connection" {
			return true
		}
	}
	return false
}

// problem is an error as a page shows it.
type problem struct {
	Status  int
	Heading string
	// Code and Reason are the error's stable codes (standards.ErrorCode,
	// standards.ErrorReason).
	Code   standards.Code
	Reason standards.Reason
	// Messages are the sentences to show: every invalid field, or the
	// error's own message.
	Messages []string
	// Fields maps a form field to its message, for forms that show
	// messages beside their inputs.
	Fields map[string]string
	// IDs maps a form field to the id of its input, where the two differ
	// and Fields keeps the field's name (a page with two forms): the
	// error summary links there.
	IDs map[string]string
	// Link, if set, is the id of the part of the page whose form was
	// refused: every message without a field of its own links there (a
	// tab of the centre's page, which the link opens).
	Link string
	// Next, if set, is what to do instead: a link the page shows beside
	// the messages (to ask to join a centre that is already registered,
	// say), its address inside the app.
	Next *nextStep
}

// nextStep is a way on from a refusal: a sentence that links somewhere.
type nextStep struct {
	Text string
	// Path is inside the app, without the host's base path.
	Path string
}

// problemOf is problemIn with the app's catalogue (WithMessages).
func (s *server) problemOf(err error) (problem, bool) { return problemIn(err, s.messages) }

// problemIn decides how an error reaches a person, in the words of the
// catalogue m, or the library's English messages when m is nil. Errors of
// no known kind are the server's fault: their text is logged, not shown.
func problemIn(err error, m standards.Messages) (problem, bool) {
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "There is a problem", Fields: map[string]string{},
			Code: standards.CodeInvalid}
		for _, f := range invalid.Fields {
			text := f.Message
			if m != nil {
				text = f.Text(m)
			}
			p.Messages = append(p.Messages, label(f.Field)+": "+text)
			p.Fields[f.Field] = text
		}
		return p, true
	}
	var notEligible *standards.NotEligibleError
	if errors.As(err, &notEligible) {
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "Not eligible yet",
			Code: standards.CodeNotEligible, Reason: standards.ReasonUnmetConditions}
		for _, u := range notEligible.Unmet {
			text := u.Message
			if m != nil {
				text = u.Text(m)
			}
			p.Messages = append(p.Messages, text)
		}
		return p, true
	}
	if unavailable(err) && !errors.Is(err, standards.ErrUnavailable) {
		err = errors.Join(standards.ErrUnavailable, err)
	}
	code := standards.ErrorCode(err)
	for _, k := range errorKinds {
		if code == k.code {
			reason := standards.ErrorReason(err)
			var msg string
			switch {
			case slices.Contains(bareKinds, err):
				msg = "" // the heading says all a bare kind says
			case m != nil:
				msg = standards.Translate(err, m)
			default:
				msg = inAppWords(err)
			}
			if k.message != "" {
				msg = k.message
			}
			p := problem{Status: k.status, Heading: k.heading, Code: code, Reason: reason}
			if h, ok := reasonHeadings[reason]; ok && m == nil {
				p.Heading = h
			}
			if msg != "" {
				p.Messages = []string{msg}
			}
			p.Next = nextStepOf(err)
			return p, true
		}
	}
	return problem{}, false
}

// appWords are the app's own English for the library's refusals that have
// a reason, shown when the host gives no catalogue (WithMessages): whole
// sentences for an exams officer, saying what happened and what to do
// next, where the library's own messages are short phrases for a log
// ("conflict: centre 12345 is already registered…"). A reason not here
// keeps the library's sentence.
var appWords = standards.Messages{
	"reason.stale":                       "Someone else changed this while you had it open. Look at it again, then try again.",
	"reason.duplicate":                   "This already exists, so nothing new was made.",
	"reason.centre_already_registered":   "Centre {{.centre_number}} is already registered for {{.year}}, so it has an administrator already. Ask to join it instead: its administrator approves you.",
	"reason.already_asked_to_join":       "There is already a request from {{.email}} to join centre {{.centre_number}} for {{.year}}. An administrator of the centre approves it: there is nothing more to do.",
	"reason.already_member":              "{{.email}} is already registered at centre {{.centre_number}} for {{.year}}: there is nothing more to do.",
	"reason.registration_closed":         "The registration of {{.email}} at centre {{.centre_number}} for {{.year}} was {{.status}}. Only an administrator of the centre can register them again.",
	"reason.not_pending":                 "This request was already decided: it is {{.status}}. Look at the centre's page for how it stands.",
	"reason.already_status":              "The registration is already {{.status}}: there is nothing more to do.",
	"reason.not_approved_member":         "Only an approved member can be an administrator, and this registration is {{.status}}.",
	"reason.already_admin":               "They are already an administrator.",
	"reason.not_admin":                   "They are not an administrator.",
	"reason.last_admin":                  "A centre must keep at least one administrator. Make someone else an administrator first, then try again.",
	"reason.centre_has_admin":            "Centre {{.centre_number}} has an administrator for {{.year}}: ask them to make you one.",
	"reason.record_closed":               "The record is closed: the certificate for {{.year}} has been claimed, so nothing in it can change.",
	"reason.record_read_only":            "The exams officer's registration is {{.status}}, so their record can be read but not changed.",
	"reason.certificate_already_revoked": "The certificate was already revoked.",
	"reason.person_already_erased":       "This person was already erased.",
	"reason.support_already_done":        "The support was already marked done.",
	"reason.statement_already_signed":    "The statement is already signed{{if eq .side \"eo\"}} by the exams officer{{else}} by an overseer{{end}}.",
	"reason.exams_officer_signs_first":   "The exams officer signs the statement first; an overseer countersigns it after.",
	"reason.target_withdrawn":            "The target was withdrawn, so it cannot change any more.",
	"reason.target_already_in_state":     "The target is already {{.state}}: there is nothing more to do.",
	"reason.target_transition_refused":   "A target that is {{.from}} cannot become {{.to}}.",
	"reason.already_in_trust":            "Centre {{.centre_number}} is already in the trust {{.trust}}.",
	"reason.in_another_trust":            "Centre {{.centre_number}} is in another trust: it must leave that trust first.",
	"reason.not_in_trust":                "Centre {{.centre_number}} is not in a trust.",
	"reason.too_many_targets":            "A record holds at most {{.max}} targets, withdrawn ones included.",
	"reason.too_many_meetings":           "A record holds at most {{.max}} meetings.",
	"reason.too_many_cpd":                "A record holds at most {{.max}} CPD entries.",
	"reason.too_many_notes":              "A record holds at most {{.max}} private notes.",
	"reason.too_many_pending":            "A centre can have at most {{.max}} requests to join waiting. An administrator has to decide some first.",
	"reason.too_many_members":            "A centre can have at most {{.max}} approved members a year.",
	"reason.too_many_trust_centres":      "A trust can have at most {{.max}} centres.",
	"reason.needs_right":                 "Only {{.needs}} can do this.",
	"reason.identity_mismatch":           "Your account's e-mail address belongs to someone else here. Ask the platform's operator to change it.",
	"reason.email_taken":                 "Someone else already has that e-mail address.",
}

// reasonHeadings are the problem's heading for the reasons that deserve
// their own, in the app's English.
var reasonHeadings = map[standards.Reason]string{
	standards.ReasonCentreAlreadyRegistered: "This centre is already registered",
	standards.ReasonAlreadyAskedToJoin:      "You have already asked",
	standards.ReasonLastAdmin:               "The centre needs another administrator first",
	standards.ReasonStale:                   "Someone else changed this first",
	standards.ReasonRecordClosed:            "The record is closed",
}

// inAppWords says err in the app's English: appWords for its reason, or
// the library's own message without the kind's code in front of it
// ("conflict: …"), as a sentence.
func inAppWords(err error) string {
	var e *standards.Error
	if errors.As(err, &e) {
		if e.Reason != "" {
			if s := standards.Translate(readableStates(e), appWords); s != "" && s != e.Error() {
				return s
			}
		}
		return sentence(e.Message)
	}
	msg := err.Error()
	// A sentinel wrapped with fmt.Errorf("%w: …") reads "conflict: …".
	for _, k := range bareKinds {
		if prefix := k.Error() + ": "; strings.HasPrefix(msg, prefix) {
			msg = strings.TrimPrefix(msg, prefix)
			break
		}
	}
	return sentence(msg)
}

// readableStates is e with the target states among its parameters in
// words ("in progress" for "in_progress").
func readableStates(e *standards.Error) *standards.Error {
	out := *e
	out.Params = make(map[string]string, len(e.Params))
	for k, v := range e.Params {
		if k == "state" || k == "from" || k == "to" {
			v = standards.TargetState(v).String()
		}
		out.Params[k] = v
	}
	return &out
}

// sentence starts s with a capital letter and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// nextStepOf is what to do instead of what err refused, when the app has
// a page for it: a centre already registered offers to ask to join it,
// with the centre number and year filled in (the join form fills in the
// person's name).
func nextStepOf(err error) *nextStep {
	var e *standards.Error
	if !errors.As(err, &e) || e.Reason != standards.ReasonCentreAlreadyRegistered {
		return nil
	}
	number, year := e.Params["centre_number"], e.Params["year"]
	if number == "" || year == "" {
		return nil
	}
	q := url.Values{"centre_number": {number}, "year": {strings.Replace(year, "/", "-", 1)}}
	return &nextStep{Text: "Ask to join centre " + number + " for " + year, Path: "/find?" + q.Encode()}
}

// label names a form field in words for a message.
func label(field string) string {
	switch field {
	case "centre_number":
		return "Centre number"
	case "centre_name":
		return "Centre name"
	case "full_name":
		return "Full name"
	case "email":
		return "E-mail address"
	case "roles":
		return "Roles"
	case "year":
		return "Academic year"
	case "password":
		return "Password"
	case "reason":
		return "Reason"
	// The tracker's forms (issue 21: their pages show the message in an
	// error summary, by the field's label).
	case "title":
		return "Title"
	case "area":
		return "Area"
	case "description":
		return "Description"
	case "success_measure":
		return "Success measure"
	case "due":
		return "Due date"
	case "catalogue_item":
		return "Suggested area"
	case "kind":
		return "Kind"
	case "date":
		return "Date"
	case "attendees":
		return "Present"
	case "notes":
		return "Notes"
	case "hours":
		return "Hours"
	case "provider":
		return "Provider"
	case "reflection":
		return "Reflection"
	case "text":
		return "Text" // a note's, the statement's
	case "support_due", "support[0].due":
		return "Support's due date"
	case "support[0].description":
		return "What support"
	case "support[0].owner":
		return "Who sees to it"
	// The centre page's forms.
	case "registration":
		return "Registrations"
	case "decision":
		return "Decision"
	case "exams_officer":
		return "Exams officer"
	case "overseer":
		return "Overseer"
	}
	if strings.HasPrefix(field, "updates[") {
		// updates[0].rating: a target's update at a meeting.
		if _, what, ok := strings.Cut(field, "]."); ok {
			return "A target's " + what
		}
	}
	return field
}
