package standards_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// exampleService is a service on an empty memory store, on 15 September
// 2025, inside the registration window of 2025/26. Its clock moves on a
// second each time it is read, as a real one would between calls: rows
// made at the same instant list in the order of their ids, which is random.
func exampleService() *standards.Service {
	day := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	return standards.New(memory.New(), standards.WithClock(func() time.Time {
		day = day.Add(time.Second)
		return day
	}))
}

// The first person to register a centre for a year becomes its centre
// administrator.
func ExampleService_RegisterCentre() {
	ctx := context.Background()
	svc := exampleService()

	head := standards.Actor{Email: "head@riverside.sch.uk"}
	reg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year:         2025,
		CentreNumber: "12345",
		CentreName:   "Riverside Academy",
		FullName:     "Ada Admin",
		Roles:        standards.Roles{standards.RoleSL},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reg.Year, reg.Roles, reg.Status, "admin:", reg.IsAdmin(), "late:", reg.Late())

	// A second registration of the same centre for the year is a conflict.
	_, err = svc.RegisterCentre(ctx, standards.Actor{Email: "eo@riverside.sch.uk"}, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
	})
	fmt.Println(errors.Is(err, standards.ErrConflict))
	// Output:
	// 2025/26 SL approved admin: true late: false
	// true
}

// Everyone but the first registers themselves at the centre, and waits for
// an admin.
func ExampleService_RequestToJoin() {
	ctx := context.Background()
	svc := exampleService()
	head := standards.Actor{Email: "head@riverside.sch.uk"}
	if _, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	}); err != nil {
		fmt.Println(err)
		return
	}

	eo := standards.Actor{Email: "Eve.Officer@Riverside.sch.uk"}
	reg, err := svc.RequestToJoin(ctx, eo, standards.JoinRequest{
		Year:         2025,
		CentreNumber: "12345",
		FullName:     "Eve Officer",
		Roles:        standards.Roles{standards.RoleEO},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reg.Status)

	// The admin is told through the outbox: the host claims what is
	// pending, delivers it and acknowledges it.
	events, _ := svc.ClaimEvents(ctx, "example", time.Minute, 10)
	fmt.Println(events[0].Kind, events[0].To)

	// Bad input names the field.
	_, err = svc.RequestToJoin(ctx, eo, standards.JoinRequest{Year: 2025, CentreNumber: "12 34", FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		fmt.Println(invalid.Fields[0].Field)
	}
	// Output:
	// pending
	// registration.requested [head@riverside.sch.uk]
	// centre_number
}

// An admin approves a pending registration; the registrant is told.
func ExampleService_ApproveRegistration() {
	ctx := context.Background()
	svc := exampleService()
	head := standards.Actor{Email: "head@riverside.sch.uk"}
	eo := standards.Actor{Email: "eo@riverside.sch.uk"}
	if _, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	}); err != nil {
		fmt.Println(err)
		return
	}
	pending, err := svc.RequestToJoin(ctx, eo, standards.JoinRequest{
		Year: 2025, CentreNumber: "12345", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The exams officer cannot approve themselves.
	_, err = svc.ApproveRegistration(ctx, eo, pending.ID)
	fmt.Println(errors.Is(err, standards.ErrForbidden))

	approved, err := svc.ApproveRegistration(ctx, head, pending.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(approved.Status)

	// Until the admin names an overseer, the exams officer is flagged.
	roster, _ := svc.Roster(ctx, head, approved.CentreID, 2025)
	for _, m := range roster.Members {
		fmt.Printf("%s %s no overseer: %v\n", m.Person.Email, m.Registration.Roles, m.NoOverseer(roster))
	}
	// Output:
	// true
	// approved
	// head@riverside.sch.uk SL no overseer: false
	// eo@riverside.sch.uk EO no overseer: true
}

// A host delivers the outbox by claims: each deliverer (every instance of
// the host may run one) claims a batch with a lease, sends it, and
// acknowledges what it sent. While the lease lasts no other claim returns
// those events; an event not acknowledged in time is claimed again, with
// the same ID, for the receiver to drop a second copy by.
func ExampleService_ClaimEvents() {
	ctx := context.Background()
	svc := exampleService()
	head := standards.Actor{Email: "head@riverside.sch.uk"}
	if _, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	}); err != nil {
		fmt.Println(err)
		return
	}
	for _, who := range []string{"eo", "lm"} {
		if _, err := svc.RequestToJoin(ctx, standards.Actor{Email: who + "@riverside.sch.uk"}, standards.JoinRequest{
			Year: 2025, CentreNumber: "12345", FullName: who, Roles: standards.Roles{standards.RoleEO},
		}); err != nil {
			fmt.Println(err)
			return
		}
	}

	a, _ := svc.ClaimEvents(ctx, "instance a", time.Minute, 1)
	b, _ := svc.ClaimEvents(ctx, "instance b", time.Minute, 10)
	fmt.Println(len(a), len(b), a[0].Seq != b[0].Seq)
	fmt.Println(a[0].Kind, a[0].To, len(a[0].ID) == standards.IDLength)

	// Each sends its mail, then acknowledges it; nothing is left to claim.
	_ = svc.AckEvents(ctx, a[0].Seq, b[0].Seq)
	rest, _ := svc.ClaimEvents(ctx, "instance a", time.Minute, 10)
	fmt.Println(len(rest))
	// Output:
	// 1 1 true
	// registration.requested [head@riverside.sch.uk] true
	// 0
}
