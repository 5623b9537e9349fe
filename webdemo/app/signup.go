package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/eops/eops/webdemo/accounts"
)

// Signing up proves the address before the account acts (R-PER-4, and
// docs/security.md, "Sign-up"): the form makes an unconfirmed account and
// e-mails a link; the link's page asks for the password the sign-up chose,
// then confirms the account and signs the person in. The page after the
// form is the same whether or not the address had an account; only the
// mail, which its owner alone reads, differs.

// Mailer sends the app's own e-mail: the sign-up's confirmation links, and
// word to someone who already has an account. notify.Mailer is one.
//
// SendMail should return once the mail server (or a queue of the host's
// that outlives the process) has the mail, and give up when ctx ends. The
// app tells a person "check your e-mail" only after SendMail returns, where
// every case sends a mail (a sign-up, a change of address), so that a
// process stopped in between never leaves them waiting for a mail that did
// not go; a mail whose going could tell whether an address has an account
// (a link asked for again, a password reset) is sent after the answer,
// through WithBackground, so that the answer takes as long either way.
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// WithMailer sends the app's own e-mail through m. Without it, each mail
// is written to the app's log (WithLogger), at level INFO, link and all.
func WithMailer(m Mailer) Option {
	return func(s *server) { s.mailer = m }
}

// WithBackground runs the work the app does after answering (the mails
// sent after the answer; see Mailer) through run, which should run its
// function on a goroutine: a host counts them there, to wait for them
// before it stops (sync.WaitGroup's Go is such a run). Without it, the app
// starts a goroutine of its own, which a host that stops does not wait for.
func WithBackground(run func(func())) Option {
	return func(s *server) { s.background = run }
}

// mailWait is the longest a person waits for their mail to be handed to
// the mail server before being told it could not be sent: well within the
// time a server gives an answer to be written (the demo's WriteTimeout is
// 30 s) and a request to finish when the server stops (the demo's 10 s),
// so that the person is told rather than cut off.
const mailWait = 8 * time.Second

// WithDemoMailbox keeps the last few mails the app sends, and shows them,
// links and all, on /demo/mail, to anyone: so that a person trying the demo
// on a laptop, with no mail server, can follow their confirmation link.
// Anyone who can reach the page can confirm any address, so it is for a
// demo on made-up data only (webdemo -demo without -smtp); without this
// option /demo/mail is not found.
func WithDemoMailbox() Option {
	return func(s *server) { s.mailbox = &mailbox{} }
}

// mailbox is the demo's last few mails, newest first.
type mailbox struct {
	mu    sync.Mutex
	mails []sentMail
}

// sentMail is one mail as the demo's mailbox shows it.
type sentMail struct {
	At          time.Time
	To, Subject string
	Body        string
	Link        string // the link, if the mail has one
	// LinkText is what the mailbox page's link says; "" is "Follow the
	// confirmation link".
	LinkText string
}

// mailboxSize is how many mails the demo's mailbox keeps.
const mailboxSize = 20

func (b *mailbox) add(m sentMail) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mails = append([]sentMail{m}, b.mails...)
	if len(b.mails) > mailboxSize {
		b.mails = b.mails[:mailboxSize]
	}
}

func (b *mailbox) list() []sentMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]sentMail(nil), b.mails...)
}

func (s *server) registerSignUpRoutes(r *mux.Router) {
	r.HandleFunc("/signup", s.signUpPage).Methods(http.MethodGet)
	r.HandleFunc("/signup", s.signUp).Methods(http.MethodPost)
	r.HandleFunc("/signup/sent", s.signUpSent).Methods(http.MethodGet)
	r.HandleFunc("/signup/confirm", s.confirmPage).Methods(http.MethodGet)
	r.HandleFunc("/signup/confirm", s.confirm).Methods(http.MethodPost)
	r.HandleFunc("/signup/resend", s.resendPage).Methods(http.MethodGet)
	r.HandleFunc("/signup/resend", s.resend).Methods(http.MethodPost)
	if s.mailbox != nil {
		r.HandleFunc("/demo/mail", s.demoMail).Methods(http.MethodGet)
	}
}

func (s *server) signUpPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup.html", "", view{Title: "Create an account"})
}

// signUp asks for an account and e-mails the address, then shows "check
// your e-mail" whatever the address held.
func (s *server) signUp(w http.ResponseWriter, r *http.Request) {
	form := formValues(r, "email", "full_name")
	sent, err := s.accounts.SignUp(r.Context(), form["email"], form["full_name"], r.PostFormValue("password"), s.clientAddress(r))
	if err != nil {
		p, ok := s.mailProblem(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, p.Status, "signup.html", "", view{Title: "Create an account", Problem: &p, Form: form})
		return
	}
	if m, ok := s.confirmationMail(sent); ok {
		if err := s.sendMail(r.Context(), m); err != nil {
			s.log.ErrorContext(r.Context(), "sign-up: mail not sent", "err", err)
			p := mailNotSent(sent.Email)
			s.render(w, r, p.Status, "signup.html", "", view{Title: "Create an account", Problem: &p, Form: form})
			return
		}
	}
	s.seeOther(w, r, "/signup/sent")
}

// mailNotSent tells a person waiting for a mail that it could not be sent.
// Asking again is safe: it sends a new link, and the first, had it gone,
// would still work.
func mailNotSent(to string) problem {
	return problem{Status: http.StatusServiceUnavailable, Heading: "We could not send the e-mail",
		Messages: []string{"The e-mail to " + to + " could not be sent just now. Try again in a few minutes."}}
}

// mailProblem is how a sign-up's or a resend's error reaches the person.
func (s *server) mailProblem(err error) (problem, bool) {
	if errors.Is(err, accounts.ErrTooManyMails) {
		return problem{Status: http.StatusTooManyRequests, Heading: "Too many e-mails",
			Messages: []string{"We have sent several e-mails to that address in the last hour. Wait an hour, then try again."}}, true
	}
	return s.problemOf(err)
}

func (s *server) signUpSent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup-sent.html", "", view{Title: "Check your e-mail"})
}

// confirmPage is where the e-mailed link leads: a form that asks for the
// password, or why the link no longer works. Looking changes nothing: a
// mail scanner that follows the link confirms nobody.
func (s *server) confirmPage(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	token := r.URL.Query().Get("token")
	email, err := s.accounts.Link(r.Context(), token)
	if err != nil {
		s.linkProblem(w, r, err, email)
		return
	}
	s.render(w, r, http.StatusOK, "signup-confirm.html", "", view{Title: "Confirm your e-mail address", Form: map[string]string{"token": token, "email": email}})
}

// confirm follows the link: with the password of its sign-up, the account
// is confirmed and the person signed in.
func (s *server) confirm(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	token := r.PostFormValue("token")
	acc, err := s.accounts.Confirm(r.Context(), token, r.PostFormValue("password"), s.clientAddress(r))
	switch {
	case err == nil:
		s.signedIn(w, r, acc, "/")
	case errors.Is(err, accounts.ErrBadCredentials), errors.Is(err, accounts.ErrThrottled):
		email, _ := s.accounts.Link(r.Context(), token)
		p := &problem{Status: http.StatusUnauthorized, Heading: "That password is not the one you chose",
			Messages: []string{"Enter the password you chose when you signed up with this address."}}
		if errors.Is(err, accounts.ErrThrottled) {
			p = &problem{Status: http.StatusTooManyRequests, Heading: "Too many attempts", Messages: []string{"Too many wrong passwords. Wait fifteen minutes and try again."}}
		}
		s.render(w, r, p.Status, "signup-confirm.html", "", view{Title: "Confirm your e-mail address", Problem: p, Form: map[string]string{"token": token, "email": email}})
	default:
		email, _ := s.accounts.Link(r.Context(), token)
		s.linkProblem(w, r, err, email)
	}
}

// linkProblem says why a link does not work: used (sign in), expired
// (send it again), or not a link at all.
func (s *server) linkProblem(w http.ResponseWriter, r *http.Request, err error, email string) {
	var p problem
	switch {
	case errors.Is(err, accounts.ErrLinkUsed):
		p = problem{Status: http.StatusGone, Heading: "This link has been used already",
			Messages: []string{"Each confirmation link works once. If it was you who followed it, your address is confirmed: sign in."}}
	case errors.Is(err, accounts.ErrLinkExpired):
		p = problem{Status: http.StatusGone, Heading: "This link has expired",
			Messages: []string{fmt.Sprintf("A confirmation link works for %d hours. We can send you a new one.", int(accounts.ConfirmationLifetime.Hours()))}}
	case errors.Is(err, accounts.ErrLinkUnknown):
		p = problem{Status: http.StatusNotFound, Heading: "This link does not work",
			Messages: []string{"Copy the whole link from the e-mail into the address bar, or ask for a new one."}}
		email = ""
	default:
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, p.Status, "signup-resend.html", "", view{Title: p.Heading, Problem: &p,
		Form: map[string]string{"email": email}, Data: errors.Is(err, accounts.ErrLinkUsed)})
}

func (s *server) resendPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup-resend.html", "", view{Title: "Send the confirmation link again"})
}

// resend sends the link again, and answers as sign-up does.
func (s *server) resend(w http.ResponseWriter, r *http.Request) {
	form := formValues(r, "email")
	sent, err := s.accounts.Resend(r.Context(), form["email"], s.clientAddress(r))
	if err != nil {
		p, ok := s.mailProblem(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, p.Status, "signup-resend.html", "", view{Title: "Send the confirmation link again", Problem: &p, Form: form})
		return
	}
	// An address with no account gets no mail: the mail goes after the
	// answer, so that the answer takes as long either way.
	if m, ok := s.confirmationMail(sent); ok {
		s.sendMailLater(r.Context(), m)
	}
	s.seeOther(w, r, "/signup/sent")
}

// noReferrer keeps the link's token out of the Referer of anything the
// page leads to.
func noReferrer(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
}

// confirmationMail writes what sign-up or resend asks to be sent: the
// link, or word that the address has an account; false when there is
// nothing to send.
func (s *server) confirmationMail(c accounts.Confirmation) (sentMail, bool) {
	if c.Email == "" {
		return sentMail{}, false
	}
	signIn := s.absolute("/signin")
	m := sentMail{To: c.Email}
	if c.HasAccount {
		m.Subject = "You already have an account"
		m.Body = "Someone, we hope you, asked to create an account on the Exams Officer Professional Standards platform with this e-mail address.\n\n" +
			"You already have an account with this address, so nothing has changed. Sign in here:\n\n" + signIn + "\n\n" +
			"If you have forgotten your password, reset it here:\n\n" + s.absolute("/signin/forgotten") + "\n\n" +
			"If it was not you, you need do nothing: your account is as it was."
	} else {
		m.Link = s.absolute("/signup/confirm?token=" + url.QueryEscape(c.Token))
		m.Subject = "Confirm your e-mail address"
		m.Body = "Someone, we hope you, asked to create an account on the Exams Officer Professional Standards platform with this e-mail address.\n\n" +
			fmt.Sprintf("To confirm that the address is yours, follow this link within %d hours and enter the password you chose:\n\n", int(accounts.ConfirmationLifetime.Hours())) +
			m.Link + "\n\n" +
			"The link works once. If it was not you, ignore this message: nobody can use the account until the link is followed."
	}
	return m, true
}

// sendMail sends one of the app's own mails while the person waits (see
// Mailer), and keeps it in the demo's mailbox, if there is one.
func (s *server) sendMail(ctx context.Context, m sentMail) error {
	s.keepMail(&m)
	return s.deliver(ctx, m)
}

// sendMailLater sends m after the answer (see Mailer), through
// WithBackground's run, and logs a mail that could not be sent. The demo's
// mailbox has it before the answer, as it has every other.
func (s *server) sendMailLater(ctx context.Context, m sentMail) {
	s.keepMail(&m)
	ctx = context.WithoutCancel(ctx)
	s.background(func() {
		if err := s.deliver(ctx, m); err != nil {
			s.log.ErrorContext(ctx, "mail not sent", "to", m.To, "subject", m.Subject, "err", err)
		}
	})
}

// keepMail dates m and keeps it in the demo's mailbox, if there is one.
func (s *server) keepMail(m *sentMail) {
	m.At = s.now()
	if s.mailbox != nil {
		s.mailbox.add(*m)
	}
}

// deliver hands m to the Mailer, waiting at most mailWait, or writes it to
// the log without one.
func (s *server) deliver(ctx context.Context, m sentMail) error {
	if s.mailer == nil {
		s.log.InfoContext(ctx, "mail", "to", m.To, "subject", m.Subject, "body", m.Body)
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, mailWait)
	defer cancel()
	return s.mailer.SendMail(ctx, m.To, m.Subject, m.Body)
}

// demoMail shows the demo's last few mails. It exists only with
// WithDemoMailbox.
func (s *server) demoMail(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "demo-mail.html", "", view{Title: "The demo's e-mail", Data: s.mailbox.list()})
}

// signedIn signs in a person whose password was right: straight in, or,
// with two-factor sign-in on, to the code page with a half session.
func (s *server) signedIn(w http.ResponseWriter, r *http.Request, acc accounts.Account, next string) {
	st, err := s.accounts.TwoFactorStatus(r.Context(), acc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if st.Enabled {
		// The password alone is not enough: a half session, good only for
		// the code page, until the code is given.
		s.startHalfSession(w, r, acc, next)
		return
	}
	s.startSession(w, r, acc, next)
}

// unconfirmedProblem is the sign-in page's answer to the right password of
// an account whose address is not confirmed yet.
var unconfirmedProblem = problem{Status: http.StatusForbidden, Heading: "Confirm your e-mail address first",
	Messages: []string{"We sent a link to your e-mail address when you signed up. Follow it to confirm the address, then you can sign in."}}

// linkText is what the mailbox page's link to m's link says.
func (m sentMail) linkText() string {
	if m.LinkText != "" {
		return m.LinkText
	}
	return "Follow the confirmation link"
}
