package sqlstore

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Trusts, their leads and requests to join them.

type trustRow struct {
	bun.BaseModel `bun:"alias:trust"`
	ID            string    `bun:"id,pk"`
	Name          string    `bun:"name"`
	CreatedAt     time.Time `bun:"created_at"`
}

func (r *trustRow) trust() standards.Trust {
	return standards.Trust{ID: r.ID, Name: r.Name, CreatedAt: utc(r.CreatedAt)}
}

func (t *tx) CreateTrust(ctx context.Context, tr standards.Trust) error {
	return t.insert(ctx, "trusts", &trustRow{ID: tr.ID, Name: tr.Name, CreatedAt: tr.CreatedAt})
}

func (t *tx) Trust(ctx context.Context, id string) (standards.Trust, error) {
	var r trustRow
	err := t.readOne(ctx, trustByID, &r, "trust "+id, id)
	return r.trust(), err
}

func (t *tx) Trusts(ctx context.Context) ([]standards.Trust, error) {
	var rows []trustRow
	if err := t.all(ctx, t.selectFrom("trusts", "trust", &rows).Order("name", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*trustRow).trust), nil
}

type trustLeadRow struct {
	bun.BaseModel `bun:"alias:trust_lead"`
	TrustID       string    `bun:"trust_id,pk"`
	PersonID      string    `bun:"person_id,pk"`
	AppointedBy   string    `bun:"appointed_by,nullzero"`
	AppointedAt   time.Time `bun:"appointed_at"`
}

func (r *trustLeadRow) trustLead() standards.TrustLead {
	return standards.TrustLead{TrustID: r.TrustID, PersonID: r.PersonID, AppointedBy: r.AppointedBy, AppointedAt: utc(r.AppointedAt)}
}

func (t *tx) CreateTrustLead(ctx context.Context, l standards.TrustLead) error {
	delete(t.leads, l.PersonID)
	return t.insert(ctx, "trust_leads", &trustLeadRow{
		TrustID: l.TrustID, PersonID: l.PersonID, AppointedBy: l.AppointedBy, AppointedAt: l.AppointedAt,
	})
}

func (t *tx) DeleteTrustLead(ctx context.Context, trustID, personID string) error {
	delete(t.leads, personID)
	return t.remove(ctx, "trust_leads", "trust lead", "trust_id = ? AND person_id = ?", trustID, personID)
}

func (t *tx) TrustLeads(ctx context.Context, trustID string) ([]standards.TrustLead, error) {
	var rows []trustLeadRow
	if err := t.readAll(ctx, leadsOfTrust, &rows, trustID); err != nil {
		return nil, err
	}
	return convert(rows, (*trustLeadRow).trustLead), nil
}

func (t *tx) TrustsLedBy(ctx context.Context, personID string) ([]standards.TrustLead, error) {
	if kept, ok := t.leads[personID]; ok {
		return slices.Clone(kept), nil // see joins.go
	}
	var rows []trustLeadRow
	if err := t.readAll(ctx, trustsLedByPerson, &rows, personID); err != nil {
		return nil, err
	}
	return convert(rows, (*trustLeadRow).trustLead), nil
}

type trustRequestRow struct {
	bun.BaseModel `bun:"alias:trust_request"`
	ID            string    `bun:"id,pk"`
	TrustID       string    `bun:"trust_id"`
	CentreID      string    `bun:"centre_id"`
	From          string    `bun:"from_side"`
	RequestedBy   string    `bun:"requested_by,nullzero"`
	RequestedAt   time.Time `bun:"requested_at"`
}

func (r *trustRequestRow) trustRequest() standards.TrustRequest {
	return standards.TrustRequest{
		ID: r.ID, TrustID: r.TrustID, CentreID: r.CentreID, From: standards.TrustSide(r.From),
		RequestedBy: r.RequestedBy, RequestedAt: utc(r.RequestedAt),
	}
}

func (t *tx) CreateTrustRequest(ctx context.Context, q standards.TrustRequest) error {
	return t.insert(ctx, "trust_requests", &trustRequestRow{
		ID: q.ID, TrustID: q.TrustID, CentreID: q.CentreID, From: string(q.From),
		RequestedBy: q.RequestedBy, RequestedAt: q.RequestedAt,
	})
}

func (t *tx) TrustRequest(ctx context.Context, id string) (standards.TrustRequest, error) {
	var r trustRequestRow
	err := t.readOne(ctx, trustRequestByID, &r, "trust request "+id, id)
	return r.trustRequest(), err
}

func (t *tx) DeleteTrustRequest(ctx context.Context, id string) error {
	return t.remove(ctx, "trust_requests", "trust request "+id, "id = ?", id)
}

func (t *tx) TrustRequestsByTrust(ctx context.Context, trustID string) ([]standards.TrustRequest, error) {
	return t.trustRequests(ctx, "trust_id = ?", trustID)
}

func (t *tx) TrustRequestsByCentre(ctx context.Context, centreID string) ([]standards.TrustRequest, error) {
	return t.trustRequests(ctx, "centre_id = ?", centreID)
}

func (t *tx) trustRequests(ctx context.Context, where string, arg string) ([]standards.TrustRequest, error) {
	var rows []trustRequestRow
	if err := t.all(ctx, t.selectFrom("trust_requests", "trust_request", &rows).
		Where(where, arg).Order("requested_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*trustRequestRow).trustRequest), nil
}

// The reads of this file (see reads.go).
var (
	trustByID         = &read{table: "trusts", alias: "trust", where: "id = ?"}
	leadsOfTrust      = &read{table: "trust_leads", alias: "trust_lead", where: "trust_id = ?", order: []string{"appointed_at", "person_id"}}
	trustsLedByPerson = &read{table: "trust_leads", alias: "trust_lead", where: "person_id = ?", order: []string{"appointed_at", "trust_id"}}
	trustRequestByID  = &read{table: "trust_requests", alias: "trust_request", where: "id = ?"}
)
