package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

// Changing one's e-mail address (docs/security.md, "Changing the e-mail
// address"): a signed-in person gives the new address and their password;
// a link goes to the new address, and following it changes the person's
// address in the library (Service.ChangeEmail, which keeps their history)
// and then the account's, and tells the old address. The pages live under
// the security page, so that an administrator still to set up two-factor
// sign-in reaches them too.

const emailPath = securityPath + "/email"

func (s *server) registerEmailRoutes(r *mux.Router) {
	r.HandleFunc(emailPath, s.emailPage).Methods(http.MethodGet)
	r.HandleFunc(emailPath, s.requestEmailChange).Methods(http.MethodPost)
	r.HandleFunc(emailPath+"/sent", s.emailSent).Methods(http.MethodGet)
	r.HandleFunc(emailPath+"/confirm", s.emailConfirmPage).Methods(http.MethodGet)
	r.HandleFunc(emailPath+"/confirm", s.confirmEmail).Methods(http.MethodPost)
	r.HandleFunc(emailPath+"/changed", s.emailChanged).Methods(http.MethodGet)
}

const emailTitle = "Change your e-mail address"

func (s *server) emailPage(w http.ResponseWriter, r *http.Request) {
	acc, ok := s.signedInAccount(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "email.html", "", view{Title: emailTitle, Data: acc.Email})
}

// requestEmailChange checks the password and mails the new address, then
// says to look there, whatever the address held.
func (s *server) requestEmailChange(w http.ResponseWriter, r *http.Request) {
	acc, ok := s.signedInAccount(w, r)
	if !ok {
		return
	}
	form := formValues(r, "email")
	sent, err := s.accounts.RequestEmailChange(r.Context(), acc.ID, r.PostFormValue("password"), form["email"], s.clientAddress(r))
	if err != nil {
		var p problem
		switch {
		case errors.Is(err, accounts.ErrBadCredentials):
			p = problem{Status: http.StatusUnauthorized, Heading: "There is a problem",
				Messages: []string{"Password: that is not your password"}, Fields: map[string]string{"password": "that is not your password"}}
		case errors.Is(err, accounts.ErrThrottled):
			p = problem{Status: http.StatusTooManyRequests, Heading: "Too many attempts", Messages: []string{"Too many wrong passwords. Wait fifteen minutes and try again."}}
		default:
			var ok bool
			if p, ok = s.mailProblem(err); !ok {
				s.serverError(w, r, err)
				return
			}
		}
		s.render(w, r, p.Status, "email.html", "", view{Title: emailTitle, Problem: &p, Form: form, Data: acc.Email})
		return
	}
	if err := s.mailEmailChange(r.Context(), sent); err != nil {
		s.log.ErrorContext(r.Context(), "address change: mail not sent", "err", err)
		p := mailNotSent(sent.Email)
		s.render(w, r, p.Status, "email.html", "", view{Title: emailTitle, Problem: &p, Form: form, Data: acc.Email})
		return
	}
	s.seeOther(w, r, emailPath+"/sent")
}

func (s *server) emailSent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "email-sent.html", "", view{Title: "Check your e-mail"})
}

// emailConfirmData is what the confirmation page shows.
type emailConfirmData struct {
	Token, Old, New string
}

// emailConfirmPage is where the link leads: it asks to confirm, and
// changes nothing, so a mail scanner that follows it changes no address.
func (s *server) emailConfirmPage(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	token := r.URL.Query().Get("token")
	acc, email, err := s.accounts.EmailChangeLink(r.Context(), token)
	if err != nil {
		s.emailLinkProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "email-confirm.html", "", view{Title: "Confirm your new e-mail address",
		Data: emailConfirmData{Token: token, Old: acc.Email, New: email}})
}

// confirmEmail follows the link: the person's address changes in the
// library first, then the account's, so that the account never holds an
// address its person does not; if the account's change fails after the
// library's, the library's is undone.
func (s *server) confirmEmail(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	ctx := r.Context()
	token := r.PostFormValue("token")
	acc, email, err := s.accounts.EmailChangeLink(ctx, token)
	if err != nil {
		s.emailLinkProblem(w, r, err)
		return
	}
	// The link was asked for with the account's password, and followed
	// from the new address's mailbox: the person acts, whether or not this
	// browser is signed in.
	actor := standards.Actor{Email: acc.Email, Name: acc.Name, ExternalID: acc.ID}
	person, err := s.svc.Me(ctx, actor)
	known := err == nil
	if err != nil && !errors.Is(err, standards.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	if known {
		if _, err := s.svc.ChangeEmail(ctx, actor, person.ID, email); err != nil {
			if errors.Is(err, standards.ErrConflict) {
				s.emailTaken(w, r, email)
				return
			}
			s.fail(w, r, err)
			return
		}
	}
	if _, err := s.accounts.ChangeEmail(ctx, token); err != nil {
		if known {
			moved := standards.Actor{Email: email, Name: acc.Name, ExternalID: acc.ID}
			if _, undo := s.svc.ChangeEmail(context.WithoutCancel(ctx), moved, person.ID, acc.Email); undo != nil {
				s.log.ErrorContext(ctx, "the person's address changed but the account's did not, and could not be put back",
					"person", person.ID, "account", acc.ID, "err", undo)
			}
		}
		switch {
		case errors.Is(err, accounts.ErrEmailTaken):
			s.emailTaken(w, r, email)
		case errors.Is(err, accounts.ErrLinkUsed), errors.Is(err, accounts.ErrLinkExpired), errors.Is(err, accounts.ErrLinkUnknown):
			s.emailLinkProblem(w, r, err)
		default:
			s.serverError(w, r, err)
		}
		return
	}
	// The change is made: the old address is told after the answer, and
	// a mail that fails is logged, not shown as the change's failure.
	s.sendMailLater(ctx, emailChangedMail(acc, email))
	s.seeOther(w, r, emailPath+"/changed")
}

func (s *server) emailChanged(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "email-changed.html", "", view{Title: "Your e-mail address has been changed"})
}

// emailTaken says, to the holder of the address (who followed the link
// mailed to it), that the address belongs to someone else here; it names
// nobody.
func (s *server) emailTaken(w http.ResponseWriter, r *http.Request, email string) {
	p := problem{Status: http.StatusConflict, Heading: "That e-mail address is in use already",
		Messages: []string{fmt.Sprintf("Someone on the platform has %s already, so it cannot become the address of your account too. Your address has not changed.", email),
			"If the other account is yours as well, sign in with it instead, or ask the platform's operator to help."}}
	s.render(w, r, p.Status, "email-link.html", "", view{Title: p.Heading, Problem: &p})
}

// emailLinkProblem says why a link to confirm a new address does not work.
func (s *server) emailLinkProblem(w http.ResponseWriter, r *http.Request, err error) {
	var p problem
	switch {
	case errors.Is(err, accounts.ErrLinkUsed):
		p = problem{Status: http.StatusGone, Heading: "This link has been used already",
			Messages: []string{"Each link to confirm a new e-mail address works once. If it was you who followed it, your address has changed: sign in with the new one."}}
	case errors.Is(err, accounts.ErrLinkExpired):
		p = problem{Status: http.StatusGone, Heading: "This link has expired",
			Messages: []string{fmt.Sprintf("A link to confirm a new e-mail address works for %s. Your address has not changed: sign in, and ask for a new link on the account security page.", lifetime(accounts.EmailChangeLifetime))}}
	case errors.Is(err, accounts.ErrLinkUnknown):
		p = problem{Status: http.StatusNotFound, Heading: "This link does not work",
			Messages: []string{"Copy the whole link from the e-mail into the address bar, or ask for a new one on the account security page."}}
	default:
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, p.Status, "email-link.html", "", view{Title: p.Heading, Problem: &p})
}

// mailEmailChange writes to the new address: the link, or, when another
// account has it, word that it cannot be used.
func (s *server) mailEmailChange(ctx context.Context, c accounts.EmailChange) error {
	m := sentMail{To: c.Email, Subject: "Confirm your new e-mail address"}
	if c.Taken {
		m.Subject = "Your e-mail address is in use already"
		m.Body = "Someone, we hope you, asked to make this e-mail address the address of an account on the Exams Officer Professional Standards platform.\n\n" +
			"An account has this address already, so it cannot become the address of another. Nothing has changed.\n\n" +
			"If both accounts are yours, sign in with this address instead:\n\n" + s.absolute("/signin") + "\n\n" +
			"If it was not you, you need do nothing."
		return s.sendMail(ctx, m)
	}
	m.Link = s.absolute(emailPath + "/confirm?token=" + url.QueryEscape(c.Token))
	m.LinkText = "Follow the link to confirm the new address"
	m.Body = "Someone, we hope you, asked to sign in to the Exams Officer Professional Standards platform with this e-mail address from now on, instead of the address they have now.\n\n" +
		fmt.Sprintf("To confirm that the address is yours, follow this link within %s:\n\n", lifetime(accounts.EmailChangeLifetime)) +
		m.Link + "\n\n" +
		"The link works once. If it was not you, ignore this message: nothing changes until the link is followed."
	return s.sendMail(ctx, m)
}

// emailChangedMail tells the old address that the account has a new one,
// so that a change its owner did not make does not go unseen.
func emailChangedMail(acc accounts.Account, newEmail string) sentMail {
	return sentMail{To: acc.Email, Subject: "Your e-mail address has been changed",
		Body: "The account that signed in to the Exams Officer Professional Standards platform with this e-mail address now signs in with " + newEmail + ". Your records and certificates went with it.\n\n" +
			"If it was you, you need do nothing.\n\n" +
			"If it was not you, someone may have your password: ask the platform's operator to help at once."}
}
