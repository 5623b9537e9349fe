package standards_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// failingStore wraps a store so that appending to the outbox fails, to show
// that a change and its event commit together or not at all.
type failingStore struct{ *memory.Store }

type failingTx struct{ standards.Tx }

var errOutboxDown = errors.New("outbox down")

func (s failingStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	return s.Store.Update(ctx, func(tx standards.Tx) error { return fn(failingTx{tx}) })
}

func (failingTx) AppendEvent(context.Context, standards.Event) (int64, error) {
	return 0, errOutboxDown
}

func TestR_EVT_1_EventInTheSameTransaction(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	broken := standards.New(failingStore{f.store}, standards.WithClock(f.clock.now))
	before := f.snapshot(t)
	_, err := broken.ApproveRegistration(ctx, adminActor, f.pending.ID)
	require.ErrorIs(t, err, errOutboxDown)
	assert.Equal(t, before, f.snapshot(t), "no approval and no audit entry without the event")
	reg, err := f.svc.Registration(ctx, pendingActor, f.pending.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.StatusPending, reg.Registration.Status)
}

func TestR_EVT_1_HostReadsAndAcknowledges(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	events, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	kinds := map[standards.EventKind]int{}
	for i, e := range events {
		kinds[e.Kind]++
		assert.NotEmpty(t, e.To, "an event names whom to tell")
		assert.NotEmpty(t, e.Summary)
		if i > 0 {
			assert.Greater(t, e.Seq, events[i-1].Seq, "oldest first")
		}
	}
	// The fixture asked to join four times, approved three, assigned one
	// overseer, appointed a lead, and made two trust requests, one accepted.
	assert.Equal(t, map[standards.EventKind]int{
		standards.EventRegistrationRequested: 4,
		standards.EventRegistrationApproved:  3,
		standards.EventOverseerAssigned:      1,
		standards.EventTrustLeadAppointed:    1,
		standards.EventTrustRequested:        2,
		standards.EventTrustJoined:           1,
	}, kinds)

	require.NoError(t, f.svc.AckEvents(ctx, events[0].Seq, events[1].Seq))
	rest, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, events[2:], rest)
	page, err := f.svc.PendingEvents(ctx, events[2].Seq, 2)
	require.NoError(t, err)
	assert.Equal(t, events[3:5], page)

	require.NoError(t, f.svc.AckEvents(ctx, events[2].Seq, 9999, events[0].Seq, events[3].Seq),
		"an unknown seq and one acknowledged before do not stop the rest")
	rest, err = f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, events[4:], rest)
}

// TestR_EVT_1_DeliverersClaimWithALease: two deliverers claiming at once
// take different events; an event claimed and not acknowledged is claimed
// again, with the same ID, once its lease has ended; an acknowledged one
// never is.
func TestR_EVT_1_DeliverersClaimWithALease(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	all, err := f.svc.PendingEvents(ctx, 0, 0)
	require.NoError(t, err)
	require.Len(t, all, 12)
	ids := map[string]bool{}
	for _, e := range all {
		assert.Len(t, e.ID, standards.IDLength, "every event has an id")
		ids[e.ID] = true
	}
	assert.Len(t, ids, len(all), "ids are unique")

	a, err := f.svc.ClaimEvents(ctx, "a", time.Minute, 5)
	require.NoError(t, err)
	b, err := f.svc.ClaimEvents(ctx, "b", time.Minute, 0)
	require.NoError(t, err)
	assert.Equal(t, all[:5], a, "oldest first, at most the limit")
	assert.Equal(t, all[5:], b, "what a's lease holds is not claimed again")
	none, err := f.svc.ClaimEvents(ctx, "c", time.Minute, 0)
	require.NoError(t, err)
	assert.Empty(t, none, "every event is leased")

	require.NoError(t, f.svc.AckEvents(ctx, a[0].Seq, a[1].Seq))
	f.clock.t = f.clock.t.Add(time.Minute)
	again, err := f.svc.ClaimEvents(ctx, "c", time.Minute, 3)
	require.NoError(t, err)
	assert.Equal(t, all[2:5], again, "a's lease ended: its unacknowledged events are claimed again, with their ids")

	for _, c := range []struct {
		name, deliverer string
		lease           time.Duration
		field           string
	}{
		{"NoDeliverer", "", time.Minute, "deliverer"},
		{"LongDeliverer", strings.Repeat("d", standards.MaxDeliverer+1), time.Minute, "deliverer"},
		{"NoLease", "a", 0, "lease"},
	} {
		_, err := f.svc.ClaimEvents(ctx, c.deliverer, c.lease, 1)
		var ve *standards.ValidationError
		if assert.ErrorAs(t, err, &ve, c.name) {
			assert.NotEmpty(t, ve.Message(c.field), c.name)
		}
	}
}

// TestR_EVT_1_AStoppingDelivererReleasesItsClaims: what a deliverer
// claimed and did not acknowledge is claimed by another as soon as it
// releases it, with no time passing; what it acknowledged is not.
func TestR_EVT_1_AStoppingDelivererReleasesItsClaims(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	a, err := f.svc.ClaimEvents(ctx, "a", time.Hour, 4)
	require.NoError(t, err)
	require.Len(t, a, 4)
	require.NoError(t, f.svc.AckEvents(ctx, a[0].Seq))

	n, err := f.svc.ReleaseEvents(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	b, err := f.svc.ClaimEvents(ctx, "b", time.Hour, 3)
	require.NoError(t, err)
	assert.Equal(t, a[1:], b, "b claims a's unacknowledged events at once, with their ids")

	for _, c := range []struct{ name, deliverer string }{
		{"NoDeliverer", ""},
		{"LongDeliverer", strings.Repeat("d", standards.MaxDeliverer+1)},
	} {
		_, err := f.svc.ReleaseEvents(ctx, c.deliverer)
		var ve *standards.ValidationError
		if assert.ErrorAs(t, err, &ve, c.name) {
			assert.NotEmpty(t, ve.Message("deliverer"), c.name)
		}
	}
}

func TestR_AUD_1_EveryChangeIsAudited(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	_, err := f.svc.RejectRegistration(ctx, adminActor, f.pending.ID, "Not on our staff list")
	require.NoError(t, err)
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 0)
	require.NoError(t, err)
	require.NotEmpty(t, trail)
	newest := trail[0]
	assert.Equal(t, "registration.reject", newest.Action)
	assert.Equal(t, adminActor.Email, newest.Actor)
	assert.Equal(t, f.admin.PersonID, newest.ActorID)
	assert.Equal(t, "registration/"+f.pending.ID, newest.Subject)
	assert.Equal(t, septemberDay, newest.At)
	assert.Contains(t, newest.Summary, pendingActor.Email)

	actions := map[string]bool{}
	for _, e := range trail {
		actions[e.Action] = true
	}
	for _, a := range []string{"centre.register", "registration.request", "registration.approve", "overseer.assign", "trust.request", "trust.join"} {
		assert.True(t, actions[a], "the centre's trail has %s", a)
	}

	older, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, trail[1].Seq, 2)
	require.NoError(t, err)
	assert.Equal(t, trail[2:4], older, "paging backwards from a sequence number")

	// The port has no way to change or delete an entry.
	log := reflect.TypeFor[standards.AuditLog]()
	for i := range log.NumMethod() {
		name := log.Method(i).Name
		assert.False(t, strings.HasPrefix(name, "Update") || strings.HasPrefix(name, "Delete"), name)
	}
}

// TestAPageAboveMaxPageIsRefused: a caller asking for more than a page
// holds is told so, on the field, rather than given MaxPage and left to
// think the list ended there; 0 asks for a whole page.
func TestAPageAboveMaxPageIsRefused(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	var verr *standards.ValidationError
	for name, call := range map[string]func(limit int) error{
		"AuditTrail":    func(l int) error { _, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, l); return err },
		"PlatformTrail": func(l int) error { _, err := f.svc.PlatformTrail(ctx, operatorActor, 0, l); return err },
		"PendingEvents": func(l int) error { _, err := f.svc.PendingEvents(ctx, 0, l); return err },
		"ClaimEvents":   func(l int) error { _, err := f.svc.ClaimEvents(ctx, "test", time.Minute, l); return err },
	} {
		err := call(standards.MaxPage + 1)
		require.ErrorAs(t, err, &verr, name)
		assert.Equal(t, "limit", verr.Fields[0].Field, name)
		assert.Equal(t, standards.FieldOutOfRange, verr.Fields[0].Code, name)
		assert.NoError(t, call(standards.MaxPage), name)
		assert.NoError(t, call(0), name)
	}
}
