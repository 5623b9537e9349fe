package notify_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/notify"
)

// smtpServer is a minimal SMTP server on loopback that keeps what it is
// sent, and can be told to refuse recipients.
type smtpServer struct {
	ln     net.Listener
	mu     sync.Mutex
	mails  []mail
	refuse string // a recipient to refuse with 550
}

type mail struct {
	from string
	to   []string
	data string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	say("220 test ESMTP")
	var m mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = mail{from: strings.Trim(strings.TrimSpace(line)[10:], "<>")}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			to := strings.Trim(strings.TrimSpace(line)[8:], "<>")
			s.mu.Lock()
			refuse := s.refuse
			s.mu.Unlock()
			if to == refuse {
				say("550 no such user")
				continue
			}
			m.to = append(m.to, to)
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			m.data = data.String()
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpServer) sent() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mail(nil), s.mails...)
}

// TestEventsGoOutAsMail registers a centre and a request to join, delivers
// the outbox through an SMTP server on loopback, and checks every event
// became a mail and was acknowledged; one that failed stays pending.
func TestEventsGoOutAsMail(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	svc := standards.New(memory.New(), standards.WithClock(func() time.Time { return day }))
	head := standards.Actor{Email: "head@riverside.sch.uk"}
	_, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: "Helen Head", Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	reg, err := svc.RequestToJoin(ctx, standards.Actor{Email: "eo@riverside.sch.uk"}, standards.JoinRequest{Year: 2025, CentreNumber: "12345", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	_, err = svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: reg.CentreID, Year: 2025, Email: "gone@riverside.sch.uk", FullName: "Gone", Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)

	server := startSMTP(t)
	server.mu.Lock()
	server.refuse = "gone@riverside.sch.uk"
	server.mu.Unlock()
	m := &notify.Mailer{Addr: server.ln.Addr().String(), From: "standards@platform.example"}
	sent, err := m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Equal(t, 1, sent)

	mails := server.sent()
	require.Len(t, mails, 1)
	assert.Equal(t, []string{"head@riverside.sch.uk"}, mails[0].to)
	assert.Contains(t, mails[0].data, "Subject: A colleague asks to join your centre")
	assert.Contains(t, mails[0].data, "Eve Officer (eo@riverside.sch.uk) asks to join 12345")

	pending, err := svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	require.Len(t, pending, 1, "the refused mail stays pending, to be tried again")
	assert.Equal(t, []string{"gone@riverside.sch.uk"}, pending[0].To)

	server.mu.Lock()
	server.refuse = ""
	server.mu.Unlock()
	sent, err = m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Zero(t, sent, "the refused event is leased until its lease ends")
	day = day.Add(notify.DefaultLease)
	sent, err = m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Equal(t, 1, sent, "and then sent")
	pending, err = svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

// TestSendMailGoesThroughSMTP sends one of the host's own mails (the web
// app's confirmation link) through the same SMTP client as the events; a
// refused recipient is an error, and a header with a line break is never
// sent.
func TestSendMailGoesThroughSMTP(t *testing.T) {
	ctx := context.Background()
	server := startSMTP(t)
	m := &notify.Mailer{Addr: server.ln.Addr().String(), From: "standards@platform.example"}
	require.NoError(t, m.SendMail(ctx, "ada@school.org.uk", "Confirm your e-mail address", "Follow this link:\nhttps://eops.example/signup/confirm?token=abc"))
	mails := server.sent()
	require.Len(t, mails, 1)
	assert.Equal(t, []string{"ada@school.org.uk"}, mails[0].to)
	assert.Equal(t, "standards@platform.example", mails[0].from)
	assert.Contains(t, mails[0].data, "Subject: Confirm your e-mail address\r\n")
	assert.Contains(t, mails[0].data, "Follow this link:\r\nhttps://eops.example/signup/confirm?token=abc\r\n")

	server.mu.Lock()
	server.refuse = "gone@school.org.uk"
	server.mu.Unlock()
	assert.Error(t, m.SendMail(ctx, "gone@school.org.uk", "Confirm your e-mail address", "x"))
	assert.Error(t, m.SendMail(ctx, "ada@school.org.uk\r\nBcc: eve@evil.example", "x", "x"))
	assert.Error(t, m.SendMail(ctx, "ada@school.org.uk", "x\r\nBcc: eve@evil.example", "x"))
	assert.Len(t, server.sent(), 1)
}

// silentServer listens on a loopback port until the test ends, takes every
// connection and never greets, as a mail server that has stopped answering;
// it returns its address.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var held []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	return ln.Addr().String()
}

// TestSendMailGivesUpWhenItsContextEnds: the web app calls SendMail while
// a person waits, so a server that takes the connection and then says
// nothing must not keep them waiting longer than the context allows.
func TestSendMailGivesUpWhenItsContextEnds(t *testing.T) {
	m := &notify.Mailer{Addr: silentServer(t), From: "standards@platform.example"}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := m.SendMail(ctx, "ada@school.org.uk", "Confirm your e-mail address", "x")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second, "given up at the deadline, not at the OS's")
}

// TestASilentServerHoldsTheMailerUpForHalfALease: a server that takes the
// connection and says nothing holds each send for half the lease, not for
// ever; the event stays claimed, to be tried again after the lease.
func TestASilentServerHoldsTheMailerUpForHalfALease(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	svc := standards.New(memory.New(), standards.WithClock(func() time.Time { return day }))
	_, err := svc.RegisterCentre(ctx, standards.Actor{Email: "head@riverside.sch.uk"}, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: "Helen Head", Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	_, err = svc.RequestToJoin(ctx, standards.Actor{Email: "eo@riverside.sch.uk"}, standards.JoinRequest{Year: 2025, CentreNumber: "12345", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	pending, err := svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	require.NotEmpty(t, pending)

	m := &notify.Mailer{Addr: silentServer(t), From: "standards@platform.example", Lease: time.Second}
	start := time.Now()
	sent, err := m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Zero(t, sent)
	assert.Less(t, time.Since(start), time.Duration(len(pending))*time.Second, "half a lease a mail at most")
	again, err := svc.ClaimEvents(ctx, "another", time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, again, "still claimed until the lease ends")
}

// TestSendMailAcceptedIsSentWhateverQuitMeets: once the server has said it
// accepted the mail, the mail is sent, even if the server is then slow to
// answer QUIT past the context's end: the person is not told to try again
// for a mail that went.
func TestSendMailAcceptedIsSentWhateverQuitMeets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
		say("220 slow ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case cmd == "DATA":
				say("354 go ahead")
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
				}
				say("250 queued")
			case cmd == "QUIT":
				time.Sleep(2 * time.Second) // past the context's end
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	m := &notify.Mailer{Addr: ln.Addr().String(), From: "standards@platform.example"}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	assert.NoError(t, m.SendMail(ctx, "ada@school.org.uk", "Confirm your e-mail address", "x"))
}

// messageIDs counts the mails the server took by their Message-ID.
func (s *smtpServer) messageIDs(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range s.sent() {
		_, rest, ok := strings.Cut(m.data, "Message-ID: ")
		require.True(t, ok, "every event's mail has a Message-ID:\n%s", m.data)
		id, _, _ := strings.Cut(rest, "\r\n")
		out[id]++
	}
	return out
}

// appendEvents commits n events to store's outbox, each to one address.
func appendEvents(t *testing.T, store standards.Store, n int) {
	t.Helper()
	require.NoError(t, store.Update(t.Context(), func(tx standards.Tx) error {
		for i := range n {
			if _, err := tx.AppendEvent(t.Context(), standards.Event{
				ID: fmt.Sprintf("ev%024d", i), At: time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC),
				Kind: standards.EventRegistrationApproved, To: []string{fmt.Sprintf("eo%d@school.example", i)},
				Subject: fmt.Sprintf("registration/%d", i), Summary: "Your registration is approved.",
			}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// databases open two stores on one new database, as two instances of the
// app have: SQLite always, PostgreSQL and MariaDB when their variables are
// set (CI sets both).
var databases = []struct {
	name, env string
	open      func(t *testing.T) (standards.Store, standards.Store)
}{
	{"sqlite", "", func(t *testing.T) (standards.Store, standards.Store) {
		path := filepath.Join(t.TempDir(), "eops.db")
		open := func() standards.Store {
			s, err := sqlite.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			require.NoError(t, s.Migrate(t.Context()))
			return s
		}
		return open(), open()
	}},
	{"postgres", dbtest.PostgresEnv, func(t *testing.T) (standards.Store, standards.Store) {
		dsn := dbtest.PostgresDSN(t)
		open := func() standards.Store {
			db, err := sql.Open("pgx", dsn)
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			s, err := postgres.New(db)
			require.NoError(t, err)
			require.NoError(t, s.Migrate(t.Context()))
			return s
		}
		return open(), open()
	}},
	{"mysql", dbtest.MySQLEnv, func(t *testing.T) (standards.Store, standards.Store) {
		db := dbtest.MySQL(t)
		open := func() standards.Store {
			s, err := mysql.New(db)
			require.NoError(t, err)
			require.NoError(t, s.Migrate(t.Context()))
			return s
		}
		return open(), open()
	}},
}

// TestTwoMailersNeverSendOneEventTwice runs two Mailers at once, each with
// a Service and a Store of its own on one database, as two instances of
// the app do, and counts at the SMTP server the mails of each event.
func TestTwoMailersNeverSendOneEventTwice(t *testing.T) {
	t.Parallel()
	const events = 60
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			if db.env != "" {
				dbtest.Need(t, db.env, db.name)
			}
			first, second := db.open(t)
			appendEvents(t, first, events)
			server := startSMTP(t)

			sent := make([]int, 2)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, store := range []standards.Store{first, second} {
				m := &notify.Mailer{Addr: server.ln.Addr().String(), From: "standards@platform.example", Name: fmt.Sprintf("instance %d", i)}
				svc := standards.New(store)
				wg.Go(func() {
					<-start
					var err error
					sent[i], err = m.Once(t.Context(), svc)
					assert.NoError(t, err, "mailer %d", i)
				})
			}
			close(start)
			wg.Wait()

			ids := server.messageIDs(t)
			t.Logf("%s: mailers sent %v; the server took %d mails of %d events", db.name, sent, len(server.sent()), len(ids))
			assert.Len(t, ids, events, "every event mailed")
			for id, n := range ids {
				assert.Equal(t, 1, n, "mails of %s", id)
			}
			assert.Equal(t, events, sent[0]+sent[1])
			pending, err := standards.New(first).PendingEvents(t.Context(), 0, 0)
			require.NoError(t, err)
			assert.Empty(t, pending, "every event acknowledged")
		})
	}
}

// ackFails is a Service whose next acknowledgement fails, as when the
// process dies between the server accepting a mail and the
// acknowledgement.
type ackFails struct {
	*standards.Service
	fail bool
}

func (a *ackFails) AckEvents(ctx context.Context, seqs ...int64) error {
	if a.fail {
		a.fail = false
		return errors.New("the process died")
	}
	return a.Service.AckEvents(ctx, seqs...)
}

// TestAMailSentButNotAcknowledgedGoesAgainWithItsMessageID: at-least-once
// delivery. A mail accepted but not acknowledged is sent again after the
// lease, with the same Message-ID, so that a receiver can drop the copy;
// once acknowledged it is not sent again.
func TestAMailSentButNotAcknowledgedGoesAgainWithItsMessageID(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	store := memory.New()
	appendEvents(t, store, 2)
	svc := &ackFails{Service: standards.New(store, standards.WithClock(func() time.Time { return now })), fail: true}
	server := startSMTP(t)
	m := &notify.Mailer{Addr: server.ln.Addr().String(), From: "standards@platform.example", Lease: 5 * time.Minute}

	sent, err := m.Once(ctx, svc)
	require.Error(t, err)
	assert.Zero(t, sent)
	require.Len(t, server.sent(), 1, "the first mail went out")
	first := server.messageIDs(t)

	sent, err = m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Equal(t, 0, sent, "the first event is leased; the second was claimed with it")
	now = now.Add(5 * time.Minute)
	sent, err = m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Equal(t, 2, sent, "after the lease both are claimed again")

	ids := server.messageIDs(t)
	assert.Len(t, ids, 2)
	for id := range first {
		assert.Equal(t, 2, ids[id], "the unacknowledged mail went twice, with one Message-ID: %s", id)
		assert.Equal(t, "<event-ev000000000000000000000000@platform.example>", id)
	}
	now = now.Add(time.Hour)
	sent, err = m.Once(ctx, svc)
	require.NoError(t, err)
	assert.Zero(t, sent, "acknowledged events are not sent again")
}

// cancelOnAck is a Service that ends the Mailer's context as the first
// mail is acknowledged, as SIGTERM does to a mailer in the middle of a
// batch.
type cancelOnAck struct {
	*standards.Service
	cancel context.CancelFunc
}

func (c *cancelOnAck) AckEvents(ctx context.Context, seqs ...int64) error {
	c.cancel()
	return c.Service.AckEvents(ctx, seqs...)
}

// TestAStoppingMailerAcknowledgesWhatItSentAndReleasesTheRest: a Mailer
// stopped in the middle of a batch still acknowledges the mail its server
// accepted, sends no more, and once it has stopped gives back the rest of
// its batch, which another Mailer claims and sends at once, long before
// the lease would have ended; no mail goes twice.
func TestAStoppingMailerAcknowledgesWhatItSentAndReleasesTheRest(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	store := memory.New()
	appendEvents(t, store, 3)
	svc := standards.New(store, standards.WithClock(func() time.Time { return now }))
	server := startSMTP(t)
	ctx, cancel := context.WithCancel(t.Context())
	stopping := &notify.Mailer{Name: "stopping", Addr: server.ln.Addr().String(), From: "standards@platform.example", Lease: time.Hour}

	sent, err := stopping.Once(ctx, &cancelOnAck{Service: svc, cancel: cancel})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, sent, "the mail in flight is sent and acknowledged; then it stops")
	released, err := stopping.Release(t.Context(), svc)
	require.NoError(t, err)
	assert.Equal(t, 2, released, "the rest of its batch")

	other := &notify.Mailer{Name: "other", Addr: server.ln.Addr().String(), From: "standards@platform.example", Lease: time.Hour}
	sent, err = other.Once(t.Context(), svc)
	require.NoError(t, err)
	assert.Equal(t, 2, sent, "another Mailer sends them at once, no time having passed")
	for id, n := range server.messageIDs(t) {
		assert.Equal(t, 1, n, "no mail twice: %s", id)
	}
	assert.Len(t, server.sent(), 3)
}
