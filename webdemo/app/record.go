package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app/internal/govuk"
)

func (s *server) registerRecordRoutes(r *mux.Router) {
	r.HandleFunc("/records/{record}", s.keep(s.trackerPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/targets", s.proposeTarget).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/targets/new", s.addTargetPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/template", s.applyTemplate).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/carry-forward", s.carryForward).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/targets/{target}/{action:agree|progress|achieve|reopen|withdraw}", s.targetAction).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/targets/{target}/withdraw", s.withdrawPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/take-on", s.takeOn).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/cpd", s.logCPD).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/cpd/{entry}/delete", s.deleteCPD).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/cpd/{entry}/delete", s.removeCPDPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/meetings", s.recordMeeting).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/meetings/new", s.meetingPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/actions/{action}/done", s.completeAction).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/notes", s.addNote).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/{side:sign|countersign}", s.sign).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/{side:sign|countersign}", s.signPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/eligibility", s.eligibility).Methods(http.MethodGet)
	r.HandleFunc("/records/{record}/claim", s.claim).Methods(http.MethodPost)
	r.HandleFunc("/records/{record}/claim", s.claimPage).Methods(http.MethodGet, http.MethodHead)
}

// trackerDone are the success banners of the tracker's forms (done.go).
var trackerDone = map[string]string{
	"target-proposed":       "The target was proposed. The other side agrees it next.",
	"target-proposed-twice": "The target was proposed, but another target already has the same title: withdraw one of them if that was a mistake.",
	"targets-proposed":      "The targets were proposed. The other side agrees them next.",
	"target-agreed":         "The target is agreed.",
	"target-progress":       "The target's progress is saved.",
	"target-achieved":       "The target is marked achieved.",
	"target-reopened":       "The target is reopened: it is in progress again.",
	"target-withdrawn":      "The target is withdrawn: it no longer counts towards its key area.",
	"cpd-logged":            "The activity is in the CPD log.",
	"cpd-removed":           "The activity is removed from the CPD log.",
	"meeting-recorded":      "The meeting is recorded, with its updates to the targets.",
	"support-done":          "The support is marked done.",
	"note-kept":             "The note is kept. Only overseers and administrators see it.",
	"signed":                "You signed the Values and Attributes statement. An overseer countersigns it next.",
	"countersigned":         "You countersigned the Values and Attributes statement.",
	"taken-on":              "You are now an overseer of this exams officer.",
}

func init() {
	for code, sentence := range trackerDone {
		doneMessages[code] = sentence
	}
}

// trackerData is one exams officer's record as the tracker page shows it.
type trackerData struct {
	standards.Tracker
	// Catalogue is the year's suggested areas, and Items those the filter
	// lets through: only the page that adds a target reads them (suggest).
	Catalogue standards.CatalogueEdition
	Items     []standards.CatalogueItem
	// Filter is the suggestions' filter, from the address: the tracker
	// passes it on to the page that adds a target.
	Filter catalogueFilter
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
	// Groups are Rows by key area, Knowledge and Understanding first.
	Groups []targetGroup
	// AreaTasks are the three key areas as the task list shows them.
	AreaTasks []govuk.TaskListItem
	// StillToDo is the claim checklist without the confirmations, which
	// only the claim page asks for.
	StillToDo []standards.Unmet
	// Suggestions are the filtered catalogue as the select offers it, those
	// already chosen marked (suggest); FirstNotChosen is the one it offers
	// first, so that proposing at once makes no second target of an area.
	Suggestions    []govuk.SelectItem
	FirstNotChosen string
	CPDTargetItems []govuk.CheckboxItem
	// AttendeeItems are the centre's members as the meeting form offers
	// them (attendees).
	AttendeeItems []govuk.CheckboxItem
	// SignedBy and CountersignedBy say who signed the statement, when and
	// which version, or that nobody has yet.
	SignedBy, CountersignedBy string
	// MayTakeOn: the viewer is an approved senior leader or line manager of
	// the centre who is not an overseer of this exams officer, and could
	// take them on (R-REG-6).
	MayTakeOn bool
	// What a step of its own acts on: the target to withdraw, the CPD entry
	// to remove, the side signing; ClaimRows the claim's answers to check.
	Subject        targetRow
	SubjectCPD     cpdRow
	Countersigning bool
	// Today is the date a signature made now carries.
	Today     string
	ClaimRows []govuk.SummaryListRow
	// Open is the form on the page that was refused for what was typed
	// ("log-cpd", "notes"): it is shown open, with what was typed and
	// each message on its field (trackerInvalid).
	Open     string
	names    map[string]string // person's name by registration id
	byPerson map[string]string // person's name by person id
	titles   map[string]string // target's title by id
}

// targetGroup is the targets of one key area.
type targetGroup struct {
	Area standards.KeyArea
	Rows []targetRow
}

// targetRow is a target with the actions the viewer may take on it.
type targetRow struct {
	standards.Target
	// URL is the target's address, under the app's base path; each action
	// posts to URL/<action>.
	URL string
	// Moves are what the viewer may do to it now (standards.MovesOnTarget),
	// none when they may not change the record.
	Moves standards.TargetMoves
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
	d.byPerson = make(map[string]string, len(d.Members))
	for _, m := range d.Members {
		d.byPerson[m.Person.ID] = m.Person.Name
	}
	d.titles = make(map[string]string, len(d.Targets))
	d.Rows = make([]targetRow, len(d.Targets))
	for i, t := range d.Targets {
		d.titles[t.ID] = t.Title
		row := targetRow{Target: t, URL: base + "/records/" + t.RecordID + "/targets/" + t.ID, Updatable: t.State != standards.TargetWithdrawn}
		if d.Changeable {
			row.Moves = standards.MovesOnTarget(t, d.ViewerIsOwner, d.ViewerIsOverseer)
		}
		d.Rows[i] = row
	}
	d.Groups = []targetGroup{{Area: standards.AreaKnowledge}, {Area: standards.AreaSkills}}
	for _, row := range d.Rows {
		for i := range d.Groups {
			if d.Groups[i].Area == row.Area {
				d.Groups[i].Rows = append(d.Groups[i].Rows, row)
			}
		}
	}
	d.AreaTasks = areaTasks(d.Areas)
	for _, u := range d.Unmet {
		if u.Code != standards.UnmetConfirmations {
			d.StillToDo = append(d.StillToDo, u)
		}
	}
	for _, t := range d.Targets {
		if t.Counts() {
			d.CPDTargetItems = append(d.CPDTargetItems, govuk.CheckboxItem{ID: "cpd-target-" + t.ID, Value: t.ID, Content: govuk.Content{Text: t.Title}})
		}
	}
	d.SignedBy, d.CountersignedBy = "Not signed yet", "Not countersigned yet"
	if len(d.Signatures) == 0 {
		d.CountersignedBy = "Countersigned after the exams officer signs"
	}
	for _, sig := range d.Signatures {
		line := d.signatureLine(sig)
		if sig.Side == standards.SideEO {
			d.SignedBy = line
		} else {
			d.CountersignedBy = line
		}
	}
	d.MayTakeOn = !d.Record.Closed() && d.ExamsOfficer.Registration.Approved() && !d.ViewerIsOwner && !d.ViewerIsOverseer &&
		d.Viewer.Registration.Approved() && d.Viewer.Registration.Roles.Overseer() && d.Viewer.Registration.ID != d.ExamsOfficer.Registration.ID
	d.CPDRows = make([]cpdRow, len(d.CPDPage))
	for i, e := range d.CPDPage {
		supports := make([]string, len(e.TargetIDs))
		for j, id := range e.TargetIDs {
			supports[j] = d.titles[id]
		}
		d.CPDRows[i] = cpdRow{CPDEntry: e, Day: longDate(e.Date), Hours: hours(e.Hours), Supports: strings.Join(supports, "; ")}
	}
	// Meetings by date, earliest first, as they happened (they are kept in
	// the order they were recorded).
	meetings := slices.Clone(d.Meetings)
	slices.SortStableFunc(meetings, func(a, b standards.Meeting) int { return a.Date.Compare(b.Date) })
	d.MeetingRows = make([]meetingRow, len(meetings))
	for i, m := range meetings {
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

// suggest reads the year's suggested areas for the page that adds a
// target, filtered as asked, those already chosen marked.
func (d *trackerData) suggest(catalogue standards.CatalogueEdition) {
	d.Catalogue = catalogue
	d.Items = catalogue.Filter(d.Filter.Area, d.Filter.Audience, d.Filter.Phase)
	d.Suggestions, d.FirstNotChosen = suggestions(d.Items, d.Targets)
}

// attendees are the centre's members as the meeting form offers them:
// ticked as the form was posted (posted), or, the first time, the exams
// officer and their overseers.
func (d *trackerData) attendees(posted []string) {
	for _, m := range d.Members {
		present := m.Registration.ID == d.ExamsOfficer.Registration.ID || slices.Contains(d.ExamsOfficer.Overseers, m.Registration.ID)
		if posted != nil {
			present = slices.Contains(posted, m.Registration.ID)
		}
		d.AttendeeItems = append(d.AttendeeItems, govuk.CheckboxItem{ID: "attendee-" + m.Registration.ID, Value: m.Registration.ID, Checked: present, Content: govuk.Content{Text: m.Person.Name}})
	}
}

// addTargetPath is the page that adds a target, with the suggestions'
// filter the tracker was given, so that it comes back after a proposal.
func addTargetPath(t *trackerData) string {
	q := url.Values{}
	for name, value := range map[string]string{"area": string(t.Filter.Area), "audience": t.Filter.Audience, "phase": t.Filter.Phase} {
		if value != "" {
			q.Set(name, value)
		}
	}
	path := "/records/" + t.Record.ID + "/targets/new"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

// targetValue is what was typed in a field of the form which ("suggested"
// or "own") of the page that adds a target, when that form was refused.
func targetValue(v view, which, name string) string {
	if v.Value("which_form") != which {
		return ""
	}
	return v.Value(name)
}

// targetDayValues are the day, month and year typed in the date input
// named field of the target form which, when that form was refused.
func targetDayValues(v view, which, field string) map[string]string {
	if v.Value("which_form") != which {
		return nil
	}
	return dayValues(v.Form, field)
}

// attendeesID is the element the meeting form's attendees' problem links
// to: the first box, as GOV.UK's checkboxes do.
func attendeesID(t *trackerData) string {
	if len(t.AttendeeItems) == 0 {
		return "attendees"
	}
	return t.AttendeeItems[0].ID
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

// signatureLine says who signed the statement, as which side, when, and
// the version signed.
func (d *trackerData) signatureLine(sig standards.Signature) string {
	who := d.byPerson[sig.PersonID]
	if who == "" {
		who = "an overseer"
		if sig.Side == standards.SideEO {
			who = "the exams officer"
		}
	}
	verb := "Countersigned by "
	if sig.Side == standards.SideEO {
		verb = "Signed by "
	}
	version := "the NAEO text"
	if sig.StatementVersion > 0 {
		version = "version " + strconv.Itoa(sig.StatementVersion)
	}
	return verb + who + " on " + longDate(sig.At) + " (" + version + ")"
}

// areaTasks are the key areas as a task list: each links to its targets,
// or to the statement, and says how far it has got.
func areaTasks(areas []standards.AreaProgress) []govuk.TaskListItem {
	items := make([]govuk.TaskListItem, 0, len(areas))
	for _, a := range areas {
		it := govuk.TaskListItem{Title: govuk.Cell{Content: govuk.Content{Text: a.Area.String()}}, Href: "#area-" + string(a.Area)}
		var tag *govuk.TagOptions
		switch {
		case a.Area == standards.AreaValues:
			it.Href = "#statement"
			it.Hint = govuk.Content{Text: strconv.Itoa(a.Achieved) + " of 2 signatures: the exams officer's, then an overseer's"}
			switch a.Achieved {
			case 0:
				tag = &govuk.TagOptions{Content: govuk.Content{Text: "Not signed"}, Classes: "govuk-tag--blue"}
			case 1:
				tag = &govuk.TagOptions{Content: govuk.Content{Text: "Waiting for countersignature"}, Classes: "govuk-tag--light-blue"}
			}
		case a.Total == 0:
			it.Hint = govuk.Content{Text: "No targets yet: at least one is needed"}
			tag = &govuk.TagOptions{Content: govuk.Content{Text: "Not started"}, Classes: "govuk-tag--blue"}
		default:
			it.Hint = govuk.Content{Text: strconv.Itoa(a.Achieved) + " of " + countNoun(a.Total, "1 target", "targets") + " achieved"}
			if !a.Complete {
				tag = &govuk.TagOptions{Content: govuk.Content{Text: "In progress"}, Classes: "govuk-tag--light-blue"}
			}
		}
		if a.Complete {
			it.Status = govuk.TaskStatus{Content: govuk.Content{Text: "Completed"}}
		} else {
			it.Status = govuk.TaskStatus{Tag: tag}
		}
		items = append(items, it)
	}
	return items
}

// suggestions are the catalogue's items as the select offers them, an item
// already drawn on by a target that counts, or with its title, saying so,
// and the first item not drawn on ("" when all are).
func suggestions(items []standards.CatalogueItem, targets []standards.Target) (_ []govuk.SelectItem, firstNotChosen string) {
	chosen := map[string]bool{}
	for _, t := range targets {
		if t.Counts() {
			chosen[t.CatalogueItemID] = true
			chosen["title:"+strings.ToLower(strings.TrimSpace(t.Title))] = true
		}
	}
	out := make([]govuk.SelectItem, len(items))
	for i, it := range items {
		text := it.Area.String() + ": " + it.Title
		if chosen[it.ID] || chosen["title:"+strings.ToLower(strings.TrimSpace(it.Title))] {
			text += " (already chosen)"
		} else if firstNotChosen == "" {
			firstNotChosen = it.ID
		}
		out[i] = govuk.SelectItem{Text: text, Value: ptr(it.ID)}
	}
	return out, firstNotChosen
}

// targetCard is a target as a summary card: its state and rating as
// coloured tags, what it is measured by and when it is due, a link to
// withdraw it and the buttons of the other changes the viewer may make.
func targetCard(v view, row targetRow) govuk.SummaryListOptions {
	text := func(s string) govuk.Cell { return govuk.Cell{Content: govuk.Content{Text: s}} }
	rows := []govuk.SummaryListRow{{Key: text("State"), Value: govuk.Cell{Content: govuk.Content{HTML: targetStatus(row.Target)}}}}
	if row.WithdrawnReason != "" {
		rows = append(rows, govuk.SummaryListRow{Key: text("Why withdrawn"), Value: text(row.WithdrawnReason)})
	}
	if row.Description != "" {
		rows = append(rows, govuk.SummaryListRow{Key: text("Description"), Value: text(row.Description)})
	}
	if row.SuccessMeasure != "" {
		rows = append(rows, govuk.SummaryListRow{Key: text("Success measure"), Value: text(row.SuccessMeasure)})
	}
	if !row.Due.IsZero() {
		rows = append(rows, govuk.SummaryListRow{Key: text("Due"), Value: text(longDate(row.Due))})
	}
	card := &govuk.SummaryCardOptions{
		Title:      &govuk.SummaryCardTitle{Content: govuk.Content{Text: row.Title}, HeadingLevel: 4},
		Attributes: templ.Attributes{"id": "target-" + row.ID, "data-state": string(row.State)},
		After:      targetActions(row),
	}
	if row.Moves.Withdraw {
		card.Actions.Items = []govuk.Action{{Content: govuk.Content{Text: "Withdraw"}, Href: row.URL + "/withdraw"}}
	}
	return govuk.SummaryListOptions{Rows: rows, Card: card}
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

// fieldError is the message for the input with id of the tracker's form
// named form, when that form is the one refused (Open; formRefused keys
// each message by the id of its input).
func (t *trackerData) fieldError(v view, form, id string) *govuk.ErrorMessageOptions {
	if t.Open != form {
		return nil
	}
	return fieldError(v, id)
}

// value is what was typed in field of the form named form, when that form
// was refused.
func (t *trackerData) value(v view, form, field string) string {
	if t.Open != form {
		return ""
	}
	return v.Value(field)
}

// dayValues are the day, month and year typed in the date input named
// field of the form named form, when that form was refused.
func (t *trackerData) dayValues(v view, form, field string) map[string]string {
	if t.Open != form {
		return nil
	}
	return dayValues(v.Form, field)
}

// exampleDay is a date input's hint: a day of the academic year y, as
// its three fields take it.
func exampleDay(y standards.AcademicYear) string {
	return "For example, 27 9 " + strconv.Itoa(int(y))
}

// cpdIDs are the CPD form's inputs by the fields the library names, and
// cpdKept the fields shown again when it is refused.
var (
	cpdIDs = map[string]string{
		"kind": "cpd-kind", "title": "cpd-title", "date": "cpd-date-day", "hours": "cpd-hours", "provider": "cpd-provider",
		"reflection": "cpd-reflection", "targets": "cpd-target",
	}
	cpdKept = []string{"kind", "title", "date-day", "date-month", "date-year", "hours", "provider", "verified", "reflection"}
)

func (s *server) trackerPage(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["record"]
	d, err := s.trackerData(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tracker.html", "", view{Title: "Tracker: " + d.ExamsOfficer.Person.Name, Data: &d})
}

// afterRecordChange answers a change to a record with a redirect to the
// tracker (Post/Redirect/Get), whose success banner says what happened
// (done, a key of doneMessages). It is the same answer with JavaScript or
// without: htmx follows it as a boosted request and swaps the whole page
// in, so every part the change touched (the key areas, the claim's state,
// the targets, the statement) is shown as it now is, and the address is
// the tracker's, never the POST's. A failure is shown as a problem page.
func (s *server) afterRecordChange(w http.ResponseWriter, r *http.Request, done string, err error) {
	s.afterRecordChangeTo(w, r, "/records/"+mux.Vars(r)["record"], done, err)
}

func (s *server) afterRecordChangeTo(w http.ResponseWriter, r *http.Request, path, done string, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.seeOtherDone(w, r, path, done)
}

func (s *server) proposeTarget(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["record"]
	due, dueErr := readDayFor(r, "due")
	_, warnings, err := s.svc.ProposeTarget(r.Context(), a, id, standards.TargetInput{
		Area: standards.KeyArea(r.PostFormValue("area")), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), SuccessMeasure: r.PostFormValue("success_measure"),
		Due: due, CatalogueItemID: r.PostFormValue("catalogue_item"),
	})
	if err = withFormErrors(err, dueErr); err != nil {
		ids := map[string]string{"catalogue_item": "catalogue-item", "success_measure": "item-measure", "due": "item-due-day"}
		if r.PostFormValue("which_form") == "own" {
			ids = map[string]string{"area": "own-area", "title": "own-title", "description": "own-description", "success_measure": "own-measure", "due": "own-due-day"}
		}
		s.formRefused(w, r, err, ids, "tracker-add-target.html", "Add a target", func(d *trackerData) {
			d.Filter = catalogueFilter{Area: standards.KeyArea(r.PostFormValue("filter_area")), Audience: r.PostFormValue("filter_audience"), Phase: r.PostFormValue("filter_phase")}
			d.suggest(s.svc.Catalogue(d.Record.Year))
		}, "which_form", "catalogue_item", "area", "title", "description", "success_measure", "due-day", "due-month", "due-year")
		return
	}
	done := "target-proposed"
	for _, w := range warnings {
		if w.Code == standards.WarnDuplicateTitle {
			done = "target-proposed-twice"
		}
	}
	// Back to the suggestions as they were filtered, to propose another.
	path := "/records/" + id
	q := url.Values{}
	for name, value := range map[string]string{
		"area": r.PostFormValue("filter_area"), "audience": r.PostFormValue("filter_audience"), "phase": r.PostFormValue("filter_phase"),
	} {
		if value != "" {
			q.Set(name, value)
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	s.afterRecordChangeTo(w, r, path, done, err)
}

func (s *server) applyTemplate(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, _, err := s.svc.ApplyTemplate(r.Context(), a, mux.Vars(r)["record"], r.PostFormValue("template"))
	s.afterRecordChange(w, r, "targets-proposed", err)
}

// carryForward proposes last year's unfinished targets again (R-TGT-6).
func (s *server) carryForward(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.CarryForward(r.Context(), a, mux.Vars(r)["record"])
	s.afterRecordChange(w, r, "targets-proposed", err)
}

// targetAction agrees, updates, achieves, reopens or withdraws a target.
func (s *server) targetAction(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["target"]
	comment := r.PostFormValue("comment")
	var err error
	var done string
	switch mux.Vars(r)["action"] {
	case "agree":
		_, err = s.svc.AgreeTarget(r.Context(), a, id)
		done = "target-agreed"
	case "progress":
		_, err = s.svc.UpdateTarget(r.Context(), a, id, standards.TargetProgress{
			State: standards.TargetState(r.PostFormValue("state")), Rating: standards.Rating(r.PostFormValue("rating")), Comment: comment,
		})
		done = "target-progress"
	case "achieve":
		_, err = s.svc.AchieveTarget(r.Context(), a, id, comment)
		done = "target-achieved"
	case "reopen":
		_, err = s.svc.ReopenTarget(r.Context(), a, id, comment)
		done = "target-reopened"
	case "withdraw":
		_, err = s.svc.WithdrawTarget(r.Context(), a, id, comment)
		done = "target-withdrawn"
		if err != nil {
			// Without a reason (R-TGT-2): the question again, the
			// problem beside the reason's box.
			s.formRefused(w, r, err, map[string]string{"comment": "withdraw-reason", "reason": "withdraw-reason"}, "tracker-withdraw.html", "", func(d *trackerData) {
				if i := slices.IndexFunc(d.Rows, func(row targetRow) bool { return row.ID == id }); i >= 0 {
					d.Subject = d.Rows[i]
				}
			}, "comment")
			return
		}
	}
	s.afterRecordChange(w, r, done, err)
}

// formRefused answers a form of the tracker's that the library refused as
// invalid with its page again (page, titled title, or after the subject
// when title is ""), status 422: an error summary whose messages link to
// their fields (ids maps a field the library names to the element that
// shows it), each message beside its field, and the values posted in the
// fields named kept. prepare fills in what the page needs beyond the
// tracker's data, and may add to ids. Any other error is a problem page
// (fail).
func (s *server) formRefused(w http.ResponseWriter, r *http.Request, err error, ids map[string]string, page, title string, prepare func(*trackerData), kept ...string) {
	var invalid *standards.ValidationError
	p, ok := s.problemOf(err)
	if !errors.As(err, &invalid) || !ok {
		s.fail(w, r, err)
		return
	}
	d, derr := s.trackerData(r, mux.Vars(r)["record"])
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	prepare(&d)
	fields := make(map[string]string, len(p.Fields))
	for field, msg := range p.Fields {
		if id, ok := ids[field]; ok {
			field = id
		}
		fields[field] = msg
	}
	p.Fields = fields
	switch {
	case page == "tracker.html":
		title = "Tracker: " + d.ExamsOfficer.Person.Name
	case title == "":
		title = "Withdraw “" + d.Subject.Title + "”"
	}
	form := formValues(r, kept...)
	s.render(w, r, p.Status, page, "", view{Title: title, Problem: &p, Form: form, Data: &d})
}

// addTargetPage adds targets to the record: from the suggested areas,
// filtered as the address asks, one's own, last year's, a template. Only
// someone who may change the record is shown it; anyone else goes back to
// the tracker.
func (s *server) addTargetPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.Changeable {
		s.seeOther(w, r, "/records/"+d.Record.ID)
		return
	}
	d.suggest(s.svc.Catalogue(d.Record.Year))
	s.render(w, r, http.StatusOK, "tracker-add-target.html", "", view{Title: "Add a target", Data: &d})
}

// meetingPage records a meeting. Only someone who may change the record is
// shown it; anyone else goes back to the tracker.
func (s *server) meetingPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.Changeable {
		s.seeOther(w, r, "/records/"+d.Record.ID)
		return
	}
	d.attendees(nil)
	s.render(w, r, http.StatusOK, "tracker-meeting.html", "", view{Title: "Record a meeting", Data: &d})
}

// withdrawPage asks why before a target is withdrawn.
func (s *server) withdrawPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(d.Rows, func(row targetRow) bool { return row.ID == mux.Vars(r)["target"] })
	if i < 0 || !d.Rows[i].Moves.Withdraw {
		// Not a target of this record, or not one this person may withdraw
		// now: the page would offer what the library refuses.
		s.fail(w, r, standards.ErrNotFound)
		return
	}
	d.Subject = d.Rows[i]
	s.render(w, r, http.StatusOK, "tracker-withdraw.html", "", view{Title: "Withdraw “" + d.Subject.Title + "”", Data: &d})
}

// takeOn makes the viewer, a senior leader or line manager of the centre,
// an overseer of the record's exams officer (R-REG-6).
func (s *server) takeOn(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	t, err := s.svc.Tracker(r.Context(), a, mux.Vars(r)["record"])
	if err == nil {
		_, err = s.svc.AssignOverseer(r.Context(), a, standards.Overseeing{ExamsOfficer: t.ExamsOfficer.Registration.ID, Overseer: t.Viewer.Registration.ID})
	}
	s.afterRecordChange(w, r, "taken-on", err)
}

func (s *server) logCPD(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	// A date or hours the app cannot read go to the library as a day in
	// no year and 0 hours, which it always refuses (R-CPD-1), so that its
	// problems with the rest of the form come back with them, all at
	// once; the app's words for the two replace the library's.
	day, dayErr := readDayFor(r, "date")
	hours, hoursErr := readHours(r.PostFormValue("hours"))
	_ = r.ParseForm()
	_, err := s.svc.LogCPD(r.Context(), a, mux.Vars(r)["record"], standards.CPDInput{
		Kind: standards.CPDKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"), Date: day, Hours: hours,
		Provider: r.PostFormValue("provider"), Verified: r.PostFormValue("verified") == "on",
		Reflection: r.PostFormValue("reflection"), TargetIDs: r.PostForm["targets"],
	})
	err = withFormErrors(err, dayErr, hoursErr)
	if err != nil {
		s.formRefused(w, r, err, cpdIDs, "tracker.html", "", func(d *trackerData) {
			d.Open = "log-cpd"
			for i, item := range d.CPDTargetItems {
				d.CPDTargetItems[i].Checked = slices.Contains(r.PostForm["targets"], item.Value)
			}
		}, cpdKept...)
		return
	}
	s.afterRecordChange(w, r, "cpd-logged", err)
}

func (s *server) deleteCPD(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	err := s.svc.DeleteCPD(r.Context(), a, mux.Vars(r)["entry"])
	s.afterRecordChange(w, r, "cpd-removed", err)
}

// removeCPDPage asks before an activity leaves the CPD log.
func (s *server) removeCPDPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(d.CPD, func(e standards.CPDEntry) bool { return e.ID == mux.Vars(r)["entry"] })
	if i < 0 || !d.ViewerIsOwner || !d.Changeable {
		s.fail(w, r, standards.ErrNotFound)
		return
	}
	e := d.CPD[i]
	d.SubjectCPD = cpdRow{CPDEntry: e, Day: longDate(e.Date), Hours: hours(e.Hours)}
	s.render(w, r, http.StatusOK, "tracker-remove-cpd.html", "", view{Title: "Remove “" + e.Title + "”", Data: &d})
}

// recordMeeting reads the meeting form: kind, date, attendees, notes, a new
// state, rating and comment per target, and one support action.
func (s *server) recordMeeting(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, &standards.ValidationError{Fields: []standards.FieldError{{Field: "form", Code: standards.FieldUnreadable, Message: "the form could not be read"}}})
		return
	}
	// As logCPD: every problem of the form at once.
	day, dayErr := readDayFor(r, "date")
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
	var dueErr error
	if desc := r.PostFormValue("support_description"); desc != "" {
		var due time.Time
		due, dueErr = readDayFor(r, "support_due")
		dueErr = asField(dueErr, "support[0].due") // as the library names it
		in.Support = []standards.SupportInput{{Description: desc, OwnerRegistrationID: r.PostFormValue("support_owner"), Due: due}}
	}
	_, err := s.svc.RecordMeeting(r.Context(), a, mux.Vars(r)["record"], in)
	if err = withFormErrors(err, dayErr, dueErr); err != nil {
		s.meetingRefused(w, r, err)
		return
	}
	s.afterRecordChange(w, r, "meeting-recorded", err)
}

// meetingRefused shows the meeting's page again with the problem and what
// was entered (formRefused).
func (s *server) meetingRefused(w http.ResponseWriter, r *http.Request, err error) {
	ids := map[string]string{"kind": "meeting-kind", "date": "meeting-date-day", "notes": "meeting-notes",
		"support_description": "support-description", "support_owner": "support-owner", "support_due": "support-due-day",
		"support[0].description": "support-description", "support[0].owner": "support-owner", "support[0].due": "support-due-day"}
	kept := []string{"kind", "date-day", "date-month", "date-year", "notes", "support_description", "support_owner", "support_due-day", "support_due-month", "support_due-year"}
	// The library numbers the updates the form sent, which are the targets
	// given a state, a rating or a comment (recordMeeting).
	n := 0
	for _, id := range r.PostForm["target"] {
		given := false
		for _, f := range []string{"state", "rating", "comment"} {
			kept = append(kept, f+"_"+id)
			given = given || r.PostFormValue(f+"_"+id) != ""
		}
		if given {
			for _, f := range []string{"state", "rating", "comment"} {
				ids[fmt.Sprintf("updates[%d].%s", n, f)] = f + "-" + id
			}
			n++
		}
	}
	s.formRefused(w, r, err, ids, "tracker-meeting.html", "Record a meeting", func(d *trackerData) {
		d.attendees(r.PostForm["attendees"])
		ids["attendees"] = attendeesID(d)
	}, kept...)
}

func (s *server) completeAction(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.CompleteSupportAction(r.Context(), a, mux.Vars(r)["action"])
	s.afterRecordChange(w, r, "support-done", err)
}

func (s *server) addNote(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	_, err := s.svc.AddPrivateNote(r.Context(), a, mux.Vars(r)["record"], r.PostFormValue("text"))
	if err != nil {
		s.formRefused(w, r, err, map[string]string{"text": "note-text"}, "tracker.html", "", func(d *trackerData) { d.Open = "notes" }, "text")
		return
	}
	s.afterRecordChange(w, r, "note-kept", err)
}

func (s *server) sign(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	id := mux.Vars(r)["record"]
	var err error
	done := "signed"
	if mux.Vars(r)["side"] == "sign" {
		_, err = s.svc.SignStatement(r.Context(), a, id)
	} else {
		_, err = s.svc.CountersignStatement(r.Context(), a, id)
		done = "countersigned"
	}
	s.afterRecordChange(w, r, done, err)
}

// signPage shows the whole statement, its version and date, before it is
// signed or countersigned; someone who may not sign it now is sent back to
// the tracker, which says why.
func (s *server) signPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Countersigning = mux.Vars(r)["side"] == "countersign"
	may := d.Changeable && ((!d.Countersigning && d.ViewerIsOwner && len(d.Signatures) == 0) ||
		(d.Countersigning && d.ViewerIsOverseer && len(d.Signatures) == 1))
	if !may {
		s.seeOther(w, r, "/records/"+d.Record.ID)
		return
	}
	d.Today = longDate(s.now())
	title := "Sign the statement"
	if d.Countersigning {
		title = "Countersign the statement"
	}
	s.render(w, r, http.StatusOK, "tracker-sign.html", "", view{Title: title, Data: &d})
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

// claimPage is the claim's check-answers step: the record as it stands,
// the three confirmations and what a claim does. Only an overseer who may
// change the record is shown it; anyone else goes back to the tracker.
func (s *server) claimPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trackerData(r, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.ViewerIsOverseer || !d.Changeable {
		s.seeOther(w, r, "/records/"+d.Record.ID)
		return
	}
	d.ClaimRows = claimRows(&d, s.base)
	s.render(w, r, http.StatusOK, "tracker-claim.html", "", view{Title: "Check and claim the certificate", Data: &d})
}

// claimRefused shows the claim's page again, with the boxes as ticked and
// what the claim still needs at the top, a box not ticked linking to the
// boxes. A person who may not see the page (or a record no longer open) is
// shown the refusal alone.
func (s *server) claimRefused(w http.ResponseWriter, r *http.Request, err *standards.NotEligibleError) {
	d, derr := s.trackerData(r, mux.Vars(r)["record"])
	if derr != nil || !d.ViewerIsOverseer || !d.Changeable {
		s.fail(w, r, err)
		return
	}
	p, _ := s.problemOf(err)
	p.Heading = "There is a problem"
	p.Fields = map[string]string{}
	for i := range p.Messages {
		p.Messages[i] = sentence(p.Messages[i])
	}
	for i, u := range err.Unmet {
		if u.Code == standards.UnmetConfirmations {
			p.Fields["confirm-knowledge"] = p.Messages[i]
		}
	}
	d.ClaimRows = claimRows(&d, s.base)
	s.render(w, r, p.Status, "tracker-claim.html", "", view{Title: "Check and claim the certificate", Problem: &p, Data: &d})
}

// nextMeetingKind is the kind of meeting the form offers first: the
// target-setting meeting until one is recorded, then a progress review.
func nextMeetingKind(t *trackerData) string {
	for _, m := range t.Meetings {
		if m.Kind == standards.MeetingTargetSetting {
			return string(standards.MeetingProgressReview)
		}
	}
	return string(standards.MeetingTargetSetting)
}

// confirmError is the message beside the claim's boxes when the claim was
// refused for a box not ticked.
func confirmError(v view) string {
	if v.Problem == nil {
		return ""
	}
	return v.Problem.Fields["confirm-knowledge"]
}

// claimRows are the answers a claim rests on, to check: each key area, the
// meetings that showed progress, the CPD log.
func claimRows(d *trackerData, base string) []govuk.SummaryListRow {
	text := func(s string) govuk.Cell { return govuk.Cell{Content: govuk.Content{Text: s}} }
	var rows []govuk.SummaryListRow
	for _, it := range d.AreaTasks {
		status := it.Hint.Text
		if it.Status.Tag == nil {
			status += " (complete)"
		} else {
			status += " (" + it.Status.Tag.Text + ")"
		}
		rows = append(rows, govuk.SummaryListRow{Key: it.Title, Value: text(status),
			Actions: govuk.Actions{Items: []govuk.Action{{Content: govuk.Content{Text: "See"}, Href: base + "/records/" + d.Record.ID + it.Href, VisuallyHiddenText: it.Title.Text}}}})
	}
	reviews := 0
	for _, m := range d.Meetings {
		if m.Kind != standards.MeetingTargetSetting {
			reviews++
		}
	}
	meetings := strconv.Itoa(reviews) + " progress or final reviews recorded"
	if reviews == 1 {
		meetings = "1 progress or final review recorded"
	}
	rows = append(rows,
		govuk.SummaryListRow{Key: text("Statement signed"), Value: text(d.SignedBy)},
		govuk.SummaryListRow{Key: text("Statement countersigned"), Value: text(d.CountersignedBy)},
		govuk.SummaryListRow{Key: text("Reviews"), Value: text(meetings)},
		govuk.SummaryListRow{Key: text("CPD"), Value: text(hours(d.CPDTotals.Hours) + " hours logged")},
	)
	return rows
}

func (s *server) claim(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	cert, err := s.svc.Claim(r.Context(), a, mux.Vars(r)["record"], confirmations(r))
	var notEligible *standards.NotEligibleError
	if errors.As(err, &notEligible) {
		s.claimRefused(w, r, notEligible)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", s.base+"/certificates/"+cert.ID+"?done=claimed")
	}
	s.seeOtherDone(w, r, "/certificates/"+cert.ID, "claimed")
}
