package benchfixture

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// TestTwoMakersAtOnceLeaveAWholeFixture: two benchmarks that make one
// fixture at the same moment each finish with the whole file, as the load
// benchmark and the store's benchmarks may when their packages' tests run
// in parallel.
func TestTwoMakersAtOnceLeaveAWholeFixture(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var paths [2]string
	t.Run("makers", func(t *testing.T) {
		for i := range paths {
			t.Run("maker", func(t *testing.T) {
				t.Parallel()
				paths[i] = Path(t, dataset.SmallCentres)
			})
		}
	})
	require.Equal(t, paths[0], paths[1])
	db, err := sql.Open("sqlite", sqlite.DSN(paths[0]))
	require.NoError(t, err)
	defer db.Close()
	var people int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM people").Scan(&people))
	assert.Positive(t, people, "the fixture holds the dataset")
}
