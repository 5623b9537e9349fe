package main

import (
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunServesProfilesApart: -pprof-addr serves Go's profiles on its own
// listener, and the app's address never does.
func TestRunServesProfilesApart(t *testing.T) {
	dir := t.TempDir()
	pprofAddr := freeAddr(t)
	addr, out := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-pprof-addr", pprofAddr)
	assert.Contains(t, out.String(), "profiles at http://"+pprofAddr+"/debug/pprof/")
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	status, index := get("http://" + pprofAddr + "/debug/pprof/")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, index, "goroutine")
	status, _ = get("http://" + pprofAddr + "/debug/pprof/profile?seconds=1")
	assert.Equal(t, http.StatusOK, status)

	status, _ = get("http://" + addr + "/debug/pprof/")
	assert.Equal(t, http.StatusNotFound, status, "the profiles stay off the app's address")
}
