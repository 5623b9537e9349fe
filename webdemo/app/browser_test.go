package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app"
)

// chromiumPath is Debian's Chromium, which CI installs.
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one step of the journey, so that a selector that never
// matches fails the test quickly and says which step it was.
const stepTimeout = 20 * time.Second

// TestBrowserJourneyThroughTheYear walks the year of TestJourneyThroughTheYear
// in a real browser, with htmx and the app's Content-Security-Policy at work:
// three people in three browser contexts (separate cookie jars), and a
// fourth, signed out, who verifies the certificate. Every page and every
// htmx swap is checked with axe-core (the exams officer's browser prefers a
// dark colour scheme, the others a light one), at 1280 px wide and again as
// a phone 390 and 320 px wide, where the page must not scroll sideways; any
// console error, uncaught exception or CSP violation fails the test.
// Screenshots of the key pages go to $EOPS_SCREENSHOTS, or to a new
// temporary folder named in the log, and of every page state on phones.
func TestBrowserJourneyThroughTheYear(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("this test drives Chromium at %s, which is missing (%v): install it with `apt-get update && apt-get install -y chromium`", chromiumPath, err)
	}
	started := time.Now()
	// The demo's mailbox page, as webdemo -demo has it without a mail
	// server: each person follows the link they are e-mailed from there.
	d := newDemo(t, app.WithDemoMailbox())
	j := startBrowser(t, d.srv.URL)

	// First make sure that the listeners see what they are meant to catch.
	j.canary()

	sl := j.newPerson("senior leader", light)
	eo := j.newPerson("exams officer", dark) // so that axe checks the dark colours too
	lm := j.newPerson("line manager", light)

	// Everyone signs up; the senior leader registers the centre.
	sl.signUp("head@riverside.sch.uk", "Sam Senior")
	eo.signUp("exams@riverside.sch.uk", "Eve Officer")
	lm.signUp("bursar@riverside.sch.uk", "Lee Manager")

	// The forms start with the name the person gave at sign-up.
	if name := get(sl, "read the name in the register form", chromedp.Value(chromedp.ID("register-full-name"))); name != "Sam Senior" {
		t.Errorf("the register form's full name starts as %q", name)
	}
	sl.do("register the centre",
		chromedp.SendKeys(chromedp.ID("register-number"), "12345"),
		chromedp.SendKeys(chromedp.ID("register-name"), "Riverside Academy"),
		chromedp.Click(chromedp.ID("register-sl"), chromedp.NodeVisible),
		chromedp.Click(button("Register the centre"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Riverside Academy")),
	)
	sl.look("centre page, just registered", "")

	// The exams officer and the line manager ask to join.
	for _, p := range []struct {
		who  *person
		name string
		role string
	}{{eo, "Eve Officer", "join-eo"}, {lm, "Lee Manager", "join-lm"}} {
		if name := get(p.who, "read the name in the join form", chromedp.Value(chromedp.ID("join-full-name"))); name != p.name {
			t.Errorf("the join form's full name starts as %q, want %q", name, p.name)
		}
		p.who.do("ask to join the centre",
			chromedp.SendKeys(chromedp.ID("join-number"), "12345"),
			chromedp.Click(chromedp.ID(p.role), chromedp.NodeVisible),
			chromedp.Click(button("Ask to join"), chromedp.NodeVisible),
			chromedp.WaitVisible(`//table/caption[normalize-space()='Your registrations, newest year first']/..//td[starts-with(normalize-space(),'pending')]`),
		)
	}
	eo.look("home page, waiting for approval", "home-signed-in")
	if got := eo.toDo(); got.Nav != "What needs doing (0)" || len(got.Tasks) != 0 {
		t.Errorf("waiting for approval, the exams officer's home lists %+v", got)
	}

	// What needs doing: the senior leader, the centre's administrator, has
	// the two requests to decide, and the task leads to them.
	if got := sl.toDo(); got.Nav != "What needs doing (2)" || len(got.Tasks) != 1 || !strings.HasSuffix(got.Tasks[0], "#pending-heading") ||
		!strings.HasPrefix(got.Tasks[0], "2 registrations wait for your approval → /centres/") {
		t.Errorf("the administrator's home lists %+v", got)
	}
	sl.look("home page, an administrator's, two waiting", "home-admin")
	sl.do("follow the task to the requests",
		chromedp.Click(link("2 registrations wait for your approval"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Riverside Academy")),
		chromedp.WaitVisible(chromedp.ID("pending-heading")),
	)

	// The senior leader approves one inline (htmx swaps the roster) and the
	// other with the bulk form, then makes the line manager the overseer.
	sl.openCentre()
	sl.do("see both waiting", chromedp.WaitVisible(`//h2[normalize-space()='Waiting for approval']`))
	sl.look("centre page, two waiting", "")
	sl.do("approve Eve Officer inline",
		chromedp.SetAttributeValue(chromedp.ID("roster"), "data-stale", "1"),
		chromedp.Click(button("Approve Eve Officer"), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS("#roster:not([data-stale])")),
		chromedp.WaitNotPresent(button("Approve Eve Officer")),
		// The members are a tab behind the one waiting (the centre's
		// people are tabs): in the page, if not shown.
		chromedp.WaitReady(`//section[@aria-labelledby='members-heading']//tr[td[contains(., 'exams@riverside.sch.uk')]]/td[starts-with(normalize-space(), 'approved')]`),
	)
	// Approving is all it takes to be offered in "Assign an overseer": the
	// part htmx swaps holds it too (it was stale until a reload).
	sl.do("find Eve Officer to assign an overseer to, without a reload",
		chromedp.WaitReady(`//select[@id='assign-eo']/option[normalize-space()='Eve Officer']`))
	sl.look("centre page, roster swapped by htmx", "")
	sl.do("approve Lee Manager with the bulk form",
		chromedp.Click(chromedp.CSS(`input[aria-label="Choose Lee Manager"]`), chromedp.NodeVisible),
		chromedp.Click(chromedp.ID("decision-approve"), chromedp.NodeVisible),
		// The inline approval's banner is still on the page: wait for the
		// page the bulk form leads to, not for a banner.
		chromedp.SetAttributeValue(chromedp.ID("main"), "data-stale", "1"),
		chromedp.Click(button("Decide the chosen registrations"), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS("#main:not([data-stale])")),
		chromedp.WaitVisible(`//div[contains(@class, 'govuk-notification-banner--success')]`),
	)
	outcome := get(sl, "read the bulk outcome", chromedp.Text(chromedp.CSS(".govuk-notification-banner--success")))
	if !strings.Contains(outcome, "The requests you chose are approved") {
		t.Errorf("the bulk approval says %q", outcome)
	}
	// The address is the centre's page, not the form's: a reload shows the
	// page again, never "method not allowed".
	if where := get(sl, "read the address", chromedp.Evaluate[string]("location.pathname")); strings.HasSuffix(where, "/decisions") {
		t.Errorf("after the bulk decision the address is %s, the form's", where)
	}
	sl.do("reload after the bulk decision", chromedp.Reload(), chromedp.WaitVisible(`//h2[normalize-space()='Members']`))
	sl.look("centre page, bulk outcome", "")
	overseer := get(sl, "find Lee Manager among the overseers", chromedp.AttributeValue(
		`//select[@id='assign-overseer']/option[normalize-space()='Lee Manager']`, "value"))
	eoOption := get(sl, "find Eve Officer among the exams officers", chromedp.AttributeValue(
		`//select[@id='assign-eo']/option[normalize-space()='Eve Officer']`, "value"))
	sl.do("make Lee Manager Eve Officer's overseer",
		chromedp.Click(`//a[@class='govuk-tabs__tab' and @href='#assign']`, chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.ID("assign-eo")),
		chromedp.SetValue(chromedp.ID("assign-eo"), eoOption.Value),
		chromedp.SetValue(chromedp.ID("assign-overseer"), overseer.Value),
		chromedp.Click(button("Assign the overseer"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//td[normalize-space()='Overseen by Lee Manager']`),
	)
	sl.look("centre page, overseer assigned", "centre")
	// On a phone the members are cards to the eye, and still the same
	// table to assistive technology: the same cells under the same headers.
	wide := sl.tablesAsRead()
	if !slices.Contains(wide, "columnheader: Oversight") || !slices.Contains(wide, "cell: Overseen by Lee Manager") {
		t.Errorf("the centre page's tables read as %q", wide)
	}
	var narrow []string
	sl.asPhone(390, func() { narrow = sl.tablesAsRead() })
	if !slices.Equal(wide, narrow) {
		t.Errorf("the centre page's tables read differently on a phone:\n at 1280 px: %q\n at 390 px: %q", wide, narrow)
	}
	// Leaving asks first, on a page that says what will happen; Cancel
	// goes back with nothing changed.
	sl.do("ask to leave the centre",
		chromedp.Click(link("Leave the centre for 2025/26"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Leave ")),
		chromedp.WaitVisible(`//h2[normalize-space()='What will happen']`),
	)
	sl.look("the page that asks before leaving", "confirm-leave")
	sl.do("cancel leaving",
		chromedp.Click(link("Cancel"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//h2[normalize-space()='Members']`),
	)
	sl.do("open the centre's audit trail",
		chromedp.Click(link("The centre's audit trail"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Audit trail")),
	)
	sl.look("the centre's audit trail", "audit")
	lm.do("go home",
		chromedp.Navigate(j.base+"/"),
		chromedp.WaitVisible(`//table/caption[normalize-space()='Exams officers you look after']`),
	)
	lm.look("home page, an overseer's", "home-overseer")
	if got := lm.toDo(); got.Nav != "What needs doing (0)" || len(got.Tasks) != 0 {
		t.Errorf("with nothing proposed yet, the overseer's home lists %+v", got)
	}
	if got := eo.toDo(); got.Nav != "What needs doing (3)" || !slices.Equal(taskWords(got), []string{
		"Propose your targets for the year, or agree them with your overseer",
		"Read and sign the Values and Attributes statement",
		"Log your CPD: the training, meetings and reading that support your targets",
	}) {
		t.Errorf("approved, the exams officer's home lists %+v", got)
	}
	eo.look("home page, an exams officer's, a new year", "home-eo")

	// The senior leader, an administrator but not Eve's overseer, reads
	// her tracker: it says why nothing can be changed, and offers to take
	// her on (R-REG-6).
	sl.openCentre()
	sl.openEvesTracker()
	sl.do("see the offer to take Eve Officer on",
		chromedp.WaitVisible(`//div[@id='take-on']//p[starts-with(normalize-space(), "You are not Eve Officer's overseer")]`),
		chromedp.WaitVisible(button("Take on Eve Officer")),
		chromedp.WaitNotPresent(button("Agree")),
	)
	sl.look("tracker, a senior leader who is not the overseer", "tracker-not-overseer")

	// The line manager opens Eve's tracker from the centre page and applies
	// the new exams officer's template, from the folded "Add a target".
	lm.openCentre()
	lm.openEvesTracker()
	lm.look("tracker, no targets yet", "tracker-before")
	lm.expectAreas("no targets yet", "Knowledge and Understanding: Not started", "Key Skills: Not started", "Values and Attributes: Not signed")
	lm.do("open the page that adds targets",
		chromedp.Click(link("Add a target"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Add a target")),
	)
	lm.look("add a target", "add-target")
	lm.do("apply the new exams officer template",
		chromedp.SetValue(chromedp.ID("template"), "new-eo"),
		chromedp.Click(button("Propose the template's targets"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("The targets were proposed.")),
	)
	lm.reloadTracker("applying a template")
	targets := get(lm, "count the targets", chromedp.Evaluate[int](`document.querySelectorAll('#targets .govuk-summary-card').length`))
	if targets != 4 {
		t.Fatalf("the template proposed %d targets, want 4", targets)
	}
	lm.look("tracker, targets proposed", "")

	// The exams officer has them to agree, and the task leads to them.
	if got := eo.toDo(); got.Nav != "What needs doing (6)" || !slices.Contains(taskWords(got), "4 targets your overseer proposed, to agree") {
		t.Errorf("with targets proposed, the exams officer's home lists %+v", got)
	}
	eo.look("home page, an exams officer's, targets to agree", "")
	eo.do("follow the task to the targets",
		chromedp.Click(link("4 targets your overseer proposed, to agree"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Tracker: Eve Officer")),
		chromedp.WaitVisible(chromedp.ID("targets")),
	)

	// The exams officer agrees each target: each card offers her only
	// Agree and Withdraw, and after each the whole page is the page again.
	eo.openOwnTracker()
	agree := get(eo, "list the targets to agree", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#targets form[action$="/agree"]')].map(f => f.getAttribute("action"))`))
	if len(agree) != 4 {
		t.Fatalf("the exams officer can agree %d targets, want the template's 4", len(agree))
	}
	if n := get(eo, "count buttons offered on proposed targets", chromedp.Evaluate[int](`document.querySelectorAll('#targets .govuk-summary-card form:not([action$="/agree"]) button').length`)); n != 0 {
		t.Errorf("the exams officer is offered %d buttons besides Agree on proposed targets", n)
	}
	for _, action := range agree {
		eo.do("agree a target",
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#targets form[action=%q] button`, action)), chromedp.NodeVisible),
			chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`#targets form[action=%q]`, action))),
			chromedp.WaitVisible(banner("The target is agreed.")),
		)
		eo.look("tracker, a target agreed", "")
	}
	eo.reloadTracker("agreeing the targets")
	eo.do("see every target agreed", chromedp.WaitReady(targetsInState("agreed", 4)))
	if got := eo.toDo(); slices.Contains(taskWords(got), "4 targets your overseer proposed, to agree") || got.Nav != "What needs doing (2)" {
		t.Errorf("with every target agreed, the exams officer's home lists %+v", got)
	}

	// The exams officer proposes a target of their own (posted as the
	// tracker's form posts it, so that this step does not depend on the
	// form's layout): the overseer has one target to agree, a link to the
	// tracker; agreed, it is gone from the list.
	eo.openOwnTracker()
	if status := get(eo, "propose a target of their own", chromedp.Evaluate[int](`(async () => {
		const r = await fetch(location.pathname + "/targets", {method: "POST", body: new URLSearchParams({area: "skills", title: "Time management"})});
		return r.status;
	})()`, chromedp.EvalAwaitPromise)); status != 200 {
		t.Fatalf("proposing a target answered %d", status)
	}
	if got := lm.toDo(); got.Nav != "What needs doing (1)" || !slices.Equal(got.Tasks, []string{"1 target to agree → /records/" + recordOfEve(t, d) + "#targets"}) {
		t.Errorf("with a target proposed, the overseer's home lists %+v", got)
	}
	lm.look("home page, an overseer's, a target to agree", "home-overseer-to-agree")
	lm.do("follow the task and agree the target",
		chromedp.Click(link("1 target to agree"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Tracker: Eve Officer")),
		chromedp.Click(chromedp.CSS(`form[action$="/agree"] button`), chromedp.NodeVisible),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/agree"]`)),
	)
	if got := lm.toDo(); got.Nav != "What needs doing (0)" || len(got.Tasks) != 0 {
		t.Errorf("with the target agreed, the overseer's home lists %+v", got)
	}
	lm.do("read that nothing needs doing", chromedp.WaitVisible(chromedp.ID("todo-none")))

	// Withdrawing asks why first, on a page of its own; she keeps it.
	eo.do("open a target's withdraw page",
		chromedp.Click(`(//section[@id='targets']//a[starts-with(normalize-space(), 'Withdraw')])[1]`, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Withdraw “")),
		chromedp.WaitVisible(chromedp.ID("withdraw-reason")),
	)
	eo.look("withdraw a target", "withdraw")
	eo.do("keep the target", chromedp.Click(link("Keep it"), chromedp.NodeVisible), chromedp.WaitVisible(heading("Tracker: ")))

	// She logs a CPD activity from the folded form, and removes it after
	// being asked: the log's total follows each.
	// Its date is three fields; a day that does not exist (31 February)
	// brings the form back open, the error in the summary and on the date.
	eo.do("log a CPD activity on a day that does not exist",
		chromedp.Click(`//details[@id='log-cpd']/summary`, chromedp.NodeVisible),
		chromedp.SetValue(chromedp.ID("cpd-kind"), "webinar"),
		chromedp.SendKeys(chromedp.ID("cpd-title"), "Results webinar"),
		chromedp.SendKeys(chromedp.ID("cpd-date-day"), "31"),
		chromedp.SendKeys(chromedp.ID("cpd-date-month"), "2"),
		chromedp.SendKeys(chromedp.ID("cpd-date-year"), "2026"),
		chromedp.SendKeys(chromedp.ID("cpd-hours"), "1.5"),
		chromedp.SendKeys(chromedp.ID("cpd-reflection"), "What changed this year in the results timetable."),
		chromedp.Click(button("Log the activity"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//div[contains(@class, 'govuk-error-summary')]//a[@href='#cpd-date-day']`),
		chromedp.WaitVisible(chromedp.ID("cpd-date-error")),
		chromedp.WaitVisible(`//div[@id='cpd-reflection-info' and contains(., 'characters')]`),
	)
	eo.look("CPD on a day that does not exist", "cpd-date-error")
	eo.refused("/cpd")
	eo.do("log a CPD activity",
		chromedp.SetValue(chromedp.ID("cpd-date-day"), "14"),
		chromedp.SetValue(chromedp.ID("cpd-date-month"), "9"),
		chromedp.SetValue(chromedp.ID("cpd-date-year"), "2025"),
		chromedp.Click(button("Log the activity"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("The activity is in the CPD log.")),
		chromedp.WaitVisible(`//section[@id='cpd']/p[normalize-space()='1.5 hours in all.']`),
	)
	eo.reloadTracker("logging CPD")
	eo.do("remove the activity, after being asked",
		chromedp.Click(`//section[@id='cpd']//a[starts-with(normalize-space(), 'Remove')]`, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Remove “Results webinar” from the CPD log?")),
	)
	eo.look("remove a CPD activity", "remove-cpd")
	eo.do("remove the activity",
		chromedp.Click(button("Remove the activity"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("The activity is removed from the CPD log.")),
		chromedp.WaitVisible(`//section[@id='cpd']/p[normalize-space()='0 hours in all.']`),
	)
	eo.reloadTracker("removing CPD")

	// The line manager marks one target achieved with its own button: the
	// key areas and the claim's state change with it, not only the card.
	lm.openCentre()
	lm.openEvesTracker()
	areasBefore := lm.areasText()
	first := get(lm, "find a target to achieve", chromedp.Evaluate[string](`document.querySelector('#targets form[action$="/achieve"]').getAttribute("action")`))
	area := get(lm, "read its area", chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		let el = document.querySelector('#targets form[action=%q]').closest('.govuk-summary-card');
		while (el && el.tagName !== 'H3') { el = el.previousElementSibling }
		return el.textContent.trim();
	})()`, first)))
	lm.do("mark one target achieved",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#targets form[action=%q] button`, first)), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("The target is marked achieved.")),
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`#targets form[action=%q]`, first))),
	)
	areasAfter := lm.areasText()
	if areasAfter == areasBefore || !strings.Contains(areaLine(areasAfter, area), " 1 of ") {
		t.Errorf("after one target of %s achieved the key areas still read %q (before: %q)", area, areasAfter, areasBefore)
	}
	lm.reloadTracker("marking a target achieved")
	if reloaded := lm.areasText(); reloaded != areasAfter {
		t.Errorf("the key areas after Achieved read %q, and after a reload %q: the page was stale", areasAfter, reloaded)
	}
	lm.look("tracker, one target achieved", "")

	// The line manager records the final review: every other target
	// achieved. Both content areas are then complete, and the claim box
	// asks only for the statement.
	lm.do("open the page that records a meeting",
		chromedp.Click(link("Record a meeting"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Record a meeting")),
	)
	lm.look("record a meeting", "record-meeting")
	lm.do("record the final review",
		chromedp.SetValue(chromedp.ID("meeting-kind"), "final_review"),
		chromedp.SendKeys(chromedp.ID("meeting-date-day"), "15"),
		chromedp.SendKeys(chromedp.ID("meeting-date-month"), "9"),
		chromedp.SendKeys(chromedp.ID("meeting-date-year"), "2025"),
		chromedp.SendKeys(chromedp.ID("meeting-notes"), "A good start."),
		chromedp.Evaluate[chromedp.Void](`(() => {
			document.querySelectorAll('#meetings select[id^="state-"]').forEach(s => {
				if (!s.closest('fieldset').querySelector('legend').textContent.includes('(achieved)')) { s.value = "achieved" }
			});
			document.querySelectorAll('#meetings select[id^="rating-"]').forEach(s => { s.value = "green" });
		})()`),
		chromedp.Click(button("Record the meeting"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("The meeting is recorded")),
		chromedp.WaitVisible(`//section[@id='meetings']//article[contains(@class, 'meeting')]/p[normalize-space()='A good start.']`),
		chromedp.WaitReady(targetsInState("achieved", 4)),
	)
	lm.reloadTracker("recording a meeting")
	lm.expectAreas("every target achieved", "Knowledge and Understanding: Completed", "Key Skills: Completed", "Values and Attributes: Not signed")
	if claim := lm.claimText(); strings.Contains(claim, "Knowledge and Understanding needs") || strings.Contains(claim, "Key Skills needs") || !strings.Contains(claim, "Values and Attributes statement needs") {
		t.Errorf("with every target achieved the claim box says %q", claim)
	}
	lm.look("tracker, final review recorded", "")

	// The exams officer reads the whole statement, its version and date,
	// on a page of its own, then signs; the line manager countersigns.
	eo.openOwnTracker()
	eo.do("read the statement before signing",
		chromedp.Click(link("Read and sign the statement"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Sign the Values and Attributes statement")),
		chromedp.WaitVisible(`//div[@id='statement-text']//li[starts-with(normalize-space(), 'keep question papers')]`),
		chromedp.WaitVisible(`//dd[starts-with(normalize-space(), "The NAEO statement for 2025/26")]`),
	)
	eo.look("sign the statement", "sign")
	eo.do("sign the statement",
		chromedp.Click(button("Sign the statement"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("You signed the Values and Attributes statement.")),
		chromedp.WaitVisible(`//section[@id='statement']//dd[starts-with(normalize-space(), 'Signed by Eve Officer on')]`),
	)
	eo.reloadTracker("signing")
	eo.expectAreas("the statement signed", "Values and Attributes: Waiting for countersignature")
	eo.look("tracker, statement signed", "")
	if got := lm.toDo(); !slices.Contains(taskWords(got), "The Values and Attributes statement to countersign") {
		t.Errorf("with the statement signed, the overseer's home lists %+v", got)
	}
	lm.openCentre()
	lm.openEvesTracker()
	lm.do("countersign the statement",
		chromedp.Click(link("Read and countersign the statement"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Countersign the Values and Attributes statement")),
		chromedp.Click(button("Countersign the statement"), chromedp.NodeVisible),
		chromedp.WaitVisible(banner("You countersigned the Values and Attributes statement.")),
		chromedp.WaitVisible(`//section[@id='statement']//dd[starts-with(normalize-space(), 'Countersigned by Lee Manager on')]`),
	)
	lm.reloadTracker("countersigning")
	lm.expectAreas("everything done", "Knowledge and Understanding: Completed", "Key Skills: Completed", "Values and Attributes: Completed")
	if claim := lm.claimText(); !strings.Contains(claim, "Everything is in place") {
		t.Errorf("with everything done the claim box says %q", claim)
	}
	lm.look("tracker, everything done", "tracker-after")
	if got := lm.toDo(); got.Nav != "What needs doing (1)" || !slices.Equal(taskWords(got), []string{"Every key area is complete: claim the certificate"}) {
		t.Errorf("with every key area complete, the overseer's home lists %+v", got)
	}
	lm.look("home page, an overseer's, a claim to make", "home-overseer-claim")
	lm.do("follow the task to the claim",
		chromedp.Click(link("Every key area is complete: claim the certificate"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Tracker: Eve Officer")),
		chromedp.WaitVisible(chromedp.ID("claim")),
	)

	// The claim is checked on a page of its own: the record as it stands,
	// the three confirmations, whose checklist follows them as they are
	// ticked (htmx replaces what is inside #checklist, a live region).
	lm.do("check the claim",
		chromedp.Click(link("Check and claim the certificate"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Check and claim the certificate")),
	)
	for i, box := range []string{"confirm-knowledge", "confirm-skills", "confirm-values"} {
		lm.do("tick "+box,
			chromedp.SetAttributeValue(chromedp.CSS("#checklist > p"), "data-stale", "1"),
			chromedp.Click(chromedp.ID(box), chromedp.NodeVisible),
			chromedp.WaitReady(chromedp.CSS("#checklist > p:not([data-stale])")),
		)
		checklist := get(lm, "read the checklist", chromedp.Text(chromedp.ID("checklist")))
		last := i == 2
		if got := strings.Contains(checklist, "Everything is in place"); got != last {
			t.Errorf("after ticking %s the checklist says %q", box, checklist)
		}
		if got := strings.Contains(checklist, "Confirm completion in each of the three key areas"); got == last {
			t.Errorf("after ticking %s the checklist says %q", box, checklist)
		}
	}
	lm.look("check and claim", "claim-panel")

	lm.do("claim the certificate",
		chromedp.Click(button("Claim the certificate"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(".certificate .holder")),
	)
	if holder := get(lm, "read the holder", chromedp.Text(chromedp.CSS(".certificate .holder"))); holder != "Eve Officer" {
		t.Errorf("the certificate is for %q", holder)
	}
	code := strings.TrimSpace(get(lm, "read the verification code", chromedp.Text(chromedp.CSS(".certificate dd code"))))
	if code == "" {
		t.Fatal("the certificate shows no verification code")
	}
	lm.look("certificate", "certificate")
	eo.do("go home, certified",
		chromedp.Navigate(j.base+"/"),
		chromedp.WaitVisible(`//table/caption[normalize-space()='Your certificates, from every centre and year']`),
	)
	eo.look("home page, certified", "home-certified")
	if got := eo.toDo(); got.Nav != "What needs doing (0)" || len(got.Tasks) != 0 {
		t.Errorf("certified, the exams officer's home lists %+v", got)
	}
	if got := lm.toDo(); got.Nav != "What needs doing (0)" || len(got.Tasks) != 0 {
		t.Errorf("after the claim, the overseer's home lists %+v", got)
	}
	eo.do("open the notifications",
		chromedp.Navigate(j.base+"/notifications"),
		chromedp.WaitVisible(heading("Notifications")),
	)
	eo.look("notifications", "notifications")
	eo.do("find the centre by its number",
		chromedp.Navigate(j.base+"/find?year=2025%2F26&centre_number=12345"),
		chromedp.WaitVisible(heading("Find your centre")),
	)
	eo.look("find your centre", "find")
	// With a centre this year, the forms to register or join are behind a
	// link, the name filled in.
	eo.do("open the forms to register or join",
		chromedp.Navigate(j.base+"/"),
		chromedp.Click(link("Register a centre, or ask to join one"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Register your centre or join one")),
	)
	if name := get(eo, "read the name in the join form", chromedp.Value(chromedp.ID("join-full-name"))); name != "Eve Officer" {
		t.Errorf("the join form's full name starts as %q", name)
	}
	eo.look("register or join, behind the link", "register")

	// Anyone checks it, signed out.
	anyone := j.newPerson("signed-out visitor", light)
	for _, page := range []struct{ where, path, heading string }{
		{"landing page", "/", "Exams Officer Professional Standards"},
		{"sign-in page", "/signin", "Sign in"},
		{"send the link again", "/signup/resend", ""},
		{"the demo's e-mail", "/demo/mail", "The demo's e-mail"},
	} {
		wait := chromedp.WaitVisible(chromedp.CSS("main h1"))
		if page.heading != "" {
			wait = chromedp.WaitVisible(heading(page.heading))
		}
		anyone.do("open the "+page.where, chromedp.Navigate(j.base+page.path), wait)
		anyone.look(page.where, "")
	}
	anyone.do("verify the certificate",
		chromedp.Navigate(j.base+"/verify?code="+url.QueryEscape(code)),
		chromedp.WaitVisible(chromedp.ID("result-heading")),
	)
	if got := get(anyone, "read the result", chromedp.Text(chromedp.ID("result-heading"))); got != "This certificate is valid" {
		t.Errorf("the verification page says %q", got)
	}
	if got := get(anyone, "read the details", chromedp.Text(chromedp.CSS(".result dl"))); !strings.Contains(got, "Riverside Academy") || !strings.Contains(got, "Eve Officer") {
		t.Errorf("the verification page shows %q", got)
	}
	anyone.look("verification page", "verification")

	// The record with its certificate as one PDF, for the exams manual.
	lm.do("open the certificate's record", chromedp.Navigate(j.base+"/records/"+recordOfEve(t, d)))
	if f := fetchLink(lm, "Download this record as a PDF"); f.Status != 200 || f.Type != "application/pdf" || !strings.HasPrefix(f.Body, "%PDF-") {
		t.Errorf("the record's PDF: %d %s", f.Status, f.Type)
	}

	// The trust lead's dashboard over three centres and the operator's
	// national figures, with their charts and CSV exports, pass the same
	// checks.
	centres := trustOfThree(t, d)
	lead := j.newPerson("trust lead", light)
	lead.signUp("lead@valley.org.uk", "Lou Lead")
	// Two of its centres have an exams officer with no overseer.
	if got := lead.toDo(); got.Nav != "What needs doing (2)" || len(got.Tasks) != 1 || !strings.HasPrefix(got.Tasks[0], "2 centres need attention → /trusts/") {
		t.Errorf("the trust lead's home lists %+v", got)
	}
	lead.look("home page, a trust lead's", "home-lead")
	lead.do("open the trust's dashboard",
		chromedp.Click(link("Valley Learning Trust"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Valley Learning Trust")),
	)
	rows := get(lead, "read the trust's centres", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("main table tbody tr td:first-child")].map(td => td.textContent.trim())`))
	slices.Sort(rows)
	if !slices.Equal(rows, centres) {
		t.Errorf("the trust's dashboard lists %q, want %q", rows, centres)
	}
	if bars := get(lead, "count the chart's bars", chromedp.Evaluate[int](`document.querySelectorAll("main svg rect").length`)); bars == 0 {
		t.Error("the trust's dashboard has no chart")
	}
	lead.look("trust dashboard", "trust")
	if f := fetchLink(lead, "Download as a spreadsheet (CSV)"); f.Status != 200 || !strings.HasPrefix(f.Type, "text/csv") || strings.Count(f.Body, "\n") != 4 {
		t.Errorf("the trust's CSV: %d %s\n%s", f.Status, f.Type, f.Body)
	}
	sl.openCentre()
	if f := fetchLink(sl, "The exams officers' progress and flags as a spreadsheet (CSV)"); f.Status != 200 || !strings.Contains(f.Body, "Eve Officer") {
		t.Errorf("the centre's CSV: %d %s\n%s", f.Status, f.Type, f.Body)
	}

	operator := j.newPerson("operator", dark)
	operator.signUp(operatorEmail, "Ops")
	operator.do("open the national figures",
		chromedp.Click(link("National figures"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("National figures")),
	)
	operator.look("national figures", "national")
	if f := fetchLink(operator, "Download as a spreadsheet (CSV)"); f.Status != 200 || !strings.HasPrefix(f.Type, "text/csv") {
		t.Errorf("the national CSV: %d %s\n%s", f.Status, f.Type, f.Body)
	}
	operator.do("find a person's data",
		chromedp.Click(link("Personal data"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Personal data")),
		chromedp.SendKeys(chromedp.ID("people-email"), "exams@riverside.sch.uk"),
		chromedp.Click(button("Find"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//h2[normalize-space()='Eve Officer']`),
	)
	operator.look("personal data", "personal-data")
	operator.do("open the platform's audit trail",
		chromedp.Navigate(j.base+"/audit"),
		chromedp.WaitVisible(heading("Audit trail")),
	)
	operator.look("the platform's audit trail", "audit-platform")

	// The senior leader sets up two-factor sign-in with a code from an
	// "authenticator app", then signs in again with the password and a code.
	sl.do("set up two-factor sign-in",
		chromedp.Click(link("Account security"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Account security")),
	)
	sl.look("account security", "account-security")
	sl.do("begin setting it up",
		chromedp.Click(button("Set up two-factor sign-in"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.ID("two-factor-secret")),
	)
	sl.look("two-factor set-up", "two-factor-setup")
	secret := strings.ReplaceAll(get(sl, "read the secret", chromedp.Text(chromedp.ID("two-factor-secret"))), " ", "")
	sl.do("switch it on",
		chromedp.SendKeys(chromedp.ID("confirm-code"), totpCode(t, secret, time.Now())),
		chromedp.Click(button("Switch two-factor sign-in on"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Your recovery codes")),
	)
	sl.look("recovery codes", "recovery-codes")
	// The codes are on a page of their own (Post/Redirect/Get), shown
	// once: a reload says they were shown, and is not an error.
	if where := get(sl, "read the address", chromedp.Evaluate[string]("location.pathname")); !strings.HasSuffix(where, "/account/security/recovery-codes") {
		t.Errorf("after switching two-factor sign-in on the address is %s", where)
	}
	sl.do("reload the recovery codes",
		chromedp.Reload(),
		chromedp.WaitVisible(`//p[starts-with(normalize-space(), 'Your recovery codes were shown once')]`),
	)
	sl.do("sign out and in with the password",
		chromedp.Click(button("Sign out Sam Senior"), chromedp.NodeVisible),
		chromedp.WaitNotPresent(button("Sign out Sam Senior")),
		chromedp.Navigate(j.base+"/signin"),
		chromedp.SendKeys(chromedp.ID("email"), "head@riverside.sch.uk"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery staple"),
		chromedp.Click(button("Sign in"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Enter your code")),
	)
	sl.look("sign-in code page", "signin-code")
	// A code of the next 30 seconds: the one that switched it on is spent.
	sl.do("give the code",
		chromedp.SendKeys(chromedp.ID("code"), totpCode(t, secret, time.Now().Add(30*time.Second))),
		chromedp.Click(button("Sign in"), chromedp.NodeVisible),
		chromedp.WaitVisible(button("Sign out Sam Senior")),
	)

	for _, p := range []*person{sl, eo, lm, anyone, lead, operator} {
		p.assertQuiet()
	}
	for _, msg := range j.axeMinor {
		t.Log(msg)
	}
	t.Logf("the journey took %s; screenshots are in %s", time.Since(started).Round(time.Millisecond), j.shots)
}

// browserJourney is one browser on the app, with the axe-core script to run
// on each page and the folder for screenshots.
type browserJourney struct {
	t      *testing.T
	base   string
	axeJS  string
	shots  string
	nShots int
	ctx    context.Context // the browser's chromedp context
	// axeMinor are the moderate and minor findings, each once however many
	// pages it recurs on, to log at the end.
	axeMinor  []string
	axeLogged map[string]bool
	// phoneShots are the page states already photographed on phones, so
	// that each is saved once however often the journey comes back to it.
	phoneShots map[string]bool
}

// startBrowser starts headless Chromium for the test, with a fresh profile,
// and reads axe-core from the vendored files.
func startBrowser(t *testing.T, base string) *browserJourney {
	t.Helper()
	j := &browserJourney{t: t, base: base, axeLogged: map[string]bool{}, phoneShots: map[string]bool{}}
	// axe-core sits beside htmx in the source but the app does not serve it.
	axe, err := os.ReadFile(filepath.Join("static", "vendor", "axe.min.js"))
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	j.axeJS = string(axe)

	if dir := os.Getenv("EOPS_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("screenshots folder: %v", err)
		}
		j.shots = dir
	} else if j.shots, err = os.MkdirTemp("", "eops-screens-"); err != nil {
		t.Fatalf("screenshots folder: %v", err)
	}
	t.Logf("screenshots go to %s", j.shots)

	profile := t.TempDir() // removed after the browser closes: cleanups run last first
	output := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		tctx, tcancel := context.WithTimeout(ctx, 10*time.Second)
		defer tcancel()
		_ = chromedp.Cancel(tctx)
		cancel()
		cancelAlloc()
		if t.Failed() {
			var lines []string
			for _, line := range strings.Split(output.String(), "\n") {
				if !strings.Contains(line, "dbus") { // no system bus in a container
					lines = append(lines, line)
				}
			}
			t.Logf("Chromium's output:\n%s", strings.Join(lines, "\n"))
		}
	})
	// The first run starts the browser and ties it to ctx, which has no
	// deadline: each step has its own.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	j.ctx = ctx
	return j
}

// lockedBuffer collects Chromium's output, which it writes from another
// goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// person is one person's tab, in a browser context of its own: its own
// cookie jar, so its own session.
type person struct {
	j    *browserJourney
	name string
	ctx  context.Context

	mu       sync.Mutex
	problems []string // console errors, uncaught exceptions, CSP violations
}

// cspReporter runs in every document before the page's own scripts, and
// writes each Content-Security-Policy violation to the console as an error,
// so that the test sees it even if the browser's own log says nothing.
const cspReporter = `document.addEventListener("securitypolicyviolation", e => {
	console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code") + " in " + e.sourceFile + ":" + e.lineNumber);
});`

// colourScheme is the colour scheme a person's browser prefers.
type colourScheme string

const (
	light colourScheme = "light"
	dark  colourScheme = "dark"
)

// newPerson opens a tab in a new browser context, with its own cookies, that
// reports CSP violations and prefers scheme.
func (j *browserJourney) newPerson(name string, scheme colourScheme) *person {
	j.t.Helper()
	p := &person{j: j, name: name}
	// chromedp enables the Runtime and Log domains of each new tab, so the
	// listener gets console calls, exceptions and the browser's log, where
	// Chromium reports CSP violations.
	ctx, cancel := chromedp.NewContext(j.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.listen))
	j.t.Cleanup(cancel)
	// The first run opens the tab and ties it to ctx, so it has no deadline.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspReporter}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: string(scheme)}},
		})
		return err
	}))
	if err != nil {
		j.t.Fatalf("%s: open a tab: %v", name, err)
	}
	p.ctx = ctx
	return p
}

// listen runs on chromedp's reading goroutine for each event of the tab: it
// only keeps what matters.
func (p *person) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.problem("console." + string(ev.Type) + ": " + argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		p.problem("uncaught exception: " + exceptionText(ev.ExceptionDetails))
	case *log.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == log.EntryLevelError {
			msg := fmt.Sprintf("browser log (%s): %s", e.Source, e.Text)
			if e.URL != "" {
				msg += " [" + e.URL + "]"
			}
			p.problem(msg)
		}
	}
}

func (p *person) problem(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, msg)
}

func (p *person) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// refused takes back the browser's log of a form the journey sends to be
// refused on purpose (422, at an address ending in suffix), which Chromium
// reports as a failed load: it is the answer wanted, not a fault. It
// fails the test when there was no such refusal.
func (p *person) refused(suffix string) {
	p.j.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.problems[:0]
	found := false
	for _, msg := range p.problems {
		if strings.Contains(msg, "status of 422") && strings.Contains(msg, suffix+"]") {
			found = true
			continue
		}
		kept = append(kept, msg)
	}
	p.problems = kept
	if !found {
		p.j.t.Errorf("%s's browser saw no refusal of %s", p.name, suffix)
	}
}

// assertQuiet fails the test for every console error, uncaught exception or
// CSP violation the person's tab reported.
func (p *person) assertQuiet() {
	p.j.t.Helper()
	for _, msg := range p.seen() {
		p.j.t.Errorf("%s's browser reported %s", p.name, msg)
	}
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a == nil:
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if err := json.Unmarshal(a.Value, &s); err == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg += " " + d.Exception.Description
	}
	if d.URL != "" {
		msg += fmt.Sprintf(" at %s:%d:%d", d.URL, d.LineNumber+1, d.ColumnNumber+1)
	}
	return msg
}

// do runs steps in the person's tab, failing the test with what was being
// done when one fails or takes longer than stepTimeout.
func (p *person) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.j.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.j.t.Fatalf("%s: %s: %v\n%s", p.name, what, err, p.whereAmI())
	}
}

// whereAmI describes the tab's page, to say why a step failed.
func (p *person) whereAmI() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 1500)`))
	if err != nil {
		return "(the page could not be read: " + err.Error() + ")"
	}
	return "the page was:\n" + text
}

// get runs an action that reads something in the person's tab.
func get[T any](p *person, what string, a chromedp.Action[T]) T {
	p.j.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.j.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	return v
}

// signUp creates an account through the form, then follows the link it
// e-mails, from the demo's mailbox page, and gives the password there,
// which signs the person in and leads to the home page.
func (p *person) signUp(email, name string) {
	p.j.t.Helper()
	p.do("open the sign-up page",
		chromedp.Navigate(p.j.base+"/signup"),
		chromedp.WaitVisible(chromedp.ID("full_name")),
	)
	p.look("sign-up page", "")
	p.do("create an account",
		chromedp.SendKeys(chromedp.ID("full_name"), name),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery staple"),
		chromedp.Click(button("Create the account"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Check your e-mail")),
	)
	p.look("check your e-mail", "")
	// The newest mail is first: the first link to this address is theirs.
	mine := "//article[p[starts-with(normalize-space(), " + xpathString("To "+email+",") + ")]]" + link("Follow the confirmation link")
	p.do("follow the link in the e-mail",
		chromedp.Navigate(p.j.base+"/demo/mail"),
		chromedp.WaitVisible(heading("The demo's e-mail")),
		chromedp.Click(mine, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Confirm your e-mail address")),
	)
	p.look("confirm your e-mail address", "")
	p.do("confirm with the password",
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery staple"),
		chromedp.Click(button("Confirm and sign in"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//h1[normalize-space()='What needs doing']`),
		chromedp.WaitVisible(button("Sign out "+name)),
	)
	p.look("home page, signed in", "")
}

// goHome opens the person's home page, on what needs doing.
func (p *person) goHome() {
	p.j.t.Helper()
	p.do("go home",
		chromedp.Navigate(p.j.base+"/"),
		chromedp.WaitVisible(`//h1[normalize-space()='What needs doing']`),
	)
}

// homeToDo is what the person's home page says needs doing: the
// navigation's link home, and each task as "words → link".
type homeToDo struct {
	Nav   string   `json:"nav"`
	Tasks []string `json:"tasks"`
}

// toDo goes home and reads what needs doing there.
func (p *person) toDo() homeToDo {
	p.j.t.Helper()
	p.goHome()
	return get(p, "read what needs doing", chromedp.Evaluate[homeToDo](`({
		nav: (document.querySelector('nav a[href="/"]') || {textContent: ""}).textContent.trim(),
		tasks: [...document.querySelectorAll("a.govuk-task-list__link")].map(a => a.textContent.trim() + " → " + a.getAttribute("href")),
	})`))
}

// taskWords are the tasks' words, without their links.
func taskWords(td homeToDo) []string {
	out := make([]string, 0, len(td.Tasks))
	for _, task := range td.Tasks {
		words, _, _ := strings.Cut(task, " → ")
		out = append(out, words)
	}
	return out
}

// openCentre goes home and follows the link to Riverside Academy's page.
func (p *person) openCentre() {
	p.j.t.Helper()
	p.do("open the centre page from home",
		chromedp.Navigate(p.j.base+"/"),
		chromedp.WaitVisible(`//h1[normalize-space()='What needs doing']`),
		chromedp.Click(link("Riverside Academy (12345)"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Riverside Academy")),
		// In the page; behind the tab of the requests waiting, if any.
		chromedp.WaitReady(chromedp.ID("members-heading")),
	)
	p.look("centre page", "")
}

// openEvesTracker follows the Tracker link in Eve Officer's row of the
// centre page.
func (p *person) openEvesTracker() {
	p.j.t.Helper()
	p.do("open Eve Officer's tracker",
		chromedp.Click(`//tr[td[contains(., 'exams@riverside.sch.uk')]]//a[normalize-space()='Tracker of Eve Officer']`, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Tracker: Eve Officer")),
		chromedp.WaitVisible(chromedp.ID("targets")),
	)
}

// openOwnTracker goes home and follows the link to the person's tracker.
func (p *person) openOwnTracker() {
	p.j.t.Helper()
	p.do("open the tracker from home",
		chromedp.Navigate(p.j.base+"/"),
		chromedp.Click(link("Your tracker"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Tracker: ")),
		chromedp.WaitVisible(chromedp.ID("targets")),
	)
	p.look("tracker", "")
}

// axeViolation is what the test keeps of one axe-core rule a page breaks.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

const axeRun = `(async () => {
	const r = await axe.run(document, {resultTypes: ["violations"]});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || "unknown", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), summary: n.failureSummary || ""})),
	}));
})()`

// phoneWidths are the widths, in CSS pixels, at which look sees every page
// state as a phone would: a common phone's, and the narrowest GOV.UK Frontend
// designs for.
var phoneWidths = []int64{390, 320}

// look runs axe-core on the page as it is now: a serious or critical
// violation fails the test; a moderate or minor one is logged, once. When
// shot is not "", it also saves a full-page screenshot under that name. Then
// it does the same at each of phoneWidths, where the page must also fit the
// screen, and saves a screenshot at each width (for a state with no name,
// the first time it sees where).
func (p *person) look(where, shot string) {
	p.j.t.Helper()
	p.checkAxe(where)
	if shot != "" {
		p.j.nShots++
		p.screenshot(where, fmt.Sprintf("%02d-%s.png", p.j.nShots, shot))
	}
	// A named state is saved on phones beside its wide screenshot; another
	// under a name of its own, the first time it is seen.
	name, first := shot, true
	if shot == "" {
		name, first = slug(where), !p.j.phoneShots[where]
		if first {
			p.j.nShots++
		}
	}
	p.j.phoneShots[where] = true
	n := p.j.nShots
	for _, w := range phoneWidths {
		p.asPhone(w, func() {
			at := fmt.Sprintf("%s, at %d px", where, w)
			p.checkFits(at, w)
			p.checkAxe(at)
			if first {
				p.screenshot(at, fmt.Sprintf("%02d-%s-%d.png", n, name, w))
			}
		})
	}
}

// checkAxe runs axe-core on the page as it is now: a serious or critical
// violation fails the test; a moderate or minor one is logged, once.
func (p *person) checkAxe(where string) {
	p.j.t.Helper()
	j := p.j
	for _, v := range p.axe(where) {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, n.Target)
		}
		switch v.Impact {
		case "serious", "critical":
			var details strings.Builder
			for _, n := range v.Nodes {
				fmt.Fprintf(&details, "\n    %s: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
			}
			j.t.Errorf("axe: %s, %s: %s (%s) on %d node(s):%s", p.name, where, v.ID, v.Impact, len(v.Nodes), details.String())
		default:
			key := v.ID + " " + strings.Join(targets, ", ")
			if !j.axeLogged[key] {
				j.axeLogged[key] = true
				j.axeMinor = append(j.axeMinor, fmt.Sprintf("axe (%s, not failing): %s, %s: %s: %s; nodes: %s", v.Impact, p.name, where, v.ID, v.Help, strings.Join(targets, ", ")))
			}
		}
	}
}

// screenshot saves a full-page screenshot of the page as it is now.
func (p *person) screenshot(where, file string) {
	p.j.t.Helper()
	png := get(p, "take a screenshot of "+where, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(p.j.shots, file), png, 0o644); err != nil {
		p.j.t.Errorf("save a screenshot: %v", err)
	}
}

// asPhone runs check with the tab emulating a phone width CSS pixels wide
// (a mobile viewport: the page's viewport meta tag applies, scroll bars
// overlay the page), then puts the tab back as it was.
func (p *person) asPhone(width int64, check func()) {
	p.j.t.Helper()
	p.do(fmt.Sprintf("emulate a phone %d px wide", width),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: true,
			})
			return err
		}),
		chromedp.Evaluate[chromedp.Void](afterLayout, chromedp.EvalAwaitPromise),
	)
	defer p.do("stop emulating a phone",
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}),
		chromedp.Evaluate[chromedp.Void](afterLayout, chromedp.EvalAwaitPromise),
	)
	check()
}

// afterLayout resolves once the browser has laid the page out again.
const afterLayout = `new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))`

// fit is how a page sits in the screen: the width of the page and of the
// screen, in CSS pixels, and what sticks out or scrolls sideways.
type fit struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	ClientWidth int      `json:"clientWidth"`
	Wide        []string `json:"wide"`
	Scrolling   []string `json:"scrolling"`
}

// measureFit measures the page against the screen: wide lists the first
// elements whose right edge is beyond the screen, and scrolling the boxes
// that scroll sideways inside the page (a table in a scrolling box would fit
// the page and still make the reader scroll sideways). The screen is the
// layout viewport (the root's clientWidth): a phone zooms out to show a page
// wider than it, and window.innerWidth grows with the page.
const measureFit = `(() => {
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
	const path = el => { const parts = []; for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e)); return parts.join(" > "); };
	const screen = document.documentElement.clientWidth, out = [], scrolling = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect(), x = getComputedStyle(el).overflowX;
		if (r.width > 0 && r.right > screen + 0.5) out.push([el, "right edge at " + Math.round(r.right) + " px"]);
		else if (x === "visible" && el.clientWidth > 1 && r.left + el.scrollWidth > screen + 0.5) out.push([el, "its content " + el.scrollWidth + " px wide"]);
		if ((x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth) scrolling.push(path(el) + " (" + el.scrollWidth + " px inside " + el.clientWidth + " px)");
	}
	// The innermost of what sticks out: its ancestors stick out because of it.
	const wide = out.filter(([el]) => !out.some(([o]) => o !== el && el.contains(o))).slice(0, 5).map(([el, why]) => path(el) + " (" + why + ")");
	return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: document.documentElement.clientWidth, wide, scrolling};
})()`

// checkFits fails the test when the page, as a phone width CSS pixels wide
// shows it, scrolls sideways, or holds a box that does.
func (p *person) checkFits(where string, width int64) {
	p.j.t.Helper()
	f := get(p, "measure "+where, chromedp.Evaluate[fit](measureFit))
	// A phone shows a page wider than the screen zoomed out, and
	// window.innerWidth is then the page's width: the screen's is the
	// layout viewport's, and both must be width.
	if f.ClientWidth != int(width) {
		p.j.t.Errorf("%s, %s: the screen is %d px wide, want %d", p.name, where, f.ClientWidth, width)
	}
	if f.ScrollWidth > f.InnerWidth || f.ScrollWidth > f.ClientWidth || f.InnerWidth != f.ClientWidth {
		p.j.t.Errorf("%s, %s: the page scrolls sideways: %d px wide on a screen of %d px (window %d px); sticking out: %s",
			p.name, where, f.ScrollWidth, f.ClientWidth, f.InnerWidth, strings.Join(f.Wide, "; "))
	}
	for _, s := range f.Scrolling {
		p.j.t.Errorf("%s, %s: a box scrolls sideways: %s", p.name, where, s)
	}
}

// tablesAsRead is the page's tables as Chromium's accessibility tree has
// them, for a screen reader: each table, row, column header and cell, in
// order, with its name.
func (p *person) tablesAsRead() []string {
	p.j.t.Helper()
	var read []string
	p.do("read the accessibility tree", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		tree, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			return err
		}
		for _, n := range tree.Nodes {
			if n.Ignored || n.Role == nil {
				continue
			}
			var role, name string
			if err := json.Unmarshal(n.Role.Value, &role); err != nil {
				return err
			}
			switch role {
			case "table", "row", "columnheader", "cell":
			default:
				continue
			}
			if n.Name != nil {
				if err := json.Unmarshal(n.Name.Value, &name); err != nil {
					return err
				}
			}
			read = append(read, role+": "+strings.TrimSpace(name))
		}
		return nil
	}))
	return read
}

// slug is where as a file name: lower case, words joined by hyphens.
func slug(where string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(where), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}), "-")
}

// axe runs axe-core on the page as it is now, injecting it first when the
// document does not have it yet. Runtime.evaluate runs as DevTools does, so
// the page's CSP does not apply; the document keeps axe across htmx swaps.
func (p *person) axe(where string) []axeViolation {
	p.j.t.Helper()
	loaded := get(p, "look for axe-core", chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`))
	if !loaded {
		p.do("inject axe-core", chromedp.Evaluate[chromedp.Void](p.j.axeJS))
	}
	return get(p, "run axe-core on "+where, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
}

// canary checks, in a tab of its own, that the listeners see a CSP violation
// and an uncaught exception, and that axe-core finds an input without a
// label, so that a quiet journey means something.
func (j *browserJourney) canary() {
	j.t.Helper()
	c := j.newPerson("canary", light)
	c.do("open a page and add an input without a label",
		chromedp.Navigate(j.base+"/verify"),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("main").append(document.createElement("input"))`),
	)
	found := false
	for _, v := range c.axe("a page with an unlabelled input") {
		found = found || v.ID == "label" && (v.Impact == "critical" || v.Impact == "serious")
	}
	if !found {
		j.t.Fatal("axe-core does not report an input without a label as serious or critical")
	}
	c.do("add a box wider than a phone, and one that scrolls sideways",
		chromedp.Evaluate[chromedp.Void](`(() => {
			const wide = document.createElement("div");
			wide.style.width = "500px";
			wide.textContent = "wide";
			const box = document.createElement("div");
			box.style.overflowX = "auto";
			const inner = document.createElement("div");
			inner.style.width = "300px";
			inner.textContent = "scrolls";
			box.style.width = "100px";
			box.append(inner);
			document.querySelector("main").append(wide, box);
		})()`),
	)
	c.asPhone(390, func() {
		f := get(c, "measure the page at 390 px", chromedp.Evaluate[fit](measureFit))
		if f.ClientWidth != 390 || f.ScrollWidth <= f.ClientWidth || len(f.Wide) == 0 || len(f.Scrolling) != 1 {
			j.t.Fatalf("the phone check does not see a page wider than the screen and a box that scrolls: %+v", f)
		}
	})
	c.do("break the page's rules",
		chromedp.Evaluate[chromedp.Void](`(() => {
			const s = document.createElement("script");
			s.textContent = "window.inlineRan = true";
			document.head.append(s);
			setTimeout(() => { throw new Error("canary exception") });
		})()`),
	)
	deadline := time.Now().Add(5 * time.Second)
	for {
		var csp, exception bool
		for _, m := range c.seen() {
			csp = csp || strings.Contains(m, "Content Security Policy") || strings.Contains(m, "CSP violation")
			exception = exception || strings.Contains(m, "canary exception")
		}
		if csp && exception {
			return
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("the console listener misses what it is meant to catch (CSP violation seen: %t, exception seen: %t); it saw %q", csp, exception, c.seen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// button is an XPath selector for a button by its text.
func button(text string) string {
	return "//button[normalize-space()=" + xpathString(text) + "]"
}

// link is an XPath selector for a link by its text.
func link(text string) string {
	return "//a[normalize-space()=" + xpathString(text) + "]"
}

// heading is an XPath selector for the page's h1 starting with text.
func heading(text string) string {
	return "//h1[starts-with(normalize-space(), " + xpathString(text) + ")]"
}

// targetsInState is an XPath selector that matches when at least n of the
// targets' cards are in state (its code, as the card's data-state has it).
func targetsInState(state string, n int) string {
	return fmt.Sprintf("(//section[@id='targets']//div[contains(@class, 'govuk-summary-card')][@data-state=%s])[%d]", xpathString(state), n)
}

// banner is an XPath selector for the success banner saying text (at its
// start).
func banner(text string) string {
	return "//div[contains(@class, 'govuk-notification-banner--success')]//*[starts-with(normalize-space(), " + xpathString(text) + ")]"
}

// reloadTracker reloads the page after a form, as a person might: it must
// be the tracker again, at its own address (never the form's), with no
// error.
func (p *person) reloadTracker(after string) {
	p.j.t.Helper()
	p.do("reload after "+after,
		chromedp.Reload(),
		chromedp.WaitVisible(heading("Tracker: ")),
		chromedp.WaitVisible(chromedp.ID("targets")),
	)
	loc := get(p, "read the address", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil || !regexp.MustCompile(`^/records/[^/]+$`).MatchString(u.Path) {
		p.j.t.Errorf("%s: after %s the address is %s, not the tracker's", p.name, after, loc)
	}
}

// areasText is the key areas' task list as it reads, one line per area.
func (p *person) areasText() string {
	p.j.t.Helper()
	return get(p, "read the key areas", chromedp.Evaluate[string](
		`[...document.querySelectorAll('#areas .govuk-task-list__item')].map(li => li.querySelector('.govuk-task-list__name-and-hint').innerText.replace(/\s+/g, ' ').trim() + " | " + li.querySelector('.govuk-task-list__status').innerText.trim()).join("\n")`))
}

// expectAreas checks key areas' statuses: each want is an area's name and
// its status, as "Key Skills: Completed".
func (p *person) expectAreas(when string, want ...string) {
	p.j.t.Helper()
	areas := p.areasText()
	for _, w := range want {
		area, status, _ := strings.Cut(w, ": ")
		found := false
		for _, line := range strings.Split(areas, "\n") {
			name, got, _ := strings.Cut(line, " | ")
			found = found || (strings.HasPrefix(name, area) && got == status)
		}
		if !found {
			p.j.t.Errorf("%s: with %s the key areas read %q, without %q", p.name, when, areas, w)
		}
	}
}

// areaLine is the key area's line of areasText.
func areaLine(areas, area string) string {
	for _, line := range strings.Split(areas, "\n") {
		if strings.HasPrefix(line, area) {
			return line
		}
	}
	return ""
}

// claimText is the tracker's claim box as it reads.
func (p *person) claimText() string {
	p.j.t.Helper()
	return get(p, "read the claim box", chromedp.Text(chromedp.ID("claim")))
}

// xpathString quotes s as an XPath 1.0 string literal, which has no escapes.
func xpathString(s string) string {
	switch {
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	case !strings.Contains(s, `"`):
		return `"` + s + `"`
	}
	parts := strings.Split(s, "'")
	for i, part := range parts {
		parts[i] = "'" + part + "'"
	}
	return "concat(" + strings.Join(parts, `, "'", `) + ")"
}

// trustOfThree puts Riverside and two sister centres, each with an exams
// officer, into one trust with a lead, through the library, and returns the
// centres as the dashboard names them.
func trustOfThree(t *testing.T, d *demo) []string {
	t.Helper()
	ctx := context.Background()
	ops := standards.Actor{Email: operatorEmail, Operator: true}
	lead := standards.Actor{Email: "lead@valley.org.uk"}
	trust, err := d.svc.CreateTrust(ctx, ops, "Valley Learning Trust")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.AppointTrustLead(ctx, ops, trust.ID, lead.Email, "Lou Lead"); err != nil {
		t.Fatal(err)
	}
	heads := []struct {
		head   standards.Actor
		number standards.CentreNumber
		name   string
	}{
		{standards.Actor{Email: "head@riverside.sch.uk"}, "12345", "Riverside Academy"},
		{standards.Actor{Email: "head@hillside.sch.uk"}, "54321", "Hillside College"},
		{standards.Actor{Email: "head@brookside.sch.uk"}, "67890", "Brookside School"},
	}
	var names []string
	for i, h := range heads {
		if i > 0 {
			reg, err := d.svc.RegisterCentre(ctx, h.head, standards.CentreRegistration{Year: 2025, CentreNumber: h.number, CentreName: h.name, FullName: "Head of " + h.name, Roles: standards.Roles{standards.RoleSL}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.svc.RegisterColleague(ctx, h.head, standards.Colleague{CentreID: reg.CentreID, Year: 2025, Email: "exams@" + strings.ToLower(strings.Fields(h.name)[0]) + ".sch.uk", FullName: "Exams Officer of " + h.name, Roles: standards.Roles{standards.RoleEO}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.svc.InviteCentre(ctx, lead, trust.ID, h.number); err != nil {
			t.Fatal(err)
		}
		listing, err := d.svc.FindCentre(ctx, h.head, h.number, 2025)
		if err != nil {
			t.Fatal(err)
		}
		requests, err := d.svc.TrustRequests(ctx, h.head, listing.ID)
		if err != nil || len(requests) != 1 {
			t.Fatalf("the trust's invitation to %s: %v", h.name, err)
		}
		if _, err := d.svc.AcceptTrustRequest(ctx, h.head, requests[0].ID); err != nil {
			t.Fatal(err)
		}
		names = append(names, h.name+" ("+string(h.number)+")")
	}
	slices.Sort(names)
	return names
}

// fetched is what the page got from a link: the answer's status, content
// type and the start of its body.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Body   string `json:"body"`
}

// fetchLink fetches the address of the link with that text from the page,
// as the person (with their cookies), as a download would.
func fetchLink(p *person, text string) fetched {
	p.j.t.Helper()
	quoted, err := json.Marshal(text)
	if err != nil {
		p.j.t.Fatal(err)
	}
	return get(p, "fetch "+text, chromedp.Evaluate[fetched](`(async () => {
		const a = [...document.querySelectorAll("a")].find(a => a.textContent.trim() === `+string(quoted)+`);
		if (!a) return {status: 0, type: "", body: "no such link on " + location.href};
		const r = await fetch(a.href);
		return {status: r.status, type: r.headers.get("content-type") || "", body: (await r.text()).slice(0, 4000)};
	})()`, chromedp.EvalAwaitPromise))
}

// recordOfEve is Eve's record, as her line manager finds it.
func recordOfEve(t *testing.T, d *demo) string {
	t.Helper()
	mine, err := d.svc.MyRegistrations(context.Background(), standards.Actor{Email: "exams@riverside.sch.uk"})
	if err != nil || len(mine) == 0 || mine[0].RecordID == "" {
		t.Fatalf("Eve's record: %v", err)
	}
	return mine[0].RecordID
}

// totpCode is what an authenticator app with secret shows at t.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatalf("two-factor code: %v", err)
	}
	return code
}
