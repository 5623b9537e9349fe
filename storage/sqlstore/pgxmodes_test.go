package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/postgres"
)

// TestPostgresKeepsItsStatementsPreparedOnlyWherePgxMay: through pgx in
// exec mode (as postgres.Open opens it) or in pgx's default mode, the
// statements the store binds are prepared once for a connection; through
// pgx in simple-protocol mode, which a host chooses for a pooler that
// cannot follow prepared statements, nothing is prepared, and every page
// still reads rightly.
func TestPostgresKeepsItsStatementsPreparedOnlyWherePgxMay(t *testing.T) {
	dbtest.Need(t, dbtest.PostgresEnv, "PostgreSQL")
	t.Parallel()
	dsn := dbtest.PostgresDSN(t)
	for _, c := range []struct {
		mode     string
		prepared bool
	}{{"exec", true}, {"cache_statement", true}, {"simple_protocol", false}} {
		t.Run(c.mode, func(t *testing.T) {
			ctx := context.Background()
			db, err := postgres.Open(strings.Replace(dsn, "default_query_exec_mode=exec", "default_query_exec_mode="+c.mode, 1))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			db.SetMaxOpenConns(1) // one connection, whose prepared statements the test lists
			store, err := postgres.New(db)
			require.NoError(t, err)
			require.NoError(t, store.Migrate(ctx))
			day := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
			svc := standards.New(store, standards.WithClock(func() time.Time { return day }))
			head := standards.Actor{Email: c.mode + "@riverside.sch.uk"}
			reg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
				Year: 2025, CentreNumber: standards.CentreNumber(map[string]string{"exec": "11111", "cache_statement": "22222", "simple_protocol": "33333"}[c.mode]),
				CentreName: "Riverside", FullName: "Head", Roles: standards.Roles{standards.RoleSL},
			})
			require.NoError(t, err)
			d, err := svc.CentreDashboard(ctx, head, reg.CentreID, 2025)
			require.NoError(t, err)
			assert.Equal(t, "Riverside", d.Centre.Name)
			me, err := svc.Me(ctx, head)
			require.NoError(t, err)
			assert.Equal(t, reg.PersonID, me.ID)
			assert.Equal(t, c.prepared, preparedOn(t, db) > 0, "statements prepared on the connection")
		})
	}
}

// preparedOn counts the statements prepared on db's one connection.
func preparedOn(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM pg_prepared_statements").Scan(&n))
	return n
}
