package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Centres, their yearly registrations, people, registrations and oversight.

type centreRow struct {
	bun.BaseModel `bun:"alias:centre"`
	ID            string    `bun:"id,pk"`
	Number        string    `bun:"number"`
	Name          string    `bun:"name"`
	TrustID       string    `bun:"trust_id,nullzero"`
	CreatedAt     time.Time `bun:"created_at"`
}

func toCentreRow(c standards.Centre) *centreRow {
	return &centreRow{ID: c.ID, Number: string(c.Number), Name: c.Name, TrustID: c.TrustID, CreatedAt: c.CreatedAt}
}

func (r *centreRow) centre() standards.Centre {
	return standards.Centre{ID: r.ID, Number: standards.CentreNumber(r.Number), Name: r.Name, TrustID: r.TrustID, CreatedAt: utc(r.CreatedAt)}
}

func (t *tx) CreateCentre(ctx context.Context, c standards.Centre) error {
	return t.insert(ctx, "centres", toCentreRow(c))
}

func (t *tx) UpdateCentre(ctx context.Context, c standards.Centre) error {
	return t.update(ctx, "centres", toCentreRow(c), "centre", "id = ?", c.ID)
}

func (t *tx) Centre(ctx context.Context, id string) (standards.Centre, error) {
	var r centreRow
	err := t.readOne(ctx, centreByID, &r, "centre "+id, id)
	return r.centre(), err
}

func (t *tx) CentreByNumber(ctx context.Context, n standards.CentreNumber) (standards.Centre, error) {
	var r centreRow
	err := t.readOne(ctx, centreByNumber, &r, "centre number "+string(n), string(n))
	return r.centre(), err
}

func (t *tx) CentresByTrust(ctx context.Context, trustID string) ([]standards.Centre, error) {
	var rows []centreRow
	if err := t.readAll(ctx, centresOfTrust, &rows, trustID); err != nil {
		return nil, err
	}
	return convert(rows, (*centreRow).centre), nil
}

type centreYearRow struct {
	bun.BaseModel `bun:"alias:centre_year"`
	CentreID      string    `bun:"centre_id,pk"`
	Year          int       `bun:"year,pk"`
	RegisteredAt  time.Time `bun:"registered_at"`
	RegisteredBy  string    `bun:"registered_by,nullzero"`
}

func (t *tx) CreateCentreYear(ctx context.Context, cy standards.CentreYear) error {
	return t.insert(ctx, "centre_years", &centreYearRow{
		CentreID: cy.CentreID, Year: int(cy.Year), RegisteredAt: cy.RegisteredAt, RegisteredBy: cy.RegisteredBy,
	})
}

func (t *tx) CentreYears(ctx context.Context, centreID string) ([]standards.CentreYear, error) {
	var rows []centreYearRow
	if err := t.readAll(ctx, yearsOfCentre, &rows, centreID); err != nil {
		return nil, err
	}
	return convert(rows, (*centreYearRow).centreYear), nil
}

func (t *tx) CentreYear(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreYear, error) {
	var r centreYearRow
	err := t.readOne(ctx, centreYearByKey, &r, "centre year", centreID, int(year))
	return standards.CentreYear{
		CentreID: r.CentreID, Year: standards.AcademicYear(r.Year), RegisteredAt: utc(r.RegisteredAt), RegisteredBy: r.RegisteredBy,
	}, err
}

type personRow struct {
	bun.BaseModel `bun:"alias:person"`
	ID            string    `bun:"id,pk"`
	Email         string    `bun:"email"`
	Name          string    `bun:"name"`
	OwnName       bool      `bun:"own_name"`
	ExternalID    string    `bun:"external_id,nullzero"`
	CreatedAt     time.Time `bun:"created_at"`
}

func toPersonRow(p standards.Person) *personRow {
	return &personRow{ID: p.ID, Email: p.Email, Name: p.Name, OwnName: p.OwnName, ExternalID: p.ExternalID, CreatedAt: p.CreatedAt}
}

func (r *personRow) person() standards.Person {
	return standards.Person{ID: r.ID, Email: r.Email, Name: r.Name, OwnName: r.OwnName, ExternalID: r.ExternalID, CreatedAt: utc(r.CreatedAt)}
}

func (t *tx) CreatePerson(ctx context.Context, p standards.Person) error {
	delete(t.people, p.ID)
	return t.insert(ctx, "people", toPersonRow(p))
}

func (t *tx) UpdatePerson(ctx context.Context, p standards.Person) error {
	delete(t.people, p.ID)
	return t.update(ctx, "people", toPersonRow(p), "person", "id = ?", p.ID)
}

func (t *tx) Person(ctx context.Context, id string) (standards.Person, error) {
	var r personRow
	err := t.readOne(ctx, personByID, &r, "person "+id, id)
	return r.person(), err
}

func (t *tx) PersonByEmail(ctx context.Context, email string) (standards.Person, error) {
	if t.bind != nil {
		return t.personByEmailWithLeads(ctx, email) // see joins.go
	}
	var r personRow
	err := t.readOne(ctx, personByEmail, &r, "person with e-mail", email)
	return r.person(), err
}

func (t *tx) PersonByExternalID(ctx context.Context, externalID string) (standards.Person, error) {
	var r personRow
	// "" is stored as NULL, which no comparison finds.
	err := t.readOne(ctx, personByExternalID, &r, "person with external id", externalID)
	return r.person(), err
}

func (t *tx) People(ctx context.Context, ids []string) ([]standards.Person, error) {
	if len(ids) == 0 {
		return []standards.Person{}, nil
	}
	if kept, ok := t.keptPeople(ids); ok {
		return kept, nil
	}
	var rows []personRow
	var err error
	if t.bind != nil {
		// The list is one value, so that one kept statement serves a list
		// of any length (see prepared.go).
		err = t.readAll(ctx, peopleInList, &rows, toJSON(ids))
	} else {
		err = t.all(ctx, t.selectFrom("people", "person", &rows).Where("id IN (?)", bun.List(ids)))
	}
	if err != nil {
		return nil, err
	}
	byID := make(map[string]standards.Person, len(rows))
	for i := range rows {
		byID[rows[i].ID] = rows[i].person()
	}
	out := make([]standards.Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

type registrationRow struct {
	bun.BaseModel `bun:"alias:registration"`
	ID            string    `bun:"id,pk"`
	CentreID      string    `bun:"centre_id"`
	PersonID      string    `bun:"person_id"`
	Year          int       `bun:"year"`
	Roles         string    `bun:"roles"`
	Status        string    `bun:"status"`
	Admin         bool      `bun:"admin"`
	RequestedAt   time.Time `bun:"requested_at"`
	RegisteredBy  string    `bun:"registered_by,nullzero"`
	InvitedName   string    `bun:"invited_name"`
	InvitedEmail  string    `bun:"invited_email"`
	AcceptedAt    time.Time `bun:"accepted_at,nullzero"`
	DecidedAt     time.Time `bun:"decided_at,nullzero"`
	DecidedBy     string    `bun:"decided_by,nullzero"`
	RejectReason  string    `bun:"reject_reason"`
	LeftAt        time.Time `bun:"left_at,nullzero"`
}

// fixedColumns are the registration's key, centre, person and year (see
// fixed).
func (*registrationRow) fixedColumns() []string {
	return []string{"id", "centre_id", "person_id", "year"}
}

func toRegistrationRow(r standards.Registration) *registrationRow {
	return &registrationRow{
		ID: r.ID, CentreID: r.CentreID, PersonID: r.PersonID, Year: int(r.Year), Roles: r.Roles.String(),
		Status: string(r.Status), Admin: r.Admin, RequestedAt: r.RequestedAt, RegisteredBy: r.RegisteredBy,
		InvitedName: r.InvitedName, InvitedEmail: r.InvitedEmail, AcceptedAt: r.AcceptedAt, DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, RejectReason: r.RejectReason, LeftAt: r.LeftAt,
	}
}

func (r *registrationRow) registration() standards.Registration {
	roles, _ := standards.ParseRoles(r.Roles)
	return standards.Registration{
		ID: r.ID, CentreID: r.CentreID, PersonID: r.PersonID, Year: standards.AcademicYear(r.Year), Roles: roles,
		Status: standards.RegistrationStatus(r.Status), Admin: r.Admin, RequestedAt: utc(r.RequestedAt),
		RegisteredBy: r.RegisteredBy, InvitedName: r.InvitedName, InvitedEmail: r.InvitedEmail, AcceptedAt: utc(r.AcceptedAt), DecidedAt: utc(r.DecidedAt), DecidedBy: r.DecidedBy,
		RejectReason: r.RejectReason, LeftAt: utc(r.LeftAt),
	}
}

func (t *tx) CreateRegistration(ctx context.Context, r standards.Registration) error {
	return t.insert(ctx, "registrations", toRegistrationRow(r))
}

func (t *tx) UpdateRegistration(ctx context.Context, r standards.Registration) error {
	return t.update(ctx, "registrations", toRegistrationRow(r), "registration", "id = ?", r.ID)
}

func (t *tx) Registration(ctx context.Context, id string) (standards.Registration, error) {
	var r registrationRow
	err := t.readOne(ctx, registrationByID, &r, "registration "+id, id)
	return r.registration(), err
}

func (t *tx) RegistrationOf(ctx context.Context, centreID, personID string, year standards.AcademicYear) (standards.Registration, error) {
	var r registrationRow
	err := t.readOne(ctx, registrationOfPerson, &r, "registration", centreID, personID, int(year))
	return r.registration(), err
}

func (t *tx) RegistrationsByCentre(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	if t.bind != nil {
		return t.registrationsWithPeople(ctx, centreID, year) // see joins.go
	}
	var rows []registrationRow
	if err := t.readAll(ctx, registrationsOfCentreYear, &rows, centreID, int(year)); err != nil {
		return nil, err
	}
	return convert(rows, (*registrationRow).registration), nil
}

func (t *tx) RegistrationsByPerson(ctx context.Context, personID string) ([]standards.Registration, error) {
	var rows []registrationRow
	if err := t.readAll(ctx, registrationsOfPerson, &rows, personID); err != nil {
		return nil, err
	}
	return convert(rows, (*registrationRow).registration), nil
}

type oversightRow struct {
	bun.BaseModel          `bun:"alias:oversight"`
	CentreID               string    `bun:"centre_id"`
	Year                   int       `bun:"year"`
	EORegistrationID       string    `bun:"eo_registration_id,pk"`
	OverseerRegistrationID string    `bun:"overseer_registration_id,pk"`
	AssignedBy             string    `bun:"assigned_by,nullzero"`
	AssignedAt             time.Time `bun:"assigned_at"`
}

func (r *oversightRow) oversight() standards.Oversight {
	return standards.Oversight{
		CentreID: r.CentreID, Year: standards.AcademicYear(r.Year), EORegistrationID: r.EORegistrationID,
		OverseerRegistrationID: r.OverseerRegistrationID, AssignedBy: r.AssignedBy, AssignedAt: utc(r.AssignedAt),
	}
}

func (t *tx) CreateOversight(ctx context.Context, o standards.Oversight) error {
	return t.insert(ctx, "oversights", &oversightRow{
		CentreID: o.CentreID, Year: int(o.Year), EORegistrationID: o.EORegistrationID,
		OverseerRegistrationID: o.OverseerRegistrationID, AssignedBy: o.AssignedBy, AssignedAt: o.AssignedAt,
	})
}

func (t *tx) DeleteOversight(ctx context.Context, eoID, overseerID string) error {
	return t.remove(ctx, "oversights", "oversight", "eo_registration_id = ? AND overseer_registration_id = ?", eoID, overseerID)
}

func (t *tx) OversightsByCentre(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	var rows []oversightRow
	if err := t.readAll(ctx, oversightsOfCentreYear, &rows, centreID, int(year)); err != nil {
		return nil, err
	}
	return convert(rows, (*oversightRow).oversight), nil
}

// The reads of this file (see reads.go).
var (
	centreByID      = &read{table: "centres", alias: "centre", where: "id = ?"}
	centreByNumber  = &read{table: "centres", alias: "centre", where: "number = ?"}
	centresOfTrust  = &read{table: "centres", alias: "centre", where: "trust_id = ?", order: []string{"number"}}
	centreYearByKey = &read{table: "centre_years", alias: "centre_year", where: "centre_id = ? AND year = ?"}
	yearsOfCentre   = &read{table: "centre_years", alias: "centre_year", where: "centre_id = ?", orderExpr: "year DESC"}
	personByID      = &read{table: "people", alias: "person", where: "id = ?"}
	personByEmail   = &read{table: "people", alias: "person", where: "email = ?"}
	// peopleInList takes its ids as one JSON array, on SQLite only.
	peopleInList              = &read{table: "people", alias: "person", where: "id IN (SELECT value FROM json_each(?))"}
	personByExternalID        = &read{table: "people", alias: "person", where: "external_id = ?"}
	registrationByID          = &read{table: "registrations", alias: "registration", where: "id = ?"}
	registrationOfPerson      = &read{table: "registrations", alias: "registration", where: "centre_id = ? AND person_id = ? AND year = ?"}
	registrationsOfCentreYear = &read{table: "registrations", alias: "registration", where: "centre_id = ? AND year = ?", order: []string{"requested_at", "id"}}
	registrationsOfPerson     = &read{table: "registrations", alias: "registration", where: "person_id = ?", orderExpr: "year DESC, requested_at, id"}
	oversightsOfCentreYear    = &read{table: "oversights", alias: "oversight", where: "centre_id = ? AND year = ?", order: []string{"assigned_at", "eo_registration_id", "overseer_registration_id"}}
)
