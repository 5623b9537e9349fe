package standards

import (
	"errors"
	"fmt"
	"slices"
)

// This file finds the actor's standing, the facts policy.go decides from.

// standingAt is the actor's standing at centre in year.
func (c *call) standingAt(centre Centre, year AcademicYear) (standing, error) {
	st := standing{operator: c.actor.Operator}
	if c.person.ID == "" {
		return st, nil
	}
	r, err := c.registrationOf(centre.ID, c.person.ID, year)
	switch {
	case err == nil:
		st.own = r
	case !errors.Is(err, ErrNotFound):
		return st, err
	}
	if centre.TrustID != "" {
		if st.trustLead, err = c.leads(centre.TrustID); err != nil {
			return st, err
		}
	}
	return st, nil
}

// standingForYear is the actor's standing at centre towards the
// registrations of year. A year the centre has not registered for yet holds
// only requests to register it, which the administrators of the centre's
// latest registered year decide (R-REG-12): there an actor with no
// registration of that year stands as an administrator of the latest year,
// if they are one.
func (c *call) standingForYear(centre Centre, year AcademicYear) (standing, error) {
	st, err := c.standingAt(centre, year)
	if err != nil || st.own.ID != "" {
		return st, err
	}
	if _, err := c.tx.CentreYear(c.ctx, centre.ID, year); !errors.Is(err, ErrNotFound) {
		return st, err
	}
	latest, err := c.latestYear(centre.ID)
	if err != nil || latest == year {
		return st, err
	}
	// Only the latest year's administrators stand there; its other
	// members have no part in the requests.
	if lst, err := c.standingAt(centre, latest); err != nil || lst.own.IsAdmin() {
		return lst, err
	}
	return st, nil
}

// standingAtCentre is the actor's standing at centre for things that belong
// to the centre rather than to one year (its audit trail, its trust): their
// registration this academic year. Only while the centre has not registered
// for this year does next year's registration stand in, so that a centre
// registering for the first time in the summer reads its own trail; a
// registration gives standing in its own year only (R-REG-12).
func (c *call) standingAtCentre(centre Centre) (standing, error) {
	year := YearOf(c.now)
	st, err := c.standingAt(centre, year)
	if err != nil || st.own.ID != "" {
		return st, err
	}
	if _, err := c.tx.CentreYear(c.ctx, centre.ID, year); !errors.Is(err, ErrNotFound) {
		return st, err
	}
	return c.standingAt(centre, year+1)
}

// standingInTrust is the actor's standing towards a trust, and towards
// centre when the action also concerns one (centre may be zero).
func (c *call) standingInTrust(trustID string, centre Centre) (standing, error) {
	st := standing{operator: c.actor.Operator}
	if centre.ID != "" {
		var err error
		if st, err = c.standingAtCentre(centre); err != nil {
			return st, err
		}
	}
	if c.person.ID == "" {
		return st, nil
	}
	lead, err := c.leads(trustID)
	st.trustLead = lead
	return st, err
}

// leads reports whether the actor leads the trust.
func (c *call) leads(trustID string) (bool, error) {
	if c.person.ID == "" {
		return false, nil
	}
	if ls, ok := c.leadsSeen(trustID); ok {
		return slices.ContainsFunc(ls, func(l TrustLead) bool { return l.PersonID == c.person.ID }), nil
	}
	ls, err := c.tx.TrustsLedBy(c.ctx, c.person.ID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ls, func(l TrustLead) bool { return l.TrustID == trustID }), nil
}

// registrationInScope loads a registration and the actor's standing at its
// centre and year, and authorises act on it. A missing registration and one
// outside the actor's scope are both ErrNotFound.
func (c *call) registrationInScope(act action, id string) (Registration, Centre, standing, error) {
	r, centre, err := c.registrationWithCentre(id)
	if err != nil {
		return Registration{}, Centre{}, standing{}, err
	}
	st, err := c.standingForYear(centre, r.Year)
	if err != nil {
		return Registration{}, Centre{}, standing{}, err
	}
	self := c.person.ID != "" && r.PersonID == c.person.ID
	undecided := r.Status == RegistrationPending || r.Status == RegistrationRejected
	if err := authorize(act, st, subject{self: self, undecided: undecided}); err != nil {
		return Registration{}, Centre{}, standing{}, err
	}
	return r, centre, st, nil
}

// registrationWithCentre reads a registration and its centre; a query (or
// a command's sharingReads) reads the centre's year with them.
func (c *call) registrationWithCentre(id string) (Registration, Centre, error) {
	if c.seen == nil {
		r, err := c.tx.Registration(c.ctx, id)
		if err != nil {
			return r, Centre{}, err
		}
		centre, err := c.tx.Centre(c.ctx, r.CentreID)
		return r, centre, err
	}
	sheet, err := c.tx.CentreSheetOfRegistration(c.ctx, id)
	if err != nil {
		return Registration{}, Centre{}, err
	}
	c.keep(sheet)
	i := slices.IndexFunc(sheet.Registrations, func(r Registration) bool { return r.ID == id })
	if i < 0 {
		return Registration{}, Centre{}, fmt.Errorf("registration %s: %w", id, ErrNotFound)
	}
	return sheet.Registrations[i], sheet.Centre, nil
}

// adminEmails returns the e-mail addresses of a centre's admins for a year.
func (c *call) adminEmails(centreID string, year AcademicYear) ([]string, error) {
	regs, err := c.tx.RegistrationsByCentre(c.ctx, centreID, year)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range regs {
		if r.IsAdmin() {
			ids = append(ids, r.PersonID)
		}
	}
	return c.emails(ids...)
}

// countAdmins counts a centre's approved admins for a year.
func (c *call) countAdmins(centreID string, year AcademicYear) (int, error) {
	regs, err := c.tx.RegistrationsByCentre(c.ctx, centreID, year)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range regs {
		if r.IsAdmin() {
			n++
		}
	}
	return n, nil
}
