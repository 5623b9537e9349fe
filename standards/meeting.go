package standards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MeetingKind is the kind of a meeting between an exams officer and their
// overseers (R-MTG-1, R-MTG-4).
type MeetingKind string

const (
	// MeetingTargetSetting agrees targets, as early in the year as possible.
	MeetingTargetSetting MeetingKind = "target_setting"
	// MeetingProgressReview is a checkpoint through the year.
	MeetingProgressReview MeetingKind = "progress_review"
	// MeetingFinalReview closes the year, or comes when the targets are met.
	MeetingFinalReview MeetingKind = "final_review"
)

// String gives the kind in words.
func (k MeetingKind) String() string {
	switch k {
	case MeetingTargetSetting:
		return "target-setting meeting"
	case MeetingProgressReview:
		return "progress review"
	case MeetingFinalReview:
		return "final review"
	}
	return string(k)
}

// Meeting is a meeting recorded on a record (R-MTG-1).
type Meeting struct {
	ID       string
	RecordID string
	Kind     MeetingKind
	// Date is the UK day of the meeting, inside the academic year, as Day
	// keeps it: midnight UTC.
	Date time.Time
	// Attendees are the registration ids of those present: the exams
	// officer and at least one overseer.
	Attendees []string
	Notes     string
	// Updates are the per-target updates the meeting made, applied all or
	// nothing (R-MTG-3).
	Updates    []TargetUpdate
	RecordedBy string
	RecordedAt time.Time
}

// TargetUpdate is a meeting's update to one target: an optional new state,
// an optional rating, and a comment.
type TargetUpdate struct {
	TargetID string
	// State is the new state, or "" to leave it.
	State   TargetState
	Rating  Rating
	Comment string
}

// ActionState is where a support action stands.
type ActionState string

// The states of a support action: open until someone marks it done.
const (
	ActionOpen ActionState = "open"
	ActionDone ActionState = "done"
)

// SupportAction is additional support arranged at a meeting (R-MTG-2).
type SupportAction struct {
	ID        string
	RecordID  string
	MeetingID string
	// Description says what support, for example a training event.
	Description string
	// OwnerRegistrationID is the member of the centre who will see to it.
	OwnerRegistrationID string
	// Due is the UK due day, as Day keeps it: midnight UTC.
	Due       time.Time
	State     ActionState
	DoneAt    time.Time
	CreatedAt time.Time
}

// PrivateNote is an overseer's note on a record that the exams officer does
// not see (R-MTG-5).
type PrivateNote struct {
	ID       string
	RecordID string
	AuthorID string
	Text     string
	At       time.Time
}

// MeetingInput is the form for recording a meeting (R-MTG-1).
type MeetingInput struct {
	Kind MeetingKind
	// Date is the day it took place, its UK day (Day) whatever zone it
	// carries (R-DAY-1): inside the academic year, not in the future.
	Date time.Time
	// Attendees are registration ids: the exams officer's and at least one
	// of their overseers'.
	Attendees []string
	Notes     string
	// Updates are per-target updates, applied all or nothing (R-MTG-3).
	Updates []TargetUpdate
	// Support is additional support arranged (R-MTG-2).
	Support []SupportInput
}

// SupportInput arranges one support action at a meeting.
type SupportInput struct {
	Description string
	// OwnerRegistrationID is the approved member of the centre who will see
	// to it.
	OwnerRegistrationID string
	// Due is inside the academic year; its UK day counts (R-DAY-1).
	Due time.Time
}

var meetingKinds = []MeetingKind{MeetingTargetSetting, MeetingProgressReview, MeetingFinalReview}

// RecordMeeting records a meeting on a record with its target updates and
// the support it arranges, all in one step: if any update is refused,
// nothing of the meeting is recorded (R-MTG-3). The exams officer or an
// overseer may; each update is decided as if its recorder made it alone,
// except that at a target-setting meeting both sides agree targets together.
func (s *Service) RecordMeeting(ctx context.Context, actor Actor, recordID string, in MeetingInput) (_ Meeting, err error) {
	defer s.observe(&ctx, "RecordMeeting").done(&err)
	var m Meeting
	err = s.update(ctx, actor, actRecordMeeting, func(c *call) error {
		var (
			r       onRecord
			roster  Roster
			targets []Target
		)
		err := c.sharingReads(func() (err error) {
			if r, err = c.changeRecord(actRecordMeeting, recordID, subject{}); err != nil {
				return err
			}
			if roster, err = c.roster(r.centre, r.record.Year, func(Registration) bool { return true }); err != nil {
				return err
			}
			// The record's targets are read once for all the updates, and
			// each update is decided on the standing already read.
			sheet, err := c.recordSheet(r.record.ID, RecordTargets|RecordMeetings)
			if err != nil {
				return err
			}
			targets = sheet.Targets
			// Every problem with the form at once: the meeting's, and its
			// updates' against the targets.
			var v validation
			v.join(c.checkMeeting(&in, r, roster))
			v.join(checkUpdates(in, targets))
			if err := v.err(); err != nil {
				return err
			}
			return checkRoom(len(sheet.Meetings), MaxMeetingsPerRecord, ReasonTooManyMeetings, "a record holds at most %d meetings")
		})
		if err != nil {
			return err
		}
		m = Meeting{
			ID: c.newID(), RecordID: r.record.ID, Kind: in.Kind, Date: in.Date, Attendees: in.Attendees,
			Notes: in.Notes, Updates: in.Updates, RecordedBy: c.person.ID, RecordedAt: c.now,
		}
		// The meeting goes first so that the target history can name it; a
		// refused update rolls the whole meeting back.
		if err := c.tx.CreateMeeting(c.ctx, m); err != nil {
			return err
		}
		// The updates' history and audit entries, and the meeting's own,
		// are appended together: two statements, not two an update.
		c.batchWrites()
		for _, u := range in.Updates {
			i := slices.IndexFunc(targets, func(t Target) bool { return t.ID == u.TargetID }) // checkUpdates found it
			if _, err := c.changeTarget(&r, targets[i], u, m.ID, m.Kind); err != nil {
				return fmt.Errorf("target %q: %w", targets[i].Title, err)
			}
		}
		for _, sup := range in.Support {
			a := SupportAction{
				ID: c.newID(), RecordID: r.record.ID, MeetingID: m.ID, Description: sup.Description,
				OwnerRegistrationID: sup.OwnerRegistrationID, Due: sup.Due, State: ActionOpen, CreatedAt: c.now,
			}
			if err := c.tx.CreateSupportAction(c.ctx, a); err != nil {
				return err
			}
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		summary := fmt.Sprintf("recorded a %s on %s: %d target updates, %d support actions",
			m.Kind, m.Date.Format("2 January 2006"), len(m.Updates), len(in.Support))
		if err := c.audit("meeting.record", "meeting/"+m.ID, r.record.CentreID, summary); err != nil {
			return err
		}
		if err := c.appendBatch(); err != nil {
			return err
		}
		var to []string
		for _, id := range m.Attendees {
			if a, ok := roster.Member(id); ok && a.Person.ID != c.person.ID {
				to = append(to, a.Person.Email)
			}
		}
		eo, _ := roster.Member(r.eo.ID) // checkMeeting found them
		return c.event(EventMeetingRecorded, to, r.record.CentreID, "meeting/"+m.ID,
			fmt.Sprintf("%s recorded the %s of %s on %s", c.personName(), m.Kind, eo.Person.Name, m.Date.Format("2 January 2006")))
	})
	return m, err
}

// checkUpdates checks each of a meeting's updates against the record's
// targets as read: the target is the record's, and the new state is one the
// target can move to at this kind of meeting. What the form chose is
// input, so each is a problem with its update's fields, all of them at
// once, rather than the clash a change to one target gets (targetAction);
// who may make each change changeTarget decides, as for one made alone.
func checkUpdates(in MeetingInput, targets []Target) error {
	var v validation
	for n, u := range in.Updates {
		field := fmt.Sprintf("updates[%d].", n)
		i := slices.IndexFunc(targets, func(t Target) bool { return t.ID == u.TargetID })
		if i < 0 {
			v.check(false, field+"target", FieldNotInList, params("value", u.TargetID), fmt.Sprintf("%q is not a target of this record: choose one of the record's %d targets", u.TargetID, len(targets)))
			continue
		}
		t := targets[i]
		if _, err := targetAction(t.State, u.State, in.Kind); err != nil {
			var moves []string
			for _, to := range []TargetState{TargetAgreed, TargetInProgress, TargetReadyForReview, TargetAchieved, TargetWithdrawn} {
				if _, err := targetAction(t.State, to, in.Kind); err == nil && to != t.State {
					moves = append(moves, to.String())
				}
			}
			what := fmt.Sprintf("%q is %s and cannot become %s", t.Title, t.State, u.State)
			switch {
			case u.State == t.State:
				what = fmt.Sprintf("%q is already %s", t.Title, t.State)
			case t.State == TargetWithdrawn:
				what = fmt.Sprintf("%q is withdrawn: nothing in it changes", t.Title)
			}
			if len(moves) > 0 {
				what += ": choose " + orList(moves) + ", or no new state"
			}
			v.check(false, field+"state", FieldNotInList, params("value", string(u.State), "from", string(t.State), "target", t.Title), what)
		}
	}
	return v.err()
}

// orList writes words as a list ending in "or": "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func (c *call) checkMeeting(in *MeetingInput, r onRecord, roster Roster) error {
	var v validation
	v.check(slices.Contains(meetingKinds, in.Kind), "kind", FieldNotInList, params("value", string(in.Kind)), fmt.Sprintf("%q is not a kind of meeting: choose a target-setting meeting, a progress review or a final review", in.Kind))
	in.Date = Day(in.Date)
	today := Day(c.now)
	dayWanted(&v, "date", "the meeting's date", in.Date, r.record.Year, today)
	in.Attendees = slices.Compact(slices.Sorted(slices.Values(in.Attendees)))
	v.check(len(in.Attendees) <= MaxAttendeesOfMeeting, "attendees", FieldTooMany, params("max", strconv.Itoa(MaxAttendeesOfMeeting)), fmt.Sprintf("a meeting has at most %d attendees", MaxAttendeesOfMeeting))
	v.check(len(in.Support) <= MaxSupportPerMeeting, "support", FieldTooMany, params("max", strconv.Itoa(MaxSupportPerMeeting)), fmt.Sprintf("a meeting arranges at most %d support actions", MaxSupportPerMeeting))
	eo, _ := roster.Member(r.eo.ID)
	v.check(slices.Contains(in.Attendees, r.eo.ID), "attendees", FieldMustInclude, params("role", "exams_officer", "name", eo.Person.Name), fmt.Sprintf("the exams officer, %s, is not among the attendees: a meeting on a record includes its exams officer", eo.Person.Name))
	v.check(slices.ContainsFunc(in.Attendees, func(id string) bool {
		o, ok := roster.Member(id)
		return ok && o.Registration.Approved() && slices.Contains(eo.Overseers, id)
	}), "attendees", FieldMustInclude, params("role", "overseer", "name", ""), "no overseer of the exams officer is among the attendees: include at least one")
	for _, id := range in.Attendees {
		m, ok := roster.Member(id)
		v.check(ok && m.Registration.Approved(), "attendees", FieldNotApproved, params("value", id), fmt.Sprintf("%q is not an approved member of the centre this year: choose attendees from its members", id))
	}
	var err error
	in.Notes, err = cleanText(in.Notes, MaxNotesLength)
	v.add("notes", err)
	seen := map[string]bool{}
	in.Updates = slices.Clone(in.Updates)
	for i := range in.Updates {
		u := &in.Updates[i]
		field := fmt.Sprintf("updates[%d].", i)
		v.check(!seen[u.TargetID], field+"target", FieldDuplicate, params("value", u.TargetID), fmt.Sprintf("target %q is updated twice: give one update a target", u.TargetID))
		seen[u.TargetID] = true
		_, err := ParseRating(string(u.Rating))
		v.add(field+"rating", err)
		u.Comment, err = cleanText(u.Comment, MaxCommentLength)
		v.add(field+"comment", err)
	}
	in.Support = slices.Clone(in.Support)
	for i := range in.Support {
		sup := &in.Support[i]
		field := fmt.Sprintf("support[%d].", i)
		sup.Description, err = cleanText(sup.Description, MaxReasonLength)
		v.add(field+"description", err)
		// A description refused as too long comes back empty: it is not
		// also missing, and one message (the limit) is the one to show.
		v.check(err != nil || sup.Description != "", field+"description", FieldRequired, nil, "the description is empty: say what support is arranged")
		owner, ok := roster.Member(sup.OwnerRegistrationID)
		v.check(ok && owner.Registration.Approved(), field+"owner", FieldNotApproved, params("value", sup.OwnerRegistrationID), fmt.Sprintf("%q is not an approved member of the centre this year: choose the owner from its members", sup.OwnerRegistrationID))
		sup.Due = Day(sup.Due)
		dayWanted(&v, field+"due", "a due date", sup.Due, r.record.Year, time.Time{})
	}
	return v.err()
}

// CompleteSupportAction marks a support action done: the exams officer or an
// overseer may.
func (s *Service) CompleteSupportAction(ctx context.Context, actor Actor, actionID string) (_ SupportAction, err error) {
	defer s.observe(&ctx, "CompleteSupportAction").done(&err)
	var a SupportAction
	err = s.update(ctx, actor, actCompleteAction, func(c *call) error {
		var err error
		if a, err = c.tx.SupportAction(c.ctx, actionID); err != nil {
			return err
		}
		r, err := c.changeRecord(actCompleteAction, a.RecordID, subject{})
		if err != nil {
			return err
		}
		if a.State == ActionDone {
			return conflict(ReasonSupportAlreadyDone, nil, "the support action is already done")
		}
		a.State, a.DoneAt = ActionDone, c.now
		if err := c.tx.UpdateSupportAction(c.ctx, a); err != nil {
			return err
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		return c.audit("support.done", "support/"+a.ID, r.record.CentreID, "support done: "+a.Description)
	})
	return a, err
}

// AddPrivateNote keeps an overseer's note on a record, which the exams
// officer does not see (R-MTG-5).
func (s *Service) AddPrivateNote(ctx context.Context, actor Actor, recordID, text string) (_ PrivateNote, err error) {
	defer s.observe(&ctx, "AddPrivateNote").done(&err)
	text, err = cleanText(text, MaxNotesLength)
	if text == "" && err == nil {
		return PrivateNote{}, invalid("text", FieldRequired, nil, "the note is empty: write the note")
	}
	if err != nil {
		// The note's one sentence covers every other refusal; the code
		// says which.
		var ve *ValidationError
		code, p := FieldInvalid, map[string]string(nil)
		if errors.As(err, &ve) {
			code, p = ve.Fields[0].Code, ve.Fields[0].Params
		}
		return PrivateNote{}, invalid("text", code, p, "write a note of at most %d characters", MaxNotesLength)
	}
	var n PrivateNote
	err = s.update(ctx, actor, actPrivateNote, func(c *call) error {
		var r onRecord
		err := c.sharingReads(func() (err error) {
			if r, err = c.changeRecord(actPrivateNote, recordID, subject{}); err != nil {
				return err
			}
			sheet, err := c.recordSheet(r.record.ID, RecordNotes)
			if err != nil {
				return err
			}
			return checkRoom(len(sheet.Notes), MaxNotesPerRecord, ReasonTooManyNotes, "a record holds at most %d private notes")
		})
		if err != nil {
			return err
		}
		n = PrivateNote{ID: c.newID(), RecordID: r.record.ID, AuthorID: c.person.ID, Text: text, At: c.now}
		if err := c.tx.CreatePrivateNote(c.ctx, n); err != nil {
			return err
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		// The audit trail is read by admins, and says only that a note exists.
		return c.audit("note.add", "record/"+r.record.ID, r.record.CentreID, "added a private note")
	})
	return n, err
}

// MeetingStore keeps meetings, support actions, private notes and
// signatures.
type MeetingStore interface {
	// CreateMeeting stores a meeting with its attendees and updates; its ID
	// is unique.
	CreateMeeting(ctx context.Context, m Meeting) error
	// Meetings lists a record's meetings in order of Date, then ID, each
	// with its attendees and updates in the order stored.
	Meetings(ctx context.Context, recordID string) ([]Meeting, error)

	// CreateSupportAction stores a support action; its ID is unique.
	CreateSupportAction(ctx context.Context, a SupportAction) error
	UpdateSupportAction(ctx context.Context, a SupportAction) error
	SupportAction(ctx context.Context, id string) (SupportAction, error)

	// CreatePrivateNote stores a note; its ID is unique.
	CreatePrivateNote(ctx context.Context, n PrivateNote) error

	// CreateSignature stores a signature; (RecordID, Side) is unique. Its
	// StatementVersion may be 0, the shipped text, which has no stored row.
	CreateSignature(ctx context.Context, s Signature) error
	// Signatures lists a record's signatures in order of At, then Side.
	Signatures(ctx context.Context, recordID string) ([]Signature, error)
}
