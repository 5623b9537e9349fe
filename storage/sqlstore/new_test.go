package sqlstore_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"

	"github.com/eops/eops/storage/sqlstore"
)

// TestNewMySQLNeedsUTC checks that New refuses a MySQL dialect that would
// write times in their own zone into zoneless DATETIME columns, and takes
// one that writes them in UTC. Nothing connects to a server.
func TestNewMySQLNeedsUTC(t *testing.T) {
	db, err := sql.Open("mysql", "root@tcp(127.0.0.1:1)/none?parseTime=true")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	_, err = sqlstore.New(bun.NewDB(db, mysqldialect.New()))
	require.ErrorContains(t, err, "UTC")

	s, err := sqlstore.New(bun.NewDB(db, mysqldialect.New(mysqldialect.WithTimeLocation("UTC"))))
	require.NoError(t, err)
	require.Equal(t, sqlstore.MySQL, s.Dialect())
}
