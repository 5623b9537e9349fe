package main

import (
	"bufio"
	"net"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeSMTP is the least of an SMTP server, the one every test of the demo
// that e-mails sends to. It keeps every mail it accepts, counts the
// outbox's mails by the event id in their Message-ID (so a test sees a
// mail delivered twice), and keeps the confirmation links of sign-up
// mails, which have no Message-ID: they go out at once, not through the
// outbox.
type fakeSMTP struct {
	addr string
	// beforeAccept, if set, is called with each mail before the server
	// answers that it accepted it: a test holds the sender there.
	beforeAccept func(mail string)

	mu     sync.Mutex
	mails  []string
	byID   map[string]int
	tokens map[string]string
	links  int
}

var (
	messageIDHeader = regexp.MustCompile(`(?m)^Message-ID: <event-([^@>]+)@eops\.example>\r?$`)
	toHeader        = regexp.MustCompile(`(?m)^To: (.+?)\r?$`)
)

// startFakeSMTP listens on a loopback port until the test ends. A
// beforeAccept that is not nil is called with each mail before the server
// accepts it.
func startFakeSMTP(t testing.TB, beforeAccept func(mail string)) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	m := &fakeSMTP{addr: ln.Addr().String(), beforeAccept: beforeAccept, byID: map[string]int{}, tokens: map[string]string{}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go m.session(c)
		}
	}()
	return m
}

func (m *fakeSMTP) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	say("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case cmd == "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return // no mail: the sender sees no 250
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			if m.beforeAccept != nil {
				m.beforeAccept(b.String())
			}
			m.received(b.String())
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (m *fakeSMTP) received(mail string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mails = append(m.mails, mail)
	if id := messageIDHeader.FindStringSubmatch(mail); id != nil {
		m.byID[id[1]]++
		return
	}
	if tok := confirmToken.FindStringSubmatch(mail); tok != nil {
		if to := toHeader.FindStringSubmatch(mail); to != nil {
			m.tokens[strings.TrimSpace(to[1])] = tok[1]
			m.links++
		}
	}
}

// all returns the mails accepted so far, oldest first.
func (m *fakeSMTP) all() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.mails)
}

// token waits up to 15 seconds for the confirmation link mailed to email,
// and returns its token, or "" if none came.
func (m *fakeSMTP) token(email string) string {
	for range 300 {
		m.mu.Lock()
		tok := m.tokens[email]
		m.mu.Unlock()
		if tok != "" {
			return tok
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ""
}
