package app

import (
	"errors"
	"net/http"

	"github.com/eops/eops/standards"
)

// errorKinds maps the library's kinds of error to an HTTP status and a
// heading a person can read: the one place the web layer decides this.
var errorKinds = []struct {
	kind    error
	status  int
	heading string
}{
	{standards.ErrUnauthenticated, http.StatusUnauthorized, "Please sign in"},
	{standards.ErrNotFound, http.StatusNotFound, "Not found"},
	{standards.ErrForbidden, http.StatusForbidden, "You may not do that"},
	{standards.ErrConflict, http.StatusConflict, "That clashes with what is already there"},
	{standards.ErrNotEligible, http.StatusUnprocessableEntity, "Not eligible yet"},
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
	for _, k := range errorKinds {
		if errors.Is(err, k.kind) {
			msg := err.Error()
			if err == k.kind {
				msg = ""
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
