package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

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
