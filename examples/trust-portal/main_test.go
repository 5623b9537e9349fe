package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/exampletest"
)

func TestTrustPortalMountsTheAppAndAddsATrustPage(t *testing.T) {
	t.Parallel()
	first := exampletest.Start(t, "-addr", "127.0.0.1:0")
	m := regexp.MustCompile(`^trust portal on (http://127\.0\.0\.1:\d+)/$`).FindStringSubmatch(first)
	require.NotNil(t, m, "the first line says where the portal is: %q", first)
	base := m[1]

	get := func(path, user string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		require.NoError(t, err)
		if user != "" {
			req.SetBasicAuth(user, "portal")
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}

	// The portal's login guards everything, the mounted app included.
	status, _ := get("/", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	status, _ = get("/standards/", "")
	assert.Equal(t, http.StatusUnauthorized, status)

	// The trust's own page, from the library's trust dashboard.
	status, page := get("/", "lead@valley.org.uk")
	require.Equal(t, http.StatusOK, status, page)
	for _, want := range []string{
		"Valley Learning Trust",
		"<td>Riverside Academy (12345)</td><td>yes</td><td>1</td><td>1</td><td>0</td>",
		"<td>Hillside College (54321)</td><td>yes</td><td>1</td><td>0</td><td>1</td>",
		"<td>Brookside School (67890)</td><td>yes</td><td>1</td><td>0</td><td>1</td>",
		"<th scope=\"row\">All centres</th><td></td><td>3</td><td>1</td><td>2</td>",
	} {
		assert.Contains(t, page, want)
	}
	status, _ = get("/", "exams@riverside.sch.uk")
	assert.Equal(t, http.StatusForbidden, status, "the trust page is for its leads")

	// The mounted app knows who is acting from the portal's login, and its
	// links stay under /standards/.
	dashboard := regexp.MustCompile(`href="(/standards/trusts/[^"]+)"`).FindStringSubmatch(page)
	require.NotNil(t, dashboard)
	status, board := get(dashboard[1], "lead@valley.org.uk")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, board, "<svg", "the app's trust dashboard, with its chart")
	status, home := get("/standards/", "head@riverside.sch.uk")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, home, `href="/standards/centres/`)
	assert.Contains(t, home, "Riverside Academy")
	assert.False(t, strings.Contains(home, "Sign out"), "the portal runs the login, not the app")
	status, _ = get(dashboard[1], "exams@riverside.sch.uk")
	assert.Equal(t, http.StatusNotFound, status, "the library decides what the exams officer may see")
}
