package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheOperatorIssuesAHostKeyAndAHostCallsTheAPI: -issue-host-key prints
// a secret once; the demo serves the JSON API at /api/v1, where the key
// reads the demo exams officer's registrations; -revoke-host-key ends it.
func TestTheOperatorIssuesAHostKeyAndAHostCallsTheAPI(t *testing.T) {
	dir := t.TempDir()
	db := []string{"-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key")}
	noEnv := func(string) string { return "" }

	err := run(append(db, "-issue-host-key", "Riverside MIS"), noEnv, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "-operator", "host keys are the operator's")

	var out bytes.Buffer
	require.NoError(t, run(append(db, "-operator", "ops@naeo.example", "-issue-host-key", "Riverside MIS", "-host-key-centres", "12345"),
		noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), `"Riverside MIS", centres 12345`)
	m := regexp.MustCompile(`host key (\S+) issued[\s\S]*\n(eops_hk_[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	id, secret := m[1], m[2]

	out.Reset()
	require.NoError(t, run(append(db, "-operator", "ops@naeo.example", "-issue-host-key", "Ops tools", "-operator-key"), noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), `"Ops tools", all centres, an operator key`)
	ops := regexp.MustCompile(`\n(eops_hk_[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out.String())
	require.NotNil(t, ops, out.String())

	addr, _ := startRun(t, append(db, "-demo")...)
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Eops-Person-Email", "exams@riverside.example")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var me struct {
		Person        struct{ Name string }
		Registrations []struct{ RecordID string }
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&me))
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "Nadia New", me.Person.Name)
	require.Len(t, me.Registrations, 1)
	assert.NotEmpty(t, me.Registrations[0].RecordID)

	// The operator key acts as the operator: the platform's own trail is
	// the operator's alone. The Riverside key, naming the same person,
	// is refused.
	trail := func(secret string) int {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/audit", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Eops-Person-Email", "ops@naeo.example")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	assert.Equal(t, http.StatusOK, trail(ops[1]))
	assert.Equal(t, http.StatusForbidden, trail(secret))

	doc, err := http.Get("http://" + addr + "/api/v1/openapi.json")
	require.NoError(t, err)
	doc.Body.Close()
	assert.Equal(t, http.StatusOK, doc.StatusCode)

	out.Reset()
	require.NoError(t, run(append(db, "-operator", "ops@naeo.example", "-revoke-host-key", id), noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), "revoked")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "a revoked key is refused at once, by the running demo too")

	out.Reset()
	require.NoError(t, run(append(db, "-operator", "ops@naeo.example", "-host-keys"), noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), id)
	assert.Contains(t, out.String(), "revoked")
	assert.NotContains(t, out.String(), secret, "the secret is shown once only")
}

// TestAnOperatorKeyIsForAllCentresAndAtMost90Days: -operator-key issues a
// key for 90 days unless told fewer, and refuses centres and a longer
// life, as the library does (R-TRU-3).
func TestAnOperatorKeyIsForAllCentresAndAtMost90Days(t *testing.T) {
	dir := t.TempDir()
	db := []string{"-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-operator", "ops@naeo.example"}
	noEnv := func(string) string { return "" }

	err := run(append(db, "-operator-key"), noEnv, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "-issue-host-key")
	err = run(append(db, "-issue-host-key", "Ops tools", "-operator-key", "-host-key-centres", "12345"), noEnv, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "all centres")
	err = run(append(db, "-issue-host-key", "Ops tools", "-operator-key", "-host-key-days", "91"), noEnv, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "90 days")

	var out bytes.Buffer
	require.NoError(t, run(append(db, "-issue-host-key", "Ops tools", "-operator-key"), noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), "an operator key")
	out.Reset()
	require.NoError(t, run(append(db, "-issue-host-key", "Ops tools 30", "-operator-key", "-host-key-days", "30"), noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), "an operator key")
	out.Reset()
	require.NoError(t, run(append(db, "-host-keys"), noEnv, &out, io.Discard))
	assert.Equal(t, 2, strings.Count(out.String(), "an operator key"), out.String())
}
