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
	events, err := s.svc.PendingEvents(r.Context(), 0, standards.MaxPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	email, _ := standards.NormaliseEmail(a.Email)
	var mine []standards.Event
	for _, e := range events {
		if slices.Contains(e.To, email) {
			mine = append(mine, e)
		}
	}
	slices.Reverse(mine)
	s.render(w, r, http.StatusOK, "events.html", "", view{Title: "Notifications", Data: mine})
}
