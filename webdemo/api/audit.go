package api

import (
	"context"
	"strconv"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetAuditTrail is a page of a centre's audit trail, newest first
// (Service.AuditTrail).
func (s *server) GetAuditTrail(ctx context.Context, req oapi.GetAuditTrailRequestObject) (oapi.GetAuditTrailResponseObject, error) {
	p, before, err := readAuditPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	c, err := s.centreOf(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	actor := callerOf(ctx).actor
	out, err := auditPage(p, before, func(before int64, limit int) ([]standards.AuditEntry, error) {
		return s.svc.AuditTrail(ctx, actor, c.ID, before, limit)
	})
	if err != nil {
		return nil, err
	}
	return oapi.GetAuditTrail200JSONResponse(out), nil
}

// GetPlatformTrail is a page of the platform's own trail, the entries of
// no centre, newest first (Service.PlatformTrail): the operator's alone,
// through an operator key.
func (s *server) GetPlatformTrail(ctx context.Context, req oapi.GetPlatformTrailRequestObject) (oapi.GetPlatformTrailResponseObject, error) {
	p, before, err := readAuditPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	actor := callerOf(ctx).actor
	out, err := auditPage(p, before, func(before int64, limit int) ([]standards.AuditEntry, error) {
		return s.svc.PlatformTrail(ctx, actor, before, limit)
	})
	if err != nil {
		return nil, err
	}
	return oapi.GetPlatformTrail200JSONResponse(out), nil
}

// readAuditPage reads a trail's cursor and limit. The Service pages a
// trail itself, by the sequence number of the entry before which a page
// starts; the cursor names the last entry of the page before, as every
// cursor of the API does.
func readAuditPage(cursor *string, limit *int) (pageRequest, int64, error) {
	p, err := readPage(cursor, limit)
	if err != nil {
		return p, 0, err
	}
	var before int64
	if p.after != "" {
		before, err = strconv.ParseInt(p.after, 10, 64)
		if err != nil || before < 1 {
			return p, 0, &standards.ValidationError{Fields: []standards.FieldError{{Field: "cursor", Code: standards.FieldInvalidFormat,
				Message: `send the "next" of the page before, unchanged`}}}
		}
	}
	return p, before, nil
}

// auditPage is the page p of a trail read reads, from before.
func auditPage(p pageRequest, before int64, read func(before int64, limit int) ([]standards.AuditEntry, error)) (oapi.AuditEntryPage, error) {
	// One entry more than the page holds says whether a page follows;
	// at the Service's largest page, a second read of one entry does.
	entries, err := read(before, min(p.limit+1, standards.MaxPage))
	if err != nil {
		return oapi.AuditEntryPage{}, err
	}
	more := len(entries) > p.limit
	if more {
		entries = entries[:p.limit]
	} else if len(entries) == standards.MaxPage {
		after, err := read(entries[len(entries)-1].Seq, 1)
		if err != nil {
			return oapi.AuditEntryPage{}, err
		}
		more = len(after) > 0
	}
	out := oapi.AuditEntryPage{Items: make([]oapi.AuditEntry, len(entries))}
	for i, e := range entries {
		out.Items[i] = oapi.AuditEntry{Seq: e.Seq, At: e.At.UTC(), Actor: e.Actor, Operator: e.Operator, Via: e.Via,
			Action: e.Action, Subject: e.Subject, Summary: e.Summary}
		if e.ActorID != "" {
			out.Items[i].ActorId = ptr(e.ActorID)
		}
	}
	if more {
		out.Next = cursorFor(strconv.FormatInt(entries[len(entries)-1].Seq, 10))
	}
	return out, nil
}
