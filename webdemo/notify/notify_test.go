package notify_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
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
	assert.Equal(t, 1, sent)
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
