package app_test

import (
	"context"
	"errors"
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

func TestHomePage(t *testing.T) {
	rec := serve(t, httptest.NewRequest(http.MethodGet, "/", nil))

	require.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"))
	body := rec.Body.String()
	assert.Contains(t, body, "eops — Exams Officer Professional Standards")
	assert.Contains(t, body, `<html lang="en-GB">`)
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
