package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Certificates. An imported certificate has no record: its record_id is
// NULL, which the unique key on record_id lets many rows share.

type certificateRow struct {
	bun.BaseModel    `bun:"alias:certificate"`
	ID               string    `bun:"id,pk"`
	Serial           string    `bun:"serial"`
	VerificationCode string    `bun:"verification_code"`
	RecordID         string    `bun:"record_id,nullzero"`
	PersonID         string    `bun:"person_id"`
	HolderName       string    `bun:"holder_name"`
	CentreID         string    `bun:"centre_id,nullzero"`
	CentreName       string    `bun:"centre_name"`
	CentreNumber     string    `bun:"centre_number"`
	Year             int       `bun:"year"`
	IssuedAt         time.Time `bun:"issued_at"`
	ClaimedBy        string    `bun:"claimed_by,nullzero"`
	ClaimedByName    string    `bun:"claimed_by_name"`
	RevokedAt        time.Time `bun:"revoked_at,nullzero"`
	RevokedBy        string    `bun:"revoked_by,nullzero"`
	RevokeReason     string    `bun:"revoke_reason"`
}

func toCertificateRow(c standards.Certificate) *certificateRow {
	return &certificateRow{
		ID: c.ID, Serial: c.Serial, VerificationCode: c.VerificationCode, RecordID: c.RecordID, PersonID: c.PersonID,
		HolderName: c.HolderName, CentreID: c.CentreID, CentreName: c.CentreName, CentreNumber: string(c.CentreNumber),
		Year: int(c.Year), IssuedAt: c.IssuedAt, ClaimedBy: c.ClaimedBy, ClaimedByName: c.ClaimedByName,
		RevokedAt: c.RevokedAt, RevokedBy: c.RevokedBy, RevokeReason: c.RevokeReason,
	}
}

func (r *certificateRow) certificate() standards.Certificate {
	return standards.Certificate{
		ID: r.ID, Serial: r.Serial, VerificationCode: r.VerificationCode, RecordID: r.RecordID, PersonID: r.PersonID,
		HolderName: r.HolderName, CentreID: r.CentreID, CentreName: r.CentreName,
		CentreNumber: standards.CentreNumber(r.CentreNumber), Year: standards.AcademicYear(r.Year),
		IssuedAt: utc(r.IssuedAt), ClaimedBy: r.ClaimedBy, ClaimedByName: r.ClaimedByName,
		RevokedAt: utc(r.RevokedAt), RevokedBy: r.RevokedBy, RevokeReason: r.RevokeReason,
	}
}

func (t *tx) CreateCertificate(ctx context.Context, c standards.Certificate) error {
	return t.insert(ctx, "certificates", toCertificateRow(c))
}

func (t *tx) UpdateCertificate(ctx context.Context, c standards.Certificate) error {
	return t.update(ctx, "certificates", toCertificateRow(c), "certificate "+c.ID, "id = ?", c.ID)
}

func (t *tx) Certificate(ctx context.Context, id string) (standards.Certificate, error) {
	var r certificateRow
	err := t.readOne(ctx, certificateByID, &r, "certificate "+id, id)
	return r.certificate(), err
}

func (t *tx) CertificateByCode(ctx context.Context, code string) (standards.Certificate, error) {
	var r certificateRow
	err := t.readOne(ctx, certificateByCode, &r, "certificate with code", code)
	return r.certificate(), err
}

func (t *tx) CertificateByRecord(ctx context.Context, recordID string) (standards.Certificate, error) {
	if recordID == "" {
		// An imported certificate's record_id is NULL, which no comparison
		// finds; say so without asking.
		return standards.Certificate{}, fmt.Errorf("certificate of no record: %w", standards.ErrNotFound)
	}
	var r certificateRow
	err := t.readOne(ctx, certificateOfRecord, &r, "certificate of record "+recordID, recordID)
	return r.certificate(), err
}

func (t *tx) CertificatesByPerson(ctx context.Context, personID string) ([]standards.Certificate, error) {
	var rows []certificateRow
	if err := t.readAll(ctx, certificatesOfPerson, &rows, personID); err != nil {
		return nil, err
	}
	return convert(rows, (*certificateRow).certificate), nil
}

// The reads of this file (see reads.go).
var (
	certificateByID      = &read{table: "certificates", alias: "certificate", where: "id = ?"}
	certificateByCode    = &read{table: "certificates", alias: "certificate", where: "verification_code = ?"}
	certificateOfRecord  = &read{table: "certificates", alias: "certificate", where: "record_id = ?"}
	certificatesOfPerson = &read{table: "certificates", alias: "certificate", where: "person_id = ?", orderExpr: "year DESC, issued_at, id"}
)
