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
	sheets  map[seenKey]seenSheet
	records map[string]seenRecord
}

// seenSheet is a centre's year as read: whole, or, when peopleOf is an
// exams officer's registration, only their record's people, as a command's
// read of the record brings them (RecordCentreYear). What needs more of
// the year than that reads it whole: slower, never wrong.
type seenSheet struct {
	sheet    CentreSheet
	peopleOf string
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
	if got, ok := c.seen.sheets[k]; ok && got.peopleOf == "" {
		return got.sheet, nil
	}
	got, err := c.tx.CentreSheet(c.ctx, centreID, year)
	if err != nil {
		return got, err
	}
	c.keep(got)
	return got, nil
}

// seenPart returns as much of a centre's year as has been read, whole or
// not, without reading it: ok is false when none of it has been.
func (c *call) seenPart(centreID string, year AcademicYear) (seenSheet, bool) {
	if c.seen == nil {
		return seenSheet{}, false
	}
	got, ok := c.seen.sheets[seenKey{centreID, year}]
	return got, ok
}

// keep keeps a centre's year a query read with something else (a record,
// how far the centre's records have come), as if sheet had read it.
func (c *call) keep(s CentreSheet) {
	if c.seen == nil {
		return
	}
	c.keepSeen(seenSheet{sheet: s})
}

// keepPeopleOf keeps the part of a centre's year that a record's sheet
// read without RecordCentreYear brings: the people of the record of the
// exams officer's registration eoID. It never takes the place of the whole
// year, read before.
func (c *call) keepPeopleOf(s CentreSheet, eoID string) {
	if c.seen == nil {
		return
	}
	if got, ok := c.seenPart(s.Centre.ID, s.Year); ok && got.peopleOf == "" {
		return
	}
	c.keepSeen(seenSheet{sheet: s, peopleOf: eoID})
}

func (c *call) keepSeen(s seenSheet) {
	if c.seen.sheets == nil {
		c.seen.sheets = map[seenKey]seenSheet{}
	}
	c.seen.sheets[seenKey{s.sheet.Centre.ID, s.sheet.Year}] = s
}

// centreIn returns a centre that a call goes on to read year of: a query
// reads it with the year.
func (c *call) centreIn(centreID string, year AcademicYear) (Centre, error) {
	if c.seen == nil || year.Validate() != nil {
		return c.tx.Centre(c.ctx, centreID)
	}
	if got, ok := c.seenPart(centreID, year); ok {
		return got.sheet.Centre, nil
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

// overseesAt reports whether the registration overseerID oversees the exams
// officer's registration eoID, at a centre in a year: a query (or a
// command's sharingReads) finds it among the oversights read, which for
// eoID the record's people hold.
func (c *call) overseesAt(centreID string, year AcademicYear, eoID, overseerID string) (bool, error) {
	var oversights []Oversight
	if got, ok := c.seenPart(centreID, year); ok && got.peopleOf == eoID {
		oversights = got.sheet.Oversights
	} else {
		var err error
		if oversights, err = c.oversightsAt(centreID, year); err != nil {
			return false, err
		}
	}
	return slices.ContainsFunc(oversights, func(o Oversight) bool {
		return o.EORegistrationID == eoID && o.OverseerRegistrationID == overseerID
	}), nil
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
		if p, ok := findPerson(s.People, id); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// findPerson finds id among people in order of ID, as a CentreSheet holds
// them.
func findPerson(people []Person, id string) (Person, bool) {
	i, ok := slices.BinarySearchFunc(people, id, func(p Person, id string) int { return strings.Compare(p.ID, id) })
	if !ok {
		return Person{}, false
	}
	return people[i], true
}

// personAt returns a person registered at a centre for a year.
func (c *call) personAt(centreID string, year AcademicYear, id string) (Person, error) {
	if c.seen == nil {
		return c.tx.Person(c.ctx, id)
	}
	if got, ok := c.seenPart(centreID, year); ok && got.peopleOf != "" {
		// The record's people may not hold id; the store does.
		if p, ok := findPerson(got.sheet.People, id); ok {
			return p, nil
		}
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
		if s.sheet.Centre.TrustID == trustID {
			return s.sheet.TrustLeads, true // whole in the record's people too
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
	if got, ok := c.seenPart(centreID, year); ok && got.peopleOf != "" {
		// The record's people hold the registrations a command on the
		// record looks for, its actor's when they are its exams officer or
		// an overseer of theirs; any other is looked for in the whole year.
		if i := slices.IndexFunc(got.sheet.Registrations, match); i >= 0 {
			return got.sheet.Registrations[i], nil
		}
	}
	s, err := c.sheet(centreID, year)
	if err != nil {
		return Registration{}, err
	}
	if i := slices.IndexFunc(s.Registrations, match); i >= 0 {
		return s.Registrations[i], nil
	}
	return Registration{}, ErrNotFound
}
