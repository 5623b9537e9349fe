// Package apitest holds what the tests of the JSON API (webdemo/api) and
// of the web app's attack suite (webdemo/app) both ask of the API's
// OpenAPI document.
package apitest

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// FieldInRequest reports whether field, as a problem's errors name it, is
// something the operation's request has: a parameter (path, query or
// header) or a property of its body, followed through objects and arrays
// ("updates[0].comment"), or the request's Content-Type, Authorization,
// its body as a whole or (for what the generated code could not place)
// the request.
func FieldInRequest(op *openapi3.Operation, field string) bool {
	switch field {
	case "Content-Type", "Authorization", "body", "request":
		return true
	}
	for _, p := range op.Parameters {
		if p.Value.Name == field {
			return true
		}
	}
	if op.RequestBody == nil {
		return false
	}
	schema := op.RequestBody.Value.Content.Get("application/json").Schema
	for _, part := range strings.Split(field, ".") {
		name, index, _ := strings.Cut(part, "[")
		prop, ok := schema.Value.Properties[name]
		if !ok {
			return false
		}
		schema = prop
		if index != "" {
			if schema.Value.Items == nil {
				return false
			}
			schema = schema.Value.Items
		}
	}
	return true
}
