// Vendor-host is an MIS vendor's product embedding eops as a vendor would
// ship it: the product's own database (PostgreSQL, or a SQLite file when no
// DSN is given), its own login (a cookie its sign-in page sets, for
// brevity), the eops web app mounted under /standards/ in the product's
// look, sending signed-out people to the product's sign-in page, and a JSON
// dashboard of a centre's exams officers from one library call.
//
//	go run ./examples/vendor-host -dsn postgres://…   # then open http://127.0.0.1:8095/
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/app"
)

// users are the product's own accounts; the product's id is the person's
// id in the library too (Actor.ExternalID).
var users = map[string]standards.Actor{
	"u1": {ExternalID: "u1", Email: "head@riverside.sch.uk", Name: "Sam Senior"},
	"u2": {ExternalID: "u2", Email: "exams@riverside.sch.uk", Name: "Eve Officer"},
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8095", "the address to serve on")
	dsn := flag.String("dsn", "", "PostgreSQL DSN; a temporary SQLite file without it")
	flag.Parse()
	ctx := context.Background()
	svc, err := openService(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	centreID, err := seed(ctx, svc)
	if err != nil {
		log.Fatal(err)
	}

	router := http.NewServeMux()
	router.Handle("/standards/", app.New(svc,
		app.WithBasePath("/standards"),
		app.WithAuthenticator(signedIn),
		app.WithSignInPage(func(returnTo string) string { return "/login?returnUrl=" + url.QueryEscape(returnTo) }),
		app.WithBrand(app.Brand{Name: "Acme MIS",
			Header: template.HTML(`<div class="acme-bar">Acme MIS · Riverside Academy</div>`),
			Footer: template.HTML(`<footer class="acme-footer">Acme MIS, for schools</footer>`)})))
	router.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := users[r.URL.Query().Get("user")]; !ok {
			fmt.Fprintln(w, "Acme MIS sign-in: /login?user=u1 (Sam Senior) or u2 (Eve Officer)")
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "acme_user", Value: r.URL.Query().Get("user"), Path: "/", HttpOnly: true})
		// Back where the app sent them from: only ever a page of the app.
		http.Redirect(w, r, "/standards/"+strings.TrimPrefix(r.URL.Query().Get("returnUrl"), "/standards/"), http.StatusSeeOther)
	})
	router.HandleFunc("GET /api/dashboard", func(w http.ResponseWriter, r *http.Request) {
		actor, ok := signedIn(r)
		if !ok {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		board, err := svc.CentreDashboard(r.Context(), actor, centreID, standards.YearOf(time.Now()))
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		_ = json.NewEncoder(w).Encode(dashboardRows(board))
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("vendor host on http://%s/\n", ln.Addr())
	log.Fatal(http.Serve(ln, router))
}

// signedIn is the product's login: the user its sign-in page remembered.
func signedIn(r *http.Request) (standards.Actor, bool) {
	c, err := r.Cookie("acme_user")
	if err != nil {
		return standards.Actor{}, false
	}
	a, ok := users[c.Value]
	return a, ok
}

// row is one exams officer in the product's JSON.
type row struct {
	Name        string   `json:"name"`
	Overseers   []string `json:"overseers"`
	CPDHours    float64  `json:"cpd_hours"`
	LastMeeting string   `json:"last_meeting,omitempty"`
	NextDue     string   `json:"next_due,omitempty"`
	Flags       []string `json:"flags"`
}

func dashboardRows(board standards.CentreDashboard) []row {
	rows := []row{}
	for _, e := range board.ExamsOfficers {
		r := row{Name: e.ExamsOfficer.Person.Name, CPDHours: e.CPDHours, NextDue: e.NextDue.Title, Overseers: []string{}, Flags: []string{}}
		for _, o := range e.Overseers {
			r.Overseers = append(r.Overseers, o.Person.Name)
		}
		for _, f := range e.Flags {
			r.Flags = append(r.Flags, string(f.Code))
		}
		if !e.LastMeeting.IsZero() {
			r.LastMeeting = e.LastMeeting.Format(time.DateOnly)
		}
		rows = append(rows, r)
	}
	return rows
}

// openService opens the library on the product's PostgreSQL database, its
// tables under a prefix, or on a new SQLite file when it has none.
func openService(ctx context.Context, dsn string) (*standards.Service, error) {
	var store *sqlstore.Store
	if dsn != "" {
		db, err := postgres.Open(dsn)
		if err != nil {
			return nil, err
		}
		if store, err = postgres.New(db, sqlstore.WithPrefix("eops_")); err != nil {
			return nil, err
		}
	} else {
		dir, err := os.MkdirTemp("", "vendor-host")
		if err != nil {
			return nil, err
		}
		file, err := sqlite.Open(filepath.Join(dir, "eops.db"))
		if err != nil {
			return nil, err
		}
		store = file.Store
	}
	return standards.New(store), store.Migrate(ctx)
}

// seed registers the product's school and its exams officer, overseen by
// the head, and returns the centre's id. A product started again on its
// database finds the school it registered before.
func seed(ctx context.Context, svc *standards.Service) (string, error) {
	year := standards.YearOf(time.Now())
	head, err := svc.RegisterCentre(ctx, users["u1"], standards.CentreRegistration{Year: year,
		CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Sam Senior", Roles: standards.Roles{standards.RoleSL}})
	if standards.ErrorReason(err) == standards.ReasonCentreAlreadyRegistered {
		centre, err := svc.FindCentre(ctx, users["u1"], "12345", year)
		return centre.ID, err
	}
	if err != nil {
		return "", err
	}
	eo, err := svc.RegisterColleague(ctx, users["u1"], standards.Colleague{CentreID: head.CentreID, Year: year,
		Email: users["u2"].Email, FullName: users["u2"].Name, Roles: standards.Roles{standards.RoleEO}})
	if err != nil {
		return "", err
	}
	_, err = svc.AssignOverseer(ctx, users["u1"], standards.Overseeing{ExamsOfficer: eo.ID, Overseer: head.ID})
	return head.CentreID, err
}
