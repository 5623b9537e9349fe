package standards

import (
	"context"
	"errors"
)

// Code names a kind of error, stably: a host routes on it (an HTTP status,
// a retry, a log level) or translates it without parsing messages.
// ErrorCode gives the code of any error the library returns. The codes are
// a promise: one is never renamed or given another meaning.
type Code string

// The kind codes, one per sentinel error, and three for errors that are not
// a sentinel: a *ValidationError, a context that ended, and anything else.
const (
	CodeInvalid         Code = "invalid"         // a *ValidationError: see its FieldErrors
	CodeUnauthenticated Code = "unauthenticated" // ErrUnauthenticated
	CodeNotFound        Code = "not_found"       // ErrNotFound
	CodeForbidden       Code = "forbidden"       // ErrForbidden
	CodeConflict        Code = "conflict"        // ErrConflict
	CodeNotEligible     Code = "not_eligible"    // ErrNotEligible
	CodeTransient       Code = "transient"       // ErrTransient
	CodeUnavailable     Code = "unavailable"     // ErrUnavailable
	CodeCanceled        Code = "canceled"        // the caller's context was cancelled or its deadline passed
	CodeInternal        Code = "internal"        // none of the above: a defect, or a failure the store did not classify
)

// Codes lists every kind code, in the order ErrorCode tests for them.
func Codes() []Code {
	return []Code{CodeInvalid, CodeUnauthenticated, CodeNotFound, CodeForbidden, CodeConflict,
		CodeNotEligible, CodeTransient, CodeUnavailable, CodeCanceled, CodeInternal}
}

// ErrorCode returns the kind code of err, "" for nil. It tests the kinds in
// the order of Codes, so an error that joins two (the last ErrTransient of
// a retry and the context that ended it) gives the first.
func ErrorCode(err error) Code {
	var ve *ValidationError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ve):
		return CodeInvalid
	case errors.Is(err, ErrUnauthenticated):
		return CodeUnauthenticated
	case errors.Is(err, ErrNotFound):
		return CodeNotFound
	case errors.Is(err, ErrForbidden):
		return CodeForbidden
	case errors.Is(err, ErrConflict):
		return CodeConflict
	case errors.Is(err, ErrNotEligible):
		return CodeNotEligible
	case errors.Is(err, ErrTransient):
		return CodeTransient
	case errors.Is(err, ErrUnavailable):
		return CodeUnavailable
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return CodeCanceled
	}
	return CodeInternal
}

// Reason names why, within its kind, a command was refused, where a host
// may want to route or word it apart from the rest of the kind: the last
// administrator, a stale save, a full centre. ErrorReason gives it; not
// every error has one (then the kind code is all there is). Reasons are a
// promise as codes are; Reasons lists them.
type Reason string

// The reasons. Params of an *Error with each are listed beside it.
const (
	// ReasonStale: the thing changed since it was read (a store's version
	// check). Read again and retry.
	ReasonStale Reason = "stale"
	// ReasonDuplicate: a store refused a second row with a key that must be
	// unique (two commands racing to create the same thing).
	ReasonDuplicate Reason = "duplicate"
	// ReasonCentreAlreadyRegistered {centre_number, year}: a centre is
	// registered once a year; ask to join it instead.
	ReasonCentreAlreadyRegistered Reason = "centre_already_registered"
	// ReasonAlreadyAskedToJoin {email, centre_number, year}.
	ReasonAlreadyAskedToJoin Reason = "already_asked_to_join"
	// ReasonAlreadyMember {email, centre_number, year}.
	ReasonAlreadyMember Reason = "already_member"
	// ReasonRegistrationClosed {email, centre_number, year, status}: the
	// person's registration was rejected or ended; an admin decides.
	ReasonRegistrationClosed Reason = "registration_closed"
	// ReasonNotPending {status}: the registration was already decided.
	ReasonNotPending Reason = "not_pending"
	// ReasonAlreadyStatus {status}: the registration is already in the
	// state the command would put it in.
	ReasonAlreadyStatus Reason = "already_status"
	// ReasonNotApprovedMember {status}: only an approved member can be an
	// administrator.
	ReasonNotApprovedMember Reason = "not_approved_member"
	// ReasonAlreadyAdmin, ReasonNotAdmin: granting or revoking what is so.
	ReasonAlreadyAdmin Reason = "already_admin"
	ReasonNotAdmin     Reason = "not_admin"
	// ReasonLastAdmin: a centre keeps at least one administrator.
	ReasonLastAdmin Reason = "last_admin"
	// ReasonCentreHasAdmin {centre_number, year}: the operator grants the
	// right only to a centre without an administrator.
	ReasonCentreHasAdmin Reason = "centre_has_admin"
	// ReasonRecordClosed {year}: the certificate was claimed.
	ReasonRecordClosed Reason = "record_closed"
	// ReasonRecordReadOnly {status}: the exams officer is no longer
	// approved.
	ReasonRecordReadOnly Reason = "record_read_only"
	// ReasonAlreadyRevoked, ReasonAlreadyErased, ReasonSupportAlreadyDone:
	// the thing is already so.
	ReasonAlreadyRevoked     Reason = "certificate_already_revoked"
	ReasonAlreadyErased      Reason = "person_already_erased"
	ReasonSupportAlreadyDone Reason = "support_already_done"
	// ReasonAlreadySigned {side}; ReasonExamsOfficerSignsFirst.
	ReasonAlreadySigned           Reason = "statement_already_signed"
	ReasonExamsOfficerSignsFirst  Reason = "exams_officer_signs_first"
	ReasonTargetWithdrawn         Reason = "target_withdrawn"
	ReasonTargetAlreadyInState    Reason = "target_already_in_state"   // {state}
	ReasonTargetTransitionRefused Reason = "target_transition_refused" // {from, to}
	// ReasonAlreadyInTrust {centre_number, trust}, ReasonInAnotherTrust
	// {centre_number}, ReasonNotInTrust {centre_number}.
	ReasonAlreadyInTrust Reason = "already_in_trust"
	ReasonInAnotherTrust Reason = "in_another_trust"
	ReasonNotInTrust     Reason = "not_in_trust"
	// The limits (limits.go), each {max}: a command that would pass one is
	// refused.
	ReasonTooManyTargets      Reason = "too_many_targets"
	ReasonTooManyMeetings     Reason = "too_many_meetings"
	ReasonTooManyCPD          Reason = "too_many_cpd"
	ReasonTooManyNotes        Reason = "too_many_notes"
	ReasonTooManyPending      Reason = "too_many_pending"
	ReasonTooManyMembers      Reason = "too_many_members"
	ReasonTooManyTrustCentres Reason = "too_many_trust_centres"
	ReasonUnmetConditions     Reason = "unmet_conditions" // a *NotEligibleError: see its Unmet codes
	ReasonNeedsRight          Reason = "needs_right"      // ErrForbidden {action, needs}
	// ReasonIdentityMismatch: the host's id and e-mail address in the Actor
	// name different people (Actor): the host changes the person's address
	// with Service.ChangeEmail first.
	ReasonIdentityMismatch Reason = "identity_mismatch"
	// ReasonEmailTaken: another person has the address (ChangeEmail).
	ReasonEmailTaken Reason = "email_taken"
)

// Reasons lists every reason.
func Reasons() []Reason {
	return []Reason{ReasonStale, ReasonDuplicate, ReasonCentreAlreadyRegistered, ReasonAlreadyAskedToJoin,
		ReasonAlreadyMember, ReasonRegistrationClosed, ReasonNotPending, ReasonAlreadyStatus,
		ReasonNotApprovedMember, ReasonAlreadyAdmin, ReasonNotAdmin, ReasonLastAdmin, ReasonCentreHasAdmin,
		ReasonRecordClosed, ReasonRecordReadOnly, ReasonAlreadyRevoked, ReasonAlreadyErased,
		ReasonSupportAlreadyDone, ReasonAlreadySigned, ReasonExamsOfficerSignsFirst, ReasonTargetWithdrawn,
		ReasonTargetAlreadyInState, ReasonTargetTransitionRefused, ReasonAlreadyInTrust, ReasonInAnotherTrust,
		ReasonNotInTrust, ReasonTooManyTargets, ReasonTooManyMeetings, ReasonTooManyCPD, ReasonTooManyNotes,
		ReasonTooManyPending, ReasonTooManyMembers, ReasonTooManyTrustCentres, ReasonUnmetConditions,
		ReasonNeedsRight, ReasonIdentityMismatch, ReasonEmailTaken}
}

// Error is an error of one kind with a reason a host may route or
// translate on its own. errors.Is(err, e.Kind) holds, so code that tests
// kinds needs nothing new; errors.As(err, &e) gives the reason and its
// parameters. A store may return one too (ReasonStale, ReasonDuplicate).
type Error struct {
	// Kind is one of the sentinel errors: ErrConflict, ErrForbidden, ...
	Kind error
	// Reason is the finer code.
	Reason Reason
	// Params are the values a translation of Reason needs, named as the
	// Reason's documentation lists them. May be nil.
	Params map[string]string
	// Message is the library's English sentence.
	Message string
	// Err is the cause, if any (a driver's error), for errors.Is and As.
	Err error
}

// Error reads as the kind, then the message: "conflict: a centre must keep
// at least one administrator: ...".
func (e *Error) Error() string {
	msg := e.Kind.Error() + ": " + e.Message
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap gives the kind and the cause, so errors.Is finds either.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// ErrorReason returns the reason of err: that of the *Error it wraps,
// ReasonUnmetConditions for a *NotEligibleError, or "" when the kind code
// is all there is.
func ErrorReason(err error) Reason {
	var e *Error
	var ne *NotEligibleError
	switch {
	case errors.As(err, &e):
		return e.Reason
	case errors.As(err, &ne):
		return ReasonUnmetConditions
	}
	return ""
}

// FieldCode says what is wrong with one field of an input (a FieldError).
type FieldCode string

// The field codes, with the Params each carries. A value in Params is as
// the person gave it.
const (
	FieldRequired          FieldCode = "required"           // nothing given, or only spaces
	FieldTooLong           FieldCode = "too_long"           // {max}: in characters (bytes for a deliverer)
	FieldTooShort          FieldCode = "too_short"          // {min}: in characters
	FieldTooMany           FieldCode = "too_many"           // {max}: a list or file with more entries than allowed
	FieldTooSmall          FieldCode = "too_small"          // {min}: a number or duration must exceed min
	FieldControlCharacters FieldCode = "control_characters" // text with control or invisible characters
	FieldInvalidFormat     FieldCode = "invalid_format"     // {example}: not written the way example is
	FieldNotInList         FieldCode = "not_in_list"        // {value}: not one of the choices offered
	FieldOutOfRange        FieldCode = "out_of_range"       // {value, min, max}
	FieldDayNotInYear      FieldCode = "day_not_in_year"    // {value, year, from, to}: a day outside the record's academic year
	FieldDayInFuture       FieldCode = "day_in_future"      // {value, today}
	FieldYearEnded         FieldCode = "year_ended"         // {year, current}: registration for an ended year
	FieldYearNotOpen       FieldCode = "year_not_open"      // {year}: registration not yet open
	FieldNotApproved       FieldCode = "not_approved"       // {value}: not an approved member (of the role wanted)
	FieldSamePerson        FieldCode = "same_person"        // an exams officer cannot oversee themselves
	FieldDuplicate         FieldCode = "duplicate"          // {value}: given twice
	FieldMustInclude       FieldCode = "must_include"       // {name}: the list must include name
	FieldAreaMismatch      FieldCode = "area_mismatch"      // {item, item_area, area}
	FieldEmpty             FieldCode = "empty"              // a file with no rows
	FieldUnreadable        FieldCode = "unreadable"         // {detail}: a file or form that could not be read
	FieldWrongColumns      FieldCode = "wrong_columns"      // {line, got, want}
	FieldNotAllowed        FieldCode = "not_allowed"        // a value refused as such (a common password)
	FieldInvalid           FieldCode = "invalid"            // none of the above; the Message says why
)

// FieldCodes lists every field code.
func FieldCodes() []FieldCode {
	return []FieldCode{FieldRequired, FieldTooLong, FieldTooShort, FieldTooMany, FieldTooSmall,
		FieldControlCharacters, FieldInvalidFormat, FieldNotInList, FieldOutOfRange, FieldDayNotInYear,
		FieldDayInFuture, FieldYearEnded, FieldYearNotOpen, FieldNotApproved, FieldSamePerson, FieldDuplicate,
		FieldMustInclude, FieldAreaMismatch, FieldEmpty, FieldUnreadable, FieldWrongColumns, FieldNotAllowed,
		FieldInvalid}
}
