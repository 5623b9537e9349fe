package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/eops/eops/standards"
)

// Webhook endpoints are a map by id, with their secrets; deliveries a map
// by id, numbered from 1 in the order AppendEvent makes them.

type endpoint struct {
	w      standards.WebhookEndpoint
	secret string
}

// delivery is a delivery and the deliverer holding it ("" for none).
type delivery struct {
	d      standards.WebhookDelivery
	holder string
}

func cloneEndpoint(w standards.WebhookEndpoint) standards.WebhookEndpoint {
	w.CentreIDs, w.Kinds = slices.Clone(w.CentreIDs), slices.Clone(w.Kinds)
	return w
}

// fanOut makes a due delivery of e for each endpoint that takes it, as
// the SQL stores' trigger does.
func (t *tx) fanOut(e standards.Event) {
	for _, id := range slices.Sorted(maps.Keys(t.d.endpoints)) {
		if !t.d.endpoints[id].w.Matches(e) {
			continue
		}
		n := t.d.lastDelivery
		t.d.lastDelivery++
		t.undo = append(t.undo, func() { t.d.lastDelivery = n })
		put(t, t.d.deliveries, n+1, delivery{d: standards.WebhookDelivery{
			ID: n + 1, EndpointID: id, EventSeq: e.Seq, EventID: e.ID, Kind: e.Kind, State: standards.WebhookDue, DueAt: e.At,
		}})
	}
}

func (t *tx) CreateWebhookEndpoint(_ context.Context, w standards.WebhookEndpoint, secret string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.endpoints[w.ID]; ok {
		return taken("webhook endpoint", w.ID)
	}
	put(t, t.d.endpoints, w.ID, endpoint{w: cloneEndpoint(w), secret: secret})
	return nil
}

func (t *tx) WebhookEndpoint(_ context.Context, id string) (standards.WebhookEndpoint, error) {
	e, err := get(t.d.endpoints, id, "webhook endpoint")
	return cloneEndpoint(e.w), err
}

func (t *tx) WebhookEndpoints(context.Context) ([]standards.WebhookEndpoint, error) {
	out := []standards.WebhookEndpoint{}
	for _, id := range slices.Sorted(maps.Keys(t.d.endpoints)) {
		out = append(out, cloneEndpoint(t.d.endpoints[id].w))
	}
	return out, nil
}

func (t *tx) UpdateWebhookEndpoint(_ context.Context, w standards.WebhookEndpoint, secret string) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.endpoints, w.ID, "webhook endpoint")
	if err != nil {
		return err
	}
	if old.w.Version != w.Version-1 {
		return fmt.Errorf("webhook endpoint %s: %w", w.ID, standards.ErrConflict)
	}
	if secret == "" {
		secret = old.secret
	}
	w.HostKeyID = old.w.HostKeyID // its owner stays as created
	put(t, t.d.endpoints, w.ID, endpoint{w: cloneEndpoint(w), secret: secret})
	return nil
}

func (t *tx) DeleteWebhookEndpoint(_ context.Context, id string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, err := get(t.d.endpoints, id, "webhook endpoint"); err != nil {
		return err
	}
	del(t, t.d.endpoints, id)
	for n, d := range t.d.deliveries {
		if d.d.EndpointID == id {
			del(t, t.d.deliveries, n)
		}
	}
	return nil
}

func (t *tx) WebhookDelivery(_ context.Context, id int64) (standards.WebhookDelivery, error) {
	d, err := get(t.d.deliveries, id, "webhook delivery")
	return d.d, err
}

func (t *tx) WebhookDeliveries(_ context.Context, q standards.WebhookDeliveryQuery) ([]standards.WebhookDelivery, error) {
	out := []standards.WebhookDelivery{}
	for _, id := range slices.Sorted(maps.Keys(t.d.deliveries)) {
		d := t.d.deliveries[id].d
		if len(out) >= q.Limit {
			break
		}
		if d.ID > q.After && (q.EndpointID == "" || d.EndpointID == q.EndpointID) && (q.State == "" || d.State == q.State) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (t *tx) RedeliverWebhook(_ context.Context, id int64, at time.Time) error {
	if err := t.writable(); err != nil {
		return err
	}
	d, err := get(t.d.deliveries, id, "webhook delivery")
	if err != nil {
		return err
	}
	d.d.State, d.d.DueAt, d.d.Attempts, d.d.FinishedAt, d.holder = standards.WebhookDue, at, 0, time.Time{}, ""
	put(t, t.d.deliveries, id, d)
	return nil
}

// ClaimWebhooks claims under the write lock.
func (s *Store) ClaimWebhooks(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]standards.WebhookSend, error) {
	out := []standards.WebhookSend{}
	err := s.Update(ctx, func(stx standards.Tx) error {
		t := stx.(*tx)
		out = out[:0]
		due := []delivery{}
		for _, d := range t.d.deliveries {
			if d.d.State == standards.WebhookDue && !d.d.DueAt.After(now) && !t.d.endpoints[d.d.EndpointID].w.Disabled {
				due = append(due, d)
			}
		}
		slices.SortFunc(due, func(a, b delivery) int {
			if c := a.d.DueAt.Compare(b.d.DueAt); c != 0 {
				return c
			}
			return int(a.d.ID - b.d.ID)
		})
		for _, d := range due[:min(len(due), max(limit, 0))] {
			d.d.DueAt, d.d.Attempts, d.holder = until, d.d.Attempts+1, deliverer
			put(t, t.d.deliveries, d.d.ID, d)
			ep := t.d.endpoints[d.d.EndpointID]
			e := t.d.events[d.d.EventSeq-1]
			e.To = slices.Clone(e.To)
			out = append(out, standards.WebhookSend{DeliveryID: d.d.ID, Attempt: d.d.Attempts, Endpoint: cloneEndpoint(ep.w), Secret: ep.secret, Event: e})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishWebhook records an attempt under the write lock.
func (s *Store) FinishWebhook(ctx context.Context, deliverer string, a standards.WebhookAttempt) error {
	return s.Update(ctx, func(stx standards.Tx) error {
		t := stx.(*tx)
		d, ok := t.d.deliveries[a.DeliveryID]
		if !ok || d.d.State != standards.WebhookDue {
			return nil
		}
		if a.Outcome != standards.WebhookOK && (d.holder != deliverer || d.d.Attempts != a.Attempt) {
			return nil
		}
		d.d.LastAttemptAt, d.d.LastStatus, d.d.LastError, d.holder = a.At, a.Status, a.Error, ""
		switch a.Outcome {
		case standards.WebhookOK:
			d.d.State, d.d.FinishedAt = standards.WebhookDelivered, a.At
		case standards.WebhookRetry:
			d.d.DueAt = a.RetryAt
		case standards.WebhookGiveUp, standards.WebhookGone:
			d.d.State, d.d.FinishedAt = standards.WebhookDead, a.At
		}
		put(t, t.d.deliveries, a.DeliveryID, d)
		if a.Outcome == standards.WebhookGone {
			ep := t.d.endpoints[d.d.EndpointID]
			if !ep.w.Disabled {
				ep.w.Disabled, ep.w.DisabledReason, ep.w.Version = true, standards.WebhookGoneReason, ep.w.Version+1
				put(t, t.d.endpoints, ep.w.ID, ep)
			}
		}
		return nil
	})
}

// ReleaseWebhooks releases under the write lock.
func (s *Store) ReleaseWebhooks(ctx context.Context, deliverer string, now time.Time) (int, error) {
	n := 0
	err := s.Update(ctx, func(stx standards.Tx) error {
		t := stx.(*tx)
		n = 0
		for id, d := range t.d.deliveries {
			if d.holder != deliverer || d.d.State != standards.WebhookDue {
				continue
			}
			d.d.DueAt, d.d.Attempts, d.holder = now, max(d.d.Attempts-1, 0), ""
			put(t, t.d.deliveries, id, d)
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
