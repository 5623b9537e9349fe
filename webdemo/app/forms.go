package app

import (
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
		return time.Time{}, &standards.ValidationError{Fields: []standards.FieldError{{Field: field, Message: "write the date as day, month and year"}}}
	}
	return t, nil
}
