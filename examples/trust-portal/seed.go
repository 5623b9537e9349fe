package main

import (
	"context"
	"time"

	"github.com/eops/eops/standards"
)

// seed fills the library with the trust as the portal's people would have
// made it through the app: the operator creates the trust and appoints its
// lead, three heads register their centres and exams officers, the centres
// join the trust, and Riverside's exams officer is certified. It returns
// the trust's id.
func seed(ctx context.Context, svc *standards.Service) (string, error) {
	ops := standards.Actor{Email: "ops@valley.org.uk", Name: "Olive Ops", Operator: true}
	lead := standards.Actor{Email: "lead@valley.org.uk", Name: "Lou Lead"}
	trust, err := svc.CreateTrust(ctx, ops, "Valley Learning Trust")
	if err != nil {
		return "", err
	}
	if _, err := svc.AppointTrustLead(ctx, ops, trust.ID, lead.Email, lead.Name); err != nil {
		return "", err
	}
	year := standards.YearOf(time.Now())
	centres := []struct {
		number     standards.CentreNumber
		name       string
		head, exam standards.Actor
	}{
		{"12345", "Riverside Academy", standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior"}, standards.Actor{Email: "exams@riverside.sch.uk", Name: "Eve Officer"}},
		{"54321", "Hillside College", standards.Actor{Email: "head@hillside.sch.uk", Name: "Hana Head"}, standards.Actor{Email: "exams@hillside.sch.uk", Name: "Hal Officer"}},
		{"67890", "Brookside School", standards.Actor{Email: "head@brookside.sch.uk", Name: "Bea Head"}, standards.Actor{Email: "exams@brookside.sch.uk", Name: "Bo Officer"}},
	}
	for i, c := range centres {
		sl, err := svc.RegisterCentre(ctx, c.head, standards.CentreRegistration{
			Year: year, CentreNumber: c.number, CentreName: c.name, FullName: c.head.Name, Roles: standards.Roles{standards.RoleSL},
		})
		if err != nil {
			return "", err
		}
		eo, err := svc.RegisterColleague(ctx, c.head, standards.Colleague{
			CentreID: sl.CentreID, Year: year, Email: c.exam.Email, FullName: c.exam.Name, Roles: standards.Roles{standards.RoleEO},
		})
		if err != nil {
			return "", err
		}
		if _, err := svc.AssignOverseer(ctx, c.head, standards.Overseeing{ExamsOfficer: eo.ID, Overseer: sl.ID}); err != nil {
			return "", err
		}
		invite, err := svc.InviteCentre(ctx, lead, trust.ID, c.number)
		if err != nil {
			return "", err
		}
		if _, err := svc.AcceptTrustRequest(ctx, c.head, invite.ID); err != nil {
			return "", err
		}
		if i == 0 {
			if err := certify(ctx, svc, c.head, c.exam, sl, eo); err != nil {
				return "", err
			}
		}
	}
	return trust.ID, nil
}

// certify takes an exams officer through the year to the certificate.
func certify(ctx context.Context, svc *standards.Service, head, exam standards.Actor, sl, eo standards.Registration) error {
	m, err := svc.Member(ctx, head, eo.ID)
	if err != nil {
		return err
	}
	targets, _, err := svc.ApplyTemplate(ctx, head, m.RecordID, "experienced-eo")
	if err != nil {
		return err
	}
	var updates []standards.TargetUpdate
	for _, t := range targets {
		if _, err := svc.AgreeTarget(ctx, exam, t.ID); err != nil {
			return err
		}
		updates = append(updates, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	if _, err := svc.SignStatement(ctx, exam, m.RecordID); err != nil {
		return err
	}
	if _, err := svc.CountersignStatement(ctx, head, m.RecordID); err != nil {
		return err
	}
	if _, err := svc.RecordMeeting(ctx, head, m.RecordID, standards.MeetingInput{
		Kind: standards.MeetingFinalReview, Date: time.Now(), Attendees: []string{eo.ID, sl.ID}, Updates: updates,
	}); err != nil {
		return err
	}
	_, err = svc.Claim(ctx, head, m.RecordID, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	return err
}
