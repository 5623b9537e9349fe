// Quickstart runs one exams officer's whole year through the eops library
// on a SQLite file: a senior leader registers the centre and the exams
// officer, applies the experienced exams officer's targets, they agree them,
// sign and countersign the Values and Attributes statement, record the final
// review with every target achieved, and the senior leader claims the
// certificate, which anyone can then verify.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

func main() {
	ctx := context.Background()
	dir := must(os.MkdirTemp("", "eops-quickstart"))
	defer os.RemoveAll(dir)
	store := must(sqlite.Open(filepath.Join(dir, "eops.db")))
	defer store.Close()
	check(store.Migrate(ctx))
	svc := standards.New(store)

	// The host authenticates people; the library needs only who is acting.
	head := standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior"}
	eo := standards.Actor{Email: "exams@riverside.sch.uk", Name: "Eve Officer"}
	// Days are UK days (R-DAY-1): the library reads any instant, in any
	// zone, as its date in London, so a host may pass time.Now() as it
	// stands, for the year now and for a meeting held today.
	now := time.Now()
	year := standards.YearOf(now)
	sl := must(svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: year, CentreNumber: "12345",
		CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}}))
	reg := must(svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: sl.CentreID, Year: year,
		Email: eo.Email, FullName: eo.Name, Roles: standards.Roles{standards.RoleEO}}))
	must(svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: reg.ID, Overseer: sl.ID}))
	record := must(svc.Member(ctx, head, reg.ID)).RecordID

	targets, _ := must2(svc.ApplyTemplate(ctx, head, record, "experienced-eo"))
	var updates []standards.TargetUpdate
	for _, t := range targets {
		must(svc.AgreeTarget(ctx, eo, t.ID))
		updates = append(updates, standards.TargetUpdate{TargetID: t.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	must(svc.SignStatement(ctx, eo, record))
	must(svc.CountersignStatement(ctx, head, record))
	must(svc.RecordMeeting(ctx, head, record, standards.MeetingInput{Kind: standards.MeetingFinalReview,
		Date: now, Attendees: []string{reg.ID, sl.ID}, Updates: updates}))

	cert := must(svc.Claim(ctx, head, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true}))
	v := must(svc.Verify(ctx, cert.VerificationCode))
	fmt.Printf("certificate %s issued to %s for %s\n", cert.Serial, cert.HolderName, cert.Year)
	fmt.Printf("verified: %s, %s at %s (%s)\n", v.Status, v.HolderName, v.CentreName, v.CentreNumber)
}

// must stops the program on an error: an example's way, not a host's.
func must[T any](v T, err error) T {
	check(err)
	return v
}

func must2[T, U any](v T, u U, err error) (T, U) {
	check(err)
	return v, u
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
