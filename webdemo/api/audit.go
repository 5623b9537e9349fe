package api

import (
	"context"
	"strconv"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetAuditTrail is a page of a centre's audit trail, newest first
// (Service.AuditTrail). The Service pages the trail itself, by the
// sequence number of the entry before which a page starts; the cursor
// names the last entry of the page before, as every cursor of the API
// does.
func (s *server) GetAuditTrail(ctx context.Context, req oapi.GetAuditTrailRequestObject) (oapi.GetAuditTrailResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	var before int64
	if p.after != "" {
		before, err = strconv.ParseInt(p.after, 10, 64)
		if err != nil || before < 1 {
			return nil, &standards.ValidationError{Fields: []standards.FieldError{{Field: "cursor", Code: standards.FieldInvalidFormat,
				Message: `send the "next" of the page before, unchanged`}}}
		}
	}
	c, err := s.centreOf(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	actor := callerOf(ctx).actor
	// One entry more than the page holds says whether a page follows;
	// at the Service's largest page, a second read of one entry does.
	entries, err := s.svc.AuditTrail(ctx, actor, c.ID, before, min(p.limit+1, standards.MaxPage))
	if err != nil {
		return nil, err
	}
	more := len(entries) > p.limit
	if more {
		entries = entries[:p.limit]
	} else if len(entries) == standards.MaxPage {
		after, err := s.svc.AuditTrail(ctx, actor, c.ID, entries[len(entries)-1].Seq, 1)
		if err != nil {
			return nil, err
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
	return oapi.GetAuditTrail200JSONResponse(out), nil
}
