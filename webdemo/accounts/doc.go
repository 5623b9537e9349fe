// Package accounts signs people in to the reference web app, webdemo.
//
// The standards library never handles login: it trusts its host to say who
// is acting, with an e-mail address the host has verified (R-PER-4). This
// package is that part of the demo host. A person signs up with an e-mail
// address, a name and a password; proves the address by following the
// link the host e-mails to it; signs in; and holds a server-side session
// whose id travels in an HttpOnly cookie. The demo then
// passes the signed-in account to the library as a [standards.Actor]
// ([Account.Actor]), deciding for itself who is the operator.
//
// Passwords follow NIST SP 800-63B: 8 to 256 characters of any kind, no
// composition rules, none from a short list of the most common passwords.
// They are stored as argon2id hashes with OWASP's parameters (19 MiB, two
// passes, one lane) in the PHC string format, each with its own salt.
//
// # Proving the address
//
// [Manager.SignUp] makes an unconfirmed account, which cannot sign in
// ([ErrUnconfirmed]) nor hold a session, and returns a [Confirmation] for
// the host to e-mail: a link's token, good once and for
// [ConfirmationLifetime], or, for an address whose account is confirmed
// already, word to say so in the mail instead. The host answers the person
// the same page either way, so that sign-up does not tell who has an
// account. [Manager.Confirm] takes the token and the password the sign-up
// chose, and confirms the account. Only the token's SHA-256 is stored, in
// the Store, so that any instance of the app on one database can confirm
// it. [Manager.Resend] sends a link again. At most five mails an hour go
// to one address. [Manager.CreateAccount] makes an account confirmed at
// once, for addresses a host has verified otherwise (the demo's seed).
//
// A [Manager] does the work over a [Store] of accounts: [NewMemoryStore] for
// tests and throw-away demos, [NewSQLStore] for a database bun can reach
// (SQLite, PostgreSQL, MySQL or MariaDB); on a SQLite file, give it the
// file's reading pool with [ReadFrom], so that looking up the signed-in
// account does not wait for a write. Sign-in answers the same
// [ErrBadCredentials], in about the same time, whether or not the account
// exists. Only failures count: after five in fifteen minutes for one e-mail
// address it refuses with [ErrThrottled], even the right password; after
// fifty from one remote address (a school's staff share one behind its NAT)
// it lets through only a right password whose account asks for a code.
// Sessions, the
// throttles' counts and a two-factor set-up in progress live in the Store,
// never in the Manager's memory, so any number of instances on one
// database serve any request and a restarted one signs nobody out; a
// session is kept by the SHA-256 of its id. Each has an idle and an
// absolute timeout, and every sign-in gets a fresh session id.
//
//	m := accounts.New(accounts.NewMemoryStore())
//	a, err := m.SignIn(ctx, email, password, r.RemoteAddr)
//	if err != nil { … }
//	s, err := m.StartSession(ctx, a.ID)
//	if err != nil { … }
//	m.SetSessionCookie(w, r, s)
//
// and on every later request:
//
//	s, a, ok := m.SessionFromRequest(r)
//
// # Two-factor sign-in
//
// An account may add a second factor: the six-digit TOTP codes (RFC 6238,
// computed by github.com/pquerna/otp) of an authenticator app. A person
// sets it up in two steps, so that nobody is locked out by a secret their
// app never took: [Manager.BeginEnrolment] makes a secret to show as a QR
// code and as text, and [Manager.ConfirmEnrolment] switches it on when
// given a current code, returning ten recovery codes. Those are shown once
// and kept only as SHA-256 hashes; each works once, in place of a code.
//
// Signing in then takes two steps. After the password, the account has
// only a half session ([Manager.StartHalfSession]), which
// [Manager.SessionFromRequest] does not see and which lasts five minutes;
// [Manager.VerifySecondFactor] checks the code, and only then does the
// host start a full session:
//
//	a, err := m.SignIn(ctx, email, password, r.RemoteAddr)
//	…
//	if st, _ := m.TwoFactorStatus(ctx, a.ID); st.Enabled {
//		half, _ := m.StartHalfSession(ctx, a.ID) // then, on the code page:
//		_, err := m.VerifySecondFactor(ctx, a.ID, code, r.RemoteAddr)
//		…
//		m.EndSession(ctx, half.ID)
//	}
//	s, err := m.StartSession(ctx, a.ID)
//
// A code is good for its own 30 seconds and one step either side, but only
// once: the store keeps the last time step used and takes only later ones.
// Every wrong, used or malformed code is the one [ErrBadCode], and the
// code step is throttled for its account as passwords are (five failures in
// fifteen minutes); a wrong code counts against the address too.
// Switching it off ([Manager.DisableTwoFactor]) and new recovery codes
// ([Manager.RegenerateRecoveryCodes]) need a current code or a recovery
// code too.
package accounts
