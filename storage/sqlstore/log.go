package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// The audit trail and the outbox: append-only tables whose seq the database
// assigns. A row struct tags Seq "pk,autoincrement" and leaves it zero, so
// bun leaves it out of the insert (or sends DEFAULT) and reads the new one
// back: RETURNING on PostgreSQL and SQLite, LastInsertId on MySQL.

// assigned checks that the database gave an appended row its seq.
func assigned(seq int64, what string) (int64, error) {
	if seq <= 0 {
		return 0, fmt.Errorf("sqlstore: the database assigned the %s no sequence number", what)
	}
	return seq, nil
}

type auditRow struct {
	bun.BaseModel `bun:"alias:audit_entry"`
	Seq           int64     `bun:"seq,pk,autoincrement"`
	At            time.Time `bun:"at"`
	Actor         string    `bun:"actor"`
	ActorID       string    `bun:"actor_id,nullzero"`
	Operator      bool      `bun:"operator"`
	Via           string    `bun:"via"`
	Action        string    `bun:"action"`
	Subject       string    `bun:"subject"`
	CentreID      string    `bun:"centre_id"` // "" for the platform's entries: NOT NULL
	Summary       string    `bun:"summary"`
}

func (r *auditRow) entry() standards.AuditEntry {
	return standards.AuditEntry{
		Seq: r.Seq, At: utc(r.At), Actor: r.Actor, ActorID: r.ActorID, Operator: r.Operator, Via: r.Via,
		Action: r.Action, Subject: r.Subject, CentreID: r.CentreID, Summary: r.Summary,
	}
}

func (t *tx) AppendAudit(ctx context.Context, entries ...standards.AuditEntry) (int64, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{
			At: e.At, Actor: e.Actor, ActorID: e.ActorID, Operator: e.Operator, Via: e.Via, Action: e.Action,
			Subject: e.Subject, CentreID: e.CentreID, Summary: e.Summary,
		}
	}
	if err := insertRows(ctx, t, "audit_entries", rows); err != nil {
		return 0, err
	}
	return assigned(rows[len(rows)-1].Seq, "audit entry")
}

func (t *tx) AuditByCentre(ctx context.Context, centreID string, before int64, limit int) ([]standards.AuditEntry, error) {
	if limit <= 0 {
		return []standards.AuditEntry{}, nil
	}
	var rows []auditRow
	q := t.selectFrom("audit_entries", "audit_entry", &rows).Where("centre_id = ?", t.arg(centreID))
	if before > 0 {
		q = q.Where("seq < ?", t.arg(before))
	}
	if err := t.all(ctx, q.OrderExpr("seq DESC").Limit(int64(limit))); err != nil {
		return nil, err
	}
	return convert(rows, (*auditRow).entry), nil
}

// RedactAudit rewrites, for an erasure, the entries the person made and
// the summaries that mention them; each UPDATE touches only the rows it
// changes, found by the actor's id or a text search.
func (t *tx) RedactAudit(ctx context.Context, r standards.Redaction) error {
	table := t.table("audit_entries")
	for column, value := range map[string]string{"actor_id": r.PersonID, "actor": r.Email} {
		if value == "" {
			continue
		}
		if _, err := t.tx.NewUpdate().TableExpr("?", table).Set("actor = ?", r.As).
			Where("? = ?", bun.Ident(column), value).Exec(ctx); err != nil {
			return translate(err)
		}
	}
	if len(r.CentreIDs) == 0 {
		return nil
	}
	// The summaries to rewrite: each found by a text search of the
	// person's trails (no index finds text inside a summary; an erasure
	// runs once a person), rewritten by the domain's rule, written back
	// by sequence number.
	contains := "instr(summary, ?) > 0"
	if t.s.dialect == PostgreSQL {
		contains = "strpos(summary, ?) > 0"
	}
	found := map[int64]string{}
	for _, m := range r.Mentions {
		if m == "" {
			continue
		}
		var rows []auditRow
		if err := t.all(ctx, t.selectFrom("audit_entries", "audit_entry", &rows).
			Where("centre_id IN (?)", bun.List(r.CentreIDs)).Where(contains, m)); err != nil {
			return err
		}
		for _, row := range rows {
			found[row.Seq] = row.Summary
		}
	}
	for seq, summary := range found {
		if redacted := r.Rewrite(summary); redacted != summary {
			if _, err := t.tx.NewUpdate().TableExpr("?", table).Set("summary = ?", redacted).
				Where("seq = ?", seq).Exec(ctx); err != nil {
				return translate(err)
			}
		}
	}
	return nil
}

type eventRow struct {
	bun.BaseModel `bun:"alias:event"`
	Seq           int64     `bun:"seq,pk,autoincrement"`
	ID            string    `bun:"id"`
	At            time.Time `bun:"at"`
	Kind          string    `bun:"kind"`
	To            string    `bun:"recipients"` // JSON list of e-mail addresses
	CentreID      string    `bun:"centre_id"`  // "" for the platform's events: NOT NULL
	Subject       string    `bun:"subject"`
	Summary       string    `bun:"summary"`
	AckedAt       time.Time `bun:"acked_at,nullzero"`
	// ClaimedBy and LeaseUntil are the deliverer holding the event and
	// when its lease ends (ClaimEvents); NULL until it is first claimed.
	ClaimedBy  string    `bun:"claimed_by,nullzero"`
	LeaseUntil time.Time `bun:"lease_until,nullzero"`
}

func (r *eventRow) event() standards.Event {
	return standards.Event{
		Seq: r.Seq, ID: r.ID, At: utc(r.At), Kind: standards.EventKind(r.Kind), To: fromJSON[[]string](r.To),
		CentreID: r.CentreID, Subject: r.Subject, Summary: r.Summary, AckedAt: utc(r.AckedAt),
	}
}

func (t *tx) AppendEvent(ctx context.Context, e standards.Event) (int64, error) {
	row := &eventRow{
		ID: e.ID, At: e.At, Kind: string(e.Kind), To: toJSON(nonNil(e.To)), CentreID: e.CentreID,
		Subject: e.Subject, Summary: e.Summary, AckedAt: e.AckedAt,
	}
	if err := t.insert(ctx, "events", row); err != nil {
		return 0, err
	}
	seq, err := assigned(row.Seq, "event")
	if err != nil || t.s.dialect != MySQL {
		return seq, err // a trigger made the deliveries (webhooks.go)
	}
	return seq, t.fanOutMySQL(ctx, seq, e)
}

func (t *tx) PendingEvents(ctx context.Context, after int64, limit int) ([]standards.Event, error) {
	if limit <= 0 {
		return []standards.Event{}, nil
	}
	var rows []eventRow
	if err := t.all(ctx, t.selectFrom("events", "event", &rows).
		Where("acked_at IS NULL AND seq > ?", t.arg(after)).Order("seq").Limit(int64(limit))); err != nil {
		return nil, err
	}
	return convert(rows, (*eventRow).event), nil
}

// AckEvent sets acked_at only where it is NULL, so that acknowledging twice
// keeps the first time; no row changed is then either that or an unknown
// seq.
func (t *tx) AckEvent(ctx context.Context, seq int64, at time.Time) error {
	res, err := t.tx.NewUpdate().TableExpr("?", t.table("events")).Set("acked_at = ?", at).
		Where("seq = ? AND acked_at IS NULL", t.arg(seq)).Exec(ctx)
	n, err := rowsAffected(res, err)
	if err != nil || n > 0 {
		return err
	}
	found, err := t.tx.NewSelect().TableExpr("?", t.table("events")).Where("seq = ?", t.arg(seq)).Count(ctx)
	if err != nil {
		return translate(err)
	}
	if found == 0 {
		return fmt.Errorf("event %d: %w", seq, standards.ErrNotFound)
	}
	return nil
}

// outboxTx runs fn in a transaction of its own for ClaimEvents and
// AckEvents. On PostgreSQL and MySQL it runs at READ COMMITTED, not
// SERIALIZABLE as Update does: a deliverer's statements touch only the rows
// they lock, and at SERIALIZABLE PostgreSQL failed one of two
// acknowledgements of different events for the index pages both read
// (40001, "read/write dependencies among transactions": 13 of 200 in
// TestTwoDeliverersShareTheOutbox). On SQLite it runs on the one writer,
// which serialises it with every other write.
func (s *Store) outboxTx(ctx context.Context, fn func(t *tx) error) error {
	var opts *sql.TxOptions
	if s.dialect != SQLite {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return s.run(ctx, s.db, opts, func(t standards.Tx) error { return fn(t.(*tx)) })
}

// ClaimEvents reads the pending rows with FOR UPDATE SKIP LOCKED (but on
// SQLite, where the claim holds the only write lock), which locks the rows
// it returns and passes over those another claim has locked, so two claims
// at once take different rows, neither waiting for the other nor failing
// for it. The rows are then marked claimed by seq, and the commit releases
// the locks with the lease written, which a later claim reads.
func (s *Store) ClaimEvents(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]standards.Event, error) {
	if limit <= 0 {
		return []standards.Event{}, nil
	}
	var out []standards.Event
	err := s.outboxTx(ctx, func(t *tx) error {
		var rows []eventRow
		q := t.selectFrom("events", "event", &rows).
			Where("acked_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)", t.arg(now)).
			Order("seq").Limit(int64(limit))
		if s.dialect != SQLite {
			q = q.For("UPDATE SKIP LOCKED")
		}
		if err := t.all(ctx, q); err != nil {
			return err
		}
		out = convert(rows, (*eventRow).event)
		if len(rows) == 0 {
			return nil
		}
		seqs := make([]int64, len(rows))
		for i, r := range rows {
			seqs[i] = r.Seq
		}
		// InnoDB locks every row its UPDATE examines, and on a small outbox
		// it chose to scan the whole primary key rather than look up the
		// listed seqs: a claim then waited for the rows another claim held
		// while that one waited for its rows (deadlock 1213 in
		// AcksAtOnceDoNotFail). Forcing the primary key reads only the
		// listed rows, which this claim already holds.
		table := "?"
		if s.dialect == MySQL {
			table = "? FORCE INDEX (PRIMARY)"
		}
		_, err := t.tx.NewUpdate().TableExpr(table, t.table("events")).
			Set("claimed_by = ?", deliverer).Set("lease_until = ?", until).
			Where("seq IN (?)", bun.List(seqs)).Exec(ctx)
		return translate(err)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReleaseEvents clears the lease of the deliverer's unacknowledged rows in
// one statement, at READ COMMITTED like a claim: it waits for a claim or an
// acknowledgement holding one of those rows, then releases it as that left
// it, so an event acknowledged meanwhile stays acknowledged and one claimed
// meanwhile by another (after the lease ended) stays that deliverer's.
// Like a claim it can find its rows through events_pending_idx (acked_at,
// seq), among the pending events only, not the whole outbox's history.
func (s *Store) ReleaseEvents(ctx context.Context, deliverer string) (int, error) {
	var n int
	err := s.outboxTx(ctx, func(t *tx) error {
		res, err := t.tx.NewUpdate().TableExpr("?", t.table("events")).
			Set("claimed_by = NULL").Set("lease_until = NULL").
			Where("claimed_by = ? AND acked_at IS NULL", deliverer).Exec(ctx)
		n, err = rowsAffected(res, err)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// AckEvents acknowledges in seq order, so that two acknowledgements of
// overlapping events lock their rows in one order and cannot deadlock.
func (s *Store) AckEvents(ctx context.Context, at time.Time, seqs []int64) ([]int64, error) {
	var unknown []int64
	err := s.outboxTx(ctx, func(t *tx) error {
		unknown = nil // a second run starts afresh
		for _, seq := range slices.Sorted(slices.Values(seqs)) {
			err := t.AckEvent(ctx, seq, at)
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
