package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// problemKinds maps the library's kinds of error, by their stable codes
// (standards.ErrorCode), to an HTTP status and a title: the one place the
// API decides this, as webdemo/app/errors.go does for pages. Every code
// the library has is here (TestEveryCodeHasAStatus).
var problemKinds = map[standards.Code]struct {
	status int
	title  string
}{
	standards.CodeInvalid:         {http.StatusUnprocessableEntity, "Invalid input"},
	standards.CodeUnauthenticated: {http.StatusUnauthorized, "Not authenticated"},
	standards.CodeNotFound:        {http.StatusNotFound, "Not found"},
	standards.CodeForbidden:       {http.StatusForbidden, "Forbidden"},
	standards.CodeConflict:        {http.StatusConflict, "Conflict"},
	standards.CodeNotEligible:     {http.StatusUnprocessableEntity, "Not eligible yet"},
	standards.CodeTransient:       {http.StatusServiceUnavailable, "Busy: try again"},
	standards.CodeUnavailable:     {http.StatusServiceUnavailable, "Unavailable: try again later"},
	standards.CodeCanceled:        {http.StatusServiceUnavailable, "Canceled"},
	standards.CodeInternal:        {http.StatusInternalServerError, "Internal error"},
}

// problemFor is the problem details of err: its kind's status and title,
// its code, reason and parameters, every invalid field and every unmet
// condition. An internal error's text is never in it (problemOf logs it).
func problemFor(err error) oapi.Problem {
	code := standards.ErrorCode(err)
	kind := problemKinds[code]
	p := oapi.Problem{Type: "urn:eops:problem:" + string(code), Title: kind.title, Status: kind.status,
		Code: oapi.ProblemCode(code)}
	switch code {
	case standards.CodeInternal:
		p.Detail = ptr("the server failed; the fault is logged")
	case standards.CodeNotFound:
		// Never the store's words, which could name an id: nothing
		// tells what exists outside the person's or the key's reach.
		p.Detail = ptr("not found")
	case standards.CodeUnauthenticated:
		p.Detail = ptr("send a host key in force as Authorization: Bearer eops_hk_…, and name the person acted for")
	case standards.CodeConflict:
		p.Detail = ptr(err.Error())
		if standards.ErrorReason(err) == standards.ReasonIdentityMismatch {
			// The same words whichever of the two the library found held
			// by someone, so that the answer tells no more than that they
			// are not one person's.
			p.Detail = ptr("Eops-Person-External-Id and Eops-Person-Email name different people: send one person's")
		}
	default:
		p.Detail = ptr(err.Error())
	}
	if reason := standards.ErrorReason(err); reason != "" {
		p.Reason = ptr(string(reason))
	}
	var e *standards.Error
	if errors.As(err, &e) && len(e.Params) > 0 {
		p.Params = ptr(oapi.Params(e.Params))
	}
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		fields := make([]oapi.FieldError, len(invalid.Fields))
		named := &standards.ValidationError{Fields: slices.Clone(invalid.Fields)}
		for i, f := range invalid.Fields {
			fields[i] = oapi.FieldError{Field: jsonField(f.Field), Code: string(f.Code), Message: f.Message, Params: params(f.Params)}
			named.Fields[i].Field = fields[i].Field
		}
		p.Errors = &fields
		p.Detail = ptr(named.Error()) // the fields by the request's names here too
	}
	var notEligible *standards.NotEligibleError
	if errors.As(err, &notEligible) {
		unmet := make([]oapi.Unmet, len(notEligible.Unmet))
		for i, u := range notEligible.Unmet {
			unmet[i] = oapi.Unmet{Code: string(u.Code), Message: u.Message}
		}
		p.Unmet = &unmet
	}
	return p
}

// fieldNames are the library's names of fields that the API's requests
// call otherwise than jsonField's rule would: the person headers, and the
// fields a body names by an id where the library names the thing
// ("targets" of a CPD entry are its body's "targetIds"). Each part of a
// dotted field ("updates[0].target") is looked up alone, the whole field
// first. TestEveryFieldAnErrorNamesIsInTheRequest checks the names the
// tests provoke against each operation's request.
var fieldNames = map[string]string{
	"actor.email":       HeaderPersonEmail,
	"actor.external_id": HeaderPersonExternalID,
	"actor.via":         "Authorization", // the host key's name, which the key's holder cannot change
	"external_id":       HeaderPersonExternalID,
	"targets":           "targetIds",                  // logCPD
	"target":            "targetId",                   // recordMeeting's updates[i]
	"owner":             "ownerRegistrationId",        // recordMeeting's support[i]
	"template":          "templateId",                 // applyTemplate
	"catalogue_item":    "catalogueItemId",            // proposeTarget
	"exams_officer":     "examsOfficerRegistrationId", // assignOverseer
	"overseer":          "overseerRegistrationId",     // assignOverseer
	"centre_id":         "centreNumber",               // a centre is named by its number
	"file":              "colleagues",                 // registerColleagues: the list as a whole
}

// operationFieldNames are the exceptions of one operation's, by its
// operationId: a body that names a field otherwise than every other
// operation does (renaming a centre sends its "name", not "centreName").
var operationFieldNames = map[string]map[string]string{
	"renameCentre": {"centre_name": "name"},
	"reopenTarget": {"comment": "reason"}, // the library keeps a reopening's reason as the move's comment
	"createTrust":  {"trust_name": "name"},
}

// nameFieldsOf is a middleware of the strict server: it gives the fields
// of a *standards.ValidationError an operation returns the names
// operationFieldNames has for that operation; problemFor does the rest.
// The generated code names the operation as its Go method
// ("RenameCentre"), the document as its operationId ("renameCentre").
func nameFieldsOf(f oapi.StrictHandlerFunc, operationID string) oapi.StrictHandlerFunc {
	names := operationFieldNames[strings.ToLower(operationID[:1])+operationID[1:]]
	if len(names) == 0 {
		return f
	}
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		res, err := f(ctx, w, r, request)
		var invalid *standards.ValidationError
		if !errors.As(err, &invalid) {
			return res, err
		}
		out := &standards.ValidationError{Fields: slices.Clone(invalid.Fields)}
		for i, field := range out.Fields {
			if name, ok := names[field.Field]; ok {
				out.Fields[i].Field = name
			}
		}
		return res, out
	}
}

// jsonField names a field of the library's (snake_case, as its forms
// name them: "success_measure") as the API's request has it
// (lowerCamelCase: "successMeasure"), part by part of a dotted path,
// keeping indexes ("updates[0].comment"), with fieldNames' exceptions. A
// name with no underscore is left as it is, so a field the API named
// itself ("If-Match", "trustId") keeps its name.
func jsonField(field string) string {
	if name, ok := fieldNames[field]; ok {
		return name
	}
	parts := strings.Split(field, ".")
	for i, part := range parts {
		name, index, _ := strings.Cut(part, "[")
		if index != "" {
			index = "[" + index
		}
		if n, ok := fieldNames[name]; ok {
			name = n
		} else {
			name = lowerCamel(name)
		}
		parts[i] = name + index
	}
	return strings.Join(parts, ".")
}

// lowerCamel is snake_case in lowerCamelCase.
func lowerCamel(s string) string {
	words := strings.Split(s, "_")
	for i := 1; i < len(words); i++ {
		if w := words[i]; w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, "")
}

// problemOf is problemFor, logging the errors that are the server's fault.
func (s *server) problemOf(r *http.Request, err error) oapi.Problem {
	p := problemFor(err)
	if standards.ErrorReason(err) == standards.ReasonStale && r.Header.Get("If-Match") != "" {
		// The version the host read, and sent back, is not the record's:
		// its precondition failed (RFC 9110 §13.1.1).
		p.Status, p.Title = http.StatusPreconditionFailed, "Precondition failed"
	}
	if p.Status >= 500 {
		s.log.ErrorContext(r.Context(), "api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	return p
}

func params(m map[string]string) *oapi.Params {
	if len(m) == 0 {
		return nil
	}
	return ptr(oapi.Params(m))
}

// problem writes p as application/problem+json.
func (s *server) problem(w http.ResponseWriter, _ *http.Request, p oapi.Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="eops"`) // RFC 9110 §11.6.1, RFC 6750
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// fail answers an error a handler returned.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.problem(w, r, s.problemOf(r, err))
}

// unreadable answers a request the generated code could not read: a body
// that is not JSON of the operation's shape, too large, or a parameter of
// the wrong form. 400, naming the part that could not be read.
func (s *server) unreadable(w http.ResponseWriter, r *http.Request, err error) {
	// The parameter the generated code names, else the body if the
	// strict server says (in these words) that it could not decode it.
	field := "request"
	if strings.HasPrefix(err.Error(), "can't decode JSON body") {
		field = "body"
	}
	if name := paramOf(err); name != "" {
		field = name
	}
	s.unreadableAt(w, r, field, err)
}

// paramOf is the name of the parameter the generated code could not
// read, "" when err is not about one.
func paramOf(err error) string {
	var (
		format   *oapi.InvalidParamFormatError
		required *oapi.RequiredParamError
		header   *oapi.RequiredHeaderError
		many     *oapi.TooManyValuesForParamError
		json     *oapi.UnmarshalingParamError
	)
	switch {
	case errors.As(err, &format):
		return format.ParamName
	case errors.As(err, &required):
		return required.ParamName
	case errors.As(err, &header):
		return header.ParamName
	case errors.As(err, &many):
		return many.ParamName
	case errors.As(err, &json):
		return json.ParamName
	}
	return ""
}

// unreadableAt is unreadable naming the field.
func (s *server) unreadableAt(w http.ResponseWriter, r *http.Request, field string, err error) {
	detail := err.Error()
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		detail = "the body is larger than 64 KiB"
	}
	s.problem(w, r, oapi.Problem{Type: "urn:eops:problem:invalid", Title: "The request could not be read",
		Status: http.StatusBadRequest, Code: oapi.ProblemCode(standards.CodeInvalid), Detail: ptr(detail),
		Errors: &[]oapi.FieldError{{Field: field, Code: string(standards.FieldUnreadable), Message: detail,
			Params: ptr(oapi.Params{"detail": detail})}}})
}

// unsupportedMediaType answers a body that is not application/json.
func unsupportedMediaType(got string) oapi.Problem {
	return oapi.Problem{Type: "urn:eops:problem:invalid", Title: "Send JSON", Status: http.StatusUnsupportedMediaType,
		Code: oapi.ProblemCode(standards.CodeInvalid), Detail: ptr("the body must be application/json"),
		Errors: &[]oapi.FieldError{{Field: "Content-Type", Code: string(standards.FieldNotInList),
			Message: "send Content-Type: application/json", Params: ptr(oapi.Params{"value": got})}}}
}
