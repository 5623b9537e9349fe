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
	// mails), keeping the newest of the person's own.
	const keep = 50
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
	if len(mine) > keep {
		mine = mine[len(mine)-keep:]
	}
	slices.Reverse(mine)
	s.render(w, r, http.StatusOK, "events.html", "", view{Title: "Notifications", Data: mine})
}
