package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetCertificate is a certificate in full to those who may see it
// (Service.Certificate), at a centre the key reaches.
func (s *server) GetCertificate(ctx context.Context, req oapi.GetCertificateRequestObject) (oapi.GetCertificateResponseObject, error) {
	c := callerOf(ctx)
	cert, err := s.svc.Certificate(ctx, c.actor, req.CertificateId)
	if err != nil {
		return nil, s.unreached(c, err)
	}
	if !c.key.Reaches(cert.CentreNumber) {
		return nil, standards.ErrNotFound
	}
	return oapi.GetCertificate200JSONResponse(certificate(cert)), nil
}

// unreached turns a refusal of a read into "not found" when the key is
// for named centres: the library answers 403 to a person registered at
// the thing's centre who lacks the right, and the API cannot tell, without
// saying the thing exists, whether that centre is one the key reaches. A
// key for every centre reaches it whatever it is, so the 403 stands.
func (s *server) unreached(c caller, err error) error {
	if !c.key.AllCentres && errors.Is(err, standards.ErrForbidden) {
		return standards.ErrNotFound
	}
	return err
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
		return nil, s.unreached(c, err)
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
