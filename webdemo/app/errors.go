package app

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"net/http"
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
	{standards.CodeNotFound, http.StatusNotFound, "Not found", ""},
	{standards.CodeForbidden, http.StatusForbidden, "You may not do that", ""},
	{standards.CodeConflict, http.StatusConflict, "That clashes with what is already there", ""},
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
}

// problemOf is problemIn with the app's catalogue (WithMessages).
func (s *server) problemOf(err error) (problem, bool) { return problemIn(err, s.messages) }

// problemIn decides how an error reaches a person, in the words of the
// catalogue m, or the library's English messages when m is nil. Errors of
// no known kind are the server's fault: their text is logged, not shown.
func problemIn(err error, m standards.Messages) (problem, bool) {
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "Please check what you entered", Fields: map[string]string{},
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
			msg := err.Error()
			switch {
			case slices.Contains(bareKinds, err):
				msg = "" // the heading says all a bare kind says
			case m != nil:
				msg = standards.Translate(err, m)
			}
			if k.message != "" {
				msg = k.message
			}
			p := problem{Status: k.status, Heading: k.heading, Code: code, Reason: standards.ErrorReason(err)}
			if msg != "" {
				p.Messages = []string{msg}
			}
			return p, true
		}
	}
	return problem{}, false
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
	}
	return field
}
