package app_test

// Resetting a forgotten password (docs/security.md, "Password reset"):
// the same answer for every address, a link mailed to the address's
// owner that works once for an hour, the account signed out everywhere
// when the new password is set, and two-factor sign-in left on.

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/webdemo/accounts"
)

// resetLink finds a reset link's token in a mail.
var resetLink = regexp.MustCompile(`/signin/reset\?token=([A-Za-z0-9_-]{43})`)

const newPassword = "a brand new passphrase"

// resetToken is the token of the newest reset link mailed to email.
func (d *demo) resetToken(email string) string {
	d.t.Helper()
	mails := d.mail.to(email)
	require.NotEmpty(d.t, mails, "no mail to %s", email)
	m := resetLink.FindStringSubmatch(mails[len(mails)-1].body)
	require.NotNil(d.t, m, "the newest mail to %s has no reset link: %s", email, mails[len(mails)-1].body)
	return m[1]
}

// forgotten asks for a reset link for email, as anyone may, and checks it
// is answered with a redirect to the page that says to look in the mail.
func (d *demo) forgotten(email string) response {
	d.t.Helper()
	b := d.browser()
	res := b.send(http.MethodPost, "/signin/forgotten", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"email": {email}}.Encode()))
	require.Equal(d.t, http.StatusSeeOther, res.status, res.body)
	page := b.get(res.header.Get("Location"))
	require.Equal(d.t, http.StatusOK, page.status)
	res.body = page.body
	return res
}

// TestPasswordResetAnswersAlikeForEveryAddress: a confirmed account, an
// unconfirmed one and an address nobody has get the same redirect and the
// same page; only the mail differs, which the address's owner alone reads.
func TestPasswordResetAnswersAlikeForEveryAddress(t *testing.T) {
	d := newTwoFactorDemo(t)
	d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	res := d.browser().post("/signup", signUpForm("eve@riverside.sch.uk", "Eve Officer"))
	require.Equal(t, http.StatusOK, res.status)
	before := d.mail.count()

	known := d.forgotten("ada@riverside.sch.uk")
	unconfirmed := d.forgotten("eve@riverside.sch.uk")
	unknown := d.forgotten("nobody@riverside.sch.uk")
	for _, res := range []response{unconfirmed, unknown} {
		assert.Equal(t, known.header.Get("Location"), res.header.Get("Location"))
		assert.Equal(t, known.body, res.body, "the page says nothing of who has an account")
	}
	assert.Equal(t, "/signin/forgotten/sent", known.header.Get("Location"))
	assert.Contains(t, known.body, "Check your e-mail")

	assert.Equal(t, before+2, d.mail.count(), "a mail to each account, none to the address nobody has")
	assert.Empty(t, d.mail.to("nobody@riverside.sch.uk"))
	assert.NotEmpty(t, d.resetToken("ada@riverside.sch.uk"))
	eve := d.mail.to("eve@riverside.sch.uk")
	assert.NotRegexp(t, resetLink, eve[len(eve)-1].body, "an unconfirmed account has no password to reset")
	assert.Contains(t, eve[len(eve)-1].body, "/signup", "but is told how to choose one")
}

// TestPasswordResetEndsEverySession: the person is signed in on two
// devices, and resets the password from a third. Both are signed out; the
// old password no longer works, the new one does; the link works once.
func TestPasswordResetEndsEverySession(t *testing.T) {
	d := newTwoFactorDemo(t)
	laptop := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	phone, res := d.signInPassword("ada@riverside.sch.uk", "/")
	require.Equal(t, "/", res.url)
	require.True(t, laptop.signedIn())
	require.True(t, phone.signedIn())

	d.forgotten("Ada@Riverside.sch.uk")
	token := d.resetToken("ada@riverside.sch.uk")
	other := d.browser()
	res = other.get("/signin/reset?token=" + token)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Choose a new password")
	assert.Contains(t, res.body, "ada@riverside.sch.uk")
	assert.Equal(t, "no-referrer", res.header.Get("Referrer-Policy"), "the token stays out of the Referer")
	require.True(t, laptop.signedIn(), "looking at the link's page changes nothing")

	res = other.send(http.MethodPost, "/signin/reset", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"token": {token}, "password": {newPassword}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.Equal(t, "/signin?reset=done", res.header.Get("Location"), "Post/Redirect/Get")
	res = other.get("/signin?reset=done")
	assert.Contains(t, res.body, "Your password has been changed")
	assert.Contains(t, res.body, "govuk-notification-banner--success")

	assert.False(t, laptop.signedIn(), "the laptop is signed out")
	assert.False(t, phone.signedIn(), "and the phone")
	_, res = d.signInPassword("ada@riverside.sch.uk", "/")
	assert.Equal(t, http.StatusUnauthorized, res.status, "the old password no longer works")
	b := d.browser()
	res = b.post("/signin", url.Values{"email": {"ada@riverside.sch.uk"}, "password": {newPassword}, "next": {"/"}})
	assert.Equal(t, "/", res.url, "the new one does")
	assert.True(t, b.signedIn())

	res = other.get("/signin/reset?token=" + token)
	assert.Equal(t, http.StatusGone, res.status)
	assert.Contains(t, res.body, "This link has been used already")
	res = other.post("/signin/reset", url.Values{"token": {token}, "password": {"yet another passphrase"}})
	assert.Equal(t, http.StatusGone, res.status, "and cannot be used again")
	assert.True(t, b.signedIn(), "the second try changed nothing")
}

// TestPasswordResetLinkExpiresAfterAnHour: a minute short of the hour the
// link works; at the hour its page says it expired and offers a new one,
// the address filled in.
func TestPasswordResetLinkExpiresAfterAnHour(t *testing.T) {
	d := newTwoFactorDemo(t)
	d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	d.forgotten("ada@riverside.sch.uk")
	token := d.resetToken("ada@riverside.sch.uk")
	d.now = d.now.Add(accounts.ResetLifetime - time.Minute)
	b := d.browser()
	require.Equal(t, http.StatusOK, b.get("/signin/reset?token="+token).status)
	d.now = d.now.Add(time.Minute)
	res := b.post("/signin/reset", url.Values{"token": {token}, "password": {newPassword}})
	assert.Equal(t, http.StatusGone, res.status)
	assert.Contains(t, res.body, "This link has expired")
	assert.Contains(t, res.body, `value="ada@riverside.sch.uk"`, "the form to ask again has the address")
	assert.Contains(t, res.body, `action="/signin/forgotten"`)
	_, res = d.signInPassword("ada@riverside.sch.uk", "/")
	assert.Equal(t, "/", res.url, "the password is as it was")
}

// TestPasswordResetProblems: a short password is refused beside its field
// and leaves the link unused; a link that is not one says so.
func TestPasswordResetProblems(t *testing.T) {
	d := newTwoFactorDemo(t)
	d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	d.forgotten("ada@riverside.sch.uk")
	token := d.resetToken("ada@riverside.sch.uk")
	b := d.browser()
	res := b.post("/signin/reset", url.Values{"token": {token}, "password": {"short"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "govuk-error-summary")
	assert.Contains(t, res.body, `href="#password"`, "the summary links to the field")
	assert.Contains(t, res.body, "govuk-error-message")
	assert.Contains(t, res.body, `name="token" value="`+token+`"`, "the form keeps the link's token")
	res = b.post("/signin/reset", url.Values{"token": {token}, "password": {"ada@riverside.sch.uk"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status, "nor the address itself")
	res = b.post("/signin/reset", url.Values{"token": {token}, "password": {newPassword}})
	assert.Equal(t, "/signin", res.url, "the link was still unused")

	res = b.get("/signin/reset?token=" + strings.Repeat("A", 43))
	assert.Equal(t, http.StatusNotFound, res.status)
	assert.Contains(t, res.body, "This link does not work")
	res = b.post("/signin/forgotten", url.Values{"email": {"not an address"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `href="#email"`)
}

// TestPasswordResetThrottledAlike: the sixth request within the hour is
// refused for an address with an account and for one without, with the
// same words, so the throttle says nothing of who has one.
func TestPasswordResetThrottledAlike(t *testing.T) {
	d := newTwoFactorDemo(t)
	d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	var refusals []string
	for _, email := range []string{"ada@riverside.sch.uk", "nobody@riverside.sch.uk"} {
		for range 4 { // sign-up sent Ada one already; the budget is shared
			d.forgotten(email)
		}
		if email != "ada@riverside.sch.uk" {
			d.forgotten(email)
		}
		res := d.browser().post("/signin/forgotten", url.Values{"email": {email}})
		assert.Equal(t, http.StatusTooManyRequests, res.status, email)
		assert.Contains(t, res.body, "Too many e-mails")
		refusals = append(refusals, strings.ReplaceAll(res.body, email, ""))
	}
	assert.Equal(t, refusals[0], refusals[1])
}

// TestPasswordResetKeepsTwoFactor: after a reset, signing in still asks
// for the code.
func TestPasswordResetKeepsTwoFactor(t *testing.T) {
	d, secret, _ := enrolledDemo(t)
	d.forgotten("ada@riverside.sch.uk")
	b := d.browser()
	res := b.post("/signin/reset", url.Values{"token": {d.resetToken("ada@riverside.sch.uk")}, "password": {newPassword}})
	require.Equal(t, "/signin", res.url, res.body)
	res = b.post("/signin", url.Values{"email": {"ada@riverside.sch.uk"}, "password": {newPassword}, "next": {"/"}})
	assert.Equal(t, "/signin/code", res.url, "the new password alone is not enough")
	assert.False(t, b.signedIn())
	res = b.post("/signin/code", url.Values{"code": {d.code(secret)}, "next": {"/"}})
	assert.Equal(t, "/", res.url)
	assert.True(t, b.signedIn())
}

// TestPasswordResetLeavesAnotherAccountsSessionAlone: a colleague follows
// Ada's link in a browser signed in as themselves; they stay signed in.
func TestPasswordResetLeavesAnotherAccountsSessionAlone(t *testing.T) {
	d := newTwoFactorDemo(t)
	d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	colleague := d.signUp("eve@riverside.sch.uk", "Eve Officer")
	d.forgotten("ada@riverside.sch.uk")
	res := colleague.send(http.MethodPost, "/signin/reset", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"token": {d.resetToken("ada@riverside.sch.uk")}, "password": {newPassword}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.Empty(t, res.header.Values("Set-Cookie"))
	assert.True(t, colleague.signedIn())
}
