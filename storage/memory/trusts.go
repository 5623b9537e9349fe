package memory

import (
	"cmp"
	"context"

	"github.com/eops/eops/standards"
)

// leadKey pairs a trust with a person (a lead) or a centre (a request).
type leadKey struct{ trustID, otherID string }

// Trusts.

func (t *tx) CreateTrust(_ context.Context, tr standards.Trust) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.trusts[tr.ID]; ok {
		return taken("trust id", tr.ID)
	}
	put(t, t.d.trusts, tr.ID, tr)
	return nil
}

func (t *tx) Trust(_ context.Context, id string) (standards.Trust, error) {
	return get(t.d.trusts, id, "trust")
}

func (t *tx) Trusts(_ context.Context) ([]standards.Trust, error) {
	return sorted(t.d.trusts,
		func(standards.Trust) bool { return true },
		func(a, b standards.Trust) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }), nil
}

func (t *tx) CreateTrustLead(_ context.Context, l standards.TrustLead) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := leadKey{l.TrustID, l.PersonID}
	if _, ok := t.d.leads[k]; ok {
		return taken("trust lead", k)
	}
	put(t, t.d.leads, k, l)
	return nil
}

func (t *tx) DeleteTrustLead(_ context.Context, trustID, personID string) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := leadKey{trustID, personID}
	if _, err := get(t.d.leads, k, "trust lead"); err != nil {
		return err
	}
	del(t, t.d.leads, k)
	return nil
}

func byAppointed(a, b standards.TrustLead) int {
	return cmp.Or(a.AppointedAt.Compare(b.AppointedAt), cmp.Compare(a.TrustID, b.TrustID), cmp.Compare(a.PersonID, b.PersonID))
}

func (t *tx) TrustLeads(_ context.Context, trustID string) ([]standards.TrustLead, error) {
	return sorted(t.d.leads, func(l standards.TrustLead) bool { return l.TrustID == trustID }, byAppointed), nil
}

func (t *tx) TrustsLedBy(_ context.Context, personID string) ([]standards.TrustLead, error) {
	return sorted(t.d.leads, func(l standards.TrustLead) bool { return l.PersonID == personID }, byAppointed), nil
}

func (t *tx) CreateTrustRequest(_ context.Context, r standards.TrustRequest) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.trustRequests[r.ID]; ok {
		return taken("trust request id", r.ID)
	}
	k := leadKey{r.TrustID, r.CentreID}
	if _, ok := t.d.trustReqKeys[k]; ok {
		return taken("request of centre to join trust", k)
	}
	put(t, t.d.trustRequests, r.ID, r)
	put(t, t.d.trustReqKeys, k, r.ID)
	return nil
}

func (t *tx) TrustRequest(_ context.Context, id string) (standards.TrustRequest, error) {
	return get(t.d.trustRequests, id, "trust request")
}

func (t *tx) DeleteTrustRequest(_ context.Context, id string) error {
	if err := t.writable(); err != nil {
		return err
	}
	r, err := get(t.d.trustRequests, id, "trust request")
	if err != nil {
		return err
	}
	del(t, t.d.trustRequests, id)
	del(t, t.d.trustReqKeys, leadKey{r.TrustID, r.CentreID})
	return nil
}

func byRequestedTrust(a, b standards.TrustRequest) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func (t *tx) TrustRequestsByTrust(_ context.Context, trustID string) ([]standards.TrustRequest, error) {
	return sorted(t.d.trustRequests, func(r standards.TrustRequest) bool { return r.TrustID == trustID }, byRequestedTrust), nil
}

func (t *tx) TrustRequestsByCentre(_ context.Context, centreID string) ([]standards.TrustRequest, error) {
	return sorted(t.d.trustRequests, func(r standards.TrustRequest) bool { return r.CentreID == centreID }, byRequestedTrust), nil
}
