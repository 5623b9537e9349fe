package sqlstore_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
)

// sqliteError is an error as modernc's SQLite driver reports one: by its
// (extended) result code.
type sqliteError int

func (e sqliteError) Error() string { return fmt.Sprintf("sqlite: result code %d", int(e)) }
func (e sqliteError) Code() int     { return int(e) }

// TestDriverErrorsAndTheirKinds: what each database says for a transaction
// refused for others at the same time is ErrTransient, never ErrConflict;
// a key taken is ErrConflict. Only some of these can be provoked on
// demand (ClashIsTransient provokes PostgreSQL's 40001 and MariaDB's 1213);
// this table covers the rest, as the drivers type them.
func TestDriverErrorsAndTheirKinds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		err  error
		kind error
	}{
		{"postgres serialization failure", &pgconn.PgError{Code: "40001"}, standards.ErrTransient},
		{"postgres deadlock", &pgconn.PgError{Code: "40P01"}, standards.ErrTransient},
		{"postgres unique violation", &pgconn.PgError{Code: "23505"}, standards.ErrConflict},
		{"mysql deadlock", &mysql.MySQLError{Number: 1213}, standards.ErrTransient},
		{"mysql lock wait timeout", &mysql.MySQLError{Number: 1205}, standards.ErrTransient},
		{"mysql duplicate entry", &mysql.MySQLError{Number: 1062}, standards.ErrConflict},
		{"mysql deadlock wrapped with another", fmt.Errorf("commit: %w (%w)", errors.New("rolled back"), &mysql.MySQLError{Number: 1213}), standards.ErrTransient},
		{"sqlite busy", sqliteError(5), standards.ErrTransient},
		{"sqlite busy snapshot", sqliteError(5 | 2<<8), standards.ErrTransient},
		{"sqlite locked", sqliteError(6), standards.ErrTransient},
		{"sqlite locked shared cache", sqliteError(6 | 1<<8), standards.ErrTransient},
		{"sqlite unique", sqliteError(2067), standards.ErrConflict},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wrapped := fmt.Errorf("commit: %w", c.err)
			got := sqlstore.Translate(wrapped)
			assert.ErrorIs(t, got, c.kind)
			for _, other := range []error{standards.ErrTransient, standards.ErrConflict} {
				if other != c.kind {
					assert.NotErrorIs(t, got, other)
				}
			}
			assert.True(t, errors.Is(got, c.err), "the driver's error stays in the chain for the host's logs")
			if c.kind == standards.ErrConflict {
				assert.Equal(t, standards.ReasonDuplicate, standards.ErrorReason(got), "a key taken says so")
			}
		})
	}
}
