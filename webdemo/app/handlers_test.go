package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/app"
)

// centreWithEO is a demo with a registered centre, its senior leader as
// admin and overseer, and an approved exams officer with a record.
func centreWithEO(t *testing.T) (d *demo, sl, eo *browser, centreID, record string) {
	t.Helper()
	d = newDemo(t)
	sl = d.signUp("head@riverside.sch.uk", "Sam Senior")
	eo = d.signUp("exams@riverside.sch.uk", "Eve Officer")
	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	mine, err := d.svc.MyRegistrations(context.Background(), sl.a)
	require.NoError(t, err)
	centreID = mine[0].Centre.ID
	reg, err := d.svc.RegisterColleague(context.Background(), sl.a, standards.Colleague{
		CentreID: centreID, Year: 2025, Email: eo.a.Email, FullName: eo.a.Name, Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	_, err = d.svc.AssignOverseer(context.Background(), sl.a, standards.Overseeing{ExamsOfficer: reg.ID, Overseer: mine[0].Registration.ID})
	require.NoError(t, err)
	return d, sl, eo, centreID, d.member(sl.a, centreID, eo.a.Email).RecordID
}

func TestCrossSitePostRefused(t *testing.T) {
	d, sl, _, _, record := centreWithEO(t)
	before, err := d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	res := sl.post("/records/"+record+"/targets", url.Values{"catalogue_item": {"ku-entries"}}, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, res.status)
	res = sl.post("/records/"+record+"/targets", url.Values{"catalogue_item": {"ku-entries"}}, "Origin", "https://evil.example")
	assert.Equal(t, http.StatusForbidden, res.status)
	after, err := d.svc.Tracker(context.Background(), sl.a, record)
	require.NoError(t, err)
	assert.Equal(t, len(before.Targets), len(after.Targets), "nothing was written")
}

func TestScriptInATargetTitleIsInert(t *testing.T) {
	_, _, eo, _, record := centreWithEO(t)
	payload := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	res := eo.post("/records/"+record+"/targets", url.Values{"area": {"knowledge"}, "title": {payload}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.NotContains(t, res.body, payload)
	assert.NotContains(t, res.body, "<script>alert")
	assert.NotContains(t, res.body, "<img src=x")
	assert.Contains(t, res.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
}

func TestFragmentOrWholePage(t *testing.T) {
	_, _, eo, _, record := centreWithEO(t)
	whole := eo.get("/records/" + record)
	require.Equal(t, http.StatusOK, whole.status)
	assert.Contains(t, whole.body, "<html")
	assert.Contains(t, whole.header.Values("Vary"), "HX-Request")

	fragment := eo.get("/records/"+record, "HX-Request", "true")
	require.Equal(t, http.StatusOK, fragment.status)
	assert.NotContains(t, fragment.body, "<html")
	assert.Contains(t, fragment.body, "Tracker: Eve Officer")
	assert.Contains(t, fragment.header.Values("Vary"), "HX-Request")

	boosted := eo.get("/records/"+record, "HX-Request", "true", "HX-Boosted", "true")
	assert.Contains(t, boosted.body, "<html", "a boosted link gets the whole page")
}

func TestSecurityHeaders(t *testing.T) {
	d := newDemo(t)
	res := d.browser().get("/")
	csp := res.header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "script-src 'self'")
	assert.NotContains(t, csp, "unsafe-inline")
	assert.Contains(t, csp, "frame-ancestors 'none'")
	assert.Equal(t, "nosniff", res.header.Get("X-Content-Type-Options"))
	assert.Equal(t, "same-origin", res.header.Get("Referrer-Policy"))

	big := strings.Repeat("a", 3<<20)
	b := d.browser()
	res = b.post("/signin", url.Values{"email": {big}})
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.status, "bodies are capped")
}

func TestSignInAndOut(t *testing.T) {
	d := newDemo(t)
	d.signUp("head@riverside.sch.uk", "Sam Senior")

	b := d.browser()
	res := b.get("/notifications")
	assert.Equal(t, "/signin", res.url, "signed out, a page that needs a person asks for sign-in")
	res = b.post("/signin", url.Values{"email": {"head@riverside.sch.uk"}, "password": {"wrong password!"}})
	assert.Equal(t, http.StatusUnauthorized, res.status)
	assert.Contains(t, res.body, "do not match an account")
	res = b.post("/signin", url.Values{"email": {"nobody@riverside.sch.uk"}, "password": {"wrong password!"}})
	assert.Contains(t, res.body, "do not match an account", "the same words whether or not the account exists")

	res = b.post("/signin", url.Values{"email": {"head@riverside.sch.uk"}, "password": {"correct horse battery staple"}, "next": {"/notifications"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/notifications", res.url)
	res = b.post("/signout", nil)
	assert.Equal(t, http.StatusOK, res.status)
	res = b.get("/notifications")
	assert.Equal(t, "/signin", res.url)

	// An outside "next" is not followed, however it is disguised.
	for _, next := range []string{"//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil.example"} {
		b.post("/signout", nil)
		res = b.post("/signin", url.Values{"email": {"head@riverside.sch.uk"}, "password": {"correct horse battery staple"}, "next": {next}})
		assert.Equal(t, d.srv.URL+"/", res.final, "next %q", next)
	}
}

func TestSignUpProblems(t *testing.T) {
	d := newDemo(t)
	b := d.browser()
	res := b.post("/signup", url.Values{"email": {"not-an-email"}, "full_name": {"Sam"}, "password": {"short"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `class="govuk-error-message"`, "a message beside the field")
	assert.Contains(t, res.body, `href="#email"`, "the error summary links to the field")
	assert.Contains(t, res.body, `value="not-an-email"`, "what was typed is kept")
	assert.Zero(t, d.mail.count(), "a refused form sends no mail")
}

func TestHtmxErrorsGoToTheMainArea(t *testing.T) {
	d, sl, _, _, _ := centreWithEO(t)
	ctx := context.Background()
	mine, err := d.svc.MyRegistrations(ctx, sl.a)
	require.NoError(t, err)
	// Revoking the only admin's right is refused; the inline button's
	// problem replaces the main area, not the roster.
	res := sl.post("/registrations/"+mine[0].Registration.ID+"/revoke-admin", nil, "HX-Request", "true")
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Equal(t, "#main", res.header.Get("HX-Retarget"))
	assert.Equal(t, "innerHTML", res.header.Get("HX-Reswap"))
	assert.Equal(t, "false", res.header.Get("HX-Push-Url"))
	assert.Contains(t, res.body, "at least one administrator")
	assert.NotContains(t, res.body, "<html")

	// A boosted form's problem is a whole page, kept out of the history.
	res = sl.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"ABC"}, "full_name": {"X"}, "roles": {"EO"}}, "HX-Request", "true", "HX-Boosted", "true")
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Equal(t, "false", res.header.Get("HX-Push-Url"))
	assert.Empty(t, res.header.Get("HX-Retarget"))
	assert.Contains(t, res.body, "<html")
}

func TestProblemBackLinkStaysHome(t *testing.T) {
	_, sl, eo, _, record := centreWithEO(t)
	_ = sl
	res := eo.post("/records/"+record+"/template", url.Values{"template": {"new-eo"}}, "Referer", "https://evil.example/x?://127.0.0.1/")
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.NotContains(t, res.body, "evil.example")
}

func TestLibraryErrorsBecomeReadablePages(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	other := d.signUp("someone@hillside.sch.uk", "Olu Other")

	// Bad input: 422 with the field's message beside the form.
	res := sl.post("/centres", registerForm("12 34", "Somewhere", "Sam Senior", "SL"))
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "a centre number is five digits")
	// Forbidden: an exams officer may not apply a template.
	res = eo.post("/records/"+record+"/template", url.Values{"template": {"new-eo"}})
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.Contains(t, res.body, "You may not do that")
	// Out of scope: 404, existence not leaked.
	res = other.get("/records/" + record)
	assert.Equal(t, http.StatusNotFound, res.status)
	res = other.get("/centres/" + centreID + "/2025-26")
	assert.Equal(t, http.StatusNotFound, res.status)
	// Conflict: registering the same centre again.
	res = other.post("/centres", registerForm("12345", "Riverside Academy", "Olu Other", "SL"))
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Contains(t, res.body, "Ask to join it instead")
	assert.Contains(t, res.body, `href="/find?centre_number=12345&amp;year=2025-26"`, "the offer to join, filled in")
	assert.Regexp(t, `<input[^>]*id="register-sl"[^>]*checked`, res.body, "the roles ticked are kept, as what was typed is")
	assert.NotRegexp(t, `<input[^>]*id="register-eo"[^>]*checked`, res.body)
	// Not eligible: a claim too early lists every unmet condition.
	res = sl.post("/records/"+record+"/claim", url.Values{"confirm_knowledge": {"on"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "Values and Attributes statement")
	// Unknown pages.
	assert.Equal(t, http.StatusNotFound, sl.get("/no/such/page").status)
	assert.Equal(t, http.StatusNotFound, sl.get("/static/vendor/").status)
	assert.Equal(t, http.StatusNotFound, sl.get("/static/../go.mod").status)
}

func TestCentrePagesForAdmins(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	path := "/centres/" + centreID + "/2025-26"

	// Register one colleague, then two more from a CSV with a bad row.
	res := sl.post(path+"/colleagues", url.Values{"full_name": {"Lee Manager"}, "email": {"lm@riverside.sch.uk"}, "roles": {"LM"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Lee Manager")
	assert.Contains(t, res.body, "Your colleague is registered at the centre.", "a banner says it worked")
	res = sl.upload(path+"/colleagues.csv", "file", "staff.csv", "email,full name,roles\nkim@riverside.sch.uk,Kim Kaur,EO\nbad-email,Bad Row,EO\n")
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, "Line 2 of the file (kim@riverside.sch.uk): done.")
	assert.Contains(t, res.body, "Line 3 of the file (bad-email): not done. E-mail address:")

	lm := d.member(sl.a, centreID, "lm@riverside.sch.uk")
	res = sl.post("/registrations/"+lm.Registration.ID+"/grant-admin", nil)
	require.Equal(t, http.StatusOK, res.status, res.body)
	res = sl.post("/registrations/"+lm.Registration.ID+"/revoke-admin", nil, "HX-Request", "true")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, `id="roster"`)

	// Rejecting in bulk, with a reason.
	joiner := d.signUp("new@riverside.sch.uk", "Pat Pending")
	require.Equal(t, http.StatusOK, joiner.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Pat"}, "roles": {"EO"}}).status)
	pending := d.member(sl.a, centreID, "new@riverside.sch.uk")
	// Rejecting asks first, naming the person, with the reason given.
	res = sl.post(path+"/decisions", url.Values{"registration": {pending.Registration.ID}, "decision": {"reject"}, "reason": {"Not on our staff list"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, path+"/decisions", res.url, "the question is a page of its own, at an address a reload shows again")
	assert.Contains(t, res.body, "Reject the request of Pat?")
	assert.Contains(t, res.body, "You are rejecting the request of Pat.")
	assert.Contains(t, res.body, `>Not on our staff list</textarea>`)
	assert.Equal(t, "pending", string(d.member(sl.a, centreID, "new@riverside.sch.uk").Registration.Status), "asking rejects nobody")
	// Confirmed without a reason, the page asks again, the reason beside it.
	res = sl.post(path+"/decisions", url.Values{"registration": {pending.Registration.ID}, "decision": {"reject"}, "confirm": {"yes"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "Reject the request of Pat?")
	assert.Contains(t, res.body, `<a href="#reason">Reason: give a reason: it is told to each of them</a>`)
	assert.Equal(t, "pending", string(d.member(sl.a, centreID, "new@riverside.sch.uk").Registration.Status))
	res = sl.post(path+"/decisions", url.Values{"registration": {pending.Registration.ID}, "decision": {"reject"}, "reason": {"Not on our staff list"}, "confirm": {"yes"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, path, res.url)
	assert.Contains(t, res.body, "The requests you chose are rejected, and each person is told.")
	res = joiner.get("/")
	assert.Contains(t, res.body, "rejected: Not on our staff list")

	// The exams officer sees the centre but not its admin tools; the
	// admin's audit trail is theirs alone.
	res = eo.get(path)
	require.Equal(t, http.StatusOK, res.status)
	assert.NotContains(t, res.body, "Register a colleague")
	assert.Equal(t, http.StatusForbidden, eo.get("/centres/"+centreID+"/audit").status)
	// The trail reads as sentences, naming people, never their addresses.
	res = sl.get("/centres/" + centreID + "/audit")
	assert.Contains(t, res.body, "Sam Senior registered Lee Manager at the centre as line manager.")
	assert.Contains(t, res.body, "Sam Senior rejected Pat&#39;s request to join the centre.")
	assert.NotContains(t, res.body, "registration.register_colleague")
	assert.NotContains(t, res.body, "@riverside.sch.uk")

	// The exams officer leaves, after a page that says what will happen;
	// the tracker stays readable.
	eoReg := d.member(sl.a, centreID, eo.a.Email).Registration
	res = eo.get(path)
	assert.Contains(t, res.body, `href="/registrations/`+eoReg.ID+`/leave"`, "leaving is a link to the page that asks")
	res = eo.get("/registrations/" + eoReg.ID + "/leave")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Leave Riverside Academy for 2025/26?")
	assert.Contains(t, res.body, "What you recorded stays with the centre")
	assert.Equal(t, standards.RegistrationApproved, d.member(sl.a, centreID, eo.a.Email).Registration.Status, "asking changes nothing")
	res = eo.post("/registrations/"+eoReg.ID+"/leave", nil)
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/", res.url)
	assert.Contains(t, res.body, "You are no longer registered at the centre for that year.")
	assert.Equal(t, http.StatusOK, eo.get("/records/"+record).status)
}

func TestTrackerActions(t *testing.T) {
	d, sl, eo, _, record := centreWithEO(t)
	ctx := context.Background()
	res := eo.post("/records/"+record+"/targets", url.Values{"catalogue_item": {"ks-deadlines"}, "due": {"2026-03-31"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	tr, err := d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	target := tr.Targets[0].ID
	base := "/records/" + record + "/targets/" + target
	// Each is answered with a redirect to the tracker (which the client
	// follows), saying what happened.
	answeredWith(t, sl.post(base+"/agree", nil), record, "The target is agreed.")
	answeredWith(t, eo.post(base+"/progress", url.Values{"state": {"ready_for_review"}, "rating": {"amber"}}), record, "The target's progress is saved.")
	answeredWith(t, sl.post(base+"/achieve", url.Values{"comment": {"well done"}}), record, "The target is marked achieved.")
	answeredWith(t, sl.post(base+"/reopen", url.Values{"comment": {"one more thing"}}), record, "The target is reopened")
	answeredWith(t, sl.post(base+"/withdraw", url.Values{"comment": {"no longer needed"}}), record, "The target is withdrawn")
	tr, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	assert.Equal(t, standards.TargetWithdrawn, tr.Targets[0].State)

	res = eo.post("/records/"+record+"/cpd", url.Values{"kind": {"webinar"}, "title": {"Results webinar"}, "date": {"2025-09-14"}, "hours": {"1.5"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	tr, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	answeredWith(t, eo.post("/records/"+record+"/cpd/"+tr.CPD[0].ID+"/delete", nil), record, "The activity is removed from the CPD log.")
	res = eo.post("/records/"+record+"/cpd", url.Values{"kind": {"webinar"}, "title": {"Results webinar"}, "date": {"2025-09-14"}, "hours": {"lots"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "Hours: write the hours", "the field by its label, not its name")

	// R-CPD-1: an empty form names every field to fill in at once, the
	// hours among them, and nothing is logged.
	res = eo.post("/records/"+record+"/cpd", url.Values{"kind": {"webinar"}, "title": {""}, "date-day": {""}, "date-month": {""}, "date-year": {""}, "hours": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	for _, want := range []string{`href="#cpd-title"`, `href="#cpd-date-day"`, `href="#cpd-hours"`, "Hours: enter the hours", "Title: enter a title"} {
		assert.Contains(t, res.body, want, "an empty form's problems, together")
	}
	res = eo.post("/records/"+record+"/cpd", url.Values{"kind": {"conference"}, "title": {""}, "date": {"2025-09-14"}, "hours": {"lots"}, "verified": {"on"}})
	assert.Contains(t, res.body, "Hours: write the hours", "hours that are not a number, in the app's words")
	assert.Contains(t, res.body, `href="#cpd-title"`, "beside the library's other problems")
	assert.Contains(t, res.body, `<option value="conference" selected>`, "the kind chosen is kept")
	assert.Regexp(t, `id="cpd-verified" name="verified" type="checkbox" value="on" checked`, res.body, "and the tick")
	tr, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	assert.Empty(t, tr.CPD, "nothing logged")

	res = sl.post("/records/"+record+"/notes", url.Values{"text": {"Discuss workload with the head."}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Discuss workload")
	assert.NotContains(t, eo.get("/records/"+record).body, "Discuss workload", "the exams officer does not see private notes")

	eoReg := tr.ExamsOfficer.Registration.ID
	slReg := tr.Overseers[0].Registration.ID
	res = sl.post("/records/"+record+"/meetings", url.Values{"kind": {"progress_review"}, "date": {"2025-09-15"}, "attendees": {eoReg, slReg},
		"support_description": {"Network meeting"}, "support_owner": {eoReg}, "support_due": {"2025-11-30"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	tr, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	answeredWith(t, eo.post("/records/"+record+"/actions/"+tr.Actions[0].ID+"/done", nil), record, "The support is marked done.")

	// R-MTG-3: a meeting choosing a state its target cannot move to comes
	// back as the meeting's form, with everything typed, and the problem
	// beside that target's state.
	withdrawn := tr.Targets[0].ID
	res = sl.post("/records/"+record+"/meetings", url.Values{"kind": {"progress_review"}, "date": {"2025-09-20"}, "attendees": {eoReg, slReg},
		"notes": {"Long careful notes"}, "target": {withdrawn}, "state_" + withdrawn: {"agreed"}, "comment_" + withdrawn: {"Back on"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `href="#state-`+withdrawn+`"`)
	assert.Contains(t, res.body, "Managing deadlines&#34; is withdrawn: nothing in it changes")
	assert.Contains(t, res.body, "Long careful notes", "what was typed is kept")
	assert.Contains(t, res.body, `href="#meeting-date-day"`, "beside the meeting's own problems (a day to come)")

	// The own-target form too: a due date it cannot read beside an empty
	// title, at once; nothing proposed.
	res = eo.post("/records/"+record+"/targets", url.Values{"which_form": {"own"}, "area": {"skills"}, "title": {"   "},
		"due-day": {"abc"}, "due-month": {"2"}, "due-year": {"2026"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	for _, want := range []string{`href="#own-title"`, `href="#own-due-day"`, "Title: enter a title"} {
		assert.Contains(t, res.body, want)
	}

	// A date the app cannot read comes back with the rest of the form's
	// problems: the support's due date it cannot read, the exams officer
	// not among those present.
	res = sl.post("/records/"+record+"/meetings", url.Values{"kind": {"progress_review"}, "date-day": {"31"}, "date-month": {"2"}, "date-year": {"2026"},
		"attendees": {slReg}, "support_description": {"Network meeting"}, "support_owner": {eoReg}, "support_due": {"abc"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	for _, want := range []string{`href="#meeting-date-day"`, `href="#support-due-day"`, "is not among the attendees", "February 2026 has 28 days"} {
		assert.Contains(t, res.body, want)
	}
}

func TestVerifyPageSignedOut(t *testing.T) {
	d := newDemo(t)
	b := d.browser()
	res := b.get("/verify")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Verification code")
	res = b.get("/verify?code=not-a-code")
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "twenty letters and digits")
}

func TestCertificatePage(t *testing.T) {
	d, sl, eo, _, record := centreWithEO(t)
	outsider := d.signUp("someone@hillside.sch.uk", "Olu Other")
	ctx := context.Background()
	// Bring the record to a claim through the library, then claim in the page.
	tr, err := d.svc.Tracker(ctx, sl.a, record)
	require.NoError(t, err)
	var ids []string
	for _, item := range []string{"ku-entries", "ks-deadlines"} {
		tg, _, err := d.svc.ProposeTarget(ctx, sl.a, record, standards.TargetInput{CatalogueItemID: item})
		require.NoError(t, err)
		ids = append(ids, tg.ID)
	}
	updates := []standards.TargetUpdate{{TargetID: ids[0], State: standards.TargetAgreed}, {TargetID: ids[1], State: standards.TargetAgreed}}
	_, err = d.svc.RecordMeeting(ctx, sl.a, record, standards.MeetingInput{Kind: standards.MeetingTargetSetting, Date: d.now,
		Attendees: []string{tr.ExamsOfficer.Registration.ID, tr.Overseers[0].Registration.ID}, Updates: updates})
	require.NoError(t, err)
	for i := range updates {
		updates[i].State = standards.TargetAchieved
	}
	_, err = d.svc.RecordMeeting(ctx, sl.a, record, standards.MeetingInput{Kind: standards.MeetingFinalReview, Date: d.now,
		Attendees: []string{tr.ExamsOfficer.Registration.ID, tr.Overseers[0].Registration.ID}, Updates: updates})
	require.NoError(t, err)
	_, err = d.svc.SignStatement(ctx, eo.a, record)
	require.NoError(t, err)
	_, err = d.svc.CountersignStatement(ctx, sl.a, record)
	require.NoError(t, err)

	// A box not ticked (R-CLM-1): the claim's page again, the boxes as
	// ticked, and the problem at the top linking to the boxes, not a page
	// saying the record is not eligible.
	res := sl.post("/records/"+record+"/claim", url.Values{"confirm_knowledge": {"on"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, "Check and claim the certificate")
	assert.Contains(t, res.body, "There is a problem")
	assert.NotContains(t, res.body, "Not eligible yet")
	assert.Contains(t, res.body, `href="#confirm-knowledge"`)
	assert.Contains(t, res.body, "govuk-form-group--error")
	assert.Regexp(t, `id="confirm-knowledge"[^>]*checked`, res.body)
	assert.NotRegexp(t, `id="confirm-skills"[^>]*checked`, res.body)

	res = sl.post("/records/"+record+"/claim", url.Values{"confirm_knowledge": {"on"}, "confirm_skills": {"on"}, "confirm_values": {"on"}}, "HX-Request", "true")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.final, "?done=claimed")
	assert.Contains(t, sl.get(strings.TrimPrefix(res.final, d.srv.URL)).body, "You claimed the certificate", "the certificate's page says the claim worked")
	tr, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	assert.Contains(t, eo.get("/certificates/"+tr.Certificate.ID).body, tr.Certificate.Serial)
	assert.Equal(t, http.StatusNotFound, outsider.get("/certificates/"+tr.Certificate.ID).status)
	assert.Contains(t, eo.get("/records/"+record).body, "this record is closed")
}

// TestMountedByAHost mounts the app under /standards/ inside a host's own
// router, with the host's login supplying the actor: WithBasePath alone,
// and, as hosts did before 0.2.0, with http.StripPrefix too.
func TestMountedByAHost(t *testing.T) {
	for name, mount := range map[string]func(h http.Handler) http.Handler{
		"WithBasePath alone":   func(h http.Handler) http.Handler { return h },
		"and http.StripPrefix": func(h http.Handler) http.Handler { return http.StripPrefix("/standards", h) },
	} {
		t.Run(name, func(t *testing.T) { mountedByAHost(t, mount) })
	}
}

func mountedByAHost(t *testing.T, mount func(http.Handler) http.Handler) {
	svc := standards.New(memory.New(), standards.WithClock(func() time.Time { return time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC) }))
	h := app.New(svc, app.WithBasePath("/standards"), app.WithClock(func() time.Time { return time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC) }),
		app.WithAuthenticator(func(r *http.Request) (standards.Actor, bool) {
			email := r.Header.Get("X-Host-User") // the host's own login, simplified
			return standards.Actor{Email: email, Name: "Host User"}, email != ""
		}))
	host := http.NewServeMux()
	host.Handle("/standards/", mount(h))
	host.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("the host's own page")) })
	srv := httptest.NewServer(host)
	t.Cleanup(srv.Close)

	post := func(path string, form url.Values) *http.Response {
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Host-User", "head@riverside.sch.uk")
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	res := post("/standards/centres", registerForm("12345", "Riverside Academy", "Head", "SL"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/standards/centres/"), res.Header.Get("Location"))

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/standards/", nil)
	req.Header.Set("X-Host-User", "head@riverside.sch.uk")
	page, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	assert.Contains(t, string(body), `href="/standards/centres/`)
	assert.Contains(t, string(body), `src="/standards/static/vendor/htmx.min.js"`)
	assert.NotContains(t, string(body), "Sign out", "the host runs its own login")

	// Signed out, the app says 401 rather than sending to a sign-in page it
	// does not have.
	anon, err := http.Get(srv.URL + "/standards/notifications")
	require.NoError(t, err)
	anon.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, anon.StatusCode)
}

func TestRejectOneRegistration(t *testing.T) {
	d, sl, _, centreID, _ := centreWithEO(t)
	assert.Equal(t, http.StatusOK, d.browser().get("/signup").status)
	joiner := d.signUp("new@riverside.sch.uk", "Pat Pending")
	require.Equal(t, http.StatusOK, joiner.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Pat"}, "roles": {"EO"}}).status)
	pending := d.member(sl.a, centreID, "new@riverside.sch.uk")
	res := sl.post("/registrations/"+pending.Registration.ID+"/reject", url.Values{"reason": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status, "a rejection needs a reason")
	res = sl.post("/registrations/"+pending.Registration.ID+"/reject", url.Values{"reason": {"Not on our staff list"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, joiner.get("/").body, "rejected: Not on our staff list")

	// A pending person withdraws from the home page.
	other := d.signUp("two@riverside.sch.uk", "Two")
	require.Equal(t, http.StatusOK, other.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Two"}, "roles": {"LM"}}).status)
	home := other.get("/")
	assert.Contains(t, home.body, "Withdraw the request to Riverside Academy")
	two := d.member(sl.a, centreID, "two@riverside.sch.uk")
	// The button asks first, on a page of its own, without JavaScript.
	assert.Contains(t, home.body, `href="/registrations/`+two.Registration.ID+`/leave"`)
	ask := other.get("/registrations/" + two.Registration.ID + "/leave")
	require.Equal(t, http.StatusOK, ask.status, ask.body)
	assert.Contains(t, ask.body, "Riverside Academy")
	require.Equal(t, http.StatusOK, other.post("/registrations/"+two.Registration.ID+"/leave", nil).status)
	assert.Contains(t, other.get("/").body, "left")
}

func TestHomeListsTheExamsOfficersOneLooksAfter(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	res := sl.get("/")
	assert.Contains(t, res.body, "Exams officers you look after")
	assert.Contains(t, res.body, `href="/records/`+record+`">Eve Officer</a>`)
	assert.NotContains(t, eo.get("/").body, "Exams officers you look after")

	// A second exams officer with no overseer is flagged for the admin.
	_, err := d.svc.RegisterColleague(context.Background(), sl.a, standards.Colleague{
		CentreID: centreID, Year: 2025, Email: "kim@riverside.sch.uk", FullName: "Kim Kaur", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	// Red: without an overseer nothing can be agreed or claimed.
	assert.Contains(t, sl.get("/").body, `<strong class="govuk-tag govuk-tag--red"><span class="govuk-visually-hidden">Needs action now: </span>no senior leader or line manager oversees the exams officer</strong>`)

	// Last year's exams officers are listed while a claim for the year is
	// still accepted (30 days after 31 August), and then are history, on
	// the centre's page for that year.
	d.now = time.Date(2026, time.September, 15, 9, 0, 0, 0, time.UTC)
	assert.Contains(t, sl.get("/").body, `<strong class="govuk-tag govuk-tag--red"><span class="govuk-visually-hidden">Needs action now: </span>2025/26 has ended and the record is not certified</strong>`, "in the grace period")
	d.now = time.Date(2026, time.October, 2, 9, 0, 0, 0, time.UTC)
	home := sl.get("/")
	assert.NotContains(t, home.body, "Exams officers you look after", "after it")
	assert.Contains(t, sl.get("/centres/"+centreID+"/2025-26").body, `href="/records/`+record+`">Tracker of Eve Officer</a>`)
	_, err = d.svc.RegisterCentre(context.Background(), sl.a, standards.CentreRegistration{
		Year: 2026, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Sam Senior", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	_, err = d.svc.RegisterColleague(context.Background(), sl.a, standards.Colleague{
		CentreID: centreID, Year: 2026, Email: eo.a.Email, FullName: eo.a.Name, Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	roster, err := d.svc.Roster(context.Background(), sl.a, centreID, 2026)
	require.NoError(t, err)
	i := slices.IndexFunc(roster.Members, func(m standards.Member) bool { return m.Person.Email == eo.a.Email })
	require.GreaterOrEqual(t, i, 0)
	next := roster.Members[i]
	home = sl.get("/")
	assert.Contains(t, home.body, `href="/records/`+next.RecordID+`">Eve Officer</a>`, "this year's are")
	assert.NotContains(t, home.body, record, "and not last year's")
}

func TestFindACentre(t *testing.T) {
	d, _, _, _, _ := centreWithEO(t)
	b := d.signUp("new@riverside.sch.uk", "Pat Pending")
	res := b.get("/find?centre_number=12345&year=2025%2F26")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Riverside Academy (12345)")
	assert.Contains(t, res.body, "Ask to join Riverside Academy")
	res = b.get("/find?centre_number=99999")
	assert.Contains(t, res.body, "No centre with that number")
	res = b.get("/find?centre_number=12%2034")
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Equal(t, http.StatusOK, b.get("/find").status)
	res = b.post("/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Pat"}, "roles": {"EO"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "pending")
}

// TestTooLargeUploadSaysSo: a CSV over the cap on bodies is refused with a
// page that says what the cap is, not a bare status.
func TestTooLargeUploadSaysSo(t *testing.T) {
	t.Parallel()
	_, sl, _, centreID, _ := centreWithEO(t)
	res := sl.upload("/centres/"+centreID+"/2025-26/colleagues.csv", "file", "staff.csv", strings.Repeat("a@b.uk,A,EO\n", 300000))
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.status)
	assert.Contains(t, res.body, "The form or file is too large: the most the app takes is 2 MiB.")
	assert.Contains(t, res.body, "<h1")
}

// R-REG-12 on the pages: a stranger registering the centre's next year is a
// request, which the administrator of this year sees on next year's page
// and decides; the stranger reads nothing of the centre meanwhile.
func TestAStrangersRegistrationOfNextYearWaitsForTheAdministrator(t *testing.T) {
	d, sl, _, centreID, _ := centreWithEO(t)
	stranger := d.signUp("mallory@evil.example", "Mallory Evil")
	res := stranger.post("/centres", url.Values{"year": {"2026/27"}, "centre_number": {"12345"}, "centre_name": {"Hijacked Academy"}, "full_name": {"Mallory Evil"}, "roles": {"SL"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "pending")
	assert.Equal(t, http.StatusNotFound, stranger.get("/centres/"+centreID+"/audit").status)
	assert.Equal(t, http.StatusForbidden, stranger.get("/centres/"+centreID+"/2026-27").status)

	page := sl.get("/centres/" + centreID + "/2026-27")
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, page.body, "Mallory Evil")
	assert.Contains(t, page.body, "asked to register it")
	assert.Contains(t, page.body, "Riverside Academy", "the centre keeps its name")
	roster, err := d.svc.Roster(context.Background(), sl.a, centreID, 2026)
	require.NoError(t, err)
	require.Len(t, roster.Members, 1)
	require.Equal(t, http.StatusOK, sl.post("/registrations/"+roster.Members[0].Registration.ID+"/reject", url.Values{"reason": {"Not one of our staff"}}).status)
	assert.Contains(t, stranger.get("/").body, "rejected: Not one of our staff")
}

// TestR_YEAR_3_CentrePageShowsALateRegistrationAsAFact: on the centre's
// roster a late registration is a blue tag, for information (R-YEAR-3 flags
// it, and nothing can be done about it now), while no overseer, which blocks
// the certificate, is red.
func TestR_YEAR_3_CentrePageShowsALateRegistrationAsAFact(t *testing.T) {
	d, sl, _, centreID, _ := centreWithEO(t)
	d.now = time.Date(2025, time.November, 20, 9, 0, 0, 0, time.UTC)
	_, err := d.svc.RegisterColleague(context.Background(), sl.a, standards.Colleague{
		CentreID: centreID, Year: 2025, Email: "kim@riverside.sch.uk", FullName: "Kim Kaur", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	body := sl.get("/centres/" + centreID + "/2025-26").body
	assert.Contains(t, body, `<strong class="govuk-tag"><span class="govuk-visually-hidden">For information: </span>late registration</strong>`)
	assert.Contains(t, body, `<strong class="govuk-tag govuk-tag--red"><span class="govuk-visually-hidden">Needs action now: </span>no overseer</strong>`)
	assert.Equal(t, 1, strings.Count(body, "late registration</strong>"), "Eve registered in September, on time")
}
