package api

import (
	"context"
	"slices"
	"strconv"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// Webhook endpoints over the API (issue 22, item 5). Every call acts as the
// person named through the host key (Actor.HostKeyID, set by
// authenticate), and the library decides the rest: the key manages its own
// endpoints only, within the centres it reaches, and another key's
// endpoint, or the operator's, is not found, through an operator key too (standards/webhook.go,
// docs/webhooks.md "Endpoints of a host key"). An endpoint's centres are
// named by number, as every path names a centre: the library finds their
// ids and checks the numbers against the key's scope
// (WebhookEndpointSpec.CentreNumbers), and answers them by number
// (WebhookEndpoint.CentreNumbers). Nothing here checks a centre or an
// owner: the handlers convert, call the Service, and convert back.

// endpointSpec is the library's spec of a request's body.
func endpointSpec(b *oapi.WebhookEndpointInput) standards.WebhookEndpointSpec {
	if b == nil {
		return standards.WebhookEndpointSpec{}
	}
	spec := standards.WebhookEndpointSpec{URL: b.Url, Description: deref(b.Description)}
	for _, n := range deref(b.CentreNumbers) {
		spec.CentreNumbers = append(spec.CentreNumbers, standards.CentreNumber(n))
	}
	for _, k := range deref(b.Kinds) {
		spec.Kinds = append(spec.Kinds, standards.EventKind(k))
	}
	return spec
}

func webhookEndpoint(w standards.WebhookEndpoint) oapi.WebhookEndpoint {
	out := oapi.WebhookEndpoint{Id: w.ID, Url: w.URL, Description: w.Description, CentreNumbers: []string{}, Kinds: []string{},
		Disabled: w.Disabled, DisabledReason: w.DisabledReason, CreatedAt: w.CreatedAt.UTC(), Version: w.Version}
	for _, n := range w.CentreNumbers {
		out.CentreNumbers = append(out.CentreNumbers, string(n))
	}
	for _, k := range w.Kinds {
		out.Kinds = append(out.Kinds, string(k))
	}
	return out
}

func webhookDelivery(d standards.WebhookDelivery) oapi.WebhookDelivery {
	out := oapi.WebhookDelivery{Id: d.ID, EndpointId: d.EndpointID, EventId: d.EventID, EventSeq: d.EventSeq, Kind: string(d.Kind),
		State: oapi.WebhookDeliveryState(d.State), Attempts: d.Attempts, DueAt: d.DueAt.UTC(), LastStatus: d.LastStatus, LastError: d.LastError}
	if !d.LastAttemptAt.IsZero() {
		out.LastAttemptAt = ptr(d.LastAttemptAt.UTC())
	}
	if !d.FinishedAt.IsZero() {
		out.FinishedAt = ptr(d.FinishedAt.UTC())
	}
	return out
}

// endpoint is one of the key's endpoints, as WebhookEndpoints lists them:
// another key's, or one nobody has, is not found.
func (s *server) endpoint(ctx context.Context, id string) (standards.WebhookEndpoint, error) {
	ws, err := s.svc.WebhookEndpoints(ctx, callerOf(ctx).actor)
	if err != nil {
		return standards.WebhookEndpoint{}, err
	}
	i := slices.IndexFunc(ws, func(w standards.WebhookEndpoint) bool { return w.ID == id })
	if i < 0 {
		return standards.WebhookEndpoint{}, standards.ErrNotFound
	}
	return ws[i], nil
}

// RegisterWebhookEndpoint registers an endpoint for the key
// (Service.RegisterWebhookEndpoint); its secret is in this answer only.
func (s *server) RegisterWebhookEndpoint(ctx context.Context, req oapi.RegisterWebhookEndpointRequestObject) (oapi.RegisterWebhookEndpointResponseObject, error) {
	w, secret, err := s.svc.RegisterWebhookEndpoint(ctx, callerOf(ctx).actor, endpointSpec(req.Body))
	if err != nil {
		return nil, err
	}
	return oapi.RegisterWebhookEndpoint201JSONResponse{Body: oapi.RegisteredWebhookEndpoint{Endpoint: webhookEndpoint(w), Secret: secret}}, nil
}

// ListWebhookEndpoints lists the key's endpoints in id order
// (Service.WebhookEndpoints).
func (s *server) ListWebhookEndpoints(ctx context.Context, req oapi.ListWebhookEndpointsRequestObject) (oapi.ListWebhookEndpointsResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	ws, err := s.svc.WebhookEndpoints(ctx, callerOf(ctx).actor)
	if err != nil {
		return nil, err
	}
	page, next := pageOf(ws, func(w standards.WebhookEndpoint) string { return w.ID }, p)
	out := oapi.WebhookEndpointPage{Items: []oapi.WebhookEndpoint{}, Next: next}
	for _, w := range page {
		out.Items = append(out.Items, webhookEndpoint(w))
	}
	return oapi.ListWebhookEndpoints200JSONResponse(out), nil
}

// GetWebhookEndpoint is one of the key's endpoints, its version as ETag.
func (s *server) GetWebhookEndpoint(ctx context.Context, req oapi.GetWebhookEndpointRequestObject) (oapi.GetWebhookEndpointResponseObject, error) {
	w, err := s.endpoint(ctx, req.EndpointId)
	if err != nil {
		return nil, err
	}
	return oapi.GetWebhookEndpoint200JSONResponse{Body: webhookEndpoint(w), Headers: oapi.GetWebhookEndpoint200ResponseHeaders{ETag: etag(int64(w.Version))}}, nil
}

// UpdateWebhookEndpoint replaces an endpoint's URL, description, centres
// and kinds (Service.UpdateWebhookEndpoint), at the version If-Match names,
// or, without one, the version it has now: read first, in a transaction of
// its own, so a change made between the two is still refused (409 stale).
func (s *server) UpdateWebhookEndpoint(ctx context.Context, req oapi.UpdateWebhookEndpointRequestObject) (oapi.UpdateWebhookEndpointResponseObject, error) {
	actor := callerOf(ctx).actor
	version, ok, err := ifMatchVersion(req.Params.IfMatch, "GET /webhooks/{endpointId}")
	if err != nil {
		return nil, err
	}
	if !ok {
		w, err := s.endpoint(ctx, req.EndpointId)
		if err != nil {
			return nil, err
		}
		version = int64(w.Version)
	}
	w, err := s.svc.UpdateWebhookEndpoint(ctx, actor, req.EndpointId, int(version), endpointSpec(req.Body))
	if err != nil {
		return nil, err
	}
	return oapi.UpdateWebhookEndpoint200JSONResponse(webhookEndpoint(w)), nil
}

// DisableWebhookEndpoint stops deliveries to an endpoint
// (Service.DisableWebhookEndpoint).
func (s *server) DisableWebhookEndpoint(ctx context.Context, req oapi.DisableWebhookEndpointRequestObject) (oapi.DisableWebhookEndpointResponseObject, error) {
	w, err := s.svc.DisableWebhookEndpoint(ctx, callerOf(ctx).actor, req.EndpointId, true)
	if err != nil {
		return nil, err
	}
	return oapi.DisableWebhookEndpoint200JSONResponse{Body: webhookEndpoint(w)}, nil
}

// EnableWebhookEndpoint starts deliveries to an endpoint again
// (Service.DisableWebhookEndpoint, disabled false).
func (s *server) EnableWebhookEndpoint(ctx context.Context, req oapi.EnableWebhookEndpointRequestObject) (oapi.EnableWebhookEndpointResponseObject, error) {
	w, err := s.svc.DisableWebhookEndpoint(ctx, callerOf(ctx).actor, req.EndpointId, false)
	if err != nil {
		return nil, err
	}
	return oapi.EnableWebhookEndpoint200JSONResponse{Body: webhookEndpoint(w)}, nil
}

// RotateWebhookSecret gives an endpoint a new secret, in this answer only
// (Service.RotateWebhookSecret).
func (s *server) RotateWebhookSecret(ctx context.Context, req oapi.RotateWebhookSecretRequestObject) (oapi.RotateWebhookSecretResponseObject, error) {
	secret, err := s.svc.RotateWebhookSecret(ctx, callerOf(ctx).actor, req.EndpointId)
	if err != nil {
		return nil, err
	}
	return oapi.RotateWebhookSecret200JSONResponse{Body: oapi.WebhookSecret{Secret: secret}}, nil
}

// DeleteWebhookEndpoint removes an endpoint and its deliveries
// (Service.DeleteWebhookEndpoint).
func (s *server) DeleteWebhookEndpoint(ctx context.Context, req oapi.DeleteWebhookEndpointRequestObject) (oapi.DeleteWebhookEndpointResponseObject, error) {
	if err := s.svc.DeleteWebhookEndpoint(ctx, callerOf(ctx).actor, req.EndpointId); err != nil {
		return nil, err
	}
	return oapi.DeleteWebhookEndpoint204Response{}, nil
}

// ListWebhookDeliveries lists an endpoint's deliveries in id order
// (Service.WebhookDeliveries, which pages by the id after which to start:
// the cursor names the last delivery of the page before).
func (s *server) ListWebhookDeliveries(ctx context.Context, req oapi.ListWebhookDeliveriesRequestObject) (oapi.ListWebhookDeliveriesResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	var after int64
	if p.after != "" {
		after, err = strconv.ParseInt(p.after, 10, 64)
		if err != nil || after < 0 {
			return nil, &standards.ValidationError{Fields: []standards.FieldError{{Field: "cursor", Code: standards.FieldInvalidFormat,
				Message: `send the "next" of the page before, unchanged`}}}
		}
	}
	q := standards.WebhookDeliveryQuery{EndpointID: req.EndpointId, After: after, Limit: min(p.limit+1, standards.MaxPage)}
	if req.Params.State != nil {
		q.State = standards.WebhookDeliveryState(*req.Params.State)
	}
	actor := callerOf(ctx).actor
	ds, err := s.svc.WebhookDeliveries(ctx, actor, q)
	if err != nil {
		return nil, err
	}
	more := len(ds) > p.limit
	if len(ds) == p.limit && q.Limit == p.limit && p.limit > 0 { // a full page of MaxPage: is there one more?
		q.After, q.Limit = ds[len(ds)-1].ID, 1
		rest, err := s.svc.WebhookDeliveries(ctx, actor, q)
		if err != nil {
			return nil, err
		}
		more = len(rest) > 0
	}
	ds = ds[:min(len(ds), p.limit)]
	out := oapi.WebhookDeliveryPage{Items: []oapi.WebhookDelivery{}}
	for _, d := range ds {
		out.Items = append(out.Items, webhookDelivery(d))
	}
	if more {
		out.Next = cursorFor(strconv.FormatInt(ds[len(ds)-1].ID, 10))
	}
	return oapi.ListWebhookDeliveries200JSONResponse(out), nil
}

// RedeliverWebhook makes a delivery of the endpoint due again
// (Service.RedeliverWebhook). A delivery of another endpoint named under
// this one is not found, and nothing is redelivered, as the target of
// another record is not found under this one.
func (s *server) RedeliverWebhook(ctx context.Context, req oapi.RedeliverWebhookRequestObject) (oapi.RedeliverWebhookResponseObject, error) {
	actor := callerOf(ctx).actor
	// Is it the endpoint's? Read in a transaction of its own, before the
	// command: a delivery never moves to another endpoint.
	ds, err := s.svc.WebhookDeliveries(ctx, actor, standards.WebhookDeliveryQuery{EndpointID: req.EndpointId, After: req.DeliveryId - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 || ds[0].ID != req.DeliveryId {
		return nil, standards.ErrNotFound
	}
	d, err := s.svc.RedeliverWebhook(ctx, actor, req.DeliveryId)
	if err != nil {
		return nil, err
	}
	return oapi.RedeliverWebhook200JSONResponse{Body: webhookDelivery(d)}, nil
}
