package api

import (
	"context"
	"slices"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// ifMatch makes the command under ctx act only on the record's version
// that If-Match names (standards.IfRecordVersion): "\"7\"" as GetRecord's
// ETag gives it. Absent or "*", no condition.
func ifMatch(ctx context.Context, recordID string, header *string) (context.Context, error) {
	version, ok, err := ifMatchVersion(header, "GET /records/{recordId}")
	if !ok {
		return ctx, err
	}
	return standards.IfRecordVersion(ctx, recordID, version), nil
}

// tracker reads the record as the person sees it (Service.Tracker) and
// checks that the key reaches its centre: a record at a centre the key
// does not reach is not found, as one the person may not see is.
func (s *server) tracker(ctx context.Context, recordID string) (standards.Tracker, error) {
	c := callerOf(ctx)
	t, err := s.svc.Tracker(ctx, c.actor, recordID)
	if err != nil {
		return standards.Tracker{}, s.unreached(ctx, c, err)
	}
	if !c.key.Reaches(t.Centre.Number) {
		return standards.Tracker{}, standards.ErrNotFound
	}
	return t, nil
}

// onRecord checks, before a command on a target, that the key reaches the
// record and the target is the record's. It reads the tracker first: a
// second transaction, which the Service's command then checks again for
// itself, so nothing is decided on what it read but the key's reach.
func (s *server) onRecord(ctx context.Context, recordID, targetID string) error {
	t, err := s.tracker(ctx, recordID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(t.Targets, func(x standards.Target) bool { return x.ID == targetID }) {
		return standards.ErrNotFound
	}
	return nil
}

// GetRecord is the record's tracker (Service.Tracker): everything the
// web app's tracker shows, as the person may see it.
func (s *server) GetRecord(ctx context.Context, req oapi.GetRecordRequestObject) (oapi.GetRecordResponseObject, error) {
	t, err := s.tracker(ctx, req.RecordId)
	if err != nil {
		return nil, err
	}
	out := oapi.Tracker{
		Record: oapi.Record{Id: t.Record.ID, Year: int(t.Record.Year), YearLabel: t.Record.Year.String(),
			Version: t.Record.Version, Closed: !t.Record.ClosedAt.IsZero()},
		Centre:         centre(t.Centre),
		ExamsOfficer:   member(t.ExamsOfficer),
		Overseers:      []oapi.Member{},
		Targets:        []oapi.Target{},
		Warnings:       warnings(t.Warnings),
		Viewer:         oapi.Viewer{IsOwner: t.ViewerIsOwner, IsOverseer: t.ViewerIsOverseer, IsAdmin: t.ViewerIsAdmin},
		Areas:          []oapi.AreaProgress{},
		Members:        []oapi.Member{},
		Cpd:            []oapi.CPDEntry{},
		CpdTotals:      cpdTotals(t.CPDTotals),
		Meetings:       []oapi.Meeting{},
		SupportActions: []oapi.SupportAction{},
		Notes:          []oapi.PrivateNote{},
		Statement:      statement(t.Statement),
		Signatures:     []oapi.Signature{},
	}
	for _, m := range t.Overseers {
		out.Overseers = append(out.Overseers, member(m))
	}
	for _, x := range t.Targets {
		out.Targets = append(out.Targets, target(x))
	}
	for _, a := range t.Areas {
		out.Areas = append(out.Areas, oapi.AreaProgress{Area: oapi.Area(a.Area), Achieved: a.Achieved, Total: a.Total, Complete: a.Complete})
	}
	for _, m := range t.Members {
		out.Members = append(out.Members, member(m))
	}
	for _, e := range t.CPD {
		out.Cpd = append(out.Cpd, cpdEntry(e))
	}
	for _, m := range t.Meetings {
		out.Meetings = append(out.Meetings, meeting(m))
	}
	for _, a := range t.Actions {
		out.SupportActions = append(out.SupportActions, supportAction(a))
	}
	for _, n := range t.Notes { // the library shows them only to overseers and admins (R-MTG-5)
		out.Notes = append(out.Notes, privateNote(n))
	}
	for _, sig := range t.Signatures {
		out.Signatures = append(out.Signatures, signature(sig))
	}
	if t.Certificate.ID != "" {
		out.Certificate = ptr(certificate(t.Certificate))
	}
	if t.CarryForwardFrom != 0 {
		out.CarryForwardFrom = ptr(int(t.CarryForwardFrom))
	}
	return oapi.GetRecord200JSONResponse{Body: out, Headers: oapi.GetRecord200ResponseHeaders{ETag: etag(t.Record.Version)}}, nil
}

func cpdTotals(t standards.CPDTotals) oapi.CPDTotals {
	out := oapi.CPDTotals{Hours: t.Hours, ByKind: map[string]float64{}, ByArea: map[string]float64{}}
	for k, h := range t.ByKind {
		out.ByKind[string(k)] = h
	}
	for a, h := range t.ByArea {
		out.ByArea[string(a)] = h
	}
	return out
}

func supportAction(a standards.SupportAction) oapi.SupportAction {
	out := oapi.SupportAction{Id: a.ID, RecordId: a.RecordID, MeetingId: a.MeetingID, Description: a.Description,
		OwnerRegistrationId: a.OwnerRegistrationID, Due: day(a.Due), State: oapi.SupportActionState(a.State),
		CreatedAt: a.CreatedAt.UTC()}
	if !a.DoneAt.IsZero() {
		out.DoneAt = ptr(a.DoneAt.UTC())
	}
	return out
}

func privateNote(n standards.PrivateNote) oapi.PrivateNote {
	return oapi.PrivateNote{Id: n.ID, RecordId: n.RecordID, AuthorId: n.AuthorID, Text: n.Text, At: n.At.UTC()}
}

func statement(st standards.Statement) oapi.Statement {
	out := oapi.Statement{Year: int(st.Year), Version: st.Version, Text: st.Text, Hash: st.Hash()}
	if !st.PublishedAt.IsZero() {
		out.PublishedAt = ptr(st.PublishedAt.UTC())
	}
	return out
}

// ProposeTarget proposes a target on the record (Service.ProposeTarget).
func (s *server) ProposeTarget(ctx context.Context, req oapi.ProposeTargetRequestObject) (oapi.ProposeTargetResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	in := standards.TargetInput{}
	if b := req.Body; b != nil {
		in = standards.TargetInput{Area: standards.KeyArea(deref(b.Area)), Title: deref(b.Title), Description: deref(b.Description),
			SuccessMeasure: deref(b.SuccessMeasure), CatalogueItemID: deref(b.CatalogueItemId)}
		if b.Due != nil {
			in.Due = b.Due.Time // midnight UTC of the day: the same UK day (R-DAY-1)
		}
	}
	t, warns, err := s.svc.ProposeTarget(ctx, callerOf(ctx).actor, req.RecordId, in)
	if err != nil {
		return nil, err
	}
	return oapi.ProposeTarget201JSONResponse{Body: oapi.ProposedTarget{Target: target(t), Warnings: warnings(warns)}}, nil
}

// AgreeTarget agrees a proposed target (Service.AgreeTarget).
func (s *server) AgreeTarget(ctx context.Context, req oapi.AgreeTargetRequestObject) (oapi.AgreeTargetResponseObject, error) {
	if err := s.onRecord(ctx, req.RecordId, req.TargetId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	t, err := s.svc.AgreeTarget(ctx, callerOf(ctx).actor, req.TargetId)
	if err != nil {
		return nil, err
	}
	return oapi.AgreeTarget200JSONResponse{Body: target(t)}, nil
}

// UpdateTargetProgress records progress on a target (Service.UpdateTarget).
func (s *server) UpdateTargetProgress(ctx context.Context, req oapi.UpdateTargetProgressRequestObject) (oapi.UpdateTargetProgressResponseObject, error) {
	if err := s.onRecord(ctx, req.RecordId, req.TargetId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	p := standards.TargetProgress{}
	if b := req.Body; b != nil {
		p = standards.TargetProgress{State: standards.TargetState(deref(b.State)), Rating: standards.Rating(deref(b.Rating)),
			Comment: deref(b.Comment)}
	}
	t, err := s.svc.UpdateTarget(ctx, callerOf(ctx).actor, req.TargetId, p)
	if err != nil {
		return nil, err
	}
	return oapi.UpdateTargetProgress200JSONResponse{Body: target(t)}, nil
}

// member is a person at a record's centre, by their registration: the
// record's exams officer, an overseer, or one of the centre's members.
func member(m standards.Member) oapi.Member {
	return oapi.Member{RegistrationId: m.Registration.ID, PersonId: m.Person.ID, Name: m.Person.Name, Roles: apiRoles(m.Registration.Roles)}
}

// apiRoles are a registration's roles as every answer names them (Role).
func apiRoles(rs standards.Roles) []oapi.Role {
	out := make([]oapi.Role, len(rs))
	for i, r := range rs {
		out[i] = oapi.Role(r)
	}
	return out
}

func target(t standards.Target) oapi.Target {
	out := oapi.Target{Id: t.ID, RecordId: t.RecordID, Area: oapi.Area(t.Area), Title: t.Title, Description: t.Description,
		SuccessMeasure: t.SuccessMeasure, CatalogueItemId: t.CatalogueItemID, State: oapi.TargetState(t.State),
		ProposedBy: oapi.Side(t.ProposedBy), Rating: oapi.Rating(t.Rating), WithdrawnReason: t.WithdrawnReason,
		CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC()}
	if !t.Due.IsZero() {
		out.Due = &openapi_types.Date{Time: t.Due.UTC().Truncate(24 * time.Hour)}
	}
	return out
}

func warnings(ws []standards.Warning) []oapi.Warning {
	out := []oapi.Warning{}
	for _, w := range ws {
		out = append(out, oapi.Warning{Code: string(w.Code), Message: w.Message, Params: params(w.Params)})
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// AchieveTarget marks a target achieved, as an overseer
// (Service.AchieveTarget).
func (s *server) AchieveTarget(ctx context.Context, req oapi.AchieveTargetRequestObject) (oapi.AchieveTargetResponseObject, error) {
	if err := s.onRecord(ctx, req.RecordId, req.TargetId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var comment string
	if req.Body != nil {
		comment = deref(req.Body.Comment)
	}
	t, err := s.svc.AchieveTarget(ctx, callerOf(ctx).actor, req.TargetId, comment)
	if err != nil {
		return nil, err
	}
	return oapi.AchieveTarget200JSONResponse{Body: target(t)}, nil
}

// ReopenTarget reopens an achieved target, as an overseer
// (Service.ReopenTarget).
func (s *server) ReopenTarget(ctx context.Context, req oapi.ReopenTargetRequestObject) (oapi.ReopenTargetResponseObject, error) {
	if err := s.onRecord(ctx, req.RecordId, req.TargetId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var reason string
	if req.Body != nil {
		reason = req.Body.Reason
	}
	t, err := s.svc.ReopenTarget(ctx, callerOf(ctx).actor, req.TargetId, reason)
	if err != nil {
		return nil, err
	}
	return oapi.ReopenTarget200JSONResponse{Body: target(t)}, nil
}

// WithdrawTarget withdraws a target that is not achieved
// (Service.WithdrawTarget).
func (s *server) WithdrawTarget(ctx context.Context, req oapi.WithdrawTargetRequestObject) (oapi.WithdrawTargetResponseObject, error) {
	if err := s.onRecord(ctx, req.RecordId, req.TargetId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var reason string
	if req.Body != nil {
		reason = req.Body.Reason
	}
	t, err := s.svc.WithdrawTarget(ctx, callerOf(ctx).actor, req.TargetId, reason)
	if err != nil {
		return nil, err
	}
	return oapi.WithdrawTarget200JSONResponse{Body: target(t)}, nil
}
