// Package app is the HTTP handler of the eops reference web app: every step
// of an exams officer's year in pages, with htmx for partial updates and
// forms that work without JavaScript.
//
// A host mounts it as an http.Handler, under a prefix if it likes:
//
//	h := app.New(svc, app.WithAuthenticator(func(r *http.Request) (standards.Actor, bool) {
//		u, ok := myLogin(r)
//		return standards.Actor{Email: u.Email, Name: u.Name}, ok
//	}))
//	mux.Handle("/standards/", http.StripPrefix("/standards", h))
//
// The demo's own login (sign-up and sign-in pages, server-side sessions)
// comes with WithAccounts; a host with its own login passes
// WithAuthenticator instead. The library never sees a password: only the
// Actor.
package app
