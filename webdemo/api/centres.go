package api

import (
	"context"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// A centre is addressed by its number, in every year (docs/api.md,
// "Centres"): the number is what a host's MIS knows of its centre, and
// what a host key's scope names, so the key's reach is checked before the
// Service is asked anything.

// reachable reads a centre number from a path or body and checks that the
// key reaches it: a number of the wrong shape is invalid (field
// centre_number), one the key does not reach is not found, as one nobody
// registered is.
func reachable(ctx context.Context, number string) (standards.CentreNumber, error) {
	n, err := standards.ParseCentreNumber(number)
	if err != nil {
		return "", err
	}
	if !callerOf(ctx).key.Reaches(n) {
		return "", standards.ErrNotFound
	}
	return n, nil
}

// centreAt is the centre the number names, which the key must reach, as
// anyone may find it (Service.FindCentre), with whether it is registered
// for year.
func (s *server) centreAt(ctx context.Context, number string, year standards.AcademicYear) (standards.CentreListing, error) {
	n, err := reachable(ctx, number)
	if err != nil {
		return standards.CentreListing{}, err
	}
	return s.svc.FindCentre(ctx, callerOf(ctx).actor, n, year)
}

// centreOf is centreAt for an operation on the centre in no one year (its
// name, its audit trail, a registration named by id): the year asked about
// only decides CentreListing.Registered, which these do not read.
func (s *server) centreOf(ctx context.Context, number string) (standards.CentreListing, error) {
	return s.centreAt(ctx, number, standards.YearOf(time.Now()))
}

// FindCentre finds a centre by its number (Service.FindCentre).
func (s *server) FindCentre(ctx context.Context, req oapi.FindCentreRequestObject) (oapi.FindCentreResponseObject, error) {
	year := standards.AcademicYear(req.Year)
	c, err := s.centreAt(ctx, req.CentreNumber, year)
	if err != nil {
		return nil, err
	}
	return oapi.FindCentre200JSONResponse{Id: c.ID, Number: string(c.Number), Name: c.Name, Year: int(year),
		YearLabel: year.String(), Registered: c.Registered}, nil
}

// RegisterCentre registers a centre for a year (Service.RegisterCentre):
// the key must reach the centre number sent.
func (s *server) RegisterCentre(ctx context.Context, req oapi.RegisterCentreRequestObject) (oapi.RegisterCentreResponseObject, error) {
	var in standards.CentreRegistration
	if b := req.Body; b != nil {
		in = standards.CentreRegistration{Year: standards.AcademicYear(b.Year), CentreNumber: standards.CentreNumber(b.CentreNumber),
			CentreName: b.CentreName, FullName: b.FullName, Roles: roles(b.Roles)}
		// A number of the wrong shape is left to the Service, which
		// names it with every other bad field and registers nothing.
		if _, err := standards.ParseCentreNumber(b.CentreNumber); err == nil {
			if in.CentreNumber, err = reachable(ctx, b.CentreNumber); err != nil {
				return nil, err
			}
		}
	}
	reg, err := s.svc.RegisterCentre(ctx, callerOf(ctx).actor, in)
	if err != nil {
		return nil, err
	}
	m, err := s.memberAfter(ctx, reg)
	if err != nil {
		return nil, err
	}
	return oapi.RegisterCentre201JSONResponse{Body: m}, nil
}

// RenameCentre renames a centre (Service.RenameCentre).
func (s *server) RenameCentre(ctx context.Context, req oapi.RenameCentreRequestObject) (oapi.RenameCentreResponseObject, error) {
	c, err := s.centreOf(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	var name string
	if req.Body != nil {
		name = req.Body.Name
	}
	renamed, err := s.svc.RenameCentre(ctx, callerOf(ctx).actor, c.ID, name)
	if err != nil {
		return nil, err
	}
	return oapi.RenameCentre200JSONResponse{Body: centre(renamed)}, nil
}

// RequestToJoin asks to join a centre registered for the year
// (Service.RequestToJoin): the key must reach the centre.
func (s *server) RequestToJoin(ctx context.Context, req oapi.RequestToJoinRequestObject) (oapi.RequestToJoinResponseObject, error) {
	n, err := reachable(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	in := standards.JoinRequest{Year: standards.AcademicYear(req.Year), CentreNumber: n}
	if b := req.Body; b != nil {
		in.FullName, in.Roles = b.FullName, roles(b.Roles)
	}
	reg, err := s.svc.RequestToJoin(ctx, callerOf(ctx).actor, in)
	if err != nil {
		return nil, err
	}
	m, err := s.memberAfter(ctx, reg)
	if err != nil {
		return nil, err
	}
	return oapi.RequestToJoin201JSONResponse{Body: m}, nil
}

// GetCentreDashboard is a centre's dashboard for a year
// (Service.CentreDashboard).
func (s *server) GetCentreDashboard(ctx context.Context, req oapi.GetCentreDashboardRequestObject) (oapi.GetCentreDashboardResponseObject, error) {
	year := standards.AcademicYear(req.Year)
	c, err := s.centreAt(ctx, req.CentreNumber, year)
	if err != nil {
		return nil, err
	}
	d, err := s.svc.CentreDashboard(ctx, callerOf(ctx).actor, c.ID, year)
	if err != nil {
		return nil, err
	}
	out := oapi.CentreDashboard{Centre: centre(d.Centre), Year: int(d.Year), YearLabel: d.Year.String(), ExamsOfficers: []oapi.DashboardEntry{}}
	for _, e := range d.ExamsOfficers {
		entry := oapi.DashboardEntry{ExamsOfficer: rosterMember(e.ExamsOfficer), Overseers: []oapi.RosterMember{}, RecordId: e.RecordID,
			Certified: e.Certified, Areas: []oapi.AreaProgress{}, Flags: []oapi.Flag{}, CpdHours: e.CPDHours}
		for _, o := range e.Overseers {
			entry.Overseers = append(entry.Overseers, rosterMember(o))
		}
		for _, a := range e.Areas {
			entry.Areas = append(entry.Areas, oapi.AreaProgress{Area: oapi.Area(a.Area), Achieved: a.Achieved, Total: a.Total, Complete: a.Complete})
		}
		for _, f := range e.Flags {
			entry.Flags = append(entry.Flags, oapi.Flag{Code: string(f.Code), Message: f.Message, Params: params(f.Params),
				Severity: oapi.FlagSeverity(f.Severity)})
		}
		if !e.LastMeeting.IsZero() {
			entry.LastMeeting = &openapi_types.Date{Time: e.LastMeeting.UTC().Truncate(24 * time.Hour)}
		}
		if e.NextDue.ID != "" {
			entry.NextDue = ptr(target(e.NextDue))
		}
		out.ExamsOfficers = append(out.ExamsOfficers, entry)
	}
	return oapi.GetCentreDashboard200JSONResponse(out), nil
}

// GetToDo is what waits for the person (Service.WhatNeedsDoing), at the
// centres the key reaches: a trust lead's items, which span the trust's
// centres, only with a key for all centres.
func (s *server) GetToDo(ctx context.Context, _ oapi.GetToDoRequestObject) (oapi.GetToDoResponseObject, error) {
	c := callerOf(ctx)
	todo, err := s.svc.WhatNeedsDoing(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	out := oapi.ToDo{Items: []oapi.ToDoItem{}}
	for _, it := range todo.Items {
		if it.Centre.ID == "" && !c.key.AllCentres || it.Centre.ID != "" && !c.key.Reaches(it.Centre.Number) {
			continue
		}
		item := oapi.ToDoItem{Role: oapi.ToDoItemRole(it.Role), Code: string(it.Code), Count: it.Count, Message: it.Message}
		if it.Centre.ID != "" {
			item.Centre, item.Year, item.YearLabel = ptr(centre(it.Centre)), ptr(int(it.Year)), ptr(it.Year.String())
		}
		if it.RecordID != "" {
			item.RecordId = ptr(it.RecordID)
		}
		if it.ExamsOfficer != "" {
			item.ExamsOfficer = ptr(it.ExamsOfficer)
		}
		if it.Trust.ID != "" {
			item.TrustId, item.TrustName = ptr(it.Trust.ID), ptr(it.Trust.Name)
		}
		out.Items = append(out.Items, item)
		out.Count += it.Count
	}
	return oapi.GetToDo200JSONResponse(out), nil
}

// roles converts the roles of a body, as the library checks them.
func roles[T ~string](in []T) standards.Roles {
	out := make(standards.Roles, len(in))
	for i, r := range in {
		out[i] = standards.Role(r)
	}
	return out
}
