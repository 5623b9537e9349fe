package app

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/eops/eops/standards"
)

// parseDate reads a date input (2006-01-02); "" is no date. A bad date is
// a *standards.ValidationError on field.
func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, &standards.ValidationError{Fields: []standards.FieldError{{Field: field, Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "2025-09-01"}, Message: "write the date as day, month and year"}}}
	}
	return t, nil
}

// repeatable are the fields the pages' forms send more than once: ticked
// roles, registrations, attendees and targets, and a meeting's targets.
// Any other field sent twice is refused, rather than the handler quietly
// taking the first value where something in front of the app may have
// taken the last.
var repeatable = map[string]bool{"roles": true, "registration": true, "attendees": true, "target": true, "targets": true}

// readForm reads a posted form once, before any handler, and says with a
// status and a message what is wrong with it, or 0 when nothing is. A body
// over the cap is 413, rather than read by a handler as an empty form. A
// body that is not a form (JSON, text, or no type at all) is 415: a handler
// would read it as an empty form and act on it, where the pages and htmx
// always send a form's type. A form that does not parse, or that sends a
// field twice that the pages send once, is 400.
func readForm(r *http.Request) (status int, message string) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mediaType {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case "multipart/form-data":
		err = r.ParseMultipartForm(1 << 20)
	default:
		return http.StatusUnsupportedMediaType, "send the form as application/x-www-form-urlencoded or multipart/form-data"
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("The form or file is too large: the most the app takes is %d MiB.", maxBody>>20)
	case err != nil:
		return http.StatusBadRequest, "the form could not be read"
	}
	for name, values := range r.PostForm {
		if len(values) > 1 && !repeatable[name] {
			return http.StatusBadRequest, "the form sent a field more than once"
		}
	}
	return 0, ""
}
