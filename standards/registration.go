package standards

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Role is what a person does at a centre in a year. A registration names one
// or more roles (R-REG-2).
type Role string

const (
	// RoleEO is the exams officer, who works towards the standards.
	RoleEO Role = "EO"
	// RoleSL is a senior leader, who may oversee exams officers.
	RoleSL Role = "SL"
	// RoleLM is a line manager, who may oversee exams officers.
	RoleLM Role = "LM"
)

var roleOrder = []Role{RoleEO, RoleSL, RoleLM}

// String gives the role's name in words.
func (r Role) String() string {
	switch r {
	case RoleEO:
		return "exams officer"
	case RoleSL:
		return "senior leader"
	case RoleLM:
		return "line manager"
	}
	return string(r)
}

// ParseRole reads a role code, "EO", "SL" or "LM", in any case.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if !slices.Contains(roleOrder, r) {
		return "", invalid("roles", FieldNotInList, params("value", strings.TrimSpace(s)), "%q is not a role: use EO, SL or LM", strings.TrimSpace(s))
	}
	return r, nil
}

// Roles is a set of roles, kept in the order EO, SL, LM without repeats.
type Roles []Role

// NewRoles checks and orders roles; at least one is required. A bad role is
// a *ValidationError on field "roles".
func NewRoles(roles ...Role) (Roles, error) {
	if len(roles) == 0 {
		return nil, invalid("roles", FieldRequired, nil, "choose at least one role: exams officer (EO), senior leader (SL) or line manager (LM)")
	}
	var out Roles
	for _, want := range roleOrder {
		if slices.Contains(roles, want) {
			out = append(out, want)
		}
	}
	for _, r := range roles {
		if !slices.Contains(roleOrder, r) {
			return nil, invalid("roles", FieldNotInList, params("value", string(r)), "%q is not a role: use EO, SL or LM", string(r))
		}
	}
	return out, nil
}

// ParseRoles reads roles written as codes separated by commas, semicolons,
// slashes or spaces: "EO", "SL;LM", "eo, sl".
func ParseRoles(s string) (Roles, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == ' ' || r == '|'
	})
	roles := make([]Role, 0, len(fields))
	for _, f := range fields {
		r, err := ParseRole(f)
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return NewRoles(roles...)
}

// Has reports whether the set holds role.
func (rs Roles) Has(role Role) bool { return slices.Contains(rs, role) }

// Overseer reports whether the set lets its holder oversee exams officers:
// senior leaders and line managers (R-REG-6).
func (rs Roles) Overseer() bool { return rs.Has(RoleSL) || rs.Has(RoleLM) }

// String writes the codes joined by commas: "EO,SL".
func (rs Roles) String() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// RegistrationStatus is where a registration stands (R-REG-2, R-REG-5).
type RegistrationStatus string

// The statuses are named after their type, as CertificateValid and
// ImportImported are.
const (
	// RegistrationPending waits for a centre administrator's decision.
	RegistrationPending RegistrationStatus = "pending"
	// RegistrationApproved may act at the centre for the year.
	RegistrationApproved RegistrationStatus = "approved"
	// RegistrationRejected was refused, with a reason.
	RegistrationRejected RegistrationStatus = "rejected"
	// RegistrationLeft has left the centre; their records stay, read-only.
	RegistrationLeft RegistrationStatus = "left"
)

// The statuses' names before 0.2.0.
const (
	// Deprecated: use RegistrationPending.
	StatusPending = RegistrationPending
	// Deprecated: use RegistrationApproved.
	StatusApproved = RegistrationApproved
	// Deprecated: use RegistrationRejected.
	StatusRejected = RegistrationRejected
	// Deprecated: use RegistrationLeft.
	StatusLeft = RegistrationLeft
)

// Registration is one person's membership of one centre for one academic
// year (R-REG-2). A person has at most one per centre per year.
type Registration struct {
	ID       string
	CentreID string
	PersonID string
	Year     AcademicYear
	Roles    Roles
	Status   RegistrationStatus
	// Admin is the centre administrator right, held by some approved members.
	Admin bool
	// RequestedAt is when the registration was made, or last made again after
	// a rejection or leaving; it decides lateness (R-YEAR-3).
	RequestedAt time.Time
	// RegisteredBy is the person who made the registration: the member
	// themselves, or a colleague who registered them (R-REG-10).
	RegisteredBy string
	// InvitedName is the name the colleague who registered them typed
	// (R-REG-10); "" on a registration the person made themselves.
	InvitedName string
	// InvitedEmail is the address the colleague who registered them typed,
	// normalised; "" on a registration the person made themselves. Until
	// the person takes the place up, the centre sees it, not the address
	// the person has now (ChangeEmail), which is theirs (R-REG-13).
	InvitedEmail string
	// AcceptedAt is when the person first acted at the centre that year: at
	// once for a registration they made themselves, zero for an invitation
	// not taken up yet. Until then the centre sees only what its registrant
	// typed (R-REG-13).
	AcceptedAt time.Time
	// DecidedAt and DecidedBy record the approval or rejection.
	DecidedAt    time.Time
	DecidedBy    string
	RejectReason string
	LeftAt       time.Time
}

// Accepted reports whether the person has taken the registration up: made
// it themselves, or acted at the centre since a colleague registered them
// (R-REG-13).
func (r Registration) Accepted() bool { return !r.AcceptedAt.IsZero() }

// Approved reports whether the registration may act (R-REG-3).
func (r Registration) Approved() bool { return r.Status == RegistrationApproved }

// IsAdmin reports whether the registration holds the admin right now: an
// approved member granted it.
func (r Registration) IsAdmin() bool { return r.Approved() && r.Admin }

// Late reports whether the registration was made after the registration
// window of September and October (R-YEAR-3). It is an attention flag,
// computed from the data, never stored.
func (r Registration) Late() bool {
	return !r.RequestedAt.Before(r.Year.RegistrationWindowEnd())
}

// Oversight says that an approved senior leader or line manager oversees an
// approved exams officer at the same centre in the same year (R-REG-6).
type Oversight struct {
	CentreID string
	Year     AcademicYear
	// EORegistrationID is the exams officer's registration.
	EORegistrationID string
	// OverseerRegistrationID is the senior leader's or line manager's.
	OverseerRegistrationID string
	AssignedBy             string
	AssignedAt             time.Time
}

// CentreRegistration is the form for registering a centre for a year.
type CentreRegistration struct {
	Year         AcademicYear
	CentreNumber CentreNumber
	CentreName   string
	// FullName is the registering person's name, recorded if they are new.
	FullName string
	// Roles are the registering person's roles at the centre.
	Roles Roles
}

// JoinRequest is the form for asking to join a registered centre.
type JoinRequest struct {
	Year         AcademicYear
	CentreNumber CentreNumber
	FullName     string
	Roles        Roles
}

// Colleague is the form for registering a colleague on their behalf.
type Colleague struct {
	CentreID string
	Year     AcademicYear
	Email    string
	FullName string
	Roles    Roles
}

// yearOpen checks that people may register for year now: the current
// academic year, or the next one so that a centre can prepare in the summer.
func yearOpen(year AcademicYear, now AcademicYear) error {
	if err := year.Validate(); err != nil {
		return err
	}
	switch {
	case year < now:
		return invalid("year", FieldYearEnded, params("year", year.String(), "current", now.String()), "%s has ended: register for %s", year, now)
	case year > now+1:
		return invalid("year", FieldYearNotOpen, params("year", year.String()), "registration for %s is not open yet", year)
	}
	return nil
}

// RegisterCentre registers a centre for an academic year.
//
// A centre never registered before is created, and the actor becomes its
// first centre administrator, approved at once (R-REG-1). A centre that
// registered in an earlier year is re-registered by an administrator of its
// latest registered year, who is administrator of the new year at once; from
// anyone else the registration is a pending request, decided by those
// administrators (R-REG-12): the returned registration's Status says which.
// The centre row is kept for later years (R-CEN-3); its name changes only at
// the hand of an administrator of the current year (see RenameCentre).
//
// A centre already registered for the year gives ErrConflict: ask to join it
// with RequestToJoin instead.
func (s *Service) RegisterCentre(ctx context.Context, actor Actor, in CentreRegistration) (_ Registration, err error) {
	defer s.observe(&ctx, "RegisterCentre").done(&err)
	var v validation
	number, err := ParseCentreNumber(string(in.CentreNumber))
	v.add("centre_number", err)
	centreName, err := cleanName(in.CentreName)
	v.add("centre_name", err)
	fullName, err := cleanName(in.FullName)
	v.add("full_name", err)
	roles, err := NewRoles(in.Roles...)
	v.add("roles", err)
	v.add("year", yearOpen(in.Year, YearOf(s.clock())))
	if err := v.err(); err != nil {
		return Registration{}, err
	}

	var reg Registration
	err = s.update(ctx, actor, actRegisterCentre, func(c *call) error {
		if err := authorize(actRegisterCentre, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if err := c.becomePerson(fullName); err != nil {
			return err
		}
		centre, err := c.tx.CentreByNumber(c.ctx, number)
		switch {
		case errors.Is(err, ErrNotFound):
			centre = Centre{ID: c.newID(), Number: number, Name: centreName, CreatedAt: c.now}
			if err := c.tx.CreateCentre(c.ctx, centre); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := c.tx.CentreYear(c.ctx, centre.ID, in.Year); err == nil {
				return conflict(ReasonCentreAlreadyRegistered, params("centre_number", string(number), "year", in.Year.String()), "centre %s is already registered for %s: ask to join it instead", number, in.Year)
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
			latest, err := c.latestYear(centre.ID)
			if err != nil {
				return err
			}
			st, err := c.standingAt(centre, latest)
			if err != nil {
				return err
			}
			if !st.own.IsAdmin() {
				reg, err = c.askToRegister(centre, latest, in.Year, roles)
				return err
			}
			if err := c.renameOnRegistering(centre, centreName); err != nil {
				return err
			}
		}
		reg = Registration{
			ID: c.newID(), CentreID: centre.ID, PersonID: c.person.ID, Year: in.Year, Roles: roles,
			Status: RegistrationApproved, Admin: true, RequestedAt: c.now, RegisteredBy: c.person.ID, AcceptedAt: c.now,
			DecidedAt: c.now, DecidedBy: c.person.ID,
		}
		if err := c.openCentreYear(centre, in.Year, c.person.ID); err != nil {
			return err
		}
		if err := c.tx.CreateRegistration(c.ctx, reg); err != nil {
			return err
		}
		if err := c.tallyRegistration(Registration{}, reg); err != nil {
			return err
		}
		if err := c.openRecord(reg); err != nil {
			return err
		}
		return c.audit("centre.register", "registration/"+reg.ID, centre.ID,
			fmt.Sprintf("registered centre %s %s for %s as administrator (%s)", number, centre.Name, in.Year, roles))
	})
	return reg, err
}

// openCentreYear registers centre for year, registered by personID: on
// its first registration (R-REG-1), its re-registration (R-REG-12), or the
// approval of a request to register it.
func (c *call) openCentreYear(centre Centre, year AcademicYear, personID string) error {
	if err := c.tx.CreateCentreYear(c.ctx, CentreYear{
		CentreID: centre.ID, Year: year, RegisteredAt: c.now, RegisteredBy: personID,
	}); err != nil {
		return err
	}
	return c.tally(year, TallyCentres, c.now, 1)
}

// latestYear is the latest academic year centre registered for (R-REG-12);
// a centre row exists only once it registered, so there is one.
func (c *call) latestYear(centreID string) (AcademicYear, error) {
	years, err := c.tx.CentreYears(c.ctx, centreID)
	if err != nil {
		return 0, err
	}
	if len(years) == 0 {
		return 0, fmt.Errorf("standards: centre %s has no registered year", centreID)
	}
	return years[0].Year, nil
}

// askToRegister makes the actor's request to register a centre that
// registered before: a pending registration for year, which the
// administrators of the centre's latest registered year decide, and are told
// of (R-REG-12). Approved, it registers the centre for the year with the
// actor as administrator (decide).
func (c *call) askToRegister(centre Centre, latest, year AcademicYear, roles Roles) (Registration, error) {
	reg, err := c.putRegistration(centre, c.person, year, roles, RegistrationPending, true, "")
	if err != nil {
		return Registration{}, err
	}
	if err := c.audit("registration.request", "registration/"+reg.ID, centre.ID,
		fmt.Sprintf("%s asked to register %s for %s as %s: the administrators of %s decide", c.person.Name, centre.Number, year, roles, latest)); err != nil {
		return Registration{}, err
	}
	admins, err := c.adminEmails(centre.ID, latest)
	if err != nil {
		return Registration{}, err
	}
	return reg, c.event(EventRegistrationRequested, admins, centre.ID, "registration/"+reg.ID,
		fmt.Sprintf("%s (%s) asks to register %s %s for %s, and to be its administrator, as %s", c.person.Name, c.person.Email, centre.Number, centre.Name, year, roles))
}

// renameOnRegistering gives a re-registered centre the name its registrant
// typed, if they may rename it (an administrator of the current year,
// R-REG-12); otherwise the centre keeps its name.
func (c *call) renameOnRegistering(centre Centre, name string) error {
	if centre.Name == name {
		return nil
	}
	st, err := c.standingAt(centre, YearOf(c.now))
	if err != nil {
		return err
	}
	if !st.own.IsAdmin() && !st.operator {
		return nil
	}
	_, err = c.renameCentre(centre, name)
	return err
}

// RenameCentre changes a centre's name (R-REG-12). Only an administrator of
// the centre for the current academic year, or the operator, may; the change
// is audited. Certificates keep the name they were issued with.
func (s *Service) RenameCentre(ctx context.Context, actor Actor, centreID, name string) (_ Centre, err error) {
	defer s.observe(&ctx, "RenameCentre").done(&err)
	clean, err := cleanName(name)
	if err != nil {
		var v validation
		v.add("centre_name", err)
		return Centre{}, v.err()
	}
	var out Centre
	err = s.update(ctx, actor, actRenameCentre, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAt(centre, YearOf(c.now))
		if err != nil {
			return err
		}
		if err := authorize(actRenameCentre, st, subject{}); err != nil {
			return err
		}
		out, err = c.renameCentre(centre, clean)
		return err
	})
	return out, err
}

func (c *call) renameCentre(centre Centre, name string) (Centre, error) {
	if centre.Name == name {
		return centre, nil
	}
	old := centre.Name
	centre.Name = name
	if err := c.tx.UpdateCentre(c.ctx, centre); err != nil {
		return Centre{}, err
	}
	return centre, c.audit("centre.rename", "centre/"+centre.ID, centre.ID,
		fmt.Sprintf("renamed centre %s from %s to %s", centre.Number, old, name))
}

// RequestToJoin asks to join a centre registered for the year. The
// registration is pending until an admin decides it (R-REG-2), and the
// centre's admins are told. Asking again while pending or approved is
// ErrConflict; after a rejection or leaving, the same registration is asked
// again.
func (s *Service) RequestToJoin(ctx context.Context, actor Actor, in JoinRequest) (_ Registration, err error) {
	defer s.observe(&ctx, "RequestToJoin").done(&err)
	var v validation
	number, err := ParseCentreNumber(string(in.CentreNumber))
	v.add("centre_number", err)
	fullName, err := cleanName(in.FullName)
	v.add("full_name", err)
	roles, err := NewRoles(in.Roles...)
	v.add("roles", err)
	v.add("year", yearOpen(in.Year, YearOf(s.clock())))
	if err := v.err(); err != nil {
		return Registration{}, err
	}

	var reg Registration
	err = s.update(ctx, actor, actRequestToJoin, func(c *call) error {
		if err := authorize(actRequestToJoin, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		centre, err := c.registeredCentre(number, in.Year)
		if err != nil {
			return err
		}
		if err := c.becomePerson(fullName); err != nil {
			return err
		}
		reg, err = c.putRegistration(centre, c.person, in.Year, roles, RegistrationPending, true, "")
		if err != nil {
			return err
		}
		if err := c.audit("registration.request", "registration/"+reg.ID, centre.ID,
			fmt.Sprintf("%s asked to join %s for %s as %s", c.person.Name, centre.Number, in.Year, roles)); err != nil {
			return err
		}
		admins, err := c.adminEmails(centre.ID, in.Year)
		if err != nil {
			return err
		}
		return c.event(EventRegistrationRequested, admins, centre.ID, "registration/"+reg.ID,
			fmt.Sprintf("%s (%s) asks to join %s %s for %s as %s", c.person.Name, c.person.Email, centre.Number, centre.Name, in.Year, roles))
	})
	return reg, err
}

// registeredCentre finds the centre with number that is registered for
// year, or says what to do instead.
func (c *call) registeredCentre(number CentreNumber, year AcademicYear) (Centre, error) {
	centre, err := c.tx.CentreByNumber(c.ctx, number)
	if errors.Is(err, ErrNotFound) {
		return Centre{}, notFound("no centre with number %s is registered: register it to become its administrator", number)
	}
	if err != nil {
		return Centre{}, err
	}
	if _, err := c.tx.CentreYear(c.ctx, centre.ID, year); errors.Is(err, ErrNotFound) {
		return Centre{}, notFound("centre %s is not registered for %s yet: register it to become its administrator", number, year)
	} else if err != nil {
		return Centre{}, err
	}
	return centre, nil
}

// roomAt checks that the centre can take one more registration of status
// for the year, registration id (the one being made or changed, which may
// already be written) aside: an approved one counts against its members, a
// pending one against its waiting list.
func (c *call) roomAt(centre Centre, year AcademicYear, status RegistrationStatus, id string) error {
	regs, err := c.registrationsAt(centre.ID, year)
	if err != nil {
		return err
	}
	n := 0
	for _, r := range regs {
		if r.Status == status && r.ID != id {
			n++
		}
	}
	if status == RegistrationPending {
		return checkRoom(n, MaxPendingPerCentreYear, ReasonTooManyPending,
			"a centre has at most %d requests to join waiting: an administrator decides on some first")
	}
	return checkRoom(n, MaxMembersPerCentreYear, ReasonTooManyMembers, "a centre has at most %d approved members a year")
}

// putRegistration makes person's registration at centre for year with the
// given status: a new one, or the old one made again after a rejection or
// leaving (one per person, centre and year, R-REG-2).
//
// Someone registering a colleague whose registration was rejected, or ended,
// may not undo that decision unless they are an admin (R-REG-2, R-REG-9):
// reopen says whether the actor may.
//
// A registration the person makes is accepted at once; one a colleague
// makes is an invitation under the name they typed, invitedName, until the
// person acts at the centre (R-REG-13).
func (c *call) putRegistration(centre Centre, person Person, year AcademicYear, roles Roles, status RegistrationStatus, reopen bool, invitedName string) (Registration, error) {
	reg := Registration{
		ID: c.newID(), CentreID: centre.ID, PersonID: person.ID, Year: year, Roles: roles,
		Status: status, RequestedAt: c.now, RegisteredBy: c.person.ID,
	}
	if person.ID == c.person.ID {
		reg.AcceptedAt = c.now
	} else {
		reg.InvitedName, reg.InvitedEmail = invitedName, person.Email
	}
	if status == RegistrationApproved {
		reg.DecidedAt, reg.DecidedBy = c.now, c.person.ID
	}
	// Someone this call recorded has no registration to find. Not reading
	// for one matters on PostgreSQL: that read takes a predicate lock on the
	// index page where the new person's key goes, the page every other new
	// person's registration is written to at the same moment, and so made
	// people asking to join different centres at once refuse each other
	// (docs/benchmarks.md).
	old, err := Registration{}, ErrNotFound
	if !slices.Contains(c.recorded, person.ID) {
		old, err = c.tx.RegistrationOf(c.ctx, centre.ID, person.ID, year)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		old = Registration{}
	case err != nil:
		return Registration{}, err
	case old.Status == RegistrationPending:
		return Registration{}, conflict(ReasonAlreadyAskedToJoin, params("email", person.Email, "centre_number", string(centre.Number), "year", year.String()), "%s already asked to join %s for %s: an admin can approve that registration", person.Email, centre.Number, year)
	case old.Status == RegistrationApproved:
		return Registration{}, conflict(ReasonAlreadyMember, params("email", person.Email, "centre_number", string(centre.Number), "year", year.String()), "%s is already registered at %s for %s", person.Email, centre.Number, year)
	case !reopen:
		return Registration{}, conflict(ReasonRegistrationClosed, params("email", person.Email, "centre_number", string(centre.Number), "year", year.String(), "status", string(old.Status)), "%s's registration at %s for %s is %s: an administrator decides whether to register them again", person.Email, centre.Number, year, old.Status)
	}
	if old.ID == "" {
		err = c.tx.CreateRegistration(c.ctx, reg)
	} else {
		reg.ID = old.ID
		if reg.AcceptedAt.IsZero() {
			// Taken up once, a registration stays taken up.
			reg.AcceptedAt = old.AcceptedAt
		}
		err = c.tx.UpdateRegistration(c.ctx, reg)
	}
	if err != nil {
		return Registration{}, err
	}
	// The cap is checked after the write, which a refusal undoes with the
	// rest of the transaction. On PostgreSQL the count's read locks the
	// index pages of the centre's list, pages the neighbouring centres'
	// requests are written to: read before this command's own write there,
	// two requests to neighbouring centres at once each read a page before
	// the other wrote it, a cycle PostgreSQL must break by refusing one;
	// written first, two such commands can no longer form one
	// (docs/benchmarks.md). Two requests to one centre at once still read
	// each other's rows, and when together they would pass the cap the
	// database refuses one, whose next run is refused by the cap
	// (TestWaitingListHoldsForRequestsAtOnce).
	if err := c.roomAt(centre, year, status, reg.ID); err != nil {
		return Registration{}, err
	}
	if err := c.tallyRegistration(old, reg); err != nil {
		return Registration{}, err
	}
	return reg, c.openRecord(reg)
}

// RegisterColleague registers a colleague at the actor's centre by e-mail,
// approved at once (R-REG-10). An admin, or an approved senior leader or line
// manager, may do it. The colleague sees the registration when they first act
// with that e-mail, and is told.
func (s *Service) RegisterColleague(ctx context.Context, actor Actor, in Colleague) (_ Registration, err error) {
	defer s.observe(&ctx, "RegisterColleague").done(&err)
	in, err = checkColleague(in, YearOf(s.clock()))
	if err != nil {
		return Registration{}, err
	}
	var reg Registration
	err = s.update(ctx, actor, actRegisterColleague, func(c *call) error {
		reg, err = c.registerColleague(in)
		return err
	})
	return reg, err
}

func checkColleague(in Colleague, now AcademicYear) (Colleague, error) {
	var v validation
	var err error
	in.Email, err = NormaliseEmail(in.Email)
	v.add("email", err)
	in.FullName, err = cleanName(in.FullName)
	v.add("full_name", err)
	in.Roles, err = NewRoles(in.Roles...)
	v.add("roles", err)
	v.add("year", yearOpen(in.Year, now))
	v.check(in.CentreID != "", "centre_id", FieldRequired, nil, "choose a centre")
	return in, v.err()
}

func (c *call) registerColleague(in Colleague) (Registration, error) {
	centre, err := c.tx.Centre(c.ctx, in.CentreID)
	if err != nil {
		return Registration{}, err
	}
	st, err := c.standingAt(centre, in.Year)
	if err != nil {
		return Registration{}, err
	}
	if err := authorize(actRegisterColleague, st, subject{}); err != nil {
		return Registration{}, err
	}
	c.takeUp(st.own)
	colleague, err := c.personByEmail(in.Email, in.FullName)
	if err != nil {
		return Registration{}, err
	}
	reg, err := c.putRegistration(centre, colleague, in.Year, in.Roles, RegistrationApproved, st.own.IsAdmin(), in.FullName)
	if err != nil {
		return Registration{}, err
	}
	if err := c.audit("registration.register_colleague", "registration/"+reg.ID, centre.ID,
		fmt.Sprintf("registered %s at %s for %s as %s", colleague.Email, centre.Number, in.Year, in.Roles)); err != nil {
		return Registration{}, err
	}
	return reg, c.event(EventRegistrationApproved, []string{colleague.Email}, centre.ID, "registration/"+reg.ID,
		fmt.Sprintf("%s registered you at %s %s for %s as %s", c.personName(), centre.Number, centre.Name, in.Year, in.Roles))
}

// personName is how the actor is named in messages to others.
func (c *call) personName() string {
	if c.person.Name != "" {
		return c.person.Name
	}
	return c.actor.Email
}

// MaxCSVRows caps the rows of one CSV upload.
const MaxCSVRows = 2000

// RowOutcome is what became of one row of a bulk call.
type RowOutcome struct {
	// Line is, for RegisterColleagues, the row's line in the file, counting
	// a header, from 1; for DecideRegistrations, the decision's place in the
	// list, from 1.
	Line int
	// Email is the row's e-mail address (RegisterColleagues only).
	Email string
	// RegistrationID is the registration the row decides
	// (DecideRegistrations only); a failed row's Err names it too.
	RegistrationID string
	// Registration is the registration made or decided; zero when Err is
	// not nil.
	Registration Registration
	Err          error
}

// RegisterColleagues registers colleagues from a CSV file with the columns
// email, full name, roles (roles as codes, "EO" or "SL;LM"); a first row
// starting "email" is a header (R-REG-11). Each row succeeds or fails on its
// own, in its own transaction, and the result reports every row. The error is
// for the call as a whole: no actor, no right, or a file that is not CSV.
func (s *Service) RegisterColleagues(ctx context.Context, actor Actor, centreID string, year AcademicYear, file io.Reader) (_ []RowOutcome, err error) {
	defer s.observe(&ctx, "RegisterColleagues").done(&err)
	if err := year.Validate(); err != nil {
		return nil, err
	}
	// Decide the right once first, so that a forbidden actor gets one error
	// rather than one per row.
	if err := s.view(ctx, actor, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAt(centre, year)
		if err != nil {
			return err
		}
		return authorize(actRegisterColleague, st, subject{})
	}); err != nil {
		return nil, err
	}
	rows, err := readColleagueCSV(file)
	if err != nil {
		return nil, err
	}
	out := make([]RowOutcome, 0, len(rows))
	for _, row := range rows {
		o := RowOutcome{Line: row.line, Email: row.colleague.Email, Err: row.err}
		if o.Err == nil {
			row.colleague.CentreID, row.colleague.Year = centreID, year
			o.Registration, o.Err = s.RegisterColleague(ctx, actor, row.colleague)
		}
		out = append(out, o)
	}
	return out, nil
}

type colleagueRow struct {
	line      int
	colleague Colleague
	err       error
}

func readColleagueCSV(file io.Reader) ([]colleagueRow, error) {
	var rows []colleagueRow
	err := eachCSVRow(file, MaxCSVRows, func(line int, rec []string) error {
		row := colleagueRow{line: line}
		if len(rec) != 3 {
			row.err = invalid("file", FieldWrongColumns, params("line", strconv.Itoa(line), "got", strconv.Itoa(len(rec)), "want", "3"), "line %d has %d columns: want email, full name, roles", line, len(rec))
		} else {
			row.colleague = Colleague{Email: rec[0], FullName: rec[1]}
			row.colleague.Roles, row.err = ParseRoles(rec[2])
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, invalid("file", FieldEmpty, nil, "the file has no rows: want email, full name, roles")
	}
	return rows, nil
}

// RegistrationStore keeps registrations and oversight.
type RegistrationStore interface {
	// CreateRegistration stores a new registration; ID and the triple
	// (CentreID, PersonID, Year) are each unique.
	CreateRegistration(ctx context.Context, r Registration) error
	// UpdateRegistration replaces the registration with r.ID. The service
	// never changes a registration's centre, person or year, so a store may
	// leave them as stored.
	UpdateRegistration(ctx context.Context, r Registration) error
	Registration(ctx context.Context, id string) (Registration, error)
	// RegistrationOf returns a person's registration at a centre for a year.
	RegistrationOf(ctx context.Context, centreID, personID string, year AcademicYear) (Registration, error)
	// RegistrationsByCentre lists a centre's registrations for a year, in
	// order of RequestedAt then ID.
	RegistrationsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Registration, error)
	// RegistrationsByPerson lists a person's registrations, newest year
	// first, then by RequestedAt and ID.
	RegistrationsByPerson(ctx context.Context, personID string) ([]Registration, error)

	// CreateOversight stores an oversight; the pair (EORegistrationID,
	// OverseerRegistrationID) is unique.
	CreateOversight(ctx context.Context, o Oversight) error
	// DeleteOversight removes one oversight, or returns ErrNotFound.
	DeleteOversight(ctx context.Context, eoRegistrationID, overseerRegistrationID string) error
	// OversightsByCentre lists a centre's oversights for a year, in order of
	// AssignedAt, then EORegistrationID, then OverseerRegistrationID.
	OversightsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Oversight, error)

	// CentreSheetOfRegistration reads the centre's year a registration
	// belongs to (as CentreSheet, which holds the registration), or
	// returns ErrNotFound when there is no such registration. A store that
	// can should read it in one statement.
	CentreSheetOfRegistration(ctx context.Context, registrationID string) (CentreSheet, error)
}
