// Package app is the HTTP handler of the eops reference web app: every step
// of an exams officer's year in pages, with htmx for partial updates and
// forms that work without JavaScript.
//
// # Mounting
//
// A host mounts it as an http.Handler, under a prefix if it likes:
//
//	h := app.New(svc, app.WithBasePath("/standards"), app.WithAuthenticator(func(r *http.Request) (standards.Actor, bool) {
//		u, ok := myLogin(r)
//		return standards.Actor{Email: u.Email, Name: u.Name}, ok
//	}))
//	mux.Handle("/standards/", h)
//
// The authenticator must give only e-mail addresses the host has verified
// belong to the person (R-PER-4): the library takes them on trust.
//
// # Login
//
// The demo's own login (sign-up and sign-in pages, server-side sessions)
// comes with WithAccounts; a host with its own login passes
// WithAuthenticator instead, and when both are given the authenticator
// decides. With neither, everyone is signed out: only the public pages work.
// With WithAccounts, a new account proves its address before it acts:
// sign-up mails a link, good once for 24 hours, through WithMailer (to the
// log without one), starting with WithPublicURL; the page after sign-up is
// the same whether or not the address had an account. WithDemoMailbox
// shows the last mails at /demo/mail, for a demo on one's own machine.
// With WithAccounts, anyone may add two-factor sign-in (TOTP codes from an
// authenticator app, with recovery codes) on the account security page, and
// centre administrators and the operator must before they can use anything
// else, unless WithTwoFactorForAdmins(false) says otherwise.
// The library never sees a password: only the Actor.
//
// # Configuration
//
// Give WithClock the same clock as the Service, so that the pages and the
// library agree on the academic year, and WithPublicURL the address people
// reach the app at: the verification address printed on certificates' PDFs
// and written into their credentials comes from it, never from a request.
// WithCredentials adds signed Open Badges credentials beside the PDFs;
// WithLogger, WithHealthCheck and WithReadinessCheck are for operations.
// WithKeptPages sets how many of the pages read most the app keeps in
// memory to send again while nothing on them has changed (16 MiB, each a
// minute at most, by default); give it 0 bytes if the host writes to the
// library's tables other than through the Service, which is not counted.
// The project's docs/operations.md has every option with its default.
//
// # Responses
//
// Every answer but the static files and the public key says
// Cache-Control: no-store, and over HTTPS (or when the public address is
// https) Strict-Transport-Security. A store's failure is never shown as
// being signed out: a database that cannot be reached is a 503 page asking
// the person to try again in a minute, and is logged.
//
// # Public paths
//
// Besides the pages behind the login, six addresses are for anyone and
// must stay reachable signed out when the host puts its own login in
// front (PublicPaths lists them; docs/embedding.md, "Paths that stay
// public"): /static/ (the style sheet and htmx the public pages load),
// /verify (checking a certificate by its code, printed on every
// certificate), /guidance (the guidance on the Standards), /healthz (the process
// lives: WithHealthCheck), /readyz (it can serve: WithReadinessCheck, the
// database answers and its schema is current), and, with WithCredentials,
// /.well-known/eops-credential-key.json (the key that checks a
// credential). All are GET and HEAD only.
package app
