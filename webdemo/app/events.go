package app

import (
	"net/http"
	"slices"

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
