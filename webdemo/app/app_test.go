package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/app"
)

func serve(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	app.New(standards.New(memory.New())).ServeHTTP(rec, req)
	return rec
}

func TestHealthz(t *testing.T) {
	rec := serve(t, httptest.NewRequest(http.MethodGet, "/healthz", nil))

	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "ok", rec.Body.String())
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain"))
}

func TestHealthzReportsTheDatabase(t *testing.T) {
	down := app.New(standards.New(memory.New()), app.WithHealthCheck(func(context.Context) error { return errors.New("connection refused") }))
	rec := httptest.NewRecorder()
	down.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.NotContains(t, rec.Body.String(), "connection refused", "no internals in the answer")
}

// TestReadyzAndHealthz: /readyz answers what the readiness check says,
// 503 with no internals when it fails; /healthz says only that the process
// lives, whatever the database (issue 19, item 4).
func TestReadyzAndHealthz(t *testing.T) {
	var down error
	h := app.New(standards.New(memory.New()), app.WithReadinessCheck(func(context.Context) error { return down }))
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}

	rec := get("/readyz")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "ready", rec.Body.String())

	down = errors.New("the schema is not current: 1 migrations not applied (20991231000001_next)")
	rec = get("/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "not ready", rec.Body.String(), "no internals in the answer")
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	rec = get("/healthz")
	assert.Equal(t, http.StatusOK, rec.Code, "a database down is no reason to restart the process")

	rec = serve(t, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	assert.Equal(t, http.StatusOK, rec.Code, "without a check, ready while the app answers")
}

func TestHomePage(t *testing.T) {
	rec := serve(t, httptest.NewRequest(http.MethodGet, "/", nil))

	require.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"))
	body := rec.Body.String()
	assert.Contains(t, body, "eops — Exams Officer Professional Standards")
	assert.Contains(t, body, `<html lang="en-GB" `, "the page says its language")
	assert.Contains(t, body, "<main")
	assert.Contains(t, body, "verify a certificate")
}

func TestStaticCSS(t *testing.T) {
	rec := serve(t, httptest.NewRequest(http.MethodGet, "/static/site.css", nil))

	assert.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css"))
}

func TestUnknownPathIsNotFound(t *testing.T) {
	rec := serve(t, httptest.NewRequest(http.MethodGet, "/no-such-page", nil))

	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), "Page not found")
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")

	rec := serve(t, req)

	assert.Equal(t, http.StatusForbidden, rec.Code)
}

// TestAnAbandonedRequestIsNoServerError serves a page to a client that has
// gone away: the library stops on the cancelled context, and the app logs
// it as an abandoned request, not as an error of its own.
func TestAnAbandonedRequestIsNoServerError(t *testing.T) {
	var log bytes.Buffer
	h := app.New(standards.New(memory.New()),
		app.WithLogger(slog.New(slog.NewTextHandler(&log, nil))),
		app.WithAuthenticator(func(*http.Request) (standards.Actor, bool) {
			return standards.Actor{Email: "eo@riverside.sch.uk", Name: "EO"}, true
		}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/records/r1", nil).WithContext(ctx))

	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, log.String(), "request abandoned")
	assert.NotContains(t, log.String(), "level=ERROR")
}
