package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// newTwoFactorDemo is newDemo with two-factor sign-in required of admins
// (the app's default) unless opts say otherwise, and the accounts on the
// demo's clock, so that a test moves the codes' time with d.now.
func newTwoFactorDemo(t *testing.T, opts ...app.Option) *demo {
	t.Helper()
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	clock := func() time.Time { return d.now }
	d.svc = standards.New(memory.New(), standards.WithClock(d.serviceClock))
	m := accounts.New(accounts.NewMemoryStore(), accounts.WithClock(clock))
	all := append([]app.Option{app.WithClock(clock), app.WithAccounts(m, operatorEmail), app.WithMailer(d.mail), app.WithBackground(d.mail.later),
		app.WithLogger(slog.New(slog.NewTextHandler(testLog{t}, nil)))}, opts...)
	d.srv = httptest.NewServer(app.New(d.svc, all...))
	t.Cleanup(d.srv.Close)
	return d
}

const password = "correct horse battery staple"

// code is what the authenticator app shows at the demo's time now.
func (d *demo) code(secret string) string {
	d.t.Helper()
	c, err := totp.GenerateCode(secret, d.now)
	require.NoError(d.t, err)
	return c
}

// wrongCode is six digits that are not a code of secret near now.
func (d *demo) wrongCode(secret string) string {
	d.t.Helper()
	near := map[string]bool{}
	for _, s := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		c, err := totp.GenerateCode(secret, d.now.Add(s))
		require.NoError(d.t, err)
		near[c] = true
	}
	for _, w := range []string{"000000", "111111", "222222", "333333"} {
		if !near[w] {
			return w
		}
	}
	panic("unreachable: three codes cannot cover four")
}

var (
	secretOnPage   = regexp.MustCompile(`<code id="two-factor-secret">([A-Z2-7 ]+)</code>`)
	recoveryOnPage = regexp.MustCompile(`<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code></li>`)
)

// enrol sets up two-factor sign-in through the security page, as a person
// would, and returns the secret and the recovery codes it showed.
func (b *browser) enrol() (string, []string) {
	b.d.t.Helper()
	t := b.d.t
	res := b.post("/account/security/setup", nil)
	require.Equal(t, http.StatusOK, res.status, res.body)
	require.Equal(t, "/account/security", res.url)
	m := secretOnPage.FindStringSubmatch(res.body)
	require.NotNil(t, m, "the page shows the secret as text: %s", res.body)
	secret := strings.ReplaceAll(m[1], " ", "")
	assert.Contains(t, res.body, `src="data:image/png;base64,`, "and as a QR code")
	assert.Contains(t, res.body, `href="otpauth://totp/`, "and as a link for an app on the same device")
	assert.Equal(t, "no-store", res.header.Get("Cache-Control"))

	res = b.post("/account/security/confirm", url.Values{"code": {b.d.code(secret)}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "no-store", res.header.Get("Cache-Control"))
	var codes []string
	for _, m := range recoveryOnPage.FindAllStringSubmatch(res.body, -1) {
		codes = append(codes, m[1])
	}
	require.Len(t, codes, accounts.RecoveryCodeCount, res.body)
	return secret, codes
}

// signInPassword gives the password only: the first step.
func (d *demo) signInPassword(email, next string) (*browser, response) {
	b := d.browser()
	res := b.post("/signin", url.Values{"email": {email}, "password": {password}, "next": {next}})
	return b, res
}

// tick moves the demo's clock to the next 30-second step, so that a new
// code is due.
func (d *demo) tick() { d.now = d.now.Add(30 * time.Second) }

// enrolledDemo is a demo with one person, not an admin, who has set up
// two-factor sign-in, and has signed out.
func enrolledDemo(t *testing.T) (d *demo, secret string, codes []string) {
	t.Helper()
	d = newTwoFactorDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	secret, codes = b.enrol()
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)
	d.tick()
	return d, secret, codes
}

func TestTwoFactorEnrolmentNeedsAValidCode(t *testing.T) {
	d := newTwoFactorDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")

	res := b.get("/")
	assert.Contains(t, res.body, `href="/account/security"`, "linked from every page's header")
	res = b.get("/account/security")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Two-factor sign-in is off")
	assert.NotContains(t, res.body, "administrator rights", "not required of someone who is not an admin")

	res = b.post("/account/security/setup", nil)
	require.Equal(t, http.StatusOK, res.status)
	m := secretOnPage.FindStringSubmatch(res.body)
	require.NotNil(t, m, res.body)
	secret := strings.ReplaceAll(m[1], " ", "")

	for _, bad := range []string{d.wrongCode(secret), "", "not a code"} {
		res = b.post("/account/security/confirm", url.Values{"code": {bad}})
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, "code %q", bad)
		assert.Contains(t, res.body, "That code did not work")
	}
	res = b.get("/account/security")
	assert.Contains(t, res.body, "Two-factor sign-in is not on yet", "a wrong code switches nothing on")
	assert.Contains(t, res.body, m[0], "the same secret, to try again")

	res = b.post("/account/security/confirm", url.Values{"code": {d.code(secret)}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Two-factor sign-in is on")
	assert.Len(t, recoveryOnPage.FindAllString(res.body, -1), 10)
	res = b.get("/account/security")
	assert.Contains(t, res.body, "You have 10 unused recovery codes")
	assert.NotContains(t, res.body, secret[:8], "the secret is not shown once it is on")
}

func TestTwoFactorSignInWithCode(t *testing.T) {
	d, secret, _ := enrolledDemo(t)

	b, res := d.signInPassword("ada@riverside.sch.uk", "/notifications")
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/signin/code", res.url, "the password is the first step of two")
	assert.Contains(t, res.body, "Enter your code")
	assert.Equal(t, "no-store", res.header.Get("Cache-Control"))

	res = b.post("/signin/code", url.Values{"code": {d.code(secret)}, "next": {"/notifications"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/notifications", res.url)
	assert.Contains(t, res.body, "Sign out Ada Lovelace")
}

func TestTwoFactorWrongCode(t *testing.T) {
	d, secret, codes := enrolledDemo(t)
	b, _ := d.signInPassword("ada@riverside.sch.uk", "/")
	res := b.post("/signin/code", url.Values{"code": {codes[0]}})
	require.Equal(t, http.StatusOK, res.status, "a recovery code works")
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)

	b, _ = d.signInPassword("ada@riverside.sch.uk", "/")
	// Four wrong codes of four kinds, under the throttle's five.
	var problems []string
	for _, bad := range []string{d.wrongCode(secret), "abcd-efgh-jkmn-pqrs", codes[0], "<script>"} {
		res := b.post("/signin/code", url.Values{"code": {bad}})
		assert.Equal(t, http.StatusUnauthorized, res.status, "code %q", bad)
		assert.Equal(t, "/signin/code", res.url)
		problems = append(problems, problemText(t, res.body))
	}
	for _, p := range problems {
		assert.Equal(t, "That code did not work That code did not work.", p, "every failure reads the same")
	}
	assert.Equal(t, "/signin", b.get("/notifications").url, "still signed out")

	res = b.post("/signin/code", url.Values{"code": {d.code(secret)}})
	assert.Equal(t, "/", res.url, "the right code after them")
}

// problemText is the text of a page's problem box, with the spaces
// squeezed.
func problemText(t *testing.T, body string) string {
	t.Helper()
	// The error summary (govuk.ErrorSummary): three <div>s deep.
	m := regexp.MustCompile(`(?s)<div class="govuk-error-summary" id="problem"[^>]*>(.*?)</div>\s*</div>\s*</div>`).FindStringSubmatch(body)
	require.NotNil(t, m, body)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " ")
	return strings.Join(strings.Fields(text), " ")
}

func TestTwoFactorReplayedCodeRefused(t *testing.T) {
	d, secret, _ := enrolledDemo(t)
	used := d.code(secret)
	b, _ := d.signInPassword("ada@riverside.sch.uk", "/")
	res := b.post("/signin/code", url.Values{"code": {used}})
	require.Equal(t, "/", res.url)
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)

	d.now = d.now.Add(10 * time.Second) // still within the code's 30 seconds
	other, _ := d.signInPassword("ada@riverside.sch.uk", "/")
	res = other.post("/signin/code", url.Values{"code": {used}})
	assert.Equal(t, http.StatusUnauthorized, res.status, "the same code twice")
	assert.Contains(t, res.body, "That code did not work")
	assert.Equal(t, "/signin", other.get("/notifications").url)

	d.tick()
	res = other.post("/signin/code", url.Values{"code": {d.code(secret)}})
	assert.Equal(t, "/", res.url, "the next code works")
}

func TestTwoFactorRecoveryCodeWorksOnce(t *testing.T) {
	d, _, codes := enrolledDemo(t)
	b, _ := d.signInPassword("ada@riverside.sch.uk", "/")
	res := b.post("/signin/code", url.Values{"code": {strings.ToUpper(codes[3])}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/account/security", res.url, "to see how many are left")
	assert.Contains(t, res.body, "You have 9 unused recovery codes")
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)

	b, _ = d.signInPassword("ada@riverside.sch.uk", "/")
	res = b.post("/signin/code", url.Values{"code": {codes[3]}})
	assert.Equal(t, http.StatusUnauthorized, res.status, "used up")
	assert.Contains(t, res.body, "That code did not work")
}

func TestTwoFactorAdminForcedToEnrol(t *testing.T) {
	d := newTwoFactorDemo(t)
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	eo := d.signUp("exams@riverside.sch.uk", "Eve Officer")
	assert.Equal(t, "/", head.get("/").url, "not an admin yet")

	res := head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL"))
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "/account/security", res.url, "an admin now: sent to set it up")
	assert.Contains(t, res.body, "You have administrator rights, so set up two-factor sign-in")
	assert.Contains(t, res.body, "Your centre is registered for the year. You are its centre administrator.",
		"told that the registration worked, on the way")
	mine, err := d.svc.MyRegistrations(context.Background(), head.a)
	require.NoError(t, err)
	centre := mine[0].Centre.ID
	_, err = d.svc.RegisterColleague(context.Background(), head.a, standards.Colleague{CentreID: centre, Year: 2025, Email: eo.a.Email, FullName: eo.a.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	for _, path := range []string{"/", "/notifications", "/centres/" + centre + "/2025-26", "/verify", "/signin"} {
		assert.Equal(t, "/account/security", head.get(path).url, "GET %s", path)
	}
	res = head.get("/centres/"+centre+"/2025-26", "HX-Request", "true")
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.Equal(t, "/account/security", res.header.Get("HX-Redirect"))
	res = head.post("/centres/"+centre+"/2025-26/colleagues", url.Values{"email": {"kim@riverside.sch.uk"}, "full_name": {"Kim Kaur"}, "roles": {"EO"}})
	assert.Equal(t, "/account/security", res.url, "a form is not acted on")
	roster, err := d.svc.Roster(context.Background(), head.a, centre, 2025)
	require.NoError(t, err)
	assert.Len(t, roster.Members, 2, "nobody was added")
	assert.Equal(t, http.StatusOK, head.get("/static/site.css").status, "the page's own files load")
	assert.Equal(t, "/", eo.get("/").url, "an exams officer is not asked")

	// After signing in again it is the same: enrolment first.
	require.Equal(t, http.StatusOK, head.post("/signout", nil).status)
	head, res = d.signInPassword("head@riverside.sch.uk", "/notifications")
	head.a = standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior"}
	assert.Equal(t, "/account/security", res.url, "sent to set it up after sign-in")

	head.enrol()
	assert.Equal(t, "/centres/"+centre+"/2025-26", head.get("/centres/"+centre+"/2025-26").url, "and free to go on once it is on")

	t.Run("TheOperator", func(t *testing.T) {
		op := d.signUp(operatorEmail, "Olive Operator")
		assert.Equal(t, "/account/security", op.get("/national").url)
	})
	t.Run("ATrustLead", func(t *testing.T) {
		// A trust lead sees every centre of the trust: as much as an admin.
		ops := standards.Actor{Email: operatorEmail, Operator: true}
		trust, err := d.svc.CreateTrust(context.Background(), ops, "Valley Learning Trust")
		require.NoError(t, err)
		_, err = d.svc.AppointTrustLead(context.Background(), ops, trust.ID, "lead@valley.org.uk", "Lou Lead")
		require.NoError(t, err)
		lead := d.signUp("lead@valley.org.uk", "Lou Lead")
		assert.Equal(t, "/account/security", lead.get("/").url)
	})
}

func TestTwoFactorRequirementOff(t *testing.T) {
	d := newTwoFactorDemo(t, app.WithTwoFactorForAdmins(false))
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	res := head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL"))
	require.Equal(t, http.StatusOK, res.status)
	assert.True(t, strings.HasPrefix(res.url, "/centres/"), "the admin goes straight on: %s", res.url)
	assert.NotContains(t, head.get("/account/security").body, "administrator rights")

	// Setting it up is still open to anyone, and then it is asked for.
	secret, _ := head.enrol()
	require.Equal(t, http.StatusOK, head.post("/signout", nil).status)
	d.tick()
	b, res := d.signInPassword("head@riverside.sch.uk", "/")
	assert.Equal(t, "/signin/code", res.url)
	assert.Equal(t, "/", b.post("/signin/code", url.Values{"code": {d.code(secret)}}).url)
}

func TestTwoFactorHalfSignedInSessionReachesOnlyTheCodePage(t *testing.T) {
	d, secret, _ := enrolledDemo(t)
	// Ada is an admin, with something to see.
	ada := standards.Actor{Email: "ada@riverside.sch.uk", Name: "Ada Lovelace"}
	reg, err := d.svc.RegisterCentre(context.Background(), ada, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Lovelace", Roles: standards.Roles{standards.RoleSL, standards.RoleEO}})
	require.NoError(t, err)
	record := d.member(ada, reg.CentreID, ada.Email).RecordID

	b, res := d.signInPassword("ada@riverside.sch.uk", "/")
	require.Equal(t, "/signin/code", res.url)
	for _, path := range []string{"/", "/notifications", "/account/security", "/centres/" + reg.CentreID + "/2025-26", "/records/" + record, "/national", "/people"} {
		res := b.get(path)
		assert.NotContains(t, res.body, "Sign out", "GET %s: nobody is signed in", path)
		assert.NotContains(t, res.body, "Riverside Academy", "GET %s shows nothing of Ada's", path)
	}
	for _, path := range []string{"/account/security/setup", "/account/security/disable", "/account/security/recovery-codes", "/records/" + record + "/targets", "/my-data"} {
		res := b.post(path, url.Values{"code": {d.code(secret)}, "catalogue_item": {"ku-entries"}})
		assert.True(t, res.url == "/signin" || res.status >= http.StatusBadRequest, "POST %s: sent to sign in, or refused; got %d at %s", path, res.status, res.url)
		assert.NotContains(t, res.body, "Sign out", "POST %s", path)
	}
	tr, err := d.svc.Tracker(context.Background(), ada, record)
	require.NoError(t, err)
	assert.Empty(t, tr.Targets, "no target was added")

	t.Run("ExpiresInFiveMinutes", func(t *testing.T) {
		d.now = d.now.Add(5 * time.Minute)
		res := b.get("/signin/code")
		assert.Equal(t, "/signin", res.url, "the code page sends them back to the password")
		res = b.post("/signin/code", url.Values{"code": {d.code(secret)}})
		assert.Equal(t, http.StatusUnauthorized, res.status)
		assert.Contains(t, res.body, "Enter your password again")
		assert.NotContains(t, b.get("/").body, "Sign out")
	})
}

func TestTwoFactorCodeStepThrottled(t *testing.T) {
	d, secret, codes := enrolledDemo(t)
	b, _ := d.signInPassword("ada@riverside.sch.uk", "/")
	for range 5 {
		res := b.post("/signin/code", url.Values{"code": {d.wrongCode(secret)}})
		require.Equal(t, http.StatusUnauthorized, res.status)
	}
	res := b.post("/signin/code", url.Values{"code": {d.code(secret)}})
	assert.Equal(t, http.StatusTooManyRequests, res.status, "even the right code")
	assert.Contains(t, res.body, "Too many codes did not work")
	res = b.post("/signin/code", url.Values{"code": {codes[0]}})
	assert.Equal(t, http.StatusTooManyRequests, res.status, "even a recovery code")
	assert.Equal(t, "/signin", b.get("/notifications").url)

	d.now = d.now.Add(15 * time.Minute)
	b, _ = d.signInPassword("ada@riverside.sch.uk", "/")
	res = b.post("/signin/code", url.Values{"code": {d.code(secret)}})
	assert.Equal(t, "/", res.url, "fifteen minutes later")
}

func TestTwoFactorDisableNeedsACode(t *testing.T) {
	d := newTwoFactorDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	secret, _ := b.enrol()
	d.tick()

	res := b.post("/account/security/disable", url.Values{"code": {d.wrongCode(secret)}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "That code did not work")
	assert.Contains(t, res.body, "Two-factor sign-in is on", "still on")

	res = b.post("/account/security/disable", url.Values{"code": {d.code(secret)}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Two-factor sign-in is off")
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)
	_, res = d.signInPassword("ada@riverside.sch.uk", "/")
	assert.Equal(t, "/", res.url, "the password alone again")
}

func TestTwoFactorNewRecoveryCodes(t *testing.T) {
	d := newTwoFactorDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	secret, old := b.enrol()
	d.tick()

	res := b.post("/account/security/recovery-codes", url.Values{"code": {d.wrongCode(secret)}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	res = b.post("/account/security/recovery-codes", url.Values{"code": {d.code(secret)}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "no-store", res.header.Get("Cache-Control"))
	fresh := recoveryOnPage.FindAllStringSubmatch(res.body, -1)
	require.Len(t, fresh, 10)
	require.Equal(t, http.StatusOK, b.post("/signout", nil).status)

	b, _ = d.signInPassword("ada@riverside.sch.uk", "/")
	assert.Equal(t, http.StatusUnauthorized, b.post("/signin/code", url.Values{"code": {old[0]}}).status, "the old codes stop working")
	assert.Equal(t, "/account/security", b.post("/signin/code", url.Values{"code": {fresh[0][1]}}).url)
}

// TestTwoFactorAskedWithinAMinuteOfAdminRights: whether a person must set
// up two-factor sign-in is remembered for a minute, so that a page view
// does not read their registrations each time. Someone another admin makes
// an admin is asked for it within that minute, and at once if they sign in
// again.
func TestTwoFactorAskedWithinAMinuteOfAdminRights(t *testing.T) {
	d := newTwoFactorDemo(t)
	ctx := context.Background()
	head := standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior"}
	reg, err := d.svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	eo := d.signUp("exams@riverside.sch.uk", "Eve Officer")
	eoReg, err := d.svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: reg.CentreID, Year: 2025, Email: eo.a.Email, FullName: eo.a.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	assert.Equal(t, "/", eo.get("/").url, "not an admin")

	_, err = d.svc.GrantAdmin(ctx, head, eoReg.ID)
	require.NoError(t, err)
	d.now = d.now.Add(30 * time.Second)
	assert.Equal(t, "/", eo.get("/").url, "within the minute")
	d.now = d.now.Add(31 * time.Second)
	assert.Equal(t, "/account/security", eo.get("/").url, "a minute on, asked to set it up")
}

// TestTwoFactorSessionsOpenedWithThePasswordEndWhenItIsSwitchedOn is the
// attack of someone who has an admin's password before the admin sets up
// two-factor sign-in: their session is held at the security page, cannot
// see the secret the admin is setting up, and ends when the admin switches
// it on; signing in again then needs a code.
func TestTwoFactorSessionsOpenedWithThePasswordEndWhenItIsSwitchedOn(t *testing.T) {
	d := newTwoFactorDemo(t)
	head := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, head.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	thief, res := d.signInPassword("head@riverside.sch.uk", "/")
	assert.Equal(t, "/account/security", res.url, "the thief is held at the security page")

	require.Equal(t, http.StatusOK, head.post("/account/security/setup", nil).status)
	page := thief.get("/account/security")
	assert.NotContains(t, page.body, `id="two-factor-secret"`, "the secret is not shown to another session")
	assert.Contains(t, page.body, "begun in another browser")

	head.enrol()
	assert.Equal(t, "/signin", thief.get("/notifications").url, "the thief's session ended when it was switched on")
	assert.Equal(t, "/notifications", head.get("/notifications").url, "the head's own session goes on")
	_, res = d.signInPassword("head@riverside.sch.uk", "/")
	assert.Equal(t, "/signin/code", res.url, "and the password alone is not enough now")
}
