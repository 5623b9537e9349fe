package standards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// WithMeetingGap sets how long without a meeting raises FlagNoRecentMeeting,
// counted in whole days; zero or less means DefaultMeetingGap (90 days).
func WithMeetingGap(d time.Duration) Option {
	return func(s *Service) { s.meetingGap = max(d, 0) }
}

// EventReminderDue is a reminder of an attention flag, appended by
// RemindersDue to the exams officer and their overseers.
const EventReminderDue EventKind = "reminder.due"

// ReminderInterval is how long RemindersDue waits before it reminds a flag
// of a record again while the flag still applies: a week, so that a flag
// that stays up is not mailed every day.
const ReminderInterval = 7 * 24 * time.Hour

// RecordFlags returns the attention flags of a record, in the order of
// Flags. The exams officer, their overseers and the centre's admins may see
// them, and so may the leads of the centre's trust and the operator.
func (s *Service) RecordFlags(ctx context.Context, actor Actor, recordID string) (_ []Flag, err error) {
	defer s.observe(&ctx, "RecordFlags").done(&err)
	var out []Flag
	err = s.view(ctx, actor, func(c *call) error {
		r, err := c.recordInScope(actViewFlags, recordID, subject{})
		if err != nil {
			return err
		}
		overseers, err := c.overseersOf(r)
		if err != nil {
			return err
		}
		f := FlagFacts{
			Registration: r.eo, HasOverseer: len(overseers) > 0, OpenedAt: r.record.CreatedAt,
			Certified: r.record.Closed(), Now: c.now, MeetingGap: s.meetingGap,
		}
		id := r.record.ID
		if f.Targets, err = c.tx.Targets(c.ctx, id); err != nil {
			return err
		}
		if f.Signatures, err = c.tx.Signatures(c.ctx, id); err != nil {
			return err
		}
		meetings, err := c.tx.Meetings(c.ctx, id)
		if err != nil {
			return err
		}
		f.LastMeeting = LastMeetingOf(meetings)
		if f.Actions, err = c.tx.SupportActions(c.ctx, id); err != nil {
			return err
		}
		out = Flags(f)
		return nil
	})
	return out, err
}

// CentreDashboard is a centre's exams officers for a year with how far each
// has come and what needs attention.
type CentreDashboard struct {
	Centre Centre
	Year   AcademicYear
	// ExamsOfficers are the approved exams officers, in order of
	// registration, that the viewer may see.
	ExamsOfficers []DashboardEntry
}

// DashboardEntry is one exams officer on a dashboard: what a row of a
// centre's list shows, so that a host draws the list from one call.
type DashboardEntry struct {
	ExamsOfficer Member
	// Overseers are the exams officer's approved overseers, in the order
	// they were assigned.
	Overseers []Member
	// RecordID is their standards record; Certified says it was claimed.
	RecordID  string
	Certified bool
	// Areas are the three key areas in order, as in Tracker.
	Areas []AreaProgress
	Flags []Flag
	// CPDHours is the CPD the record has logged in all.
	CPDHours float64
	// LastMeeting is the UK day of the record's latest meeting (as Day
	// keeps it); zero when it has none.
	LastMeeting time.Time
	// NextDue is the record's open target (neither achieved nor withdrawn)
	// with the earliest due day, one already past included; its ID is ""
	// when no open target has a due day.
	NextDue Target
}

// CentreDashboard lists a centre's approved exams officers for a year with
// their overseers, record, key-area progress, attention flags, CPD hours,
// latest meeting and next due target. The centre's admins,
// the leads of its trust and the operator see every exams officer; an
// approved senior leader or line manager sees those they oversee. It reads
// the same number of times however many exams officers the centre has.
func (s *Service) CentreDashboard(ctx context.Context, actor Actor, centreID string, year AcademicYear) (_ CentreDashboard, err error) {
	defer s.observe(&ctx, "CentreDashboard").done(&err)
	var out CentreDashboard
	err = s.view(ctx, actor, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		if err := year.Validate(); err != nil {
			return err
		}
		st, err := c.standingAt(centre, year)
		if err != nil {
			return err
		}
		if err := authorize(actViewDashboard, st, subject{}); err != nil {
			return err
		}
		all := st.own.IsAdmin() || st.trustLead || st.operator
		cy, err := c.loadCentreYear(centre, year)
		if err != nil {
			return err
		}
		hours, err := c.tx.CPDHoursByCentre(c.ctx, centre.ID, year)
		if err != nil {
			return err
		}
		hoursOf := make(map[string]float64, len(hours))
		for _, h := range hours {
			hoursOf[h.RecordID] = h.Hours
		}
		out = CentreDashboard{Centre: centre, Year: year}
		for _, m := range cy.examsOfficers() {
			if !all && !slices.Contains(m.Overseers, st.own.ID) {
				continue
			}
			rec := cy.records[m.RecordID]
			id := rec.ID
			out.ExamsOfficers = append(out.ExamsOfficers, DashboardEntry{
				ExamsOfficer: m, Overseers: cy.roster.approvedOverseers(m), RecordID: id, Certified: rec.Closed(),
				Areas:    areaProgress(cy.targets[id], cy.signatures[id]),
				Flags:    Flags(cy.facts(m, c.now, s.meetingGap)),
				CPDHours: hoursOf[id], LastMeeting: cy.lastMeeting[id], NextDue: nextDue(cy.targets[id]),
			})
		}
		return nil
	})
	return out, err
}

// approvedOverseers are m's overseers whose registration is approved, in
// the order they were assigned.
func (r Roster) approvedOverseers(m Member) []Member {
	var out []Member
	for _, id := range m.Overseers {
		if o, ok := r.Member(id); ok && o.Registration.Approved() {
			out = append(out, o)
		}
	}
	return out
}

// nextDue is the open target with the earliest due day (the earlier made
// of two due the same day), or the zero Target.
func nextDue(targets []Target) Target {
	var next Target
	for _, t := range targets {
		if t.Due.IsZero() || t.State == TargetAchieved || t.State == TargetWithdrawn {
			continue
		}
		if next.ID == "" || t.Due.Before(next.Due) {
			next = t
		}
	}
	return next
}

// centreYear is everything the flags of a centre's records need for a year,
// read with a fixed number of reads.
type centreYear struct {
	roster      Roster
	records     map[string]Record // by record id
	targets     map[string][]Target
	lastMeeting map[string]time.Time // by record id
	actions     map[string][]SupportAction
	signatures  map[string][]Signature
}

func (c *call) loadCentreYear(centre Centre, year AcademicYear) (centreYear, error) {
	var cy centreYear
	var err error
	if cy.roster, err = c.roster(centre, year, func(Registration) bool { return true }); err != nil {
		return cy, err
	}
	recs, err := c.recordsAt(centre.ID, year)
	if err != nil {
		return cy, err
	}
	cy.records = make(map[string]Record, len(recs))
	for _, r := range recs {
		cy.records[r.ID] = r
	}
	targets, err := c.tx.TargetsByCentre(c.ctx, centre.ID, year)
	if err != nil {
		return cy, err
	}
	last, err := c.tx.LastMeetingsByCentre(c.ctx, centre.ID, year)
	if err != nil {
		return cy, err
	}
	actions, err := c.tx.SupportActionsByCentre(c.ctx, centre.ID, year)
	if err != nil {
		return cy, err
	}
	sigs, err := c.tx.SignaturesByCentre(c.ctx, centre.ID, year)
	if err != nil {
		return cy, err
	}
	cy.targets = byRecord(targets, func(t Target) string { return t.RecordID })
	cy.lastMeeting = lastMeetingByRecord(last)
	cy.actions = byRecord(actions, func(a SupportAction) string { return a.RecordID })
	cy.signatures = byRecord(sigs, func(s Signature) string { return s.RecordID })
	return cy, nil
}

// byRecord groups xs by record. The stores list them record by record, so
// each group is a run of xs, kept without copying; a group split across
// runs is joined, as each run is capped at its length so that appending to
// one never writes over the next.
func byRecord[T any](xs []T, recordID func(T) string) map[string][]T {
	out := map[string][]T{}
	for i := 0; i < len(xs); {
		id := recordID(xs[i])
		j := i + 1
		for j < len(xs) && recordID(xs[j]) == id {
			j++
		}
		if prev, ok := out[id]; ok {
			out[id] = append(prev, xs[i:j]...)
		} else {
			out[id] = xs[i:j:j]
		}
		i = j
	}
	return out
}

// lastMeetingByRecord indexes the dates of records' latest meetings.
func lastMeetingByRecord(last []LastMeeting) map[string]time.Time {
	out := make(map[string]time.Time, len(last))
	for _, l := range last {
		out[l.RecordID] = l.Date
	}
	return out
}

// examsOfficers are the approved exams officers with a record, in roster
// order.
func (cy centreYear) examsOfficers() []Member {
	var out []Member
	for _, m := range cy.roster.Members {
		if m.Registration.Approved() && m.Registration.Roles.Has(RoleEO) && m.RecordID != "" {
			out = append(out, m)
		}
	}
	return out
}

func (cy centreYear) facts(m Member, now time.Time, gap time.Duration) FlagFacts {
	rec := cy.records[m.RecordID]
	id := rec.ID
	return FlagFacts{
		Registration: m.Registration, HasOverseer: !m.NoOverseer(cy.roster), OpenedAt: rec.CreatedAt,
		Targets: cy.targets[id], Signatures: cy.signatures[id], LastMeeting: cy.lastMeeting[id], Actions: cy.actions[id],
		Certified: rec.Closed(), Now: now, MeetingGap: gap,
	}
}

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

// reminderTries is how many times RemindersDue tries a centre that
// conflicts before it gives up with the conflict.
const reminderTries = 3

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
		centre, err := tx.Centre(ctx, centreID)
		if err != nil {
			return err
		}
		cy, err := c.loadCentreYear(centre, year)
		if err != nil {
			return err
		}
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
			fmt.Sprintf("%d reminders due on %s", sent, today.Format("2 January 2006")))
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
