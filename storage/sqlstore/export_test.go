package sqlstore

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun/migrate"
)

// WithUpdateIsolation runs Update at level instead of SERIALIZABLE on
// PostgreSQL and MySQL, for the test that shows why it must not.
func WithUpdateIsolation(level sql.IsolationLevel) Option {
	return func(s *Store) { s.updateIsolation = level }
}

// MigrateTo applies the migrations up to and including the one named
// name, as a store of that version of the library did, for the tests of a
// later migration's backfill.
func MigrateTo(ctx context.Context, s *Store, name string) error {
	all, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	upTo := migrate.NewMigrations()
	for _, mg := range all.Sorted() {
		if mg.Name <= name {
			upTo.Add(mg)
		}
	}
	m := s.migratorOf(upTo)
	if err := m.Init(ctx); err != nil {
		return err
	}
	_, err = m.Migrate(ctx)
	return err
}

// Translate is translate, for the table of driver errors and their kinds.
var Translate = translate
