package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/eops/eops/webdemo/accounts"
)

// Resetting a forgotten password (docs/security.md, "Password reset"):
// the form asks for the address and answers the same whether or not an
// account has it; the mail, which the address's owner alone reads, holds
// a link that works once, for an hour; the link's page asks for a new
// password, which ends every session of the account, and sends the person
// to sign in. Two-factor sign-in stays on: they still give their code.

func (s *server) registerResetRoutes(r *mux.Router) {
	r.HandleFunc("/signin/forgotten", s.forgottenPage).Methods(http.MethodGet)
	r.HandleFunc("/signin/forgotten", s.forgotten).Methods(http.MethodPost)
	r.HandleFunc("/signin/forgotten/sent", s.forgottenSent).Methods(http.MethodGet)
	r.HandleFunc("/signin/reset", s.resetPage).Methods(http.MethodGet)
	r.HandleFunc("/signin/reset", s.reset).Methods(http.MethodPost)
}

const forgottenTitle = "Reset your password"

func (s *server) forgottenPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgotten.html", "", view{Title: forgottenTitle})
}

// forgotten asks for a reset link and e-mails it, then shows "check your
// e-mail" whatever the address held.
func (s *server) forgotten(w http.ResponseWriter, r *http.Request) {
	form := formValues(r, "email")
	sent, err := s.accounts.RequestReset(r.Context(), form["email"], s.clientAddress(r))
	if err != nil {
		p, ok := s.mailProblem(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, p.Status, "forgotten.html", "", view{Title: forgottenTitle, Problem: &p, Form: form})
		return
	}
	// An address with no account gets no mail: the mail goes after the
	// answer, so that the answer takes as long either way.
	if m, ok := s.resetMail(sent); ok {
		s.sendMailLater(r.Context(), m)
	}
	s.seeOther(w, r, "/signin/forgotten/sent")
}

func (s *server) forgottenSent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgotten-sent.html", "", view{Title: "Check your e-mail"})
}

const resetTitle = "Choose a new password"

// resetPage is where the e-mailed link leads: a form for the new
// password, or why the link no longer works. Looking changes nothing.
func (s *server) resetPage(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	token := r.URL.Query().Get("token")
	email, err := s.accounts.ResetLink(r.Context(), token)
	if err != nil {
		s.resetLinkProblem(w, r, err, email)
		return
	}
	s.render(w, r, http.StatusOK, "reset.html", "", view{Title: resetTitle, Form: map[string]string{"token": token, "email": email}})
}

// reset sets the new password, which signs the account out everywhere,
// this browser too, and sends the person to sign in with it.
func (s *server) reset(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	token := r.PostFormValue("token")
	acc, err := s.accounts.ResetPassword(r.Context(), token, r.PostFormValue("password"))
	if err == nil {
		// The account's sessions are over: a cookie of one is dropped. A
		// live session of another account (someone resetting a
		// colleague's password at their own desk) goes on.
		if _, other, err := s.accounts.SessionOf(r); err != nil || other.ID == acc.ID {
			s.accounts.ClearSessionCookie(w, r)
		}
		s.seeOther(w, r, "/signin?reset=done")
		return
	}
	email, linkErr := s.accounts.ResetLink(r.Context(), token)
	if linkErr != nil {
		s.resetLinkProblem(w, r, linkErr, email)
		return
	}
	p, ok := s.problemOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, p.Status, "reset.html", "", view{Title: resetTitle, Problem: &p, Form: map[string]string{"token": token, "email": email}})
}

// resetLinkProblem says why a reset link does not work, on the page that
// asks for a new one.
func (s *server) resetLinkProblem(w http.ResponseWriter, r *http.Request, err error, email string) {
	var p problem
	switch {
	case errors.Is(err, accounts.ErrLinkUsed):
		p = problem{Status: http.StatusGone, Heading: "This link has been used already",
			Messages: []string{"Each link to reset a password works once. If you have set a new password, sign in with it; if not, ask for a new link."}}
	case errors.Is(err, accounts.ErrLinkExpired):
		p = problem{Status: http.StatusGone, Heading: "This link has expired",
			Messages: []string{fmt.Sprintf("A link to reset a password works for %s. Ask for a new one below.", lifetime(accounts.ResetLifetime))}}
	case errors.Is(err, accounts.ErrLinkUnknown):
		p = problem{Status: http.StatusNotFound, Heading: "This link does not work",
			Messages: []string{"Copy the whole link from the e-mail into the address bar, or ask for a new one below."}}
		email = ""
	default:
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, p.Status, "forgotten.html", "", view{Title: p.Heading, Problem: &p, Form: map[string]string{"email": email}, Data: true})
}

// lifetime says how long a link works, in words.
func lifetime(d time.Duration) string {
	if h := int(d.Hours()); h > 1 {
		return fmt.Sprintf("%d hours", h)
	}
	return "one hour"
}

// resetMail writes what a reset request asks to be sent: the link, or,
// for an account not confirmed yet, how to choose a password by signing
// up again; false when no account has the address.
func (s *server) resetMail(reset accounts.Reset) (sentMail, bool) {
	if reset.Email == "" {
		return sentMail{}, false
	}
	m := sentMail{To: reset.Email, Subject: "Reset your password"}
	if reset.Unconfirmed {
		m.Body = "Someone, we hope you, asked to reset the password of the account with this e-mail address on the Exams Officer Professional Standards platform.\n\n" +
			"That account has not been confirmed yet, so it has no password to reset. To choose one, sign up again with this address:\n\n" +
			s.absolute("/signup") + "\n\n" +
			"We will send a link to confirm the address and the new password.\n\n" +
			"If it was not you, you need do nothing: nothing has changed."
	} else {
		m.Link = s.absolute("/signin/reset?token=" + url.QueryEscape(reset.Token))
		m.LinkText = "Follow the link to reset the password"
		m.Body = "Someone, we hope you, asked to reset the password of your account on the Exams Officer Professional Standards platform.\n\n" +
			fmt.Sprintf("To choose a new password, follow this link within %s:\n\n", lifetime(accounts.ResetLifetime)) +
			m.Link + "\n\n" +
			"The link works once. Setting a new password signs your account out on every other device. If you use two-factor sign-in, you will still need your code.\n\n" +
			"If it was not you, ignore this message: your password stays as it is, and nobody can use the link but the holder of this mailbox."
	}
	return m, true
}
