package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/internal/exampletest"
)

// TestVendorHost runs the example as a vendor ships it, on PostgreSQL when
// its DSN is set (as in CI) and on SQLite otherwise: the mounted app wears
// the product's look and sends a signed-out person to the product's sign-in
// page, and the product's JSON dashboard comes from one library call.
func TestVendorHost(t *testing.T) {
	t.Parallel()
	args := []string{"-addr", "127.0.0.1:0"}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		args = append(args, "-dsn", dbtest.PostgresDSN(t))
	}
	get := startHost(t, args...)

	res, _ := get("/standards/notifications", "")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/login?returnUrl=%2Fstandards%2Fnotifications", res.Header.Get("Location"))
	res, _ = get("/login?user=u2&returnUrl=%2Fstandards%2Fnotifications", "")
	assert.Equal(t, "/standards/notifications", res.Header.Get("Location"), "the product's sign-in sends them back where they were")
	res, _ = get("/login?user=u2&returnUrl=https%3A%2F%2Fevil.example%2F", "")
	assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/standards/"), "and never off the product: %s", res.Header.Get("Location"))

	res, page := get("/standards/", "u1")
	require.Equal(t, http.StatusOK, res.StatusCode, page)
	assert.Contains(t, page, `<div class="acme-bar">Acme MIS · Riverside Academy</div>`)
	assert.Contains(t, page, "Riverside Academy")

	res, body := get("/api/dashboard", "u1")
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	var rows []row
	require.NoError(t, json.Unmarshal([]byte(body), &rows))
	require.Len(t, rows, 1)
	assert.Equal(t, "Eve Officer", rows[0].Name)
	assert.Equal(t, []string{"Sam Senior"}, rows[0].Overseers)
	assert.Contains(t, rows[0].Flags, "statement_not_signed")

	res, _ = get("/api/dashboard", "u2")
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "the exams officer sees no centre dashboard")
}

// TestVendorHostStartsAgainOnItsDatabase starts the product twice on one
// PostgreSQL database, as a vendor restarts theirs: the second start finds
// the school the first registered, and its dashboard shows the one exams
// officer.
func TestVendorHostStartsAgainOnItsDatabase(t *testing.T) {
	t.Parallel()
	dbtest.Need(t, dbtest.PostgresEnv, "PostgreSQL")
	dsn := dbtest.PostgresDSN(t)
	for start := range 2 {
		get := startHost(t, "-addr", "127.0.0.1:0", "-dsn", dsn)
		res, body := get("/api/dashboard", "u1")
		require.Equal(t, http.StatusOK, res.StatusCode, "start %d: %s", start+1, body)
		var rows []row
		require.NoError(t, json.Unmarshal([]byte(body), &rows))
		assert.Len(t, rows, 1, "start %d", start+1)
	}
}

// startHost starts the example with args and returns a GET of its paths
// as the product's user (or signed out, for "").
func startHost(t *testing.T, args ...string) func(path, user string) (*http.Response, string) {
	t.Helper()
	first := exampletest.Start(t, args...)
	m := regexp.MustCompile(`^vendor host on (http://127\.0\.0\.1:\d+)/$`).FindStringSubmatch(first)
	require.NotNil(t, m, "the first line says where the host is: %q", first)
	base := m[1]
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return func(path, user string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		require.NoError(t, err)
		if user != "" {
			req.AddCookie(&http.Cookie{Name: "acme_user", Value: user})
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, string(body)
	}
}
