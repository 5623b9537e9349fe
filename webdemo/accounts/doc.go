// Package accounts signs people in to the reference web app, webdemo.
//
// The standards library never handles login: it trusts its host to say who
// is acting. This package is that part of the demo host. A person signs up
// with an e-mail address, a name and a password; signs in; and holds a
// server-side session whose id travels in an HttpOnly cookie. The demo then
// passes the signed-in account to the library as a [standards.Actor]
// ([Account.Actor]), deciding for itself who is the operator.
//
// Passwords follow NIST SP 800-63B: 8 to 256 characters of any kind, no
// composition rules, none from a short list of the most common passwords.
// They are stored as argon2id hashes with OWASP's parameters (19 MiB, two
// passes, one lane) in the PHC string format, each with its own salt.
//
// A [Manager] does the work over a [Store] of accounts: [NewMemoryStore] for
// tests and throw-away demos, [NewSQLStore] for a database bun can reach
// (SQLite, PostgreSQL, MySQL or MariaDB). Sign-in answers the same
// [ErrBadCredentials], in about the same time, whether or not the account
// exists, and refuses with [ErrThrottled] after five failures in fifteen
// minutes for one e-mail address or one remote address. Sessions live in the
// Manager's memory, so they end when the process does; each has an idle and
// an absolute timeout, and every sign-in gets a fresh session id.
//
//	m := accounts.New(accounts.NewMemoryStore())
//	a, err := m.SignIn(ctx, email, password, r.RemoteAddr)
//	if err != nil { … }
//	s, err := m.StartSession(a.ID)
//	if err != nil { … }
//	m.SetSessionCookie(w, r, s)
//
// and on every later request:
//
//	s, a, ok := m.SessionFromRequest(r)
package accounts
