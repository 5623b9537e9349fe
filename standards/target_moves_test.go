package standards_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

// TestR_TGT_2_and_3_MovesOnTarget checks what a page may offer on a target,
// by its state and who is looking: the other side agrees, only an overseer
// achieves or reopens, either side withdraws what is not achieved, and
// nothing moves a target to the state it is in.
func TestR_TGT_2_and_3_MovesOnTarget(t *testing.T) {
	t.Parallel()
	const eo, overseer, neither = "exams officer", "overseer", "neither"
	target := func(state standards.TargetState, by standards.Side) standards.Target {
		return standards.Target{State: state, ProposedBy: by}
	}
	for _, c := range []struct {
		target standards.Target
		who    string
		want   standards.TargetMoves
	}{
		{target(standards.TargetProposed, standards.SideEO), eo, standards.TargetMoves{Withdraw: true}},
		{target(standards.TargetProposed, standards.SideEO), overseer, standards.TargetMoves{Agree: true, Withdraw: true}},
		{target(standards.TargetProposed, standards.SideOverseer), eo, standards.TargetMoves{Agree: true, Withdraw: true}},
		{target(standards.TargetProposed, standards.SideOverseer), overseer, standards.TargetMoves{Withdraw: true}},
		{target(standards.TargetAgreed, standards.SideEO), eo, standards.TargetMoves{Progress: standards.TargetReadyForReview, Withdraw: true}},
		{target(standards.TargetAgreed, standards.SideEO), overseer, standards.TargetMoves{Progress: standards.TargetInProgress, Achieve: true, Withdraw: true}},
		{target(standards.TargetInProgress, standards.SideEO), eo, standards.TargetMoves{Progress: standards.TargetReadyForReview, Withdraw: true}},
		{target(standards.TargetInProgress, standards.SideEO), overseer, standards.TargetMoves{Achieve: true, Withdraw: true}},
		{target(standards.TargetReadyForReview, standards.SideEO), eo, standards.TargetMoves{Withdraw: true}},
		{target(standards.TargetReadyForReview, standards.SideEO), overseer, standards.TargetMoves{Progress: standards.TargetInProgress, Achieve: true, Withdraw: true}},
		{target(standards.TargetAchieved, standards.SideEO), eo, standards.TargetMoves{}},
		{target(standards.TargetAchieved, standards.SideEO), overseer, standards.TargetMoves{Reopen: true}},
		{target(standards.TargetWithdrawn, standards.SideEO), eo, standards.TargetMoves{}},
		{target(standards.TargetWithdrawn, standards.SideEO), overseer, standards.TargetMoves{}},
		{target(standards.TargetProposed, standards.SideEO), neither, standards.TargetMoves{}},
		{target(standards.TargetAgreed, standards.SideEO), neither, standards.TargetMoves{}},
	} {
		got := standards.MovesOnTarget(c.target, c.who == eo, c.who == overseer)
		assert.Equal(t, c.want, got, "%s on a target %s, proposed by %s", c.who, c.target.State, c.target.ProposedBy)
		assert.Equal(t, c.want != standards.TargetMoves{}, got.Any())
		assert.NotEqual(t, c.target.State, got.Progress, "never offered the state it is in")
	}
}

// TestR_TGT_5_ATitleTwiceIsAdvice: proposing a target whose title the
// record already has is accepted, with a warning naming it; a withdrawn
// target does not count.
func TestR_TGT_5_ATitleTwiceIsAdvice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	_, warnings, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaSkills, Title: "Time management"})
	assert.NoError(t, err)
	assert.Empty(t, warnings)
	_, warnings, err = f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: " time MANAGEMENT "})
	assert.NoError(t, err, "a title twice is advice, not an error")
	if assert.Len(t, warnings, 1) {
		assert.Equal(t, standards.WarnDuplicateTitle, warnings[0].Code)
		// It names the title as the record's first target of the two has it;
		// both were made at the fixture's one moment, so either may be first.
		title := warnings[0].Params["title"]
		assert.True(t, strings.EqualFold(strings.TrimSpace(title), "time management"), "title %q", title)
		assert.Equal(t, "2", warnings[0].Params["count"])
		assert.Contains(t, warnings[0].Message, `2 targets are called "`+title+`"`)
	}
	tr, err := f.svc.Tracker(ctx, eoActor, rec)
	assert.NoError(t, err)
	_, err = f.svc.WithdrawTarget(ctx, eoActor, tr.Targets[1].ID, "proposed twice")
	assert.NoError(t, err)
	tr, err = f.svc.Tracker(ctx, eoActor, rec)
	assert.NoError(t, err)
	assert.Empty(t, tr.Warnings, "a withdrawn target is no longer a duplicate")
}
