package accounts_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/webdemo/accounts"
)

// TestSweepsUseTheirIndexes: on PostgreSQL, with a table of sessions and
// counts of which few are over, the sweeps' DELETEs read the rows they
// delete through the sweep indexes, not the whole table. Without the
// indexes both plans are a Seq Scan.
func TestSweepsUseTheirIndexes(t *testing.T) {
	dbtest.Need(t, dbtest.PostgresEnv, "postgres")
	ctx := context.Background()
	db := openPostgres(t)
	_, err := accounts.NewSQLStore(ctx, db, "")
	require.NoError(t, err)
	_, err = accounts.NewSQLStore(ctx, db, "")
	require.NoError(t, err, "a second start finds the indexes made")

	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	_, err = db.ExecContext(ctx, "INSERT INTO webdemo_accounts (id, email, name, password_hash, created_at) VALUES ('a', 'a@school.org.uk', 'A', 'x', ?)", now)
	require.NoError(t, err)
	// What a sweep a minute leaves: 20,000 sessions begun in the last 12
	// hours and used in the last 31 minutes (so a thirty-first are idle
	// past 30), and half sessions only of the last 6 minutes; 20,000
	// counts over the last hour.
	_, err = db.ExecContext(ctx, `INSERT INTO webdemo_sessions (id_hash, account_id, created_at, last_seen, half)
		SELECT md5(i::text), 'a', ?::timestamptz - (i % 721) * interval '1 minute', ?::timestamptz - (i % 31) * interval '1 minute', i % 721 < 6
		FROM generate_series(1, 20000) AS i`, now, now)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO webdemo_counts (kind, key_hash, at, id)
		SELECT 'fail', md5((i % 500)::text), ?::timestamptz - (i % 3600) * interval '1 second', lpad(i::text, 26, '0')
		FROM generate_series(1, 20000) AS i`, now)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, "ANALYZE webdemo_sessions; ANALYZE webdemo_counts")
	require.NoError(t, err)

	plan := func(query string, args ...any) string {
		var lines []string
		require.NoError(t, db.NewRaw("EXPLAIN "+query, args...).Scan(ctx, &lines))
		return strings.Join(lines, "\n")
	}
	// As the Manager sweeps: idle 30 minutes, absolute 12 hours, half 5 minutes.
	sessions := plan(accounts.SweepSessions, bun.Ident("webdemo_sessions"),
		now.Add(-30*time.Minute), now.Add(-12*time.Hour), true, now.Add(-accounts.HalfSessionTimeout))
	t.Logf("sessions' sweep:\n%s", sessions)
	assert.NotContains(t, sessions, "Seq Scan")
	for _, ix := range []string{"webdemo_sessions_last_seen", "webdemo_sessions_created_at", "webdemo_sessions_half_created_at"} {
		assert.Contains(t, sessions, fmt.Sprintf("Index Scan on %s", ix))
	}
	counts := plan(accounts.SweepCounts, bun.Ident("webdemo_counts"), now.Add(-55*time.Minute))
	t.Logf("counts' sweep:\n%s", counts)
	assert.NotContains(t, counts, "Seq Scan")
	assert.Contains(t, counts, "webdemo_counts_at")
}
