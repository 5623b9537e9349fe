package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// A trust's year at once, for the trust dashboard, and a year across the
// platform, for the national figures. Each list is one statement: a trust's
// rows are found through a subquery on centres (trust_id), and the rows of
// its records through a subquery on records within it.

// centresOfTrust is the subquery of the ids of a trust's centres.
func (t *tx) centresOfTrust(trustID string) *bun.SelectQuery {
	return t.tx.NewSelect().TableExpr("?", t.table("centres")).Column("id").Where("trust_id = ?", t.arg(trustID))
}

// recordsOfTrust is the subquery of the ids of the records for year at a
// trust's centres.
func (t *tx) recordsOfTrust(trustID string, year standards.AcademicYear) *bun.SelectQuery {
	return t.tx.NewSelect().TableExpr("?", t.table("records")).Column("id").
		Where("year = ? AND centre_id IN (?)", t.arg(int(year)), t.centresOfTrust(trustID))
}

func (r *centreYearRow) centreYear() standards.CentreYear {
	return standards.CentreYear{
		CentreID: r.CentreID, Year: standards.AcademicYear(r.Year), RegisteredAt: utc(r.RegisteredAt), RegisteredBy: r.RegisteredBy,
	}
}

func (t *tx) CentreYearsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.CentreYear, error) {
	var rows []centreYearRow
	if err := t.all(ctx, t.selectFrom("centre_years", "centre_year", &rows).
		Where("year = ? AND centre_id IN (?)", t.arg(int(year)), t.centresOfTrust(trustID)).Order("centre_id")); err != nil {
		return nil, err
	}
	return convert(rows, (*centreYearRow).centreYear), nil
}

func (t *tx) RegistrationsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.Registration, error) {
	var rows []registrationRow
	if err := t.all(ctx, t.selectFrom("registrations", "registration", &rows).
		Where("year = ? AND centre_id IN (?)", t.arg(int(year)), t.centresOfTrust(trustID)).
		Order("centre_id", "requested_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*registrationRow).registration), nil
}

func (t *tx) OversightsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	var rows []oversightRow
	if err := t.all(ctx, t.selectFrom("oversights", "oversight", &rows).
		Where("year = ? AND centre_id IN (?)", t.arg(int(year)), t.centresOfTrust(trustID)).
		Order("centre_id", "assigned_at", "eo_registration_id", "overseer_registration_id")); err != nil {
		return nil, err
	}
	return convert(rows, (*oversightRow).oversight), nil
}

func (t *tx) RecordsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.Record, error) {
	var rows []recordRow
	if err := t.all(ctx, t.selectFrom("records", "record", &rows).
		Where("year = ? AND centre_id IN (?)", t.arg(int(year)), t.centresOfTrust(trustID)).
		Order("centre_id", "created_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*recordRow).record), nil
}

func (t *tx) TargetsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.Target, error) {
	var rows []targetRow
	if err := t.all(ctx, t.selectFrom("targets", "target", &rows).
		Where("record_id IN (?)", t.recordsOfTrust(trustID, year)).Order("record_id", "created_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*targetRow).target), nil
}

func (t *tx) LastMeetingsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.LastMeeting, error) {
	var rows []lastMeetingRow
	if err := t.all(ctx, t.selectFrom("meetings", "meeting", &rows).ColumnExpr(lastMeetingColumns).
		Where("record_id IN (?)", t.recordsOfTrust(trustID, year)).Group("record_id").Order("record_id")); err != nil {
		return nil, err
	}
	return convert(rows, (*lastMeetingRow).lastMeeting), nil
}

func (t *tx) SupportActionsByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.SupportAction, error) {
	var rows []supportActionRow
	if err := t.all(ctx, t.selectFrom("support_actions", "support_action", &rows).
		Where("record_id IN (?)", t.recordsOfTrust(trustID, year)).Order("record_id", "due", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*supportActionRow).supportAction), nil
}

func (t *tx) SignaturesByTrust(ctx context.Context, trustID string, year standards.AcademicYear) ([]standards.Signature, error) {
	var rows []signatureRow
	if err := t.all(ctx, t.selectFrom("signatures", "signature", &rows).
		Where("record_id IN (?)", t.recordsOfTrust(trustID, year)).Order("record_id", "at", "side")); err != nil {
		return nil, err
	}
	return convert(rows, (*signatureRow).signature), nil
}

func (t *tx) CentreYearsByYear(ctx context.Context, year standards.AcademicYear) ([]standards.CentreYear, error) {
	var rows []centreYearRow
	if err := t.all(ctx, t.selectFrom("centre_years", "centre_year", &rows).
		Where("year = ?", t.arg(int(year))).Order("centre_id")); err != nil {
		return nil, err
	}
	return convert(rows, (*centreYearRow).centreYear), nil
}

func (t *tx) RegistrationsByYear(ctx context.Context, year standards.AcademicYear) ([]standards.Registration, error) {
	var rows []registrationRow
	if err := t.all(ctx, t.selectFrom("registrations", "registration", &rows).
		Where("year = ?", t.arg(int(year))).Order("centre_id", "requested_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*registrationRow).registration), nil
}

func (t *tx) CertificatesByYear(ctx context.Context, year standards.AcademicYear) ([]standards.Certificate, error) {
	var rows []certificateRow
	if err := t.all(ctx, t.selectFrom("certificates", "certificate", &rows).
		Where("year = ?", t.arg(int(year))).Order("issued_at", "id")); err != nil {
		return nil, err
	}
	return convert(rows, (*certificateRow).certificate), nil
}
