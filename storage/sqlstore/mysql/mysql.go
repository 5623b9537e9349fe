// Package mysql connects a sqlstore.Store to MySQL or MariaDB, linking
// bun's MySQL dialect and nothing of SQLite or PostgreSQL.
//
// The host opens the database with github.com/go-sql-driver/mysql, whose
// DSN must carry parseTime=true (and no loc other than UTC, the driver's
// default), and keeps it:
//
//	db, err := sql.Open("mysql", "app@tcp(db.internal:3306)/school?parseTime=true")
//	if err != nil { … }
//	store, err := mysql.New(db, sqlstore.WithPrefix("eops_"))
//	if err != nil { … }
//	if err := store.Migrate(ctx); err != nil { … }
//	svc := standards.New(store)
//
// Every write runs at SERIALIZABLE; a deadlock (1213) or a lock wait that
// timed out (1205) is standards.ErrTransient, which the Service runs
// again.
package mysql

import (
	"database/sql"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"

	"github.com/eops/eops/storage/sqlstore"
)

// New returns a store on the host's *sql.DB on MySQL or MariaDB. The host
// keeps ownership of db: the store's Close does not close it. The store
// writes every time in UTC, whatever zone it came in, as DATETIME columns
// have none.
func New(db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.New(bun.NewDB(db, mysqldialect.New(mysqldialect.WithTimeLocation("UTC"))), opts...)
}
