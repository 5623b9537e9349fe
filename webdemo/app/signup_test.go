package app_test

// Sign-up proves the address before the account acts (R-PER-4; issue 18,
// items 3 and 10; docs/security.md, "Sign-up"). Each test runs the real
// router on the memory store, with browsers that keep cookies, and reads
// the mail the app sent from the test's inbox, as the address's owner
// would read their own.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

const thePassword = "correct horse battery staple"

// signUpForm is the sign-up form for an address.
func signUpForm(email, name string) url.Values {
	return url.Values{"email": {email}, "full_name": {name}, "password": {thePassword}}
}

// TestRPER4UnconfirmedAccountCannotAct: a person who has signed up, and
// not followed the link, is nobody to the app. The sign-up leaves no
// session; the right password at sign-in gets "confirm your address
// first", and no session either; every page that needs a person sends
// them to sign in, and nothing they post changes anything. Following the
// link from the mail (the control) signs them in.
func TestRPER4UnconfirmedAccountCannotAct(t *testing.T) {
	d := newDemo(t)
	b := d.browser()
	res := b.send(http.MethodPost, "/signup", "application/x-www-form-urlencoded", strings.NewReader(signUpForm("eo@riverside.sch.uk", "Eve Officer").Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.Equal(t, "/signup/sent", res.header.Get("Location"))
	assert.Empty(t, sessionCookie(res), "signing up starts no session")

	res = b.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {"eo@riverside.sch.uk"}, "password": {thePassword}}.Encode()))
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.Contains(t, res.body, "Confirm your e-mail address first")
	assert.Contains(t, res.body, `href="/signup/resend"`, "and an offer to send the link again")
	assert.Empty(t, sessionCookie(res), "the right password of an unconfirmed account starts no session")
	// A wrong password says what it says to anyone: nothing of the account.
	res = b.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {"eo@riverside.sch.uk"}, "password": {"wrong horse battery staple"}}.Encode()))
	assert.Equal(t, http.StatusUnauthorized, res.status)
	assert.NotContains(t, res.body, "Confirm your e-mail address")

	assert.False(t, b.signedIn())
	assert.NotContains(t, b.get("/").body, "Sign out", "the home page is the signed-out one")
	for _, page := range []string{"/notifications", "/account/security"} {
		res := b.send(http.MethodGet, page, "", nil)
		assert.Equal(t, http.StatusSeeOther, res.status, page)
		assert.True(t, strings.HasPrefix(res.header.Get("Location"), "/signin"), "%s sends to sign-in: %s", page, res.header.Get("Location"))
	}
	res = b.send(http.MethodPost, "/centres", "application/x-www-form-urlencoded", strings.NewReader(registerForm("12345", "Riverside Academy", "Eve Officer", "SL").Encode()))
	assert.Equal(t, http.StatusSeeOther, res.status)
	assert.True(t, strings.HasPrefix(res.header.Get("Location"), "/signin"), res.header.Get("Location"))
	mine, err := d.svc.MyRegistrations(context.Background(), standards.Actor{Email: "eo@riverside.sch.uk"})
	require.NoError(t, err)
	assert.Empty(t, mine, "the unconfirmed account registered nothing")

	// The control: the link from the mail, with the password, signs in.
	b.confirm(d.token("eo@riverside.sch.uk"))
	assert.True(t, b.signedIn())
}

// TestAttackSignUpAsAPreRegisteredColleagueGetsNoPlace: a head registers a
// colleague by e-mail address, as the line manager who oversees an exams
// officer, and keeps a private note on the officer's record. Someone else
// signs up with the colleague's address: they get no session, see neither
// the centre nor the note, and the place stays the colleague's (R-PER-4).
// Only the link mailed to the address, followed by its owner, gives the
// place; and the attacker's password then signs nobody in.
func TestAttackSignUpAsAPreRegisteredColleagueGetsNoPlace(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	mine, err := d.svc.MyRegistrations(ctx, head.a)
	require.NoError(t, err)
	centreID := mine[0].Centre.ID
	colleague := func(email, name string, role standards.Role) standards.Registration {
		reg, err := d.svc.RegisterColleague(ctx, head.a, standards.Colleague{CentreID: centreID, Year: 2025, Email: email, FullName: name, Roles: standards.Roles{role}})
		require.NoError(t, err)
		return reg
	}
	lmReg := colleague("bursar@riverside.sch.uk", "Lee Manager", standards.RoleLM)
	eoReg := colleague("exams@riverside.sch.uk", "Eve Officer", standards.RoleEO)
	for _, overseer := range []string{lmReg.ID, mine[0].Registration.ID} {
		_, err = d.svc.AssignOverseer(ctx, head.a, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: overseer})
		require.NoError(t, err)
	}
	record := d.member(head.a, centreID, "exams@riverside.sch.uk").RecordID
	_, err = d.svc.AddPrivateNote(ctx, head.a, record, "Private: finds the entries deadline hard")
	require.NoError(t, err)

	attacker := d.browser()
	res := attacker.post("/signup", signUpForm("Bursar@Riverside.sch.uk", "Mallory"))
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Check your e-mail")
	assert.False(t, attacker.signedIn(), "the attacker is not signed in")
	res = attacker.post("/signin", url.Values{"email": {"bursar@riverside.sch.uk"}, "password": {thePassword}})
	assert.Equal(t, http.StatusForbidden, res.status, "nor can they sign in with the password they chose")
	for _, page := range []string{"/", "/centres/" + centreID + "/2025-26", "/records/" + record} {
		res := attacker.get(page)
		assert.NotContains(t, res.body, "finds the entries deadline hard", page)
		assert.NotContains(t, res.body, "Riverside Academy", page)
		if page != "/" { // the home page, signed out, is the welcome page
			assert.Equal(t, "/signin", res.url, "%s sends the attacker to sign in", page)
		}
	}
	// The colleague's place is as the head left it: the attacker's name
	// has not replaced theirs (R-PER-3 applies to people who act).
	lm := d.member(head.a, centreID, "bursar@riverside.sch.uk")
	assert.Equal(t, standards.RegistrationApproved, lm.Registration.Status)
	assert.Equal(t, "Lee Manager", lm.Person.Name)

	// The colleague signs up themselves, and follows the link from their
	// own mailbox with their own password: the place is theirs, note and
	// all.
	owner := d.browser()
	res = owner.post("/signup", url.Values{"email": {"bursar@riverside.sch.uk"}, "full_name": {"Lee Manager"}, "password": {"the bursar's own passphrase"}})
	require.Equal(t, http.StatusOK, res.status)
	mails := d.mail.to("bursar@riverside.sch.uk")
	require.Len(t, mails, 2, "a link for each sign-up, both to the colleague's own mailbox")
	token := confirmLink.FindStringSubmatch(mails[1].body)[1]
	res = owner.post("/signup/confirm", url.Values{"token": {confirmLink.FindStringSubmatch(mails[0].body)[1]}, "password": {"the bursar's own passphrase"}})
	assert.Equal(t, http.StatusUnauthorized, res.status, "the attacker's link, even followed by the owner, wants the attacker's password")
	res = owner.post("/signup/confirm", url.Values{"token": {token}, "password": {"the bursar's own passphrase"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, owner.get("/records/"+record).body, "finds the entries deadline hard", "the colleague, signed in, reads the note")

	res = d.browser().post("/signin", url.Values{"email": {"bursar@riverside.sch.uk"}, "password": {thePassword}})
	assert.Equal(t, http.StatusUnauthorized, res.status, "the attacker's password signs nobody in")
	assert.False(t, attacker.signedIn())
}

// TestAttackSignUpAsTheOperatorInAnotherCaseGetsNoOperatorPages: the
// operator's address, in other letters' case, is the operator's address
// (R-PER-1): signing up with it does not give the operator's pages to
// whoever typed it, until the link sent to the operator's mailbox is
// followed. The operator, following it, has them.
func TestAttackSignUpAsTheOperatorInAnotherCaseGetsNoOperatorPages(t *testing.T) {
	// The operator is configured in capitals too, as a host might write it.
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	d.svc = standards.New(memory.New(), standards.WithClock(func() time.Time { return d.now }))
	d.srv = newServer(t, d, app.WithAccounts(accounts.New(accounts.NewMemoryStore()), "OPS@NAEO.org.uk"))

	attacker := d.browser()
	res := attacker.post("/signup", signUpForm("Ops@Naeo.Org.Uk", "Mallory"))
	require.Equal(t, http.StatusOK, res.status)
	res = attacker.post("/signin", url.Values{"email": {"ops@naeo.org.uk"}, "password": {thePassword}})
	assert.Equal(t, http.StatusForbidden, res.status)
	operatorPages := func(b *browser) (people, national response) {
		return b.get("/people"), b.get("/national")
	}
	people, national := operatorPages(attacker)
	assert.Equal(t, http.StatusNotFound, people.status, "the operator's personal-data page is not the attacker's")
	assert.Equal(t, "/signin", national.url, "nor the national figures: the attacker is sent to sign in")
	assert.NotContains(t, attacker.get("/").body, `href="/people"`)

	mails := d.mail.to("ops@naeo.org.uk")
	require.Len(t, mails, 1, "the link went to the operator's own address, normalised")
	op := d.browser()
	op.confirm(confirmLink.FindStringSubmatch(mails[0].body)[1])
	assert.Contains(t, op.get("/").body, `href="/people"`, "the operator, who holds the mailbox, has the operator's pages")
	people, national = operatorPages(op)
	assert.Equal(t, http.StatusOK, people.status)
	assert.Equal(t, http.StatusOK, national.status)
	assert.Equal(t, "/national/2025-26", national.url)
}

// newServer starts the app for d with opts, its mail going to d's inbox.
func newServer(t *testing.T, d *demo, opts ...app.Option) *httptest.Server {
	t.Helper()
	clock := func() time.Time { return d.now }
	srv := httptest.NewServer(app.New(d.svc, append([]app.Option{app.WithClock(clock), app.WithTwoFactorForAdmins(false), app.WithMailer(d.mail), app.WithBackground(d.mail.later)}, opts...)...))
	t.Cleanup(srv.Close)
	return srv
}

// TestAttackSignUpDoesNotTellWhoHasAnAccount: signing up with an address
// that has an account answers exactly as with a new one: the same status,
// the same redirect, the same page; and takes about as long (the password
// is hashed either way). Only the mail differs: to the address with an
// account it says so, offering sign-in, with no link.
func TestAttackSignUpDoesNotTellWhoHasAnAccount(t *testing.T) {
	d := newDemo(t)
	d.signUp("head@riverside.sch.uk", "Sam Senior")
	before := len(d.mail.to("head@riverside.sch.uk"))

	answer := func(email string) (response, response) {
		b := d.browser()
		first := b.send(http.MethodPost, "/signup", "application/x-www-form-urlencoded", strings.NewReader(signUpForm(email, "Sam").Encode()))
		page := b.get(first.header.Get("Location"))
		return first, page
	}
	existingFirst, existingPage := answer("Head@Riverside.sch.uk")
	newFirst, newPage := answer("someone.new@riverside.sch.uk")
	assert.Equal(t, newFirst.status, existingFirst.status)
	assert.Equal(t, http.StatusSeeOther, existingFirst.status)
	assert.Equal(t, newFirst.header.Get("Location"), existingFirst.header.Get("Location"))
	assert.Equal(t, newFirst.body, existingFirst.body)
	assert.Empty(t, existingFirst.header.Values("Set-Cookie"))
	assert.Empty(t, newFirst.header.Values("Set-Cookie"))
	assert.Equal(t, newPage.status, existingPage.status)
	assert.Equal(t, newPage.body, existingPage.body, "the same page, byte for byte")
	assert.Contains(t, existingPage.body, "Check your e-mail")
	assert.NotContains(t, existingPage.body, "exists")

	mails := d.mail.to("head@riverside.sch.uk")
	require.Len(t, mails, before+1)
	assert.Equal(t, "You already have an account", mails[before].subject)
	assert.Contains(t, mails[before].body, "You already have an account with this address")
	assert.Contains(t, mails[before].body, "/signin")
	assert.NotRegexp(t, confirmLink, mails[before].body, "no link: the account is confirmed already")
	fresh := d.mail.to("someone.new@riverside.sch.uk")
	require.Len(t, fresh, 1)
	assert.Equal(t, "Confirm your e-mail address", fresh[0].subject)
	assert.Regexp(t, confirmLink, fresh[0].body)

	// The resend form answers alike too, for an address with an account,
	// one waiting, and one with none; only the first two get mail.
	var pages []string
	for _, email := range []string{"head@riverside.sch.uk", "someone.new@riverside.sch.uk", "nobody@riverside.sch.uk"} {
		res := d.browser().post("/signup/resend", url.Values{"email": {email}})
		require.Equal(t, http.StatusOK, res.status)
		assert.Equal(t, "/signup/sent", res.url)
		pages = append(pages, res.body)
	}
	assert.Equal(t, pages[0], pages[1])
	assert.Equal(t, pages[0], pages[2])
	assert.Len(t, d.mail.to("head@riverside.sch.uk"), before+2)
	assert.Len(t, d.mail.to("someone.new@riverside.sch.uk"), 2)
	assert.Empty(t, d.mail.to("nobody@riverside.sch.uk"))
}

// TestConfirmLinkWorksOnceAndExpires: through the pages, a link confirms
// once; its second use says so (410) and offers sign-in; after 24 hours it
// says it has expired (410) and offers to send a new one, to the address,
// which works.
func TestConfirmLinkWorksOnceAndExpires(t *testing.T) {
	t.Run("SingleUse", func(t *testing.T) {
		d := newDemo(t)
		d.signUp("eo@riverside.sch.uk", "Eve Officer")
		token := d.token("eo@riverside.sch.uk")
		again := d.browser()
		res := again.get("/signup/confirm?token=" + token)
		assert.Equal(t, http.StatusGone, res.status)
		assert.Contains(t, res.body, "This link has been used already")
		assert.Contains(t, res.body, `href="/signin"`)
		res = again.send(http.MethodPost, "/signup/confirm", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"token": {token}, "password": {thePassword}}.Encode()))
		assert.Equal(t, http.StatusGone, res.status)
		assert.Empty(t, sessionCookie(res), "a second use signs nobody in")
		assert.False(t, again.signedIn())
	})

	t.Run("Expired", func(t *testing.T) {
		// The accounts on a clock the test moves.
		var now = time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
		d := &demo{t: t, now: now, mail: &inbox{}}
		d.svc = standards.New(memory.New(), standards.WithClock(func() time.Time { return d.now }))
		d.srv = newServer(t, d, app.WithAccounts(accounts.New(accounts.NewMemoryStore(), accounts.WithClock(func() time.Time { return d.now }))))
		b := d.browser()
		require.Equal(t, http.StatusOK, b.post("/signup", signUpForm("eo@riverside.sch.uk", "Eve Officer")).status)
		token := d.token("eo@riverside.sch.uk")
		d.now = d.now.Add(24 * time.Hour)
		res := b.get("/signup/confirm?token=" + token)
		assert.Equal(t, http.StatusGone, res.status)
		assert.Contains(t, res.body, "This link has expired")
		assert.Contains(t, res.body, `value="eo@riverside.sch.uk"`, "the resend form, filled in")
		res = b.send(http.MethodPost, "/signup/confirm", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"token": {token}, "password": {thePassword}}.Encode()))
		assert.Equal(t, http.StatusGone, res.status)
		assert.Empty(t, sessionCookie(res))

		res = b.post("/signup/resend", url.Values{"email": {"eo@riverside.sch.uk"}})
		require.Equal(t, http.StatusOK, res.status)
		fresh := d.token("eo@riverside.sch.uk")
		assert.NotEqual(t, token, fresh)
		b.confirm(fresh)
		assert.True(t, b.signedIn())
	})

	t.Run("UnknownToken", func(t *testing.T) {
		d := newDemo(t)
		res := d.browser().get("/signup/confirm?token=" + strings.Repeat("A", 43))
		assert.Equal(t, http.StatusNotFound, res.status)
		assert.Contains(t, res.body, "This link does not work")
	})
}

// TestDemoMailboxOnlyWhenAsked: /demo/mail, which shows everyone's links,
// is not found unless the host asks for it (webdemo -demo without -smtp);
// with it, it shows the mail the app sent, link and all.
func TestDemoMailboxOnlyWhenAsked(t *testing.T) {
	d := newDemo(t)
	d.signUp("eo@riverside.sch.uk", "Eve Officer")
	assert.Equal(t, http.StatusNotFound, d.browser().get("/demo/mail").status)

	withBox := newDemo(t, app.WithDemoMailbox(), app.WithPublicURL("https://eops.example"))
	require.Equal(t, http.StatusOK, withBox.browser().post("/signup", signUpForm("eo@riverside.sch.uk", "Eve Officer")).status)
	res := withBox.browser().get("/demo/mail")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "To eo@riverside.sch.uk")
	assert.Contains(t, res.body, `href="https://eops.example/signup/confirm?token=`+withBox.token("eo@riverside.sch.uk")+`"`)
}

// failingMailer is a mail server that is down.
type failingMailer struct{}

func (failingMailer) SendMail(context.Context, string, string, string) error {
	return errors.New("dial tcp 127.0.0.1:25: connect: connection refused")
}

// TestASignUpWhoseMailCannotGoSaysSo: the page says "check your e-mail"
// only once the mail went; when the mail server is down the person is told
// so, with the form as they filled it (less the password), and trying again
// once it is back sends a link that works.
func TestASignUpWhoseMailCannotGoSaysSo(t *testing.T) {
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	d.svc = standards.New(memory.New(), standards.WithClock(func() time.Time { return d.now }))
	m := accounts.New(accounts.NewMemoryStore(), accounts.WithClock(func() time.Time { return d.now }))
	d.srv = newServer(t, d, app.WithAccounts(m), app.WithMailer(failingMailer{}))

	res := d.browser().post("/signup", signUpForm("eo@riverside.sch.uk", "Eve Officer"))
	assert.Equal(t, http.StatusServiceUnavailable, res.status)
	assert.Equal(t, "/signup", res.url, "no redirect to \"check your e-mail\"")
	assert.Contains(t, res.body, "We could not send the e-mail")
	assert.Contains(t, res.body, "The e-mail to eo@riverside.sch.uk could not be sent just now. Try again in a few minutes.")
	assert.Contains(t, res.body, `value="Eve Officer"`, "the form as filled in")
	assert.NotContains(t, res.body, "Check your e-mail")

	// The server is back: the same sign-up again sends a link that works.
	d.srv = newServer(t, d, app.WithAccounts(m))
	d.signUp("eo@riverside.sch.uk", "Eve Officer")
}

// TestMailsThatCouldTellWhoHasAnAccountGoAfterTheAnswer: a link asked for
// again and a password reset are sent after the answer, through
// WithBackground, so that an address with no account (no mail) is answered
// as fast as one with; the sign-up's mail, which every sign-up sends, goes
// before it.
func TestMailsThatCouldTellWhoHasAnAccountGoAfterTheAnswer(t *testing.T) {
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	d.svc = standards.New(memory.New(), standards.WithClock(func() time.Time { return d.now }))
	var held []func()
	d.srv = newServer(t, d, app.WithAccounts(accounts.New(accounts.NewMemoryStore(), accounts.WithClock(func() time.Time { return d.now }))),
		app.WithBackground(func(f func()) { held = append(held, f) }))

	d.signUp("head@riverside.sch.uk", "Sam Senior") // its mail went before the answer
	res := d.browser().post("/signup", signUpForm("eo@riverside.sch.uk", "Eve Officer"))
	require.Equal(t, "/signup/sent", res.url)
	assert.Len(t, d.mail.to("eo@riverside.sch.uk"), 1, "a sign-up's mail is sent before the answer")
	assert.Empty(t, held)

	res = d.browser().post("/signup/resend", url.Values{"email": {"eo@riverside.sch.uk"}})
	require.Equal(t, "/signup/sent", res.url)
	res = d.browser().post("/signin/forgotten", url.Values{"email": {"head@riverside.sch.uk"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Len(t, d.mail.to("eo@riverside.sch.uk"), 1, "the link asked for again is not sent yet")
	assert.Len(t, d.mail.to("head@riverside.sch.uk"), 1, "nor the reset")
	require.Len(t, held, 2)
	for _, f := range held {
		f()
	}
	assert.Len(t, d.mail.to("eo@riverside.sch.uk"), 2, "sent after the answer")
	resets := d.mail.to("head@riverside.sch.uk")
	require.Len(t, resets, 2)
	assert.Equal(t, "Reset your password", resets[1].subject)
}

// switchMailer is the inbox, or a mail server that is down while down is
// set.
type switchMailer struct {
	in   *inbox
	down atomic.Bool
}

func (m *switchMailer) SendMail(ctx context.Context, to, subject, body string) error {
	if m.down.Load() {
		return failingMailer{}.SendMail(ctx, to, subject, body)
	}
	return m.in.SendMail(ctx, to, subject, body)
}

// TestAChangeOfAddressSaysCheckYourMailOnlyOnceItWent: the link to confirm
// a new address is sent before the answer, as a sign-up's is, and a mail
// that cannot go is said on the page; the notice to the old address, once
// the change is made, goes after the answer.
func TestAChangeOfAddressSaysCheckYourMailOnlyOnceItWent(t *testing.T) {
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	d.svc = standards.New(memory.New(), standards.WithClock(func() time.Time { return d.now }))
	mailer := &switchMailer{in: d.mail}
	var held []func()
	d.srv = newServer(t, d, app.WithAccounts(accounts.New(accounts.NewMemoryStore(), accounts.WithClock(func() time.Time { return d.now }))),
		app.WithMailer(mailer), app.WithBackground(func(f func()) { held = append(held, f) }))
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")

	mailer.down.Store(true)
	res := head.send(http.MethodPost, "/account/security/email", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {"sam@riverside.sch.uk"}, "password": {thePassword}}.Encode()))
	assert.Equal(t, http.StatusServiceUnavailable, res.status)
	assert.Contains(t, res.body, "The e-mail to sam@riverside.sch.uk could not be sent just now. Try again in a few minutes.")

	mailer.down.Store(false)
	head.askForEmailChange("sam@riverside.sch.uk", thePassword)
	require.Len(t, d.mail.to("sam@riverside.sch.uk"), 1, "the link went before the answer")
	assert.Empty(t, held)
	confirmed := head.send(http.MethodPost, "/account/security/email/confirm", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"token": {d.emailToken("sam@riverside.sch.uk")}}.Encode()))
	require.Equal(t, http.StatusSeeOther, confirmed.status, confirmed.body)
	before := len(d.mail.to("head@riverside.sch.uk"))
	require.Len(t, held, 1, "the old address is told after the answer")
	held[0]()
	notices := d.mail.to("head@riverside.sch.uk")
	require.Len(t, notices, before+1)
	assert.Equal(t, "Your e-mail address has been changed", notices[before].subject)
}
