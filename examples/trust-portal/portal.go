package main

import (
	"crypto/subtle"
	"errors"
	"html/template"
	"net/http"
	"time"

	"github.com/eops/eops/standards"
)

// portalUser is one of the portal's own accounts. A real portal has its
// own user store and single sign-on; the library never sees any of it.
type portalUser struct {
	email, name, role, password string
	operator                    bool
}

// portalUsers are the accounts of this example, all with the password
// "portal".
var portalUsers = []portalUser{
	{email: "lead@valley.org.uk", name: "Lou Lead", role: "trust lead", password: "portal"},
	{email: "head@riverside.sch.uk", name: "Sam Senior", role: "head of Riverside Academy", password: "portal"},
	{email: "exams@riverside.sch.uk", name: "Eve Officer", role: "exams officer at Riverside Academy", password: "portal"},
	{email: "head@hillside.sch.uk", name: "Hana Head", role: "head of Hillside College", password: "portal"},
	{email: "ops@valley.org.uk", name: "Olive Ops", role: "platform operator", password: "portal", operator: true},
}

// portal is the trust's web portal.
type portal struct {
	svc     *standards.Service
	users   []portalUser
	trustID string
}

// signedIn checks the portal's own login: here HTTP basic authentication.
func (p *portal) signedIn(r *http.Request) (portalUser, bool) {
	email, password, ok := r.BasicAuth()
	if !ok {
		return portalUser{}, false
	}
	for _, u := range p.users {
		if u.email == email && subtle.ConstantTimeCompare([]byte(u.password), []byte(password)) == 1 {
			return u, true
		}
	}
	return portalUser{}, false
}

// requireLogin asks for the portal's login on every page.
func (p *portal) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := p.signedIn(r); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="Valley Learning Trust portal"`)
			http.Error(w, "sign in to the trust's portal", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// actor is the app.Authenticator: the portal's signed-in user as the
// library's actor. Only the portal decides who is the operator.
func (p *portal) actor(r *http.Request) (standards.Actor, bool) {
	u, ok := p.signedIn(r)
	if !ok {
		return standards.Actor{}, false
	}
	return standards.Actor{Email: u.email, Name: u.name, Operator: u.operator}, true
}

var trustPage = template.Must(template.New("trust").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{.Board.Trust.Name}}: exams officers' standards</title></head>
<body>
<h1>{{.Board.Trust.Name}}: exams officers' standards, {{.Board.Year}}</h1>
<p>Signed in to the trust's portal as {{.Name}}. <a href="/standards/">Open the standards app</a>.</p>
<table>
<caption>Every centre of the trust</caption>
<thead><tr><th scope="col">Centre</th><th scope="col">Registered</th><th scope="col">Exams officers</th><th scope="col">Certified</th><th scope="col">At risk</th></tr></thead>
<tbody>
{{range .Board.Centres}}<tr><td>{{.Centre.Name}} ({{.Centre.Number}})</td><td>{{if .Registered}}yes{{else}}not yet{{end}}</td><td>{{.ExamsOfficers}}</td><td>{{.Certified}}</td><td>{{.AtRisk}}</td></tr>
{{end}}</tbody>
<tfoot><tr><th scope="row">All centres</th><td></td><td>{{.ExamsOfficers}}</td><td>{{.Certified}}</td><td>{{.AtRisk}}</td></tr></tfoot>
</table>
<p><a href="/standards/trusts/{{.Board.Trust.ID}}/{{.YearPath}}">The trust's dashboard in the standards app</a>, with flags per key area.</p>
</body></html>
`))

// trustPage is the portal's own page: the trust's centres this year, from
// the library's trust dashboard, with totals the portal adds itself.
func (p *portal) trustPage(w http.ResponseWriter, r *http.Request) {
	a, _ := p.actor(r)
	year := standards.YearOf(time.Now())
	board, err := p.svc.TrustDashboard(r.Context(), a, p.trustID, year)
	switch {
	case err == nil:
	case errors.Is(err, standards.ErrForbidden) || errors.Is(err, standards.ErrNotFound):
		http.Error(w, "This page is for the trust's leads. Open the standards app at /standards/.", http.StatusForbidden)
		return
	default:
		http.Error(w, "the trust's dashboard is not available", http.StatusInternalServerError)
		return
	}
	data := struct {
		Board                            standards.TrustDashboard
		Name, YearPath                   string
		ExamsOfficers, Certified, AtRisk int
	}{Board: board, Name: a.Name, YearPath: year.String()[:4] + "-" + year.String()[5:]}
	for _, c := range board.Centres {
		data.ExamsOfficers += c.ExamsOfficers
		data.Certified += c.Certified
		data.AtRisk += c.AtRisk
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := trustPage.Execute(w, data); err != nil {
		http.Error(w, "the page did not render", http.StatusInternalServerError)
	}
}
