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

// characterCountOf is the character count around the textarea id in body:
// its form group's opening tag and everything up to the end of its message
// ("" when the field is not a character count).
func characterCountOf(body, id string) string {
	at := strings.Index(body, `<textarea class="govuk-textarea govuk-js-character-count" id="`+id+`"`)
	if at < 0 {
		return ""
	}
	start := strings.LastIndex(body[:at], `<div class="govuk-form-group govuk-character-count"`)
	end := strings.Index(body[at:], `id="`+id+`-info"`)
	if start < 0 || end < 0 {
		return ""
	}
	info := body[at+end:]
	return body[start:at+end] + info[:strings.Index(info, "</div>")]
}

// assertCharacterCount: the field id is GOV.UK's character count, its limit
// the library's, said without JavaScript.
func assertCharacterCount(t *testing.T, body, id string, limit int) {
	t.Helper()
	count := characterCountOf(body, id)
	require.NotEmpty(t, count, "%s is a character count", id)
	assert.Contains(t, count, `data-module="govuk-character-count"`, id)
	assert.Contains(t, count, `data-maxlength="`+strconv.Itoa(limit)+`"`, id)
	assert.Contains(t, count, "You can enter up to "+strconv.Itoa(limit)+" characters", "%s: the limit, said without JavaScript", id)
	assert.NotContains(t, count, ` maxlength="`, "%s: no maxlength on the textarea, which would cut pasted text short unsaid", id)
}

// TestTheMeetingsCommentsAndSupportAreCharacterCounts: on the page that
// records a meeting, each target's comment and the support arranged are
// GOV.UK character counts with the library's limits (MaxCommentLength,
// MaxReasonLength); text over either is refused on its field with a
// message saying the limit, nothing recorded, what was typed kept.
func TestTheMeetingsCommentsAndSupportAreCharacterCounts(t *testing.T) {
	t.Parallel()
	d, sl, eo, _, record := centreWithEO(t)
	res := eo.post("/records/"+record+"/targets", url.Values{"area": {"skills"}, "title": {"Contingency plan"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	tr, err := d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	require.Len(t, tr.Targets, 1)
	target := tr.Targets[0].ID

	page := sl.get("/records/" + record + "/meetings/new").body
	assertCharacterCount(t, page, "meeting-notes", standards.MaxNotesLength)
	assertCharacterCount(t, page, "comment-"+target, standards.MaxCommentLength)
	assertCharacterCount(t, page, "support-description", standards.MaxReasonLength)
	assert.NotContains(t, page, `<input class="govuk-input" id="comment-`, "the comment is no single-line input")
	assert.NotContains(t, page, `id="support-description" name="support_description" type="text"`)

	meeting := func() url.Values {
		return url.Values{"kind": {"progress_review"}, "date-day": {"15"}, "date-month": {"9"}, "date-year": {"2025"},
			"attendees": {tr.ExamsOfficer.Registration.ID, tr.Overseers[0].Registration.ID}, "target": {target}}
	}
	tooLong := strings.Repeat("c", standards.MaxCommentLength+1)
	form := meeting()
	form.Set("comment_"+target, tooLong)
	res = sl.post("/records/"+record+"/meetings", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#comment-`+target+`"`, "the summary links to the comment")
	assert.Contains(t, res.body, `id="comment-`+target+`-error"`, "the message is beside the comment")
	assert.Contains(t, res.body, `<a href="#comment-`+target+`">A target&#39;s comment: at most `+strconv.Itoa(standards.MaxCommentLength)+` characters</a>`, "the message names the field and its limit")
	assert.Contains(t, res.body, tooLong+"</textarea>", "what was typed is kept")

	tooLong = strings.Repeat("s", standards.MaxReasonLength+1)
	form = meeting()
	form.Set("support_description", tooLong)
	form.Set("support_owner", tr.ExamsOfficer.Registration.ID)
	for part, v := range map[string]string{"day": "30", "month": "11", "year": "2025"} {
		form.Set("support_due-"+part, v)
	}
	res = sl.post("/records/"+record+"/meetings", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#support-description"`)
	assert.Contains(t, res.body, `id="support-description-error"`)
	assert.Contains(t, res.body, `<a href="#support-description">What support: at most `+strconv.Itoa(standards.MaxReasonLength)+` characters</a>`, "the message names the field and its limit")
	assert.NotContains(t, res.body, "the description is empty", "too long is not also missing")
	assert.Contains(t, res.body, tooLong+"</textarea>")

	tr, err = d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	assert.Empty(t, tr.Meetings, "nothing was recorded")
	assert.Empty(t, tr.Actions)
}

// TestARejectionsReasonIsACharacterCount: the reason a registration is
// rejected, asked with the bulk decision and again on the page that
// confirms it, is a character count with the library's limit
// (MaxReasonLength); a longer one is refused on its field, nobody
// rejected.
func TestARejectionsReasonIsACharacterCount(t *testing.T) {
	t.Parallel()
	d, sl, _, centreID, _ := centreWithEO(t)
	joiner := d.signUp("new@riverside.sch.uk", "Pat")
	require.Equal(t, http.StatusOK, joiner.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Pat"}, "roles": {"EO"}}).status)
	pending := d.member(sl.a, centreID, "new@riverside.sch.uk")
	path := "/centres/" + centreID + "/2025-26"
	assertCharacterCount(t, sl.get(path).body, "reason", standards.MaxReasonLength)

	res := sl.post(path+"/decisions", url.Values{"registration": {pending.Registration.ID}, "decision": {"reject"}, "reason": {"Not on our staff list"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assertCharacterCount(t, res.body, "reason", standards.MaxReasonLength)
	assert.Contains(t, res.body, ">Not on our staff list</textarea>", "the reason given with the decision")

	tooLong := strings.Repeat("r", standards.MaxReasonLength+1)
	res = sl.post(path+"/decisions", url.Values{"registration": {pending.Registration.ID}, "decision": {"reject"}, "reason": {tooLong}, "confirm": {"yes"}})
	assert.Contains(t, res.body, "Pat: not done. Reason: at most "+strconv.Itoa(standards.MaxReasonLength)+" characters", "the bulk decision says why, person by person")
	assert.Equal(t, standards.RegistrationPending, d.member(sl.a, centreID, "new@riverside.sch.uk").Registration.Status, "nobody is rejected")

	// Rejecting one person asks on a page of its own, which keeps the
	// reason and puts the message beside it.
	reject := "/registrations/" + pending.Registration.ID + "/reject"
	assertCharacterCount(t, sl.get(reject).body, "reason", standards.MaxReasonLength)
	res = sl.post(reject, url.Values{"reason": {tooLong}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `<a href="#reason">Reason: at most `+strconv.Itoa(standards.MaxReasonLength)+` characters</a>`, "the message names the field and its limit")
	assert.Contains(t, res.body, `id="reason-error"`)
	assert.Contains(t, res.body, tooLong+"</textarea>")
	assert.Equal(t, standards.RegistrationPending, d.member(sl.a, centreID, "new@riverside.sch.uk").Registration.Status, "nobody is rejected")
}

// TestANameIsAnInputThatSaysItsLimit: GOV.UK's character count is a
// textarea, and a name is one line, so each name field (a person's, a
// centre's, a target's and a CPD activity's title and provider) stays a
// text input, its maxlength and its hint the library's MaxNameLength; a
// longer name, from a browser that ignores maxlength, is refused on its
// field with a message saying the limit.
func TestANameIsAnInputThatSaysItsLimit(t *testing.T) {
	t.Parallel()
	d, sl, eo, centreID, record := centreWithEO(t)
	limit := strconv.Itoa(standards.MaxNameLength)
	named := func(body, id string) {
		t.Helper()
		at := strings.Index(body, `id="`+id+`"`)
		require.GreaterOrEqual(t, at, 0, id)
		tag := body[strings.LastIndex(body[:at], "<"):]
		tag = tag[:strings.Index(tag, ">")]
		assert.True(t, strings.HasPrefix(tag, `<input class="govuk-input`), "%s is a text input: %s", id, tag)
		assert.Contains(t, tag, `maxlength="`+limit+`"`, id)
		assert.Contains(t, tag, `aria-describedby="`+id+`-hint`, "%s: the hint is read with the field", id)
		assert.Regexp(t, `id="`+id+`-hint"[^>]*>\s*You can enter up to `+limit+` characters`, body, id)
	}
	anon := d.browser()
	named(anon.get("/signup").body, "full_name")
	named(sl.get("/").body, "my_name")
	home := d.signUp("new@riverside.sch.uk", "Pat").get("/").body
	for _, id := range []string{"register-name", "register-full-name", "join-full-name"} {
		named(home, id)
	}
	centre := sl.get("/centres/" + centreID + "/2025-26").body
	for _, id := range []string{"colleague-name", "centre_name"} {
		named(centre, id)
	}
	named(eo.get("/records/"+record+"/targets/new").body, "own-title")
	tracker := eo.get("/records/" + record).body
	for _, id := range []string{"cpd-title", "cpd-provider"} {
		named(tracker, id)
	}

	tooLong := strings.Repeat("n", standards.MaxNameLength+1)
	res := eo.post("/records/"+record+"/cpd", url.Values{"kind": {"webinar"}, "title": {tooLong}, "date-day": {"1"}, "date-month": {"9"}, "date-year": {"2025"}, "hours": {"1"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, `href="#cpd-title"`)
	assert.Contains(t, res.body, `id="cpd-title-error"`)
	assert.Contains(t, res.body, `<a href="#cpd-title">Title: a title has at most `+limit+` characters</a>`, "the message names the field and its limit")
	assert.Contains(t, res.body, `value="`+tooLong+`"`, "what was typed is kept")
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

// TestARefusedFormOfTheCentresPageComesBackToItsTab: assigning an exams
// officer to oversee themselves, or deciding with nothing ticked, shows
// the centre's page again with the problem at the top, linking to the tab
// of the form (whose id opens it), not a page of its own.
func TestARefusedFormOfTheCentresPageComesBackToItsTab(t *testing.T) {
	t.Parallel()
	d, sl, _, centreID, _ := centreWithEO(t)
	path := "/centres/" + centreID + "/2025-26"
	eoReg := d.member(sl.a, centreID, "exams@riverside.sch.uk").Registration.ID
	_, err := d.svc.RequestToJoin(context.Background(), standards.Actor{Email: "asker@riverside.sch.uk"}, standards.JoinRequest{
		Year: 2025, CentreNumber: "12345", FullName: "Asker One", Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)

	for _, c := range []struct {
		path  string
		form  url.Values
		tab   string
		says  string
		keeps []string // of what was typed
	}{
		{path + "/overseers", url.Values{"exams_officer": {eoReg}, "overseer": {eoReg}}, "assign", "an exams officer cannot oversee themselves", nil},
		{path + "/decisions", url.Values{"decision": {"approve"}}, "waiting", "tick at least one registration", nil},
		{path + "/colleagues", url.Values{"full_name": {"Kim Kaur"}, "email": {"not-an-address"}, "roles": {"LM"}}, "register", "E-mail address:",
			[]string{`value="Kim Kaur"`, `value="not-an-address"`, `value="LM" checked`, "Their roles at the centre"}},
	} {
		res := sl.post(c.path, c.form)
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, c.path)
		assert.Contains(t, res.body, `<div id="centre-tabs" class="govuk-tabs"`, "%s: the centre's page", c.path)
		assert.Contains(t, res.body, "There is a problem", c.path)
		assert.Contains(t, res.body, c.says, c.path)
		assert.Contains(t, res.body, `<a href="#`+c.tab+`">`, "%s: the problem links to its tab", c.path)
		for _, kept := range c.keeps {
			assert.Contains(t, res.body, kept, "%s: what was typed is kept", c.path)
		}
	}
}

// TestTheTargetAndMeetingFormsUseDateInputsAndCounts: adding a target and
// recording a meeting ask for their days in GOV.UK's date input and say
// their text limits (the library's); an impossible due date comes back on
// the date input of the form that sent it, what was typed kept. The
// meeting form offers the kind the year's rhythm comes to next.
func TestTheTargetAndMeetingFormsUseDateInputsAndCounts(t *testing.T) {
	t.Parallel()
	d, sl, eo, centreID, record := centreWithEO(t)
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
	assert.Contains(t, meeting, `<option value="target_setting" selected>`, "the year's first meeting sets the targets")
	slReg := d.member(sl.a, centreID, sl.a.Email).Registration.ID
	assert.Regexp(t, `id="support-owner"[^>]*>(<option[^>]*>[^<]*</option>)*?<option value="`+slReg+`" selected>`, meeting,
		"support is first offered to whoever records the meeting")

	// Once the targets were set, the form offers a progress review first
	// (R-MTG-4's rhythm: target setting, then reviews).
	tr, err := d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	_, err = d.svc.RecordMeeting(context.Background(), sl.a, record, standards.MeetingInput{Kind: standards.MeetingTargetSetting, Date: d.now,
		Attendees: []string{tr.ExamsOfficer.Registration.ID, tr.Overseers[0].Registration.ID}})
	require.NoError(t, err)
	meeting = sl.get("/records/" + record + "/meetings/new").body
	assert.Contains(t, meeting, `<option value="progress_review" selected>`)
}
