// Command webdemo serves the eops reference web app.
//
// Usage:
//
//	webdemo [-addr host:port] [-db eops.db | -dsn DSN] [-demo] [-demo-centres N] [-operator email] [-require-2fa-for-admins=false]
//
// Each flag has an environment variable for containers, which the flag
// beats: -addr ($EOPS_ADDR, default 127.0.0.1:8080) is where to listen; -db
// ($EOPS_DB, default eops.db) is the SQLite file, created and migrated on
// first start; -dsn ($EOPS_DSN) is a PostgreSQL (postgres://…) or MySQL
// (user:pass@tcp(host)/db) DSN to use instead of SQLite; -operator
// ($EOPS_OPERATOR) is the e-mail address whose account acts as the platform
// operator; -demo ($EOPS_DEMO) fills a realistic centre on first start and
// prints its sign-ins; -demo-centres N ($EOPS_DEMO_CENTRES) also loads N
// centres from storage/dataset (the benchmarks' generator), in trusts of 50
// with three years of history, on first start; -smtp ($EOPS_SMTP) is an SMTP server to e-mail the
// notifications and sign-up's confirmation links through, from -smtp-from ($EOPS_SMTP_FROM);
// without it the links are written to the log, and with -demo also shown at /demo/mail, a page
// for a demo on one's own machine only; -public-url ($EOPS_PUBLIC_URL) starts those links and
// names the credentials' issuer; -metrics-addr ($EOPS_METRICS_ADDR) serves
// Prometheus metrics at /metrics on a listener of its own, off when empty;
// -pprof-addr ($EOPS_PPROF_ADDR) serves Go's profiles at /debug/pprof/ on
// another, off when empty;
// -issue-host-key NAME issues a key for the JSON API at /api/v1 as the
// -operator (for -host-key-centres, or all centres; lasting -host-key-days;
// with -operator-key, an operator key, whose calls act as the operator, for
// all centres and at most 90 days), prints its secret once, and exits; -revoke-host-key ID revokes one and
// -host-keys lists them (docs/api.md);
// -import FILE
// imports certification history from an earlier platform (a CSV: email,
// full name, centre number, academic year, date certified, certificate
// number) as the system job "import", with a progress bar, and exits;
// -require-2fa-for-admins ($EOPS_REQUIRE_2FA_FOR_ADMINS, default true) makes
// centre administrators and the operator set up two-factor sign-in before
// they can use anything else (false lets them go on without it; an account
// that has it on is asked for its code either way); -trusted-proxies
// ($EOPS_TRUSTED_PROXIES) names the reverse proxies in front of the app
// (addresses or CIDR networks, separated by commas), whose X-Forwarded-For
// gives the client address the sign-in and sign-up limits count by; from
// any other peer the header is ignored.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/api"
	"github.com/eops/eops/webdemo/app"
	"github.com/eops/eops/webdemo/notify"
)

const (
	defaultAddr = "127.0.0.1:8080"
	defaultDB   = "eops.db"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "webdemo:", err)
		os.Exit(1)
	}
}

// settings are the demo's flags, resolved.
type settings struct {
	addr string
	db   string // SQLite file
	dsn  string // PostgreSQL or MySQL instead
	// maxConns bounds the instance's connections to a PostgreSQL or MySQL
	// server: the server's limit divided among the instances.
	maxConns int
	// operator is the e-mail address that acts as the platform operator.
	operator string
	// demo fills a realistic centre on first start.
	demo bool
	// demoCentres is how many generated centres to load on first start.
	demoCentres int
	// credentialKey is the file of the operator's Ed25519 signing key for
	// credentials, and publicURL the address people reach the app at.
	credentialKey, publicURL string
	// importFile is a CSV of earlier certifications to import, then exit.
	importFile string
	// issueHostKey names a host key to issue as the operator, print once,
	// and exit; hostKeyCentres are the centre numbers it reaches (none:
	// all) and hostKeyDays how long it lasts. revokeHostKey is the id of
	// one to revoke, then exit; listHostKeys lists them, then exits.
	issueHostKey   string
	hostKeyCentres string
	hostKeyDays    int
	revokeHostKey  string
	listHostKeys   bool
	// operatorKey makes the key issued an operator key: its calls act as
	// the operator (standards.HostKey.Operator).
	operatorKey bool
	// smtp is the SMTP server (host:port) to send notifications through,
	// and smtpFrom the sender; without a server they are only shown in the
	// app.
	smtp, smtpFrom string
	// require2FA makes people with admin rights set up two-factor sign-in
	// before anything else.
	require2FA bool
	// metricsAddr, when set, is where /metrics is served, apart from the
	// app.
	metricsAddr string
	// pprofAddr, when set, is where Go's profiles are served
	// (/debug/pprof/), on a listener of its own.
	pprofAddr string
	// asOf, when set, is the moment the app starts at: the library and the
	// pages run as if it were then, the clock going on from it.
	asOf time.Time
	// trustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client that sign-in and sign-up limits count by.
	trustedProxies []netip.Prefix
	// webhooksPrivate lets webhook endpoints be at loopback and private
	// addresses.
	webhooksPrivate bool
	// keptPagesMiB is how much of the pages people read most the app
	// keeps (app.WithKeptPages, api.WithKeptAnswers); 0 keeps none.
	keptPagesMiB int
}

// clock is the app's time: now, or, with -as-of, as many moments after
// asOf as have passed since start. Sign-in and two-factor codes keep real
// time (an authenticator app counts it), so only the library and the
// pages take this clock.
func (s settings) clock(start time.Time) func() time.Time {
	if s.asOf.IsZero() {
		return time.Now
	}
	return func() time.Time { return s.asOf.Add(time.Since(start)) }
}

// parseAsOf reads -as-of: a day (2025-11-20, noon UTC) or a moment in RFC
// 3339, not after now. Everything the app records carries its clock, the
// certificates it issues too, whose credentials a verifier would refuse as
// not yet valid if they were dated in the future.
func parseAsOf(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err == nil {
		t = t.Add(12 * time.Hour)
	} else if t, err = time.Parse(time.RFC3339, v); err != nil {
		return time.Time{}, fmt.Errorf("-as-of %q: give a day (2025-11-20) or a moment (2025-11-20T09:00:00Z)", v)
	}
	if t.After(now) {
		return time.Time{}, fmt.Errorf("-as-of %q is in the future: give a day that has come", v)
	}
	return t.UTC(), nil
}

// config resolves the flags: a flag beats its environment variable, which
// beats the default.
func config(args []string, getenv func(string) string, errOut io.Writer) (settings, error) {
	fs := flag.NewFlagSet("webdemo", flag.ContinueOnError)
	fs.SetOutput(errOut)
	or := func(env, def string) string {
		if v := getenv(env); v != "" {
			return v
		}
		return def
	}
	var s settings
	fs.StringVar(&s.addr, "addr", or("EOPS_ADDR", defaultAddr), "listen address (env EOPS_ADDR)")
	fs.StringVar(&s.db, "db", or("EOPS_DB", defaultDB), "SQLite file (env EOPS_DB)")
	fs.StringVar(&s.dsn, "dsn", or("EOPS_DSN", ""), "PostgreSQL or MySQL DSN instead of SQLite (env EOPS_DSN)")
	maxConns, err := strconv.Atoi(or("EOPS_MAX_CONNS", "10"))
	if err != nil {
		return s, fmt.Errorf("EOPS_MAX_CONNS: %w", err)
	}
	fs.IntVar(&s.maxConns, "max-conns", maxConns, "at most this many connections to the -dsn server from this instance; with several instances, the server's limit divided among them (env EOPS_MAX_CONNS)")
	fs.BoolVar(&s.demo, "demo", or("EOPS_DEMO", "") != "", "fill a realistic centre on first start and print its sign-ins; without -smtp, also show the last mails, sign-up links and all, at /demo/mail (env EOPS_DEMO)")
	demoCentres, err := strconv.Atoi(or("EOPS_DEMO_CENTRES", "0"))
	if err != nil {
		return s, fmt.Errorf("EOPS_DEMO_CENTRES: %w", err)
	}
	fs.IntVar(&s.demoCentres, "demo-centres", demoCentres, "also load this many generated centres, in trusts of 50, on first start (up to 7000, the national size; env EOPS_DEMO_CENTRES)")
	fs.StringVar(&s.credentialKey, "credential-key", or("EOPS_CREDENTIAL_KEY", "eops-credential.key"), "file of the Ed25519 key that signs credentials, made on first start (env EOPS_CREDENTIAL_KEY)")
	fs.StringVar(&s.publicURL, "public-url", or("EOPS_PUBLIC_URL", ""), "the address people reach the app at (https://standards.example.org): the credentials' issuer and the verification address printed on PDFs and credentials, never taken from a request's Host (env EOPS_PUBLIC_URL; default http://ADDR)")
	fs.StringVar(&s.importFile, "import", "", "import certification history from this CSV file as the system job \"import\", then exit")
	fs.StringVar(&s.issueHostKey, "issue-host-key", "", "issue a host key for the JSON API at /api/v1 with this name, as the -operator, print its secret this once, then exit (docs/api.md)")
	fs.StringVar(&s.hostKeyCentres, "host-key-centres", "", "with -issue-host-key: the centre numbers the key reaches, separated by commas (default: all centres)")
	fs.IntVar(&s.hostKeyDays, "host-key-days", 365, "with -issue-host-key: how many days the key lasts (at most 731; at most 90, and 90 if not given, for an -operator-key)")
	fs.BoolVar(&s.operatorKey, "operator-key", false, "with -issue-host-key: issue an operator key, whose calls act as the platform operator, for the operator's own tools: it reaches all centres and lasts at most 90 days (docs/api.md \"Operator keys\")")
	fs.StringVar(&s.revokeHostKey, "revoke-host-key", "", "revoke the host key with this id, as the -operator, then exit")
	fs.BoolVar(&s.listHostKeys, "host-keys", false, "list the host keys, as the -operator, then exit")
	fs.StringVar(&s.smtp, "smtp", or("EOPS_SMTP", ""), "SMTP server host:port to e-mail notifications and sign-up links through; without it the links go to the log, and with -demo to /demo/mail too (env EOPS_SMTP)")
	fs.StringVar(&s.smtpFrom, "smtp-from", or("EOPS_SMTP_FROM", "standards@localhost"), "sender of notification e-mails (env EOPS_SMTP_FROM)")
	fs.StringVar(&s.operator, "operator", or("EOPS_OPERATOR", ""), "e-mail address of the account that acts as the platform operator (env EOPS_OPERATOR)")
	require2FA, err := strconv.ParseBool(or("EOPS_REQUIRE_2FA_FOR_ADMINS", "true"))
	if err != nil {
		return s, fmt.Errorf("EOPS_REQUIRE_2FA_FOR_ADMINS: %w", err)
	}
	fs.BoolVar(&s.require2FA, "require-2fa-for-admins", require2FA, "make centre administrators and the operator set up two-factor sign-in before anything else (env EOPS_REQUIRE_2FA_FOR_ADMINS)")
	fs.StringVar(&s.metricsAddr, "metrics-addr", or("EOPS_METRICS_ADDR", ""), "serve Prometheus metrics at /metrics on this address (127.0.0.1:9464), a listener of its own so that they stay off the public one; off when empty (env EOPS_METRICS_ADDR)")
	fs.StringVar(&s.pprofAddr, "pprof-addr", or("EOPS_PPROF_ADDR", ""), "serve Go's CPU, heap and other profiles at /debug/pprof/ on this address (127.0.0.1:6060), a listener of its own, for finding where a loaded server's time goes; never on a public address; off when empty (env EOPS_PPROF_ADDR)")
	asOf := fs.String("as-of", or("EOPS_AS_OF", ""), "run as if the app started at this day or moment, the clock going on from it (sign-in keeps real time), to show data that stands on that day, such as -demo-centres made then (env EOPS_AS_OF)")
	proxies := fs.String("trusted-proxies", or("EOPS_TRUSTED_PROXIES", ""), "the reverse proxies or load balancers in front of the app, as addresses or CIDR networks separated by commas (10.0.0.0/8,192.0.2.10): a request from one of them is counted, for the sign-in and sign-up limits, as the rightmost address of its X-Forwarded-For that is not one of them; X-Forwarded-For from anyone else is ignored (env EOPS_TRUSTED_PROXIES; default none)")
	keptMiB, err := strconv.Atoi(or("EOPS_KEPT_PAGES_MIB", "16"))
	if err != nil {
		return s, fmt.Errorf("EOPS_KEPT_PAGES_MIB: %w", err)
	}
	fs.IntVar(&s.keptPagesMiB, "kept-pages-mib", keptMiB, "keep up to this many MiB of the pages people read most, and as many of the API's answers, each for a minute at most, to send again while nothing on them has changed; 0 keeps none, so that every request reads the database (env EOPS_KEPT_PAGES_MIB; docs/architecture.md \"Kept pages\")")
	fs.BoolVar(&s.webhooksPrivate, "webhooks-private", or("EOPS_WEBHOOKS_PRIVATE", "") != "", "let webhook endpoints be at loopback and private addresses (127.0.0.1, 10.0.0.0/8…), for a receiver on this machine or network; off, they must be public (env EOPS_WEBHOOKS_PRIVATE)")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if s.operatorKey {
		if s.issueHostKey == "" {
			return s, errors.New("-operator-key: give -issue-host-key, the key's name")
		}
		days := false
		fs.Visit(func(f *flag.Flag) { days = days || f.Name == "host-key-days" })
		if !days {
			s.hostKeyDays = int(standards.MaxOperatorKeyLife / (24 * time.Hour))
		}
	}
	if s.trustedProxies, err = app.ParseTrustedProxies(*proxies); err != nil {
		return s, fmt.Errorf("-trusted-proxies: %w", err)
	}
	if s.asOf, err = parseAsOf(*asOf, time.Now()); err != nil {
		return s, err
	}
	if fs.NArg() > 0 {
		return s, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if s.addr == "" {
		return s, errors.New("empty listen address")
	}
	if s.maxConns < 1 {
		return s, fmt.Errorf("-max-conns %d: give at least 1", s.maxConns)
	}
	if s.db == "" && s.dsn == "" {
		return s, errors.New("give a SQLite file (-db) or a DSN (-dsn)")
	}
	if s.operator != "" {
		// Compared with accounts' addresses, which are normalised: the
		// operator is one address, whatever its letters' case.
		op, err := standards.NormaliseEmail(s.operator)
		if err != nil {
			return s, fmt.Errorf("-operator %q: %w", s.operator, err)
		}
		s.operator = op
	}
	if s.keptPagesMiB < 0 || s.keptPagesMiB > 1024 {
		return s, fmt.Errorf("-kept-pages-mib %d: give 0 to 1024", s.keptPagesMiB)
	}
	if s.demoCentres < 0 || s.demoCentres > maxGeneratedCentres {
		return s, fmt.Errorf("-demo-centres %d: give 0 to %d", s.demoCentres, maxGeneratedCentres)
	}
	if s.publicURL, err = publicURL(s.publicURL, s.addr); err != nil {
		return s, err
	}
	return s, nil
}

// publicURL checks -public-url, an http or https address with a host and
// nothing after its path, without a trailing slash; or, when it is not
// given, makes it from the listen address (a host left out, or a wildcard,
// becomes localhost).
func publicURL(v, addr string) (string, error) {
	if v == "" {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return "", fmt.Errorf("-addr %q: %w", addr, err)
		}
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			host = "localhost"
		}
		return "http://" + net.JoinHostPort(host, port), nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("-public-url %q: give an http:// or https:// address with a host, and no query", v)
	}
	return strings.TrimRight(v, "/"), nil
}

func run(args []string, getenv func(string) string, out, errOut io.Writer) error {
	cfg, err := config(args, getenv, errOut)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(errOut, nil))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var (
		tel       *telemetry
		storeOpts []sqlstore.Option
		svcOpts   []standards.Option
	)
	if cfg.metricsAddr != "" {
		if tel, err = newTelemetry(); err != nil {
			return err
		}
		storeOpts = append(storeOpts, tel.queryHook())
		svcOpts = append(svcOpts, standards.WithObserver(tel.observer))
	}
	store, err := openStore(ctx, cfg, storeOpts...)
	if err != nil {
		return err
	}
	defer store.Close()
	now := cfg.clock(time.Now())
	if cfg.webhooksPrivate {
		svcOpts = append(svcOpts, standards.WithWebhookLoopback())
	}
	svc := standards.New(store.Store, append(svcOpts, standards.WithLogger(logger), standards.WithClock(now))...)
	if cfg.importFile != "" {
		return importHistory(ctx, svc, cfg.importFile, out)
	}
	if cfg.issueHostKey != "" || cfg.revokeHostKey != "" || cfg.listHostKeys {
		return hostKeys(ctx, svc, cfg, now(), out)
	}
	logins, err := accounts.NewSQLStore(ctx, store.DB(), "", accounts.ReadFrom(store.ReadDB()))
	if err != nil {
		return err
	}
	// The JSON API's Idempotency-Keys are kept in the database, beside the
	// accounts, so that every instance honours them. Its table is made
	// here, with the accounts', before any work starts beside the
	// requests: a signal then stops that work, not the setting up.
	idempotency, err := api.NewSQLIdempotencyStore(ctx, store.DB(), "")
	if err != nil {
		return err
	}
	var operators []string
	if cfg.operator != "" {
		operators = append(operators, cfg.operator)
	}
	manager := accounts.New(logins)
	if cfg.demo {
		if err := seedDemo(ctx, store.Store, manager, now(), out); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	if cfg.demoCentres > 0 {
		if err := seedGenerated(ctx, store.Store, cfg.demoCentres, now(), out); err != nil {
			return fmt.Errorf("generated centres: %w", err)
		}
	}
	// The host's daily call: reminders for the flags that newly apply,
	// at start and then each day; calling it twice a day adds nothing, so
	// a call that failed part-way is made again ten minutes later.
	// work is what runs beside the requests: the reminders, the mailer and
	// the mails being sent. Shutting down waits for it, within the
	// deadline, before the store is closed.
	var work sync.WaitGroup
	work.Go(func() {
		for {
			wait := 24 * time.Hour
			start := time.Now()
			if n, err := svc.RemindersDue(ctx, now()); err != nil {
				logger.ErrorContext(ctx, "reminders", "err", err, "appended", n)
				wait = 10 * time.Minute
			} else {
				logger.InfoContext(ctx, "reminders appended", "count", n, "took", time.Since(start).Round(time.Millisecond))
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	})
	// The app's own mail (sign-up links and the like): through SMTP when
	// there is a server, the mails it sends after answering counted in
	// work, so that shutting down waits for them; otherwise to the log,
	// and, for a demo on a laptop, to /demo/mail too.
	mail := []app.Option{app.WithBackground(work.Go)}
	var mailer *notify.Mailer
	mailerStopped := make(chan struct{})
	if cfg.smtp != "" {
		mailer = &notify.Mailer{Addr: cfg.smtp, From: cfg.smtpFrom, Log: logger}
		work.Go(func() { defer close(mailerStopped); mailer.Run(ctx, svc, 10*time.Second) })
		mail = append(mail, app.WithMailer(mailer))
	} else if cfg.demo {
		mail = append(mail, app.WithDemoMailbox())
	}
	releaseWebhooks := runWebhooks(ctx, svc, cfg.webhooksPrivate, logger, &work)
	issuer, err := credentialIssuer(cfg.credentialKey, cfg.publicURL)
	if err != nil {
		return err
	}
	options := []app.Option{
		app.WithClock(now),
		app.WithCredentials(issuer),
		app.WithPublicURL(cfg.publicURL),
		app.WithLogger(logger),
		app.WithHealthCheck(store.Live),
		app.WithReadinessCheck(store.Ready),
		app.WithAccounts(manager, operators...),
		app.WithTwoFactorForAdmins(cfg.require2FA),
		app.WithTrustedProxies(cfg.trustedProxies...),
		app.WithKeptPages(cfg.keptPagesMiB<<20, time.Minute),
	}
	handler := app.New(svc, append(options, mail...)...)
	// The JSON API beside the pages, for hosts in any language (docs/api.md).
	root := http.NewServeMux()
	root.Handle("/api/v1/", api.New(svc, api.WithBasePath("/api/v1"), api.WithLogger(logger), api.WithIdempotencyStore(idempotency),
		api.WithKeptAnswers(cfg.keptPagesMiB<<20, time.Minute)))
	root.Handle("/", handler)
	handler = root
	if tel != nil {
		handler = tel.handler(handler)
		metrics := &http.Server{Handler: tel.metrics(), ReadHeaderTimeout: 5 * time.Second}
		l, err := net.Listen("tcp", cfg.metricsAddr)
		if err != nil {
			return fmt.Errorf("-metrics-addr: %w", err)
		}
		fmt.Fprintf(out, "metrics at http://%s/metrics\n", l.Addr())
		go func() { _ = metrics.Serve(l) }()
		defer metrics.Close()
	}

	if cfg.pprofAddr != "" {
		profiles := &http.Server{Handler: profiles(), ReadHeaderTimeout: 5 * time.Second}
		l, err := net.Listen("tcp", cfg.pprofAddr)
		if err != nil {
			return fmt.Errorf("-pprof-addr: %w", err)
		}
		fmt.Fprintf(out, "profiles at http://%s/debug/pprof/\n", l.Addr())
		go func() { _ = profiles.Serve(l) }()
		defer profiles.Close()
	}

	srv := &http.Server{
		Addr:              cfg.addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}

	serveErr := make(chan error, 1)
	go func() {
		fmt.Fprintf(out, "eops webdemo on %s, listening on http://%s\n", store.Describe, cfg.addr)
		serveErr <- srv.ListenAndServe()
	}()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop()

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// ctx is done, so the reminders and the mailer are stopping; the
	// mails in flight have until the deadline. Then the store closes
	// (deferred above), and with it every connection the instance held.
	finished := make(chan struct{})
	go func() { work.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-shutdownCtx.Done():
		logger.Error("shutdown: the reminders, the mailer, a mail or the webhooks did not finish in time")
	}
	if mailer != nil {
		releaseClaims(mailer, svc, mailerStopped, logger)
	}
	releaseWebhooks()
	return nil
}

// releaseClaims gives back the events the mailer claimed and did not send,
// so that another instance's mailer sends them at once rather than after
// the lease (a rolling restart then delays no mail). Only once the mailer
// has stopped: an event it was still sending, released, could be sent
// twice; a mailer that did not stop in time leaves its claims to expire.
func releaseClaims(mailer *notify.Mailer, svc *standards.Service, stopped <-chan struct{}, logger *slog.Logger) {
	select {
	case <-stopped:
	default:
		logger.Warn("shutdown: the mailer did not stop in time; its claims are left to expire with their lease")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := mailer.Release(ctx, svc)
	if err != nil {
		logger.Error("shutdown: releasing the mailer's claims; they are left to expire with their lease", "err", err)
		return
	}
	logger.Info("shutdown: released the mailer's claims", "count", n)
}
