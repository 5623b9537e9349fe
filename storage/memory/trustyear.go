package memory

import (
	"cmp"
	"context"

	"github.com/eops/eops/standards"
)

// A trust's year at once, for the trust dashboard, and a year across the
// platform, for the national figures.

// inTrust reports whether the centre centreID is in the trust trustID now.
func (t *tx) inTrust(centreID, trustID string) bool {
	c, ok := t.d.centres[centreID]
	return ok && c.TrustID == trustID
}

// ofTrust reports whether the record recordID is of year at a centre of
// trustID.
func (t *tx) ofTrust(recordID, trustID string, year standards.AcademicYear) bool {
	r, ok := t.d.records[recordID]
	return ok && r.Year == year && t.inTrust(r.CentreID, trustID)
}

func byCentreYear(a, b standards.CentreYear) int { return cmp.Compare(a.CentreID, b.CentreID) }

func byCentreRequested(a, b standards.Registration) int {
	return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byRequested(a, b))
}

func (t *tx) centreYearsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.CentreYear, error) {
	return sorted(t.d.centreYears,
		func(cy standards.CentreYear) bool { return cy.Year == year && t.inTrust(cy.CentreID, trustID) },
		byCentreYear), nil
}

func (t *tx) registrationsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.Registration, error) {
	out := sorted(t.d.regs,
		func(r standards.Registration) bool { return r.Year == year && t.inTrust(r.CentreID, trustID) },
		byCentreRequested)
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) oversightsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	return sorted(t.d.oversights,
		func(o standards.Oversight) bool { return o.Year == year && t.inTrust(o.CentreID, trustID) },
		func(a, b standards.Oversight) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), a.AssignedAt.Compare(b.AssignedAt),
				cmp.Compare(a.EORegistrationID, b.EORegistrationID),
				cmp.Compare(a.OverseerRegistrationID, b.OverseerRegistrationID))
		}), nil
}

func (t *tx) recordsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.Record, error) {
	return sorted(t.d.records,
		func(r standards.Record) bool { return r.Year == year && t.inTrust(r.CentreID, trustID) },
		func(a, b standards.Record) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

func (t *tx) targetsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.Target, error) {
	return sorted(t.d.targets,
		func(tg standards.Target) bool { return t.ofTrust(tg.RecordID, trustID, year) },
		func(a, b standards.Target) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

func (t *tx) lastMeetingsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.LastMeeting, error) {
	return t.lastMeetings(func(recordID string) bool { return t.ofTrust(recordID, trustID, year) }), nil
}

func (t *tx) supportActionsByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.SupportAction, error) {
	return sorted(t.d.actions,
		func(a standards.SupportAction) bool { return t.ofTrust(a.RecordID, trustID, year) },
		func(a, b standards.SupportAction) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
		}), nil
}

func (t *tx) signaturesByTrust(_ context.Context, trustID string, year standards.AcademicYear) ([]standards.Signature, error) {
	return sorted(t.d.signatures,
		func(s standards.Signature) bool { return t.ofTrust(s.RecordID, trustID, year) },
		func(a, b standards.Signature) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), a.At.Compare(b.At), cmp.Compare(a.Side, b.Side))
		}), nil
}

func (t *tx) CentreYearsByYear(_ context.Context, year standards.AcademicYear) ([]standards.CentreYear, error) {
	return sorted(t.d.centreYears, func(cy standards.CentreYear) bool { return cy.Year == year }, byCentreYear), nil
}

func (t *tx) RegistrationsByYear(_ context.Context, year standards.AcademicYear) ([]standards.Registration, error) {
	out := sorted(t.d.regs, func(r standards.Registration) bool { return r.Year == year }, byCentreRequested)
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) CertificatesByYear(_ context.Context, year standards.AcademicYear) ([]standards.Certificate, error) {
	return sorted(t.d.certificates,
		func(c standards.Certificate) bool { return c.Year == year },
		func(a, b standards.Certificate) int {
			return cmp.Or(a.IssuedAt.Compare(b.IssuedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}
