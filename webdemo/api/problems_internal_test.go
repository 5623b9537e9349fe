package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestEveryCodeHasAStatus: the mapping table has every code the library
// has, each with a status the document's responses declare.
func TestEveryCodeHasAStatus(t *testing.T) {
	declared := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusConflict, http.StatusPreconditionFailed, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity,
		http.StatusServiceUnavailable, http.StatusInternalServerError}
	for _, code := range standards.Codes() {
		kind, ok := problemKinds[code]
		if assert.True(t, ok, "code %s has no status", code) {
			assert.Contains(t, declared, kind.status, "code %s", code)
			assert.NotEmpty(t, kind.title, "code %s", code)
		}
	}
	p := problemFor(&standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonStale, Message: "changed since read"})
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Equal(t, "stale", *p.Reason)
	assert.Len(t, problemKinds, len(standards.Codes()), "no code the library lacks")
}

// TestFieldNamesAreTheRequests: the fields problems name follow one rule
// (lowerCamelCase) with the exceptions problems.go lists, each of an
// operation the document has.
func TestFieldNamesAreTheRequests(t *testing.T) {
	for library, api := range map[string]string{
		"success_measure": "successMeasure", "centre_numbers": "centreNumbers", "updates[2].comment": "updates[2].comment",
		"updates[0].target": "updates[0].targetId", "support[1].owner": "support[1].ownerRegistrationId",
		"actor.email": HeaderPersonEmail, "actor.external_id": HeaderPersonExternalID, "If-Match": "If-Match",
		"trustId": "trustId", "year": "year", "catalogue_item": "catalogueItemId",
	} {
		assert.Equal(t, api, jsonField(library), library)
	}
	p := problemFor(&standards.ValidationError{Fields: []standards.FieldError{{Field: "success_measure", Code: standards.FieldTooLong, Message: "too long"}}})
	assert.Equal(t, "successMeasure", (*p.Errors)[0].Field)
	assert.Equal(t, "invalid input: successMeasure: too long", *p.Detail, "the detail names the field as the request does too")
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		}
	}
	require.NoError(t, json.Unmarshal(Document, &doc))
	ids := map[string]bool{}
	for _, item := range doc.Paths {
		for _, op := range item {
			ids[op.OperationID] = true
		}
	}
	for id := range operationFieldNames {
		assert.True(t, ids[id], "%s is an operationId of the document", id)
	}
}
