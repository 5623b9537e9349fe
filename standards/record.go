package standards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// KeyArea is one of the three key areas of the standards.
type KeyArea string

const (
	// AreaKnowledge is Knowledge and Understanding: complete when it has a
	// target and every target in it that is not withdrawn (proposed ones
	// included) is achieved.
	AreaKnowledge KeyArea = "knowledge"
	// AreaSkills is Key Skills: complete when it has a target and every
	// target in it that is not withdrawn (proposed ones included) is
	// achieved.
	AreaSkills KeyArea = "skills"
	// AreaValues is the Values and Attributes statement: complete when the
	// exams officer has signed it and an overseer has countersigned.
	AreaValues KeyArea = "values"
)

// String gives the area's name as the NAEO writes it.
func (a KeyArea) String() string {
	switch a {
	case AreaKnowledge:
		return "Knowledge and Understanding"
	case AreaSkills:
		return "Key Skills"
	case AreaValues:
		return "Values and Attributes"
	}
	return string(a)
}

// ParseTargetArea reads the area of a target: "knowledge" or "skills".
func ParseTargetArea(s string) (KeyArea, error) {
	switch a := KeyArea(s); a {
	case AreaKnowledge, AreaSkills:
		return a, nil
	}
	return "", invalid("area", FieldNotInList, params("value", s), "%q is not a key area for a target: choose Knowledge and Understanding or Key Skills", s)
}

// Record is an exams officer's standards record for one year at one centre:
// the "tracker". It is made when their registration as an exams officer is
// approved and holds their targets, CPD log, meetings, signatures and, at the
// end, the claim and certificate.
type Record struct {
	ID string
	// RegistrationID is the exams officer's registration; one record each.
	RegistrationID string
	CentreID       string
	PersonID       string
	Year           AcademicYear
	CreatedAt      time.Time
	// Version counts the record's changes. Every change to anything in the
	// record saves it with the version it read, so that of two people
	// saving at once one succeeds and the other gets ErrConflict.
	Version int64
	// ClosedAt is when the certificate was claimed; after it nothing in the
	// record changes (R-TGT-4).
	ClosedAt time.Time
}

// Closed reports whether the record was closed by a claim.
func (r Record) Closed() bool { return !r.ClosedAt.IsZero() }

// RecordParts says which parts of a record's sheet a read brings, besides
// the record and the part of its centre's year that every read of a sheet
// brings (see RecordCentreYear). A page reads them all; a command reads only
// what its rules check, so that the rows it does not need are not read
// (docs/benchmarks.md).
type RecordParts uint16

// The parts of a RecordSheet, named after its fields.
const (
	RecordTargets RecordParts = 1 << iota
	RecordHistory
	RecordCPD
	RecordMeetings
	RecordActions
	RecordNotes
	RecordSignatures
	RecordCertificate
	RecordStatement
	RecordEarlier
	// RecordCentreYear is the whole of the record's centre's year in
	// CentreYear, as CentreSheet reads it. Without it CentreYear holds at
	// least the record's own people, which is all a command on the record
	// needs to find where its actor stands (recordFacts): the centre, its
	// registration for the year and its trust's leads, whole; of the
	// year's registrations, those of the record's exams officer and of
	// their overseers; of its oversights, those of the exams officer; the
	// people those registrations name. Its other lists (the other
	// registrations, oversights and records, the trust's leads as people)
	// may be empty or whole.
	RecordCentreYear

	// AllRecordParts is the whole sheet.
	AllRecordParts = RecordTargets | RecordHistory | RecordCPD | RecordMeetings | RecordActions |
		RecordNotes | RecordSignatures | RecordCertificate | RecordStatement | RecordEarlier | RecordCentreYear
)

// Has reports whether p holds every part of q.
func (p RecordParts) Has(q RecordParts) bool { return p&q == q }

// RecordSheet is a record with everything kept of it, read at once: what a
// tracker shows, and what the attention flags and a claim check. A store
// reads the parts asked of it (RecordParts); a part not asked for may be
// empty.
type RecordSheet struct {
	Record Record
	// Targets are in order of CreatedAt, then ID, as Targets lists them.
	Targets []Target
	// History is the targets' history in order of Seq.
	History []TargetChange
	// CPD is in order of Date, then ID, as CPDEntries lists it.
	CPD []CPDEntry
	// Meetings are in order of Date, then ID, as Meetings lists them.
	Meetings []Meeting
	// Actions are the support actions in order of Due, then ID.
	Actions []SupportAction
	// Notes are the private notes in order of At, then ID.
	Notes []PrivateNote
	// Signatures are in order of At, then Side, as Signatures lists them.
	Signatures []Signature
	// Certificate is the record's certificate; its ID is "" until claimed.
	Certificate Certificate
	// Statement is the latest published version of the statement for the
	// record's year; its Version is 0 when none is published.
	Statement Statement
	// CentreYear is the record's centre's year, as CentreSheet reads it:
	// who the record's people are, and where the reader stands.
	CentreYear CentreSheet
	// Earlier are the exams officer's records of years before the
	// record's, at any centre, newest year first (then by CreatedAt and
	// ID): what targets could be carried forward from (R-TGT-6).
	Earlier []Record
}

// openRecord makes the standards record of an approved exams officer's
// registration, once: a registration approved again after leaving keeps its
// record.
func (c *call) openRecord(reg Registration) error {
	if !reg.Approved() || !reg.Roles.Has(RoleEO) {
		return nil
	}
	if _, err := c.tx.RecordByRegistration(c.ctx, reg.ID); err == nil {
		return nil
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	return c.createRecord(reg)
}

// createRecord makes the standards record of an approved exams officer's
// registration that has none.
func (c *call) createRecord(reg Registration) error {
	if !reg.Approved() || !reg.Roles.Has(RoleEO) {
		return nil
	}
	rec := Record{
		ID: c.newID(), RegistrationID: reg.ID, CentreID: reg.CentreID, PersonID: reg.PersonID,
		Year: reg.Year, CreatedAt: c.now,
	}
	if err := c.tx.CreateRecord(c.ctx, rec); err != nil {
		return err
	}
	return c.audit("record.open", "record/"+rec.ID, rec.CentreID, fmt.Sprintf("opened the standards record for %s", reg.Year))
}

// onRecord is a record with what a command on it needs to know.
type onRecord struct {
	record Record
	centre Centre
	eo     Registration // the exams officer's registration
	st     standing
	// targets counts the record's targets once a command that adds one has
	// read them, so that a template of many adds reads them once; -1 until
	// then.
	targets int
	// made counts the targets this command has made, so that each is
	// stamped a microsecond after the one before (see proposeTarget).
	made int
}

// side is which side of the record the actor is on, for targets: the
// exams officer, or an overseer.
func (r onRecord) side() Side {
	if r.st.owner {
		return SideEO
	}
	return SideOverseer
}

// recordInScope loads a record and the actor's standing towards it, and
// authorises act with subj.
func (c *call) recordInScope(act action, recordID string, subj subject) (onRecord, error) {
	if c.seen != nil {
		// A query, or a command's reads before its first write: the record
		// with its centre's year (a command's only its people) and what
		// act goes on to check, in one read.
		sheet, err := c.recordSheet(recordID, sheetParts(act))
		if err != nil {
			return onRecord{}, err
		}
		return c.onRecord(act, sheet.Record, subj)
	}
	rec, err := c.tx.Record(c.ctx, recordID)
	if err != nil {
		return onRecord{}, err
	}
	return c.onRecord(act, rec, subj)
}

// onRecord loads the facts of rec and authorises act with subj.
func (c *call) onRecord(act action, rec Record, subj subject) (onRecord, error) {
	r, err := c.recordFacts(rec)
	if err != nil {
		return r, err
	}
	return r, authorize(act, r.st, subj)
}

// recordFacts loads what commands on rec need, and the actor's standing
// towards it, without deciding anything.
func (c *call) recordFacts(rec Record) (onRecord, error) {
	centre, err := c.centreIn(rec.CentreID, rec.Year)
	if err != nil {
		return onRecord{}, err
	}
	st, err := c.standingAt(centre, rec.Year)
	if err != nil {
		return onRecord{}, err
	}
	eo, err := c.registration(rec.CentreID, rec.Year, rec.RegistrationID)
	if err != nil {
		return onRecord{}, err
	}
	st.owner = c.person.ID != "" && rec.PersonID == c.person.ID
	if st.own.Approved() && st.own.Roles.Overseer() && !st.owner {
		if st.overseer, err = c.overseesAt(centre.ID, rec.Year, eo.ID, st.own.ID); err != nil {
			return onRecord{}, err
		}
	}
	if st.owner || st.overseer {
		c.takeUp(st.own)
	}
	return onRecord{record: rec, centre: centre, eo: eo, st: st, targets: -1}, nil
}

// sheetParts are the parts of a record's sheet that act's command checks
// before its first write, read with the record in recordInScope. A query
// reads the sheet whole. Should a command ask recordSheet for a part not
// named here, the sheet is read again with it: slower, never wrong. A
// command that names no RecordCentreYear reads of the centre's year only
// the record's people, which is where its actor stands when they are the
// exams officer or an overseer of theirs; anyone else's standing, and any
// list of the year, is read whole when asked (seenSheet).
func sheetParts(act action) RecordParts {
	switch act {
	case actClaim:
		return RecordTargets | RecordMeetings | RecordSignatures | RecordCertificate // R-CLM-1
	case actRecordMeeting:
		// The meeting's attendees and support's owners may be any of the
		// centre's members that year: its roster reads the year whole.
		return RecordTargets | RecordMeetings | RecordCentreYear // the updates, and MaxMeetingsPerRecord
	case actPrivateNote:
		return RecordNotes // MaxNotesPerRecord
	}
	return AllRecordParts
}

// recordSheet reads a record with its centre's year and at least the parts
// need names, which a query keeps for the reads that follow.
func (c *call) recordSheet(recordID string, need RecordParts) (RecordSheet, error) {
	var had RecordParts
	if c.seen != nil {
		if kept, ok := c.seen.records[recordID]; ok {
			if kept.parts.Has(need) {
				return kept.sheet, nil
			}
			had = kept.parts
		}
	}
	sheet, err := c.tx.RecordSheet(c.ctx, recordID, need|had)
	if err != nil || c.seen == nil {
		return sheet, err
	}
	if (need | had).Has(RecordCentreYear) {
		c.keep(sheet.CentreYear)
	} else {
		c.keepPeopleOf(sheet.CentreYear, sheet.Record.RegistrationID)
	}
	if c.seen.records == nil {
		c.seen.records = map[string]seenRecord{}
	}
	c.seen.records[recordID] = seenRecord{sheet, need | had}
	return sheet, nil
}

// eoPerson reads the exams officer whose record r is, for the commands that
// name or tell them; the rest never need it, so it is not read up front.
func (c *call) eoPerson(r onRecord) (Person, error) {
	return c.personAt(r.record.CentreID, r.record.Year, r.record.PersonID)
}

// changeRecord is the common start of every change to a record: load it,
// authorise act, and refuse once the record is closed (R-TGT-4).
func (c *call) changeRecord(act action, recordID string, subj subject) (onRecord, error) {
	r, err := c.recordInScope(act, recordID, subj)
	if err != nil {
		return r, err
	}
	return r, r.open()
}

// open refuses changes to a closed record (R-TGT-4) and to the record of an
// exams officer who is no longer approved at the centre: it stays, read-only
// (R-REG-5).
func (r onRecord) open() error {
	if r.record.Closed() {
		return conflict(ReasonRecordClosed, params("year", r.record.Year.String()), "the record is closed: the certificate for %s was claimed", r.record.Year)
	}
	if !r.eo.Approved() {
		return conflict(ReasonRecordReadOnly, params("status", string(r.eo.Status)), "the exams officer's registration is %s: the record is read-only", r.eo.Status)
	}
	return nil
}

// touch saves the record with its version, so that of two changes made at
// once to one record only one commits (the other gets ErrConflict).
func (c *call) touch(r *onRecord) error {
	if err := c.checkVersion(r); err != nil {
		return err
	}
	if err := c.tx.UpdateRecord(c.ctx, r.record); err != nil {
		return err
	}
	r.record.Version++
	return nil
}

// overseerEmails returns the e-mails of the record's approved overseers.
func (c *call) overseerEmails(r onRecord) ([]string, error) {
	overseers, err := c.overseersOf(r)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(overseers))
	for i, m := range overseers {
		out[i] = m.Person.Email
	}
	return out, nil
}

// overseersOf lists the approved overseers of the record's exams officer.
func (c *call) overseersOf(r onRecord) ([]Member, error) {
	roster, err := c.roster(r.centre, r.record.Year, func(Registration) bool { return true })
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range roster.Members {
		if m.Registration.Approved() && slices.Contains(m.Oversees, r.eo.ID) {
			out = append(out, m)
		}
	}
	return out, nil
}

// AreaProgress is how far a record has come in one key area.
type AreaProgress struct {
	Area KeyArea
	// Achieved and Total count the targets that count (not withdrawn); for
	// the statement they count the two signatures.
	Achieved int
	Total    int
	Complete bool
}

// Tracker is the whole of one standards record as its exams officer,
// overseers and centre admins see it.
type Tracker struct {
	Record       Record
	Centre       Centre
	ExamsOfficer Member
	Overseers    []Member
	// Areas are the three key areas in order: Knowledge and Understanding,
	// Key Skills, Values and Attributes.
	Areas     []AreaProgress
	Targets   []Target
	History   []TargetChange
	CPD       []CPDEntry
	CPDTotals CPDTotals
	Meetings  []Meeting
	Actions   []SupportAction
	// Notes are the overseers' private notes: empty for the exams officer
	// (R-MTG-5).
	Notes      []PrivateNote
	Statement  Statement
	Signatures []Signature
	// Certificate is the record's certificate; its ID is "" until claimed.
	Certificate Certificate
	// Warnings is advice on the targets, never an error (R-TGT-5).
	Warnings []Warning
	// CarryForwardFrom is the year of the earlier record the viewer could
	// carry targets forward from (R-TGT-6): the exams officer's latest
	// earlier record, at this centre only for an overseer; zero when there
	// is none, so a page offers CarryForward only when it would carry.
	CarryForwardFrom AcademicYear
	// ViewerIsOwner and ViewerIsOverseer say how the actor stands, so a
	// page offers only what they may do.
	ViewerIsOwner    bool
	ViewerIsOverseer bool
	// ViewerIsAdmin says the actor holds the centre's admin right that year.
	ViewerIsAdmin bool
	// Viewer is the actor's own membership of the centre that year, in any
	// status, or the zero Member when they have none (the operator): so a
	// page can tell a senior leader who is not an overseer that they may
	// take the exams officer on (R-REG-6).
	Viewer Member
	// Members are the centre's approved members that year, for choosing
	// who attends a meeting or owns a support action, when the viewer may
	// see the centre's members; otherwise the exams officer and overseers.
	Members []Member

	// What Checklist needs besides the record: who is looking, and when.
	viewerID string
	readAt   time.Time
	grace    time.Duration
}

// Checklist is what ClaimEligibility would return to the viewer with these
// confirmations, worked out from the tracker already read, so that a page
// showing both makes one call.
func (t Tracker) Checklist(confirm Confirmations) []Unmet {
	return Eligibility(ClaimFacts{
		Registration: t.ExamsOfficer.Registration, ClaimantID: t.viewerID, ClaimantOverseer: t.ViewerIsOverseer,
		Targets: t.Targets, Signatures: t.Signatures, Meetings: t.Meetings, Certified: t.Certificate.ID != "",
		Now: t.readAt, Grace: t.grace, Confirmations: confirm,
	})
}

// Tracker reads a record in full: the exams officer, their overseers and the
// centre's admins may.
func (s *Service) Tracker(ctx context.Context, actor Actor, recordID string) (_ Tracker, err error) {
	defer s.observe(&ctx, "Tracker").done(&err)
	var out Tracker
	err = s.recordView(ctx, actor, recordID, func(c *call, sheet RecordSheet) error {
		r, err := c.onRecord(actViewRecord, sheet.Record, subject{})
		if err != nil {
			return err
		}
		out, err = c.tracker(r, sheet)
		return err
	})
	return out, err
}

// recordView runs a query of one record's page: the record's sheet read
// first, and the actor found among its centre's people (viewFirst).
func (s *Service) recordView(ctx context.Context, actor Actor, recordID string, fn func(c *call, sheet RecordSheet) error) error {
	var sheet RecordSheet
	return s.viewFirst(ctx, actor, func(c *call) ([]Person, error) {
		var err error
		sheet, err = c.recordSheet(recordID, AllRecordParts)
		return sheet.CentreYear.People, err
	}, func(c *call) error { return fn(c, sheet) })
}

func (c *call) tracker(r onRecord, sheet RecordSheet) (Tracker, error) {
	t := Tracker{
		Record: r.record, Centre: r.centre,
		ViewerIsOwner: r.st.owner, ViewerIsOverseer: r.st.overseer, ViewerIsAdmin: r.st.own.IsAdmin(),
		viewerID: c.person.ID, readAt: c.now, grace: c.svc.grace,
	}
	var err error
	roster, err := c.roster(r.centre, r.record.Year, func(Registration) bool { return true })
	if err != nil {
		return t, err
	}
	t.ExamsOfficer, _ = roster.Member(r.eo.ID)
	if r.st.own.ID != "" {
		t.Viewer, _ = roster.Member(r.st.own.ID)
	}
	for _, id := range t.ExamsOfficer.Overseers {
		if m, ok := roster.Member(id); ok && m.Registration.Approved() {
			t.Overseers = append(t.Overseers, m)
		}
	}
	if authorize(actViewMembers, r.st, subject{}) == nil {
		for _, m := range roster.Members {
			if m.Registration.Approved() {
				t.Members = append(t.Members, m)
			}
		}
	} else {
		// An exams officer who has left reads their record but no longer
		// the centre's list: the people the record itself names.
		t.Members = append([]Member{t.ExamsOfficer}, t.Overseers...)
	}
	t.Targets, t.History, t.CPD, t.Meetings, t.Actions = sheet.Targets, sheet.History, sheet.CPD, sheet.Meetings, sheet.Actions
	t.CPDTotals = TotalCPD(t.CPD, t.Targets)
	if r.st.overseer || (r.st.own.IsAdmin() && !r.st.owner) {
		t.Notes = sheet.Notes
	}
	t.Statement = sheet.Statement
	if t.Statement.Version == 0 {
		t.Statement = defaultStatement(r.record.Year)
	}
	t.Signatures, t.Certificate = sheet.Signatures, sheet.Certificate
	for _, e := range sheet.Earlier {
		if r.st.owner || e.CentreID == r.record.CentreID {
			t.CarryForwardFrom = e.Year
			break
		}
	}
	t.Areas = areaProgress(t.Targets, t.Signatures)
	t.Warnings = targetWarnings(t.Targets, c.now)
	return t, nil
}

func areaProgress(targets []Target, sigs []Signature) []AreaProgress {
	out := make([]AreaProgress, 0, 3)
	for _, area := range []KeyArea{AreaKnowledge, AreaSkills} {
		p := AreaProgress{Area: area, Complete: areaComplete(area, targets)}
		for _, t := range targets {
			if t.Area == area && t.Counts() {
				p.Total++
				if t.State == TargetAchieved {
					p.Achieved++
				}
			}
		}
		out = append(out, p)
	}
	return append(out, AreaProgress{Area: AreaValues, Achieved: len(sigs), Total: 2, Complete: statementComplete(sigs)})
}

// RecordStore keeps standards records and the CPD log.
type RecordStore interface {
	// CreateRecord stores a new record; ID and RegistrationID are each
	// unique.
	CreateRecord(ctx context.Context, r Record) error
	Record(ctx context.Context, id string) (Record, error)
	RecordByRegistration(ctx context.Context, registrationID string) (Record, error)
	// UpdateRecord saves r with its version one higher if the stored
	// version is still r.Version; if another transaction saved the record
	// since it was read, it returns ErrConflict, as an *Error with
	// ReasonStale, and saves nothing. This is
	// what keeps two people saving one record at once from losing an update.
	// The service never changes a record's registration, centre, person,
	// year or CreatedAt, so a store may leave them as stored.
	UpdateRecord(ctx context.Context, r Record) error
	// RecordsByCentre lists a centre's records for a year, in order of
	// CreatedAt, then ID.
	RecordsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Record, error)

	// CreateCPDEntry stores a CPD entry; its ID is unique.
	CreateCPDEntry(ctx context.Context, e CPDEntry) error
	CPDEntry(ctx context.Context, id string) (CPDEntry, error)
	DeleteCPDEntry(ctx context.Context, id string) error
	// CPDEntries lists a record's CPD log in order of Date, then ID. An
	// entry's TargetIDs come back in byte order (the service stores them
	// so).
	CPDEntries(ctx context.Context, recordID string) ([]CPDEntry, error)

	// RecordSheet reads a record with its centre's year and the parts of
	// it that parts names (see RecordSheet), or returns ErrNotFound when
	// there is no such record. Each part asked for is whole; a part not
	// asked for may be empty or whole, as suits the store. Without
	// RecordCentreYear, CentreYear holds at least the record's own people
	// (see RecordCentreYear) and nothing that is not the year's: a claim
	// reads no more of the year than where its actor stands, which on the
	// national dataset is 8 rows of 18. A store that can should read the
	// sheet in one statement.
	RecordSheet(ctx context.Context, recordID string, parts RecordParts) (RecordSheet, error)
}
