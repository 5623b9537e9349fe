package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"

	"github.com/eops/eops/standards"
)

// Each kind of value the store binds is stored exactly as the text bun
// writes for it would store it: same type, same bytes. Kinds it does not
// bind are refused, to be written into the text.
func TestBoundValuesMatchBun(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "bind.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.ExecContext(ctx, "CREATE TABLE v (x TIMESTAMP)") // the store's time columns' type
	require.NoError(t, err)
	gen := schema.NewQueryGen(sqlitedialect.New())
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	stored := func(insert string, args ...any) [2]string {
		t.Helper()
		_, err := db.ExecContext(ctx, "DELETE FROM v")
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, insert, args...)
		require.NoError(t, err)
		var got [2]string
		require.NoError(t, db.QueryRowContext(ctx, "SELECT typeof(x), quote(x) FROM v").Scan(&got[0], &got[1]))
		return got
	}
	for name, v := range map[string]any{
		"text":                 "O'Brien; --",
		"a named string":       standards.TargetState("agreed"),
		"an int":               42,
		"a named int":          standards.AcademicYear(2025),
		"an int64":             int64(-7),
		"true":                 true,
		"false":                false,
		"a float":              2.5,
		"nil":                  nil,
		"a time in a zone":     time.Date(2025, 11, 20, 12, 0, 0, 123456789, time.FixedZone("", 2*3600)),
		"a time with a clock":  time.Now(),
		"a British summer day": time.Date(2025, 6, 1, 9, 30, 0, 0, london),
		"the zero time":        time.Time{},
	} {
		bound, ok := bindable(gen, v)
		require.True(t, ok, name)
		assert.Equal(t, stored("INSERT INTO v VALUES ("+string(gen.Append(nil, v))+")"), stored("INSERT INTO v VALUES (?)", bound), name)
	}
	for name, v := range map[string]any{
		"bytes":            []byte("x"),
		"not a number":     math.NaN(),
		"a time's address": &time.Time{},
	} {
		_, ok := bindable(gen, v)
		assert.False(t, ok, name)
	}
}

// A nullzero field holding a zero time in some zone is NULL, as bun writes
// it.
func TestPreparedWritesStoreNullsAsBunDoes(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	zone := time.FixedZone("", 3600)
	require.NoError(t, s.Update(ctx, func(x standards.Tx) error {
		_, err := x.AppendEvent(ctx, standards.Event{At: time.Now(), Kind: standards.EventMeetingRecorded, AckedAt: time.Time{}.In(zone)})
		return err
	}))
	var ackedNull bool
	require.NoError(t, s.db.QueryRowContext(ctx, "SELECT acked_at IS NULL FROM events").Scan(&ackedNull))
	assert.True(t, ackedNull, "a zero time in a zone is NULL")
}
