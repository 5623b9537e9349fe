package app

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

func (s *server) registerRecordRoutes(r *mux.Router) {
	r.HandleFunc("/records/{record}", s.trackerPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/targets", s.proposeTarget).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/template", s.applyTemplate).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/carry-forward", s.carryForward).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", s.targetAction).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/cpd", s.logCPD).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/cpd/{entry}/delete", s.deleteCPD).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/meetings", s.recordMeeting).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/actions/{action}/done", s.completeAction).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/notes", s.addNote).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/{side:sign|countersign}", s.sign).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/eligibility", s.eligibility).Methods(http.MethodGet)
	r.HandleFunc("/records/{record}/claim", s.claim).Methods(http.MethodPost)
}

// trackerData is one exams officer's record as the tracker page shows it.
type trackerData struct {
	standards.Tracker
	// Catalogue is the year's suggested areas, filtered as asked.
	Catalogue standards.CatalogueEdition
	Items     []standards.CatalogueItem
	Filter    catalogueFilter
	// Unmet is the claim checklist for the viewer; Confirm the boxes ticked.
	Unmet   []standards.Unmet
	Confirm standards.Confirmations
	Kinds   []standards.CPDKind
	// The pages of the record's longer lists shown, with their pagers.
	CPDPage                            []standards.CPDEntry
	NotesPage                          []standards.PrivateNote
	ActionsPage                        []standards.SupportAction
	CPDPager, NotesPager, ActionsPager pager
	// Changeable is CanChange, and Rows the targets with what the viewer
	// may do to each: worked out once before rendering, so that the page
	// prints fields where it would call a function for every target (the
	// template's calls were most of the page's time; see
	// docs/benchmarks.md).
	Changeable bool
	Rows       []targetRow
	// CPDRows are CPDPage's entries, and MeetingRows the meetings, with
	// the names and titles they refer to.
	CPDRows     []cpdRow
	MeetingRows []meetingRow
	names       map[string]string // person's name by registration id
	titles      map[string]string // target's title by id
}

// targetRow is a target with the actions the viewer may take on it.
type targetRow struct {
	standards.Target
	// URL is the target's address, under the app's base path; each action
	// posts to URL/<action>.
	URL                              string
	Agree, Achieve, Reopen, Withdraw bool
	// ProgressTo is the state the viewer may move the target on to (the
	// exams officer: ready for review; an overseer: in progress), as its
	// code, with ProgressLabel the button's words; "" when neither.
	ProgressTo, ProgressLabel string
	// Updatable says a meeting may update the target: it is not withdrawn.
	Updatable bool
}

// cpdRow is an entry of the CPD log with the titles of the targets it
// supports, joined.
type cpdRow struct {
	standards.CPDEntry
	Day, Hours, Supports string
}

// meetingRow is a meeting with who was present and its updates, named.
type meetingRow struct {
	standards.Meeting
	Day, Present string
	Lines        []meetingLine
}

// meetingLine is one target update of a meeting, with the target's title.
type meetingLine struct {
	standards.TargetUpdate
	Title string
}

// catalogueFilter is the suggested-areas list's filter: key area, audience
// and phase of the exams cycle.
type catalogueFilter struct {
	Area     standards.KeyArea
	Audience string
	Phase    string
}

// Name gives the person's name behind a registration id.
func (d *trackerData) Name(registrationID string) string { return d.names[registrationID] }

// workOut fills in what the page would otherwise work out while rendering.
func (d *trackerData) workOut(base string) {
	d.Changeable = d.CanChange()
	d.names = make(map[string]string, len(d.Members))
	for _, m := range d.Members {
		d.names[m.Registration.ID] = m.Person.Name
	}
	d.titles = make(map[string]string, len(d.Targets))
	d.Rows = make([]targetRow, len(d.Targets))
	for i, t := range d.Targets {
		d.titles[t.ID] = t.Title
		row := targetRow{Target: t, URL: base + "/records/" + t.RecordID + "/targets/" + t.ID, Updatable: t.State != standards.TargetWithdrawn}
		if d.Changeable {
			open := t.State != standards.TargetAchieved && t.State != standards.TargetWithdrawn
			working := t.State == standards.TargetAgreed || t.State == standards.TargetInProgress || t.State == standards.TargetReadyForReview
			row.Agree = t.State == standards.TargetProposed &&
				((t.ProposedBy == standards.SideEO && d.ViewerIsOverseer) || (t.ProposedBy == standards.SideOverseer && d.ViewerIsOwner))
			if working {
				row.ProgressTo, row.ProgressLabel = string(standards.TargetInProgress), "In progress"
				if d.ViewerIsOwner {
					row.ProgressTo, row.ProgressLabel = string(standards.TargetReadyForReview), "Ready for review"
				}
			}
			row.Achieve = working && d.ViewerIsOverseer
			row.Reopen = t.State == standards.TargetAchieved && d.ViewerIsOverseer
			row.Withdraw = open
		}
		d.Rows[i] = row
	}
	d.CPDRows = make([]cpdRow, len(d.CPDPage))
	for i, e := range d.CPDPage {
		supports := make([]string, len(e.TargetIDs))
		for j, id := range e.TargetIDs {
			supports[j] = d.titles[id]
		}
		d.CPDRows[i] = cpdRow{CPDEntry: e, Day: longDate(e.Date), Hours: hours(e.Hours), Supports: strings.Join(supports, "; ")}
	}
	d.MeetingRows = make([]meetingRow, len(d.Meetings))
	for i, m := range d.Meetings {
		present := make([]string, len(m.Attendees))
		for j, id := range m.Attendees {
			present[j] = d.names[id]
		}
		lines := make([]meetingLine, len(m.Updates))
		for j, u := range m.Updates {
			lines[j] = meetingLine{TargetUpdate: u, Title: d.titles[u.TargetID]}
		}
		d.MeetingRows[i] = meetingRow{Meeting: m, Day: longDate(m.Date), Present: strings.Join(present, ", "), Lines: lines}
	}
}

// CanChange says the viewer may change the record now: it is open, its
// exams officer is still approved at the centre, and the viewer is that
// exams officer or one of their overseers. Others see it read-only.
func (d *trackerData) CanChange() bool {
	return !d.Record.Closed() && d.ExamsOfficer.Registration.Approved() && (d.ViewerIsOwner || d.ViewerIsOverseer)
}

// Has reports whether a checklist code is unmet.
func (d *trackerData) Has(code standards.UnmetCode) bool {
	for _, u := range d.Unmet {
		if u.Code == code {
			return true
		}
	}
	return false
}

func (s *server) trackerData(r *http.Request, recordID string) (trackerData, error) {
	a, _ := s.actor(r)
	t, err := s.svc.Tracker(r.Context(), a, recordID)
	if err != nil {
		return trackerData{}, err
	}
	q := r.URL.Query()
	d := trackerData{Tracker: t, Kinds: standards.CPDKinds(), Filter: catalogueFilter{
		Area: standards.KeyArea(q.Get("area")), Audience: q.Get("audience"), Phase: q.Get("phase"),
	}}
	d.Catalogue = s.svc.Catalogue(t.Record.Year)
	d.Items = d.Catalogue.Filter(d.Filter.Area, d.Filter.Audience, d.Filter.Phase)
	// One call of the library reads the page: the checklist and the
	// centre's members come with the tracker.
	d.Confirm = confirmations(r)
	d.Unmet = t.Checklist(d.Confirm)
	if d.CPDPage, d.CPDPager, err = paginate(r, "cpd", "Pages of the CPD log", t.CPD); err != nil {
		return trackerData{}, err
	}
	if d.NotesPage, d.NotesPager, err = paginate(r, "notes", "Pages of private notes", t.Notes); err != nil {
		return trackerData{}, err
	}
	if d.ActionsPage, d.ActionsPager, err = paginate(r, "actions", "Pages of support arranged", t.Actions); err != nil {
		return trackerData{}, err
	}
	d.workOut(s.base)
	return d, nil
}

// confirmations reads the claim panel's three boxes: from the form when it
// was posted (never from the address as well, which could send a box twice
// past the check on repeated fields), from the query when asked for.
func confirmations(r *http.Request) standards.Confirmations {
	on := func(name string) bool { return r.URL.Query().Get(name) == "on" }
	if r.Method == http.MethodPost {
		on = func(name string) bool { return r.PostFormValue(name) == "on" }
	}
	return standards.Confirmations{Knowledge: on("confirm_knowledge"), Skills: on("confirm_skills"), Values: on("confirm_values")}
}

func (s *server) trackerPage(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["record"]
	d, err := s.trackerData(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tracker.html", "", view{Title: "Tracker: " + d.ExamsOfficer.Person.Name, Data: &d})
}

// afterRecordChange answers a change to a record: for htmx, the named
// section of the tracker again; otherwise a redirect to the tracker at that
// section.
func (s *server) afterRecordChange(w http.ResponseWriter, r *http.Request, section string, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := mux.Vars(r)["record"]
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" {
		d, err := s.trackerData(r, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "tracker.html", section, view{Data: &d})
		return
	}
	s.seeOther(w, r, "/records/"+id+"#"+section)
}

func (s *server) proposeTarget(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	due, err := parseDate("due", r.PostFormValue("due"))
	if err == nil {
		_, _, err = s.svc.ProposeTarget(r.Context(), a, mux.Vars(r)["record"], standards.TargetInput{
			Area: standards.KeyArea(r.PostFormValue("area")), Title: r.PostFormValue("title"),
			Description: r.PostFormValue("description"), SuccessMeasure: r.PostFormValue("success_measure"),
			Due: due, CatalogueItemID: r.PostFormValue("catalogue_item"),
		})
	}
	s.afterRecordChange(w, r, "targets", err)
}

func (s *server) applyTemplate(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, _, err := s.svc.ApplyTemplate(r.Context(), a, mux.Vars(r)["record"], r.PostFormValue("template"))
	s.afterRecordChange(w, r, "targets", err)
}

// carryForward proposes last year's unfinished targets again (R-TGT-6).
func (s *server) carryForward(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.CarryForward(r.Context(), a, mux.Vars(r)["record"])
	s.afterRecordChange(w, r, "targets", err)
}

// targetAction agrees, updates, achieves, reopens or withdraws a target.
func (s *server) targetAction(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["target"]
	comment := r.PostFormValue("comment")
	var err error
	switch mux.Vars(r)["action"] {
	case "agree":
		_, err = s.svc.AgreeTarget(r.Context(), a, id)
	case "progress":
		_, err = s.svc.UpdateTarget(r.Context(), a, id, standards.TargetProgress{
			State: standards.TargetState(r.PostFormValue("state")), Rating: standards.Rating(r.PostFormValue("rating")), Comment: comment,
		})
	case "achieve":
		_, err = s.svc.AchieveTarget(r.Context(), a, id, comment)
	case "reopen":
		_, err = s.svc.ReopenTarget(r.Context(), a, id, comment)
	case "withdraw":
		_, err = s.svc.WithdrawTarget(r.Context(), a, id, comment)
	}
	s.afterRecordChange(w, r, "targets", err)
}

func (s *server) logCPD(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	day, err := parseDate("date", r.PostFormValue("date"))
	if err == nil {
		var hours float64
		if hours, err = strconv.ParseFloat(r.PostFormValue("hours"), 64); err != nil {
			err = &standards.ValidationError{Fields: []standards.FieldError{{Field: "hours", Code: standards.FieldInvalidFormat, Params: map[string]string{"example": "1.5"}, Message: "write the hours as a number, such as 1.5"}}}
		} else {
			_ = r.ParseForm()
			_, err = s.svc.LogCPD(r.Context(), a, mux.Vars(r)["record"], standards.CPDInput{
				Kind: standards.CPDKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"), Date: day, Hours: hours,
				Provider: r.PostFormValue("provider"), Verified: r.PostFormValue("verified") == "on",
				Reflection: r.PostFormValue("reflection"), TargetIDs: r.PostForm["targets"],
			})
		}
	}
	s.afterRecordChange(w, r, "cpd", err)
}

func (s *server) deleteCPD(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	err := s.svc.DeleteCPD(r.Context(), a, mux.Vars(r)["entry"])
	s.afterRecordChange(w, r, "cpd", err)
}

// recordMeeting reads the meeting form: kind, date, attendees, notes, a new
// state, rating and comment per target, and one support action.
func (s *server) recordMeeting(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "form", Code: standards.FieldUnreadable, Message: "the form could not be read"}}})
		return
	}
	day, err := parseDate("date", r.PostFormValue("date"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := standards.MeetingInput{
		Kind: standards.MeetingKind(r.PostFormValue("kind")), Date: day, Attendees: r.PostForm["attendees"], Notes: r.PostFormValue("notes"),
	}
	for _, id := range r.PostForm["target"] {
		u := standards.TargetUpdate{
			TargetID: id, State: standards.TargetState(r.PostFormValue("state_" + id)),
			Rating: standards.Rating(r.PostFormValue("rating_" + id)), Comment: r.PostFormValue("comment_" + id),
		}
		if u.State != "" || u.Rating != "" || u.Comment != "" {
			in.Updates = append(in.Updates, u)
		}
	}
	if desc := r.PostFormValue("support_description"); desc != "" {
		due, err := parseDate("support_due", r.PostFormValue("support_due"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		in.Support = []standards.SupportInput{{Description: desc, OwnerRegistrationID: r.PostFormValue("support_owner"), Due: due}}
	}
	_, err = s.svc.RecordMeeting(r.Context(), a, mux.Vars(r)["record"], in)
	s.afterRecordChange(w, r, "meetings", err)
}

func (s *server) completeAction(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.CompleteSupportAction(r.Context(), a, mux.Vars(r)["action"])
	s.afterRecordChange(w, r, "meetings", err)
}

func (s *server) addNote(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.AddPrivateNote(r.Context(), a, mux.Vars(r)["record"], r.PostFormValue("text"))
	s.afterRecordChange(w, r, "notes", err)
}

func (s *server) sign(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["record"]
	var err error
	if mux.Vars(r)["side"] == "sign" {
		_, err = s.svc.SignStatement(r.Context(), a, id)
	} else {
		_, err = s.svc.CountersignStatement(r.Context(), a, id)
	}
	s.afterRecordChange(w, r, "statement", err)
}

// eligibility is the claim panel's live checklist: htmx asks for it again
// as the overseer ticks the confirmations.
func (s *server) eligibility(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tracker.html", "checklist", view{Data: &d})
}

func (s *server) claim(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	cert, err := s.svc.Claim(r.Context(), a, mux.Vars(r)["record"], confirmations(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", s.base+"/certificates/"+cert.ID)
	}
	s.seeOther(w, r, "/certificates/"+cert.ID)
}
