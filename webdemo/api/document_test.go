package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/apitest"
	"github.com/eops/eops/webdemo/api"
)

// The document as one whole: what every operation declares, whatever lane
// added it, and the names its errors give fields.

// documentOperation is one operation of the document.
type documentOperation struct {
	method, path string
	op           *openapi3.Operation
}

func documentOperations() []documentOperation {
	var out []documentOperation
	for _, path := range document.Paths.InMatchingOrder() {
		for method, op := range document.Paths.Value(path).Operations() {
			out = append(out, documentOperation{method: method, path: path, op: op})
		}
	}
	return out
}

var pathParameter = regexp.MustCompile(`\{([^}]+)\}`)

// TestEveryOperationDeclaresWhatTheMiddlewareAnswers: the middleware
// answers before any operation runs, so every operation can answer what
// it answers, and declares it: behind a host key, 400 (a person header on
// two lines, a body over 64 KiB or a parameter unreadable), 401 (no key in
// force, nobody named) and 415 (a body that is not JSON, sent with any
// method); a POST, 409 and 422 too (an Idempotency-Key still being
// answered, or sent with another request). An operation whose path names
// anything but a year can name what is not there, or not in reach: 404.
// Every operation: 503 and the default (500). The public GET /verify has
// no key to check, and declares no 401 or 415.
func TestEveryOperationDeclaresWhatTheMiddlewareAnswers(t *testing.T) {
	for _, o := range documentOperations() {
		name := o.op.OperationID + " (" + o.method + " " + o.path + ")"
		public := o.op.Security != nil && len(*o.op.Security) == 0
		want := []string{"400", "503", "default"}
		if !public {
			want = append(want, "401", "415")
		} else {
			assert.Nil(t, o.op.Responses.Value("401"), "%s is public: it answers no 401", name)
		}
		if o.method == http.MethodPost {
			want = append(want, "409", "422")
		}
		for _, m := range pathParameter.FindAllStringSubmatch(o.path, -1) {
			if m[1] != "year" {
				want = append(want, "404")
			}
		}
		for _, status := range want {
			assert.NotNil(t, o.op.Responses.Value(status), "%s declares %s", name, status)
		}
	}
}

// TestAnOperationIsAnsweredAlikeAcrossLanes: what the lanes of the API
// share is named and answered alike: a centre by its number in every path
// (never the library's id), a creation 201, paths in lower case with
// hyphens, parameters and properties in lowerCamelCase, lists paged as
// <Thing>Page.
func TestAnOperationIsAnsweredAlikeAcrossLanes(t *testing.T) {
	lowerCamel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	segment := regexp.MustCompile(`^([a-z0-9-]+|\{[a-z][a-zA-Z]*\})$`)
	for _, o := range documentOperations() {
		name := o.op.OperationID + " (" + o.method + " " + o.path + ")"
		assert.NotContains(t, o.path, "{centreId}", "%s: a centre is named by its number", name)
		for _, s := range strings.Split(strings.TrimPrefix(o.path, "/"), "/") {
			assert.Regexp(t, segment, s, "%s: a path's segments are lower case with hyphens", name)
		}
		assert.Regexp(t, lowerCamel, o.op.OperationID)
		for _, p := range o.op.Parameters {
			if p.Value.In != "header" {
				assert.Regexp(t, lowerCamel, p.Value.Name, "%s: parameter %s", name, p.Value.Name)
			}
		}
		for status, r := range o.op.Responses.Map() {
			if r.Value.Content == nil || status[0] != '2' {
				continue
			}
			schema := r.Value.Content.Get("application/json").Schema
			if schema.Ref != "" && strings.HasSuffix(schema.Ref, "Page") {
				assert.Equal(t, http.MethodGet, o.method, "%s: a page is read", name)
				assert.Equal(t, "200", status, "%s", name)
			}
		}
	}
	for name, s := range document.Components.Schemas {
		if name == "PersonExport" {
			// The library's own format, as the web app's download writes
			// it: docs/api.md says so.
			continue
		}
		for prop := range s.Value.Properties {
			assert.Regexp(t, lowerCamel, prop, "schema %s: property %s", name, prop)
		}
		if strings.HasSuffix(name, "Page") {
			assert.Equal(t, []string{"items"}, s.Value.Required, "%s", name)
			assert.ElementsMatch(t, []string{"items", "next"}, keysOf(s.Value.Properties), "%s", name)
		}
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// fieldsNamed checks that every field a problem names is in the
// operation's request (validate calls it for every answer of every test).
func fieldsNamed(t *testing.T, op *openapi3.Operation, problem map[string]any) {
	t.Helper()
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		field, _ := e.(map[string]any)["field"].(string)
		assert.True(t, apitest.FieldInRequest(op, field), "%s: the problem names %q, which its request does not have: %v",
			op.OperationID, field, problem)
	}
}

// TestEveryFieldAnErrorNamesIsInTheRequest: the library names its fields
// as its forms do (centre_numbers, success_measure); a problem names each as
// the request has it (centreNumbers, successMeasure; the person headers by
// name). Every test's answers are checked so (validate); here, a field of
// each kind the library names, each in an operation that has it.
func TestEveryFieldAnErrorNamesIsInTheRequest(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		method, path string
		who          person
		body         any
		field        string
	}{
		{http.MethodPost, "/webhooks", byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"99999"}}, "centreNumbers"},
		{http.MethodPost, "/records/" + f.record + "/targets", byEmail(eo), map[string]any{"area": "knowledge", "title": "t", "successMeasure": strings.Repeat("x", 5000)}, "successMeasure"},
		{http.MethodPost, "/records/" + f.record + "/targets", byEmail(eo), map[string]any{"area": "knowledge", "title": "t", "catalogueItemId": "no-such-item"}, "catalogueItemId"},
		{http.MethodPost, "/records/" + f.record + "/cpd", byEmail(eo), map[string]any{"kind": "course", "title": "ICE", "date": "2025-09-10", "hours": 1, "targetIds": []string{"nosuch"}}, "targetIds"},
		{http.MethodPost, "/records/" + f.record + "/apply-template", byEmail(sl), map[string]any{"templateId": "no-such-template"}, "templateId"},
		{http.MethodPost, "/centres", byEmail(eo), map[string]any{"centreNumber": "12345", "centreName": "", "year": 2025, "fullName": "Eve", "roles": []string{"EO"}}, "centreName"},
		{http.MethodPost, "/centres/12345/years/2025/colleagues", byEmail(admin), map[string]any{"email": "new@riverside.sch.uk", "fullName": "", "roles": []string{"EO"}}, "fullName"},
		{http.MethodPost, "/centres/12345/rename", byEmail(admin), map[string]any{"name": " "}, "name"},
		{http.MethodPost, "/centres/12345/years/2025/oversights", byEmail(admin), map[string]any{"examsOfficerRegistrationId": "nosuch", "overseerRegistrationId": "nosuch"}, ""},
		{http.MethodGet, "/me", person{api.HeaderPersonEmail: "not an address"}, nil, api.HeaderPersonEmail},
		{http.MethodGet, "/me", person{api.HeaderPersonEmail: eo.Email, api.HeaderPersonExternalID: "staff\x7f1"}, nil, api.HeaderPersonExternalID},
		{http.MethodGet, "/catalogue/1990", byEmail(eo), nil, "year"},
		{http.MethodGet, "/catalogue/soon", byEmail(eo), nil, "year"},
	} {
		res := f.call(t, c.method, c.path, f.all, c.who, c.body)
		if c.field == "" {
			continue // whatever it answers, validate checked its fields
		}
		if !assert.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, res.status, "%s %s: %s", c.method, c.path, res.body) {
			continue
		}
		var fields []string
		for _, e := range res.json(t)["errors"].([]any) {
			fields = append(fields, e.(map[string]any)["field"].(string))
		}
		assert.True(t, slices.Contains(fields, c.field), "%s %s names %s: %s", c.method, c.path, c.field, res.body)
	}
}

// TestOneSchemaPerShape: a set of values the API names in more than one
// place (a role, a registration's status, a side of a record) is one
// schema, referenced wherever it is used, so that a client typed from the
// document has one type for it: no enum of two or more values is written
// inline twice. A person at a centre is a Member on a record and a
// RosterMember on a roster (which says how the two differ).
func TestOneSchemaPerShape(t *testing.T) {
	var doc any
	require.NoError(t, json.Unmarshal(api.Document, &doc))
	seen := map[string][]string{}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if values, ok := v["enum"].([]any); ok && len(values) > 1 {
				names := make([]string, len(values))
				for i, x := range values {
					names[i] = fmt.Sprint(x)
				}
				slices.Sort(names)
				key := strings.Join(names, "|")
				seen[key] = append(seen[key], at)
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "#")
	for values, places := range seen {
		assert.Len(t, places, 1, "the enum %s is written in %d places: make it one schema and refer to it: %v", values, len(places), places)
	}
	for _, name := range []string{"Role", "RegistrationStatus", "Side"} {
		assert.Contains(t, document.Components.Schemas, name)
	}
	assert.NotContains(t, document.Components.Schemas, "RecordMember", "a record's members are Members, as its exams officer and overseers are")
	member := document.Components.Schemas["Member"].Value
	assert.ElementsMatch(t, []string{"registrationId", "personId", "name", "roles"}, member.Required)
	assert.Contains(t, document.Components.Schemas["RosterMember"].Value.Description, "Member")
}
