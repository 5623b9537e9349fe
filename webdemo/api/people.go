package api

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// A person's own data over the API: their name, their address, a copy of
// everything held about them. Only the person themselves, but through an
// operator key: its calls act as the operator, who may find, export and
// change anyone, and erase them (ErasePerson); an operator key reaches
// every centre, so nothing below narrows it.
//
// With a key for named centres, the person must be within its reach:
// registered at one of its centres, or leading a trust it reaches. Else
// they are not found, as someone nobody knows. Their name and address,
// which every centre of theirs sees, the key changes only if it reaches
// every centre where they stand (ownedWithinReach): a host names whom it
// likes, and can put anyone within its key by a request to join in their
// name, so a key for one centre would otherwise give another centre's
// admin an address of the host's, and with it their place there.

// reachedCentres is the ids of the centres where the person is registered
// and the key reaches, and whether the person is in reach at all.
func (s *server) reachedCentres(ctx context.Context) (map[string]bool, bool, error) {
	c := callerOf(ctx)
	own, err := s.svc.MyRegistrations(ctx, c.actor)
	if err != nil && !errors.Is(err, standards.ErrNotFound) {
		return nil, false, err
	}
	ids := map[string]bool{}
	for _, o := range own {
		if c.key.Reaches(o.Centre.Number) {
			ids[o.Centre.ID] = true
		}
	}
	if c.key.AllCentres || len(ids) > 0 {
		return ids, true, nil
	}
	led, err := s.svc.TrustsLed(ctx, c.actor)
	if err != nil && !errors.Is(err, standards.ErrNotFound) {
		return nil, false, err
	}
	for _, t := range led {
		switch _, err := s.trustInReach(ctx, t.ID); {
		case err == nil:
			return ids, true, nil
		case !errors.Is(err, standards.ErrNotFound):
			return nil, false, err
		}
	}
	return nil, false, nil
}

// personInReach is ErrNotFound for a person outside a named key's reach.
func (s *server) personInReach(ctx context.Context) error {
	_, in, err := s.reachedCentres(ctx)
	if err != nil {
		return err
	}
	return reachedOrNotFound(in)
}

// ownedWithinReach is personInReach for a change of the person's own
// name or address: ErrNotFound too for someone who stands at a centre, or
// leads a trust with a centre, that a key for named centres does not
// reach (standsWithinReach).
func (s *server) ownedWithinReach(ctx context.Context) error {
	if err := s.personInReach(ctx); err != nil {
		return err
	}
	within, err := s.standsWithinReach(ctx, callerOf(ctx))
	if err != nil {
		return err
	}
	return reachedOrNotFound(within)
}

// mayGiveHostID refuses, through a key for named centres, a change that
// would give the person the host's id for them (the call names them by
// address and by an id nobody holds yet, and they hold none: the library
// attaches it at their first change, standards.Actor), when they stand
// beyond the key (standsWithinReach). One space of ids serves every host,
// so the id would be theirs at every centre: the host of one school could
// give another school's admin an id of its own, and that school's host,
// naming them by its own, would be refused as naming two people. Not
// found, as someone nobody knows; by address alone the call acts as ever.
func (s *server) mayGiveHostID(ctx context.Context) error {
	c := callerOf(ctx)
	if c.key.AllCentres || c.actor.ExternalID == "" || c.actor.Email == "" {
		return nil
	}
	p, err := s.svc.Me(ctx, c.actor)
	if err != nil || p.ExternalID != "" {
		return nil // someone nobody knows, an id held, two people named: the library answers
	}
	within, err := s.standsWithinReach(ctx, c)
	if err != nil {
		return err
	}
	return reachedOrNotFound(within)
}

// CorrectMyName records the person's name as they give it
// (Service.CorrectMyName).
func (s *server) CorrectMyName(ctx context.Context, req oapi.CorrectMyNameRequestObject) (oapi.CorrectMyNameResponseObject, error) {
	if err := s.ownedWithinReach(ctx); err != nil {
		return nil, err
	}
	var name string
	if req.Body != nil {
		name = req.Body.FullName
	}
	p, err := s.svc.CorrectMyName(ctx, callerOf(ctx).actor, name)
	if err != nil {
		return nil, renameFields(err, "fullName")
	}
	return oapi.CorrectMyName200JSONResponse{Body: person(p)}, nil
}

// FindPerson finds the person by their own address (Service.FindPerson):
// anyone else's is not found.
func (s *server) FindPerson(ctx context.Context, req oapi.FindPersonRequestObject) (oapi.FindPersonResponseObject, error) {
	if err := s.personInReach(ctx); err != nil {
		return nil, err
	}
	p, err := s.svc.FindPerson(ctx, callerOf(ctx).actor, req.Params.Email)
	if err != nil {
		return nil, err
	}
	return oapi.FindPerson200JSONResponse(person(p)), nil
}

// ChangeEmail gives the person a new address (Service.ChangeEmail).
func (s *server) ChangeEmail(ctx context.Context, req oapi.ChangeEmailRequestObject) (oapi.ChangeEmailResponseObject, error) {
	if err := s.ownedWithinReach(ctx); err != nil {
		return nil, err
	}
	var email string
	if req.Body != nil {
		email = req.Body.Email
	}
	p, err := s.svc.ChangeEmail(ctx, callerOf(ctx).actor, req.PersonId, email)
	if err != nil {
		return nil, err
	}
	return oapi.ChangeEmail200JSONResponse{Body: person(p)}, nil
}

// ExportPerson is everything held about the person (Service.ExportPerson),
// as the library writes it to JSON, at the centres the key reaches.
func (s *server) ExportPerson(ctx context.Context, req oapi.ExportPersonRequestObject) (oapi.ExportPersonResponseObject, error) {
	centres, in, err := s.reachedCentres(ctx)
	if err != nil {
		return nil, err
	}
	if !in {
		return nil, standards.ErrNotFound
	}
	c := callerOf(ctx)
	x, err := s.svc.ExportPerson(ctx, c.actor, req.PersonId)
	if err != nil {
		return nil, err
	}
	if !c.key.AllCentres {
		x.Registrations = slices.DeleteFunc(x.Registrations, func(r standards.Registration) bool { return !centres[r.CentreID] })
		x.Records = slices.DeleteFunc(x.Records, func(r standards.RecordExport) bool { return !centres[r.Record.CentreID] })
		x.Certificates = slices.DeleteFunc(x.Certificates, func(cert standards.Certificate) bool { return !c.key.Reaches(cert.CentreNumber) })
	}
	x.Registrations = nonNil(x.Registrations)
	x.Records = nonNil(x.Records)
	x.Certificates = nonNil(x.Certificates)
	raw, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	var out oapi.PersonExport
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return oapi.ExportPerson200JSONResponse(out), nil
}

// ErasePerson erases a person, as the operator (Service.ErasePerson):
// through an operator key only.
func (s *server) ErasePerson(ctx context.Context, req oapi.ErasePersonRequestObject) (oapi.ErasePersonResponseObject, error) {
	if err := s.svc.ErasePerson(ctx, callerOf(ctx).actor, req.PersonId); err != nil {
		return nil, err
	}
	return oapi.ErasePerson204Response{}, nil
}

func person(p standards.Person) oapi.Person {
	out := oapi.Person{Id: p.ID, Email: p.Email, Name: p.Name}
	if p.ExternalID != "" {
		out.ExternalId = ptr(p.ExternalID)
	}
	return out
}
