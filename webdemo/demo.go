package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

// demoPassword is every demo account's password: the sign-ins are printed
// at start-up, and the data is made up.
const demoPassword = "exams officer demo"

// demoTOTPSecret is the centre administrator's two-factor secret. Admins
// must set up two-factor sign-in (-require-2fa-for-admins), so the demo's
// admin has it on, with a secret that stays the same from one start to the
// next: a developer adds it to an authenticator app once, and it is as
// public as demoPassword, which is no loss for made-up data.
const demoTOTPSecret = "EOPSDEMOHELENHEADRIVERSIDE234567"

// demoPeople are the demo centre's staff.
var demoPeople = []struct{ email, name string }{
	{"head@riverside.example", "Helen Head"},           // senior leader, centre administrator
	{"bursar@riverside.example", "Liam Line"},          // line manager
	{"exams@riverside.example", "Nadia New"},           // a new exams officer, early in the year
	{"deputy.exams@riverside.example", "Emeka Expert"}, // an experienced one, certified
	{"cover@riverside.example", "Pat Pending"},         // asked to join, waiting
}

// seedDemo fills a realistic centre on first start: a senior leader, a line
// manager, two exams officers at different stages, a pending registration,
// targets, meetings, and a certificate claimed in the year before. It does
// nothing if the demo accounts exist already. It prints the sign-ins to out.
//
// The story is dated around now, so that it is true on any day it is told
// (issue 21): the centre registered at the start of the academic year that
// contains now (never late, R-YEAR-3), targets agreed in the autumn,
// meetings every eight weeks since, one target falling due within ten days
// and nothing overdue; the experienced exams officer was certified the year
// before. Each step runs on a Service whose clock stands on the step's day,
// as if it had been done then; a day after now is done now.
func seedDemo(ctx context.Context, store standards.Store, logins *accounts.Manager, now time.Time, out io.Writer) error {
	if _, err := logins.SignIn(ctx, demoPeople[0].email, demoPassword, "demo"); err == nil {
		fmt.Fprintln(out, "demo data is already there")
		printSignIns(out)
		return nil
	}
	var recoveryCodes []string
	for i, p := range demoPeople {
		// Confirmed at once: the addresses are made up, and their
		// sign-ins printed.
		a, err := logins.CreateAccount(ctx, p.email, p.name, demoPassword)
		if errors.Is(err, standards.ErrConflict) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo account %s: %w", p.email, err)
		}
		if i == 0 { // the centre administrator
			if recoveryCodes, err = logins.ImportTwoFactor(ctx, a.ID, demoTOTPSecret); err != nil {
				return fmt.Errorf("demo account %s: two-factor sign-in: %w", p.email, err)
			}
		}
	}
	story := newDemoStory(store, now)
	cert, err := story.tell(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo data made: Riverside Academy (12345), %s, with %s certified: certificate %s, verification code %s\n",
		story.year, story.year-1, cert.Serial, cert.VerificationCode)
	printSignIns(out)
	if len(recoveryCodes) > 0 {
		fmt.Fprintf(out, "%s's recovery codes, each good for one sign-in without the app (printed this once):\n  %s\n",
			demoPeople[0].name, strings.Join(recoveryCodes, " "))
	}
	return nil
}

// demoStory is the demo centre's two years, told step by step on a Service
// whose clock the story moves.
type demoStory struct {
	svc *standards.Service
	// at is the moment the Service's clock shows: the step being told.
	at  time.Time
	now time.Time
	// year is the academic year that contains now; the year before it is
	// the certified one.
	year standards.AcademicYear

	head, lm, newEO, expert, pending standards.Actor
}

func newDemoStory(store standards.Store, now time.Time) *demoStory {
	actor := func(i int) standards.Actor {
		return standards.Actor{Email: demoPeople[i].email, Name: demoPeople[i].name}
	}
	s := &demoStory{now: now, at: now, year: standards.YearOf(now),
		head: actor(0), lm: actor(1), newEO: actor(2), expert: actor(3), pending: actor(4)}
	s.svc = standards.New(store, standards.WithClock(func() time.Time { return s.at }))
	return s
}

// on moves the clock to a UK day of the story, 10:00 UTC (a working hour all
// year in the UK), and returns that day; a day after today is told today,
// at now.
func (s *demoStory) on(year, month, day int) time.Time {
	d := time.Date(year, time.Month(month), day, 10, 0, 0, 0, time.UTC)
	if d.After(s.now) {
		d = s.now
	}
	s.at = d
	return d
}

// today is the UK day of now.
func (s *demoStory) today() time.Time { return standards.Day(s.now) }

// dueIn is the day n days after today, and at latest the year's last day
// (31 August), so a due date stays inside the year.
func (s *demoStory) dueIn(n int) time.Time {
	due := s.today().AddDate(0, 0, n)
	if last := standards.Day(s.year.End()).AddDate(0, 0, -1); due.After(last) {
		due = last
	}
	return due
}

// reviews records a progress review every eight weeks after the
// target-setting meeting, up to today, so the latest is never more than
// 56 days old: no "no meeting" flag (90 days). The first moves the targets
// on to in progress; each later one marks the next of later achieved, so
// that the year's progress follows the calendar.
func (s *demoStory) reviews(ctx context.Context, by standards.Actor, recordID string, attendees []string, setting time.Time, targets, later []standards.Target) error {
	n := 0
	for d := setting.AddDate(0, 0, 56); !standards.Day(d).After(s.today()); d = d.AddDate(0, 0, 56) {
		s.on(d.Year(), int(d.Month()), d.Day())
		n++
		in := standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: s.at, Attendees: attendees,
			Notes: "Went through progress on each target and the dates coming up."}
		if n == 1 {
			for _, t := range targets {
				in.Updates = append(in.Updates, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetInProgress, Rating: standards.RatingGreen})
			}
		} else if n-2 < len(later) {
			in.Updates = []standards.TargetUpdate{{TargetID: later[n-2].ID, State: standards.TargetAchieved, Rating: standards.RatingGreen, Comment: "Done ahead of its date."}}
		}
		if _, err := s.svc.RecordMeeting(ctx, by, recordID, in); err != nil {
			return fmt.Errorf("demo progress review: %w", err)
		}
	}
	return nil
}

func (s *demoStory) recordOf(ctx context.Context, a standards.Actor, year standards.AcademicYear) (string, error) {
	mine, err := s.svc.MyRegistrations(ctx, a)
	if err != nil {
		return "", fmt.Errorf("demo record of %s: %w", a.Email, err)
	}
	for _, m := range mine {
		if m.Registration.Year == year && m.RecordID != "" {
			return m.RecordID, nil
		}
	}
	return "", fmt.Errorf("demo record of %s for %s: none", a.Email, year)
}

// tell writes the story, returning the certificate of the year before.
func (s *demoStory) tell(ctx context.Context) (standards.Certificate, error) {
	cert, err := s.certifiedYear(ctx)
	if err != nil {
		return standards.Certificate{}, err
	}
	return cert, s.thisYear(ctx)
}

// certifiedYear is the year before: the experienced exams officer,
// overseen by the head, agreed the targets in September, signed the
// statement at the January review and achieved every target by the final
// review in June, when the head claimed the certificate.
func (s *demoStory) certifiedYear(ctx context.Context) (standards.Certificate, error) {
	y := s.year - 1
	first := int(y) // the calendar year of its autumn
	s.on(first, 9, 2)
	admin, err := s.svc.RegisterCentre(ctx, s.head, standards.CentreRegistration{
		Year: y, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: s.head.Name, Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		return standards.Certificate{}, fmt.Errorf("demo centre, %s: %w", y, err)
	}
	expertReg, err := s.svc.RegisterColleague(ctx, s.head, standards.Colleague{CentreID: admin.CentreID, Year: y, Email: s.expert.Email, FullName: s.expert.Name, Roles: standards.Roles{standards.RoleEO}})
	if err != nil {
		return standards.Certificate{}, err
	}
	if _, err := s.svc.AssignOverseer(ctx, s.head, standards.Overseeing{ExamsOfficer: expertReg.ID, Overseer: admin.ID}); err != nil {
		return standards.Certificate{}, err
	}
	record, err := s.recordOf(ctx, s.expert, y)
	if err != nil {
		return standards.Certificate{}, err
	}
	attendees := []string{expertReg.ID, admin.ID}

	s.on(first, 9, 20)
	targets, _, err := s.svc.ApplyTemplate(ctx, s.head, record, "experienced-eo")
	if err != nil {
		return standards.Certificate{}, err
	}
	for _, t := range targets {
		if _, err := s.svc.AgreeTarget(ctx, s.expert, t.ID); err != nil {
			return standards.Certificate{}, err
		}
	}
	if _, err := s.svc.RecordMeeting(ctx, s.head, record, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: s.at, Attendees: attendees,
		Notes: "Agreed this year's targets: the access arrangements and the contingency plan.",
	}); err != nil {
		return standards.Certificate{}, err
	}

	s.on(first+1, 1, 15)
	if _, err := s.svc.RecordMeeting(ctx, s.head, record, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: s.at, Attendees: attendees,
		Notes: "Both targets on track; the statement read through and signed.",
	}); err != nil {
		return standards.Certificate{}, err
	}
	if _, err := s.svc.SignStatement(ctx, s.expert, record); err != nil {
		return standards.Certificate{}, err
	}
	if _, err := s.svc.CountersignStatement(ctx, s.head, record); err != nil {
		return standards.Certificate{}, err
	}

	s.on(first+1, 6, 18)
	var achieve []standards.TargetUpdate
	for _, t := range targets {
		achieve = append(achieve, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	if _, err := s.svc.RecordMeeting(ctx, s.head, record, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: s.at, Attendees: attendees,
		Notes: "Every target met after the summer series: claimed at the final review.", Updates: achieve,
	}); err != nil {
		return standards.Certificate{}, err
	}
	cert, err := s.svc.Claim(ctx, s.head, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	if err != nil {
		return standards.Certificate{}, fmt.Errorf("demo claim, %s: %w", y, err)
	}
	return cert, nil
}

// thisYear is the year that contains now: everyone registered on 2
// September, targets agreed at the target-setting meetings on 23 September,
// reviews since. The new exams officer's first target falls due within ten
// days, the others later, and she achieves one ahead of its date at each
// review after the first; she has not signed the statement yet. The
// experienced one has signed it, and the head countersigned. A colleague
// asked to join today and waits for approval.
func (s *demoStory) thisYear(ctx context.Context) error {
	y := s.year
	first := int(y)
	s.on(first, 9, 2)
	admin, err := s.svc.RegisterCentre(ctx, s.head, standards.CentreRegistration{
		Year: y, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: s.head.Name, Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		return fmt.Errorf("demo centre, %s: %w", y, err)
	}
	reg := func(a standards.Actor, roles ...standards.Role) (standards.Registration, error) {
		return s.svc.RegisterColleague(ctx, s.head, standards.Colleague{CentreID: admin.CentreID, Year: y, Email: a.Email, FullName: a.Name, Roles: roles})
	}
	lmReg, err := reg(s.lm, standards.RoleLM)
	if err != nil {
		return err
	}
	newReg, err := reg(s.newEO, standards.RoleEO)
	if err != nil {
		return err
	}
	expertReg, err := reg(s.expert, standards.RoleEO)
	if err != nil {
		return err
	}
	if _, err := s.svc.AssignOverseer(ctx, s.lm, standards.Overseeing{ExamsOfficer: newReg.ID, Overseer: lmReg.ID}); err != nil {
		return err
	}
	if _, err := s.svc.AssignOverseer(ctx, s.head, standards.Overseeing{ExamsOfficer: expertReg.ID, Overseer: admin.ID}); err != nil {
		return err
	}

	// The new exams officer: the starter template's targets proposed with
	// due dates, agreed at the target-setting meeting, a training event
	// logged.
	newRecord, err := s.recordOf(ctx, s.newEO, y)
	if err != nil {
		return err
	}
	setting := s.on(first, 9, 23)
	tmpl, ok := s.svc.Catalogue(y).Template("new-eo")
	if !ok {
		return fmt.Errorf("demo: the catalogue for %s has no new-eo template", y)
	}
	var targets []standards.Target
	for i, tt := range tmpl.Targets {
		// The first due within ten days (due soon), the others six weeks
		// apart after it.
		t, _, err := s.svc.ProposeTarget(ctx, s.lm, newRecord, standards.TargetInput{
			CatalogueItemID: tt.ItemID, SuccessMeasure: tt.SuccessMeasure, Due: s.dueIn(10 + 42*i),
		})
		if err != nil {
			return fmt.Errorf("demo target: %w", err)
		}
		targets = append(targets, t)
	}
	var agree []standards.TargetUpdate
	for _, t := range targets {
		agree = append(agree, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAgreed})
	}
	newAttendees := []string{newReg.ID, lmReg.ID}
	if _, err := s.svc.RecordMeeting(ctx, s.lm, newRecord, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: s.at, Attendees: newAttendees,
		Notes: "Walked through the exams calendar and agreed this year's targets.", Updates: agree,
	}); err != nil {
		return err
	}
	if _, err := s.svc.LogCPD(ctx, s.newEO, newRecord, standards.CPDInput{
		Kind: standards.CPDTrainingEvent, Title: "Introduction to exams administration", Date: s.at, Hours: 6,
		Provider: "NAEO", Verified: true, TargetIDs: []string{targets[0].ID},
	}); err != nil {
		return err
	}
	// Her first target stays open: it is the one falling due.
	if err := s.reviews(ctx, s.lm, newRecord, newAttendees, setting, targets, targets[1:]); err != nil {
		return err
	}

	// The experienced exams officer: this year's targets agreed, the
	// statement signed and countersigned at the target-setting meeting.
	expertRecord, err := s.recordOf(ctx, s.expert, y)
	if err != nil {
		return err
	}
	setting = s.on(first, 9, 23)
	targets, _, err = s.svc.ApplyTemplate(ctx, s.head, expertRecord, "experienced-eo")
	if err != nil {
		return err
	}
	for _, t := range targets {
		if _, err := s.svc.AgreeTarget(ctx, s.expert, t.ID); err != nil {
			return err
		}
	}
	expertAttendees := []string{expertReg.ID, admin.ID}
	if _, err := s.svc.RecordMeeting(ctx, s.head, expertRecord, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: s.at, Attendees: expertAttendees,
		Notes: "Agreed this year's targets, building on last year's certificate.",
	}); err != nil {
		return err
	}
	if _, err := s.svc.SignStatement(ctx, s.expert, expertRecord); err != nil {
		return err
	}
	if _, err := s.svc.CountersignStatement(ctx, s.head, expertRecord); err != nil {
		return err
	}
	if err := s.reviews(ctx, s.head, expertRecord, expertAttendees, setting, targets, nil); err != nil {
		return err
	}

	s.at = s.now
	if _, err := s.svc.RequestToJoin(ctx, s.pending, standards.JoinRequest{Year: y, CentreNumber: "12345", FullName: s.pending.Name, Roles: standards.Roles{standards.RoleEO}}); err != nil {
		return err
	}
	return nil
}

func printSignIns(out io.Writer) {
	fmt.Fprintf(out, "demo sign-ins (password %q):\n", demoPassword)
	roles := []string{"senior leader, centre administrator", "line manager, oversees Nadia", "new exams officer", "experienced exams officer, certified last year", "waiting for approval"}
	for i, p := range demoPeople {
		fmt.Fprintf(out, "  %-32s %s: %s\n", p.email, p.name, roles[i])
	}
	fmt.Fprintf(out, "%s has two-factor sign-in set up, so she also gives a code: add the secret\n", demoPeople[0].name)
	fmt.Fprintf(out, "  %s to an authenticator app, or run: oathtool --totp -b %s\n", demoTOTPSecret, demoTOTPSecret)
}
