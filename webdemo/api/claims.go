package api

import (
	"context"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetClaimEligibility lists every condition a claim by the person would
// not yet meet (Service.ClaimEligibility, R-CLM-1).
func (s *server) GetClaimEligibility(ctx context.Context, req oapi.GetClaimEligibilityRequestObject) (oapi.GetClaimEligibilityResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	p := req.Params
	confirm := standards.Confirmations{Knowledge: deref(p.Knowledge), Skills: deref(p.Skills), Values: deref(p.Values)}
	unmet, err := s.svc.ClaimEligibility(ctx, callerOf(ctx).actor, req.RecordId, confirm)
	if err != nil {
		return nil, err
	}
	out := oapi.ClaimEligibility{Eligible: len(unmet) == 0, Unmet: []oapi.Unmet{}}
	for _, u := range unmet {
		out.Unmet = append(out.Unmet, oapi.Unmet{Code: string(u.Code), Message: u.Message})
	}
	return oapi.GetClaimEligibility200JSONResponse(out), nil
}

// ClaimCertificate claims the exams officer's certificate as an overseer
// (Service.Claim): unmet conditions are 422 not_eligible, each listed.
func (s *server) ClaimCertificate(ctx context.Context, req oapi.ClaimCertificateRequestObject) (oapi.ClaimCertificateResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var confirm standards.Confirmations
	if b := req.Body; b != nil {
		confirm = standards.Confirmations{Knowledge: deref(b.Knowledge), Skills: deref(b.Skills), Values: deref(b.Values)}
	}
	cert, err := s.svc.Claim(ctx, callerOf(ctx).actor, req.RecordId, confirm)
	if err != nil {
		return nil, err
	}
	return oapi.ClaimCertificate201JSONResponse{Body: certificate(cert)}, nil
}
