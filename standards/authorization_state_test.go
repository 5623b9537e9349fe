package standards_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// targetsInEveryState proposes one target for each state a target can be
// in, on Eve's record, and returns their ids by state.
func targetsInEveryState(t *testing.T, f *fixture) map[standards.TargetState]string {
	t.Helper()
	ctx := t.Context()
	rec := recordOf(t, f.svc, eoActor)
	out := map[standards.TargetState]string{}
	steps := map[standards.TargetState]func(id string) error{
		standards.TargetProposed: func(string) error { return nil },
		standards.TargetAgreed: func(id string) error {
			return ignore(f.svc.AgreeTarget(ctx, slActor, id))
		},
		standards.TargetAchieved: func(id string) error {
			if err := ignore(f.svc.AgreeTarget(ctx, slActor, id)); err != nil {
				return err
			}
			return ignore(f.svc.AchieveTarget(ctx, slActor, id, ""))
		},
		standards.TargetWithdrawn: func(id string) error {
			return ignore(f.svc.WithdrawTarget(ctx, eoActor, id, "not this year"))
		},
	}
	for state, step := range steps {
		tg, _, err := f.svc.ProposeTarget(ctx, eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Target " + string(state)})
		require.NoError(t, err)
		require.NoError(t, step(tg.ID))
		out[state] = tg.ID
	}
	return out
}

// errorKind names the kind of a Service error, for comparing answers.
func errorKind(err error) string {
	for label, k := range map[string]error{
		"unauthenticated": standards.ErrUnauthenticated, "not found": standards.ErrNotFound,
		"forbidden": standards.ErrForbidden, "conflict": standards.ErrConflict,
	} {
		if errors.Is(err, k) {
			return label
		}
	}
	if err == nil {
		return "allowed"
	}
	return "other: " + err.Error()
}

// Authority before state: an actor who may not change a record's targets
// gets the same answer, ErrNotFound or ErrForbidden, whatever state the
// target is in, so that the answer reveals nothing of it. Those who may act
// see a conflict only about a target they may see anyway.
func TestAuthorizationComesBeforeState(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	ids := targetsInEveryState(t, f)
	commands := map[string]func(a standards.Actor, id string) error{
		"AgreeTarget":    func(a standards.Actor, id string) error { return ignore(f.svc.AgreeTarget(ctx, a, id)) },
		"AchieveTarget":  func(a standards.Actor, id string) error { return ignore(f.svc.AchieveTarget(ctx, a, id, "")) },
		"ReopenTarget":   func(a standards.Actor, id string) error { return ignore(f.svc.ReopenTarget(ctx, a, id, "")) },
		"WithdrawTarget": func(a standards.Actor, id string) error { return ignore(f.svc.WithdrawTarget(ctx, a, id, "reason")) },
	}
	// Neither the exams officer nor an overseer of hers: the admin (not her
	// overseer), the line manager, another centre, the trust lead, the
	// operator, a pending member and nobody.
	outsiders := map[actorKind]string{
		kindAdmin: "forbidden", kindLM: "forbidden", kindPending: "forbidden",
		kindOther: "not found", kindLead: "forbidden", kindOperator: "forbidden", kindNobody: "unauthenticated",
	}
	for name, command := range commands {
		for kind, want := range outsiders {
			for state, id := range ids {
				err := command(actors[kind], id)
				assert.Equal(t, want, errorKind(err), "%s by %s on a %s target", name, kind, state)
			}
		}
	}
	// The exams officer learns that her own achieved target is achieved.
	err := ignore(f.svc.AchieveTarget(ctx, slActor, ids[standards.TargetAchieved], ""))
	assert.ErrorIs(t, err, standards.ErrConflict)
}

// Taking a centre out of its trust: someone without the right learns
// nothing of whether the centre is in one.
func TestAuthorizationComesBeforeStateLeavingATrust(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	stranger := standards.Actor{Email: "x@hillside.sch.uk", Name: "X Y"}
	join(t, f.svc, stranger, "54321", standards.RoleEO)
	_, inTrust := f.svc.LeaveTrust(ctx, pendingActor, f.centre.ID)
	_, notInTrust := f.svc.LeaveTrust(ctx, stranger, f.other.ID)
	assert.Equal(t, "forbidden", errorKind(inTrust))
	assert.Equal(t, "forbidden", errorKind(notInTrust))
}
