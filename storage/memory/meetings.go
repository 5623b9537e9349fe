package memory

import (
	"cmp"
	"context"
	"slices"

	"github.com/eops/eops/standards"
)

// Meetings.

func cloneMeeting(m standards.Meeting) standards.Meeting {
	m.Attendees = slices.Clone(m.Attendees)
	m.Updates = slices.Clone(m.Updates)
	return m
}

func (t *tx) CreateMeeting(_ context.Context, m standards.Meeting) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.meetings[m.ID]; ok {
		return taken("meeting id", m.ID)
	}
	put(t, t.d.meetings, m.ID, cloneMeeting(m))
	return nil
}

func (t *tx) Meetings(_ context.Context, recordID string) ([]standards.Meeting, error) {
	out := sorted(t.d.meetings,
		func(m standards.Meeting) bool { return m.RecordID == recordID },
		func(a, b standards.Meeting) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) })
	for i := range out {
		out[i] = cloneMeeting(out[i])
	}
	return out, nil
}

// Support actions.

func (t *tx) CreateSupportAction(_ context.Context, a standards.SupportAction) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.actions[a.ID]; ok {
		return taken("support action id", a.ID)
	}
	put(t, t.d.actions, a.ID, a)
	return nil
}

func (t *tx) UpdateSupportAction(_ context.Context, a standards.SupportAction) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, err := get(t.d.actions, a.ID, "support action"); err != nil {
		return err
	}
	put(t, t.d.actions, a.ID, a)
	return nil
}

func (t *tx) SupportAction(_ context.Context, id string) (standards.SupportAction, error) {
	return get(t.d.actions, id, "support action")
}

func (t *tx) SupportActions(_ context.Context, recordID string) ([]standards.SupportAction, error) {
	return sorted(t.d.actions,
		func(a standards.SupportAction) bool { return a.RecordID == recordID },
		func(a, b standards.SupportAction) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID)) }), nil
}

// Private notes.

func (t *tx) CreatePrivateNote(_ context.Context, n standards.PrivateNote) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.notes[n.ID]; ok {
		return taken("private note id", n.ID)
	}
	put(t, t.d.notes, n.ID, n)
	return nil
}

func (t *tx) PrivateNotes(_ context.Context, recordID string) ([]standards.PrivateNote, error) {
	return sorted(t.d.notes,
		func(n standards.PrivateNote) bool { return n.RecordID == recordID },
		func(a, b standards.PrivateNote) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) }), nil
}

// Signatures.

// signatureKey is a record and the side that signed it.
type signatureKey struct {
	recordID string
	side     standards.Side
}

func (t *tx) CreateSignature(_ context.Context, s standards.Signature) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := signatureKey{s.RecordID, s.Side}
	if _, ok := t.d.signatures[k]; ok {
		return taken("signature", k)
	}
	put(t, t.d.signatures, k, s)
	return nil
}

func (t *tx) Signatures(_ context.Context, recordID string) ([]standards.Signature, error) {
	return sorted(t.d.signatures,
		func(s standards.Signature) bool { return s.RecordID == recordID },
		func(a, b standards.Signature) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Side, b.Side)) }), nil
}
