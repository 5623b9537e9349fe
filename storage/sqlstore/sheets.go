package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/eops/eops/standards"
)

// The Service's views, each read in one statement (views.go): a record's
// sheet, a centre's year, how far a centre's records have come, and a
// trust's year. Each puts its lists in the order the Store's methods for
// them promise, since the union's rows come in none.

func (t *tx) RecordSheet(ctx context.Context, recordID string, parts standards.RecordParts) (standards.RecordSheet, error) {
	var (
		records    []recordRow
		targets    []targetRow
		changes    []targetChangeRow
		cpd        []cpdEntryRow
		meetings   []meetingRow
		actions    []supportActionRow
		notes      []privateNoteRow
		signatures []signatureRow
		certs      []certificateRow
		statements []statementRow
		cy         centreYearRows
		persons    []recordRow
	)
	id := []any{recordID}
	parts &= standards.AllRecordParts
	read := []part{{recordByID, id, &records}}
	for _, p := range []struct {
		part standards.RecordParts
		read part
	}{
		{standards.RecordTargets, part{targetsOfRecord, id, &targets}},
		{standards.RecordHistory, part{targetChangesOfRecord, id, &changes}},
		{standards.RecordCPD, part{cpdEntriesOfRecord, id, &cpd}},
		{standards.RecordMeetings, part{meetingsOfRecord, id, &meetings}},
		{standards.RecordActions, part{supportActionsOfRecord, id, &actions}},
		{standards.RecordNotes, part{privateNotesOfRecord, id, &notes}},
		{standards.RecordSignatures, part{signaturesOfRecord, id, &signatures}},
		{standards.RecordCertificate, part{certificateOfRecord, id, &certs}},
		{standards.RecordStatement, part{statementsOfRecordYear, id, &statements}},
		{standards.RecordEarlier, part{recordsOfPersonOfRecord, id, &persons}},
	} {
		if parts.Has(p.part) {
			read = append(read, p.read)
		}
	}
	if parts.Has(standards.RecordCentreYear) {
		read = append(read, cy.through(ofRecordsYear, recordID)...)
	} else {
		read = append(read, cy.ofRecordsPeople(recordID)...)
	}
	// Each set of parts is a text of its own, kept as any view's is.
	err := t.readView(ctx, recordSheetKeys[parts], read...)
	if err != nil {
		return standards.RecordSheet{}, err
	}
	if len(records) == 0 {
		return standards.RecordSheet{}, fmt.Errorf("record %s: %w", recordID, standards.ErrNotFound)
	}
	s := standards.RecordSheet{
		Record:     records[0].record(),
		CentreYear: cy.sheet(standards.AcademicYear(records[0].Year)),
		Targets:    sortedBy(convert(targets, (*targetRow).target), byCreated),
		History:    sortedBy(convert(changes, (*targetChangeRow).targetChange), func(a, b standards.TargetChange) int { return cmp.Compare(a.Seq, b.Seq) }),
		CPD:        sortedBy(convert(cpd, (*cpdEntryRow).cpdEntry), func(a, b standards.CPDEntry) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) }),
		Meetings:   sortedBy(convert(meetings, (*meetingRow).meeting), func(a, b standards.Meeting) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) }),
		Actions:    sortedBy(convert(actions, (*supportActionRow).supportAction), byDue),
		Notes:      sortedBy(convert(notes, (*privateNoteRow).privateNote), func(a, b standards.PrivateNote) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) }),
		Signatures: sortedBy(convert(signatures, (*signatureRow).signature), bySigned),
	}
	if len(certs) > 0 {
		s.Certificate = certs[0].certificate()
	}
	s.Earlier = []standards.Record{}
	for _, r := range persons {
		if r.Year < records[0].Year {
			s.Earlier = append(s.Earlier, r.record())
		}
	}
	sortedBy(s.Earlier, func(a, b standards.Record) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), byOpened(a, b))
	})
	for _, st := range statements {
		if st.Version > s.Statement.Version {
			s.Statement = st.statement()
		}
	}
	return s, nil
}

// recordSheetKeys names the text of a record's sheet for each set of its
// parts, made once rather than at every read.
var recordSheetKeys = func() []viewKey {
	keys := make([]viewKey, standards.AllRecordParts+1)
	for p := range keys {
		keys[p] = viewKey(fmt.Sprintf("record sheet %d", p))
	}
	return keys
}()

func (t *tx) CentreSheet(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, error) {
	var cy centreYearRows
	if err := t.readView(ctx, "centre sheet", cy.parts(centreID, year)...); err != nil {
		return standards.CentreSheet{}, err
	}
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}, fmt.Errorf("centre %s: %w", centreID, standards.ErrNotFound)
	}
	return cy.sheet(year), nil
}

func (t *tx) CentreProgress(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, standards.Progress, error) {
	var (
		cy centreYearRows
		p  progressRows
	)
	v := []any{centreID, int(year)}
	err := t.readView(ctx, "centre progress", append(cy.parts(centreID, year),
		part{targetsOfCentreYear, v, &p.targets},
		part{lastMeetingsOfCentreYear, v, &p.lastMeetings},
		part{supportActionsOfCentreYear, v, &p.actions},
		part{signaturesOfCentreYear, v, &p.signatures},
		part{cpdHoursOfCentreYear, v, &p.hours},
	)...)
	if err != nil {
		return standards.CentreSheet{}, standards.Progress{}, err
	}
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}, standards.Progress{}, fmt.Errorf("centre %s: %w", centreID, standards.ErrNotFound)
	}
	return cy.sheet(year), p.progress(), nil
}

func (t *tx) CentreAudit(ctx context.Context, centreID string, year standards.AcademicYear, before int64, limit int) (standards.CentreSheet, []standards.AuditEntry, error) {
	if limit <= 0 {
		sheet, err := t.CentreSheet(ctx, centreID, year)
		return sheet, []standards.AuditEntry{}, err
	}
	if before <= 0 {
		before = math.MaxInt64
	}
	var (
		cy   centreYearRows
		page []auditRow
	)
	err := t.readView(ctx, "centre audit", append(cy.parts(centreID, year),
		part{auditPageOfCentre, []any{centreID, before, limit}, &page})...)
	if err != nil {
		return standards.CentreSheet{}, nil, err
	}
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}, nil, fmt.Errorf("centre %s: %w", centreID, standards.ErrNotFound)
	}
	return cy.sheet(year), sortedBy(convert(page, (*auditRow).entry), func(a, b standards.AuditEntry) int { return cmp.Compare(b.Seq, a.Seq) }), nil
}

// centreYearRows are the rows of a CentreSheet as read.
type centreYearRows struct {
	centres    []centreRow
	registered []centreYearRow
	regs       []registrationRow
	people     []personRow // registered, and leading the centre's trust
	oversights []oversightRow
	records    []recordRow
	leads      []trustLeadRow
}

// parts are the parts of a view that read a centre's year.
func (cy *centreYearRows) parts(centreID string, year standards.AcademicYear) []part {
	ofYear := []any{centreID, int(year)}
	return []part{
		{centreByID, []any{centreID}, &cy.centres},
		{centreYearByKey, ofYear, &cy.registered},
		{registrationsOfCentreYear, ofYear, &cy.regs},
		{peopleOfCentreYear, ofYear, &cy.people},
		{oversightsOfCentreYear, ofYear, &cy.oversights},
		{recordsOfCentreYear, ofYear, &cy.records},
		{leadsOfCentresTrust, []any{centreID}, &cy.leads},
		{peopleLeadingCentresTrust, []any{centreID}, &cy.people},
	}
}

// through are the parts of a view that read the centre's year of a row of
// another table (a record, a registration), found through that row.
func (cy *centreYearRows) through(r centreYearReads, id string) []part {
	v, twice := []any{id}, []any{id, id}
	return []part{
		{r.centre, v, &cy.centres},
		{r.registered, twice, &cy.registered},
		{r.registrations, twice, &cy.regs},
		{r.people, twice, &cy.people},
		{r.oversights, twice, &cy.oversights},
		{r.records, twice, &cy.records},
		{r.leads, v, &cy.leads},
		{r.leadPeople, v, &cy.people},
	}
}

// ofRecordsPeople are the parts of a record's sheet that read, of its
// centre's year, only what a command on the record needs to find where its
// actor stands (standards.RecordCentreYear): the centre, its registration
// for the year and its trust's leads, as through reads them, but of the
// year's registrations, oversights and people only the record's exams
// officer's and their overseers'. On the national dataset that is some 8
// rows in place of 18 (docs/benchmarks.md). Each list is read by key: the
// record's registration, the primary key of oversights, which starts with
// the exams officer's registration.
func (cy *centreYearRows) ofRecordsPeople(recordID string) []part {
	r, v := ofRecordsYear, []any{recordID}
	return []part{
		{r.centre, v, &cy.centres},
		{r.registered, []any{recordID, recordID}, &cy.registered},
		{eoRegistrationOfRecord, v, &cy.regs},
		{overseerRegistrationsOfRecord, v, &cy.regs},
		{eoOfRecord, v, &cy.people},
		{overseersOfRecord, v, &cy.people},
		{oversightsOfRecord, v, &cy.oversights},
		{r.leads, v, &cy.leads},
	}
}

// centreYearReads read a centre's year through a row of table, whose
// centre_id and year name it.
type centreYearReads struct {
	centre, registered, registrations, people, oversights, records, leads, leadPeople *read
}

func centreYearThrough(table string) centreYearReads {
	// A subquery by primary key is compared with =, not IN, which made
	// SQLite build a temporary table for its one row: nine of them took a
	// sixth of a record sheet's instructions (valgrind). The centre and
	// year are compared one at a time, since MariaDB scans the whole table
	// for a pair compared with = to a subquery. So inYear names the table
	// twice and takes the row's id twice (through), by position, since a
	// read's tables come before its values.
	inYear := "centre_id = (SELECT centre_id FROM ?0 WHERE id = ?2) AND year = (SELECT year FROM ?1 WHERE id = ?3)"
	return centreYearReads{
		centre: &read{table: "centres", alias: "centre",
			where: "id = (SELECT centre_id FROM ? WHERE id = ?)", tables: []string{table}},
		registered:    &read{table: "centre_years", alias: "centre_year", where: inYear, tables: []string{table, table}},
		registrations: &read{table: "registrations", alias: "registration", where: inYear, tables: []string{table, table}},
		people: &read{table: "people", alias: "person",
			where:  "id IN (SELECT person_id FROM ?0 WHERE centre_id = (SELECT centre_id FROM ?1 WHERE id = ?3) AND year = (SELECT year FROM ?2 WHERE id = ?4))",
			tables: []string{"registrations", table, table}},
		oversights: &read{table: "oversights", alias: "oversight", where: inYear, tables: []string{table, table}},
		records:    &read{table: "records", alias: "record", where: inYear, tables: []string{table, table}},
		leads: &read{table: "trust_leads", alias: "trust_lead",
			where: "trust_id = (SELECT trust_id FROM ? WHERE id = (SELECT centre_id FROM ? WHERE id = ?))", tables: []string{"centres", table}},
		leadPeople: &read{table: "people", alias: "person",
			where:  "id IN (SELECT person_id FROM ? WHERE trust_id = (SELECT trust_id FROM ? WHERE id = (SELECT centre_id FROM ? WHERE id = ?)))",
			tables: []string{"trust_leads", "centres", table}},
	}
}

var (
	ofRecordsYear       = centreYearThrough("records")
	ofRegistrationsYear = centreYearThrough("registrations")
)

func (t *tx) CentreSheetOfRegistration(ctx context.Context, registrationID string) (standards.CentreSheet, error) {
	var cy centreYearRows
	if err := t.readView(ctx, "centre sheet of a registration", cy.through(ofRegistrationsYear, registrationID)...); err != nil {
		return standards.CentreSheet{}, err
	}
	i := slices.IndexFunc(cy.regs, func(r registrationRow) bool { return r.ID == registrationID })
	if i < 0 {
		return standards.CentreSheet{}, fmt.Errorf("registration %s: %w", registrationID, standards.ErrNotFound)
	}
	return cy.sheet(standards.AcademicYear(cy.regs[i].Year)), nil
}

func (t *tx) PersonSheet(ctx context.Context, personID string, reader standards.PersonKey) (standards.PersonSheet, error) {
	var (
		people  []personRow
		regs    []registrationRow
		centres []centreRow
		records []recordRow
		certs   []certificateRow
		readers []personRow
		viewer  []registrationRow
	)
	id := []any{personID}
	key := []any{reader.Email, reader.ExternalID}
	if err := t.readView(ctx, "person sheet",
		part{personByID, id, &people},
		part{registrationsOfPerson, id, &regs},
		part{centresOfPerson, id, &centres},
		part{recordsOfPerson, id, &records},
		part{certificatesOfPerson, id, &certs},
		part{peopleOfKey, key, &readers},
		part{viewerAtCentresOfPerson, append([]any{personID}, key...), &viewer},
	); err != nil {
		return standards.PersonSheet{}, err
	}
	if len(people) == 0 {
		return standards.PersonSheet{}, fmt.Errorf("person %s: %w", personID, standards.ErrNotFound)
	}
	newest := func(a, b standards.Registration) int { return cmp.Or(cmp.Compare(b.Year, a.Year), byRequested(a, b)) }
	return standards.PersonSheet{
		Person:        people[0].person(),
		Registrations: sortedBy(convert(regs, (*registrationRow).registration), newest),
		Centres:       sortedBy(convert(centres, (*centreRow).centre), func(a, b standards.Centre) int { return cmp.Compare(a.ID, b.ID) }),
		Records:       sortedBy(convert(records, (*recordRow).record), func(a, b standards.Record) int { return cmp.Compare(a.ID, b.ID) }),
		Certificates: sortedBy(convert(certs, (*certificateRow).certificate), func(a, b standards.Certificate) int {
			return cmp.Or(cmp.Compare(b.Year, a.Year), a.IssuedAt.Compare(b.IssuedAt), cmp.Compare(a.ID, b.ID))
		}),
		Readers: sortedBy(convert(readers, (*personRow).person), byPersonID),
		Viewer: sortedBy(convert(viewer, (*registrationRow).registration), func(a, b standards.Registration) int {
			return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), newest(a, b))
		}),
	}, nil
}

func (t *tx) TrustSheet(ctx context.Context, trustID string) (standards.TrustSheet, error) {
	var (
		trusts   []trustRow
		leads    []trustLeadRow
		people   []personRow
		centres  []centreRow
		requests []trustRequestRow
	)
	id := []any{trustID}
	if err := t.readView(ctx, "trust sheet",
		part{trustByID, id, &trusts},
		part{leadsOfTrust, id, &leads},
		part{peopleLeadingTrust, id, &people},
		part{centresOfTrust, id, &centres},
		part{requestsOfTrust, id, &requests},
	); err != nil {
		return standards.TrustSheet{}, err
	}
	if len(trusts) == 0 {
		return standards.TrustSheet{}, fmt.Errorf("trust %s: %w", trustID, standards.ErrNotFound)
	}
	return standards.TrustSheet{
		Trust:   trusts[0].trust(),
		Leads:   sortedBy(convert(leads, (*trustLeadRow).trustLead), byAppointed),
		People:  sortedBy(convert(people, (*personRow).person), byPersonID),
		Centres: sortedBy(convert(centres, (*centreRow).centre), byNumber),
		Requests: sortedBy(convert(requests, (*trustRequestRow).trustRequest), func(a, b standards.TrustRequest) int {
			return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
		}),
	}, nil
}

// sheet is the centre's year read, once its centre is known to be there.
func (cy *centreYearRows) sheet(year standards.AcademicYear) standards.CentreSheet {
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}
	}
	var registered standards.CentreYear
	if len(cy.registered) > 0 {
		registered = cy.registered[0].centreYear()
	}
	return standards.CentreSheet{
		Centre:        cy.centres[0].centre(),
		Year:          year,
		Registered:    registered,
		Registrations: sortedBy(convert(cy.regs, (*registrationRow).registration), byRequested),
		People:        slices.CompactFunc(sortedBy(convert(cy.people, (*personRow).person), byPersonID), samePerson),
		Oversights:    sortedBy(convert(cy.oversights, (*oversightRow).oversight), byAssigned),
		Records:       sortedBy(convert(cy.records, (*recordRow).record), byOpened),
		TrustLeads:    sortedBy(convert(cy.leads, (*trustLeadRow).trustLead), byAppointed),
	}
}

func (t *tx) TrustYear(ctx context.Context, trustID string, year standards.AcademicYear) (standards.TrustYear, error) {
	var (
		trusts     []trustRow
		leads      []trustLeadRow
		centres    []centreRow
		years      []centreYearRow
		regs       []registrationRow
		oversights []oversightRow
		records    []recordRow
		p          progressRows
	)
	id, ofYear := []any{trustID}, []any{trustID, int(year)}
	err := t.readView(ctx, "trust year",
		part{trustByID, id, &trusts},
		part{leadsOfTrust, id, &leads},
		part{centresOfTrust, id, &centres},
		part{centreYearsOfTrustYear, ofYear, &years},
		part{registrationsOfTrustYear, ofYear, &regs},
		part{oversightsOfTrustYear, ofYear, &oversights},
		part{recordsOfTrustYear, ofYear, &records},
		part{targetsOfTrustYear, ofYear, &p.targets},
		part{lastMeetingsOfTrustYear, ofYear, &p.lastMeetings},
		part{supportActionsOfTrustYear, ofYear, &p.actions},
		part{signaturesOfTrustYear, ofYear, &p.signatures},
	)
	if err != nil {
		return standards.TrustYear{}, err
	}
	if len(trusts) == 0 {
		return standards.TrustYear{}, fmt.Errorf("trust %s: %w", trustID, standards.ErrNotFound)
	}
	return standards.TrustYear{
		Trust:   trusts[0].trust(),
		Leads:   sortedBy(convert(leads, (*trustLeadRow).trustLead), byAppointed),
		Centres: sortedBy(convert(centres, (*centreRow).centre), byNumber),
		CentreYears: sortedBy(convert(years, (*centreYearRow).centreYear), func(a, b standards.CentreYear) int {
			return cmp.Compare(a.CentreID, b.CentreID)
		}),
		Registrations: sortedBy(convert(regs, (*registrationRow).registration), func(a, b standards.Registration) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byRequested(a, b))
		}),
		Oversights: sortedBy(convert(oversights, (*oversightRow).oversight), func(a, b standards.Oversight) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byAssigned(a, b))
		}),
		Records: sortedBy(convert(records, (*recordRow).record), func(a, b standards.Record) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byOpened(a, b))
		}),
		Progress: p.progress(),
	}, nil
}

// progressRows are the rows of a Progress as read.
type progressRows struct {
	targets      []targetRow
	lastMeetings []lastMeetingRow
	actions      []supportActionRow
	signatures   []signatureRow
	hours        []cpdHoursRow
}

func (p progressRows) progress() standards.Progress {
	return standards.Progress{
		Targets: sortedBy(convert(p.targets, (*targetRow).target), func(a, b standards.Target) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), byCreated(a, b))
		}),
		LastMeetings: sortedBy(convert(p.lastMeetings, (*lastMeetingRow).lastMeeting), func(a, b standards.LastMeeting) int {
			return cmp.Compare(a.RecordID, b.RecordID)
		}),
		Actions: sortedBy(convert(p.actions, (*supportActionRow).supportAction), func(a, b standards.SupportAction) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), byDue(a, b))
		}),
		Signatures: sortedBy(convert(p.signatures, (*signatureRow).signature), func(a, b standards.Signature) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), bySigned(a, b))
		}),
		CPDHours: sortedBy(convert(p.hours, (*cpdHoursRow).cpdHours), func(a, b standards.CPDHours) int {
			return cmp.Compare(a.RecordID, b.RecordID)
		}),
	}
}

// sortedBy sorts xs by order and returns it.
func sortedBy[T any](xs []T, order func(a, b T) int) []T {
	slices.SortFunc(xs, order)
	return xs
}

// The orders the Store's methods promise, within one record, centre or
// trust.

func byPersonID(a, b standards.Person) int { return cmp.Compare(a.ID, b.ID) }

// samePerson says a and b are one person, read twice (registered at a
// centre and leading its trust).
func samePerson(a, b standards.Person) bool { return a.ID == b.ID }

func byNumber(a, b standards.Centre) int { return cmp.Compare(a.Number, b.Number) }

func byCreated(a, b standards.Target) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

func byDue(a, b standards.SupportAction) int {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
}

func bySigned(a, b standards.Signature) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Side, b.Side))
}

func byRequested(a, b standards.Registration) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func byAssigned(a, b standards.Oversight) int {
	return cmp.Or(a.AssignedAt.Compare(b.AssignedAt), cmp.Compare(a.EORegistrationID, b.EORegistrationID),
		cmp.Compare(a.OverseerRegistrationID, b.OverseerRegistrationID))
}

func byOpened(a, b standards.Record) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

func byAppointed(a, b standards.TrustLead) int {
	return cmp.Or(a.AppointedAt.Compare(b.AppointedAt), cmp.Compare(a.PersonID, b.PersonID))
}

// The reads of the views that no method makes alone (see reads.go). A
// read's where names its tables before its values.
var (
	statementsOfRecordYear = &read{table: "statements", alias: "statement",
		where: "year = (SELECT year FROM ? WHERE id = ?)", tables: []string{"records"}}
	// Every record of a record's exams officer, found through their
	// registrations (indexed by person), for the earlier ones.
	recordsOfPersonOfRecord = &read{table: "records", alias: "record",
		where: "registration_id IN (SELECT id FROM ? WHERE person_id = (SELECT person_id FROM ? WHERE id = ?))", tables: []string{"registrations", "records"}}
	// A record's own people (ofRecordsPeople): its exams officer's
	// registration and person, their oversights, and their overseers'
	// registrations and people, found through the oversights.
	eoRegistrationOfRecord = &read{table: "registrations", alias: "registration",
		where: "id = (SELECT registration_id FROM ? WHERE id = ?)", tables: []string{"records"}}
	overseerRegistrationsOfRecord = &read{table: "registrations", alias: "registration",
		where:  "id IN (SELECT overseer_registration_id FROM ? WHERE eo_registration_id = (SELECT registration_id FROM ? WHERE id = ?))",
		tables: []string{"oversights", "records"}}
	eoOfRecord = &read{table: "people", alias: "person",
		where: "id = (SELECT person_id FROM ? WHERE id = ?)", tables: []string{"records"}}
	overseersOfRecord = &read{table: "people", alias: "person",
		where:  "id IN (SELECT person_id FROM ? WHERE id IN (SELECT overseer_registration_id FROM ? WHERE eo_registration_id = (SELECT registration_id FROM ? WHERE id = ?)))",
		tables: []string{"registrations", "oversights", "records"}}
	oversightsOfRecord = &read{table: "oversights", alias: "oversight",
		where: "eo_registration_id = (SELECT registration_id FROM ? WHERE id = ?)", tables: []string{"records"}}
	peopleOfCentreYear = &read{table: "people", alias: "person",
		where: "id IN (SELECT person_id FROM ? WHERE centre_id = ? AND year = ?)", tables: []string{"registrations"}}
	leadsOfCentresTrust = &read{table: "trust_leads", alias: "trust_lead",
		where: "trust_id = (SELECT trust_id FROM ? WHERE id = ?)", tables: []string{"centres"}}
	peopleLeadingCentresTrust = &read{table: "people", alias: "person",
		where: "id IN (SELECT person_id FROM ? WHERE trust_id = (SELECT trust_id FROM ? WHERE id = ?))", tables: []string{"trust_leads", "centres"}}

	// A person's history, and where a viewer stands at its centres: the
	// registrations table, then the person (and the viewer).
	centresOfPerson = &read{table: "centres", alias: "centre",
		where: "id IN (SELECT centre_id FROM ? WHERE person_id = ?)", tables: []string{"registrations"}}
	recordsOfPerson = &read{table: "records", alias: "record",
		where: "registration_id IN (SELECT id FROM ? WHERE person_id = ?)", tables: []string{"registrations"}}
	// The reader of a person's history, by the host's key for them: an
	// address or id that is "" names nobody (an id not held is NULL).
	peopleOfKey             = &read{table: "people", alias: "person", where: "email = ? OR external_id = ?"}
	viewerAtCentresOfPerson = &read{table: "registrations", alias: "registration",
		where:  "centre_id IN (SELECT centre_id FROM ?0 WHERE person_id = ?2) AND person_id IN (SELECT id FROM ?1 WHERE email = ?3 OR external_id = ?4)",
		tables: []string{"registrations", "people"}}

	// A page of a centre's trail: the newest entries below a seq, found
	// through a derived table, as MySQL takes no LIMIT in a subquery of IN
	// itself.
	auditPageOfCentre = &read{table: "audit_entries", alias: "audit_entry",
		where: "seq IN (SELECT seq FROM (SELECT seq FROM ? WHERE centre_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) AS page)", tables: []string{"audit_entries"}}

	peopleLeadingTrust = &read{table: "people", alias: "person",
		where: "id IN (SELECT person_id FROM ? WHERE trust_id = ?)", tables: []string{"trust_leads"}}
	requestsOfTrust = &read{table: "trust_requests", alias: "trust_request", where: "trust_id = ?"}

	centreYearsOfTrustYear   = &read{table: "centre_years", alias: "centre_year", where: inCentresOfTrust, tables: []string{"centres"}}
	registrationsOfTrustYear = &read{table: "registrations", alias: "registration", where: inCentresOfTrust, tables: []string{"centres"}}
	oversightsOfTrustYear    = &read{table: "oversights", alias: "oversight", where: inCentresOfTrust, tables: []string{"centres"}}
	recordsOfTrustYear       = &read{table: "records", alias: "record", where: inCentresOfTrust, tables: []string{"centres"}}

	targetsOfTrustYear        = &read{table: "targets", alias: "target", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
	lastMeetingsOfTrustYear   = &read{table: "meetings", alias: "meeting", where: inRecordsOfTrust, tables: []string{"records", "centres"}, columns: lastMeetingColumns, group: []string{"record_id"}}
	supportActionsOfTrustYear = &read{table: "support_actions", alias: "support_action", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
	signaturesOfTrustYear     = &read{table: "signatures", alias: "signature", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
)

// inCentresOfTrust and inRecordsOfTrust find the rows of a trust's year
// through its centres now: the centres table (and the records table), then
// the trust and the year.
const (
	inCentresOfTrust = "centre_id IN (SELECT id FROM ? WHERE trust_id = ?) AND year = ?"
	inRecordsOfTrust = "record_id IN (SELECT id FROM ? WHERE centre_id IN (SELECT id FROM ? WHERE trust_id = ?) AND year = ?)"
)
