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
