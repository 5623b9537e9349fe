package sqlstore_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEachDatabaseLinksOnlyItsOwn: a host imports the package of its
// database, and its binary links no other database's driver or dialect
// (a PostgreSQL host linked SQLite and MySQL, 6.5 MB of its 27, when one
// package served all three).
func TestEachDatabaseLinksOnlyItsOwn(t *testing.T) {
	const module = "github.com/eops/eops/storage/sqlstore"
	others := map[string][]string{
		module:               {"modernc.org/sqlite", "github.com/go-sql-driver/mysql", "/dialect/sqlitedialect", "/dialect/mysqldialect", "/dialect/pgdialect"},
		module + "/postgres": {"modernc.org/sqlite", "github.com/go-sql-driver/mysql", "/dialect/sqlitedialect", "/dialect/mysqldialect"},
		module + "/mysql":    {"modernc.org/sqlite", "github.com/jackc/pgx", "/dialect/sqlitedialect", "/dialect/pgdialect"},
		module + "/sqlite":   {"github.com/go-sql-driver/mysql", "github.com/jackc/pgx", "/dialect/mysqldialect", "/dialect/pgdialect"},
	}
	for pkg, forbidden := range others {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		require.NoError(t, err, "%s", out)
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range forbidden {
				assert.NotContains(t, dep, f, "%s links %s", pkg, dep)
			}
		}
	}
}
