package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"github.com/pquerna/otp"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

// WithTwoFactorForAdmins says whether people with admin rights (a centre
// administrator in any year, or the operator) must set up two-factor
// sign-in before they can use anything else; the default is true. Anyone
// may set it up either way, and once it is on, sign-in asks for a code
// whatever this says. It is for the app's own sign-in (WithAccounts): a
// host with its own login decides this in its login.
func WithTwoFactorForAdmins(required bool) Option {
	return func(s *server) { s.twoFactorForAdmins = required }
}

// securityPath is the account security page, where two-factor sign-in is
// set up, and where a person who must set it up is sent.
const securityPath = "/account/security"

func (s *server) registerTwoFactorRoutes(r *mux.Router) {
	r.HandleFunc("/signin/code", s.codePage).Methods(http.MethodGet)
	r.HandleFunc("/signin/code", s.code).Methods(http.MethodPost)
	r.HandleFunc(securityPath, s.securityPage).Methods(http.MethodGet)
	r.HandleFunc(securityPath+"/setup", s.beginTwoFactor).Methods(http.MethodPost)
	r.HandleFunc(securityPath+"/confirm", s.confirmTwoFactor).Methods(http.MethodPost)
	r.HandleFunc(securityPath+"/disable", s.disableTwoFactor).Methods(http.MethodPost)
	r.HandleFunc(securityPath+"/recovery-codes", s.newRecoveryCodes).Methods(http.MethodPost)
	r.HandleFunc(securityPath+"/recovery-codes", s.recoveryCodesPage).Methods(http.MethodGet)
}

// requireTwoFactor sends a signed-in person with admin rights and no second
// factor to the security page, whatever they asked for, until they set one
// up: nothing else is theirs to use before. The paths that let them set it
// up or leave, and the files every page loads, stay open.
func (s *server) requireTwoFactor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, signedIn := s.actor(r)
		if !signedIn || !s.twoFactorForAdmins || s.accounts == nil || s.authenticate != nil || openWithoutTwoFactor(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if s.cleared.recently(a.ExternalID, s.now()) {
			next.ServeHTTP(w, r)
			return
		}
		gen := s.cleared.generation(a.ExternalID)
		must, err := s.mustSetUpTwoFactor(r.Context(), a)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !must {
			s.cleared.add(a.ExternalID, s.now(), gen)
			next.ServeHTTP(w, r)
			return
		}
		// What they had just done (registering a centre, which made them
		// an administrator) still says it worked, on the security page.
		to := securityPath
		if doneMessage(r) != "" {
			to += "?done=" + url.QueryEscape(r.URL.Query().Get("done"))
		}
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", s.base+to)
			w.WriteHeader(http.StatusForbidden)
			return
		}
		s.seeOther(w, r, to)
	})
}

// clearedAccounts remembers for a minute the accounts found to need no
// second factor set up (they have one, or no admin rights), so that a page
// view does not read the person's second factor and registrations every
// time. Someone given admin rights is asked to set one up within a minute;
// someone who switches theirs off, at once (forget).
type clearedAccounts struct {
	mu sync.Mutex
	at map[string]time.Time
	// forgotten counts each account's forgets, so that a check that began
	// before one does not keep its now stale answer (add).
	forgotten map[string]uint64
}

const (
	clearedFor = time.Minute
	// maxCleared bounds the memory it takes; when full it starts afresh.
	maxCleared = 10000
)

func (c *clearedAccounts) recently(accountID string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.at[accountID]
	return ok && now.Sub(at) < clearedFor
}

// generation is what add needs to know that no forget came in between.
func (c *clearedAccounts) generation(accountID string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.forgotten[accountID]
}

// add keeps "nothing due" for an account, found by a check that began at
// generation gen, unless the account was forgotten since.
func (c *clearedAccounts) add(accountID string, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgotten[accountID] != gen {
		return
	}
	if c.at == nil || len(c.at) >= maxCleared {
		c.at = make(map[string]time.Time)
	}
	c.at[accountID] = now
}

func (c *clearedAccounts) forget(accountID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.at, accountID)
	if c.forgotten == nil || len(c.forgotten) >= maxCleared {
		// Starting afresh only makes a check that was running keep its
		// answer for a minute, as before there were generations.
		c.forgotten = make(map[string]uint64)
	}
	c.forgotten[accountID]++
}

// openWithoutTwoFactor lists what a person who must set up two-factor
// sign-in may still reach.
func openWithoutTwoFactor(path string) bool {
	return path == securityPath || strings.HasPrefix(path, securityPath+"/") || path == "/signout" ||
		isStatic(path) || path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/.well-known/")
}

// mustSetUpTwoFactor reports whether a has admin rights and no second
// factor while the app requires one of admins. The second factor is looked
// up first: it is one row, and once it is on, the registrations need not be
// read at all.
func (s *server) mustSetUpTwoFactor(ctx context.Context, a standards.Actor) (bool, error) {
	if !s.twoFactorForAdmins {
		return false, nil
	}
	st, err := s.accounts.TwoFactorStatus(ctx, a.ExternalID)
	if err != nil || st.Enabled {
		return false, err
	}
	return hasAdminRights(ctx, s.svc, a)
}

// hasAdminRights reports whether a is the operator, an administrator of a
// centre (an approved registration with admin, in any year), or leads a
// trust (which sees the members and records of all its centres).
func hasAdminRights(ctx context.Context, svc *standards.Service, a standards.Actor) (bool, error) {
	if a.Operator {
		return true, nil
	}
	led, err := svc.TrustsLed(ctx, a)
	if err != nil || len(led) > 0 {
		return len(led) > 0, err
	}
	mine, err := svc.MyRegistrations(ctx, a)
	if err != nil {
		return false, err
	}
	for _, own := range mine {
		if own.Registration.IsAdmin() {
			return true, nil
		}
	}
	return false, nil
}

// startHalfSession keeps a person whose password was right, and whose
// account asks for a code, in a half session, and sends them to the code
// page.
func (s *server) startHalfSession(w http.ResponseWriter, r *http.Request, acc accounts.Account, next string) {
	if err := s.endSession(r); err != nil {
		s.serverError(w, r, err)
		return
	}
	sess, err := s.accounts.StartHalfSession(r.Context(), acc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.accounts.SetSessionCookie(w, r, sess)
	s.seeOther(w, r, "/signin/code?next="+url.QueryEscape(next))
}

func (s *server) codePage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if _, _, err := s.accounts.HalfSessionOf(r); err != nil {
		if !errors.Is(err, accounts.ErrNoSession) {
			s.serverError(w, r, err)
			return
		}
		s.seeOther(w, r, "/signin?next="+url.QueryEscape(next))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "signin-code.html", "", view{Title: "Enter your code", Form: map[string]string{"next": next}})
}

// code is the second step of signing in. Every failure reads the same,
// "that code did not work", whatever was wrong with the code.
func (s *server) code(w http.ResponseWriter, r *http.Request) {
	form := formValues(r, "next")
	next := localPath(form["next"])
	_, acc, err := s.accounts.HalfSessionOf(r)
	if err != nil && !errors.Is(err, accounts.ErrNoSession) {
		s.serverError(w, r, err)
		return
	}
	if err != nil {
		p := &problem{Status: http.StatusUnauthorized, Heading: "Sign in again", Messages: []string{"More than five minutes passed since your password, or you signed out. Enter your password again."}}
		s.render(w, r, p.Status, "signin.html", "", view{Title: "Sign in", Problem: p, Form: map[string]string{"next": next}})
		return
	}
	recovery, err := s.accounts.VerifySecondFactor(r.Context(), acc.ID, r.PostFormValue("code"), s.clientAddress(r))
	if err != nil {
		p, ok := codeProblem(err, http.StatusUnauthorized)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, p.Status, "signin-code.html", "", view{Title: "Enter your code", Problem: p, Form: map[string]string{"next": next}})
		return
	}
	if recovery {
		// Show how many are left, and the way to make more.
		next = securityPath
	}
	s.startSession(w, r, acc, next)
}

// codeProblem is how a failed code reads, with status for a wrong one.
func codeProblem(err error, status int) (*problem, bool) {
	switch {
	case errors.Is(err, accounts.ErrBadCode):
		return &problem{Status: status, Heading: "That code did not work", Messages: []string{"That code did not work."}}, true
	case errors.Is(err, accounts.ErrThrottled):
		return &problem{Status: http.StatusTooManyRequests, Heading: "Too many attempts", Messages: []string{"Too many codes did not work. Wait fifteen minutes and try again."}}, true
	}
	return nil, false
}

// securityData is the account security page.
type securityData struct {
	Status accounts.TwoFactorStatus
	// Enrolment is the set-up in progress, if any, shown to the session
	// that began it; SetUpElsewhere says another session began it.
	Enrolment      *enrolmentView
	SetUpElsewhere bool
	// Required says the person has admin rights and has no second factor
	// yet, so must set one up before going on.
	Required bool
}

// enrolmentView is a secret as the page shows it.
type enrolmentView struct {
	// Secret is in groups of four, to type into an app.
	Secret string
	// URI is the otpauth:// address, which opens an authenticator app on
	// the same device. It is ours, made by the accounts package, so it is
	// marked safe for an href.
	URI template.URL
	// QR is the address as a QR code, a PNG in a data: address (the
	// Content-Security-Policy allows img-src data:); empty if it could not
	// be drawn, when the page shows the secret only.
	QR template.URL
}

// recoveryData is the page that shows recovery codes, once.
type recoveryData struct {
	Codes []string
	// JustEnabled says two-factor sign-in was switched on just now.
	JustEnabled bool
}

// signedInAccount is the account of r's full session; it sends anyone else
// to sign in.
func (s *server) signedInAccount(w http.ResponseWriter, r *http.Request) (accounts.Account, bool) {
	_, acc, ok := s.signedInSession(w, r)
	return acc, ok
}

// signedInSession is r's full session and its account; it sends anyone
// else to sign in.
func (s *server) signedInSession(w http.ResponseWriter, r *http.Request) (accounts.Session, accounts.Account, bool) {
	sess, acc, err := s.accounts.SessionOf(r)
	switch {
	case errors.Is(err, accounts.ErrNoSession):
		s.toSignIn(w, r)
	case err != nil:
		s.serverError(w, r, err)
	}
	return sess, acc, err == nil
}

func (s *server) securityPage(w http.ResponseWriter, r *http.Request) {
	acc, ok := s.signedInAccount(w, r)
	if !ok {
		return
	}
	s.renderSecurity(w, r, acc, http.StatusOK, nil)
}

// renderSecurity shows the security page, with a problem if there was one.
func (s *server) renderSecurity(w http.ResponseWriter, r *http.Request, acc accounts.Account, status int, p *problem) {
	ctx := r.Context()
	st, err := s.accounts.TwoFactorStatus(ctx, acc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := securityData{Status: st}
	if st.SettingUp {
		sess, _, _ := s.accounts.SessionFromRequest(r)
		e, err := s.accounts.Enrolment(ctx, acc, sess.ID)
		switch {
		case errors.Is(err, accounts.ErrSetUpElsewhere):
			d.SetUpElsewhere = true
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			d.Enrolment = &enrolmentView{Secret: groupsOfFour(e.Secret), URI: template.URL(e.URI), QR: s.qrCode(r, e.URI)}
		}
	}
	a, _ := s.actor(r)
	if d.Required, err = s.mustSetUpTwoFactor(ctx, a); err != nil {
		s.serverError(w, r, err)
		return
	}
	// The page may show a secret: no cache keeps it.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "security.html", "", view{Title: "Account security", Problem: p, Data: d})
}

func (s *server) beginTwoFactor(w http.ResponseWriter, r *http.Request) {
	sess, acc, ok := s.signedInSession(w, r)
	if !ok {
		return
	}
	// On already: the page says so, with nothing to begin.
	if _, err := s.accounts.BeginEnrolment(r.Context(), acc, sess.ID); err != nil && !errors.Is(err, standards.ErrConflict) {
		s.serverError(w, r, err)
		return
	}
	s.seeOther(w, r, securityPath)
}

func (s *server) confirmTwoFactor(w http.ResponseWriter, r *http.Request) {
	sess, acc, ok := s.signedInSession(w, r)
	if !ok {
		return
	}
	codes, err := s.accounts.ConfirmEnrolment(r.Context(), acc.ID, r.PostFormValue("code"), s.clientAddress(r))
	if err != nil {
		s.codeFailed(w, r, acc, err)
		return
	}
	// Every other session was opened with the password alone: from now on
	// that is not enough.
	if err := s.accounts.EndOtherSessions(r.Context(), acc.ID, sess.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.toRecoveryCodes(w, r, acc, codes, true)
}

func (s *server) disableTwoFactor(w http.ResponseWriter, r *http.Request) {
	sess, acc, ok := s.signedInSession(w, r)
	if !ok {
		return
	}
	if err := s.accounts.DisableTwoFactor(r.Context(), acc.ID, r.PostFormValue("code"), s.clientAddress(r)); err != nil {
		s.codeFailed(w, r, acc, err)
		return
	}
	// Whoever switched it off may have done so to lock someone out.
	if err := s.accounts.EndOtherSessions(r.Context(), acc.ID, sess.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.cleared.forget(acc.ID) // an admin is asked to set it up again at once
	s.seeOtherDone(w, r, securityPath, "two-factor-off")
}

func (s *server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	acc, ok := s.signedInAccount(w, r)
	if !ok {
		return
	}
	codes, err := s.accounts.RegenerateRecoveryCodes(r.Context(), acc.ID, r.PostFormValue("code"), s.clientAddress(r))
	if err != nil {
		s.codeFailed(w, r, acc, err)
		return
	}
	s.toRecoveryCodes(w, r, acc, codes, false)
}

// codeFailed shows the security page again after a code that did not work.
func (s *server) codeFailed(w http.ResponseWriter, r *http.Request, acc accounts.Account, err error) {
	p, ok := codeProblem(err, http.StatusUnprocessableEntity)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	s.renderSecurity(w, r, acc, p.Status, p)
}

// recoveryCookie carries new recovery codes from the form that made them
// to the page that shows them once (Post/Redirect/Get), so that the
// address left in the browser is a page's, never the form's. The codes are
// not kept anywhere on the server (only their hashes are), so they travel
// in the browser, in a cookie of their own that only that page's address
// receives, HttpOnly, SameSite=Strict, Secure over HTTPS, for five minutes
// at most, and that the page deletes as it shows them. Any instance of the
// app behind a load balancer can show them.
const recoveryCookie = "eops_recovery_codes"

// toRecoveryCodes sends the person to the page that shows their new
// codes; enabled says two-factor sign-in was switched on just now.
func (s *server) toRecoveryCodes(w http.ResponseWriter, r *http.Request, acc accounts.Account, codes []string, enabled bool) {
	kind := "new"
	if enabled {
		kind = "enabled"
	}
	http.SetCookie(w, s.recoveryCodesCookie(r, kind+"|"+acc.ID+"|"+strings.Join(codes, ","), 300))
	s.seeOther(w, r, securityPath+"/recovery-codes")
}

func (s *server) recoveryCodesCookie(r *http.Request, value string, maxAge int) *http.Cookie {
	// Secure when served over HTTPS, directly or (the public address says)
	// through a proxy.
	secure := r.TLS != nil || strings.HasPrefix(s.publicURL, "https://")
	return &http.Cookie{
		Name: recoveryCookie, Value: value, Path: s.base + securityPath + "/recovery-codes", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
	}
}

// recoveryCodesPage shows the recovery codes the last form made, once:
// the cookie that brought them is deleted as they are shown, and no cache
// may keep the page. Opened again (a reload, or Back), it says they were
// shown and how to make new ones. Only the account that made them sees
// them.
func (s *server) recoveryCodesPage(w http.ResponseWriter, r *http.Request) {
	acc, ok := s.signedInAccount(w, r)
	if !ok {
		return
	}
	var d recoveryData
	if c, err := r.Cookie(recoveryCookie); err == nil {
		http.SetCookie(w, s.recoveryCodesCookie(r, "", -1))
		parts := strings.SplitN(c.Value, "|", 3)
		if len(parts) == 3 && parts[1] == acc.ID && parts[2] != "" {
			d = recoveryData{Codes: strings.Split(parts[2], ","), JustEnabled: parts[0] == "enabled"}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "recovery-codes.html", "", view{Title: "Your recovery codes", Data: d})
}

// qrCode draws an otpauth:// address as a QR code in a data: address, or
// "" when it cannot, when the page shows the secret as text only.
func (s *server) qrCode(r *http.Request, uri string) template.URL {
	key, err := otp.NewKeyFromURL(uri)
	if err != nil {
		s.log.ErrorContext(r.Context(), "two-factor QR code", "err", err)
		return ""
	}
	img, err := key.Image(240, 240)
	if err != nil {
		s.log.ErrorContext(r.Context(), "two-factor QR code", "err", err)
		return ""
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.log.ErrorContext(r.Context(), "two-factor QR code", "err", err)
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// groupsOfFour writes a secret in groups of four letters, to read and type.
func groupsOfFour(secret string) string {
	var b strings.Builder
	for i, c := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
