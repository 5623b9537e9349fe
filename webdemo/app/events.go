package app

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

func (s *server) registerEventRoutes(r *mux.Router) {
	r.HandleFunc("/notifications", s.notifications).Methods(http.MethodGet, http.MethodHead)
}

// notifications shows the signed-in person the outbox events addressed to
// them: what the demo would have e-mailed.
func (s *server) notifications(w http.ResponseWriter, r *http.Request) {
	a, signedIn := s.actor(r)
	if !signedIn {
		s.fail(w, r, standards.ErrUnauthenticated)
		return
	}
	email, _ := standards.NormaliseEmail(a.Email)
	// Read the outbox to its end (the demo acknowledges nothing unless it
	// mails), keeping the person's own, to show a page of them.
	var mine []standards.Event
	var after int64
	for range 100 { // at most 20,000 pending events are looked through
		events, err := s.svc.PendingEvents(r.Context(), after, standards.MaxPage)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, e := range events {
			if slices.Contains(e.To, email) {
				mine = append(mine, e)
			}
		}
		if len(events) < standards.MaxPage {
			break
		}
		after = events[len(events)-1].Seq
	}
	slices.Reverse(mine)
	page, p, err := paginate(r, "page", "Pages of notifications", mine)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "events.html", "", view{Title: "Notifications", Data: eventsData{Events: page, Pager: p}})
}

// eventsData is a page of a person's notifications, newest first.
type eventsData struct {
	Events []standards.Event
	Pager  pager
}

// parenthesisedEmail is an address in brackets after a name in a
// notification ("Ada Lovelace (ada@school.org)"): the name says who.
var parenthesisedEmail = regexp.MustCompile(` \([^()\s]+@[^()\s]+\)`)

// notice is a notification as the page shows it: the library's summary
// as a sentence, with role codes in words and no address where a name
// already says who. An address that is the news itself (a changed e-mail
// address) stays.
func notice(e standards.Event) string {
	s := parenthesisedEmail.ReplaceAllString(e.Summary, "")
	s = auditRoles.ReplaceAllStringFunc(s, func(as string) string {
		return " as " + roleWords(rolesOf(strings.TrimPrefix(as, " as ")))
	})
	return sentence(s)
}
