package standards_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/eops/eops/standards"
)

// exampleYear sets up the examples of the standards cycle: Riverside
// Academy registered by its senior leader, who approved its exams officer
// and oversees her. It returns the service, the two actors and the exams
// officer's record.
func exampleYear() (svc *standards.Service, sl, eo standards.Actor, eoRegistration, slRegistration, record string) {
	ctx := context.Background()
	svc = exampleService()
	sl = standards.Actor{Email: "head@riverside.sch.uk", Name: "Ada Admin"}
	eo = standards.Actor{Email: "eo@riverside.sch.uk", Name: "Eve Officer"}
	slReg, _ := svc.RegisterCentre(ctx, sl, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: sl.Name, Roles: standards.Roles{standards.RoleSL},
	})
	eoReg, _ := svc.RegisterColleague(ctx, sl, standards.Colleague{
		CentreID: slReg.CentreID, Year: 2025, Email: eo.Email, FullName: eo.Name, Roles: standards.Roles{standards.RoleEO},
	})
	_, _ = svc.AssignOverseer(ctx, sl, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: slReg.ID})
	mine, _ := svc.MyRegistrations(ctx, eo)
	return svc, sl, eo, eoReg.ID, slReg.ID, mine[0].RecordID
}

// The exams officer proposes a target drawn from the suggested areas; her
// senior leader, the other side, agrees it.
func ExampleService_ProposeTarget() {
	ctx := context.Background()
	svc, sl, eo, _, _, record := exampleYear()

	target, warnings, err := svc.ProposeTarget(ctx, eo, record, standards.TargetInput{
		CatalogueItemID: "ku-cyber-security",
		SuccessMeasure:  "Two-factor sign-in on every awarding body secure website",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(target.Area, "|", target.Title, "|", target.State, "| warnings:", len(warnings))

	_, err = svc.AgreeTarget(ctx, eo, target.ID)
	fmt.Println("the proposer may not agree:", errors.Is(err, standards.ErrForbidden))

	agreed, err := svc.AgreeTarget(ctx, sl, target.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agreed.State)
	// Output:
	// Knowledge and Understanding | Cyber security | proposed | warnings: 0
	// the proposer may not agree: true
	// agreed
}

// A meeting applies its target updates together, and arranges support.
func ExampleService_RecordMeeting() {
	ctx := context.Background()
	svc, sl, _, eoReg, slReg, record := exampleYear()
	targets, _, _ := svc.ApplyTemplate(ctx, sl, record, "experienced-eo")

	var agree []standards.TargetUpdate
	for _, t := range targets {
		agree = append(agree, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAgreed})
	}
	meeting, err := svc.RecordMeeting(ctx, sl, record, standards.MeetingInput{
		Kind:      standards.MeetingTargetSetting,
		Date:      time.Date(2025, time.September, 15, 0, 0, 0, 0, time.UTC),
		Attendees: []string{eoReg, slReg},
		Notes:     "Agreed this year's targets.",
		Updates:   agree,
		Support: []standards.SupportInput{{
			Description:         "Attend the awarding body's network meeting",
			OwnerRegistrationID: eoReg,
			Due:                 time.Date(2025, time.November, 30, 0, 0, 0, 0, time.UTC),
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tracker, _ := svc.Tracker(ctx, sl, record)
	fmt.Println(meeting.Kind, "with", len(meeting.Updates), "updates")
	for _, t := range tracker.Targets {
		fmt.Println(t.State, "|", t.Title)
	}
	fmt.Println(tracker.Actions[0].State, "|", tracker.Actions[0].Description)
	// Output:
	// target-setting meeting with 2 updates
	// agreed | Changes in JCQ and awarding body regulations and requirements
	// agreed | Contingency planning and risk management
	// open | Attend the awarding body's network meeting
}

// The claim panel's checklist: every condition not yet met, at once.
func ExampleService_ClaimEligibility() {
	ctx := context.Background()
	svc, sl, _, _, _, record := exampleYear()
	unmet, err := svc.ClaimEligibility(ctx, sl, record, standards.Confirmations{Knowledge: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range unmet {
		fmt.Println(u.Code)
	}
	// Output:
	// knowledge_incomplete
	// skills_incomplete
	// statement_incomplete
	// no_review_meeting
	// confirmations_missing
}

// When every target is achieved, the statement signed and countersigned and
// progress reviewed, the overseer claims the certificate, and anyone can
// verify it by its code.
func ExampleService_Claim() {
	ctx := context.Background()
	svc, sl, eo, eoReg, slReg, record := exampleYear()
	targets, _, _ := svc.ApplyTemplate(ctx, sl, record, "experienced-eo")
	for _, t := range targets {
		_, _ = svc.AgreeTarget(ctx, eo, t.ID)
	}
	var achieved []standards.TargetUpdate
	for _, t := range targets {
		achieved = append(achieved, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	_, _ = svc.SignStatement(ctx, eo, record)
	_, _ = svc.CountersignStatement(ctx, sl, record)
	_, _ = svc.RecordMeeting(ctx, sl, record, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: time.Date(2025, time.September, 15, 0, 0, 0, 0, time.UTC),
		Attendees: []string{eoReg, slReg}, Updates: achieved,
	})

	cert, err := svc.Claim(ctx, sl, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cert.HolderName, "|", cert.CentreName, "|", cert.Year)

	v, err := svc.Verify(ctx, cert.VerificationCode)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Status, "|", v.HolderName, "|", v.CentreNumber, "|", v.IssuedAt.Format("2 January 2006"))

	_, err = svc.Verify(ctx, "AAAA-BBBB-CCCC-DDDD-EEEE")
	fmt.Println(errors.Is(err, standards.ErrNotFound))
	// Output:
	// Eve Officer | Riverside Academy | 2025/26
	// valid | Eve Officer | 12345 | 15 September 2025
	// true
}
