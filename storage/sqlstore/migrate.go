package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/uptrace/bun/migrate"
)

//go:embed migrations
var migrationFiles embed.FS

// migrationFolders are the embedded folders that hold dialect d's
// migration files.
func migrationFolders(d Dialect) ([]fs.FS, error) {
	sub, err := fs.Sub(migrationFiles, "migrations/"+string(d))
	if err != nil {
		return nil, err
	}
	return []fs.FS{sub}, nil
}

// migrationData is what the migration files' templates see: {{.Prefix}}
// is the host's table-name prefix.
func migrationData(_ Dialect, prefix string) any {
	return struct{ Prefix string }{prefix}
}

// migrations returns dialect d's migrations, found in the embedded files
// with Discover (never DiscoverCaller, which needs the source tree at run
// time).
func migrations(d Dialect) (*migrate.Migrations, error) {
	folders, err := migrationFolders(d)
	if err != nil {
		return nil, err
	}
	ms := migrate.NewMigrations()
	for _, folder := range folders {
		if err := ms.Discover(folder); err != nil {
			return nil, fmt.Errorf("sqlstore: discover migrations: %w", err)
		}
	}
	return ms, nil
}

// migratorOf runs ms on the store's database, with its bookkeeping tables
// and the files' templates under the store's prefix.
func (s *Store) migratorOf(ms *migrate.Migrations) *migrate.Migrator {
	return migrate.NewMigrator(s.db, ms,
		migrate.WithTableName(s.prefix+"bun_migrations"),
		migrate.WithLocksTableName(s.prefix+"bun_migration_locks"),
		migrate.WithMarkAppliedOnSuccess(true),
		migrate.WithTemplateData(migrationData(s.dialect, s.prefix)),
	)
}

// migrator returns a Migrator of the store's migrations.
func (s *Store) migrator() (*migrate.Migrator, error) {
	ms, err := migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	return s.migratorOf(ms), nil
}

// Migrate brings the schema up to date: it creates the migration tables if
// need be, and applies every migration not yet applied, as one batch. It is
// safe to call at every start.
func (s *Store) Migrate(ctx context.Context) error {
	m, err := s.migrator()
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("sqlstore: init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return fmt.Errorf("sqlstore: lock migrations: %w", err)
	}
	defer m.Unlock(ctx) //nolint:errcheck // the migration's own error matters more
	if _, err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

// Unapplied names the migrations Migrate would apply: none when the schema
// is current. It changes nothing, and fails when the migration tables are
// not there (Migrate never ran on this database). A host's readiness check
// uses it, so that an instance of an older build does not take requests on
// a newer schema unnoticed, nor a new one before the migrations ran.
func (s *Store) Unapplied(ctx context.Context) ([]string, error) {
	m, err := s.migrator()
	if err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read the applied migrations: %w", err)
	}
	var names []string
	for _, u := range ms.Unapplied() {
		names = append(names, u.Name)
	}
	return names, nil
}

// MigrateDown takes back the last batch of migrations that Migrate applied.
func (s *Store) MigrateDown(ctx context.Context) error {
	m, err := s.migrator()
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("sqlstore: init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return fmt.Errorf("sqlstore: lock migrations: %w", err)
	}
	defer m.Unlock(ctx) //nolint:errcheck // the rollback's own error matters more
	if _, err := m.Rollback(ctx); err != nil {
		return fmt.Errorf("sqlstore: migrate down: %w", err)
	}
	return nil
}
