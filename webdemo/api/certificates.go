package api

import (
	"context"
	"errors"

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
