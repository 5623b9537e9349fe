package standards

import (
	"context"
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

// reminderTries is how many times RemindersDue tries a centre that
// conflicts before it gives up with the conflict.
const reminderTries = 3

// DashboardStore reads what the attention flags of many records need, a
// centre's year at a time, so that a dashboard costs the same few reads
// however many exams officers the centre has.
type DashboardStore interface {
	// RecordsByYear lists every record of a year, at every centre, in
	// order of CentreID, then CreatedAt, then ID.
	RecordsByYear(ctx context.Context, year AcademicYear) ([]Record, error)
	// TargetsByCentre lists the targets of every record of a centre for a
	// year, in order of RecordID, then CreatedAt, then ID.
	TargetsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Target, error)
	// LastMeetingsByCentre lists, for every record of a centre for a year
	// that has a meeting, the date of its latest meeting, in order of
	// RecordID.
	LastMeetingsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]LastMeeting, error)
	// SupportActionsByCentre lists the support actions of every record of
	// a centre for a year, in order of RecordID, then Due, then ID.
	SupportActionsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]SupportAction, error)
	// SignaturesByCentre lists the signatures of every record of a centre
	// for a year, in order of RecordID, then At, then Side.
	SignaturesByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Signature, error)
	// CPDHoursByCentre lists, for every record of a centre for a year
	// that has CPD logged, the hours logged in all, in order of RecordID.
	CPDHoursByCentre(ctx context.Context, centreID string, year AcademicYear) ([]CPDHours, error)
}

// CPDHours is the CPD a record has logged in all.
type CPDHours struct {
	RecordID string
	Hours    float64
}

// LastMeeting is the date of a record's latest meeting: all a dashboard
// needs of its meetings (FlagNoRecentMeeting), so that it reads one short
// row a record rather than every meeting with its notes and updates.
type LastMeeting struct {
	RecordID string
	Date     time.Time
}
