package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Webhooks: endpoints, and the deliveries the database makes as events are
// appended. On PostgreSQL and SQLite a trigger on events makes them
// (migration 20261207000011), so a command pays no extra statement; on
// MySQL AppendEvent makes them with one INSERT … SELECT of its own, since a
// MySQL trigger needs the SUPER privilege (or log_bin_trust_function_creators)
// wherever binary logging is on, which a host's database user seldom has.
// The claim, its report and its release run in transactions of their own
// at READ COMMITTED, as the outbox's do (outboxTx).

type endpointRow struct {
	bun.BaseModel  `bun:"alias:webhook_endpoint"`
	ID             string    `bun:"id,pk"`
	URL            string    `bun:"url"`
	Description    string    `bun:"description"`
	Secret         string    `bun:"secret"`
	Centres        string    `bun:"centres"` // "" for all, else ",a,b,"
	Kinds          string    `bun:"kinds"`   // "" for all, else ",a,b,"
	Disabled       bool      `bun:"disabled"`
	DisabledReason string    `bun:"disabled_reason"`
	CreatedAt      time.Time `bun:"created_at"`
	Version        int       `bun:"version"`
	HostKeyID      string    `bun:"host_key_id"` // "" for the operator's and a system job's
}

// commaList writes a scope list as the fan-out matches it: "" for none,
// else the items between commas.
func commaList[T ~string](items []T) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	for _, i := range items {
		b.WriteString(",")
		b.WriteString(string(i))
	}
	b.WriteString(",")
	return b.String()
}

func fromCommaList[T ~string](s string) []T {
	var out []T
	for _, i := range strings.Split(strings.Trim(s, ","), ",") {
		if i != "" {
			out = append(out, T(i))
		}
	}
	return out
}

func toEndpointRow(w standards.WebhookEndpoint, secret string) *endpointRow {
	return &endpointRow{
		ID: w.ID, URL: w.URL, Description: w.Description, Secret: secret, Centres: commaList(w.CentreIDs), Kinds: commaList(w.Kinds),
		Disabled: w.Disabled, DisabledReason: w.DisabledReason, CreatedAt: w.CreatedAt, Version: w.Version, HostKeyID: w.HostKeyID,
	}
}

func (r *endpointRow) endpoint() standards.WebhookEndpoint {
	return standards.WebhookEndpoint{
		ID: r.ID, URL: r.URL, Description: r.Description, CentreIDs: fromCommaList[string](r.Centres), Kinds: fromCommaList[standards.EventKind](r.Kinds),
		Disabled: r.Disabled, DisabledReason: r.DisabledReason, CreatedAt: utc(r.CreatedAt), Version: r.Version, HostKeyID: r.HostKeyID,
	}
}

type deliveryRow struct {
	bun.BaseModel `bun:"alias:webhook_delivery"`
	ID            int64     `bun:"id,pk,autoincrement"`
	EndpointID    string    `bun:"endpoint_id"`
	EventSeq      int64     `bun:"event_seq"`
	State         string    `bun:"state"`
	DueAt         time.Time `bun:"due_at"`
	Attempts      int       `bun:"attempts"`
	ClaimedBy     string    `bun:"claimed_by,nullzero"`
	LastAttemptAt time.Time `bun:"last_attempt_at,nullzero"`
	LastStatus    int       `bun:"last_status"`
	LastError     string    `bun:"last_error"`
	FinishedAt    time.Time `bun:"finished_at,nullzero"`
}

func (r *deliveryRow) delivery() standards.WebhookDelivery {
	return standards.WebhookDelivery{
		ID: r.ID, EndpointID: r.EndpointID, EventSeq: r.EventSeq, State: standards.WebhookDeliveryState(r.State), Attempts: r.Attempts,
		DueAt: utc(r.DueAt), LastAttemptAt: utc(r.LastAttemptAt), LastStatus: r.LastStatus, LastError: r.LastError, FinishedAt: utc(r.FinishedAt),
	}
}

// fanOutMySQL makes the deliveries of event e, appended as seq, where no
// trigger does: on MySQL.
func (t *tx) fanOutMySQL(ctx context.Context, seq int64, e standards.Event) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO ? (endpoint_id, event_seq, state, due_at, attempts, last_status, last_error)
		SELECT w.id, ?, 'due', ?, 0, 0, '' FROM ? AS w
		WHERE NOT w.disabled AND (w.centres = '' OR INSTR(w.centres, ?) > 0) AND (w.kinds = '' OR INSTR(w.kinds, ?) > 0)
		ORDER BY w.id`,
		t.table("webhook_deliveries"), seq, e.At, t.table("webhook_endpoints"), ","+e.CentreID+",", ","+string(e.Kind)+",")
	return translate(err)
}

func (t *tx) CreateWebhookEndpoint(ctx context.Context, w standards.WebhookEndpoint, secret string) error {
	return t.insert(ctx, "webhook_endpoints", toEndpointRow(w, secret))
}

func (t *tx) WebhookEndpoint(ctx context.Context, id string) (standards.WebhookEndpoint, error) {
	var r endpointRow
	err := t.one(ctx, t.selectFrom("webhook_endpoints", "webhook_endpoint", &r).Where("id = ?", id), "webhook endpoint "+id)
	return r.endpoint(), err
}

func (t *tx) WebhookEndpoints(ctx context.Context) ([]standards.WebhookEndpoint, error) {
	var rows []endpointRow
	if err := t.all(ctx, t.selectFrom("webhook_endpoints", "webhook_endpoint", &rows).Order("id")); err != nil {
		return nil, err
	}
	return convert(rows, (*endpointRow).endpoint), nil
}

// UpdateWebhookEndpoint writes where the stored version is the one before;
// no row written is then a stale version or a missing endpoint. The owner
// (host_key_id) is not written: it stays as created.
func (t *tx) UpdateWebhookEndpoint(ctx context.Context, w standards.WebhookEndpoint, secret string) error {
	r := toEndpointRow(w, secret)
	q := t.tx.NewUpdate().TableExpr("?", t.table("webhook_endpoints")).
		Set("url = ?", r.URL).Set("description = ?", r.Description).Set("centres = ?", r.Centres).Set("kinds = ?", r.Kinds).
		Set("disabled = ?", r.Disabled).Set("disabled_reason = ?", r.DisabledReason).Set("version = ?", r.Version).
		Where("id = ? AND version = ?", w.ID, w.Version-1)
	if secret != "" {
		q = q.Set("secret = ?", secret)
	}
	n, err := rowsAffected(q.Exec(ctx))
	if err != nil || n > 0 {
		return err
	}
	if _, err := t.WebhookEndpoint(ctx, w.ID); err != nil {
		return err
	}
	return fmt.Errorf("webhook endpoint %s: %w", w.ID, standards.ErrConflict)
}

func (t *tx) DeleteWebhookEndpoint(ctx context.Context, id string) error {
	if _, err := t.tx.NewDelete().TableExpr("?", t.table("webhook_deliveries")).Where("endpoint_id = ?", id).Exec(ctx); err != nil {
		return translate(err)
	}
	return t.remove(ctx, "webhook_endpoints", "webhook endpoint "+id, "id = ?", id)
}

// withEvents fills in the event id and kind of each delivery.
func (t *tx) withEvents(ctx context.Context, rows []deliveryRow) ([]standards.WebhookDelivery, error) {
	out := convert(rows, (*deliveryRow).delivery)
	if len(rows) == 0 {
		return out, nil
	}
	events, err := t.eventsBySeq(ctx, rows)
	if err != nil {
		return nil, err
	}
	for i := range out {
		e := events[out[i].EventSeq]
		out[i].EventID, out[i].Kind = e.ID, e.Kind
	}
	return out, nil
}

// eventsBySeq reads the events of deliveries, by seq.
func (t *tx) eventsBySeq(ctx context.Context, rows []deliveryRow) (map[int64]standards.Event, error) {
	seqs := make([]int64, len(rows))
	for i, r := range rows {
		seqs[i] = r.EventSeq
	}
	var events []eventRow
	if err := t.all(ctx, t.selectFrom("events", "event", &events).Where("seq IN (?)", bun.List(seqs))); err != nil {
		return nil, err
	}
	out := make(map[int64]standards.Event, len(events))
	for i := range events {
		out[events[i].Seq] = events[i].event()
	}
	return out, nil
}

func (t *tx) WebhookDelivery(ctx context.Context, id int64) (standards.WebhookDelivery, error) {
	var r deliveryRow
	if err := t.one(ctx, t.selectFrom("webhook_deliveries", "webhook_delivery", &r).Where("id = ?", id), fmt.Sprintf("webhook delivery %d", id)); err != nil {
		return standards.WebhookDelivery{}, err
	}
	out, err := t.withEvents(ctx, []deliveryRow{r})
	if err != nil {
		return standards.WebhookDelivery{}, err
	}
	return out[0], nil
}

func (t *tx) WebhookDeliveries(ctx context.Context, q standards.WebhookDeliveryQuery) ([]standards.WebhookDelivery, error) {
	if q.Limit <= 0 {
		return []standards.WebhookDelivery{}, nil
	}
	var rows []deliveryRow
	sel := t.selectFrom("webhook_deliveries", "webhook_delivery", &rows).Where("id > ?", q.After)
	if q.EndpointID != "" {
		sel = sel.Where("endpoint_id = ?", q.EndpointID)
	}
	if q.State != "" {
		sel = sel.Where("state = ?", string(q.State))
	}
	if err := t.all(ctx, sel.Order("id").Limit(int64(q.Limit))); err != nil {
		return nil, err
	}
	return t.withEvents(ctx, rows)
}

func (t *tx) RedeliverWebhook(ctx context.Context, id int64, at time.Time) error {
	n, err := rowsAffected(t.tx.NewUpdate().TableExpr("?", t.table("webhook_deliveries")).
		Set("state = ?", string(standards.WebhookDue)).Set("due_at = ?", at).Set("attempts = 0").
		Set("claimed_by = NULL").Set("finished_at = NULL").Where("id = ?", id).Exec(ctx))
	if err != nil || n > 0 {
		return err
	}
	_, err = t.WebhookDelivery(ctx, id) // MySQL counts a row left as it was as no row
	return err
}

// ClaimWebhooks claims as ClaimEvents does: the due rows, locked with FOR
// UPDATE SKIP LOCKED (but on SQLite, whose one writer serialises claims),
// then marked by id. The endpoints' filter is a subquery, which locks
// nothing, so two claims may take deliveries to one endpoint at once.
func (s *Store) ClaimWebhooks(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]standards.WebhookSend, error) {
	if limit <= 0 {
		return []standards.WebhookSend{}, nil
	}
	var out []standards.WebhookSend
	err := s.outboxTx(ctx, func(t *tx) error {
		out = []standards.WebhookSend{}
		var rows []deliveryRow
		enabled := t.tx.NewSelect().TableExpr("?", t.table("webhook_endpoints")).ColumnExpr("id").Where("NOT disabled")
		q := t.selectFrom("webhook_deliveries", "webhook_delivery", &rows).
			Where("state = ? AND due_at <= ?", string(standards.WebhookDue), now).Where("endpoint_id IN (?)", enabled).
			OrderExpr("due_at, id").Limit(int64(limit))
		if s.dialect != SQLite {
			q = q.For("UPDATE SKIP LOCKED")
		}
		if err := t.all(ctx, q); err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]int64, len(rows))
		endpointIDs := map[string]bool{}
		for i, r := range rows {
			ids[i] = r.ID
			endpointIDs[r.EndpointID] = true
		}
		table := "?"
		if s.dialect == MySQL {
			table = "? FORCE INDEX (PRIMARY)" // as ClaimEvents: touch only the rows this claim holds
		}
		if _, err := t.tx.NewUpdate().TableExpr(table, t.table("webhook_deliveries")).
			Set("claimed_by = ?", deliverer).Set("due_at = ?", until).Set("attempts = attempts + 1").
			Where("id IN (?)", bun.List(ids)).Exec(ctx); err != nil {
			return translate(err)
		}
		events, err := t.eventsBySeq(ctx, rows)
		if err != nil {
			return err
		}
		var endpoints []endpointRow
		keys := make([]string, 0, len(endpointIDs))
		for id := range endpointIDs {
			keys = append(keys, id)
		}
		if err := t.all(ctx, t.selectFrom("webhook_endpoints", "webhook_endpoint", &endpoints).Where("id IN (?)", bun.List(keys))); err != nil {
			return err
		}
		byID := make(map[string]*endpointRow, len(endpoints))
		for i := range endpoints {
			byID[endpoints[i].ID] = &endpoints[i]
		}
		for _, r := range rows {
			ep, e := byID[r.EndpointID], events[r.EventSeq]
			if ep == nil || e.ID == "" {
				continue // gone under the claim: nothing to send
			}
			out = append(out, standards.WebhookSend{DeliveryID: r.ID, Attempt: r.Attempts + 1, Endpoint: ep.endpoint(), Secret: ep.Secret, Event: e})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishWebhook writes the attempt where the Store port says it applies,
// and, for a receiver gone, disables the endpoint.
func (s *Store) FinishWebhook(ctx context.Context, deliverer string, a standards.WebhookAttempt) error {
	return s.outboxTx(ctx, func(t *tx) error {
		q := t.tx.NewUpdate().TableExpr("?", t.table("webhook_deliveries")).
			Set("last_attempt_at = ?", a.At).Set("last_status = ?", a.Status).Set("last_error = ?", a.Error).Set("claimed_by = NULL").
			Where("id = ? AND state = ?", a.DeliveryID, string(standards.WebhookDue))
		if a.Outcome != standards.WebhookOK {
			q = q.Where("claimed_by = ? AND attempts = ?", deliverer, a.Attempt)
		}
		switch a.Outcome {
		case standards.WebhookOK:
			q = q.Set("state = ?", string(standards.WebhookDelivered)).Set("finished_at = ?", a.At)
		case standards.WebhookRetry:
			q = q.Set("due_at = ?", a.RetryAt)
		default:
			q = q.Set("state = ?", string(standards.WebhookDead)).Set("finished_at = ?", a.At)
		}
		n, err := rowsAffected(q.Exec(ctx))
		if err != nil || n == 0 || a.Outcome != standards.WebhookGone {
			return err
		}
		var endpointID string
		if err := t.tx.NewSelect().TableExpr("?", t.table("webhook_deliveries")).ColumnExpr("endpoint_id").
			Where("id = ?", a.DeliveryID).Scan(ctx, &endpointID); err != nil {
			return translate(err)
		}
		_, err = t.tx.NewUpdate().TableExpr("?", t.table("webhook_endpoints")).
			Set("disabled = ?", true).Set("disabled_reason = ?", standards.WebhookGoneReason).Set("version = version + 1").
			Where("id = ? AND NOT disabled", endpointID).Exec(ctx)
		return translate(err)
	})
}

// ReleaseWebhooks ends the deliverer's holds in one statement, found among
// the due deliveries through webhook_deliveries_due_idx.
func (s *Store) ReleaseWebhooks(ctx context.Context, deliverer string, now time.Time) (int, error) {
	var n int
	err := s.outboxTx(ctx, func(t *tx) error {
		var err error
		n, err = rowsAffected(t.tx.NewUpdate().TableExpr("?", t.table("webhook_deliveries")).
			Set("due_at = ?", now).Set("attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END").Set("claimed_by = NULL").
			Where("state = ? AND claimed_by = ?", string(standards.WebhookDue), deliverer).Exec(ctx))
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
