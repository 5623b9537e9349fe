package api

import (
	"context"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// GetMe is the person the call acts for, with their registrations at the
// centres the key reaches (Service.Me, Service.MyRegistrations). With a
// key for named centres, a person registered at none of them, and leading
// no trust it reaches, is not found: the key does not reach them.
func (s *server) GetMe(ctx context.Context, _ oapi.GetMeRequestObject) (oapi.GetMeResponseObject, error) {
	c := callerOf(ctx)
	person, err := s.svc.Me(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	own, err := s.svc.MyRegistrations(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	regs := []oapi.Registration{}
	for _, o := range own {
		if c.key.Reaches(o.Centre.Number) {
			regs = append(regs, registration(o))
		}
	}
	if !c.key.AllCentres && len(regs) == 0 {
		// A lead of a trust the key reaches is in its reach, registered
		// at none of its centres or not (people.go).
		if err := s.personInReach(ctx); err != nil {
			return nil, err
		}
	}
	me := oapi.Me{Person: oapi.Person{Id: person.ID, Email: person.Email, Name: person.Name}, Registrations: regs}
	if person.ExternalID != "" {
		me.Person.ExternalId = ptr(person.ExternalID)
	}
	return oapi.GetMe200JSONResponse(me), nil
}

func registration(o standards.OwnRegistration) oapi.Registration {
	r := o.Registration
	return oapi.Registration{Id: r.ID, Year: int(r.Year), YearLabel: r.Year.String(), Roles: apiRoles(r.Roles),
		Status: oapi.RegistrationStatus(r.Status), Admin: r.Admin, Centre: centre(o.Centre), RecordId: o.RecordID}
}

func centre(c standards.Centre) oapi.Centre {
	return oapi.Centre{Id: c.ID, Number: string(c.Number), Name: c.Name}
}
