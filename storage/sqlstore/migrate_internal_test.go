package sqlstore

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/migrate"

	"github.com/eops/eops/internal/dbtest"
)

// addReleased records in testdata/migrations the rendered SQL of the
// migrations that have none there yet (new ones); it never rewrites what
// is recorded.
var addReleased = flag.Bool("add-released", false, "record the rendered SQL of new migrations in testdata/migrations")

// releasedPrefix is the table-name prefix testdata/migrations is rendered
// with, so that a table named without {{.Prefix}} shows.
const releasedPrefix = "host_"

// releasedDir holds, per dialect, the SQL of every migration file as it was
// released, rendered under releasedPrefix: what a database migrated by
// that release ran. It is itself a folder of migrations bun can discover.
func releasedDir(d Dialect) string {
	return filepath.Join("testdata", "migrations", string(d))
}

var dialects = []Dialect{SQLite, PostgreSQL, MySQL}

// migrationTexts reads dialect d's migration files as the store finds
// them, by file name; a name in two of its folders is an error, since one
// would hide the other from Discover.
func migrationTexts(t *testing.T, d Dialect) map[string]string {
	t.Helper()
	folders, err := migrationFolders(d)
	require.NoError(t, err)
	texts := map[string]string{}
	for _, folder := range folders {
		entries, err := fs.ReadDir(folder, ".")
		require.NoError(t, err)
		for _, e := range entries {
			require.False(t, e.IsDir(), "%s: migration folders hold files only", e.Name())
			b, err := fs.ReadFile(folder, e.Name())
			require.NoError(t, err)
			_, twice := texts[e.Name()]
			require.False(t, twice, "%s is in two of %s's migration folders", e.Name(), d)
			texts[e.Name()] = string(b)
		}
	}
	return texts
}

// render executes a migration file's template as bun's migrator does.
func render(t *testing.T, name, text string, data any) string {
	t.Helper()
	tmpl, err := template.New("migration").Parse(text)
	require.NoError(t, err, name)
	var b bytes.Buffer
	require.NoError(t, tmpl.Execute(&b, data), name)
	return b.String()
}

// TestMigrationsAreAsReleased: every migration file of every dialect renders
// to the very SQL it was released with (testdata/migrations), and none that
// was released is gone, so a database migrated by an earlier version never
// finds a migration changed under it, and the schema a new database gets is
// the one every earlier version made. How the files are written (once for
// every dialect, or once per dialect) may change; what they render may not.
func TestMigrationsAreAsReleased(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			dir := releasedDir(d)
			texts := migrationTexts(t, d)
			for _, name := range slices.Sorted(maps.Keys(texts)) {
				got := render(t, name, texts[name], migrationData(d, releasedPrefix))
				want, err := os.ReadFile(filepath.Join(dir, name))
				if errors.Is(err, fs.ErrNotExist) && *addReleased {
					require.NoError(t, os.MkdirAll(dir, 0o755))
					require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(got), 0o644))
					t.Logf("recorded %s", filepath.Join(dir, name))
					continue
				}
				require.NoError(t, err, "a new migration? record its SQL with: go test ./storage/sqlstore/ -run TestMigrationsAreAsReleased -add-released")
				assert.Equal(t, string(want), got, "%s renders differently on %s from its release", name, d)
			}
			released, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.NotEmpty(t, released)
			for _, e := range released {
				assert.Contains(t, texts, e.Name(), "a released migration file is gone from %s", d)
			}
		})
	}
}

// TestDatabasesMigratedBeforeHaveNothingToApply: on a database that the
// released SQL migrated under a host's prefix (as an earlier version of the
// library did), a store of this version with that prefix finds nothing
// unapplied, and Migrate leaves it be.
func TestDatabasesMigratedBeforeHaveNothingToApply(t *testing.T) {
	unmigrated := map[Dialect]func(t *testing.T) *Store{
		SQLite: func(t *testing.T) *Store {
			return openSQLiteEngine(t, filepath.Join(t.TempDir(), "eops.db"), WithPrefix(releasedPrefix))
		},
		PostgreSQL: func(t *testing.T) *Store {
			dbtest.Need(t, dbtest.PostgresEnv, "postgres")
			s, err := New(bun.NewDB(dbtest.Postgres(t), pgdialect.New()), WithPrefix(releasedPrefix))
			require.NoError(t, err)
			return s
		},
		MySQL: func(t *testing.T) *Store {
			dbtest.Need(t, dbtest.MySQLEnv, "mysql")
			s, err := New(bun.NewDB(dbtest.MySQL(t), mysqldialect.New(mysqldialect.WithTimeLocation("UTC"))), WithPrefix(releasedPrefix))
			require.NoError(t, err)
			return s
		},
	}
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := unmigrated[d](t)

			released := migrate.NewMigrations()
			require.NoError(t, released.Discover(os.DirFS(releasedDir(d))))
			before := migrate.NewMigrator(s.db, released,
				migrate.WithTableName(releasedPrefix+"bun_migrations"),
				migrate.WithLocksTableName(releasedPrefix+"bun_migration_locks"),
				migrate.WithMarkAppliedOnSuccess(true),
			)
			require.NoError(t, before.Init(ctx))
			group, err := before.Migrate(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, group.Migrations, "the released SQL migrated the database")

			unapplied, err := s.Unapplied(ctx)
			require.NoError(t, err)
			assert.Empty(t, unapplied)
			require.NoError(t, s.Migrate(ctx))
			var centres int
			require.NoError(t, s.db.NewSelect().TableExpr("host_centres").ColumnExpr("count(*)").Scan(ctx, &centres),
				"the tables carry the host's prefix")
		})
	}
}
