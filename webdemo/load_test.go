package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/eops/eops/internal/benchfixture"
	"github.com/eops/eops/storage/dataset"
)

// confirmToken finds a confirmation link's token in a line of the log.
var confirmToken = regexp.MustCompile(`/signup/confirm\?token=([A-Za-z0-9_-]{43})`)

// BenchmarkLoad serves the web app from its own process on a copy of the
// national dataset and loads it over loopback with 32 connections: a
// static file, a signed-in tracker page, a centre's page (its members, as
// its administrator sees them) and the home page, whose dashboard lists
// the exams officers the administrator looks after with their progress and
// flags (the library's CentreDashboard, for each of their three years),
// and the same tracker from the JSON API (GET /api/v1/records/{id}, with a
// host key, for the same person: issue 22), each for loadDuration. It
// reports each page's requests per second and 99th-percentile latency, the
// pages' throughput over the static file's (vs-static-x), and the server's
// peak resident memory.
//
//	go test ./webdemo -run '^$' -bench Load -benchtime 1x
//
// With EOPS_LOAD_PROFILES=DIR it also saves the server's CPU profile under
// each page's load in DIR, to read with `go tool pprof -top DIR/tracker.pprof`.

func BenchmarkLoad(b *testing.B) {
	const connections = 32
	loadDuration := 5 * time.Second
	if s := os.Getenv("EOPS_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("EOPS_LOAD_SECONDS: %v", err)
		}
		loadDuration = time.Duration(n) * time.Second
	}
	dir := b.TempDir()
	db := benchfixture.Copy(b, dataset.NationalCentres, dir)
	bin := filepath.Join(dir, "webdemo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freeAddr(b)
	// The server runs as of the day the dataset stands on, so that its
	// pages show a year in progress, with the forms and flags of one, as
	// they would that day.
	spec := dataset.BenchmarkSpec(dataset.NationalCentres)
	asOf := spec.Now.Format(time.RFC3339)
	// A host key for the JSON API, issued as the operator before the
	// server starts, as an operator would (-issue-host-key).
	issued, err := exec.Command(bin, "-db", db, "-as-of", asOf, "-operator", "ops@naeo.example", "-issue-host-key", "BenchmarkLoad").CombinedOutput()
	if err != nil {
		b.Fatalf("-issue-host-key: %v\n%s", err, issued)
	}
	_, secret, ok := strings.Cut(string(issued), "kept nowhere:\n")
	secret = strings.TrimSpace(secret)
	if !ok || secret == "" {
		b.Fatalf("-issue-host-key printed no secret:\n%s", issued)
	}
	args := []string{"-db", db, "-addr", addr, "-credential-key", filepath.Join(dir, "key"), "-as-of", asOf}
	// EOPS_LOAD_FRESH=1 runs the server keeping no pages, so that every
	// request reads the database and renders (docs/benchmarks.md, "Kept
	// pages"); by default it keeps them, as the demo does.
	if os.Getenv("EOPS_LOAD_FRESH") != "" {
		args = append(args, "-kept-pages-mib", "0")
	}
	// EOPS_LOAD_PROFILES=DIR saves a CPU profile of the server under each
	// page's load in DIR (PAGE.pprof), for `go tool pprof`.
	profileDir, profileAddr := os.Getenv("EOPS_LOAD_PROFILES"), ""
	if profileDir != "" {
		profileAddr = freeAddr(b)
		args = append(args, "-pprof-addr", profileAddr)
	}
	srv := exec.Command(bin, args...)
	stdout, err := srv.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	stderr, err := srv.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	// The server reminds at start, as of the dataset's day some 14,000
	// times over a few seconds: the load waits for that to end, so that
	// it measures the pages, not the pages beside the reminders.
	reminded := make(chan string, 1)
	// Without -smtp, the server writes its mail to the log: the sign-up's
	// confirmation link is read from there.
	links := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stderr)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			line := lines.Text()
			if strings.Contains(line, `msg="reminders appended"`) || strings.Contains(line, "msg=reminders") {
				select {
				case reminded <- line:
				default:
				}
			}
			if m := confirmToken.FindStringSubmatch(line); m != nil {
				select {
				case links <- m[1]:
				default:
				}
			}
		}
	}()
	b.Cleanup(func() {
		_ = srv.Process.Kill()
		_ = srv.Wait()
	})
	started := bufio.NewReader(stdout)
	for {
		line, err := started.ReadString('\n')
		if err != nil {
			b.Fatalf("the server did not start: %q %v", line, err)
		}
		if strings.Contains(line, "listening") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, started) }()
	base := "http://" + addr
	// It says it listens just before it does: wait for /healthz.
	for i := 0; ; i++ {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		if i == 100 {
			b.Fatalf("the server does not answer: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	select {
	case line := <-reminded:
		if !strings.Contains(line, "reminders appended") {
			b.Fatalf("the server's reminders failed: %s", line)
		}
	case <-time.After(5 * time.Minute):
		b.Fatal("the server's reminders at start did not end")
	}

	// The head of the first centre signs up with their own address, follows
	// the link the server mailed (to its log), and so acts as the person the
	// dataset knows.
	sub := spec.Subjects()
	jar, _ := cookiejar.New(nil)
	transport := &http.Transport{MaxIdleConns: connections, MaxIdleConnsPerHost: connections, MaxConnsPerHost: connections}
	client := &http.Client{Jar: jar, Transport: transport}
	res, err := client.PostForm(base+"/signup", url.Values{"email": {sub.Head.Email}, "full_name": {"Head"}, "password": {"correct horse battery staple"}})
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	var token string
	select {
	case token = <-links:
	case <-time.After(time.Minute):
		b.Fatal("no confirmation link in the server's log")
	}
	res, err = client.PostForm(base+"/signup/confirm", url.Values{"token": {token}, "password": {"correct horse battery staple"}})
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	// The head is an administrator, so the app asks them to set up
	// two-factor sign-in before anything else, as it would in use.
	enrolTwoFactor(b, client, base)

	pages := []struct {
		name, path, mustShow string
		header               http.Header
	}{
		// The static file is the yardstick of a request's own cost, so a
		// small one: site.css was (3.6 kB) until GOV.UK Frontend's style
		// sheet (149 kB) took its place (issue 21), and serving that is
		// mostly copying bytes; the app's script is 1 kB.
		{"static", "/static/app.js", "body", nil},
		{"tracker", "/records/" + sub.RecordID, "Tracker:", nil},
		{"centre", "/centres/" + sub.CentreID + "/2025-26", "Centre", nil},
		{"dashboard", "/", "Exams officers you look after", nil},
		// The tracker again, from the JSON API, for the same person.
		{"api-tracker", "/api/v1/records/" + sub.RecordID, `"id":"` + sub.RecordID + `"`, http.Header{
			"Authorization": {"Bearer " + secret}, "Eops-Person-Email": {sub.Head.Email}, "Accept": {"application/json"},
		}},
	}
	for b.Loop() {
		rps := map[string]float64{}
		for _, p := range pages {
			var profiled chan error
			if profileDir != "" {
				profiled = make(chan error, 1)
				go func() { profiled <- saveProfile(profileAddr, filepath.Join(profileDir, p.name+".pprof"), loadDuration) }()
			}
			r := load(b, client, base+p.path, p.header, p.mustShow, connections, loadDuration)
			if profiled != nil {
				if err := <-profiled; err != nil {
					b.Fatal(err)
				}
			}
			rps[p.name] = r.rps
			b.ReportMetric(r.rps, p.name+"-req/s")
			b.ReportMetric(float64(r.bytes)/1024, p.name+"-kB")
			b.ReportMetric(float64(r.p99.Microseconds())/1000, p.name+"-p99-ms")
		}
		b.ReportMetric(rps["tracker"]/rps["static"], "tracker-vs-static-x")
		b.ReportMetric(rps["centre"]/rps["static"], "centre-vs-static-x")
		b.ReportMetric(rps["dashboard"]/rps["static"], "dashboard-vs-static-x")
		b.ReportMetric(rps["api-tracker"]/rps["static"], "api-tracker-vs-static-x")
	}
	b.ReportMetric(peakRSS(b, srv.Process.Pid), "peak-rss-MiB")
}

// saveProfile saves to file a CPU profile of the server at addr
// (-pprof-addr) over the middle of a load lasting d: from a tenth of the
// way in, for four fifths of it, so that neither the load's start nor its
// end is in it.
func saveProfile(addr, file string, d time.Duration) error {
	time.Sleep(d / 10)
	seconds := max(1, int((d * 4 / 5).Seconds()))
	res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds))
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: %s", res.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// secretOnPage finds the two-factor secret the security page shows.
var secretOnPage = regexp.MustCompile(`<code id="two-factor-secret">([A-Z2-7 ]+)</code>`)

// enrolTwoFactor sets up two-factor sign-in for the signed-in client, with
// a code computed from the secret the page shows (in groups of four).
func enrolTwoFactor(b *testing.B, client *http.Client, base string) {
	b.Helper()
	post := func(path string, form url.Values) string {
		res, err := client.PostForm(base+path, form)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("POST %s: %d %v\n%s", path, res.StatusCode, err, body)
		}
		return string(body)
	}
	m := secretOnPage.FindStringSubmatch(post("/account/security/setup", nil))
	if m == nil {
		b.Fatal("the security page shows no secret")
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(m[1], " ", ""), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	post("/account/security/confirm", url.Values{"code": {code}})
}

type loadResult struct {
	rps float64
	p99 time.Duration
	// bytes is the size of the last answer's body.
	bytes int
}

// load sends GETs to address, with header, from n goroutines for d, each
// checking the answer, and returns the throughput and the 99th percentile
// latency.
func load(b *testing.B, client *http.Client, address string, header http.Header, mustShow string, n int, d time.Duration) loadResult {
	b.Helper()
	var mu sync.Mutex
	var all []time.Duration
	var failure error
	var size atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				req, err := http.NewRequest(http.MethodGet, address, nil)
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				for k, v := range header {
					req.Header[k] = v
				}
				res, err := client.Do(req)
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(string(body), mustShow) {
					mu.Lock()
					failure = fmt.Errorf("%s: %d %v: %.300s", address, res.StatusCode, err, body)
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
				size.Store(int64(len(body)))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if failure != nil {
		b.Fatal(failure)
	}
	if len(all) == 0 {
		b.Fatalf("%s: no request finished", address)
	}
	slices.Sort(all)
	return loadResult{rps: float64(len(all)) / d.Seconds(), p99: all[len(all)*99/100], bytes: int(size.Load())}
}

// peakRSS reads the process's peak resident set (VmHWM) in MiB.
func peakRSS(b *testing.B, pid int) float64 {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmHWM in /proc status")
	return 0
}
