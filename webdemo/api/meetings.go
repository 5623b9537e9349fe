package api

import (
	"context"
	"slices"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// RecordMeeting records a meeting on the record, with its target updates
// and the support it arranges, all or nothing (Service.RecordMeeting).
// Attendees and owners are registration ids, as the tracker's members
// give them: the library's own ids, so nothing is looked up twice.
func (s *server) RecordMeeting(ctx context.Context, req oapi.RecordMeetingRequestObject) (oapi.RecordMeetingResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var in standards.MeetingInput
	if b := req.Body; b != nil {
		in = standards.MeetingInput{Kind: standards.MeetingKind(b.Kind), Date: b.Date.Time, Attendees: b.Attendees, Notes: deref(b.Notes)}
		for _, u := range deref(b.Updates) {
			in.Updates = append(in.Updates, standards.TargetUpdate{TargetID: u.TargetId, State: standards.TargetState(deref(u.State)),
				Rating: standards.Rating(deref(u.Rating)), Comment: deref(u.Comment)})
		}
		for _, sup := range deref(b.Support) {
			in.Support = append(in.Support, standards.SupportInput{Description: sup.Description,
				OwnerRegistrationID: sup.OwnerRegistrationId, Due: sup.Due.Time})
		}
	}
	m, err := s.svc.RecordMeeting(ctx, callerOf(ctx).actor, req.RecordId, in)
	if err != nil {
		return nil, err
	}
	return oapi.RecordMeeting201JSONResponse{Body: meeting(m)}, nil
}

func meeting(m standards.Meeting) oapi.Meeting {
	out := oapi.Meeting{Id: m.ID, RecordId: m.RecordID, Kind: oapi.MeetingKind(m.Kind), Date: day(m.Date),
		Attendees: nonNil(m.Attendees), Notes: m.Notes, Updates: []oapi.MeetingUpdate{}, RecordedBy: m.RecordedBy,
		RecordedAt: m.RecordedAt.UTC()}
	for _, u := range m.Updates {
		out.Updates = append(out.Updates, oapi.MeetingUpdate{TargetId: u.TargetID, State: string(u.State),
			Rating: oapi.Rating(u.Rating), Comment: u.Comment})
	}
	return out
}

// day is a UK day the library keeps as midnight UTC, as YYYY-MM-DD.
func day(t time.Time) openapi_types.Date {
	return openapi_types.Date{Time: t.UTC().Truncate(24 * time.Hour)}
}

// nonNil is s, or an empty list for nil, so that JSON shows [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CompleteSupportAction marks a support action of the record done
// (Service.CompleteSupportAction). An action of another record is not
// found, as a target under another record's path is.
func (s *server) CompleteSupportAction(ctx context.Context, req oapi.CompleteSupportActionRequestObject) (oapi.CompleteSupportActionResponseObject, error) {
	t, err := s.tracker(ctx, req.RecordId)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(t.Actions, func(a standards.SupportAction) bool { return a.ID == req.ActionId }) {
		return nil, standards.ErrNotFound
	}
	ctx, err = ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	a, err := s.svc.CompleteSupportAction(ctx, callerOf(ctx).actor, req.ActionId)
	if err != nil {
		return nil, err
	}
	return oapi.CompleteSupportAction200JSONResponse{Body: supportAction(a)}, nil
}

// AddPrivateNote keeps an overseer's note on the record
// (Service.AddPrivateNote).
func (s *server) AddPrivateNote(ctx context.Context, req oapi.AddPrivateNoteRequestObject) (oapi.AddPrivateNoteResponseObject, error) {
	if _, err := s.tracker(ctx, req.RecordId); err != nil {
		return nil, err
	}
	ctx, err := ifMatch(ctx, req.RecordId, req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	var text string
	if req.Body != nil {
		text = req.Body.Text
	}
	n, err := s.svc.AddPrivateNote(ctx, callerOf(ctx).actor, req.RecordId, text)
	if err != nil {
		return nil, err
	}
	return oapi.AddPrivateNote201JSONResponse{Body: privateNote(n)}, nil
}
