// Trust-portal shows a multi-academy trust's portal embedding eops: its own
// router and its own login (HTTP basic authentication against its own
// users, for brevity), with the eops web app mounted under /standards/ and a
// trust-wide page of its own at / built from the library's trust dashboard.
//
//	go run ./examples/trust-portal     # then open http://127.0.0.1:8090/
//
// It starts on a fresh SQLite file holding a trust of three centres, made
// by seed; the sign-ins it prints all use the password "portal".
package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/app"
)

// users are the portal's own accounts, each with the actor the library
// knows them as. A real portal has its own user store and single sign-on;
// the library sees only the actor, and only the portal decides who is the
// platform's operator.
var users = []struct {
	standards.Actor
	role, password string
}{
	{standards.Actor{Email: "lead@valley.org.uk", Name: "Lou Lead"}, "trust lead", "portal"},
	{standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior"}, "head of Riverside Academy", "portal"},
	{standards.Actor{Email: "exams@riverside.sch.uk", Name: "Eve Officer"}, "exams officer at Riverside Academy", "portal"},
	{standards.Actor{Email: "head@hillside.sch.uk", Name: "Hana Head"}, "head of Hillside College", "portal"},
	{standards.Actor{Email: "ops@valley.org.uk", Name: "Olive Ops", Operator: true}, "platform operator", "portal"},
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "the address to serve on")
	flag.Parse()
	ctx := context.Background()
	store := must(sqlite.Open(filepath.Join(must(os.MkdirTemp("", "trust-portal")), "eops.db")))
	check(store.Migrate(ctx))
	svc := standards.New(store)
	trustID := seed(ctx, svc)

	// The portal's own router: its page, and the eops app under
	// /standards/, which takes who is acting from the portal's login.
	router := http.NewServeMux()
	router.Handle("/standards/", app.New(svc, app.WithBasePath("/standards"), app.WithAuthenticator(signedIn)))
	router.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { trustPage(w, r, svc, trustID) })

	ln := must(net.Listen("tcp", *addr))
	fmt.Printf("trust portal on http://%s/\n", ln.Addr())
	for _, u := range users {
		fmt.Printf("  sign in as %s (%s)\n", u.Email, u.role)
	}
	log.Fatal((&http.Server{Handler: requireLogin(router), ReadHeaderTimeout: 10 * time.Second}).Serve(ln))
}

// signedIn is the portal's own login, here HTTP basic authentication, and
// the app's Authenticator: the signed-in user as the library's actor.
func signedIn(r *http.Request) (standards.Actor, bool) {
	email, password, ok := r.BasicAuth()
	for _, u := range users {
		if ok && u.Email == email && subtle.ConstantTimeCompare([]byte(u.password), []byte(password)) == 1 {
			return u.Actor, true
		}
	}
	return standards.Actor{}, false
}

// requireLogin asks for the portal's login on every page, the app's too.
func requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := signedIn(r); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="Valley Learning Trust portal"`)
			http.Error(w, "sign in to the trust's portal", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var page = template.Must(template.New("trust").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{.Board.Trust.Name}}: exams officers' standards</title></head>
<body><h1>{{.Board.Trust.Name}}: exams officers' standards, {{.Board.Year}}</h1>
<p>Signed in to the trust's portal as {{.Name}}. <a href="/standards/">Open the standards app</a>.</p>
<table><caption>Every centre of the trust</caption>
<thead><tr><th scope="col">Centre</th><th scope="col">Registered</th><th scope="col">Exams officers</th><th scope="col">Certified</th><th scope="col">At risk</th></tr></thead>
<tbody>{{range .Board.Centres}}
<tr><td>{{.Centre.Name}} ({{.Centre.Number}})</td><td>{{if .Registered}}yes{{else}}not yet{{end}}</td><td>{{.ExamsOfficers}}</td><td>{{.Certified}}</td><td>{{.AtRisk}}</td></tr>{{end}}</tbody>
<tfoot><tr><th scope="row">All centres</th><td></td><td>{{.Total.ExamsOfficers}}</td><td>{{.Total.Certified}}</td><td>{{.Total.AtRisk}}</td></tr></tfoot></table>
<p><a href="/standards/trusts/{{.Board.Trust.ID}}/{{.YearPath}}">The trust's dashboard in the standards app</a>, with flags per key area.</p></body></html>`))

// trustPage is the portal's own page: the trust's centres this year, from
// the library's trust dashboard, with totals the portal adds itself.
func trustPage(w http.ResponseWriter, r *http.Request, svc *standards.Service, trustID string) {
	actor, _ := signedIn(r)
	year := standards.YearOf(time.Now())
	board, err := svc.TrustDashboard(r.Context(), actor, trustID, year)
	if errors.Is(err, standards.ErrForbidden) || errors.Is(err, standards.ErrNotFound) {
		http.Error(w, "This page is for the trust's leads. Open the standards app at /standards/.", http.StatusForbidden)
		return
	} else if err != nil {
		http.Error(w, "the trust's dashboard is not available", http.StatusInternalServerError)
		return
	}
	var total standards.TrustCentre
	for _, c := range board.Centres {
		total.ExamsOfficers += c.ExamsOfficers
		total.Certified += c.Certified
		total.AtRisk += c.AtRisk
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The app's addresses write a year as 2025-26.
	data := map[string]any{"Board": board, "Name": actor.Name, "YearPath": strings.Replace(year.String(), "/", "-", 1), "Total": total}
	if err := page.Execute(w, data); err != nil {
		http.Error(w, "the page did not render", http.StatusInternalServerError)
	}
}

// seed fills the library with the trust as the portal's people would have
// made it through the app: the operator creates the trust and appoints its
// lead, three heads register their centres and exams officers, the centres
// join the trust, and Riverside's exams officer is certified. It returns
// the trust's id. Like the rest of the demo's data, it stops the program
// on an error.
func seed(ctx context.Context, svc *standards.Service) string {
	ops, lead := users[4].Actor, users[0].Actor
	trust := must(svc.CreateTrust(ctx, ops, "Valley Learning Trust"))
	must(svc.AppointTrustLead(ctx, ops, trust.ID, lead.Email, lead.Name))
	year := standards.YearOf(time.Now())
	for i, c := range []struct {
		number     standards.CentreNumber
		name       string
		head, exam standards.Actor
	}{
		{"12345", "Riverside Academy", users[1].Actor, users[2].Actor},
		{"54321", "Hillside College", users[3].Actor, standards.Actor{Email: "exams@hillside.sch.uk", Name: "Hal Officer"}},
		{"67890", "Brookside School", standards.Actor{Email: "head@brookside.sch.uk", Name: "Bea Head"}, standards.Actor{Email: "exams@brookside.sch.uk", Name: "Bo Officer"}},
	} {
		sl := must(svc.RegisterCentre(ctx, c.head, standards.CentreRegistration{Year: year, CentreNumber: c.number, CentreName: c.name,
			FullName: c.head.Name, Roles: standards.Roles{standards.RoleSL}}))
		eo := must(svc.RegisterColleague(ctx, c.head, standards.Colleague{CentreID: sl.CentreID, Year: year, Email: c.exam.Email,
			FullName: c.exam.Name, Roles: standards.Roles{standards.RoleEO}}))
		must(svc.AssignOverseer(ctx, c.head, standards.Overseeing{ExamsOfficer: eo.ID, Overseer: sl.ID}))
		must(svc.AcceptTrustRequest(ctx, c.head, must(svc.InviteCentre(ctx, lead, trust.ID, c.number)).ID))
		if i == 0 {
			certify(ctx, svc, c.head, c.exam, sl, eo)
		}
	}
	return trust.ID
}

// certify takes an exams officer through the year to the certificate, as
// examples/quickstart does step by step.
func certify(ctx context.Context, svc *standards.Service, head, exam standards.Actor, sl, eo standards.Registration) {
	record := must(svc.Member(ctx, head, eo.ID)).RecordID
	targets, _, err := svc.ApplyTemplate(ctx, head, record, "experienced-eo")
	check(err)
	var updates []standards.TargetUpdate
	for _, t := range targets {
		must(svc.AgreeTarget(ctx, exam, t.ID))
		updates = append(updates, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	must(svc.SignStatement(ctx, exam, record))
	must(svc.CountersignStatement(ctx, head, record))
	must(svc.RecordMeeting(ctx, head, record, standards.MeetingInput{Kind: standards.MeetingFinalReview, Date: time.Now(),
		Attendees: []string{eo.ID, sl.ID}, Updates: updates}))
	must(svc.Claim(ctx, head, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true}))
}

// must stops the program on an error: the demo data's way, not a portal's.
func must[T any](v T, err error) T {
	check(err)
	return v
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
