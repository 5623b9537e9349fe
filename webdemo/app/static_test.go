package app_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
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
