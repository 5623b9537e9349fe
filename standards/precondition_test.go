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

// TestR_VA_1_IfStatementVersionPublishesOnlyOverTheVersionRead: a
// publication under IfStatementVersion replaces the version read, and over
// a later one is ErrConflict (stale) and publishes nothing; without it, or
// for another year, it publishes as before.
func TestR_VA_1_IfStatementVersionPublishesOnlyOverTheVersionRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	shipped, err := f.svc.CurrentStatement(ctx, year)
	require.NoError(t, err)
	require.Equal(t, 0, shipped.Version)

	v1, err := f.svc.PublishStatement(standards.IfStatementVersion(ctx, year, shipped.Version), operatorActor, year, "Version one.")
	require.NoError(t, err, "over the version read")
	assert.Equal(t, 1, v1.Version)

	before := f.snapshot(t)
	_, err = f.svc.PublishStatement(standards.IfStatementVersion(ctx, year, shipped.Version), operatorActor, year, "Written from the shipped text.")
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonStale, standards.ErrorReason(err))
	assert.Contains(t, err.Error(), "version 1 of the statement for 2025/26 was published after version 0 was read")
	assert.Equal(t, before, f.snapshot(t), "a stale publication writes nothing")
	now, err := f.svc.CurrentStatement(ctx, year)
	require.NoError(t, err)
	assert.Equal(t, "Version one.", now.Text)

	v2, err := f.svc.PublishStatement(standards.IfStatementVersion(ctx, year+1, 0), operatorActor, year, "Version two.")
	require.NoError(t, err, "a version for another year does not apply")
	assert.Equal(t, 2, v2.Version)
	v3, err := f.svc.PublishStatement(ctx, operatorActor, year, "Version three.")
	require.NoError(t, err, "no condition")
	assert.Equal(t, 3, v3.Version)
}
