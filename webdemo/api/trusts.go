package api

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// Trusts span centres, and a host key reaches centres (docs/api.md,
// "Trusts"). A key for all centres reaches every trust, as far as the
// person may see it. A key for named centres sees a trust only through
// them: its view and dashboard hold only the centres it reaches (and the
// open requests of those centres), a trust with none of them is not
// found, and every command on a trust concerns one centre, which the key
// must reach. Nothing of the trust's other centres is ever shown, not even
// how many there are.

// trustInReach reads the trust as the person sees it (Service.Trust) and
// keeps only what the key reaches: with a key for named centres, its
// centres and open requests at those centres; a trust left with neither is
// not found.
func (s *server) trustInReach(ctx context.Context, trustID string) (standards.TrustView, error) {
	c := callerOf(ctx)
	v, err := s.svc.Trust(ctx, c.actor, trustID)
	if err != nil || c.key.AllCentres {
		return v, err
	}
	v.Centres = slices.DeleteFunc(slices.Clone(v.Centres), func(x standards.Centre) bool { return !c.key.Reaches(x.Number) })
	v.RequestCentres = slices.DeleteFunc(slices.Clone(v.RequestCentres), func(x standards.Centre) bool { return !c.key.Reaches(x.Number) })
	v.Requests = slices.DeleteFunc(slices.Clone(v.Requests), func(r standards.TrustRequest) bool {
		return !slices.ContainsFunc(v.RequestCentres, func(x standards.Centre) bool { return x.ID == r.CentreID })
	})
	if len(v.Centres) == 0 && len(v.Requests) == 0 {
		return standards.TrustView{}, standards.ErrNotFound
	}
	return v, nil
}

// centreInReach is the centre the number names, which the key must
// reach: a centre is addressed by its number in the trusts'
// operations as in every other (docs/api.md, "Centres"), and the key's
// reach is checked on the number before the Service is asked anything. A
// number nobody registered is not found, as one the key does not reach.
func (s *server) centreInReach(ctx context.Context, number string) (standards.Centre, error) {
	c, err := s.centreOf(ctx, number)
	if err != nil {
		return standards.Centre{}, err
	}
	return standards.Centre{ID: c.ID, Number: c.Number, Name: c.Name}, nil
}

// ListTrustsLed is the trusts the person leads that the key reaches, by
// name then id (Service.TrustsLed).
func (s *server) ListTrustsLed(ctx context.Context, req oapi.ListTrustsLedRequestObject) (oapi.ListTrustsLedResponseObject, error) {
	page, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	led, err := s.svc.TrustsLed(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	if !c.key.AllCentres {
		reached := led[:0:0]
		for _, t := range led {
			switch _, err := s.trustInReach(ctx, t.ID); {
			case err == nil:
				reached = append(reached, t)
			case !errors.Is(err, standards.ErrNotFound):
				return nil, err
			}
		}
		led = reached
	}
	items, next := pageOf(led, func(t standards.Trust) string { return t.Name + "\x00" + t.ID }, page)
	out := oapi.TrustPage{Items: []oapi.TrustSummary{}, Next: next}
	for _, t := range items {
		out.Items = append(out.Items, trustSummary(t))
	}
	return oapi.ListTrustsLed200JSONResponse(out), nil
}

// GetTrust is a trust with its leads, centres and open requests, to its
// leads (Service.Trust), as far as the key reaches.
func (s *server) GetTrust(ctx context.Context, req oapi.GetTrustRequestObject) (oapi.GetTrustResponseObject, error) {
	v, err := s.trustInReach(ctx, req.TrustId)
	if err != nil {
		return nil, err
	}
	out := oapi.TrustDetail{Trust: trustSummary(v.Trust), Leads: []oapi.Person{}, Centres: []oapi.Centre{}, Requests: []oapi.TrustRequest{}}
	for _, p := range v.Leads {
		out.Leads = append(out.Leads, person(p))
	}
	for _, x := range v.Centres {
		out.Centres = append(out.Centres, centre(x))
	}
	for _, r := range v.Requests {
		var at standards.Centre
		if i := slices.IndexFunc(v.RequestCentres, func(x standards.Centre) bool { return x.ID == r.CentreID }); i >= 0 {
			at = v.RequestCentres[i]
		}
		out.Requests = append(out.Requests, trustRequest(r, at))
	}
	return oapi.GetTrust200JSONResponse(out), nil
}

// GetTrustDashboard is a trust's centres for a year in counts
// (Service.TrustDashboard), the centres the key reaches only.
func (s *server) GetTrustDashboard(ctx context.Context, req oapi.GetTrustDashboardRequestObject) (oapi.GetTrustDashboardResponseObject, error) {
	c := callerOf(ctx)
	if !c.key.AllCentres {
		if _, err := s.trustInReach(ctx, req.TrustId); err != nil {
			return nil, err
		}
	}
	d, err := s.svc.TrustDashboard(ctx, c.actor, req.TrustId, standards.AcademicYear(req.Params.Year))
	if err != nil {
		return nil, err
	}
	out := oapi.TrustDashboard{Trust: trustSummary(d.Trust), Year: int(d.Year), YearLabel: d.Year.String(), Centres: []oapi.TrustDashboardCentre{}}
	for _, line := range d.Centres {
		if !c.key.Reaches(line.Centre.Number) {
			continue
		}
		x := oapi.TrustDashboardCentre{Centre: centre(line.Centre), Registered: line.Registered, ExamsOfficers: line.ExamsOfficers,
			Certified: line.Certified, AtRisk: line.AtRisk, Areas: []oapi.TrustAreaCount{}, Flags: map[string]int{}}
		for _, a := range line.Areas {
			x.Areas = append(x.Areas, oapi.TrustAreaCount{Area: oapi.Area(a.Area), Complete: a.Complete})
		}
		for code, n := range line.Flags {
			if n > 0 {
				x.Flags[string(code)] = n
			}
		}
		out.Centres = append(out.Centres, x)
	}
	return oapi.GetTrustDashboard200JSONResponse(out), nil
}

// InviteCentre invites a centre, by number, into the trust
// (Service.InviteCentre). A centre the key does not reach is not found, as
// a number nobody registered.
func (s *server) InviteCentre(ctx context.Context, req oapi.InviteCentreRequestObject) (oapi.InviteCentreResponseObject, error) {
	var raw string
	if req.Body != nil {
		raw = req.Body.CentreNumber
	}
	n, err := standards.ParseCentreNumber(raw)
	if err != nil {
		return nil, renameFields(err, "centreNumber")
	}
	c := callerOf(ctx)
	if !c.key.Reaches(n) {
		return nil, standards.ErrNotFound
	}
	if err := s.trustSideInReach(ctx, req.TrustId); err != nil {
		return nil, err
	}
	r, err := s.svc.InviteCentre(ctx, c.actor, req.TrustId, n)
	if err != nil {
		return nil, err
	}
	at, err := s.centreInReach(ctx, string(n))
	if err != nil {
		return nil, err
	}
	return oapi.InviteCentre201JSONResponse{Body: trustRequest(r, at)}, nil
}

// onTrustRequest checks, before a lead answers a request, that it is the
// trust's and for a centre the key reaches.
func (s *server) onTrustRequest(ctx context.Context, trustID, requestID string) error {
	if err := s.trustSideInReach(ctx, trustID); err != nil {
		return err
	}
	v, err := s.trustInReach(ctx, trustID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(v.Requests, func(r standards.TrustRequest) bool { return r.ID == requestID }) {
		return standards.ErrNotFound
	}
	return nil
}

// trustSideInReach checks, before a command on the trust's side
// (inviting a centre, answering a centre's request), that a key for named
// centres reaches one of the trust's own centres. Reaching the trust
// through an open request, as its view does, is not enough here: the key's
// own calls can open one (an admin of its centre asking to join), and the
// key would then act as the lead of a trust of other centres, whom it does
// not reach, and change that trust. Nor is the lead's registration at one
// of the key's centres, which the key's calls can make too (a request to
// join, in their name). A trust's part is done through a key that reaches
// the trust: its portal's, or one of its centres'.
func (s *server) trustSideInReach(ctx context.Context, trustID string) error {
	c := callerOf(ctx)
	if c.key.AllCentres {
		return nil
	}
	v, err := s.svc.Trust(ctx, c.actor, trustID)
	if err != nil {
		return err
	}
	return reachedOrNotFound(slices.ContainsFunc(v.Centres, func(x standards.Centre) bool { return c.key.Reaches(x.Number) }))
}

// onCentreRequest checks, before an admin answers a request, that the key
// reaches the centre and the request is the centre's.
func (s *server) onCentreRequest(ctx context.Context, number, requestID string) error {
	at, err := s.centreInReach(ctx, number)
	if err != nil {
		return err
	}
	reqs, err := s.svc.TrustRequests(ctx, callerOf(ctx).actor, at.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(reqs, func(r standards.TrustRequest) bool { return r.ID == requestID }) {
		return standards.ErrNotFound
	}
	return nil
}

// AcceptTrustRequestAsTrust accepts, as a lead, a centre's request to join
// (Service.AcceptTrustRequest).
func (s *server) AcceptTrustRequestAsTrust(ctx context.Context, req oapi.AcceptTrustRequestAsTrustRequestObject) (oapi.AcceptTrustRequestAsTrustResponseObject, error) {
	if err := s.onTrustRequest(ctx, req.TrustId, req.RequestId); err != nil {
		return nil, err
	}
	ct, err := s.svc.AcceptTrustRequest(ctx, callerOf(ctx).actor, req.RequestId)
	if err != nil {
		return nil, err
	}
	return oapi.AcceptTrustRequestAsTrust200JSONResponse{Body: membership(ct)}, nil
}

// DeclineTrustRequestAsTrust declines, as a lead, a centre's request, or
// withdraws the trust's invitation (Service.DeclineTrustRequest).
func (s *server) DeclineTrustRequestAsTrust(ctx context.Context, req oapi.DeclineTrustRequestAsTrustRequestObject) (oapi.DeclineTrustRequestAsTrustResponseObject, error) {
	if err := s.onTrustRequest(ctx, req.TrustId, req.RequestId); err != nil {
		return nil, err
	}
	if err := s.svc.DeclineTrustRequest(ctx, callerOf(ctx).actor, req.RequestId); err != nil {
		return nil, err
	}
	return oapi.DeclineTrustRequestAsTrust204Response{}, nil
}

// AcceptTrustRequestAsCentre accepts, as an admin of the centre, a trust's
// invitation (Service.AcceptTrustRequest).
func (s *server) AcceptTrustRequestAsCentre(ctx context.Context, req oapi.AcceptTrustRequestAsCentreRequestObject) (oapi.AcceptTrustRequestAsCentreResponseObject, error) {
	if err := s.onCentreRequest(ctx, req.CentreNumber, req.RequestId); err != nil {
		return nil, err
	}
	ct, err := s.svc.AcceptTrustRequest(ctx, callerOf(ctx).actor, req.RequestId)
	if err != nil {
		return nil, err
	}
	return oapi.AcceptTrustRequestAsCentre200JSONResponse{Body: membership(ct)}, nil
}

// DeclineTrustRequestAsCentre declines, as an admin of the centre, a
// trust's invitation, or withdraws the centre's request
// (Service.DeclineTrustRequest).
func (s *server) DeclineTrustRequestAsCentre(ctx context.Context, req oapi.DeclineTrustRequestAsCentreRequestObject) (oapi.DeclineTrustRequestAsCentreResponseObject, error) {
	if err := s.onCentreRequest(ctx, req.CentreNumber, req.RequestId); err != nil {
		return nil, err
	}
	if err := s.svc.DeclineTrustRequest(ctx, callerOf(ctx).actor, req.RequestId); err != nil {
		return nil, err
	}
	return oapi.DeclineTrustRequestAsCentre204Response{}, nil
}

// ListTrustRequests is a centre's open requests to join trusts, oldest
// first (Service.TrustRequests).
func (s *server) ListTrustRequests(ctx context.Context, req oapi.ListTrustRequestsRequestObject) (oapi.ListTrustRequestsResponseObject, error) {
	page, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	at, err := s.centreInReach(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	reqs, err := s.svc.TrustRequests(ctx, callerOf(ctx).actor, at.ID)
	if err != nil {
		return nil, err
	}
	items, next := pageOf(reqs, func(r standards.TrustRequest) string { return sortableTime(r.RequestedAt) + r.ID }, page)
	out := oapi.TrustRequestPage{Items: []oapi.TrustRequest{}, Next: next}
	for _, r := range items {
		out.Items = append(out.Items, trustRequest(r, at))
	}
	return oapi.ListTrustRequests200JSONResponse(out), nil
}

// AskToJoinTrust asks, as an admin of the centre, for it to join a trust
// (Service.AskToJoinTrust).
func (s *server) AskToJoinTrust(ctx context.Context, req oapi.AskToJoinTrustRequestObject) (oapi.AskToJoinTrustResponseObject, error) {
	at, err := s.centreInReach(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	var trustID string
	if req.Body != nil {
		trustID = req.Body.TrustId
	}
	if strings.TrimSpace(trustID) == "" {
		return nil, &standards.ValidationError{Fields: []standards.FieldError{{Field: "trustId", Code: standards.FieldRequired,
			Message: "name the trust to join"}}}
	}
	r, err := s.svc.AskToJoinTrust(ctx, callerOf(ctx).actor, trustID, at.ID)
	if err != nil {
		return nil, err
	}
	return oapi.AskToJoinTrust201JSONResponse{Body: trustRequest(r, at)}, nil
}

// LeaveTrust takes the centre out of its trust (Service.LeaveTrust).
func (s *server) LeaveTrust(ctx context.Context, req oapi.LeaveTrustRequestObject) (oapi.LeaveTrustResponseObject, error) {
	at, err := s.centreInReach(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	ct, err := s.svc.LeaveTrust(ctx, callerOf(ctx).actor, at.ID)
	if err != nil {
		return nil, err
	}
	return oapi.LeaveTrust200JSONResponse{Body: membership(ct)}, nil
}

// CreateTrust creates a trust, as the operator (Service.CreateTrust,
// R-TRU-1): through an operator key only.
func (s *server) CreateTrust(ctx context.Context, req oapi.CreateTrustRequestObject) (oapi.CreateTrustResponseObject, error) {
	var name string
	if req.Body != nil {
		name = req.Body.Name
	}
	t, err := s.svc.CreateTrust(ctx, callerOf(ctx).actor, name)
	if err != nil {
		return nil, err
	}
	return oapi.CreateTrust201JSONResponse{Body: trustSummary(t)}, nil
}

// AppointTrustLead appoints a person, by address, to lead a trust, as the
// operator (Service.AppointTrustLead, R-TRU-1): through an operator key
// only.
func (s *server) AppointTrustLead(ctx context.Context, req oapi.AppointTrustLeadRequestObject) (oapi.AppointTrustLeadResponseObject, error) {
	var in oapi.TrustLeadInput
	if req.Body != nil {
		in = *req.Body
	}
	l, err := s.svc.AppointTrustLead(ctx, callerOf(ctx).actor, req.TrustId, in.Email, in.FullName)
	if err != nil {
		return nil, err
	}
	out := oapi.TrustLead{TrustId: l.TrustID, PersonId: l.PersonID, AppointedAt: l.AppointedAt.UTC()}
	if l.AppointedBy != "" {
		out.AppointedBy = ptr(l.AppointedBy)
	}
	return oapi.AppointTrustLead201JSONResponse{Body: out}, nil
}

// RemoveTrustLead ends a person's appointment as a trust's lead, as the
// operator (Service.RemoveTrustLead, R-TRU-1): through an operator key
// only.
func (s *server) RemoveTrustLead(ctx context.Context, req oapi.RemoveTrustLeadRequestObject) (oapi.RemoveTrustLeadResponseObject, error) {
	if err := s.svc.RemoveTrustLead(ctx, callerOf(ctx).actor, req.TrustId, req.PersonId); err != nil {
		return nil, err
	}
	return oapi.RemoveTrustLead204Response{}, nil
}

// GetNationalFigures is the platform's figures for a year, as the
// operator sees them (Service.NationalFigures): through an operator key
// only.
func (s *server) GetNationalFigures(ctx context.Context, req oapi.GetNationalFiguresRequestObject) (oapi.GetNationalFiguresResponseObject, error) {
	f, err := s.svc.NationalFigures(ctx, callerOf(ctx).actor, standards.AcademicYear(req.Year))
	if err != nil {
		return nil, err
	}
	out := oapi.NationalFigures{Year: int(f.Year), YearLabel: f.Year.String(), CentresRegistered: f.CentresRegistered,
		ExamsOfficers: f.ExamsOfficers, Certified: f.Certified, Months: make([]oapi.MonthFigures, len(f.Months)),
		OutsideYear: monthFigures(f.OutsideYear)}
	for i, m := range f.Months {
		out.Months[i] = monthFigures(m)
	}
	return oapi.GetNationalFigures200JSONResponse(out), nil
}

func monthFigures(m standards.MonthFigures) oapi.MonthFigures {
	out := oapi.MonthFigures{CentreRegistrations: m.CentreRegistrations, ExamsOfficersApproved: m.ExamsOfficersApproved,
		CertificatesIssued: m.CertificatesIssued}
	if !m.Month.IsZero() {
		out.Month = &openapi_types.Date{Time: m.Month}
	}
	return out
}

func trustSummary(t standards.Trust) oapi.TrustSummary {
	return oapi.TrustSummary{Id: t.ID, Name: t.Name, CreatedAt: t.CreatedAt.UTC()}
}

// trustRequest is r, naming its centre at by number as well as by id.
func trustRequest(r standards.TrustRequest, at standards.Centre) oapi.TrustRequest {
	return oapi.TrustRequest{Id: r.ID, TrustId: r.TrustID, CentreId: r.CentreID, Centre: centre(at), From: oapi.TrustRequestFrom(r.From),
		RequestedBy: r.RequestedBy, RequestedAt: r.RequestedAt.UTC()}
}

func membership(c standards.Centre) oapi.TrustMembership {
	m := oapi.TrustMembership{Centre: centre(c)}
	if c.TrustID != "" {
		m.TrustId = ptr(c.TrustID)
	}
	return m
}

// sortableTime writes t so that its text sorts as the times do: a page
// key's first part.
func sortableTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000000Z ")
}

// renameFields gives the fields of a *standards.ValidationError the names
// the API's body calls them by: the library names a field as its own
// forms do ("centre_number"), the API's JSON as "centreNumber". With one
// name, every field takes it.
func renameFields(err error, name string) error {
	var v *standards.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	out := &standards.ValidationError{Fields: slices.Clone(v.Fields)}
	for i := range out.Fields {
		out.Fields[i].Field = name
	}
	return out
}

func reachedOrNotFound(reached bool) error {
	if reached {
		return nil
	}
	return standards.ErrNotFound
}
