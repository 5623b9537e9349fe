package api

import (
	"context"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// SignStatement signs the year's statement as the record's exams officer
// (Service.SignStatement).
func (s *server) SignStatement(ctx context.Context, req oapi.SignStatementRequestObject) (oapi.SignStatementResponseObject, error) {
	sig, err := s.sign(ctx, req.RecordId, req.Params.IfMatch, s.svc.SignStatement)
	if err != nil {
		return nil, err
	}
	return oapi.SignStatement201JSONResponse{Body: sig}, nil
}

// CountersignStatement countersigns it as an overseer
// (Service.CountersignStatement).
func (s *server) CountersignStatement(ctx context.Context, req oapi.CountersignStatementRequestObject) (oapi.CountersignStatementResponseObject, error) {
	sig, err := s.sign(ctx, req.RecordId, req.Params.IfMatch, s.svc.CountersignStatement)
	if err != nil {
		return nil, err
	}
	return oapi.CountersignStatement201JSONResponse{Body: sig}, nil
}

func (s *server) sign(ctx context.Context, recordID string, match *string,
	sign func(context.Context, standards.Actor, string) (standards.Signature, error)) (oapi.Signature, error) {
	if _, err := s.tracker(ctx, recordID); err != nil {
		return oapi.Signature{}, err
	}
	ctx, err := ifMatch(ctx, recordID, match)
	if err != nil {
		return oapi.Signature{}, err
	}
	sig, err := sign(ctx, callerOf(ctx).actor, recordID)
	if err != nil {
		return oapi.Signature{}, err
	}
	return signature(sig), nil
}

func signature(sig standards.Signature) oapi.Signature {
	return oapi.Signature{RecordId: sig.RecordID, Side: oapi.Side(sig.Side), PersonId: sig.PersonID, At: sig.At.UTC(),
		StatementVersion: sig.StatementVersion, StatementHash: sig.StatementHash}
}

// PublishStatement publishes a new version of the year's statement, as
// the operator (Service.PublishStatement, R-VA-1): through an operator key
// only; with If-Match, only over the version it names
// (standards.IfStatementVersion).
func (s *server) PublishStatement(ctx context.Context, req oapi.PublishStatementRequestObject) (oapi.PublishStatementResponseObject, error) {
	var text string
	if req.Body != nil {
		text = req.Body.Text
	}
	year := standards.AcademicYear(req.Year)
	version, ok, err := ifMatchVersion(req.Params.IfMatch, "GET /statements/{year}")
	if err != nil {
		return nil, err
	}
	if ok {
		ctx = standards.IfStatementVersion(ctx, year, int(version))
	}
	st, err := s.svc.PublishStatement(ctx, callerOf(ctx).actor, year, text)
	if err != nil {
		return nil, err
	}
	return oapi.PublishStatement201JSONResponse{Body: statement(st)}, nil
}
