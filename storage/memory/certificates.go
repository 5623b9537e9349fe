package memory

import (
	"cmp"
	"context"

	"github.com/eops/eops/standards"
)

// Certificates. Each unique key but the ID has an index from the key to the
// ID; an empty RecordID (an imported certificate) is in no index.

func (t *tx) CreateCertificate(_ context.Context, c standards.Certificate) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.certificates[c.ID]; ok {
		return taken("certificate id", c.ID)
	}
	if err := t.certificateKeysFree(c); err != nil {
		return err
	}
	put(t, t.d.certificates, c.ID, c)
	t.indexCertificate(c)
	return nil
}

// UpdateCertificate replaces the certificate with c.ID, moving its index
// entries if its keys changed.
func (t *tx) UpdateCertificate(_ context.Context, c standards.Certificate) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.certificates, c.ID, "certificate")
	if err != nil {
		return err
	}
	if err := t.certificateKeysFree(c); err != nil {
		return err
	}
	del(t, t.d.certBySerial, old.Serial)
	del(t, t.d.certByCode, old.VerificationCode)
	if old.RecordID != "" {
		del(t, t.d.certByRecordID, old.RecordID)
	}
	put(t, t.d.certificates, c.ID, c)
	t.indexCertificate(c)
	return nil
}

// certificateKeysFree returns ErrConflict if another certificate than c.ID
// holds one of c's unique keys.
func (t *tx) certificateKeysFree(c standards.Certificate) error {
	if id, ok := t.d.certBySerial[c.Serial]; ok && id != c.ID {
		return taken("certificate serial", c.Serial)
	}
	if id, ok := t.d.certByCode[c.VerificationCode]; ok && id != c.ID {
		return taken("certificate verification code", c.VerificationCode)
	}
	if id, ok := t.d.certByRecordID[c.RecordID]; ok && id != c.ID {
		return taken("certificate of record", c.RecordID)
	}
	return nil
}

func (t *tx) indexCertificate(c standards.Certificate) {
	put(t, t.d.certBySerial, c.Serial, c.ID)
	put(t, t.d.certByCode, c.VerificationCode, c.ID)
	if c.RecordID != "" {
		put(t, t.d.certByRecordID, c.RecordID, c.ID)
	}
}

func (t *tx) Certificate(_ context.Context, id string) (standards.Certificate, error) {
	return get(t.d.certificates, id, "certificate")
}

func (t *tx) CertificateByCode(_ context.Context, code string) (standards.Certificate, error) {
	id, err := get(t.d.certByCode, code, "certificate with code")
	if err != nil {
		return standards.Certificate{}, err
	}
	return t.d.certificates[id], nil
}

func (t *tx) CertificateByRecord(_ context.Context, recordID string) (standards.Certificate, error) {
	id, err := get(t.d.certByRecordID, recordID, "certificate of record")
	if err != nil {
		return standards.Certificate{}, err
	}
	return t.d.certificates[id], nil
}

func (t *tx) CertificatesByPerson(_ context.Context, personID string) ([]standards.Certificate, error) {
	return sorted(t.d.certificates,
		func(c standards.Certificate) bool { return c.PersonID == personID },
		func(a, b standards.Certificate) int {
			return cmp.Or(cmp.Compare(b.Year, a.Year), a.IssuedAt.Compare(b.IssuedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}
