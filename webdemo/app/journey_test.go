package app_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/observetest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// demo is the app on a memory store and memory accounts, on a test server,
// standing on a day of 2025/26.
type demo struct {
	t   *testing.T
	svc *standards.Service
	srv *httptest.Server
	now time.Time
	// mail is everyone's inbox: what the app e-mailed.
	mail *inbox
	// ticks moves the Service's clock on from now, see serviceClock.
	ticks atomic.Int64
	// fresh is the same app on the same Service and accounts, keeping no
	// pages: every kept page a test reads is read from it too, and must be
	// the same (keptPagesAreFresh).
	fresh *httptest.Server
	// reads counts the Service's calls by name (kept_test.go).
	reads *observetest.Calls
}

// inbox keeps the mail the app sends (it is the app's Mailer), as the
// people's mailboxes would.
type inbox struct {
	mu    sync.Mutex
	mails []sentMail
	// sending counts the mails the app sends after answering (later), so
	// that a test reads the inbox once they are in.
	sending sync.WaitGroup
}

// later is the app's background (app.WithBackground) in the tests: a
// goroutine, counted so that the inbox's reads wait for it.
func (in *inbox) later(f func()) { in.sending.Go(f) }

type sentMail struct{ to, subject, body string }

func (in *inbox) SendMail(_ context.Context, to, subject, body string) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.mails = append(in.mails, sentMail{to, subject, body})
	return nil
}

// to is the mail sent to an address, oldest first.
func (in *inbox) to(email string) []sentMail {
	in.sending.Wait()
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []sentMail
	for _, m := range in.mails {
		if m.to == strings.ToLower(strings.TrimSpace(email)) {
			out = append(out, m)
		}
	}
	return out
}

// summary lists every mail's address and subject, in order, for the
// attack suite's snapshot (the bodies hold random tokens).
func (in *inbox) summary() []string {
	in.sending.Wait()
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, m := range in.mails {
		out = append(out, m.to+": "+m.subject)
	}
	return out
}

// count is how many mails were sent in all.
func (in *inbox) count() int {
	in.sending.Wait()
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.mails)
}

// confirmLink finds the confirmation link's token in a mail.
var confirmLink = regexp.MustCompile(`/signup/confirm\?token=([A-Za-z0-9_-]{43})`)

// token is the token of the newest confirmation link mailed to email.
func (d *demo) token(email string) string {
	d.t.Helper()
	mails := d.mail.to(email)
	require.NotEmpty(d.t, mails, "no mail to %s", email)
	m := confirmLink.FindStringSubmatch(mails[len(mails)-1].body)
	require.NotNil(d.t, m, "the newest mail to %s has no link: %s", email, mails[len(mails)-1].body)
	return m[1]
}

// serviceClock is the Service's clock: d.now, moved on a millisecond at
// each reading, as a real clock moves between commands. Ids of one
// millisecond sort at random, so without it rows of one day (CPD entries,
// registrations) made by a test would list in no particular order.
func (d *demo) serviceClock() time.Time {
	return d.now.Add(time.Duration(d.ticks.Add(1)) * time.Millisecond)
}

const operatorEmail = "ops@naeo.org.uk"

func newDemo(t *testing.T, opts ...app.Option) *demo {
	t.Helper()
	d := &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}, reads: &observetest.Calls{}}
	clock := func() time.Time { return d.now }
	d.svc = standards.New(memory.New(), standards.WithClock(d.serviceClock), standards.WithObserver(d.reads))
	// Two-factor sign-in is not these tests' subject (twofactor_test.go
	// has its own demo): admins here go on without setting it up.
	options := append([]app.Option{app.WithClock(clock), app.WithAccounts(accounts.New(accounts.NewMemoryStore()), operatorEmail),
		app.WithTwoFactorForAdmins(false), app.WithMailer(d.mail), app.WithBackground(d.mail.later),
		app.WithLogger(slog.New(slog.NewTextHandler(testLog{t}, nil)))}, opts...)
	d.srv = httptest.NewServer(app.New(d.svc, options...))
	t.Cleanup(d.srv.Close)
	d.fresh = httptest.NewServer(app.New(d.svc, append(options, app.WithKeptPages(0, 0))...))
	t.Cleanup(d.fresh.Close)
	return d
}

// keptPage matches the addresses of the pages the app keeps (app.WithKeptPages).
var keptPage = regexp.MustCompile(`^/($|records/[^/]+$|centres/[^/]+/[0-9]{4}-[0-9]{2}$)`)

// keptPagesAreFresh reads a kept page the browser just read from the app
// that keeps none, as the same person, and checks it is the same page: so
// every test that reads one, the year's journey above all, proves that no
// command leaves a kept page stale.
func (b *browser) keptPagesAreFresh(req *http.Request, got response) {
	b.d.t.Helper()
	if b.d.fresh == nil || req.Method != http.MethodGet || !keptPage.MatchString(req.URL.Path) {
		return
	}
	again, err := http.NewRequest(http.MethodGet, b.d.fresh.URL+req.URL.RequestURI(), nil)
	require.NoError(b.d.t, err)
	again.Header = req.Header.Clone()
	for _, c := range b.c.Jar.Cookies(req.URL) {
		again.AddCookie(c)
	}
	res, err := http.DefaultTransport.RoundTrip(again)
	require.NoError(b.d.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(b.d.t, err)
	if got.url == req.URL.Path { // not redirected elsewhere
		require.Equal(b.d.t, got.status, res.StatusCode, "%s kept and fresh", req.URL)
		require.Equal(b.d.t, got.body, string(body), "%s: the kept page is not the page as it is now", req.URL)
	}
}

// testLog sends the app's log to the test's, so a 500 says why.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// browser is one person's session: a client with a cookie jar.
type browser struct {
	d *demo
	c *http.Client
	a standards.Actor
}

func (d *demo) browser() *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(d.t, err)
	return &browser{d: d, c: &http.Client{Jar: jar}}
}

// signUp makes an account as a person does: the sign-up form, then the
// link the app e-mailed to the address, then the password on the link's
// page, which signs them in.
func (d *demo) signUp(email, name string) *browser {
	d.t.Helper()
	b := d.browser()
	res := b.post("/signup", url.Values{"email": {email}, "full_name": {name}, "password": {"correct horse battery staple"}})
	require.Equal(d.t, http.StatusOK, res.status, res.body)
	require.Equal(d.t, "/signup/sent", res.url)
	b.confirm(d.token(email))
	b.a = standards.Actor{Email: email, Name: name}
	return b
}

// confirm follows a confirmation link, and gives the password on its
// page; the person is then signed in.
func (b *browser) confirm(token string) {
	b.d.t.Helper()
	res := b.get("/signup/confirm?token=" + token)
	require.Equal(b.d.t, http.StatusOK, res.status, res.body)
	res = b.post("/signup/confirm", url.Values{"token": {token}, "email": {""}, "password": {"correct horse battery staple"}})
	require.Equal(b.d.t, http.StatusOK, res.status, res.body)
	// Signed in: on the home page, or, for someone who must set up
	// two-factor sign-in first, on the page for that.
	require.Contains(b.d.t, []string{"/", "/account/security"}, res.url, res.body)
}

type response struct {
	status int
	body   string
	header http.Header
	// url is the path of the last request, after redirects; final the
	// whole address.
	url   string
	final string
}

func (b *browser) do(req *http.Request) response {
	b.d.t.Helper()
	res, err := b.c.Do(req)
	require.NoError(b.d.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(b.d.t, err)
	out := response{status: res.StatusCode, body: string(body), header: res.Header, url: res.Request.URL.Path, final: res.Request.URL.String()}
	b.keptPagesAreFresh(req, out)
	return out
}

func (b *browser) get(path string, headers ...string) response {
	b.d.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.d.srv.URL+path, nil)
	require.NoError(b.d.t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values, headers ...string) response {
	b.d.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.d.srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(b.d.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

func (b *browser) upload(path, field, name, content string) response {
	b.d.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile(field, name)
	require.NoError(b.d.t, err)
	_, _ = part.Write([]byte(content))
	require.NoError(b.d.t, w.Close())
	req, err := http.NewRequest(http.MethodPost, b.d.srv.URL+path, &buf)
	require.NoError(b.d.t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// member finds a registration at the centre by e-mail, as the admin sees it.
func (d *demo) member(admin standards.Actor, centreID, email string) standards.Member {
	d.t.Helper()
	roster, err := d.svc.Roster(context.Background(), admin, centreID, 2025)
	require.NoError(d.t, err)
	for _, m := range roster.Members {
		if m.Person.Email == email {
			return m
		}
	}
	d.t.Fatalf("%s is not registered", email)
	return standards.Member{}
}

// toDoList is what a person's home lists as needing doing: each task's
// words with where it links, and the count the navigation shows.
type toDoList struct {
	count int               // the navigation's count; -1 when it shows none
	tasks map[string]string // a task's words → where it links
}

var (
	toDoTask  = regexp.MustCompile(`<a class="govuk-link govuk-task-list__link" href="([^"]*)"[^>]*>([^<]*)</a>`)
	toDoCount = regexp.MustCompile(`What needs doing \((\d+)\)`)
)

// toDo opens the person's home and reads what needs doing there.
func (b *browser) toDo() toDoList {
	b.d.t.Helper()
	res := b.get("/")
	require.Equal(b.d.t, http.StatusOK, res.status, res.body)
	require.Contains(b.d.t, res.body, "<h1 class=\"govuk-heading-l\">What needs doing</h1>")
	out := toDoList{count: -1, tasks: map[string]string{}}
	if m := toDoCount.FindStringSubmatch(res.body); m != nil {
		out.count, _ = strconv.Atoi(m[1])
	}
	for _, m := range toDoTask.FindAllStringSubmatch(res.body, -1) {
		out.tasks[html.UnescapeString(strings.TrimSpace(m[2]))] = html.UnescapeString(m[1])
	}
	return out
}

func registerForm(number, name, fullName string, roles ...string) url.Values {
	return url.Values{"year": {"2025/26"}, "centre_number": {number}, "centre_name": {name}, "full_name": {fullName}, "roles": roles}
}

// TestJourneyThroughTheYear walks the whole year through the pages, as
// three people: the senior leader registers the centre, the exams officer
// and the line manager ask to join, the senior leader approves them and
// makes the line manager the overseer, targets are drawn and agreed, a
// meeting recorded, the statement signed and countersigned, the certificate
// claimed, and verified signed out.
func TestJourneyThroughTheYear(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")
	eo := d.signUp("exams@riverside.sch.uk", "Eve Officer")
	lm := d.signUp("bursar@riverside.sch.uk", "Lee Manager")

	res := sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL"))
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Riverside Academy")
	centrePath := res.url
	mine, err := d.svc.MyRegistrations(ctx, sl.a)
	require.NoError(t, err)
	centreID := mine[0].Centre.ID

	for _, b := range []*browser{eo, lm} {
		role := "EO"
		if b == lm {
			role = "LM"
		}
		res = b.post("/join", url.Values{"year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {b.a.Name}, "roles": {role}})
		require.Equal(t, http.StatusOK, res.status, res.body)
		assert.Contains(t, res.body, "pending")
	}

	// What needs doing: the admin has the two registrations to decide, a
	// link to the centre's list of them; the two waiting have nothing to do
	// and, with a centre this year, the forms behind a link, their name
	// filled in.
	todo := sl.toDo()
	assert.Equal(t, 2, todo.count)
	assert.Equal(t, map[string]string{"2 registrations wait for your approval": centrePath + "#pending-heading"}, todo.tasks)
	todo = eo.toDo()
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, todo)
	res = eo.get("/")
	assert.Contains(t, res.body, "Your request to join Riverside Academy (12345) for 2025/26 waits for a centre administrator’s approval.")
	assert.NotContains(t, res.body, `id="join-number"`)
	assert.Contains(t, res.body, `href="/register"`)
	res = eo.get("/register")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, `id="join-full-name" name="full_name" type="text" spellcheck="false" value="Eve Officer"`)

	// The admin sees both waiting, and approves them: one inline (htmx),
	// one by the bulk form without JavaScript.
	res = sl.get(centrePath)
	assert.Contains(t, res.body, "Waiting for approval")
	eoReg := d.member(sl.a, centreID, eo.a.Email).Registration
	lmReg := d.member(sl.a, centreID, lm.a.Email).Registration
	res = sl.post("/registrations/"+eoReg.ID+"/approve", nil, "HX-Request", "true")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(res.body), `<div id="roster">`), "an htmx request gets the roster fragment: %.80s", res.body)
	assert.NotContains(t, res.body, "<html")
	assert.Contains(t, res.header.Values("Vary"), "HX-Request")
	assert.Contains(t, res.body, "The request is approved", "the fragment says it worked")
	res = sl.post(centrePath+"/decisions", url.Values{"registration": {lmReg.ID}, "decision": {"approve"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, centrePath, res.url, "the bulk decision ends on the centre's page, not the form's address")
	assert.Contains(t, res.body, "The requests you chose are approved")
	reload := sl.get(centrePath + "?done=approved-several")
	assert.Equal(t, http.StatusOK, reload.status, "a reload shows the page again")

	// Approved, the exams officer has no overseer: the admin's to see to.
	assert.Equal(t, toDoList{count: 1, tasks: map[string]string{
		"1 exams officer has no overseer: assign a senior leader or line manager": centrePath + "#assign",
	}}, sl.toDo())

	res = sl.post(centrePath+"/overseers", url.Values{"exams_officer": {eoReg.ID}, "overseer": {lmReg.ID}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Overseen by Lee Manager")
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, sl.toDo())

	// The line manager applies the new exams officer's template; the exams
	// officer agrees the targets.
	record := d.member(sl.a, centreID, eo.a.Email).RecordID
	require.NotEmpty(t, record)
	tracker := "/records/" + record
	assert.Equal(t, toDoList{count: 3, tasks: map[string]string{
		"Propose your targets for the year, or agree them with your overseer":        tracker + "#targets",
		"Read and sign the Values and Attributes statement":                          tracker + "#statement",
		"Log your CPD: the training, meetings and reading that support your targets": tracker + "#cpd",
	}}, eo.toDo())
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, lm.toDo())
	res = lm.get("/records/" + record + "?area=knowledge&audience=audience:new")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Tracker: Eve Officer")
	res = lm.post("/records/"+record+"/template", url.Values{"template": {"new-eo"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	// The overseer proposed four: the exams officer has them to agree, with
	// the statement to sign and CPD to log.
	todo = eo.toDo()
	assert.Equal(t, 6, todo.count)
	assert.Equal(t, tracker+"#targets", todo.tasks["4 targets your overseer proposed, to agree"])
	assert.NotContains(t, todo.tasks, "Propose your targets for the year, or agree them with your overseer")
	sheet, err := d.svc.Tracker(ctx, lm.a, record)
	require.NoError(t, err)
	require.Len(t, sheet.Targets, 4)
	for _, tg := range sheet.Targets {
		// htmx boosts the form and follows the redirect: the whole tracker
		// comes back, at its own address, with the success banner.
		res = eo.post("/records/"+record+"/targets/"+tg.ID+"/agree", nil, "HX-Request", "true", "HX-Boosted", "true")
		require.Equal(t, http.StatusOK, res.status, res.body)
		assert.Equal(t, "/records/"+record, res.url)
		assert.Contains(t, res.body, "The target is agreed.")
		assert.Contains(t, res.body, `<section id="areas"`)
	}
	assert.NotContains(t, eo.toDo().tasks, "4 targets your overseer proposed, to agree")

	// The exams officer proposes a target of their own: the overseer has
	// one to agree, a link to the tracker; agreed, it is gone.
	res = eo.post("/records/"+record+"/targets", url.Values{"area": {"skills"}, "title": {"Time management"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, toDoList{count: 1, tasks: map[string]string{"1 target to agree": tracker + "#targets"}}, lm.toDo())
	sheet, err = d.svc.Tracker(ctx, lm.a, record)
	require.NoError(t, err)
	require.Len(t, sheet.Targets, 5)
	for _, tg := range sheet.Targets {
		if tg.State == standards.TargetProposed {
			require.Equal(t, http.StatusOK, lm.post("/records/"+record+"/targets/"+tg.ID+"/agree", nil).status)
		}
	}
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, lm.toDo())

	// The exams officer logs CPD and signs; the line manager countersigns.
	res = eo.post("/records/"+record+"/cpd", url.Values{"kind": {"training_event"}, "title": {"Exams officer induction"}, "date": {"2025-09-12"}, "hours": {"6"}, "targets": {sheet.Targets[0].ID}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "Exams officer induction")
	require.Equal(t, http.StatusOK, eo.post("/records/"+record+"/sign", nil).status)
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, eo.toDo())
	assert.Equal(t, toDoList{count: 1, tasks: map[string]string{"The Values and Attributes statement to countersign": tracker + "#statement"}}, lm.toDo())
	require.Equal(t, http.StatusOK, lm.post("/records/"+record+"/countersign", nil).status)
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, lm.toDo())

	// A final review achieves every target and arranges support.
	form := url.Values{"kind": {"final_review"}, "date": {"2025-09-15"}, "attendees": {eoReg.ID, lmReg.ID}, "notes": {"A good start."},
		"support_description": {"Shadow Hillside's exams officer"}, "support_owner": {lmReg.ID}, "support_due": {"2025-10-31"}}
	for _, tg := range sheet.Targets {
		form.Add("target", tg.ID)
		form.Set("state_"+tg.ID, "achieved")
		form.Set("rating_"+tg.ID, "green")
	}
	res = lm.post("/records/"+record+"/meetings", form)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "A good start.")
	assert.Equal(t, toDoList{count: 1, tasks: map[string]string{"Every key area is complete: claim the certificate": tracker + "#claim"}}, lm.toDo())

	// The claim panel's checklist updates as the boxes are ticked.
	res = lm.get("/records/"+record+"/eligibility?confirm_knowledge=on", "HX-Request", "true")
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Confirm completion in each of the three key areas")
	res = lm.get("/records/"+record+"/eligibility?confirm_knowledge=on&confirm_skills=on&confirm_values=on", "HX-Request", "true")
	assert.Contains(t, res.body, "Everything is in place")

	res = lm.post("/records/"+record+"/claim", url.Values{"confirm_knowledge": {"on"}, "confirm_skills": {"on"}, "confirm_values": {"on"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "This certifies that")
	assert.Contains(t, res.body, "Eve Officer")
	sheet, err = d.svc.Tracker(ctx, eo.a, record)
	require.NoError(t, err)
	code := sheet.Certificate.VerificationCode
	// Certified, nothing waits on the record.
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, lm.toDo())
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, eo.toDo())

	// Anyone verifies it, signed out.
	res = d.browser().get("/verify?code=" + url.QueryEscape(code))
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, "This certificate is valid")
	assert.Contains(t, res.body, "Riverside Academy")
	res = d.browser().get("/verify?code=AAAA-BBBB-CCCC-DDDD-EEEE")
	assert.Equal(t, http.StatusNotFound, res.status)
	assert.Contains(t, res.body, "No certificate has this verification code")

	// Everyone was told along the way.
	res = eo.get("/notifications")
	assert.Contains(t, res.body, "certificate")
	res = sl.get("/centres/" + centreID + "/audit")
	require.Equal(t, http.StatusOK, res.status)
	assert.Regexp(t, `Lee Manager claimed certificate EOPS-[0-9A-Z-]+ for Eve Officer, 2025/26\.`, res.body)
	assert.NotContains(t, res.body, "certificate.issue")
	assert.NotContains(t, res.body, "sha256")
}
