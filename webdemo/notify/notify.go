// Package notify delivers the library's outbox events as e-mail through an
// SMTP server, and acknowledges each one it sent: what a host does with
// standards.Service.PendingEvents and AckEvents.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

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
}

// Events is the part of the Service the mailer reads and acknowledges.
type Events interface {
	PendingEvents(ctx context.Context, after int64, limit int) ([]standards.Event, error)
	AckEvents(ctx context.Context, seqs ...int64) error
}

// Once delivers every pending event once, oldest first, acknowledging each
// after its mail is accepted. A failed send leaves that event pending, to
// be tried again next time, and goes on with the rest. It returns how many
// it sent.
func (m *Mailer) Once(ctx context.Context, events Events) (int, error) {
	var after int64
	sent := 0
	for {
		batch, err := events.PendingEvents(ctx, after, standards.MaxPage)
		if err != nil {
			return sent, err
		}
		if len(batch) == 0 {
			return sent, nil
		}
		for _, e := range batch {
			after = e.Seq
			if err := smtp.SendMail(m.Addr, m.Auth, m.From, e.To, m.message(e)); err != nil {
				m.log().WarnContext(ctx, "notify: send failed; will retry", "event", e.Seq, "err", err)
				continue
			}
			if err := events.AckEvents(ctx, e.Seq); err != nil {
				return sent, err
			}
			sent++
		}
	}
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
}

// message is the e-mail for an event: plain text, UTF-8.
func (m *Mailer) message(e standards.Event) []byte {
	subject := subjects[e.Kind]
	if subject == "" {
		subject = "Exams Officer Professional Standards"
	}
	return m.compose(e.To, subject, e.Summary, e.At)
}

// compose writes an e-mail: plain text, UTF-8.
func (m *Mailer) compose(to []string, subject, body string, at time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", m.From)
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
// It waits for the server to accept it; a host that must not keep a
// request waiting calls it from a goroutine.
func (m *Mailer) SendMail(_ context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("notify: a header with a line break")
	}
	if err := smtp.SendMail(m.Addr, m.Auth, m.From, []string{to}, m.compose([]string{to}, subject, body, time.Now())); err != nil {
		return fmt.Errorf("notify: send to %s: %w", to, err)
	}
	return nil
}
