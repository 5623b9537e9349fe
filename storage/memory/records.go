package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/eops/eops/standards"
)

// Records.

func (t *tx) CreateRecord(_ context.Context, r standards.Record) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.records[r.ID]; ok {
		return taken("record id", r.ID)
	}
	if _, ok := t.d.recordsByReg[r.RegistrationID]; ok {
		return taken("record of registration", r.RegistrationID)
	}
	put(t, t.d.records, r.ID, r)
	put(t, t.d.recordsByReg, r.RegistrationID, r.ID)
	return nil
}

func (t *tx) Record(_ context.Context, id string) (standards.Record, error) {
	return get(t.d.records, id, "record")
}

func (t *tx) RecordByRegistration(_ context.Context, registrationID string) (standards.Record, error) {
	id, err := get(t.d.recordsByReg, registrationID, "record of registration")
	if err != nil {
		return standards.Record{}, err
	}
	return t.d.records[id], nil
}

// UpdateRecord saves r as version r.Version+1 if the stored record is still
// at r.Version.
func (t *tx) UpdateRecord(_ context.Context, r standards.Record) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.records, r.ID, "record")
	if err != nil {
		return err
	}
	if old.Version != r.Version {
		return &standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonStale,
			Message: fmt.Sprintf("record %s is at version %d, not %d: it changed since it was read", r.ID, old.Version, r.Version)}
	}
	if old.RegistrationID != r.RegistrationID {
		if _, ok := t.d.recordsByReg[r.RegistrationID]; ok {
			return taken("record of registration", r.RegistrationID)
		}
		del(t, t.d.recordsByReg, old.RegistrationID)
		put(t, t.d.recordsByReg, r.RegistrationID, r.ID)
	}
	r.Version++
	put(t, t.d.records, r.ID, r)
	return nil
}

func (t *tx) RecordsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Record, error) {
	return sorted(t.d.records,
		func(r standards.Record) bool { return r.CentreID == centreID && r.Year == year },
		func(a, b standards.Record) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

// The CPD log.

func cloneCPD(e standards.CPDEntry) standards.CPDEntry {
	e.TargetIDs = slices.Clone(e.TargetIDs)
	return e
}

func (t *tx) CreateCPDEntry(_ context.Context, e standards.CPDEntry) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.cpd[e.ID]; ok {
		return taken("CPD entry id", e.ID)
	}
	put(t, t.d.cpd, e.ID, cloneCPD(e))
	return nil
}

func (t *tx) CPDEntry(_ context.Context, id string) (standards.CPDEntry, error) {
	e, err := get(t.d.cpd, id, "CPD entry")
	return cloneCPD(e), err
}

func (t *tx) DeleteCPDEntry(_ context.Context, id string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, err := get(t.d.cpd, id, "CPD entry"); err != nil {
		return err
	}
	del(t, t.d.cpd, id)
	return nil
}

func (t *tx) CPDEntries(_ context.Context, recordID string) ([]standards.CPDEntry, error) {
	out := sorted(t.d.cpd,
		func(e standards.CPDEntry) bool { return e.RecordID == recordID },
		func(a, b standards.CPDEntry) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) })
	for i := range out {
		out[i] = cloneCPD(out[i])
	}
	return out, nil
}
