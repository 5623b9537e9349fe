package standards

import (
	"slices"
	"strings"
)

// seenReads are a query's reads of a centre's year, which it would
// otherwise make twice: once to find where the actor stands, once for the
// page. A query reads a centre's year whole, as one CentreSheet, the first
// time it needs any of it.
type seenReads struct {
	sheets  map[seenKey]CentreSheet
	records map[string]seenRecord
}

// seenRecord is a record's sheet as read, with the parts it was read with.
type seenRecord struct {
	sheet RecordSheet
	parts RecordParts
}

type seenKey struct {
	centreID string
	year     AcademicYear
}

// sharingReads runs read, the part of a command before its first write,
// with the centre's year-wide reads kept as a query keeps them, so that
// what it reads twice it reads once. Nothing kept outlives read: the
// command's writes may change it. In a query it just runs read.
func (c *call) sharingReads(read func() error) error {
	if c.seen != nil {
		return read()
	}
	c.seen = &seenReads{}
	defer func() { c.seen = nil }()
	return read()
}

// sheet returns a centre's year, read the first time a query (or a
// command's sharingReads) asks.
func (c *call) sheet(centreID string, year AcademicYear) (CentreSheet, error) {
	k := seenKey{centreID, year}
	if got, ok := c.seen.sheets[k]; ok {
		return got, nil
	}
	got, err := c.tx.CentreSheet(c.ctx, centreID, year)
	if err != nil {
		return got, err
	}
	if c.seen.sheets == nil {
		c.seen.sheets = map[seenKey]CentreSheet{}
	}
	c.seen.sheets[k] = got
	return got, nil
}

// keep keeps a centre's year a query read with something else (a record,
// how far the centre's records have come), as if sheet had read it.
func (c *call) keep(s CentreSheet) {
	if c.seen == nil {
		return
	}
	if c.seen.sheets == nil {
		c.seen.sheets = map[seenKey]CentreSheet{}
	}
	c.seen.sheets[seenKey{s.Centre.ID, s.Year}] = s
}

// centreIn returns a centre that a call goes on to read year of: a query
// reads it with the year.
func (c *call) centreIn(centreID string, year AcademicYear) (Centre, error) {
	if c.seen == nil || year.Validate() != nil {
		return c.tx.Centre(c.ctx, centreID)
	}
	s, err := c.sheet(centreID, year)
	return s.Centre, err
}

// registrationsAt returns a centre's registrations for a year.
func (c *call) registrationsAt(centreID string, year AcademicYear) ([]Registration, error) {
	if c.seen == nil {
		return c.tx.RegistrationsByCentre(c.ctx, centreID, year)
	}
	s, err := c.sheet(centreID, year)
	return slices.Clone(s.Registrations), err
}

// oversightsAt returns a centre's oversights for a year.
func (c *call) oversightsAt(centreID string, year AcademicYear) ([]Oversight, error) {
	if c.seen == nil {
		return c.tx.OversightsByCentre(c.ctx, centreID, year)
	}
	s, err := c.sheet(centreID, year)
	return slices.Clone(s.Oversights), err
}

// recordsAt returns a centre's records for a year.
func (c *call) recordsAt(centreID string, year AcademicYear) ([]Record, error) {
	if c.seen == nil {
		return c.tx.RecordsByCentre(c.ctx, centreID, year)
	}
	s, err := c.sheet(centreID, year)
	return slices.Clone(s.Records), err
}

// peopleAt returns the people of ids, registered at a centre for a year.
func (c *call) peopleAt(centreID string, year AcademicYear, ids []string) ([]Person, error) {
	if c.seen == nil {
		return c.tx.People(c.ctx, ids)
	}
	s, err := c.sheet(centreID, year)
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(ids))
	for _, id := range ids {
		if i, ok := slices.BinarySearchFunc(s.People, id, func(p Person, id string) int { return strings.Compare(p.ID, id) }); ok {
			out = append(out, s.People[i])
		}
	}
	return out, nil
}

// personAt returns a person registered at a centre for a year.
func (c *call) personAt(centreID string, year AcademicYear, id string) (Person, error) {
	if c.seen == nil {
		return c.tx.Person(c.ctx, id)
	}
	ps, err := c.peopleAt(centreID, year, []string{id})
	if err != nil {
		return Person{}, err
	}
	if len(ps) == 0 {
		return c.tx.Person(c.ctx, id)
	}
	return ps[0], nil
}

// leadsSeen gives the leads of a trust when a query has read them with a
// centre of the trust.
func (c *call) leadsSeen(trustID string) ([]TrustLead, bool) {
	if c.seen == nil {
		return nil, false
	}
	for _, s := range c.seen.sheets {
		if s.Centre.TrustID == trustID {
			return s.TrustLeads, true
		}
	}
	return nil, false
}

// registrationOf finds a person's registration at a centre for a year. A
// query finds it among the centre's registrations, which it reads for the
// page anyway; a command asks the store for the one row.
func (c *call) registrationOf(centreID, personID string, year AcademicYear) (Registration, error) {
	if c.seen == nil {
		return c.tx.RegistrationOf(c.ctx, centreID, personID, year)
	}
	return c.findRegistration(centreID, year, func(r Registration) bool { return r.PersonID == personID })
}

// registration finds a registration at a centre for a year by its id: a
// query among the centre's registrations, a command in the store.
func (c *call) registration(centreID string, year AcademicYear, id string) (Registration, error) {
	if c.seen == nil {
		return c.tx.Registration(c.ctx, id)
	}
	return c.findRegistration(centreID, year, func(r Registration) bool { return r.ID == id })
}

// findRegistration finds a registration among a centre's year as read,
// without the copy registrationsAt makes for callers that change theirs.
func (c *call) findRegistration(centreID string, year AcademicYear, match func(Registration) bool) (Registration, error) {
	s, err := c.sheet(centreID, year)
	if err != nil {
		return Registration{}, err
	}
	if i := slices.IndexFunc(s.Registrations, match); i >= 0 {
		return s.Registrations[i], nil
	}
	return Registration{}, ErrNotFound
}
