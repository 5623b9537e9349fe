package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
			ExamsOfficer: standards.Member{Registration: standards.Registration{Status: standards.RegistrationApproved}},
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
			out[i] = offer{r.Moves.Agree, r.Moves.Achieve, r.Moves.Reopen, r.Moves.Withdraw, string(r.Moves.Progress)}
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

// The CPD log and the meetings name the targets and people they refer to,
// and write their days as the pages do.
func TestTrackerRowsNameWhatTheyReferTo(t *testing.T) {
	day := time.Date(2025, 10, 2, 0, 0, 0, 0, time.UTC)
	d := trackerData{Tracker: standards.Tracker{
		Record:  standards.Record{ID: "r"},
		Targets: []standards.Target{{ID: "t1", Title: "Entries"}, {ID: "t2", Title: "Access arrangements"}},
		Members: []standards.Member{
			{Registration: standards.Registration{ID: "g1"}, Person: standards.Person{Name: "Eve"}},
			{Registration: standards.Registration{ID: "g2"}, Person: standards.Person{Name: "Lin"}},
		},
		Meetings: []standards.Meeting{{Date: day, Attendees: []string{"g1", "g2"},
			Updates: []standards.TargetUpdate{{TargetID: "t2", Rating: standards.RatingGreen}}}},
	}, CPDPage: []standards.CPDEntry{{Date: day, Hours: 1.5, TargetIDs: []string{"t1", "t2"}}}}
	d.workOut("")
	assert.Equal(t, []cpdRow{{CPDEntry: d.CPDPage[0], Day: "2 October 2025", Hours: "1.5", Supports: "Entries; Access arrangements"}}, d.CPDRows)
	require.Len(t, d.MeetingRows, 1)
	assert.Equal(t, "Eve, Lin", d.MeetingRows[0].Present)
	assert.Equal(t, "2 October 2025", d.MeetingRows[0].Day)
	assert.Equal(t, []meetingLine{{TargetUpdate: d.Meetings[0].Updates[0], Title: "Access arrangements"}}, d.MeetingRows[0].Lines)
	assert.Equal(t, "Lin", d.Name("g2"))
}

// Pages show an instant's UK day (R-DAY-1): a certificate issued at 00:30
// BST on 1 September, held in UTC, is dated 1 September; a day as the
// library keeps it (midnight UTC) shows as itself, in a date input too.
func TestR_DAY_1_PagesShowUKDays(t *testing.T) {
	t.Parallel()
	issued := time.Date(2025, time.August, 31, 23, 30, 0, 0, time.UTC)
	assert.Equal(t, "1 September 2025", longDate(issued))
	assert.Equal(t, "31 August 2026", longDate(time.Date(2026, time.August, 31, 22, 30, 0, 0, time.UTC)))
	assert.Equal(t, "25 October 2026", longDate(time.Date(2026, time.October, 25, 1, 1, 0, 0, time.UTC)))
	assert.Equal(t, "30 March 2026", longDate(standards.Day(time.Date(2026, time.March, 29, 23, 30, 0, 0, time.UTC))))
	assert.Equal(t, "", longDate(time.Time{}))
	assert.Equal(t, "2025-09-01", isoDate(issued))
	assert.Equal(t, "2026-01-31", isoDate(time.Date(2026, time.January, 31, 0, 0, 0, 0, time.UTC)))
	// The audit trail and the notifications show a moment in UK time.
	assert.Equal(t, "1 Sep 2025 00:30", moment(issued))
	assert.Equal(t, "25 Oct 2026 01:01", moment(time.Date(2026, time.October, 25, 1, 1, 0, 0, time.UTC)))
	assert.Equal(t, "25 Oct 2026 01:59", moment(time.Date(2026, time.October, 25, 0, 59, 0, 0, time.UTC)))
}
