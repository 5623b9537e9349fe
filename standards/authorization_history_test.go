package standards_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// historyRows are the authorisation rows of certification history, carrying
// targets forward and legacy import.
var historyRows = []authzRow{
	//                                      EO SL LM AD OT TL OP PE NB SY
	{method: "MyCertificates", want: "A  A  A  A  A  A  A  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.MyCertificates(ctx, a))
		}},
	// Whose history: the exams officer's. The SL and the admin look after
	// her this year; the LM is an approved line manager at her centre.
	{method: "CertificationHistory", want: "A  A  A  A  N  N  A  N  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.CertificationHistory(ctx, a, f.eo.PersonID))
		}},
	{method: "CarryForward", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			rec := f.rec(t.Context())
			_, _, err := f.svc.ProposeTarget(t.Context(), eoActor, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
			require.NoError(t, err)
			f.nextYear(t)
			_, err = f.svc.RegisterColleague(t.Context(), adminActor, standards.Colleague{CentreID: f.centre.ID, Year: 2026, Email: eoActor.Email, FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
			require.NoError(t, err)
			for _, a := range []standards.Actor{slActor, lmActor} {
				_, err = f.svc.RegisterColleague(t.Context(), adminActor, standards.Colleague{CentreID: f.centre.ID, Year: 2026, Email: a.Email, FullName: a.Name, Roles: standards.Roles{standards.RoleSL}})
				require.NoError(t, err)
			}
			_, err = f.svc.RequestToJoin(t.Context(), pendingActor, standards.JoinRequest{Year: 2026, CentreNumber: "12345", FullName: "Pat", Roles: standards.Roles{standards.RoleEO}})
			require.NoError(t, err)
			_, err = f.svc.LeaveTrust(t.Context(), adminActor, f.centre.ID)
			require.NoError(t, err)
			_, err = f.svc.InviteCentre(t.Context(), leadActor, f.trust.ID, "12345")
			require.NoError(t, err)
			reqs, err := f.svc.TrustRequests(t.Context(), adminActor, f.centre.ID)
			require.NoError(t, err)
			_, err = f.svc.AcceptTrustRequest(t.Context(), adminActor, reqs[0].ID)
			require.NoError(t, err)
			mine, err := f.svc.MyRegistrations(t.Context(), eoActor)
			require.NoError(t, err)
			roster, err := f.svc.Roster(t.Context(), adminActor, f.centre.ID, 2026)
			require.NoError(t, err)
			for _, m := range roster.Members {
				if m.Person.Email == slActor.Email {
					_, err = f.svc.AssignOverseer(t.Context(), adminActor, standards.Overseeing{ExamsOfficer: mine[0].Registration.ID, Overseer: m.Registration.ID})
					require.NoError(t, err)
				}
			}
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			mine, err := f.svc.MyRegistrations(ctx, eoActor)
			if err != nil {
				return err
			}
			return ignore(f.svc.CarryForward(ctx, a, mine[0].RecordID))
		}},
	{method: "ImportCertificates", want: "F  F  F  F  F  F  A  F  U  A", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			out, err := f.svc.ImportCertificates(ctx, a, strings.NewReader("kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\n"), nil)
			if err != nil {
				return err
			}
			return out[0].Err
		}},
	//                                      EO SL LM AD OT TL OP PE NB SY
	{method: "FindPerson", want: "A  N  N  N  N  N  A  N  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.FindPerson(ctx, a, eoActor.Email))
		}},
	{method: "ExportPerson", want: "A  N  N  N  N  N  A  N  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.ExportPerson(ctx, a, f.eo.PersonID))
		}},
	{method: "ErasePerson", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return f.svc.ErasePerson(ctx, a, f.eo.PersonID)
		}},
}
