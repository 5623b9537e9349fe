package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestR_VA_1_TheOperatorPublishesTheStatementFromThePage: the operator
// reads a year's statement and publishes its next version from the web
// app (it was the API's alone); an empty text comes back with what was
// typed; to anyone else the page is not there.
func TestR_VA_1_TheOperatorPublishesTheStatementFromThePage(t *testing.T) {
	t.Parallel()
	d, sl, eo, _, record := centreWithEO(t)
	op := d.signUp(operatorEmail, "Olive Operator")
	assert.Contains(t, op.get("/").body, `href="/statement"`, "the operator's menu offers the page")

	page := op.get("/statement")
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "The NAEO statement for 2025/26")
	assert.Contains(t, page.body, "Publish version 1 for 2025/26")

	res := op.post("/statement", url.Values{"year": {"2025/26"}, "text": {"  "}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "There is a problem")
	assert.Contains(t, res.body, `href="#statement-text-input">Text: the statement`)

	res = op.post("/statement", url.Values{"year": {"2025/26"}, "version": {"0"}, "text": {"I keep the exams secure.\n\n- question papers locked away"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "/statement", res.url)
	assert.Contains(t, res.body, "The new version is published")
	assert.Contains(t, res.body, "Version 1 for 2025/26")
	assert.Contains(t, res.body, "<li>question papers locked away</li>")
	assert.Contains(t, eo.get("/records/"+record+"/sign").body, "I keep the exams secure.", "the exams officer signs the new version")
	assert.Contains(t, res.body, `name="version" value="1"`, "the form says which version it shows")

	// A second click, or a form read before someone else published,
	// replaces nothing it never showed.
	again := op.post("/statement", url.Values{"year": {"2025/26"}, "version": {"0"}, "text": {"Another text."}})
	assert.Equal(t, http.StatusConflict, again.status)
	assert.Contains(t, again.body, "Someone else changed this while you had it open")
	assert.Contains(t, again.body, `href="#statement-current"`, "the summary links to the version published meanwhile")
	assert.Contains(t, again.body, "I keep the exams secure.", "which the page shows")
	assert.Contains(t, again.body, ">Another text.</textarea>", "beside the text typed, kept")
	assert.Contains(t, again.body, `name="version" value="1"`, "publishing again replaces the version now shown")
	assert.NotContains(t, op.get("/statement").body, "Another text.")
	assert.Equal(t, http.StatusUnprocessableEntity, op.post("/statement", url.Values{"year": {"2025/26"}, "version": {"one"}, "text": {"Another text."}}).status,
		"a version that is not one is refused")

	for _, who := range []*browser{sl, eo} {
		assert.Equal(t, http.StatusNotFound, who.get("/statement").status)
		assert.Equal(t, http.StatusNotFound, who.post("/statement", url.Values{"year": {"2025/26"}, "text": {"Mine."}}).status)
	}
	assert.Equal(t, http.StatusNotFound, sl.get("/statement?year=nonsense").status, "nor does a year it would refuse say the page is there")
	signedOut := d.browser().get("/statement")
	assert.Equal(t, "/signin", signedOut.url, "signed out, sent to sign in")
}
