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
	err = s.recordView(ctx, actor, recordID, func(c *call, sheet RecordSheet) error {
		r, err := c.onRecord(actViewFlags, sheet.Record, subject{})
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
			Targets: sheet.Targets, Signatures: sheet.Signatures, LastMeeting: LastMeetingOf(sheet.Meetings), Actions: sheet.Actions,
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
	var cy centreYear
	err = s.viewFirst(ctx, actor, func(c *call) ([]Person, error) {
		if err := year.Validate(); err != nil {
			return nil, err
		}
		var err error
		cy, err = c.loadCentreYear(centreID, year)
		return cy.people, err
	}, func(c *call) error {
		centre := cy.roster.Centre
		st, err := c.standingAt(centre, year)
		if err != nil {
			return err
		}
		if err := authorize(actViewDashboard, st, subject{}); err != nil {
			return err
		}
		out = cy.dashboard(st.own.ID, st.own.IsAdmin() || st.trustLead || st.operator, c.now, s.meetingGap)
		return nil
	})
	return out, err
}

// dashboard is the centre-year's dashboard as seen by the registration
// viewer: every exams officer when all, otherwise those viewer oversees.
// WhatNeedsDoing draws the same from the centre-years it reads.
func (cy centreYear) dashboard(viewer string, all bool, now time.Time, gap time.Duration) CentreDashboard {
	out := CentreDashboard{Centre: cy.roster.Centre, Year: cy.roster.Year}
	for _, m := range cy.examsOfficers() {
		if !all && !slices.Contains(m.Overseers, viewer) {
			continue
		}
		rec := cy.records[m.RecordID]
		id := rec.ID
		out.ExamsOfficers = append(out.ExamsOfficers, DashboardEntry{
			ExamsOfficer: m, Overseers: cy.roster.approvedOverseers(m), RecordID: id, Certified: rec.Closed(),
			Areas:    areaProgress(cy.targets[id], cy.signatures[id]),
			Flags:    Flags(cy.facts(m, now, gap)),
			CPDHours: cy.hours[id], LastMeeting: cy.lastMeeting[id], NextDue: nextDue(cy.targets[id]),
		})
	}
	return out
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
	hours       map[string]float64
	// people are the centre's people as its sheet holds them: those the
	// year's registrations name and the leads of its trust.
	people []Person
}

// progressByRecord is p indexed by record.
func progressByRecord(p Progress) centreYear {
	hours := make(map[string]float64, len(p.CPDHours))
	for _, h := range p.CPDHours {
		hours[h.RecordID] = h.Hours
	}
	return centreYear{
		targets:     byRecord(p.Targets, func(t Target) string { return t.RecordID }),
		lastMeeting: lastMeetingByRecord(p.LastMeetings),
		actions:     byRecord(p.Actions, func(a SupportAction) string { return a.RecordID }),
		signatures:  byRecord(p.Signatures, func(s Signature) string { return s.RecordID }),
		hours:       hours,
	}
}

func (c *call) loadCentreYear(centreID string, year AcademicYear) (centreYear, error) {
	var cy centreYear
	err := c.sharingReads(func() error {
		sheet, progress, err := c.tx.CentreProgress(c.ctx, centreID, year)
		if err != nil {
			return err
		}
		c.keep(sheet)
		cy.people = sheet.People
		if cy.roster, err = c.roster(sheet.Centre, year, func(Registration) bool { return true }); err != nil {
			return err
		}
		cy.records = make(map[string]Record, len(sheet.Records))
		for _, r := range sheet.Records {
			cy.records[r.ID] = r
		}
		p := progressByRecord(progress)
		cy.targets, cy.lastMeeting, cy.actions, cy.signatures, cy.hours = p.targets, p.lastMeeting, p.actions, p.signatures, p.hours
		return nil
	})
	return cy, err
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
// however many exams officers the centre has, and the records of a year
// for the reminders.
type DashboardStore interface {
	// RecordsByYear lists every record of a year, at every centre, in
	// order of CentreID, then CreatedAt, then ID.
	RecordsByYear(ctx context.Context, year AcademicYear) ([]Record, error)
	// CentreProgress reads a centre's year (as CentreSheet) with how far
	// every record of it has come (see Progress), or returns ErrNotFound
	// when there is no such centre. A store that can should read both in
	// one statement.
	CentreProgress(ctx context.Context, centreID string, year AcademicYear) (CentreSheet, Progress, error)
}

// Progress is what the attention flags and a dashboard's rows need of many
// records, read at once: the records' own rows are left out, and of their
// meetings only the latest date. Each list is in order of RecordID first.
type Progress struct {
	// Targets are in order of RecordID, then CreatedAt, then ID.
	Targets []Target
	// LastMeetings has, for every record with a meeting, the date of its
	// latest, in order of RecordID.
	LastMeetings []LastMeeting
	// Actions are the support actions, in order of RecordID, then Due,
	// then ID.
	Actions []SupportAction
	// Signatures are in order of RecordID, then At, then Side.
	Signatures []Signature
	// CPDHours has, for every record with CPD logged, the hours logged in
	// all, in order of RecordID.
	CPDHours []CPDHours
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
