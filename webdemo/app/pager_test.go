package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestListsAreShownAPageAtATime fills the centre's members, the exams
// officer's CPD log and the notifications past a page, and walks their
// pages: fifty rows each, Previous and Next links that keep the other
// parameters, the last page for a page past it, and a readable message for
// a page that is not a number.
func TestListsAreShownAPageAtATime(t *testing.T) {
	t.Parallel()
	d, sl, eo, centreID, record := centreWithEO(t)
	ctx := context.Background()
	for i := range 60 {
		_, err := d.svc.RegisterColleague(ctx, sl.a, standards.Colleague{
			CentreID: centreID, Year: 2025, Email: fmt.Sprintf("staff%02d@riverside.sch.uk", i), FullName: fmt.Sprintf("Staff %02d", i), Roles: standards.Roles{standards.RoleLM},
		})
		require.NoError(t, err)
	}
	for i := range 55 {
		_, err := d.svc.LogCPD(ctx, eo.a, record, standards.CPDInput{Kind: standards.CPDKinds()[0], Title: fmt.Sprintf("Course %02d", i), Date: d.now, Hours: 1})
		require.NoError(t, err)
	}

	centre := "/centres/" + centreID + "/2025-26"
	first := sl.get(centre)
	require.Equal(t, http.StatusOK, first.status)
	assert.Contains(t, first.body, "Showing 1 to 50 of 62.", "the head, the exams officer and sixty colleagues")
	assert.Contains(t, first.body, `href="?members=2#members" rel="next"`, "the page comes back on the members' tab")
	assert.NotContains(t, first.body, `rel="prev"`)
	assert.Contains(t, first.body, `<nav class="govuk-pagination" aria-label="Pages of members">`, "GOV.UK's pagination, named for the list")
	assert.Contains(t, first.body, `href="?members=1#members" aria-label="Page 1" aria-current="page"`, "the page shown is marked")
	assert.Contains(t, first.body, `href="?members=2#members" aria-label="Page 2">`)
	assert.Equal(t, 50, strings.Count(first.body, "riverside.sch.uk</span>"), "fifty rows")

	second := sl.get(centre + "?members=2&area=knowledge")
	assert.Contains(t, second.body, "Showing 51 to 62 of 62.")
	assert.Contains(t, second.body, `href="?area=knowledge&amp;members=1#members" rel="prev"`, "other parameters kept")
	assert.NotContains(t, second.body, `rel="next"`)
	assert.Equal(t, 12, strings.Count(second.body, "riverside.sch.uk</span>"))

	assert.Contains(t, sl.get(centre+"?members=99").body, "Showing 51 to 62 of 62.", "past the last page: the last")
	bad := sl.get(centre + "?members=two")
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status)
	assert.Contains(t, bad.body, "a page is a whole number from 1")

	tracker := eo.get("/records/" + record)
	assert.Contains(t, tracker.body, "Showing 1 to 50 of 55.")
	assert.Contains(t, tracker.body, "Course 49")
	assert.NotContains(t, tracker.body, "Course 50")
	assert.Contains(t, tracker.body, "55 hours in all.", "totals count every entry")
	assert.Contains(t, eo.get("/records/"+record+"?cpd=2").body, "Course 54")

	// The head is told of every request to join.
	for i := range 55 {
		_, err := d.svc.RequestToJoin(ctx, standards.Actor{Email: fmt.Sprintf("asker%02d@riverside.sch.uk", i)}, standards.JoinRequest{
			Year: 2025, CentreNumber: "12345", FullName: fmt.Sprintf("Asker %02d", i), Roles: standards.Roles{standards.RoleEO},
		})
		require.NoError(t, err)
	}
	notes := sl.get("/notifications")
	assert.Equal(t, http.StatusOK, notes.status)
	assert.Contains(t, notes.body, "Showing 1 to 50 of")
	assert.Contains(t, notes.body, "Asker 54", "newest first")
	assert.Contains(t, sl.get("/notifications?page=2").body, "Asker 00")
}
