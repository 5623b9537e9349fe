package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetCertificate is a certificate in full to those who may see it
// (Service.Certificate), at a centre the key reaches.
func (s *server) GetCertificate(ctx context.Context, req oapi.GetCertificateRequestObject) (oapi.GetCertificateResponseObject, error) {
	c := callerOf(ctx)
	cert, err := s.svc.Certificate(ctx, c.actor, req.CertificateId)
	if err != nil {
		return nil, s.unreached(ctx, c, err)
	}
	if !c.key.Reaches(cert.CentreNumber) {
		return nil, standards.ErrNotFound
	}
	return oapi.GetCertificate200JSONResponse(certificate(cert)), nil
}

// RevokeCertificate revokes a certificate issued in error, as the
// operator (Service.RevokeCertificate, R-CRT-3): through an operator key
// only. Through another key the library's refusal of its holder (403) is
// turned into "not found" as a read's is (unreached).
func (s *server) RevokeCertificate(ctx context.Context, req oapi.RevokeCertificateRequestObject) (oapi.RevokeCertificateResponseObject, error) {
	var reason string
	if req.Body != nil {
		reason = req.Body.Reason
	}
	c := callerOf(ctx)
	cert, err := s.svc.RevokeCertificate(ctx, c.actor, req.CertificateId, reason)
	if err != nil {
		return nil, s.unreached(ctx, c, err)
	}
	return oapi.RevokeCertificate200JSONResponse{Body: certificate(cert)}, nil
}

// ImportCertificates imports an earlier platform's certificates, as the
// operator (Service.ImportCertificates, R-REG-8): through an operator key
// only. The library reads an import as the CSV file a page uploads; the
// API writes the rows as one, with a header, so each row is checked as a
// file's is, and answers an outcome per row in order.
func (s *server) ImportCertificates(ctx context.Context, req oapi.ImportCertificatesRequestObject) (oapi.ImportCertificatesResponseObject, error) {
	var file bytes.Buffer
	w := csv.NewWriter(&file)
	_ = w.Write([]string{"email", "full name", "centre number", "academic year", "date certified", "certificate number"})
	if b := req.Body; b != nil {
		for _, r := range b.Rows {
			_ = w.Write([]string{r.Email, r.FullName, r.CentreNumber, standards.AcademicYear(r.Year).String(),
				r.DateCertified.Format("2006-01-02"), r.CertificateNumber})
		}
	}
	w.Flush()
	rows, err := s.svc.ImportCertificates(ctx, callerOf(ctx).actor, &file, nil)
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		for i, f := range invalid.Fields {
			if f.Field == "file" { // the rows as a whole: none, or too many
				invalid.Fields[i].Field = "rows"
			}
		}
	}
	if err != nil {
		return nil, err
	}
	out := oapi.CertificateImportOutcomes{Outcomes: make([]oapi.CertificateImportOutcome, len(rows))}
	for i, row := range rows {
		o := oapi.CertificateImportOutcome{Line: i + 1, Status: oapi.ImportStatus(row.Status)}
		if row.Serial != "" {
			o.CertificateNumber = ptr(row.Serial)
		}
		if row.Err != nil {
			o.Problem = ptr(problemFor(row.Err))
			if o.Problem.Status >= 500 {
				s.log.ErrorContext(ctx, "api: a row of an import failed", "line", i+1, "err", row.Err)
			}
		}
		out.Outcomes[i] = o
	}
	return oapi.ImportCertificates200JSONResponse{Body: out}, nil
}

// unreached turns the library's refusal of a read (403) into "not found"
// when the key is for named centres and the person stands somewhere the
// key does not reach: the library answers 403 to a person registered at
// the thing's centre (or leading its trust) who lacks the right, and that
// centre may be one beyond the key, so the 403 would say that the thing
// exists there. A person who stands only within the key (standsWithinReach)
// gets the 403, as through a key for every centre.
func (s *server) unreached(ctx context.Context, c caller, err error) error {
	if c.key.AllCentres || !errors.Is(err, standards.ErrForbidden) {
		return err
	}
	within, rerr := s.standsWithinReach(ctx, c)
	if rerr != nil {
		return rerr
	}
	if !within {
		return standards.ErrNotFound
	}
	return err
}

// standsWithinReach reports whether the person stands nowhere the key does
// not reach: every registration of theirs, in any status and year, is at a
// centre the key reaches, and every trust they lead has only such centres.
// A key for every centre reaches everyone.
func (s *server) standsWithinReach(ctx context.Context, c caller) (bool, error) {
	if c.key.AllCentres {
		return true, nil
	}
	own, err := s.svc.MyRegistrations(ctx, c.actor)
	if err != nil {
		return false, err
	}
	for _, o := range own {
		if !c.key.Reaches(o.Centre.Number) {
			return false, nil
		}
	}
	led, err := s.svc.TrustsLed(ctx, c.actor)
	if err != nil {
		return false, err
	}
	for _, t := range led {
		v, err := s.svc.Trust(ctx, c.actor, t.ID)
		if err != nil {
			return false, err
		}
		for _, x := range v.Centres {
			if !c.key.Reaches(x.Number) {
				return false, nil
			}
		}
	}
	return true, nil
}

func certificate(c standards.Certificate) oapi.Certificate {
	out := oapi.Certificate{Id: c.ID, Serial: c.Serial, VerificationCode: c.VerificationCode, RecordId: c.RecordID,
		PersonId: c.PersonID, HolderName: c.HolderName, CentreName: c.CentreName, CentreNumber: string(c.CentreNumber),
		Year: int(c.Year), YearLabel: c.Year.String(), IssuedAt: c.IssuedAt.UTC(), ClaimedBy: c.ClaimedBy,
		ClaimedByName: c.ClaimedByName, Revoked: c.Revoked()}
	if c.Revoked() {
		out.RevokedAt, out.RevokeReason = ptr(c.RevokedAt.UTC()), ptr(c.RevokeReason)
	}
	return out
}

// ListMyCertificates pages the person's own certificates at the centres
// the key reaches (Service.MyCertificates).
func (s *server) ListMyCertificates(ctx context.Context, req oapi.ListMyCertificatesRequestObject) (oapi.ListMyCertificatesResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	certs, err := s.svc.MyCertificates(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	return oapi.ListMyCertificates200JSONResponse(certificatePage(c, certs, p)), nil
}

// ListPersonCertificates pages a person's certification history
// (Service.CertificationHistory), of the centres the key reaches.
func (s *server) ListPersonCertificates(ctx context.Context, req oapi.ListPersonCertificatesRequestObject) (oapi.ListPersonCertificatesResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	if !c.key.AllCentres {
		// Whoever watches the person does so through a registration of
		// their own at a centre; through a key for named centres, an actor
		// registered at none of them reaches nobody's history, as GetMe
		// finds no such person.
		if err := s.registeredWithinReach(ctx, c); err != nil {
			return nil, err
		}
	}
	certs, err := s.svc.CertificationHistory(ctx, c.actor, req.PersonId)
	if err != nil {
		return nil, s.unreached(ctx, c, err)
	}
	if !c.key.AllCentres && !slices.ContainsFunc(certs, func(cert standards.Certificate) bool { return c.key.Reaches(cert.CentreNumber) }) {
		// The library lets the actor watch the person through any centre
		// where both are registered, one the key does not reach among
		// them: an empty page would then say that such a person exists.
		if err := s.personSeenWithinReach(ctx, c, req.PersonId); err != nil {
			return nil, err
		}
	}
	return oapi.ListPersonCertificates200JSONResponse(certificatePage(c, certs, p)), nil
}

// certificatePage is the page p of the certificates the key reaches, in
// the library's order: newest year first, then by when issued and id.
func certificatePage(c caller, certs []standards.Certificate, p pageRequest) oapi.CertificatePage {
	var reached []standards.Certificate
	for _, cert := range certs {
		if c.key.Reaches(cert.CentreNumber) {
			reached = append(reached, cert)
		}
	}
	page, next := pageOf(reached, func(cert standards.Certificate) string {
		return fmt.Sprintf("%04d|%s|%s", 9999-int(cert.Year), cert.IssuedAt.UTC().Format("20060102150405.000000000"), cert.ID)
	}, p)
	out := oapi.CertificatePage{Items: []oapi.Certificate{}, Next: next}
	for _, cert := range page {
		out.Items = append(out.Items, certificate(cert))
	}
	return out
}

// VerifyCertificate tells anyone what a verification code proves
// (Service.Verify). It is served without a host key (api.go): the
// library's Verify takes no actor, so a key would authorise nothing.
func (s *server) VerifyCertificate(ctx context.Context, req oapi.VerifyCertificateRequestObject) (oapi.VerifyCertificateResponseObject, error) {
	v, err := s.svc.Verify(ctx, req.Params.Code)
	if err != nil {
		return nil, err
	}
	out := oapi.Verification{Status: oapi.VerificationStatus(v.Status), HolderName: v.HolderName, CentreName: v.CentreName,
		CentreNumber: string(v.CentreNumber), Year: int(v.Year), YearLabel: v.Year.String(), IssuedAt: v.IssuedAt.UTC()}
	if !v.RevokedAt.IsZero() {
		out.RevokedAt = ptr(v.RevokedAt.UTC())
	}
	return oapi.VerifyCertificate200JSONResponse(out), nil
}

// personSeenWithinReach is ErrNotFound unless the person is the actor, or
// one the actor sees on a roster of a centre the key reaches, in a year
// the actor is registered there (Service.Roster, as the actor may read
// it): someone within the key's reach, whom an empty page tells of
// nothing beyond it. Only an empty history in reach asks it: a read a
// year of the actor's at the key's centres.
func (s *server) personSeenWithinReach(ctx context.Context, c caller, personID string) error {
	me, err := s.svc.Me(ctx, c.actor)
	if err != nil || me.ID == personID {
		return err
	}
	own, err := s.svc.MyRegistrations(ctx, c.actor)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, o := range own {
		r := o.Registration
		if !c.key.Reaches(o.Centre.Number) || seen[r.CentreID+r.Year.String()] {
			continue
		}
		seen[r.CentreID+r.Year.String()] = true
		roster, err := s.svc.Roster(ctx, c.actor, r.CentreID, r.Year)
		switch {
		case errors.Is(err, standards.ErrNotFound) || errors.Is(err, standards.ErrForbidden):
			continue
		case err != nil:
			return err
		}
		if slices.ContainsFunc(roster.Members, func(m standards.Member) bool { return m.Person.ID == personID }) {
			return nil
		}
	}
	return standards.ErrNotFound
}

// registeredWithinReach is ErrNotFound unless the actor has a registration
// at a centre the key reaches (Service.MyRegistrations).
func (s *server) registeredWithinReach(ctx context.Context, c caller) error {
	own, err := s.svc.MyRegistrations(ctx, c.actor)
	if err != nil {
		return err
	}
	for _, o := range own {
		if c.key.Reaches(o.Centre.Number) {
			return nil
		}
	}
	return standards.ErrNotFound
}
