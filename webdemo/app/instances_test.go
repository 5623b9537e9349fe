package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// TestAnyInstanceServesAnyRequest: two instances of the app, each with its
// own pools, service and accounts Manager, on one SQLite file, as behind a
// load balancer that sends each request wherever it likes: a person signs
// in on one and is signed in on the other, begins two-factor set-up on one
// and finishes it on the other, and signs out on the other to be signed
// out on the first (issue 19, item 4). The accounts package's
// TestInstancesShareEverything proves the same of the Manager on
// PostgreSQL and MySQL too.
func TestAnyInstanceServesAnyRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "eops.db")
	instance := func() (*httptest.Server, *accounts.Manager) {
		db, err := sqlite.Open(path)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		require.NoError(t, db.Migrate(ctx))
		store, err := accounts.NewSQLStore(ctx, db.DB(), "", accounts.ReadFrom(db.ReadDB()))
		require.NoError(t, err)
		m := accounts.New(store)
		srv := httptest.NewServer(app.New(standards.New(db), app.WithAccounts(m, operatorEmail), app.WithTwoFactorForAdmins(false)))
		t.Cleanup(srv.Close)
		return srv, m
	}
	one, m := instance()
	two, _ := instance()
	_, err := m.CreateAccount(ctx, "eo@school.org.uk", "Ada Lovelace", password)
	require.NoError(t, err)

	// One cookie jar for both: a browser sees one site.
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	site, err := url.Parse(one.URL)
	require.NoError(t, err)
	do := func(srv *httptest.Server, method, path string, form url.Values) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		// The cookie the other instance set, as the browser sends it to
		// the one site.
		for _, ck := range jar.Cookies(site) {
			req.AddCookie(ck)
		}
		res, err := c.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		jar.SetCookies(site, res.Cookies())
		return res.StatusCode, string(body)
	}

	status, _ := do(one, http.MethodPost, "/signin", url.Values{"email": {"eo@school.org.uk"}, "password": {password}})
	require.Equal(t, http.StatusSeeOther, status, "signed in on the first")
	status, body := do(two, http.MethodGet, "/account/security", nil)
	require.Equal(t, http.StatusOK, status, "the second knows the session")
	assert.Contains(t, body, "Two-factor sign-in is off")

	status, body = do(one, http.MethodPost, "/account/security/setup", nil)
	require.Equal(t, http.StatusSeeOther, status, body)
	status, body = do(two, http.MethodGet, "/account/security", nil)
	require.Equal(t, http.StatusOK, status)
	found := secretOnPage.FindStringSubmatch(body)
	require.NotNil(t, found, "the second shows the secret to the session that began the set-up: %s", body)
	secret := strings.ReplaceAll(found[1], " ", "")
	code, err := totp.GenerateCode(secret, time.Now())
	require.NoError(t, err)
	status, body = do(two, http.MethodPost, "/account/security/confirm", url.Values{"code": {code}})
	require.Equal(t, http.StatusSeeOther, status, body)
	// The codes are shown by the page the form redirects to, and any
	// instance shows them: they travel in the browser, not in one
	// instance's memory.
	status, body = do(one, http.MethodGet, "/account/security/recovery-codes", nil)
	require.Equal(t, http.StatusOK, status, body)
	assert.Len(t, recoveryOnPage.FindAllStringSubmatch(body, -1), accounts.RecoveryCodeCount, "finished on the second, shown by the first")
	status, body = do(one, http.MethodGet, "/account/security", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Two-factor sign-in is on", "and the first sees it on")

	var kept *http.Cookie
	for _, ck := range jar.Cookies(site) {
		if ck.Name == accounts.SessionCookie {
			kept = ck
		}
	}
	require.NotNil(t, kept)
	status, _ = do(two, http.MethodPost, "/signout", nil)
	require.Equal(t, http.StatusSeeOther, status, "signed out on the second")
	// The browser dropped the cookie; someone who kept a copy of it finds
	// the session ended on the first instance too.
	req, err := http.NewRequest(http.MethodGet, one.URL+"/account/security", nil)
	require.NoError(t, err)
	req.AddCookie(kept)
	res, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/signin"), "sent to sign in: %s", res.Header.Get("Location"))
}

// TestAPageKeptOnOneInstanceShowsAChangeMadeOnAnother: each instance keeps
// pages in its own memory, but only while the count of commands in the
// database stands, so a change made through one instance is on the next
// page the other sends, though it kept that page a moment before
// (docs/architecture.md "Kept pages").
func TestAPageKeptOnOneInstanceShowsAChangeMadeOnAnother(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "eops.db")
	instance := func() (*httptest.Server, *standards.Service) {
		db, err := sqlite.Open(path)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		require.NoError(t, db.Migrate(ctx))
		svc := standards.New(db)
		srv := httptest.NewServer(app.New(svc, app.WithAuthenticator(func(r *http.Request) (standards.Actor, bool) {
			return standards.Actor{Email: r.Header.Get("X-Test-Person")}, r.Header.Get("X-Test-Person") != ""
		}), app.WithTwoFactorForAdmins(false)))
		t.Cleanup(srv.Close)
		return srv, svc
	}
	one, svc := instance()
	two, _ := instance()
	head := standards.Actor{Email: "head@riverside.sch.uk", Name: "Hana Head"}
	reg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2026, CentreNumber: "12345",
		CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	page := "/centres/" + reg.CentreID + "/2026-27"
	get := func(srv *httptest.Server) string {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, srv.URL+page, nil)
		require.NoError(t, err)
		req.Header.Set("X-Test-Person", head.Email)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
		return string(body)
	}
	before := get(one)
	require.Equal(t, before, get(one), "kept")
	assert.NotContains(t, before, "Omar Officer")

	req, err := http.NewRequest(http.MethodPost, two.URL+page+"/colleagues", strings.NewReader(url.Values{
		"email": {"omar@riverside.sch.uk"}, "full_name": {"Omar Officer"}, "roles": {"EO"}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Test-Person", head.Email)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "registered through the second instance")
	assert.Contains(t, get(one), "Omar Officer", "the first instance's page shows it at once")
}
