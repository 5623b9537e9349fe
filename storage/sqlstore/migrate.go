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

// migrations returns the store's migrations for its dialect, found in the
// embedded files with Discover (never DiscoverCaller, which needs the source
// tree at run time).
func (s *Store) migrator() (*migrate.Migrator, error) {
	sub, err := fs.Sub(migrationFiles, "migrations/"+string(s.dialect))
	if err != nil {
		return nil, err
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("sqlstore: discover migrations: %w", err)
	}
	return migrate.NewMigrator(s.db, ms,
		migrate.WithTableName(s.prefix+"bun_migrations"),
		migrate.WithLocksTableName(s.prefix+"bun_migration_locks"),
		migrate.WithMarkAppliedOnSuccess(true),
		migrate.WithTemplateData(struct{ Prefix string }{s.prefix}),
	), nil
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
