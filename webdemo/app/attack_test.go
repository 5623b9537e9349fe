package app_test

// The attack suite: the real handler on a test server, driven by clients
// with cookie jars, as an attacker would drive it. It takes its routes from
// the router itself (app.Routes), so a route added later is attacked too, or
// fails TestAttackEveryRouteIsInTheSuite until it is given a case here.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/mux"
	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// attackTime is when the attack world stands: the clock never moves, so
// that a two-factor code made for it is good for the whole test.
var attackTime = time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)

// attackOptions are the app's options in the suite: its own sign-in on m,
// and credentials, so that every route the app can have is there.
func attackOptions(t *testing.T, clock func() time.Time, m *accounts.Manager, mail *inbox) []app.Option {
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	return []app.Option{
		app.WithClock(clock),
		// Two-factor sign-in has tests of its own; here admins sign in with
		// a password alone, to reach the routes under attack.
		app.WithTwoFactorForAdmins(false),
		app.WithAccounts(m, operatorEmail),
		app.WithMailer(mail), app.WithBackground(mail.later),
		// The demo's mailbox page too, so that every route is attacked.
		app.WithDemoMailbox(),
		app.WithCredentials(credential.Issuer{ID: "https://eops.example/issuer", Name: "NAEO", Key: key, KeyID: "https://eops.example/.well-known/eops-credential-key.json"}),
		app.WithLogger(slog.New(slog.NewTextHandler(testLog{t}, nil))),
	}
}

// centre is one centre of the attack world and everything in it, made alike
// in A and B so that a request that works in one would work in the other.
type centre struct {
	name   string // "A" or "B"
	number standards.CentreNumber
	// spareNumber is a centre number nobody has registered.
	spareNumber standards.CentreNumber
	id          string

	// admin is a senior leader: the centre's admin, overseer of both exams
	// officers, and lead of the centre's trust. eo has an open record with
	// one thing of every kind in it; eo2's record is claimed. lm is an
	// approved line manager who oversees nobody; joiner waits for
	// approval; newcomer has no registration anywhere.
	admin, eo, eo2, lm, joiner, newcomer standards.Actor

	adminReg, eoReg, eo2Reg, lmReg, pendingReg string
	adminPerson, eoPerson                      string
	record, claimedRecord, certificate         string
	// Targets of record in three states.
	proposed, agreed, achieved string
	cpd, action, trust         string
	// nextRecord is eo's record for next year, made by carry-forward's
	// prepare.
	nextRecord string
	// secret and recovery are admin's two-factor secret and recovery codes,
	// when an attack's prepare sets it up.
	secret   string
	recovery []string
	// signupToken is newcomer's confirmation link's token, when an
	// attack's prepare signs them up.
	signupToken string
	// resetToken is admin's password reset link's token, when an attack's
	// prepare asks for one.
	resetToken string
	// emailToken is eo's link to confirm a new address, when an attack's
	// prepare asks for one.
	emailToken string
}

// people are the centre's people, for reading them back.
func (c *centre) people() []standards.Actor {
	return []standards.Actor{c.admin, c.eo, c.eo2, c.lm, c.joiner, c.newcomer}
}

// attackWorld is the app with two centres built through the library. The
// attacker is a member of A; B is the centre attacked.
type attackWorld struct {
	*demo
	a, b     *centre
	op       standards.Actor
	accounts *accounts.Manager
	// watch are browsers whose account security page is part of the
	// snapshot, for attacks on two-factor sign-in.
	watch []*browser
}

func newAttackWorld(t *testing.T) *attackWorld {
	t.Helper()
	d := &demo{t: t, now: attackTime, mail: &inbox{}}
	clock := func() time.Time { return d.now }
	d.svc = standards.New(memory.New(), standards.WithClock(d.serviceClock))
	m := accounts.New(accounts.NewMemoryStore(), accounts.WithClock(clock))
	d.srv = httptest.NewServer(app.New(d.svc, attackOptions(t, clock, m, d.mail)...))
	t.Cleanup(d.srv.Close)
	w := &attackWorld{demo: d, accounts: m, op: standards.Actor{Email: operatorEmail, Name: "Olive Operator", Operator: true}}
	w.a = w.buildCentre("A", "11111", "11112")
	w.b = w.buildCentre("B", "22222", "22223")
	return w
}

func (w *attackWorld) buildCentre(name string, number, spare standards.CentreNumber) *centre {
	t, svc, ctx := w.t, w.svc, context.Background()
	t.Helper()
	dom := strings.ToLower(name) + ".sch.uk"
	person := func(local, full string) standards.Actor {
		return standards.Actor{Email: local + "@" + dom, Name: full + " " + name}
	}
	c := &centre{name: name, number: number, spareNumber: spare,
		admin: person("head", "Head"), eo: person("exams", "Eve"), eo2: person("exams2", "Ezra"),
		lm: person("bursar", "Lee"), joiner: person("new", "Pat"), newcomer: person("visitor", "Val")}

	reg, err := svc.RegisterCentre(ctx, c.admin, standards.CentreRegistration{Year: 2025, CentreNumber: number,
		CentreName: "Centre " + name, FullName: c.admin.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	c.id, c.adminReg = reg.CentreID, reg.ID
	colleague := func(who standards.Actor, role standards.Role) string {
		reg, err := svc.RegisterColleague(ctx, c.admin, standards.Colleague{CentreID: c.id, Year: 2025, Email: who.Email, FullName: who.Name, Roles: standards.Roles{role}})
		require.NoError(t, err)
		return reg.ID
	}
	c.eoReg, c.eo2Reg, c.lmReg = colleague(c.eo, standards.RoleEO), colleague(c.eo2, standards.RoleEO), colleague(c.lm, standards.RoleLM)
	for _, eo := range []string{c.eoReg, c.eo2Reg} {
		_, err = svc.AssignOverseer(ctx, c.admin, standards.Overseeing{ExamsOfficer: eo, Overseer: c.adminReg})
		require.NoError(t, err)
	}
	pending, err := svc.RequestToJoin(ctx, c.joiner, standards.JoinRequest{Year: 2025, CentreNumber: number, FullName: c.joiner.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	c.pendingReg = pending.ID
	c.record = w.member(c.admin, c.id, c.eo.Email).RecordID
	c.claimedRecord = w.member(c.admin, c.id, c.eo2.Email).RecordID

	// The open record: a target in each of three states, a CPD entry, a
	// meeting with a support action, and a private note.
	propose := func(in standards.TargetInput) string {
		tg, _, err := svc.ProposeTarget(ctx, c.eo, c.record, in)
		require.NoError(t, err)
		return tg.ID
	}
	c.proposed = propose(standards.TargetInput{CatalogueItemID: "ku-entries"})
	c.agreed = propose(standards.TargetInput{CatalogueItemID: "ks-deadlines"})
	c.achieved = propose(standards.TargetInput{Area: standards.KeyArea("knowledge"), Title: "Results day " + name})
	for _, id := range []string{c.agreed, c.achieved} {
		_, err = svc.AgreeTarget(ctx, c.admin, id)
		require.NoError(t, err)
	}
	_, err = svc.AchieveTarget(ctx, c.admin, c.achieved, "done")
	require.NoError(t, err)
	entry, err := svc.LogCPD(ctx, c.eo, c.record, standards.CPDInput{Kind: standards.CPDKind("webinar"), Title: "Results webinar " + name,
		Date: time.Date(2025, 9, 12, 0, 0, 0, 0, time.UTC), Hours: 1.5})
	require.NoError(t, err)
	c.cpd = entry.ID
	_, err = svc.RecordMeeting(ctx, c.admin, c.record, standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: w.now,
		Attendees: []string{c.eoReg, c.adminReg}, Notes: "Met " + name,
		Support: []standards.SupportInput{{Description: "Shadowing " + name, OwnerRegistrationID: c.eoReg, Due: time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)}}})
	require.NoError(t, err)
	tr, err := svc.Tracker(ctx, c.admin, c.record)
	require.NoError(t, err)
	require.Len(t, tr.Actions, 1)
	c.action = tr.Actions[0].ID
	_, err = svc.AddPrivateNote(ctx, c.admin, c.record, "Note on "+name)
	require.NoError(t, err)

	// The claimed record, and its certificate.
	targets, _, err := svc.ApplyTemplate(ctx, c.admin, c.claimedRecord, "experienced-eo")
	require.NoError(t, err)
	var updates []standards.TargetUpdate
	for _, tg := range targets {
		_, err = svc.AgreeTarget(ctx, c.eo2, tg.ID)
		require.NoError(t, err)
		updates = append(updates, standards.TargetUpdate{TargetID: tg.ID, State: standards.TargetAchieved})
	}
	_, err = svc.SignStatement(ctx, c.eo2, c.claimedRecord)
	require.NoError(t, err)
	_, err = svc.CountersignStatement(ctx, c.admin, c.claimedRecord)
	require.NoError(t, err)
	_, err = svc.RecordMeeting(ctx, c.admin, c.claimedRecord, standards.MeetingInput{Kind: standards.MeetingFinalReview, Date: w.now,
		Attendees: []string{c.eo2Reg, c.adminReg}, Updates: updates})
	require.NoError(t, err)
	cert, err := svc.Claim(ctx, c.admin, c.claimedRecord, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	c.certificate = cert.ID

	trust, err := svc.CreateTrust(ctx, w.op, "Trust "+name)
	require.NoError(t, err)
	c.trust = trust.ID
	_, err = svc.AppointTrustLead(ctx, w.op, trust.ID, c.admin.Email, c.admin.Name)
	require.NoError(t, err)

	for who, id := range map[standards.Actor]*string{c.admin: &c.adminPerson, c.eo: &c.eoPerson} {
		p, err := svc.FindPerson(ctx, w.op, who.Email)
		require.NoError(t, err)
		*id = p.ID
	}
	return c
}

// snapshot is everything the library holds that an attack could change, as
// text to compare: both centres' audit trails, rosters, records,
// certificate and trust, everyone's registrations and person, and the
// outbox; and the mail the app sent (sign-up's links). The audit trail alone would do, as every change is audited
// (R-AUD-1); the rest says what changed when one did.
func (w *attackWorld) snapshot() string {
	ctx := context.Background()
	var b strings.Builder
	add := func(what string, v any, err error) {
		j, _ := json.Marshal(v)
		fmt.Fprintf(&b, "%s: %s %v\n", what, j, err)
	}
	for _, c := range []*centre{w.a, w.b} {
		audit, err := w.svc.AuditTrail(ctx, w.op, c.id, 0, standards.MaxPage)
		add(c.name+" audit", audit, err)
		roster, err := w.svc.Roster(ctx, w.op, c.id, 2025)
		add(c.name+" roster", roster, err)
		for _, rec := range []string{c.record, c.claimedRecord, c.nextRecord} {
			if rec != "" {
				tr, err := w.svc.Tracker(ctx, c.admin, rec)
				add(c.name+" record "+rec, tr, err)
			}
		}
		cert, err := w.svc.Certificate(ctx, w.op, c.certificate)
		add(c.name+" certificate", cert, err)
		trust, err := w.svc.Trust(ctx, w.op, c.trust)
		add(c.name+" trust", trust, err)
		for _, p := range c.people() {
			person, err := w.svc.FindPerson(ctx, w.op, p.Email)
			person.ExternalID = "" // attached by the app at a person's first request: not the attack's doing
			add(c.name+" person "+p.Email, person, err)
			mine, err := w.svc.MyRegistrations(ctx, p)
			add(c.name+" registrations of "+p.Email, mine, err)
		}
	}
	events, err := w.svc.PendingEvents(ctx, 0, standards.MaxPage)
	add("events", events, err)
	add("mail", w.mail.summary(), nil)
	for _, watched := range w.watch {
		page := watched.send(http.MethodGet, "/account/security", "", nil)
		add("security page of "+watched.a.Email, page.body, nil)
	}
	return b.String()
}

// assertUnchanged fails when a snapshot differs from before, showing the
// lines that differ.
func assertUnchanged(t *testing.T, before, after, what string) bool {
	t.Helper()
	if before == after {
		return true
	}
	was := strings.Split(before, "\n")
	var diff []string
	for i, line := range strings.Split(after, "\n") {
		if i >= len(was) || was[i] != line {
			diff = append(diff, fmt.Sprintf("%.400s", line))
		}
	}
	return assert.Fail(t, what+" changed something", "now:\n%s", strings.Join(diff, "\n"))
}

// signIn signs a person up in the app, and so in, with a browser of their
// own.
func (w *attackWorld) signIn(who standards.Actor) *browser {
	w.t.Helper()
	b := w.signUp(who.Email, who.Name)
	b.a = who
	return b
}

// send makes one request as b and does not follow a redirect, so that the
// test sees what the app answered to that request.
func (b *browser) send(method, path, contentType string, body io.Reader, headers ...string) response {
	b.d.t.Helper()
	req, err := http.NewRequest(method, b.d.srv.URL+path, body)
	require.NoError(b.d.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	require.NoError(b.d.t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(b.d.t, err)
	return response{status: res.StatusCode, body: string(out), header: res.Header, url: req.URL.Path, final: req.URL.String()}
}

// formBody encodes a form as a browser would: a CSV file as multipart, the
// rest URL-encoded.
func formBody(t *testing.T, form url.Values, file string) (contentType string, body []byte) {
	t.Helper()
	if file == "" {
		return "application/x-www-form-urlencoded", []byte(form.Encode())
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			require.NoError(t, mw.WriteField(k, v))
		}
	}
	part, err := mw.CreateFormFile("file", "staff.csv")
	require.NoError(t, err)
	_, _ = part.Write([]byte(file))
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

// attack is one request an attacker can make: a route, with the ids and the
// form that make it work on a given centre, and the member of that centre
// who may make it.
type attack struct {
	route  string // the path template, as the router has it
	method string
	// as is who in the centre may make the request; anonymous requests are
	// made signed out, with as's account made first (to sign in with).
	as        func(c *centre) standards.Actor
	anonymous bool
	path      func(c *centre) string
	form      func(c *centre) url.Values
	// file, when set, is a CSV file the form uploads as "file".
	file func(c *centre) string
	// prepare brings a centre to where the request works (both centres, so
	// that the attack on B would work were it allowed).
	prepare func(t *testing.T, w *attackWorld, c *centre)
	// controlAs is who proves the request works, when the member as is
	// not allowed it anywhere (the operator's own routes).
	controlAs func(w *attackWorld) standards.Actor
	// readOnly is a POST that changes nothing a snapshot sees (a download).
	readOnly bool
	// session is a POST whose change is to the browser's session (signing
	// in, up or out): it shows as a session cookie set or cleared.
	session bool
	// halfSignedIn: the request is made after the password, before the
	// code, by a person with two-factor sign-in on. account: what it
	// changes is the person's two-factor settings, which the snapshot
	// reads from their account security page.
	halfSignedIn, account bool
	// formIDs says the form names things of the centre by id, so that it is
	// attacked with the other centre's too.
	formIDs bool
	// required are fields without which the request is refused; bad are
	// fields, one set at a time, of the wrong kind.
	required []string
	bad      []url.Values
}

// placeholders is a centre whose ids are the names of the path
// variables, to name an attack by its address.
var placeholders = &centre{name: "A", id: "{centre}", record: "{record}", certificate: "{id}", trust: "{trust}",
	proposed: "{proposed}", agreed: "{agreed}", achieved: "{achieved}", cpd: "{entry}", action: "{action}",
	adminReg: "{id}", eoReg: "{id}", lmReg: "{id}", pendingReg: "{id}", adminPerson: "{person}", eoPerson: "{person}",
	claimedRecord: "{record}", nextRecord: "{record}"}

func (a attack) name() string { return a.method + " " + a.path(placeholders) }

func asAdmin(c *centre) standards.Actor { return c.admin }
func asEO(c *centre) standards.Actor    { return c.eo }

// centrePage is the address of c's page for the year.
func centrePage(c *centre) string { return "/centres/" + c.id + "/2025-26" }

// attacks is every request the suite makes. Each route of the router with
// an id in its path, and each POST route, is here; the order follows the
// files that register them.
var attacks = []attack{
	{route: "/signin", method: http.MethodPost, as: asAdmin, anonymous: true, session: true, path: func(*centre) string { return "/signin" },
		form: func(c *centre) url.Values {
			return url.Values{"email": {c.admin.Email}, "password": {"correct horse battery staple"}, "next": {"/"}}
		},
		required: []string{"email", "password"}},
	{route: "/signup", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.newcomer }, anonymous: true,
		path: func(*centre) string { return "/signup" },
		form: func(c *centre) url.Values {
			return url.Values{"email": {"someone@" + strings.ToLower(c.name) + ".sch.uk"}, "full_name": {"Someone"}, "password": {"correct horse battery staple"}}
		},
		required: []string{"email", "full_name", "password"}, bad: []url.Values{{"email": {"not-an-address"}}, {"password": {"short"}}}},
	// Sign-up's change is a mail with a link (the snapshot's mail);
	// following the link, with the password, signs the person in.
	{route: "/signup/confirm", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.newcomer }, anonymous: true, session: true,
		path: func(*centre) string { return "/signup/confirm" }, prepare: signedUp,
		form: func(c *centre) url.Values {
			return url.Values{"token": {c.signupToken}, "password": {"correct horse battery staple"}}
		},
		required: []string{"token", "password"}, bad: []url.Values{{"token": {"x"}}, {"token": {strings.Repeat("A", 43)}}, {"password": {"wrong horse battery staple"}}}},
	{route: "/signup/resend", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.newcomer }, anonymous: true,
		path: func(*centre) string { return "/signup/resend" }, prepare: signedUp,
		form:     func(c *centre) url.Values { return url.Values{"email": {c.newcomer.Email}} },
		required: []string{"email"}, bad: []url.Values{{"email": {"not-an-address"}}}},
	// A reset's request changes nothing but the mail it sends (the
	// snapshot's mail); the reset itself ends the account's sessions, which
	// the snapshot sees through a browser signed in as the admin.
	{route: "/signin/forgotten", method: http.MethodPost, as: asAdmin, anonymous: true,
		path:     func(*centre) string { return "/signin/forgotten" },
		prepare:  func(t *testing.T, w *attackWorld, c *centre) { w.account(c.admin) },
		form:     func(c *centre) url.Values { return url.Values{"email": {c.admin.Email}} },
		required: []string{"email"}, bad: []url.Values{{"email": {"not-an-address"}}}},
	{route: "/signin/reset", method: http.MethodPost, as: asAdmin, anonymous: true,
		path: func(*centre) string { return "/signin/reset" }, prepare: resetAsked,
		form: func(c *centre) url.Values {
			return url.Values{"token": {c.resetToken}, "password": {"a brand new passphrase"}}
		},
		required: []string{"token", "password"},
		bad:      []url.Values{{"token": {"x"}}, {"token": {strings.Repeat("A", 43)}}, {"password": {"short"}}, {"password": {"password"}}}},
	{route: "/signout", method: http.MethodPost, as: asAdmin, path: func(*centre) string { return "/signout" }, session: true},
	{route: "/signin/code", method: http.MethodPost, as: asAdmin, anonymous: true, halfSignedIn: true, session: true,
		path: func(*centre) string { return "/signin/code" }, prepare: twoFactorOn,
		form:     func(c *centre) url.Values { return url.Values{"code": {c.recovery[0]}, "next": {"/"}} },
		required: []string{"code"}, bad: []url.Values{{"code": {"12345a"}}, {"code": {"0000-0000-0000-0000"}}}},
	// Asking for a new address changes nothing but the mail it sends;
	// following the link changes the person's address in the library.
	{route: "/account/security/email", method: http.MethodPost, as: asEO, account: true,
		path: func(*centre) string { return "/account/security/email" },
		form: func(c *centre) url.Values {
			return url.Values{"email": {"new." + c.eo.Email}, "password": {"correct horse battery staple"}}
		},
		required: []string{"email", "password"},
		bad:      []url.Values{{"email": {"not-an-address"}}, {"password": {"wrong horse battery staple"}}}},
	{route: "/account/security/email/confirm", method: http.MethodPost, as: asEO, anonymous: true,
		path: func(*centre) string { return "/account/security/email/confirm" }, prepare: emailChangeAsked,
		form:     func(c *centre) url.Values { return url.Values{"token": {c.emailToken}} },
		required: []string{"token"}, bad: []url.Values{{"token": {"x"}}, {"token": {strings.Repeat("A", 43)}}}},
	{route: "/account/security/setup", method: http.MethodPost, as: asAdmin, account: true,
		path: func(*centre) string { return "/account/security/setup" }},
	{route: "/account/security/confirm", method: http.MethodPost, as: asAdmin, account: true,
		path: func(*centre) string { return "/account/security/confirm" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			e, err := w.accounts.BeginEnrolment(context.Background(), w.account(c.admin), "the attack world's")
			require.NoError(t, err)
			c.secret = e.Secret
		},
		form: func(c *centre) url.Values {
			code, err := totp.GenerateCode(c.secret, attackTime)
			if err != nil {
				panic(err) // the secret is the library's own
			}
			return url.Values{"code": {code}}
		},
		required: []string{"code"}, bad: []url.Values{{"code": {"abcdef"}}}},
	{route: "/account/security/disable", method: http.MethodPost, as: asAdmin, account: true,
		path: func(*centre) string { return "/account/security/disable" }, prepare: twoFactorOn,
		form:     func(c *centre) url.Values { return url.Values{"code": {c.recovery[0]}} },
		required: []string{"code"}, bad: []url.Values{{"code": {"0000-0000-0000-0000"}}}},
	{route: "/account/security/recovery-codes", method: http.MethodPost, as: asAdmin, account: true,
		path: func(*centre) string { return "/account/security/recovery-codes" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			// One recovery code used, so that ten new ones show on the page.
			twoFactorOn(t, w, c)
			_, err := w.accounts.VerifySecondFactor(context.Background(), w.account(c.admin).ID, c.recovery[1], "192.0.2.1")
			require.NoError(t, err)
		},
		form:     func(c *centre) url.Values { return url.Values{"code": {c.recovery[0]}} },
		required: []string{"code"}, bad: []url.Values{{"code": {"0000-0000-0000-0000"}}}},

	{route: "/centres", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.newcomer }, path: func(*centre) string { return "/centres" },
		form: func(c *centre) url.Values {
			return url.Values{"which_form": {"register"}, "year": {"2025/26"}, "centre_number": {string(c.spareNumber)}, "centre_name": {"New centre"}, "full_name": {c.newcomer.Name}, "roles": {"SL"}}
		},
		required: []string{"year", "centre_number", "centre_name", "full_name", "roles"},
		bad:      []url.Values{{"year": {"last year"}}, {"year": {"2019/20"}}, {"centre_number": {"1234X"}}, {"roles": {"XX"}}}},
	{route: "/join", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.newcomer }, path: func(*centre) string { return "/join" },
		form: func(c *centre) url.Values {
			return url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {string(c.number)}, "full_name": {c.newcomer.Name}, "roles": {"EO"}}
		},
		required: []string{"year", "centre_number", "full_name", "roles"},
		bad:      []url.Values{{"year": {"2025"}}, {"centre_number": {"ABCDEF"}}, {"roles": {"boss"}}}},

	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}", method: http.MethodGet, as: asAdmin, path: centrePage},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/decisions", method: http.MethodPost, formIDs: true, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/decisions" },
		form: func(c *centre) url.Values {
			return url.Values{"registration": {c.pendingReg}, "decision": {"approve"}}
		},
		required: []string{"registration", "decision"}, bad: []url.Values{{"decision": {"maybe"}, "reason": {"a typo rejects nobody"}}}},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/colleagues", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/colleagues" },
		form: func(c *centre) url.Values {
			return url.Values{"full_name": {"Kim Colleague"}, "email": {"kim@" + strings.ToLower(c.name) + ".sch.uk"}, "roles": {"EO"}}
		},
		required: []string{"full_name", "email", "roles"}, bad: []url.Values{{"email": {"kim at school"}}, {"roles": {"XX"}}}},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/colleagues.csv", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/colleagues.csv" },
		form: func(*centre) url.Values { return url.Values{} },
		file: func(c *centre) string {
			return "email,full name,roles\nkim@" + strings.ToLower(c.name) + ".sch.uk,Kim Colleague,EO\n"
		}},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/overseers", method: http.MethodPost, formIDs: true, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/overseers" },
		form: func(c *centre) url.Values {
			return url.Values{"exams_officer": {c.eoReg}, "overseer": {c.lmReg}}
		},
		required: []string{"exams_officer", "overseer"}},
	{route: "/centres/{centre}/audit", method: http.MethodGet, as: asAdmin, path: func(c *centre) string { return "/centres/" + c.id + "/audit" }},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/name", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/name" },
		form: func(c *centre) url.Values { return url.Values{"centre_name": {c.name + " Renamed"}} }, required: []string{"centre_name"}},
	{route: "/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/registrations/" + c.pendingReg + "/approve" }},
	{route: "/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/registrations/" + c.pendingReg + "/reject" },
		form: func(*centre) url.Values { return url.Values{"reason": {"Not on our staff list"}} }, required: []string{"reason"}},
	{route: "/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/registrations/" + c.lmReg + "/grant-admin" }},
	{route: "/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/registrations/" + c.lmReg + "/revoke-admin" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			_, err := w.svc.GrantAdmin(context.Background(), c.admin, c.lmReg)
			require.NoError(t, err)
		}},
	{route: "/registrations/{id}/{action:approve|reject|grant-admin|revoke-admin|leave}", method: http.MethodPost, as: asEO,
		path: func(c *centre) string { return "/registrations/" + c.eoReg + "/leave" }},
	// The pages that ask before rejecting and leaving, and before
	// rejecting in bulk.
	{route: "/registrations/{id}/{action:reject|leave}", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/registrations/" + c.pendingReg + "/reject" }},
	{route: "/registrations/{id}/{action:reject|leave}", method: http.MethodGet, as: asEO,
		path: func(c *centre) string { return "/registrations/" + c.eoReg + "/leave" }},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/decisions", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string {
			return centrePage(c) + "/decisions?decision=reject&registration=" + c.pendingReg
		}},

	{route: "/records/{record}", method: http.MethodGet, as: asAdmin, path: func(c *centre) string { return "/records/" + c.record }},
	{route: "/records/{record}/targets", method: http.MethodPost, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/targets" },
		form: func(*centre) url.Values {
			return url.Values{"area": {"skills"}, "title": {"Contingency plan"}, "description": {"Write it"}, "success_measure": {"Plan agreed"}, "due": {"2026-03-31"}}
		},
		required: []string{"title"},
		bad:      []url.Values{{"due": {"31st March"}}, {"due": {"2024-03-31"}}, {"area": {"cooking"}}, {"catalogue_item": {"no-such-item"}}}},
	{route: "/records/{record}/targets/new", method: http.MethodGet, as: asEO,
		path: func(c *centre) string {
			return "/records/" + c.record + "/targets/new?area=knowledge&phase=phase%3Aentries"
		}},
	{route: "/records/{record}/template", method: http.MethodPost, as: asAdmin,
		path:     func(c *centre) string { return "/records/" + c.record + "/template" },
		form:     func(*centre) url.Values { return url.Values{"template": {"new-eo"}} },
		required: []string{"template"}, bad: []url.Values{{"template": {"no-such-template"}}}},
	{route: "/records/{record}/carry-forward", method: http.MethodPost, as: asEO,
		path: func(c *centre) string { return "/records/" + c.nextRecord + "/carry-forward" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			// Next year's record, for last year's unfinished targets to
			// be carried into.
			ctx := context.Background()
			reg, err := w.svc.RegisterCentre(ctx, c.admin, standards.CentreRegistration{Year: 2026, CentreNumber: c.number, CentreName: "Centre " + c.name, FullName: c.admin.Name, Roles: standards.Roles{standards.RoleSL}})
			require.NoError(t, err)
			eoReg, err := w.svc.RegisterColleague(ctx, c.admin, standards.Colleague{CentreID: c.id, Year: 2026, Email: c.eo.Email, FullName: c.eo.Name, Roles: standards.Roles{standards.RoleEO}})
			require.NoError(t, err)
			_, err = w.svc.AssignOverseer(ctx, c.admin, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: reg.ID})
			require.NoError(t, err)
			roster, err := w.svc.Roster(ctx, c.admin, c.id, 2026)
			require.NoError(t, err)
			m, ok := roster.Member(eoReg.ID)
			require.True(t, ok)
			c.nextRecord = m.RecordID
		}},
	{route: "/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.proposed + "/agree" }},
	{route: "/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.agreed + "/progress" },
		form: func(*centre) url.Values {
			return url.Values{"state": {"in_progress"}, "rating": {"amber"}, "comment": {"On track"}}
		},
		bad: []url.Values{{"state": {"finished"}}, {"rating": {"purple"}}}},
	{route: "/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.agreed + "/achieve" },
		form: func(*centre) url.Values { return url.Values{"comment": {"Well done"}} }},
	{route: "/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.achieved + "/reopen" },
		form: func(*centre) url.Values { return url.Values{"comment": {"One more thing"}} }},
	{route: "/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.agreed + "/withdraw" },
		form: func(*centre) url.Values { return url.Values{"comment": {"No longer needed"}} }, required: []string{"comment"}},
	{route: "/records/{record}/targets/{target}/withdraw", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/targets/" + c.agreed + "/withdraw" }},
	{route: "/records/{record}/take-on", method: http.MethodPost, as: func(c *centre) standards.Actor { return c.lm },
		path: func(c *centre) string { return "/records/" + c.record + "/take-on" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			// An administrator who oversees nobody: only the centre's
			// administrators and the record's own people read a record.
			_, err := w.svc.GrantAdmin(context.Background(), c.admin, c.lmReg)
			require.NoError(t, err)
		}},
	{route: "/records/{record}/cpd", method: http.MethodPost, formIDs: true, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/cpd" },
		form: func(c *centre) url.Values {
			return url.Values{"kind": {"webinar"}, "title": {"Access arrangements webinar"}, "date": {"2025-09-14"}, "hours": {"1.5"},
				"provider": {"JCQ"}, "verified": {"on"}, "reflection": {"Useful"}, "targets": {c.agreed}}
		},
		required: []string{"kind", "title", "date", "hours"},
		bad: []url.Values{{"date": {"yesterday"}}, {"date": {"2025-13-40"}}, {"date": {"2024-09-14"}}, {"hours": {"lots"}}, {"hours": {"NaN"}},
			{"hours": {"Inf"}}, {"hours": {"-1"}}, {"hours": {"0.3"}}, {"kind": {"party"}}}},
	{route: "/records/{record}/cpd/{entry}/delete", method: http.MethodPost, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/cpd/" + c.cpd + "/delete" }},
	{route: "/records/{record}/cpd/{entry}/delete", method: http.MethodGet, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/cpd/" + c.cpd + "/delete" }},
	{route: "/records/{record}/meetings", method: http.MethodPost, formIDs: true, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/meetings" },
		form: func(c *centre) url.Values {
			return url.Values{"kind": {"progress_review"}, "date": {"2025-09-15"}, "attendees": {c.eoReg, c.adminReg}, "notes": {"Going well"},
				"target": {c.agreed}, "state_" + c.agreed: {"in_progress"}, "rating_" + c.agreed: {"green"}, "comment_" + c.agreed: {"Started"},
				"support_description": {"Network meeting"}, "support_owner": {c.eoReg}, "support_due": {"2025-11-30"}}
		},
		required: []string{"kind", "date", "attendees"},
		bad: []url.Values{{"date": {"last Tuesday"}}, {"date": {"2025-09-16"}}, {"support_due": {"soon"}}, {"kind": {"party"}},
			{"support_owner": {"nobody"}}}},
	{route: "/records/{record}/meetings/new", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/meetings/new" }},
	{route: "/records/{record}/actions/{action}/done", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/actions/" + c.action + "/done" }},
	{route: "/records/{record}/notes", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/notes" },
		form: func(*centre) url.Values { return url.Values{"text": {"Discuss workload"}} }, required: []string{"text"}},
	{route: "/records/{record}/{side:sign|countersign}", method: http.MethodPost, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/sign" }},
	{route: "/records/{record}/{side:sign|countersign}", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/countersign" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			_, err := w.svc.SignStatement(context.Background(), c.eo, c.record)
			require.NoError(t, err)
		}},
	{route: "/records/{record}/{side:sign|countersign}", method: http.MethodGet, as: asEO,
		path: func(c *centre) string { return "/records/" + c.record + "/sign" }},
	{route: "/records/{record}/{side:sign|countersign}", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/countersign" },
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			_, err := w.svc.SignStatement(context.Background(), c.eo, c.record)
			require.NoError(t, err)
		}},
	{route: "/records/{record}/claim", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/claim" }},
	{route: "/records/{record}/eligibility", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/eligibility?confirm_knowledge=on" }},
	{route: "/records/{record}/claim", method: http.MethodPost, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/claim" },
		form: func(*centre) url.Values {
			return url.Values{"confirm_knowledge": {"on"}, "confirm_skills": {"on"}, "confirm_values": {"on"}}
		},
		prepare: func(t *testing.T, w *attackWorld, c *centre) {
			// Every target achieved and the statement countersigned: the
			// record can be claimed.
			ctx := context.Background()
			_, err := w.svc.AgreeTarget(ctx, c.admin, c.proposed)
			require.NoError(t, err)
			for _, id := range []string{c.proposed, c.agreed} {
				_, err = w.svc.AchieveTarget(ctx, c.admin, id, "done")
				require.NoError(t, err)
			}
			_, err = w.svc.SignStatement(ctx, c.eo, c.record)
			require.NoError(t, err)
			_, err = w.svc.CountersignStatement(ctx, c.admin, c.record)
			require.NoError(t, err)
		},
		required: []string{"confirm_knowledge", "confirm_skills", "confirm_values"}},

	{route: "/certificates/{id}", method: http.MethodGet, as: asAdmin, path: func(c *centre) string { return "/certificates/" + c.certificate }},
	{route: "/certificates/{id}/certificate.pdf", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/certificates/" + c.certificate + "/certificate.pdf" }},
	{route: "/records/{record}/record.pdf", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/records/" + c.record + "/record.pdf" }},
	{route: "/certificates/{id}/credential.jwt", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/certificates/" + c.certificate + "/credential.jwt" }},
	{route: "/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/dashboard.csv", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return centrePage(c) + "/dashboard.csv" }},
	{route: "/trusts/{trust}/{year:[0-9]{4}-[0-9]{2}}", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/trusts/" + c.trust + "/2025-26" }},
	{route: "/trusts/{trust}/{year:[0-9]{4}-[0-9]{2}}/dashboard.csv", method: http.MethodGet, as: asAdmin,
		path: func(c *centre) string { return "/trusts/" + c.trust + "/2025-26/dashboard.csv" }},

	{route: "/my-data", method: http.MethodPost, as: asEO, path: func(*centre) string { return "/my-data" }, readOnly: true},
	{route: "/my-name", method: http.MethodPost, as: asEO, path: func(*centre) string { return "/my-name" },
		form: func(*centre) url.Values { return url.Values{"full_name": {"A Name Of My Own"}} }, required: []string{"full_name"}},
	{route: "/people/{person}/export", method: http.MethodPost, as: asAdmin, readOnly: true,
		path: func(c *centre) string { return "/people/" + c.adminPerson + "/export" }},
	{route: "/people/{person}/erase", method: http.MethodPost, as: asAdmin,
		path:      func(c *centre) string { return "/people/" + c.eoPerson + "/erase" },
		form:      func(*centre) url.Values { return url.Values{"confirm": {"yes"}} },
		controlAs: func(w *attackWorld) standards.Actor { return w.op },
		required:  []string{"confirm"}},
	{route: "/statement", method: http.MethodPost, as: asAdmin, path: func(*centre) string { return "/statement" },
		form: func(*centre) url.Values {
			return url.Values{"year": {"2025-26"}, "text": {"As an exams officer I keep the exams secure."}}
		},
		controlAs: func(w *attackWorld) standards.Actor { return w.op },
		required:  []string{"year", "text"},
		bad:       []url.Values{{"year": {"last year"}}}},
}

// idVariable finds the path variables that are ids: those without a
// pattern ({record}, not {year:…} or {action:agree|…}).
var idVariable = regexp.MustCompile(`\{[a-z]+\}`)

// choiceVariable finds the path variables that choose among words.
var choiceVariable = regexp.MustCompile(`\{([a-z]+):([a-z|-]+)\}`)

// routeVars matches path against a route template, as the router would,
// and gives its variables.
func routeVars(template, method, path string) (map[string]string, bool) {
	r := mux.NewRouter()
	route := r.Path(template).Methods(method)
	req := httptest.NewRequest(method, path, nil)
	var m mux.RouteMatch
	if !route.Match(req, &m) {
		return nil, false
	}
	return m.Vars, true
}

func attackRoutes(t *testing.T) []app.Route {
	t.Helper()
	routes, err := app.Routes(standards.New(memory.New()), attackOptions(t, time.Now, accounts.New(accounts.NewMemoryStore()), &inbox{})...)
	require.NoError(t, err)
	require.NotEmpty(t, routes)
	return routes
}

// TestAttackEveryRouteIsInTheSuite fails when a route of the router with an
// id in its path, or any POST route, has no attack here, or when an attack
// leaves out one of the words a route chooses among, or does not match the
// route it names.
func TestAttackEveryRouteIsInTheSuite(t *testing.T) {
	covered := map[string][]string{} // route and method → the words chosen
	for _, a := range attacks {
		path, _, _ := strings.Cut(a.path(placeholders), "?")
		vars, ok := routeVars(a.route, a.method, path)
		require.True(t, ok, "%s does not match its route %s", a.name(), a.route)
		key := a.method + " " + a.route
		covered[key] = append(covered[key], "")
		for _, m := range choiceVariable.FindAllStringSubmatch(a.route, -1) {
			covered[key] = append(covered[key], m[1]+"="+vars[m[1]])
		}
	}
	for _, r := range attackRoutes(t) {
		for _, method := range r.Methods {
			key := method + " " + r.Template
			if method != http.MethodPost && !(method == http.MethodGet && idVariable.MatchString(r.Template)) {
				continue
			}
			if _, ok := covered[key]; !assert.True(t, ok, "no attack on %s: add one to attacks", key) {
				continue
			}
			for _, m := range choiceVariable.FindAllStringSubmatch(r.Template, -1) {
				for _, word := range strings.Split(m[2], "|") {
					assert.Contains(t, covered[key], m[1]+"="+word, "no attack on %s with %s", key, word)
				}
			}
		}
	}
}

// assertDone checks that a request which worked changed what it should: the
// library's data, or the browser's session.
func assertDone(t *testing.T, a attack, before, after string, res response, what string) {
	t.Helper()
	switch {
	case a.session:
		assert.True(t, slices.ContainsFunc(res.header.Values("Set-Cookie"), func(c string) bool { return strings.HasPrefix(c, accounts.SessionCookie+"=") }),
			"%s set or cleared no session cookie", what)
	case !a.readOnly:
		assert.True(t, before != after, "%s changed nothing: the suite could not see a change", what)
	}
}

// begin makes ready for the attack who, a person of centre A (or the
// operator): their browser, signed in, or signed out (with their account
// made first, to sign in with), or half signed in (password given, code
// not yet). Both centres are then prepared, so that the attack on B would
// work were it allowed.
func (w *attackWorld) begin(a attack, who standards.Actor) *browser {
	w.t.Helper()
	var b *browser
	if a.anonymous {
		if a.route == "/signin" || a.halfSignedIn {
			w.signIn(who)
		}
		b = w.browser()
		b.a = who
	} else {
		b = w.signIn(who)
	}
	if a.prepare != nil {
		a.prepare(w.t, w, w.a)
		a.prepare(w.t, w, w.b)
	}
	if a.halfSignedIn {
		res := b.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"email": {who.Email}, "password": {"correct horse battery staple"}}.Encode()))
		require.Equal(w.t, http.StatusSeeOther, res.status, res.body)
		require.True(w.t, strings.HasPrefix(res.header.Get("Location"), "/signin/code"), res.header.Get("Location"))
	}
	if a.account {
		w.watch = append(w.watch, b)
	}
	return b
}

// doer is who may make the request in A: the member the attack names, or
// whoever proves it works when no member may.
func (w *attackWorld) doer(a attack) standards.Actor {
	if a.controlAs != nil {
		return a.controlAs(w)
	}
	return a.as(w.a)
}

// account is who's account, made now if it is not there yet.
func (w *attackWorld) account(who standards.Actor) accounts.Account {
	w.t.Helper()
	ctx := context.Background()
	acc, err := w.accounts.CreateAccount(ctx, who.Email, who.Name, "correct horse battery staple")
	if errors.Is(err, standards.ErrConflict) {
		acc, err = w.accounts.SignIn(ctx, who.Email, "correct horse battery staple", "192.0.2.1")
	}
	require.NoError(w.t, err)
	return acc
}

// signedUp signs c's newcomer up, through the accounts manager, and keeps
// their link's token: their account waits for confirmation.
func signedUp(t *testing.T, w *attackWorld, c *centre) {
	sent, err := w.accounts.SignUp(context.Background(), c.newcomer.Email, c.newcomer.Name, "correct horse battery staple", "192.0.2.1")
	require.NoError(t, err)
	require.NotEmpty(t, sent.Token)
	c.signupToken = sent.Token
}

// resetAsked signs c's admin in, in a browser the snapshot watches, and
// asks for a reset link for them, through the accounts manager, keeping
// its token.
func resetAsked(t *testing.T, w *attackWorld, c *centre) {
	w.watch = append(w.watch, w.signIn(c.admin))
	sent, err := w.accounts.RequestReset(context.Background(), c.admin.Email, "192.0.2.1")
	require.NoError(t, err)
	require.NotEmpty(t, sent.Token)
	c.resetToken = sent.Token
}

// emailChangeAsked asks, for c's exams officer, to change their address,
// through the accounts manager, keeping the link's token.
func emailChangeAsked(t *testing.T, w *attackWorld, c *centre) {
	sent, err := w.accounts.RequestEmailChange(context.Background(), w.account(c.eo).ID, "correct horse battery staple", "new."+c.eo.Email, "192.0.2.1")
	require.NoError(t, err)
	require.NotEmpty(t, sent.Token)
	c.emailToken = sent.Token
}

// twoFactorSecret is the authenticator secret the attacks' people use.
const twoFactorSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// twoFactorOn switches two-factor sign-in on for c's admin, and keeps
// their recovery codes.
func twoFactorOn(t *testing.T, w *attackWorld, c *centre) {
	codes, err := w.accounts.ImportTwoFactor(context.Background(), w.account(c.admin).ID, twoFactorSecret)
	require.NoError(t, err)
	c.recovery = codes
}

// request makes the attack's request as b, on path, with form (and the CSV
// of centre c, if it uploads one).
func (b *browser) request(a attack, c *centre, path string, form url.Values, headers ...string) response {
	b.d.t.Helper()
	if a.method == http.MethodGet {
		return b.send(http.MethodGet, path, "", nil, headers...)
	}
	file := ""
	if a.file != nil {
		file = a.file(c)
	}
	contentType, body := formBody(b.d.t, form, file)
	return b.send(a.method, path, contentType, bytes.NewReader(body), headers...)
}

// formOf is the attack's form for c; an empty form when it has none.
func formOf(a attack, c *centre) url.Values {
	if a.form == nil {
		return url.Values{}
	}
	return a.form(c)
}

// ghost is c with every id changed a little: ids of the same shape that
// nobody has.
func ghost(c *centre) *centre {
	g := *c
	change := func(id *string) {
		if len(*id) > 4 {
			tail := "0000"
			if strings.HasSuffix(*id, tail) {
				tail = "1111"
			}
			*id = (*id)[:len(*id)-4] + tail
		}
	}
	for _, id := range []*string{&g.id, &g.adminReg, &g.eoReg, &g.eo2Reg, &g.lmReg, &g.pendingReg, &g.adminPerson, &g.eoPerson,
		&g.record, &g.claimedRecord, &g.certificate, &g.proposed, &g.agreed, &g.achieved, &g.cpd, &g.action, &g.trust, &g.nextRecord} {
		change(id)
	}
	return &g
}

// assertReveals nothing of c: none of its names or its number.
func assertRevealsNothing(t *testing.T, c *centre, res response, what string) {
	t.Helper()
	for _, secret := range []string{"Centre " + c.name, string(c.number), c.admin.Name, c.eo.Name, c.eo2.Name, c.lm.Name, c.joiner.Name} {
		assert.NotContains(t, res.body, secret, "%s reveals %q", what, secret)
	}
}

// succeeded says a request did what it asked: a page or a download, or a
// redirect to the page that shows the change.
func succeeded(res response) bool {
	return res.status == http.StatusOK || res.status == http.StatusSeeOther
}

// TestAttackScopeFirstAnotherCentresIDsAreNotFound proves "scope first, then
// permission" through the app, for every route with an id in its path: a
// member of centre A who may make the request in A makes it with centre B's
// ids, and gets 404, as for an id nobody has, with nothing of B in the
// answer; and nothing changes (R-AUD-1: no audit entry, nothing else). The
// same holds with B's ids in the path and A's in the form, and a form
// naming B's things on A's path is refused too. Last, the same request on
// A's own ids works, so that the refusals are about scope and nothing else.
func TestAttackScopeFirstAnotherCentresIDsAreNotFound(t *testing.T) {
	for _, a := range attacks {
		if !idVariable.MatchString(a.route) {
			continue
		}
		t.Run(a.name(), func(t *testing.T) {
			t.Parallel() // each attack has a world of its own
			w := newAttackWorld(t)
			attacker := w.begin(a, a.as(w.a))
			before := w.snapshot()
			unchanged := func(what string) {
				t.Helper()
				assertUnchanged(t, before, w.snapshot(), what)
			}

			res := attacker.request(a, w.b, a.path(w.b), formOf(a, w.b))
			assert.Equal(t, http.StatusNotFound, res.status, "B's ids: %.300s", res.body)
			assertRevealsNothing(t, w.b, res, "B's ids")
			unchanged("B's ids")
			nobody := attacker.request(a, ghost(w.b), a.path(ghost(w.b)), formOf(a, ghost(w.b)))
			assert.Equal(t, nobody.status, res.status, "B's ids are answered as ids nobody has")
			assert.Equal(t, nobody.body, res.body, "B's ids are answered as ids nobody has")
			unchanged("ids nobody has")
			res = attacker.request(a, w.b, a.path(w.b), formOf(a, w.b), "HX-Request", "true")
			assert.Equal(t, http.StatusNotFound, res.status, "B's ids, from htmx: %.300s", res.body)
			assertRevealsNothing(t, w.b, res, "B's ids from htmx")
			unchanged("B's ids from htmx")

			if a.method == http.MethodPost {
				res = attacker.request(a, w.a, a.path(w.b), formOf(a, w.a))
				assert.Equal(t, http.StatusNotFound, res.status, "B's ids, A's form: %.300s", res.body)
				unchanged("B's ids with A's form")
			}
			if a.formIDs {
				res = attacker.request(a, w.b, a.path(w.a), formOf(a, w.b))
				assert.True(t, res.status == http.StatusNotFound || res.status == http.StatusUnprocessableEntity,
					"A's path, B's form: %d %.300s", res.status, res.body)
				assertRevealsNothing(t, w.b, res, "A's path with B's form")
				unchanged("A's path with B's form")
				nobody = attacker.request(a, w.b, a.path(w.a), formOf(a, ghost(w.b)))
				assert.Equal(t, nobody.status, res.status, "B's ids in a form are answered as ids nobody has")
			}

			// The control: the same request on A's own ids works.
			control := attacker
			if a.controlAs != nil {
				control = w.signIn(a.controlAs(w))
			}
			res = control.request(a, w.a, a.path(w.a), formOf(a, w.a))
			assert.True(t, succeeded(res), "the control on A's own ids: %d %.300s", res.status, res.body)
			if a.method == http.MethodPost {
				assertDone(t, a, before, w.snapshot(), res, "the control on A's own ids")
			}
		})
	}
}

// signedIn says whether b's session is signed in, by asking for a page
// only a signed-in person sees.
func (b *browser) signedIn() bool {
	b.d.t.Helper()
	return b.send(http.MethodGet, "/notifications", "", nil).status == http.StatusOK
}

// TestAttackCrossSitePostsAreRefused sends every POST route, from a signed-
// in member's browser as another site's page would (Sec-Fetch-Site
// cross-site or same-site, or an Origin of another site, or "null"), and
// proves each is refused with 403, sets no cookie, changes nothing and
// leaves the member signed in. The same request from the app's own page
// then works.
func TestAttackCrossSitePostsAreRefused(t *testing.T) {
	for _, a := range attacks {
		if a.method != http.MethodPost {
			continue
		}
		t.Run(a.name(), func(t *testing.T) {
			t.Parallel() // each attack has a world of its own
			w := newAttackWorld(t)
			victim := w.begin(a, w.doer(a))
			before := w.snapshot()
			path, form := a.path(w.a), formOf(a, w.a)
			for _, headers := range [][]string{
				{"Sec-Fetch-Site", "cross-site"},
				{"Sec-Fetch-Site", "same-site"},
				{"Sec-Fetch-Site", "cross-site", "Origin", w.srv.URL},
				{"Origin", "https://evil.example"},
				{"Origin", "null"},
			} {
				res := victim.request(a, w.a, path, form, headers...)
				assert.Equal(t, http.StatusForbidden, res.status, "%v: %.300s", headers, res.body)
				assert.Empty(t, res.header.Values("Set-Cookie"), "%v sets no cookie", headers)
				assertUnchanged(t, before, w.snapshot(), fmt.Sprint(headers))
			}
			assert.Equal(t, !a.anonymous, victim.signedIn(), "the member's session is as it was")

			res := victim.request(a, w.a, path, form, "Sec-Fetch-Site", "same-origin", "Origin", w.srv.URL)
			assert.True(t, succeeded(res), "the same request from the app's own page: %d %.300s", res.status, res.body)
			assertDone(t, a, before, w.snapshot(), res, "the same request from the app's own page")
		})
	}
}

// unsized hides a body's length, so that the client sends it chunked,
// without a Content-Length for the server to refuse it by.
type unsized struct{ io.Reader }

// assertRefused checks the answer to a request that must be refused: a 4xx
// (want, when given), with a message a person can read and nothing of the
// server's insides, no cookie set, and nothing changed.
func assertRefused(t *testing.T, w *attackWorld, before string, res response, what string, want ...int) {
	t.Helper()
	if len(want) > 0 {
		assert.Contains(t, want, res.status, "%s: %.300s", what, res.body)
	}
	assert.True(t, res.status >= 400 && res.status < 500, "%s: %d %.300s", what, res.status, res.body)
	contentType := res.header.Get("Content-Type")
	assert.True(t, strings.HasPrefix(contentType, "text/html") || strings.HasPrefix(contentType, "text/plain"), "%s answers %q", what, contentType)
	assert.NotEmpty(t, strings.TrimSpace(res.body), "%s says why", what)
	for _, inside := range []string{"goroutine", "panic", "runtime error", ".go:"} {
		assert.NotContains(t, res.body, inside, "%s shows the server's insides", what)
	}
	assert.Empty(t, res.header.Values("Set-Cookie"), "%s sets no cookie", what)
	assertUnchanged(t, before, w.snapshot(), what)
}

// TestAttackOversizedBodiesAreRefused posts a body over the 2 MiB cap to
// every POST route, as the member who may use it: with its length given,
// chunked without one, and as a multipart upload. Each is 413 and changes
// nothing; the same form without the padding works.
func TestAttackOversizedBodiesAreRefused(t *testing.T) {
	padding := strings.Repeat("a", 2<<20)
	for _, a := range attacks {
		if a.method != http.MethodPost {
			continue
		}
		t.Run(a.name(), func(t *testing.T) {
			t.Parallel() // each attack has a world of its own
			w := newAttackWorld(t)
			b := w.begin(a, w.doer(a))
			before := w.snapshot()
			path, form := a.path(w.a), formOf(a, w.a)
			padded := url.Values{"padding": {padding}}
			for k, v := range form {
				padded[k] = v
			}
			body := []byte(padded.Encode())
			res := b.send(http.MethodPost, path, "application/x-www-form-urlencoded", bytes.NewReader(body))
			assertRefused(t, w, before, res, "a long form", http.StatusRequestEntityTooLarge)
			res = b.send(http.MethodPost, path, "application/x-www-form-urlencoded", unsized{bytes.NewReader(body)})
			assertRefused(t, w, before, res, "a long form sent chunked", http.StatusRequestEntityTooLarge)
			contentType, upload := formBody(t, form, padding)
			res = b.send(http.MethodPost, path, contentType, bytes.NewReader(upload))
			assertRefused(t, w, before, res, "a long upload", http.StatusRequestEntityTooLarge)

			res = b.request(a, w.a, path, form)
			assert.True(t, succeeded(res), "the form without the padding: %d %.300s", res.status, res.body)
			assertDone(t, a, before, w.snapshot(), res, "the form without the padding")
		})
	}
}

// repeatable are the fields the app's forms send more than once (ticked
// boxes, a meeting's targets): the rest are refused when sent twice.
var repeatable = []string{"roles", "registration", "attendees", "target", "targets"}

// TestAttackMalformedFormsAreRefused posts to every POST route, as the
// member who may use it, forms that are not right: bad percent-encoding, a
// body that is not a form (JSON, text, no type, multipart without its
// boundary), a field sent twice, each required field missing, and fields
// of the wrong kind (letters in a date or in hours, a word no list has).
// Each is a 4xx with a message a person can read, never a 500, and changes
// nothing; the good form then works.
func TestAttackMalformedFormsAreRefused(t *testing.T) {
	for _, a := range attacks {
		if a.method != http.MethodPost {
			continue
		}
		t.Run(a.name(), func(t *testing.T) {
			t.Parallel() // each attack has a world of its own
			w := newAttackWorld(t)
			b := w.begin(a, w.doer(a))
			before := w.snapshot()
			path, form := a.path(w.a), formOf(a, w.a)
			file := ""
			if a.file != nil {
				file = a.file(w.a)
			}
			send := func(form url.Values) response {
				contentType, body := formBody(t, form, file)
				return b.send(http.MethodPost, path, contentType, bytes.NewReader(body))
			}

			encoded := form.Encode()
			res := b.send(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(encoded+"&note=%zz"))
			assertRefused(t, w, before, res, "bad percent-encoding", http.StatusBadRequest)
			for _, contentType := range []string{"application/json", "text/plain", ""} {
				res = b.send(http.MethodPost, path, contentType, strings.NewReader(encoded))
				assertRefused(t, w, before, res, "a body of type "+contentType, http.StatusUnsupportedMediaType)
			}
			res = b.send(http.MethodPost, path, "multipart/form-data", strings.NewReader(encoded))
			assertRefused(t, w, before, res, "multipart without a boundary", http.StatusBadRequest)

			for field, values := range form {
				if len(values) == 1 && !slices.Contains(repeatable, field) {
					twice := url.Values{}
					for k, v := range form {
						twice[k] = v
					}
					twice[field] = []string{values[0], values[0] + "x"}
					assertRefused(t, w, before, send(twice), field+" sent twice", http.StatusBadRequest)
				}
			}
			for _, field := range a.required {
				without := url.Values{}
				for k, v := range form {
					if k != field {
						without[k] = v
					}
				}
				assertRefused(t, w, before, send(without), "without "+field)
			}
			for _, bad := range a.bad {
				wrong := url.Values{}
				for k, v := range form {
					wrong[k] = v
				}
				for k, v := range bad {
					wrong[k] = v
				}
				assertRefused(t, w, before, send(wrong), fmt.Sprint(bad))
			}

			res = b.request(a, w.a, path, form)
			assert.True(t, succeeded(res), "the good form: %d %.300s", res.status, res.body)
			assertDone(t, a, before, w.snapshot(), res, "the good form")
		})
	}
}

// rawGet sends a request line exactly as written, which a client would
// clean or escape first, and reads the answer.
func rawGet(t *testing.T, srv *httptest.Server, target string) (status int, location, body string) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, srv.Listener.Addr())
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// TestAttackStaticFilesStayInTheirFolder asks the static file server for
// files outside its folder every way an address can say so: dot-dot
// segments plain and percent-encoded, encoded slashes, backslashes,
// absolute paths, a NUL. None is answered with a file: each is a 404 or a
// 400, or a redirect to a cleaned address that is itself a 404, and no
// answer holds the source, the module file, a template or a system file.
// What the folder does hold is still served.
func TestAttackStaticFilesStayInTheirFolder(t *testing.T) {
	d := newDemo(t)
	outside := []string{"module github.com/eops/eops", "package app", "{{define", "root:", "[boot loader]", "Deque Systems"}
	for _, target := range []string{
		"/static/../go.mod", "/static/../../../go.mod", "/static/../app.go", "/static/../templates/layout.html",
		"/static/%2e%2e/app.go", "/static/%2e%2e/%2e%2e/%2e%2e/go.mod", "/static/%2E%2E%2Fapp.go",
		"/static/..%2fapp.go", "/static/..%2f..%2f..%2fgo.mod", "/static/vendor/..%2f..%2fapp.go",
		"/static/..\\app.go", "/static/..%5capp.go", "/static/vendor\\..\\..\\app.go", "/static/%5c..%5c..%5cgo.mod",
		"/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/%2F..%2F..%2Fgo.mod", "/static/C:\\Windows\\win.ini", "/static/C:%5CWindows%5Cwin.ini",
		"/static/site.css%00.html", "/static/vendor/axe.min.js", "/static/vendor/../../templates/layout.html",
		"/static/./../app.go", "/static/.%2e/app.go", "/%2e%2e/go.mod", "/..%2f..%2fgo.mod",
	} {
		status, location, body := rawGet(t, d.srv, target)
		for hops := 0; hops < 5 && status == http.StatusMovedPermanently; hops++ {
			// The router's redirect to the cleaned address: follow it, as
			// a browser would.
			loc, err := url.Parse(location)
			require.NoError(t, err)
			status, location, body = rawGet(t, d.srv, loc.RequestURI())
		}
		assert.Contains(t, []int{http.StatusNotFound, http.StatusBadRequest}, status, "%s: %.200s", target, body)
		for _, s := range outside {
			assert.NotContains(t, body, s, "%s answers with a file outside the folder", target)
		}
	}
	status, _, body := rawGet(t, d.srv, "/static/site.css")
	assert.Equal(t, http.StatusOK, status)
	assert.NotEmpty(t, body)
	status, _, body = rawGet(t, d.srv, "/static/vendor/htmx.min.js")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "htmx")
}

// sessionCookie is the session cookie a response sets, or "" when it sets
// none.
func sessionCookie(res response) string {
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == accounts.SessionCookie {
			return c.Value
		}
	}
	return ""
}

// withCookie makes a request as a client that holds nothing but the
// session cookie value given, as a thief or a planted cookie would.
func withCookie(d *demo, value, method, path string, form url.Values) response {
	d.t.Helper()
	var body io.Reader
	contentType := ""
	if form != nil {
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
	return d.browser().send(method, path, contentType, body, "Cookie", accounts.SessionCookie+"="+value)
}

// TestAttackSessionFixation proves that a session id that exists before
// sign-in never becomes a signed-in one. A victim's browser carrying a
// session id the attacker planted (the attacker's own, signed in, or one
// the attacker made up) gets a new id when the victim signs in or up, and
// the planted id is not signed in as the victim. Made-up ids of every shape
// sign nobody in and break nothing. With two-factor sign-in, the half
// session after the password is a new id, and the session after the code
// another. The cookie is HttpOnly, SameSite=Lax, and Secure behind a proxy
// that says the request came over HTTPS.
func TestAttackSessionFixation(t *testing.T) {
	w := newAttackWorld(t)
	victim := w.a.admin
	w.signIn(victim)
	w.signIn(w.a.eo)
	attacker := w.signIn(w.b.admin)
	planted := attacker.send(http.MethodGet, "/", "", nil)
	require.Equal(t, http.StatusOK, planted.status)
	srvURL, err := url.Parse(w.srv.URL)
	require.NoError(t, err)
	attackers := attacker.c.Jar.Cookies(srvURL)
	require.Len(t, attackers, 1)
	made := strings.Repeat("A", 43) // the shape of a real id: 43 characters of base64

	for name, value := range map[string]string{"the attacker's own session": attackers[0].Value, "a made-up id": made} {
		b := w.browser()
		b.c.Jar.SetCookies(srvURL, []*http.Cookie{{Name: accounts.SessionCookie, Value: value, Path: "/"}})
		res := b.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"email": {victim.Email}, "password": {"correct horse battery staple"}}.Encode()))
		require.Equal(t, http.StatusSeeOther, res.status, "%s: %.300s", name, res.body)
		after := sessionCookie(res)
		assert.NotEmpty(t, after, "%s: signing in sets a session cookie", name)
		assert.NotEqual(t, value, after, "%s: signing in gives a new id", name)
		assert.True(t, b.signedIn(), name)
		assert.NotContains(t, withCookie(w.demo, value, http.MethodGet, "/", nil).body, "Sign out "+victim.Name,
			"%s is not signed in as the victim", name)
	}

	// Signing up starts no session; following the link starts one, under
	// a new id too.
	b := w.browser()
	b.c.Jar.SetCookies(srvURL, []*http.Cookie{{Name: accounts.SessionCookie, Value: made, Path: "/"}})
	res := b.send(http.MethodPost, "/signup", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {"fresh@a.sch.uk"}, "full_name": {"Fresh"}, "password": {"correct horse battery staple"}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.Empty(t, sessionCookie(res), "sign-up alone signs nobody in")
	res = b.send(http.MethodPost, "/signup/confirm", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"token": {w.token("fresh@a.sch.uk")}, "password": {"correct horse battery staple"}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	assert.NotContains(t, []string{"", made}, sessionCookie(res), "the link's confirmation gives a new id")
	assert.True(t, b.signedIn())
	assert.NotContains(t, withCookie(w.demo, made, http.MethodGet, "/", nil).body, "Sign out Fresh")

	for _, value := range []string{made, "", "x", strings.Repeat("A", 42), strings.Repeat("A", 44), strings.Repeat("A", 4000),
		"%00", "..%2f..%2f", "é" + strings.Repeat("A", 41), attackers[0].Value + "A", strings.ToLower(attackers[0].Value)} {
		res := withCookie(w.demo, value, http.MethodGet, "/notifications", nil)
		assert.Equal(t, http.StatusSeeOther, res.status, "cookie %.50q signs nobody in", value)
		assert.Equal(t, "/signin?next=%2Fnotifications", res.header.Get("Location"), "cookie %.50q", value)
	}

	// With two-factor sign-in, the password step gives a new id, and the
	// code step another: neither the planted id nor the half session's is
	// the signed-in one, and neither signs anyone in afterwards.
	twoFactorOn(t, w, w.a)
	b = w.browser()
	b.c.Jar.SetCookies(srvURL, []*http.Cookie{{Name: accounts.SessionCookie, Value: made, Path: "/"}})
	res = b.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {victim.Email}, "password": {"correct horse battery staple"}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	half := sessionCookie(res)
	assert.NotEqual(t, made, half)
	res = b.send(http.MethodPost, "/signin/code", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"code": {w.a.recovery[0]}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	full := sessionCookie(res)
	assert.NotContains(t, []string{"", made, half}, full, "the code step gives a new id")
	assert.True(t, b.signedIn())
	for _, value := range []string{made, half} {
		assert.Equal(t, http.StatusSeeOther, withCookie(w.demo, value, http.MethodGet, "/notifications", nil).status)
	}

	// The cookie itself.
	res = w.browser().send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {w.a.eo.Email}, "password": {"correct horse battery staple"}}.Encode()), "X-Forwarded-Proto", "https")
	require.Equal(t, http.StatusSeeOther, res.status)
	cookies := (&http.Response{Header: res.header}).Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	assert.True(t, c.HttpOnly, "no script reads the session id")
	assert.Equal(t, http.SameSiteLaxMode, c.SameSite, "no other site's POST carries it")
	assert.True(t, c.Secure, "sent over HTTPS only, behind a proxy that says so")
	assert.Equal(t, "/", c.Path)
	assert.Len(t, c.Value, 43, "256 random bits")
}

// TestAttackStolenSessionAfterSignOut proves that a session id copied from
// a signed-in browser is worth nothing once its owner signs out, or signs
// in again: replayed, it reads no page that needs a person, changes
// nothing, and does not come back to life.
func TestAttackStolenSessionAfterSignOut(t *testing.T) {
	w := newAttackWorld(t)
	victim := w.signIn(w.a.admin)
	srvURL, err := url.Parse(w.srv.URL)
	require.NoError(t, err)
	stolen := victim.c.Jar.Cookies(srvURL)[0].Value
	colleague := url.Values{"full_name": {"Kim Colleague"}, "email": {"kim@a.sch.uk"}, "roles": {"EO"}}
	change := centrePage(w.a) + "/colleagues"

	// While the victim is signed in, the copy works: the test would see a
	// thief get in.
	assert.Equal(t, http.StatusOK, withCookie(w.demo, stolen, http.MethodGet, "/notifications", nil).status)

	res := victim.send(http.MethodPost, "/signout", "application/x-www-form-urlencoded", strings.NewReader(""))
	require.Equal(t, http.StatusSeeOther, res.status)
	cleared := (&http.Response{Header: res.header}).Cookies()
	require.Len(t, cleared, 1)
	assert.True(t, cleared[0].MaxAge < 0, "signing out tells the browser to drop the cookie")
	assert.False(t, victim.signedIn())

	before := w.snapshot()
	for _, path := range []string{"/notifications", "/", centrePage(w.a), "/records/" + w.a.record} {
		res = withCookie(w.demo, stolen, http.MethodGet, path, nil)
		assert.NotContains(t, res.body, "Sign out", "the stolen id reads %s", path)
		assert.NotContains(t, res.body, w.a.eo.Name, "the stolen id reads %s", path)
	}
	res = withCookie(w.demo, stolen, http.MethodPost, change, colleague)
	assert.Equal(t, http.StatusSeeOther, res.status)
	assert.True(t, strings.HasPrefix(res.header.Get("Location"), "/signin"), "the stolen id is sent to sign in: %s", res.header.Get("Location"))
	assertUnchanged(t, before, w.snapshot(), "a change with the stolen id")

	// Signing in again gives a new id, and the old one stays dead; an id
	// stolen from the new session dies when the victim signs in once more.
	res = victim.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {w.a.admin.Email}, "password": {"correct horse battery staple"}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status)
	second := sessionCookie(res)
	assert.NotEqual(t, stolen, second)
	assert.Equal(t, http.StatusSeeOther, withCookie(w.demo, stolen, http.MethodGet, "/notifications", nil).status)
	res = victim.send(http.MethodPost, "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {w.a.admin.Email}, "password": {"correct horse battery staple"}}.Encode()))
	require.Equal(t, http.StatusSeeOther, res.status)
	assert.Equal(t, http.StatusSeeOther, withCookie(w.demo, second, http.MethodGet, "/notifications", nil).status,
		"signing in again ends the session the browser brought")
	assert.True(t, victim.signedIn())
}

// payload is a script in every form an attacker would try, marked with
// where it was typed: a script element, an attribute broken out of with
// each kind of quote, and a javascript: address.
func payload(marker string) string {
	return marker + ` <script>alert("` + marker + `")</script>"><img src=x onerror=alert(1)>'><svg onload=alert(1)> javascript:alert(1)`
}

// tag is an HTML start tag: its name and its attributes, names lower-cased
// and values as written.
type tag struct {
	name  string
	attrs [][2]string
}

// startTags reads the start tags of a page as a browser does: a quoted
// attribute value runs to its closing quote, so text escaped inside an
// attribute is not read as another attribute. Text between tags is
// skipped: any "<" in it that html/template left unescaped would start a
// tag here, as in a browser.
func startTags(doc string) []tag {
	var out []tag
	isName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_' || c == '.'
	}
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' }
	for i := 0; i < len(doc); i++ {
		if doc[i] != '<' || i+1 >= len(doc) || !(doc[i+1] >= 'a' && doc[i+1] <= 'z' || doc[i+1] >= 'A' && doc[i+1] <= 'Z') {
			continue
		}
		j := i + 1
		for j < len(doc) && isName(doc[j]) {
			j++
		}
		t := tag{name: strings.ToLower(doc[i+1 : j])}
		for j < len(doc) && doc[j] != '>' {
			if space(doc[j]) {
				j++
				continue
			}
			k := j
			for k < len(doc) && !space(doc[k]) && doc[k] != '=' && doc[k] != '>' {
				k++
			}
			name, value := strings.ToLower(doc[j:k]), ""
			j = k
			for j < len(doc) && space(doc[j]) && doc[j] != '/' {
				j++
			}
			if j < len(doc) && doc[j] == '=' {
				j++
				for j < len(doc) && (doc[j] == ' ' || doc[j] == '\n' || doc[j] == '\t') {
					j++
				}
				if j < len(doc) && (doc[j] == '"' || doc[j] == '\'') {
					end := strings.IndexByte(doc[j+1:], doc[j])
					if end < 0 {
						end = len(doc) - j - 1
					}
					value, j = doc[j+1:j+1+end], j+end+2
				} else {
					k = j
					for k < len(doc) && !space(doc[k]) && doc[k] != '>' {
						k++
					}
					value, j = doc[j:k], k
				}
			}
			t.attrs = append(t.attrs, [2]string{name, value})
		}
		out = append(out, t)
		i = j
	}
	return out
}

// linkAttributes are the attributes whose value a browser follows or loads.
var linkAttributes = []string{"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc",
	"hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete", "hx-action"}

// failer is what assertInert reports to: a test, or a recorder when the
// check itself is tested.
type failer interface {
	Helper()
	Errorf(format string, args ...any)
}

// recorder is a failer that notes whether anything failed.
type recorder struct{ failed bool }

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }

// assertInert checks that a page runs no script but the app's own: its
// script elements load htmx and the app's own module from the app; no element is an image,
// frame or object; no attribute is an event handler (on…, or htmx's
// hx-on); no link, source or form address, and no attribute at all, starts
// javascript: or js:; and none of the payload's pieces is there unescaped.
func assertInert(t failer, where, body string) {
	t.Helper()
	for _, raw := range []string{"<script>alert(", `"><img`, "<img src=x", "'><svg", "<svg onload"} {
		assert.NotContains(t, body, raw, "%s holds the payload unescaped", where)
	}
	for _, tg := range startTags(body) {
		switch tg.name {
		case "script":
			// htmx, and the app's own module that starts GOV.UK Frontend.
			assert.Contains(t, [][][2]string{
				{{"src", "/static/vendor/htmx.min.js"}, {"defer", ""}},
				{{"type", "module"}, {"src", "/static/app.js"}},
			}, tg.attrs, "%s: a script not the app's", where)
		case "img":
			// The one image is the two-factor QR code the app draws: a PNG
			// in a data: address, which typed text cannot become.
			assert.True(t, len(tg.attrs) > 0 && tg.attrs[0][0] == "src" && strings.HasPrefix(tg.attrs[0][1], "data:image/png;base64,"),
				"%s: an image not the app's: %v", where, tg.attrs)
		case "iframe", "frame", "object", "embed", "base", "style":
			assert.Fail(t, "a "+tg.name+" element", "%s: %v", where, tg.attrs)
		}
		for _, a := range tg.attrs {
			name, value := a[0], strings.ToLower(strings.TrimSpace(html.UnescapeString(a[1])))
			assert.False(t, strings.HasPrefix(name, "on") || strings.HasPrefix(name, "hx-on"), "%s: <%s %s=%q>", where, tg.name, name, a[1])
			assert.False(t, strings.HasPrefix(value, "javascript:") || strings.HasPrefix(value, "js:") || strings.HasPrefix(value, "vbscript:"),
				"%s: <%s %s=%q>", where, tg.name, name, a[1])
			if slices.Contains(linkAttributes, name) && strings.HasPrefix(value, "data:") {
				assert.True(t, a == [2]string{"href", "data:,"} || tg.name == "img" && strings.HasPrefix(value, "data:image/png;base64,"),
					"%s: <%s %s=%q> loads data", where, tg.name, name, a[1])
			}
		}
	}
}

// TestAttackStartTagsReadsAttributesAsABrowserDoes checks the reader the
// inert check stands on: an escaped payload inside a quoted value is one
// attribute, and a payload let through is caught.
func TestAttackStartTagsReadsAttributesAsABrowserDoes(t *testing.T) {
	safe := `<input value="x &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" name=a><p>&lt;script&gt;</p>`
	assert.Equal(t, []tag{{name: "input", attrs: [][2]string{{"value", `x &#34;&gt;&lt;img src=x onerror=alert(1)&gt;`}, {"name", "a"}}}, {name: "p"}}, startTags(safe))
	unsafe := `<input value="x"><img src=x onerror=alert(1)>"><a href=" javascript:alert(1)">`
	assert.Equal(t, []tag{{name: "input", attrs: [][2]string{{"value", "x"}}}, {name: "img", attrs: [][2]string{{"src", "x"}, {"onerror", "alert(1)"}}},
		{name: "a", attrs: [][2]string{{"href", " javascript:alert(1)"}}}}, startTags(unsafe))
	for _, page := range []string{unsafe, `<p title='a' onclick="x">`, `<a href="JavaScript:x">`, `<form action=" js:x">`, `<script>x</script>`} {
		r := &recorder{}
		assertInert(r, page, page)
		assert.True(t, r.failed, "the inert check catches %s", page)
	}
	r := &recorder{}
	assertInert(r, "safe", safe)
	assert.False(t, r.failed, "the inert check lets an escaped payload be")
}

// textInput finds the inputs and text areas of the pages' sources, with their
// type and name.
var textInput = regexp.MustCompile(`<(input|textarea)\b[^>]*>`)

// attribute reads one attribute of a tag as the pages' sources write it:
// name="x", or name={ "x_" + … } for a name built in Go, as its constant
// start.
func attribute(tag, name string) string {
	m := regexp.MustCompile(`\s` + name + `=(?:"([^"]*)"|\{\s*"([^"]*)")`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

// govukInput is a call of the GOV.UK text input component in a page's
// source, up to the end of its options.
var govukInput = regexp.MustCompile(`(?s)govuk\.Input\(govuk\.InputOptions\{(.*?)\}\)`)

// templateTextFields lists the name of every text field of the pages
// (*.templ): the inputs and text areas written as HTML, and the GOV.UK
// text inputs (govuk.Input), whose type is text unless they say otherwise.
func templateTextFields(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*.templ")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	textType := func(typ string) bool {
		return slices.Contains([]string{"", "text", "email", "search", "url", "tel", "hidden"}, typ)
	}
	out := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range textInput.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "input" && !textType(attribute(m[0], "type")) {
				continue
			}
			out[attribute(m[0], "name")] = true
		}
		for _, m := range govukInput.FindAllStringSubmatch(string(src), -1) {
			field := func(key string) string {
				v := regexp.MustCompile(`\b` + key + `:\s*"([^"]*)"`).FindStringSubmatch(m[1])
				if v == nil {
					return ""
				}
				return v[1]
			}
			if textType(field("Type")) {
				out[field("Name")] = true
			}
		}
	}
	require.NotEmpty(t, out)
	return out
}

// TestAttackScriptsInEveryTextFieldAreInert types a script, an attribute
// breaking out with either quote, and a javascript: address into every text
// field of every form, as the people who may use each form, and into the
// trust's name (which only the library sets). What the library keeps is
// then shown on every page by everyone who can see it, whole page and htmx
// fragment, and every page runs no script but the app's own (assertInert);
// each kept payload is shown, escaped, somewhere, or kept where no page
// shows it. What a form refuses and shows back beside the problem is inert
// too, and so are the pages that echo a query. A field of the templates
// that this test does not type into fails it.
func TestAttackScriptsInEveryTextFieldAreInert(t *testing.T) {
	d := &demo{t: t, now: attackTime, mail: &inbox{}}
	clock := func() time.Time { return d.now }
	d.svc = standards.New(memory.New(), standards.WithClock(d.serviceClock))
	m := accounts.New(accounts.NewMemoryStore(), accounts.WithClock(clock))
	d.srv = httptest.NewServer(app.New(d.svc, attackOptions(t, clock, m, d.mail)...))
	t.Cleanup(d.srv.Close)
	ctx := context.Background()

	typed := map[string]bool{}   // the fields typed into, by name
	shown := map[string]string{} // payloads some page must show, by marker
	check := func(where string, res response) response {
		t.Helper()
		assert.Less(t, res.status, 500, "%s: %.300s", where, res.body)
		if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			assertInert(t, where, res.body)
		}
		return res
	}
	post := func(b *browser, path string, form url.Values, headers ...string) response {
		t.Helper()
		for k, vs := range form {
			if strings.Contains(strings.Join(vs, ""), "<script>") {
				typed[k] = true
			}
		}
		return check("POST "+path, b.send(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), headers...))
	}
	stored := func(b *browser, path string, form url.Values, markers ...string) {
		t.Helper()
		res := post(b, path, form)
		require.True(t, succeeded(res), "%s: %d %.300s", path, res.status, res.body)
		for _, m := range markers {
			shown[m] = payload(m)
		}
	}
	thisYear := url.Values{"year": {"2025/26"}}.Encode()

	// The head signs up, registers a centre and a colleague, and makes
	// themselves the colleague's overseer.
	head := d.signUp("head@p.sch.uk", payload("account"))
	typed["full_name"] = true
	shown["account"] = payload("account")
	stored(head, "/centres", url.Values{"which_form": {"register"}, "year": {"2025/26"}, "centre_number": {"33333"},
		"centre_name": {payload("centre")}, "full_name": {payload("person")}, "roles": {"SL"}}, "centre", "person")
	head.a = standards.Actor{Email: "head@p.sch.uk"}
	mine, err := d.svc.MyRegistrations(ctx, head.a)
	require.NoError(t, err)
	pc := &centre{name: "P", number: "33333", id: mine[0].Centre.ID, adminReg: mine[0].Registration.ID}
	centrePath := centrePage(pc)
	stored(head, centrePath+"/colleagues", url.Values{"full_name": {payload("colleague")}, "email": {"eo@p.sch.uk"}, "roles": {"EO"}}, "colleague")
	var file bytes.Buffer
	out := csv.NewWriter(&file)
	require.NoError(t, out.WriteAll([][]string{{"email", "full name", "roles"}, {"csv@p.sch.uk", payload("csvname"), "LM"}}))
	contentType, body := formBody(t, url.Values{}, file.String())
	res := check("upload", head.send(http.MethodPost, centrePath+"/colleagues.csv", contentType, bytes.NewReader(body)))
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	shown["csvname"] = payload("csvname")
	pc.eoReg = d.member(head.a, pc.id, "eo@p.sch.uk").Registration.ID
	pc.record = d.member(head.a, pc.id, "eo@p.sch.uk").RecordID
	stored(head, centrePath+"/overseers", url.Values{"exams_officer": {pc.eoReg}, "overseer": {pc.adminReg}})

	// Two people ask to join, one from the find page, and are rejected,
	// one in bulk, one alone, with reasons.
	j1, j2 := d.signUp("j1@p.sch.uk", "Jo P"), d.signUp("j2@p.sch.uk", "Jay P")
	stored(j1, "/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {"33333"}, "full_name": {payload("joiner")}, "roles": {"EO"}}, "joiner")
	check("find", j2.send(http.MethodGet, "/find?centre_number=33333&"+thisYear, "", nil))
	stored(j2, "/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {"33333"}, "full_name": {payload("finder")}, "roles": {"LM"}}, "finder")
	// Rejecting in bulk asks first: the page that asks shows the reason
	// typed, and its form sends it on.
	j1Reg := d.member(head.a, pc.id, "j1@p.sch.uk").Registration.ID
	asked := check("ask before rejecting", head.send(http.MethodGet, centrePath+"/decisions?"+url.Values{"decision": {"reject"}, "registration": {j1Reg}, "reason": {payload("decisions")}}.Encode(), "", nil))
	require.Equal(t, http.StatusOK, asked.status, asked.body)
	stored(head, centrePath+"/decisions", url.Values{"registration": {j1Reg}, "decision": {"reject"}, "confirm": {"yes"},
		"reason": {payload("decisions")}}, "decisions")
	// The page that asks sends its hidden fields back as they were: typed
	// into, they are refused, and nothing is let out on the way.
	for _, field := range []string{"registration", "decision", "confirm"} {
		form := url.Values{"registration": {j1Reg}, "decision": {"reject"}, "confirm": {"yes"}}
		form.Set(field, payload(field))
		res := post(head, centrePath+"/decisions", form)
		assert.False(t, succeeded(res) && field != "confirm", "%s typed into: %d", field, res.status)
	}
	stored(head, "/registrations/"+d.member(head.a, pc.id, "j2@p.sch.uk").Registration.ID+"/reject", url.Values{"reason": {payload("reason")}}, "reason")

	// The exams officer proposes a target, which goes through every state
	// with a comment at each step, and logs CPD.
	eo := d.signUp("eo@p.sch.uk", "Eve P")
	stored(eo, "/records/"+pc.record+"/targets", url.Values{"area": {"knowledge"}, "title": {payload("title")}, "description": {payload("description")},
		"success_measure": {payload("measure")}, "due": {"2026-03-31"}}, "title", "measure")
	tr, err := d.svc.Tracker(ctx, head.a, pc.record)
	require.NoError(t, err)
	require.Len(t, tr.Targets, 1)
	target := "/records/" + pc.record + "/targets/" + tr.Targets[0].ID
	stored(head, target+"/agree", url.Values{})
	stored(head, target+"/progress", url.Values{"state": {"in_progress"}, "rating": {"amber"}, "comment": {payload("progress")}}, "progress")
	stored(head, target+"/achieve", url.Values{"comment": {payload("achieve")}}, "achieve")
	stored(head, target+"/reopen", url.Values{"comment": {payload("reopen")}}, "reopen")
	stored(head, target+"/withdraw", url.Values{"comment": {payload("withdraw")}}, "withdraw")
	stored(eo, "/records/"+pc.record+"/cpd", url.Values{"kind": {"webinar"}, "title": {payload("cpdtitle")}, "date": {"2025-09-14"}, "hours": {"1"},
		"provider": {payload("provider")}, "reflection": {payload("reflection")}}, "cpdtitle", "provider")
	// The suggestions' filter, carried through a proposal back into the
	// tracker's address (the target is then withdrawn, so that the claim
	// below still can be made); hours that are not a number.
	res = post(eo, "/records/"+pc.record+"/targets", url.Values{"catalogue_item": {"ku-entries"},
		"filter_area": {payload("filterarea")}, "filter_audience": {payload("filteraudience")}, "filter_phase": {payload("filterphase")}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	check("GET the tracker, filtered", eo.send(http.MethodGet, res.header.Get("Location"), "", nil))
	tr, err = d.svc.Tracker(ctx, head.a, pc.record)
	require.NoError(t, err)
	_, err = d.svc.WithdrawTarget(ctx, head.a, tr.Targets[len(tr.Targets)-1].ID, "proposed to test the filter")
	require.NoError(t, err)
	post(eo, "/records/"+pc.record+"/cpd", url.Values{"kind": {"webinar"}, "title": {"X"}, "date": {"2025-09-14"}, "hours": {payload("hours")}})

	// Two targets from the catalogue, then a meeting with notes, a comment
	// on a target and a support action, and a private note.
	var ids []string
	for _, item := range []string{"ku-entries", "ks-deadlines"} {
		tg, _, err := d.svc.ProposeTarget(ctx, head.a, pc.record, standards.TargetInput{CatalogueItemID: item})
		require.NoError(t, err)
		_, err = d.svc.AgreeTarget(ctx, eo.a, tg.ID)
		require.NoError(t, err)
		ids = append(ids, tg.ID)
	}
	stored(head, "/records/"+pc.record+"/meetings", url.Values{"kind": {"progress_review"}, "date": {"2025-09-15"}, "attendees": {pc.eoReg, pc.adminReg},
		"notes": {payload("notes")}, "target": {ids[0]}, "comment_" + ids[0]: {payload("meetingcomment")},
		"support_description": {payload("support")}, "support_owner": {pc.eoReg}, "support_due": {"2025-11-30"}}, "notes", "meetingcomment", "support")
	typed["comment_"] = true
	stored(head, "/records/"+pc.record+"/notes", url.Values{"text": {payload("note")}}, "note")

	// The trust, named by the operator through the library, with the
	// centre in it; then the certificate, claimed.
	operator := standards.Actor{Email: operatorEmail, Name: "Olive Operator", Operator: true}
	trust, err := d.svc.CreateTrust(ctx, operator, payload("trust"))
	require.NoError(t, err)
	shown["trust"] = payload("trust")
	pc.trust = trust.ID
	_, err = d.svc.AppointTrustLead(ctx, operator, trust.ID, head.a.Email, "Head P")
	require.NoError(t, err)
	invite, err := d.svc.InviteCentre(ctx, head.a, trust.ID, "33333")
	require.NoError(t, err)
	_, err = d.svc.AcceptTrustRequest(ctx, head.a, invite.ID)
	require.NoError(t, err)
	for _, id := range ids {
		_, err = d.svc.AchieveTarget(ctx, head.a, id, "done")
		require.NoError(t, err)
	}
	_, err = d.svc.SignStatement(ctx, eo.a, pc.record)
	require.NoError(t, err)
	_, err = d.svc.CountersignStatement(ctx, head.a, pc.record)
	require.NoError(t, err)
	cert, err := d.svc.Claim(ctx, head.a, pc.record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	pc.certificate = cert.ID
	op := d.signUp(operatorEmail, "Olive Operator")
	// The statement's form says which version it showed; a version that is
	// no number is no version, and publishes nothing.
	post(op, "/statement", url.Values{"year": {"2025/26"}, "version": {payload("version")}, "text": {payload("statement")}})

	// What the forms refuse, shown back beside the problem, and what pages
	// echo from their query.
	anon := d.browser()
	post(anon, "/signup", url.Values{"email": {payload("signupemail")}, "full_name": {"Sam"}, "password": {"correct horse battery staple"}})
	post(anon, "/signin", url.Values{"email": {payload("signinemail")}, "password": {"wrong password!"}, "next": {payload("next")}})
	post(anon, "/signup/confirm", url.Values{"token": {payload("token")}, "password": {"correct horse battery staple"}})
	post(anon, "/signup/resend", url.Values{"email": {payload("resendemail")}})
	post(anon, "/signin/forgotten", url.Values{"email": {payload("forgottenemail")}})
	post(anon, "/signin/reset", url.Values{"token": {payload("token")}, "password": {"correct horse battery staple"}})
	post(anon, "/account/security/email/confirm", url.Values{"token": {payload("token")}})
	res = post(d.browser(), "/signin", url.Values{"email": {"eo@p.sch.uk"}, "password": {"correct horse battery staple"}, "next": {"javascript:alert(1)"}})
	assert.Equal(t, "/", res.header.Get("Location"), "a javascript: next is not followed")
	post(head, "/centres", url.Values{"which_form": {payload("which")}, "year": {payload("year")}, "centre_number": {payload("number")},
		"centre_name": {"X"}, "full_name": {"X"}, "roles": {"SL"}})
	post(head, "/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {payload("joinnumber")}, "full_name": {"X"}, "roles": {"EO"}})
	post(head, target+"/progress", url.Values{"state": {payload("state")}})
	post(head, "/records/"+pc.record+"/meetings", url.Values{"kind": {"progress_review"}, "date": {"2025-09-15"}, "attendees": {pc.eoReg, pc.adminReg},
		"target": {payload("target")}, "state_" + payload("target"): {"agreed"}})
	res = post(eo, "/records/"+pc.record+"/template", url.Values{"template": {"new-eo"}}, "Referer", "javascript:alert(1)//"+strings.TrimPrefix(d.srv.URL, "http:"))
	assert.GreaterOrEqual(t, res.status, 400, "a refused form, to show the back link")
	for _, page := range []string{"/signin?next=" + url.QueryEscape(payload("next")), "/signin?next=javascript:alert(1)",
		"/find?centre_number=" + url.QueryEscape(payload("find")) + "&year=" + url.QueryEscape(payload("findyear")),
		"/verify?code=" + url.QueryEscape(payload("code")), "/people?email=" + url.QueryEscape(payload("email")),
		"/records/" + pc.record + "?area=" + url.QueryEscape(payload("area")) + "&audience=" + url.QueryEscape(payload("audience")) + "&phase=" + url.QueryEscape(payload("phase")),
		"/centres/" + pc.id + "/audit?before=" + url.QueryEscape(payload("before")),
		"/signup/confirm?token=" + url.QueryEscape(payload("token")), "/signin/reset?token=" + url.QueryEscape(payload("token")),
		"/account/security/email/confirm?token=" + url.QueryEscape(payload("token"))} {
		for _, b := range []*browser{anon, head, op} {
			check("GET "+page, b.send(http.MethodGet, page, "", nil))
		}
	}
	// Two-factor codes: while setting it up, to switch it off or make new
	// recovery codes, and at sign-in (with the next address).
	post(head, "/account/security/email", url.Values{"email": {payload("newemail")}, "password": {"correct horse battery staple"}})
	require.Equal(t, http.StatusSeeOther, post(head, "/account/security/setup", url.Values{}).status)
	for _, path := range []string{"/account/security/confirm", "/account/security/disable", "/account/security/recovery-codes"} {
		post(head, path, url.Values{"code": {payload("code")}})
	}
	acc, err := m.SignIn(ctx, "eo@p.sch.uk", "correct horse battery staple", "192.0.2.1")
	require.NoError(t, err)
	_, err = m.ImportTwoFactor(ctx, acc.ID, twoFactorSecret)
	require.NoError(t, err)
	half := d.browser()
	res = post(half, "/signin", url.Values{"email": {"eo@p.sch.uk"}, "password": {"correct horse battery staple"}, "next": {payload("next")}})
	require.Equal(t, http.StatusSeeOther, res.status)
	check("the code page", half.send(http.MethodGet, res.header.Get("Location"), "", nil))
	check("the code page", half.send(http.MethodGet, "/signin/code?next="+url.QueryEscape(payload("next")), "", nil))
	post(half, "/signin/code", url.Values{"code": {payload("code")}, "next": {payload("next")}})

	for _, name := range []string{"next", "email", "which_form", "year", "centre_number", "state", "target", "code", "token"} {
		typed[name] = true // each typed into above
	}

	// Every page, as everyone, whole and as an htmx fragment.
	pages := append([]string{"/find?centre_number=33333&" + thisYear, "/verify?code=" + url.QueryEscape(cert.VerificationCode), "/people?email=eo%40p.sch.uk"},
		getPages(t, pc)...)
	var seen strings.Builder
	for _, b := range []*browser{head, eo, j1, j2, op, anon} {
		for _, page := range pages {
			for _, fragment := range []bool{false, true} {
				var headers []string
				if fragment {
					headers = []string{"HX-Request", "true"}
				}
				res := check(fmt.Sprintf("GET %s as %s (htmx %v)", page, b.a.Email, fragment), b.send(http.MethodGet, page, "", nil, headers...))
				if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
					seen.WriteString(res.body)
				} else if res.status == http.StatusOK && res.header.Get("Content-Disposition") != "" {
					// Downloads are never pages: a browser saves them, and
					// does not guess that they are HTML.
					assert.True(t, strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment"), page)
					assert.Equal(t, "nosniff", res.header.Get("X-Content-Type-Options"), page)
				}
			}
		}
	}
	for marker, p := range shown {
		assert.Contains(t, seen.String(), template.HTMLEscapeString(p), "what was typed as %s is shown, escaped, on some page", marker)
	}
	tr, err = d.svc.Tracker(ctx, head.a, pc.record)
	require.NoError(t, err)
	assert.Equal(t, payload("description"), tr.Targets[0].Description, "the description is kept, though no page shows it")
	assert.Equal(t, payload("reflection"), tr.CPD[0].Reflection, "the reflection is kept, though no page shows it")
	typed["description"], typed["reflection"] = true, true

	for name := range templateTextFields(t) {
		assert.True(t, typed[name], "the templates' field %q is not typed into by this test: add it", name)
	}
}

// getPages is every GET route of the router as an address in centre c:
// the attacks' own addresses for routes with ids, the current year for the
// rest; the static files are left to TestAttackStaticFilesStayInTheirFolder.
func getPages(t *testing.T, c *centre) []string {
	t.Helper()
	withIDs := map[string]func(*centre) string{}
	for _, a := range attacks {
		if a.method == http.MethodGet {
			withIDs[a.route] = a.path
		}
	}
	var pages []string
	for _, r := range attackRoutes(t) {
		if !slices.Contains(r.Methods, http.MethodGet) || strings.HasPrefix(r.Template, "/static/") {
			continue
		}
		path := r.Template
		if f, ok := withIDs[r.Template]; ok {
			path = f(c)
		}
		path = strings.ReplaceAll(path, "{year:[0-9]{4}-[0-9]{2}}", "2025-26")
		require.NotContains(t, path, "{", "no ids for %s", r.Template)
		pages = append(pages, path)
	}
	return pages
}

// TestAttackNoGetChangesAnything proves what makes a cross-site link
// harmless (SameSite=Lax sends the cookie with a link from another site):
// every GET route, asked by each of a centre's people and the operator,
// whole page and htmx fragment, changes nothing.
func TestAttackNoGetChangesAnything(t *testing.T) {
	w := newAttackWorld(t)
	people := []*browser{w.signIn(w.a.admin), w.signIn(w.a.eo), w.signIn(w.a.joiner), w.signIn(w.op), w.browser()}
	before := w.snapshot()
	for _, page := range getPages(t, w.a) {
		for _, b := range people {
			res := b.send(http.MethodGet, page, "", nil)
			assert.Less(t, res.status, 500, "%s: %.300s", page, res.body)
			b.send(http.MethodGet, page, "", nil, "HX-Request", "true")
			assertUnchanged(t, before, w.snapshot(), "GET "+page+" as "+b.a.Email)
		}
	}
}
