package standards

import (
	"context"
	"fmt"
)

// Overseeing names the two registrations of an oversight, by field so that
// a call cannot swap them: both are registration ids of one centre and
// year.
type Overseeing struct {
	// ExamsOfficer is the exams officer's registration.
	ExamsOfficer string
	// Overseer is the senior leader's or line manager's registration.
	Overseer string
}

// AssignOverseer makes an approved senior leader or line manager an overseer
// of an approved exams officer of the same centre and year (R-REG-6). An
// admin may assign anyone; a senior leader or line manager may take on an
// exams officer themselves. An exams officer may have several overseers but
// cannot oversee themselves.
func (s *Service) AssignOverseer(ctx context.Context, actor Actor, pair Overseeing) (_ Oversight, err error) {
	defer s.observe(&ctx, "AssignOverseer").done(&err)
	eoRegistrationID, overseerRegistrationID := pair.ExamsOfficer, pair.Overseer
	var o Oversight
	err = s.update(ctx, actor, actAssignOverseer, func(c *call) error {
		eo, centre, overseer, err := c.oversightPair(actAssignOverseer, eoRegistrationID, overseerRegistrationID)
		if err != nil {
			return err
		}
		var v validation
		v.check(eo.Approved() && eo.Roles.Has(RoleEO), "exams_officer", FieldNotApproved, params("value", eoRegistrationID), "choose an approved exams officer")
		v.check(overseer.Approved() && overseer.Roles.Overseer(), "overseer", FieldNotApproved, params("value", overseerRegistrationID), "choose an approved senior leader or line manager")
		v.check(eo.ID != overseer.ID, "overseer", FieldSamePerson, nil, "an exams officer cannot oversee themselves")
		if err := v.err(); err != nil {
			return err
		}
		o = Oversight{
			CentreID: centre.ID, Year: eo.Year, EORegistrationID: eo.ID, OverseerRegistrationID: overseer.ID,
			AssignedBy: c.person.ID, AssignedAt: c.now,
		}
		if err := c.tx.CreateOversight(c.ctx, o); err != nil {
			return err
		}
		// Each is named as the centre knows them: an invitation not taken
		// up by the name its registrant typed (R-REG-13).
		eoPerson, err := c.tx.Person(c.ctx, eo.PersonID)
		if err != nil {
			return err
		}
		overseerPerson, err := c.tx.Person(c.ctx, overseer.PersonID)
		if err != nil {
			return err
		}
		eoPerson, overseerPerson = asInvited(eo, eoPerson), asInvited(overseer, overseerPerson)
		summary := fmt.Sprintf("%s oversees %s at %s for %s", overseerPerson.Name, eoPerson.Name, centre.Number, eo.Year)
		if err := c.audit("overseer.assign", "registration/"+eo.ID, centre.ID, summary); err != nil {
			return err
		}
		return c.event(EventOverseerAssigned, []string{eoPerson.Email, overseerPerson.Email}, centre.ID, "registration/"+eo.ID, summary)
	})
	return o, err
}

// RemoveOverseer ends an oversight. An admin may, and so may the overseer,
// stepping back.
func (s *Service) RemoveOverseer(ctx context.Context, actor Actor, pair Overseeing) (err error) {
	defer s.observe(&ctx, "RemoveOverseer").done(&err)
	eoRegistrationID, overseerRegistrationID := pair.ExamsOfficer, pair.Overseer
	return s.update(ctx, actor, actRemoveOverseer, func(c *call) error {
		eo, centre, overseer, err := c.oversightPair(actRemoveOverseer, eoRegistrationID, overseerRegistrationID)
		if err != nil {
			return err
		}
		if err := c.tx.DeleteOversight(c.ctx, eo.ID, overseer.ID); err != nil {
			return err
		}
		return c.audit("overseer.remove", "registration/"+eo.ID, centre.ID, "removed overseer registration/"+overseer.ID)
	})
}

// oversightPair loads the two registrations of an oversight, checks they are
// at one centre in one year, and authorises act.
func (c *call) oversightPair(act action, eoID, overseerID string) (eo Registration, centre Centre, overseer Registration, err error) {
	eo, err = c.tx.Registration(c.ctx, eoID)
	if err != nil {
		return
	}
	if centre, err = c.tx.Centre(c.ctx, eo.CentreID); err != nil {
		return
	}
	st, err := c.standingAt(centre, eo.Year)
	if err != nil {
		return
	}
	if !atCentre(st) {
		err = ErrNotFound
		return
	}
	overseer, err = c.tx.Registration(c.ctx, overseerID)
	if err != nil {
		return
	}
	if overseer.CentreID != eo.CentreID || overseer.Year != eo.Year {
		// Another centre's registration is none of the actor's business.
		err = ErrNotFound
		return
	}
	self := c.person.ID != "" && overseer.PersonID == c.person.ID
	if err = authorize(act, st, subject{self: self}); err == nil {
		c.takeUp(st.own)
	}
	return
}
