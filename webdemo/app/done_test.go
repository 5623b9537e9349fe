package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestASuccessBannerSaysWhatHappened: a form that worked redirects to the
// page of its result, which says what happened; the banner's words are the
// app's own, never the address's.
func TestASuccessBannerSaysWhatHappened(t *testing.T) {
	d, _, _, _, _ := centreWithEO(t)
	stranger := d.signUp("newcomer@riverside.sch.uk", "Nia Newcomer")
	res := stranger.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Nia Newcomer"}, "roles": {"EO"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "govuk-notification-banner--success")
	assert.Contains(t, res.body, "Your request to join was sent")

	for _, done := range []string{"<script>alert(1)</script>", "unknown", ""} {
		res := stranger.get("/?done=" + url.QueryEscape(done))
		require.Equal(t, http.StatusOK, res.status)
		assert.NotContains(t, res.body, "govuk-notification-banner--success", "done=%q", done)
		assert.NotContains(t, res.body, "<script>alert(1)</script>")
	}
}
