package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/internal/longtest"
	"github.com/eops/eops/standards"
)

// TestSoakSeveralInstances is issue 19's multi-instance soak: three
// processes of the built demo on one PostgreSQL (then one MariaDB)
// database, behind the test's own round-robin proxy, e-mailing through the
// test's own SMTP server. Teams of four people (a senior leader who
// registers the centre, a line manager, two exams officers) sign up
// through the e-mailed link and walk a year through the pages, each with a
// cookie jar, every request going to whichever instance the proxy picks:
// register the centre, ask to join, approve (one inline, two by the bulk
// decisions form), assign the overseer, apply the template, agree the
// targets, log CPD, sign, countersign, record the final review, claim;
// the second exams officer logs CPD and the line manager signs out and in
// again. A team that finishes starts again as four new people in a new
// centre until the time is up. Midway one instance is killed with SIGKILL
// and started again on its port, and then the database connections of
// another are terminated.
//
// What may go wrong, and what is counted: the proxy answers 502 for a
// request the killed instance held (it stops sending to an instance from
// the moment before the kill until it answers /readyz again, so only the
// requests in flight at the kill fail); an instance whose connections were
// cut may answer 503 (the store unavailable or busy: nothing changed) in
// the seconds after the cut. A person who meets either gives up their
// team's year, as they could not know whether the change was made; every
// other 5xx, every 409 (no two people here change the same thing) and every
// other unexpected answer fails the test. Afterwards, read through the
// library: every change a person was told was made (a 303 or 200 to their
// POST) is there; every centre keeps an administrator; no record has two
// certificates; every centre has an audit entry for each change made there
// and an outbox event for each change that tells someone; the kept
// national figures equal those counted from the rows; the outbox drains,
// and the SMTP server received no Message-ID twice and none that names no
// event.
//
//	EOPS_LONG=1 go test ./webdemo -run TestSoakSeveralInstances -v
func TestSoakSeveralInstances(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "webdemo")
	var built bool
	for _, db := range sharedDatabases {
		if db.env == "" {
			continue // several processes on one SQLite file is not a deployment
		}
		t.Run(db.name, func(t *testing.T) {
			dbtest.Need(t, db.env, db.name)
			if !built {
				if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
					t.Fatalf("go build: %v\n%s", err, out)
				}
				built = true
			}
			w := newSoak(t, bin, db.name, db.settings(t).dsn)
			w.run(t)
			w.check(t)
		})
	}
}

var (
	soakTeams    = longtest.Pick(4, 16) // of four people
	soakDuration = longtest.Pick(8*time.Second, 75*time.Second)
)

const soakPassword = "correct horse battery staple"

type soak struct {
	t       *testing.T
	bin     string
	backend string // "postgres" or "mysql"
	dsn     string
	tag     string // names this run's connections on PostgreSQL
	dir     string
	year    standards.AcademicYear
	svc     *standards.Service
	st      *store
	inst    [3]*soakInstance
	proxy   *soakProxy
	mail    *fakeSMTP
	numbers atomic.Int64 // centre numbers handed out

	// cutAt is when the connections were cut (unix nanoseconds, 0 before).
	cutAt atomic.Int64

	requests, posts, acked                      atomic.Int64
	killed502, unavailable503, conflicts, given atomic.Int64
	journeys, finished                          atomic.Int64
	mu                                          sync.Mutex
	unexpected                                  []string
	teams                                       []*soakTeam
	statuses                                    map[int]int
	claimsTried                                 int
}

type soakInstance struct {
	addr, name string
	args       []string
	cmd        *exec.Cmd
	log        *syncBuffer
	logs       []*syncBuffer // of every process on this address
	exited     chan error
}

func newSoak(t *testing.T, bin, backend, dsn string) *soak {
	ctx := context.Background()
	w := &soak{t: t, bin: bin, backend: backend, dir: t.TempDir(), year: standards.YearOf(time.Now()),
		tag: "eops-soak-" + strings.ToLower(rand.Text()[:8]), statuses: map[int]int{}}
	w.dsn = dsn
	var err error
	w.st, err = openStore(ctx, settings{dsn: dsn, maxConns: 4})
	require.NoError(t, err)
	t.Cleanup(func() { _ = w.st.Close() })
	w.svc = standards.New(w.st.Store)
	w.mail = startFakeSMTP(t, nil)
	w.proxy = newSoakProxy(t)
	for i := range w.inst {
		in := &soakInstance{addr: freeAddr(t), name: fmt.Sprintf("%s-%d", w.tag, i+1), exited: make(chan error, 1)}
		idsn := dsn
		if backend == "postgres" {
			u, err := url.Parse(dsn)
			require.NoError(t, err)
			q := u.Query()
			q.Set("application_name", in.name)
			u.RawQuery = q.Encode()
			idsn = u.String()
		}
		in.args = []string{"-dsn", idsn, "-addr", in.addr, "-max-conns", "4",
			"-credential-key", filepath.Join(w.dir, "credential.key"),
			"-smtp", w.mail.addr, "-smtp-from", "standards@eops.example",
			"-public-url", "http://" + w.proxy.addr, "-require-2fa-for-admins=false"}
		w.inst[i] = in
		w.proxy.add(in.addr)
	}
	// The first makes the credential key; then the others, at once.
	require.NoError(t, w.start(w.inst[0]))
	errs := make([]error, len(w.inst))
	var wg sync.WaitGroup
	for i, in := range w.inst[1:] {
		wg.Go(func() { errs[i] = w.start(in) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	t.Cleanup(func() {
		for _, in := range w.inst {
			if in.cmd != nil {
				_ = in.cmd.Process.Signal(syscall.SIGTERM)
				select {
				case <-in.exited:
				case <-time.After(15 * time.Second):
					_ = in.cmd.Process.Kill()
				}
			}
		}
	})
	return w
}

// start runs an instance's process and waits for its /readyz.
func (w *soak) start(in *soakInstance) error {
	in.log = &syncBuffer{}
	in.logs = append(in.logs, in.log)
	in.exited = make(chan error, 1)
	in.cmd = exec.Command(w.bin, in.args...)
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		return err
	}
	cmd, exited := in.cmd, in.exited
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + in.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("%s exited: %v\n%s", in.name, err, in.log.String())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s is not ready: %v\n%s", in.name, err, in.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run lets the teams loose, kills and restarts the first instance a third
// of the way in, cuts the second's connections halfway, and waits for the
// teams to finish the years they began.
func (w *soak) run(t *testing.T) {
	deadline := time.Now().Add(soakDuration)
	var wg sync.WaitGroup
	for range soakTeams {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if !w.journey() {
					return // the failure is kept; the others go on
				}
			}
		})
	}

	time.Sleep(soakDuration / 3)
	victim := w.inst[0]
	w.proxy.setDown(0, true)
	require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
	<-victim.exited
	w.proxy.closeIdle()
	t.Logf("%s: killed %s (SIGKILL) at %s", w.backend, victim.name, time.Now().Format(time.TimeOnly))
	require.NoError(t, w.start(victim))
	w.proxy.setDown(0, false)
	t.Logf("%s: %s started again on %s", w.backend, victim.name, victim.addr)

	time.Sleep(time.Until(deadline.Add(-soakDuration / 2)))
	n := w.cut(t)
	t.Logf("%s: cut %d database connections", w.backend, n)

	wg.Wait()
}

// cut ends database connections: on PostgreSQL the second instance's (by
// its application_name), on MariaDB every connection to this test's
// database but the one asking, which has no name to tell the instances
// apart by (the test's own pool reconnects).
func (w *soak) cut(t *testing.T) int {
	ctx := context.Background()
	admin, err := sql.Open(map[string]string{"postgres": "pgx", "mysql": "mysql"}[w.backend], w.dsn)
	require.NoError(t, err)
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	w.cutAt.Store(time.Now().UnixNano())
	if w.backend == "postgres" {
		var n int
		require.NoError(t, conn.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`, w.inst[1].name).Scan(&n))
		return n
	}
	rows, err := conn.QueryContext(ctx, `SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()`)
	require.NoError(t, err)
	var ids []int64
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(t, rows.Err())
	n := 0
	for _, id := range ids {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", id)); err == nil {
			n++ // one that ended meanwhile is no longer there to kill
		}
	}
	return n
}

// --- the proxy ---

// soakProxy sends each request to the next instance in turn that is not
// marked down. A request it cannot pass on is answered 502 with the header
// X-Soak-Proxy saying whether its instance was down (killed) by then.
type soakProxy struct {
	addr     string
	backends []*url.URL
	down     []atomic.Bool
	next     atomic.Uint64
	// transports has one transport for each client address, which dials
	// the instances from that address: the instances see the people's
	// addresses, as behind a proxy that keeps them.
	transports sync.Map
	rp         *httputil.ReverseProxy
}

// transport is the transport for requests from the client at remoteAddr.
func (p *soakProxy) transport(remoteAddr string) *http.Transport {
	host, _, _ := net.SplitHostPort(remoteAddr)
	if t, ok := p.transports.Load(host); ok {
		return t.(*http.Transport)
	}
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(host)}, Timeout: 5 * time.Second}
	t, _ := p.transports.LoadOrStore(host, &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 8})
	return t.(*http.Transport)
}

type transportByClient struct{ p *soakProxy }

func (t transportByClient) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.p.transport(r.Context().Value(clientKey{}).(string)).RoundTrip(r)
}

type clientKey struct{}

type backendKey struct{}

func newSoakProxy(t *testing.T) *soakProxy {
	p := &soakProxy{down: make([]atomic.Bool, 3)}
	p.rp = &httputil.ReverseProxy{
		Transport: transportByClient{p},
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(p.backends[r.In.Context().Value(backendKey{}).(int)])
			r.Out.Host = r.In.Host
		},
		ErrorHandler: func(rw http.ResponseWriter, r *http.Request, err error) {
			i := r.Context().Value(backendKey{}).(int)
			if p.down[i].Load() {
				rw.Header().Set("X-Soak-Proxy", "killed")
			} else {
				rw.Header().Set("X-Soak-Proxy", "error: "+err.Error())
			}
			rw.WriteHeader(http.StatusBadGateway)
		},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.addr = ln.Addr().String()
	srv := &http.Server{Handler: p}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return p
}

func (p *soakProxy) add(addr string) {
	p.backends = append(p.backends, &url.URL{Scheme: "http", Host: addr})
}

func (p *soakProxy) setDown(i int, down bool) { p.down[i].Store(down) }

func (p *soakProxy) closeIdle() {
	p.transports.Range(func(_, t any) bool {
		t.(*http.Transport).CloseIdleConnections()
		return true
	})
}

func (p *soakProxy) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	i := 0
	for range len(p.backends) {
		i = int(p.next.Add(1) % uint64(len(p.backends)))
		if !p.down[i].Load() {
			break
		}
	}
	ctx := context.WithValue(context.WithValue(r.Context(), backendKey{}, i), clientKey{}, r.RemoteAddr)
	p.rp.ServeHTTP(rw, r.WithContext(ctx))
}

// --- the people ---

type soakPerson struct {
	email, name string
	c           *http.Client
}

func (p *soakPerson) actor() standards.Actor { return standards.Actor{Email: p.email, Name: p.name} }

// soakTeam is one centre's year, and what its people were told was done.
type soakTeam struct {
	number                      string
	sl, lm, eo, eo2             *soakPerson
	centreID, centrePath        string
	eoReg, lmReg, eo2Reg        string
	record, eo2Record           string
	targets                     []string
	acked                       map[string]bool // step → the person was told it was done
	agreed                      []string
	cpdTitle, eo2CPD, meetingNo string
	done                        bool
}

// errGaveUp ends a team's year: an answer the soak allows (a 502 for a
// request the killed instance held, a 503 after the cut), after which the
// person cannot know whether their change was made.
var errGaveUp = errors.New("gave up")

func (w *soak) person(team int64, role string) *soakPerson {
	jar, err := cookiejar.New(nil)
	require.NoError(w.t, err)
	// Each team comes from an address of its own, as people at different
	// schools do: the sign-up's and sign-in's limits are per address.
	ip := net.IPv4(127, 1, byte(team/250), byte(team%250+1))
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 5 * time.Second}
	c := &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &soakPerson{email: fmt.Sprintf("%s%d@%s.soak.example", role, team, w.tag), name: fmt.Sprintf("%s %d", strings.ToUpper(role[:1])+role[1:], team), c: c}
}

// do sends a request through the proxy and sorts its answer. It returns
// errGaveUp for an answer the soak allows but after which the person
// cannot go on, and another error for one it does not allow.
func (w *soak) do(p *soakPerson, method, path string, form url.Values, want ...int) (status int, body, location string, err error) {
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, "http://"+w.proxy.addr+path, rd)
	if err != nil {
		return 0, "", "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w.requests.Add(1)
	if method == http.MethodPost {
		w.posts.Add(1)
	}
	res, err := p.c.Do(req)
	if err != nil {
		return 0, "", "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return 0, "", "", fmt.Errorf("%s %s: reading: %w", method, path, err)
	}
	w.mu.Lock()
	w.statuses[res.StatusCode]++
	w.mu.Unlock()
	status, body, location = res.StatusCode, string(b), res.Header.Get("Location")
	switch {
	case slices.Contains(want, status):
		if method == http.MethodPost {
			w.acked.Add(1)
		}
		return status, body, location, nil
	case status == http.StatusBadGateway && res.Header.Get("X-Soak-Proxy") == "killed":
		w.killed502.Add(1)
		return status, body, location, errGaveUp
	case status == http.StatusServiceUnavailable && w.afterCut():
		w.unavailable503.Add(1)
		return status, body, location, errGaveUp
	case status == http.StatusConflict:
		w.conflicts.Add(1)
	}
	return status, body, location, fmt.Errorf("%s %s as %s: %d, want %v (%s): %.300s", method, path, p.email, status, want, res.Header.Get("X-Soak-Proxy"), body)
}

// afterCut reports whether the connections were cut in the last 10 seconds.
func (w *soak) afterCut() bool {
	at := w.cutAt.Load()
	return at != 0 && time.Since(time.Unix(0, at)) < 10*time.Second
}

// bulkOutcome is a row of the bulk decisions' outcome page.
var bulkOutcome = regexp.MustCompile(`Row \d+[^<]*`)

// post sends a form and, on a 303, follows it with a GET as a browser
// does; the change counts as acknowledged at the 303.
func (w *soak) post(p *soakPerson, path string, form url.Values) (location string, err error) {
	if form == nil {
		form = url.Values{}
	}
	_, _, location, err = w.do(p, http.MethodPost, path, form, http.StatusSeeOther)
	if err != nil {
		return "", err
	}
	if _, _, _, err := w.do(p, http.MethodGet, location, nil, http.StatusOK); err != nil && !errors.Is(err, errGaveUp) {
		return location, err
	}
	return location, nil
}

func (w *soak) get(p *soakPerson, path string) error {
	_, _, _, err := w.do(p, http.MethodGet, path, nil, http.StatusOK)
	return err
}

// read calls the library, trying again when the test's own connection was
// among those cut.
func read[T any](fn func() (T, error)) (T, error) {
	var v T
	var err error
	for range 5 {
		if v, err = fn(); err == nil {
			return v, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return v, err
}

// journey is one team's year. Whatever stops it is counted; an answer the
// soak does not allow is kept for the test to fail on.
func (w *soak) journey() bool {
	n := w.numbers.Add(1)
	tm := &soakTeam{number: fmt.Sprintf("%05d", 10000+n), acked: map[string]bool{}}
	tm.sl, tm.lm, tm.eo, tm.eo2 = w.person(n, "head"), w.person(n, "manager"), w.person(n, "officer"), w.person(n, "cover")
	w.mu.Lock()
	w.teams = append(w.teams, tm)
	w.mu.Unlock()
	w.journeys.Add(1)
	err := w.walk(tm)
	switch {
	case err == nil:
		tm.done = true
		w.finished.Add(1)
	case errors.Is(err, errGaveUp):
		w.given.Add(1)
	default:
		w.mu.Lock()
		w.unexpected = append(w.unexpected, fmt.Sprintf("team %s at %s: %.400v", tm.number, time.Now().Format("15:04:05.000"), err))
		w.mu.Unlock()
		return false
	}
	return true
}

func (w *soak) walk(tm *soakTeam) error {
	ctx := context.Background()
	yearForm := w.year.String()
	// Sign up: the form, the link from the mail, the password.
	for _, p := range []*soakPerson{tm.sl, tm.lm, tm.eo, tm.eo2} {
		if _, err := w.post(p, "/signup", url.Values{"email": {p.email}, "full_name": {p.name}, "password": {soakPassword}}); err != nil {
			return err
		}
		tok := w.mail.token(p.email)
		if tok == "" {
			return fmt.Errorf("no confirmation link for %s reached the SMTP server", p.email)
		}
		tm.acked["signup "+p.email] = true
		if err := w.get(p, "/signup/confirm?token="+tok); err != nil {
			return err
		}
		if _, err := w.post(p, "/signup/confirm", url.Values{"token": {tok}, "email": {""}, "password": {soakPassword}}); err != nil {
			return err
		}
	}
	// The senior leader registers the centre; the others ask to join.
	loc, err := w.post(tm.sl, "/centres", url.Values{"year": {yearForm}, "centre_number": {tm.number},
		"centre_name": {"Soak Academy " + tm.number}, "full_name": {tm.sl.name}, "roles": {"SL"}})
	if err != nil {
		return err
	}
	// The page of the centre's year, without the success banner's ?done=.
	centrePath, _, _ := strings.Cut(loc, "?")
	tm.acked["centre"], tm.centrePath = true, centrePath
	mine, err := read(func() ([]standards.OwnRegistration, error) { return w.svc.MyRegistrations(ctx, tm.sl.actor()) })
	if err != nil || len(mine) != 1 {
		return fmt.Errorf("the senior leader's registration: %v %v", mine, err)
	}
	tm.centreID = mine[0].Centre.ID
	for p, role := range map[*soakPerson]string{tm.lm: "LM", tm.eo: "EO", tm.eo2: "EO"} {
		if _, err := w.post(p, "/join", url.Values{"year": {yearForm}, "centre_number": {tm.number}, "full_name": {p.name}, "roles": {role}}); err != nil {
			return err
		}
		tm.acked["join "+p.email] = true
	}
	roster, err := read(func() (standards.Roster, error) { return w.svc.Roster(ctx, tm.sl.actor(), tm.centreID, w.year) })
	if err != nil {
		return err
	}
	for _, m := range roster.Members {
		switch m.Person.Email {
		case tm.lm.email:
			tm.lmReg = m.Registration.ID
		case tm.eo.email:
			tm.eoReg = m.Registration.ID
		case tm.eo2.email:
			tm.eo2Reg = m.Registration.ID
		}
	}
	// One approved inline, two by the bulk form.
	if _, err := w.post(tm.sl, "/registrations/"+tm.eoReg+"/approve", nil); err != nil {
		return err
	}
	tm.acked["approve "+tm.eoReg] = true
	// The bulk form answers with a page of each row's outcome.
	if _, body, _, err := w.do(tm.sl, http.MethodPost, tm.centrePath+"/decisions", url.Values{"registration": {tm.lmReg, tm.eo2Reg}, "decision": {"approve"}}, http.StatusOK); err != nil {
		return err
	} else if rows := bulkOutcome.FindAllString(body, -1); len(rows) != 2 || strings.Contains(body, "not done") {
		// A row refused because the database was cut from under it is as
		// a 503: the person sees that row not done, and gives up.
		if w.afterCut() && strings.Contains(body, "not done") {
			w.unavailable503.Add(1)
			return fmt.Errorf("%v: %w", rows, errGaveUp)
		}
		return fmt.Errorf("the bulk decisions page does not say both rows were done: %q", rows)
	}
	tm.acked["approve "+tm.lmReg], tm.acked["approve "+tm.eo2Reg] = true, true
	if _, err := w.post(tm.sl, tm.centrePath+"/overseers", url.Values{"exams_officer": {tm.eoReg}, "overseer": {tm.lmReg}}); err != nil {
		return err
	}
	tm.acked["overseer"] = true
	roster, err = read(func() (standards.Roster, error) { return w.svc.Roster(ctx, tm.sl.actor(), tm.centreID, w.year) })
	if err != nil {
		return err
	}
	for _, m := range roster.Members {
		switch m.Registration.ID {
		case tm.eoReg:
			tm.record = m.RecordID
		case tm.eo2Reg:
			tm.eo2Record = m.RecordID
		}
	}
	if tm.record == "" || tm.eo2Record == "" {
		return fmt.Errorf("the exams officers' records are not there after approval")
	}

	// The line manager signs out and in again, and applies the template.
	if _, err := w.post(tm.lm, "/signout", nil); err != nil {
		return err
	}
	if _, err := w.post(tm.lm, "/signin", url.Values{"email": {tm.lm.email}, "password": {soakPassword}}); err != nil {
		return err
	}
	if err := w.get(tm.lm, "/records/"+tm.record); err != nil {
		return err
	}
	if _, err := w.post(tm.lm, "/records/"+tm.record+"/template", url.Values{"template": {"new-eo"}}); err != nil {
		return err
	}
	tm.acked["template"] = true
	tracker, err := read(func() (standards.Tracker, error) { return w.svc.Tracker(ctx, tm.lm.actor(), tm.record) })
	if err != nil {
		return err
	}
	for _, tg := range tracker.Targets {
		tm.targets = append(tm.targets, tg.ID)
	}
	for _, id := range tm.targets {
		if _, err := w.post(tm.eo, "/records/"+tm.record+"/targets/"+id+"/agree", nil); err != nil {
			return err
		}
		tm.agreed = append(tm.agreed, id)
	}
	today := time.Now().Format(time.DateOnly)
	tm.cpdTitle = "Induction " + tm.number
	if _, err := w.post(tm.eo, "/records/"+tm.record+"/cpd", url.Values{"kind": {"training_event"}, "title": {tm.cpdTitle}, "date": {today}, "hours": {"6"}, "targets": {tm.targets[0]}}); err != nil {
		return err
	}
	tm.acked["cpd"] = true
	tm.eo2CPD = "Cover induction " + tm.number
	if _, err := w.post(tm.eo2, "/records/"+tm.eo2Record+"/cpd", url.Values{"kind": {"training_event"}, "title": {tm.eo2CPD}, "date": {today}, "hours": {"3"}}); err != nil {
		return err
	}
	tm.acked["cpd2"] = true
	if _, err := w.post(tm.eo, "/records/"+tm.record+"/sign", nil); err != nil {
		return err
	}
	tm.acked["sign"] = true
	if _, err := w.post(tm.lm, "/records/"+tm.record+"/countersign", nil); err != nil {
		return err
	}
	tm.acked["countersign"] = true
	tm.meetingNo = "Final review of " + tm.number
	form := url.Values{"kind": {"final_review"}, "date": {today}, "attendees": {tm.eoReg, tm.lmReg}, "notes": {tm.meetingNo}}
	for _, id := range tm.targets {
		form.Add("target", id)
		form.Set("state_"+id, "achieved")
		form.Set("rating_"+id, "green")
	}
	if _, err := w.post(tm.lm, "/records/"+tm.record+"/meetings", form); err != nil {
		return err
	}
	tm.acked["meeting"] = true
	w.mu.Lock()
	w.claimsTried++
	w.mu.Unlock()
	if _, err := w.post(tm.lm, "/records/"+tm.record+"/claim", url.Values{"confirm_knowledge": {"on"}, "confirm_skills": {"on"}, "confirm_values": {"on"}}); err != nil {
		return err
	}
	tm.acked["claim"] = true
	return w.get(tm.eo, "/notifications")
}

// --- the checks ---

func (w *soak) check(t *testing.T) {
	ctx := context.Background()
	db := w.st.DB()
	w.mu.Lock()
	defer w.mu.Unlock()
	assert.Empty(t, w.unexpected, "answers the soak does not allow")
	assert.Zero(t, w.conflicts.Load(), "409s shown to people who changed only their own things")
	assert.Positive(t, w.finished.Load(), "teams that finished their year")

	// Every acknowledged change is there.
	operator := standards.Actor{Email: "ops@naeo.example", Operator: true}
	var claims int
	for _, tm := range w.teams {
		if tm.acked["claim"] {
			claims++
		}
		if !tm.acked["centre"] {
			continue
		}
		roster, err := read(func() (standards.Roster, error) { return w.svc.Roster(ctx, operator, tm.centreID, w.year) })
		require.NoError(t, err)
		byReg := map[string]standards.Member{}
		byEmail := map[string]standards.Member{}
		admins := 0
		for _, m := range roster.Members {
			byReg[m.Registration.ID], byEmail[m.Person.Email] = m, m
			if m.Registration.Approved() && m.Registration.Admin {
				admins++
			}
		}
		assert.Positive(t, admins, "centre %s keeps an admin", tm.number)
		for _, p := range []*soakPerson{tm.lm, tm.eo, tm.eo2} {
			if tm.acked["join "+p.email] {
				assert.Contains(t, byEmail, p.email, "centre %s: %s asked to join", tm.number, p.email)
			}
		}
		for _, reg := range []string{tm.eoReg, tm.lmReg, tm.eo2Reg} {
			if tm.acked["approve "+reg] {
				assert.True(t, byReg[reg].Registration.Approved(), "centre %s: registration %s approved", tm.number, reg)
			}
		}
		if tm.acked["overseer"] {
			assert.Contains(t, byReg[tm.eoReg].Overseers, tm.lmReg, "centre %s: overseer assigned", tm.number)
		}
		if tm.record != "" && tm.acked["template"] {
			tr, err := read(func() (standards.Tracker, error) { return w.svc.Tracker(ctx, tm.lm.actor(), tm.record) })
			require.NoError(t, err)
			assert.Len(t, tr.Targets, 4, "centre %s: the template's targets", tm.number)
			states := map[string]standards.TargetState{}
			for _, tg := range tr.Targets {
				states[tg.ID] = tg.State
			}
			for _, id := range tm.agreed {
				assert.NotEqual(t, standards.TargetProposed, states[id], "centre %s: target %s agreed", tm.number, id)
			}
			if tm.acked["cpd"] {
				assert.True(t, slices.ContainsFunc(tr.CPD, func(e standards.CPDEntry) bool { return e.Title == tm.cpdTitle }), "centre %s: CPD logged", tm.number)
			}
			signed := 0
			if tm.acked["sign"] {
				signed++
			}
			if tm.acked["countersign"] {
				signed++
			}
			assert.GreaterOrEqual(t, len(tr.Signatures), signed, "centre %s: signatures", tm.number)
			if tm.acked["meeting"] {
				assert.True(t, slices.ContainsFunc(tr.Meetings, func(m standards.Meeting) bool { return m.Notes == tm.meetingNo }), "centre %s: meeting recorded", tm.number)
				for _, tg := range tr.Targets {
					assert.Equal(t, standards.TargetAchieved, tg.State, "centre %s: target achieved at the review", tm.number)
				}
			}
			if tm.acked["claim"] {
				assert.NotEmpty(t, tr.Certificate.ID, "centre %s: certificate claimed", tm.number)
			}
		}
		if tm.acked["cpd2"] {
			tr, err := read(func() (standards.Tracker, error) { return w.svc.Tracker(ctx, tm.eo2.actor(), tm.eo2Record) })
			require.NoError(t, err)
			assert.True(t, slices.ContainsFunc(tr.CPD, func(e standards.CPDEntry) bool { return e.Title == tm.eo2CPD }), "centre %s: the cover's CPD logged", tm.number)
		}
	}

	// Every centre, those a person gave up on too, keeps an admin.
	var centres []string
	require.NoError(t, db.NewRaw("SELECT id FROM centres").Scan(ctx, &centres))
	for _, id := range centres {
		roster, err := read(func() (standards.Roster, error) { return w.svc.Roster(ctx, operator, id, w.year) })
		require.NoError(t, err)
		assert.True(t, slices.ContainsFunc(roster.Members, func(m standards.Member) bool { return m.Registration.Approved() && m.Registration.Admin }),
			"centre %s has an admin", id)
	}

	// At most one certificate a record; one for each claim acknowledged,
	// and none beyond the claims made.
	var certs, twice int
	require.NoError(t, db.NewRaw("SELECT count(*) FROM certificates").Scan(ctx, &certs))
	require.NoError(t, db.NewRaw(`SELECT count(*) FROM (SELECT record_id FROM certificates
		WHERE record_id IS NOT NULL AND record_id <> '' GROUP BY record_id HAVING count(*) > 1) AS twice`).Scan(ctx, &twice))
	assert.Zero(t, twice, "records with two certificates")
	assert.GreaterOrEqual(t, certs, claims, "a certificate for each claim acknowledged")
	assert.LessOrEqual(t, certs, w.claimsTried, "no certificate without a claim")

	// An audit entry for each change at a centre, an event for each that
	// tells someone.
	perCentre := map[string]map[string]int{}
	var audit []struct {
		CentreID string `bun:"centre_id"`
		Action   string `bun:"action"`
		N        int    `bun:"n"`
	}
	require.NoError(t, db.NewRaw("SELECT centre_id, action, count(*) AS n FROM audit_entries GROUP BY centre_id, action").Scan(ctx, &audit))
	actions := map[string]int{}
	for _, a := range audit {
		if perCentre[a.CentreID] == nil {
			perCentre[a.CentreID] = map[string]int{}
		}
		perCentre[a.CentreID][a.Action] += a.N
		actions[a.Action] += a.N
	}
	events := map[string]int{}
	var evs []struct {
		Kind string `bun:"kind"`
		N    int    `bun:"n"`
	}
	require.NoError(t, db.NewRaw("SELECT kind, count(*) AS n FROM events GROUP BY kind").Scan(ctx, &evs))
	for _, e := range evs {
		events[e.Kind] = e.N
	}
	want := map[string]int{}
	for _, tm := range w.teams {
		if !tm.acked["centre"] {
			continue
		}
		got := perCentre[tm.centreID]
		total := 0
		for _, n := range got {
			total += n
		}
		changes := 0
		for step := range tm.acked {
			if !strings.HasPrefix(step, "signup ") {
				changes++
			}
		}
		changes += len(tm.agreed)
		assert.GreaterOrEqual(t, total, changes, "centre %s: audit entries %v for %d changes acknowledged", tm.number, got, changes)
		// Each acknowledged change has its own entry; a finished year has
		// exactly one for each of its steps, none made twice by a retry.
		per := map[string]int{}
		for step := range tm.acked {
			switch {
			case step == "centre":
				per["centre.register"]++
			case strings.HasPrefix(step, "join "):
				per["registration.request"]++
			case strings.HasPrefix(step, "approve "):
				per["registration.approve"]++
			case step == "overseer":
				per["overseer.assign"]++
			case step == "cpd", step == "cpd2":
				per["cpd.log"]++
			case step == "sign", step == "countersign":
				per["statement.sign"]++
			case step == "meeting":
				per["meeting.record"]++
			case step == "claim":
				per["certificate.issue"]++
			case step == "template":
				per["target.propose"] += 4
			}
		}
		per["target.update"] += len(tm.agreed)
		for action, n := range per {
			if tm.done && action != "target.update" {
				assert.Equal(t, n, got[action], "centre %s: audit entries of %s in a finished year", tm.number, action)
			} else {
				assert.GreaterOrEqual(t, got[action], n, "centre %s: audit entries of %s", tm.number, action)
			}
		}
		for step, kind := range map[string]standards.EventKind{"overseer": standards.EventOverseerAssigned, "template": standards.EventTargetsProposed,
			"meeting": standards.EventMeetingRecorded, "claim": standards.EventCertificateIssued} {
			if tm.acked[step] {
				want[string(kind)]++
			}
		}
		for _, reg := range []string{tm.eoReg, tm.lmReg, tm.eo2Reg} {
			if tm.acked["approve "+reg] {
				want[string(standards.EventRegistrationApproved)]++
			}
		}
	}
	for kind, n := range want {
		assert.GreaterOrEqual(t, events[kind], n, "events of %s", kind)
	}

	// The kept national figures equal those counted from the rows.
	kept, err := read(func() (standards.NationalFigures, error) { return w.svc.NationalFigures(ctx, operator, w.year) })
	require.NoError(t, err)
	require.NoError(t, w.st.Update(ctx, func(tx standards.Tx) error { return tx.ReplaceTallies(ctx, w.year, nil) }))
	counted, err := w.svc.NationalFigures(ctx, operator, w.year)
	require.NoError(t, err)
	assert.Equal(t, counted, kept, "national figures kept over three instances")

	// The outbox drains (the mailers run every 10 seconds; what the killed
	// instance had claimed waits for its lease, a minute), and no event's
	// mail arrives twice.
	var pending, leasedByTheDead int
	deadline := time.Now().Add(longtest.Pick(25*time.Second, 90*time.Second))
	for {
		require.NoError(t, db.NewRaw("SELECT count(*) FROM events WHERE acked_at IS NULL").Scan(ctx, &pending))
		if pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if pending > 0 {
		// Only those the killed instance claimed and never acknowledged
		// may still wait, for their lease to end.
		require.NoError(t, db.NewRaw("SELECT count(*) FROM events WHERE acked_at IS NULL AND claimed_by IS NOT NULL AND lease_until > ?", time.Now().UTC()).Scan(ctx, &leasedByTheDead))
		assert.Equal(t, pending, leasedByTheDead, "events neither delivered nor held by a lease")
	}
	var ids []string
	require.NoError(t, db.NewRaw("SELECT id FROM events WHERE acked_at IS NOT NULL").Scan(ctx, &ids))
	var all []string
	require.NoError(t, db.NewRaw("SELECT id FROM events").Scan(ctx, &all))
	known := map[string]bool{}
	for _, id := range all {
		known[id] = true
	}
	w.mail.mu.Lock()
	received, dupes := 0, 0
	for id, n := range w.mail.byID {
		received += n
		dupes += n - 1
		assert.True(t, known[id], "a mail for event %s, which is not in the outbox", id)
	}
	missing := 0
	for _, id := range ids {
		if w.mail.byID[id] == 0 {
			missing++
		}
	}
	links := w.mail.links
	w.mail.mu.Unlock()
	assert.Zero(t, dupes, "mails delivered twice (by Message-ID)")
	assert.Zero(t, missing, "events acknowledged whose mail never arrived")

	// What the instances logged.
	var errorsLogged, warnings, busy int
	for _, in := range w.inst {
		for _, l := range in.logs {
			s := l.String()
			errorsLogged += strings.Count(s, "level=ERROR")
			warnings += strings.Count(s, "level=WARN")
			for line := range strings.Lines(s) {
				if strings.Contains(line, "level=ERROR") || strings.Contains(line, "level=WARN") {
					t.Logf("%s: %s", in.name, strings.TrimSpace(line))
				}
			}
			busy += strings.Count(s, "busy")
		}
	}
	codes := make([]string, 0, len(w.statuses))
	for c, n := range w.statuses {
		codes = append(codes, fmt.Sprintf("%d×%d", c, n))
	}
	sort.Strings(codes)
	acts := make([]string, 0, len(actions))
	for a, n := range actions {
		acts = append(acts, fmt.Sprintf("%s %d", a, n))
	}
	sort.Strings(acts)
	t.Logf("%s soak: %d teams for %s; %d years begun, %d finished, %d given up; %d requests (%d POSTs, %d acknowledged); statuses %s; "+
		"502 at the kill %d, 503 after the cut %d, 409 %d; %d certificates; %d events, %d still pending (%d leased by the killed instance); "+
		"%d notification mails received for %d event ids, %d delivered twice; %d sign-up links; instances logged %d errors, %d warnings, %d 'busy'; audit: %s",
		w.backend, soakTeams, soakDuration, w.journeys.Load(), w.finished.Load(), w.given.Load(), w.requests.Load(), w.posts.Load(), w.acked.Load(),
		strings.Join(codes, " "), w.killed502.Load(), w.unavailable503.Load(), w.conflicts.Load(), certs, len(all), pending, leasedByTheDead,
		received, len(w.mail.byID), dupes, links, errorsLogged, warnings, busy, strings.Join(acts, ", "))
}
