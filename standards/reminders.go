package standards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// RemindersDue is the host's daily call: for every open record of the
// academic year of now, it appends an EventReminderDue to the exams officer
// and their overseers (and, for FlagNoOverseer, the centre's admins) for
// each attention flag that applies and was not reminded for that record in
// the last ReminderInterval, and remembers it. It returns how many
// reminders it appended: calling it again the same day adds none.
// FlagLateRegistration is never reminded: it is a fact to show, not
// something to do. now is the host's moment of the run (usually
// time.Now()); it is taken as given, not from WithClock, so that a host can
// catch up a missed day.
//
// It reads the year's records and recent reminders once, then reminds one
// centre at a time, each centre in a transaction of its own, so that the
// platform's other commands wait for one centre's reminders at most, not
// for every centre's (at the national size, about 14,000 reminders a
// morning). A centre whose transaction conflicts (another call reminding
// it meanwhile, or the database refusing two transactions at once) is
// tried again, on the reminders as they then stand, up to three times. An
// error stops it with the count so far, every centre before it done and
// none after: calling it again finishes the day. Its reads grow
// with the number of centres with records that year, not with the number
// of exams officers.
func (s *Service) RemindersDue(ctx context.Context, now time.Time) (_ int, err error) {
	defer s.observe(&ctx, "RemindersDue").done(&err)
	now = now.UTC().Truncate(time.Microsecond)
	year := YearOf(now)
	today := Day(now)
	days := int(ReminderInterval / (24 * time.Hour))
	since := today.AddDate(0, 0, 1-days)
	var (
		centres  []string
		reminded map[reminderKey]bool
	)
	err = s.storeView(ctx, func(tx Tx) error {
		centres = nil // a run again after ErrTransient starts afresh
		recs, err := tx.RecordsByYear(ctx, year)
		if err != nil {
			return err
		}
		// The records come in order of centre, so a centre's open ones
		// are next to each other.
		for _, r := range recs {
			if !r.Closed() && (len(centres) == 0 || centres[len(centres)-1] != r.CentreID) {
				centres = append(centres, r.CentreID)
			}
		}
		reminded, err = remindedSince(ctx, tx, since)
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, centreID := range centres {
		sent, err := s.remindCentre(ctx, centreID, year, now, today, reminded)
		// A conflict is another call's reminders at the same centre (the
		// reminder's key taken): the centre is tried again on the
		// reminders as they now stand, which skips what the other call
		// sent. (A database's refusal of two transactions at once is
		// ErrTransient, which remindCentre's storeUpdate has tried again
		// already.)
		for try := 1; errors.Is(err, ErrConflict) && try < reminderTries; try++ {
			if err = s.storeView(ctx, func(tx Tx) (err error) {
				reminded, err = remindedSince(ctx, tx, since)
				return err
			}); err == nil {
				sent, err = s.remindCentre(ctx, centreID, year, now, today, reminded)
			}
		}
		if err != nil {
			return n, err
		}
		n += sent
	}
	s.logger.DebugContext(ctx, "standards: reminders appended", "count", n)
	return n, nil
}

// reminderKey is a flag of a record, reminded lately.
type reminderKey struct {
	record string
	code   FlagCode
}

// remindedSince gives the flags of records reminded on or after since.
func remindedSince(ctx context.Context, tx Tx, since time.Time) (map[reminderKey]bool, error) {
	recent, err := tx.RemindersSince(ctx, since)
	if err != nil {
		return nil, err
	}
	out := make(map[reminderKey]bool, len(recent))
	for _, r := range recent {
		out[reminderKey{r.RecordID, r.Code}] = true
	}
	return out, nil
}

// remindCentre appends the reminders due at one centre, in one
// transaction, and returns how many.
func (s *Service) remindCentre(ctx context.Context, centreID string, year AcademicYear, now, today time.Time, reminded map[reminderKey]bool) (int, error) {
	var sent int
	err := s.storeUpdate(ctx, func(tx Tx) error {
		sent = 0
		c := &call{svc: s, ctx: ctx, tx: tx, actor: SystemActor("reminders"), now: now}
		cy, err := c.loadCentreYear(centreID, year)
		if err != nil {
			return err
		}
		centre := cy.roster.Centre
		for _, m := range cy.examsOfficers() {
			for _, f := range Flags(cy.facts(m, now, s.meetingGap)) {
				if f.Code == FlagLateRegistration || reminded[reminderKey{m.RecordID, f.Code}] {
					continue
				}
				seq, err := tx.AppendEvent(ctx, Event{
					ID: s.ids.next(now), At: now, Kind: EventReminderDue, To: cy.reminderTo(m, f.Code), CentreID: centre.ID,
					Subject: "record/" + m.RecordID,
					Summary: fmt.Sprintf("%s's standards record for %s: %s", m.Person.Name, year, f.Message),
				})
				if err != nil {
					return err
				}
				if err := tx.CreateReminder(ctx, Reminder{RecordID: m.RecordID, Code: f.Code, Day: today, At: now, EventSeq: seq}); err != nil {
					return err
				}
				sent++
			}
		}
		if sent == 0 {
			return nil
		}
		return c.audit("reminders.due", "centre/"+centre.ID, centre.ID,
			plural(sent, "reminder", "reminders")+" due on "+today.Format("2 January 2006"))
	})
	return sent, err
}

// reminderTo is who hears of a flag of m's record: the exams officer and
// their approved overseers, and for FlagNoOverseer the centre's admins,
// who assign overseers.
func (cy centreYear) reminderTo(m Member, code FlagCode) []string {
	to := []string{m.Person.Email}
	add := func(o Member) {
		if !slices.Contains(to, o.Person.Email) {
			to = append(to, o.Person.Email)
		}
	}
	for _, id := range m.Overseers {
		if o, ok := cy.roster.Member(id); ok && o.Registration.Approved() {
			add(o)
		}
	}
	if code == FlagNoOverseer {
		for _, o := range cy.roster.Members {
			if o.Registration.IsAdmin() {
				add(o)
			}
		}
	}
	return to
}

// Reminder remembers that a flag of a record was reminded on a day, so
// that the daily reminders do not repeat it (see Service.RemindersDue).
type Reminder struct {
	RecordID string
	Code     FlagCode
	// Day is the UK calendar day of the reminder, as midnight UTC.
	Day time.Time
	// At is when it was appended, and EventSeq the outbox event that
	// carried it.
	At       time.Time
	EventSeq int64
}

// ReminderStore keeps the reminders sent.
type ReminderStore interface {
	// CreateReminder stores a reminder; (RecordID, Code, Day) is unique.
	CreateReminder(ctx context.Context, r Reminder) error
	// RemindersSince lists the reminders of every record with Day on or
	// after since, in order of Day, then RecordID, then Code.
	RemindersSince(ctx context.Context, since time.Time) ([]Reminder, error)
}
