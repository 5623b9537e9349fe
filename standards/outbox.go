package standards

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// The outbox (R-EVT-1): every command appends the events it sends in its
// own transaction, and the host delivers them. These are the host's own
// calls, not an actor's.
//
// Delivery is at least once. A deliverer claims a batch with a lease
// (ClaimEvents), sends each event, and acknowledges what it sent
// (AckEvents). While the lease lasts no other claim returns those events,
// so deliverers in any number of processes share the outbox without
// sending one event twice; once it ends, an event not acknowledged is
// claimed again, so an event a deliverer took and then died with is not
// lost. A deliverer that stops on purpose releases what it claimed and did
// not send (ReleaseEvents), so that another claims it at once rather than
// after the lease. The price is that a deliverer that sent an event and
// stopped (or outlived its lease) before acknowledging it has it sent
// again: a receiver drops the second copy by its Event.ID.

// MaxDeliverer is the longest name of a deliverer ClaimEvents accepts.
const MaxDeliverer = 100

// ClaimEvents claims for deliverer (a name unique to it, such as its host
// name and process id) at most limit (0 for MaxPage; more is refused) events that are not
// acknowledged and that nobody holds a lease on, oldest first, and leases
// them to it for lease from now. The deliverer sends each and acknowledges
// it with AckEvents before the lease ends; an event it does not acknowledge
// in time is claimed again by the next claim after the lease, by any
// deliverer, itself included.
//
// Claims at once, from any number of Services on one store, never return
// one event to two deliverers while its lease lasts.
func (s *Service) ClaimEvents(ctx context.Context, deliverer string, lease time.Duration, limit int) (_ []Event, err error) {
	defer s.observe(&ctx, "ClaimEvents").done(&err)
	var v validation
	v.check(deliverer != "", "deliverer", FieldRequired, nil, "name the deliverer")
	v.check(len(deliverer) <= MaxDeliverer, "deliverer", FieldTooLong, params("max", strconv.Itoa(MaxDeliverer)), fmt.Sprintf("use at most %d bytes", MaxDeliverer))
	v.check(lease > 0, "lease", FieldTooSmall, params("min", "0"), "a lease must last longer than zero")
	if err := v.err(); err != nil {
		return nil, err
	}
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []Event
	err = s.retrying(ctx, func() (err error) {
		now := s.clock()
		out, err = s.store.ClaimEvents(ctx, deliverer, now, now.Add(lease), size)
		return err
	})
	return out, err
}

// ReleaseEvents gives back at once every event not acknowledged that
// deliverer has claimed, so that the next claim, by any deliverer, returns
// it without waiting for the lease to end, and returns how many. A
// deliverer calls it as it stops (an instance shutting down for a rolling
// restart), after its last send and acknowledgement: an event it is still
// sending when it releases may be sent twice. Acknowledged events and other
// deliverers' claims are left as they are.
func (s *Service) ReleaseEvents(ctx context.Context, deliverer string) (_ int, err error) {
	defer s.observe(&ctx, "ReleaseEvents").done(&err)
	var v validation
	v.check(deliverer != "", "deliverer", FieldRequired, nil, "name the deliverer")
	v.check(len(deliverer) <= MaxDeliverer, "deliverer", FieldTooLong, params("max", strconv.Itoa(MaxDeliverer)), fmt.Sprintf("use at most %d bytes", MaxDeliverer))
	if err := v.err(); err != nil {
		return 0, err
	}
	var n int
	err = s.retrying(ctx, func() (err error) {
		n, err = s.store.ReleaseEvents(ctx, deliverer)
		return err
	})
	return n, err
}

// PendingEvents lists outbox events the host has not acknowledged, claimed
// or not, with Seq above after, oldest first, at most limit (0 for
// MaxPage; more is refused). It is for looking at the outbox: a host that delivers events
// claims them with ClaimEvents, since two deliverers reading PendingEvents
// at once would each send every event.
func (s *Service) PendingEvents(ctx context.Context, after int64, limit int) (_ []Event, err error) {
	defer s.observe(&ctx, "PendingEvents").done(&err)
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []Event
	err = s.storeView(ctx, func(tx Tx) error {
		var err error
		out, err = tx.PendingEvents(ctx, after, size)
		return err
	})
	return out, err
}

// AckEvents acknowledges delivered events, all in one transaction of their
// own (Store.AckEvents), whoever claimed them. Acknowledging an event already acknowledged changes
// nothing, and a sequence number the outbox does not hold is skipped (and
// logged at warning level): neither stops the rest being acknowledged, so
// a deliverer that outlived its lease, or repeats an acknowledgement after
// an error, does no harm. An error is the store's: nothing was
// acknowledged, and the deliverer may acknowledge the same events again.
func (s *Service) AckEvents(ctx context.Context, seqs ...int64) (err error) {
	defer s.observe(&ctx, "AckEvents").done(&err)
	if len(seqs) == 0 {
		return nil
	}
	var unknown []int64
	if err := s.retrying(ctx, func() (err error) {
		unknown, err = s.store.AckEvents(ctx, s.clock(), seqs)
		return err
	}); err != nil {
		return err
	}
	if len(unknown) > 0 {
		s.logger.WarnContext(ctx, "standards: acknowledged events the outbox does not hold", "seqs", unknown)
	}
	return nil
}

// Outbox holds events for the host to deliver (R-EVT-1). Deliverers claim
// and acknowledge them with Store.ClaimEvents and Store.AckEvents, outside
// any Update, and a deliverer that stops gives back what it claimed and did
// not send with Store.ReleaseEvents.
type Outbox interface {
	// AppendEvent stores e with a sequence number greater than any before,
	// and returns it; e.ID is unique.
	AppendEvent(ctx context.Context, e Event) (int64, error)
	// PendingEvents lists unacknowledged events with Seq above after, oldest
	// first, at most limit of them, claimed or not.
	PendingEvents(ctx context.Context, after int64, limit int) ([]Event, error)
	// AckEvent marks one event acknowledged at at, so that PendingEvents no
	// longer lists it and no claim returns it. Acknowledging an
	// acknowledged event changes nothing; an unknown seq is ErrNotFound,
	// and leaves the transaction usable for the acknowledgements after it.
	AckEvent(ctx context.Context, seq int64, at time.Time) error
}
