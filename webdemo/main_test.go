package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/accounts"
)

func TestConfigAddr(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "default", want: defaultAddr},
		{name: "env beats default", env: map[string]string{"EOPS_ADDR": "127.0.0.1:9000"}, want: "127.0.0.1:9000"},
		{name: "flag beats default", args: []string{"-addr", "127.0.0.1:9001"}, want: "127.0.0.1:9001"},
		{
			name: "flag beats env",
			args: []string{"-addr=127.0.0.1:9002"},
			env:  map[string]string{"EOPS_ADDR": "127.0.0.1:9000"},
			want: "127.0.0.1:9002",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			got, err := config(tt.args, getenv, io.Discard)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.addr)
		})
	}
}

func TestConfigRejectsBadArgs(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr", ""}, {"-db", ""}, {"-demo-centres", "-1"}, {"-demo-centres", "7001"}, {"-operator", "not an address"}} {
		_, err := config(args, noEnv, io.Discard)
		assert.Error(t, err, "args %q", args)
	}
}

// TestConfigPublicURL: the address documents print comes from -public-url,
// or from the listen address; never from a request (issue 18, item 7).
func TestConfigPublicURL(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "default is the listen address", want: "http://" + defaultAddr},
		{name: "a wildcard listen address is localhost", args: []string{"-addr", ":8081"}, want: "http://localhost:8081"},
		{name: "an IPv6 wildcard too", args: []string{"-addr", "[::]:8081"}, want: "http://localhost:8081"},
		{name: "flag", args: []string{"-public-url", "https://standards.example.org/"}, want: "https://standards.example.org"},
		{name: "env", env: map[string]string{"EOPS_PUBLIC_URL": "https://school.example/standards"}, want: "https://school.example/standards"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := config(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.publicURL)
		})
	}
	noEnv := func(string) string { return "" }
	for _, bad := range []string{"standards.example.org", "ftp://standards.example.org", "https://", "https://a@standards.example.org", "https://standards.example.org/?x=1", "https://standards.example.org/#x"} {
		_, err := config([]string{"-public-url", bad}, noEnv, io.Discard)
		assert.Error(t, err, bad)
	}
}

func TestConfigAsOf(t *testing.T) {
	noEnv := func(string) string { return "" }
	got, err := config([]string{"-as-of", "2025-11-20"}, noEnv, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, time.November, 20, 12, 0, 0, 0, time.UTC), got.asOf, "a day is its noon, UTC")
	got, err = config(nil, func(k string) string { return map[string]string{"EOPS_AS_OF": "2025-11-20T09:30:00+01:00"}[k] }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, time.November, 20, 8, 30, 0, 0, time.UTC), got.asOf)
	_, err = config([]string{"-as-of", "20/11/2025"}, noEnv, io.Discard)
	assert.ErrorContains(t, err, "-as-of")
	_, err = config([]string{"-as-of", time.Now().AddDate(0, 0, 2).Format(time.DateOnly)}, noEnv, io.Discard)
	assert.ErrorContains(t, err, "in the future")

	start := time.Now()
	clock := got.clock(start)
	assert.WithinDuration(t, got.asOf.Add(time.Since(start)), clock(), time.Second, "the clock goes on from -as-of")
	got, err = config(nil, noEnv, io.Discard)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), got.clock(start)(), time.Second, "without it, real time")
}

func TestConfigStore(t *testing.T) {
	env := map[string]string{"EOPS_DB": "/data/eops.db"}
	got, err := config(nil, func(k string) string { return env[k] }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "/data/eops.db", got.db)
	assert.Empty(t, got.dsn)

	got, err = config([]string{"-dsn", "postgres://app@db/app"}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "postgres://app@db/app", got.dsn)
	assert.Equal(t, 10, got.maxConns, "the default")
	got, err = config([]string{"-max-conns", "25"}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 25, got.maxConns)
	_, err = config([]string{"-max-conns", "0"}, func(string) string { return "" }, io.Discard)
	assert.Error(t, err)

	d, driver, dsn, err := parseDSN("root@tcp(127.0.0.1:3306)/test")
	require.NoError(t, err)
	assert.Equal(t, "mysql", string(d))
	assert.Equal(t, "mysql", driver)
	assert.Contains(t, dsn, "parseTime=true")
}

// TestConfigOperatorIsNormalised: the operator is one address whatever its
// letters' case, as accounts' addresses are (R-PER-1), so that it is
// compared with the signed-in account's normalised address as it is.
// TestConfigTrustedProxies: -trusted-proxies (or EOPS_TRUSTED_PROXIES)
// takes addresses and networks; none by default; anything else is refused
// at start, naming the flag.
func TestConfigTrustedProxies(t *testing.T) {
	none := func(string) string { return "" }
	cfg, err := config(nil, none, io.Discard)
	require.NoError(t, err)
	assert.Empty(t, cfg.trustedProxies, "no proxy is trusted unless named")
	cfg, err = config([]string{"-trusted-proxies", "10.0.0.0/8,192.0.2.10"}, none, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32")}, cfg.trustedProxies)
	cfg, err = config(nil, func(k string) string {
		if k == "EOPS_TRUSTED_PROXIES" {
			return "2001:db8::/32"
		}
		return ""
	}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("2001:db8::/32")}, cfg.trustedProxies)
	_, err = config([]string{"-trusted-proxies", "lb.internal"}, none, io.Discard)
	assert.ErrorContains(t, err, "-trusted-proxies")
}

func TestConfigOperatorIsNormalised(t *testing.T) {
	got, err := config([]string{"-operator", " Ops@NAEO.org.UK "}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "ops@naeo.org.uk", got.operator)
	got, err = config(nil, func(k string) string { return map[string]string{"EOPS_OPERATOR": "OPS@naeo.org.uk"}[k] }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "ops@naeo.org.uk", got.operator)
}

// signUpAt posts the sign-up form to the demo at addr.
func signUpAt(t *testing.T, client *http.Client, addr, email string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/signup",
		strings.NewReader(url.Values{"email": {email}, "full_name": {"Ada Lovelace"}, "password": {"correct horse battery staple"}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+addr)
	res, err := client.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, string(body))
	require.Contains(t, string(body), "Check your e-mail")
}

// TestRunSignUpMailGoesToTheLog: without -smtp and without -demo, the
// confirmation mail is written to the log, and there is no /demo/mail.
func TestRunSignUpMailGoesToTheLog(t *testing.T) {
	dir := t.TempDir()
	addr, _, log := startRunLogged(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"))
	res, err := http.Get("http://" + addr + "/demo/mail")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "no mailbox page without -demo")

	signUpAt(t, http.DefaultClient, addr, "ada@school.org.uk")
	assert.Contains(t, log.String(), "Confirm your e-mail address")
	assert.Contains(t, log.String(), "http://"+addr+"/signup/confirm?token=", "the link, from -public-url's default")
}

// TestRunDemoMailPage: with -demo and no -smtp, the last mails are on
// /demo/mail, whose link leads to the confirmation page.
func TestRunDemoMailPage(t *testing.T) {
	dir := t.TempDir()
	addr, _ := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-demo")
	signUpAt(t, http.DefaultClient, addr, "ada@school.org.uk")
	res, err := http.Get("http://" + addr + "/demo/mail")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	link := regexp.MustCompile(`href="(http://[^"]+/signup/confirm\?token=[^"]+)"`).FindStringSubmatch(string(body))
	require.NotNil(t, link, "the page links to the confirmation: %s", body)
	assert.Contains(t, string(body), "To ada@school.org.uk")
	res, err = http.Get(html.UnescapeString(link[1]))
	require.NoError(t, err)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(page), "Enter the password you chose")
}

// TestRunSignUpMailGoesThroughSMTP: with -smtp, the confirmation link goes
// to the SMTP server (and, even with -demo, there is no /demo/mail).
func TestRunSignUpMailGoesThroughSMTP(t *testing.T) {
	mail := startFakeSMTP(t, nil)
	dir := t.TempDir()
	addr, _ := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-demo",
		"-smtp", mail.addr, "-smtp-from", "standards@eops.example", "-public-url", "https://eops.example")
	res, err := http.Get("http://" + addr + "/demo/mail")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "with a mail server, no mailbox page")

	signUpAt(t, http.DefaultClient, addr, "ada@school.org.uk")
	// The demo's notifications go to the server too: find the mail to Ada.
	var toAda string
	require.Eventually(t, func() bool {
		for _, m := range mail.all() {
			if strings.Contains(m, "To: ada@school.org.uk\r\n") {
				toAda = m
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, "a mail to ada@school.org.uk reaches the SMTP server")
	assert.Contains(t, toAda, "From: standards@eops.example\r\n")
	assert.Contains(t, toAda, "Subject: Confirm your e-mail address\r\n")
	assert.Regexp(t, `https://eops\.example/signup/confirm\?token=[A-Za-z0-9_-]{43}`, toAda)
}

// TestRunSignUpAnswersOnceTheMailIsWithTheServer: the page that says "check
// your e-mail" comes only once the SMTP server has accepted the mail. Were
// the mail sent after the answer, an instance that stopped in between (a
// crash, a deploy's kill) would have told the person of a mail that never
// went; the several-instance soak once met exactly that.
func TestRunSignUpAnswersOnceTheMailIsWithTheServer(t *testing.T) {
	held, letGo := make(chan struct{}), make(chan struct{})
	var once sync.Once
	mail := startFakeSMTP(t, func(m string) {
		if strings.Contains(m, "To: ada@school.org.uk\r\n") {
			once.Do(func() { close(held); <-letGo })
		}
	})
	dir := t.TempDir()
	addr, _ := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"),
		"-smtp", mail.addr, "-smtp-from", "standards@eops.example")
	var release sync.Once
	t.Cleanup(func() { release.Do(func() { close(letGo) }) }) // before the demo stops

	answered := make(chan string, 1)
	go func() {
		res, err := http.PostForm("http://"+addr+"/signup",
			url.Values{"email": {"ada@school.org.uk"}, "full_name": {"Ada Lovelace"}, "password": {"correct horse battery staple"}})
		if err != nil {
			answered <- err.Error()
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		answered <- fmt.Sprintf("%d %s", res.StatusCode, body)
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the sign-up's mail never reached the SMTP server")
	}
	select {
	case got := <-answered:
		t.Fatalf("the sign-up answered while the SMTP server had not yet accepted its mail: %.80s", got)
	case <-time.After(500 * time.Millisecond):
	}
	mailsBefore := len(mail.all())
	release.Do(func() { close(letGo) })
	select {
	case got := <-answered:
		assert.Contains(t, got, "200 ")
		assert.Contains(t, got, "Check your e-mail")
	case <-time.After(10 * time.Second):
		t.Fatal("the sign-up did not answer once the mail was accepted")
	}
	assert.Equal(t, mailsBefore+1, len(mail.all()), "the answer came after the server accepted the mail")
}

// TestRunWaitsForTheMailsItSendsAfterAnswering: a password reset's mail
// goes after the answer (app.WithBackground); stopping the demo waits for
// it, as it waits for the notifications in flight.
func TestRunWaitsForTheMailsItSendsAfterAnswering(t *testing.T) {
	held, letGo := make(chan struct{}), make(chan struct{})
	var once sync.Once
	mail := startFakeSMTP(t, func(m string) {
		if strings.Contains(m, "Subject: Reset your password\r\n") {
			once.Do(func() { close(held); <-letGo })
		}
	})
	var release sync.Once
	t.Cleanup(func() { release.Do(func() { close(letGo) }) })
	dir := t.TempDir()
	addr := freeAddr(t)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-addr", addr, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-demo",
			"-smtp", mail.addr, "-smtp-from", "standards@eops.example"}, func(string) string { return "" }, io.Discard, &syncBuffer{})
	}()
	waitListening(t, addr)

	res, err := http.PostForm("http://"+addr+"/signin/forgotten", url.Values{"email": {"head@riverside.example"}})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "answered while the mail is held")
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the reset's mail never reached the SMTP server")
	}
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	select {
	case err := <-done:
		t.Fatalf("the demo stopped with the reset's mail in flight: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	release.Do(func() { close(letGo) })
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the demo did not stop once the mail went")
	}
	assert.Contains(t, strings.Join(mail.all(), "\n"), "Subject: Reset your password\r\n")
}

// TestRunServesOnSQLite starts the demo as go run would, on a SQLite file in
// a temporary folder, and checks /healthz answers once it listens.
func TestRunServesOnSQLite(t *testing.T) {
	dir := t.TempDir()
	addr, out := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"))
	res, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "ok", string(body))
	assert.Contains(t, out.String(), "listening on http://"+addr)
	assert.FileExists(t, filepath.Join(dir, "eops.db"))
	assert.FileExists(t, filepath.Join(dir, "key"), "the credential key is made on first start")
	jwk, err := http.Get("http://" + addr + "/.well-known/eops-credential-key.json")
	require.NoError(t, err)
	jwk.Body.Close()
	assert.Equal(t, http.StatusOK, jwk.StatusCode)
}

// TestRunAsOfADay starts the demo as of a day a year and more ago: its
// sample data and its pages stand in that day's academic year.
func TestRunAsOfADay(t *testing.T) {
	dir := t.TempDir()
	addr, out := startRun(t, "-db", filepath.Join(dir, "eops.db"), "-credential-key", filepath.Join(dir, "key"), "-demo", "-as-of", "2024-11-20")
	assert.Contains(t, out.String(), "demo data made: Riverside Academy (12345), 2024/25")
	// The new exams officer signs in: the forms to register or join (on
	// their own page, since she has a centre that year) offer that day's
	// year and the next.
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/signin",
		strings.NewReader(url.Values{"email": {"exams@riverside.example"}, "password": {demoPassword}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+addr)
	res, err := client.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), `<h1 class="govuk-heading-l">What needs doing</h1>`)
	res, err = client.Get("http://" + addr + "/register")
	require.NoError(t, err)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), `<option value="2024/25">2024/25</option><option value="2025/26">2025/26</option>`)
}

// startRun runs the demo with args on a free address until the test ends
// (then stops it as Ctrl-C would), and returns once /healthz answers.
func startRun(t *testing.T, args ...string) (addr string, out *syncBuffer) {
	t.Helper()
	addr, out, _ = startRunLogged(t, args...)
	return addr, out
}

// startRunLogged is startRun that keeps the demo's log too.
func startRunLogged(t *testing.T, args ...string) (addr string, out, log *syncBuffer) {
	t.Helper()
	addr = freeAddr(t)
	out, log = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(append([]string{"-addr", addr}, args...), func(string) string { return "" }, out, log)
	}()
	waitListening(t, addr)
	t.Cleanup(func() {
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("the demo did not stop on SIGINT")
		}
	})
	return addr, out, log
}

// waitListening waits until the demo at addr answers /healthz.
func waitListening(t *testing.T, addr string) {
	t.Helper()
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
		}
		return err == nil
	}, 30*time.Second, 20*time.Millisecond)
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// syncBuffer is a bytes.Buffer safe to write from the server's goroutine
// and read from the test's.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSeedDemo fills the demo centre and checks each person stands where
// the printed sign-ins say; a second start leaves it alone.
func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, time.October, 6, 10, 0, 0, 0, time.UTC)
	store := memory.New()
	svc := standards.New(store, standards.WithClock(func() time.Time { return now }))
	logins := accounts.New(accounts.NewMemoryStore())
	var out bytes.Buffer
	require.NoError(t, seedDemo(ctx, store, logins, now, &out))
	assert.Contains(t, out.String(), "2025/26, with 2024/25 certified")
	assert.Contains(t, out.String(), "verification code")
	assert.Contains(t, out.String(), "head@riverside.example")

	mine, err := svc.MyRegistrations(ctx, standards.Actor{Email: "head@riverside.example"})
	require.NoError(t, err)
	roster, err := svc.Roster(ctx, standards.Actor{Email: "head@riverside.example"}, mine[0].Centre.ID, 2025)
	require.NoError(t, err)
	statuses := map[string]standards.RegistrationStatus{}
	for _, m := range roster.Members {
		statuses[m.Person.Email] = m.Registration.Status
	}
	assert.Equal(t, standards.RegistrationPending, statuses["cover@riverside.example"])
	expert, err := svc.MyRegistrations(ctx, standards.Actor{Email: "deputy.exams@riverside.example"})
	require.NoError(t, err)
	require.Len(t, expert, 2, "the experienced exams officer has this year and the year before")
	for _, r := range expert {
		tr, err := svc.Tracker(ctx, standards.Actor{Email: "deputy.exams@riverside.example"}, r.RecordID)
		require.NoError(t, err)
		assert.Equal(t, r.Registration.Year == 2024, tr.Record.Closed(), "certified in %s, the year before, only", r.Registration.Year)
	}
	_, err = logins.SignIn(ctx, "exams@riverside.example", demoPassword, "test")
	require.NoError(t, err, "the demo's accounts are confirmed: their sign-ins are printed")

	out.Reset()
	require.NoError(t, seedDemo(ctx, store, logins, now, &out))
	assert.Contains(t, out.String(), "already there")
}

// TestSeedGenerated loads generated centres beside the demo's own, as
// -demo-centres does, and finds them from the Service: a trust of them
// with its lead, a centre head who sees their centre. A second start
// changes nothing. Before 15 November the data stands at the end of the
// year just gone.
func TestSeedGenerated(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, time.November, 25, 10, 0, 0, 0, time.UTC)
	store := memory.New()
	svc := standards.New(store, standards.WithClock(func() time.Time { return now }))
	var out bytes.Buffer
	require.NoError(t, seedGenerated(ctx, store, 3, now, &out))
	assert.Contains(t, out.String(), "generated 3 centres")
	assert.Contains(t, out.String(), "sign up as head@c20000.sch.example")

	spec := generatedSpec(3, now)
	head := spec.Staff(0).Head
	found, err := svc.FindCentre(ctx, head, "20002", 2025)
	require.NoError(t, err)
	assert.True(t, found.Registered)
	mine, err := svc.MyRegistrations(ctx, head)
	require.NoError(t, err)
	assert.Len(t, mine, 3, "the head's three years")
	board, err := svc.TrustDashboard(ctx, spec.Subjects().Lead, spec.Subjects().TrustID, 2025)
	require.NoError(t, err)
	assert.Len(t, board.Centres, 3)

	out.Reset()
	require.NoError(t, seedGenerated(ctx, store, 3, now, &out))
	assert.Contains(t, out.String(), "already there")

	early := generatedSpec(3, time.Date(2025, time.October, 1, 10, 0, 0, 0, time.UTC))
	assert.Equal(t, standards.AcademicYear(2024), early.Year)
	assert.NoError(t, early.Validate())
}

// TestImportHistory runs the demo's -import as a person would, twice: the
// second run finds everything already present.
func TestImportHistory(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "history.csv")
	var rows strings.Builder
	rows.WriteString("email,full name,centre number,academic year,date certified,certificate number\n")
	for i := range 250 {
		fmt.Fprintf(&rows, "eo%d@school%d.sch.uk,Exams Officer %d,%05d,2023/24,2024-07-10,NAEO-%04d\n", i, i, i, 10000+i, i)
	}
	rows.WriteString("not-an-email,Bad,12345,2023/24,2024-07-10,NAEO-BAD\n")
	require.NoError(t, os.WriteFile(csvPath, []byte(rows.String()), 0o600))
	// No -operator: the import runs as the system job "import".
	args := []string{"-db", filepath.Join(dir, "eops.db"), "-import", csvPath}
	noEnv := func(string) string { return "" }

	var out bytes.Buffer
	require.NoError(t, run(args, noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), "100%  251/251 rows")
	assert.Contains(t, out.String(), "250 imported, 0 already present, 1 invalid")
	assert.Contains(t, out.String(), "line 252 (NAEO-BAD)")

	out.Reset()
	require.NoError(t, run(args, noEnv, &out, io.Discard))
	assert.Contains(t, out.String(), "0 imported, 250 already present, 1 invalid")

	// The trail names the job, not a person.
	store, err := sqlite.Open(filepath.Join(dir, "eops.db"))
	require.NoError(t, err)
	defer store.Close()
	require.NoError(t, store.View(t.Context(), func(tx standards.Tx) error {
		// The platform knows none of the file's centres: their
		// certificates are in the platform's trail.
		trail, err := tx.AuditByCentre(t.Context(), "", 0, 1)
		require.NoError(t, err)
		require.NotEmpty(t, trail)
		assert.Equal(t, "certificate.import", trail[0].Action)
		assert.Equal(t, "system: import", trail[0].Actor)
		return nil
	}))
}
