package standards

import "slices"

// seenReads are a query's reads of a centre's year that it would otherwise
// make twice: once to find where the actor stands, once for the page.
type seenReads struct {
	registrations map[seenKey][]Registration
	oversights    map[seenKey][]Oversight
	records       map[seenKey][]Record
}

type seenKey struct {
	centreID string
	year     AcademicYear
}

// readOnce returns what read gives for k, reading it only the first time a
// query asks; the caller gets its own copy of the list. In a command (seen
// is nil) it always reads: a command may change what it read.
//
// The commands whose checks read a centre's year twice (the actor's
// standing, then the roster) share their reads until their first write
// with sharingReads.
func readOnce[T any](seen *seenReads, m *map[seenKey][]T, k seenKey, read func() ([]T, error)) ([]T, error) {
	if seen == nil {
		return read()
	}
	if got, ok := (*m)[k]; ok {
		return slices.Clone(got), nil
	}
	got, err := read()
	if err != nil {
		return nil, err
	}
	if *m == nil {
		*m = map[seenKey][]T{}
	}
	(*m)[k] = got
	return slices.Clone(got), nil
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

// registrationsAt returns a centre's registrations for a year.
func (c *call) registrationsAt(centreID string, year AcademicYear) ([]Registration, error) {
	var m *map[seenKey][]Registration
	if c.seen != nil {
		m = &c.seen.registrations
	}
	return readOnce(c.seen, m, seenKey{centreID, year}, func() ([]Registration, error) {
		return c.tx.RegistrationsByCentre(c.ctx, centreID, year)
	})
}

// oversightsAt returns a centre's oversights for a year.
func (c *call) oversightsAt(centreID string, year AcademicYear) ([]Oversight, error) {
	var m *map[seenKey][]Oversight
	if c.seen != nil {
		m = &c.seen.oversights
	}
	return readOnce(c.seen, m, seenKey{centreID, year}, func() ([]Oversight, error) {
		return c.tx.OversightsByCentre(c.ctx, centreID, year)
	})
}

// recordsAt returns a centre's records for a year.
func (c *call) recordsAt(centreID string, year AcademicYear) ([]Record, error) {
	var m *map[seenKey][]Record
	if c.seen != nil {
		m = &c.seen.records
	}
	return readOnce(c.seen, m, seenKey{centreID, year}, func() ([]Record, error) {
		return c.tx.RecordsByCentre(c.ctx, centreID, year)
	})
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

func (c *call) findRegistration(centreID string, year AcademicYear, match func(Registration) bool) (Registration, error) {
	regs, err := c.registrationsAt(centreID, year)
	if err != nil {
		return Registration{}, err
	}
	if i := slices.IndexFunc(regs, match); i >= 0 {
		return regs[i], nil
	}
	return Registration{}, ErrNotFound
}
