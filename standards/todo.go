package standards

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ToDoRole is the part a person plays in a to-do: the same person may
// administer a centre, oversee its exams officers, be an exams officer and
// lead a trust, and their home lists what each asks of them.
type ToDoRole string

// The roles of a to-do, in the order WhatNeedsDoing lists them.
const (
	ToDoAdministrator ToDoRole = "administrator"
	ToDoOverseer      ToDoRole = "overseer"
	ToDoExamsOfficer  ToDoRole = "exams_officer"
	ToDoTrustLead     ToDoRole = "trust_lead"
)

// ToDoCode names one kind of to-do, stable so that a host can translate it.
type ToDoCode string

// The kinds of to-do, by role.
const (
	// ToDoRegistrationsWaiting: registrations wait for an administrator of
	// the centre to approve or reject them (R-REG-2).
	ToDoRegistrationsWaiting ToDoCode = "registrations_waiting"
	// ToDoNoOverseer: approved exams officers no senior leader or line
	// manager oversees yet; an administrator assigns one (R-REG-6).
	ToDoNoOverseer ToDoCode = "exams_officers_without_overseer"
	// ToDoNextYearNotRegistered: the summer has come and the centre is not
	// registered for the next year; an administrator of this year registers
	// it again (R-REG-12).
	ToDoNextYearNotRegistered ToDoCode = "next_year_not_registered"

	// ToDoTargetsToAgree: targets the other side proposed wait for this
	// side to agree them (R-TGT-2). For an overseer and an exams officer.
	ToDoTargetsToAgree ToDoCode = "targets_to_agree"
	// ToDoTargetsToReview: the exams officer marked targets ready for
	// review; only an overseer marks them achieved (R-TGT-3).
	ToDoTargetsToReview ToDoCode = "targets_ready_for_review"
	// ToDoStatementToCountersign: the exams officer signed the statement
	// and no overseer has countersigned (R-VA-2).
	ToDoStatementToCountersign ToDoCode = "statement_to_countersign"
	// ToDoReadyToClaim: every key area is complete and the certificate is
	// not claimed (R-CLM-1); the claim's checklist says whether anything
	// else (a review meeting) is still needed.
	ToDoReadyToClaim ToDoCode = "ready_to_claim"
	// ToDoMeetingOverdue: no meeting for longer than the meeting gap
	// (FlagNoRecentMeeting, R-MTG-4).
	ToDoMeetingOverdue ToDoCode = "meeting_overdue"

	// ToDoTargetsToPropose: the record has no target that counts yet; the
	// exams officer proposes them (R-TGT-2).
	ToDoTargetsToPropose ToDoCode = "targets_to_propose"
	// ToDoStatementToSign: the exams officer has not signed the year's
	// statement (R-VA-2).
	ToDoStatementToSign ToDoCode = "statement_to_sign"
	// ToDoCPDToLog: no CPD is logged on the record yet (R-CPD-1).
	ToDoCPDToLog ToDoCode = "cpd_to_log"

	// ToDoCentresNeedingAttention: centres of a trust whose exams officers
	// carry attention flags that ask for something to be done
	// (TrustCentre.AtRisk).
	ToDoCentresNeedingAttention ToDoCode = "centres_needing_attention"
)

// ToDoItem is one thing that waits for the person, with where it is done.
type ToDoItem struct {
	Role ToDoRole
	Code ToDoCode
	// Count is how many of the thing wait: registrations, exams officers,
	// targets, centres; 1 for a single step (a statement to sign).
	Count int
	// Message says what waits, for people.
	Message string
	// Centre and Year are the centre-year it is done at; zero for a trust
	// lead's.
	Centre Centre
	Year   AcademicYear
	// RecordID is the record it is done on, for an overseer's and an exams
	// officer's; "" for the others.
	RecordID string
	// ExamsOfficer names whose record it is, for an overseer's.
	ExamsOfficer string
	// Trust is the trust, for a trust lead's.
	Trust Trust
}

// ToDo is everything that waits for one person, role by role.
type ToDo struct {
	// Items are in the order of the ToDoRole constants; within a role, the
	// newest year first, then in the order of the person's registrations,
	// then the record's exams officers in order of registration.
	Items []ToDoItem
	// Dashboards are the dashboards, as CentreDashboard gives them, of the
	// centre-years the list looked at where the person is an administrator
	// or an approved overseer, in the order of their registrations: read
	// with the list, by the same reads, so that a page showing both (the
	// app's home page) reads each centre's year once.
	Dashboards []CentreDashboard
	// Registrations are the person's own, as MyRegistrations gives them,
	// and Trusts those they lead, as TrustsLed gives them: read by the
	// list's own reads, for the same reason.
	Registrations []OwnRegistration
	Trusts        []Trust
	// Me is the person the list is for, as Me gives them: the zero Person
	// when the library does not know them yet.
	Me Person
}

// Count is how many things wait in all: the sum of the items' counts.
func (t ToDo) Count() int {
	n := 0
	for _, it := range t.Items {
		n += it.Count
	}
	return n
}

// Of returns the items of one role, in order.
func (t ToDo) Of(role ToDoRole) []ToDoItem {
	var out []ToDoItem
	for _, it := range t.Items {
		if it.Role == role {
			out = append(out, it)
		}
	}
	return out
}

// nextYearFrom is the day from which an administrator is asked to register
// the centre for the next year: 1 June, the start of the summer term's
// last half, when centres prepare the next year. Earlier it would be a
// to-do all year for something nobody can usefully do yet.
func nextYearFrom(y AcademicYear) time.Time {
	return time.Date(int(y)+1, time.June, 1, 0, 0, 0, 0, ukTime)
}

// WhatNeedsDoing lists what waits for the actor in each of their roles:
// as administrator of a centre, the registrations waiting, the exams
// officers without an overseer and, from 1 June, the next year not yet
// registered; as overseer, each exams officer's targets to agree or review,
// statement to countersign, certificate to claim and meeting overdue; as
// exams officer, targets to propose or agree, the statement to sign and CPD
// to log; as trust lead, the centres needing attention. It looks at the
// years someone may still act in: the next year, this one, and the last
// while a claim for it is still accepted. Anyone signed in may ask; it
// names only what the actor may see. It reads once for the actor, once for
// each of their centre-years as administrator, overseer or exams officer,
// and once for each trust they lead.
func (s *Service) WhatNeedsDoing(ctx context.Context, actor Actor) (_ ToDo, err error) {
	defer s.observe(&ctx, "WhatNeedsDoing").done(&err)
	var out ToDo
	err = s.view(ctx, actor, func(c *call) error {
		out = ToDo{} // a run again after ErrTransient starts afresh
		if err := authorize(actViewOwn, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return nil
		}
		out.Me = c.person
		sheet, err := c.tx.PersonSheet(c.ctx, c.person.ID, PersonKey{})
		if err != nil {
			return err
		}
		centres := make(map[string]Centre, len(sheet.Centres))
		for _, ct := range sheet.Centres {
			centres[ct.ID] = ct
		}
		recordOf := make(map[string]Record, len(sheet.Records))
		for _, rec := range sheet.Records {
			recordOf[rec.RegistrationID] = rec
		}
		for _, r := range sheet.Registrations {
			out.Registrations = append(out.Registrations, OwnRegistration{Registration: r, Centre: centres[r.CentreID], RecordID: recordOf[r.ID].ID})
		}
		// The trusts the person leads: their to-dos, and the dashboards
		// of their centres that they see whole.
		leads, err := c.tx.TrustsLedBy(c.ctx, c.person.ID)
		if err != nil {
			return err
		}
		led := make(map[string]bool, len(leads))
		for _, l := range leads {
			led[l.TrustID] = true
		}
		this := YearOf(c.now)
		from := YearOf(c.now.Add(-s.grace))
		var admin, oversee, own []ToDoItem
		for _, reg := range sheet.Registrations {
			if !reg.Approved() || reg.Year < from || reg.Year > this+1 {
				continue
			}
			centre := centres[reg.CentreID]
			if rec, ok := recordOf[reg.ID]; !reg.IsAdmin() && !reg.Roles.Overseer() && (!ok || rec.Closed()) {
				// Only their own record asks anything of an exams
				// officer: once it is certified, nothing is to be read.
				continue
			}
			cy, err := c.loadCentreYear(centre.ID, reg.Year)
			if err != nil {
				return err
			}
			centre = cy.roster.Centre
			if reg.IsAdmin() {
				next := nextYearDue{}
				if reg.Year == this && !c.now.Before(nextYearFrom(this)) {
					years, err := c.tx.CentreYears(c.ctx, centre.ID)
					if err != nil {
						return err
					}
					next.asked = true
					for _, y := range years {
						next.registered = next.registered || y.Year > this
					}
				}
				admin = append(admin, adminToDo(cy.roster, next)...)
			}
			if reg.IsAdmin() || reg.Roles.Overseer() {
				// As CentreDashboard reads it for this person: their
				// standing there is this registration, and the trust
				// they may lead.
				all := reg.IsAdmin() || centre.TrustID != "" && led[centre.TrustID] || c.actor.Operator
				out.Dashboards = append(out.Dashboards, cy.dashboard(reg.ID, all, c.now, s.meetingGap))
			}
			for _, m := range cy.examsOfficers() {
				rec := cy.records[m.RecordID]
				facts := recordToDoFacts{
					FlagFacts: cy.facts(m, c.now, s.meetingGap), CPDHours: cy.hours[rec.ID],
				}
				switch {
				case m.Registration.ID == reg.ID:
					own = append(own, examsOfficerToDo(centre, m, rec.ID, facts)...)
				case reg.Roles.Overseer() && slices.Contains(m.Overseers, reg.ID):
					oversee = append(oversee, overseerToDo(centre, m, rec.ID, facts)...)
				}
			}
		}
		out.Items = append(append(append(out.Items, admin...), oversee...), own...)

		for _, l := range leads {
			ty, err := c.tx.TrustYear(c.ctx, l.TrustID, this)
			if err != nil {
				return err
			}
			out.Trusts = append(out.Trusts, ty.Trust)
			out.Items = append(out.Items, trustLeadToDo(ty.Trust, this, trustCentres(ty, this, c.now, s.meetingGap))...)
		}
		return nil
	})
	return out, err
}

// nextYearDue is what an administrator's to-do needs to know of the next
// year: whether it is time to ask (asked), and whether the centre is
// registered for it.
type nextYearDue struct{ asked, registered bool }

// adminToDo is what a centre-year asks of its administrators: the
// registrations waiting (R-REG-2), the exams officers without an overseer
// (R-REG-6), and, when it is time, the next year to register (R-REG-12).
func adminToDo(roster Roster, next nextYearDue) []ToDoItem {
	var out []ToDoItem
	item := func(code ToDoCode, n int, msg string) {
		out = append(out, ToDoItem{Role: ToDoAdministrator, Code: code, Count: n, Message: msg, Centre: roster.Centre, Year: roster.Year})
	}
	waiting, alone := 0, 0
	for _, m := range roster.Members {
		if m.Registration.Status == RegistrationPending {
			waiting++
		}
		if m.NoOverseer(roster) {
			alone++
		}
	}
	if waiting > 0 {
		item(ToDoRegistrationsWaiting, waiting, plural(waiting, "registration waits", "registrations wait")+" for your approval")
	}
	if alone > 0 {
		item(ToDoNoOverseer, alone, plural(alone, "exams officer has", "exams officers have")+" no overseer: assign a senior leader or line manager")
	}
	if next.asked && !next.registered {
		item(ToDoNextYearNotRegistered, 1, fmt.Sprintf("register the centre for %s, so that its people can join before September", roster.Year+1))
	}
	return out
}

// recordToDoFacts is what the to-dos of one record depend on: the facts of
// its attention flags, and the CPD it has logged.
type recordToDoFacts struct {
	FlagFacts
	CPDHours float64
}

// closedOrInactive says nothing can be done on a record: it is certified
// (R-TGT-4), or its exams officer is no longer approved (R-REG-5).
func (f recordToDoFacts) closedOrInactive() bool {
	return f.Certified || !f.Registration.Approved()
}

// overseerToDo is what an exams officer's record asks of their overseers:
// the targets the exams officer proposed, to agree (R-TGT-2), and marked
// ready for review, to achieve (R-TGT-3); the statement to countersign once
// signed (R-VA-2); the certificate to claim once every key area is complete
// (R-CLM-1); and a meeting once none has been held for the meeting gap
// (R-MTG-4).
func overseerToDo(centre Centre, eo Member, recordID string, f recordToDoFacts) []ToDoItem {
	if f.closedOrInactive() {
		return nil
	}
	name := eo.Person.Name
	var out []ToDoItem
	item := func(code ToDoCode, n int, msg string) {
		out = append(out, ToDoItem{Role: ToDoOverseer, Code: code, Count: n, Message: msg, Centre: centre, Year: eo.Registration.Year,
			RecordID: recordID, ExamsOfficer: name})
	}
	toAgree, toReview := 0, 0
	for _, t := range f.Targets {
		switch {
		case t.State == TargetProposed && t.ProposedBy == SideEO:
			toAgree++
		case t.State == TargetReadyForReview:
			toReview++
		}
	}
	if toAgree > 0 {
		item(ToDoTargetsToAgree, toAgree, plural(toAgree, "target", "targets")+" to agree")
	}
	if toReview > 0 {
		item(ToDoTargetsToReview, toReview, plural(toReview, "target", "targets")+" ready for review")
	}
	signed, countersigned := signedSides(f.Signatures)
	if signed && !countersigned {
		item(ToDoStatementToCountersign, 1, "the Values and Attributes statement to countersign")
	}
	if allComplete(areaProgress(f.Targets, f.Signatures)) {
		item(ToDoReadyToClaim, 1, "every key area is complete: claim the certificate")
	}
	for _, fl := range Flags(f.FlagFacts) {
		if fl.Code == FlagNoRecentMeeting {
			item(ToDoMeetingOverdue, 1, "a meeting is overdue: "+fl.Message)
		}
	}
	return out
}

// examsOfficerToDo is what their own record asks of an exams officer: their
// targets to propose while none counts, and those an overseer proposed to
// agree (R-TGT-2); the statement to sign (R-VA-2); and CPD to log while
// none is (R-CPD-1).
func examsOfficerToDo(centre Centre, eo Member, recordID string, f recordToDoFacts) []ToDoItem {
	if f.closedOrInactive() {
		return nil
	}
	var out []ToDoItem
	item := func(code ToDoCode, n int, msg string) {
		out = append(out, ToDoItem{Role: ToDoExamsOfficer, Code: code, Count: n, Message: msg, Centre: centre, Year: eo.Registration.Year,
			RecordID: recordID})
	}
	counting, toAgree := 0, 0
	for _, t := range f.Targets {
		if t.Counts() {
			counting++
		}
		if t.State == TargetProposed && t.ProposedBy == SideOverseer {
			toAgree++
		}
	}
	if counting == 0 {
		item(ToDoTargetsToPropose, 1, "propose your targets for the year, or agree them with your overseer")
	}
	if toAgree > 0 {
		item(ToDoTargetsToAgree, toAgree, plural(toAgree, "target", "targets")+" your overseer proposed, to agree")
	}
	if signed, _ := signedSides(f.Signatures); !signed {
		item(ToDoStatementToSign, 1, "read and sign the Values and Attributes statement")
	}
	if f.CPDHours == 0 {
		item(ToDoCPDToLog, 1, "log your CPD: the training, meetings and reading that support your targets")
	}
	return out
}

// trustLeadToDo is what a trust's year asks of its leads: the centres whose
// exams officers carry a flag that asks for something (TrustCentre.AtRisk).
func trustLeadToDo(t Trust, year AcademicYear, centres []TrustCentre) []ToDoItem {
	n := 0
	for _, c := range centres {
		if c.AtRisk > 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return []ToDoItem{{Role: ToDoTrustLead, Code: ToDoCentresNeedingAttention, Count: n, Year: year, Trust: t,
		Message: plural(n, "centre needs", "centres need") + " attention"}}
}

// signedSides says whether the exams officer signed the statement, and
// whether an overseer countersigned it.
func signedSides(sigs []Signature) (signed, countersigned bool) {
	for _, s := range sigs {
		signed = signed || s.Side == SideEO
		countersigned = countersigned || s.Side == SideOverseer
	}
	return signed, countersigned
}

func allComplete(areas []AreaProgress) bool {
	for _, a := range areas {
		if !a.Complete {
			return false
		}
	}
	return len(areas) > 0
}

// plural is n with the singular or the plural words: "1 target", "2 targets".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
