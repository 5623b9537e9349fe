package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestTheCPDFormAsksForADayInThreeFields: the CPD form's date is GOV.UK's
// date input (day, month, year); an impossible day (31 February) shows the
// tracker again with the form open, the error in the summary linking to
// the day field and on the date input itself, and what was typed kept;
// nothing is logged. A real day is logged as the UK day typed (R-DAY-1).
func TestTheCPDFormAsksForADayInThreeFields(t *testing.T) {
	t.Parallel()
	d, _, eo, _, record := centreWithEO(t)
	tracker := eo.get("/records/" + record)
	for _, name := range []string{`name="date-day"`, `name="date-month"`, `name="date-year"`} {
		assert.Contains(t, tracker.body, name)
	}
	assert.Contains(t, tracker.body, `id="cpd-date-day"`)
	assert.NotContains(t, tracker.body, `id="cpd-date" name="date"`, "no single date field")

	form := url.Values{"kind": {"webinar"}, "title": {"Results webinar"}, "date-day": {"31"}, "date-month": {"2"}, "date-year": {"2026"}, "hours": {"1.5"}, "reflection": {"Useful"}}
	res := eo.post("/records/"+record+"/cpd", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `class="govuk-error-summary"`)
	assert.Contains(t, res.body, `href="#cpd-date-day"`, "the summary links to the day")
	assert.Contains(t, res.body, "Date: February 2026 has 28 days")
	assert.Contains(t, res.body, `id="cpd-date-error"`, "the message is on the date input")
	assert.Contains(t, res.body, "govuk-date-input__input govuk-input--error govuk-input--width-2")
	assert.Contains(t, res.body, `name="date-day" type="text" value="31"`, "what was typed is kept")
	assert.Contains(t, res.body, `value="Results webinar"`)
	assert.Contains(t, res.body, ">Useful</textarea>")
	assert.Regexp(t, `<details[^>]*id="log-cpd"[^>]*open`, res.body, "the form is open")
	tr, err := d.svc.Tracker(context.Background(), eo.a, record)
	require.NoError(t, err)
	assert.Empty(t, tr.CPD, "nothing was logged")

	form.Set("date-day", "1")
	form.Set("date-month", "9")
	form.Set("date-year", "2025")
	res = eo.post("/records/"+record+"/cpd", form)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "1 September 2025")
	tr, err = d.svc.Tracker(context.Background(), eo.a, record)
	require.NoError(t, err)
	require.Len(t, tr.CPD, 1)
	assert.Equal(t, "2025-09-01", standards.Day(tr.CPD[0].Date).Format("2006-01-02"), "the UK day typed (R-DAY-1)")
}

// TestTextWithALimitIsACharacterCount: each textarea with a limit in the
// library says the library's limit (a GOV.UK character count); text over
// it is refused on its field, what was typed kept.
func TestTextWithALimitIsACharacterCount(t *testing.T) {
	t.Parallel()
	d, sl, eo, _, record := centreWithEO(t)
	count := func(body, id string, limit int) {
		t.Helper()
		assert.Contains(t, body, `data-module="govuk-character-count"`)
		assert.Contains(t, body, `data-maxlength="`+strconv.Itoa(limit)+`"`)
		assert.Contains(t, body, `id="`+id+`-info"`)
		assert.Contains(t, body, "You can enter up to "+strconv.Itoa(limit)+" characters", "the limit, said without JavaScript")
	}
	count(eo.get("/records/"+record).body, "cpd-reflection", standards.MaxReflectionLength)
	count(sl.get("/records/"+record).body, "note-text", standards.MaxNotesLength)

	long := strings.Repeat("a", standards.MaxNotesLength+1)
	res := sl.post("/records/"+record+"/notes", url.Values{"text": {long}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#note-text"`)
	assert.Contains(t, res.body, `id="note-text-error"`)
	assert.Contains(t, res.body, long+"</textarea>")

	res = eo.post("/records/"+record+"/targets", url.Values{"area": {"skills"}, "title": {"Contingency plan"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	tr, err := d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	withdraw := "/records/" + record + "/targets/" + tr.Targets[0].ID + "/withdraw"
	count(eo.get(withdraw).body, "withdraw-reason", standards.MaxReasonLength)
	tooLong := strings.Repeat("b", standards.MaxReasonLength+1)
	res = eo.post(withdraw, url.Values{"comment": {tooLong}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#withdraw-reason"`)
	assert.Contains(t, res.body, `id="withdraw-reason-error"`)
	assert.Contains(t, res.body, tooLong+"</textarea>")
}

// TestTheCentresPeopleAreTabs: to someone who runs the centre, its page
// shows the requests waiting, the members, assigning an overseer and
// registering a colleague as GOV.UK tabs, the requests first when there
// are any; each tab is a link to its section on the same page, every
// section is in the page (so that without JavaScript they read one after
// another), and only the first is marked selected. A member who only
// sees the members gets no tabs.
func TestTheCentresPeopleAreTabs(t *testing.T) {
	t.Parallel()
	d, sl, eo, centreID, _ := centreWithEO(t)
	_, err := d.svc.RequestToJoin(context.Background(), standards.Actor{Email: "asker@riverside.sch.uk"}, standards.JoinRequest{
		Year: 2025, CentreNumber: "12345", FullName: "Asker One", Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)
	page := sl.get("/centres/" + centreID + "/2025-26").body
	assert.Contains(t, page, `<div id="centre-tabs" class="govuk-tabs" data-module="govuk-tabs">`)
	var tabs []string
	for _, part := range strings.Split(page, `class="govuk-tabs__tab" href="`)[1:] {
		tabs = append(tabs, part[:strings.Index(part, "</a>")])
	}
	assert.Equal(t, []string{`#waiting">Waiting for approval (1)`, `#members">Members (2)`, `#assign">Assign an overseer`, `#register">Register a colleague`}, tabs)
	assert.Contains(t, page, `<li class="govuk-tabs__list-item govuk-tabs__list-item--selected"><a class="govuk-tabs__tab" href="#waiting">`, "what waits first")
	for _, id := range []string{"waiting", "members", "assign", "register"} {
		assert.Regexp(t, `class="govuk-tabs__panel[^"]*" id="`+id+`"`, page, "every section is on the page")
	}
	assert.Equal(t, 3, strings.Count(page, "govuk-tabs__panel--hidden"), "only the first is shown when the script makes them tabs")
	assert.Contains(t, page, "Asker One")
	assert.Contains(t, page, `id="colleague-email"`)

	member := eo.get("/centres/" + centreID + "/2025-26").body
	assert.NotContains(t, member, "govuk-tabs", "the members alone are no tabs")
	assert.Contains(t, member, `id="members-heading"`)
}

// TestTheTargetAndMeetingFormsUseDateInputsAndCounts: adding a target and
// recording a meeting ask for their days in GOV.UK's date input and say
// their text limits (the library's); an impossible due date comes back on
// the date input of the form that sent it, what was typed kept.
func TestTheTargetAndMeetingFormsUseDateInputsAndCounts(t *testing.T) {
	t.Parallel()
	_, sl, eo, _, record := centreWithEO(t)
	add := eo.get("/records/" + record + "/targets/new").body
	for _, id := range []string{"item-due-day", "item-due-month", "item-due-year", "own-due-day", "own-due-year"} {
		assert.Contains(t, add, `id="`+id+`" name="due-`)
	}
	assert.Contains(t, add, `You can enter up to `+strconv.Itoa(standards.MaxDescriptionLength)+` characters`)
	assert.Contains(t, add, `id="own-measure-info"`)
	assert.Contains(t, add, `You can enter up to `+strconv.Itoa(standards.MaxMeasureLength)+` characters`)

	res := eo.post("/records/"+record+"/targets", url.Values{"which_form": {"own"}, "area": {"skills"}, "title": {"Deadlines"},
		"due-day": {"31"}, "due-month": {"4"}, "due-year": {"2026"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#own-due-day"`)
	assert.Contains(t, res.body, "Due date: April 2026 has 30 days")
	assert.Contains(t, res.body, `id="own-due-error"`)
	assert.Contains(t, res.body, `id="own-due-day" name="due-day" type="text" value="31"`)
	assert.NotContains(t, res.body, `id="item-due-error"`, "only the form that was sent shows it")

	meeting := sl.get("/records/" + record + "/meetings/new").body
	for _, id := range []string{"meeting-date-day", "support-due-day"} {
		assert.Contains(t, meeting, `id="`+id+`"`)
	}
	assert.Contains(t, meeting, `name="support_due-year"`)
	assert.Contains(t, meeting, `You can enter up to `+strconv.Itoa(standards.MaxNotesLength)+` characters`)
}
