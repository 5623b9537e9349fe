package sqlstore_test

import (
	"database/sql"
	"fmt"

	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// newOnDialect is the package for d's New: the tests that run on each
// database in turn name it by its Dialect.
func newOnDialect(db *sql.DB, d sqlstore.Dialect, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	switch d {
	case sqlstore.SQLite:
		return sqlite.New(db, opts...)
	case sqlstore.PostgreSQL:
		return postgres.New(db, opts...)
	case sqlstore.MySQL:
		return mysql.New(db, opts...)
	}
	return nil, fmt.Errorf("no package for dialect %q", d)
}
