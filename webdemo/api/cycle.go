package api

import (
	"context"
	"slices"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// ApplyTemplate proposes a starter template's targets, as an overseer
// (Service.ApplyTemplate).
func (s *server) ApplyTemplate(ctx context.Context, req oapi.ApplyTemplateRequestObject) (oapi.ApplyTemplateResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var id string
	if req.Body != nil {
		id = req.Body.TemplateId
	}
	ts, warns, err := s.svc.ApplyTemplate(ctx, callerOf(ctx).actor, req.RecordId, id)
	if err != nil {
		return nil, err
	}
	return oapi.ApplyTemplate201JSONResponse{Body: oapi.TargetsProposed{Targets: targets(ts), Warnings: warnings(warns)}}, nil
}

// CarryForward proposes the targets of the exams officer's previous
// record that were neither achieved nor withdrawn (Service.CarryForward).
func (s *server) CarryForward(ctx context.Context, req oapi.CarryForwardRequestObject) (oapi.CarryForwardResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	ts, err := s.svc.CarryForward(ctx, callerOf(ctx).actor, req.RecordId)
	if err != nil {
		return nil, err
	}
	return oapi.CarryForward201JSONResponse{Body: oapi.TargetsCarried{Targets: targets(ts)}}, nil
}

func targets(ts []standards.Target) []oapi.Target {
	out := []oapi.Target{}
	for _, t := range ts {
		out = append(out, target(t))
	}
	return out
}

// DeleteCPD removes an entry of the record's CPD log (Service.DeleteCPD).
// An entry of another record is not found.
func (s *server) DeleteCPD(ctx context.Context, req oapi.DeleteCPDRequestObject) (oapi.DeleteCPDResponseObject, error) {
	t, err := s.tracker(ctx, req.RecordId)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(t.CPD, func(e standards.CPDEntry) bool { return e.ID == req.EntryId }) {
		return nil, standards.ErrNotFound
	}
	ctx, err = ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := s.svc.DeleteCPD(ctx, callerOf(ctx).actor, req.EntryId); err != nil {
		return nil, err
	}
	return oapi.DeleteCPD204Response{}, nil
}

// GetRecordFlags is what needs attention on the record
// (Service.RecordFlags). Through a key for named centres the record is
// read first, to find its centre; a key for every centre reaches it
// whatever it is, so the flags are asked for at once, and a trust lead,
// who may see flags but not the record, gets them.
func (s *server) GetRecordFlags(ctx context.Context, req oapi.GetRecordFlagsRequestObject) (oapi.GetRecordFlagsResponseObject, error) {
	c := callerOf(ctx)
	if !c.key.AllCentres {
		if _, err := s.tracker(ctx, req.RecordId); err != nil {
			return nil, err
		}
	}
	flags, err := s.svc.RecordFlags(ctx, c.actor, req.RecordId)
	if err != nil {
		return nil, err
	}
	out := oapi.RecordFlags{Flags: []oapi.Flag{}}
	for _, f := range flags {
		out.Flags = append(out.Flags, oapi.Flag{Code: string(f.Code), Message: f.Message, Params: params(f.Params),
			Severity: oapi.FlagSeverity(f.Severity)})
	}
	return oapi.GetRecordFlags200JSONResponse(out), nil
}

// GetStatement is the statement in force for a year
// (Service.CurrentStatement): public text, the host's call.
func (s *server) GetStatement(ctx context.Context, req oapi.GetStatementRequestObject) (oapi.GetStatementResponseObject, error) {
	st, err := s.svc.CurrentStatement(ctx, standards.AcademicYear(req.Year))
	if err != nil {
		return nil, err
	}
	return oapi.GetStatement200JSONResponse{Body: statement(st), Headers: oapi.GetStatement200ResponseHeaders{ETag: etag(int64(st.Version))}}, nil
}

// GetCatalogue is the edition of the suggested areas in force for a year
// (Service.Catalogue): public data, the host's call.
func (s *server) GetCatalogue(_ context.Context, req oapi.GetCatalogueRequestObject) (oapi.GetCatalogueResponseObject, error) {
	year := standards.AcademicYear(req.Year)
	if err := year.Validate(); err != nil {
		return nil, err
	}
	e := s.svc.Catalogue(year)
	out := oapi.Catalogue{Year: int(e.Year), Items: []oapi.CatalogueItem{}, Phases: []oapi.CataloguePhase{},
		WaysToLearn: []oapi.CatalogueWayToLearn{}, Templates: []oapi.CatalogueTemplate{}}
	for _, it := range e.Items {
		out.Items = append(out.Items, oapi.CatalogueItem{Id: it.ID, Area: oapi.Area(it.Area), Title: it.Title, Tags: nonNil(it.Tags)})
	}
	for _, p := range e.Phases {
		out.Phases = append(out.Phases, oapi.CataloguePhase{Tag: p.Tag, Title: p.Title})
	}
	for _, w := range e.WaysToLearn {
		out.WaysToLearn = append(out.WaysToLearn, oapi.CatalogueWayToLearn{Id: w.ID, Title: w.Title, Advice: w.Advice})
	}
	for _, t := range e.Templates {
		ct := oapi.CatalogueTemplate{Id: t.ID, Name: t.Name, Description: t.Description}
		ct.Targets = make([]struct {
			ItemId         string `json:"itemId"`
			SuccessMeasure string `json:"successMeasure"`
		}, len(t.Targets))
		for i, x := range t.Targets {
			ct.Targets[i].ItemId, ct.Targets[i].SuccessMeasure = x.ItemID, x.SuccessMeasure
		}
		out.Templates = append(out.Templates, ct)
	}
	return oapi.GetCatalogue200JSONResponse(out), nil
}
