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
// targets, meetings and a claimed certificate. It does nothing if the demo
// accounts exist already. It prints the sign-ins to out.
func seedDemo(ctx context.Context, svc *standards.Service, logins *accounts.Manager, now time.Time, out io.Writer) error {
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
	actor := func(i int) standards.Actor {
		return standards.Actor{Email: demoPeople[i].email, Name: demoPeople[i].name}
	}
	head, lm, newEO, expert, pending := actor(0), actor(1), actor(2), actor(3), actor(4)
	year := standards.YearOf(now)
	today := now

	admin, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		return fmt.Errorf("demo centre: %w", err)
	}
	reg := func(a standards.Actor, roles ...standards.Role) (standards.Registration, error) {
		return svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: admin.CentreID, Year: year, Email: a.Email, FullName: a.Name, Roles: roles})
	}
	lmReg, err := reg(lm, standards.RoleLM)
	if err != nil {
		return err
	}
	newReg, err := reg(newEO, standards.RoleEO)
	if err != nil {
		return err
	}
	expertReg, err := reg(expert, standards.RoleEO)
	if err != nil {
		return err
	}
	if _, err := svc.RequestToJoin(ctx, pending, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: pending.Name, Roles: standards.Roles{standards.RoleEO}}); err != nil {
		return err
	}
	if _, err := svc.AssignOverseer(ctx, lm, standards.Overseeing{ExamsOfficer: newReg.ID, Overseer: lmReg.ID}); err != nil {
		return err
	}
	if _, err := svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: expertReg.ID, Overseer: admin.ID}); err != nil {
		return err
	}
	recordOf := func(a standards.Actor) (string, error) {
		mine, err := svc.MyRegistrations(ctx, a)
		if err != nil || len(mine) == 0 {
			return "", fmt.Errorf("demo record of %s: %w", a.Email, err)
		}
		return mine[0].RecordID, nil
	}

	// The new exams officer: the template proposed, agreed at the
	// target-setting meeting, a training event logged.
	newRecord, err := recordOf(newEO)
	if err != nil {
		return err
	}
	targets, _, err := svc.ApplyTemplate(ctx, lm, newRecord, "new-eo")
	if err != nil {
		return err
	}
	var agree []standards.TargetUpdate
	for _, t := range targets {
		agree = append(agree, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAgreed})
	}
	if _, err := svc.RecordMeeting(ctx, lm, newRecord, standards.MeetingInput{
		Kind: standards.MeetingTargetSetting, Date: today, Attendees: []string{newReg.ID, lmReg.ID},
		Notes: "Walked through the exams calendar and agreed this year's targets.", Updates: agree,
	}); err != nil {
		return err
	}
	if _, err := svc.LogCPD(ctx, newEO, newRecord, standards.CPDInput{
		Kind: standards.CPDTrainingEvent, Title: "Introduction to exams administration", Date: today, Hours: 6,
		Provider: "NAEO", Verified: true, TargetIDs: []string{targets[0].ID},
	}); err != nil {
		return err
	}

	// The experienced exams officer: two targets achieved at the final
	// review, the statement signed and countersigned, the certificate claimed.
	expertRecord, err := recordOf(expert)
	if err != nil {
		return err
	}
	targets, _, err = svc.ApplyTemplate(ctx, head, expertRecord, "experienced-eo")
	if err != nil {
		return err
	}
	var achieve []standards.TargetUpdate
	for _, t := range targets {
		if _, err := svc.AgreeTarget(ctx, expert, t.ID); err != nil {
			return err
		}
		achieve = append(achieve, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	if _, err := svc.SignStatement(ctx, expert, expertRecord); err != nil {
		return err
	}
	if _, err := svc.CountersignStatement(ctx, head, expertRecord); err != nil {
		return err
	}
	if _, err := svc.RecordMeeting(ctx, head, expertRecord, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: today, Attendees: []string{expertReg.ID, admin.ID},
		Notes: "Every target met early: claimed at the final review.", Updates: achieve,
	}); err != nil {
		return err
	}
	cert, err := svc.Claim(ctx, head, expertRecord, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo data made: Riverside Academy (12345), %s; certificate %s, verification code %s\n", year, cert.Serial, cert.VerificationCode)
	printSignIns(out)
	if len(recoveryCodes) > 0 {
		fmt.Fprintf(out, "%s's recovery codes, each good for one sign-in without the app (printed this once):\n  %s\n",
			demoPeople[0].name, strings.Join(recoveryCodes, " "))
	}
	return nil
}

func printSignIns(out io.Writer) {
	fmt.Fprintf(out, "demo sign-ins (password %q):\n", demoPassword)
	roles := []string{"senior leader, centre administrator", "line manager, oversees Nadia", "new exams officer", "experienced exams officer, certified", "waiting for approval"}
	for i, p := range demoPeople {
		fmt.Fprintf(out, "  %-32s %s: %s\n", p.email, p.name, roles[i])
	}
	fmt.Fprintf(out, "%s is an administrator, so she also gives a code (-require-2fa-for-admins): add the secret\n", demoPeople[0].name)
	fmt.Fprintf(out, "  %s to an authenticator app, or run: oathtool --totp -b %s\n", demoTOTPSecret, demoTOTPSecret)
}
