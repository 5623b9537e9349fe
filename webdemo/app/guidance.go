package app

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/gorilla/mux"
)

// The Toolkit in the app (issue 21 item 10): short guidance in our own
// words, from the NAEO's published process, for whoever is new to the
// Standards. It is public: a centre's staff read it before they have an
// account, and a host's sign-in does not stand in front of it.

// guide is one page of guidance.
type guide struct {
	Slug    string
	Title   string
	Summary string
	body    func(v view) templ.Component
}

// guides are the guidance pages, in the order the index lists them.
var guides = []guide{
	{"why", "Why the Standards exist", "What they are for, and how they count as an exams officer's CPD.", guideWhy},
	{"who", "Who the Standards are for", "Exams officers, and the senior leaders and line managers who oversee them.", guideWho},
	{"process", "How the year works", "From registering the centre to claiming the certificate.", guideProcess},
	{"centre-administrators", "For centre administrators", "Registering the centre, approving colleagues and keeping track of exams officers.", guideAdmins},
	{"exams-officers", "For exams officers", "Completing the Standards through the year.", guideExamsOfficers},
	{"case-studies", "Two case studies", "An experienced exams officer and a new one, each with a starter set of targets.", guideCaseStudies},
	{"key-dates", "Key dates of the exams year", "The Standards' own dates beside the phases of the exams cycle.", guideKeyDates},
}

// registerGuidanceRoutes gives each guide a route of its own: the guides
// are fixed, and a route with no variable is one a reader and the
// contract test see whole.
func (s *server) registerGuidanceRoutes(r *mux.Router) {
	r.HandleFunc(guidancePath, s.guidanceIndex).Methods(http.MethodGet, http.MethodHead)
	for _, g := range guides {
		r.HandleFunc(guidancePath+"/"+g.Slug, func(w http.ResponseWriter, r *http.Request) {
			s.render(w, r, http.StatusOK, "guidance", "", view{Title: g.Title, Data: g})
		}).Methods(http.MethodGet, http.MethodHead)
	}
}

// guidancePath is where the guidance lives; PublicPaths lists it.
const guidancePath = "/guidance"

func (s *server) guidanceIndex(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "guidance", "", view{Title: "Guidance", Data: guide{}})
}
