package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/app"
)

// brokenStore fails every transaction with an error the app does not
// know: a 500.
type brokenStore struct{ standards.Store }

var errBroken = errors.New("disk on fire")

func (brokenStore) View(context.Context, func(standards.Tx) error) error   { return errBroken }
func (brokenStore) Update(context.Context, func(standards.Tx) error) error { return errBroken }

// brokenApp is the app on a store that always fails, signed in as an exams
// officer by the host, with opts.
func brokenApp(opts ...app.Option) http.Handler {
	return app.New(standards.New(brokenStore{memory.New()}), append([]app.Option{
		app.WithAuthenticator(func(*http.Request) (standards.Actor, bool) {
			return standards.Actor{Email: "eo@riverside.sch.uk", Name: "Eve Officer"}, true
		}),
	}, opts...)...)
}

var madeID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRequestID(t *testing.T) {
	t.Parallel()
	h := app.New(standards.New(memory.New()), app.WithLogger(slog.New(slog.DiscardHandler)))
	get := func(id string) string {
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		if id != "" {
			req.Header.Set(app.RequestIDHeader, id)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Header().Get(app.RequestIDHeader)
	}
	t.Run("TakenFromTheRequest", func(t *testing.T) {
		for _, id := range []string{"abc-123", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "proxy:req.7_x"} {
			assert.Equal(t, id, get(id))
		}
	})
	t.Run("MadeWhenMissing", func(t *testing.T) {
		first, second := get(""), get("")
		assert.Regexp(t, madeID, first)
		assert.NotEqual(t, first, second, "each request its own")
	})
	t.Run("MadeWhenMalformed", func(t *testing.T) {
		for _, id := range []string{"two words", "new\nline", `quote"d`, strings.Repeat("a", 65), "<script>"} {
			assert.Regexp(t, madeID, get(id), "%q is not taken", id)
		}
	})
}

// TestAServerErrorIsLoggedWithItsRequestID: a 500 says its reference to
// the person and logs the error under the same id.
func TestAServerErrorIsLoggedWithItsRequestID(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	h := brokenApp(app.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	req := httptest.NewRequest(http.MethodGet, "/records/r1", nil)
	req.Header.Set(app.RequestIDHeader, "req-500")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	require.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "req-500", rec.Header().Get(app.RequestIDHeader))
	assert.Contains(t, rec.Body.String(), "Reference: req-500")
	assert.NotContains(t, rec.Body.String(), errBroken.Error(), "the cause stays in the log")
	assert.Contains(t, log.String(), "level=ERROR")
	assert.Contains(t, log.String(), "request_id=req-500")
	assert.Contains(t, log.String(), errBroken.Error())
}

// TestLoudByDefault: with no WithLogger the app logs a 500 to slog's
// default logger; a host that wants silence says so. It sets the default
// logger, so it does not run in parallel.
func TestLoudByDefault(t *testing.T) {
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })

	serve := func(h http.Handler) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/records/r1", nil))
		require.Equal(t, http.StatusInternalServerError, rec.Code)
	}
	serve(brokenApp())
	assert.Contains(t, log.String(), "level=ERROR")
	assert.Contains(t, log.String(), errBroken.Error())
	assert.Regexp(t, `request_id=[0-9a-f]{32}`, log.String())

	log.Reset()
	serve(brokenApp(app.WithLogger(slog.New(slog.DiscardHandler))))
	assert.Empty(t, log.String(), "a discarding logger is the host's way to silence")
}
