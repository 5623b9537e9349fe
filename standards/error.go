package standards

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of failure a caller can act on. Test for them with errors.Is; the
// error's message says what went wrong in words a person can read.
var (
	// ErrNotFound: the thing does not exist, or the actor may not know it does.
	// Asking about a centre, record or person outside the actor's scope gives
	// ErrNotFound, never ErrForbidden, so that existence is not leaked.
	ErrNotFound = errors.New("not found")
	// ErrForbidden: the thing is within the actor's scope but the actor lacks
	// the right to do this to it.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict: the request clashes with the current state: a duplicate,
	// a second registration, removing the last admin, a stale write.
	ErrConflict = errors.New("conflict")
	// ErrNotEligible: the rules of the standards do not yet allow this (a
	// claim with conditions unmet, for example).
	ErrNotEligible = errors.New("not eligible")
	// ErrUnauthenticated: the call needs an actor and none was given. The host
	// authenticates people; this error means it passed the zero Actor, or
	// only a host's id (Actor.ExternalID) that no person holds yet.
	ErrUnauthenticated = errors.New("no actor: the host must say who is acting")
	// ErrUnavailable: the store cannot be reached just now (the database is
	// down, or the connection to it broke). Nothing is wrong with the
	// request: the caller may try it again later. A store wraps its
	// driver's error in it (fmt.Errorf("%w: %w", ErrUnavailable, err)).
	ErrUnavailable = errors.New("unavailable: try again later")
	// ErrTransient: the store refused this transaction because of others
	// running at the same time (a serialization failure, a deadlock, a
	// lock wait that timed out, SQLite busy), not because of anything in
	// the request or the data: the same call, run again, may well succeed.
	// A store wraps its driver's error in it; the Service runs the whole
	// command again itself, a few times with a growing pause, so a caller
	// sees ErrTransient only when those tries are spent (or the context
	// ended between them). Unlike ErrUnavailable the store answered; unlike
	// ErrConflict nobody changed what the call was about.
	ErrTransient = errors.New("transient: the store was busy with other changes; try again")
)

// FieldError is one invalid field of an input.
type FieldError struct {
	// Field names the input field, in the snake_case used by forms and CSV
	// headers: "centre_number", "email", "year", "full_name", "roles".
	Field string
	// Code says what is wrong with the field, stably: a host translates
	// it (see Messages) or tests it. Every FieldError the library makes
	// has one of FieldCodes.
	Code FieldCode
	// Params are the values a translation needs, named per code (see
	// FieldCodes and docs/embedding.md, "Errors and codes"): "max" for
	// FieldTooLong, "value" for FieldNotInList, and so on. May be nil.
	Params map[string]string
	// Message is the library's own English sentence, which may say more
	// than the catalogue's text for Code (the value given, the list to
	// choose from).
	Message string
}

// ValidationError reports every invalid field of an input at once, so that a
// form can show each message beside its field. Test for it with errors.As.
type ValidationError struct {
	Fields []FieldError
}

// Error lists every invalid field with its message.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Message returns the message for field, or "" if that field is valid.
func (e *ValidationError) Message(field string) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// invalid returns a ValidationError for one field.
func invalid(field string, code FieldCode, params map[string]string, format string, args ...any) *ValidationError {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code, Params: params, Message: fmt.Sprintf(format, args...)}}}
}

// validation collects field errors so that a constructor can report all of
// them together rather than only the first.
type validation struct {
	fields []FieldError
}

// add records err against field when err is not nil. A *ValidationError from
// a parser is re-labelled with field, so one parser serves many inputs.
// join adds the problems of err, a *ValidationError or nil, under their
// own fields.
func (v *validation) join(err error) {
	var ve *ValidationError
	if errors.As(err, &ve) {
		v.fields = append(v.fields, ve.Fields...)
	} else if err != nil {
		v.fields = append(v.fields, FieldError{Field: "input", Code: FieldInvalid, Message: err.Error()})
	}
}

func (v *validation) add(field string, err error) {
	if err == nil {
		return
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			f.Field = field
			v.fields = append(v.fields, f)
		}
		return
	}
	// Only a *ValidationError reaches here from the library's parsers; an
	// error of another type is a defect the field still reports.
	v.fields = append(v.fields, FieldError{Field: field, Code: FieldInvalid, Message: err.Error()})
}

// check records message, with its code and parameters, against field when
// ok is false.
func (v *validation) check(ok bool, field string, code FieldCode, params map[string]string, message string) {
	if !ok {
		v.fields = append(v.fields, FieldError{Field: field, Code: code, Params: params, Message: message})
	}
}

func (v *validation) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: v.fields}
}

// conflict returns an ErrConflict with its reason's code, the parameters a
// translation of it needs, and the reason in words a person can read.
func conflict(reason Reason, params map[string]string, format string, args ...any) error {
	return &Error{Kind: ErrConflict, Reason: reason, Params: params, Message: fmt.Sprintf(format, args...)}
}

// notFound returns an ErrNotFound naming what was not found, in words the
// library chose: they say what a person looked for, never an id.
func notFound(format string, args ...any) error {
	return &notFoundError{msg: fmt.Sprintf(format, args...)}
}

type notFoundError struct{ msg string }

func (e *notFoundError) Error() string        { return ErrNotFound.Error() + ": " + e.msg }
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// outward is what a call returns for err. An ErrNotFound from the store
// names the id it looked up ("record 01J…: not found"), where a refusal for
// scope is a bare ErrNotFound: passed on, the message would tell another
// centre's id from one nobody has. So every ErrNotFound but the library's
// own sentences leaves as the bare ErrNotFound.
func outward(err error) error {
	var own *notFoundError
	if errors.Is(err, ErrNotFound) && !errors.As(err, &own) {
		return ErrNotFound
	}
	return err
}

// forbidden returns an ErrForbidden saying what right is missing.
func forbidden(reason Reason, params map[string]string, format string, args ...any) error {
	return &Error{Kind: ErrForbidden, Reason: reason, Params: params, Message: fmt.Sprintf(format, args...)}
}

// params builds the Params of a code from name, value pairs.
func params(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
