package standards

import (
	"context"
	"errors"
	"strconv"
)

// CentreListing is what anyone may learn of a centre by its number: enough
// to ask to join it.
type CentreListing struct {
	ID     string
	Number CentreNumber
	Name   string
	// Registered says the centre is registered for the year asked about, so
	// people can ask to join it.
	Registered bool
}

// FindCentre looks a centre up by number, for someone about to ask to join
// it or register it. An unknown number is ErrNotFound.
func (s *Service) FindCentre(ctx context.Context, actor Actor, number CentreNumber, year AcademicYear) (_ CentreListing, err error) {
	defer s.observe(&ctx, "FindCentre").done(&err)
	var v validation
	n, err := ParseCentreNumber(string(number))
	v.add("centre_number", err)
	v.add("year", year.Validate())
	if err := v.err(); err != nil {
		return CentreListing{}, err
	}
	var out CentreListing
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actFindCentre, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		centre, err := c.tx.CentreByNumber(c.ctx, n)
		if err != nil {
			return err
		}
		out = CentreListing{ID: centre.ID, Number: centre.Number, Name: centre.Name}
		_, err = c.tx.CentreYear(c.ctx, centre.ID, year)
		switch {
		case err == nil:
			out.Registered = true
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return nil
	})
	return out, err
}

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
		centre, err := c.tx.Centre(c.ctx, centreID)
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
			return st.own.IsAdmin() || st.operator || r.Status == StatusApproved || r.Status == StatusLeft
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
	people, err := c.tx.People(c.ctx, ids)
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

// Registration returns one registration with its person and oversight. The
// registrant always sees their own (R-REG-3); others need to see the centre.
func (s *Service) Registration(ctx context.Context, actor Actor, registrationID string) (_ Member, err error) {
	defer s.observe(&ctx, "Registration").done(&err)
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
		regs, err := c.tx.RegistrationsByPerson(c.ctx, c.person.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			centre, err := c.tx.Centre(c.ctx, r.CentreID)
			if err != nil {
				return err
			}
			own := OwnRegistration{Registration: r, Centre: centre}
			switch rec, err := c.tx.RecordByRegistration(c.ctx, r.ID); {
			case err == nil:
				own.RecordID = rec.ID
			case !errors.Is(err, ErrNotFound):
				return err
			}
			out = append(out, own)
		}
		return nil
	})
	return out, err
}

// MaxPage is the most items one call of a paged list returns: a limit of
// 0 (or less) asks for that many, and a limit above it is refused.
const MaxPage = 200

// pageSize is the number of items a paged list of limit returns, or a
// field error on "limit" above MaxPage: a caller asking for more than it
// can get is told so, rather than given fewer and left to think the list
// ended.
func pageSize(limit int) (int, error) {
	switch {
	case limit <= 0:
		return MaxPage, nil
	case limit > MaxPage:
		return 0, invalid("limit", FieldOutOfRange, params("value", strconv.Itoa(limit), "min", "1", "max", strconv.Itoa(MaxPage)),
			"at most %d items come in one page: ask for %d or fewer, and the next page after the last", MaxPage, MaxPage)
	}
	return limit, nil
}

// AuditTrail lists a centre's audit entries, newest first, with Seq below
// before (0 for the newest), at most limit (0 for MaxPage; more is
// refused). The centre's admins and the operator may read it.
func (s *Service) AuditTrail(ctx context.Context, actor Actor, centreID string, before int64, limit int) (_ []AuditEntry, err error) {
	defer s.observe(&ctx, "AuditTrail").done(&err)
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	err = s.view(ctx, actor, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAtCentre(centre)
		if err != nil {
			return err
		}
		if err := authorize(actViewAudit, st, subject{}); err != nil {
			return err
		}
		out, err = c.tx.AuditByCentre(c.ctx, centreID, before, size)
		return err
	})
	return out, err
}

// PlatformTrail lists the audit entries that belong to no centre, newest
// first, paged as AuditTrail: people recorded and erased, trusts and their
// leads, statements published. Only the operator may read it.
func (s *Service) PlatformTrail(ctx context.Context, actor Actor, before int64, limit int) (_ []AuditEntry, err error) {
	defer s.observe(&ctx, "PlatformTrail").done(&err)
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actViewPlatformTrail, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		var err error
		out, err = c.tx.AuditByCentre(c.ctx, "", before, size)
		return err
	})
	return out, err
}

// TrustView is a trust with its leads, centres and open requests.
type TrustView struct {
	Trust    Trust
	Leads    []Person
	Centres  []Centre
	Requests []TrustRequest
}

// Trust shows a trust to its leads and the operator.
func (s *Service) Trust(ctx context.Context, actor Actor, trustID string) (_ TrustView, err error) {
	defer s.observe(&ctx, "Trust").done(&err)
	var out TrustView
	err = s.view(ctx, actor, func(c *call) error {
		t, _, err := c.trustInScope(actViewTrust, trustID)
		if err != nil {
			return err
		}
		out.Trust = t
		leads, err := c.tx.TrustLeads(c.ctx, t.ID)
		if err != nil {
			return err
		}
		ids := make([]string, len(leads))
		for i, l := range leads {
			ids[i] = l.PersonID
		}
		if out.Leads, err = c.tx.People(c.ctx, ids); err != nil {
			return err
		}
		if out.Centres, err = c.tx.CentresByTrust(c.ctx, t.ID); err != nil {
			return err
		}
		out.Requests, err = c.tx.TrustRequestsByTrust(c.ctx, t.ID)
		return err
	})
	return out, err
}

// TrustsLed lists the trusts the actor leads.
func (s *Service) TrustsLed(ctx context.Context, actor Actor) (_ []Trust, err error) {
	defer s.observe(&ctx, "TrustsLed").done(&err)
	var out []Trust
	err = s.view(ctx, actor, func(c *call) error {
		out = nil // a run again after ErrTransient starts afresh
		if err := authorize(actViewOwn, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return nil
		}
		leads, err := c.tx.TrustsLedBy(c.ctx, c.person.ID)
		if err != nil {
			return err
		}
		for _, l := range leads {
			t, err := c.tx.Trust(c.ctx, l.TrustID)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// TrustRequests lists the open requests for a centre to join a trust, for
// the centre's members who may answer them: its admins (and the operator).
func (s *Service) TrustRequests(ctx context.Context, actor Actor, centreID string) (_ []TrustRequest, err error) {
	defer s.observe(&ctx, "TrustRequests").done(&err)
	var out []TrustRequest
	err = s.view(ctx, actor, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAtCentre(centre)
		if err != nil {
			return err
		}
		if err := authorize(actViewTrustRequests, st, subject{}); err != nil {
			return err
		}
		out, err = c.tx.TrustRequestsByCentre(c.ctx, centreID)
		return err
	})
	return out, err
}
