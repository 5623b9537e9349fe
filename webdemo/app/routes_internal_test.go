package app

import (
	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

// Route is one route of the handler as the attack suite (attack_test.go)
// sees it: its path template, as registered, and its methods.
type Route struct {
	Template string
	Methods  []string
}

// Routes lists the routes of the handler New builds with opts, read from
// the router itself rather than from a list kept by hand, so that a route
// added tomorrow is attacked by the suite (or fails it for want of ids).
func Routes(svc *standards.Service, opts ...Option) ([]Route, error) {
	var out []Route
	err := newServer(svc, opts...).router().Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := route.GetMethods()
		if err != nil {
			// A route without methods answers every method: the two that
			// matter to the suite stand for them.
			methods = []string{"GET", "POST"}
		}
		out = append(out, Route{Template: tpl, Methods: methods})
		return nil
	})
	return out, err
}
