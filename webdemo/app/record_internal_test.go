package app

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

// The actions the tracker offers on each target, worked out before
// rendering, follow R-TGT-2 and R-TGT-3: a proposal is agreed by the side
// that did not make it; the exams officer moves a target on to ready for
// review and an overseer to in progress or achieved; only an overseer
// reopens an achieved target; any open target may be withdrawn; a viewer
// who may not change the record is offered nothing.
func TestR_TGT_3_TrackerOffersEachSideItsActions(t *testing.T) {
	targets := []standards.Target{
		{ID: "t1", RecordID: "r", State: standards.TargetProposed, ProposedBy: standards.SideEO},
		{ID: "t2", RecordID: "r", State: standards.TargetProposed, ProposedBy: standards.SideOverseer},
		{ID: "t3", RecordID: "r", State: standards.TargetAgreed},
		{ID: "t4", RecordID: "r", State: standards.TargetAchieved},
		{ID: "t5", RecordID: "r", State: standards.TargetWithdrawn},
	}
	page := func(owner, overseer bool) []targetRow {
		d := trackerData{Tracker: standards.Tracker{
			Record: standards.Record{ID: "r"}, Targets: targets, ViewerIsOwner: owner, ViewerIsOverseer: overseer,
			ExamsOfficer: standards.Member{Registration: standards.Registration{Status: standards.StatusApproved}},
		}}
		d.workOut("/eops")
		return d.Rows
	}
	type offer struct {
		agree, achieve, reopen, withdraw bool
		progressTo                       string
	}
	offers := func(rows []targetRow) []offer {
		out := make([]offer, len(rows))
		for i, r := range rows {
			out[i] = offer{r.Agree, r.Achieve, r.Reopen, r.Withdraw, r.ProgressTo}
		}
		return out
	}
	owner := page(true, false)
	assert.Equal(t, "/eops/records/r/targets/t1", owner[0].URL)
	assert.Equal(t, []offer{
		{withdraw: true},
		{agree: true, withdraw: true},
		{withdraw: true, progressTo: "ready_for_review"},
		{},
		{},
	}, offers(owner), "the exams officer")
	assert.Equal(t, []offer{
		{agree: true, withdraw: true},
		{withdraw: true},
		{achieve: true, withdraw: true, progressTo: "in_progress"},
		{reopen: true},
		{},
	}, offers(page(false, true)), "an overseer")
	assert.Equal(t, make([]offer, len(targets)), offers(page(false, false)), "a viewer who may not change the record")
}
