package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/eops/eops/standards"
)

// DefaultLease is how long a Mailer holds the events it claims unless its
// Lease says otherwise: long enough to send a batch through a slow relay.
const DefaultLease = time.Minute

// batch is how many events a Mailer claims at a time: few enough to send
// well within a lease.
const batch = 20

// Mailer sends events by SMTP.
type Mailer struct {
	// Addr is the SMTP server, host:port.
	Addr string
	// From is the sender's address.
	From string
	// Auth authenticates to the server, or nil for none (a local relay).
	Auth smtp.Auth
	// Log reports failed deliveries; nil discards.
	Log *slog.Logger
	// Name tells this Mailer's claims from other deliverers'; "" is the
	// host name, the process id and a random suffix, made once.
	Name string
	// Lease is how long the Mailer holds the events it claims; zero is
	// DefaultLease. An event not acknowledged within it (its send failed,
	// or the Mailer stopped) is claimed again after it, by any Mailer.
	Lease time.Duration

	named     sync.Once
	deliverer string // Name, or the name made for it
}

// Events is the part of the Service the mailer claims and acknowledges.
type Events interface {
	ClaimEvents(ctx context.Context, deliverer string, lease time.Duration, limit int) ([]standards.Event, error)
	AckEvents(ctx context.Context, seqs ...int64) error
}

// Once claims and delivers events, oldest first, until a claim finds none
// left, acknowledging each as soon as its mail is accepted. A failed send
// leaves that event claimed until the lease ends, to be tried again after
// it, and goes on with the rest. It returns how many it sent.
func (m *Mailer) Once(ctx context.Context, events Events) (int, error) {
	name, lease := m.name(), m.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	sent := 0
	for {
		claimed, err := events.ClaimEvents(ctx, name, lease, batch)
		if err != nil {
			return sent, err
		}
		if len(claimed) == 0 {
			return sent, nil
		}
		for _, e := range claimed {
			if err := ctx.Err(); err != nil {
				return sent, err // what is left is claimed again after the lease
			}
			if err := m.sendEvent(ctx, e, lease); err != nil {
				m.log().WarnContext(ctx, "notify: send failed; will retry after the lease", "event", e.Seq, "id", e.ID, "err", err)
				continue
			}
			if err := m.ack(ctx, events, e.Seq); err != nil {
				// Sent but not acknowledged: sent again after the lease,
				// with the same Message-ID.
				return sent, err
			}
			sent++
		}
	}
}

// sendEvent sends e's mail. A send under way when ctx ends (the process is
// stopping) goes on, so that the mail is not cut off half sent; but none
// takes longer than half the lease, so that a server that stops answering
// holds the Mailer up for that long, not for ever (smtp.SendMail has no
// deadline), and the event is claimed again after the lease.
func (m *Mailer) sendEvent(ctx context.Context, e standards.Event, lease time.Duration) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lease/2)
	defer cancel()
	return m.sendNow(ctx, e.To, m.message(e))
}

// ack acknowledges a mail the server accepted even when ctx has ended
// meanwhile (the process is stopping): left unacknowledged, it would be
// sent again by whichever Mailer claims it next.
func (m *Mailer) ack(ctx context.Context, events Events, seq int64) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return events.AckEvents(ctx, seq)
}

// name is the Mailer's deliverer name: Name, or one made on first use.
func (m *Mailer) name() string {
	m.named.Do(func() {
		m.deliverer = m.Name
		if m.deliverer == "" {
			host, _ := os.Hostname()
			m.deliverer = fmt.Sprintf("notify %s %d %s", host, os.Getpid(), strings.ToLower(rand.Text()[:8]))
		}
		m.deliverer = m.deliverer[:min(len(m.deliverer), standards.MaxDeliverer)]
	})
	return m.deliverer
}

// Releaser is the part of the Service a stopping Mailer gives its claims
// back through.
type Releaser interface {
	ReleaseEvents(ctx context.Context, deliverer string) (int, error)
}

// Release gives back every event this Mailer claimed and did not
// acknowledge, so that another Mailer claims it at once rather than after
// the lease, and returns how many. Call it once Run has returned and no
// Once is under way: an event still being sent when it is released may be
// sent twice.
func (m *Mailer) Release(ctx context.Context, events Releaser) (int, error) {
	return events.ReleaseEvents(ctx, m.name())
}

// Run delivers pending events every interval until ctx ends.
func (m *Mailer) Run(ctx context.Context, events Events, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := m.Once(ctx, events); err != nil && ctx.Err() == nil {
			m.log().ErrorContext(ctx, "notify: reading the outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (m *Mailer) log() *slog.Logger {
	if m.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Log
}

// subjects are the e-mail subjects of the event kinds.
var subjects = map[standards.EventKind]string{
	standards.EventRegistrationRequested: "A colleague asks to join your centre",
	standards.EventRegistrationApproved:  "Your registration is approved",
	standards.EventRegistrationRejected:  "Your registration was not approved",
	standards.EventRegistrationRemoved:   "Your registration has ended",
	standards.EventAdminGranted:          "You are now a centre administrator",
	standards.EventAdminAppointed:        "You are now a centre administrator",
	standards.EventOverseerAssigned:      "An overseer is assigned",
	standards.EventTrustRequested:        "A request to join a trust",
	standards.EventTrustJoined:           "A centre joined a trust",
	standards.EventTrustLeft:             "A centre left a trust",
	standards.EventTrustLeadAppointed:    "You now lead a trust",
	standards.EventTargetsProposed:       "Targets proposed for your agreement",
	standards.EventMeetingRecorded:       "A meeting was recorded",
	standards.EventAwaitingCountersign:   "The statement awaits your countersignature",
	standards.EventCertificateIssued:     "An Exams Officer Professional Standards certificate was issued",
	standards.EventCertificateRevoked:    "A certificate was revoked",
	standards.EventEmailChanged:          "Your e-mail address was changed",
}

// message is the e-mail for an event: plain text, UTF-8.
func (m *Mailer) message(e standards.Event) []byte {
	subject := subjects[e.Kind]
	if subject == "" {
		subject = "Exams Officer Professional Standards"
	}
	return m.compose(e.To, subject, e.Summary, e.At, MessageID(e, m.From))
}

// MessageID is the Message-ID of the mail for event e sent from the address
// from: made from the event's ID, so every copy of one event's mail has the
// same, and a receiver can drop the copy that at-least-once delivery may
// bring.
func MessageID(e standards.Event, from string) string {
	domain := "eops.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at+1 < len(from) {
		domain = strings.Trim(from[at+1:], "<> ")
	}
	return "<event-" + e.ID + "@" + domain + ">"
}

// compose writes an e-mail: plain text, UTF-8, with the Message-ID given
// unless it is "".
func (m *Mailer) compose(to []string, subject, body string, at time.Time, messageID string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", m.From)
	if messageID != "" {
		fmt.Fprintf(&b, "Message-ID: %s\r\n", messageID)
	}
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(to, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", at.Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	b.WriteString("\r\n\r\nThis message comes from the Exams Officer Professional Standards platform.\r\n")
	return []byte(b.String())
}

// SendMail sends one e-mail of the host's own, such as the web app's
// sign-up confirmation links (it is an app.Mailer), to one address, now.
// It returns once the server has accepted it, or when ctx ends: the web
// app calls it while a person waits.
func (m *Mailer) SendMail(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("notify: a header with a line break")
	}
	if err := m.sendNow(ctx, []string{to}, m.compose([]string{to}, subject, body, time.Now(), "")); err != nil {
		return fmt.Errorf("notify: send to %s: %w", to, err)
	}
	return nil
}

// sendNow sends msg as smtp.SendMail does, but stops when ctx ends, on
// whichever step it is: smtp.SendMail has no deadline, and a server that
// stops answering would keep the person waiting for ever.
func (m *Mailer) sendNow(ctx context.Context, to []string, msg []byte) (err error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer func() {
		if !stop() && err != nil && ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
	}()
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if m.Auth != nil {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server does not offer AUTH")
		}
		if err := c.Auth(m.Auth); err != nil {
			return err
		}
	}
	if err := c.Mail(m.From); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server has accepted the mail: it is sent, whatever QUIT meets.
	_ = c.Quit()
	return nil
}
