package standards_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// This test tries every command and query of the Service as every kind of
// actor and checks the answer against "Who may do what". Adding a method to
// the Service without rows here fails TestAuthorizationCoversEveryMethod.

type actorKind string

const (
	kindEO       actorKind = "EO"
	kindSL       actorKind = "SL"
	kindLM       actorKind = "LM"
	kindAdmin    actorKind = "admin"
	kindOther    actorKind = "other centre"
	kindLead     actorKind = "trust lead"
	kindOperator actorKind = "operator"
	kindPending  actorKind = "pending"
	kindNobody   actorKind = "nobody"
	kindSystem   actorKind = "system job"
)

// columns is the order of the kinds in each row's want string.
var columns = []actorKind{kindEO, kindSL, kindLM, kindAdmin, kindOther, kindLead, kindOperator, kindPending, kindNobody, kindSystem}

var actors = map[actorKind]standards.Actor{
	kindEO: eoActor, kindSL: slActor, kindLM: lmActor, kindAdmin: adminActor, kindOther: otherActor,
	kindLead: leadActor, kindOperator: operatorActor, kindPending: pendingActor, kindNobody: nobody,
	kindSystem: standards.SystemActor("nightly"),
}

// own returns the registration at the fixture centre of an actor kind, and
// whether it has one.
func (f *fixture) own(k actorKind) (standards.Registration, bool) {
	switch k {
	case kindEO:
		return f.eo, true
	case kindSL:
		return f.sl, true
	case kindLM:
		return f.lm, true
	case kindAdmin:
		return f.admin, true
	case kindPending:
		return f.pending, true
	}
	return standards.Registration{}, false
}

// overseerFor picks the overseer registration a kind would name as itself
// (a senior leader or line manager taking on an exams officer), else def.
func (f *fixture) overseerFor(k actorKind, def standards.Registration) string {
	if k == kindSL || k == kindLM {
		r, _ := f.own(k)
		return r.ID
	}
	return def.ID
}

type authzRow struct {
	method string
	// want has one letter per column: A allowed, F ErrForbidden,
	// N ErrNotFound, U ErrUnauthenticated. The last column, a system job
	// (SystemActor), is F for all but what SystemActor lists.
	want string
	// write says an allowed call changes something, so it must append to
	// the audit trail; a read must change nothing.
	write bool
	// prepare runs before the snapshot, as the fixture's own people.
	prepare func(t *testing.T, f *fixture)
	call    func(ctx context.Context, f *fixture, a standards.Actor, k actorKind) error
}

// kim finds the registration of the colleague colleagueIn registers.
func (f *fixture) kim(ctx context.Context) standards.Registration {
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	if err != nil {
		panic(err)
	}
	for _, m := range roster.Members {
		if m.Person.Email == "kim@riverside.sch.uk" {
			return m.Registration
		}
	}
	panic("kim is not registered")
}

func ignore[T any](_ T, err error) error { return err }

var colleagueIn = func(f *fixture) standards.Colleague {
	return standards.Colleague{CentreID: f.centre.ID, Year: year, Email: "kim@riverside.sch.uk", FullName: "Kim Kaur", Roles: standards.Roles{standards.RoleEO}}
}

func registerThirdCentre(t *testing.T, f *fixture) {
	t.Helper()
	_, err := f.svc.RegisterCentre(t.Context(), standards.Actor{Email: "bea@brookside.sch.uk"}, standards.CentreRegistration{
		Year: year, CentreNumber: "67890", CentreName: "Brookside School", FullName: "Bea Brook", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
}

var registrationRows = []authzRow{
	//                                      EO SL LM AD OT TL OP PE NB SY
	{method: "Me", want: "A  A  A  A  A  A  N  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Me(ctx, a))
		}},
	{method: "ChangeEmail", want: "A  N  N  N  N  N  A  N  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.ChangeEmail(ctx, a, f.eo.PersonID, "eve.officer@riverside.example.org"))
		}},
	{method: "CorrectMyName", want: "A  A  A  A  A  A  A  A  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.CorrectMyName(ctx, a, "A Corrected Name"))
		}},
	{method: "PlatformTrail", want: "F  F  F  F  F  F  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.PlatformTrail(ctx, a, 0, 10))
		}},
	{method: "RenameCentre", want: "F  F  F  A  N  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RenameCentre(ctx, a, f.centre.ID, "Riverside School"))
		}},
	{method: "RegisterCentre", want: "A  A  A  A  A  A  A  A  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RegisterCentre(ctx, a, standards.CentreRegistration{
				Year: year, CentreNumber: "67890", CentreName: "Brookside School", FullName: "Someone", Roles: standards.Roles{standards.RoleEO},
			}))
		}},
	{method: "RequestToJoin", want: "A  A  A  A  A  A  A  A  U  F", write: true, prepare: registerThirdCentre,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RequestToJoin(ctx, a, standards.JoinRequest{Year: year, CentreNumber: "67890", FullName: "Someone", Roles: standards.Roles{standards.RoleEO}}))
		}},
	{method: "FindCentre", want: "A  A  A  A  A  A  A  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.FindCentre(ctx, a, "12345", year))
		}},
	{method: "MyRegistrations", want: "A  A  A  A  A  A  A  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.MyRegistrations(ctx, a))
		}},
	{method: "WhatNeedsDoing", want: "A  A  A  A  A  A  A  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.WhatNeedsDoing(ctx, a))
		}},
	{method: "TrustsLed", want: "A  A  A  A  A  A  A  A  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.TrustsLed(ctx, a))
		}},
	{method: "ApproveRegistration", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.ApproveRegistration(ctx, a, f.pending.ID))
		}},
	{method: "RejectRegistration", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RejectRegistration(ctx, a, f.pending.ID, "Not on our staff list"))
		}},
	{method: "DecideRegistrations", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			out, err := f.svc.DecideRegistrations(ctx, a, []standards.Decision{{RegistrationID: f.pending.ID, Approve: true}})
			if err != nil {
				return err
			}
			return out[0].Err
		}},
	{method: "GrantAdmin", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.GrantAdmin(ctx, a, f.lm.ID))
		}},
	{method: "RevokeAdmin", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			kim, err := f.svc.RegisterColleague(t.Context(), adminActor, colleagueIn(f))
			require.NoError(t, err)
			_, err = f.svc.GrantAdmin(t.Context(), adminActor, kim.ID)
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RevokeAdmin(ctx, a, f.kim(ctx).ID))
		}},
	{method: "Leave", want: "A  A  A  A  N  F  F  A  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { // so that the admin is not the last
			_, err := f.svc.GrantAdmin(t.Context(), adminActor, f.lm.ID)
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, k actorKind) error {
			r, ok := f.own(k)
			if !ok {
				r = f.eo
			}
			return ignore(f.svc.Leave(ctx, a, r.ID))
		}},
	{method: "RemoveMember", want: "F  F  F  F  N  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RemoveMember(ctx, a, f.eo.ID, "left the school"))
		}},
	{method: "AppointAdmin", want: "F  F  F  F  N  F  A  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.RemoveMember(t.Context(), operatorActor, f.admin.ID, "left the school")
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AppointAdmin(ctx, a, f.lm.ID))
		}},
	{method: "AssignOverseer", want: "F  A  A  A  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.RegisterColleague(t.Context(), adminActor, colleagueIn(f))
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, k actorKind) error {
			return ignore(f.svc.AssignOverseer(ctx, a, standards.Overseeing{ExamsOfficer: f.kim(ctx).ID, Overseer: f.overseerFor(k, f.lm)}))
		}},
	{method: "RemoveOverseer", want: "F  A  A  A  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.AssignOverseer(t.Context(), adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.lm.ID})
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, k actorKind) error {
			return f.svc.RemoveOverseer(ctx, a, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.overseerFor(k, f.sl)})
		}},
	{method: "RegisterColleague", want: "F  A  A  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RegisterColleague(ctx, a, colleagueIn(f)))
		}},
	{method: "RegisterColleagues", want: "F  A  A  A  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			out, err := f.svc.RegisterColleagues(ctx, a, f.centre.ID, year, strings.NewReader("kim@riverside.sch.uk,Kim Kaur,EO\n"))
			if err != nil {
				return err
			}
			return out[0].Err
		}},
	{method: "Roster", want: "A  A  A  A  N  A  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Roster(ctx, a, f.centre.ID, year))
		}},
	{method: "Member", want: "A  A  A  A  N  A  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Member(ctx, a, f.eo.ID))
		}},
	{method: "AuditTrail", want: "F  F  F  A  N  F  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AuditTrail(ctx, a, f.centre.ID, 0, 10))
		}},
	{method: "TrustRequests", want: "F  F  F  A  N  F  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.TrustRequests(ctx, a, f.centre.ID))
		}},
	{method: "CreateTrust", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.CreateTrust(ctx, a, "Another Trust"))
		}},
	{method: "AppointTrustLead", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AppointTrustLead(ctx, a, f.trust.ID, "second@trust.org.uk", "Second Lead"))
		}},
	{method: "RemoveTrustLead", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			view, err := f.svc.Trust(ctx, operatorActor, f.trust.ID)
			if err != nil {
				return err
			}
			return f.svc.RemoveTrustLead(ctx, a, f.trust.ID, view.Leads[0].ID)
		}},
	{method: "Trust", want: "N  N  N  N  N  A  A  N  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Trust(ctx, a, f.trust.ID))
		}},
	{method: "InviteCentre", want: "N  N  N  N  N  A  F  N  U  F", write: true, prepare: registerThirdCentre,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.InviteCentre(ctx, a, f.trust.ID, "67890"))
		}},
	{method: "AskToJoinTrust", want: "F  F  F  A  N  N  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.LeaveTrust(t.Context(), adminActor, f.centre.ID)
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AskToJoinTrust(ctx, a, f.trust.ID, f.centre.ID))
		}},
	// The other centre asked; the trust's side accepts.
	{method: "AcceptTrustRequest", want: "N  N  N  N  F  A  F  N  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AcceptTrustRequest(ctx, a, f.request.ID))
		}},
	// The trust invited; the centre's side accepts.
	{method: "AcceptTrustRequest", want: "F  F  F  A  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.LeaveTrust(t.Context(), adminActor, f.centre.ID)
			require.NoError(t, err)
			_, err = f.svc.InviteCentre(t.Context(), leadActor, f.trust.ID, "12345")
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			reqs, err := f.svc.TrustRequests(ctx, adminActor, f.centre.ID)
			if err != nil {
				return err
			}
			return ignore(f.svc.AcceptTrustRequest(ctx, a, reqs[0].ID))
		}},
	{method: "DeclineTrustRequest", want: "N  N  N  N  A  A  F  N  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return f.svc.DeclineTrustRequest(ctx, a, f.request.ID)
		}},
	{method: "LeaveTrust", want: "F  F  F  A  N  A  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.LeaveTrust(ctx, a, f.centre.ID))
		}},
}

// The rows of the standards cycle act on the record of the fixture's exams
// officer, overseen by the senior leader (not by the line manager, and not
// by the admin).

func (f *fixture) rec(ctx context.Context) string {
	mine, err := f.svc.MyRegistrations(ctx, eoActor)
	if err != nil || mine[0].RecordID == "" {
		panic("the exams officer has no record")
	}
	return mine[0].RecordID
}

// proposedTarget is a target the exams officer proposed, and agreedTarget
// one the senior leader then agreed.
func proposedTarget(t *testing.T, f *fixture) standards.Target {
	tg, _, err := f.svc.ProposeTarget(t.Context(), eoActor, f.rec(t.Context()), standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err)
	return tg
}

func agreedTarget(t *testing.T, f *fixture) standards.Target {
	tg, err := f.svc.AgreeTarget(t.Context(), slActor, proposedTarget(t, f).ID)
	require.NoError(t, err)
	return tg
}

// onlyTarget finds the one target of the record.
func (f *fixture) onlyTarget(ctx context.Context) standards.Target {
	tr, err := f.svc.Tracker(ctx, eoActor, f.rec(ctx))
	if err != nil || len(tr.Targets) != 1 {
		panic(fmt.Sprintf("want one target: %v", err))
	}
	return tr.Targets[0]
}

func (f *fixture) review(a standards.Actor) standards.MeetingInput {
	return standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: f.clock.t, Attendees: []string{f.eo.ID, f.sl.ID},
		Support: []standards.SupportInput{{Description: "Network meeting", OwnerRegistrationID: f.sl.ID, Due: f.clock.t}},
	}
}

func claimed(t *testing.T, f *fixture) {
	_, err := f.svc.Claim(t.Context(), slActor, f.eligibleRecord(t), allConfirmed())
	require.NoError(t, err)
}

func (f *fixture) certificateID(ctx context.Context) string {
	tr, err := f.svc.Tracker(ctx, eoActor, f.rec(ctx))
	if err != nil || tr.Certificate.ID == "" {
		panic("no certificate")
	}
	return tr.Certificate.ID
}

var cycleRows = []authzRow{
	//                                      EO SL LM AD OT TL OP PE NB SY
	{method: "Tracker", want: "A  A  F  A  N  F  F  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Tracker(ctx, a, f.rec(ctx)))
		}},
	{method: "ClaimEligibility", want: "A  A  F  A  N  F  F  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.ClaimEligibility(ctx, a, f.rec(ctx), allConfirmed()))
		}},
	{method: "ProposeTarget", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			_, _, err := f.svc.ProposeTarget(ctx, a, f.rec(ctx), standards.TargetInput{CatalogueItemID: "ku-entries"})
			return err
		}},
	{method: "ApplyTemplate", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			_, _, err := f.svc.ApplyTemplate(ctx, a, f.rec(ctx), "experienced-eo")
			return err
		}},
	{method: "AgreeTarget", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { proposedTarget(t, f) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AgreeTarget(ctx, a, f.onlyTarget(ctx).ID))
		}},
	{method: "UpdateTarget", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { agreedTarget(t, f) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.UpdateTarget(ctx, a, f.onlyTarget(ctx).ID, standards.TargetProgress{State: standards.TargetInProgress, Rating: standards.RatingAmber}))
		}},
	{method: "AchieveTarget", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { agreedTarget(t, f) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AchieveTarget(ctx, a, f.onlyTarget(ctx).ID, "well done"))
		}},
	{method: "ReopenTarget", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.AchieveTarget(t.Context(), slActor, agreedTarget(t, f).ID, "")
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.ReopenTarget(ctx, a, f.onlyTarget(ctx).ID, "one more thing"))
		}},
	{method: "WithdrawTarget", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { proposedTarget(t, f) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.WithdrawTarget(ctx, a, f.onlyTarget(ctx).ID, "not this year"))
		}},
	{method: "LogCPD", want: "A  F  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.LogCPD(ctx, a, f.rec(ctx), standards.CPDInput{Kind: standards.CPDWebinar, Title: "Webinar", Date: f.clock.t, Hours: 1}))
		}},
	{method: "DeleteCPD", want: "A  F  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.LogCPD(t.Context(), eoActor, f.rec(t.Context()), standards.CPDInput{Kind: standards.CPDWebinar, Title: "Webinar", Date: f.clock.t, Hours: 1})
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			tr, err := f.svc.Tracker(ctx, eoActor, f.rec(ctx))
			if err != nil {
				return err
			}
			return f.svc.DeleteCPD(ctx, a, tr.CPD[0].ID)
		}},
	{method: "RecordMeeting", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RecordMeeting(ctx, a, f.rec(ctx), f.review(a)))
		}},
	{method: "CompleteSupportAction", want: "A  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.RecordMeeting(t.Context(), slActor, f.rec(t.Context()), f.review(slActor))
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			tr, err := f.svc.Tracker(ctx, eoActor, f.rec(ctx))
			if err != nil {
				return err
			}
			return ignore(f.svc.CompleteSupportAction(ctx, a, tr.Actions[0].ID))
		}},
	{method: "AddPrivateNote", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.AddPrivateNote(ctx, a, f.rec(ctx), "a note"))
		}},
	{method: "SignStatement", want: "A  F  F  F  N  F  F  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.SignStatement(ctx, a, f.rec(ctx)))
		}},
	{method: "CountersignStatement", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) {
			_, err := f.svc.SignStatement(t.Context(), eoActor, f.rec(t.Context()))
			require.NoError(t, err)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.CountersignStatement(ctx, a, f.rec(ctx)))
		}},
	{method: "Claim", want: "F  A  F  F  N  F  F  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { f.eligibleRecord(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Claim(ctx, a, f.rec(ctx), allConfirmed()))
		}},
	{method: "Certificate", want: "A  A  F  A  N  F  A  F  U  F", prepare: claimed,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.Certificate(ctx, a, f.certificateID(ctx)))
		}},
	{method: "RevokeCertificate", want: "F  F  F  F  N  F  A  F  U  F", write: true, prepare: claimed,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RevokeCertificate(ctx, a, f.certificateID(ctx), "issued in error"))
		}},
	{method: "PublishStatement", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.PublishStatement(ctx, a, year, "A new statement."))
		}},
}

// hostKeyRows: only the operator issues, revokes and lists host keys.
var hostKeyRows = []authzRow{
	{method: "IssueHostKey", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			_, _, err := f.svc.IssueHostKey(ctx, a, hostKeyRequest(f))
			return err
		}},
	{method: "RevokeHostKey", want: "F  F  F  F  F  F  A  F  U  F", write: true,
		prepare: func(t *testing.T, f *fixture) { f.issueHostKey(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RevokeHostKey(ctx, a, f.hostKeyID(ctx)))
		}},
	{method: "HostKeys", want: "F  F  F  F  F  F  A  F  U  F",
		prepare: func(t *testing.T, f *fixture) { f.issueHostKey(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.HostKeys(ctx, a))
		}},
}

// authzRows are every row, which TestAuthorizationWhoMayDoWhat tries.
var authzRows = slices.Concat(registrationRows, cycleRows, historyRows, flagRows, hostKeyRows, webhookRows)

// hostCalls are the Service's methods that take no actor: the host's own
// plumbing, not an actor's request.
var hostCalls = map[string]bool{"PendingEvents": true, "ClaimEvents": true, "AckEvents": true, "ReleaseEvents": true, "CurrentStatement": true, "Verify": true, "Catalogue": true, "RemindersDue": true, "ClaimGrace": true, "HostKeyFor": true,
	"ClaimWebhooks": true, "FinishWebhook": true, "ReleaseWebhooks": true, "Changes": true}

func TestAuthorizationCoversEveryMethod(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, r := range authzRows {
		covered[r.method] = true
	}
	actorType := reflect.TypeFor[standards.Actor]()
	svc := reflect.TypeFor[*standards.Service]()
	for i := range svc.NumMethod() {
		m := svc.Method(i)
		takesActor := m.Type.NumIn() > 2 && m.Type.In(2) == actorType
		switch {
		case takesActor:
			assert.True(t, covered[m.Name], "Service.%s takes an Actor but has no row in authzRows", m.Name)
			delete(covered, m.Name)
		case hostCalls[m.Name]:
		default:
			t.Errorf("Service.%s takes no Actor: add it to hostCalls if it is the host's own call", m.Name)
		}
	}
	for name := range covered {
		t.Errorf("authzRows has rows for %s, which the Service does not have", name)
	}
}

func TestAuthorizationWhoMayDoWhat(t *testing.T) {
	t.Parallel()
	for i, row := range authzRows {
		want := strings.Fields(row.want)
		require.Len(t, want, len(columns), "row %d (%s)", i, row.method)
		for j, kind := range columns {
			t.Run(row.method+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				if row.prepare != nil {
					row.prepare(t, f)
				}
				before := f.snapshot(t)
				err := row.call(t.Context(), f, actors[kind], kind)
				switch want[j] {
				case "A":
					require.NoError(t, err)
					after := f.snapshot(t)
					if row.write {
						assert.Greater(t, len(after.audit), len(before.audit), "every change appends an audit entry (R-AUD-1)")
					} else {
						assert.Equal(t, before, after, "a query changes nothing")
					}
					return
				case "F":
					assert.ErrorIs(t, err, standards.ErrForbidden)
				case "N":
					assert.ErrorIs(t, err, standards.ErrNotFound)
				case "U":
					assert.ErrorIs(t, err, standards.ErrUnauthenticated)
				default:
					t.Fatalf("row %d: unknown outcome %q", i, want[j])
				}
				for _, other := range []error{standards.ErrForbidden, standards.ErrNotFound, standards.ErrUnauthenticated} {
					if !errors.Is(err, other) {
						continue
					}
					assert.Equal(t, before, f.snapshot(t), "a refused call writes nothing")
				}
			})
		}
	}
}

// TestScopeRefusalReadsAsAnUnknownID checks that another centre's ids and
// ids nobody has give the same error, message and all, on every store: a
// store's own message for a missing row (which may name the id) never
// leaves the Service ("scope first ... existence is not leaked", in the
// rulebook's "Who may do what").
func TestScopeRefusalReadsAsAnUnknownID(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		admin, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		eo := join(t, svc, eoActor, "12345", standards.RoleEO)
		_, err = svc.ApproveRegistration(ctx, adminActor, eo.ID)
		require.NoError(t, err)
		rec := recordOf(t, svc, eoActor)
		_, err = svc.RegisterCentre(ctx, otherActor, standards.CentreRegistration{
			Year: year, CentreNumber: "54321", CentreName: "Hillside College", FullName: "Olu Other", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)

		const unknown = "zz00000000000000000000zzzz"
		calls := map[string]func(id string) error{
			"Tracker":     func(id string) error { _, err := svc.Tracker(ctx, otherActor, id); return err },
			"LogCPD":      func(id string) error { _, err := svc.LogCPD(ctx, otherActor, id, standards.CPDInput{}); return err },
			"RevokeAdmin": func(id string) error { _, err := svc.RevokeAdmin(ctx, otherActor, id); return err },
			"Roster":      func(id string) error { _, err := svc.Roster(ctx, otherActor, id, year); return err },
		}
		foreign := map[string]string{"Tracker": rec, "LogCPD": rec, "RevokeAdmin": admin.ID, "Roster": admin.CentreID}
		for name, call := range calls {
			theirs, nobodys := call(foreign[name]), call(unknown)
			require.ErrorIs(t, theirs, standards.ErrNotFound, name)
			require.ErrorIs(t, nobodys, standards.ErrNotFound, name)
			assert.Equal(t, nobodys.Error(), theirs.Error(), "%s: another centre's id reads as one nobody has", name)
		}
	})
}
