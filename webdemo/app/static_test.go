package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// countingAccounts counts the lookups of signed-in requests.
type countingAccounts struct {
	*accounts.MemoryStore
	byID atomic.Int64
}

func (c *countingAccounts) ByID(ctx context.Context, id string) (accounts.Account, error) {
	c.byID.Add(1)
	return c.MemoryStore.ByID(ctx, id)
}

// SessionWithAccount is how a signed-in request looks its account up, with
// its session.
func (c *countingAccounts) SessionWithAccount(ctx context.Context, hash string) (accounts.StoredSession, accounts.Account, error) {
	c.byID.Add(1)
	return c.MemoryStore.SessionWithAccount(ctx, hash)
}

// TestStaticFilesLookNobodyUp fetches the style sheet signed in: it is the
// same for everyone, so it reads no account, where a page does.
func TestStaticFilesLookNobodyUp(t *testing.T) {
	t.Parallel()
	store := &countingAccounts{MemoryStore: accounts.NewMemoryStore()}
	m := accounts.New(store)
	h := app.New(standards.New(memory.New()), app.WithAccounts(m), app.WithTwoFactorForAdmins(false))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	get := func(path string) {
		t.Helper()
		res, err := c.Get(srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, path)
	}
	_, err = m.CreateAccount(context.Background(), "eo@riverside.sch.uk", "EO", "correct horse battery staple")
	require.NoError(t, err)
	res, err := c.PostForm(srv.URL+"/signin", url.Values{"email": {"eo@riverside.sch.uk"}, "password": {"correct horse battery staple"}})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "/", res.Request.URL.Path, "signed in")

	before := store.byID.Load()
	get("/static/site.css")
	get("/static/vendor/htmx.min.js")
	assert.Equal(t, before, store.byID.Load(), "static files looked the account up")
	get("/")
	assert.Greater(t, store.byID.Load(), before, "a page looks the signed-in account up")
}

// TestStaticServesTheDesignSystem: the app serves GOV.UK Frontend itself,
// as it serves htmx: the style sheet built from its Sass, its script (an ES
// module, so served as JavaScript) and the app's script that starts it,
// each cacheable, and none of GOV.UK's fonts (our own font stack: the GDS
// Transport font is for GOV.UK only).
func TestStaticServesTheDesignSystem(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(app.New(standards.New(memory.New())))
	t.Cleanup(srv.Close)
	for path, want := range map[string]string{
		"/static/site.css":                      ".govuk-button",
		"/static/app.js":                        `from "./vendor/govuk-frontend.min.js"`,
		"/static/vendor/govuk-frontend.min.js":  `version="6.`,
		"/static/vendor/govuk-frontend.LICENSE": "MIT",
		"/static/vendor/htmx.min.js":            "htmx",
	} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Contains(t, string(body), want, path)
		assert.Equal(t, "public, max-age=3600", res.Header.Get("Cache-Control"), path)
		if strings.HasSuffix(path, ".js") {
			assert.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript"), "%s: %s", path, res.Header.Get("Content-Type"))
		}
	}
	css, err := os.ReadFile(filepath.Join("static", "site.css"))
	require.NoError(t, err)
	assert.NotContains(t, string(css), "GDS Transport", "GOV.UK's font")
	assert.NotContains(t, string(css), "@font-face", "a font to download")
	assert.Contains(t, string(css), "system-ui", "our font stack")
	res, err := http.Get(srv.URL + "/static/images/govuk-crest.svg")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the crest is for GOV.UK only")
}
