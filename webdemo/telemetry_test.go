package main

import (
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunServesMetrics starts the demo with -metrics-addr, makes a few
// requests, and scrapes /metrics: the library's calls by operation and
// outcome, their durations, the HTTP server's durations and the SQL
// statements' timings are there, and the app's own address does not serve
// them.
func TestRunServesMetrics(t *testing.T) {
	dir := t.TempDir()
	metricsAddr := freeAddr(t)
	addr, out := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-metrics-addr", metricsAddr)
	assert.Contains(t, out.String(), "metrics at http://"+metricsAddr+"/metrics")
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	for range 3 {
		status, _ := get("http://" + addr + "/verify?code=0000-0000-0000-0000-0000")
		require.Equal(t, http.StatusNotFound, status, "no certificate has this code")
	}

	status, metrics := get("http://" + metricsAddr + "/metrics")
	require.Equal(t, http.StatusOK, status)
	assert.Regexp(t, `(?m)^eops_calls_total\{eops_operation="Verify",eops_outcome="not_found",[^}]*\} 3$`, metrics)
	assert.Regexp(t, `(?m)^eops_call_duration_seconds_count\{eops_operation="Verify",eops_outcome="not_found",[^}]*\} 3$`, metrics)
	assert.Regexp(t, `(?m)^eops_retries_total\{eops_operation="Verify",[^}]*\} 0$`, metrics)
	assert.Regexp(t, `(?m)^http_server_request_duration_seconds_count\{[^}]*http_response_status_code="404"[^}]*\} 3$`, metrics)
	assert.Contains(t, metrics, "go_sql_query_timing")

	status, _ = get("http://" + addr + "/metrics")
	assert.Equal(t, http.StatusNotFound, status, "the metrics stay off the app's address")
}
