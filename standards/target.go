package standards

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TargetState is where a target stands (R-TGT-2).
type TargetState string

const (
	// TargetProposed waits for the other side to agree.
	TargetProposed TargetState = "proposed"
	// TargetAgreed is agreed by both sides.
	TargetAgreed TargetState = "agreed"
	// TargetInProgress is being worked on.
	TargetInProgress TargetState = "in_progress"
	// TargetReadyForReview is the exams officer saying it is done; only an
	// overseer marks it achieved (R-TGT-3).
	TargetReadyForReview TargetState = "ready_for_review"
	// TargetAchieved is achieved, as an overseer confirmed.
	TargetAchieved TargetState = "achieved"
	// TargetWithdrawn is set aside with a reason.
	TargetWithdrawn TargetState = "withdrawn"
)

// String gives the state in words.
func (s TargetState) String() string {
	switch s {
	case TargetInProgress:
		return "in progress"
	case TargetReadyForReview:
		return "ready for review"
	}
	return string(s)
}

// Side is which side of a record acted: the exams officer or an overseer.
type Side string

// The two sides of a record. Either proposes targets for the other to agree;
// the exams officer signs the statement and an overseer countersigns it.
const (
	SideEO       Side = "eo"
	SideOverseer Side = "overseer"
)

// Rating is a red, amber or green progress rating.
type Rating string

// The progress ratings; RatingNone is no rating at all.
const (
	RatingNone  Rating = ""
	RatingRed   Rating = "red"
	RatingAmber Rating = "amber"
	RatingGreen Rating = "green"
)

// ParseRating reads "red", "amber", "green" or "" (no rating).
func ParseRating(s string) (Rating, error) {
	switch r := Rating(s); r {
	case RatingNone, RatingRed, RatingAmber, RatingGreen:
		return r, nil
	}
	return "", invalid("rating", FieldNotInList, params("value", s), "%q is not a rating: choose red, amber or green", s)
}

// Target is one of a record's targets (R-TGT-1).
type Target struct {
	ID       string
	RecordID string
	Area     KeyArea
	Title    string
	// Description and SuccessMeasure are optional.
	Description    string
	SuccessMeasure string
	// Due is an optional UK due day inside the academic year, as Day keeps
	// it: midnight UTC of that day; zero when none.
	Due time.Time
	// CatalogueItemID names the suggested area it was drawn from, if any.
	CatalogueItemID string
	State           TargetState
	// ProposedBy is the side that proposed it; the other side agrees.
	ProposedBy Side
	Rating     Rating
	// WithdrawnReason is set when the target is withdrawn.
	WithdrawnReason string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Counts reports whether the target counts towards its key area: every
// target but a withdrawn one must be achieved.
func (t Target) Counts() bool { return t.State != TargetWithdrawn }

// TargetChange is one entry of a target's history (R-TGT-7): a state change,
// a rating or a comment, with who and when.
type TargetChange struct {
	// Seq orders a record's history; the store assigns it.
	Seq      int64
	TargetID string
	RecordID string
	At       time.Time
	// By is the person who made the change.
	By      string
	From    TargetState
	To      TargetState
	Rating  Rating
	Comment string
	// MeetingID is the meeting that made the change, if one did.
	MeetingID string
}

// Warning is advice the UI shows, never an error (R-TGT-5).
type Warning struct {
	Code WarningCode
	// Params are the values a translation of Code needs, named as the
	// code's documentation lists them.
	Params  map[string]string
	Message string
}

// WarningCode names one kind of advice on a record's targets, stably, as
// FlagCode and UnmetCode do.
type WarningCode string

// The warning codes, with their Params.
const (
	// WarnManyKeySkills {count}: more than three Key Skills targets.
	WarnManyKeySkills WarningCode = "many_key_skills"
	// WarnDuePassed {title, due}: a target not achieved is past its due
	// date.
	WarnDuePassed WarningCode = "due_date_passed"
	// WarnDuplicateTitle {title, count}: more than one target of the record
	// (withdrawn ones aside) has the same title, ignoring case and spaces at
	// either end; most likely one was proposed twice by mistake.
	WarnDuplicateTitle WarningCode = "duplicate_title"
)

// WarningCodes lists every warning code.
func WarningCodes() []WarningCode {
	return []WarningCode{WarnManyKeySkills, WarnDuePassed, WarnDuplicateTitle}
}

// TargetInput is the form for proposing a target (R-TGT-1).
type TargetInput struct {
	// Area is AreaKnowledge or AreaSkills; it may be left empty when the
	// target is drawn from a catalogue item, whose area it takes.
	Area KeyArea
	// Title is 1 to 200 characters; drawn from an item, it defaults to the
	// item's title.
	Title          string
	Description    string
	SuccessMeasure string
	// Due is an optional due date inside the academic year; only its UK
	// day counts (Day), whatever zone it carries (R-DAY-1).
	Due time.Time
	// CatalogueItemID draws the target from the catalogue's suggested areas.
	CatalogueItemID string
}

// dayWanted says what is wrong with a day given for a field of year's
// record, and what would do: "" when the day is within the year (and, for
// notAfter, not after that day), the message otherwise (R-DAY-1).
func dayWanted(v *validation, field, what string, d time.Time, year AcademicYear, notAfter time.Time) {
	from, to := year.Start().Format(dayLayout), lastDay(year).Format(dayLayout)
	switch {
	case d.IsZero():
		v.check(false, field, FieldRequired, nil, fmt.Sprintf("give %s: a day from %s to %s", what, from, to))
	case !inYear(d, year):
		v.check(false, field, FieldDayNotInYear, params("value", d.Format(dayLayout), "year", year.String(), "from", from, "to", to),
			fmt.Sprintf("%s is not in %s: give a day from %s to %s", d.Format(dayLayout), year, from, to))
	case !notAfter.IsZero() && d.After(notAfter):
		v.check(false, field, FieldDayInFuture, params("value", d.Format(dayLayout), "today", notAfter.Format(dayLayout)),
			fmt.Sprintf("%s is in the future: give a day from %s to today, %s", d.Format(dayLayout), from, notAfter.Format(dayLayout)))
	}
}

// dayLayout writes a day in messages: 1 September 2025.
const dayLayout = "2 January 2006"

// lastDay is the last day of year, 31 August.
func lastDay(year AcademicYear) time.Time { return Day(year.End().Add(-time.Nanosecond)) }

// inYear reports whether the day d (as Day returns it) falls within
// academic year y.
func inYear(d time.Time, y AcademicYear) bool {
	first := time.Date(int(y), time.September, 1, 0, 0, 0, 0, time.UTC)
	return !d.Before(first) && d.Before(first.AddDate(1, 0, 0))
}

func (s *Service) checkTarget(in TargetInput, year AcademicYear) (TargetInput, error) {
	var v validation
	if in.CatalogueItemID != "" {
		item, ok := s.catalogue.For(year).Item(in.CatalogueItemID)
		v.check(ok, "catalogue_item", FieldNotInList, params("value", in.CatalogueItemID), fmt.Sprintf("%q is not a suggested area in the catalogue for %s: choose one of its list", in.CatalogueItemID, year))
		if ok {
			if in.Area == "" {
				in.Area = item.Area
			}
			v.check(in.Area == item.Area, "area", FieldAreaMismatch, params("item", item.Title, "item_area", string(item.Area), "area", string(in.Area)), fmt.Sprintf("the suggested area %q belongs to %s, not %s: leave the area to it", item.Title, item.Area, in.Area))
			if in.Title == "" {
				in.Title = item.Title
			}
		}
	}
	_, err := ParseTargetArea(string(in.Area))
	v.add("area", err)
	in.Title, err = cleanTitle(in.Title)
	v.add("title", err)
	in.Description, err = cleanText(in.Description, MaxDescriptionLength)
	v.add("description", err)
	in.SuccessMeasure, err = cleanText(in.SuccessMeasure, MaxMeasureLength)
	v.add("success_measure", err)
	in.Due = Day(in.Due)
	if !in.Due.IsZero() {
		dayWanted(&v, "due", "a due date", in.Due, year, time.Time{})
	}
	return in, v.err()
}

// targetWarnings is the advice of R-TGT-5 on a record's targets: more than
// three Key Skills targets, an open target already past its due date, or
// two targets with the same title (advice too: the rules do not forbid it,
// but it is most often a slip).
func targetWarnings(targets []Target, now time.Time) []Warning {
	var out []Warning
	skills := 0
	for _, t := range targets {
		if t.Area == AreaSkills && t.Counts() {
			skills++
		}
	}
	if skills > 3 {
		out = append(out, Warning{Code: WarnManyKeySkills, Params: params("count", strconv.Itoa(skills)), Message: fmt.Sprintf(
			"%d Key Skills targets: the NAEO recommends one or two Key Skills a year, and realistic targets", skills)})
	}
	today := Day(now)
	for _, t := range targets {
		if !t.Due.IsZero() && t.Due.Before(today) && t.State != TargetAchieved && t.Counts() {
			out = append(out, Warning{Code: WarnDuePassed, Params: params("title", t.Title, "due", t.Due.Format(dayLayout)), Message: fmt.Sprintf("%s was due on %s", quoted(t.Title), t.Due.Format("2 January 2006"))})
		}
	}
	seen := map[string]int{}
	var order []string
	first := map[string]string{}
	for _, t := range targets {
		if !t.Counts() {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(t.Title))
		if seen[key] == 0 {
			order = append(order, key)
			first[key] = t.Title
		}
		seen[key]++
	}
	for _, key := range order {
		if n := seen[key]; n > 1 {
			out = append(out, Warning{Code: WarnDuplicateTitle, Params: params("title", first[key], "count", strconv.Itoa(n)), Message: fmt.Sprintf(
				"%d targets are called %s: withdraw one if it was proposed twice by mistake", n, quoted(first[key]))})
		}
	}
	return out
}

// TargetMoves are the changes a person may make to one target on its own
// (outside a meeting), by the target's state and how the person stands to
// the record: what a page offers, so that it never offers a change the
// library would refuse or one to the state the target is already in.
type TargetMoves struct {
	// Agree: the target is proposed and the person is on the side that did
	// not propose it (R-TGT-2).
	Agree bool
	// Progress is the state a progress update moves the target to for this
	// person, or "" for none: the exams officer says a target they are
	// working on is ready for review; an overseer says an agreed target is
	// in progress, or a target ready for review needs more work (R-TGT-2,
	// R-TGT-3).
	Progress TargetState
	// Achieve: only an overseer, of a target agreed or further on and not
	// yet achieved (R-TGT-3).
	Achieve bool
	// Reopen: only an overseer, of an achieved target (R-TGT-3).
	Reopen bool
	// Withdraw: either side, of any target not achieved or withdrawn
	// (R-TGT-2).
	Withdraw bool
}

// Any says the person may make at least one change.
func (m TargetMoves) Any() bool {
	return m.Agree || m.Progress != "" || m.Achieve || m.Reopen || m.Withdraw
}

// MovesOnTarget says which changes the exams officer (examsOfficer) or an
// overseer (overseer) may make to t on its own; someone who is neither may
// make none. Whether the record is still open, and the exams officer still
// approved, is the caller's to check first (R-TGT-4).
func MovesOnTarget(t Target, examsOfficer, overseer bool) TargetMoves {
	var m TargetMoves
	if !examsOfficer && !overseer {
		return m
	}
	working := t.State == TargetAgreed || t.State == TargetInProgress || t.State == TargetReadyForReview
	m.Agree = t.State == TargetProposed &&
		((t.ProposedBy == SideEO && overseer) || (t.ProposedBy == SideOverseer && examsOfficer))
	switch {
	case examsOfficer && (t.State == TargetAgreed || t.State == TargetInProgress):
		m.Progress = TargetReadyForReview
	case overseer && (t.State == TargetAgreed || t.State == TargetReadyForReview):
		m.Progress = TargetInProgress
	}
	m.Achieve = overseer && working
	m.Reopen = overseer && t.State == TargetAchieved
	m.Withdraw = t.State != TargetAchieved && t.State != TargetWithdrawn
	return m
}

// Catalogue returns the edition of the suggested areas in force for a year,
// for a page to list. It is public data: the host's call, with no actor.
func (s *Service) Catalogue(year AcademicYear) CatalogueEdition {
	return s.catalogue.For(year)
}

// ProposeTarget proposes a target on a record, drawn from the catalogue or
// written afresh; the other side agrees it (R-TGT-2). The exams officer or an
// overseer may propose. The warnings are advice to show, never a refusal
// (R-TGT-5).
func (s *Service) ProposeTarget(ctx context.Context, actor Actor, recordID string, in TargetInput) (_ Target, _ []Warning, err error) {
	defer s.observe(&ctx, "ProposeTarget").done(&err)
	var t Target
	var warnings []Warning
	err = s.update(ctx, actor, actProposeTarget, func(c *call) error {
		r, err := c.changeRecord(actProposeTarget, recordID, subject{})
		if err != nil {
			return err
		}
		if in, err = s.checkTarget(in, r.record.Year); err != nil {
			return err
		}
		if t, err = c.proposeTarget(&r, in); err != nil {
			return err
		}
		if warnings, err = c.warningsOn(r.record.ID); err != nil {
			return err
		}
		return c.tellOtherSide(r, fmt.Sprintf("%s proposed the target %s", c.personName(), quoted(t.Title)))
	})
	return t, warnings, err
}

func (c *call) proposeTarget(r *onRecord, in TargetInput) (Target, error) {
	if r.targets < 0 {
		have, err := c.tx.Targets(c.ctx, r.record.ID)
		if err != nil {
			return Target{}, err
		}
		r.targets = len(have)
	}
	if err := checkRoom(r.targets, MaxTargetsPerRecord, ReasonTooManyTargets, "a record holds at most %d targets, withdrawn ones included"); err != nil {
		return Target{}, err
	}
	r.targets++
	// A record lists its targets by CreatedAt, then ID, and ids of one
	// millisecond sort at random: the targets of one command (a template,
	// a carry forward) are stamped a microsecond apart, the precision every
	// Store keeps, so that they list in the order made.
	at := c.now.Add(time.Duration(r.made) * time.Microsecond)
	r.made++
	t := Target{
		ID: c.newID(), RecordID: r.record.ID, Area: in.Area, Title: in.Title, Description: in.Description,
		SuccessMeasure: in.SuccessMeasure, Due: in.Due, CatalogueItemID: in.CatalogueItemID,
		State: TargetProposed, ProposedBy: r.side(), CreatedAt: at, UpdatedAt: at,
	}
	if err := c.tx.CreateTarget(c.ctx, t); err != nil {
		return t, err
	}
	if _, err := c.tx.AppendTargetChange(c.ctx, TargetChange{
		TargetID: t.ID, RecordID: t.RecordID, At: c.now, By: c.person.ID, To: TargetProposed,
	}); err != nil {
		return t, err
	}
	if err := c.touch(r); err != nil {
		return t, err
	}
	return t, c.audit("target.propose", "target/"+t.ID, r.record.CentreID,
		fmt.Sprintf("proposed %s target %s", t.Area, quoted(t.Title)))
}

// warningsOn is the advice on a record's targets now.
func (c *call) warningsOn(recordID string) ([]Warning, error) {
	targets, err := c.tx.Targets(c.ctx, recordID)
	if err != nil {
		return nil, err
	}
	return targetWarnings(targets, c.now), nil
}

// tellOtherSide sends EventTargetsProposed to the side of the record that
// did not act.
func (c *call) tellOtherSide(r onRecord, summary string) error {
	var to []string
	if r.st.owner {
		var err error
		if to, err = c.overseerEmails(r); err != nil {
			return err
		}
	} else {
		eo, err := c.eoPerson(r)
		if err != nil {
			return err
		}
		to = []string{eo.Email}
	}
	return c.event(EventTargetsProposed, to, r.record.CentreID, "record/"+r.record.ID, summary)
}

// ApplyTemplate proposes every target of a starter template in one step: an
// overseer may.
func (s *Service) ApplyTemplate(ctx context.Context, actor Actor, recordID, templateID string) (_ []Target, _ []Warning, err error) {
	defer s.observe(&ctx, "ApplyTemplate").done(&err)
	var out []Target
	var warnings []Warning
	err = s.update(ctx, actor, actApplyTemplate, func(c *call) error {
		out = nil // a run again after ErrTransient starts afresh
		r, err := c.changeRecord(actApplyTemplate, recordID, subject{})
		if err != nil {
			return err
		}
		edition := s.catalogue.For(r.record.Year)
		tmpl, ok := edition.Template(templateID)
		if !ok {
			return invalid("template", FieldNotInList, params("value", templateID), "%q is not a starter template for %s: choose one of the catalogue's", templateID, r.record.Year)
		}
		for _, tt := range tmpl.Targets {
			in, err := s.checkTarget(TargetInput{CatalogueItemID: tt.ItemID, SuccessMeasure: tt.SuccessMeasure}, r.record.Year)
			if err != nil {
				return err
			}
			t, err := c.proposeTarget(&r, in)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		if warnings, err = c.warningsOn(r.record.ID); err != nil {
			return err
		}
		return c.tellOtherSide(r, fmt.Sprintf("%s proposed %d targets from the template %s", c.personName(), len(out), quoted(tmpl.Name)))
	})
	return out, warnings, err
}

// AgreeTarget agrees a proposed target, as the side that did not propose it
// (R-TGT-2).
func (s *Service) AgreeTarget(ctx context.Context, actor Actor, targetID string) (_ Target, err error) {
	defer s.observe(&ctx, "AgreeTarget").done(&err)
	return s.moveTarget(ctx, actor, targetID, TargetAgreed, RatingNone, "")
}

// TargetProgress is an update to a target's progress: an optional new state
// (in progress, or ready for review), an optional rating and a comment.
type TargetProgress struct {
	State   TargetState
	Rating  Rating
	Comment string
}

// UpdateTarget records progress on a target: the exams officer or an
// overseer may. The exams officer marks a target ready for review; only an
// overseer marks it achieved (AchieveTarget).
func (s *Service) UpdateTarget(ctx context.Context, actor Actor, targetID string, p TargetProgress) (_ Target, err error) {
	defer s.observe(&ctx, "UpdateTarget").done(&err)
	if p.State != "" && p.State != TargetInProgress && p.State != TargetReadyForReview {
		return Target{}, invalid("state", FieldNotInList, params("value", string(p.State)), "%q is not a state progress moves a target to: choose in progress or ready for review", p.State)
	}
	return s.moveTarget(ctx, actor, targetID, p.State, p.Rating, p.Comment)
}

// AchieveTarget marks a target achieved: only an overseer may (R-TGT-3).
func (s *Service) AchieveTarget(ctx context.Context, actor Actor, targetID, comment string) (_ Target, err error) {
	defer s.observe(&ctx, "AchieveTarget").done(&err)
	return s.moveTarget(ctx, actor, targetID, TargetAchieved, RatingGreen, comment)
}

// ReopenTarget reopens an achieved target, back to in progress: only an
// overseer may, until the certificate is claimed (R-TGT-3).
func (s *Service) ReopenTarget(ctx context.Context, actor Actor, targetID, reason string) (_ Target, err error) {
	defer s.observe(&ctx, "ReopenTarget").done(&err)
	return s.moveTarget(ctx, actor, targetID, TargetInProgress, RatingNone, reason)
}

// WithdrawTarget withdraws a target that is not achieved, with a reason
// (R-TGT-2): the exams officer or an overseer may.
func (s *Service) WithdrawTarget(ctx context.Context, actor Actor, targetID, reason string) (_ Target, err error) {
	defer s.observe(&ctx, "WithdrawTarget").done(&err)
	reason, err = checkReason(reason)
	if err != nil {
		return Target{}, err
	}
	return s.moveTarget(ctx, actor, targetID, TargetWithdrawn, RatingNone, reason)
}

func (s *Service) moveTarget(ctx context.Context, actor Actor, targetID string, to TargetState, rating Rating, comment string) (Target, error) {
	var t Target
	err := s.update(ctx, actor, actUpdateTarget, func(c *call) error {
		var err error
		t, err = c.tx.Target(c.ctx, targetID)
		if err != nil {
			return err
		}
		rec, err := c.tx.Record(c.ctx, t.RecordID)
		if err != nil {
			return err
		}
		r, err := c.recordFacts(rec)
		if err != nil {
			return err
		}
		t, err = c.changeTarget(&r, t, TargetUpdate{TargetID: t.ID, State: to, Rating: rating, Comment: comment}, "", "")
		return err
	})
	return t, err
}

// targetAction is the action a change of a target from one state to another
// is, for the policy to decide; at a target-setting meeting both sides are
// present, so agreeing there needs no other side (R-TGT-2).
func targetAction(from, to TargetState, meeting MeetingKind) (action, error) {
	switch {
	case from == TargetWithdrawn:
		return "", conflict(ReasonTargetWithdrawn, nil, "the target is withdrawn")
	case to == "" || (to == from && (to == TargetInProgress || to == TargetReadyForReview)):
		return actUpdateTarget, nil
	case to == from:
		return "", conflict(ReasonTargetAlreadyInState, params("state", string(to)), "the target is already %s", to)
	}
	switch {
	case from == TargetProposed && to == TargetAgreed:
		if meeting == MeetingTargetSetting {
			return actUpdateTarget, nil
		}
		return actAgreeTarget, nil
	case from == TargetAchieved && to == TargetInProgress:
		return actAchieveTarget, nil
	case to == TargetAchieved && (from == TargetAgreed || from == TargetInProgress || from == TargetReadyForReview):
		return actAchieveTarget, nil
	case to == TargetWithdrawn && from != TargetAchieved && from != TargetWithdrawn:
		return actWithdrawTarget, nil
	case (to == TargetInProgress || to == TargetReadyForReview) &&
		(from == TargetAgreed || from == TargetInProgress || from == TargetReadyForReview):
		return actUpdateTarget, nil
	}
	return "", conflict(ReasonTargetTransitionRefused, params("from", string(from), "to", string(to)), "a target that is %s cannot become %s", from, to)
}

// changeTarget applies one update to a target of the record r, deciding who
// may by the transition it makes, and records it in the target's history.
// Outside a meeting it saves the record's version; meetingID names the
// meeting making it, if any, which saves the version once for all its
// updates.
func (c *call) changeTarget(r *onRecord, t Target, u TargetUpdate, meetingID string, meeting MeetingKind) (Target, error) {
	if !atCentre(r.st) {
		return t, ErrNotFound
	}
	if _, err := ParseRating(string(u.Rating)); err != nil {
		return t, err
	}
	comment, err := cleanText(u.Comment, MaxCommentLength)
	if err != nil {
		var v validation
		v.add("comment", err)
		return t, v.err()
	}
	// Authority before state: someone who may change none of the record's
	// targets learns nothing of this one's state from the answer.
	if err := authorize(actUpdateTarget, r.st, subject{}); err != nil {
		return t, err
	}
	act, err := targetAction(t.State, u.State, meeting)
	if err != nil {
		return t, err
	}
	if err := authorize(act, r.st, subject{proposedBy: t.ProposedBy}); err != nil {
		return t, err
	}
	if err := r.open(); err != nil {
		return t, err
	}
	if u.State == TargetWithdrawn && comment == "" {
		return t, invalid("reason", FieldRequired, nil, "give a reason")
	}
	from := t.State
	if u.State != "" {
		t.State = u.State
	}
	if u.Rating != RatingNone {
		t.Rating = u.Rating
	}
	if t.State == TargetWithdrawn {
		t.WithdrawnReason = comment
	}
	t.UpdatedAt = c.now
	if err := c.tx.UpdateTarget(c.ctx, t); err != nil {
		return t, err
	}
	change := TargetChange{
		TargetID: t.ID, RecordID: t.RecordID, At: c.now, By: c.person.ID,
		From: from, To: t.State, Rating: u.Rating, Comment: comment, MeetingID: meetingID,
	}
	if c.batch != nil {
		c.batch.changes = append(c.batch.changes, change)
	} else if _, err := c.tx.AppendTargetChange(c.ctx, change); err != nil {
		return t, err
	}
	if meetingID == "" {
		if err := c.touch(r); err != nil {
			return t, err
		}
	}
	summary := fmt.Sprintf("target %s: %s", quoted(t.Title), from)
	if from != t.State {
		summary += " → " + t.State.String()
	}
	if u.Rating != RatingNone {
		summary += ", rated " + string(u.Rating)
	}
	if utf8.RuneCountInString(comment) > 0 {
		summary += ": " + comment
	}
	return t, c.audit("target.update", "target/"+t.ID, r.record.CentreID, summary)
}

// TargetStore keeps targets and their history.
type TargetStore interface {
	// CreateTarget stores a target; its ID is unique.
	CreateTarget(ctx context.Context, t Target) error
	// UpdateTarget replaces the target with t.ID. The service never changes
	// a target's record or CreatedAt, so a store may leave them as stored.
	UpdateTarget(ctx context.Context, t Target) error
	Target(ctx context.Context, id string) (Target, error)
	// Targets lists a record's targets in order of CreatedAt, then ID.
	Targets(ctx context.Context, recordID string) ([]Target, error)
	// AppendTargetChange stores the changes in the order given, each with a
	// sequence number greater than any before, and returns the last one's
	// (0 for none). A meeting's updates are appended in one call, which a
	// store should write in one statement.
	AppendTargetChange(ctx context.Context, changes ...TargetChange) (int64, error)
}
