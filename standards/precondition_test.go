package standards_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestIfRecordVersionRefusesAStaleChange: a command under IfRecordVersion
// acts on the version read, and on a stale one is ErrConflict (stale) and
// changes nothing; other records are not affected.
func TestIfRecordVersionRefusesAStaleChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := f.rec(ctx)
	read, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	v := read.Record.Version

	first, _, err := f.svc.ProposeTarget(standards.IfRecordVersion(ctx, rec, v), eoActor, rec,
		standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err, "the version read")

	before := f.snapshot(t)
	_, err = f.svc.AgreeTarget(standards.IfRecordVersion(ctx, rec, v), slActor, first.ID)
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonStale, standards.ErrorReason(err))
	assert.Equal(t, before, f.snapshot(t), "a stale change writes nothing")
	now, err := f.svc.Tracker(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Equal(t, standards.TargetProposed, now.Targets[0].State)
	assert.Equal(t, v+1, now.Record.Version)

	_, err = f.svc.AgreeTarget(standards.IfRecordVersion(ctx, rec, now.Record.Version), slActor, first.ID)
	require.NoError(t, err, "the version now")
	_, err = f.svc.AchieveTarget(standards.IfRecordVersion(ctx, "another record", 0), slActor, first.ID, "")
	assert.NoError(t, err, "a version for another record does not apply")
}
