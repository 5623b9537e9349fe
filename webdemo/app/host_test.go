package app_test

import (
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/app"
)

// signedOutHost is the app mounted under /standards by a host whose login
// knows nobody.
func signedOutHost(opts ...app.Option) (http.Handler, []app.Route, error) {
	svc := standards.New(memory.New())
	opts = append([]app.Option{app.WithBasePath("/standards"),
		app.WithAuthenticator(func(*http.Request) (standards.Actor, bool) { return standards.Actor{}, false })}, opts...)
	routes, err := app.Routes(svc, opts...)
	return app.New(svc, opts...), routes, err
}

// TestASignedOutPersonGoesToTheHostsSignInPage: with WithSignInPage, a page
// that needs someone signed in sends a signed-out person to the host's
// sign-in page with the path to come back to, and an htmx request is told
// to go there; without it, the app answers 401.
func TestASignedOutPersonGoesToTheHostsSignInPage(t *testing.T) {
	t.Parallel()
	h, _, err := signedOutHost(app.WithSignInPage(func(returnTo string) string {
		return "/login?returnUrl=" + url.QueryEscape(returnTo)
	}))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards/notifications", nil))
	assert.Equal(t, http.StatusSeeOther, rec.Code)
	assert.Equal(t, "/login?returnUrl=%2Fstandards%2Fnotifications", rec.Header().Get("Location"))

	rec = httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/standards/notifications", nil)
	req.Header.Set("HX-Request", "true")
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "/login?returnUrl=%2Fstandards%2Fnotifications", rec.Header().Get("HX-Redirect"))

	// The page's query comes back too, but its success banner; htmx's
	// request for part of a page comes back to the page it is part of.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards/notifications?page=2&done=claimed", nil))
	assert.Equal(t, "/login?returnUrl="+url.QueryEscape("/standards/notifications?page=2"), rec.Header().Get("Location"))
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodGet, "/standards/records/r1/eligibility?confirm_knowledge=on", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", "https://mis.example/standards/records/r1/claim")
	h.ServeHTTP(rec, req)
	assert.Equal(t, "/login?returnUrl="+url.QueryEscape("/standards/records/r1/claim"), rec.Header().Get("HX-Redirect"))
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodPost, "/standards/records/r1/cpd", strings.NewReader("title=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", "https://mis.example/elsewhere")
	h.ServeHTTP(rec, req)
	assert.Equal(t, "/login?returnUrl="+url.QueryEscape("/standards/"), rec.Header().Get("HX-Redirect"), "a page not the app's: its home")

	without, _, err := signedOutHost()
	require.NoError(t, err)
	rec = httptest.NewRecorder()
	without.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards/notifications", nil))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
}

// TestPublicPathsAreWhatASignedOutPersonReaches walks every GET route of
// the app: each under PublicPaths answers a signed-out person, and no other
// route gives them anything but the sign-in page, a 401 or a 404 (an id
// that names nothing) — save the home page and the centre finder's empty
// form, which show only how to start.
func TestPublicPathsAreWhatASignedOutPersonReaches(t *testing.T) {
	t.Parallel()
	_, key, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	h, routes, err := signedOutHost(app.WithCredentials(credential.Issuer{ID: "https://eops.example/issuer", Name: "NAEO", Key: key, KeyID: "https://eops.example/.well-known/eops-credential-key.json"}))
	require.NoError(t, err)
	public := func(path string) bool {
		for _, p := range app.PublicPaths() {
			if path == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p)) {
				return true
			}
		}
		return false
	}
	variable := regexp.MustCompile(`\{([a-z]+)(:[^}]*)?\}`)
	sample := func(template string) string {
		return variable.ReplaceAllStringFunc(template, func(v string) string {
			if strings.HasPrefix(v, "{year") {
				return "2025-26"
			}
			return "x"
		})
	}
	paths := map[string]bool{"/static/site.css": true}
	for _, r := range routes {
		for _, m := range r.Methods {
			if m == http.MethodGet && r.Template != "/static/" {
				paths[sample(r.Template)] = true
			}
		}
	}
	for path := range paths {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards"+path, nil))
		switch {
		case public(path):
			assert.Equal(t, http.StatusOK, rec.Code, "%s is public", path)
		case path == "/" || path == "/find":
			assert.Equal(t, http.StatusOK, rec.Code, path)
			assert.NotContains(t, rec.Body.String(), "Sign out", path)
		case path == "/national":
			assert.Equal(t, http.StatusSeeOther, rec.Code, "%s goes to this year's figures, which need the operator", path)
		default:
			assert.Contains(t, []int{http.StatusUnauthorized, http.StatusNotFound}, rec.Code, "%s signed out", path)
		}
	}
}

// TestTheAppWearsTheHostsBrand: with WithBrand, every page carries the
// host's name in its title and header, the host's header and footer, and
// its style sheet after the app's.
func TestTheAppWearsTheHostsBrand(t *testing.T) {
	t.Parallel()
	h, _, err := signedOutHost(app.WithBrand(app.Brand{
		Name:        "Arbor MIS",
		Header:      `<div class="host-bar">Arbor: Riverside Academy</div>`,
		Footer:      `<footer class="host-footer">Arbor Education</footer>`,
		Stylesheets: []string{"/assets/arbor.css"},
	}))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards/verify", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	page := rec.Body.String()
	assert.Regexp(t, `<title>[^<]* · Arbor MIS</title>`, page)
	assert.Contains(t, page, `<div class="host-bar">Arbor: Riverside Academy</div>`)
	assert.Contains(t, page, `<footer class="host-footer">Arbor Education</footer>`)
	assert.NotContains(t, page, "certify an exams officer's year", "the host's footer stands in the app's")
	assert.Less(t, strings.Index(page, "/standards/static/site.css"), strings.Index(page, `href="/assets/arbor.css"`), "the host's style sheet comes after the app's")

	plain, _, err := signedOutHost()
	require.NoError(t, err)
	rec = httptest.NewRecorder()
	plain.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/standards/verify", nil))
	assert.Contains(t, rec.Body.String(), "certify an exams officer&#39;s year")
}
