package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// The audit log and the outbox are append-only slices whose index is their
// sequence number less one.

func (t *tx) AppendAudit(_ context.Context, entries ...standards.AuditEntry) (int64, error) {
	if err := t.writable(); err != nil || len(entries) == 0 {
		return 0, err
	}
	n := len(t.d.audit)
	for i, e := range entries {
		e.Seq = int64(n + i + 1)
		t.d.audit = append(t.d.audit, e)
	}
	t.undo = append(t.undo, func() { t.d.audit = t.d.audit[:n] })
	return int64(len(t.d.audit)), nil
}

func (t *tx) AuditByCentre(_ context.Context, centreID string, before int64, limit int) ([]standards.AuditEntry, error) {
	out := []standards.AuditEntry{}
	for i := len(t.d.audit) - 1; i >= 0 && len(out) < limit; i-- {
		e := t.d.audit[i]
		if e.CentreID == centreID && (before <= 0 || e.Seq < before) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (t *tx) RedactAudit(_ context.Context, r standards.Redaction) error {
	if err := t.writable(); err != nil {
		return err
	}
	before := slices.Clone(t.d.audit)
	for i, e := range t.d.audit {
		if (r.PersonID != "" && e.ActorID == r.PersonID) || (r.Email != "" && e.Actor == r.Email) {
			e.Actor = r.As
		}
		if slices.Contains(r.CentreIDs, e.CentreID) && slices.ContainsFunc(r.Mentions, func(m string) bool {
			return m != "" && strings.Contains(e.Summary, m)
		}) {
			e.Summary = r.Rewrite(e.Summary)
		}
		t.d.audit[i] = e
	}
	t.undo = append(t.undo, func() { t.d.audit = before })
	return nil
}

func (t *tx) AppendEvent(_ context.Context, e standards.Event) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if _, ok := t.d.eventIDs[e.ID]; ok {
		return 0, taken("event", e.ID)
	}
	n := len(t.d.events)
	e.Seq = int64(n + 1)
	e.To = slices.Clone(e.To)
	t.d.events = append(t.d.events, e)
	t.d.eventIDs[e.ID] = e.Seq
	t.undo = append(t.undo, func() {
		t.d.events = t.d.events[:n]
		delete(t.d.eventIDs, e.ID)
	})
	t.fanOut(e)
	return e.Seq, nil
}

// lease is who claimed an event, and until when.
type lease struct {
	deliverer string
	until     time.Time
}

// ClaimEvents claims under the write lock, which is the only claim there
// is at a time.
func (s *Store) ClaimEvents(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]standards.Event, error) {
	out := []standards.Event{}
	err := s.Update(ctx, func(stx standards.Tx) error {
		t := stx.(*tx)
		for i := 0; i < len(t.d.events) && len(out) < limit; i++ {
			e := t.d.events[i]
			old, held := t.d.leases[e.Seq]
			if !e.AckedAt.IsZero() || held && old.until.After(now) {
				continue
			}
			t.d.leases[e.Seq] = lease{deliverer: deliverer, until: until}
			t.undo = append(t.undo, func() {
				if held {
					t.d.leases[e.Seq] = old
				} else {
					delete(t.d.leases, e.Seq)
				}
			})
			e.To = slices.Clone(e.To)
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReleaseEvents releases under the write lock. An acknowledged event's
// lease is left: no claim returns it either way.
func (s *Store) ReleaseEvents(ctx context.Context, deliverer string) (int, error) {
	n := 0
	err := s.Update(ctx, func(stx standards.Tx) error {
		t := stx.(*tx)
		n = 0
		for seq, old := range t.d.leases {
			if old.deliverer != deliverer || !t.d.events[seq-1].AckedAt.IsZero() {
				continue
			}
			delete(t.d.leases, seq)
			t.undo = append(t.undo, func() { t.d.leases[seq] = old })
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (t *tx) PendingEvents(_ context.Context, after int64, limit int) ([]standards.Event, error) {
	out := []standards.Event{}
	for i := max(after, 0); i < int64(len(t.d.events)) && len(out) < limit; i++ {
		if e := t.d.events[i]; e.AckedAt.IsZero() {
			e.To = slices.Clone(e.To)
			out = append(out, e)
		}
	}
	return out, nil
}

func (t *tx) AckEvent(_ context.Context, seq int64, at time.Time) error {
	if err := t.writable(); err != nil {
		return err
	}
	if seq < 1 || seq > int64(len(t.d.events)) {
		return fmt.Errorf("event %d: %w", seq, standards.ErrNotFound)
	}
	e := &t.d.events[seq-1]
	if !e.AckedAt.IsZero() {
		return nil
	}
	e.AckedAt = at
	t.undo = append(t.undo, func() { t.d.events[seq-1].AckedAt = time.Time{} })
	return nil
}

// AckEvents acknowledges under the write lock.
func (s *Store) AckEvents(ctx context.Context, at time.Time, seqs []int64) ([]int64, error) {
	var unknown []int64
	err := s.Update(ctx, func(tx standards.Tx) error {
		for _, seq := range slices.Sorted(slices.Values(seqs)) {
			err := tx.AckEvent(ctx, seq, at)
			if errors.Is(err, standards.ErrNotFound) {
				unknown = append(unknown, seq)
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return unknown, nil
}
