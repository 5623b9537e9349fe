package app

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/eops/eops/standards"
)

// errorKinds maps the library's kinds of error to an HTTP status and a
// heading a person can read: the one place the web layer decides this.
var errorKinds = []struct {
	kind    error
	status  int
	heading string
	// message, if set, is shown in place of the error's text.
	message string
}{
	{standards.ErrUnauthenticated, http.StatusUnauthorized, "Please sign in", ""},
	{standards.ErrNotFound, http.StatusNotFound, "Not found", ""},
	{standards.ErrForbidden, http.StatusForbidden, "You may not do that", ""},
	{standards.ErrConflict, http.StatusConflict, "That clashes with what is already there", ""},
	{standards.ErrNotEligible, http.StatusUnprocessableEntity, "Not eligible yet", ""},
	{standards.ErrTransient, http.StatusServiceUnavailable, "Sorry, the service is busy",
		"Many people are saving at this moment and yours could not be saved. Nothing was changed: try again in a moment."},
	{standards.ErrUnavailable, http.StatusServiceUnavailable, "Sorry, the service is unavailable",
		"The service cannot reach its database just now. Try again in a minute. If you were saving something, check afterwards that it was saved."},
}

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
	// Messages are the sentences to show: every invalid field, or the
	// error's own message.
	Messages []string
	// Fields maps a form field to its message, for forms that show
	// messages beside their inputs.
	Fields map[string]string
}

// problemOf decides how an error reaches a person. Errors of no known kind
// are the server's fault: their text is logged, not shown.
func problemOf(err error) (problem, bool) {
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "Please check what you entered", Fields: map[string]string{}}
		for _, f := range invalid.Fields {
			p.Messages = append(p.Messages, label(f.Field)+": "+f.Message)
			p.Fields[f.Field] = f.Message
		}
		return p, true
	}
	var notEligible *standards.NotEligibleError
	if errors.As(err, &notEligible) {
		p := problem{Status: http.StatusUnprocessableEntity, Heading: "Not eligible yet"}
		for _, u := range notEligible.Unmet {
			p.Messages = append(p.Messages, u.Message)
		}
		return p, true
	}
	if unavailable(err) && !errors.Is(err, standards.ErrUnavailable) {
		err = errors.Join(standards.ErrUnavailable, err)
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.kind) {
			msg := err.Error()
			if err == k.kind {
				msg = ""
			}
			if k.message != "" {
				msg = k.message
			}
			p := problem{Status: k.status, Heading: k.heading}
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
