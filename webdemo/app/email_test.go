package app_test

// Changing one's e-mail address (docs/security.md, "Changing the e-mail
// address"): asked for with the password, confirmed from the new
// address's mailbox, and carried into the library by Service.ChangeEmail,
// so the person keeps their history.

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// emailLink finds a link to confirm a new address in a mail.
var emailLink = regexp.MustCompile(`/account/security/email/confirm\?token=([A-Za-z0-9_-]{43})`)

// emailToken is the token of the newest link to confirm a new address
// mailed to email.
func (d *demo) emailToken(email string) string {
	d.t.Helper()
	mails := d.mail.to(email)
	require.NotEmpty(d.t, mails, "no mail to %s", email)
	m := emailLink.FindStringSubmatch(mails[len(mails)-1].body)
	require.NotNil(d.t, m, "the newest mail to %s has no link: %s", email, mails[len(mails)-1].body)
	return m[1]
}

// askForEmailChange posts the form, and checks it is answered with a
// redirect to the page that says to look in the mail.
func (b *browser) askForEmailChange(email, pw string) response {
	b.d.t.Helper()
	res := b.send(http.MethodPost, "/account/security/email", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
	require.Equal(b.d.t, http.StatusSeeOther, res.status, res.body)
	require.Equal(b.d.t, "/account/security/email/sent", res.header.Get("Location"))
	return res
}

// TestEmailChangeKeepsThePersonsHistory: a head of centre changes their
// address. Nothing changes until the link mailed to the new address is
// followed; then the library's person, found by the new address, is the
// same person with the same registration, the old address is nobody's,
// the old address is told, the session goes on, and sign-in takes the new
// address.
func TestEmailChangeKeepsThePersonsHistory(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	old := standards.Actor{Email: "head@riverside.sch.uk"}
	before, err := d.svc.Me(ctx, old)
	require.NoError(t, err)

	res := head.get("/account/security")
	assert.Contains(t, res.body, "You sign in with head@riverside.sch.uk")
	assert.Contains(t, res.body, `href="/account/security/email"`)
	res = head.get("/account/security/email")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Change your e-mail address")

	head.askForEmailChange("Sam.Senior@Riverside.sch.uk", thePassword)
	assert.Contains(t, head.get("/account/security/email/sent").body, "Check your e-mail")
	token := d.emailToken("sam.senior@riverside.sch.uk")
	phone := d.browser() // the new address's mailbox is read on another device
	res = phone.get("/account/security/email/confirm?token=" + token)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "head@riverside.sch.uk")
	assert.Contains(t, res.body, "sam.senior@riverside.sch.uk")
	assert.Equal(t, "no-referrer", res.header.Get("Referrer-Policy"))
	_, err = d.svc.Me(ctx, old)
	require.NoError(t, err, "looking at the link's page changes nothing")

	res = phone.send(http.MethodPost, "/account/security/email/confirm", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.Equal(t, "/account/security/email/changed", res.header.Get("Location"), "Post/Redirect/Get")
	assert.Contains(t, phone.get("/account/security/email/changed").body, "Your e-mail address has been changed")

	after, err := d.svc.Me(ctx, standards.Actor{Email: "sam.senior@riverside.sch.uk"})
	require.NoError(t, err)
	assert.Equal(t, before.ID, after.ID, "one person, found by the new address")
	mine, err := d.svc.MyRegistrations(ctx, standards.Actor{Email: "sam.senior@riverside.sch.uk"})
	require.NoError(t, err)
	require.Len(t, mine, 1, "the registration went with them")
	assert.Equal(t, "Riverside Academy", mine[0].Centre.Name)
	_, err = d.svc.Me(ctx, old)
	assert.ErrorIs(t, err, standards.ErrNotFound, "the old address is nobody's")

	notices := d.mail.to("head@riverside.sch.uk")
	require.NotEmpty(t, notices)
	assert.Contains(t, notices[len(notices)-1].body, "sam.senior@riverside.sch.uk", "the old address is told")

	res = head.get("/")
	assert.Contains(t, res.body, "Riverside Academy", "the session goes on, as the same person")
	assert.Contains(t, head.get("/account/security").body, "You sign in with sam.senior@riverside.sch.uk")
	res = d.browser().post("/signin", url.Values{"email": {"head@riverside.sch.uk"}, "password": {thePassword}})
	assert.Equal(t, http.StatusUnauthorized, res.status, "the old address signs nobody in")
	b := d.browser()
	res = b.post("/signin", url.Values{"email": {"sam.senior@riverside.sch.uk"}, "password": {thePassword}, "next": {"/"}})
	assert.Equal(t, "/", res.url)
	assert.Contains(t, res.body, "Riverside Academy")

	res = phone.post("/account/security/email/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusGone, res.status, "the link works once")
	assert.Contains(t, res.body, "This link has been used already")
}

// TestEmailChangeNeedsThePassword: a session left open is not enough.
func TestEmailChangeNeedsThePassword(t *testing.T) {
	d := newDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	sent := d.mail.count()
	res := b.post("/account/security/email", url.Values{"email": {"ada.king@riverside.sch.uk"}, "password": {"not my password"}})
	assert.Equal(t, http.StatusUnauthorized, res.status)
	assert.Contains(t, res.body, "govuk-error-summary")
	assert.Contains(t, res.body, `href="#password"`)
	assert.Contains(t, res.body, `value="ada.king@riverside.sch.uk"`, "the address typed is kept")
	res = b.post("/account/security/email", url.Values{"email": {"not an address"}, "password": {thePassword}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `href="#email"`)
	assert.Equal(t, sent, d.mail.count(), "nothing mailed")
	res = d.browser().send(http.MethodGet, "/account/security/email", "", nil)
	assert.Equal(t, http.StatusSeeOther, res.status, "signed out, the form sends to sign-in")
}

// TestEmailChangeToATakenAddress: an address another account has gets the
// same answer as any, and a mail to it saying it is in use; an address a
// person of the library has (registered by a colleague, with no account)
// is refused when the link is followed, with words that name nobody, and
// neither the account nor the person changes.
func TestEmailChangeToATakenAddress(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	mine, err := d.svc.MyRegistrations(ctx, standards.Actor{Email: "head@riverside.sch.uk"})
	require.NoError(t, err)
	_, err = d.svc.RegisterColleague(ctx, standards.Actor{Email: "head@riverside.sch.uk"}, standards.Colleague{CentreID: mine[0].Centre.ID, Year: 2025,
		Email: "bursar@riverside.sch.uk", FullName: "Lee Manager", Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)
	ada := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	// Ada is a person of the library too: she has asked to join.
	_, err = d.svc.RequestToJoin(ctx, standards.Actor{Email: "ada@riverside.sch.uk"}, standards.JoinRequest{Year: 2025, CentreNumber: "12345",
		FullName: "Ada Lovelace", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	ada.askForEmailChange("head@riverside.sch.uk", thePassword)
	taken := d.mail.to("head@riverside.sch.uk")
	assert.NotRegexp(t, emailLink, taken[len(taken)-1].body, "no link to an address another account has")
	assert.Contains(t, taken[len(taken)-1].body, "cannot become the address of another")

	ada.askForEmailChange("bursar@riverside.sch.uk", thePassword)
	res := d.browser().post("/account/security/email/confirm", url.Values{"token": {d.emailToken("bursar@riverside.sch.uk")}})
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Contains(t, res.body, "That e-mail address is in use already")
	assert.NotContains(t, res.body, "Lee Manager", "nobody is named")
	assert.NotContains(t, res.body, "Riverside Academy")
	assert.Contains(t, ada.get("/account/security").body, "You sign in with ada@riverside.sch.uk")
	lee, err := d.svc.FindPerson(ctx, standards.Actor{Email: operatorEmail, Operator: true}, "bursar@riverside.sch.uk")
	require.NoError(t, err)
	assert.Equal(t, "Lee Manager", lee.Name, "the colleague keeps their address")
	me, err := d.svc.Me(ctx, standards.Actor{Email: "ada@riverside.sch.uk"})
	require.NoError(t, err)
	assert.Equal(t, "Ada Lovelace", me.Name, "and Ada hers")
}

// TestEmailChangeToAnAddressTakenSincePutsTheLibraryBack: between the
// link being sent and followed, someone else's account takes the new
// address. The library's change, made first, is put back: the person is
// found by their old address still, with their registration, and the
// holder of the new address is told it is in use.
func TestEmailChangeToAnAddressTakenSincePutsTheLibraryBack(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	before, err := d.svc.Me(ctx, standards.Actor{Email: "head@riverside.sch.uk"})
	require.NoError(t, err)
	head.askForEmailChange("sam@riverside.sch.uk", thePassword)
	token := d.emailToken("sam@riverside.sch.uk")
	d.signUp("sam@riverside.sch.uk", "Sam Other") // an account, not yet a person of the library

	res := d.browser().post("/account/security/email/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Contains(t, res.body, "That e-mail address is in use already")
	after, err := d.svc.Me(ctx, standards.Actor{Email: "head@riverside.sch.uk"})
	require.NoError(t, err, "the person is found by the old address again")
	assert.Equal(t, before.ID, after.ID)
	mine, err := d.svc.MyRegistrations(ctx, standards.Actor{Email: "head@riverside.sch.uk"})
	require.NoError(t, err)
	assert.Len(t, mine, 1)
	assert.Contains(t, head.get("/").body, "Riverside Academy", "and the head goes on as before")
	assert.Contains(t, head.get("/account/security").body, "You sign in with head@riverside.sch.uk")
}
