package app_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGuidanceReadsSignedOut: the Toolkit's guides (issue 21 item 10) are
// listed on one page, each on a page of its own that links to the others,
// reachable from the landing page and read without an account.
func TestGuidanceReadsSignedOut(t *testing.T) {
	d := newDemo(t)
	b := d.browser()
	landing := b.get("/")
	require.Equal(t, http.StatusOK, landing.status)
	assert.Contains(t, landing.body, `href="/guidance/process"`, "the landing page leads to the process")
	index := b.get("/guidance")
	require.Equal(t, http.StatusOK, index.status)
	for slug, title := range map[string]string{
		"why": "Why the Standards exist", "who": "Who the Standards are for", "process": "How the year works",
		"centre-administrators": "For centre administrators", "exams-officers": "For exams officers",
		"case-studies": "Two case studies", "key-dates": "Key dates of the exams year",
	} {
		assert.Contains(t, index.body, `href="/guidance/`+slug+`"`, "the index lists %s", slug)
		res := b.get("/guidance/" + slug)
		require.Equal(t, http.StatusOK, res.status, slug)
		assert.Contains(t, res.body, title, slug)
		assert.Contains(t, res.body, "More guidance", slug)
	}
	assert.Equal(t, http.StatusNotFound, b.get("/guidance/nothing").status)
}

// TestTheTrackerLeadsToTheGuidance: the tracker links to the guide that
// helps where a newcomer stops: no targets yet, the statement, the claim.
func TestTheTrackerLeadsToTheGuidance(t *testing.T) {
	_, sl, _, _, record := centreWithEO(t)
	res := sl.get("/records/" + record)
	require.Equal(t, http.StatusOK, res.status)
	for _, slug := range []string{"case-studies", "exams-officers", "why", "process"} {
		assert.Contains(t, res.body, `href="/guidance/`+slug+`"`, slug)
	}
}
