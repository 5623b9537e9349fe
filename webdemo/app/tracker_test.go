package app_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// answeredWith checks that a tracker form was answered with a redirect to
// the tracker (the client followed it: the address is the tracker's, never
// the POST's) whose success banner says banner.
func answeredWith(t *testing.T, res response, record, banner string) {
	t.Helper()
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "/records/"+record, res.url, "the answer leads to the tracker")
	assert.Contains(t, res.final, "done=", "the address names the banner")
	assert.Contains(t, res.body, "govuk-notification-banner--success")
	assert.Contains(t, res.body, html.EscapeString(banner))
}

// areaStatus is the status the key areas' task list gives area, with its
// hint: "1 of 1 target achieved | Completed".
func areaStatus(t *testing.T, body, area string) string {
	t.Helper()
	i := strings.Index(body, `href="#area-`+area+`"`)
	require.GreaterOrEqual(t, i, 0, "no task for %s", area)
	item := body[i:]
	item = item[:strings.Index(item, "</li>")]
	hint := between(item, `class="govuk-task-list__hint">`, "</div>")
	status := between(item, `class="govuk-task-list__status"`, "</div>")
	status = status[strings.Index(status, ">")+1:]
	return strings.TrimSpace(stripTags(hint)) + " | " + strings.TrimSpace(stripTags(status))
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Every change on the tracker is answered with the whole tracker again,
// so the parts that depend on it are never stale: marking a target
// achieved moves its key area on, and the claim box with it; reopening
// moves them back.
func TestTheTrackerShowsEveryPartAChangeTouches(t *testing.T) {
	d, sl, eo, _, record := centreWithEO(t)
	ctx := context.Background()
	res := eo.post("/records/"+record+"/targets", url.Values{"catalogue_item": {"ks-deadlines"}})
	answeredWith(t, res, record, "The target was proposed.")
	assert.Equal(t, "0 of 1 target achieved | In progress", areaStatus(t, res.body, "skills"))
	tr, err := d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	base := "/records/" + record + "/targets/" + tr.Targets[0].ID
	answeredWith(t, sl.post(base+"/agree", nil), record, "The target is agreed.")

	before := sl.get("/records/" + record)
	assert.Contains(t, before.body, "Key Skills needs at least one target")
	res = sl.post(base+"/achieve", url.Values{"comment": {"well done"}}, "HX-Request", "true", "HX-Boosted", "true")
	answeredWith(t, res, record, "The target is marked achieved.")
	assert.Equal(t, "1 of 1 target achieved | Completed", areaStatus(t, res.body, "skills"), "the key area moved on with the target")
	claim := between(res.body, `<section id="claim"`, "</section>")
	assert.NotContains(t, claim, "Key Skills needs", "the claim box no longer asks for what is done")
	assert.Contains(t, claim, "Knowledge and Understanding needs")

	res = sl.post(base+"/reopen", url.Values{"comment": {"one more thing"}})
	answeredWith(t, res, record, "The target is reopened")
	assert.Equal(t, "0 of 1 target achieved | In progress", areaStatus(t, res.body, "skills"))
	assert.Contains(t, between(res.body, `<section id="claim"`, "</section>"), "Key Skills needs")
}

// A target's card offers only the changes its state allows the person
// looking (R-TGT-2, R-TGT-3): the exams officer cannot agree her own
// proposal or mark a target achieved; her overseer can.
func TestR_TGT_3_ACardOffersOnlyWhatItsStateAllows(t *testing.T) {
	d, sl, eo, _, record := centreWithEO(t)
	ctx := context.Background()
	_, _, err := d.svc.ProposeTarget(ctx, eo.a, record, standards.TargetInput{CatalogueItemID: "ks-deadlines"})
	require.NoError(t, err)
	page := eo.get("/records/" + record).body
	assert.NotContains(t, page, "/agree", "the proposer does not agree her own target")
	assert.Contains(t, page, "/withdraw")
	page = sl.get("/records/" + record).body
	assert.Contains(t, page, "/agree")
	assert.NotContains(t, page, "/achieve", "a proposed target is not yet to be achieved")
}

// Withdrawing a target, removing CPD, signing and claiming each ask first,
// on a page that says what will happen; signing shows the statement's
// whole text, its version and date, and the signatures name who signed.
func TestTheTrackerAsksBeforeWhatCannotBeUndone(t *testing.T) {
	d, sl, eo, _, record := centreWithEO(t)
	ctx := context.Background()
	tg, _, err := d.svc.ProposeTarget(ctx, eo.a, record, standards.TargetInput{CatalogueItemID: "ks-deadlines"})
	require.NoError(t, err)

	res := eo.get("/records/" + record + "/targets/" + tg.ID + "/withdraw")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "no longer counts towards Key Skills")
	assert.Contains(t, res.body, `name="comment"`)
	answeredWith(t, eo.post("/records/"+record+"/targets/"+tg.ID+"/withdraw", url.Values{"comment": {"proposed by mistake"}}), record, "The target is withdrawn")
	assert.Equal(t, http.StatusNotFound, eo.get("/records/"+record+"/targets/"+tg.ID+"/withdraw").status, "a withdrawn target is not offered again")

	entry, err := d.svc.LogCPD(ctx, eo.a, record, standards.CPDInput{Kind: standards.CPDKind("webinar"), Title: "Results webinar", Date: d.now, Hours: 1.5})
	require.NoError(t, err)
	res = eo.get("/records/" + record + "/cpd/" + entry.ID + "/delete")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Remove “Results webinar” from the CPD log?")
	assert.Equal(t, http.StatusNotFound, sl.get("/records/"+record+"/cpd/"+entry.ID+"/delete").status, "only the exams officer removes her CPD")
	answeredWith(t, eo.post("/records/"+record+"/cpd/"+entry.ID+"/delete", nil), record, "The activity is removed from the CPD log.")

	res = eo.get("/records/" + record + "/sign")
	require.Equal(t, http.StatusOK, res.status, res.body)
	for _, line := range strings.Split(standards.DefaultStatementText, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
		assert.Contains(t, res.body, html.EscapeString(line), "the whole statement is shown before signing")
	}
	assert.Contains(t, res.body, "The NAEO statement for 2025/26")
	assert.Contains(t, res.body, "Today, "+d.now.Format("2 January 2006"))
	assert.Equal(t, "/records/"+record, sl.get("/records/"+record+"/countersign").url, "nothing to countersign yet: back to the tracker")
	res = eo.post("/records/"+record+"/sign", nil)
	answeredWith(t, res, record, "You signed the Values and Attributes statement.")
	assert.Contains(t, res.body, "Signed by Eve Officer on "+d.now.Format("2 January 2006")+" (the NAEO text)")
	assert.NotContains(t, res.body, "version 0")
	assert.Equal(t, "/records/"+record, eo.get("/records/"+record+"/sign").url, "signed once: back to the tracker")
	res = sl.get("/records/" + record + "/countersign")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Countersign the Values and Attributes statement")
	res = sl.post("/records/"+record+"/countersign", nil)
	answeredWith(t, res, record, "You countersigned the Values and Attributes statement.")
	assert.Contains(t, res.body, "Countersigned by Sam Senior on", "the countersignature names who signed")

	res = sl.get("/records/" + record + "/claim")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Check and claim the certificate")
	assert.Contains(t, res.body, "closes the record")
	assert.Contains(t, res.body, `name="confirm_values"`)
	assert.Equal(t, "/records/"+record, eo.get("/records/"+record+"/claim").url, "the exams officer does not claim: back to the tracker")
}

// A title twice is proposed, with a warning (R-TGT-5); the suggestions say
// which are already chosen; the filter comes back after a proposal: the
// tracker's way to the page that adds a target carries it there.
func TestR_TGT_5_TheTrackerWarnsOfATitleTwiceAndKeepsTheFilter(t *testing.T) {
	_, _, eo, _, record := centreWithEO(t)
	res := eo.post("/records/"+record+"/targets", url.Values{"which_form": {"suggested"}, "catalogue_item": {"ku-entries"}, "filter_area": {"knowledge"}, "filter_phase": {"phase:entries"}})
	answeredWith(t, res, record, "The target was proposed.")
	q, err := url.Parse(res.final)
	require.NoError(t, err)
	assert.Equal(t, "knowledge", q.Query().Get("area"))
	assert.Equal(t, "phase:entries", q.Query().Get("phase"))
	addPath := "/records/" + record + "/targets/new?area=knowledge&phase=phase%3Aentries"
	assert.Contains(t, res.body, `href="`+html.EscapeString(addPath)+`"`, "Add a target leads to the suggestions as they were filtered")
	assert.NotContains(t, res.body, `name="catalogue_item"`, "the tracker prints no form to add a target")
	page := eo.get(addPath)
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "(already chosen)")
	assert.Contains(t, page.body, `<option value="knowledge" selected>`, "the filter is as it was")
	picker := page.body[strings.Index(page.body, `id="catalogue-item"`):]
	picker = picker[:strings.Index(picker, "</select>")]
	offered := regexp.MustCompile(`<option value="([^"]+)" selected>([^<]*)<`).FindStringSubmatch(picker)
	require.NotNil(t, offered, "the picker offers one area first")
	assert.NotEqual(t, "ku-entries", offered[1], "not the area already chosen, which proposing at once would take again")
	assert.NotContains(t, offered[2], "(already chosen)")

	res = eo.post("/records/"+record+"/targets", url.Values{"catalogue_item": {"ku-entries"}})
	answeredWith(t, res, record, "The target was proposed, but another target already has the same title")
	assert.Contains(t, res.body, "2 targets are called")
}

// A senior leader who is an administrator but not the exams officer's
// overseer reads the record, is told why they cannot change it, and may
// take the exams officer on (R-REG-6).
func TestR_REG_6_TheTrackerOffersToTakeTheExamsOfficerOn(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	ctx := context.Background()
	eoReg := d.member(sl.a, centreID, eo.a.Email).Registration.ID
	slReg := d.member(sl.a, centreID, sl.a.Email).Registration.ID
	require.NoError(t, d.svc.RemoveOverseer(ctx, sl.a, standards.Overseeing{ExamsOfficer: eoReg, Overseer: slReg}))

	page := sl.get("/records/" + record).body
	assert.Contains(t, page, "An administrator of the centre assigns an exams officer's overseer", "nobody oversees her, and who sees to it")
	assert.NotRegexp(t, `nobody yet</strong>\s*\.`, page, "no full stop on its own after the tag")
	assert.Contains(t, page, "You are not Eve Officer")
	assert.Contains(t, page, "Take on Eve Officer")
	assert.NotContains(t, eo.get("/records/"+record).body, "Take on", "the exams officer is not offered herself")

	res := sl.post("/records/"+record+"/take-on", nil)
	answeredWith(t, res, record, "You are now an overseer of this exams officer.")
	assert.Contains(t, res.body, "Overseen by Sam Senior.")
	assert.NotContains(t, res.body, "Take on Eve Officer")
}

// Adding a target and recording a meeting are pages of their own, which
// the tracker leads to; only someone who may change the record is shown
// them. A proposal or a meeting the library refuses as invalid comes back
// to its page (422) with an error summary linking to the field, the
// message beside it, and what was typed (issue 21: GOV.UK's error pattern).
func TestTheTrackersFormsHavePagesOfTheirOwnThatKeepWhatWasTyped(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	tracker := sl.get("/records/" + record)
	require.Equal(t, http.StatusOK, tracker.status)
	assert.Contains(t, tracker.body, `href="/records/`+record+`/meetings/new"`)
	assert.Contains(t, tracker.body, `href="/records/`+record+`/targets/new"`)
	assert.NotContains(t, tracker.body, `id="meeting-kind"`, "the tracker prints no meeting form")

	page := sl.get("/records/" + record + "/meetings/new")
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "<h1 class=\"govuk-heading-l\">Record a meeting</h1>")
	assert.Contains(t, page.body, `action="/records/`+record+`/meetings"`)
	page = sl.get("/records/" + record + "/targets/new")
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, `name="catalogue_item"`)
	assert.Contains(t, page.body, "Apply a starter template", "an overseer may apply a template")

	// The title left empty: the page again, with what was typed.
	res := eo.post("/records/"+record+"/targets", url.Values{"which_form": {"own"}, "area": {"skills"}, "title": {""},
		"description": {"Plan the year's deadlines"}, "success_measure": {"A calendar"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Equal(t, "/records/"+record+"/targets", res.url, "no redirect: the page is the answer")
	summary := between(res.body, `class="govuk-error-summary"`, "</ul>")
	assert.Contains(t, summary, `href="#own-title"`, "the summary links to the field")
	assert.Contains(t, summary, ">Title: ", "by its label")
	assert.Contains(t, res.body, `id="own-title-error"`, "the message is beside the field")
	assert.Contains(t, res.body, `>Plan the year&#39;s deadlines</textarea>`)
	assert.Contains(t, res.body, `>A calendar</textarea>`, "the success measure, a character count")
	assert.Contains(t, res.body, `<option value="skills" selected>`)

	// A meeting without a date, and a rating nobody knows.
	ctx := context.Background()
	eoReg := d.member(sl.a, centreID, eo.a.Email).Registration.ID
	slReg := d.member(sl.a, centreID, sl.a.Email).Registration.ID
	_, _, err := d.svc.ProposeTarget(ctx, sl.a, record, standards.TargetInput{Area: standards.AreaSkills, Title: "Deadlines"})
	require.NoError(t, err)
	tr, err := d.svc.Tracker(ctx, sl.a, record)
	require.NoError(t, err)
	target := tr.Targets[0].ID
	res = sl.post("/records/"+record+"/meetings", url.Values{"kind": {"progress_review"}, "date-day": {""}, "date-month": {""}, "date-year": {""}, "attendees": {eoReg, slReg},
		"notes": {"Going well"}, "target": {target}, "rating_" + target: {"green"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, between(res.body, `class="govuk-error-summary"`, "</ul>"), `href="#meeting-date-day"`, "the summary links to the date's first field")
	assert.Contains(t, between(res.body, `class="govuk-error-summary"`, "</ul>"), ">Date: ")
	assert.Contains(t, res.body, `id="meeting-date-error"`)
	assert.Contains(t, res.body, `>Going well</textarea>`)
	assert.Contains(t, res.body, `<option value="progress_review" selected>`)
	assert.Contains(t, res.body, `<option value="green" selected>`, "each target's rating is kept")
	res = sl.post("/records/"+record+"/meetings", url.Values{"kind": {"progress_review"}, "date": {"2025-09-15"}, "attendees": {slReg},
		"notes": {"Going well"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, between(res.body, `class="govuk-error-summary"`, "</ul>"), `href="#attendee-`, "the attendees' problem links to the first box")
	assert.Contains(t, res.body, `value="`+slReg+`" checked`, "who was ticked stays ticked")
	assert.NotContains(t, res.body, `value="`+eoReg+`" checked`, "and who was not, not")

	// Someone who may read but not change the record goes back to it: an
	// administrator who is not the exams officer's overseer.
	require.NoError(t, d.svc.RemoveOverseer(ctx, sl.a, standards.Overseeing{ExamsOfficer: eoReg, Overseer: slReg}))
	for _, path := range []string{"/meetings/new", "/targets/new"} {
		res = sl.get("/records/" + record + path)
		require.Equal(t, http.StatusOK, res.status, path)
		assert.Equal(t, "/records/"+record, res.url, "%s: back to the tracker", path)
	}
}

// Withdrawing a target without a reason shows the question again with an
// error summary naming the reason, not a problem page (R-TGT-2).
func TestR_TGT_2_WithdrawingWithoutAReasonAsksAgain(t *testing.T) {
	d, sl, _, _, record := centreWithEO(t)
	ctx := context.Background()
	target, _, err := d.svc.ProposeTarget(ctx, sl.a, record, standards.TargetInput{Area: standards.AreaSkills, Title: "Deadlines"})
	require.NoError(t, err)
	res := sl.post("/records/"+record+"/targets/"+target.ID+"/withdraw", url.Values{"comment": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	assert.Contains(t, res.body, "Withdraw “Deadlines”")
	summary := between(res.body, `class="govuk-error-summary"`, "</ul>")
	assert.Contains(t, summary, `href="#withdraw-reason"`)
	assert.Contains(t, summary, "Reason")
	assert.Contains(t, res.body, `id="withdraw-reason-error"`)
	assert.Contains(t, res.body, `action="/records/`+record+`/targets/`+target.ID+`/withdraw"`, "the form posts as before")
}
