package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

type actorKey struct{}

// withActor finds who is acting once per request, from the host's login or
// the demo's session, and keeps it in the request's context.
func (s *server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStatic(r.URL.Path) {
			// The style sheet and scripts are the same for everyone: they
			// need nobody's session, and finding it would read the account
			// for every file a page loads.
			next.ServeHTTP(w, r)
			return
		}
		var a standards.Actor
		switch {
		case s.authenticate != nil:
			a, _ = s.authenticate(r)
		case s.accounts != nil:
			_, acc, err := s.accounts.SessionOf(r)
			if err != nil && !errors.Is(err, accounts.ErrNoSession) {
				// The store failed, not the session: never treat the
				// person as signed out (issue 18, item 6).
				s.serverError(w, r, err)
				return
			}
			if err == nil {
				a = standards.Actor{Email: acc.Email, Name: acc.Name, ExternalID: acc.ID, Operator: s.operators[acc.Email]}
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, a)))
	})
}

// actor is who is acting on r; the zero Actor, which the library refuses
// with ErrUnauthenticated, when nobody is signed in.
func (s *server) actor(r *http.Request) (standards.Actor, bool) {
	a, _ := r.Context().Value(actorKey{}).(standards.Actor)
	return a, !a.Anonymous()
}

func (s *server) registerAccountRoutes(r *mux.Router) {
	if s.accounts == nil {
		return
	}
	r.HandleFunc("/signin", s.signInPage).Methods(http.MethodGet)
	r.HandleFunc("/signin", s.signIn).Methods(http.MethodPost)
	s.registerSignUpRoutes(r)
	s.registerResetRoutes(r)
	s.registerEmailRoutes(r)
	r.HandleFunc("/signout", s.signOut).Methods(http.MethodPost)
	s.registerTwoFactorRoutes(r)
}

// toSignIn sends a person who is not signed in to the sign-in page, to come
// back afterwards: the host's (WithSignInPage) or the demo's own.
func (s *server) toSignIn(w http.ResponseWriter, r *http.Request) {
	next := s.returnTo(r)
	if s.hostSignIn != nil {
		to := s.hostSignIn(s.base + next)
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", to)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", s.base+"/signin?next="+url.QueryEscape(next))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.seeOther(w, r, "/signin?next="+url.QueryEscape(next))
}

// returnTo is the address inside the app to come back to after signing in:
// the page asked for, with its query but its success banner; for htmx's
// request for part of a page, the page it is part of (HX-Current-URL, when
// it is under the app); after any other form, the home page.
func (s *server) returnTo(r *http.Request) string {
	u := r.URL
	cur, err := url.Parse(r.Header.Get("HX-Current-URL"))
	switch {
	case r.Header.Get("HX-Request") == "true" && err == nil && strings.HasPrefix(cur.Path, s.base+"/"):
		u = &url.URL{Path: strings.TrimPrefix(cur.Path, s.base), RawQuery: cur.RawQuery}
	case r.Method != http.MethodGet:
		return "/"
	}
	q := u.Query()
	q.Del("done")
	next := (&url.URL{Path: u.Path, RawQuery: q.Encode()}).RequestURI()
	return localPath(next)
}

// localPath keeps a "next" address inside the app, so that the sign-in page
// cannot be used to send people elsewhere.
func localPath(p string) string {
	// Browsers drop tabs and newlines from addresses, so "/\t/evil" would
	// become "//evil": refuse control characters as well as "//" and "\".
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") ||
		strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return p
}

func (s *server) signInPage(w http.ResponseWriter, r *http.Request) {
	// After a password reset (reset.go), a banner says the new password is
	// set and the account signed out everywhere.
	d := signInData{PasswordReset: r.URL.Query().Get("reset") == "done"}
	s.render(w, r, http.StatusOK, "signin.html", "", view{Title: "Sign in", Form: map[string]string{"next": localPath(r.URL.Query().Get("next"))}, Data: d})
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	form := formValues(r, "email", "next")
	acc, err := s.accounts.SignIn(r.Context(), form["email"], r.PostFormValue("password"), s.clientAddress(r))
	if err != nil {
		var p *problem
		switch {
		case errors.Is(err, accounts.ErrBadCredentials):
			p = &problem{Status: http.StatusUnauthorized, Heading: "Sign-in failed", Messages: []string{"That e-mail address and password do not match an account."}}
		case errors.Is(err, accounts.ErrThrottled):
			p = &problem{Status: http.StatusTooManyRequests, Heading: "Too many attempts", Messages: []string{"Too many failed sign-ins. Wait fifteen minutes and try again."}}
		case errors.Is(err, accounts.ErrUnconfirmed):
			// Only the password's holder gets this far: no session, and
			// an offer to send the link again.
			u := unconfirmedProblem
			p = &u
		default: // the store failed: not a wrong password
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, p.Status, "signin.html", "", view{Title: "Sign in", Problem: p, Form: form, Data: signInData{Unconfirmed: errors.Is(err, accounts.ErrUnconfirmed)}})
		return
	}
	s.signedIn(w, r, acc, localPath(form["next"]))
}

// startSession signs a person in with a fresh session id (never one the
// browser brought, nor the half session's), and sends them on.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, acc accounts.Account, next string) {
	if err := s.endSession(r); err != nil {
		s.serverError(w, r, err)
		return
	}
	sess, err := s.accounts.StartSession(r.Context(), acc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.cleared.forget(acc.ID) // whether two-factor is due is asked afresh at every sign-in
	s.accounts.SetSessionCookie(w, r, sess)
	s.seeOther(w, r, next)
}

// endSession ends the session, full or half, that r's cookie names, if
// any, on every instance; the error is the store's.
func (s *server) endSession(r *http.Request) error {
	if c, err := r.Cookie(accounts.SessionCookie); err == nil {
		return s.accounts.EndSession(r.Context(), c.Value)
	}
	return nil
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(r); err != nil {
		// Not signed out: say so, rather than drop the cookie and leave
		// the session live for whoever holds a copy of it.
		s.serverError(w, r, err)
		return
	}
	s.accounts.ClearSessionCookie(w, r)
	s.seeOther(w, r, "/")
}

// formValues reads the named fields of a posted form, trimmed, to show them
// again beside a problem.
func formValues(r *http.Request, names ...string) map[string]string {
	out := make(map[string]string, len(names))
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return out
}
