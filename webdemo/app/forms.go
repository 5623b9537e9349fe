package app

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
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

// dayParts are the three fields of a date input (govuk.DateInput), after
// the date field's name: "date-day", "date-month", "date-year".
var dayParts = []string{"day", "month", "year"}

// readDay reads the day a person typed into the date input named field
// (govuk.DateInput with NamePrefix field): its three fields, day, month
// and year, as numbers. All three blank is no day, the zero time; a day
// is midnight UTC of the date typed, which the library reads as that UK
// day (R-DAY-1), as it did the single date field the forms had before.
// A form without the three fields (a script posting the field itself,
// 2006-01-02) is read as before, by parseDate.
//
// Anything else is a *standards.ValidationError on field, saying what to
// do: a part left blank (FieldRequired, {part}), a part that is not a
// number or a year not of four digits (FieldInvalidFormat, {example}),
// a month outside 1 to 12 or a day its month does not have, such as 31
// February (FieldOutOfRange, {value, min, max}).
func readDay(r *http.Request, field string) (time.Time, error) {
	var parts [3]string
	sent := false
	for i, p := range dayParts {
		v, ok := r.PostForm[field+"-"+p]
		if ok {
			sent = true
			parts[i] = strings.TrimSpace(v[0])
		}
	}
	if !sent {
		return parseDate(field, r.PostFormValue(field))
	}
	return dayOf(field, parts[0], parts[1], parts[2])
}

// dayOf is readDay's reading of the three parts.
func dayOf(field, day, month, year string) (time.Time, error) {
	bad := func(code standards.FieldCode, params map[string]string, message string) error {
		return &standards.ValidationError{Fields: []standards.FieldError{{Field: field, Code: code, Params: params, Message: message}}}
	}
	if day == "" && month == "" && year == "" {
		return time.Time{}, nil
	}
	var missing []string
	for i, v := range []string{day, month, year} {
		if v == "" {
			missing = append(missing, dayParts[i])
		}
	}
	if len(missing) > 0 {
		return time.Time{}, bad(standards.FieldRequired, map[string]string{"part": missing[0]},
			"the date must include a "+strings.Join(missing, " and a "))
	}
	number := func(s string) (int, bool) {
		if len(s) > 4 || strings.TrimLeft(s, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	d, okD := number(day)
	m, okM := number(month)
	y, okY := number(year)
	if !okD || !okM || !okY {
		return time.Time{}, bad(standards.FieldInvalidFormat, map[string]string{"example": "27 3 2026"},
			"write the day, month and year as numbers, such as 27 3 2026")
	}
	// "0001" is four characters but no year anyone means, and 1 January of
	// year 1 is Go's zero time, which every caller reads as no date at all
	// (FuzzReadDay found it).
	if len(year) != 4 || y < 1000 {
		return time.Time{}, bad(standards.FieldInvalidFormat, map[string]string{"example": "2026"}, "the year must have 4 digits, such as 2026")
	}
	if m < 1 || m > 12 {
		return time.Time{}, bad(standards.FieldOutOfRange, map[string]string{"value": month, "min": "1", "max": "12"}, "the month must be a number from 1 to 12")
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > last {
		return time.Time{}, bad(standards.FieldOutOfRange, map[string]string{"value": day, "min": "1", "max": strconv.Itoa(last)},
			fmt.Sprintf("%s %d has %d days: the day must be a number from 1 to %d", time.Month(m), y, last, last))
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// dayValues are the three fields of the date input named field as the
// person typed them, for a page shown again beside a problem.
func dayValues(form map[string]string, field string) map[string]string {
	v := map[string]string{}
	for _, p := range dayParts {
		v[p] = form[field+"-"+p]
	}
	return v
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

// readHours reads a number of hours as typed. Hours it cannot read (none,
// or not a number) are 0, which the library refuses as it refuses any
// hours out of range, with a problem of the app's own to put in place of
// the library's (withFormErrors).
func readHours(typed string) (float64, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0, &standards.ValidationError{Fields: []standards.FieldError{{Field: "hours", Code: standards.FieldRequired, Message: "enter the hours, such as 1.5"}}}
	}
	hours, err := strconv.ParseFloat(typed, 64)
	if err != nil {
		return 0, &standards.ValidationError{Fields: []standards.FieldError{{Field: "hours", Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "1.5"}, Message: "write the hours as a number, such as 1.5"}}}
	}
	return hours, nil
}

// withFormErrors puts the app's problems reading a form's fields (formErrs,
// each a *ValidationError or nil) in place of the library's problems with
// the same fields, keeping the library's order, so that a person reads
// every problem at once and each field's in the words about what they
// typed. The library's refusal of anything else (a person who may not
// act, say) stands alone. The library refuses what a field the app could
// not read is passed as (unreadable, 0 hours), so it never accepts a form
// with problems of the app's: were it to, the app's problems are still the
// error.
func withFormErrors(err error, formErrs ...error) error {
	var own []standards.FieldError
	for _, e := range formErrs {
		var v *standards.ValidationError
		if errors.As(e, &v) {
			own = append(own, v.Fields...)
		}
	}
	var lib *standards.ValidationError
	switch {
	case len(own) == 0:
		return err
	case err == nil:
		return &standards.ValidationError{Fields: own}
	case !errors.As(err, &lib):
		return err
	}
	out := &standards.ValidationError{}
	for _, f := range lib.Fields {
		if i := slices.IndexFunc(own, func(o standards.FieldError) bool { return o.Field == f.Field }); i >= 0 {
			f = own[i]
			own = slices.Delete(own, i, i+1)
		}
		out.Fields = append(out.Fields, f)
	}
	out.Fields = append(out.Fields, own...)
	return out
}

// asField names field as the field of err's problems, when err is a
// *ValidationError of one field read under another name.
func asField(err error, field string) error {
	var v *standards.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	out := &standards.ValidationError{}
	for _, f := range v.Fields {
		f.Field = field
		out.Fields = append(out.Fields, f)
	}
	return out
}

// unreadable stands in, for the library, for a day the app could not read:
// a day before any academic year the library keeps, which it refuses
// wherever it takes a day, required or not, so that its problems with the
// rest of the form come back with the app's for the day (withFormErrors).
// Not the zero time, nor a day of year 1, which the library's Day takes to
// the zero time: that is no day at all, and an optional one is accepted.
var unreadable = time.Date(1900, time.January, 1, 12, 0, 0, 0, time.UTC)

// readDayFor reads a date input for a command: a day it cannot read is
// unreadable, with the app's problem.
func readDayFor(r *http.Request, field string) (time.Time, error) {
	day, err := readDay(r, field)
	if err != nil {
		return unreadable, err
	}
	return day, nil
}
