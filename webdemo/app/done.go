package app

import (
	"net/http"
	"net/url"
	"strings"
)

// A form that worked answers with a redirect to the page that shows its
// result (Post/Redirect/Get), and the page says what happened in a success
// banner. What happened travels in the address as a code ("?done=agreed"),
// never as text: the page shows only the sentences of doneMessages, so an
// address cannot put words of its own in the banner, and any instance of
// the app behind a load balancer can show it (no session, no cookie).

// doneMessages are the success banners' sentences, by code: what happened,
// written for the person who did it.
var doneMessages = map[string]string{
	"registered":     "Your centre is registered for the year. You are its centre administrator.",
	"join-requested": "Your request to join was sent. A centre administrator will approve it.",

	// The centre's page (centre.go).
	"approved":              "The request is approved: they are a member of the centre now, and are told so.",
	"rejected":              "The request is rejected, and they are told.",
	"approved-several":      "The requests you chose are approved: each person is a member of the centre now, and is told so.",
	"rejected-several":      "The requests you chose are rejected, and each person is told.",
	"admin-granted":         "They are an administrator of the centre now, and are told so.",
	"admin-revoked":         "They are no longer an administrator of the centre.",
	"colleague-registered":  "Your colleague is registered at the centre. They will see it when they sign in with that e-mail address.",
	"colleagues-registered": "Everyone in the file is registered at the centre. They will see it when they sign in with their e-mail address.",
	"overseer-assigned":     "The overseer is assigned, and both of them are told. The overseer can now agree the exams officer's targets.",
	"renamed":               "The centre's name is changed.",
	"left":                  "You are no longer registered at the centre for that year.",

	// The certificate's page, after a claim (record.go).
	"claimed": "You claimed the certificate, and the exams officer is told. The record is closed: nothing in it can change now.",

	// The operator's statement page (statement.go).
	"statement-published": "The new version is published. People sign it from now on; those who signed before keep the version they signed.",

	// The account's pages (twofactor.go, people.go).
	"two-factor-off": "Two-factor sign-in is off, and your other sessions are signed out. Signing in now needs only your password.",
	"name-corrected": "Your name is corrected. Your centres see it as you gave it.",
}

// seeOtherDone answers a form that worked with a redirect to path, whose
// page shows the success banner of done (a key of doneMessages).
func (s *server) seeOtherDone(w http.ResponseWriter, r *http.Request, path, done string) {
	if _, ok := doneMessages[done]; !ok {
		// A code without a sentence is a programming mistake: better no
		// banner than a blank one.
		s.log.ErrorContext(r.Context(), "success banner without a message", "done", done)
		s.seeOther(w, r, path)
		return
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	s.seeOther(w, r, path+sep+"done="+url.QueryEscape(done))
}

// doneMessage is the success banner a page shows for its address's done
// code, or "" when it has none (or one the app does not know).
func doneMessage(r *http.Request) string {
	return doneMessages[r.URL.Query().Get("done")]
}
