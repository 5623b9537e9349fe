package app_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/eops/eops/webdemo/app"
)

// TestBrowserAccountRecovery walks a password reset, then a change of
// address, in Chromium, as the demo has them without a mail server: Ada
// is signed in on her laptop, forgets her password on another device, asks
// for a link from the sign-in page, follows it from the demo's mailbox
// page, and sets a new password. The address bar never holds a POST's
// address (a reload shows the page again), the laptop is signed out, and
// the new password signs in. Then she changes her address from the
// account security page, confirming it from the new address's mail. Every
// page is checked with axe-core and at 390 px for sideways scrolling, with
// screenshots at 1280 and 390 px.
func TestBrowserAccountRecovery(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("this test drives Chromium at %s, which is missing (%v): install it with `apt-get update && apt-get install -y chromium`", chromiumPath, err)
	}
	d := newDemo(t, app.WithDemoMailbox())
	j := startBrowser(t, d.srv.URL)
	j.canary()

	laptop := j.newPerson("Ada's laptop", light)
	laptop.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	phone := j.newPerson("Ada's phone", dark)

	phone.do("open sign-in and follow 'Forgotten your password?'",
		chromedp.Navigate(j.base+"/signin"),
		chromedp.WaitVisible(heading("Sign in")),
		chromedp.Click(link("Forgotten your password?"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Reset your password")),
	)
	phone.resetLook("reset: asking for the link", "reset-forgotten")
	phone.do("send the form empty",
		chromedp.Click(button("Send the link"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//div[contains(@class,'govuk-error-summary')]//a[@href='#email']`),
		chromedp.WaitVisible(`//p[contains(@class,'govuk-error-message')]`),
	)
	phone.resetLook("reset: no address given", "reset-forgotten-error")
	phone.do("ask for the link",
		chromedp.SendKeys(chromedp.ID("email"), "ada@riverside.sch.uk"),
		chromedp.Click(button("Send the link"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Check your e-mail")),
	)
	phone.assertAt("/signin/forgotten/sent")
	phone.resetLook("reset: check your e-mail", "reset-sent")

	mine := "//article[p[starts-with(normalize-space(), " + xpathString("To ada@riverside.sch.uk,") + ")]]" + link("Follow the link to reset the password")
	phone.do("follow the link in the e-mail",
		chromedp.Navigate(j.base+"/demo/mail"),
		chromedp.WaitVisible(heading("The demo's e-mail")),
		chromedp.Click(mine, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Choose a new password")),
	)
	phone.resetLook("reset: choose a new password", "reset-new-password")
	phone.do("try a password that is too short",
		chromedp.SendKeys(chromedp.ID("password"), "short"),
		chromedp.Click(button("Set the new password"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//div[contains(@class,'govuk-error-summary')]//a[@href='#password']`),
	)
	phone.resetLook("reset: password too short", "reset-new-password-error")
	phone.do("set the new password",
		chromedp.Clear(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("password"), "a brand new passphrase"),
		chromedp.Click(button("Set the new password"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//div[contains(@class,'govuk-notification-banner--success')]//h3[normalize-space()='Your password has been changed']`),
		chromedp.WaitVisible(heading("Sign in")),
	)
	phone.assertAt("/signin?reset=done")
	phone.resetLook("sign-in after the reset", "reset-done")
	phone.do("reload: the page again, never the POST",
		chromedp.Reload(),
		chromedp.WaitVisible(`//h3[normalize-space()='Your password has been changed']`),
	)

	laptop.do("the laptop is signed out",
		chromedp.Navigate(j.base+"/"),
		chromedp.WaitVisible(`//a[normalize-space()='Sign in']`),
		chromedp.WaitNotPresent(button("Sign out Ada Lovelace")),
	)
	phone.do("sign in with the new password",
		chromedp.SendKeys(chromedp.ID("email"), "ada@riverside.sch.uk"),
		chromedp.SendKeys(chromedp.ID("password"), "a brand new passphrase"),
		chromedp.Click(button("Sign in"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//h1[normalize-space()='What needs doing']`),
		chromedp.WaitVisible(button("Sign out Ada Lovelace")),
	)

	phone.do("follow the used link again",
		chromedp.Navigate(j.base+"/demo/mail"),
		chromedp.Click(mine, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("This link has been used already")),
	)
	phone.resetLook("reset: the link used already", "reset-link-used")

	phone.do("open account security and follow 'Change your e-mail address'",
		chromedp.Navigate(j.base+"/account/security"),
		chromedp.WaitVisible(heading("Account security")),
		chromedp.Click(link("Change your e-mail address"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Change your e-mail address")),
	)
	phone.resetLook("change of address: the form", "email-form")
	phone.do("ask with a wrong password",
		chromedp.SendKeys(chromedp.ID("email"), "ada.king@riverside.sch.uk"),
		chromedp.SendKeys(chromedp.ID("password"), "not my password"),
		chromedp.Click(button("Send the link"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//div[contains(@class,'govuk-error-summary')]//a[@href='#password']`),
	)
	phone.resetLook("change of address: wrong password", "email-form-error")
	phone.do("ask with the password",
		chromedp.SendKeys(chromedp.ID("password"), "a brand new passphrase"),
		chromedp.Click(button("Send the link"), chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Check your e-mail")),
	)
	phone.assertAt("/account/security/email/sent")
	newMail := "//article[p[starts-with(normalize-space(), " + xpathString("To ada.king@riverside.sch.uk,") + ")]]" + link("Follow the link to confirm the new address")
	phone.do("follow the link in the new address's e-mail",
		chromedp.Navigate(j.base+"/demo/mail"),
		chromedp.Click(newMail, chromedp.NodeVisible),
		chromedp.WaitVisible(heading("Confirm your new e-mail address")),
	)
	phone.resetLook("change of address: confirm", "email-confirm")
	phone.do("confirm",
		chromedp.Click(button("Change my e-mail address"), chromedp.NodeVisible),
		chromedp.WaitVisible(`//h1[normalize-space()='Your e-mail address has been changed']`),
	)
	phone.assertAt("/account/security/email/changed")
	phone.resetLook("change of address: done", "email-changed")
	phone.do("the security page shows the new address",
		chromedp.Navigate(j.base+"/account/security"),
		chromedp.WaitVisible(`//p[starts-with(normalize-space(), 'You sign in with ada.king@riverside.sch.uk')]`),
	)

	laptop.assertQuiet()
	// The refused forms and the used link answer 422 and 410 on purpose,
	// which Chromium logs as resources that failed to load; nothing else
	// may be in the log.
	expected := []string{"status of 422 (Unprocessable Entity) [" + j.base + "/signin/forgotten]",
		"status of 422 (Unprocessable Entity) [" + j.base + "/signin/reset]",
		"status of 410 (Gone) [" + j.base + "/signin/reset?token=",
		"status of 401 (Unauthorized) [" + j.base + "/account/security/email]"}
	for _, msg := range phone.seen() {
		if !slices.ContainsFunc(expected, func(e string) bool {
			return strings.HasPrefix(msg, "browser log (network): Failed to load resource: the server responded with a ") &&
				strings.Contains(msg, e)
		}) {
			t.Errorf("%s's browser reported %s", phone.name, msg)
		}
	}
	t.Logf("screenshots are in %s", j.shots)
}

// assertAt checks the address bar holds path (and its query): after a
// form, the page it was redirected to, never the POST's address.
func (p *person) assertAt(path string) {
	p.j.t.Helper()
	href := get(p, "read the address", chromedp.Evaluate[string](`location.pathname + location.search`))
	if href != path {
		p.j.t.Errorf("%s: the address bar holds %s, not %s", p.name, href, path)
	}
}

// resetLook checks the page with axe-core at 1280 px, then at 390 px,
// where nothing may scroll sideways, with a screenshot named shot at each
// width; and goes back to 1280 px.
func (p *person) resetLook(where, shot string) {
	p.j.t.Helper()
	p.look(where, shot+"-1280")
	width := func(w int64, mobile bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: w, Height: 900, DeviceScaleFactor: 1, Mobile: mobile})
			return err
		})
	}
	p.do("narrow the window to 390 px", width(390, true))
	defer p.do("widen the window again", width(1280, false))
	scroll := get(p, "measure the page's width", chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`))
	if scroll > 390 {
		p.j.t.Errorf("%s, %s: the page is %d px wide at 390 px: it scrolls sideways", p.name, where, scroll)
	}
	p.look(where+" at 390 px", shot+"-390")
}
