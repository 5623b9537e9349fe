package standards

import (
	"context"
)

// Member is a registration with its person and oversight, as a page shows it.
type Member struct {
	Registration Registration
	Person       Person
	// Overseers are the registration ids of an exams officer's overseers.
	Overseers []string
	// Oversees are the registration ids of the exams officers a senior leader
	// or line manager oversees.
	Oversees []string
	// RecordID is an exams officer's standards record for the year, or "".
	RecordID string
}

// NoOverseer reports the attention flag "no overseer": an approved exams
// officer with no approved overseer (R-REG-6). Overseers who have left do
// not count.
func (m Member) NoOverseer(r Roster) bool {
	if !m.Registration.Approved() || !m.Registration.Roles.Has(RoleEO) {
		return false
	}
	for _, id := range m.Overseers {
		if o, ok := r.Member(id); ok && o.Registration.Approved() {
			return false
		}
	}
	return true
}

// Roster is a centre's members for a year.
type Roster struct {
	Centre  Centre
	Year    AcademicYear
	Members []Member
	// Decides says the viewer decides the year's pending registrations: an
	// administrator of the year, or, while the centre has not registered
	// for it, of its latest registered year (R-REG-12), whose registration
	// is then DecidesAs.
	Decides   bool
	DecidesAs Registration
}

// Member finds a member by registration id.
func (r Roster) Member(registrationID string) (Member, bool) {
	for _, m := range r.Members {
		if m.Registration.ID == registrationID {
			return m, true
		}
	}
	return Member{}, false
}

// Roster lists a centre's members for a year with their oversight. Admins
// and the operator see every registration; other approved members and trust
// leads see approved members and those who left; pending and rejected people
// see none but their own, through Registration (R-REG-3).
func (s *Service) Roster(ctx context.Context, actor Actor, centreID string, year AcademicYear) (_ Roster, err error) {
	defer s.observe(&ctx, "Roster").done(&err)
	if err := year.Validate(); err != nil {
		return Roster{}, err
	}
	var out Roster
	err = s.view(ctx, actor, func(c *call) error {
		centre, err := c.centreIn(centreID, year)
		if err != nil {
			return err
		}
		st, err := c.standingForYear(centre, year)
		if err != nil {
			return err
		}
		if err := authorize(actViewMembers, st, subject{}); err != nil {
			return err
		}
		out, err = c.roster(centre, year, func(r Registration) bool {
			return st.own.IsAdmin() || st.operator || r.Status == RegistrationApproved || r.Status == RegistrationLeft
		})
		out.Decides = st.own.IsAdmin()
		if out.Decides && st.own.Year != year {
			out.DecidesAs = st.own
		}
		return err
	})
	return out, err
}

func (c *call) roster(centre Centre, year AcademicYear, keep func(Registration) bool) (Roster, error) {
	out := Roster{Centre: centre, Year: year}
	regs, err := c.registrationsAt(centre.ID, year)
	if err != nil {
		return out, err
	}
	oversights, err := c.oversightsAt(centre.ID, year)
	if err != nil {
		return out, err
	}
	var ids []string
	for _, r := range regs {
		if keep(r) {
			ids = append(ids, r.PersonID)
		}
	}
	people, err := c.peopleAt(centre.ID, year, ids)
	if err != nil {
		return out, err
	}
	records, err := c.recordsAt(centre.ID, year)
	if err != nil {
		return out, err
	}
	recordOf := make(map[string]string, len(records))
	for _, rec := range records {
		recordOf[rec.RegistrationID] = rec.ID
	}
	byID := make(map[string]Person, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	for _, r := range regs {
		if !keep(r) {
			continue
		}
		m := Member{Registration: r, Person: asInvited(r, byID[r.PersonID]), RecordID: recordOf[r.ID]}
		for _, o := range oversights {
			if o.EORegistrationID == r.ID {
				m.Overseers = append(m.Overseers, o.OverseerRegistrationID)
			}
			if o.OverseerRegistrationID == r.ID {
				m.Oversees = append(m.Oversees, o.EORegistrationID)
			}
		}
		out.Members = append(out.Members, m)
	}
	return out, nil
}

// asInvited is what a centre sees of the person its registration r names:
// the person, once they took the registration up; until then only what its
// registrant typed, the e-mail address and the name given (R-REG-13), even
// after the person changed their address.
func asInvited(r Registration, p Person) Person {
	if r.Accepted() || p.ID == "" {
		return p
	}
	email := r.InvitedEmail
	if email == "" { // a row from before invitations kept the address
		email = p.Email
	}
	name := r.InvitedName
	if name == "" {
		name = email
	}
	return Person{ID: p.ID, Email: email, Name: name}
}

// Member returns one registration as a Member: with its person, its
// oversight and, for an exams officer, their record. The registrant always
// sees their own (R-REG-3); others need to see the centre.
func (s *Service) Member(ctx context.Context, actor Actor, registrationID string) (_ Member, err error) {
	defer s.observe(&ctx, "Member").done(&err)
	var out Member
	err = s.view(ctx, actor, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actViewRegistration, registrationID)
		if err != nil {
			return err
		}
		roster, err := c.roster(centre, r.Year, func(o Registration) bool { return o.ID == r.ID })
		if err != nil {
			return err
		}
		out = roster.Members[0]
		return nil
	})
	return out, err
}

// OwnRegistration is one of the actor's registrations with its centre, and
// their standards record there if they are its exams officer.
type OwnRegistration struct {
	Registration Registration
	Centre       Centre
	RecordID     string
}

// MyRegistrations lists the actor's registrations at every centre in every
// year, newest year first: their history follows them (R-PER-2, R-REG-7).
// Someone the library does not know yet has none.
func (s *Service) MyRegistrations(ctx context.Context, actor Actor) (_ []OwnRegistration, err error) {
	defer s.observe(&ctx, "MyRegistrations").done(&err)
	var out []OwnRegistration
	err = s.view(ctx, actor, func(c *call) error {
		out = nil // a run again after ErrTransient starts afresh
		if err := authorize(actViewOwn, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return nil
		}
		sheet, err := c.tx.PersonSheet(c.ctx, c.person.ID, PersonKey{})
		if err != nil {
			return err
		}
		centres := make(map[string]Centre, len(sheet.Centres))
		for _, ct := range sheet.Centres {
			centres[ct.ID] = ct
		}
		recordOf := make(map[string]string, len(sheet.Records))
		for _, rec := range sheet.Records {
			recordOf[rec.RegistrationID] = rec.ID
		}
		for _, r := range sheet.Registrations {
			out = append(out, OwnRegistration{Registration: r, Centre: centres[r.CentreID], RecordID: recordOf[r.ID]})
		}
		return nil
	})
	return out, err
}
