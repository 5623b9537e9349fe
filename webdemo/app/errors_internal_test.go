package app

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// sqlStateError is an error with a SQLSTATE, as pgx's *pgconn.PgError is.
type sqlStateError struct{ code, msg string }

func (e *sqlStateError) Error() string    { return e.msg + " (SQLSTATE " + e.code + ")" }
func (e *sqlStateError) SQLState() string { return e.code }

// TestConnectionsTheServerEndedAreUnavailable: a connection PostgreSQL
// terminated (pg_terminate_backend: 57P01) or MySQL killed (the driver's
// "invalid connection") under a request is a 503 the person may try again,
// not a 500; PostgreSQL's other refusals are not (the multi-instance soak,
// issue 19 item 5, found both as 500s).
func TestConnectionsTheServerEndedAreUnavailable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&sqlStateError{"57P01", "FATAL: terminating connection due to administrator command"}, true},
		{&sqlStateError{"57P02", "crash shutdown"}, true},
		{&sqlStateError{"08006", "connection failure"}, true},
		{errors.New("invalid connection"), true},
		{&sqlStateError{"23505", "duplicate key value violates unique constraint"}, false},
		{&sqlStateError{"40001", "could not serialize access"}, false},
		{errors.New("invalid connection string"), false},
	} {
		wrapped := fmt.Errorf("accounts: confirm an account: %w", tt.err)
		assert.Equal(t, tt.want, unavailable(wrapped), "%v", tt.err)
		p, ok := problemIn(wrapped, nil)
		if tt.want {
			assert.True(t, ok)
			assert.Equal(t, 503, p.Status, "%v", tt.err)
		}
	}
}
