package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/eops/eops/standards"
)

type centreYearKey struct {
	centreID string
	year     standards.AcademicYear
}

type regKey struct {
	centreID, personID string
	year               standards.AcademicYear
}

type oversightKey struct{ eo, overseer string }

// Centres.

func (t *tx) CreateCentre(_ context.Context, c standards.Centre) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.centres[c.ID]; ok {
		return taken("centre id", c.ID)
	}
	if _, ok := t.d.centreNumbers[c.Number]; ok {
		return taken("centre number", c.Number)
	}
	put(t, t.d.centres, c.ID, c)
	put(t, t.d.centreNumbers, c.Number, c.ID)
	return nil
}

func (t *tx) UpdateCentre(_ context.Context, c standards.Centre) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.centres, c.ID, "centre")
	if err != nil {
		return err
	}
	if old.Number != c.Number {
		if _, ok := t.d.centreNumbers[c.Number]; ok {
			return taken("centre number", c.Number)
		}
		del(t, t.d.centreNumbers, old.Number)
		put(t, t.d.centreNumbers, c.Number, c.ID)
	}
	put(t, t.d.centres, c.ID, c)
	return nil
}

func (t *tx) Centre(_ context.Context, id string) (standards.Centre, error) {
	return get(t.d.centres, id, "centre")
}

func (t *tx) CentreByNumber(_ context.Context, n standards.CentreNumber) (standards.Centre, error) {
	id, err := get(t.d.centreNumbers, n, "centre number")
	if err != nil {
		return standards.Centre{}, err
	}
	return t.d.centres[id], nil
}

func (t *tx) CentresByTrust(_ context.Context, trustID string) ([]standards.Centre, error) {
	return sorted(t.d.centres,
		func(c standards.Centre) bool { return c.TrustID == trustID },
		func(a, b standards.Centre) int { return cmp.Compare(a.Number, b.Number) }), nil
}

func (t *tx) CreateCentreYear(_ context.Context, cy standards.CentreYear) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := centreYearKey{cy.CentreID, cy.Year}
	if _, ok := t.d.centreYears[k]; ok {
		return taken("centre year", k)
	}
	put(t, t.d.centreYears, k, cy)
	return nil
}

func (t *tx) CentreYear(_ context.Context, centreID string, year standards.AcademicYear) (standards.CentreYear, error) {
	return get(t.d.centreYears, centreYearKey{centreID, year}, "centre year")
}

func (t *tx) CentreYears(_ context.Context, centreID string) ([]standards.CentreYear, error) {
	return sorted(t.d.centreYears, func(cy standards.CentreYear) bool { return cy.CentreID == centreID },
		func(a, b standards.CentreYear) int { return cmp.Compare(b.Year, a.Year) }), nil
}

// People.

func (t *tx) CreatePerson(_ context.Context, p standards.Person) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.people[p.ID]; ok {
		return taken("person id", p.ID)
	}
	if _, ok := t.d.peopleByEmail[p.Email]; ok {
		return taken("e-mail", p.Email)
	}
	if _, ok := t.d.peopleByExtID[p.ExternalID]; ok && p.ExternalID != "" {
		return taken("external id", p.ExternalID)
	}
	put(t, t.d.people, p.ID, p)
	put(t, t.d.peopleByEmail, p.Email, p.ID)
	if p.ExternalID != "" {
		put(t, t.d.peopleByExtID, p.ExternalID, p.ID)
	}
	return nil
}

func (t *tx) UpdatePerson(_ context.Context, p standards.Person) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.people, p.ID, "person")
	if err != nil {
		return err
	}
	if id, ok := t.d.peopleByEmail[p.Email]; ok && id != p.ID {
		return taken("e-mail", p.Email)
	}
	if id, ok := t.d.peopleByExtID[p.ExternalID]; ok && id != p.ID && p.ExternalID != "" {
		return taken("external id", p.ExternalID)
	}
	del(t, t.d.peopleByEmail, old.Email)
	put(t, t.d.peopleByEmail, p.Email, p.ID)
	if old.ExternalID != "" {
		del(t, t.d.peopleByExtID, old.ExternalID)
	}
	if p.ExternalID != "" {
		put(t, t.d.peopleByExtID, p.ExternalID, p.ID)
	}
	put(t, t.d.people, p.ID, p)
	return nil
}

func (t *tx) Person(_ context.Context, id string) (standards.Person, error) {
	return get(t.d.people, id, "person")
}

func (t *tx) PersonByEmail(_ context.Context, email string) (standards.Person, error) {
	id, err := get(t.d.peopleByEmail, email, "person with e-mail")
	if err != nil {
		return standards.Person{}, err
	}
	return t.d.people[id], nil
}

func (t *tx) PersonByExternalID(_ context.Context, externalID string) (standards.Person, error) {
	id, err := get(t.d.peopleByExtID, externalID, "person with external id")
	if err != nil || externalID == "" {
		return standards.Person{}, fmt.Errorf("person with external id %q: %w", externalID, standards.ErrNotFound)
	}
	return t.d.people[id], nil
}

func (t *tx) People(_ context.Context, ids []string) ([]standards.Person, error) {
	out := make([]standards.Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := t.d.people[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Registrations.

func cloneReg(r standards.Registration) standards.Registration {
	r.Roles = slices.Clone(r.Roles)
	return r
}

func (t *tx) CreateRegistration(_ context.Context, r standards.Registration) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.regs[r.ID]; ok {
		return taken("registration id", r.ID)
	}
	k := regKey{r.CentreID, r.PersonID, r.Year}
	if _, ok := t.d.regKeys[k]; ok {
		return taken("registration of person at centre for year", k)
	}
	put(t, t.d.regs, r.ID, cloneReg(r))
	put(t, t.d.regKeys, k, r.ID)
	return nil
}

func (t *tx) UpdateRegistration(_ context.Context, r standards.Registration) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.regs, r.ID, "registration")
	if err != nil {
		return err
	}
	if old.CentreID != r.CentreID || old.PersonID != r.PersonID || old.Year != r.Year {
		return fmt.Errorf("memory: a registration's centre, person and year never change")
	}
	put(t, t.d.regs, r.ID, cloneReg(r))
	return nil
}

func (t *tx) Registration(_ context.Context, id string) (standards.Registration, error) {
	r, err := get(t.d.regs, id, "registration")
	return cloneReg(r), err
}

func (t *tx) RegistrationOf(_ context.Context, centreID, personID string, year standards.AcademicYear) (standards.Registration, error) {
	id, err := get(t.d.regKeys, regKey{centreID, personID, year}, "registration")
	if err != nil {
		return standards.Registration{}, err
	}
	return cloneReg(t.d.regs[id]), nil
}

func byRequested(a, b standards.Registration) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func (t *tx) RegistrationsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	out := sorted(t.d.regs,
		func(r standards.Registration) bool { return r.CentreID == centreID && r.Year == year },
		byRequested)
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) RegistrationsByPerson(_ context.Context, personID string) ([]standards.Registration, error) {
	out := sorted(t.d.regs,
		func(r standards.Registration) bool { return r.PersonID == personID },
		func(a, b standards.Registration) int { return cmp.Or(cmp.Compare(b.Year, a.Year), byRequested(a, b)) })
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) CreateOversight(_ context.Context, o standards.Oversight) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := oversightKey{o.EORegistrationID, o.OverseerRegistrationID}
	if _, ok := t.d.oversights[k]; ok {
		return taken("oversight", k)
	}
	put(t, t.d.oversights, k, o)
	return nil
}

func (t *tx) DeleteOversight(_ context.Context, eoID, overseerID string) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := oversightKey{eoID, overseerID}
	if _, err := get(t.d.oversights, k, "oversight"); err != nil {
		return err
	}
	del(t, t.d.oversights, k)
	return nil
}

func (t *tx) OversightsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	return sorted(t.d.oversights,
		func(o standards.Oversight) bool { return o.CentreID == centreID && o.Year == year },
		func(a, b standards.Oversight) int {
			return cmp.Or(a.AssignedAt.Compare(b.AssignedAt),
				cmp.Compare(a.EORegistrationID, b.EORegistrationID),
				cmp.Compare(a.OverseerRegistrationID, b.OverseerRegistrationID))
		}), nil
}
