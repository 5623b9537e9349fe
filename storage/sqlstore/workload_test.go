package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
)

// The workload the crash and backup tests share: exams officers' whole
// years driven through the Service one command at a time, each command
// reported once it has committed; and the checks that find every reported
// command whole, and no command half written, by reading the tables
// themselves.

const workloadYear = standards.AcademicYear(2025)

// workloadDay is the writers' clock, a day in the spring of 2025/26 after
// both of the meetings they record, so that every run writes the same year.
var workloadDay = time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC)

// commandsPerYear is how many commands one centre's year takes.
const commandsPerYear = 12

// committed is one command the writer reports as committed: which command,
// and the ids that let a check find every row it wrote.
type committed struct {
	Cmd         string   `json:"cmd"`
	Number      int      `json:"number,omitempty"` // the centre's number (centre)
	Centre      string   `json:"centre,omitempty"`
	Reg         string   `json:"reg,omitempty"`      // the registration made or decided, or overseen
	Overseer    string   `json:"overseer,omitempty"` // the overseer's registration (oversee)
	Record      string   `json:"record,omitempty"`
	Targets     []string `json:"targets,omitempty"` // the targets proposed (template)
	Meeting     string   `json:"meeting,omitempty"`
	Updates     int      `json:"updates,omitempty"` // the meeting's target updates
	Support     int      `json:"support,omitempty"` // the meeting's support actions
	CPD         string   `json:"cpd,omitempty"`
	Side        string   `json:"side,omitempty"` // who signed (sign)
	Certificate string   `json:"certificate,omitempty"`
}

// workload writes centres' years through the Service.
type workload struct {
	svc   *standards.Service
	begin func(cmd string)  // told just before each command starts
	done  func(c committed) // told as soon as each command has returned nil
}

func newWorkload(store standards.Store) *workload {
	return &workload{
		svc:   standards.New(store, standards.WithClock(func() time.Time { return workloadDay })),
		begin: func(string) {},
		done:  func(committed) {},
	}
}

// errStopped ends a year between two commands when the writer's context
// has ended.
var errStopped = errors.New("stopped")

// errNumberTaken says a centre number is registered already: a writer
// killed before it could report the centre had committed it.
var errNumberTaken = errors.New("centre number taken")

// run writes one whole year per centre, numbering centres from first, until
// ctx ends or, when years > 0, after that many years. ctx is looked at only
// between commands, never inside one, so that stopping never cuts a command
// short: every command the writer begins either reports or fails.
func (w *workload) run(ctx context.Context, first, years int) error {
	number := first
	for n := 0; years <= 0 || n < years; number++ {
		if number > 99999 {
			return fmt.Errorf("the workload ran out of centre numbers")
		}
		switch err := w.year(ctx, number); {
		case errors.Is(err, errStopped):
			return nil
		case errors.Is(err, errNumberTaken):
			continue
		case err != nil:
			return fmt.Errorf("centre %05d: %w", number, err)
		}
		n++
	}
	return nil
}

// do runs one command, telling begin before it and done after it
// committed.
func (w *workload) do(ctx context.Context, cmd string, fn func() (committed, error)) error {
	if ctx.Err() != nil {
		return errStopped
	}
	w.begin(cmd)
	c, err := fn()
	if err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	c.Cmd = cmd
	w.done(c)
	return nil
}

// year is one centre's year, as the standards have it: a senior leader
// registers the centre, the exams officer asks to join and is approved and
// overseen, targets are applied and agreed at a target-setting meeting, CPD
// is logged, the statement signed both sides, every target achieved at a
// final review that also arranges support, and the certificate claimed.
// Most of these commands write several rows, an audit entry or more, and
// outbox events.
func (w *workload) year(ctx context.Context, n int) error {
	stop := ctx
	ctx = context.WithoutCancel(ctx) // see run
	svc := w.svc
	number := standards.CentreNumber(fmt.Sprintf("%05d", n))
	sl := standards.Actor{Email: fmt.Sprintf("sl%s@crash.sch.uk", number), Name: "Sam Senior"}
	eo := standards.Actor{Email: fmt.Sprintf("eo%s@crash.sch.uk", number), Name: "Eve Officer"}
	var slReg, eoReg standards.Registration
	var record string
	var targets []standards.Target

	err := w.do(stop, "centre", func() (committed, error) {
		var err error
		slReg, err = svc.RegisterCentre(ctx, sl, standards.CentreRegistration{
			Year: workloadYear, CentreNumber: number, CentreName: "Crash Test Academy " + string(number),
			FullName: sl.Name, Roles: standards.Roles{standards.RoleSL},
		})
		if errors.Is(err, standards.ErrConflict) {
			return committed{}, errNumberTaken
		}
		return committed{Number: n, Centre: slReg.CentreID, Reg: slReg.ID}, err
	})
	if err != nil {
		return err
	}
	steps := []struct {
		cmd string
		fn  func() (committed, error)
	}{
		{"join", func() (committed, error) {
			var err error
			eoReg, err = svc.RequestToJoin(ctx, eo, standards.JoinRequest{
				Year: workloadYear, CentreNumber: number, FullName: eo.Name, Roles: standards.Roles{standards.RoleEO},
			})
			return committed{Centre: eoReg.CentreID, Reg: eoReg.ID}, err
		}},
		{"approve", func() (committed, error) {
			if _, err := svc.ApproveRegistration(ctx, sl, eoReg.ID); err != nil {
				return committed{}, err
			}
			// The approval opened the record; reading its id is not part of
			// the command, but the report names it.
			m, err := svc.Member(ctx, sl, eoReg.ID)
			record = m.RecordID
			return committed{Reg: eoReg.ID, Record: record}, err
		}},
		{"oversee", func() (committed, error) {
			_, err := svc.AssignOverseer(ctx, sl, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: slReg.ID})
			return committed{Reg: eoReg.ID, Overseer: slReg.ID}, err
		}},
		{"template", func() (committed, error) {
			var err error
			targets, _, err = svc.ApplyTemplate(ctx, sl, record, "experienced-eo")
			c := committed{Record: record}
			for _, t := range targets {
				c.Targets = append(c.Targets, t.ID)
			}
			return c, err
		}},
		{"meeting", func() (committed, error) {
			return w.meeting(ctx, sl, record, []string{eoReg.ID, slReg.ID}, standards.MeetingInput{
				Kind: standards.MeetingTargetSetting, Date: time.Date(2025, time.October, 1, 0, 0, 0, 0, time.UTC),
				Notes: "Agreed this year's targets.", Updates: updates(targets, standards.TargetAgreed, standards.RatingNone),
			})
		}},
		{"cpd", func() (committed, error) { return w.cpd(ctx, eo, record, targets[0].ID, "Awarding body update") }},
		{"cpd", func() (committed, error) {
			return w.cpd(ctx, eo, record, targets[1].ID, "Contingency planning workshop")
		}},
		{"sign", func() (committed, error) {
			_, err := svc.SignStatement(ctx, eo, record)
			return committed{Record: record, Side: string(standards.SideEO)}, err
		}},
		{"sign", func() (committed, error) {
			_, err := svc.CountersignStatement(ctx, sl, record)
			return committed{Record: record, Side: string(standards.SideOverseer)}, err
		}},
		{"meeting", func() (committed, error) {
			return w.meeting(ctx, sl, record, []string{eoReg.ID, slReg.ID}, standards.MeetingInput{
				Kind: standards.MeetingFinalReview, Date: workloadDay,
				Notes:   "Every target achieved.",
				Updates: updates(targets, standards.TargetAchieved, standards.RatingGreen),
				Support: []standards.SupportInput{{
					Description: "Shadow a neighbouring centre's exams officer", OwnerRegistrationID: eoReg.ID,
					Due: time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC),
				}},
			})
		}},
		{"claim", func() (committed, error) {
			cert, err := svc.Claim(ctx, sl, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
			return committed{Record: record, Certificate: cert.ID}, err
		}},
	}
	for _, s := range steps {
		if err := w.do(stop, s.cmd, s.fn); err != nil {
			return err
		}
	}
	return nil
}

func (w *workload) meeting(ctx context.Context, a standards.Actor, record string, attendees []string, in standards.MeetingInput) (committed, error) {
	in.Attendees = attendees
	m, err := w.svc.RecordMeeting(ctx, a, record, in)
	return committed{Record: record, Meeting: m.ID, Updates: len(in.Updates), Support: len(in.Support)}, err
}

func (w *workload) cpd(ctx context.Context, a standards.Actor, record, target, title string) (committed, error) {
	e, err := w.svc.LogCPD(ctx, a, record, standards.CPDInput{
		Kind: standards.CPDTrainingEvent, Title: title, Date: time.Date(2025, time.November, 12, 0, 0, 0, 0, time.UTC),
		Hours: 2.5, Provider: "The awarding body", TargetIDs: []string{target},
	})
	return committed{Record: record, CPD: e.ID}, err
}

func updates(targets []standards.Target, to standards.TargetState, rating standards.Rating) []standards.TargetUpdate {
	var out []standards.TargetUpdate
	for _, t := range targets {
		out = append(out, standards.TargetUpdate{TargetID: t.ID, State: to, Rating: rating})
	}
	return out
}

// dbState is what the workload's commands wrote, read straight from the
// tables (not through the Store port, so that nothing the store does on the
// way hides a half-written command).
type dbState struct {
	audit          map[string]int    // "action subject" → entries
	actions        map[string]int    // action → entries
	meetingSummary map[string]string // meeting id → its audit entry's summary
	events         map[string]int    // "kind subject" → events
	kinds          map[string]int    // kind → events

	people         map[string]bool
	centres        map[string]bool
	centreYears    int
	regs           map[string]regRow
	records        map[string]recordRow
	oversights     map[string]bool // "eo overseer"
	targets        map[string]targetRow
	lastChange     map[string]string // target → the state its latest change moved it to
	proposals      map[string]int    // target → changes that proposed it
	meetings       map[string]int    // meeting → the updates it lists
	meetingChanges map[string]int    // meeting → target changes naming it
	support        map[string]int    // meeting → support actions it arranged
	cpd            map[string]bool
	signatures     map[string]bool   // "record side"
	certificates   map[string]string // certificate → record
	tallies        map[string]int    // measure → the year's total
}

type regRow struct {
	approved, admin, eo bool
}

type recordRow struct {
	registration string
	closed       bool
}

type targetRow struct {
	record, state string
}

// readState reads every table the workload writes.
func readState(tb testing.TB, s *sqlstore.Store) *dbState {
	tb.Helper()
	st := &dbState{
		audit: map[string]int{}, actions: map[string]int{}, meetingSummary: map[string]string{},
		events: map[string]int{}, kinds: map[string]int{}, people: map[string]bool{}, centres: map[string]bool{}, regs: map[string]regRow{},
		records: map[string]recordRow{}, oversights: map[string]bool{}, targets: map[string]targetRow{},
		lastChange: map[string]string{}, proposals: map[string]int{}, meetings: map[string]int{},
		meetingChanges: map[string]int{}, support: map[string]int{}, cpd: map[string]bool{},
		signatures: map[string]bool{}, certificates: map[string]string{}, tallies: map[string]int{},
	}
	// each calls row for every row of query, with a scan to read it by.
	each := func(query string, row func(scan func(dest ...any))) {
		tb.Helper()
		rows, err := s.DB().QueryContext(context.Background(), query)
		require.NoError(tb, err, query)
		defer rows.Close()
		for rows.Next() {
			row(func(dest ...any) { require.NoError(tb, rows.Scan(dest...), query) })
		}
		require.NoError(tb, rows.Err(), query)
	}
	var a, b, c string
	var n int
	var yes bool
	each("SELECT action, subject, summary FROM audit_entries", func(scan func(...any)) {
		scan(&a, &b, &c)
		st.audit[a+" "+b]++
		st.actions[a]++
		if a == "meeting.record" {
			st.meetingSummary[b[len("meeting/"):]] = c
		}
	})
	each("SELECT kind, subject FROM events", func(scan func(...any)) {
		scan(&a, &b)
		st.events[a+" "+b]++
		st.kinds[a]++
	})
	each("SELECT id FROM people", func(scan func(...any)) { scan(&a); st.people[a] = true })
	each("SELECT id FROM centres", func(scan func(...any)) { scan(&a); st.centres[a] = true })
	each(fmt.Sprintf("SELECT count(*) FROM centre_years WHERE year = %d", workloadYear), func(scan func(...any)) { scan(&st.centreYears) })
	each("SELECT id, status, admin, roles FROM registrations", func(scan func(...any)) {
		scan(&a, &b, &yes, &c)
		roles, err := standards.ParseRoles(c)
		require.NoError(tb, err)
		st.regs[a] = regRow{approved: b == string(standards.RegistrationApproved), admin: yes, eo: roles.Has(standards.RoleEO)}
	})
	each("SELECT id, registration_id, closed_at IS NOT NULL FROM records", func(scan func(...any)) {
		scan(&a, &b, &yes)
		st.records[a] = recordRow{registration: b, closed: yes}
	})
	each("SELECT eo_registration_id, overseer_registration_id FROM oversights", func(scan func(...any)) {
		scan(&a, &b)
		st.oversights[a+" "+b] = true
	})
	each("SELECT id, record_id, state FROM targets", func(scan func(...any)) {
		scan(&a, &b, &c)
		st.targets[a] = targetRow{record: b, state: c}
	})
	each("SELECT target_id, coalesce(meeting_id, ''), to_state FROM target_changes ORDER BY seq", func(scan func(...any)) {
		scan(&a, &b, &c)
		st.lastChange[a] = c
		if b == "" {
			if c == string(standards.TargetProposed) {
				st.proposals[a]++
			}
		} else {
			st.meetingChanges[b]++
		}
	})
	each("SELECT id, updates FROM meetings", func(scan func(...any)) {
		scan(&a, &b)
		var list []json.RawMessage
		require.NoError(tb, json.Unmarshal([]byte(b), &list))
		st.meetings[a] = len(list)
	})
	each("SELECT meeting_id FROM support_actions", func(scan func(...any)) { scan(&a); st.support[a]++ })
	each("SELECT id FROM cpd_entries", func(scan func(...any)) { scan(&a); st.cpd[a] = true })
	each("SELECT record_id, side FROM signatures", func(scan func(...any)) { scan(&a, &b); st.signatures[a+" "+b] = true })
	each("SELECT id, coalesce(record_id, '') FROM certificates", func(scan func(...any)) { scan(&a, &b); st.certificates[a] = b })
	each(fmt.Sprintf("SELECT measure, sum(total) FROM tallies WHERE year = %d GROUP BY measure", workloadYear), func(scan func(...any)) {
		scan(&a, &n)
		st.tallies[a] = n
	})
	return st
}

// problems collects what a check found wrong.
type problems []string

func (p *problems) check(ok bool, format string, args ...any) {
	if !ok {
		*p = append(*p, fmt.Sprintf(format, args...))
	}
}

// commands counts the workload's commands present, by the one audit entry
// or event each command writes once: the figure to compare with the
// commands reported.
func (st *dbState) commands() int {
	return st.actions["centre.register"] + st.actions["registration.request"] + st.actions["registration.approve"] +
		st.actions["overseer.assign"] + st.kinds[string(standards.EventTargetsProposed)] + st.actions["meeting.record"] +
		st.actions["cpd.log"] + st.actions["statement.sign"] + st.actions["certificate.issue"]
}

// missing lists what of a reported command is not in the database: nothing,
// if it is whole.
func (st *dbState) missing(c committed) []string {
	var p problems
	auditOnce := func(action, subject string) {
		p.check(st.audit[action+" "+subject] == 1, "%d %s audit entries for %s, not 1", st.audit[action+" "+subject], action, subject)
	}
	eventOnce := func(kind standards.EventKind, subject string) {
		k := string(kind) + " " + subject
		p.check(st.events[k] == 1, "%d %s events for %s, not 1", st.events[k], kind, subject)
	}
	switch c.Cmd {
	case "centre":
		p.check(st.centres[c.Centre], "centre %s missing", c.Centre)
		r, ok := st.regs[c.Reg]
		p.check(ok && r.approved && r.admin, "the administrator's registration %s is missing or not an approved admin", c.Reg)
		auditOnce("centre.register", "registration/"+c.Reg)
	case "join":
		_, ok := st.regs[c.Reg]
		p.check(ok, "registration %s missing", c.Reg)
		auditOnce("registration.request", "registration/"+c.Reg)
		eventOnce(standards.EventRegistrationRequested, "registration/"+c.Reg)
	case "approve":
		p.check(st.regs[c.Reg].approved, "registration %s not approved", c.Reg)
		p.check(st.records[c.Record].registration == c.Reg, "record %s of registration %s missing", c.Record, c.Reg)
		auditOnce("registration.approve", "registration/"+c.Reg)
		auditOnce("record.open", "record/"+c.Record)
		eventOnce(standards.EventRegistrationApproved, "registration/"+c.Reg)
	case "oversee":
		p.check(st.oversights[c.Reg+" "+c.Overseer], "oversight of %s by %s missing", c.Reg, c.Overseer)
		auditOnce("overseer.assign", "registration/"+c.Reg)
		eventOnce(standards.EventOverseerAssigned, "registration/"+c.Reg)
	case "template":
		p.check(len(c.Targets) > 0, "the template proposed no targets")
		for _, id := range c.Targets {
			p.check(st.targets[id].record == c.Record, "target %s of record %s missing", id, c.Record)
			p.check(st.proposals[id] == 1, "target %s has %d proposal changes, not 1", id, st.proposals[id])
			auditOnce("target.propose", "target/"+id)
		}
		eventOnce(standards.EventTargetsProposed, "record/"+c.Record)
	case "meeting":
		updates, ok := st.meetings[c.Meeting]
		p.check(ok && updates == c.Updates, "meeting %s missing or without its %d updates", c.Meeting, c.Updates)
		p.check(st.meetingChanges[c.Meeting] == c.Updates, "meeting %s has %d target changes, not %d", c.Meeting, st.meetingChanges[c.Meeting], c.Updates)
		p.check(st.support[c.Meeting] == c.Support, "meeting %s has %d support actions, not %d", c.Meeting, st.support[c.Meeting], c.Support)
		auditOnce("meeting.record", "meeting/"+c.Meeting)
		eventOnce(standards.EventMeetingRecorded, "meeting/"+c.Meeting)
	case "cpd":
		p.check(st.cpd[c.CPD], "CPD entry %s missing", c.CPD)
		auditOnce("cpd.log", "cpd/"+c.CPD)
	case "sign":
		p.check(st.signatures[c.Record+" "+c.Side], "the %s signature of record %s missing", c.Side, c.Record)
		// The exams officer signs first, and the countersignature is the
		// record's second entry.
		n := st.audit["statement.sign record/"+c.Record]
		if c.Side == string(standards.SideEO) {
			p.check(n >= 1, "no statement.sign audit entry for record %s", c.Record)
		} else {
			p.check(n == 2, "%d statement.sign audit entries for countersigned record %s, not 2", n, c.Record)
		}
	case "claim":
		p.check(st.certificates[c.Certificate] == c.Record, "certificate %s of record %s missing", c.Certificate, c.Record)
		p.check(st.records[c.Record].closed, "record %s is not closed", c.Record)
		auditOnce("certificate.issue", "certificate/"+c.Certificate)
		eventOnce(standards.EventCertificateIssued, "certificate/"+c.Certificate)
	default:
		p.check(false, "unknown command %q", c.Cmd)
	}
	return p
}

// meetingSummaryCounts reads the updates and support actions a meeting's
// audit entry says it recorded.
var meetingSummaryCounts = regexp.MustCompile(`: (\d+) target updates, (\d+) support actions$`)

// halfWritten lists every command of the workload that is in the database
// only in part, whether it was reported or not: each row has the audit
// entry and events of the command that wrote it, each audit entry and event
// its rows, and the counts of each agree with each other and with the
// national tallies.
func (st *dbState) halfWritten() []string {
	var p problems
	equal := func(what string, got int, of string, want int) {
		p.check(got == want, "%d %s but %d %s", got, what, want, of)
	}
	// Every audit entry and event names a row that exists.
	for key, n := range st.audit {
		p.check(st.exists(key), "%d audit entries %q name nothing", n, key)
	}
	for key, n := range st.events {
		p.check(st.exists(key), "%d events %q name nothing", n, key)
	}

	equal("people", len(st.people), "person.create audit entries", st.actions["person.create"])
	equal("centres", len(st.centres), "centre.register audit entries", st.actions["centre.register"])
	equal("centre years", st.centreYears, "centres", len(st.centres))
	equal("centres in the tally", st.tallies[string(standards.TallyCentres)], "centres", len(st.centres))
	equal("registrations", len(st.regs), "centre.register and registration.request audit entries",
		st.actions["centre.register"]+st.actions["registration.request"])
	approvedEOs := 0
	for id, r := range st.regs {
		subject := "registration/" + id
		p.check(st.audit["centre.register "+subject]+st.audit["registration.request "+subject] == 1,
			"registration %s has no one audit entry of its making", id)
		if st.audit["registration.request "+subject] == 1 {
			p.check(st.events["registration.requested "+subject] == 1, "registration %s has no request event", id)
		}
		if r.approved && r.eo {
			approvedEOs++
			p.check(st.audit["registration.approve "+subject] == 1, "approved registration %s has no approval audit entry", id)
			p.check(st.events["registration.approved "+subject] == 1, "approved registration %s has no approval event", id)
		}
	}
	equal("records", len(st.records), "approved exams officers", approvedEOs)
	equal("record.open audit entries", st.actions["record.open"], "records", len(st.records))
	equal("exams officers in the tally", st.tallies[string(standards.TallyExamsOfficers)], "approved exams officers", approvedEOs)
	for id, r := range st.records {
		p.check(st.regs[r.registration].approved, "record %s belongs to no approved registration", id)
		p.check(st.audit["record.open record/"+id] == 1, "record %s has no record.open audit entry", id)
	}

	equal("oversights", len(st.oversights), "overseer.assign audit entries", st.actions["overseer.assign"])
	equal("overseer.assigned events", st.kinds[string(standards.EventOverseerAssigned)], "oversights", len(st.oversights))

	withTargets := map[string]bool{}
	for id, t := range st.targets {
		withTargets[t.record] = true
		p.check(st.proposals[id] == 1, "target %s has %d proposal changes, not 1", id, st.proposals[id])
		p.check(st.audit["target.propose target/"+id] == 1, "target %s has no target.propose audit entry", id)
		p.check(st.lastChange[id] == t.state, "target %s is %s but its latest change says %s", id, t.state, st.lastChange[id])
	}
	equal("target.propose audit entries", st.actions["target.propose"], "targets", len(st.targets))
	for record := range withTargets {
		p.check(st.events["targets.proposed record/"+record] == 1, "record %s has targets but no targets.proposed event", record)
	}
	equal("targets.proposed events", st.kinds[string(standards.EventTargetsProposed)], "records with targets", len(withTargets))

	changes := 0
	for id, updates := range st.meetings {
		changes += st.meetingChanges[id]
		p.check(st.meetingChanges[id] == updates, "meeting %s lists %d updates but has %d target changes", id, updates, st.meetingChanges[id])
		p.check(st.events["meeting.recorded meeting/"+id] == 1, "meeting %s has no meeting.recorded event", id)
		m := meetingSummaryCounts.FindStringSubmatch(st.meetingSummary[id])
		if m == nil {
			p.check(false, "meeting %s has no meeting.record audit entry that counts its parts", id)
			continue
		}
		p.check(m[1] == strconv.Itoa(updates), "meeting %s: its audit entry says %s updates, it has %d", id, m[1], updates)
		p.check(m[2] == strconv.Itoa(st.support[id]), "meeting %s: its audit entry says %s support actions, it has %d", id, m[2], st.support[id])
	}
	equal("meeting.record audit entries", st.actions["meeting.record"], "meetings", len(st.meetings))
	equal("target.update audit entries", st.actions["target.update"], "target changes at meetings", changes)
	for id := range st.meetingChanges {
		_, ok := st.meetings[id]
		p.check(ok, "target changes name meeting %s, which is missing", id)
	}
	for id := range st.support {
		_, ok := st.meetings[id]
		p.check(ok, "support actions name meeting %s, which is missing", id)
	}

	equal("CPD entries", len(st.cpd), "cpd.log audit entries", st.actions["cpd.log"])
	equal("signatures", len(st.signatures), "statement.sign audit entries", st.actions["statement.sign"])
	eoSigned := 0
	for key := range st.signatures {
		record, side := cutLast(key)
		if side == string(standards.SideEO) {
			eoSigned++
		} else {
			p.check(st.signatures[record+" "+string(standards.SideEO)], "record %s is countersigned but not signed", record)
		}
	}
	equal("awaiting-countersignature events", st.kinds[string(standards.EventAwaitingCountersign)], "exams officers' signatures", eoSigned)

	closed := 0
	for _, r := range st.records {
		if r.closed {
			closed++
		}
	}
	for id, record := range st.certificates {
		p.check(st.records[record].closed, "certificate %s: its record %s is not closed", id, record)
		p.check(st.events["certificate.issued certificate/"+id] == 1, "certificate %s has no certificate.issued event", id)
	}
	equal("certificates", len(st.certificates), "closed records", closed)
	equal("certificate.issue audit entries", st.actions["certificate.issue"], "certificates", len(st.certificates))
	equal("certificates in the tally", st.tallies[string(standards.TallyCertificates)], "certificates", len(st.certificates))
	return p
}

// exists says whether the row an audit entry's or event's key ("action
// subject") names is there.
func (st *dbState) exists(key string) bool {
	_, subject := cutLast(key)
	kind, id, _ := strings.Cut(subject, "/")
	switch kind {
	case "person":
		return st.people[id]
	case "registration":
		_, ok := st.regs[id]
		return ok
	case "record":
		_, ok := st.records[id]
		return ok
	case "target":
		_, ok := st.targets[id]
		return ok
	case "meeting":
		_, ok := st.meetings[id]
		return ok
	case "cpd":
		return st.cpd[id]
	case "certificate":
		_, ok := st.certificates[id]
		return ok
	}
	return false
}

// cutLast splits "a b" at its last space.
func cutLast(s string) (before, after string) {
	i := strings.LastIndexByte(s, ' ')
	return s[:max(i, 0)], s[i+1:]
}

// requireIntact checks a SQLite file's pages and indexes with PRAGMA
// integrity_check, and that every foreign key names a row.
func requireIntact(tb testing.TB, s *sqlstore.Store, msgAndArgs ...any) {
	tb.Helper()
	ctx := context.Background()
	var result string
	require.NoError(tb, s.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result))
	require.Equal(tb, "ok", result, msgAndArgs...)
	rows, err := s.DB().QueryContext(ctx, "PRAGMA foreign_key_check")
	require.NoError(tb, err)
	defer rows.Close()
	require.False(tb, rows.Next(), "a foreign key names no row")
	require.NoError(tb, rows.Err())
}

// TestWorkloadChecks runs two years of the workload on a new file and finds
// them whole, then spoils a copy in ways a torn write could, and finds each:
// the crash and backup tests are only as good as these checks.
func TestWorkloadChecks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := MustOpen(t, backends[0])
	var got []committed
	w := newWorkload(s)
	w.done = func(c committed) { got = append(got, c) }
	require.NoError(t, w.run(ctx, 10000, 2))
	require.Len(t, got, 2*commandsPerYear)

	requireIntact(t, s)
	st := readState(t, s)
	assert.Empty(t, st.halfWritten())
	for _, c := range got {
		assert.Empty(t, st.missing(c), "%+v", c)
	}
	assert.Equal(t, len(got), st.commands())

	// spoil makes one change a torn write could leave, inside a savepoint
	// it rolls back (the store's one write connection keeps the savepoint
	// for every statement), and checks that the checks find it: always as
	// a half-written command, and as a reported command no longer whole
	// unless only a count is wrong.
	spoil := func(name, stmt string, reportedHurt bool) {
		t.Run(name, func(t *testing.T) {
			db := s.DB()
			_, err := db.ExecContext(ctx, "SAVEPOINT spoil")
			require.NoError(t, err)
			defer func() {
				_, err := db.ExecContext(ctx, "ROLLBACK TO spoil")
				assert.NoError(t, err)
				_, err = db.ExecContext(ctx, "RELEASE spoil")
				assert.NoError(t, err)
			}()
			_, err = db.ExecContext(ctx, stmt)
			require.NoError(t, err)
			st := readState(t, s)
			assert.NotEmpty(t, st.halfWritten(), "the half-written command is found")
			whole := 0
			for _, c := range got {
				if len(st.missing(c)) == 0 {
					whole++
				}
			}
			if reportedHurt {
				assert.Equal(t, len(got)-1, whole, "one reported command is no longer whole")
			} else {
				assert.Equal(t, len(got), whole)
			}
		})
	}
	// Each leaves one part of a command out while the rest stays.
	spoil("MeetingWithoutAudit", "DELETE FROM audit_entries WHERE seq = (SELECT max(seq) FROM audit_entries WHERE action = 'meeting.record')", true)
	spoil("MeetingWithoutTargetChange", "DELETE FROM target_changes WHERE seq = (SELECT max(seq) FROM target_changes)", true)
	spoil("CertificateWithOpenRecord", "UPDATE records SET closed_at = NULL WHERE id = (SELECT record_id FROM certificates LIMIT 1)", true)
	spoil("ApprovalWithoutEvent", "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events WHERE kind = 'registration.approved')", true)
	spoil("TallyWithoutCertificate", "UPDATE tallies SET total = total + 1 WHERE rowid = (SELECT min(rowid) FROM tallies WHERE measure = 'certificates')", false)
	t.Run("Untouched", func(t *testing.T) {
		assert.Empty(t, readState(t, s).halfWritten(), "every spoiling was rolled back")
	})
}
