package sqlstore

import (
	"context"

	"github.com/eops/eops/standards"
)

// A trust's year at once, for the trust dashboard, and a year across the
// platform, for the national figures. Each list is one statement: a trust's
// rows are found through a subquery on centres (trust_id), and the rows of
// its records through a subquery on records within it.

func (r *centreYearRow) centreYear() standards.CentreYear {
	return standards.CentreYear{
		CentreID: r.CentreID, Year: standards.AcademicYear(r.Year), RegisteredAt: utc(r.RegisteredAt), RegisteredBy: r.RegisteredBy,
	}
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
