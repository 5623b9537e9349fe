package api

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// LogCPD logs an activity in the exams officer's own record
// (Service.LogCPD).
func (s *server) LogCPD(ctx context.Context, req oapi.LogCPDRequestObject) (oapi.LogCPDResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var in standards.CPDInput
	if b := req.Body; b != nil {
		in = standards.CPDInput{Kind: standards.CPDKind(b.Kind), Title: b.Title, Date: b.Date.Time, Hours: b.Hours,
			Provider: deref(b.Provider), Verified: deref(b.Verified), Reflection: deref(b.Reflection), TargetIDs: deref(b.TargetIds)}
	}
	e, err := s.svc.LogCPD(ctx, callerOf(ctx).actor, req.RecordId, in)
	if err != nil {
		return nil, err
	}
	return oapi.LogCPD201JSONResponse{Body: cpdEntry(e)}, nil
}

func cpdEntry(e standards.CPDEntry) oapi.CPDEntry {
	return oapi.CPDEntry{Id: e.ID, RecordId: e.RecordID, Kind: oapi.CPDKind(e.Kind), Title: e.Title,
		Date: openapi_types.Date{Time: e.Date.UTC()}, Hours: e.Hours, Provider: e.Provider, Verified: e.Verified,
		Reflection: e.Reflection, TargetIds: nonNil(e.TargetIDs), CreatedAt: e.CreatedAt.UTC()}
}
